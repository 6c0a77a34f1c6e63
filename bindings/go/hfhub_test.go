package hfhub

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// Tokens and repositories of hubsim's default seed (tests/hubsim/README.md).
const (
	aliceToken   = "hf_hubsimAliceWrite000000000000000000"
	bobToken     = "hf_hubsimBobRead000000000000000000000"
	invalidToken = "hf_hubsimInvalidToken0000000000000000"
	tinyModel    = "alice/tiny-model"
	bigFile      = "weights/big.bin"
	bigSize      = 3 << 20
)

// hubURL is the URL of the hubsim process TestMain starts (--page-size 2).
var hubURL string

func TestMain(m *testing.M) {
	os.Exit(runMain(m))
}

func runMain(m *testing.M) int {
	bin := os.Getenv("HUBSIM")
	if bin == "" {
		for _, p := range []string{"../../target/debug/hubsim", "../../target/release/hubsim"} {
			if _, err := os.Stat(p); err == nil {
				bin = p
				break
			}
		}
	}
	if bin == "" {
		fmt.Fprintln(os.Stderr, "hfhub tests: hubsim not found: run `cargo build -p hubsim` at the repository root (or set HUBSIM=/path/to/hubsim)")
		return 2
	}
	cmd := exec.Command(bin, "--addr", "127.0.0.1:0", "--page-size", "2")
	cmd.Stderr = os.Stderr
	out, err := cmd.StdoutPipe()
	if err != nil {
		fmt.Fprintln(os.Stderr, "hfhub tests:", err)
		return 2
	}
	if err := cmd.Start(); err != nil {
		fmt.Fprintf(os.Stderr, "hfhub tests: starting %s: %v\n", bin, err)
		return 2
	}
	defer func() {
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
	}()
	line, err := bufio.NewReader(out).ReadString('\n')
	if err != nil || !strings.HasPrefix(line, "http") {
		fmt.Fprintf(os.Stderr, "hfhub tests: hubsim printed %q: %v\n", line, err)
		return 2
	}
	hubURL = strings.TrimSpace(line)

	// For the examples, which use NewFromEnv.
	cache, err := os.MkdirTemp("", "hfhub-go-example-cache")
	if err != nil {
		fmt.Fprintln(os.Stderr, "hfhub tests:", err)
		return 2
	}
	defer os.RemoveAll(cache)
	for k, v := range map[string]string{
		"HF_ENDPOINT": hubURL, "HF_TOKEN": aliceToken, "HF_HUB_CACHE": cache, "HF_HOME": cache,
		"HF_HUB_OFFLINE": "", "HF_HUB_DISABLE_IMPLICIT_TOKEN": "",
	} {
		os.Setenv(k, v)
	}
	return m.Run()
}

// newClient returns a client on hubsim with alice's token and a fresh cache.
func newClient(t testing.TB, mod ...func(*Options)) (*Client, string) {
	t.Helper()
	cache := t.TempDir()
	o := &Options{Endpoint: hubURL, Token: aliceToken, CacheDir: cache}
	for _, f := range mod {
		f(o)
	}
	c, err := New(o)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	t.Cleanup(func() { c.Close() })
	return c, cache
}

func injectFault(t *testing.T, fault string) {
	t.Helper()
	resp, err := http.Post(hubURL+"/_hubsim/faults", "application/json", strings.NewReader(fault))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode/100 != 2 {
		t.Fatalf("injecting %s: %s", fault, resp.Status)
	}
	t.Cleanup(func() {
		req, _ := http.NewRequest(http.MethodDelete, hubURL+"/_hubsim/faults", nil)
		if resp, err := http.DefaultClient.Do(req); err == nil {
			resp.Body.Close()
		}
	})
}

func checkNoPagers(t *testing.T) {
	t.Helper()
	if n := livePagers.Load(); n != 0 {
		t.Fatalf("%d pagers not freed", n)
	}
}

