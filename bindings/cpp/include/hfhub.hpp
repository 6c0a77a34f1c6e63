// hfhub.hpp: a header-only C++17 wrapper over the hfhub C interface.
//
// Move-only RAII handles, exceptions instead of status codes, range-for over
// listings. Results are JSON strings (parse them with the JSON library of your
// choice). Everything a Python `HfApi` method does is reachable with
// `Client::call("method_name", R"({"kwarg": ...})")`.
//
//   hfhub::Client client = hfhub::Client::from_env();
//   std::string info = client.model_info("openai-community/gpt2");
//   for (const std::string& model : client.list_models(R"({"limit": 5})")) { ... }
#ifndef HFHUB_HPP
#define HFHUB_HPP

#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <exception>
#include <functional>
#include <stdexcept>
#include <string>
#include <utility>

#include "hfhub.h"

namespace hfhub {

/// A failed call: the status, and what the last error said about it.
class Error : public std::runtime_error {
 public:
  Error(hfhub_status status, std::string message, std::string details)
      : std::runtime_error(std::move(message)), status_(status), details_(std::move(details)) {}

  /// The status code (`HFHUB_ERR_NOT_FOUND`, ...).
  hfhub_status status() const noexcept { return status_; }
  /// The details as JSON: kind, http_status, url, request_id, error_code, server_message, ...
  const std::string& details() const noexcept { return details_; }
  /// The error kind (`"RepoNotFound"`, `"GatedRepo"`, `"Timeout"`, ...), or "".
  std::string kind() const { return string_field("kind"); }
  /// The request id the server gave, or "".
  std::string request_id() const { return string_field("request_id"); }
  /// The HTTP status, or 0 when the failure did not come from an HTTP response.
  int http_status() const {
    const std::string key = "\"http_status\":";
    std::size_t at = details_.find(key);
    if (at == std::string::npos) return 0;
    return std::atoi(details_.c_str() + at + key.size());
  }

 private:
  // The details are compact JSON written by the library: `"key":"value"`.
  std::string string_field(const char* name) const {
    const std::string key = std::string("\"") + name + "\":\"";
    std::size_t at = details_.find(key);
    if (at == std::string::npos) return "";
    std::string out;
    for (std::size_t i = at + key.size(); i < details_.size() && details_[i] != '"'; ++i) {
      if (details_[i] == '\\' && i + 1 < details_.size()) ++i;
      out += details_[i];
    }
    return out;
  }

  hfhub_status status_;
  std::string details_;
};

namespace detail {
[[noreturn]] inline void throw_last(hfhub_status status) {
  throw Error(status, hfhub_last_error_message(), hfhub_last_error_json());
}
inline void check(hfhub_status status) {
  if (status != HFHUB_OK) throw_last(status);
}
/// Takes ownership of a library string and copies it out.
inline std::string take(char* s) {
  std::string out = s ? s : "";
  hfhub_string_free(s);
  return out;
}
inline const char* opt(const std::string& s) { return s.empty() ? nullptr : s.c_str(); }
}  // namespace detail

/// A cancel token: `cancel()` is safe from any thread and stops every call
/// using the token with `HFHUB_ERR_CANCELLED`. Move-only; it must outlive those calls.
class CancelToken {
 public:
  CancelToken() { detail::check(hfhub_cancel_token_new(&raw_)); }
  CancelToken(CancelToken&& other) noexcept : raw_(std::exchange(other.raw_, nullptr)) {}
  CancelToken& operator=(CancelToken&& other) noexcept {
    if (this != &other) {
      hfhub_cancel_token_free(raw_);
      raw_ = std::exchange(other.raw_, nullptr);
    }
    return *this;
  }
  CancelToken(const CancelToken&) = delete;
  CancelToken& operator=(const CancelToken&) = delete;
  ~CancelToken() { hfhub_cancel_token_free(raw_); }

  void cancel() const noexcept { hfhub_cancel_token_cancel(raw_); }
  bool is_cancelled() const noexcept { return hfhub_cancel_token_is_cancelled(raw_); }
  const hfhub_cancel_token* get() const noexcept { return raw_; }

