package hfhub

/*
#include <stdlib.h>
#include "hfhub.h"
*/
import "C"

import (
	"context"
	"encoding/json"
	"iter"
	"sync/atomic"
	"unsafe"
)

// livePagers counts pagers not yet freed (checked by the tests).
var livePagers atomic.Int64

// CallPager starts a listing operation (list_models, list_repo_tree, ...) by
// its Python name and keyword arguments and yields its items as raw JSON,
// fetching pages lazily. The pager is freed when the loop ends or breaks. An
// error ends the sequence. ctx is checked before each item.
func (c *Client) CallPager(ctx context.Context, method string, args any) iter.Seq2[json.RawMessage, error] {
	return func(yield func(json.RawMessage, error) bool) {
		if err := ctx.Err(); err != nil {
			yield(nil, &Error{Status: StatusCancelled, Kind: "Cancelled", Message: "cancelled", cause: err})
			return
		}
		cargs, err := marshalArgs(args)
		if err != nil {
			yield(nil, err)
			return
		}
		defer C.free(unsafe.Pointer(cargs))
		cmethod := C.CString(method)
		defer C.free(unsafe.Pointer(cmethod))

		var pager *C.hfhub_pager
		err = c.use(func(cl *C.hfhub_client) error {
			return do(context.Background(), nil, func(*C.hfhub_call_options) C.hfhub_status {
				return C.hfhub_api_call_pager(cl, cmethod, cargs, &pager)
			})
		})
		if err != nil {
			yield(nil, err)
			return
		}
		livePagers.Add(1)
		defer func() {
			C.hfhub_pager_free(pager)
			livePagers.Add(-1)
		}()

		for {
			if err := ctx.Err(); err != nil {
				yield(nil, &Error{Status: StatusCancelled, Kind: "Cancelled", Message: "listing cancelled", cause: err})
				return
			}
			maybeGC()
			var item *C.char
			var done bool
			err := do(context.Background(), nil, func(*C.hfhub_call_options) C.hfhub_status {
				st := C.hfhub_pager_next(pager, &item)
				if st == C.HFHUB_DONE {
					done = true
					return C.HFHUB_OK
				}
				return st
			})
			if err != nil {
				yield(nil, err)
				return
			}
			if done {
				return
			}
			if !yield(json.RawMessage(takeString(item)), nil) {
				return
			}
		}
	}
}

// listTyped decodes each item of a listing into T.
func listTyped[T any](c *Client, ctx context.Context, method string, args any) iter.Seq2[T, error] {
	return func(yield func(T, error) bool) {
		for raw, err := range c.CallPager(ctx, method, args) {
			var v T
			if err == nil {
				err = json.Unmarshal(raw, &v)
			}
			if !yield(v, err) || err != nil {
				return
			}
		}
	}
}
