package hfhub

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"testing"
)

func TestCache(t *testing.T) {
	c, cache := newClient(t)
	ctx := context.Background()

	info, err := c.ScanCacheDir(ctx, "")
	if err != nil || len(info.Repos) != 0 || info.SizeOnDisk != 0 {
		t.Fatalf("empty cache: %+v, %v", info, err)
	}
	if _, state, err := c.TryToLoadFromCache(ctx, tinyModel, "config.json", nil); err != nil || state != NotCached {
		t.Fatalf("before downloading: %v, %v", state, err)
	}
	p1, err := c.HfHubDownload(ctx, tinyModel, "config.json", nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.HfHubDownload(ctx, tinyModel, "README.md", nil); err != nil {
		t.Fatal(err)
	}
	if _, err := c.HfHubDownload(ctx, tinyModel, "no-such-file.txt", nil); !isErr(err, ErrEntryNotFound) {
		t.Fatalf("downloading a missing file: %v", err)
	}
	meta, err := c.GetHfFileMetadata(ctx, hubURL+"/alice/tiny-model/resolve/main/config.json", 0)
	if err != nil {
		t.Fatal(err)
	}

	info, err = c.ScanCacheDir(ctx, cache)
	if err != nil {
		t.Fatal(err)
	}
	if len(info.Repos) != 1 || info.SizeOnDisk <= 0 {
		t.Fatalf("scan: %+v", info)
	}
	r := info.Repos[0]
	if r.RepoID != tinyModel || r.RepoType != "model" || r.NbFiles != 2 || r.Refs["main"] != meta.CommitHash ||
		r.RepoPath != filepath.Join(cache, "models--alice--tiny-model") || len(r.Revisions) != 1 || r.LastAccessedTime().IsZero() {
		t.Fatalf("cached repo: %+v", r)
	}
	rev := r.Revisions[0]
	if rev.CommitHash != meta.CommitHash || !slices.Equal(rev.Refs, []string{"main"}) || rev.NbFiles != 2 || len(rev.Files) != 2 ||
		rev.LastModifiedTime().IsZero() {
		t.Fatalf("cached revision: %+v", rev)
	}
	var cfg *CachedFileInfo
	for i := range rev.Files {
		if rev.Files[i].FileName == "config.json" {
			cfg = &rev.Files[i]
		}
	}
	if cfg == nil || cfg.FilePath != p1 || cfg.SizeOnDisk != 117 || cfg.BlobLastModified == 0 {
		t.Fatalf("cached file: %+v", cfg)
	}

	path, state, err := c.TryToLoadFromCache(ctx, tinyModel, "config.json", nil)
	if err != nil || state != Cached || path != p1 {
		t.Fatalf("cached config.json: %q %v %v", path, state, err)
	}
	if _, state, err = c.TryToLoadFromCache(ctx, tinyModel, "no-such-file.txt", nil); err != nil || state != CachedNoExist {
		t.Fatalf("file known to be missing: %v, %v", state, err)
	}
	if _, state, err = c.TryToLoadFromCache(ctx, tinyModel, "tokenizer.json", &TryToLoadFromCacheOptions{CacheDir: cache}); err != nil || state != NotCached {
		t.Fatalf("file never fetched: %v, %v", state, err)
	}

	unknown, err := c.DeleteRevisions(ctx, []string{"0123456789abcdef0123456789abcdef01234567"}, &DeleteRevisionsOptions{DryRun: true})
	if err != nil || len(unknown.Warnings) != 1 || unknown.ExpectedFreedSize != 0 || len(unknown.Repos) != 0 {
		t.Fatalf("plan for an unknown revision: %+v, %v", unknown, err)
	}
	plan, err := c.DeleteRevisions(ctx, []string{meta.CommitHash}, &DeleteRevisionsOptions{DryRun: true})
	if err != nil {
		t.Fatal(err)
	}
	if plan.ExpectedFreedSize != info.SizeOnDisk || len(plan.Repos) != 1 || plan.Repos[0] != r.RepoPath {
		t.Fatalf("dry-run plan: %+v", plan)
	}
	if _, err := os.Stat(p1); err != nil {
		t.Fatalf("a dry run deleted files: %v", err)
	}
	if _, err := c.DeleteRevisions(ctx, []string{meta.CommitHash}, nil); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(r.RepoPath); !os.IsNotExist(err) {
		t.Fatalf("repo folder still there: %v", err)
	}
	if info, err = c.ScanCacheDir(ctx, cache); err != nil || len(info.Repos) != 0 {
		t.Fatalf("after deleting: %+v, %v", info, err)
	}

	_, err = c.ScanCacheDir(ctx, filepath.Join(cache, "no-such-dir"))
	wantIs(t, "scanning a missing folder", err, ErrOfflineMiss)
}
