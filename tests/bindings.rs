//! The C interface from C and C++: builds `bindings/c/tests` against
//! `include/hfhub.h` and the static library with `-Wall -Wextra -Werror`, and
//! runs them against hubsim under AddressSanitizer (leaks included) and UBSan.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// `target/<profile>`, from this test's own path (`target/<profile>/deps/…`).
fn target_dir() -> PathBuf {
    let exe = std::env::current_exe().expect("test path");
    exe.parent()
        .and_then(Path::parent)
        .expect("target/<profile>")
        .to_path_buf()
}

/// Builds the static library (`cargo test` builds only the rlib) and returns its path.
fn static_lib() -> PathBuf {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let mut cmd = Command::new(cargo);
    cmd.args(["build", "--lib", "-p", "hfhub", "--quiet"])
        .current_dir(repo());
    if target_dir().file_name().is_some_and(|p| p == "release") {
        cmd.arg("--release");
    }
    let status = cmd.status().expect("cargo runs");
    assert!(status.success(), "cargo build --lib failed");
    let lib = target_dir().join("libhfhub.a");
    assert!(lib.exists(), "{} missing", lib.display());
    lib
}

fn compile(compiler: &str, std: &str, source: &str, out: &Path, sanitize: bool) {
    let mut cmd = Command::new(compiler);
    cmd.arg("-I").arg(repo().join("bindings/cpp/include"));
    cmd.args([
        std,
        "-Wall",
        "-Wextra",
        "-Werror",
        "-g",
        "-fno-omit-frame-pointer",
    ]);
    if std.starts_with("-std=c") && !std.contains("++") {
        cmd.arg("-pedantic");
    }
    if sanitize {
        cmd.arg("-fsanitize=address,undefined");
    }
    cmd.arg("-I")
        .arg(repo().join("include"))
        .arg(repo().join(source))
        .arg(static_lib())
        .args(["-lpthread", "-ldl", "-lm", "-o"])
        .arg(out);
    let output = cmd
        .output()
        .unwrap_or_else(|e| panic!("{compiler} is needed to test the C interface: {e}"));
    assert!(
        output.status.success(),
        "{compiler} {source} failed:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
}

#[test]
fn c_contract_tests_pass_under_sanitizers() {
    let sim = common::sim();
    let exe = target_dir().join("test_ffi_c");
    compile("gcc", "-std=c99", "bindings/c/tests/test_ffi.c", &exe, true);
    run_test_program(&exe, &sim);
}

#[test]
fn the_list_models_example_runs() {
    let sim = common::sim();
    let exe = target_dir().join("example_list_models");
    compile(
        "gcc",
        "-std=c99",
        "bindings/c/examples/list_models.c",
        &exe,
        true,
    );
    let home = std::env::temp_dir().join(format!("hfhub-c-example-{}", std::process::id()));
    let out = Command::new(&exe)
        .arg("tiny")
        .env_clear()
        .env("HF_ENDPOINT", sim.url())
        .env("HF_HOME", &home)
        .env("ASAN_OPTIONS", "detect_leaks=1")
        .output()
        .expect("the example runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        stdout
            .lines()
            .any(|l| l.contains("\"id\":\"alice/tiny-model\"")),
        "{stdout}"
    );
}

/// Runs a test program that prints `ok`/`FAIL` lines and `N failed`, with a
/// fresh cache directory and hubsim's CDN throttled (downloads of big files run
/// long enough to be cancelled).
fn run_test_program(exe: &Path, sim: &hubsim::Server) {
    sim.inject(hubsim::Fault {
        method: None,
        path_prefix: "/_cdn/".into(),
        times: None,
        action: hubsim::FaultAction::Throttle {
            bytes_per_second: 256 * 1024,
        },
    });
    let cache = std::env::temp_dir().join(format!(
        "hfhub-c-cache-{}-{}",
        std::process::id(),
        exe.file_name().unwrap().to_string_lossy()
    ));
    let _ = std::fs::remove_dir_all(&cache);
    let out = Command::new(exe)
        .arg(sim.url())
        .arg(hubsim::seed::ALICE_WRITE_TOKEN)
        .arg(&cache)
        .env("ASAN_OPTIONS", "detect_leaks=1")
        .env("UBSAN_OPTIONS", "print_stacktrace=1:halt_on_error=1")
        .output()
        .expect("the test program runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let failed: Vec<&str> = stdout.lines().filter(|l| l.starts_with("FAIL")).collect();
    assert!(
        out.status.success() && stdout.contains("\n0 failed"),
        "{} failed ({}):\n{}\n{}",
        exe.display(),
        out.status,
        failed.join("\n"),
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn the_cpp_wrapper_tests_pass_under_sanitizers() {
    let sim = common::sim();
    let exe = target_dir().join("test_wrapper_cpp");
    compile(
        "g++",
        "-std=c++17",
        "bindings/cpp/tests/test_wrapper.cpp",
        &exe,
        true,
    );
    run_test_program(&exe, &sim);
}

#[test]
fn the_header_compiles_as_cpp17_included_twice() {
    let exe = target_dir().join("header_twice_cpp");
    compile(
        "g++",
        "-std=c++17",
        "bindings/c/tests/header_twice.cpp",
        &exe,
        false,
    );
    let status = Command::new(&exe).status().expect("runs");
    assert!(status.success());
}

#[test]
fn installed_package_links_with_pkg_config_and_cmake() {
    let sim = common::sim();
    let prefix = std::env::temp_dir().join(format!("hfhub-prefix-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&prefix);
    let profile = target_dir()
        .file_name()
        .unwrap()
        .to_string_lossy()
        .into_owned();
    let status = Command::new(repo().join("bindings/install.sh"))
        .arg("--prefix")
        .arg(&prefix)
        .args(["--profile", &profile])
        .status()
        .expect("install.sh runs");
    assert!(status.success());

    // pkg-config: one line of flags.
    let pc = Command::new("pkg-config")
        .args(["--cflags", "--libs", "--static", "hfhub"])
        .env("PKG_CONFIG_PATH", prefix.join("lib/pkgconfig"))
        .output()
        .expect("pkg-config is needed");
    assert!(pc.status.success());
    let flags = String::from_utf8(pc.stdout).unwrap();
    let via_pc = prefix.join("list_models_pc");
    let status = Command::new("gcc")
        .arg(repo().join("bindings/c/examples/list_models.c"))
        .args(flags.split_whitespace())
        .arg("-o")
        .arg(&via_pc)
        .status()
        .expect("gcc runs");
    assert!(status.success());

    // CMake: find_package(hfhub) + hfhub::hfhub.
    let build = prefix.join("cmake-build");
    for args in [
        vec![
            "-S".into(),
            repo()
                .join("bindings/c/examples/cmake")
                .display()
                .to_string(),
            "-B".into(),
            build.display().to_string(),
            format!("-DCMAKE_PREFIX_PATH={}", prefix.display()),
        ],
        vec!["--build".into(), build.display().to_string()],
    ] {
        let out = Command::new("cmake")
            .args(&args)
            .output()
            .expect("cmake is needed");
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }

    for exe in [via_pc, build.join("list_models")] {
        let out = Command::new(&exe)
            .env_clear()
            .env("HF_ENDPOINT", sim.url())
            .env("HF_HOME", prefix.join("home"))
            .env("LD_LIBRARY_PATH", prefix.join("lib"))
            .output()
            .expect("the example runs");
        assert!(
            out.status.success(),
            "{}: {}",
            exe.display(),
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(String::from_utf8_lossy(&out.stdout).contains("alice/tiny-model"));
    }
    std::fs::remove_dir_all(&prefix).unwrap();
}

#[test]
fn c_contract_tests_are_clean_under_valgrind() {
    let sim = common::sim();
    let exe = target_dir().join("test_ffi_c_plain");
    compile(
        "gcc",
        "-std=c99",
        "bindings/c/tests/test_ffi.c",
        &exe,
        false,
    );
    let out = Command::new("valgrind")
        .args([
            "--quiet",
            "--leak-check=full",
            "--show-leak-kinds=definite,indirect",
            "--errors-for-leak-kinds=definite,indirect",
            "--error-exitcode=99",
        ])
        .arg(&exe)
        .arg(sim.url())
        .arg(hubsim::seed::ALICE_WRITE_TOKEN)
        .arg(std::env::temp_dir().join(format!("hfhub-c-cache-vg-{}", std::process::id())))
        .output()
        .expect("valgrind is needed to check the C interface for leaks");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success() && stdout.contains("\n0 failed"),
        "valgrind ({}):\n{}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
}
