package hfhub

import (
	"context"
	"time"
)

// The stages of a Space's runtime (SpaceRuntime.Stage) this package names.
const (
	SpaceStageNoAppFile = "NO_APP_FILE"
	SpaceStageBuilding  = "BUILDING"
	SpaceStageRunning   = "RUNNING"
	SpaceStagePaused    = "PAUSED"
	SpaceStageSleeping  = "SLEEPING"
)

// SpaceVariable is an environment variable of a Space.
type SpaceVariable struct {
	Key         string    `json:"key"`
	Value       string    `json:"value"`
	Description string    `json:"description"`
	UpdatedAt   time.Time `json:"updated_at"`
}

// SpaceKeyValue is a secret or variable given to DuplicateSpace.
type SpaceKeyValue struct {
	Key         string `json:"key"`
	Value       string `json:"value"`
	Description string `json:"description,omitempty"`
}

// GetSpaceRuntime returns the runtime of a Space (HfApi.get_space_runtime;
// GET /api/spaces/{repo_id}/runtime).
func (c *Client) GetSpaceRuntime(ctx context.Context, repoID string) (*SpaceRuntime, error) {
	return callTo[SpaceRuntime](c, ctx, "get_space_runtime", args{"repo_id": repoID})
}

// RequestSpaceHardwareOptions are the options of RequestSpaceHardware.
type RequestSpaceHardwareOptions struct {
	SleepTime *int // seconds of inactivity before the Space sleeps; -1 = never
	Token     string
	Extra     map[string]any
}

// RequestSpaceHardware asks for a hardware flavor, e.g. "t4-small"
// (HfApi.request_space_hardware; POST /api/spaces/{repo_id}/hardware).
func (c *Client) RequestSpaceHardware(ctx context.Context, repoID, hardware string, opts *RequestSpaceHardwareOptions) (*SpaceRuntime, error) {
	a := args{"repo_id": repoID, "hardware": hardware}
	if opts != nil {
		if opts.SleepTime != nil {
			a["sleep_time"] = *opts.SleepTime
		}
		a.str("token", opts.Token).extra(opts.Extra)
	}
	return callTo[SpaceRuntime](c, ctx, "request_space_hardware", a)
}

// SetSpaceSleepTime sets the seconds of inactivity before the Space sleeps
// (-1 = never; HfApi.set_space_sleep_time; POST /api/spaces/{repo_id}/sleeptime).
func (c *Client) SetSpaceSleepTime(ctx context.Context, repoID string, seconds int) (*SpaceRuntime, error) {
	return callTo[SpaceRuntime](c, ctx, "set_space_sleep_time", args{"repo_id": repoID, "sleep_time": seconds})
}

// PauseSpace pauses a Space (HfApi.pause_space; POST /api/spaces/{repo_id}/pause).
func (c *Client) PauseSpace(ctx context.Context, repoID string) (*SpaceRuntime, error) {
	return callTo[SpaceRuntime](c, ctx, "pause_space", args{"repo_id": repoID})
}

// RestartSpaceOptions are the options of RestartSpace.
type RestartSpaceOptions struct {
	FactoryReboot bool // rebuild from scratch, without caches
	Token         string
	Extra         map[string]any
}

// RestartSpace restarts (or wakes) a Space (HfApi.restart_space;
// POST /api/spaces/{repo_id}/restart).
func (c *Client) RestartSpace(ctx context.Context, repoID string, opts *RestartSpaceOptions) (*SpaceRuntime, error) {
	a := args{"repo_id": repoID}
	if opts != nil {
		a.flag("factory_reboot", opts.FactoryReboot).str("token", opts.Token).extra(opts.Extra)
	}
	return callTo[SpaceRuntime](c, ctx, "restart_space", a)
}

// RequestSpaceStorage asks for persistent storage: "small", "medium" or
// "large" (HfApi.request_space_storage; POST /api/spaces/{repo_id}/storage).
func (c *Client) RequestSpaceStorage(ctx context.Context, repoID, storage string) (*SpaceRuntime, error) {
	return callTo[SpaceRuntime](c, ctx, "request_space_storage", args{"repo_id": repoID, "storage": storage})
}

