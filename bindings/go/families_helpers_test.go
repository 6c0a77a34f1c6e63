package hfhub

import (
	"context"
	"errors"
	"iter"
	"net/http"
	"strconv"
	"strings"
	"testing"
)

const (
	bobWriteToken = "hf_hubsimBobWrite00000000000000000000"
	carolToken    = "hf_hubsimCarolRead0000000000000000000"
)

// tempRepo creates repoID (deleting a leftover first) with alice's client and
// deletes it when the test ends.
func tempRepo(t *testing.T, c *Client, repoID string, opts *CreateRepoOptions) *RepoURL {
	t.Helper()
	ctx := context.Background()
	repoType := ""
	if opts != nil {
		repoType = opts.RepoType
	}
	_ = c.DeleteRepo(ctx, repoID, &DeleteRepoOptions{RepoType: repoType, MissingOK: true})
	u, err := c.CreateRepo(ctx, repoID, opts)
	if err != nil {
		t.Fatalf("CreateRepo %s: %v", repoID, err)
	}
	t.Cleanup(func() { _ = c.DeleteRepo(ctx, repoID, &DeleteRepoOptions{RepoType: repoType, MissingOK: true}) })
	return u
}

// collect drains a listing, failing the test on an error.
func collect[T any](t *testing.T, seq iter.Seq2[T, error]) []T {
	t.Helper()
	var out []T
	for v, err := range seq {
		if err != nil {
			t.Fatalf("listing: %v", err)
		}
		out = append(out, v)
	}
	checkNoPagers(t)
	return out
}

// listErr returns the first error of a listing.
func listErr[T any](seq iter.Seq2[T, error]) error {
	for _, err := range seq {
		if err != nil {
			return err
		}
	}
	return nil
}

// wantIs fails unless err is an *Error matching every target.
func wantIs(t *testing.T, what string, err error, targets ...error) {
	t.Helper()
	var e *Error
	if !errors.As(err, &e) {
		t.Fatalf("%s: want an *Error, got %T %v", what, err, err)
	}
	for _, target := range targets {
		if !errors.Is(err, target) {
			t.Errorf("%s: errors.Is(%v, %v) = false (status %v, kind %q)", what, err, target, e.Status, e.Kind)
		}
	}
}

// advanceClock moves hubsim's simulated clock.
func advanceClock(t *testing.T, seconds int) {
	t.Helper()
	resp, err := http.Post(hubURL+"/_hubsim/clock", "application/json",
		strings.NewReader(`{"advance_seconds": `+strconv.Itoa(seconds)+`}`))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode/100 != 2 {
		t.Fatalf("advancing the clock: %s", resp.Status)
	}
}

func isErr(err, target error) bool { return errors.Is(err, target) }
