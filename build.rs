//! Build script: records the compiler version for the user agent.
//! (The C header is generated here too once the C ABI exists.)

use std::process::Command;

fn main() {
    let rustc = std::env::var("RUSTC").unwrap_or_else(|_| "rustc".into());
    let version = Command::new(rustc)
        .arg("--version")
        .output()
        .ok()
        .and_then(|o| String::from_utf8(o.stdout).ok())
        .and_then(|s| s.split_whitespace().nth(1).map(str::to_owned))
        .unwrap_or_else(|| "unknown".into());
    println!("cargo:rustc-env=HFHUB_RUSTC_VERSION={version}");
    println!("cargo:rerun-if-changed=build.rs");
}
