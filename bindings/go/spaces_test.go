package hfhub

import (
	"context"
	"testing"
)

func TestSpaces(t *testing.T) {
	c, _ := newClient(t)
	ctx := context.Background()

	rt, err := c.GetSpaceRuntime(ctx, "alice/demo-space")
	if err != nil {
		t.Fatal(err)
	}
	if rt.Stage != SpaceStageRunning || rt.Hardware != "cpu-basic" || rt.RequestedHardware != "cpu-basic" ||
		rt.SleepTime == nil || *rt.SleepTime != 172800 || len(rt.Raw) == 0 {
		t.Fatalf("demo-space runtime: %+v", rt)
	}

	const dup = "alice/go-space-dup"
	_ = c.DeleteRepo(ctx, dup, &DeleteRepoOptions{RepoType: "space", MissingOK: true})
	u, err := c.DuplicateSpace(ctx, "alice/demo-space", &DuplicateSpaceOptions{ToID: dup,
		Variables: []SpaceKeyValue{{Key: "MODEL_ID", Value: tinyModel, Description: "the model"}}})
	if err != nil {
		t.Fatal(err)
	}
	defer c.DeleteRepo(ctx, dup, &DeleteRepoOptions{RepoType: "space", MissingOK: true})
	if u.RepoID != dup || u.RepoType != "space" {
		t.Fatalf("duplicate: %+v", u)
	}
	_, err = c.DuplicateSpace(ctx, "alice/demo-space", &DuplicateSpaceOptions{ToID: dup})
	wantIs(t, "duplicating onto an existing Space", err, ErrConflict)

	vars, err := c.GetSpaceVariables(ctx, dup)
	if err != nil {
		t.Fatal(err)
	}
	if v := vars["MODEL_ID"]; v.Value != tinyModel || v.Description != "the model" || v.Key != "MODEL_ID" {
		t.Fatalf("duplicated variables: %+v", vars)
	}
	vars, err = c.AddSpaceVariable(ctx, dup, "STEPS", "10", &SpaceKeyOptions{Description: "steps"})
	if err != nil || vars["STEPS"].Value != "10" || len(vars) != 2 || vars["STEPS"].UpdatedAt.IsZero() {
		t.Fatalf("after adding a variable: %+v, %v", vars, err)
	}
	vars, err = c.DeleteSpaceVariable(ctx, dup, "MODEL_ID")
	if _, still := vars["MODEL_ID"]; err != nil || still || len(vars) != 1 {
		t.Fatalf("after deleting a variable: %+v, %v", vars, err)
	}
	if err := c.AddSpaceSecret(ctx, dup, "API_KEY", "s3cret", &SpaceKeyOptions{Description: "key"}); err != nil {
		t.Fatal(err)
	}
	if err := c.DeleteSpaceSecret(ctx, dup, "API_KEY"); err != nil {
		t.Fatal(err)
	}
	err = c.AddSpaceSecret(ctx, dup, "1-bad key", "x", nil)
	wantIs(t, "bad secret key", err, ErrHTTP)

	sleep := 3600
	rt, err = c.RequestSpaceHardware(ctx, dup, "t4-small", &RequestSpaceHardwareOptions{SleepTime: &sleep})
	if err != nil {
		t.Fatal(err)
	}
	if rt.RequestedHardware != "t4-small" {
		t.Fatalf("after requesting t4-small: %+v", rt)
	}
	if rt, err = c.SetSpaceSleepTime(ctx, dup, 7200); err != nil || rt.SleepTime == nil || *rt.SleepTime != 7200 {
		t.Fatalf("sleep time: %+v, %v", rt, err)
	}
	if rt, err = c.RequestSpaceStorage(ctx, dup, "small"); err != nil || rt.Storage != "small" {
		t.Fatalf("storage: %+v, %v", rt, err)
	}
	if rt, err = c.DeleteSpaceStorage(ctx, dup); err != nil || rt.Storage != "" {
		t.Fatalf("storage deleted: %+v, %v", rt, err)
	}
	if rt, err = c.PauseSpace(ctx, dup); err != nil || rt.Stage != SpaceStagePaused {
		t.Fatalf("pause: %+v, %v", rt, err)
	}
	if rt, err = c.RestartSpace(ctx, dup, &RestartSpaceOptions{FactoryReboot: true}); err != nil || rt.Stage == SpaceStagePaused {
		t.Fatalf("restart: %+v, %v", rt, err)
	}
	_, err = c.RequestSpaceHardware(ctx, dup, "no-such-flavor", nil)
	wantIs(t, "unknown flavor", err, ErrHTTP)

	_, err = c.GetSpaceRuntime(ctx, "alice/no-such-space")
	wantIs(t, "unknown Space", err, ErrRepoNotFound, ErrNotFound)
}