 private:
  hfhub_cancel_token* raw_ = nullptr;
};

/// Called with each progress event, on the calling thread; return false to cancel.
using ProgressFn = std::function<bool(const hfhub_progress&)>;

/// Run-time options of one call: a progress function and a cancel token (both optional).
struct Call {
  ProgressFn progress;
  const CancelToken* cancel = nullptr;
};

namespace detail {
/// Bridges a `Call` to `hfhub_call_options`; an exception thrown by the progress
/// function cancels the call and is rethrown once the call has returned.
class CallBridge {
 public:
  explicit CallBridge(const Call& call) : call_(call) {
    options_.version = HFHUB_CALL_OPTIONS_VERSION;
    options_.cancel = call.cancel ? call.cancel->get() : nullptr;
    options_.progress = call.progress ? &CallBridge::trampoline : nullptr;
    options_.user_data = this;
  }
  const hfhub_call_options* get() const noexcept { return &options_; }
  /// Checks the status, rethrowing first what the progress function threw.
  void check(hfhub_status status) const {
    if (error_) std::rethrow_exception(error_);
    detail::check(status);
  }

 private:
  static int32_t trampoline(void* user_data, const hfhub_progress* event) {
    auto* self = static_cast<CallBridge*>(user_data);
    try {
      return self->call_.progress(*event) ? 0 : 1;
    } catch (...) {
      self->error_ = std::current_exception();
      return 1;
    }
  }
  const Call& call_;
  hfhub_call_options options_{};
  std::exception_ptr error_;
};
}  // namespace detail

/// A lazy listing; iterate it with range-for. Move-only.
class Pager {
 public:
  explicit Pager(hfhub_pager* raw) noexcept : raw_(raw) {}
  Pager(Pager&& other) noexcept : raw_(std::exchange(other.raw_, nullptr)) {}
  Pager& operator=(Pager&& other) noexcept {
    if (this != &other) {
      hfhub_pager_free(raw_);
      raw_ = std::exchange(other.raw_, nullptr);
    }
    return *this;
  }
  Pager(const Pager&) = delete;
  Pager& operator=(const Pager&) = delete;
  ~Pager() { hfhub_pager_free(raw_); }

  /// The next item as JSON into `item`; false at the end. Throws on failure.
  bool next(std::string& item) {
    char* out = nullptr;
    hfhub_status status = hfhub_pager_next(raw_, &out);
    if (status == HFHUB_DONE) return false;
    detail::check(status);
    item = detail::take(out);
    return true;
  }

  /// Input iterator over the items (each a JSON string).
  class iterator {
   public:
    iterator() = default;
    explicit iterator(Pager* pager) : pager_(pager) { advance(); }
    const std::string& operator*() const noexcept { return item_; }
    const std::string* operator->() const noexcept { return &item_; }
    iterator& operator++() {
      advance();
      return *this;
    }
    bool operator==(const iterator& other) const noexcept { return pager_ == other.pager_; }
    bool operator!=(const iterator& other) const noexcept { return pager_ != other.pager_; }

   private:
    void advance() {
      if (pager_ && !pager_->next(item_)) pager_ = nullptr;
    }
    Pager* pager_ = nullptr;
    std::string item_;
  };
  iterator begin() { return iterator(this); }
  iterator end() { return iterator(); }

 private:
  hfhub_pager* raw_;
};

/// A background job (`hfhub_api_call_async`, `CommitScheduler::trigger`). Use from
/// one thread at a time; move-only. Destroying a job that has not finished detaches
/// it: it still runs, its result is dropped.
class Job {
 public:
  /// Adopts a job handle (freed by this object).
  explicit Job(hfhub_job* raw) noexcept : raw_(raw) {}
  Job(Job&& other) noexcept : raw_(std::exchange(other.raw_, nullptr)) {}
  Job& operator=(Job&& other) noexcept {
    if (this != &other) {
      hfhub_job_free(raw_);
      raw_ = std::exchange(other.raw_, nullptr);
    }
    return *this;
  }
  Job(const Job&) = delete;
  Job& operator=(const Job&) = delete;
  ~Job() { hfhub_job_free(raw_); }

  /// Waits until the job finishes and returns its result as JSON; throws
  /// `hfhub::Error` when it failed. The result is kept: calling again returns it again.
  std::string wait() {
    char* out = nullptr;
    detail::check(hfhub_job_wait(raw_, -1, &out));
    return detail::take(out);
  }
  /// Waits at most `timeout` (a negative one only looks): false while the job is
  /// still queued or running, true with its result in `result` once it finished;
  /// throws `hfhub::Error` when it failed.
  bool wait_for(std::chrono::milliseconds timeout, std::string& result) {
    char* out = nullptr;
    const std::int64_t ms = timeout.count() < 0 ? 0 : static_cast<std::int64_t>(timeout.count());
    hfhub_status status = hfhub_job_wait(raw_, ms, &out);
    if (status == HFHUB_PENDING) return false;
    detail::check(status);
    result = detail::take(out);
    return true;
  }
  /// Whether the job has finished (successfully or not), without waiting.
  bool is_done() const {
    bool done = false;
    detail::check(hfhub_job_is_done(raw_, &done));
    return done;
  }
  /// The underlying C handle (still owned by this object).
  hfhub_job* get() const noexcept { return raw_; }
  /// Gives up ownership of the C handle (free it with `hfhub_job_free`).
  hfhub_job* release() noexcept { return std::exchange(raw_, nullptr); }

