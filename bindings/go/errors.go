package hfhub

/*
#include "hfhub.h"
*/
import "C"

import (
	"encoding/json"
	"fmt"
	"time"
)

// Status is an hfhub_status code of the C interface.
type Status int32

// The status codes of the C interface (include/hfhub.h).
const (
	StatusOK              Status = C.HFHUB_OK
	StatusDone            Status = C.HFHUB_DONE
	StatusPending         Status = C.HFHUB_PENDING // a C background job still running (not used by this package)
	StatusInvalidArgument Status = C.HFHUB_ERR_INVALID_ARGUMENT
	StatusAuth            Status = C.HFHUB_ERR_AUTH
	StatusForbidden       Status = C.HFHUB_ERR_FORBIDDEN
	StatusNotFound        Status = C.HFHUB_ERR_NOT_FOUND
	StatusConflict        Status = C.HFHUB_ERR_CONFLICT
	StatusRateLimited     Status = C.HFHUB_ERR_RATE_LIMITED
	StatusHTTP            Status = C.HFHUB_ERR_HTTP
	StatusNetwork         Status = C.HFHUB_ERR_NETWORK
	StatusTimeout         Status = C.HFHUB_ERR_TIMEOUT
	StatusCancelled       Status = C.HFHUB_ERR_CANCELLED
	StatusIO              Status = C.HFHUB_ERR_IO
	StatusOfflineMiss     Status = C.HFHUB_ERR_OFFLINE_MISS
	StatusDecode          Status = C.HFHUB_ERR_DECODE
	StatusChecksum        Status = C.HFHUB_ERR_CHECKSUM
	StatusRemoteFailed    Status = C.HFHUB_ERR_REMOTE_FAILED
	StatusPanic           Status = C.HFHUB_ERR_PANIC
	StatusUnknown         Status = C.HFHUB_ERR_UNKNOWN
)

// String returns the C name of the status, e.g. "HFHUB_ERR_NOT_FOUND".
func (s Status) String() string {
	return C.GoString(C.hfhub_status_name(C.int32_t(s)))
}

// Error is the error of a failed hfhub call: the thread-local last error of
// the C interface, copied into Go.
type Error struct {
	Status        Status        // the status code returned
	Kind          string        // finer cause: RepoNotFound, RevisionNotFound, EntryNotFound, GatedRepo, ...
	Message       string        // one-line message
	HTTPStatus    int           // HTTP status of the failing response, 0 when none
	URL           string        // URL of the failing request
	RequestID     string        // X-Request-Id of the failing response
	ErrorCode     string        // X-Error-Code sent by the Hub
	ServerMessage string        // X-Error-Message / body error sent by the Hub
	RetryAfter    time.Duration // Retry-After of a 429, 0 when none

	cause error // context error or progress-callback error behind a cancellation
}

// Error implements error.
func (e *Error) Error() string {
	msg := e.Message
	if msg == "" {
		msg = e.Status.String()
	}
	if e.cause != nil {
		return "hfhub: " + msg + ": " + e.cause.Error()
	}
	return "hfhub: " + msg
}

// Unwrap returns the context error (context.Canceled,
// context.DeadlineExceeded) or the progress-callback error that cancelled the
// call, if any.
func (e *Error) Unwrap() error { return e.cause }

// Is reports whether e matches one of the sentinel errors of this package.
func (e *Error) Is(target error) bool {
	s, ok := target.(*sentinel)
	return ok && s.match(e)
}

type sentinel struct {
	msg   string
	match func(*Error) bool
}

func (s *sentinel) Error() string { return "hfhub: " + s.msg }

func kindIs(kinds ...string) func(*Error) bool {
	return func(e *Error) bool {
		for _, k := range kinds {
			if e.Kind == k {
				return true
			}
		}
		return false
	}
}

func statusIs(st Status) func(*Error) bool {
	return func(e *Error) bool { return e.Status == st }
}

