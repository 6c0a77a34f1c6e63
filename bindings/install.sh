#!/usr/bin/env bash
# Installs libhfhub for C and C++ users under a prefix:
#   bindings/install.sh [--prefix DIR] [--profile release|debug]
# Builds the library with cargo, then installs
#   include/hfhub.h, include/hfhub.hpp, lib/libhfhub.a, lib/libhfhub.so,
#   lib/pkgconfig/hfhub.pc and lib/cmake/hfhub/hfhubConfig.cmake (+ version file),
# so that `pkg-config --cflags --libs hfhub` or `find_package(hfhub)` then
# `target_link_libraries(app hfhub::hfhub)` is all a project needs.
set -euo pipefail
prefix=/usr/local
profile=release
while [ $# -gt 0 ]; do
  case "$1" in
    --prefix) prefix=$2; shift 2 ;;
    --profile) profile=$2; shift 2 ;;
    *) echo "usage: $0 [--prefix DIR] [--profile release|debug]" >&2; exit 2 ;;
  esac
done
repo=$(cd "$(dirname "$0")/.." && pwd)
cd "$repo"
version=$(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -n 1)
flag=()
[ "$profile" = release ] && flag=(--release)
cargo build --lib -p hfhub --quiet "${flag[@]}"
target=${CARGO_TARGET_DIR:-$repo/target}/$profile
# What the static library needs from the system, as rustc reports it.
native=$(cargo rustc --lib -p hfhub --quiet "${flag[@]}" --crate-type staticlib -- --print native-static-libs 2>&1 \
  | sed -n 's/.*native-static-libs: //p' | tail -n 1)
[ -n "$native" ] || native="-lgcc_s -lutil -lrt -lpthread -lm -ldl -lc"

install -d "$prefix/include" "$prefix/lib/pkgconfig" "$prefix/lib/cmake/hfhub"
install -m 0644 include/hfhub.h bindings/cpp/include/hfhub.hpp "$prefix/include/"
install -m 0644 "$target/libhfhub.a" "$prefix/lib/"
install -m 0755 "$target/libhfhub.so" "$prefix/lib/"

cat > "$prefix/lib/pkgconfig/hfhub.pc" <<PC
prefix=$prefix
libdir=\${prefix}/lib
includedir=\${prefix}/include

Name: hfhub
Description: A C interface to the Hugging Face Hub
Version: $version
Cflags: -I\${includedir}
Libs: -L\${libdir} -lhfhub
Libs.private: $native
PC

cat > "$prefix/lib/cmake/hfhub/hfhubConfig.cmake" <<CMAKE
# hfhub package: find_package(hfhub) gives the target hfhub::hfhub (static
# library, C header hfhub.h and C++ wrapper hfhub.hpp).
get_filename_component(_hfhub_prefix "\${CMAKE_CURRENT_LIST_DIR}/../../.." ABSOLUTE)
if(NOT TARGET hfhub::hfhub)
  add_library(hfhub::hfhub STATIC IMPORTED)
  set_target_properties(hfhub::hfhub PROPERTIES
    IMPORTED_LOCATION "\${_hfhub_prefix}/lib/libhfhub.a"
    INTERFACE_INCLUDE_DIRECTORIES "\${_hfhub_prefix}/include"
    INTERFACE_LINK_LIBRARIES "$native")
endif()
unset(_hfhub_prefix)
CMAKE

cat > "$prefix/lib/cmake/hfhub/hfhubConfigVersion.cmake" <<CMAKE
set(PACKAGE_VERSION "$version")
if(PACKAGE_FIND_VERSION VERSION_GREATER PACKAGE_VERSION)
  set(PACKAGE_VERSION_COMPATIBLE FALSE)
else()
  set(PACKAGE_VERSION_COMPATIBLE TRUE)
  if(PACKAGE_FIND_VERSION STREQUAL PACKAGE_VERSION)
    set(PACKAGE_VERSION_EXACT TRUE)
  endif()
endif()
CMAKE
echo "installed hfhub $version under $prefix"