 private:
  hfhub_job* raw_ = nullptr;
};

/// A Hub client. Thread-safe; move-only.
class Client {
 public:
  /// From a JSON configuration (see `hfhub_client_new`); "" = the defaults.
  explicit Client(const std::string& config_json = "") {
    detail::check(hfhub_client_new(detail::opt(config_json), &raw_));
  }
  /// Configured from the environment as Python is (HF_ENDPOINT, HF_TOKEN, ...).
  static Client from_env() {
    hfhub_client* raw = nullptr;
    detail::check(hfhub_client_new_from_env(&raw));
    return Client(raw);
  }
  Client(Client&& other) noexcept : raw_(std::exchange(other.raw_, nullptr)) {}
  Client& operator=(Client&& other) noexcept {
    if (this != &other) {
      hfhub_client_free(raw_);
      raw_ = std::exchange(other.raw_, nullptr);
    }
    return *this;
  }
  Client(const Client&) = delete;
  Client& operator=(const Client&) = delete;
  ~Client() { hfhub_client_free(raw_); }

  /// The underlying C handle (still owned by this object).
  const hfhub_client* get() const noexcept { return raw_; }

  /// Any operation by its Python name and keyword arguments; the result as JSON.
  /// `run` carries progress and cancellation for the long operations (downloads).
  std::string call(const std::string& method, const std::string& args_json = "",
                   const Call& run = {}) const {
    detail::CallBridge bridge(run);
    char* out = nullptr;
    hfhub_status status =
        hfhub_api_call(raw_, method.c_str(), detail::opt(args_json), bridge.get(), &out);
    bridge.check(status);
    return detail::take(out);
  }
  /// Any listing by its Python name, paged lazily.
  Pager pager(const std::string& method, const std::string& args_json = "") const {
    hfhub_pager* out = nullptr;
    detail::check(hfhub_api_call_pager(raw_, method.c_str(), detail::opt(args_json), &out));
    return Pager(out);
  }

  /// Any operation by its Python name, queued on the client's background job queue
  /// (Python `run_as_future=True`); jobs of a client run one at a time, in order.
  /// An unknown operation throws here; every other failure is thrown by `Job::wait`.
  Job call_async(const std::string& method, const std::string& args_json = "") const {
    hfhub_job* out = nullptr;
    detail::check(hfhub_api_call_async(raw_, method.c_str(), detail::opt(args_json), &out));
    return Job(out);
  }

  /// `HfApi.whoami`.
  std::string whoami() const { return call("whoami"); }
  /// `HfApi.model_info`; `options_json` holds its keyword arguments.
  std::string model_info(const std::string& repo_id, const std::string& options_json = "") const {
    return typed(hfhub_model_get, repo_id, options_json);
  }
  /// `HfApi.dataset_info`.
  std::string dataset_info(const std::string& repo_id, const std::string& options_json = "") const {
    return typed(hfhub_dataset_get, repo_id, options_json);
  }
  /// `HfApi.space_info`.
  std::string space_info(const std::string& repo_id, const std::string& options_json = "") const {
    return typed(hfhub_space_get, repo_id, options_json);
  }
  /// `HfApi.repo_exists`.
  bool repo_exists(const std::string& repo_id, const std::string& options_json = "") const {
    return typed(hfhub_repo_exists, repo_id, options_json) == "true";
  }
  /// `HfApi.file_exists`.
  bool file_exists(const std::string& repo_id, const std::string& filename,
                   const std::string& options_json = "") const {
    char* out = nullptr;
    detail::check(hfhub_file_exists(raw_, repo_id.c_str(), filename.c_str(),
                                    detail::opt(options_json), &out));
    return detail::take(out) == "true";
  }
  /// `hf_hub_download`: downloads one file into the shared cache; returns its
  /// path as a JSON string. `options_json` holds Python's keyword arguments.
  std::string hf_hub_download(const std::string& repo_id, const std::string& filename,
                              const std::string& options_json = "", const Call& run = {}) const {
    detail::CallBridge bridge(run);
    char* out = nullptr;
    hfhub_status status = hfhub_file_download(raw_, repo_id.c_str(), filename.c_str(),
                                              detail::opt(options_json), bridge.get(), &out);
    bridge.check(status);
    return detail::take(out);
  }
  /// `snapshot_download`: returns the snapshot folder as a JSON string.
  std::string snapshot_download(const std::string& repo_id, const std::string& options_json = "",
                                const Call& run = {}) const {
    detail::CallBridge bridge(run);
    char* out = nullptr;
    hfhub_status status = hfhub_snapshot_download(raw_, repo_id.c_str(), detail::opt(options_json),
                                                  bridge.get(), &out);
    bridge.check(status);
    return detail::take(out);
  }

