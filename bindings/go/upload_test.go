package hfhub

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"testing"
)

func TestUpload(t *testing.T) {
	c, _ := newClient(t)
	ctx := context.Background()
	const repo = "alice/go-upload-test"
	_ = c.DeleteRepo(ctx, repo, &DeleteRepoOptions{MissingOK: true})
	u, err := c.CreateRepo(ctx, repo, nil)
	if err != nil || u.RepoID != repo {
		t.Fatalf("CreateRepo: %+v, %v", u, err)
	}
	defer c.DeleteRepo(ctx, repo, nil)
	if _, err := c.CreateRepo(ctx, repo, nil); !errors.Is(err, ErrConflict) {
		t.Fatalf("creating it twice: %v", err)
	}
	if _, err := c.CreateRepo(ctx, repo, &CreateRepoOptions{ExistOK: true}); err != nil {
		t.Fatalf("exist_ok: %v", err)
	}

	// upload_folder: a small file, an LFS one (.bin), a subfolder; *.tmp ignored.
	dir := t.TempDir()
	big := bytes.Repeat([]byte("0123456789abcdef"), 64<<10) // 1 MiB
	files := map[string][]byte{"README.md": []byte("# go\n"), "data/weights.bin": big, "data/notes.txt": []byte("n"), "skip.tmp": []byte("x")}
	for p, b := range files {
		if err := os.MkdirAll(filepath.Join(dir, filepath.Dir(p)), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, p), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	ci, err := c.UploadFolder(ctx, repo, dir, &UploadFolderOptions{
		CommitOptions:  CommitOptions{CommitMessage: "Upload from Go"},
		IgnorePatterns: []string{"*.tmp"},
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(ci.OID) != 40 || ci.CommitMessage != "Upload from Go" {
		t.Fatalf("commit info: %+v", ci)
	}
	var paths []string
	for p, err := range c.ListRepoFiles(ctx, repo, nil) {
		if err != nil {
			t.Fatal(err)
		}
		paths = append(paths, p)
	}
	for _, want := range []string{"README.md", "data/weights.bin", "data/notes.txt"} {
		if !slices.Contains(paths, want) {
			t.Fatalf("after upload_folder: %v lacks %s", paths, want)
		}
	}
	if slices.Contains(paths, "skip.tmp") {
		t.Fatalf("ignored file uploaded: %v", paths)
	}
	for e, err := range c.ListRepoTree(ctx, repo, &ListRepoTreeOptions{PathInRepo: "data"}) {
		if err != nil {
			t.Fatal(err)
		}
		if e.File != nil && e.File.Path == "data/weights.bin" && (e.File.LFS == nil || e.File.Size != int64(len(big))) {
			t.Fatalf("weights.bin is not an LFS file of the right size: %+v", e.File)
		}
	}
	p, err := c.HfHubDownload(ctx, repo, "data/weights.bin", nil)
	if got, _ := os.ReadFile(p); err != nil || !bytes.Equal(got, big) {
		t.Fatalf("round trip of weights.bin: %v", err)
	}

	// create_commit: add, copy, delete in one commit.
	local := filepath.Join(t.TempDir(), "local.txt")
	if err := os.WriteFile(local, []byte("from a local file"), 0o644); err != nil {
		t.Fatal(err)
	}
	ci2, err := c.CreateCommit(ctx, repo, []CommitOperation{
		AddBytes("hello.txt", []byte("hello from Go")),
		AddFile("local.txt", local),
		CopyFile("data/weights.bin", "copy/weights.bin", ""),
		DeleteFile("data/notes.txt"),
	}, "Edit from Go", &CommitOptions{CommitDescription: "three kinds of operations"})
	if err != nil {
		t.Fatal(err)
	}
	if ci2.OID == ci.OID || ci2.CommitMessage != "Edit from Go" {
		t.Fatalf("second commit: %+v", ci2)
	}
	paths = paths[:0]
	for p, err := range c.ListRepoFiles(ctx, repo, nil) {
		if err != nil {
			t.Fatal(err)
		}
		paths = append(paths, p)
	}
	if !slices.Contains(paths, "hello.txt") || !slices.Contains(paths, "local.txt") ||
		!slices.Contains(paths, "copy/weights.bin") || slices.Contains(paths, "data/notes.txt") {
		t.Fatalf("after create_commit: %v", paths)
	}
	p, err = c.HfHubDownload(ctx, repo, "hello.txt", nil)
	if got, _ := os.ReadFile(p); err != nil || string(got) != "hello from Go" {
		t.Fatalf("hello.txt: %q, %v", got, err)
	}

	// upload_file to a pull request.
	ci3, err := c.UploadFile(ctx, repo, local, "pr.txt", &CommitOptions{CommitMessage: "A PR", CreatePR: true})
	if err != nil || ci3.PRNum == 0 || ci3.PRRevision == "" {
		t.Fatalf("upload_file with create_pr: %+v, %v", ci3, err)
	}
	if ok, err := c.FileExists(ctx, repo, "pr.txt", &RevisionOptions{Revision: ci3.PRRevision}); err != nil || !ok {
		t.Fatalf("pr.txt on %s: %v %v", ci3.PRRevision, ok, err)
	}
	if ok, _ := c.FileExists(ctx, repo, "pr.txt", nil); ok {
		t.Fatal("pr.txt landed on main")
	}

	// A commit on a stale parent conflicts.
	_, err = c.CreateCommit(ctx, repo, []CommitOperation{AddBytes("x.txt", []byte("x"))}, "stale", &CommitOptions{ParentCommit: ci.OID})
	if !errors.Is(err, ErrConflict) {
		t.Fatalf("commit on a stale parent: %v", err)
	}
}
