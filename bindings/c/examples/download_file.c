/*
 * Downloads one file into the cache shared with Python and prints its path:
 *   download_file <repo_id> <filename> [revision]
 * Configured from the environment like Python (HF_ENDPOINT, HF_TOKEN, HF_HOME,
 * HF_HUB_CACHE, HF_HUB_OFFLINE, ...). A second run finds the file in the cache.
 */
#include "hfhub.h"

#include <stdio.h>

int main(int argc, char **argv) {
  if (argc < 3) {
    fprintf(stderr, "usage: %s <repo_id> <filename> [revision]\n", argv[0]);
    return 2;
  }
  if (hfhub_abi_version() != HFHUB_ABI_VERSION) {
    fprintf(stderr, "libhfhub ABI %u, header %u\n", hfhub_abi_version(), HFHUB_ABI_VERSION);
    return 1;
  }
  hfhub_client *client = NULL;
  if (hfhub_client_new_from_env(&client) != HFHUB_OK) {
    fprintf(stderr, "client: %s\n", hfhub_last_error_message());
    return 1;
  }
  /* Options are the Python keyword arguments, as JSON. The revision comes from
   * the command line, so it is passed as a JSON string only when it has no
   * character that would need escaping. */
  char options[512] = "{}";
  if (argc > 3) {
    for (const char *c = argv[3]; *c; c++) {
      if (*c == '"' || *c == '\\' || (unsigned char)*c < 0x20) {
        fprintf(stderr, "revision: unsupported character\n");
        hfhub_client_free(client);
        return 2;
      }
    }
    snprintf(options, sizeof options, "{\"revision\": \"%s\"}", argv[3]);
  }
  char *path = NULL; /* a JSON string: the file in the snapshot folder */
  hfhub_status st = hfhub_file_download(client, argv[1], argv[2], options, NULL, &path);
  if (st != HFHUB_OK) {
    /* The details say which kind of failure: RepoNotFound, EntryNotFound, GatedRepo, ... */
    fprintf(stderr, "%s: %s\n%s\n", hfhub_status_name(st), hfhub_last_error_message(),
            hfhub_last_error_json());
    hfhub_client_free(client);
    return 1;
  }
  printf("%s\n", path);
  hfhub_string_free(path);
  hfhub_client_free(client);
  return 0;
}
