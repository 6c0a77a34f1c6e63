/*
 * Walks every operation of the reference surface through hfhub_api_call
 * against a hubsim instance:
 *   test_all_ops <hub-url> <write-token> <cache-dir> <inference-endpoints-url>
 * Each operation gets plausible Python keyword arguments. An operation may fail
 * on its own terms (an HTTP or validation error from the operation is fine);
 * the check is that the dispatch table knows it and accepts its Python keyword
 * names: "unknown operation", "missing required argument" and "unexpected
 * argument" are failures. Every call prints one line; the exit status is the
 * number of failures.
 *
 * `reference_ops` is exactly the method index of
 * /work/shared/reference/hub-endpoints.md §1 (tests/bindings.rs checks it
 * against the reference so the list cannot go stale); `other_ops` holds the
 * HfApi operations the reference describes elsewhere (uploads, commits,
 * downloads, the cache, multi-commit PRs, later additions such as
 * update_repo_settings); every operation of the dispatch table must be in one
 * of the two lists. Placeholders in the arguments:
 * @URL@ (hub), @CACHE@ (cache folder), @DIR@ (a local folder to upload).
 */
#define _POSIX_C_SOURCE 200809L /* mkdtemp */

#include "hfhub.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct op {
  const char *name;
  const char *args;
};

#define TINY "\"repo_id\": \"alice/tiny-model\""
#define WALK "\"repo_id\": \"alice/ops-walk\""
#define SPACE "\"repo_id\": \"alice/demo-space\""
#define GATED "\"repo_id\": \"alice/gated-model\""
#define SLUG "\"collection_slug\": \"alice/tiny-picks-65c0ffee00000000000000a1\""
#define ENDPOINT "\"name\": \"ops-walk-endpoint\""

/* The index of hub-endpoints.md §1, one entry per method (ordered so that
 * what an operation needs exists when it runs). */
