package hfhub

// The cgo directives that link libhfhub statically.
//
// By default the package links target/release/libhfhub.a of the checkout it
// lives in (run `cargo build --release --lib` at the repository root first).
// CGO_LDFLAGS is placed before these flags by the go command, so
// `CGO_LDFLAGS=-L/some/dir` picks /some/dir/libhfhub.a instead (e.g.
// target/debug). With the build tag hfhub_custom_link the default flags are
// left out entirely and CGO_LDFLAGS must name the library and its native
// dependencies.
//
// The preamble references hfhub_abi_v1, a symbol whose name carries the ABI
// version, so linking against a library of another ABI fails at link time;
// init also compares hfhub_abi_version() with the header's HFHUB_ABI_VERSION.
//
// Memory rules (see README.md): strings passed in are C.CString copies freed
// by Go with C.free; strings returned by the library are freed with
// hfhub_string_free only; handles are freed by their *_free function;
// runtime.KeepAlive follows every C call on a handle owned by a Go object.

/*
#cgo CFLAGS: -I${SRCDIR}/../../include
#cgo linux,!hfhub_custom_link LDFLAGS: -L${SRCDIR}/../../target/release -l:libhfhub.a -lgcc_s -lutil -lrt -lpthread -lm -ldl -lc
#cgo darwin,!hfhub_custom_link LDFLAGS: -L${SRCDIR}/../../target/release -lhfhub -framework Security -framework CoreFoundation -lc -lm
#include <stdint.h>
#include <stdlib.h>
#include "hfhub.h"

// Implemented in Go (progress.go).
extern int32_t hfhubGoProgress(uintptr_t handle, struct hfhub_progress *event);

static int32_t hfhub_go_progress_trampoline(void *user_data, const struct hfhub_progress *event) {
	return hfhubGoProgress((uintptr_t)user_data, (struct hfhub_progress *)event);
}

// Fills call options; the cgo.Handle travels as an integer so that Go never
// fabricates an unsafe.Pointer from it.
void hfhub_go_call_options(hfhub_call_options *o, const hfhub_cancel_token *tok, uintptr_t progress_handle) {
	o->version = HFHUB_CALL_OPTIONS_VERSION;
	o->cancel = tok;
	o->progress = progress_handle ? hfhub_go_progress_trampoline : NULL;
	o->user_data = (void *)progress_handle;
}

static uint32_t hfhub_go_header_abi(void) { return HFHUB_ABI_VERSION; }
*/
import "C"

import "fmt"

// ABIVersion is the ABI version of the header this package was compiled against.
const ABIVersion = C.HFHUB_ABI_VERSION

func init() {
	C.hfhub_abi_v1() // link-time ABI check
	if got, want := uint32(C.hfhub_abi_version()), uint32(C.hfhub_go_header_abi()); got != want {
		panic(fmt.Sprintf("hfhub: libhfhub ABI version %d, but the Go package was built for %d", got, want))
	}
}

// Version returns the version of the linked libhfhub, e.g. "0.1.0".
func Version() string {
	return C.GoString(C.hfhub_version())
}
