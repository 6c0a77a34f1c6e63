/*
 * hfhub: a C interface to the Hugging Face Hub.
 * Generated from src/ffi by cbindgen (cargo build --features header). Do not edit.
 *
 * Conventions:
 *  - every function returns an hfhub_status; on failure the thread-local last
 *    error (hfhub_last_error_message, hfhub_last_error_json) says why, and it is
 *    cleared on entry to every call;
 *  - strings in are NUL-terminated UTF-8, borrowed for the call; strings out are
 *    allocated by the library and freed only with hfhub_string_free;
 *  - out-parameters are required, set to NULL on entry, written on success only;
 *  - handles are opaque, made by *_new and freed by *_free (NULL-safe).
 */

#ifndef HFHUB_H
#define HFHUB_H

#include <stdint.h>
#include <stddef.h>
#include <stdbool.h>

#define HFHUB_VERSION_MAJOR 0
#define HFHUB_VERSION_MINOR 1
#define HFHUB_VERSION_PATCH 0


/**
 * The ABI version: bumped on any incompatible change of the C interface.
 */
#define HFHUB_ABI_VERSION 1

/**
 * The version of `hfhub_call_options` this header describes.
 */
#define HFHUB_CALL_OPTIONS_VERSION 1

/**
 * The result of every `hfhub_*` call. Values are explicit and never reused;
 * new ones are only ever appended.
 */
enum hfhub_status
#if defined(__cplusplus) || __STDC_VERSION__ >= 202311L
  : int32_t
#endif // defined(__cplusplus) || __STDC_VERSION__ >= 202311L
 {
  /**
   * Success.
   */
  HFHUB_OK = 0,
  /**
   * An iterator is exhausted (not an error; the last error is left untouched).
   */
  HFHUB_DONE = 1,
  /**
   * A background job is still queued or running after the time waited (not an
   * error; the job goes on and can be waited for again; the last error is cleared).
   */
  HFHUB_PENDING = 2,
  /**
   * A required pointer was NULL, a string was not UTF-8, a JSON argument was
   * malformed or named an unknown option or operation.
   */
  HFHUB_ERR_INVALID_ARGUMENT = 100,
  /**
   * Authentication: 401, or a token is required and none was found.
   */
  HFHUB_ERR_AUTH = 101,
  /**
   * 403: forbidden, gated (access not granted) or disabled repository.
   */
  HFHUB_ERR_FORBIDDEN = 102,
  /**
   * Repository, revision or entry not found (`kind` in the details says which).
   */
  HFHUB_ERR_NOT_FOUND = 103,
  /**
   * 409.
   */
  HFHUB_ERR_CONFLICT = 104,
  /**
   * 429 after the retries allowed (`retry_after_ms` in the details).
   */
  HFHUB_ERR_RATE_LIMITED = 105,
  /**
   * Any other HTTP error status.
   */
  HFHUB_ERR_HTTP = 106,
  /**
   * DNS, connection, TLS or protocol failure.
   */
  HFHUB_ERR_NETWORK = 107,
  /**
   * A timeout fired.
   */
  HFHUB_ERR_TIMEOUT = 108,
  /**
   * Cancelled by a cancel token or a progress callback.
   */
  HFHUB_ERR_CANCELLED = 109,
  /**
   * Local file-system, cache or lock failure.
   */
  HFHUB_ERR_IO = 110,
  /**
   * A cache-only lookup missed (offline mode or `local_files_only`).
   */
  HFHUB_ERR_OFFLINE_MISS = 111,
  /**
   * A response could not be decoded (`kind` says what: JSON, a safetensors header, ...).
   */
  HFHUB_ERR_DECODE = 112,
  /**
   * Downloaded data did not match its size or checksum; nothing was kept.
   */
  HFHUB_ERR_CHECKSUM = 113,
  /**
   * A remote resource reported a failure (an Inference Endpoint that failed).
   */
  HFHUB_ERR_REMOTE_FAILED = 114,
  /**
   * An internal bug was caught at the boundary; the process is intact.
   */
  HFHUB_ERR_PANIC = 198,
  /**
   * Anything else.
   */
  HFHUB_ERR_UNKNOWN = 199,
};
#ifndef __cplusplus
#if __STDC_VERSION__ >= 202311L
typedef enum hfhub_status hfhub_status;
#else
typedef int32_t hfhub_status;
#endif // __STDC_VERSION__ >= 202311L
#endif // __cplusplus

/**
 * What a progress event reports.
 */
enum hfhub_progress_kind
#if defined(__cplusplus) || __STDC_VERSION__ >= 202311L
  : int32_t
#endif // defined(__cplusplus) || __STDC_VERSION__ >= 202311L
 {
  /**
   * A file transfer started.
   */
  HFHUB_PROGRESS_STARTED = 0,
  /**
   * Bytes arrived (`bytes_done` may go back to 0 when a server ignored a range).
   */
  HFHUB_PROGRESS_BYTES = 1,
  /**
   * A file is complete and verified.
   */
  HFHUB_PROGRESS_FINISHED = 2,
};
#ifndef __cplusplus
#if __STDC_VERSION__ >= 202311L
typedef enum hfhub_progress_kind hfhub_progress_kind;
#else
typedef int32_t hfhub_progress_kind;
#endif // __STDC_VERSION__ >= 202311L
#endif // __cplusplus

