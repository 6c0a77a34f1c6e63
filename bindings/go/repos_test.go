package hfhub

import (
	"bytes"
	"context"
	"slices"
	"strings"
	"testing"
)

func TestRepoInfoAndFiles(t *testing.T) {
	c, _ := newClient(t)
	ctx := context.Background()

	ri, err := c.RepoInfo(ctx, "alice/tiny-dataset", &RepoInfoOptions{RepoType: "dataset"})
	if err != nil {
		t.Fatal(err)
	}
	if ri.Dataset == nil || ri.Model != nil || ri.ID() != "alice/tiny-dataset" || ri.Dataset.Description != "A tiny dataset for tests." {
		t.Fatalf("dataset repo info: %+v", ri)
	}
	ri, err = c.RepoInfo(ctx, tinyModel, &RepoInfoOptions{Revision: "v1.0"})
	if err != nil || ri.Model == nil || ri.Model.ID != tinyModel || len(ri.Model.SHA) != 40 {
		t.Fatalf("model repo info: %+v, %v", ri, err)
	}
	ri, err = c.RepoInfo(ctx, "alice/demo-space", &RepoInfoOptions{RepoType: "space"})
	if err != nil || ri.Space == nil || ri.Space.SDK != "gradio" {
		t.Fatalf("space repo info: %+v, %v", ri, err)
	}
	_, err = c.RepoInfo(ctx, "alice/no-such-dataset", &RepoInfoOptions{RepoType: "dataset"})
	wantIs(t, "unknown repo", err, ErrRepoNotFound, ErrNotFound)

	url, err := c.HfHubURL(ctx, tinyModel, "notes.txt", &HfHubURLOptions{Subfolder: "onnx/sub dir", Revision: "v1.0"})
	if err != nil || url != hubURL+"/alice/tiny-model/resolve/v1.0/onnx/sub%20dir/notes.txt" {
		t.Fatalf("hf_hub_url: %q, %v", url, err)
	}
	dsURL, err := c.HfHubURL(ctx, "alice/tiny-dataset", "README.md", &HfHubURLOptions{RepoType: "dataset"})
	if err != nil || dsURL != hubURL+"/datasets/alice/tiny-dataset/resolve/main/README.md" {
		t.Fatalf("dataset hf_hub_url: %q, %v", dsURL, err)
	}
	st, err := c.HfHubURL(ctx, tinyModel, "model.safetensors", nil)
	if err != nil {
		t.Fatal(err)
	}
	meta, err := c.GetHfFileMetadata(ctx, st, 0)
	if err != nil {
		t.Fatal(err)
	}
	if meta.Size == nil || *meta.Size != 536 || len(meta.ETag) != 64 || len(meta.CommitHash) != 40 || !strings.Contains(meta.Location, "/_cdn/") {
		t.Fatalf("file metadata: %+v", meta)
	}
	missing, _ := c.HfHubURL(ctx, tinyModel, "no-such-file", nil)
	_, err = c.GetHfFileMetadata(ctx, missing, 0)
	wantIs(t, "metadata of a missing file", err, ErrEntryNotFound, ErrNotFound)

	entries, err := c.GetPathsInfo(ctx, tinyModel, []string{"config.json", "onnx", "no-such-path"}, &GetPathsInfoOptions{Expand: true})
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != 2 || entries[0].File == nil || entries[0].File.Size != 117 || entries[0].File.LastCommit == nil ||
		entries[1].Folder == nil || entries[1].Path() != "onnx" {
		t.Fatalf("paths info: %+v", entries)
	}
	_, err = c.GetPathsInfo(ctx, tinyModel, []string{"config.json"}, &GetPathsInfoOptions{Revision: "no-such-rev"})
	wantIs(t, "paths info at an unknown revision", err, ErrRevisionNotFound)

	tags, err := c.GetModelTags(ctx)
	if err != nil || len(tags) == 0 || len(tags["pipeline_tag"]) == 0 || tags["pipeline_tag"][0].ID == "" {
		t.Fatalf("model tags: %v, %v", tags, err)
	}
	dtags, err := c.GetDatasetTags(ctx)
	if err != nil || len(dtags) == 0 {
		t.Fatalf("dataset tags: %v, %v", dtags, err)
	}
	metrics, err := c.ListMetrics(ctx)
	if err != nil || !slices.ContainsFunc(metrics, func(m MetricInfo) bool {
		return m.ID == "accuracy" && m.SpaceID == "evaluate-metric/accuracy" && m.Description != ""
	}) {
		t.Fatalf("metrics: %+v, %v", metrics, err)
	}
}

