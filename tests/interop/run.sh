#!/usr/bin/env bash
# Python interop suite: runs the official huggingface_hub client (each pinned
# version in requirements-*.txt) and hfhub (through `examples/call.rs`) against
# a local hubsim, and checks that both clients return the same results.
#
#   tests/interop/run.sh [PYTEST_ARGS...]      (from any directory)
#
# Environment:
#   INTEROP_VERSIONS="0.22 2.4"   which venvs to run (default: every requirements-*.txt)
#   INTEROP_SKIP_BUILD=1          use the binaries already built
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
cd "$root"

# --- binaries -----------------------------------------------------------------
if [[ "${INTEROP_SKIP_BUILD:-}" != "1" ]]; then
  echo "==> cargo build -p hubsim --bin hubsim"
  cargo build --quiet -p hubsim --bin hubsim
  echo "==> cargo build -p hfhub --example call"
  cargo build --quiet -p hfhub --example call
fi
target_dir="$(cargo metadata --format-version 1 --no-deps 2>/dev/null |
  python3 -c 'import json, sys; print(json.load(sys.stdin)["target_directory"])')"
export HUBSIM_BIN="$target_dir/debug/hubsim"
export HFHUB_CALL_BIN="$target_dir/debug/examples/call"
for bin in "$HUBSIM_BIN" "$HFHUB_CALL_BIN"; do
  [[ -x "$bin" ]] || { echo "missing binary: $bin" >&2; exit 1; }
done

# --- one venv per pinned version ----------------------------------------------
venv_for() { # $1 = requirements file; prints the venv's directory
  local req="$1" name dir want have
  name="$(basename "$req" .txt)"
  name="${name#requirements-}"
  dir="$here/.venvs/$name"
  want="$( { python3 -c 'import sys; print(sys.version)'; cat "$req"; } | sha256sum | cut -d' ' -f1)"
  have="$(cat "$dir/.requirements.sha256" 2>/dev/null || true)"
  if [[ "$want" != "$have" || ! -x "$dir/bin/python" ]]; then
    echo "==> creating $dir from $(basename "$req")" >&2
    rm -rf "$dir"
    python3 -m venv "$dir"
    "$dir/bin/python" -m pip install --quiet --disable-pip-version-check -r "$req" >&2
    echo "$want" >"$dir/.requirements.sha256"
  fi
  echo "$dir"
}

versions=()
if [[ -n "${INTEROP_VERSIONS:-}" ]]; then
  read -r -a versions <<<"$INTEROP_VERSIONS"
else
  for req in "$here"/requirements-*.txt; do
    v="$(basename "$req" .txt)"
    versions+=("${v#requirements-}")
  done
fi

failed=()
for v in "${versions[@]}"; do
  req="$here/requirements-$v.txt"
  [[ -f "$req" ]] || { echo "no such requirements file: $req" >&2; exit 1; }
  dir="$(venv_for "$req")"
  hf_version="$("$dir/bin/python" -c 'import importlib.metadata as m; print(m.version("huggingface_hub"))')"
  echo
  echo "================================================================"
  echo " huggingface_hub $hf_version  (venv tests/interop/.venvs/$v)"
  echo "================================================================"
  start=$(date +%s)
  set +e
  (cd "$here" && "$dir/bin/python" -m pytest -p no:cacheprovider -q -rfEXx "$here" "$@")
  rc=$?
  set -e
  echo "--- huggingface_hub $hf_version: pytest exit code $rc, $(( $(date +%s) - start )) s"
  if [[ $rc -eq 5 ]]; then
    echo "--- no tests were collected: counted as a failure" >&2
  fi
  [[ $rc -eq 0 ]] || failed+=("$hf_version (exit $rc)")
done

echo
if [[ ${#failed[@]} -gt 0 ]]; then
  echo "interop suite FAILED for: ${failed[*]}" >&2
  exit 1
fi
echo "interop suite passed for huggingface_hub ${versions[*]}"
