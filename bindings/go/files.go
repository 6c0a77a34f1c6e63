package hfhub

import (
	"context"
	"iter"
	"time"
)

// HfHubURLOptions are the options of HfHubURL.
type HfHubURLOptions struct {
	Subfolder string
	RepoType  string
	Revision  string
	Extra     map[string]any
}

// HfHubURL returns the resolve URL of a file,
// {endpoint}/{prefix}{repo_id}/resolve/{revision}/{path} (Python's hf_hub_url; no request).
func (c *Client) HfHubURL(ctx context.Context, repoID, filename string, opts *HfHubURLOptions) (string, error) {
	a := args{"repo_id": repoID, "filename": filename}
	if opts != nil {
		a.str("subfolder", opts.Subfolder).str("repo_type", opts.RepoType).str("revision", opts.Revision).extra(opts.Extra)
	}
	var out string
	err := c.callInto(ctx, "hf_hub_url", a, nil, &out)
	return out, err
}

// HfFileMetadata is what a HEAD on a resolve URL tells.
type HfFileMetadata struct {
	CommitHash string `json:"commit_hash"`
	ETag       string `json:"etag"`     // git blob sha1, or sha256 for LFS files
	Location   string `json:"location"` // where the content is (the CDN for LFS files)
	Size       *int64 `json:"size"`
}

// GetHfFileMetadata returns the commit, etag, size and location of a file
// from its resolve URL (see HfHubURL) without downloading it (Python's
// get_hf_file_metadata; HEAD {url}). timeout 0 = the client's.
func (c *Client) GetHfFileMetadata(ctx context.Context, url string, timeout time.Duration) (*HfFileMetadata, error) {
	a := args{"url": url}
	if timeout != 0 {
		a["timeout"] = timeout.Seconds()
	}
	return callTo[HfFileMetadata](c, ctx, "get_hf_file_metadata", a)
}

// GetPathsInfoOptions are the options of GetPathsInfo.
type GetPathsInfoOptions struct {
	Expand   bool // fill last_commit and security
	Revision string
	RepoType string
	Token    string
	Extra    map[string]any
}

// GetPathsInfo returns the files and folders at the given paths; missing
// paths are left out (HfApi.get_paths_info;
// POST /api/{repo_type}s/{repo_id}/paths-info/{revision}).
func (c *Client) GetPathsInfo(ctx context.Context, repoID string, paths []string, opts *GetPathsInfoOptions) ([]RepoTreeEntry, error) {
	if paths == nil {
		paths = []string{}
	}
	a := args{"repo_id": repoID, "paths": paths}
	if opts != nil {
		a.flag("expand", opts.Expand).str("revision", opts.Revision).str("repo_type", opts.RepoType).
			str("token", opts.Token).extra(opts.Extra)
	}
	var out []RepoTreeEntry
	if err := c.callInto(ctx, "get_paths_info", a, nil, &out); err != nil {
		return nil, err
	}
	return out, nil
}

// ListFilesInfoOptions are the options of ListFilesInfo.
type ListFilesInfoOptions struct {
	// Paths are files and folders to list (folders recursively); nil lists the whole repository.
	Paths    []string
	Expand   bool
	RepoType string
	Revision string
	Token    string
	Extra    map[string]any
}

// ListFilesInfo lists files lazily: those at Paths, with every file under a folder among
// them, or every file of the repository (HfApi.list_files_info, deprecated in Python 0.22;
// POST /api/{repo_type}s/{repo_id}/paths-info/{revision}, then
// GET /api/{repo_type}s/{repo_id}/tree/{revision}/{folder}?recursive=True per folder).
func (c *Client) ListFilesInfo(ctx context.Context, repoID string, opts *ListFilesInfoOptions) iter.Seq2[RepoFile, error] {
	a := args{"repo_id": repoID}
	if opts != nil {
		if opts.Paths != nil {
			a["paths"] = opts.Paths
		}
		a.flag("expand", opts.Expand).str("repo_type", opts.RepoType).str("revision", opts.Revision).
			str("token", opts.Token).extra(opts.Extra)
	}
	return listTyped[RepoFile](c, ctx, "list_files_info", a)
}
