package hfhub

import (
	"context"
	"slices"
	"testing"
)

func TestLikes(t *testing.T) {
	c, _ := newClient(t)
	bob, _ := newClient(t, func(o *Options) { o.Token = bobWriteToken })
	ctx := context.Background()
	const repo = "alice/go-likes-test"
	tempRepo(t, c, repo, nil)

	likers := func() (names []string) {
		for _, u := range collect(t, c.ListRepoLikers(ctx, repo, nil)) {
			names = append(names, u.Username)
		}
		return names
	}
	if got := likers(); len(got) != 0 {
		t.Fatalf("likers of a new repo: %v", got)
	}
	if err := bob.Like(ctx, repo, nil); err != nil {
		t.Fatal(err)
	}
	if got := likers(); !slices.Equal(got, []string{"bob"}) {
		t.Fatalf("likers after bob's like: %v", got)
	}
	seedLikers := collect(t, c.ListRepoLikers(ctx, tinyModel, nil))
	if len(seedLikers) < 2 || seedLikers[0].Username != "bob" || seedLikers[0].Fullname != "Bob Example" || seedLikers[0].ID == "" {
		t.Fatalf("likers of %s: %+v", tinyModel, seedLikers)
	}

	likes, err := c.ListLikedRepos(ctx, "bob")
	if err != nil {
		t.Fatal(err)
	}
	if likes.User != "bob" || !slices.Contains(likes.Models, repo) || !slices.Contains(likes.Models, tinyModel) ||
		!slices.Contains(likes.Datasets, "alice/tiny-dataset") || !slices.Contains(likes.Spaces, "alice/demo-space") ||
		likes.Total != len(likes.Models)+len(likes.Datasets)+len(likes.Spaces) {
		t.Fatalf("bob's likes: %+v", likes)
	}
	mine, err := c.ListLikedRepos(ctx, "")
	if err != nil || mine.User != "alice" || !slices.Contains(mine.Models, "bob/bert-tiny") {
		t.Fatalf("alice's likes: %+v, %v", mine, err)
	}

	if err := bob.Unlike(ctx, repo, nil); err != nil {
		t.Fatal(err)
	}
	if got := likers(); len(got) != 0 {
		t.Fatalf("likers after unlike: %v", got)
	}
	if info, err := c.ModelInfo(ctx, repo, nil); err != nil || info.Likes != 0 {
		t.Fatalf("likes count: %+v, %v", info, err)
	}

	wantIs(t, "liking an unknown repo", bob.Like(ctx, "alice/no-such-repo", nil), ErrRepoNotFound, ErrNotFound)
	wantIs(t, "likers of an unknown repo", listErr(c.ListRepoLikers(ctx, "alice/no-such-repo", nil)), ErrNotFound)
	_, err = c.ListLikedRepos(ctx, "no-such-user-anywhere")
	wantIs(t, "likes of an unknown user", err, ErrNotFound)
}