// Sentinel errors, for errors.Is. An *Error matches every sentinel that
// applies: a gated repository is both ErrGated and ErrForbidden, a missing
// repository both ErrRepoNotFound and ErrNotFound.
var (
	ErrRepoNotFound     error = &sentinel{"repository not found", kindIs("RepoNotFound")}
	ErrRevisionNotFound error = &sentinel{"revision not found", kindIs("RevisionNotFound")}
	ErrEntryNotFound    error = &sentinel{"entry not found", kindIs("EntryNotFound")}
	// ErrNotFound matches every "not found": the repository, revision and
	// entry kinds (StatusNotFound) and any other HTTP 404 (an unknown
	// discussion, collection, user, endpoint, ...: StatusHTTP with HTTPStatus 404).
	ErrNotFound        error = &sentinel{"not found", func(e *Error) bool { return e.Status == StatusNotFound || e.HTTPStatus == 404 }}
	ErrGated           error = &sentinel{"gated repository", kindIs("GatedRepo")}
	ErrDisabled        error = &sentinel{"disabled repository", kindIs("DisabledRepo")}
	ErrUnauthorized    error = &sentinel{"unauthorized", statusIs(StatusAuth)}
	ErrForbidden       error = &sentinel{"forbidden", statusIs(StatusForbidden)}
	ErrConflict        error = &sentinel{"conflict", statusIs(StatusConflict)}
	ErrRateLimited     error = &sentinel{"rate limited", statusIs(StatusRateLimited)}
	ErrHTTP            error = &sentinel{"HTTP error", statusIs(StatusHTTP)}
	ErrNetwork         error = &sentinel{"network error", statusIs(StatusNetwork)}
	ErrTimeout         error = &sentinel{"timeout", statusIs(StatusTimeout)}
	ErrOfflineMiss     error = &sentinel{"not in the cache (offline)", statusIs(StatusOfflineMiss)}
	ErrInvalidArgument error = &sentinel{"invalid argument", statusIs(StatusInvalidArgument)}
	ErrCancelled       error = &sentinel{"cancelled", statusIs(StatusCancelled)}
	ErrIO              error = &sentinel{"I/O error", statusIs(StatusIO)}
	ErrChecksum        error = &sentinel{"checksum mismatch", statusIs(StatusChecksum)}
	// ErrClosed is returned by calls on a closed Client.
	ErrClosed error = &sentinel{"client is closed", func(*Error) bool { return false }}
)

// lastError copies the thread-local last error. The caller must hold the OS
// thread it made the failing call on (see do).
func lastError(st C.hfhub_status) *Error {
	e := &Error{Status: Status(st)}
	var d struct {
		Kind          string  `json:"kind"`
		Message       string  `json:"message"`
		HTTPStatus    *int    `json:"http_status"`
		URL           *string `json:"url"`
		RequestID     *string `json:"request_id"`
		ErrorCode     *string `json:"error_code"`
		ServerMessage *string `json:"server_message"`
		RetryAfterMS  *int64  `json:"retry_after_ms"`
	}
	if err := json.Unmarshal([]byte(C.GoString(C.hfhub_last_error_json())), &d); err != nil {
		e.Message = fmt.Sprintf("%s (unreadable error details: %v)", C.GoString(C.hfhub_last_error_message()), err)
		return e
	}
	e.Kind, e.Message = d.Kind, d.Message
	if e.Message == "" {
		e.Message = C.GoString(C.hfhub_last_error_message())
	}
	if d.HTTPStatus != nil {
		e.HTTPStatus = *d.HTTPStatus
	}
	str := func(p *string) string {
		if p == nil {
			return ""
		}
		return *p
	}
	e.URL, e.RequestID, e.ErrorCode, e.ServerMessage = str(d.URL), str(d.RequestID), str(d.ErrorCode), str(d.ServerMessage)
	if d.RetryAfterMS != nil {
		e.RetryAfter = time.Duration(*d.RetryAfterMS) * time.Millisecond
	}
	return e
}
