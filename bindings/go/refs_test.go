package hfhub

import (
	"context"
	"slices"
	"testing"
)

func TestRefs(t *testing.T) {
	c, _ := newClient(t)
	ctx := context.Background()
	const repo = "alice/go-refs-test"
	tempRepo(t, c, repo, nil)
	for i, f := range []string{"a.txt", "b.txt"} {
		if _, err := c.CreateCommit(ctx, repo, []CommitOperation{AddBytes(f, []byte{byte('a' + i)})}, "Add "+f, nil); err != nil {
			t.Fatal(err)
		}
	}
	refNames := func(rs []GitRefInfo) (n []string) {
		for _, r := range rs {
			n = append(n, r.Ref)
		}
		return n
	}

	if err := c.CreateBranch(ctx, repo, "feature/go", &CreateBranchOptions{}); err != nil {
		t.Fatal(err)
	}
	wantIs(t, "creating a branch twice", c.CreateBranch(ctx, repo, "feature/go", nil), ErrConflict)
	if err := c.CreateBranch(ctx, repo, "feature/go", &CreateBranchOptions{ExistOK: true}); err != nil {
		t.Fatalf("exist_ok: %v", err)
	}
	wantIs(t, "branch from an unknown revision",
		c.CreateBranch(ctx, repo, "other", &CreateBranchOptions{Revision: "no-such-rev"}), ErrRevisionNotFound, ErrNotFound)
	if err := c.CreateTag(ctx, repo, "v1", &CreateTagOptions{TagMessage: "first", Revision: "feature/go"}); err != nil {
		t.Fatal(err)
	}
	wantIs(t, "creating a tag twice", c.CreateTag(ctx, repo, "v1", nil), ErrConflict)
	refs, err := c.ListRepoRefs(ctx, repo, nil)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Contains(refNames(refs.Branches), "refs/heads/feature/go") || !slices.Equal(refNames(refs.Tags), []string{"refs/tags/v1"}) ||
		refs.Tags[0].TargetCommit != refs.Branches[0].TargetCommit {
		t.Fatalf("refs: %+v", refs)
	}

	if err := c.DeleteTag(ctx, repo, "v1", nil); err != nil {
		t.Fatal(err)
	}
	if err := c.DeleteBranch(ctx, repo, "feature/go", nil); err != nil {
		t.Fatal(err)
	}
	wantIs(t, "deleting a deleted branch", c.DeleteBranch(ctx, repo, "feature/go", nil), ErrRevisionNotFound, ErrNotFound)
	wantIs(t, "deleting a deleted tag", c.DeleteTag(ctx, repo, "v1", nil), ErrRevisionNotFound)
	if refs, err = c.ListRepoRefs(ctx, repo, nil); err != nil || len(refs.Tags) != 0 || len(refs.Branches) != 1 {
		t.Fatalf("refs after deleting: %+v, %v", refs, err)
	}

	before := collect(t, c.ListRepoCommits(ctx, repo, nil))
	if len(before) != 3 {
		t.Fatalf("commits before squashing: %+v", before)
	}
	if err := c.SuperSquashHistory(ctx, repo, &SuperSquashHistoryOptions{CommitMessage: "Squashed from Go"}); err != nil {
		t.Fatal(err)
	}
	after := collect(t, c.ListRepoCommits(ctx, repo, nil))
	if len(after) != 1 || after[0].Title != "Squashed from Go" || after[0].CommitID == before[0].CommitID {
		t.Fatalf("commits after squashing: %+v", after)
	}
	if files := collect(t, c.ListRepoFiles(ctx, repo, nil)); !slices.Contains(files, "a.txt") || !slices.Contains(files, "b.txt") {
		t.Fatalf("files after squashing: %v", files)
	}
	carol, _ := newClient(t, func(o *Options) { o.Token = carolToken })
	wantIs(t, "a branch with a read token", carol.CreateBranch(ctx, repo, "x", nil), ErrForbidden)
	wantIs(t, "squashing an unknown repo", c.SuperSquashHistory(ctx, "alice/no-such-repo", nil), ErrRepoNotFound)
}
