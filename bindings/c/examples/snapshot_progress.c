/*
 * Downloads a repository snapshot with a progress callback printing one line
 * per file started and finished and the running total:
 *   snapshot_progress <repo_id> [allow_pattern]
 * Configured from the environment like Python (HF_ENDPOINT, HF_TOKEN, HF_HOME, ...).
 * The callback runs on this thread, never concurrently, even though files are
 * fetched by several workers; returning non-zero from it would cancel.
 */
#include "hfhub.h"

#include <inttypes.h>
#include <stdio.h>

struct totals {
  uint64_t files_done;
  uint64_t last_percent_printed;
};

static void print_total(const hfhub_progress *e) {
  if (e->total_bytes > 0) {
    printf("  total %" PRIu64 "/%" PRId64 " bytes (%" PRIu64 "%%)\n", e->total_done,
           e->total_bytes, e->total_done * 100 / (uint64_t)e->total_bytes);
  } else {
    printf("  total %" PRIu64 " bytes\n", e->total_done);
  }
}

static int32_t on_progress(void *user_data, const hfhub_progress *e) {
  struct totals *t = (struct totals *)user_data;
  switch (e->kind) {
    case HFHUB_PROGRESS_STARTED:
      printf("[%" PRIu64 "/%" PRIu64 "] start  %s (%" PRId64 " bytes)\n", e->file_index + 1,
             e->file_count, e->path, e->bytes_total);
      break;
    case HFHUB_PROGRESS_BYTES:
      /* Byte events are frequent: print the total every 25 %. */
      if (e->total_bytes > 0) {
        uint64_t percent = e->total_done * 100 / (uint64_t)e->total_bytes;
        if (percent >= t->last_percent_printed + 25) {
          t->last_percent_printed = percent - percent % 25;
          print_total(e);
        }
      }
      break;
    case HFHUB_PROGRESS_FINISHED:
      t->files_done++;
      printf("[%" PRIu64 "/%" PRIu64 "] done   %s (%" PRIu64 " bytes)\n", e->file_index + 1,
             e->file_count, e->path, e->bytes_done);
      print_total(e);
      break;
  }
  fflush(stdout);
  return 0; /* continue */
}

int main(int argc, char **argv) {
  if (argc < 2) {
    fprintf(stderr, "usage: %s <repo_id> [allow_pattern]\n", argv[0]);
    return 2;
  }
  hfhub_client *client = NULL;
  if (hfhub_client_new_from_env(&client) != HFHUB_OK) {
    fprintf(stderr, "client: %s\n", hfhub_last_error_message());
    return 1;
  }
  char options[512] = "{}";
  if (argc > 2) {
    for (const char *c = argv[2]; *c; c++) {
      if (*c == '"' || *c == '\\' || (unsigned char)*c < 0x20) {
        fprintf(stderr, "allow_pattern: unsupported character\n");
        hfhub_client_free(client);
        return 2;
      }
    }
    snprintf(options, sizeof options, "{\"allow_patterns\": \"%s\"}", argv[2]);
  }
  struct totals totals = {0, 0};
  hfhub_call_options call = {HFHUB_CALL_OPTIONS_VERSION, NULL, on_progress, &totals};
  char *folder = NULL;
  hfhub_status st = hfhub_snapshot_download(client, argv[1], options, &call, &folder);
  if (st != HFHUB_OK) {
    fprintf(stderr, "%s: %s\n", hfhub_status_name(st), hfhub_last_error_message());
    hfhub_client_free(client);
    return 1;
  }
  printf("%" PRIu64 " file(s) downloaded; snapshot %s\n", totals.files_done, folder);
  hfhub_string_free(folder);
  hfhub_client_free(client);
  return 0;
}
