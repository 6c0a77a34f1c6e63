package hfhub

import (
	"context"
	"iter"
	"maps"
	"time"
)

// args builds the keyword arguments of an operation, leaving out zero values.
type args map[string]any

func (a args) str(k, v string) args {
	if v != "" {
		a[k] = v
	}
	return a
}

func (a args) flag(k string, v bool) args {
	if v {
		a[k] = true
	}
	return a
}

func (a args) strs(k string, v []string) args {
	if v != nil {
		a[k] = v
	}
	return a
}

func (a args) num(k string, v int) args {
	if v != 0 {
		a[k] = v
	}
	return a
}

func (a args) extra(m map[string]any) args {
	maps.Copy(a, m)
	return a
}

// InfoOptions are the options of ModelInfo, DatasetInfo and SpaceInfo.
type InfoOptions struct {
	Revision      string
	FilesMetadata bool     // fill size, blob_id and lfs of the siblings
	Expand        []string // properties to return (Python's expand)
	Timeout       time.Duration
	Token         string         // overrides the client's token for this call
	Extra         map[string]any // further Python keyword arguments
}

func (o *InfoOptions) args(repoID string) args {
	a := args{"repo_id": repoID}
	if o == nil {
		return a
	}
	if o.Timeout != 0 {
		a["timeout"] = o.Timeout.Seconds()
	}
	return a.str("revision", o.Revision).flag("files_metadata", o.FilesMetadata).
		strs("expand", o.Expand).str("token", o.Token).extra(o.Extra)
}

// ModelInfo returns a model's information (HfApi.model_info;
// GET /api/models/{repo_id}[/revision/{revision}]).
func (c *Client) ModelInfo(ctx context.Context, repoID string, opts *InfoOptions) (*ModelInfo, error) {
	var out ModelInfo
	if err := c.callInto(ctx, "model_info", opts.args(repoID), nil, &out); err != nil {
		return nil, err
	}
	return &out, nil
}

// DatasetInfo returns a dataset's information (HfApi.dataset_info;
// GET /api/datasets/{repo_id}[/revision/{revision}]).
func (c *Client) DatasetInfo(ctx context.Context, repoID string, opts *InfoOptions) (*DatasetInfo, error) {
	var out DatasetInfo
	if err := c.callInto(ctx, "dataset_info", opts.args(repoID), nil, &out); err != nil {
		return nil, err
	}
	return &out, nil
}

// SpaceInfo returns a Space's information (HfApi.space_info;
// GET /api/spaces/{repo_id}[/revision/{revision}]).
func (c *Client) SpaceInfo(ctx context.Context, repoID string, opts *InfoOptions) (*SpaceInfo, error) {
	var out SpaceInfo
	if err := c.callInto(ctx, "space_info", opts.args(repoID), nil, &out); err != nil {
		return nil, err
	}
	return &out, nil
}

// RepoOptions select a repository type and a token.
type RepoOptions struct {
	RepoType string // "model" (default), "dataset" or "space"
	Token    string
	Extra    map[string]any
}

func (o *RepoOptions) args(a args) args {
	if o == nil {
		return a
	}
	return a.str("repo_type", o.RepoType).str("token", o.Token).extra(o.Extra)
}

// RevisionOptions select a repository type, a revision and a token.
type RevisionOptions struct {
	RepoType string
	Revision string
	Token    string
	Extra    map[string]any
}

func (o *RevisionOptions) args(a args) args {
	if o == nil {
		return a
	}
	return a.str("repo_type", o.RepoType).str("revision", o.Revision).str("token", o.Token).extra(o.Extra)
}

// RepoExists reports whether a repository exists and is visible (HfApi.repo_exists;
// GET /api/{repo_type}s/{repo_id}).
func (c *Client) RepoExists(ctx context.Context, repoID string, opts *RepoOptions) (bool, error) {
	var out bool
	err := c.callInto(ctx, "repo_exists", opts.args(args{"repo_id": repoID}), nil, &out)
	return out, err
}

// FileExists reports whether a file exists in a repository (HfApi.file_exists;
// HEAD /{repo_id}/resolve/{revision}/{filename});
// a gated repository is an error matching ErrGated.
func (c *Client) FileExists(ctx context.Context, repoID, filename string, opts *RevisionOptions) (bool, error) {
	var out bool
	err := c.callInto(ctx, "file_exists", opts.args(args{"repo_id": repoID, "filename": filename}), nil, &out)
	return out, err
}