func TestVersion(t *testing.T) {
	if v := Version(); v == "" || strings.Count(v, ".") != 2 {
		t.Fatalf("Version() = %q", v)
	}
	if StatusPending.String() != "HFHUB_PENDING" || StatusPending != 2 {
		t.Fatalf("pending status: %d %s", StatusPending, StatusPending)
	}
	if StatusNotFound.String() != "HFHUB_ERR_NOT_FOUND" {
		t.Fatalf("StatusNotFound.String() = %q", StatusNotFound.String())
	}
}

func TestModelInfo(t *testing.T) {
	c, _ := newClient(t)
	ctx := context.Background()
	m, err := c.ModelInfo(ctx, tinyModel, nil)
	if err != nil {
		t.Fatal(err)
	}
	if m.ID != tinyModel || m.Author != "alice" || len(m.SHA) != 40 || m.LastModified.IsZero() ||
		m.Downloads != 1234 || m.LibraryName != "transformers" || m.PipelineTag != "text-generation" {
		t.Fatalf("unexpected model info: %+v", m)
	}
	if m.CardData["license"] != "mit" || !slices.Contains(m.Tags, "license:mit") || m.Gated.IsGated() || m.Private {
		t.Fatalf("card data / tags / gating: %v %v %q", m.CardData, m.Tags, m.Gated)
	}
	if m.SafeTensors == nil || m.SafeTensors.Total != 68 || m.TransformersInfo == nil ||
		m.TransformersInfo.AutoModel != "AutoModelForCausalLM" {
		t.Fatalf("safetensors / transformers_info: %+v %+v", m.SafeTensors, m.TransformersInfo)
	}
	if !slices.ContainsFunc(m.Siblings, func(s RepoSibling) bool { return s.RFilename == bigFile }) {
		t.Fatalf("siblings: %+v", m.Siblings)
	}
	if !bytes.Contains(m.Raw, []byte(`"modelId"`)) {
		t.Fatalf("Raw lacks unknown fields: %s", m.Raw)
	}

	m, err = c.ModelInfo(ctx, tinyModel, &InfoOptions{Revision: "v1.0", FilesMetadata: true})
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range m.Siblings {
		if s.Size == nil || s.BlobID == "" {
			t.Fatalf("files_metadata not applied: %+v", s)
		}
	}

	g, err := c.ModelInfo(ctx, "alice/gated-model", nil)
	if err != nil || g.Gated != "manual" {
		t.Fatalf("gated model: %+v, %v", g, err)
	}
	d, err := c.DatasetInfo(ctx, "alice/tiny-dataset", nil)
	if err != nil || d.ID != "alice/tiny-dataset" || d.Description == "" || len(d.Siblings) == 0 {
		t.Fatalf("dataset info: %+v, %v", d, err)
	}
	s, err := c.SpaceInfo(ctx, "alice/demo-space", nil)
	if err != nil || s.SDK != "gradio" || s.Runtime == nil || s.Runtime.Stage != "RUNNING" || !slices.Contains(s.Models, tinyModel) {
		t.Fatalf("space info: %+v, %v", s, err)
	}
	refs, err := c.ListRepoRefs(ctx, tinyModel, &ListRepoRefsOptions{IncludePullRequests: true})
	if err != nil {
		t.Fatal(err)
	}
	names := func(rs []GitRefInfo) (n []string) {
		for _, r := range rs {
			n = append(n, r.Ref)
		}
		return
	}
	if !slices.Contains(names(refs.Branches), "refs/heads/dev") || !slices.Contains(names(refs.Tags), "refs/tags/v1.0") ||
		!slices.Contains(names(refs.PullRequests), "refs/pr/1") || len(refs.Branches[0].TargetCommit) != 40 {
		t.Fatalf("refs: %+v", refs)
	}
	w, err := c.Whoami(ctx)
	if err != nil || w.Name != "alice" || w.Type != "user" || w.Auth.AccessToken == nil || w.Auth.AccessToken.Role != "write" ||
		len(w.Orgs) != 1 || w.Orgs[0].Name != "acme" {
		t.Fatalf("whoami: %+v, %v", w, err)
	}
	for _, tc := range []struct {
		repo string
		want bool
	}{{tinyModel, true}, {"alice/nope", false}, {"alice/private-model", true}} {
		if ok, err := c.RepoExists(ctx, tc.repo, nil); err != nil || ok != tc.want {
			t.Fatalf("RepoExists(%s) = %v, %v", tc.repo, ok, err)
		}
	}
	for rev, want := range map[string]bool{"dev": true, "v1.0": true, "nope": false} {
		if ok, err := c.RevisionExists(ctx, tinyModel, rev, nil); err != nil || ok != want {
			t.Fatalf("RevisionExists(%s) = %v, %v", rev, ok, err)
		}
	}
	if ok, err := c.RepoExists(ctx, "alice/tiny-dataset", &RepoOptions{RepoType: "dataset"}); err != nil || !ok {
		t.Fatalf("RepoExists(dataset) = %v, %v", ok, err)
	}
	for _, tc := range []struct {
		file string
		want bool
	}{{"config.json", true}, {"onnx/model.onnx", true}, {"nope.txt", false}} {
		if ok, err := c.FileExists(ctx, tinyModel, tc.file, nil); err != nil || ok != tc.want {
			t.Fatalf("FileExists(%s) = %v, %v", tc.file, ok, err)
		}
	}
}

