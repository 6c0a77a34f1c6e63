#!/usr/bin/env bash
# Builds what the Go package needs (the release static library, the debug
# hubsim) and runs its checks: gofmt, go vet, go test -race, and a GC stress run
# (GOGC=1, GODEBUG=cgocheck=1, build tag hfhub_gcstress: a full GC before every
# call on a handle); with HFHUB_GO_CGOCHECK2=1 also a GOEXPERIMENT=cgocheck2 run.
# Usage: bindings/go/test.sh [extra go test flags]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
target=${CARGO_TARGET_DIR:-$repo/target}

if ! command -v go >/dev/null 2>&1; then
  echo "bindings/go/test.sh: go not found (Go >= 1.24 is needed)" >&2
  exit 1
fi

cd "$repo"
cargo build --release --lib -p hfhub --quiet
cargo build -p hubsim --quiet

cd "$here"
# The package links $SRCDIR/../../target/release by default; follow CARGO_TARGET_DIR.
if [ "$target" != "$repo/target" ]; then
  export CGO_LDFLAGS="-L$target/release ${CGO_LDFLAGS:-}"
fi
export HUBSIM=${HUBSIM:-$target/debug/hubsim}

unformatted=$(gofmt -l .)
if [ -n "$unformatted" ]; then
  echo "bindings/go/test.sh: not gofmt-ed: $unformatted" >&2
  exit 1
fi
go vet ./...
go vet -tags hfhub_gcstress ./...

echo "== go test -race"
go test -race -count=1 "$@" ./...
echo "== GC stress: GOGC=1 GODEBUG=cgocheck=1 -tags hfhub_gcstress"
GOGC=1 GODEBUG=cgocheck=1 go test -tags hfhub_gcstress -count=1 "$@" ./...
if [ "${HFHUB_GO_CGOCHECK2:-0}" = 1 ]; then
  echo "== GOEXPERIMENT=cgocheck2 (full pointer checks; rebuilds the standard library once)"
  GOEXPERIMENT=cgocheck2 GOGC=1 go test -tags hfhub_gcstress -count=1 "$@" ./...
fi
