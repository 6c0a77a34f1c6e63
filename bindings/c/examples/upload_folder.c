/*
 * Creates a repository and uploads a folder to it in one commit, printing the
 * progress of the LFS transfer:
 *   upload_folder <repo_id> [lfs_file_mib]
 * The folder is made here: a README.md and `weights.bin`, a binary file of
 * `lfs_file_mib` MiB (default 10, the size from which the Hub stores any file
 * with LFS). Needs a write token (HF_TOKEN); configured from the environment
 * like Python (HF_ENDPOINT, HF_HOME, ...).
 */
#define _POSIX_C_SOURCE 200809L /* mkdtemp */

#include "hfhub.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int32_t on_progress(void *user_data, const hfhub_progress *e) {
  (void)user_data;
  if (e->kind == HFHUB_PROGRESS_STARTED) {
    printf("uploading %s (%" PRId64 " bytes)\n", e->path, e->bytes_total);
  } else if (e->kind == HFHUB_PROGRESS_FINISHED) {
    printf("uploaded  %s (%" PRIu64 " bytes)\n", e->path, e->bytes_done);
  }
  fflush(stdout);
  return 0;
}

/* Writes `size` bytes of a deterministic, binary pattern. */
static int write_file(const char *path, const char *text, size_t size) {
  FILE *f = fopen(path, "wb");
  if (!f) return -1;
  int ok = 1;
  if (text) {
    ok = fputs(text, f) >= 0;
  } else {
    unsigned char block[4096];
    uint32_t x = 2463534242u;
    for (size_t done = 0; ok && done < size; done += sizeof block) {
      for (size_t i = 0; i < sizeof block; i++) {
        x ^= x << 13, x ^= x >> 17, x ^= x << 5;
        block[i] = (unsigned char)x;
      }
      size_t n = size - done < sizeof block ? size - done : sizeof block;
      ok = fwrite(block, 1, n, f) == n;
    }
  }
  return (fclose(f) == 0 && ok) ? 0 : -1;
}

int main(int argc, char **argv) {
  if (argc < 2) {
    fprintf(stderr, "usage: %s <repo_id> [lfs_file_mib]\n", argv[0]);
    return 2;
  }
  const char *repo_id = argv[1];
  size_t mib = argc > 2 ? (size_t)strtoul(argv[2], NULL, 10) : 10;

  char dir[] = "/tmp/hfhub-upload-XXXXXX";
  if (!mkdtemp(dir)) {
    perror("mkdtemp");
    return 1;
  }
  char readme[64], weights[64];
  snprintf(readme, sizeof readme, "%s/README.md", dir);
  snprintf(weights, sizeof weights, "%s/weights.bin", dir);
  int rc = 1;
  hfhub_client *client = NULL;
  char *out = NULL;
  if (write_file(readme, "# Uploaded from C\n", 0) != 0 ||
      write_file(weights, NULL, mib * 1024 * 1024) != 0) {
    perror("writing the folder");
    goto done;
  }

  if (hfhub_client_new_from_env(&client) != HFHUB_OK) {
    fprintf(stderr, "client: %s\n", hfhub_last_error_message());
    goto done;
  }
  /* exist_ok: running the example twice adds a commit to the same repository. */
  if (hfhub_repo_create(client, repo_id, "{\"exist_ok\": true}", &out) != HFHUB_OK) {
    fprintf(stderr, "create_repo: %s\n", hfhub_last_error_message());
    goto done;
  }
  printf("repository %s\n", out); /* RepoUrl as JSON */
  hfhub_string_free(out);
  out = NULL;

  hfhub_call_options call = {HFHUB_CALL_OPTIONS_VERSION, NULL, on_progress, NULL};
  hfhub_status st = hfhub_folder_upload(client, repo_id, dir,
                                        "{\"commit_message\": \"Upload a folder from C\"}",
                                        &call, &out);
  if (st != HFHUB_OK) {
    fprintf(stderr, "upload_folder: %s: %s\n", hfhub_status_name(st), hfhub_last_error_message());
    goto done;
  }
  printf("commit %s\n", out); /* CommitInfo as JSON: commit_url, oid, ... */
  hfhub_string_free(out);
  out = NULL;

  /* What the repository holds now. */
  hfhub_pager *files = NULL;
  if (hfhub_repo_files_list(client, repo_id, NULL, &files) != HFHUB_OK) {
    fprintf(stderr, "list_repo_files: %s\n", hfhub_last_error_message());
    goto done;
  }
  while ((st = hfhub_pager_next(files, &out)) == HFHUB_OK) {
    printf("file %s\n", out);
    hfhub_string_free(out);
  }
  out = NULL;
  hfhub_pager_free(files);
  rc = st == HFHUB_DONE ? 0 : 1;
  if (rc) fprintf(stderr, "list_repo_files: %s\n", hfhub_last_error_message());

done:
  hfhub_string_free(out);
  hfhub_client_free(client);
  remove(readme);
  remove(weights);
  rmdir(dir);
  return rc;
}
