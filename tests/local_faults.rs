//! Local disk trouble: a full disk during a download, a read-only cache, and a
//! cache on a file system without symlinks.
//!
//! These tests mount file systems (they run as root here and in CI): a small
//! tmpfs, a read-only bind mount, and a FAT-family image on a loop device
//! without symlink support (kernel `vfat` when the kernel has it — Debian
//! package `dosfstools` — else exFAT through FUSE — packages `exfatprogs` and
//! `exfat-fuse`). A test that cannot mount prints why and returns; every mount
//! (and loop device) is undone by a drop guard.

mod common;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use hfhub::{
    Client, DownloadConfig, Error, ErrorKind, HfHubDownloadOptions, SnapshotDownloadOptions,
};
use hubsim::seed::{MODEL, MODEL_BIG_FILE, MODEL_BIG_SIZE, MODEL_CONFIG_JSON};
use hubsim::Server;

const FOLDER: &str = "models--alice--tiny-model";
// The disk-full test needs a file that does not fit in its 2 MiB tmpfs.
const _: () = assert!(MODEL_BIG_SIZE > 2 * 1024 * 1024);

/// A mounted file system, unmounted (and its folders removed) when dropped.
struct Mount {
    /// The mount point.
    dir: PathBuf,
    /// Everything this guard created (mount point, image), removed last.
    scratch: PathBuf,
    fuse: bool,
    /// The loop device to detach after unmounting.
    loop_device: Option<String>,
    mounted: bool,
}

impl Mount {
    /// A new scratch folder with an empty mount point in it, nothing mounted yet.
    fn unmounted(kind: &str) -> Result<Mount, String> {
        let scratch = scratch(kind);
        let dir = scratch.join("mnt");
        fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
        Ok(Mount {
            dir,
            scratch,
            fuse: false,
            loop_device: None,
            mounted: false,
        })
    }