static const struct op reference_ops[] = {
    {"whoami", "{}"},
    {"get_token_permission", "{}"},
    {"get_full_repo_name", "{\"model_id\": \"ops-walk\"}"},
    {"get_user_overview", "{\"username\": \"alice\"}"},
    {"list_organization_members", "{\"organization\": \"acme\"}"},
    {"list_user_followers", "{\"username\": \"alice\"}"},
    {"list_user_following", "{\"username\": \"alice\"}"},
    {"get_model_tags", "{}"},
    {"get_dataset_tags", "{}"},
    {"list_metrics", "{}"},
    {"list_models", "{\"limit\": 2}"},
    {"list_datasets", "{\"limit\": 2}"},
    {"list_spaces", "{\"limit\": 2}"},
    {"like", "{" TINY "}"},
    {"unlike", "{" TINY "}"},
    {"list_liked_repos", "{\"user\": \"alice\"}"},
    {"list_repo_likers", "{" TINY "}"},
    {"model_info", "{" TINY "}"},
    {"dataset_info", "{\"repo_id\": \"alice/tiny-dataset\"}"},
    {"space_info", "{" SPACE "}"},
    {"repo_info", "{" TINY "}"},
    {"repo_exists", "{" TINY "}"},
    {"revision_exists", "{" TINY ", \"revision\": \"main\"}"},
    {"file_exists", "{" TINY ", \"filename\": \"config.json\"}"},
    {"get_hf_file_metadata", "{\"url\": \"@URL@/alice/tiny-model/resolve/main/config.json\"}"},
    {"list_repo_files", "{" TINY "}"},
    {"list_repo_tree", "{" TINY ", \"recursive\": true}"},
    {"get_paths_info", "{" TINY ", \"paths\": [\"config.json\", \"onnx\"]}"},
    {"list_files_info", "{" TINY ", \"paths\": [\"config.json\"]}"},
    {"list_repo_refs", "{" TINY "}"},
    {"list_repo_commits", "{" TINY "}"},
    {"create_repo", "{" WALK "}"},
    {"create_branch", "{" WALK ", \"branch\": \"walk-branch\"}"},
    {"delete_branch", "{" WALK ", \"branch\": \"walk-branch\"}"},
    {"create_tag", "{" WALK ", \"tag\": \"v1\"}"},
    {"delete_tag", "{" WALK ", \"tag\": \"v1\"}"},
    {"update_repo_visibility", "{" WALK ", \"private\": true}"},
    {"get_repo_discussions", "{" TINY "}"},
    {"get_discussion_details", "{" TINY ", \"discussion_num\": 1}"},
    {"create_discussion", "{" WALK ", \"title\": \"A discussion\", \"description\": \"text\"}"},
    {"create_pull_request", "{" WALK ", \"title\": \"A pull request\"}"},
    {"comment_discussion", "{" WALK ", \"discussion_num\": 1, \"comment\": \"a comment\"}"},
    {"rename_discussion", "{" WALK ", \"discussion_num\": 1, \"new_title\": \"Renamed\"}"},
    {"change_discussion_status", "{" WALK ", \"discussion_num\": 1, \"new_status\": \"closed\"}"},
    {"merge_pull_request", "{" WALK ", \"discussion_num\": 2, \"comment\": \"merging\"}"},
    {"edit_discussion_comment",
     "{" WALK ", \"discussion_num\": 1, \"comment_id\": \"65c0ffee0000000000000000\", "
     "\"new_content\": \"edited\"}"},
    {"hide_discussion_comment",
     "{" WALK ", \"discussion_num\": 1, \"comment_id\": \"65c0ffee0000000000000000\"}"},
    {"add_space_secret", "{" SPACE ", \"key\": \"WALK_SECRET\", \"value\": \"s\"}"},
    {"delete_space_secret", "{" SPACE ", \"key\": \"WALK_SECRET\"}"},
    {"get_space_variables", "{" SPACE "}"},
    {"add_space_variable", "{" SPACE ", \"key\": \"WALK_VAR\", \"value\": \"v\"}"},
    {"delete_space_variable", "{" SPACE ", \"key\": \"WALK_VAR\"}"},
    {"get_space_runtime", "{" SPACE "}"},
    {"request_space_hardware", "{" SPACE ", \"hardware\": \"cpu-upgrade\"}"},
    {"set_space_sleep_time", "{" SPACE ", \"sleep_time\": 3600}"},
    {"pause_space", "{" SPACE "}"},
    {"restart_space", "{" SPACE "}"},
    {"duplicate_space", "{\"from_id\": \"alice/demo-space\", \"to_id\": \"alice/demo-space-copy\"}"},
    {"request_space_storage", "{" SPACE ", \"storage\": \"small\"}"},
    {"delete_space_storage", "{" SPACE "}"},
    {"list_inference_endpoints", "{}"},
    {"create_inference_endpoint",
     "{" ENDPOINT ", \"repository\": \"alice/tiny-model\", \"framework\": \"pytorch\", "
     "\"accelerator\": \"cpu\", \"instance_size\": \"x2\", \"instance_type\": \"intel-icl\", "
     "\"region\": \"us-east-1\", \"vendor\": \"aws\"}"},
    {"get_inference_endpoint", "{" ENDPOINT "}"},
    {"update_inference_endpoint", "{" ENDPOINT ", \"min_replica\": 1, \"max_replica\": 2}"},
    {"pause_inference_endpoint", "{" ENDPOINT "}"},
    {"resume_inference_endpoint", "{" ENDPOINT "}"},
    {"scale_to_zero_inference_endpoint", "{" ENDPOINT "}"},
    {"delete_inference_endpoint", "{" ENDPOINT "}"},
    {"list_collections", "{\"owner\": [\"alice\"]}"},
    {"get_collection", "{" SLUG "}"},
    {"create_collection", "{\"title\": \"Walked\", \"description\": \"d\"}"},
    {"update_collection_metadata", "{" SLUG ", \"title\": \"Retitled\"}"},
    {"add_collection_item", "{" SLUG ", \"item_id\": \"alice/tiny-dataset\", \"item_type\": \"dataset\"}"},
    {"update_collection_item", "{" SLUG ", \"item_object_id\": \"65c0ffee00000000000000b1\", \"note\": \"n\"}"},
    {"delete_collection_item", "{" SLUG ", \"item_object_id\": \"65c0ffee00000000000000b1\"}"},
    {"delete_collection", "{" SLUG "}"},
    {"list_pending_access_requests", "{" GATED "}"},
    {"list_accepted_access_requests", "{" GATED "}"},
    {"list_rejected_access_requests", "{" GATED "}"},
    {"accept_access_request", "{" GATED ", \"user\": \"bob\"}"},
    {"reject_access_request", "{" GATED ", \"user\": \"bob\"}"},
    {"cancel_access_request", "{" GATED ", \"user\": \"bob\"}"},
    {"grant_access", "{" GATED ", \"user\": \"bob\"}"},
    {"parse_safetensors_file_metadata", "{" TINY ", \"filename\": \"model.safetensors\"}"},
    {"get_safetensors_metadata", "{" TINY "}"},
    {"super_squash_history", "{" WALK ", \"commit_message\": \"squashed\"}"},
    {"move_repo", "{\"from_id\": \"alice/ops-walk\", \"to_id\": \"alice/ops-walk-moved\"}"},
    {"delete_repo", "{\"repo_id\": \"alice/ops-walk-moved\"}"},
};

