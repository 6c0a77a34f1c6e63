package hfhub

import (
	"context"
	"testing"
)

// Bad arguments to the typed methods are typed errors, never panics.
func TestTypedMethodsRejectBadInput(t *testing.T) {
	c, _ := newClient(t, func(o *Options) {
		o.Extra = map[string]any{"inference_endpoints_url": hubURL + "/_endpoints/v2"}
	})
	ctx := context.Background()
	_, err := c.GetDiscussionDetails(ctx, tinyModel, -1, nil)
	wantIs(t, "negative discussion number", err, ErrInvalidArgument)
	_, err = c.GetCollection(ctx, "")
	wantIs(t, "empty collection slug", err, ErrInvalidArgument)
	_, err = c.CreateInferenceEndpoint(ctx, "go-bad-endpoint", nil)
	wantIs(t, "endpoint without a spec", err, ErrInvalidArgument)
	_, err = c.GetSafetensorsMetadata(ctx, "not a repo id", nil)
	wantIs(t, "invalid repo id", err, ErrInvalidArgument)
	_, err = c.CreateInferenceEndpoint(ctx, "go-bad-endpoint", &CreateInferenceEndpointOptions{Repository: tinyModel})
	wantIs(t, "endpoint without a framework", err, ErrInvalidArgument)
	// The server refuses an empty branch name (400).
	err = c.CreateBranch(ctx, tinyModel, "", nil)
	wantIs(t, "empty branch name", err, ErrHTTP)
	_, err = c.RepoInfo(ctx, tinyModel, &RepoInfoOptions{RepoType: "notebook"})
	wantIs(t, "unknown repo type", err, ErrInvalidArgument)
}
