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
    run_test_program_with(exe, sim, &[]);
}

/// As [`run_test_program`], with more arguments after `<url> <token> <cache>`.
fn run_test_program_with(exe: &Path, sim: &hubsim::Server, extra: &[String]) {
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
        .args(extra)
        .env("ASAN_OPTIONS", "detect_leaks=1")
        .env("UBSAN_OPTIONS", "print_stacktrace=1:halt_on_error=1")
        .output()
        .expect("the test program runs");
    let _ = std::fs::remove_dir_all(&cache);
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

/// Makes every request about `alice/slow-job` take `SLOW_JOB_MS` of test_jobs.c
/// (1.5 s): a `model_info` of it is a slow background job.
fn delay_slow_job(sim: &hubsim::Server) {
    sim.inject(hubsim::Fault {
        method: None,
        path_prefix: "/api/models/alice/slow-job".into(),
        times: None,
        action: hubsim::FaultAction::Delay { millis: 1500 },
    });
}

#[test]
fn c_job_and_scheduler_tests_pass_under_sanitizers() {
    let sim = common::sim();
    delay_slow_job(&sim);
    let exe = target_dir().join("test_jobs_c");
    compile(
        "gcc",
        "-std=c99",
        "bindings/c/tests/test_jobs.c",
        &exe,
        true,
    );
    run_test_program(&exe, &sim);
}

#[test]
fn the_cpp_job_and_scheduler_wrappers_pass_under_sanitizers() {
    let sim = common::sim();
    delay_slow_job(&sim);
    let exe = target_dir().join("test_jobs_cpp");
    compile(
        "g++",
        "-std=c++17",
        "bindings/cpp/tests/test_jobs.cpp",
        &exe,
        true,
    );
    run_test_program(&exe, &sim);
}

#[test]
fn c_job_and_scheduler_tests_are_clean_under_valgrind() {
    let sim = common::sim();
    delay_slow_job(&sim);
    let exe = target_dir().join("test_jobs_c_plain");
    compile(
        "gcc",
        "-std=c99",
        "bindings/c/tests/test_jobs.c",
        &exe,
        false,
    );
    let scratch = std::env::temp_dir().join(format!("hfhub-c-jobs-vg-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&scratch);
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
        .arg(&scratch)
        .output()
        .expect("valgrind is needed to check the C interface for leaks");
    let _ = std::fs::remove_dir_all(&scratch);
    let stdout = String::from_utf8_lossy(&out.stdout);
    let failed: Vec<&str> = stdout.lines().filter(|l| l.starts_with("FAIL")).collect();
    assert!(
        out.status.success() && stdout.contains("\n0 failed"),
        "valgrind ({}):\n{}\n{}",
        out.status,
        failed.join("\n"),
        String::from_utf8_lossy(&out.stderr)
    );
}

/// The method names of the index in `hub-endpoints.md` §1. A row may name
/// several methods (`list_pending/accepted/rejected_access_requests`,
/// `accept/reject/cancel_access_request`); a note after the name (`(0.23+)`,
/// `(deprecated)`) is dropped.
fn reference_index(md: &str) -> Vec<String> {
    let start = md
        .find("\n## 1. Index of methods")
        .expect("hub-endpoints.md has §1");
    let end = md[start..].find("\n## 2.").map_or(md.len(), |e| start + e);
    let mut names = Vec::new();
    for line in md[start..end].lines() {
        let Some(cell) = line.strip_prefix("| ").and_then(|l| l.split('|').next()) else {
            continue;
        };
        let first = cell.split_whitespace().next().unwrap_or_default();
        if first == "Method" || first.starts_with("---") || first.is_empty() {
            continue;
        }
        let parts: Vec<&str> = first.split('/').collect();
        if parts.len() == 1 {
            names.push(first.to_owned());
            continue;
        }
        // `prefix_a/b/c_suffix` → prefix_a_suffix, prefix_b_suffix, prefix_c_suffix.
        let (prefix, head) = match parts[0].rsplit_once('_') {
            Some((p, h)) => (format!("{p}_"), h),
            None => (String::new(), parts[0]),
        };
        let (tail, suffix) = parts[parts.len() - 1]
            .split_once('_')
            .expect("a grouped row ends with a common suffix");
        let mut alts = vec![head];
        alts.extend(&parts[1..parts.len() - 1]);
        alts.push(tail);
        names.extend(alts.iter().map(|a| format!("{prefix}{a}_{suffix}")));
    }
    names
}

/// The operation names of one `static const struct op <array>[]` of test_all_ops.c.
fn walked_names(source: &str, array: &str) -> Vec<String> {
    let decl = format!("static const struct op {array}[] = {{");
    let start = source.find(&decl).expect("array in test_all_ops.c") + decl.len();
    let end = start + source[start..].find("\n};").expect("end of array");
    source[start..end]
        .lines()
        .filter_map(|l| l.trim_start().strip_prefix("{\""))
        .map(|l| l[..l.find('"').expect("closing quote")].to_owned())
        .collect()
}

#[test]
fn the_operation_walk_lists_exactly_the_reference_index() {
    let md = include_str!("../../shared/reference/hub-endpoints.md");
    let transfer = include_str!("../../shared/reference/hub-transfer.md");
    let source = include_str!("../bindings/c/tests/test_all_ops.c");

    let mut reference = reference_index(md);
    assert!(
        reference.len() > 80,
        "the §1 index parsed to {} names",
        reference.len()
    );
    for expected in [
        "list_metrics",
        "get_user_overview",
        "list_organization_members",
        "list_user_followers",
        "list_user_following",
        "list_rejected_access_requests",
        "cancel_access_request",
        "list_files_info",
    ] {
        assert!(reference.iter().any(|n| n == expected), "{expected}");
    }
    let mut walked = walked_names(source, "reference_ops");
    let n = walked.len();
    walked.sort();
    walked.dedup();
    assert_eq!(n, walked.len(), "reference_ops names an operation twice");
    reference.sort();
    assert_eq!(
        walked, reference,
        "reference_ops of test_all_ops.c differs from hub-endpoints.md §1"
    );

    // The other operations are HfApi operations the reference describes.
    let others = walked_names(source, "other_ops");
    for name in &others {
        let quoted = format!("`{name}");
        assert!(
            md.contains(&quoted)
                || transfer.contains(&quoted)
                || md.contains(&format!("| {name} ")),
            "{name} is not named by the reference"
        );
    }
    for name in ["plan_multi_commits", "create_commits_on_pr"] {
        assert!(others.iter().any(|n| n == name), "{name} is walked");
    }
    // Every operation of the dispatch table is walked.
    for op in hfhub::dispatch::OPERATIONS {
        assert!(
            walked.iter().chain(&others).any(|n| n == op.name),
            "{} is in the dispatch table but not in test_all_ops.c",
            op.name
        );
    }
}

#[test]
fn every_operation_of_the_reference_is_dispatched_from_c() {
    let sim = common::sim();
    let exe = target_dir().join("test_all_ops_c");
    compile(
        "gcc",
        "-std=c99",
        "bindings/c/tests/test_all_ops.c",
        &exe,
        true,
    );
    run_test_program_with(&exe, &sim, &[sim.endpoints_url()]);
}

/// Runs a C example against `sim` with a fresh `HF_HOME`, under valgrind when
/// asked; returns its standard output after checking it succeeded.
fn run_example(
    sim: &hubsim::Server,
    exe: &Path,
    args: &[&str],
    home: &Path,
    valgrind: bool,
) -> String {
    let mut cmd = if valgrind {
        let mut c = Command::new("valgrind");
        c.args([
            "--quiet",
            "--leak-check=full",
            "--show-leak-kinds=definite,indirect",
            "--errors-for-leak-kinds=definite,indirect",
            "--error-exitcode=99",
        ])
        .arg(exe);
        c
    } else {
        Command::new(exe)
    };
    let out = cmd
        .args(args)
        .env_clear()
        .env("HF_ENDPOINT", sim.url())
        .env("HF_TOKEN", hubsim::seed::ALICE_WRITE_TOKEN)
        .env("HF_HOME", home)
        .env("ASAN_OPTIONS", "detect_leaks=1")
        .env("UBSAN_OPTIONS", "print_stacktrace=1:halt_on_error=1")
        .output()
        .expect("the example runs");
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(
        out.status.success(),
        "{} {args:?} ({}):\n{stdout}\n{}",
        exe.display(),
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    stdout
}

/// Builds and runs the three task examples, checking what each one did on hubsim.
fn check_examples(sanitize: bool) {
    let sim = common::sim();
    let suffix = if sanitize { "asan" } else { "plain" };
    let home =
        std::env::temp_dir().join(format!("hfhub-c-examples-{}-{suffix}", std::process::id()));
    let _ = std::fs::remove_dir_all(&home);
    let exe = |name: &str| {
        let exe = target_dir().join(format!("example_{name}_{suffix}"));
        compile(
            "gcc",
            "-std=c99",
            &format!("bindings/c/examples/{name}.c"),
            &exe,
            sanitize,
        );
        exe
    };
    let valgrind = !sanitize;

    // download_file: the path printed holds the file's bytes.
    let out = run_example(
        &sim,
        &exe("download_file"),
        &["alice/tiny-model", "config.json"],
        &home,
        valgrind,
    );
    let path: String = serde_json::from_str(out.trim()).expect("a JSON string");
    assert!(path.contains("snapshots"), "{path}");
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        hubsim::seed::MODEL_CONFIG_JSON
    );

    // snapshot_progress: one start and one done line per file, and the totals.
    let out = run_example(
        &sim,
        &exe("snapshot_progress"),
        &["alice/tiny-model", "onnx/*"],
        &home,
        valgrind,
    );
    assert_eq!(
        out.lines().filter(|l| l.contains("] start ")).count(),
        3,
        "{out}"
    );
    assert_eq!(
        out.lines().filter(|l| l.contains("] done ")).count(),
        3,
        "{out}"
    );
    assert!(out.contains("[3/3] done"), "{out}");
    assert!(out.contains("(100%)"), "{out}");
    assert!(out.contains("3 file(s) downloaded; snapshot \""), "{out}");

    // upload_folder: a new repository whose weights.bin (10 MiB, the size from
    // which the Hub stores any file with LFS; 1 MiB of binary data under valgrind,
    // where hashing is slow) is stored with LFS.
    let repo = format!("alice/c-upload-{suffix}");
    let mib: u64 = if valgrind { 1 } else { 10 };
    let out = run_example(
        &sim,
        &exe("upload_folder"),
        &[&repo, &mib.to_string()],
        &home,
        valgrind,
    );
    let size = mib * 1024 * 1024;
    assert!(
        out.contains(&format!("uploaded  weights.bin ({size} bytes)")),
        "{out}"
    );
    assert!(out.contains("file \"weights.bin\""), "{out}");
    assert!(out.contains("file \"README.md\""), "{out}");
    let client = common::client(&sim, Some(hubsim::seed::ALICE_WRITE_TOKEN));
    let info = hfhub::dispatch::call(
        &client,
        "get_paths_info",
        serde_json::json!({"repo_id": repo, "paths": ["weights.bin", "README.md"]}),
    )
    .unwrap();
    let entries = info.as_array().unwrap();
    let lfs_of = |p: &str| {
        entries
            .iter()
            .find(|e| e["path"] == p)
            .unwrap_or_else(|| panic!("{p} in {info}"))["lfs"]
            .clone()
    };
    assert_eq!(lfs_of("weights.bin")["size"], size, "{info}");
    assert!(lfs_of("README.md").is_null(), "{info}");
    let _ = std::fs::remove_dir_all(&home);
}

#[test]
fn the_c_examples_run_under_sanitizers() {
    check_examples(true);
}

#[test]
fn the_c_examples_are_clean_under_valgrind() {
    check_examples(false);
}