// ListModelsOptions filter HfApi.list_models.
type ListModelsOptions struct {
	Author   string
	Search   string
	Filter   []string
	Sort     string // e.g. "downloads", "likes", "last_modified"
	Limit    int
	Full     bool
	CardData bool
	Token    string
	Extra    map[string]any // further keyword arguments (pipeline_tag, library, expand, ...)
}

// ListModels lists models lazily (HfApi.list_models; GET /api/models,
// following Link rel="next"). The pager behind the
// sequence is freed when the loop ends or breaks; an error ends the sequence.
func (c *Client) ListModels(ctx context.Context, opts *ListModelsOptions) iter.Seq2[ModelInfo, error] {
	return listTyped[ModelInfo](c, ctx, "list_models", opts.listArgs())
}

func (o *ListModelsOptions) listArgs() args {
	a := args{}
	if o != nil {
		a.str("author", o.Author).str("search", o.Search).strs("filter", o.Filter).
			str("sort", o.Sort).num("limit", o.Limit).flag("full", o.Full).
			flag("cardData", o.CardData).str("token", o.Token).extra(o.Extra)
	}
	return a
}

// ListRepoTreeOptions are the options of ListRepoTree.
type ListRepoTreeOptions struct {
	PathInRepo string
	Recursive  bool
	Expand     bool // fill last_commit and security
	RepoType   string
	Revision   string
	Token      string
	Extra      map[string]any
}

// ListRepoTree lists the files and folders of a repository lazily (HfApi.list_repo_tree;
// GET /api/{repo_type}s/{repo_id}/tree/{revision}[/{path}]).
func (c *Client) ListRepoTree(ctx context.Context, repoID string, opts *ListRepoTreeOptions) iter.Seq2[RepoTreeEntry, error] {
	a := args{"repo_id": repoID}
	if opts != nil {
		a.str("path_in_repo", opts.PathInRepo).flag("recursive", opts.Recursive).flag("expand", opts.Expand).
			str("repo_type", opts.RepoType).str("revision", opts.Revision).str("token", opts.Token).extra(opts.Extra)
	}
	return listTyped[RepoTreeEntry](c, ctx, "list_repo_tree", a)
}

// ListRepoFiles lists the paths of every file of a repository lazily (HfApi.list_repo_files;
// GET /api/{repo_type}s/{repo_id}/tree/{revision}?recursive=true).
func (c *Client) ListRepoFiles(ctx context.Context, repoID string, opts *RevisionOptions) iter.Seq2[string, error] {
	return listTyped[string](c, ctx, "list_repo_files", opts.args(args{"repo_id": repoID}))
}

// ListRepoCommits lists the commits of a revision, newest first, lazily (HfApi.list_repo_commits;
// GET /api/{repo_type}s/{repo_id}/commits/{revision}).
func (c *Client) ListRepoCommits(ctx context.Context, repoID string, opts *RevisionOptions) iter.Seq2[GitCommitInfo, error] {
	return listTyped[GitCommitInfo](c, ctx, "list_repo_commits", opts.args(args{"repo_id": repoID}))
}

// ListRepoRefsOptions are the options of ListRepoRefs.
type ListRepoRefsOptions struct {
	RepoType            string
	IncludePullRequests bool
	Token               string
	Extra               map[string]any
}

// ListRepoRefs returns the branches, tags and converts (and pull-request refs
// when asked) of a repository (HfApi.list_repo_refs; GET /api/{repo_type}s/{repo_id}/refs).
func (c *Client) ListRepoRefs(ctx context.Context, repoID string, opts *ListRepoRefsOptions) (*GitRefs, error) {
	a := args{"repo_id": repoID}
	if opts != nil {
		a.str("repo_type", opts.RepoType).flag("include_pull_requests", opts.IncludePullRequests).
			str("token", opts.Token).extra(opts.Extra)
	}
	var out GitRefs
	if err := c.callInto(ctx, "list_repo_refs", a, nil, &out); err != nil {
		return nil, err
	}
	return &out, nil
}

// Whoami returns the account of the client's token (HfApi.whoami;
// GET /api/whoami-v2); without a
// token it fails with ErrUnauthorized.
func (c *Client) Whoami(ctx context.Context) (*WhoAmI, error) {
	var out WhoAmI
	if err := c.callInto(ctx, "whoami", nil, nil, &out); err != nil {
		return nil, err
	}
	return &out, nil
}