  /// `HfApi.list_models`, paged lazily.
  Pager list_models(const std::string& options_json = "") const {
    hfhub_pager* out = nullptr;
    detail::check(hfhub_model_list(raw_, detail::opt(options_json), &out));
    return Pager(out);
  }
  /// `HfApi.list_repo_tree`, paged lazily.
  Pager list_repo_tree(const std::string& repo_id, const std::string& options_json = "") const {
    hfhub_pager* out = nullptr;
    detail::check(hfhub_repo_tree_list(raw_, repo_id.c_str(), detail::opt(options_json), &out));
    return Pager(out);
  }

 private:
  explicit Client(hfhub_client* raw) noexcept : raw_(raw) {}
  using Typed = hfhub_status (*)(const hfhub_client*, const char*, const char*, char**);
  std::string typed(Typed f, const std::string& repo_id, const std::string& options_json) const {
    char* out = nullptr;
    detail::check(f(raw_, repo_id.c_str(), detail::opt(options_json), &out));
    return detail::take(out);
  }

  hfhub_client* raw_ = nullptr;
};

/// Pushes a local folder to a repo every `every_seconds` (Python `CommitScheduler`,
/// see `hfhub_commit_scheduler_new`). Thread-safe; move-only; independent of the
/// client it came from. Destroying a scheduler that was not stopped stops it
/// without a final push (call `stop()` for one); it never waits for a push.
class CommitScheduler {
 public:
  /// Creates the repo when missing and starts pushing; `options_json` holds
  /// Python's keyword arguments (`path_in_repo`, `repo_type`, `revision`, `private`,
  /// `token`, `allow_patterns`, `ignore_patterns`, `squash_history`).
  CommitScheduler(const Client& client, const std::string& repo_id,
                  const std::string& folder_path, double every_seconds,
                  const std::string& options_json = "") {
    detail::check(hfhub_commit_scheduler_new(client.get(), repo_id.c_str(), folder_path.c_str(),
                                             every_seconds, detail::opt(options_json), &raw_));
  }
  CommitScheduler(CommitScheduler&& other) noexcept : raw_(std::exchange(other.raw_, nullptr)) {}
  CommitScheduler& operator=(CommitScheduler&& other) noexcept {
    if (this != &other) {
      hfhub_commit_scheduler_free(raw_);
      raw_ = std::exchange(other.raw_, nullptr);
    }
    return *this;
  }
  CommitScheduler(const CommitScheduler&) = delete;
  CommitScheduler& operator=(const CommitScheduler&) = delete;
  ~CommitScheduler() { hfhub_commit_scheduler_free(raw_); }

  /// Queues a push now; the job gives the `CommitInfo` JSON, or "null" when nothing
  /// changed or the scheduler is stopped.
  Job trigger() const {
    hfhub_job* out = nullptr;
    detail::check(hfhub_commit_scheduler_trigger(raw_, &out));
    return Job(out);
  }
  /// Stops after one last push and returns its `CommitInfo` JSON ("null" when
  /// nothing changed or already stopped). Throws `hfhub::Error` when the push failed.
  std::string stop() const {
    char* out = nullptr;
    detail::check(hfhub_commit_scheduler_stop(raw_, &out));
    return detail::take(out);
  }
  /// The underlying C handle (still owned by this object).
  hfhub_commit_scheduler* get() const noexcept { return raw_; }
  /// Gives up ownership of the C handle (free it with `hfhub_commit_scheduler_free`).
  hfhub_commit_scheduler* release() noexcept { return std::exchange(raw_, nullptr); }

 private:
  hfhub_commit_scheduler* raw_ = nullptr;
};

}  // namespace hfhub

#endif  // HFHUB_HPP