func TestCall(t *testing.T) {
	c, _ := newClient(t)
	raw, err := c.Call(context.Background(), "revision_exists", map[string]any{"repo_id": tinyModel, "revision": "dev"})
	if err != nil || string(raw) != "true" {
		t.Fatalf("revision_exists: %s, %v", raw, err)
	}
	// A listing through Call is a JSON array of every item.
	raw, err = c.Call(context.Background(), "list_repo_commits", json.RawMessage(`{"repo_id": "alice/tiny-model"}`))
	if err != nil {
		t.Fatal(err)
	}
	var commits []GitCommitInfo
	if err := json.Unmarshal(raw, &commits); err != nil || len(commits) != 4 {
		t.Fatalf("commits: %d, %v", len(commits), err)
	}
	n := 0
	for item, err := range c.CallPager(context.Background(), "list_repo_files", map[string]any{"repo_id": tinyModel}) {
		if err != nil {
			t.Fatal(err)
		}
		var s string
		if err := json.Unmarshal(item, &s); err != nil {
			t.Fatal(err)
		}
		n++
	}
	if n != 11 {
		t.Fatalf("list_repo_files: %d items, want 11", n)
	}
	checkNoPagers(t)
}

func TestListing(t *testing.T) {
	c, _ := newClient(t)
	ctx := context.Background()

	// Nine public models and alice's private ones, two per page (hubsim --page-size 2).
	var ids []string
	for m, err := range c.ListModels(ctx, nil) {
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, m.ID)
	}
	if len(ids) < 9 || !slices.Contains(ids, tinyModel) || !slices.Contains(ids, "bob/bert-tiny") {
		t.Fatalf("ListModels: %v", ids)
	}
	slices.Sort(ids)
	if len(slices.Compact(slices.Clone(ids))) != len(ids) {
		t.Fatalf("ListModels repeated items across pages: %v", ids)
	}
	checkNoPagers(t)

	n := 0
	for m, err := range c.ListModels(ctx, &ListModelsOptions{Author: "acme", Sort: "downloads"}) {
		if err != nil {
			t.Fatal(err)
		}
		if !strings.HasPrefix(m.ID, "acme/") {
			t.Fatalf("author filter: %s", m.ID)
		}
		n++
	}
	if n < 3 {
		t.Fatalf("acme models: %d", n)
	}

	// An early break frees the pager; so does an early return from a nested loop.
	n = 0
	for _, err := range c.ListModels(ctx, nil) {
		if err != nil {
			t.Fatal(err)
		}
		n++
		if livePagers.Load() != 1 {
			t.Fatalf("live pagers inside the loop: %d", livePagers.Load())
		}
		if n == 3 {
			break
		}
	}
	checkNoPagers(t)
	func() {
		for range c.ListRepoCommits(ctx, tinyModel, nil) {
			return
		}
	}()
	checkNoPagers(t)

	var datasets, spaces []string
	for d, err := range c.ListDatasets(ctx, &ListModelsOptions{Author: "alice"}) {
		if err != nil {
			t.Fatal(err)
		}
		datasets = append(datasets, d.ID)
	}
	for s, err := range c.ListSpaces(ctx, &ListModelsOptions{Limit: 2}) {
		if err != nil {
			t.Fatal(err)
		}
		spaces = append(spaces, s.ID)
	}
	if !slices.Contains(datasets, "alice/tiny-dataset") || len(spaces) != 2 {
		t.Fatalf("datasets %v, spaces %v", datasets, spaces)
	}
	checkNoPagers(t)

	var files, dirs []string
	var big *RepoFile
	for e, err := range c.ListRepoTree(ctx, tinyModel, &ListRepoTreeOptions{Recursive: true}) {
		if err != nil {
			t.Fatal(err)
		}
		switch {
		case e.File != nil:
			files = append(files, e.Path())
			if e.File.Path == bigFile {
				big = e.File
			}
		case e.Folder != nil:
			dirs = append(dirs, e.Path())
			if len(e.Folder.TreeID) != 40 {
				t.Fatalf("folder: %+v", e.Folder)
			}
		}
	}
	if len(files) != 11 || !slices.Contains(dirs, "onnx") || !slices.Contains(dirs, "onnx/sub dir") {
		t.Fatalf("tree: files %v dirs %v", files, dirs)
	}
	if big == nil || big.Size != bigSize || big.LFS == nil || len(big.LFS.SHA256) != 64 || len(big.BlobID) != 40 {
		t.Fatalf("big.bin entry: %+v", big)
	}

	var commits []GitCommitInfo
	for ci, err := range c.ListRepoCommits(ctx, tinyModel, &RevisionOptions{Revision: "main"}) {
		if err != nil {
			t.Fatal(err)
		}
		commits = append(commits, ci)
	}
	if len(commits) != 4 || commits[3].Title != "Initial commit" || commits[0].CreatedAt.Before(commits[3].CreatedAt) {
		t.Fatalf("commits: %+v", commits)
	}

	var paths []string
	for p, err := range c.ListRepoFiles(ctx, "alice/tiny-dataset", &RevisionOptions{RepoType: "dataset"}) {
		if err != nil {
			t.Fatal(err)
		}
		paths = append(paths, p)
	}
	if !slices.Contains(paths, "data/train.csv") {
		t.Fatalf("dataset files: %v", paths)
	}

	// An error ends the sequence after one (zero value, err) pair.
	var errs int
	for _, err := range c.ListRepoFiles(ctx, "alice/nope", nil) {
		if !errors.Is(err, ErrRepoNotFound) {
			t.Fatalf("listing a missing repo: %v", err)
		}
		errs++
	}
	if errs != 1 {
		t.Fatalf("%d errors yielded", errs)
	}
	checkNoPagers(t)

	// A cancelled context ends a listing.
	cctx, cancel := context.WithCancel(ctx)
	defer cancel()
	n = 0
	for _, err := range c.ListModels(cctx, nil) {
		if err != nil {
			if !errors.Is(err, context.Canceled) || !errors.Is(err, ErrCancelled) {
				t.Fatalf("cancelled listing: %v", err)
			}
			break
		}
		n++
		cancel()
	}
	if n != 1 {
		t.Fatalf("%d items after cancel", n)
	}
	checkNoPagers(t)
}

