/*
 * Contract tests of the C interface, run against a hubsim instance:
 *   test_ffi <hub-url> <write-token> <cache-dir>
 * Every check prints one line; the exit status is the number of failures.
 */
#define _POSIX_C_SOURCE 200809L /* clock_gettime, nanosleep */

#include "hfhub.h"

#include <pthread.h>
#include <time.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* mkdir, tolerating an existing folder. */
static void mkdir_p(const char *path) { (void)mkdir(path, 0700); }

static int failures = 0;

#define CHECK(cond, ...)                                  \
  do {                                                    \
    if (cond) {                                           \
      printf("ok   %s\n", #cond);                         \
    } else {                                              \
      failures++;                                         \
      printf("FAIL %s:%d: %s -- ", __FILE__, __LINE__, #cond); \
      printf(__VA_ARGS__);                                \
      printf("\n");                                       \
    }                                                     \
  } while (0)

static const char *last_message(void) { return hfhub_last_error_message(); }

static hfhub_client *make_client(const char *url, const char *token) {
  char config[1024];
  snprintf(config, sizeof config,
           "{\"endpoint\": \"%s\", \"token\": \"%s\", \"max_retries\": 1, "
           "\"retry_base_wait\": 0.01, \"hf_home\": \"/nonexistent-hfhub-home\"}",
           url, token);
  hfhub_client *client = NULL;
  hfhub_status st = hfhub_client_new(config, &client);
  CHECK(st == HFHUB_OK && client != NULL, "client_new: %s", last_message());
  return client;
}

static void test_version(void) {
  CHECK(hfhub_abi_version() == HFHUB_ABI_VERSION, "abi %u", hfhub_abi_version());
  CHECK(strlen(hfhub_version()) > 0, "version");
  CHECK(strcmp(hfhub_status_name(HFHUB_ERR_NOT_FOUND), "HFHUB_ERR_NOT_FOUND") == 0, "name");
  CHECK(strcmp(hfhub_status_name(-12345), "HFHUB_UNKNOWN_STATUS") == 0, "unknown name");
  hfhub_abi_v1();
}

static void test_invalid_arguments(const char *url, const char *token) {
  hfhub_client *client = NULL;
  char *out = (char *)1; /* must be reset to NULL */
  hfhub_pager *pager = (hfhub_pager *)1;

  CHECK(hfhub_client_new("{not json", &client) == HFHUB_ERR_INVALID_ARGUMENT && client == NULL,
        "bad json");
  CHECK(strlen(last_message()) > 0, "message after failure");
  CHECK(strstr(hfhub_last_error_json(), "InvalidInput") != NULL, "%s", hfhub_last_error_json());
  CHECK(hfhub_client_new("{\"no_such_option\": 1}", &client) == HFHUB_ERR_INVALID_ARGUMENT,
        "unknown option");
  CHECK(hfhub_client_new(NULL, NULL) == HFHUB_ERR_INVALID_ARGUMENT, "NULL out_client");

  client = make_client(url, token);
  CHECK(hfhub_api_call(NULL, "whoami", NULL, NULL, &out) == HFHUB_ERR_INVALID_ARGUMENT && out == NULL,
        "NULL client");
  out = (char *)1;
  CHECK(hfhub_api_call(client, NULL, NULL, NULL, &out) == HFHUB_ERR_INVALID_ARGUMENT && out == NULL,
        "NULL method");
  CHECK(strstr(last_message(), "method") != NULL, "%s", last_message());
  CHECK(hfhub_api_call(client, "whoami", NULL, NULL, NULL) == HFHUB_ERR_INVALID_ARGUMENT, "NULL out");
  CHECK(hfhub_api_call(client, "\xff\xfe", NULL, NULL, &out) == HFHUB_ERR_INVALID_ARGUMENT && out == NULL,
        "invalid UTF-8");
  CHECK(strstr(last_message(), "UTF-8") != NULL, "%s", last_message());
  CHECK(hfhub_api_call(client, "model_info", "{\"repo_id\": ", NULL, &out) == HFHUB_ERR_INVALID_ARGUMENT,
        "malformed args");
  CHECK(hfhub_api_call(client, "no_such_operation", NULL, NULL, &out) == HFHUB_ERR_INVALID_ARGUMENT,
        "unknown operation");
  CHECK(hfhub_api_call(client, "model_info", "{\"repo_id\": \"a/b\", \"bogus\": 1}", NULL, &out) ==
            HFHUB_ERR_INVALID_ARGUMENT,
        "unknown argument");
  CHECK(hfhub_api_call_pager(client, "whoami", NULL, &pager) == HFHUB_ERR_INVALID_ARGUMENT &&
            pager == NULL,
        "not a listing");
  CHECK(hfhub_pager_next(NULL, &out) == HFHUB_ERR_INVALID_ARGUMENT, "NULL pager");

  /* NULL-safe frees. */
  hfhub_string_free(NULL);
  hfhub_pager_free(NULL);
  hfhub_client_free(NULL);
  hfhub_client_free(client);
}

static void test_calls(const char *url, const char *token) {
  hfhub_client *client = make_client(url, token);
  char *out = NULL;

  CHECK(hfhub_api_call(client, "whoami", NULL, NULL, &out) == HFHUB_OK && out != NULL, "%s",
        last_message());
  CHECK(out && strstr(out, "\"name\":\"alice\"") != NULL, "%s", out ? out : "(null)");
  CHECK(hfhub_last_error_code() == HFHUB_OK && strcmp(last_message(), "") == 0,
        "last error cleared after success");
  hfhub_string_free(out);

  out = NULL;
  CHECK(hfhub_api_call(client, "model_info", "{\"repo_id\": \"nobody/nothing\"}", NULL, &out) ==
            HFHUB_ERR_NOT_FOUND && out == NULL,
        "not found: %s", last_message());
  const char *details = hfhub_last_error_json();
  CHECK(strstr(details, "\"kind\":\"RepoNotFound\"") != NULL, "%s", details);
  CHECK(strstr(details, "\"http_status\":404") != NULL, "%s", details);
  CHECK(strstr(details, "\"request_id\":\"") != NULL, "%s", details);
  CHECK(hfhub_last_error_code() == HFHUB_ERR_NOT_FOUND, "code");

  CHECK(hfhub_api_call(client, "model_info",
                       "{\"repo_id\": \"alice/tiny-model\", \"revision\": \"refs/pr/1\"}", NULL,
                       &out) == HFHUB_OK,
        "%s", last_message());
  CHECK(out && strstr(out, "pytorch_model.bin") != NULL, "pr revision");
  hfhub_string_free(out);

  /* Listings through a pager: 3 items then DONE, nothing past the limit. */
  hfhub_pager *pager = NULL;
  CHECK(hfhub_api_call_pager(client, "list_models", "{\"limit\": 3}", &pager) == HFHUB_OK &&
            pager != NULL,
        "%s", last_message());
  int n = 0;
  hfhub_status st;
  while ((st = hfhub_pager_next(pager, &out)) == HFHUB_OK) {
    CHECK(out && strstr(out, "\"id\":") != NULL, "item");
    hfhub_string_free(out);
    n++;
  }
  CHECK(st == HFHUB_DONE && out == NULL && n == 3, "st %d n %d", st, n);
  CHECK(hfhub_pager_next(pager, &out) == HFHUB_DONE, "done stays done");
  hfhub_pager_free(pager);

  /* Early free of a pager that still has pages. */
  CHECK(hfhub_api_call_pager(client, "list_repo_tree",
                             "{\"repo_id\": \"alice/tiny-model\", \"recursive\": true}",
                             &pager) == HFHUB_OK,
        "%s", last_message());
  CHECK(hfhub_pager_next(pager, &out) == HFHUB_OK, "%s", last_message());
  hfhub_string_free(out);
  hfhub_pager_free(pager);

  /* A collected listing. */
  CHECK(hfhub_api_call(client, "list_repo_files", "{\"repo_id\": \"alice/tiny-model\"}", NULL, &out) ==
            HFHUB_OK,
        "%s", last_message());
  CHECK(out && out[0] == '[' && strstr(out, "onnx/sub dir/notes.txt") != NULL, "files");
  hfhub_string_free(out);
  hfhub_client_free(client);
}

static void test_typed_exports(const char *url, const char *token) {
  hfhub_client *client = make_client(url, token);
  char *out = NULL;
  hfhub_pager *pager = NULL;

  CHECK(hfhub_user_whoami(client, NULL, &out) == HFHUB_OK && strstr(out, "alice"), "%s",
        last_message());
  hfhub_string_free(out);
  CHECK(hfhub_model_get(client, "alice/tiny-model", "{\"files_metadata\": true}", &out) ==
            HFHUB_OK,
        "%s", last_message());
  CHECK(out && strstr(out, "\"blob_id\":") != NULL, "files metadata");
  hfhub_string_free(out);
  CHECK(hfhub_model_get(client, NULL, NULL, &out) == HFHUB_ERR_INVALID_ARGUMENT && out == NULL,
        "NULL repo_id");
  CHECK(hfhub_model_get(client, "alice/tiny-model", "[1, 2]", &out) ==
            HFHUB_ERR_INVALID_ARGUMENT,
        "options must be an object");
  CHECK(hfhub_dataset_get(client, "alice/tiny-dataset", NULL, &out) == HFHUB_OK, "%s",
        last_message());
  hfhub_string_free(out);
  CHECK(hfhub_space_get(client, "alice/demo-space", NULL, &out) == HFHUB_OK, "%s",
        last_message());
  hfhub_string_free(out);
  CHECK(hfhub_repo_get(client, "alice/tiny-dataset", "{\"repo_type\": \"dataset\"}", &out) ==
            HFHUB_OK,
        "%s", last_message());
  hfhub_string_free(out);
  CHECK(hfhub_repo_exists(client, "nobody/nothing", NULL, &out) == HFHUB_OK &&
            strcmp(out, "false") == 0,
        "repo_exists false");
  hfhub_string_free(out);
  CHECK(hfhub_revision_exists(client, "alice/tiny-model", "refs/pr/1", NULL, &out) == HFHUB_OK &&
            strcmp(out, "true") == 0,
        "revision_exists true");
  hfhub_string_free(out);
  CHECK(hfhub_file_exists(client, "alice/tiny-model", "special/a b#c.txt", NULL, &out) ==
                HFHUB_OK &&
            strcmp(out, "true") == 0,
        "file_exists true");
  hfhub_string_free(out);
  CHECK(hfhub_file_exists(client, "alice/gated-model", "README.md", "{\"token\": false}",
                          &out) == HFHUB_ERR_FORBIDDEN,
        "gated: %s", last_message());
  CHECK(strstr(hfhub_last_error_json(), "GatedRepo") != NULL, "%s", hfhub_last_error_json());

  char url_buf[512];
  snprintf(url_buf, sizeof url_buf, "%s/alice/tiny-model/resolve/main/config.json", url);
  CHECK(hfhub_file_metadata_get(client, url_buf, NULL, &out) == HFHUB_OK &&
            strstr(out, "\"etag\":") != NULL,
        "%s", last_message());
  hfhub_string_free(out);
  CHECK(hfhub_repo_refs_get(client, "alice/tiny-model", "{\"include_pull_requests\": true}",
                            &out) == HFHUB_OK &&
            strstr(out, "refs/pr/1") != NULL,
        "%s", last_message());
  hfhub_string_free(out);

  CHECK(hfhub_model_list(client, "{\"author\": \"bob\"}", &pager) == HFHUB_OK, "%s",
        last_message());
  int n = 0;
  while (hfhub_pager_next(pager, &out) == HFHUB_OK) {
    n += strstr(out, "\"bob/") != NULL;
    hfhub_string_free(out);
  }
  CHECK(n == 2, "bob's models: %d", n);
  hfhub_pager_free(pager);

  hfhub_status (*lists[])(const hfhub_client *, const char *, hfhub_pager **) = {
      hfhub_model_list, hfhub_dataset_list, hfhub_space_list};
  for (size_t i = 0; i < sizeof lists / sizeof lists[0]; i++) {
    CHECK(lists[i](client, "{\"limit\": 2}", &pager) == HFHUB_OK, "%s", last_message());
    n = 0;
    while (hfhub_pager_next(pager, &out) == HFHUB_OK) {
      hfhub_string_free(out);
      n++;
    }
    CHECK(n == 2, "listing %zu: %d items", i, n);
    hfhub_pager_free(pager);
  }

  hfhub_status (*repo_lists[])(const hfhub_client *, const char *, const char *,
                               hfhub_pager **) = {hfhub_repo_tree_list, hfhub_repo_files_list,
                                                   hfhub_repo_commits_list};
  for (size_t i = 0; i < sizeof repo_lists / sizeof repo_lists[0]; i++) {
    CHECK(repo_lists[i](client, "alice/tiny-model", NULL, &pager) == HFHUB_OK, "%s",
          last_message());
    n = 0;
    while (hfhub_pager_next(pager, &out) == HFHUB_OK) {
      hfhub_string_free(out);
      n++;
    }
    CHECK(n >= 4, "repo listing %zu: %d items", i, n);
    hfhub_pager_free(pager);
  }
  CHECK(hfhub_repo_tree_list(client, "alice/tiny-model", "{\"path_in_repo\": \"nope\"}",
                             &pager) == HFHUB_OK,
        "lazy: nothing sent yet");
  CHECK(hfhub_pager_next(pager, &out) == HFHUB_ERR_NOT_FOUND && out == NULL,
        "missing folder: %s", last_message());
  hfhub_pager_free(pager);
  hfhub_client_free(client);
}

struct progress_state {
  int events;
  int finished;
  int bad;
  int veto_after; /* > 0: return non-zero at that event */
};

static int32_t on_progress(void *user_data, const hfhub_progress *event) {
  struct progress_state *s = (struct progress_state *)user_data;
  s->events++;
  if (event->kind == HFHUB_PROGRESS_FINISHED) s->finished++;
  if (event->path == NULL || event->path[0] == '\0' || event->bytes_done > (uint64_t)1 << 40) s->bad++;
  return (s->veto_after > 0 && s->events >= s->veto_after) ? 1 : 0;
}

static double now_seconds(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

struct canceller {
  hfhub_cancel_token *token;
  double at;
};

static void *cancel_later(void *arg) {
  struct canceller *c = (struct canceller *)arg;
  struct timespec pause = {0, 300 * 1000 * 1000};
  nanosleep(&pause, NULL);
  c->at = now_seconds();
  hfhub_cancel_token_cancel(c->token);
  return NULL;
}

static void test_downloads(const char *url, const char *token, const char *cache) {
  hfhub_client *client = make_client(url, token);
  char options[1024];
  char *out = NULL;
  struct progress_state state = {0, 0, 0, 0};
  hfhub_call_options call = {HFHUB_CALL_OPTIONS_VERSION, NULL, on_progress, &state};

  snprintf(options, sizeof options, "{\"cache_dir\": \"%s\"}", cache);
  CHECK(hfhub_file_download(client, "alice/tiny-model", "config.json", options, &call, &out) ==
            HFHUB_OK,
        "%s", last_message());
  CHECK(out && out[0] == '"' && strstr(out, "snapshots") != NULL, "path %s", out ? out : "");
  if (out) {
    char path[1024];
    snprintf(path, sizeof path, "%.*s", (int)strlen(out) - 2, out + 1);
    FILE *f = fopen(path, "rb");
    CHECK(f != NULL, "open %s", path);
    if (f) fclose(f);
  }
  hfhub_string_free(out);
  CHECK(state.events > 0 && state.finished == 1 && state.bad == 0, "events %d finished %d bad %d",
        state.events, state.finished, state.bad);

  memset(&state, 0, sizeof state);
  snprintf(options, sizeof options, "{\"cache_dir\": \"%s\", \"allow_patterns\": \"onnx/*\"}",
           cache);
  CHECK(hfhub_snapshot_download(client, "alice/tiny-model", options, &call, &out) == HFHUB_OK,
        "%s", last_message());
  hfhub_string_free(out);
  CHECK(state.finished == 3 && state.bad == 0, "snapshot finished %d", state.finished);

  /* The same through the generic entry point. */
  snprintf(options, sizeof options,
           "{\"repo_id\": \"alice/tiny-model\", \"filename\": \"tokenizer.json\", "
           "\"cache_dir\": \"%s\"}",
           cache);
  memset(&state, 0, sizeof state);
  CHECK(hfhub_api_call(client, "hf_hub_download", options, &call, &out) == HFHUB_OK, "%s",
        last_message());
  hfhub_string_free(out);
  CHECK(state.finished == 1, "api_call progress %d", state.finished);

  /* A callback returning non-zero cancels (the CDN is throttled by the harness). */
  snprintf(options, sizeof options, "{\"cache_dir\": \"%s\", \"force_download\": true}",
           cache);
  memset(&state, 0, sizeof state);
  state.veto_after = 2;
  CHECK(hfhub_file_download(client, "alice/tiny-model", "weights/big.bin", options, &call, &out) ==
                HFHUB_ERR_CANCELLED &&
            out == NULL,
        "veto: %s", last_message());

  /* A wrong struct version is refused. */
  hfhub_call_options old = {999, NULL, NULL, NULL};
  CHECK(hfhub_file_download(client, "alice/tiny-model", "config.json", options, &old, &out) ==
            HFHUB_ERR_INVALID_ARGUMENT,
        "version");

  /* Cancel tokens: already cancelled, and cancelled from another thread. */
  hfhub_cancel_token *cancel = NULL;
  CHECK(hfhub_cancel_token_new(&cancel) == HFHUB_OK && cancel != NULL, "token");
  CHECK(!hfhub_cancel_token_is_cancelled(cancel), "fresh token");
  hfhub_call_options with_cancel = {HFHUB_CALL_OPTIONS_VERSION, cancel, NULL, NULL};
  struct canceller c = {cancel, 0};
  pthread_t thread;
  pthread_create(&thread, NULL, cancel_later, &c);
  double start = now_seconds();
  hfhub_status st =
      hfhub_file_download(client, "alice/tiny-model", "weights/big.bin", options, &with_cancel, &out);
  double end = now_seconds();
  pthread_join(thread, NULL);
  CHECK(st == HFHUB_ERR_CANCELLED && out == NULL, "cancel: %s %s", hfhub_status_name(st),
        last_message());
  CHECK(c.at > start && end - c.at < 1.0, "stopped %.3f s after the cancel", end - c.at);
  CHECK(hfhub_cancel_token_is_cancelled(cancel), "cancelled");
  CHECK(hfhub_file_download(client, "alice/tiny-model", "config.json", options, &with_cancel,
                            &out) == HFHUB_ERR_CANCELLED,
        "a cancelled token stops calls before they start");
  hfhub_cancel_token_cancel(NULL);
  hfhub_cancel_token_free(cancel);
  hfhub_cancel_token_free(NULL);
  hfhub_client_free(client);
}

/* Writes `size` bytes of binary data (the Hub stores such files with LFS). */
static int write_binary(const char *path, size_t size) {
  FILE *f = fopen(path, "wb");
  if (!f) return -1;
  uint32_t x = 88172645u;
  int ok = 1;
  for (size_t i = 0; ok && i < size; i++) {
    x ^= x << 13, x ^= x >> 17, x ^= x << 5;
    ok = fputc((int)(x & 0xff), f) != EOF;
  }
  return (fclose(f) == 0 && ok) ? 0 : -1;
}

/* The number of commits on main of `repo_id`, or -1. */
static int commit_count(hfhub_client *client, const char *repo_id) {
  hfhub_pager *pager = NULL;
  char *item = NULL;
  if (hfhub_repo_commits_list(client, repo_id, NULL, &pager) != HFHUB_OK) return -1;
  int n = 0;
  hfhub_status st;
  while ((st = hfhub_pager_next(pager, &item)) == HFHUB_OK) {
    hfhub_string_free(item);
    n++;
  }
  hfhub_pager_free(pager);
  return st == HFHUB_DONE ? n : -1;
}

static void *cancel_now(void *arg) {
  hfhub_cancel_token_cancel((hfhub_cancel_token *)arg);
  return NULL;
}

static void test_write_exports(const char *url, const char *token, const char *cache) {
  hfhub_client *client = make_client(url, token);
  const char *repo = "alice/c-writes";
  char *out = (char *)1;
  hfhub_pager *pager = (hfhub_pager *)1;
  hfhub_call_options none = {HFHUB_CALL_OPTIONS_VERSION, NULL, NULL, NULL};
  const char *ops = "[{\"operation\": \"add\", \"path_in_repo\": \"c.txt\", \"content_base64\": \"Yw==\"}]";

  /* NULL for every pointer argument: HFHUB_ERR_INVALID_ARGUMENT, a message naming
   * the argument, and the out-parameter reset to NULL. */
#define CHECK_NULL_ARG(call, name)                                                    \
  do {                                                                                \
    out = (char *)1;                                                                  \
    hfhub_status st_ = (call);                                                        \
    CHECK(st_ == HFHUB_ERR_INVALID_ARGUMENT && out == NULL &&                         \
              strstr(last_message(), "`" name "` is NULL") != NULL,                   \
          "%s: %s", hfhub_status_name(st_), last_message());                          \
  } while (0)
  CHECK_NULL_ARG(hfhub_repo_create(NULL, repo, NULL, &out), "client");
  CHECK_NULL_ARG(hfhub_repo_create(client, NULL, NULL, &out), "repo_id");
  CHECK_NULL_ARG(hfhub_repo_delete(NULL, repo, NULL, &out), "client");
  CHECK_NULL_ARG(hfhub_repo_delete(client, NULL, NULL, &out), "repo_id");
  CHECK_NULL_ARG(hfhub_file_upload(NULL, repo, "f", "f", NULL, NULL, &out), "client");
  CHECK_NULL_ARG(hfhub_file_upload(client, NULL, "f", "f", NULL, NULL, &out), "repo_id");
  CHECK_NULL_ARG(hfhub_file_upload(client, repo, NULL, "f", NULL, NULL, &out), "path_or_fileobj");
  CHECK_NULL_ARG(hfhub_file_upload(client, repo, "f", NULL, NULL, NULL, &out), "path_in_repo");
  CHECK_NULL_ARG(hfhub_folder_upload(NULL, repo, "/tmp", NULL, NULL, &out), "client");
  CHECK_NULL_ARG(hfhub_folder_upload(client, NULL, "/tmp", NULL, NULL, &out), "repo_id");
  CHECK_NULL_ARG(hfhub_folder_upload(client, repo, NULL, NULL, NULL, &out), "folder_path");
  CHECK_NULL_ARG(hfhub_commit_create(NULL, repo, ops, "m", NULL, NULL, &out), "client");
  CHECK_NULL_ARG(hfhub_commit_create(client, NULL, ops, "m", NULL, NULL, &out), "repo_id");
  CHECK_NULL_ARG(hfhub_commit_create(client, repo, NULL, "m", NULL, NULL, &out), "operations");
  CHECK_NULL_ARG(hfhub_commit_create(client, repo, ops, NULL, NULL, NULL, &out), "commit_message");
  CHECK_NULL_ARG(hfhub_cache_scan(NULL, NULL, &out), "client");
  CHECK_NULL_ARG(hfhub_pager_next_with(NULL, &none, &out), "pager");
#undef CHECK_NULL_ARG
  CHECK(hfhub_repo_create(client, repo, NULL, NULL) == HFHUB_ERR_INVALID_ARGUMENT &&
            strstr(last_message(), "out_json") != NULL,
        "NULL out_json: %s", last_message());
  CHECK(hfhub_repo_delete(client, repo, NULL, NULL) == HFHUB_ERR_INVALID_ARGUMENT, "NULL out");
  CHECK(hfhub_file_upload(client, repo, "f", "f", NULL, NULL, NULL) == HFHUB_ERR_INVALID_ARGUMENT,
        "NULL out");
  CHECK(hfhub_folder_upload(client, repo, "/tmp", NULL, NULL, NULL) == HFHUB_ERR_INVALID_ARGUMENT,
        "NULL out");
  CHECK(hfhub_commit_create(client, repo, ops, "m", NULL, NULL, NULL) == HFHUB_ERR_INVALID_ARGUMENT,
        "NULL out");
  CHECK(hfhub_cache_scan(client, NULL, NULL) == HFHUB_ERR_INVALID_ARGUMENT, "NULL out");
  CHECK(hfhub_pager_next_with((hfhub_pager *)1, &none, NULL) == HFHUB_ERR_INVALID_ARGUMENT,
        "NULL out_item_json (the pager is not touched)");

  /* Bad JSON and bad options are argument errors too, with out NULL. */
  out = (char *)1;
  CHECK(hfhub_commit_create(client, repo, "[{", "m", NULL, NULL, &out) == HFHUB_ERR_INVALID_ARGUMENT &&
            out == NULL && strstr(last_message(), "operations") != NULL,
        "malformed operations: %s", last_message());
  CHECK(hfhub_commit_create(client, repo, "{\"operation\": \"add\"}", "m", NULL, NULL, &out) ==
                HFHUB_ERR_INVALID_ARGUMENT && out == NULL,
        "operations must be a list: %s", last_message());
  CHECK(hfhub_repo_create(client, repo, "{\"bogus\": 1}", &out) == HFHUB_ERR_INVALID_ARGUMENT &&
            out == NULL,
        "unknown option: %s", last_message());
  CHECK(hfhub_folder_upload(client, repo, "/nonexistent-hfhub-folder", NULL, NULL, &out) != HFHUB_OK &&
            out == NULL,
        "missing folder: %s", last_message());

  /* Create, write, read back, delete. */
  CHECK(hfhub_repo_create(client, repo, NULL, &out) == HFHUB_OK && out &&
            strstr(out, "\"repo_id\":\"alice/c-writes\"") != NULL,
        "create: %s", last_message());
  hfhub_string_free(out);
  CHECK(hfhub_repo_create(client, repo, NULL, &out) == HFHUB_ERR_CONFLICT && out == NULL,
        "create twice: %s", last_message());
  CHECK(hfhub_repo_create(client, repo, "{\"exist_ok\": true}", &out) == HFHUB_OK, "exist_ok: %s",
        last_message());
  hfhub_string_free(out);
  int base = commit_count(client, repo);
  CHECK(base >= 1, "commits %d", base);

  CHECK(hfhub_commit_create(client, repo, ops, "Add c.txt", "{\"commit_description\": \"d\"}", NULL,
                            &out) == HFHUB_OK &&
            out && strstr(out, "\"commit_url\"") != NULL,
        "commit: %s", last_message());
  hfhub_string_free(out);
  CHECK(hfhub_file_exists(client, repo, "c.txt", NULL, &out) == HFHUB_OK && strcmp(out, "true") == 0,
        "c.txt committed");
  hfhub_string_free(out);

  char dir[1024], file[1100];
  snprintf(dir, sizeof dir, "%s-upload", cache);
  mkdir_p(dir);
  snprintf(file, sizeof file, "%s/notes.txt", dir);
  FILE *f = fopen(file, "w");
  if (f) {
    fputs("notes\n", f);
    fclose(f);
  }
  CHECK(hfhub_file_upload(client, repo, file, "docs/notes.txt", NULL, &none, &out) == HFHUB_OK,
        "upload_file: %s", last_message());
  hfhub_string_free(out);
  CHECK(hfhub_file_exists(client, repo, "docs/notes.txt", NULL, &out) == HFHUB_OK &&
            strcmp(out, "true") == 0,
        "notes uploaded");
  hfhub_string_free(out);

  /* upload_folder with an LFS file and progress. */
  char bin[1100];
  snprintf(bin, sizeof bin, "%s/weights.bin", dir);
  CHECK(write_binary(bin, 256 * 1024) == 0, "write %s", bin);
  struct progress_state state = {0, 0, 0, 0};
  hfhub_call_options call = {HFHUB_CALL_OPTIONS_VERSION, NULL, on_progress, &state};
  CHECK(hfhub_folder_upload(client, repo, dir, "{\"path_in_repo\": \"up\"}", &call, &out) == HFHUB_OK,
        "upload_folder: %s", last_message());
  hfhub_string_free(out);
  CHECK(state.finished == 1 && state.bad == 0, "LFS progress: %d finished, %d bad", state.finished,
        state.bad);
  int after = commit_count(client, repo);
  CHECK(after == base + 3, "commits %d -> %d", base, after);

  /* Cancelled uploads commit nothing: a callback veto, a token cancelled from
   * another thread, a token cancelled during the upload. */
  CHECK(write_binary(bin, 512 * 1024) == 0, "rewrite %s", bin);
  memset(&state, 0, sizeof state);
  state.veto_after = 1;
  out = (char *)1;
  hfhub_status st = hfhub_folder_upload(client, repo, dir, "{\"path_in_repo\": \"vetoed\"}", &call, &out);
  CHECK(st == HFHUB_ERR_CANCELLED && out == NULL, "veto: %s %s", hfhub_status_name(st), last_message());
  CHECK(state.events >= 1, "the callback ran");

  hfhub_cancel_token *cancel = NULL;
  CHECK(hfhub_cancel_token_new(&cancel) == HFHUB_OK, "token");
  pthread_t thread;
  pthread_create(&thread, NULL, cancel_now, cancel);
  pthread_join(thread, NULL);
  hfhub_call_options cancelled = {HFHUB_CALL_OPTIONS_VERSION, cancel, NULL, NULL};
  st = hfhub_folder_upload(client, repo, dir, "{\"path_in_repo\": \"cancelled\"}", &cancelled, &out);
  CHECK(st == HFHUB_ERR_CANCELLED && out == NULL, "cancelled token: %s", hfhub_status_name(st));
  st = hfhub_commit_create(client, repo, ops, "never", NULL, &cancelled, &out);
  CHECK(st == HFHUB_ERR_CANCELLED && out == NULL, "commit, cancelled token: %s", hfhub_status_name(st));
  st = hfhub_file_upload(client, repo, file, "never.txt", NULL, &cancelled, &out);
  CHECK(st == HFHUB_ERR_CANCELLED && out == NULL, "upload_file, cancelled token: %s",
        hfhub_status_name(st));
  hfhub_cancel_token_free(cancel);
  CHECK(commit_count(client, repo) == after, "no commit after cancellations: %d", commit_count(client, repo));
  CHECK(hfhub_file_exists(client, repo, "vetoed/weights.bin", NULL, &out) == HFHUB_OK &&
            strcmp(out, "false") == 0,
        "nothing under vetoed/");
  hfhub_string_free(out);

  /* Pagers with call options: a cancelled token stops a step and leaves the
   * pager where it was. */
  int total = 0;
  CHECK(hfhub_repo_files_list(client, repo, NULL, &pager) == HFHUB_OK, "%s", last_message());
  while (hfhub_pager_next(pager, &out) == HFHUB_OK) {
    hfhub_string_free(out);
    total++;
  }
  hfhub_pager_free(pager);
  CHECK(total >= 4, "files: %d", total);
  CHECK(hfhub_repo_files_list(client, repo, NULL, &pager) == HFHUB_OK, "%s", last_message());
  CHECK(hfhub_cancel_token_new(&cancel) == HFHUB_OK, "token");
  hfhub_call_options pcall = {HFHUB_CALL_OPTIONS_VERSION, cancel, NULL, NULL};
  int n = 0;
  while ((st = hfhub_pager_next_with(pager, &pcall, &out)) == HFHUB_OK) {
    hfhub_string_free(out);
    if (++n == 2) hfhub_cancel_token_cancel(cancel);
  }
  CHECK(st == HFHUB_ERR_CANCELLED && out == NULL && n == 2, "pager cancel: %s n=%d",
        hfhub_status_name(st), n);
  while ((st = hfhub_pager_next_with(pager, NULL, &out)) == HFHUB_OK) {
    hfhub_string_free(out);
    n++;
  }
  CHECK(st == HFHUB_DONE && n == total, "resumed after the cancelled step: %d of %d files", n, total);
  hfhub_pager_free(pager);
  hfhub_cancel_token_free(cancel);

  /* The cache scan sees what test_downloads put in the cache. */
  char options[1200];
  snprintf(options, sizeof options, "{\"cache_dir\": \"%s\"}", cache);
  CHECK(hfhub_cache_scan(client, options, &out) == HFHUB_OK && out &&
            strstr(out, "\"repo_id\":\"alice/tiny-model\"") != NULL,
        "scan: %s", last_message());
  hfhub_string_free(out);
  CHECK(hfhub_cache_scan(client, "{\"cache_dir\": 5}", &out) == HFHUB_ERR_INVALID_ARGUMENT &&
            out == NULL,
        "bad cache_dir");

  CHECK(hfhub_repo_delete(client, repo, NULL, &out) == HFHUB_OK && out && strcmp(out, "null") == 0,
        "delete: %s", last_message());
  hfhub_string_free(out);
  CHECK(hfhub_repo_delete(client, repo, NULL, &out) == HFHUB_ERR_NOT_FOUND && out == NULL,
        "delete twice: %s", last_message());
  CHECK(hfhub_repo_delete(client, repo, "{\"missing_ok\": true}", &out) == HFHUB_OK, "missing_ok: %s",
        last_message());
  hfhub_string_free(out);

  remove(bin);
  remove(file);
  rmdir(dir);
  hfhub_client_free(client);
}

struct worker {
  hfhub_client *client;
  int ok;
};

static void *work(void *arg) {
  struct worker *w = (struct worker *)arg;
  for (int i = 0; i < 5; i++) {
    char *out = NULL;
    if (hfhub_api_call(w->client, "model_info", "{\"repo_id\": \"alice/tiny-model\"}", NULL, &out) ==
            HFHUB_OK &&
        strstr(out, "alice/tiny-model") != NULL) {
      w->ok++;
    }
    hfhub_string_free(out);
    /* A failure on this thread leaves other threads' last errors alone. */
    hfhub_api_call(w->client, "model_info", "{\"repo_id\": \"nobody/nothing\"}", NULL, &out);
    if (hfhub_last_error_code() != HFHUB_ERR_NOT_FOUND) {
      w->ok = -1000;
    }
  }
  return NULL;
}

static void test_threads(const char *url, const char *token) {
  hfhub_client *client = make_client(url, token);
  pthread_t threads[8];
  struct worker workers[8];
  for (int i = 0; i < 8; i++) {
    workers[i].client = client;
    workers[i].ok = 0;
    pthread_create(&threads[i], NULL, work, &workers[i]);
  }
  int total = 0;
  for (int i = 0; i < 8; i++) {
    pthread_join(threads[i], NULL);
    total += workers[i].ok;
  }
  CHECK(total == 40, "8 threads x 5 calls: %d", total);
  hfhub_client_free(client);
}

int main(int argc, char **argv) {
  if (argc < 4) {
    fprintf(stderr, "usage: %s <hub-url> <token> <cache-dir>\n", argv[0]);
    return 2;
  }
  test_version();
  test_invalid_arguments(argv[1], argv[2]);
  test_calls(argv[1], argv[2]);
  test_typed_exports(argv[1], argv[2]);
  test_downloads(argv[1], argv[2], argv[3]);
  test_write_exports(argv[1], argv[2], argv[3]);
  test_threads(argv[1], argv[2]);
  printf("%d failed\n", failures);
  return failures;
}