    fn unmount(&mut self) {
        if !self.mounted {
            return;
        }
        // A FUSE daemon may still be flushing: retry for a while.
        for _ in 0..50 {
            let ok = if self.fuse {
                run("fusermount", &["-u", path_str(&self.dir)]).is_ok()
                    || run("umount", &[path_str(&self.dir)]).is_ok()
            } else {
                run("umount", &[path_str(&self.dir)]).is_ok()
            };
            if ok {
                self.mounted = false;
                return;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        // Busy for 5 s: detach it rather than leave it behind.
        let _ = run("umount", &["-l", path_str(&self.dir)]);
        self.mounted = false;
    }
}

impl Drop for Mount {
    fn drop(&mut self) {
        self.unmount();
        if let Some(device) = self.loop_device.take() {
            let _ = run("losetup", &["-d", &device]);
        }
        let _ = fs::remove_dir_all(&self.scratch);
    }
}

fn path_str(p: &Path) -> &str {
    p.to_str().expect("temp paths are UTF-8")
}

fn run(cmd: &str, args: &[&str]) -> Result<(), String> {
    match Command::new(cmd).args(args).output() {
        Ok(out) if out.status.success() => Ok(()),
        Ok(out) => Err(format!(
            "`{cmd} {}` failed: {}",
            args.join(" "),
            String::from_utf8_lossy(&out.stderr).trim()
        )),
        Err(e) => Err(format!("`{cmd}` could not run: {e}")),
    }
}

fn scratch(what: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!(
        "hfhub-faults-{what}-{}-{}",
        std::process::id(),
        fastrand::u64(..)
    ));
    fs::create_dir_all(&dir).unwrap();
    dir
}

/// Mounts a tmpfs of `size` (as `mount -o size=`).
fn tmpfs(size: &str) -> Result<Mount, String> {
    let mut m = Mount::unmounted("tmpfs")?;
    run(
        "mount",
        &[
            "-t",
            "tmpfs",
            "-o",
            &format!("size={size}"),
            "tmpfs",
            path_str(&m.dir),
        ],
    )?;
    m.mounted = true;
    Ok(m)
}

/// Bind-mounts `src` on a new folder, read-only.
fn read_only_view(src: &Path) -> Result<Mount, String> {
    let mut m = Mount::unmounted("ro")?;
    run("mount", &["--bind", path_str(src), path_str(&m.dir)])?;
    m.mounted = true;
    run("mount", &["-o", "remount,bind,ro", path_str(&m.dir)])?;
    // Root ignores permissions, not a read-only mount: check it holds.
    if fs::write(m.dir.join("probe"), b"x").is_ok() {
        return Err("the bind mount is still writable".into());
    }
    Ok(m)
}

/// A FAT-family file system (no symlinks) on a loop device: kernel `vfat` when
/// the kernel has it, else exFAT through `exfat-fuse`.
fn fat(size_mib: u64) -> Result<Mount, String> {
    let mut m = Mount::unmounted("fat")?;
    let image = m.scratch.join("fat.img");
    fs::File::create(&image)
        .and_then(|f| f.set_len(size_mib * 1024 * 1024))
        .map_err(|e| format!("cannot create the image: {e}"))?;
    let kernel_vfat = fs::read_to_string("/proc/filesystems")
        .is_ok_and(|fs| fs.lines().any(|l| l.trim_end().ends_with("vfat")));
    let vfat_err = if kernel_vfat {
        let mounted = run("mkfs.vfat", &[path_str(&image)])
            .map_err(|e| format!("{e} (install the Debian package dosfstools)"))
            .and_then(|()| run("mount", &["-o", "loop", path_str(&image), path_str(&m.dir)]));
        match mounted {
            Ok(()) => {
                m.mounted = true;
                return Ok(m);
            }
            Err(e) => e,
        }
    } else {
        "the kernel has no vfat driver".to_owned()
    };
    let why = |e: String| format!("{vfat_err}; exFAT: {e}");
    run("mkfs.exfat", &[path_str(&image)])
        .map_err(|e| why(format!("{e} (install the Debian package exfatprogs)")))?;
    let out = Command::new("losetup")
        .args(["-f", "--show", path_str(&image)])
        .output()
        .map_err(|e| why(format!("losetup: {e}")))?;
    if !out.status.success() {
        return Err(why(format!(
            "losetup: {}",
            String::from_utf8_lossy(&out.stderr).trim()
        )));
    }
    let device = String::from_utf8_lossy(&out.stdout).trim().to_owned();
    m.loop_device = Some(device.clone());
    run("mount.exfat-fuse", &[&device, path_str(&m.dir)])
        .map_err(|e| why(format!("{e} (install the Debian package exfat-fuse)")))?;
    m.fuse = true;
    m.mounted = true;
    Ok(m)
}

/// Mounting is impossible here (no privileges, no driver): say why and skip.
macro_rules! mount_or_skip {
    ($m:expr) => {
        match $m {
            Ok(m) => m,
            Err(why) => {
                println!("SKIPPED: cannot mount: {why}");
                return;
            }
        }
    };
}

fn client_with_cache(sim: &Server, cache: &Path) -> Client {
    common::builder(sim)
        .token(false)
        .cache_dir(cache)
        .build()
        .unwrap()
}

fn at(rev: &str) -> HfHubDownloadOptions {
    HfHubDownloadOptions {
        revision: Some(rev.into()),
        ..Default::default()
    }
}

// ---------------------------------------------------------------------------
// Disk full
// ---------------------------------------------------------------------------

#[test]
fn a_full_disk_is_a_clear_io_error_and_leaves_no_partial_file() {
    let m = mount_or_skip!(tmpfs("2m"));
    let sim = common::sim();
    for parallel in [false, true] {
        let cache = m.dir.join(if parallel { "parallel" } else { "single" });
        let mut cfg = DownloadConfig::default();
        if parallel {
            cfg.chunk_size = 256 * 1024;
            cfg.parallel_threshold = 512 * 1024;
            cfg.max_connections = 4;
        }
        let c = common::builder(&sim)
            .token(false)
            .cache_dir(&cache)
            .download_config(cfg)
            .build()
            .unwrap();
        let err = c
            .hf_hub_download(MODEL, MODEL_BIG_FILE, &HfHubDownloadOptions::default())
            .unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Io, "parallel={parallel}: {err}");
        match &err {
            Error::Io { source, .. } => {
                assert_eq!(source.raw_os_error(), Some(28), "ENOSPC: {err}")
            }
            other => panic!("not an Io error: {other:?}"),
        }
        let text = err.to_string();
        assert!(
            text.contains("No space left on device"),
            "the message names the cause: {text}"
        );
        let repo = cache.join(FOLDER);
        for sub in ["blobs", "snapshots"] {
            let left = common::files_under(&repo.join(sub));
            assert!(
                left.is_empty(),
                "parallel={parallel}: {sub}/ holds {left:?}"
            );
        }
        // The space is given back: a small file still fits.
        let p = c
            .hf_hub_download(MODEL, "config.json", &HfHubDownloadOptions::default())
            .unwrap();
        assert_eq!(fs::read_to_string(p).unwrap(), MODEL_CONFIG_JSON);
        fs::remove_dir_all(&cache).unwrap();
    }
}

// ---------------------------------------------------------------------------
// Read-only cache
// ---------------------------------------------------------------------------

