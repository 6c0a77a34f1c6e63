// Tests of the C++ wrapper against hubsim: test_wrapper <hub-url> <token>.
#include "hfhub.hpp"

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
