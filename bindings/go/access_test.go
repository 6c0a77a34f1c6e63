package hfhub

import (
	"context"
	"slices"
	"testing"
)

func TestAccessRequests(t *testing.T) {
	c, _ := newClient(t)
	ctx := context.Background()
	const repo = "alice/gated-model"
	users := func(rs []AccessRequest) (u []string) {
		for _, r := range rs {
			u = append(u, r.Username)
		}
		return u
	}

	pending := collect(t, c.ListPendingAccessRequests(ctx, repo, nil))
	if len(pending) != 1 {
		t.Fatalf("pending: %+v", pending)
	}
	bob := pending[0]
	if bob.Username != "bob" || bob.Fullname != "Bob Example" || bob.Email != "bob@example.com" || bob.Status != "pending" ||
		bob.Fields["company"] != "ACME" || bob.Timestamp.IsZero() || bob.RequestID == "" || len(bob.Raw) == 0 {
		t.Fatalf("bob's request: %+v", bob)
	}
	accepted := collect(t, c.ListAcceptedAccessRequests(ctx, repo, nil))
	if !slices.Contains(users(accepted), "carol") {
		t.Fatalf("accepted: %+v", accepted)
	}

	// bob: accept, then cancel (back to pending, as in the seed).
	if err := c.AcceptAccessRequest(ctx, repo, "bob", nil); err != nil {
		t.Fatal(err)
	}
	if got := users(collect(t, c.ListAcceptedAccessRequests(ctx, repo, nil))); !slices.Contains(got, "bob") {
		t.Fatalf("accepted after accepting bob: %v", got)
	}
	if err := c.CancelAccessRequest(ctx, repo, "bob", nil); err != nil {
		t.Fatal(err)
	}
	if got := users(collect(t, c.ListPendingAccessRequests(ctx, repo, nil))); !slices.Equal(got, []string{"bob"}) {
		t.Fatalf("pending after cancelling: %v", got)
	}

	// carol: reject, then grant (accepted again, as in the seed).
	if err := c.RejectAccessRequest(ctx, repo, "carol", &RejectAccessRequestOptions{RejectionReason: "testing"}); err != nil {
		t.Fatal(err)
	}
	rejected := collect(t, c.ListRejectedAccessRequests(ctx, repo, nil))
	if len(rejected) != 1 || rejected[0].Username != "carol" || rejected[0].Status != "rejected" {
		t.Fatalf("rejected: %+v", rejected)
	}
	granted, err := c.GrantAccess(ctx, repo, "carol", nil)
	if err != nil {
		t.Fatal(err)
	}
	if granted.Username != "carol" || granted.Status != "accepted" || granted.Fullname != "Carol Example" {
		t.Fatalf("granted: %+v", granted)
	}
	_, err = c.GrantAccess(ctx, repo, "carol", nil)
	wantIs(t, "granting twice", err, ErrHTTP)

	err = c.AcceptAccessRequest(ctx, repo, "nobody-at-all", nil)
	wantIs(t, "unknown user", err, ErrNotFound)
	wantIs(t, "unknown repo", listErr(c.ListPendingAccessRequests(ctx, "alice/no-such-repo", nil)), ErrRepoNotFound, ErrNotFound)
}
