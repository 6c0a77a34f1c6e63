package hfhub

import (
	"context"
	"encoding/json"
	"fmt"
	"time"
)

// RepoInfo is the result of RepoInfo: exactly one of Model, Dataset and Space
// is set, following the repository type asked for.
type RepoInfo struct {
	Model   *ModelInfo
	Dataset *DatasetInfo
	Space   *SpaceInfo
}

// ID returns the repository id.
func (r *RepoInfo) ID() string {
	switch {
	case r.Model != nil:
		return r.Model.ID
	case r.Dataset != nil:
		return r.Dataset.ID
	case r.Space != nil:
		return r.Space.ID
	}
	return ""
}

// RepoInfoOptions are the options of RepoInfo.
type RepoInfoOptions struct {
	RepoType      string // "model" (default), "dataset" or "space"
	Revision      string
	FilesMetadata bool
	Expand        []string
	Timeout       time.Duration
	Token         string
	Extra         map[string]any
}

// RepoInfo returns the information of a model, dataset or Space
// (HfApi.repo_info; GET /api/{repo_type}s/{repo_id}[/revision/{revision}]).
func (c *Client) RepoInfo(ctx context.Context, repoID string, opts *RepoInfoOptions) (*RepoInfo, error) {
	a := args{"repo_id": repoID}
	repoType := "model"
	if opts != nil {
		if opts.Timeout != 0 {
			a["timeout"] = opts.Timeout.Seconds()
		}
		a.str("repo_type", opts.RepoType).str("revision", opts.Revision).flag("files_metadata", opts.FilesMetadata).
			strs("expand", opts.Expand).str("token", opts.Token).extra(opts.Extra)
		if opts.RepoType != "" {
			repoType = opts.RepoType
		}
	}
	raw, err := c.Call(ctx, "repo_info", a)
	if err != nil {
		return nil, err
	}
	var out RepoInfo
	switch repoType {
	case "model":
		out.Model = new(ModelInfo)
		err = json.Unmarshal(raw, out.Model)
	case "dataset":
		out.Dataset = new(DatasetInfo)
		err = json.Unmarshal(raw, out.Dataset)
	case "space":
		out.Space = new(SpaceInfo)
		err = json.Unmarshal(raw, out.Space)
	default:
		err = fmt.Errorf("hfhub: unknown repo type %q", repoType)
	}
	if err != nil {
		return nil, err
	}
	return &out, nil
}

// RepoSettings is the answer of UpdateRepoVisibility.
type RepoSettings struct {
	Private    bool            `json:"private"`
	Visibility string          `json:"visibility"` // when the Hub sends it
	Gated      Gated           `json:"gated"`
	Raw        json.RawMessage `json:"-"`
}

// UnmarshalJSON decodes the object and keeps it in Raw.
func (s *RepoSettings) UnmarshalJSON(b []byte) error {
	type plain RepoSettings
	return unmarshalRaw(b, (*plain)(s), &s.Raw)
}

// UpdateRepoVisibility makes a repository private or public
// (HfApi.update_repo_visibility; PUT /api/{repo_type}s/{repo_id}/settings).
func (c *Client) UpdateRepoVisibility(ctx context.Context, repoID string, private bool, opts *RepoOptions) (*RepoSettings, error) {
	a := opts.args(args{"repo_id": repoID, "private": private})
	return callTo[RepoSettings](c, ctx, "update_repo_visibility", a)
}

// MoveRepo renames a repository or moves it to another namespace; both ids
// are "namespace/name" (HfApi.move_repo; POST /api/repos/move).
func (c *Client) MoveRepo(ctx context.Context, fromID, toID string, opts *RepoOptions) error {
	_, err := c.Call(ctx, "move_repo", opts.args(args{"from_id": fromID, "to_id": toID}))
	return err
}

// TagInfo is one tag of GetModelTags and GetDatasetTags.
type TagInfo struct {
	ID    string `json:"id"`
	Label string `json:"label"`
	Type  string `json:"type"`
}

// GetModelTags returns the tags models can have, by type ("pipeline_tag",
// "library", "language", "license", ...) (HfApi.get_model_tags;
// GET /api/models-tags-by-type).
func (c *Client) GetModelTags(ctx context.Context) (map[string][]TagInfo, error) {
	var out map[string][]TagInfo
	err := c.callInto(ctx, "get_model_tags", nil, nil, &out)
	return out, err
}

// GetDatasetTags returns the tags datasets can have, by type
// (HfApi.get_dataset_tags; GET /api/datasets-tags-by-type).
func (c *Client) GetDatasetTags(ctx context.Context) (map[string][]TagInfo, error) {
	var out map[string][]TagInfo
	err := c.callInto(ctx, "get_dataset_tags", nil, nil, &out)
	return out, err
}

// MetricInfo is one metric of ListMetrics.
type MetricInfo struct {
	ID          string `json:"id"`
	SpaceID     string `json:"space_id"`
	Description string `json:"description"`
}

// ListMetrics returns the evaluation metrics of the Hub (HfApi.list_metrics;
// GET /api/metrics).
func (c *Client) ListMetrics(ctx context.Context) ([]MetricInfo, error) {
	var out []MetricInfo
	err := c.callInto(ctx, "list_metrics", nil, nil, &out)
	return out, err
}

// RepoSettingsUpdate is the change UpdateRepoSettings makes; nil fields are left as they are.
type RepoSettingsUpdate struct {
	// Gated is "auto", "manual" or "" (not gated).
	Gated *Gated
	// Private makes the repository private (true) or public (false).
	Private *bool
}

// UpdateRepoSettings changes a repository's gating and/or visibility
// (HfApi.update_repo_settings; PUT /api/{repo_type}s/{repo_id}/settings).
// At least one setting must be given.
func (c *Client) UpdateRepoSettings(ctx context.Context, repoID string, change RepoSettingsUpdate, opts *RepoOptions) error {
	a := args{"repo_id": repoID}
	if change.Gated != nil {
		a["gated"] = *change.Gated
	}
	if change.Private != nil {
		a["private"] = *change.Private
	}
	_, err := c.Call(ctx, "update_repo_settings", opts.args(a))
	return err
}
