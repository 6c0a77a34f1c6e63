package hfhub

import (
	"context"
	"strconv"
	"strings"
	"testing"
)

func TestDiscussionsSeed(t *testing.T) {
	c, _ := newClient(t)
	ctx := context.Background()

	all := collect(t, c.GetRepoDiscussions(ctx, tinyModel, nil))
	if len(all) < 3 {
		t.Fatalf("discussions of %s: %+v", tinyModel, all)
	}
	byNum := map[int]Discussion{}
	for _, d := range all {
		byNum[d.Num] = d
	}
	pr := byNum[1]
	if !pr.IsPullRequest || pr.Title != "Add pytorch weights" || pr.Author != "bob" || pr.Status != DiscussionOpen ||
		pr.RepoID != tinyModel || pr.RepoType != "model" || pr.CreatedAt.IsZero() || pr.GitReference() != "refs/pr/1" ||
		pr.URL() != hubURL+"/alice/tiny-model/discussions/1" {
		t.Fatalf("PR #1: %+v", pr)
	}
	prs := collect(t, c.GetRepoDiscussions(ctx, tinyModel, &GetRepoDiscussionsOptions{DiscussionType: "pull_request"}))
	for _, d := range prs {
		if !d.IsPullRequest {
			t.Fatalf("pull_request filter returned %+v", d)
		}
	}
	closed := collect(t, c.GetRepoDiscussions(ctx, tinyModel, &GetRepoDiscussionsOptions{DiscussionStatus: "closed"}))
	if len(closed) == 0 || closed[0].Num != 3 || closed[0].Status != DiscussionClosed || closed[0].Author != "deleted" {
		t.Fatalf("closed discussions: %+v", closed)
	}

	// #1: a PR with a commit event.
	d1, err := c.GetDiscussionDetails(ctx, tinyModel, 1, nil)
	if err != nil {
		t.Fatal(err)
	}
	if d1.TargetBranch != "refs/heads/main" || d1.ConflictingFiles == nil && !d1.ConflictsUnknown || len(d1.Raw) == 0 {
		t.Fatalf("PR details: target %q conflicts %v/%v", d1.TargetBranch, d1.ConflictingFiles, d1.ConflictsUnknown)
	}
	var commit *DiscussionCommit
	for _, e := range d1.Events {
		if c, ok := e.(*DiscussionCommit); ok {
			commit = c
		}
	}
	if commit == nil || commit.Summary != "Add pytorch weights" || len(commit.OID) != 40 || commit.Author != "bob" ||
		commit.Type != "commit" || commit.ID == "" || commit.CreatedAt.IsZero() || !strings.Contains(string(commit.Raw), `"subject"`) {
		t.Fatalf("commit event: %+v", commit)
	}
	if first, ok := d1.Events[0].(*DiscussionComment); !ok || !strings.Contains(first.Content, "pytorch_model.bin") ||
		!strings.HasPrefix(first.Rendered(), "<p>") {
		t.Fatalf("first event: %#v", d1.Events[0])
	}

	// #2: a title change and an edited comment.
	d2, err := c.GetDiscussionDetails(ctx, tinyModel, 2, nil)
	if err != nil {
		t.Fatal(err)
	}
	var title *DiscussionTitleChange
	var edited *DiscussionComment
	for _, e := range d2.Events {
		switch e := e.(type) {
		case *DiscussionTitleChange:
			title = e
		case *DiscussionComment:
			if e.Edited {
				edited = e
			}
		}
	}
	if title == nil || title.OldTitle != "License?" || title.NewTitle != "Which license?" || title.EventInfo().Author != "carol" {
		t.Fatalf("title change: %+v", title)
	}
	if edited == nil || edited.Content != "Yes: it is MIT-licensed." || edited.NumberOfEdits() != 1 ||
		edited.EditHistory()[0].Raw != "It's MIT." || edited.EditHistory()[0].Author != "alice" || edited.LastEditedAt().IsZero() {
		t.Fatalf("edited comment: %+v", edited)
	}
	if d2.IsPullRequest || d2.TargetBranch != "" || d2.ConflictingFiles != nil {
		t.Fatalf("a discussion has no merge state: %+v", d2)
	}

	// #3: a hidden comment and a status change, by a deleted account.
	d3, err := c.GetDiscussionDetails(ctx, tinyModel, 3, nil)
	if err != nil {
		t.Fatal(err)
	}
	var status *DiscussionStatusChange
	hidden := 0
	for _, e := range d3.Events {
		switch e := e.(type) {
		case *DiscussionStatusChange:
			status = e
		case *DiscussionComment:
			if e.Hidden {
				hidden++
			}
		}
	}
	if status == nil || status.NewStatus != DiscussionClosed || status.Author != "alice" || hidden != 1 || d3.Author != "deleted" {
		t.Fatalf("status change %+v, %d hidden", status, hidden)
	}

	_, err = c.GetDiscussionDetails(ctx, tinyModel, 999, nil)
	wantIs(t, "unknown discussion", err, ErrNotFound)
	_, err = c.GetDiscussionDetails(ctx, "alice/no-such-repo", 1, nil)
	wantIs(t, "discussion of an unknown repo", err, ErrRepoNotFound, ErrNotFound)
	wantIs(t, "listing an unknown repo", listErr(c.GetRepoDiscussions(ctx, "alice/no-such-repo", nil)), ErrRepoNotFound)
}

