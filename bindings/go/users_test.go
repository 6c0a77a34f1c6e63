package hfhub

import (
	"context"
	"slices"
	"testing"
)

func TestUsers(t *testing.T) {
	c, _ := newClient(t)
	ctx := context.Background()
	names := func(us []User) (n []string) {
		for _, u := range us {
			n = append(n, u.Username)
		}
		return n
	}

	u, err := c.GetUserOverview(ctx, "alice")
	if err != nil {
		t.Fatal(err)
	}
	if u.Username != "alice" || u.Fullname != "Alice Example" || u.IsPro == nil || !*u.IsPro || u.NumModels == nil ||
		*u.NumModels != 3 || u.NumFollowers == nil || *u.NumFollowers != 2 || u.Type != "user" || u.CreatedAt.IsZero() ||
		len(u.Orgs) != 1 || u.Orgs[0].Name != "acme" || u.Details != "Maker of tiny models." || len(u.Raw) == 0 {
		t.Fatalf("alice's overview: %+v", u)
	}

	members := collect(t, c.ListOrganizationMembers(ctx, "acme"))
	if !slices.Equal(names(members), []string{"alice", "bob"}) || members[0].Role != "admin" || members[1].Role != "write" {
		t.Fatalf("acme members: %+v", members)
	}
	if got := names(collect(t, c.ListUserFollowers(ctx, "alice"))); !slices.Equal(got, []string{"bob", "carol"}) {
		t.Fatalf("alice's followers: %v", got)
	}
	if got := names(collect(t, c.ListUserFollowing(ctx, "carol"))); !slices.Equal(got, []string{"alice", "bob"}) {
		t.Fatalf("carol follows: %v", got)
	}

	if p, err := c.GetTokenPermission(ctx); err != nil || p != "write" {
		t.Fatalf("token permission: %q, %v", p, err)
	}
	carol, _ := newClient(t, func(o *Options) { o.Token = carolToken })
	if p, err := carol.GetTokenPermission(ctx); err != nil || p != "read" {
		t.Fatalf("carol's token permission: %q, %v", p, err)
	}
	anon, _ := newClient(t, func(o *Options) { o.Token = ""; o.NoToken = true })
	if p, err := anon.GetTokenPermission(ctx); err != nil || p != "" {
		t.Fatalf("no token: %q, %v", p, err)
	}
	if n, err := c.GetFullRepoName(ctx, "my-model", ""); err != nil || n != "alice/my-model" {
		t.Fatalf("full repo name: %q, %v", n, err)
	}
	if n, err := c.GetFullRepoName(ctx, "my-model", "acme"); err != nil || n != "acme/my-model" {
		t.Fatalf("full repo name in an org: %q, %v", n, err)
	}

	_, err = c.GetUserOverview(ctx, "no-such-user-anywhere")
	wantIs(t, "unknown user", err, ErrNotFound)
	wantIs(t, "unknown org", listErr(c.ListOrganizationMembers(ctx, "no-such-org-anywhere")), ErrNotFound)
	wantIs(t, "followers of an unknown user", listErr(c.ListUserFollowers(ctx, "no-such-user-anywhere")), ErrNotFound)
}
