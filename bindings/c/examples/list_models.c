/*
 * Lists models with a pager:
 *   list_models [search]
 * Configured from the environment like Python (HF_ENDPOINT, HF_TOKEN, ...).
 */
#include "hfhub.h"

#include <stdio.h>

int main(int argc, char **argv) {
  if (hfhub_abi_version() != HFHUB_ABI_VERSION) {
    fprintf(stderr, "libhfhub ABI %u, header %u\n", hfhub_abi_version(), HFHUB_ABI_VERSION);
    return 1;
  }
  hfhub_client *client = NULL;
  if (hfhub_client_new_from_env(&client) != HFHUB_OK) {
    fprintf(stderr, "client: %s\n", hfhub_last_error_message());
    return 1;
  }
  char options[256];
  snprintf(options, sizeof options, "{\"limit\": 10%s%s%s}", argc > 1 ? ", \"search\": \"" : "",
           argc > 1 ? argv[1] : "", argc > 1 ? "\"" : "");
  hfhub_pager *pager = NULL;
  if (hfhub_model_list(client, options, &pager) != HFHUB_OK) {
    fprintf(stderr, "list_models: %s\n", hfhub_last_error_message());
    hfhub_client_free(client);
    return 1;
  }
  char *model = NULL;
  hfhub_status st;
  while ((st = hfhub_pager_next(pager, &model)) == HFHUB_OK) {
    printf("%s\n", model); /* one ModelInfo JSON object per line */
    hfhub_string_free(model);
  }
  if (st != HFHUB_DONE) {
    fprintf(stderr, "%s: %s\n", hfhub_status_name(st), hfhub_last_error_message());
  }
  hfhub_pager_free(pager);
  hfhub_client_free(client);
  return st == HFHUB_DONE ? 0 : 1;
}