/* HfApi operations described outside §1 (hub-endpoints.md §3.15 and §6, hub-transfer.md). */
static const struct op other_ops[] = {
    {"create_repo", "{\"repo_id\": \"alice/ops-walk-2\"}"}, /* the repository the writes below use */
    {"update_repo_settings", "{\"repo_id\": \"alice/ops-walk-2\", \"private\": true, \"gated\": \"auto\"}"},
    {"hf_hub_url", "{" TINY ", \"filename\": \"config.json\"}"},
    {"hf_hub_download", "{" TINY ", \"filename\": \"config.json\", \"cache_dir\": \"@CACHE@\"}"},
    {"snapshot_download", "{" TINY ", \"allow_patterns\": \"*.json\", \"cache_dir\": \"@CACHE@\"}"},
    {"try_to_load_from_cache", "{" TINY ", \"filename\": \"config.json\", \"cache_dir\": \"@CACHE@\"}"},
    {"scan_cache_dir", "{\"cache_dir\": \"@CACHE@\"}"},
    {"delete_revisions",
     "{\"revisions\": [\"0000000000000000000000000000000000000000\"], \"cache_dir\": \"@CACHE@\", "
     "\"dry_run\": true}"},
    {"create_commit",
     "{\"repo_id\": \"alice/ops-walk-2\", \"commit_message\": \"add a\", \"operations\": "
     "[{\"operation\": \"add\", \"path_in_repo\": \"a.txt\", \"content_base64\": \"aGVsbG8=\"}]}"},
    {"upload_file",
     "{\"repo_id\": \"alice/ops-walk-2\", \"path_in_repo\": \"b.txt\", \"content_base64\": \"aGk=\"}"},
    {"upload_folder", "{\"repo_id\": \"alice/ops-walk-2\", \"folder_path\": \"@DIR@\", \"path_in_repo\": \"sub\"}"},
    {"preupload_lfs_files",
     "{\"repo_id\": \"alice/ops-walk-2\", \"additions\": [{\"operation\": \"add\", \"path_in_repo\": "
     "\"c.bin\", \"content_base64\": \"AAECAwQF\"}]}"},
    {"delete_file", "{\"repo_id\": \"alice/ops-walk-2\", \"path_in_repo\": \"a.txt\"}"},
    {"delete_folder", "{\"repo_id\": \"alice/ops-walk-2\", \"path_in_repo\": \"sub\"}"},
    {"plan_multi_commits",
     "{\"operations\": [{\"operation\": \"add\", \"path_in_repo\": \"x.txt\", \"content_base64\": "
     "\"eA==\"}, {\"operation\": \"delete\", \"path_in_repo\": \"old.txt\"}]}"},
    {"create_commits_on_pr",
     "{\"repo_id\": \"alice/ops-walk-2\", \"commit_message\": \"multi\", \"addition_commits\": "
     "[[{\"operation\": \"add\", \"path_in_repo\": \"y.txt\", \"content_base64\": \"eQ==\"}]], "
     "\"deletion_commits\": []}"},
};