#[test]
fn a_read_only_cache_still_serves_what_it_holds() {
    let sim = common::sim();
    let commit = common::main_commit(&sim);
    let base = scratch("ro-src");
    let cache = base.join("cache");

    // Filled while writable: config.json at the commit only (no refs/main),
    // the big file at main (refs/main written).
    let c = client_with_cache(&sim, &cache);
    c.hf_hub_download(MODEL, "config.json", &at(&commit))
        .unwrap();
    let repo = cache.join(FOLDER);
    assert!(!repo.join("refs/main").exists());
    let snap = SnapshotDownloadOptions {
        allow_patterns: Some(vec!["config.json".into()]),
        ..Default::default()
    };

    let m = mount_or_skip!(read_only_view(&cache));
    let ro = client_with_cache(&sim, &m.dir);
    let ro_snapshot = m.dir.join(FOLDER).join("snapshots").join(&commit);

    // 1. A commit whose file is present: the path, no request, no write.
    sim.clear_requests();
    let p = ro
        .hf_hub_download(MODEL, "config.json", &at(&commit))
        .unwrap();
    assert_eq!(p, ro_snapshot.join("config.json"));
    assert_eq!(fs::read_to_string(&p).unwrap(), MODEL_CONFIG_JSON);
    assert!(sim.requests().is_empty(), "{:?}", common::targets(&sim));

    // 2. A branch whose ref cannot be written (refs/main is missing and the
    //    cache is read-only): as Python ≥1.25, the HEAD names the commit, the
    //    file is there, the ref update is best-effort, the path is returned.
    let p = ro
        .hf_hub_download(MODEL, "config.json", &at("main"))
        .unwrap();
    assert_eq!(p, ro_snapshot.join("config.json"));
    assert_eq!(common::targets(&sim).len(), 1, "one HEAD");
    assert!(!m.dir.join(FOLDER).join("refs/main").exists());

    // 3. The same for a snapshot (Python ≥0.28 ignores the ref failure).
    let dir = ro.snapshot_download(MODEL, &snap).unwrap();
    assert_eq!(dir, ro_snapshot);

    // 4. What is not cached cannot be written: a clear Io error, no hang.
    let err = ro
        .hf_hub_download(MODEL, MODEL_BIG_FILE, &at(&commit))
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Io, "{err}");
    assert!(err.to_string().contains("Read-only file system"), "{err}");

    drop(m);
    // Nothing changed underneath.
    assert_eq!(
        common::files_under(&repo),
        [
            format!("blobs/{}", git_blob_id(MODEL_CONFIG_JSON.as_bytes())),
            format!("snapshots/{commit}/config.json")
        ]
    );
    let _ = fs::remove_dir_all(&base);
}

fn git_blob_id(b: &[u8]) -> String {
    use sha1::Digest as _;
    let mut h = sha1::Sha1::new();
    h.update(format!("blob {}\0", b.len()).as_bytes());
    h.update(b);
    h.finalize().iter().map(|x| format!("{x:02x}")).collect()
}

// ---------------------------------------------------------------------------
// No symlinks
// ---------------------------------------------------------------------------

#[test]
fn a_cache_without_symlink_support_holds_copies_found_offline() {
    let m = mount_or_skip!(fat(64));
    if std::os::unix::fs::symlink("a", m.dir.join("probe")).is_ok() {
        println!("SKIPPED: this FAT mount accepts symlinks");
        return;
    }
    let sim = common::sim();
    let commit = common::main_commit(&sim);
    let cache = m.dir.join("hub");
    let c = client_with_cache(&sim, &cache);
    let p = c
        .hf_hub_download(MODEL, "config.json", &HfHubDownloadOptions::default())
        .unwrap();
    let snapshot = cache.join(FOLDER).join("snapshots").join(&commit);
    assert_eq!(p, snapshot.join("config.json"));
    let big = c
        .hf_hub_download(MODEL, MODEL_BIG_FILE, &HfHubDownloadOptions::default())
        .unwrap();
    let dir = c
        .snapshot_download(MODEL, &SnapshotDownloadOptions::default())
        .unwrap();
    assert_eq!(dir, snapshot);
    // Real files, not links, with the right content.
    for f in [&p, &big] {
        let meta = fs::symlink_metadata(f).unwrap();
        assert!(meta.file_type().is_file(), "{} is a real file", f.display());
    }
    assert_eq!(fs::read_to_string(&p).unwrap(), MODEL_CONFIG_JSON);
    assert_eq!(fs::metadata(&big).unwrap().len(), MODEL_BIG_SIZE);
    let files = common::files_under(&snapshot);
    assert!(files.contains(&"config.json".to_owned()), "{files:?}");

    // Offline afterwards: found without any request.
    sim.clear_requests();
    let offline = common::builder(&sim)
        .token(false)
        .cache_dir(&cache)
        .offline(true)
        .build()
        .unwrap();
    assert_eq!(
        offline
            .hf_hub_download(MODEL, "config.json", &HfHubDownloadOptions::default())
            .unwrap(),
        p
    );
    assert_eq!(
        offline
            .hf_hub_download(MODEL, MODEL_BIG_FILE, &at(&commit))
            .unwrap(),
        big
    );
    assert_eq!(
        offline
            .snapshot_download(MODEL, &SnapshotDownloadOptions::default())
            .unwrap(),
        snapshot
    );
    assert!(sim.requests().is_empty(), "{:?}", common::targets(&sim));
}
