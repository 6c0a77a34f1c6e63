// The header compiles as C++17, included twice.
#include "hfhub.h"
#include "hfhub.h"

int main() {
  hfhub_status st = HFHUB_OK;
  hfhub_client *client = nullptr;
  return (st == HFHUB_OK && client == nullptr && hfhub_abi_version() == HFHUB_ABI_VERSION) ? 0 : 1;
}