func TestErrors(t *testing.T) {
	c, _ := newClient(t, func(o *Options) { o.MaxRetries = new(int) })
	anon, _ := newClient(t, func(o *Options) { o.Token = ""; o.NoToken = true })
	offline, _ := newClient(t, func(o *Options) { o.Offline = true })
	ctx := context.Background()
	cancelled, cancel := context.WithCancel(ctx)
	cancel()
	injectFault(t, `{"path_prefix": "/api/models/alice/rate-limited", "action": {"type": "status", "status": 429, "headers": {"Retry-After": "7"}}}`)

	type tc struct {
		name  string
		call  func() error
		is    []error
		isNot []error
	}
	cases := []tc{
		{"repo not found", func() error { _, err := c.ModelInfo(ctx, "alice/nope", nil); return err },
			[]error{ErrRepoNotFound, ErrNotFound}, []error{ErrEntryNotFound, ErrGated}},
		{"private repo of another user", func() error {
			_, err := c.ModelInfo(ctx, "alice/private-model", &InfoOptions{Token: bobToken})
			return err
		}, []error{ErrRepoNotFound}, nil},
		{"revision not found", func() error {
			_, err := c.HfHubDownload(ctx, tinyModel, "config.json", &DownloadOptions{Revision: "nope"})
			return err
		}, []error{ErrRevisionNotFound, ErrNotFound}, []error{ErrRepoNotFound}},
		{"entry not found", func() error { _, err := c.HfHubDownload(ctx, tinyModel, "nope.txt", nil); return err },
			[]error{ErrEntryNotFound, ErrNotFound}, []error{ErrRepoNotFound}},
		{"gated", func() error {
			_, err := c.HfHubDownload(ctx, "alice/gated-model", "config.json", &DownloadOptions{Token: bobToken})
			return err
		}, []error{ErrGated, ErrForbidden}, []error{ErrDisabled}},
		{"gated file_exists", func() error {
			_, err := c.FileExists(ctx, "alice/gated-model", "config.json", &RevisionOptions{Token: bobToken})
			return err
		}, []error{ErrGated}, nil},
		{"disabled", func() error { _, err := c.ModelInfo(ctx, "alice/disabled-model", nil); return err },
			[]error{ErrDisabled, ErrForbidden}, []error{ErrGated}},
		{"invalid token", func() error {
			_, err := c.ModelInfo(ctx, "alice/private-model", &InfoOptions{Token: invalidToken})
			return err
		}, []error{ErrUnauthorized}, []error{ErrForbidden}},
		{"whoami without token", func() error { _, err := anon.Whoami(ctx); return err },
			[]error{ErrUnauthorized}, nil},
		{"rate limited", func() error { _, err := c.ModelInfo(ctx, "alice/rate-limited", nil); return err },
			[]error{ErrRateLimited}, []error{ErrNotFound}},
		{"offline miss", func() error { _, err := offline.HfHubDownload(ctx, tinyModel, "config.json", nil); return err },
			[]error{ErrOfflineMiss}, nil},
		{"local_files_only miss", func() error {
			_, err := c.HfHubDownload(ctx, tinyModel, "README.md", &DownloadOptions{LocalFilesOnly: true})
			return err
		}, []error{ErrOfflineMiss}, nil},
		{"unknown operation", func() error { _, err := c.Call(ctx, "model_infox", nil); return err },
			[]error{ErrInvalidArgument}, nil},
		{"unknown argument", func() error {
			_, err := c.Call(ctx, "model_info", map[string]any{"repo_id": tinyModel, "colour": "red"})
			return err
		}, []error{ErrInvalidArgument}, nil},
		{"invalid repo id", func() error { _, err := c.ModelInfo(ctx, "a/b/c", nil); return err },
			[]error{ErrInvalidArgument}, nil},
		{"not a listing", func() error {
			for _, err := range c.CallPager(ctx, "model_info", map[string]any{"repo_id": tinyModel}) {
				return err
			}
			return nil
		}, []error{ErrInvalidArgument}, nil},
		{"cancelled context", func() error { _, err := c.ModelInfo(cancelled, tinyModel, nil); return err },
			[]error{ErrCancelled, context.Canceled}, nil},
	}
	for _, tc := range cases {
		t.Run(strings.ReplaceAll(tc.name, " ", "_"), func(t *testing.T) {
			err := tc.call()
			var e *Error
			if !errors.As(err, &e) {
				t.Fatalf("want an *Error, got %T %v", err, err)
			}
			for _, s := range tc.is {
				if !errors.Is(err, s) {
					t.Errorf("errors.Is(%v, %v) = false (status %v, kind %q)", err, s, e.Status, e.Kind)
				}
			}
			for _, s := range tc.isNot {
				if errors.Is(err, s) {
					t.Errorf("errors.Is(%v, %v) = true", err, s)
				}
			}
		})
	}

	// The details of an HTTP error are copied.
	_, err := c.ModelInfo(ctx, "alice/nope", nil)
	var e *Error
	if !errors.As(err, &e) || e.Status != StatusNotFound || e.Kind != "RepoNotFound" || e.HTTPStatus != 404 ||
		e.RequestID == "" || e.ErrorCode != "RepoNotFound" || e.ServerMessage == "" ||
		!strings.HasSuffix(e.URL, "/api/models/alice/nope") || !strings.Contains(e.Error(), "not found") {
		t.Fatalf("error details: %#v", e)
	}
	_, err = c.ModelInfo(ctx, "alice/rate-limited", nil)
	if !errors.As(err, &e) || e.HTTPStatus != 429 || e.RetryAfter != 7*time.Second {
		t.Fatalf("rate limit details: %#v", e)
	}
}