func TestRepoManagement(t *testing.T) {
	c, _ := newClient(t)
	ctx := context.Background()
	const repo, moved = "alice/go-manage-test", "alice/go-manage-moved"
	_ = c.DeleteRepo(ctx, moved, &DeleteRepoOptions{MissingOK: true})
	tempRepo(t, c, repo, nil)
	defer c.DeleteRepo(ctx, moved, &DeleteRepoOptions{MissingOK: true})

	s, err := c.UpdateRepoVisibility(ctx, repo, true, nil)
	if err != nil || !s.Private || len(s.Raw) == 0 {
		t.Fatalf("make private: %+v, %v", s, err)
	}
	if info, err := c.ModelInfo(ctx, repo, nil); err != nil || !info.Private {
		t.Fatalf("private flag: %+v, %v", info, err)
	}
	if s, err = c.UpdateRepoVisibility(ctx, repo, false, nil); err != nil || s.Private {
		t.Fatalf("make public: %+v, %v", s, err)
	}
	_, err = c.UpdateRepoVisibility(ctx, "alice/no-such-repo", true, nil)
	wantIs(t, "visibility of an unknown repo", err, ErrRepoNotFound)

	// preupload an LFS file, then commit it with a regular one; delete a file and a folder.
	big := bytes.Repeat([]byte{0, 1, 2, 3}, 4096)
	adds := []CommitOperation{AddBytes("w/weights.bin", big), AddBytes("w/notes.txt", []byte("n")), AddBytes("keep.txt", []byte("k"))}
	if err := c.PreuploadLfsFiles(ctx, repo, adds[:1], nil); err != nil {
		t.Fatal(err)
	}
	if _, err := c.CreateCommit(ctx, repo, adds, "Add files", nil); err != nil {
		t.Fatal(err)
	}
	ci, err := c.DeleteFile(ctx, repo, "keep.txt", &CommitOptions{CommitMessage: "Remove keep.txt"})
	if err != nil || ci.CommitMessage != "Remove keep.txt" || len(ci.OID) != 40 {
		t.Fatalf("delete_file: %+v, %v", ci, err)
	}
	_, err = c.DeleteFile(ctx, repo, "keep.txt", nil)
	wantIs(t, "deleting a deleted file", err, ErrEntryNotFound, ErrNotFound)
	if ci, err = c.DeleteFolder(ctx, repo, "w", nil); err != nil || len(ci.OID) != 40 {
		t.Fatalf("delete_folder: %+v, %v", ci, err)
	}
	files := collect(t, c.ListRepoFiles(ctx, repo, nil))
	if !slices.Equal(files, []string{".gitattributes"}) {
		t.Fatalf("files left: %v", files)
	}
	err = c.PreuploadLfsFiles(ctx, "alice/no-such-repo", adds[:1], nil)
	wantIs(t, "preupload to an unknown repo", err, ErrRepoNotFound)

	if err := c.MoveRepo(ctx, repo, moved, nil); err != nil {
		t.Fatal(err)
	}
	if ok, err := c.RepoExists(ctx, moved, nil); err != nil || !ok {
		t.Fatalf("moved repo: %v, %v", ok, err)
	}
	if ok, err := c.RepoExists(ctx, repo, nil); err != nil || ok {
		t.Fatalf("old name still there: %v, %v", ok, err)
	}
	wantIs(t, "moving an unknown repo", c.MoveRepo(ctx, "alice/no-such-repo", "alice/other-name", nil), ErrRepoNotFound)
}

func TestUpdateRepoSettingsAndListFilesInfo(t *testing.T) {
	c, _ := newClient(t)
	ctx := context.Background()
	const repo = "alice/go-settings-test"
	tempRepo(t, c, repo, nil)

	manual, yes := Gated("manual"), true
	if err := c.UpdateRepoSettings(ctx, repo, RepoSettingsUpdate{Gated: &manual, Private: &yes}, nil); err != nil {
		t.Fatal(err)
	}
	info, err := c.ModelInfo(ctx, repo, nil)
	if err != nil || !info.Private || info.Gated != "manual" {
		t.Fatalf("settings not applied: %+v, %v", info, err)
	}
	off := Gated("")
	if err := c.UpdateRepoSettings(ctx, repo, RepoSettingsUpdate{Gated: &off}, nil); err != nil {
		t.Fatal(err)
	}
	if info, err = c.ModelInfo(ctx, repo, nil); err != nil || info.Gated.IsGated() {
		t.Fatalf("gate not lifted: %+v, %v", info, err)
	}
	wantIs(t, "empty settings change", c.UpdateRepoSettings(ctx, repo, RepoSettingsUpdate{}, nil), ErrInvalidArgument)
	wantIs(t, "settings of an unknown repo",
		c.UpdateRepoSettings(ctx, "alice/no-such-repo", RepoSettingsUpdate{Private: &yes}, nil), ErrRepoNotFound)

	// list_files_info: a file and a folder (expanded recursively); nil paths: everything
	files := collect(t, c.ListFilesInfo(ctx, "alice/tiny-model", &ListFilesInfoOptions{Paths: []string{"config.json", "onnx"}}))
	var got []string
	for _, f := range files {
		got = append(got, f.Path)
	}
	if len(got) < 3 || got[0] != "config.json" || !strings.HasPrefix(got[1], "onnx/") {
		t.Fatalf("list_files_info: %v", got)
	}
	all := collect(t, c.ListFilesInfo(ctx, "alice/tiny-model", nil))
	if len(all) <= len(got) {
		t.Fatalf("whole repository: %d files, picked %d", len(all), len(got))
	}
}
