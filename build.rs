//! Build script: records the compiler version for the user agent, and with the
//! `header` feature regenerates `include/hfhub.h` from `src/ffi` with cbindgen.

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
    #[cfg(feature = "header")]
    header::generate();
}

#[cfg(feature = "header")]
mod header {
    use std::path::PathBuf;

    /// Writes `include/hfhub.h` when its content changed (so an unchanged header
    /// keeps its timestamp). Skipped on docs.rs.
    pub fn generate() {
        println!("cargo:rerun-if-changed=src/ffi");
        println!("cargo:rerun-if-changed=cbindgen.toml");
        if std::env::var_os("DOCS_RS").is_some() {
            return;
        }
        let dir = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").expect("set by cargo"));
        let mut config =
            cbindgen::Config::from_file(dir.join("cbindgen.toml")).expect("cbindgen.toml is valid");
        let v = |k: &str| std::env::var(k).expect("set by cargo");
        config.after_includes = Some(format!(
            "\n#define HFHUB_VERSION_MAJOR {}\n#define HFHUB_VERSION_MINOR {}\n#define HFHUB_VERSION_PATCH {}\n",
            v("CARGO_PKG_VERSION_MAJOR"),
            v("CARGO_PKG_VERSION_MINOR"),
            v("CARGO_PKG_VERSION_PATCH")
        ));
        let bindings = cbindgen::Builder::new()
            .with_src(dir.join("src").join("ffi").join("mod.rs"))
            .with_config(config)
            .generate()
            .expect("the C header can be generated from src/ffi");
        let path = dir.join("include").join("hfhub.h");
        let mut text = Vec::new();
        bindings.write(&mut text);
        if std::fs::read(&path).ok().as_deref() != Some(text.as_slice()) {
            std::fs::create_dir_all(path.parent().expect("include/"))
                .expect("include/ can be created");
            std::fs::write(&path, text).expect("include/hfhub.h can be written");
        }
    }
}