// listFiles returns the regular files under dir, relative to it.
func listFiles(t *testing.T, dir string) []string {
	t.Helper()
	var files []string
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.Type().IsRegular() || d.Type()&fs.ModeSymlink != 0 {
			rel, _ := filepath.Rel(dir, p)
			files = append(files, rel)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

func TestCancelThrottledDownload(t *testing.T) {
	c, cache := newClient(t)
	// 3 MiB at 256 KiB/s would take 12 s.
	injectFault(t, `{"path_prefix": "/_cdn/", "action": {"type": "throttle", "bytes_per_second": 262144}}`)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var cancelledAt atomic.Int64
	var bytesSeen uint64
	go func() {
		time.Sleep(700 * time.Millisecond)
		cancelledAt.Store(time.Now().UnixNano())
		cancel()
	}()
	start := time.Now()
	path, err := c.HfHubDownload(ctx, tinyModel, bigFile, &DownloadOptions{Progress: func(p Progress) error {
		bytesSeen = p.BytesDone
		return nil
	}})
	returned := time.Now()
	if err == nil {
		t.Fatalf("download finished despite the cancel: %s", path)
	}
	if !errors.Is(err, context.Canceled) || !errors.Is(err, ErrCancelled) {
		t.Fatalf("want context.Canceled and ErrCancelled, got %v", err)
	}
	if lag := returned.Sub(time.Unix(0, cancelledAt.Load())); lag > 2*time.Second {
		t.Fatalf("returned %v after the cancel (%v in all)", lag, returned.Sub(start))
	}
	if bytesSeen == 0 || bytesSeen >= bigSize {
		t.Fatalf("progress saw %d bytes before the cancel", bytesSeen)
	}
	t.Logf("cancelled after %d bytes; returned %v after the cancel", bytesSeen, returned.Sub(time.Unix(0, cancelledAt.Load())))
	for _, f := range listFiles(t, cache) {
		if strings.Contains(f, "blobs") || strings.Contains(f, "snapshots") || strings.HasSuffix(f, ".incomplete") {
			t.Errorf("partial file left in the cache: %s", f)
		}
	}
}

func TestProgress(t *testing.T) {
	c, _ := newClient(t)
	ctx := context.Background()
	var events []Progress
	path, err := c.HfHubDownload(ctx, tinyModel, bigFile, &DownloadOptions{Progress: func(p Progress) error {
		events = append(events, p)
		return nil
	}})
	if err != nil {
		t.Fatal(err)
	}
	if fi, err := os.Stat(path); err != nil || fi.Size() != bigSize {
		t.Fatalf("downloaded file: %v %v", fi, err)
	}
	if len(events) < 3 || events[0].Kind != ProgressStarted || events[len(events)-1].Kind != ProgressFinished {
		t.Fatalf("events: %+v", events)
	}
	last := events[len(events)-1]
	if last.Path != bigFile || last.BytesDone != bigSize || last.BytesTotal != bigSize || last.FileCount != 1 {
		t.Fatalf("last event: %+v", last)
	}
	for i := 1; i < len(events); i++ {
		if events[i].Kind == ProgressBytes && events[i-1].Kind == ProgressBytes && events[i].BytesDone < events[i-1].BytesDone {
			t.Fatalf("bytes went back: %+v then %+v", events[i-1], events[i])
		}
	}

	// A progress func returning an error cancels; the error is wrapped.
	c2, cache2 := newClient(t)
	stop := errors.New("enough")
	n := 0
	_, err = c2.HfHubDownload(ctx, tinyModel, bigFile, &DownloadOptions{Progress: func(p Progress) error {
		if n++; p.Kind == ProgressBytes {
			return stop
		}
		return nil
	}})
	if !errors.Is(err, ErrCancelled) || !errors.Is(err, stop) || errors.Is(err, context.Canceled) {
		t.Fatalf("progress veto: %v", err)
	}
	for _, f := range listFiles(t, cache2) {
		if strings.Contains(f, "blobs") {
			t.Errorf("partial file left in the cache: %s", f)
		}
	}

	// A panic in the func cancels the call and is re-raised after it.
	func() {
		defer func() {
			if r := recover(); r != "boom" {
				t.Fatalf("recovered %v, want boom", r)
			}
		}()
		_, _ = c2.HfHubDownload(ctx, tinyModel, bigFile, &DownloadOptions{Progress: func(Progress) error { panic("boom") }})
		t.Fatal("no panic")
	}()

	// Progress over a snapshot: several files.
	c3, _ := newClient(t)
	files := map[string]bool{}
	var finished int
	dir, err := c3.SnapshotDownload(ctx, tinyModel, &SnapshotDownloadOptions{AllowPatterns: []string{"onnx/*"}, MaxWorkers: 1,
		Progress: func(p Progress) error {
			files[p.Path] = true
			if p.Kind == ProgressFinished {
				finished++
			}
			return nil
		}})
	if err != nil || !files["onnx/model.onnx"] || finished < 2 {
		t.Fatalf("snapshot progress: %v %v %d, %v", dir, files, finished, err)
	}
}

func TestDownload(t *testing.T) {
	c, cache := newClient(t)
	ctx := context.Background()
	path, err := c.HfHubDownload(ctx, tinyModel, "config.json", nil)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(path, filepath.Join(cache, "models--alice--tiny-model", "snapshots")) {
		t.Fatalf("path %s is not in the cache %s", path, cache)
	}
	b, err := os.ReadFile(path)
	if err != nil || !bytes.Contains(b, []byte("gpt2")) {
		t.Fatalf("config.json: %s, %v", b, err)
	}
	// Cached now: found without the network.
	again, err := c.HfHubDownload(ctx, tinyModel, "config.json", &DownloadOptions{LocalFilesOnly: true})
	if err != nil || again != path {
		t.Fatalf("local_files_only: %s, %v", again, err)
	}
	p, err := c.HfHubDownload(ctx, tinyModel, "notes.txt", &DownloadOptions{Subfolder: "onnx/sub dir"})
	if err != nil || !strings.HasSuffix(p, "onnx/sub dir/notes.txt") {
		t.Fatalf("subfolder: %s, %v", p, err)
	}
	local := t.TempDir()
	p, err = c.HfHubDownload(ctx, "alice/tiny-dataset", "data/train.csv", &DownloadOptions{RepoType: "dataset", LocalDir: local})
	if err != nil || p != filepath.Join(local, "data", "train.csv") {
		t.Fatalf("local_dir: %s, %v", p, err)
	}

	dir, err := c.SnapshotDownload(ctx, tinyModel, &SnapshotDownloadOptions{Revision: "v1.0"})
	if err != nil {
		t.Fatal(err)
	}
	refs, _ := c.ListRepoRefs(ctx, tinyModel, nil)
	if filepath.Base(dir) != refs.Tags[0].TargetCommit {
		t.Fatalf("snapshot dir %s is not the commit of v1.0", dir)
	}
	got := listFiles(t, dir)
	if !slices.Contains(got, "config.json") || slices.Contains(got, "onnx/model.onnx") {
		t.Fatalf("snapshot of v1.0: %v", got)
	}
	dir, err = c.SnapshotDownload(ctx, tinyModel, &SnapshotDownloadOptions{
		AllowPatterns: []string{"*.json"}, IgnorePatterns: []string{"tokenizer*"}, CacheDir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	got = listFiles(t, dir)
	slices.Sort(got)
	if want := []string{"config.json", "onnx/config.json"}; !slices.Equal(got, want) {
		t.Fatalf("filtered snapshot: %v, want %v", got, want)
	}
}

func TestConcurrentClient(t *testing.T) {
	c, _ := newClient(t)
	ctx := context.Background()
	var wg sync.WaitGroup
	errs := make(chan error, 16*8)
	for g := range 16 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 4 {
				// Interleave failures and successes so that a last error read on
				// the wrong OS thread would show.
				if (g+i)%2 == 0 {
					m, err := c.ModelInfo(ctx, tinyModel, nil)
					if err != nil || m.ID != tinyModel {
						errs <- fmt.Errorf("goroutine %d: model info: %v", g, err)
					}
				} else {
					_, err := c.ModelInfo(ctx, fmt.Sprintf("alice/missing-%d", g), nil)
					var e *Error
					if !errors.As(err, &e) || !errors.Is(err, ErrRepoNotFound) ||
						!strings.HasSuffix(e.URL, fmt.Sprintf("/missing-%d", g)) {
						errs <- fmt.Errorf("goroutine %d: want its own RepoNotFound, got %#v", g, err)
					}
				}
				runtime.Gosched()
				n := 0
				for _, err := range c.ListRepoFiles(ctx, tinyModel, nil) {
					if err != nil {
						errs <- err
						break
					}
					n++
				}
				if n != 11 {
					errs <- fmt.Errorf("goroutine %d: %d files", g, n)
				}
				p, err := c.HfHubDownload(ctx, tinyModel, "onnx/model.onnx", nil)
				if fi, serr := os.Stat(p); err != nil || serr != nil || fi.Size() != 65536 {
					errs <- fmt.Errorf("goroutine %d: download: %v %v", g, err, serr)
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	checkNoPagers(t)
}

func TestClose(t *testing.T) {
	c, err := New(&Options{Endpoint: hubURL})
	if err != nil {
		t.Fatal(err)
	}
	if err := c.Close(); err != nil {
		t.Fatal(err)
	}
	if err := c.Close(); err != nil {
		t.Fatal("second Close:", err)
	}
	if _, err := c.ModelInfo(context.Background(), tinyModel, nil); !errors.Is(err, ErrClosed) {
		t.Fatalf("after Close: %v", err)
	}
	for _, err := range c.ListModels(context.Background(), nil) {
		if !errors.Is(err, ErrClosed) {
			t.Fatalf("listing after Close: %v", err)
		}
	}
	// A bad configuration is an *Error.
	_, err = New(&Options{Extra: map[string]any{"colour": "red"}})
	if !errors.Is(err, ErrInvalidArgument) {
		t.Fatalf("bad config: %v", err)
	}
	// Clients left to the finalizer.
	for range 20 {
		if _, err := New(&Options{Endpoint: hubURL}); err != nil {
			t.Fatal(err)
		}
	}
	runtime.GC()
}

func TestNewFromEnv(t *testing.T) {
	t.Setenv("HF_HUB_CACHE", t.TempDir())
	c, err := NewFromEnv()
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	w, err := c.Whoami(context.Background())
	if err != nil || w.Name != "alice" {
		t.Fatalf("whoami from env: %+v, %v", w, err)
	}
	c2, err := New(&Options{FromEnv: true, Token: bobToken})
	if err != nil {
		t.Fatal(err)
	}
	defer c2.Close()
	if w, err := c2.Whoami(context.Background()); err != nil || w.Name != "bob" {
		t.Fatalf("whoami from env with token override: %+v, %v", w, err)
	}
}
