/*
 * Background jobs and commit schedulers of the C interface, against hubsim:
 *   test_jobs <hub-url> <write-token> <scratch-dir>
 * The harness delays every request under /api/models/alice/slow-job by
 * SLOW_JOB_MS milliseconds (a hubsim fault), so a model_info of that repo is a
 * slow job. Every check prints one line; the exit status is the number of failures.
 */
#define _POSIX_C_SOURCE 200809L /* clock_gettime, nanosleep */

#include "hfhub.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#define SLOW_JOB_MS 1500

static int failures = 0;

#define CHECK(cond, ...)                                           \
  do {                                                             \
    if (cond) {                                                    \
      printf("ok   %s\n", #cond);                                  \
    } else {                                                       \
      failures++;                                                  \
      printf("FAIL %s:%d: %s -- ", __FILE__, __LINE__, #cond);     \
      printf(__VA_ARGS__);                                         \
      printf("\n");                                                \
    }                                                              \
  } while (0)

static const char *last_message(void) { return hfhub_last_error_message(); }
static const char *str(const char *s) { return s ? s : "(null)"; }

static double now_s(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void sleep_ms(long ms) {
  struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
  nanosleep(&ts, NULL);
}

static void write_file(const char *path, const char *text) {
  FILE *f = fopen(path, "w");
  CHECK(f != NULL, "cannot write %s", path);
  if (f) {
    fputs(text, f);
    fclose(f);
  }
}

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

/* Waits for a job forever, returns its status, frees the job; the result (if any)
 * goes to *out (caller frees) or is freed when out is NULL. */
static hfhub_status finish(hfhub_job *job, char **out) {
  char *json = NULL;
  hfhub_status st = hfhub_job_wait(job, -1, &json);
  hfhub_job_free(job);
  if (out) {
    *out = json;
  } else {
    hfhub_string_free(json);
  }
  return st;
}

/* Runs a synchronous call and returns its JSON (caller frees), or NULL. */
static char *call(hfhub_client *client, const char *method, const char *args) {
  char *out = NULL;
  hfhub_status st = hfhub_api_call(client, method, args, NULL, &out);
  CHECK(st == HFHUB_OK, "%s: %s %s", method, hfhub_status_name(st), last_message());
  return out;
}

static int file_exists(hfhub_client *client, const char *repo, const char *path) {
  char args[512];
  snprintf(args, sizeof args, "{\"repo_id\": \"%s\", \"filename\": \"%s\"}", repo, path);
  char *out = call(client, "file_exists", args);
  int yes = out && strcmp(out, "true") == 0;
  hfhub_string_free(out);
  return yes;
}

/* How many commits of `repo` are titled `title`. */
static int count_commits(hfhub_client *client, const char *repo, const char *title) {
  char args[512], needle[256];
  snprintf(args, sizeof args, "{\"repo_id\": \"%s\"}", repo);
  snprintf(needle, sizeof needle, "\"title\":\"%s\"", title);
  char *out = call(client, "list_repo_commits", args);
  int n = 0;
  for (const char *p = out; p && (p = strstr(p, needle)) != NULL; p += strlen(needle)) n++;
  hfhub_string_free(out);
  return n;
}

static void test_invalid_arguments(const char *url, const char *token, const char *scratch) {
  hfhub_client *client = make_client(url, token);
  hfhub_job *job = (hfhub_job *)1;
  hfhub_commit_scheduler *sched = (hfhub_commit_scheduler *)1;
  char *out = (char *)1;
  bool done = true;

#define CHECK_INVALID(call, out_ptr, name)                                           \
  do {                                                                               \
    hfhub_status st_ = (call);                                                       \
    CHECK(st_ == HFHUB_ERR_INVALID_ARGUMENT && (out_ptr) == NULL &&                  \
              strstr(last_message(), name) != NULL,                                  \
          "%s: %s", hfhub_status_name(st_), last_message());                         \
  } while (0)

  CHECK_INVALID(hfhub_api_call_async(NULL, "whoami", NULL, &job), job, "`client` is NULL");
  job = (hfhub_job *)1;
  CHECK_INVALID(hfhub_api_call_async(client, NULL, NULL, &job), job, "`method` is NULL");
  CHECK(hfhub_api_call_async(client, "whoami", NULL, NULL) == HFHUB_ERR_INVALID_ARGUMENT,
        "NULL out_job");
  job = (hfhub_job *)1;
  CHECK_INVALID(hfhub_api_call_async(client, "whoami", "{\"x\": ", &job), job, "not valid JSON");
  /* An unknown operation fails at submission: nothing is queued. */
  job = (hfhub_job *)1;
  CHECK_INVALID(hfhub_api_call_async(client, "no_such_operation", NULL, &job), job,
                "unknown operation");

  CHECK_INVALID(hfhub_job_wait(NULL, -1, &out), out, "`job` is NULL");
  CHECK(hfhub_job_is_done(NULL, &done) == HFHUB_ERR_INVALID_ARGUMENT && !done, "is_done(NULL)");

  /* A real job: NULL out-params and a bad timeout are refused, the job is intact. */
  job = NULL;
  CHECK(hfhub_api_call_async(client, "whoami", NULL, &job) == HFHUB_OK && job, "%s",
        last_message());
  CHECK(hfhub_job_wait(job, -1, NULL) == HFHUB_ERR_INVALID_ARGUMENT, "NULL out_json");
  CHECK(hfhub_job_is_done(job, NULL) == HFHUB_ERR_INVALID_ARGUMENT, "NULL out_done");
  out = (char *)1;
  CHECK_INVALID(hfhub_job_wait(job, -2, &out), out, "timeout_ms");
  out = NULL;
  CHECK(hfhub_job_wait(job, -1, &out) == HFHUB_OK && out && strstr(out, "\"name\":\"alice\""),
        "whoami after refused waits: %s", str(out));
  hfhub_string_free(out);
  hfhub_job_free(job);

  /* Bad keyword arguments of a known operation fail at wait. */
  job = NULL;
  CHECK(hfhub_api_call_async(client, "model_info", "{\"bogus\": 1}", &job) == HFHUB_OK && job,
        "%s", last_message());
  out = (char *)1;
  CHECK(hfhub_job_wait(job, -1, &out) == HFHUB_ERR_INVALID_ARGUMENT && out == NULL,
        "bad kwargs at wait: %s", last_message());
  CHECK(strstr(hfhub_last_error_json(), "\"kind\":\"InvalidInput\"") != NULL, "%s",
        hfhub_last_error_json());
  hfhub_job_free(job);

  /* Schedulers. */
  char folder[1024], file[1100];
  snprintf(folder, sizeof folder, "%s/bad-sched", scratch);
  CHECK_INVALID(hfhub_commit_scheduler_new(NULL, "alice/x", folder, 1, NULL, &sched), sched,
                "`client` is NULL");
  sched = (hfhub_commit_scheduler *)1;
  CHECK_INVALID(hfhub_commit_scheduler_new(client, NULL, folder, 1, NULL, &sched), sched,
                "`repo_id` is NULL");
  sched = (hfhub_commit_scheduler *)1;
  CHECK_INVALID(hfhub_commit_scheduler_new(client, "alice/x", NULL, 1, NULL, &sched), sched,
                "`folder_path` is NULL");
  CHECK(hfhub_commit_scheduler_new(client, "alice/x", folder, 1, NULL, NULL) ==
            HFHUB_ERR_INVALID_ARGUMENT,
        "NULL out_scheduler");
  const double bad_every[] = {0.0, -1.0, NAN, INFINITY};
  for (size_t i = 0; i < sizeof bad_every / sizeof bad_every[0]; i++) {
    sched = (hfhub_commit_scheduler *)1;
    CHECK_INVALID(hfhub_commit_scheduler_new(client, "alice/x", folder, bad_every[i], NULL, &sched),
                  sched, "every");
  }
  sched = (hfhub_commit_scheduler *)1;
  CHECK_INVALID(hfhub_commit_scheduler_new(client, "alice/x", folder, 1, "{\"every\": 5}", &sched),
                sched, "unknown field");
  snprintf(file, sizeof file, "%s/plain-file", scratch);
  write_file(file, "x");
  sched = (hfhub_commit_scheduler *)1;
  CHECK_INVALID(hfhub_commit_scheduler_new(client, "alice/x", file, 1, NULL, &sched), sched,
                "not a file");
  out = (char *)1;
  CHECK_INVALID(hfhub_commit_scheduler_stop(NULL, &out), out, "`scheduler` is NULL");
  job = (hfhub_job *)1;
  CHECK_INVALID(hfhub_commit_scheduler_trigger(NULL, &job), job, "`scheduler` is NULL");
  /* None of the refused calls created the repo. */
  out = call(client, "repo_exists", "{\"repo_id\": \"alice/x\"}");
  CHECK(out && strcmp(out, "false") == 0, "%s", str(out));
  hfhub_string_free(out);

  /* NULL-safe frees. */
  hfhub_job_free(NULL);
  hfhub_commit_scheduler_free(NULL);
  hfhub_client_free(client);
#undef CHECK_INVALID
}

/* Async writes give the same JSON as the synchronous calls. */
static void test_async_writes(const char *url, const char *token) {
  hfhub_client *client = make_client(url, token);
  const char *repo = "alice/c-async";
  hfhub_job *create = NULL, *commit = NULL, *upload = NULL;
  char *out = NULL;

  CHECK(hfhub_api_call_async(client, "create_repo", "{\"repo_id\": \"alice/c-async\"}", &create) ==
            HFHUB_OK,
        "%s", last_message());
  CHECK(hfhub_api_call_async(
            client, "create_commit",
            "{\"repo_id\": \"alice/c-async\", \"commit_message\": \"async commit\", "
            "\"operations\": [{\"operation\": \"add\", \"path_in_repo\": \"a.txt\", "
            "\"content_base64\": \"YWFh\"}]}",
            &commit) == HFHUB_OK,
        "%s", last_message());
  CHECK(hfhub_api_call_async(client, "upload_file",
                             "{\"repo_id\": \"alice/c-async\", \"path_in_repo\": \"b/b.txt\", "
                             "\"content_base64\": \"YmI=\", \"commit_message\": \"async upload\"}",
                             &upload) == HFHUB_OK,
        "%s", last_message());

  CHECK(finish(create, &out) == HFHUB_OK && out && strstr(out, "alice/c-async"),
        "create_repo: %s %s", str(out), last_message());
  hfhub_string_free(out);

  out = NULL;
  CHECK(hfhub_job_wait(commit, -1, &out) == HFHUB_OK && out, "create_commit: %s", last_message());
  CHECK(out && strstr(out, "\"commit_message\":\"async commit\"") != NULL, "%s", str(out));
  CHECK(out && strstr(out, "\"commit_url\":\"") != NULL && strstr(out, "\"oid\":\"") != NULL,
        "%s", str(out));
  /* The result is kept: a second wait gives it again, at once. */
  char *again = NULL;
  CHECK(hfhub_job_wait(commit, 0, &again) == HFHUB_OK && again && out && strcmp(again, out) == 0,
        "second wait: %s", str(again));
  bool done = false;
  CHECK(hfhub_job_is_done(commit, &done) == HFHUB_OK && done, "is_done after wait");
  hfhub_string_free(again);
  hfhub_string_free(out);
  hfhub_job_free(commit);

  out = NULL;
  CHECK(finish(upload, &out) == HFHUB_OK && out &&
            strstr(out, "\"commit_message\":\"async upload\"") != NULL,
        "upload_file: %s %s", str(out), last_message());
  hfhub_string_free(out);

  CHECK(file_exists(client, repo, "a.txt"), "a.txt committed");
  CHECK(file_exists(client, repo, "b/b.txt"), "b/b.txt uploaded");

  /* An operation's error is reported by wait, with the HTTP details, every time. */
  hfhub_job *missing = NULL;
  CHECK(hfhub_api_call_async(client, "model_info", "{\"repo_id\": \"nobody/nothing\"}", &missing) ==
            HFHUB_OK,
        "%s", last_message());
  for (int i = 0; i < 2; i++) {
    out = (char *)1;
    CHECK(hfhub_job_wait(missing, -1, &out) == HFHUB_ERR_NOT_FOUND && out == NULL, "%s",
          last_message());
    CHECK(strstr(hfhub_last_error_json(), "\"http_status\":404") != NULL, "%s",
          hfhub_last_error_json());
  }
  hfhub_job_free(missing);
  hfhub_client_free(client);
}

/* Jobs run one at a time in submission order. */
static void test_order(const char *url, const char *token) {
  hfhub_client *client = make_client(url, token);
  hfhub_job *jobs[5] = {NULL};
  char args[512], *out = NULL;

  CHECK(hfhub_api_call(client, "create_repo", "{\"repo_id\": \"alice/c-order\"}", NULL, &out) ==
            HFHUB_OK,
        "%s", last_message());
  hfhub_string_free(out);
  for (int i = 0; i < 5; i++) {
    snprintf(args, sizeof args,
             "{\"repo_id\": \"alice/c-order\", \"commit_message\": \"step %d\", \"operations\": "
             "[{\"operation\": \"add\", \"path_in_repo\": \"step.txt\", \"content_base64\": "
             "\"%s\"}]}",
             i, i % 2 ? "b2Rk" : "ZXZlbg==");
    CHECK(hfhub_api_call_async(client, "create_commit", args, &jobs[i]) == HFHUB_OK, "%s",
          last_message());
  }
  /* Waiting for the last one means every earlier one is finished. */
  out = NULL;
  CHECK(hfhub_job_wait(jobs[4], -1, &out) == HFHUB_OK, "%s", last_message());
  hfhub_string_free(out);
  for (int i = 0; i < 4; i++) {
    bool done = false;
    CHECK(hfhub_job_is_done(jobs[i], &done) == HFHUB_OK && done, "job %d done before job 4", i);
  }
  for (int i = 0; i < 5; i++) hfhub_job_free(jobs[i]);

  /* The history shows them in submission order (newest first). */
  out = call(client, "list_repo_commits", "{\"repo_id\": \"alice/c-order\"}");
  const char *prev = NULL;
  int in_order = out != NULL;
  for (int i = 4; out && i >= 0; i--) {
    char needle[64];
    snprintf(needle, sizeof needle, "\"title\":\"step %d\"", i);
    const char *at = strstr(out, needle);
    if (!at || (prev && at < prev)) in_order = 0;
    prev = at;
  }
  CHECK(in_order, "commits out of order: %s", str(out));
  hfhub_string_free(out);
  hfhub_client_free(client);
}

/* A short wait on a job queued behind a slow one gives HFHUB_PENDING. */
static void test_timeout(const char *url, const char *token) {
  hfhub_client *client = make_client(url, token);
  hfhub_job *slow = NULL, *quick = NULL, *detached = NULL, *after = NULL;
  char *out = (char *)1;
  bool done = true;

  CHECK(hfhub_api_call_async(client, "model_info", "{\"repo_id\": \"alice/slow-job\"}", &slow) ==
            HFHUB_OK,
        "%s", last_message());
  CHECK(hfhub_api_call_async(client, "whoami", NULL, &quick) == HFHUB_OK, "%s", last_message());

  double start = now_s();
  CHECK(hfhub_job_wait(quick, 100, &out) == HFHUB_PENDING && out == NULL, "%s", last_message());
  double waited = now_s() - start;
  CHECK(waited >= 0.09 && waited < 1.0, "waited %.3f s", waited);
  CHECK(hfhub_last_error_code() == HFHUB_OK && strcmp(last_message(), "") == 0,
        "pending is no error: %s", last_message());
  CHECK(hfhub_job_is_done(quick, &done) == HFHUB_OK && !done, "quick job still queued");
  out = (char *)1;
  CHECK(hfhub_job_wait(quick, 0, &out) == HFHUB_PENDING && out == NULL, "poll");

  /* The slow job fails (no such repo) after the delay; the quick one then runs. */
  out = (char *)1;
  CHECK(hfhub_job_wait(slow, -1, &out) == HFHUB_ERR_NOT_FOUND && out == NULL, "%s",
        last_message());
  CHECK(now_s() - start >= (SLOW_JOB_MS - 200) / 1000.0, "slow job was not slow");
  out = NULL;
  CHECK(hfhub_job_wait(quick, 5000, &out) == HFHUB_OK && out &&
            strstr(out, "\"name\":\"alice\"") != NULL,
        "%s %s", str(out), last_message());
  hfhub_string_free(out);
  hfhub_job_free(slow);
  hfhub_job_free(quick);

  /* Freeing an unfinished job detaches it: it still runs, and the queue goes on. */
  CHECK(hfhub_api_call_async(
            client, "create_repo", "{\"repo_id\": \"alice/c-detached\"}", &detached) == HFHUB_OK,
        "%s", last_message());
  CHECK(hfhub_api_call_async(client, "model_info", "{\"repo_id\": \"alice/slow-job\"}", &slow) ==
            HFHUB_OK,
        "%s", last_message());
  start = now_s();
  hfhub_job_free(slow);
  hfhub_job_free(detached);
  CHECK(now_s() - start < 0.5, "free waited");
  CHECK(hfhub_api_call_async(client, "repo_exists", "{\"repo_id\": \"alice/c-detached\"}", &after) ==
            HFHUB_OK,
        "%s", last_message());
  out = NULL;
  CHECK(finish(after, &out) == HFHUB_OK && out && strcmp(out, "true") == 0,
        "the detached job ran: %s %s", str(out), last_message());
  hfhub_string_free(out);
  hfhub_client_free(client);
}

static void test_scheduler(const char *url, const char *token, const char *scratch) {
  hfhub_client *client = make_client(url, token);
  const char *repo = "alice/c-sched";
  char folder[1024], path[1200];
  hfhub_commit_scheduler *sched = NULL;
  hfhub_job *job = NULL;
  char *out = NULL;

  snprintf(folder, sizeof folder, "%s/sched", scratch);
  /* A long interval: every push of this test is a trigger or the stop. */
  CHECK(hfhub_commit_scheduler_new(client, repo, folder, 3600.0,
                                   "{\"path_in_repo\": \"logs\", \"ignore_patterns\": \"*.tmp\"}",
                                   &sched) == HFHUB_OK &&
            sched,
        "%s", last_message());
  struct stat st;
  CHECK(stat(folder, &st) == 0 && S_ISDIR(st.st_mode), "folder created");
  out = call(client, "repo_exists", "{\"repo_id\": \"alice/c-sched\"}");
  CHECK(out && strcmp(out, "true") == 0, "repo created: %s", str(out));
  hfhub_string_free(out);

  snprintf(path, sizeof path, "%s/a.txt", folder);
  write_file(path, "first\n");
  snprintf(path, sizeof path, "%s/skip.tmp", folder);
  write_file(path, "ignored\n");
  CHECK(hfhub_commit_scheduler_trigger(sched, &job) == HFHUB_OK && job, "%s", last_message());
  out = NULL;
  CHECK(finish(job, &out) == HFHUB_OK && out, "trigger: %s", last_message());
  /* The trigger (or the first push queued by new, when it saw a.txt) committed it. */
  CHECK(out && (strcmp(out, "null") == 0 ||
                strstr(out, "\"commit_message\":\"Scheduled Commit\"") != NULL),
        "%s", str(out));
  hfhub_string_free(out);
  CHECK(file_exists(client, repo, "logs/a.txt"), "logs/a.txt pushed");
  CHECK(!file_exists(client, repo, "logs/skip.tmp"), "ignore_patterns honoured");
  CHECK(count_commits(client, repo, "Scheduled Commit") == 1, "one scheduled commit");

  /* Nothing changed: the push commits nothing. */
  job = NULL;
  CHECK(hfhub_commit_scheduler_trigger(sched, &job) == HFHUB_OK, "%s", last_message());
  out = NULL;
  CHECK(finish(job, &out) == HFHUB_OK && out && strcmp(out, "null") == 0, "%s", str(out));
  hfhub_string_free(out);

  /* A change, then a trigger with a result. */
  snprintf(path, sizeof path, "%s/b.txt", folder);
  write_file(path, "second\n");
  job = NULL;
  CHECK(hfhub_commit_scheduler_trigger(sched, &job) == HFHUB_OK, "%s", last_message());
  out = NULL;
  CHECK(finish(job, &out) == HFHUB_OK && out &&
            strstr(out, "\"commit_message\":\"Scheduled Commit\"") != NULL &&
            strstr(out, "\"oid\":\"") != NULL,
        "%s %s", str(out), last_message());
  hfhub_string_free(out);
  CHECK(file_exists(client, repo, "logs/b.txt"), "logs/b.txt pushed");
  CHECK(count_commits(client, repo, "Scheduled Commit") == 2, "two scheduled commits");

  /* stop pushes the last change and returns its commit. */
  snprintf(path, sizeof path, "%s/c.txt", folder);
  write_file(path, "last\n");
  out = NULL;
  CHECK(hfhub_commit_scheduler_stop(sched, &out) == HFHUB_OK && out &&
            strstr(out, "\"commit_message\":\"Scheduled Commit\"") != NULL,
        "stop: %s %s", str(out), last_message());
  hfhub_string_free(out);
  CHECK(file_exists(client, repo, "logs/c.txt"), "stop pushed logs/c.txt");
  /* Stopped: stop again and trigger give null and push nothing. */
  snprintf(path, sizeof path, "%s/d.txt", folder);
  write_file(path, "after stop\n");
  out = NULL;
  CHECK(hfhub_commit_scheduler_stop(sched, &out) == HFHUB_OK && out && strcmp(out, "null") == 0,
        "second stop: %s", str(out));
  hfhub_string_free(out);
  job = NULL;
  CHECK(hfhub_commit_scheduler_trigger(sched, &job) == HFHUB_OK, "%s", last_message());
  out = NULL;
  CHECK(finish(job, &out) == HFHUB_OK && out && strcmp(out, "null") == 0, "%s", str(out));
  hfhub_string_free(out);
  CHECK(!file_exists(client, repo, "logs/d.txt"), "nothing pushed after stop");
  hfhub_commit_scheduler_free(sched);

  /* A short interval: the timer pushes without a trigger (bounded wait). */
  snprintf(folder, sizeof folder, "%s/sched-timer", scratch);
  sched = NULL;
  CHECK(hfhub_commit_scheduler_new(client, "alice/c-sched-timer", folder, 0.2, NULL, &sched) ==
            HFHUB_OK,
        "%s", last_message());
  snprintf(path, sizeof path, "%s/tick.txt", folder);
  write_file(path, "tick\n");
  int pushed = 0;
  for (int i = 0; i < 100 && !pushed; i++) {
    sleep_ms(100);
    pushed = file_exists(client, "alice/c-sched-timer", "tick.txt");
  }
  CHECK(pushed, "the timer pushed tick.txt");
  double start = now_s();
  hfhub_commit_scheduler_free(sched); /* never stopped */
  CHECK(now_s() - start < 2.0, "free without stop took %.3f s", now_s() - start);

  /* Free without stop makes no final push. */
  snprintf(folder, sizeof folder, "%s/sched-free", scratch);
  sched = NULL;
  CHECK(hfhub_commit_scheduler_new(client, "alice/c-sched-free", folder, 3600.0, NULL, &sched) ==
            HFHUB_OK,
        "%s", last_message());
  job = NULL;
  CHECK(hfhub_commit_scheduler_trigger(sched, &job) == HFHUB_OK, "%s", last_message());
  CHECK(finish(job, NULL) == HFHUB_OK, "%s", last_message()); /* the initial pushes are done */
  snprintf(path, sizeof path, "%s/unpushed.txt", folder);
  write_file(path, "never pushed\n");
  start = now_s();
  hfhub_commit_scheduler_free(sched);
  CHECK(now_s() - start < 2.0, "free took %.3f s", now_s() - start);
  /* Let anything queued run, then look. */
  job = NULL;
  CHECK(hfhub_api_call_async(client, "whoami", NULL, &job) == HFHUB_OK, "%s", last_message());
  CHECK(finish(job, NULL) == HFHUB_OK, "%s", last_message());
  CHECK(!file_exists(client, "alice/c-sched-free", "unpushed.txt"), "free made no final push");
  CHECK(count_commits(client, "alice/c-sched-free", "Scheduled Commit") == 0, "no commit");

  /* The scheduler outlives the client handle it came from. */
  hfhub_client *other = make_client(url, token);
  snprintf(folder, sizeof folder, "%s/sched-orphan", scratch);
  sched = NULL;
  CHECK(hfhub_commit_scheduler_new(other, "alice/c-sched-orphan", folder, 3600.0, NULL, &sched) ==
            HFHUB_OK,
        "%s", last_message());
  hfhub_client_free(other);
  snprintf(path, sizeof path, "%s/orphan.txt", folder);
  write_file(path, "still works\n");
  out = NULL;
  CHECK(hfhub_commit_scheduler_stop(sched, &out) == HFHUB_OK && out, "%s", last_message());
  hfhub_string_free(out);
  hfhub_commit_scheduler_free(sched);
  CHECK(file_exists(client, "alice/c-sched-orphan", "orphan.txt"), "pushed after client free");
  hfhub_client_free(client);
}

int main(int argc, char **argv) {
  if (argc < 4) {
    fprintf(stderr, "usage: %s <hub-url> <token> <scratch-dir>\n", argv[0]);
    return 2;
  }
  (void)mkdir(argv[3], 0700);
  test_invalid_arguments(argv[1], argv[2], argv[3]);
  test_async_writes(argv[1], argv[2]);
  test_order(argv[1], argv[2]);
  test_timeout(argv[1], argv[2]);
  test_scheduler(argv[1], argv[2], argv[3]);
  printf("%d failed\n", failures);
  return failures;
}
