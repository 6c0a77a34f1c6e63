#!/usr/bin/env bash
# The whole test suite: formatting, lints, the C header's drift check, Rust unit
# and integration tests (against in-process hubsim instances; the C and C++
# tests under sanitizers and valgrind run from tests/bindings.rs), the Python
# interop suite (the official huggingface_hub client, two pinned versions,
# against hubsim), and the Go package's race and GC-stress tests.
set -euo pipefail
cd "$(dirname "$0")/.."

step() { printf '\n==> %s\n' "$*"; }

step "cargo fmt --check"
cargo fmt --all --check

step "cargo clippy (all targets, warnings are errors)"
cargo clippy --workspace --all-targets --features cli --quiet -- -D warnings

step "include/hfhub.h is up to date with src/ffi"
cargo build --quiet --features header
git diff --exit-code -- include/hfhub.h || { echo "include/hfhub.h drifted: commit the regenerated header"; exit 1; }

step "cargo test (unit, integration, doc)"
cargo test --workspace --features cli --quiet

step "README demo (cargo run --example demo, on an in-process hubsim)"
cargo run --quiet --example demo > /dev/null

step "Python interop suite"
tests/interop/run.sh

step "Go package (go vet, go test -race, GC stress)"
bindings/go/test.sh
