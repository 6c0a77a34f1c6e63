// Tests of hfhub::Job and hfhub::CommitScheduler against hubsim:
//   test_jobs_cpp <hub-url> <token> <scratch-dir>
// The harness delays every request under /api/models/alice/slow-job by 1.5 s.
#include "hfhub.hpp"

#include <sys/stat.h>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <string>
#include <utility>

static int failures = 0;
#define CHECK(cond)                                               \
  do {                                                            \
    if (cond) {                                                   \
      std::printf("ok   %s\n", #cond);                            \
    } else {                                                      \
      ++failures;                                                 \
      std::printf("FAIL %s:%d: %s\n", __FILE__, __LINE__, #cond); \
    }                                                             \
  } while (0)

static bool contains(const std::string& s, const std::string& part) {
  return s.find(part) != std::string::npos;
}

static void write_file(const std::string& path, const std::string& text) {
  std::ofstream(path) << text;
}

int main(int argc, char** argv) {
  if (argc < 4) return 2;
  const std::string scratch = argv[3];
  mkdir(scratch.c_str(), 0700);
  const std::string config = std::string("{\"endpoint\": \"") + argv[1] + "\", \"token\": \"" +
                             argv[2] + "\", \"hf_home\": \"/nonexistent-hfhub-home\"}";
  hfhub::Client client(config);

  // Async calls: the result JSON, kept for a second wait.
  hfhub::Job create = client.call_async("create_repo", R"({"repo_id": "alice/cpp-jobs"})");
  hfhub::Job upload = client.call_async(
      "upload_file",
      R"({"repo_id": "alice/cpp-jobs", "path_in_repo": "x.txt", "content_base64": "eA==",
          "commit_message": "from C++"})");
  CHECK(contains(create.wait(), "alice/cpp-jobs"));
  const std::string info = upload.wait();
  CHECK(contains(info, "\"commit_message\":\"from C++\""));
  CHECK(upload.wait() == info);
  CHECK(upload.is_done());
  CHECK(client.file_exists("alice/cpp-jobs", "x.txt"));

  // Errors: an unknown operation throws at submission, a failed job at wait.
  try {
    client.call_async("no_such_operation");
    CHECK(false);
  } catch (const hfhub::Error& e) {
    CHECK(e.status() == HFHUB_ERR_INVALID_ARGUMENT);
  }
  hfhub::Job missing = client.call_async("model_info", R"({"repo_id": "nobody/nothing"})");
  try {
    missing.wait();
    CHECK(false);
  } catch (const hfhub::Error& e) {
    CHECK(e.status() == HFHUB_ERR_NOT_FOUND);
    CHECK(e.http_status() == 404);
  }

  // A job behind a slow one is still pending after a short wait; moves keep it.
  hfhub::Job slow = client.call_async("model_info", R"({"repo_id": "alice/slow-job"})");
  hfhub::Job quick = client.call_async("whoami");
  std::string result = "untouched";
  CHECK(!quick.wait_for(std::chrono::milliseconds(100), result));
  CHECK(result == "untouched");
  CHECK(!quick.is_done());
  hfhub::Job moved = std::move(quick);
  CHECK(quick.get() == nullptr);
  CHECK(moved.wait_for(std::chrono::seconds(30), result));
  CHECK(contains(result, "\"name\":\"alice\""));
  CHECK(slow.is_done());  // it ran first
  {
    // Destroyed unfinished: detached, the queue goes on.
    hfhub::Job detached = client.call_async("create_repo", R"({"repo_id": "alice/cpp-detached"})");
  }
  CHECK(client.call_async("repo_exists", R"({"repo_id": "alice/cpp-detached"})").wait() == "true");

  // A commit scheduler: trigger, stop with a last push, destruction without stop.
  {
    const std::string folder = scratch + "/sched";
    hfhub::CommitScheduler scheduler(client, "alice/cpp-sched", folder, 3600.0,
                                     R"({"path_in_repo": "data"})");
    write_file(folder + "/one.txt", "1\n");
    const std::string first = scheduler.trigger().wait();
    CHECK(first == "null" || contains(first, "\"commit_message\":\"Scheduled Commit\""));
    CHECK(client.file_exists("alice/cpp-sched", "data/one.txt"));
    CHECK(scheduler.trigger().wait() == "null");
    write_file(folder + "/two.txt", "2\n");
    CHECK(contains(scheduler.stop(), "\"commit_message\":\"Scheduled Commit\""));
    CHECK(client.file_exists("alice/cpp-sched", "data/two.txt"));
    CHECK(scheduler.stop() == "null");
  }
  {
    const std::string folder = scratch + "/sched-drop";
    hfhub::CommitScheduler scheduler(client, "alice/cpp-sched-drop", folder, 3600.0);
    scheduler.trigger().wait();
    write_file(folder + "/never.txt", "n\n");
    const auto start = std::chrono::steady_clock::now();
    {
      hfhub::CommitScheduler gone = std::move(scheduler);
    }
    CHECK(std::chrono::steady_clock::now() - start < std::chrono::seconds(2));
    CHECK(scheduler.get() == nullptr);
  }
  client.call_async("whoami").wait();  // anything queued has run
  CHECK(!client.file_exists("alice/cpp-sched-drop", "never.txt"));
  try {
    hfhub::CommitScheduler bad(client, "alice/cpp-bad", scratch + "/bad", 0.0);
    CHECK(false);
  } catch (const hfhub::Error& e) {
    CHECK(e.status() == HFHUB_ERR_INVALID_ARGUMENT);
  }

  std::printf("%d failed\n", failures);
  return failures;
}
