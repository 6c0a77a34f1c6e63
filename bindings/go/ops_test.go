package hfhub

import (
	"bufio"
	"os"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// typedMethods maps every operation of the dispatch table (Python names) to
// the typed method of Client that runs it.
var typedMethods = map[string]string{
	"whoami":                           "Whoami",
	"get_token_permission":             "GetTokenPermission",
	"get_full_repo_name":               "GetFullRepoName",
	"get_user_overview":                "GetUserOverview",
	"list_organization_members":        "ListOrganizationMembers",
	"list_user_followers":              "ListUserFollowers",
	"list_user_following":              "ListUserFollowing",
	"get_model_tags":                   "GetModelTags",
	"get_dataset_tags":                 "GetDatasetTags",
	"list_metrics":                     "ListMetrics",
	"list_models":                      "ListModels",
	"list_datasets":                    "ListDatasets",
	"list_spaces":                      "ListSpaces",
	"like":                             "Like",
	"unlike":                           "Unlike",
	"list_liked_repos":                 "ListLikedRepos",
	"list_repo_likers":                 "ListRepoLikers",
	"model_info":                       "ModelInfo",
	"dataset_info":                     "DatasetInfo",
	"space_info":                       "SpaceInfo",
	"repo_info":                        "RepoInfo",
	"repo_exists":                      "RepoExists",
	"revision_exists":                  "RevisionExists",
	"file_exists":                      "FileExists",
	"hf_hub_url":                       "HfHubURL",
	"get_hf_file_metadata":             "GetHfFileMetadata",
	"list_repo_tree":                   "ListRepoTree",
	"list_repo_files":                  "ListRepoFiles",
	"get_paths_info":                   "GetPathsInfo",
	"list_repo_refs":                   "ListRepoRefs",
	"list_repo_commits":                "ListRepoCommits",
	"create_repo":                      "CreateRepo",
	"delete_repo":                      "DeleteRepo",
	"update_repo_visibility":           "UpdateRepoVisibility",
	"update_repo_settings":             "UpdateRepoSettings",
	"list_files_info":                  "ListFilesInfo",
	"move_repo":                        "MoveRepo",
	"duplicate_space":                  "DuplicateSpace",
	"create_branch":                    "CreateBranch",
	"delete_branch":                    "DeleteBranch",
	"create_tag":                       "CreateTag",
	"delete_tag":                       "DeleteTag",
	"super_squash_history":             "SuperSquashHistory",
	"list_pending_access_requests":     "ListPendingAccessRequests",
	"list_accepted_access_requests":    "ListAcceptedAccessRequests",
	"list_rejected_access_requests":    "ListRejectedAccessRequests",
	"accept_access_request":            "AcceptAccessRequest",
	"reject_access_request":            "RejectAccessRequest",
	"cancel_access_request":            "CancelAccessRequest",
	"grant_access":                     "GrantAccess",
	"get_repo_discussions":             "GetRepoDiscussions",
	"get_discussion_details":           "GetDiscussionDetails",
	"create_discussion":                "CreateDiscussion",
	"create_pull_request":              "CreatePullRequest",
	"comment_discussion":               "CommentDiscussion",
	"rename_discussion":                "RenameDiscussion",
	"change_discussion_status":         "ChangeDiscussionStatus",
	"merge_pull_request":               "MergePullRequest",
	"edit_discussion_comment":          "EditDiscussionComment",
	"hide_discussion_comment":          "HideDiscussionComment",
	"list_collections":                 "ListCollections",
	"get_collection":                   "GetCollection",
	"create_collection":                "CreateCollection",
	"update_collection_metadata":       "UpdateCollectionMetadata",
	"delete_collection":                "DeleteCollection",
	"add_collection_item":              "AddCollectionItem",
	"update_collection_item":           "UpdateCollectionItem",
	"delete_collection_item":           "DeleteCollectionItem",
	"hf_hub_download":                  "HfHubDownload",
	"snapshot_download":                "SnapshotDownload",
	"try_to_load_from_cache":           "TryToLoadFromCache",
	"scan_cache_dir":                   "ScanCacheDir",
	"delete_revisions":                 "DeleteRevisions",
	"create_commit":                    "CreateCommit",
	"upload_file":                      "UploadFile",
	"preupload_lfs_files":              "PreuploadLfsFiles",
	"upload_folder":                    "UploadFolder",
	"plan_multi_commits":               "PlanMultiCommits",
	"create_commits_on_pr":             "CreateCommitsOnPR",
	"delete_file":                      "DeleteFile",
	"delete_folder":                    "DeleteFolder",
	"get_safetensors_metadata":         "GetSafetensorsMetadata",
	"parse_safetensors_file_metadata":  "ParseSafetensorsFileMetadata",
	"get_space_runtime":                "GetSpaceRuntime",
	"request_space_hardware":           "RequestSpaceHardware",
	"set_space_sleep_time":             "SetSpaceSleepTime",
	"pause_space":                      "PauseSpace",
	"restart_space":                    "RestartSpace",
	"request_space_storage":            "RequestSpaceStorage",
	"delete_space_storage":             "DeleteSpaceStorage",
	"add_space_secret":                 "AddSpaceSecret",
	"delete_space_secret":              "DeleteSpaceSecret",
	"get_space_variables":              "GetSpaceVariables",
	"add_space_variable":               "AddSpaceVariable",
	"delete_space_variable":            "DeleteSpaceVariable",
	"list_inference_endpoints":         "ListInferenceEndpoints",
	"create_inference_endpoint":        "CreateInferenceEndpoint",
	"get_inference_endpoint":           "GetInferenceEndpoint",
	"update_inference_endpoint":        "UpdateInferenceEndpoint",
	"delete_inference_endpoint":        "DeleteInferenceEndpoint",
	"pause_inference_endpoint":         "PauseInferenceEndpoint",
	"resume_inference_endpoint":        "ResumeInferenceEndpoint",
	"scale_to_zero_inference_endpoint": "ScaleToZeroInferenceEndpoint",
}

// dispatchOperations reads the operation names of the `ops!` table in
// src/dispatch.rs (the C ABI exports no list of them).
func dispatchOperations(t *testing.T) []string {
	t.Helper()
	f, err := os.Open("../../src/dispatch.rs")
	if err != nil {
		t.Fatalf("reading the dispatch table: %v", err)
	}
	defer f.Close()
	entry := regexp.MustCompile(`^    ([a-z0-9_]+) => `)
	var names []string
	in := false
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		line := sc.Text()
		switch {
		case !in && strings.HasPrefix(line, "ops! {"):
			in = true
		case in && line == "}":
			in = false
		case in:
			if m := entry.FindStringSubmatch(line); m != nil {
				names = append(names, m[1])
			}
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	if len(names) < 50 {
		t.Fatalf("found only %d operations in src/dispatch.rs: has the ops! table changed shape?", len(names))
	}
	return names
}

// TestEveryOperationHasATypedMethod fails when an operation of the dispatch
// table has no typed method, or the table above names a missing method or an
// operation that no longer exists.
func TestEveryOperationHasATypedMethod(t *testing.T) {
	ops := dispatchOperations(t)
	client := reflect.TypeOf((*Client)(nil))
	for _, op := range ops {
		m, ok := typedMethods[op]
		if !ok {
			t.Errorf("operation %q of src/dispatch.rs has no typed method (add one and list it in typedMethods)", op)
			continue
		}
		if _, ok := client.MethodByName(m); !ok {
			t.Errorf("operation %q: Client has no method %s", op, m)
		}
	}
	for op := range typedMethods {
		if !slices.Contains(ops, op) {
			t.Errorf("typedMethods lists %q, which is not in src/dispatch.rs", op)
		}
	}
}
