package hfhub

import (
	"context"
	"encoding/json"
	"time"
)

// InferenceEndpointStatus is the state of an Inference Endpoint.
type InferenceEndpointStatus string

// The states of an Inference Endpoint.
const (
	EndpointPending      InferenceEndpointStatus = "pending"
	EndpointInitializing InferenceEndpointStatus = "initializing"
	EndpointUpdating     InferenceEndpointStatus = "updating"
	EndpointUpdateFailed InferenceEndpointStatus = "updateFailed"
	EndpointRunning      InferenceEndpointStatus = "running"
	EndpointPaused       InferenceEndpointStatus = "paused"
	EndpointFailed       InferenceEndpointStatus = "failed"
	EndpointScaledToZero InferenceEndpointStatus = "scaledToZero"
)

// InferenceEndpoint is a deployed model (Python's huggingface_hub.InferenceEndpoint).
// The client reaches the Inference Endpoints API at Options.Extra["inference_endpoints_url"]
// (default https://api.endpoints.huggingface.cloud/v2).
type InferenceEndpoint struct {
	Name       string                  `json:"name"`
	Namespace  string                  `json:"namespace"`
	Repository string                  `json:"repository"`
	Status     InferenceEndpointStatus `json:"status"`
	URL        string                  `json:"url"` // "" until running
	Framework  string                  `json:"framework"`
	Revision   string                  `json:"revision"`
	Task       string                  `json:"task"`
	CreatedAt  time.Time               `json:"created_at"`
	UpdatedAt  time.Time               `json:"updated_at"`
	Type       string                  `json:"type"` // "public", "protected" or "private"
	Raw        json.RawMessage         `json:"raw"`  // the API's object (compute, provider, status, ...)
}

// EndpointOptions select the namespace of an Inference Endpoint.
type EndpointOptions struct {
	Namespace string // "" = the token's user; ListInferenceEndpoints also takes "*" (the user and every org)
	Token     string
	Extra     map[string]any
}

func (o *EndpointOptions) args(a args) args {
	if o == nil {
		return a
	}
	return a.str("namespace", o.Namespace).str("token", o.Token).extra(o.Extra)
}

// ListInferenceEndpoints lists the Inference Endpoints of a namespace
// (HfApi.list_inference_endpoints; GET {endpoints_url}/endpoint/{namespace}).
func (c *Client) ListInferenceEndpoints(ctx context.Context, opts *EndpointOptions) ([]InferenceEndpoint, error) {
	var out []InferenceEndpoint
	if err := c.callInto(ctx, "list_inference_endpoints", opts.args(args{}), nil, &out); err != nil {
		return nil, err
	}
	return out, nil
}

// CreateInferenceEndpointOptions describe a new Inference Endpoint: the first
// seven fields are required.
type CreateInferenceEndpointOptions struct {
	Repository   string // model repo id
	Framework    string // e.g. "pytorch"
	Accelerator  string // "cpu" or "gpu"
	InstanceSize string // e.g. "x1"
	InstanceType string // e.g. "intel-icl"
	Region       string // e.g. "us-east-1"
	Vendor       string // e.g. "aws"

	AccountID   string
	MinReplica  *int
	MaxReplica  *int
	Revision    string // "" = the model's main commit
	Task        string
	CustomImage map[string]any // e.g. {"url": ..., "health_route": ...}
	Type        string         // "public", "protected" (default) or "private"
	Namespace   string
	Token       string
	Extra       map[string]any
}

// CreateInferenceEndpoint deploys a model (HfApi.create_inference_endpoint;
// POST {endpoints_url}/endpoint/{namespace}). A missing required field fails
// with ErrInvalidArgument before any request.
func (c *Client) CreateInferenceEndpoint(ctx context.Context, name string, opts *CreateInferenceEndpointOptions) (*InferenceEndpoint, error) {
	if opts == nil {
		opts = &CreateInferenceEndpointOptions{}
	}
	for _, f := range []struct{ name, v string }{{"name", name}, {"Repository", opts.Repository},
		{"Framework", opts.Framework}, {"Accelerator", opts.Accelerator}, {"InstanceSize", opts.InstanceSize},
		{"InstanceType", opts.InstanceType}, {"Region", opts.Region}, {"Vendor", opts.Vendor}} {
		if f.v == "" {
			return nil, &Error{Status: StatusInvalidArgument, Kind: "InvalidInput",
				Message: "create_inference_endpoint: " + f.name + " is required"}
		}
	}
	a := args{"name": name, "repository": opts.Repository, "framework": opts.Framework,
		"accelerator": opts.Accelerator, "instance_size": opts.InstanceSize, "instance_type": opts.InstanceType,
		"region": opts.Region, "vendor": opts.Vendor}
	a.str("account_id", opts.AccountID).str("revision", opts.Revision).str("task", opts.Task).
		str("type", opts.Type).str("namespace", opts.Namespace).str("token", opts.Token)
	if opts.MinReplica != nil {
		a["min_replica"] = *opts.MinReplica
	}
	if opts.MaxReplica != nil {
		a["max_replica"] = *opts.MaxReplica
	}
	if opts.CustomImage != nil {
		a["custom_image"] = opts.CustomImage
	}
	a.extra(opts.Extra)
	return callTo[InferenceEndpoint](c, ctx, "create_inference_endpoint", a)
}

