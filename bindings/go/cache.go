package hfhub

import (
	"context"
	"encoding/json"
	"fmt"
	"time"
)

// The cache types mirror Python's huggingface_hub.HFCacheInfo and friends.
// Times are seconds since the Unix epoch, as in Python; the Time methods
// convert them.

// CachedFileInfo is one file of a cached revision.
type CachedFileInfo struct {
	FileName         string  `json:"file_name"`
	FilePath         string  `json:"file_path"` // in the snapshot folder
	BlobPath         string  `json:"blob_path"`
	SizeOnDisk       int64   `json:"size_on_disk"`
	BlobLastAccessed float64 `json:"blob_last_accessed"`
	BlobLastModified float64 `json:"blob_last_modified"`
}

// CachedRevisionInfo is one cached revision (a snapshot) of a repository.
type CachedRevisionInfo struct {
	CommitHash   string           `json:"commit_hash"`
	SnapshotPath string           `json:"snapshot_path"`
	SizeOnDisk   int64            `json:"size_on_disk"`
	Files        []CachedFileInfo `json:"files"`
	Refs         []string         `json:"refs"` // branches and tags pointing to it
	LastModified float64          `json:"last_modified"`
	NbFiles      int              `json:"nb_files"`
}

// LastModifiedTime returns LastModified as a time.
func (r *CachedRevisionInfo) LastModifiedTime() time.Time { return unixSeconds(r.LastModified) }

// CachedRepoInfo is one cached repository.
type CachedRepoInfo struct {
	RepoID       string               `json:"repo_id"`
	RepoType     string               `json:"repo_type"`
	RepoPath     string               `json:"repo_path"`
	SizeOnDisk   int64                `json:"size_on_disk"`
	NbFiles      int                  `json:"nb_files"`
	Revisions    []CachedRevisionInfo `json:"revisions"`
	LastAccessed float64              `json:"last_accessed"`
	LastModified float64              `json:"last_modified"`
	Refs         map[string]string    `json:"refs"` // ref name -> commit hash
}

// LastAccessedTime returns LastAccessed as a time.
func (r *CachedRepoInfo) LastAccessedTime() time.Time { return unixSeconds(r.LastAccessed) }

// CachedIncompleteFileInfo is a partial download left in the cache.
type CachedIncompleteFileInfo struct {
	FilePath   string `json:"file_path"`
	SizeOnDisk int64  `json:"size_on_disk"`
}

// HFCacheInfo is what ScanCacheDir found in the cache.
type HFCacheInfo struct {
	SizeOnDisk      int64                      `json:"size_on_disk"`
	Repos           []CachedRepoInfo           `json:"repos"`
	Warnings        []string                   `json:"warnings"`
	IncompleteFiles []CachedIncompleteFileInfo `json:"incomplete_files"`
}

// DeleteCacheStrategy is what DeleteRevisions deleted (or, with DryRun, would delete).
type DeleteCacheStrategy struct {
	ExpectedFreedSize int64    `json:"expected_freed_size"`
	Blobs             []string `json:"blobs"`
	Refs              []string `json:"refs"`
	Repos             []string `json:"repos"`
	Snapshots         []string `json:"snapshots"`
	Warnings          []string `json:"warnings"`
}

func unixSeconds(s float64) time.Time {
	return time.Unix(0, int64(s*float64(time.Second)))
}

// ScanCacheDir scans the cache ("" = the client's cache) and returns its
// repositories, revisions and files (Python's scan_cache_dir; no request). A
// missing folder fails with ErrOfflineMiss (kind "LocalEntryNotFound").
func (c *Client) ScanCacheDir(ctx context.Context, cacheDir string) (*HFCacheInfo, error) {
	return callTo[HFCacheInfo](c, ctx, "scan_cache_dir", args{}.str("cache_dir", cacheDir))
}

// DeleteRevisionsOptions are the options of DeleteRevisions.
type DeleteRevisionsOptions struct {
	CacheDir string // "" = the client's cache
	DryRun   bool   // only compute the plan
	Extra    map[string]any
}

// DeleteRevisions deletes cached revisions given by commit hash and returns
// what was deleted (Python's scan_cache_dir().delete_revisions(...).execute();
// no request).
func (c *Client) DeleteRevisions(ctx context.Context, revisions []string, opts *DeleteRevisionsOptions) (*DeleteCacheStrategy, error) {
	if revisions == nil {
		revisions = []string{}
	}
	a := args{"revisions": revisions}
	if opts != nil {
		a.str("cache_dir", opts.CacheDir).flag("dry_run", opts.DryRun).extra(opts.Extra)
	}
	return callTo[DeleteCacheStrategy](c, ctx, "delete_revisions", a)
}

// CachedFileState says what TryToLoadFromCache knows about a file.
type CachedFileState int

const (
	// NotCached: nothing is known locally.
	NotCached CachedFileState = iota
	// Cached: the file is in the cache, at the returned path.
	Cached
	// CachedNoExist: the Hub said the file does not exist at that revision.
	CachedNoExist
)

// TryToLoadFromCacheOptions are the options of TryToLoadFromCache.
type TryToLoadFromCacheOptions struct {
	CacheDir string
	Revision string
	RepoType string
	Extra    map[string]any
}

// TryToLoadFromCache looks a file up in the cache without any request
// (Python's try_to_load_from_cache): the path when it is cached.
func (c *Client) TryToLoadFromCache(ctx context.Context, repoID, filename string, opts *TryToLoadFromCacheOptions) (string, CachedFileState, error) {
	a := args{"repo_id": repoID, "filename": filename}
	if opts != nil {
		a.str("cache_dir", opts.CacheDir).str("revision", opts.Revision).str("repo_type", opts.RepoType).extra(opts.Extra)
	}
	raw, err := c.Call(ctx, "try_to_load_from_cache", a)
	if err != nil {
		return "", NotCached, err
	}
	var v any
	if err := json.Unmarshal(raw, &v); err != nil {
		return "", NotCached, err
	}
	switch x := v.(type) {
	case nil:
		return "", NotCached, nil
	case string:
		return x, Cached, nil
	case map[string]any:
		if x["_CACHED_NO_EXIST"] == true {
			return "", CachedNoExist, nil
		}
	}
	return "", NotCached, fmt.Errorf("hfhub: unexpected try_to_load_from_cache result %s", raw)
}
