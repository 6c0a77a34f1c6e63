package hfhub

import (
	"context"
	"slices"
	"strings"
	"testing"
)

func TestMultiCommits(t *testing.T) {
	c, _ := newClient(t)
	ctx := context.Background()
	const repo = "alice/go-multicommit-test"
	tempRepo(t, c, repo, nil)
	if _, err := c.CreateCommit(ctx, repo, []CommitOperation{AddBytes("old.txt", []byte("old"))}, "Add old.txt", nil); err != nil {
		t.Fatal(err)
	}

	ops := []CommitOperation{AddBytes("a.txt", []byte("a")), AddBytes("b.txt", []byte("b")), AddBytes("c.txt", []byte("c")), DeleteFile("old.txt")}
	plan, err := c.PlanMultiCommits(ctx, ops, &PlanMultiCommitsOptions{MaxOperationsPerCommit: 2})
	if err != nil {
		t.Fatal(err)
	}
	if len(plan.AdditionCommits) != 2 || len(plan.DeletionCommits) != 1 || plan.DeletionCommits[0][0].Kind() != "delete" ||
		plan.DeletionCommits[0][0].PathInRepo() != "old.txt" || plan.AdditionCommits[0][0].Kind() != "add" {
		t.Fatalf("plan: %+v", plan)
	}
	var planned []string
	for _, commit := range plan.AdditionCommits {
		for _, op := range commit {
			planned = append(planned, op.PathInRepo())
		}
	}
	slices.Sort(planned)
	if !slices.Equal(planned, []string{"a.txt", "b.txt", "c.txt"}) {
		t.Fatalf("planned additions: %v", planned)
	}
	_, err = c.PlanMultiCommits(ctx, []CommitOperation{CopyFile("a.txt", "d.txt", "")}, nil)
	wantIs(t, "planning a copy", err, ErrInvalidArgument)

	url, err := c.CreateCommitsOnPR(ctx, repo, plan, "Upload in steps", &CreateCommitsOnPROptions{CommitDescription: "from Go"})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(url, "/alice/go-multicommit-test/discussions/") {
		t.Fatalf("PR URL: %q", url)
	}
	files := collect(t, c.ListRepoFiles(ctx, repo, nil))
	if !slices.Contains(files, "a.txt") || !slices.Contains(files, "c.txt") || slices.Contains(files, "old.txt") {
		t.Fatalf("files after the merge: %v", files)
	}
	prs := collect(t, c.GetRepoDiscussions(ctx, repo, &GetRepoDiscussionsOptions{DiscussionType: "pull_request"}))
	if len(prs) != 1 || prs[0].Status != DiscussionMerged || prs[0].Title != "Upload in steps" {
		t.Fatalf("the PR: %+v", prs)
	}

	_, err = c.CreateCommitsOnPR(ctx, "alice/no-such-repo", plan, "x", nil)
	wantIs(t, "unknown repo", err, ErrRepoNotFound, ErrNotFound)
}
