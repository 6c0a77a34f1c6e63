package hfhub

/*
#include <stdlib.h>
#include "hfhub.h"
*/
import "C"

import (
	"context"
	"encoding/json"
	"io"
	"maps"
	"runtime"
	"sync"
	"time"
	"unsafe"
)

// Options configure a Client; the zero value gives the library defaults
// without reading the environment (set FromEnv to start from HF_ENDPOINT,
// HF_TOKEN, HF_HOME, ... as Python's huggingface_hub does).
type Options struct {
	FromEnv  bool   // start from the environment, then apply the fields set here
	Endpoint string // Hub URL, default https://huggingface.co
	// Token is the access token. "" leaves the default (the environment or the
	// saved token when FromEnv, else none); see also NoToken.
	Token string
	// NoToken never sends a token (Python's token=False).
	NoToken              bool
	DisableImplicitToken bool
	Offline              bool
	CacheDir             string // hub cache, default $HF_HOME/hub
	HFHome               string
	TokenPath            string
	LibraryName          string
	LibraryVersion       string
	UserAgent            string
	Headers              map[string]string
	Proxy                string
	CABundle             string
	ConnectTimeout       time.Duration
	ReadTimeout          time.Duration
	RequestTimeout       time.Duration
	EtagTimeout          time.Duration
	DownloadTimeout      time.Duration
	// MaxRetries; nil leaves the default.
	MaxRetries *int
	// Extra carries further keys of the hfhub_client_new configuration JSON
	// (e.g. "retry_base_wait", "inference_endpoints_url"); they override the
	// fields above.
	Extra map[string]any
}

// configJSON returns the configuration JSON documented on hfhub_client_new.
func (o *Options) configJSON() ([]byte, error) {
	m := map[string]any{}
	set := func(k, v string) {
		if v != "" {
			m[k] = v
		}
	}
	secs := func(k string, d time.Duration) {
		if d != 0 {
			m[k] = d.Seconds()
		}
	}
	if o.FromEnv {
		m["from_env"] = true
	}
	set("endpoint", o.Endpoint)
	set("token", o.Token)
	if o.NoToken {
		m["token"] = false
	}
	if o.DisableImplicitToken {
		m["disable_implicit_token"] = true
	}
	if o.Offline {
		m["offline"] = true
	}
	set("cache_dir", o.CacheDir)
	set("hf_home", o.HFHome)
	set("token_path", o.TokenPath)
	set("library_name", o.LibraryName)
	set("library_version", o.LibraryVersion)
	set("user_agent", o.UserAgent)
	if len(o.Headers) > 0 {
		m["headers"] = o.Headers
	}
	set("proxy", o.Proxy)
	set("ca_bundle", o.CABundle)
	secs("connect_timeout", o.ConnectTimeout)
	secs("read_timeout", o.ReadTimeout)
	secs("request_timeout", o.RequestTimeout)
	secs("etag_timeout", o.EtagTimeout)
	secs("download_timeout", o.DownloadTimeout)
	if o.MaxRetries != nil {
		m["max_retries"] = *o.MaxRetries
	}
	maps.Copy(m, o.Extra)
	return json.Marshal(m)
}

// Client is a Hugging Face Hub client. It is safe for concurrent use by many
// goroutines. Close it when done; a finalizer closes a forgotten one.
type Client struct {
	mu  sync.RWMutex // calls hold it for reading, Close for writing
	ptr *C.hfhub_client
}

var _ io.Closer = (*Client)(nil)

// New creates a client from opts (nil = the defaults, environment not read).
func New(opts *Options) (*Client, error) {
	if opts == nil {
		opts = &Options{}
	}
	cfg, err := opts.configJSON()
	if err != nil {
		return nil, err
	}
	ccfg := C.CString(string(cfg))
	defer C.free(unsafe.Pointer(ccfg))
	var ptr *C.hfhub_client
	if err := do(context.Background(), nil, func(*C.hfhub_call_options) C.hfhub_status {
		return C.hfhub_client_new(ccfg, &ptr)
	}); err != nil {
		return nil, err
	}
	return wrapClient(ptr), nil
}

// NewFromEnv creates a client configured from the environment exactly as
// Python's huggingface_hub is (HF_ENDPOINT, HF_TOKEN, HF_HOME, HF_HUB_CACHE,
// HF_HUB_OFFLINE, ...).
func NewFromEnv() (*Client, error) {
	var ptr *C.hfhub_client
	if err := do(context.Background(), nil, func(*C.hfhub_call_options) C.hfhub_status {
		return C.hfhub_client_new_from_env(&ptr)
	}); err != nil {
		return nil, err
	}
	return wrapClient(ptr), nil
}

func wrapClient(ptr *C.hfhub_client) *Client {
	c := &Client{ptr: ptr}
	runtime.SetFinalizer(c, (*Client).Close)
	return c
}

// Close frees the client. It waits for calls in progress on other goroutines
// and is idempotent; later calls fail with ErrClosed. Listings already started
// stay usable.
func (c *Client) Close() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.ptr != nil {
		C.hfhub_client_free(c.ptr)
		c.ptr = nil
		runtime.SetFinalizer(c, nil)
	}
	return nil
}

// use runs fn with the live client handle, holding Close off meanwhile.
func (c *Client) use(fn func(*C.hfhub_client) error) error {
	c.mu.RLock()
	defer c.mu.RUnlock()
	if c.ptr == nil {
		return ErrClosed
	}
	maybeGC()
	err := fn(c.ptr)
	runtime.KeepAlive(c)
	return err
}

// marshalArgs turns args into a C JSON string (nil for nil args). args may be
// a struct, a map, a json.RawMessage or a []byte holding JSON.
func marshalArgs(args any) (*C.char, error) {
	var b []byte
	switch a := args.(type) {
	case nil:
		return nil, nil
	case json.RawMessage:
		b = a
	case []byte:
		b = a
	default:
		var err error
		if b, err = json.Marshal(args); err != nil {
			return nil, err
		}
	}
	return C.CString(string(b)), nil
}

// Call runs any operation of the Hub API by its Python HfApi name with its
// Python keyword arguments (a map or a struct marshalled to a JSON object),
// e.g. Call(ctx, "model_info", map[string]any{"repo_id": "gpt2"}). Listings
// return a JSON array of every item up to "limit"; see CallPager to page
// lazily. Cancelling ctx cancels the call.
func (c *Client) Call(ctx context.Context, method string, args any) (json.RawMessage, error) {
	return c.CallWithProgress(ctx, method, args, nil)
}

// CallWithProgress is Call with a progress func (honoured by downloads).
func (c *Client) CallWithProgress(ctx context.Context, method string, args any, progress ProgressFunc) (json.RawMessage, error) {
	cargs, err := marshalArgs(args)
	if err != nil {
		return nil, err
	}
	defer C.free(unsafe.Pointer(cargs))
	cmethod := C.CString(method)
	defer C.free(unsafe.Pointer(cmethod))
	var res *C.char
	err = c.use(func(cl *C.hfhub_client) error {
		return do(ctx, progress, func(opts *C.hfhub_call_options) C.hfhub_status {
			return C.hfhub_api_call(cl, cmethod, cargs, opts, &res)
		})
	})
	out := takeString(res)
	if err != nil {
		return nil, err
	}
	return json.RawMessage(out), nil
}

// callInto runs Call and unmarshals the result into out.
func (c *Client) callInto(ctx context.Context, method string, args any, progress ProgressFunc, out any) error {
	raw, err := c.CallWithProgress(ctx, method, args, progress)
	if err != nil {
		return err
	}
	return json.Unmarshal(raw, out)
}