// GetInferenceEndpoint returns an Inference Endpoint (HfApi.get_inference_endpoint;
// GET {endpoints_url}/endpoint/{namespace}/{name}).
func (c *Client) GetInferenceEndpoint(ctx context.Context, name string, opts *EndpointOptions) (*InferenceEndpoint, error) {
	return callTo[InferenceEndpoint](c, ctx, "get_inference_endpoint", opts.args(args{"name": name}))
}

// UpdateInferenceEndpointOptions are the changes UpdateInferenceEndpoint makes;
// zero values are left unchanged.
type UpdateInferenceEndpointOptions struct {
	Accelerator  string
	InstanceSize string
	InstanceType string
	MinReplica   *int
	MaxReplica   *int
	Repository   string
	Framework    string
	Revision     string
	Task         string
	Namespace    string
	Token        string
	Extra        map[string]any
}

// UpdateInferenceEndpoint changes the compute or model of an Inference Endpoint
// (HfApi.update_inference_endpoint; PUT {endpoints_url}/endpoint/{namespace}/{name}).
func (c *Client) UpdateInferenceEndpoint(ctx context.Context, name string, opts *UpdateInferenceEndpointOptions) (*InferenceEndpoint, error) {
	a := args{"name": name}
	if opts != nil {
		a.str("accelerator", opts.Accelerator).str("instance_size", opts.InstanceSize).
			str("instance_type", opts.InstanceType).str("repository", opts.Repository).
			str("framework", opts.Framework).str("revision", opts.Revision).str("task", opts.Task).
			str("namespace", opts.Namespace).str("token", opts.Token)
		if opts.MinReplica != nil {
			a["min_replica"] = *opts.MinReplica
		}
		if opts.MaxReplica != nil {
			a["max_replica"] = *opts.MaxReplica
		}
		a.extra(opts.Extra)
	}
	return callTo[InferenceEndpoint](c, ctx, "update_inference_endpoint", a)
}

// DeleteInferenceEndpoint deletes an Inference Endpoint (HfApi.delete_inference_endpoint;
// DELETE {endpoints_url}/endpoint/{namespace}/{name}).
func (c *Client) DeleteInferenceEndpoint(ctx context.Context, name string, opts *EndpointOptions) error {
	_, err := c.Call(ctx, "delete_inference_endpoint", opts.args(args{"name": name}))
	return err
}

// PauseInferenceEndpoint pauses an Inference Endpoint (HfApi.pause_inference_endpoint;
// POST {endpoints_url}/endpoint/{namespace}/{name}/pause).
func (c *Client) PauseInferenceEndpoint(ctx context.Context, name string, opts *EndpointOptions) (*InferenceEndpoint, error) {
	return callTo[InferenceEndpoint](c, ctx, "pause_inference_endpoint", opts.args(args{"name": name}))
}

// ResumeInferenceEndpoint resumes a paused Inference Endpoint
// (HfApi.resume_inference_endpoint; POST {endpoints_url}/endpoint/{namespace}/{name}/resume).
func (c *Client) ResumeInferenceEndpoint(ctx context.Context, name string, opts *EndpointOptions) (*InferenceEndpoint, error) {
	return callTo[InferenceEndpoint](c, ctx, "resume_inference_endpoint", opts.args(args{"name": name}))
}

// ScaleToZeroInferenceEndpoint scales an Inference Endpoint to zero replicas
// (HfApi.scale_to_zero_inference_endpoint;
// POST {endpoints_url}/endpoint/{namespace}/{name}/scale-to-zero).
func (c *Client) ScaleToZeroInferenceEndpoint(ctx context.Context, name string, opts *EndpointOptions) (*InferenceEndpoint, error) {
	return callTo[InferenceEndpoint](c, ctx, "scale_to_zero_inference_endpoint", opts.args(args{"name": name}))
}