func TestDiscussionsWrite(t *testing.T) {
	c, _ := newClient(t)
	ctx := context.Background()
	const repo = "alice/go-discussions-test"
	tempRepo(t, c, repo, nil)
	if _, err := c.CreateCommit(ctx, repo, []CommitOperation{AddBytes("a.txt", []byte("a\n"))}, "Add a.txt", nil); err != nil {
		t.Fatal(err)
	}

	// A discussion: comment, edit, hide, rename, close.
	d, err := c.CreateDiscussion(ctx, repo, "Go question", &CreateDiscussionOptions{Description: "Does it work from Go?"})
	if err != nil {
		t.Fatal(err)
	}
	if d.Title != "Go question" || d.IsPullRequest || d.Status != DiscussionOpen || d.Author != "alice" || d.Num < 1 {
		t.Fatalf("created discussion: %+v", d.Discussion)
	}
	if len(d.Events) != 1 || d.Events[0].(*DiscussionComment).Content != "Does it work from Go?" {
		t.Fatalf("description event: %#v", d.Events)
	}
	cm, err := c.CommentDiscussion(ctx, repo, d.Num, "First try", nil)
	if err != nil {
		t.Fatal(err)
	}
	if cm.Content != "First try" || cm.Author != "alice" || cm.Edited || cm.Type != "comment" || cm.ID == "" {
		t.Fatalf("comment: %+v", cm)
	}
	ed, err := c.EditDiscussionComment(ctx, repo, d.Num, cm.ID, "Second try", nil)
	if err != nil {
		t.Fatal(err)
	}
	if ed.ID != cm.ID || ed.Content != "Second try" || !ed.Edited || ed.NumberOfEdits() != 1 || ed.EditHistory()[0].Raw != "First try" {
		t.Fatalf("edited comment: %+v", ed)
	}
	hd, err := c.HideDiscussionComment(ctx, repo, d.Num, cm.ID, nil)
	if err != nil {
		t.Fatal(err)
	}
	if !hd.Hidden || hd.ID != cm.ID {
		t.Fatalf("hidden comment: %+v", hd)
	}
	rn, err := c.RenameDiscussion(ctx, repo, d.Num, "Go question (renamed)", nil)
	if err != nil {
		t.Fatal(err)
	}
	if rn.OldTitle != "Go question" || rn.NewTitle != "Go question (renamed)" || rn.Type != "title-change" {
		t.Fatalf("rename: %+v", rn)
	}
	st, err := c.ChangeDiscussionStatus(ctx, repo, d.Num, DiscussionClosed, &DiscussionCommentOptions{Comment: "Answered"})
	if err != nil {
		t.Fatal(err)
	}
	if st.NewStatus != DiscussionClosed || st.Author != "alice" {
		t.Fatalf("status change: %+v", st)
	}
	_, err = c.ChangeDiscussionStatus(ctx, repo, d.Num, DiscussionClosed, nil)
	wantIs(t, "closing a closed discussion", err, ErrHTTP)
	details, err := c.GetDiscussionDetails(ctx, repo, d.Num, nil)
	if err != nil {
		t.Fatal(err)
	}
	if details.Title != "Go question (renamed)" || details.Status != DiscussionClosed {
		t.Fatalf("details after the changes: %+v", details.Discussion)
	}
	kinds := map[string]int{}
	for _, e := range details.Events {
		kinds[e.EventInfo().Type]++
	}
	if kinds["comment"] != 3 || kinds["title-change"] != 1 || kinds["status-change"] != 1 {
		t.Fatalf("event kinds: %v", kinds)
	}
	_, err = c.CommentDiscussion(ctx, repo, 999, "x", nil)
	wantIs(t, "commenting an unknown discussion", err, ErrNotFound)

	// A pull request: push to refs/pr/N, merge.
	pr, err := c.CreatePullRequest(ctx, repo, "Add b.txt", &CreateDiscussionOptions{Description: "From Go"})
	if err != nil {
		t.Fatal(err)
	}
	if !pr.IsPullRequest || pr.Status != DiscussionDraft || pr.GitReference() != "refs/pr/"+strconv.Itoa(pr.Num) {
		t.Fatalf("created PR: %+v", pr.Discussion)
	}
	if _, err := c.CreateCommit(ctx, repo, []CommitOperation{AddBytes("b.txt", []byte("b\n"))}, "Add b.txt",
		&CommitOptions{Revision: pr.GitReference()}); err != nil {
		t.Fatal(err)
	}
	if err := c.MergePullRequest(ctx, repo, pr.Num, &DiscussionCommentOptions{Comment: "Merging"}); err != nil {
		t.Fatal(err)
	}
	merged, err := c.GetDiscussionDetails(ctx, repo, pr.Num, nil)
	if err != nil {
		t.Fatal(err)
	}
	if merged.Status != DiscussionMerged || len(merged.MergeCommitOID) != 40 || merged.TargetBranch != "refs/heads/main" {
		t.Fatalf("merged PR: %+v", merged)
	}
	var sawCommit, sawMerged bool
	for _, e := range merged.Events {
		switch e := e.(type) {
		case *DiscussionCommit:
			sawCommit = e.Summary == "Add b.txt"
		case *DiscussionStatusChange:
			sawMerged = e.NewStatus == DiscussionMerged
		}
	}
	if !sawCommit || !sawMerged {
		t.Fatalf("merged PR events: commit %v, merged %v", sawCommit, sawMerged)
	}
	if ok, err := c.FileExists(ctx, repo, "b.txt", nil); err != nil || !ok {
		t.Fatalf("b.txt on main after the merge: %v, %v", ok, err)
	}
	err = c.MergePullRequest(ctx, repo, pr.Num, nil)
	wantIs(t, "merging a merged PR", err, ErrHTTP)
}