// DownloadOptions are the options of HfHubDownload.
type DownloadOptions struct {
	Subfolder      string
	RepoType       string
	Revision       string
	CacheDir       string // overrides the client's cache
	LocalDir       string // download into this folder instead of the cache
	ForceDownload  bool
	LocalFilesOnly bool // never touch the network
	Token          string
	Progress       ProgressFunc
	Extra          map[string]any // further keyword arguments (etag_timeout, ...)
}

// HfHubDownload downloads one file into the cache shared with Python (or
// LocalDir) and returns its path (Python's hf_hub_download; HEAD then
// GET /{repo_id}/resolve/{revision}/{filename}). Cancelling ctx
// stops the download promptly and leaves no partial file in the cache.
func (c *Client) HfHubDownload(ctx context.Context, repoID, filename string, opts *DownloadOptions) (string, error) {
	a := args{"repo_id": repoID, "filename": filename}
	var progress ProgressFunc
	if opts != nil {
		a.str("subfolder", opts.Subfolder).str("repo_type", opts.RepoType).str("revision", opts.Revision).
			str("cache_dir", opts.CacheDir).str("local_dir", opts.LocalDir).flag("force_download", opts.ForceDownload).
			flag("local_files_only", opts.LocalFilesOnly).str("token", opts.Token).extra(opts.Extra)
		progress = opts.Progress
	}
	var path string
	err := c.callInto(ctx, "hf_hub_download", a, progress, &path)
	return path, err
}

// SnapshotDownloadOptions are the options of SnapshotDownload.
type SnapshotDownloadOptions struct {
	RepoType       string
	Revision       string
	AllowPatterns  []string
	IgnorePatterns []string
	CacheDir       string
	LocalDir       string
	ForceDownload  bool
	LocalFilesOnly bool
	MaxWorkers     int
	Token          string
	Progress       ProgressFunc
	Extra          map[string]any
}

// SnapshotDownload downloads the files of a revision (filtered by the
// patterns) and returns the snapshot folder (Python's snapshot_download; GET /api/{repo_type}s/{repo_id}/revision/{revision},
// then the resolve URL of each file).
func (c *Client) SnapshotDownload(ctx context.Context, repoID string, opts *SnapshotDownloadOptions) (string, error) {
	a := args{"repo_id": repoID}
	var progress ProgressFunc
	if opts != nil {
		a.str("repo_type", opts.RepoType).str("revision", opts.Revision).
			strs("allow_patterns", opts.AllowPatterns).strs("ignore_patterns", opts.IgnorePatterns).
			str("cache_dir", opts.CacheDir).str("local_dir", opts.LocalDir).flag("force_download", opts.ForceDownload).
			flag("local_files_only", opts.LocalFilesOnly).num("max_workers", opts.MaxWorkers).
			str("token", opts.Token).extra(opts.Extra)
		progress = opts.Progress
	}
	var path string
	err := c.callInto(ctx, "snapshot_download", a, progress, &path)
	return path, err
}

// ListDatasets lists datasets lazily (HfApi.list_datasets;
// GET /api/datasets); opts as
// ListModels (Extra carries dataset-specific keyword arguments).
func (c *Client) ListDatasets(ctx context.Context, opts *ListModelsOptions) iter.Seq2[DatasetInfo, error] {
	return listTyped[DatasetInfo](c, ctx, "list_datasets", opts.listArgs())
}

// ListSpaces lists Spaces lazily (HfApi.list_spaces; GET /api/spaces); opts as ListModels.
func (c *Client) ListSpaces(ctx context.Context, opts *ListModelsOptions) iter.Seq2[SpaceInfo, error] {
	return listTyped[SpaceInfo](c, ctx, "list_spaces", opts.listArgs())
}

// RevisionExists reports whether a revision (branch, tag, commit) exists (HfApi.revision_exists;
// GET /api/{repo_type}s/{repo_id}/revision/{revision}).
func (c *Client) RevisionExists(ctx context.Context, repoID, revision string, opts *RepoOptions) (bool, error) {
	var out bool
	err := c.callInto(ctx, "revision_exists", opts.args(args{"repo_id": repoID, "revision": revision}), nil, &out)
	return out, err
}