// DeleteSpaceStorage deletes the persistent storage of a Space
// (HfApi.delete_space_storage; DELETE /api/spaces/{repo_id}/storage).
func (c *Client) DeleteSpaceStorage(ctx context.Context, repoID string) (*SpaceRuntime, error) {
	return callTo[SpaceRuntime](c, ctx, "delete_space_storage", args{"repo_id": repoID})
}

// SpaceKeyOptions are the options of AddSpaceSecret and AddSpaceVariable.
type SpaceKeyOptions struct {
	Description string
	Token       string
	Extra       map[string]any
}

func (o *SpaceKeyOptions) args(a args) args {
	if o == nil {
		return a
	}
	return a.str("description", o.Description).str("token", o.Token).extra(o.Extra)
}

// AddSpaceSecret adds or replaces a secret; the Hub never returns secret
// values (HfApi.add_space_secret; POST /api/spaces/{repo_id}/secrets).
func (c *Client) AddSpaceSecret(ctx context.Context, repoID, key, value string, opts *SpaceKeyOptions) error {
	_, err := c.Call(ctx, "add_space_secret", opts.args(args{"repo_id": repoID, "key": key, "value": value}))
	return err
}

// DeleteSpaceSecret deletes a secret (HfApi.delete_space_secret;
// DELETE /api/spaces/{repo_id}/secrets).
func (c *Client) DeleteSpaceSecret(ctx context.Context, repoID, key string) error {
	_, err := c.Call(ctx, "delete_space_secret", args{"repo_id": repoID, "key": key})
	return err
}

// GetSpaceVariables returns the variables of a Space by key
// (HfApi.get_space_variables; GET /api/spaces/{repo_id}/variables).
func (c *Client) GetSpaceVariables(ctx context.Context, repoID string) (map[string]SpaceVariable, error) {
	var out map[string]SpaceVariable
	err := c.callInto(ctx, "get_space_variables", args{"repo_id": repoID}, nil, &out)
	return out, err
}

// AddSpaceVariable adds or replaces a variable and returns every variable
// (HfApi.add_space_variable; POST /api/spaces/{repo_id}/variables).
func (c *Client) AddSpaceVariable(ctx context.Context, repoID, key, value string, opts *SpaceKeyOptions) (map[string]SpaceVariable, error) {
	var out map[string]SpaceVariable
	err := c.callInto(ctx, "add_space_variable", opts.args(args{"repo_id": repoID, "key": key, "value": value}), nil, &out)
	return out, err
}

// DeleteSpaceVariable deletes a variable and returns the remaining ones
// (HfApi.delete_space_variable; DELETE /api/spaces/{repo_id}/variables).
func (c *Client) DeleteSpaceVariable(ctx context.Context, repoID, key string) (map[string]SpaceVariable, error) {
	var out map[string]SpaceVariable
	err := c.callInto(ctx, "delete_space_variable", args{"repo_id": repoID, "key": key}, nil, &out)
	return out, err
}

// DuplicateSpaceOptions are the options of DuplicateSpace.
type DuplicateSpaceOptions struct {
	ToID      string // "" = the source's name in the token's namespace
	Private   *bool  // nil = the source's visibility
	ExistOK   bool
	Hardware  string
	Storage   string
	SleepTime *int
	Secrets   []SpaceKeyValue
	Variables []SpaceKeyValue
	Token     string
	Extra     map[string]any
}

// DuplicateSpace copies a Space (HfApi.duplicate_space;
// POST /api/spaces/{from_id}/duplicate).
func (c *Client) DuplicateSpace(ctx context.Context, fromID string, opts *DuplicateSpaceOptions) (*RepoURL, error) {
	a := args{"from_id": fromID}
	if opts != nil {
		a.str("to_id", opts.ToID).flag("exist_ok", opts.ExistOK).str("hardware", opts.Hardware).
			str("storage", opts.Storage).str("token", opts.Token)
		if opts.Private != nil {
			a["private"] = *opts.Private
		}
		if opts.SleepTime != nil {
			a["sleep_time"] = *opts.SleepTime
		}
		if opts.Secrets != nil {
			a["secrets"] = opts.Secrets
		}
		if opts.Variables != nil {
			a["variables"] = opts.Variables
		}
		a.extra(opts.Extra)
	}
	return callTo[RepoURL](c, ctx, "duplicate_space", a)
}