/**
 * An opaque cancel token. `hfhub_cancel_token_cancel` is safe from any thread,
 * also while calls using the token run; the token must outlive those calls.
 */
typedef struct hfhub_cancel_token hfhub_cancel_token;

/**
 * An opaque client. Thread-safe: every function taking a `const hfhub_client *`
 * may run concurrently on any threads; `hfhub_client_free` must not race them.
 */
typedef struct hfhub_client hfhub_client;

/**
 * An opaque commit scheduler: pushes a local folder to a repo at a fixed
 * interval. Thread-safe: `hfhub_commit_scheduler_trigger` and
 * `hfhub_commit_scheduler_stop` may run concurrently on any threads;
 * `hfhub_commit_scheduler_free` must not race them. Independent of the client it
 * came from (the client may be freed first).
 */
typedef struct hfhub_commit_scheduler hfhub_commit_scheduler;

/**
 * An opaque background job. Use from one thread at a time (it may move between
 * threads); independent of the client it came from (the client may be freed first).
 */
typedef struct hfhub_job hfhub_job;

/**
 * An opaque lazy listing. Use from one thread at a time (it may move between
 * threads); independent of the client it came from once created.
 */
typedef struct hfhub_pager hfhub_pager;

/**
 * One progress event. It and the strings it points to are valid only during
 * the callback.
 */
typedef struct hfhub_progress {
  /**
   * What happened.
   */
  hfhub_progress_kind kind;
  /**
   * Path of the file in the repository (NUL-terminated UTF-8).
   */
  const char *path;
  /**
   * Index of the file among the files of the operation (0-based).
   */
  uint64_t file_index;
  /**
   * Number of files the operation transfers.
   */
  uint64_t file_count;
  /**
   * Bytes of this file received so far.
   */
  uint64_t bytes_done;
  /**
   * Size of this file, or -1 when unknown.
   */
  int64_t bytes_total;
  /**
   * Bytes received over every file of the operation.
   */
  uint64_t total_done;
  /**
   * Bytes to transfer over every file, or -1 when unknown.
   */
  int64_t total_bytes;
} hfhub_progress;

/**
 * A progress callback: called synchronously on the calling thread, never
 * concurrently and never after the call returns. Return 0 to continue; any
 * other value cancels the call (`HFHUB_ERR_CANCELLED`).
 */
typedef int32_t (*hfhub_progress_cb)(void *user_data, const struct hfhub_progress *event);

/**
 * Run-time options of one call; pass NULL for none. Set `version` to
 * `HFHUB_CALL_OPTIONS_VERSION` (fields are only ever appended).
 */
typedef struct hfhub_call_options {
  /**
   * `HFHUB_CALL_OPTIONS_VERSION`.
   */
  uint32_t version;
  /**
   * A cancel token, or NULL.
   */
  const struct hfhub_cancel_token *cancel;
  /**
   * A progress callback, or NULL.
   */
  hfhub_progress_cb progress;
  /**
   * Passed back to `progress` verbatim; never dereferenced by the library.
   */
  void *user_data;
} hfhub_call_options;

