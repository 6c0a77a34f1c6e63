package hfhub

import (
	"context"
	"slices"
	"strings"
	"testing"
)

func TestInferenceEndpoints(t *testing.T) {
	c, _ := newClient(t, func(o *Options) {
		o.Extra = map[string]any{"inference_endpoints_url": hubURL + "/_endpoints/v2"}
	})
	ctx := context.Background()
	const name = "go-endpoint"
	_ = c.DeleteInferenceEndpoint(ctx, name, nil)

	spec := &CreateInferenceEndpointOptions{Repository: tinyModel, Framework: "pytorch", Accelerator: "cpu",
		InstanceSize: "x1", InstanceType: "intel-icl", Region: "us-east-1", Vendor: "aws", Task: "text-generation"}
	ep, err := c.CreateInferenceEndpoint(ctx, name, spec)
	if err != nil {
		t.Fatal(err)
	}
	defer c.DeleteInferenceEndpoint(ctx, name, nil)
	if ep.Name != name || ep.Namespace != "alice" || ep.Repository != tinyModel || ep.Status != EndpointPending ||
		ep.URL != "" || ep.Framework != "pytorch" || len(ep.Revision) != 40 || ep.Task != "text-generation" ||
		ep.CreatedAt.IsZero() || ep.Type != "protected" || !strings.Contains(string(ep.Raw), `"instanceType":"intel-icl"`) {
		t.Fatalf("created endpoint: %+v", ep)
	}
	_, err = c.CreateInferenceEndpoint(ctx, name, spec)
	wantIs(t, "creating it twice", err, ErrConflict)

	list, err := c.ListInferenceEndpoints(ctx, nil)
	if err != nil || !slices.ContainsFunc(list, func(e InferenceEndpoint) bool { return e.Name == name }) {
		t.Fatalf("list: %+v, %v", list, err)
	}

	advanceClock(t, 31) // pending 10 s, initializing 20 s, then running
	ep, err = c.GetInferenceEndpoint(ctx, name, nil)
	if err != nil {
		t.Fatal(err)
	}
	if ep.Status != EndpointRunning || !strings.HasPrefix(ep.URL, "https://") {
		t.Fatalf("after 31 s: %+v", ep)
	}

	two := 2
	ep, err = c.UpdateInferenceEndpoint(ctx, name, &UpdateInferenceEndpointOptions{MaxReplica: &two, InstanceSize: "x2"})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(ep.Raw), `"maxReplica":2`) || !strings.Contains(string(ep.Raw), `"instanceSize":"x2"`) {
		t.Fatalf("updated endpoint: %s", ep.Raw)
	}

	if ep, err = c.ScaleToZeroInferenceEndpoint(ctx, name, nil); err != nil || ep.Status != EndpointScaledToZero {
		t.Fatalf("scale to zero: %+v, %v", ep, err)
	}
	if ep, err = c.PauseInferenceEndpoint(ctx, name, nil); err != nil || ep.Status != EndpointPaused || ep.URL != "" {
		t.Fatalf("pause: %+v, %v", ep, err)
	}
	_, err = c.ScaleToZeroInferenceEndpoint(ctx, name, nil)
	wantIs(t, "scaling a paused endpoint to zero", err, ErrHTTP)
	if ep, err = c.ResumeInferenceEndpoint(ctx, name, nil); err != nil || ep.Status != EndpointPending {
		t.Fatalf("resume: %+v, %v", ep, err)
	}

	if err := c.DeleteInferenceEndpoint(ctx, name, nil); err != nil {
		t.Fatal(err)
	}
	_, err = c.GetInferenceEndpoint(ctx, name, nil)
	wantIs(t, "deleted endpoint", err, ErrNotFound)
	_, err = c.GetInferenceEndpoint(ctx, "no-such-endpoint", &EndpointOptions{Namespace: "acme"})
	wantIs(t, "unknown endpoint", err, ErrNotFound)
}
