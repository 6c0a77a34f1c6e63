// Tests of the C++ wrapper against hubsim: test_wrapper <hub-url> <token>.
#include "hfhub.hpp"

#include <chrono>
#include <cstdio>
#include <string>
#include <thread>
#include <vector>

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

int main(int argc, char** argv) {
  if (argc < 3) return 2;
  const std::string config = std::string("{\"endpoint\": \"") + argv[1] + "\", \"token\": \"" +
                             argv[2] + "\", \"hf_home\": \"/nonexistent-hfhub-home\"}";
  hfhub::Client client(config);

  CHECK(client.whoami().find("\"name\":\"alice\"") != std::string::npos);
  CHECK(client.model_info("alice/tiny-model").find("\"id\":\"alice/tiny-model\"") !=
        std::string::npos);
  CHECK(client.repo_exists("alice/tiny-model"));
  CHECK(!client.repo_exists("nobody/nothing"));
  CHECK(client.file_exists("alice/tiny-model", "config.json"));

  // Errors are exceptions with the status, HTTP status, kind and request id.
  try {
    client.model_info("nobody/nothing");
    CHECK(false);
  } catch (const hfhub::Error& e) {
    CHECK(e.status() == HFHUB_ERR_NOT_FOUND);
    CHECK(e.http_status() == 404);
    CHECK(e.kind() == "RepoNotFound");
    CHECK(!e.request_id().empty());
    CHECK(std::string(e.what()).find("not found") != std::string::npos);
  }
  try {
    client.call("no_such_operation");
    CHECK(false);
  } catch (const hfhub::Error& e) {
    CHECK(e.status() == HFHUB_ERR_INVALID_ARGUMENT);
    CHECK(e.http_status() == 0);
  }

  // Range-for over a pager, and an early break (the pager is freed by RAII).
  int n = 0;
  for (const std::string& model : client.list_models(R"({"limit": 4})")) {
    CHECK(model.find("\"id\":") != std::string::npos);
    ++n;
  }
  CHECK(n == 4);
  n = 0;
  for (const std::string& entry : client.list_repo_tree("alice/tiny-model", R"({"recursive": true})")) {
    (void)entry;
    if (++n == 2) break;
  }
  CHECK(n == 2);
  hfhub::Pager commits = client.pager("list_repo_commits", R"({"repo_id": "alice/tiny-model"})");
  hfhub::Pager moved = std::move(commits);
  n = 0;
  for (const std::string& c : moved) {
    (void)c;
    ++n;
  }
  CHECK(n == 4);

  // Progress and cancellation (argv[3] is a fresh cache folder; the harness
  // throttles hubsim's CDN, so the 3 MiB LFS file is still downloading when cancelled).
  if (argc > 3) {
    const std::string cache = std::string("{\"cache_dir\": \"") + argv[3] + "\"}";
    int events = 0, finished = 0;
    hfhub::Call run;
    run.progress = [&](const hfhub_progress& e) {
      ++events;
      if (e.kind == HFHUB_PROGRESS_FINISHED) ++finished;
      return true;
    };
    std::string path = client.hf_hub_download("alice/tiny-model", "config.json", cache, run);
    CHECK(path.find("snapshots") != std::string::npos);
    CHECK(events > 0 && finished == 1);
    finished = 0;
    client.snapshot_download("alice/tiny-model",
                             std::string("{\"cache_dir\": \"") + argv[3] +
                                 "\", \"allow_patterns\": \"onnx/*\"}",
                             run);
    CHECK(finished == 3);

    hfhub::Call veto;
    veto.progress = [](const hfhub_progress&) { return false; };
    try {
      client.hf_hub_download("alice/tiny-model", "weights/big.bin", cache, veto);
      CHECK(false);
    } catch (const hfhub::Error& e) {
      CHECK(e.status() == HFHUB_ERR_CANCELLED);
    }
    hfhub::Call throwing;
    throwing.progress = [](const hfhub_progress&) -> bool { throw std::runtime_error("stop"); };
    try {
      client.hf_hub_download("alice/tiny-model", "weights/big.bin", cache, throwing);
      CHECK(false);
    } catch (const std::runtime_error& e) {
      CHECK(std::string(e.what()) == "stop");  // the callback's own exception, not hfhub::Error
    }
    hfhub::CancelToken token;
    hfhub::Call cancellable;
    cancellable.cancel = &token;
    std::thread canceller([&token] {
      std::this_thread::sleep_for(std::chrono::milliseconds(300));
      token.cancel();
    });
    auto start = std::chrono::steady_clock::now();
    try {
      client.call("hf_hub_download",
                  std::string("{\"repo_id\": \"alice/tiny-model\", \"filename\": "
                              "\"weights/big.bin\", \"force_download\": true, \"cache_dir\": \"") +
                      argv[3] + "\"}",
                  cancellable);
      CHECK(false);
    } catch (const hfhub::Error& e) {
      CHECK(e.status() == HFHUB_ERR_CANCELLED);
    }
    canceller.join();
    CHECK(std::chrono::steady_clock::now() - start < std::chrono::milliseconds(1300));
    CHECK(token.is_cancelled());
  }

  // Move-only client, shared by threads.
  hfhub::Client owner = std::move(client);
  std::vector<std::thread> threads;
  std::vector<int> ok(8, 0);
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&owner, &ok, t] {
      for (int i = 0; i < 3; ++i) {
        if (owner.model_info("alice/tiny-model").find("tiny-model") != std::string::npos) ++ok[t];
      }
    });
  }
  for (auto& th : threads) th.join();
  int total = 0;
  for (int v : ok) total += v;
  CHECK(total == 24);

  std::printf("%d failed\n", failures);
  return failures;
}