#ifdef __cplusplus
extern "C" {
#endif // __cplusplus

/**
 * The library version (`"0.1.0"`). Static: never free it. Thread-safe.
 */
const char *hfhub_version(void);

/**
 * The ABI version of the library linked at run time; compare it with the
 * `HFHUB_ABI_VERSION` of the header compiled against. Thread-safe.
 */
uint32_t hfhub_abi_version(void);

/**
 * A no-op whose name carries the ABI version: bindings reference it so that
 * linking against a library of another ABI fails at link time.
 */
void hfhub_abi_v1(void);

/**
 * Downloads one file into the cache shared with Python and returns its path as
 * a JSON string. Rust: `Client::hf_hub_download`; Python: `hf_hub_download`.
 * Options: `subfolder`, `repo_type`, `revision`, `cache_dir`, `local_dir`,
 * `force_download`, `etag_timeout`, `local_files_only`, `token`, ...
 * `call` (NULL = none) carries a cancel token and a progress callback; a
 * cancelled or failed download leaves no partial file in the cache.
 *
 * # Safety
 * `client` is live; strings are NUL-terminated or NULL where optional; `call`
 * is NULL or valid for the whole call; `out_json` is writable. Thread-safe.
 */
hfhub_status hfhub_file_download(const struct hfhub_client *client,
                                 const char *repo_id,
                                 const char *filename,
                                 const char *options_json,
                                 const struct hfhub_call_options *call,
                                 char **out_json);

/**
 * Downloads a repository snapshot (files filtered by `allow_patterns` /
 * `ignore_patterns`) and returns the snapshot folder as a JSON string. Rust:
 * `Client::snapshot_download`; Python: `snapshot_download`. `call` as in
 * `hfhub_file_download`.
 *
 * # Safety
 * As `hfhub_file_download`.
 */
hfhub_status hfhub_snapshot_download(const struct hfhub_client *client,
                                     const char *repo_id,
                                     const char *options_json,
                                     const struct hfhub_call_options *call,
                                     char **out_json);

/**
 * Everything in the local cache shared with Python as JSON (`HFCacheInfo`:
 * `size_on_disk`, `repos` with their revisions, refs and files, `warnings`).
 * Rust: `Client::scan_cache_dir`; Python: `scan_cache_dir`. Sends no request.
 * `options_json` (NULL = none): `cache_dir` (the client's hub cache by default).
 *
 * On success `*out_json` is freed with `hfhub_string_free`; on failure it is
 * NULL (`HFHUB_ERR_IO` when the cache folder cannot be read, ...). A folder
 * that does not look like a cache entry is a warning in the result, not an error.
 *
 * # Safety
 * `client` is live; `options_json` is NULL or NUL-terminated; `out_json` is
 * writable. Thread-safe (a scan running while another call writes to the cache
 * sees either state of each file).
 */
hfhub_status hfhub_cache_scan(const struct hfhub_client *client,
                              const char *options_json,
                              char **out_json);

/**
 * Whether a file exists in a repository: `*out_json` is `true` or `false`
 * (a gated repository is `HFHUB_ERR_FORBIDDEN`). Rust: `Client::file_exists`;
 * Python: `HfApi.file_exists`. Options: `repo_type`, `revision`, `token`.
 *
 * # Safety
 * `client` is live; strings are NUL-terminated or NULL where optional;
 * `out_json` is writable. Thread-safe.
 */
hfhub_status hfhub_file_exists(const struct hfhub_client *client,
                               const char *repo_id,
                               const char *filename,
                               const char *options_json,
                               char **out_json);

/**
 * What a HEAD on a resolve URL says (`{commit_hash, etag, location, size}`).
 * Rust: `Client::get_hf_file_metadata`; Python: `HfApi.get_hf_file_metadata`.
 * Options: `timeout`, `token`.
 *
 * # Safety
 * As `hfhub_file_exists`.
 */
hfhub_status hfhub_file_metadata_get(const struct hfhub_client *client,
                                     const char *url,
                                     const char *options_json,
                                     char **out_json);

/**
 * Files and folders of a repository, paged lazily (`RepoFile` / `RepoFolder`
 * objects with a `type` key). Rust: `Client::list_repo_tree`; Python:
 * `HfApi.list_repo_tree`. Options: `path_in_repo`, `recursive`, `expand`,
 * `revision`, `repo_type`, `token`.
 *
 * On success `*out_pager` is freed with `hfhub_pager_free`.
 *
 * # Safety
 * As `hfhub_file_exists`; `out_pager` is writable.
 */
hfhub_status hfhub_repo_tree_list(const struct hfhub_client *client,
                                  const char *repo_id,
                                  const char *options_json,
                                  struct hfhub_pager **out_pager);

/**
 * Paths of every file of a repository (JSON strings), paged lazily. Rust:
 * `Client::list_repo_files`; Python: `HfApi.list_repo_files`. Options:
 * `revision`, `repo_type`, `token`.
 *
 * # Safety
 * As `hfhub_repo_tree_list`.
 */
hfhub_status hfhub_repo_files_list(const struct hfhub_client *client,
                                   const char *repo_id,
                                   const char *options_json,
                                   struct hfhub_pager **out_pager);

/**
 * A model's information as JSON (`ModelInfo`). Rust: `Client::model_info`;
 * Python: `HfApi.model_info`. `options_json` (NULL = none): `revision`,
 * `timeout`, `securityStatus`, `files_metadata`, `expand`, `token`.
 *
 * On success `*out_json` is freed with `hfhub_string_free`; on failure it is
 * NULL (`HFHUB_ERR_NOT_FOUND` for a missing repository or revision, ...).
 *
 * The read exports of this header predate call options and keep their
 * signatures (the ABI only grows): they are short requests bounded by the
 * client's timeouts. To run one with a cancel token, call it by its Python
 * name through `hfhub_api_call` (`"model_info"` here), which takes an
 * `hfhub_call_options`; for listings, step the pager with `hfhub_pager_next_with`.
 *
 * # Safety
 * `client` is live; strings are NUL-terminated or NULL where optional;
 * `out_json` is writable. Thread-safe.
 */
hfhub_status hfhub_model_get(const struct hfhub_client *client,
                             const char *repo_id,
                             const char *options_json,
                             char **out_json);

/**
 * A dataset's information as JSON (`DatasetInfo`). Rust: `Client::dataset_info`;
 * Python: `HfApi.dataset_info`. Options: `revision`, `timeout`,
 * `files_metadata`, `expand`, `token`. Ownership, errors and safety as `hfhub_model_get`.
 *
 * # Safety
 * As `hfhub_model_get`.
 */
hfhub_status hfhub_dataset_get(const struct hfhub_client *client,
                               const char *repo_id,
                               const char *options_json,
                               char **out_json);

/**
 * A Space's information as JSON (`SpaceInfo`). Rust: `Client::space_info`;
 * Python: `HfApi.space_info`. Options as `hfhub_dataset_get`.
 *
 * # Safety
 * As `hfhub_model_get`.
 */
hfhub_status hfhub_space_get(const struct hfhub_client *client,
                             const char *repo_id,
                             const char *options_json,
                             char **out_json);

/**
 * Information on a repository of any type. Rust: `Client::repo_info`; Python:
 * `HfApi.repo_info`. Options: `repo_type` (`"model"`, `"dataset"`, `"space"`),
 * `revision`, `timeout`, `files_metadata`, `expand`, `token`.
 *
 * # Safety
 * As `hfhub_model_get`.
 */
hfhub_status hfhub_repo_get(const struct hfhub_client *client,
                            const char *repo_id,
                            const char *options_json,
                            char **out_json);

/**
 * Whether a repository exists and is visible: `*out_json` is `true` or `false`.
 * Rust: `Client::repo_exists`; Python: `HfApi.repo_exists`. Options: `repo_type`, `token`.
 *
 * # Safety
 * As `hfhub_model_get`.
 */
hfhub_status hfhub_repo_exists(const struct hfhub_client *client,
                               const char *repo_id,
                               const char *options_json,
                               char **out_json);

/**
 * Whether a revision exists: `*out_json` is `true` or `false`. Rust:
 * `Client::revision_exists`; Python: `HfApi.revision_exists`. Options: `repo_type`, `token`.
 *
 * # Safety
 * As `hfhub_model_get`.
 */
hfhub_status hfhub_revision_exists(const struct hfhub_client *client,
                                   const char *repo_id,
                                   const char *revision,
                                   const char *options_json,
                                   char **out_json);

/**
 * Models on the Hub, paged lazily (`ModelInfo` objects). Rust:
 * `Client::list_models`; Python: `HfApi.list_models`, with every keyword
 * argument of its (`filter`, `author`, `search`, `sort`, `direction`, `limit`,
 * `full`, `cardData`, `fetch_config`, ...) in `options_json` (NULL = none).
 *
 * On success `*out_pager` is freed with `hfhub_pager_free`; nothing is sent
 * before the first `hfhub_pager_next`.
 *
 * # Safety
 * `client` is live; `options_json` is NULL or NUL-terminated; `out_pager` is
 * writable. Thread-safe.
 */
hfhub_status hfhub_model_list(const struct hfhub_client *client,
                              const char *options_json,
                              struct hfhub_pager **out_pager);

/**
 * Datasets on the Hub, paged lazily (`DatasetInfo` objects). Rust:
 * `Client::list_datasets`; Python: `HfApi.list_datasets`.
 *
 * # Safety
 * As `hfhub_model_list`.
 */
hfhub_status hfhub_dataset_list(const struct hfhub_client *client,
                                const char *options_json,
                                struct hfhub_pager **out_pager);

/**
 * Spaces on the Hub, paged lazily (`SpaceInfo` objects). Rust:
 * `Client::list_spaces`; Python: `HfApi.list_spaces`.
 *
 * # Safety
 * As `hfhub_model_list`.
 */
hfhub_status hfhub_space_list(const struct hfhub_client *client,
                              const char *options_json,
                              struct hfhub_pager **out_pager);

/**
 * Branches, tags, converts and (with `include_pull_requests`) PR refs as JSON
 * (`GitRefs`). Rust: `Client::list_repo_refs`; Python: `HfApi.list_repo_refs`.
 * Options: `repo_type`, `include_pull_requests`, `token`.
 *
 * # Safety
 * `client` is live; strings are NUL-terminated or NULL where optional;
 * `out_json` is writable. Thread-safe.
 */
hfhub_status hfhub_repo_refs_get(const struct hfhub_client *client,
                                 const char *repo_id,
                                 const char *options_json,
                                 char **out_json);

/**
 * Commits of a revision, newest first, paged lazily (`GitCommitInfo` objects).
 * Rust: `Client::list_repo_commits`; Python: `HfApi.list_repo_commits`.
 * Options: `repo_type`, `revision`, `formatted`, `token`.
 *
 * # Safety
 * As `hfhub_repo_refs_get`; `out_pager` is writable.
 */
hfhub_status hfhub_repo_commits_list(const struct hfhub_client *client,
                                     const char *repo_id,
                                     const char *options_json,
                                     struct hfhub_pager **out_pager);

/**
 * Creates a repository and returns its URL as JSON (`RepoUrl`: `url`,
 * `endpoint`, `repo_type`, `repo_id`, `namespace`, `repo_name`). Rust:
 * `Client::create_repo`; Python: `HfApi.create_repo`; `POST /api/repos/create`.
 * `options_json` (NULL = none): `private`, `repo_type`, `exist_ok`, `space_sdk`,
 * `space_hardware`, `space_storage`, `space_sleep_time`, `space_secrets`,
 * `space_variables`, `token`.
 *
 * On success `*out_json` is freed with `hfhub_string_free`; on failure it is
 * NULL and the last error says why (`HFHUB_ERR_CONFLICT` when the repository
 * exists and `exist_ok` is not set, `HFHUB_ERR_AUTH` without a token,
 * `HFHUB_ERR_FORBIDDEN` with a read token or another's namespace,
 * `HFHUB_ERR_INVALID_ARGUMENT` for a NULL pointer or a bad option).
 *
 * # Safety
 * `client` is live; `repo_id` is NUL-terminated; `options_json` is NULL or
 * NUL-terminated; `out_json` is writable. Thread-safe.
 */
hfhub_status hfhub_repo_create(const struct hfhub_client *client,
                               const char *repo_id,
                               const char *options_json,
                               char **out_json);

/**
 * Deletes a repository; `*out_json` is `null` on success. Rust:
 * `Client::delete_repo`; Python: `HfApi.delete_repo`; `DELETE /api/repos/delete`.
 * Options: `repo_type`, `missing_ok`, `token`. Irreversible.
 *
 * On success `*out_json` (the JSON text `null`) is freed with
 * `hfhub_string_free`; on failure it is NULL (`HFHUB_ERR_NOT_FOUND` for a
 * missing repository unless `missing_ok`, `HFHUB_ERR_FORBIDDEN` without the
 * right, ...).
 *
 * # Safety
 * As `hfhub_repo_create`. Thread-safe.
 */
hfhub_status hfhub_repo_delete(const struct hfhub_client *client,
                               const char *repo_id,
                               const char *options_json,
                               char **out_json);

/**
 * Uploads one local file to `path_in_repo` in one commit and returns the
 * commit as JSON (`CommitInfo`: `commit_url`, `commit_message`, `oid`,
 * `pr_url`, ...). Rust: `Client::upload_file`; Python: `HfApi.upload_file`
 * (`path_or_fileobj` is the path of a local file here; to upload bytes from
 * memory, call `hfhub_api_call("upload_file", ...)` with `content_base64`).
 * Requests:
 * `POST /api/{T}/{id}/preupload/{rev}`, the git-lfs batch API and storage
 * `PUT`s for an LFS file, then `POST /api/{T}/{id}/commit/{rev}`.
 * `options_json` (NULL = none): `repo_type`, `revision`, `commit_message`,
 * `commit_description`, `create_pr`, `parent_commit`, `token`.
 *
 * `call` (NULL = none) carries a cancel token and a progress callback: LFS
 * transfers report `HFHUB_PROGRESS_*` events; a cancelled upload (token, or a
 * callback returning non-zero) is `HFHUB_ERR_CANCELLED` and commits nothing.
 *
 * On success `*out_json` is freed with `hfhub_string_free`; on failure it is
 * NULL and the last error says why (`HFHUB_ERR_IO` for an unreadable file,
 * `HFHUB_ERR_NOT_FOUND` for a missing repository or revision,
 * `HFHUB_ERR_FORBIDDEN` with a read token, ...).
 *
 * # Safety
 * `client` is live; `repo_id`, `path_or_fileobj` and `path_in_repo` are
 * NUL-terminated; `options_json` is NULL or NUL-terminated; `call` is NULL or
 * valid for the whole call; `out_json` is writable. Thread-safe.
 */
hfhub_status hfhub_file_upload(const struct hfhub_client *client,
                               const char *repo_id,
                               const char *path_or_fileobj,
                               const char *path_in_repo,
                               const char *options_json,
                               const struct hfhub_call_options *call,
                               char **out_json);

/**
 * Uploads the files of a local folder in one commit and returns the commit as
 * JSON (`CommitInfo`). Rust: `Client::upload_folder`; Python:
 * `HfApi.upload_folder`. Requests as `hfhub_file_upload`. `options_json`
 * (NULL = none): `path_in_repo`, `repo_type`, `revision`, `commit_message`,
 * `commit_description`, `create_pr`, `parent_commit`, `allow_patterns`,
 * `ignore_patterns`, `delete_patterns`, `token`.
 *
 * `call` as in `hfhub_file_upload`: a cancelled upload commits nothing.
 *
 * On success `*out_json` is freed with `hfhub_string_free`; on failure it is
 * NULL (`HFHUB_ERR_INVALID_ARGUMENT` or `HFHUB_ERR_IO` for a folder that is not
 * there, ...).
 *
 * # Safety
 * As `hfhub_file_upload`. Thread-safe.
 */
hfhub_status hfhub_folder_upload(const struct hfhub_client *client,
                                 const char *repo_id,
                                 const char *folder_path,
                                 const char *options_json,
                                 const struct hfhub_call_options *call,
                                 char **out_json);

/**
 * Creates one commit from a list of operations and returns it as JSON
 * (`CommitInfo`). Rust: `Client::create_commit`; Python:
 * `HfApi.create_commit`. `operations` is a JSON array (text) of
 * `{"operation": "add", "path_in_repo", "path_or_fileobj": "<local path>"}`,
 * `{"operation": "add", "path_in_repo", "content_base64"}` and
 * `{"operation": "delete", "path_in_repo", "is_folder": true | false | "auto"}`
 * objects. Requests as `hfhub_file_upload`. `options_json` (NULL = none):
 * `commit_description`, `repo_type`, `revision`, `create_pr`, `num_threads`,
 * `parent_commit`, `token`. Nothing is committed unless every upload succeeded.
 *
 * `call` as in `hfhub_file_upload`: a cancelled commit is never posted.
 *
 * On success `*out_json` is freed with `hfhub_string_free`; on failure it is
 * NULL (`HFHUB_ERR_INVALID_ARGUMENT` for malformed operations, a NULL pointer
 * or a bad option; `HFHUB_ERR_CONFLICT` for a stale `parent_commit`, ...).
 *
 * # Safety
 * `client` is live; `repo_id`, `operations` and `commit_message` are
 * NUL-terminated; `options_json` is NULL or NUL-terminated; `call` is NULL or
 * valid for the whole call; `out_json` is writable. Thread-safe.
 */
hfhub_status hfhub_commit_create(const struct hfhub_client *client,
                                 const char *repo_id,
                                 const char *operations,
                                 const char *commit_message,
                                 const char *options_json,
                                 const struct hfhub_call_options *call,
                                 char **out_json);

/**
 * Who the token belongs to, as the Hub's JSON object. Rust: `Client::whoami`;
 * Python: `HfApi.whoami`. A token is required: without one this fails with
 * `HFHUB_ERR_AUTH` before sending anything. Options: `token`.
 *
 * # Safety
 * `client` is live; `options_json` is NULL or NUL-terminated; `out_json` is
 * writable. Thread-safe.
 */
hfhub_status hfhub_user_whoami(const struct hfhub_client *client,
                               const char *options_json,
                               char **out_json);

/**
 * Runs any operation by its Python `HfApi` name with its Python keyword
 * arguments as a JSON object (NULL = none), e.g. `"model_info"` with
 * `{"repo_id": "gpt2", "files_metadata": true}`. Every operation accepts `token`
 * (string, `true`, `false` or `null`) as in Python. Listings return a JSON array
 * of every item up to `limit`; use `hfhub_api_call_pager` to page lazily.
 * `call` (NULL = none) carries a cancel token and a progress callback, honoured
 * by the long operations (downloads) and checked before any operation starts.
 *
 * On success `*out_json` is the result as JSON (free with `hfhub_string_free`);
 * on failure it is NULL and the last error says why. Unknown operations and
 * arguments are `HFHUB_ERR_INVALID_ARGUMENT`.
 *
 * # Safety
 * `client` is a live client; `method` and `args_json` are NULL or NUL-terminated;
 * `call` is NULL or valid for the whole call; `out_json` is writable.
 * Thread-safe for concurrent calls on one client.
 */
hfhub_status hfhub_api_call(const struct hfhub_client *client,
                            const char *method,
                            const char *args_json,
                            const struct hfhub_call_options *call,
                            char **out_json);

/**
 * Starts a listing operation (`list_models`, `list_repo_tree`, ...) by its Python
 * name and keyword arguments, returning a pager that fetches pages lazily.
 * Nothing is sent until the first `hfhub_pager_next`.
 *
 * On success `*out_pager` owns a pager to free with `hfhub_pager_free`; on
 * failure it is NULL. An operation that is not a listing is
 * `HFHUB_ERR_INVALID_ARGUMENT`.
 *
 * # Safety
 * As `hfhub_api_call`; `out_pager` is writable.
 */
hfhub_status hfhub_api_call_pager(const struct hfhub_client *client,
                                  const char *method,
                                  const char *args_json,
                                  struct hfhub_pager **out_pager);

/**
 * Creates a cancel token (free with `hfhub_cancel_token_free`).
 *
 * # Safety
 * `out_token` is writable.
 */
hfhub_status hfhub_cancel_token_new(struct hfhub_cancel_token **out_token);

/**
 * Requests cancellation: every call using the token stops with
 * `HFHUB_ERR_CANCELLED` at its next check (before each request, between body
 * chunks and retries; within one read timeout at worst), leaving no partial
 * file in the cache. Idempotent; safe from any thread. NULL is a no-op.
 *
 * # Safety
 * `token` is NULL or a live token.
 */
void hfhub_cancel_token_cancel(const struct hfhub_cancel_token *token);

/**
 * Whether cancellation was requested. NULL gives false. Thread-safe.
 *
 * # Safety
 * `token` is NULL or a live token.
 */
bool hfhub_cancel_token_is_cancelled(const struct hfhub_cancel_token *token);

/**
 * Frees a token. NULL is a no-op.
 *
 * # Safety
 * `token` is NULL or a live token no call is using.
 */
void hfhub_cancel_token_free(struct hfhub_cancel_token *token);

/**
 * Creates a client from a JSON configuration (NULL or `""` = the defaults,
 * without reading the environment). Keys, all optional: `from_env` (bool: start
 * from `HF_ENDPOINT`, `HF_TOKEN`, ... as `hfhub_client_new_from_env`),
 * `endpoint`, `inference_endpoints_url`, `token` (string, `true` = required,
 * `false` = never), `library_name`, `library_version`, `user_agent` (string or
 * object), `headers` (object), `connect_timeout`, `read_timeout`,
 * `request_timeout`, `etag_timeout`, `download_timeout` (seconds),
 * `max_retries`, `retry_base_wait`, `retry_max_wait`, `retry_max_total_wait`
 * (seconds), `proxy`, `no_proxy`, `ca_bundle`, `hf_home`, `cache_dir`,
 * `token_path`, `offline`, `disable_implicit_token`. Unknown keys are errors.
 *
 * On success `*out_client` owns a client to free with `hfhub_client_free`; on
 * failure it is NULL and the last error says why (`HFHUB_ERR_INVALID_ARGUMENT`
 * for bad JSON or values, `HFHUB_ERR_IO` for an unreadable CA bundle).
 *
 * # Safety
 * `config_json` is NULL or a NUL-terminated string; `out_client` is writable.
 */
hfhub_status hfhub_client_new(const char *config_json, struct hfhub_client **out_client);

/**
 * Creates a client configured from the environment exactly as Python's
 * `huggingface_hub` is (`HF_ENDPOINT`, `HF_TOKEN`, `HF_HOME`, `HF_HUB_CACHE`,
 * `HF_HUB_OFFLINE`, ...). Ownership and errors as `hfhub_client_new`.
 *
 * # Safety
 * `out_client` is writable.
 */
hfhub_status hfhub_client_new_from_env(struct hfhub_client **out_client);

/**
 * Frees a client. NULL is a no-op. Pagers made from the client stay usable.
 *
 * # Safety
 * `client` is NULL or a client from `hfhub_client_new*`, not yet freed, and no
 * other call is using it.
 */
void hfhub_client_free(struct hfhub_client *client);

/**
 * Queues any operation of `hfhub_api_call` (by its Python `HfApi` name, with its
 * Python keyword arguments as a JSON object, NULL = none) on the client's
 * background job queue, as Python's `run_as_future=True` (Rust:
 * `hfhub::dispatch::call_as_future` over `Client::run_as_future`), and returns
 * at once. Jobs of one client run one at a time, in submission order, on one
 * background thread shared with the client's commit schedulers; no request is
 * made by this call. The arguments are copied: `method` and `args_json` may be
 * freed when it returns. Progress callbacks and cancel tokens do not apply to
 * jobs (callbacks are only ever called on the caller's thread).
 *
 * On success `*out_job` owns a job to free with `hfhub_job_free`; on failure it
 * is NULL. Errors here: NULL `client`, `method` or `out_job`, bad UTF-8 or
 * malformed `args_json`, and an unknown operation (`HFHUB_ERR_INVALID_ARGUMENT`,
 * nothing queued). Every other failure (unknown or bad keyword arguments, HTTP,
 * I/O) is reported by `hfhub_job_wait`.
 *
 * # Safety
 * `client` is a live client; `method` and `args_json` are NULL or NUL-terminated;
 * `out_job` is writable. Thread-safe for concurrent calls on one client.
 */
hfhub_status hfhub_api_call_async(const struct hfhub_client *client,
                                  const char *method,
                                  const char *args_json,
                                  struct hfhub_job **out_job);

/**
 * Waits for a job at most `timeout_ms` milliseconds (`-1` = until it finishes,
 * `0` = just look) and gives its result. Rust: `JobHandle::wait_timeout`.
 *
 * - `HFHUB_OK`: the job succeeded; `*out_json` is its result as JSON (free with
 *   `hfhub_string_free`), what `hfhub_api_call` would have returned.
 * - `HFHUB_PENDING`: the time ran out while the job is queued or running;
 *   `*out_json` is NULL and the last error is clear. The job goes on; wait again.
 * - any error status: the job failed; `*out_json` is NULL and the last error says
 *   why, as `hfhub_api_call` would have (e.g. `HFHUB_ERR_NOT_FOUND` with the HTTP
 *   details).
 *
 * The result is kept by the job: once finished, every later wait returns it again
 * at once (a fresh copy of the JSON, or the same error). A NULL `job` or
 * `out_json`, or a `timeout_ms` below `-1`, is `HFHUB_ERR_INVALID_ARGUMENT`.
 *
 * # Safety
 * `job` is a live job used by no other thread now; `out_json` is writable.
 */
hfhub_status hfhub_job_wait(struct hfhub_job *job, int64_t timeout_ms, char **out_json);

/**
 * Whether a job has finished (successfully or not) into `*out_done`, without
 * waiting. Rust: `JobHandle::is_done`. A NULL `job` or `out_done` is
 * `HFHUB_ERR_INVALID_ARGUMENT` (`*out_done` is then false when writable).
 *
 * # Safety
 * `job` is a live job used by no other thread now; `out_done` is NULL or writable.
 */
hfhub_status hfhub_job_is_done(const struct hfhub_job *job, bool *out_done);

/**
 * Frees a job. NULL is a no-op. Freeing a job that has not finished detaches it:
 * it still runs (in its turn) and its result is dropped. Never waits.
 *
 * # Safety
 * `job` is NULL or a job from this library, not yet freed, not in use.
 */
void hfhub_job_free(struct hfhub_job *job);

/**
 * The status of the last failed `hfhub_*` call on this thread, or `HFHUB_OK`
 * when the last call succeeded. Thread-safe (per thread).
 */
hfhub_status hfhub_last_error_code(void);

/**
 * A one-line message for the last failed call on this thread; `""` when none.
 * Never NULL. Borrowed: valid until the next `hfhub_*` call on this thread;
 * never free it.
 */
const char *hfhub_last_error_message(void);

/**
 * Details of the last failed call on this thread as a JSON object (`"{}"` when
 * none): `status`, `kind` (e.g. `RepoNotFound`, `GatedRepo`, `Timeout`),
 * `message`, `http_status`, `url`, `request_id`, `error_code`,
 * `server_message`, `retry_after_ms`. Never NULL. Borrowed: valid until the next
 * `hfhub_*` call on this thread; never free it.
 */
const char *hfhub_last_error_json(void);

/**
 * Clears the last error of this thread.
 */
void hfhub_last_error_clear(void);

/**
 * The next item of a listing as a JSON object in `*out_item_json` (free with
 * `hfhub_string_free`), fetching the next page when needed. Returns
 * `HFHUB_DONE` (with `*out_item_json` NULL) at the end; after an error the pager
 * is finished. `hfhub_pager_next_with` is the same with call options.
 *
 * # Safety
 * `pager` is a live pager used by no other thread now; `out_item_json` is writable.
 */
hfhub_status hfhub_pager_next(struct hfhub_pager *pager, char **out_item_json);

/**
 * `hfhub_pager_next` with call options (NULL = none, as `hfhub_pager_next`).
 * Pagers are lazy, so the call options of a listing travel with each step rather
 * than with the call that created the pager (`hfhub_api_call_pager` and the
 * typed `*_list` exports send nothing). A cancelled token stops the step before
 * it fetches anything: `HFHUB_ERR_CANCELLED`, `*out_item_json` NULL, and the
 * pager stays where it was (a later step with a live token resumes it). A page
 * request under way is bounded by the client's timeouts. Listings report no
 * progress events: `call->progress` is not called.
 *
 * # Safety
 * As `hfhub_pager_next`; `call` is NULL or valid for the whole call.
 */
hfhub_status hfhub_pager_next_with(struct hfhub_pager *pager,
                                   const struct hfhub_call_options *call,
                                   char **out_item_json);

/**
 * Frees a pager (stopping the listing). NULL is a no-op.
 *
 * # Safety
 * `pager` is NULL or a pager from this library, not yet freed, not in use.
 */
void hfhub_pager_free(struct hfhub_pager *pager);

/**
 * Creates a commit scheduler (Python `CommitScheduler(repo_id, folder_path,
 * every=...)`; Rust `CommitScheduler::new`). It creates the repo when missing
 * (`POST /api/repos/create`, an existing repo is fine) and `folder_path` when
 * missing, queues a first push at once, then one every `every_seconds` (a finite
 * number above 0; Python gives minutes, this takes seconds). A push commits the
 * files that changed since they were last pushed, in one commit titled
 * `Scheduled Commit`; pushes run on the client's background job queue, in order
 * with its other jobs (`hfhub_api_call_async`).
 *
 * `options_json` (NULL = defaults) takes Python's keyword arguments:
 * `path_in_repo`, `repo_type` (`"model"`, `"dataset"`, `"space"`), `revision`,
 * `private`, `token`, `allow_patterns`, `ignore_patterns` (a string or an array
 * of strings) and `squash_history`. Unknown keys are errors.
 *
 * On success `*out_scheduler` owns a scheduler to free with
 * `hfhub_commit_scheduler_free`; on failure it is NULL and the last error says
 * why: `HFHUB_ERR_INVALID_ARGUMENT` for NULL or bad arguments (a zero, negative
 * or non-finite `every_seconds`, a `folder_path` that is a file), `HFHUB_ERR_IO`
 * when the folder cannot be made, or the error of the repo creation.
 *
 * # Safety
 * `client` is a live client; strings are NULL or NUL-terminated;
 * `out_scheduler` is writable. Thread-safe for concurrent calls on one client.
 */
hfhub_status hfhub_commit_scheduler_new(const struct hfhub_client *client,
                                        const char *repo_id,
                                        const char *folder_path,
                                        double every_seconds,
                                        const char *options_json,
                                        struct hfhub_commit_scheduler **out_scheduler);

/**
 * Queues a push now (Python `CommitScheduler.trigger`; Rust
 * `CommitScheduler::trigger`) and returns its job at once. `hfhub_job_wait` on
 * it gives the commit as a `CommitInfo` JSON object, or `null` when nothing
 * changed since the last push or the scheduler is stopped; or the push's error
 * (a failed push is retried by the next one). Requests: those of
 * `create_commit`, and `POST /api/{repo_type}s/{repo_id}/super-squash/{branch}`
 * with `squash_history`.
 *
 * On success `*out_job` owns a job to free with `hfhub_job_free`; on failure
 * (NULL `scheduler` or `out_job`: `HFHUB_ERR_INVALID_ARGUMENT`) it is NULL.
 *
 * # Safety
 * `scheduler` is a live scheduler; `out_job` is writable. Thread-safe.
 */
hfhub_status hfhub_commit_scheduler_trigger(const struct hfhub_commit_scheduler *scheduler,
                                            struct hfhub_job **out_job);

/**
 * Stops the scheduler after one last push of the changes not pushed yet (Python
 * `CommitScheduler.stop` followed by a final `push_to_hub`, as its context
 * manager does; Rust `CommitScheduler::stop`), waiting for that push, which runs
 * after the jobs already queued on the client. `*out_json` is the last push's
 * `CommitInfo` as JSON, or `null` when nothing changed or the scheduler was
 * already stopped (free it with `hfhub_string_free`). Later pushes (scheduled or
 * triggered) do nothing. On failure `*out_json` is NULL and the last error says
 * why (the push's error; NULL arguments are `HFHUB_ERR_INVALID_ARGUMENT`); the
 * scheduler is stopped all the same.
 *
 * # Safety
 * `scheduler` is a live scheduler; `out_json` is writable. Thread-safe.
 */
hfhub_status hfhub_commit_scheduler_stop(const struct hfhub_commit_scheduler *scheduler,
                                         char **out_json);

/**
 * Frees a scheduler. NULL is a no-op. A scheduler not stopped is stopped without
 * a final push (call `hfhub_commit_scheduler_stop` first for one); a push already
 * queued or running finishes in the background. Never waits for a push.
 *
 * # Safety
 * `scheduler` is NULL or a scheduler from this library, not yet freed, and no
 * other call is using it.
 */
void hfhub_commit_scheduler_free(struct hfhub_commit_scheduler *scheduler);

/**
 * The name of a status code (`"HFHUB_ERR_NOT_FOUND"`), or `"HFHUB_UNKNOWN_STATUS"`
 * for a value this library does not know. Takes a plain integer, so any value is safe.
 *
 * The returned string is static: never free it. Thread-safe.
 */
const char *hfhub_status_name(int32_t code);

/**
 * Frees a string returned by this library (every `out_json`). NULL is a no-op.
 *
 * # Safety
 * `s` is NULL or a string returned by an `hfhub_*` function and not yet freed.
 * Never pass memory from another allocator. Thread-safe.
 */
void hfhub_string_free(char *s);

#ifdef __cplusplus
}  // extern "C"
#endif  // __cplusplus

#endif  /* HFHUB_H */