static int failures = 0;
static int walked = 0;

/* Replaces every `key` of `in` by `value`; the result is malloc'd. */
static char *replace(const char *in, const char *key, const char *value) {
  size_t n = 0;
  for (const char *p = strstr(in, key); p; p = strstr(p + strlen(key), key)) n++;
  size_t size = strlen(in) + n * strlen(value) + 1;
  char *out = malloc(size);
  if (!out) abort();
  char *w = out;
  const char *r = in;
  for (const char *p = strstr(r, key); p; p = strstr(r, key)) {
    memcpy(w, r, (size_t)(p - r));
    w += p - r;
    memcpy(w, value, strlen(value));
    w += strlen(value);
    r = p + strlen(key);
  }
  strcpy(w, r);
  return out;
}

static void walk(hfhub_client *client, const struct op *op, const char *url, const char *cache,
                 const char *dir) {
  char *a = replace(op->args, "@URL@", url);
  char *b = replace(a, "@CACHE@", cache);
  char *args = replace(b, "@DIR@", dir);
  free(a);
  free(b);
  char *out = NULL;
  hfhub_status st = hfhub_api_call(client, op->name, args, NULL, &out);
  const char *msg = hfhub_last_error_message();
  int undispatched = strstr(msg, "unknown operation") != NULL;
  int bad_names = st == HFHUB_ERR_INVALID_ARGUMENT &&
                  (strstr(msg, "missing required argument") || strstr(msg, "unexpected argument"));
  int out_ok = (st == HFHUB_OK) == (out != NULL);
  walked++;
  if (undispatched || bad_names || !out_ok) {
    failures++;
    printf("FAIL %s: %s %s (args %s)\n", op->name, hfhub_status_name(st), msg, args);
  } else {
    printf("ok   %-34s %s%s%s\n", op->name, hfhub_status_name(st), st == HFHUB_OK ? "" : ": ",
           st == HFHUB_OK ? "" : msg);
  }
  hfhub_string_free(out);
  free(args);
}

int main(int argc, char **argv) {
  if (argc < 5) {
    fprintf(stderr, "usage: %s <hub-url> <token> <cache-dir> <endpoints-url>\n", argv[0]);
    return 2;
  }
  const char *url = argv[1], *token = argv[2], *cache = argv[3], *ie = argv[4];
  char config[2048];
  snprintf(config, sizeof config,
           "{\"endpoint\": \"%s\", \"token\": \"%s\", \"inference_endpoints_url\": \"%s\", "
           "\"max_retries\": 1, \"retry_base_wait\": 0.01, \"request_timeout\": 30, "
           "\"hf_home\": \"/nonexistent-hfhub-home\"}",
           url, token, ie);
  hfhub_client *client = NULL;
  if (hfhub_client_new(config, &client) != HFHUB_OK) {
    printf("FAIL client: %s\n1 failed\n", hfhub_last_error_message());
    return 1;
  }

  /* A small folder for upload_folder. */
  char dir[] = "/tmp/hfhub-walk-XXXXXX";
  char file[sizeof dir + 16];
  if (!mkdtemp(dir)) {
    printf("FAIL mkdtemp\n1 failed\n");
    hfhub_client_free(client);
    return 1;
  }
  snprintf(file, sizeof file, "%s/f.txt", dir);
  FILE *f = fopen(file, "w");
  if (f) {
    fputs("walk\n", f);
    fclose(f);
  }

  size_t n_ref = sizeof reference_ops / sizeof reference_ops[0];
  size_t n_other = sizeof other_ops / sizeof other_ops[0];
  for (size_t i = 0; i < n_ref; i++) walk(client, &reference_ops[i], url, cache, dir);
  for (size_t i = 0; i < n_other; i++) walk(client, &other_ops[i], url, cache, dir);

  remove(file);
  rmdir(dir);
  hfhub_client_free(client);
  printf("%d calls: %zu operations of the reference index, %zu others\n", walked, n_ref, n_other - 1);
  printf("%d failed\n", failures);
  return failures;
}
