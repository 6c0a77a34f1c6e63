//! Content storage: git blobs (`git/<sha1>`) and LFS objects (`lfs/<sha256>`), in memory or as
//! files under `<data>/objects/`, plus generated objects whose bytes are computed on the fly.
//! Reads are always streams over a byte range, so a large object is never loaded whole.
//!
//! Large uploads are never held in memory either: they are written to a [`TempFile`] (under
//! `<data>/objects/tmp/`, or, for a memory store, under a scratch directory the store creates
//! in the system temp dir and removes when it is dropped) and then [adopted](Blobs::adopt)
//! under their content key. A memory store keeps such an object as a file in its scratch
//! directory.

use std::collections::HashMap;
use std::fs::{self, File};
use std::io::{self, Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, OnceLock, RwLock};

/// Which namespace a blob key lives in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Regular git file content, keyed by git blob sha1.
    Git,
    /// LFS object content, keyed by sha256.
    Lfs,
}

/// An object of a memory store: bytes, or a file in the store's scratch directory.
enum MemObject {
    Bytes(Arc<Vec<u8>>),
    File(PathBuf),
}

/// The blob store.
pub struct Blobs {
    dir: Option<PathBuf>,
    mem: RwLock<HashMap<String, MemObject>>,
    /// Scratch directory of a memory store (created on first use, removed on drop).
    scratch: OnceLock<PathBuf>,
}

fn mem_key(kind: Kind, id: &str) -> String {
    match kind {
        Kind::Git => format!("git/{id}"),
        Kind::Lfs => format!("lfs/{id}"),
    }
}

fn unique_name() -> String {
    static N: AtomicU64 = AtomicU64::new(0);
    format!(
        "{}-{}",
        std::process::id(),
        N.fetch_add(1, Ordering::Relaxed)
    )
}

/// Removes the scratch directories (`hubsim-<pid>-<n>` in the system temp dir) left by hubsim
/// processes that are gone (killed before they could clean up). Only where `/proc` tells
/// which processes exist; directories of live processes are never touched.
fn sweep_dead_scratch_dirs() {
    if !Path::new("/proc/self").exists() {
        return;
    }
    let Ok(entries) = fs::read_dir(std::env::temp_dir()) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(rest) = name.to_str().and_then(|n| n.strip_prefix("hubsim-")) else {
            continue;
        };
        let Some((pid, n)) = rest.split_once('-') else {
            continue;
        };
        let numeric = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
        if numeric(pid) && numeric(n) && !Path::new("/proc").join(pid).exists() {
            let _ = fs::remove_dir_all(entry.path());
        }
    }
}

/// A temporary file that is removed when dropped, unless it was adopted by the store.
#[derive(Debug)]
pub struct TempFile {
    path: PathBuf,
    file: Option<File>,
}

impl TempFile {
    fn create(path: PathBuf) -> io::Result<TempFile> {
        let file = fs::OpenOptions::new()
            .read(true)
            .write(true)
            .create_new(true)
            .open(&path)?;
        Ok(TempFile {
            path,
            file: Some(file),
        })
    }

    /// Where the file is.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The open file (read and write).
    pub fn file(&mut self) -> io::Result<&mut File> {
        self.file
            .as_mut()
            .ok_or_else(|| io::Error::other("temporary file already closed"))
    }

    /// Flushes and closes the file, leaving it on disk to be removed on drop.
    fn close(&mut self) -> io::Result<()> {
        if let Some(mut f) = self.file.take() {
            f.flush()?;
        }
        Ok(())
    }

    /// Closes the file and gives its path up: the caller now owns it (no removal on drop).
    fn into_path(mut self) -> io::Result<PathBuf> {
        self.close()?;
        Ok(std::mem::take(&mut self.path))
    }
}

impl Write for TempFile {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.file()?.write(buf)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.file()?.flush()
    }
}

impl Drop for TempFile {
    fn drop(&mut self) {
        self.file = None;
        if !self.path.as_os_str().is_empty() {
            let _ = fs::remove_file(&self.path);
        }
    }
}

impl Blobs {
    /// A store in memory (`dir = None`) or under `dir/objects`.
    pub fn new(dir: Option<&Path>) -> io::Result<Blobs> {
        let dir = dir.map(|d| d.join("objects"));
        if let Some(d) = &dir {
            fs::create_dir_all(d.join("tmp"))?;
        }
        Ok(Blobs {
            dir,
            mem: RwLock::default(),
            scratch: OnceLock::new(),
        })
    }

    fn path(&self, kind: Kind, id: &str) -> Option<PathBuf> {
        let dir = self.dir.as_ref()?;
        let (a, b) = (id.get(..2).unwrap_or("00"), id.get(2..4).unwrap_or("00"));
        Some(match kind {
            Kind::Git => dir.join("git").join(a).join(id),
            Kind::Lfs => dir.join("lfs").join(a).join(b).join(id),
        })
    }

    /// The scratch directory of a memory store (`<system temp>/hubsim-<pid>-<n>`), created on
    /// first use with `tmp/` and `objects/` inside.
    fn scratch(&self) -> io::Result<&Path> {
        if let Some(p) = self.scratch.get() {
            return Ok(p);
        }
        sweep_dead_scratch_dirs();
        let dir = std::env::temp_dir().join(format!("hubsim-{}", unique_name()));
        fs::create_dir_all(dir.join("tmp"))?;
        fs::create_dir_all(dir.join("objects"))?;
        if let Err(dir) = self.scratch.set(dir) {
            // another thread won the race: drop ours
            let _ = fs::remove_dir_all(dir);
        }
        self.scratch
            .get()
            .map(PathBuf::as_path)
            .ok_or_else(|| io::Error::other("scratch directory unavailable"))
    }

    fn mem_read(&self) -> std::sync::RwLockReadGuard<'_, HashMap<String, MemObject>> {
        self.mem.read().unwrap_or_else(|e| e.into_inner())
    }

    fn mem_write(&self) -> std::sync::RwLockWriteGuard<'_, HashMap<String, MemObject>> {
        self.mem.write().unwrap_or_else(|e| e.into_inner())
    }

    /// Whether the object is present.
    pub fn has(&self, kind: Kind, id: &str) -> bool {
        match self.path(kind, id) {
            Some(p) => p.is_file(),
            None => self.mem_read().contains_key(&mem_key(kind, id)),
        }
    }

    /// Stores bytes under a content key (a no-op when already present).
    pub fn put(&self, kind: Kind, id: &str, data: &[u8]) -> io::Result<()> {
        match self.path(kind, id) {
            Some(p) => {
                if p.is_file() {
                    return Ok(());
                }
                let mut tmp = self.temp_file()?;
                tmp.write_all(data)?;
                tmp.file()?.sync_all()?;
                self.adopt(kind, id, tmp)
            }
            None => {
                self.mem_write()
                    .entry(mem_key(kind, id))
                    .or_insert_with(|| MemObject::Bytes(Arc::new(data.to_vec())));
                Ok(())
            }
        }
    }

    /// A fresh temporary file for a streamed upload: in `<data>/objects/tmp/`, or in the
    /// scratch directory of a memory store. It is removed on drop unless [adopted](Self::adopt).
    pub fn temp_file(&self) -> io::Result<TempFile> {
        let dir = match &self.dir {
            Some(d) => d.join("tmp"),
            None => self.scratch()?.join("tmp"),
        };
        TempFile::create(dir.join(unique_name()))
    }

    /// Moves a finished temporary file into place under its content key (the caller checked
    /// that its bytes match the key). A memory store keeps it as a file-backed object.
    pub fn adopt(&self, kind: Kind, id: &str, tmp: TempFile) -> io::Result<()> {
        match self.path(kind, id) {
            Some(dest) => {
                if let Some(parent) = dest.parent() {
                    fs::create_dir_all(parent)?;
                }
                let src = tmp.into_path()?;
                fs::rename(&src, dest).inspect_err(|_| {
                    let _ = fs::remove_file(&src);
                })
            }
            None => {
                let key = mem_key(kind, id);
                if self.mem_read().contains_key(&key) {
                    return Ok(()); // same content already stored; `tmp` is removed on drop
                }
                let dest = self.scratch()?.join("objects").join(key.replace('/', "-"));
                let src = tmp.into_path()?;
                if let Err(e) = fs::rename(&src, &dest) {
                    let _ = fs::remove_file(&src);
                    return Err(e);
                }
                self.mem_write().entry(key).or_insert(MemObject::File(dest));
                Ok(())
            }
        }
    }

    /// Opens `len` bytes of an object starting at `offset`.
    pub fn open(
        &self,
        kind: Kind,
        id: &str,
        offset: u64,
        len: u64,
    ) -> io::Result<Box<dyn Read + Send>> {
        let file_range = |p: &Path| -> io::Result<Box<dyn Read + Send>> {
            let mut f = File::open(p)?;
            f.seek(SeekFrom::Start(offset))?;
            Ok(Box::new(f.take(len)))
        };
        if let Some(p) = self.path(kind, id) {
            return file_range(&p);
        }
        let data = match self.mem_read().get(&mem_key(kind, id)) {
            Some(MemObject::Bytes(data)) => data.clone(),
            Some(MemObject::File(p)) => return file_range(p),
            None => return Err(io::Error::new(io::ErrorKind::NotFound, "no such blob")),
        };
        let start = (offset as usize).min(data.len());
        let end = (start as u64 + len).min(data.len() as u64) as usize;
        Ok(Box::new(SharedSlice {
            data,
            pos: start,
            end,
        }))
    }
}

impl Drop for Blobs {
    fn drop(&mut self) {
        if let Some(dir) = self.scratch.get() {
            let _ = fs::remove_dir_all(dir);
        }
    }
}

/// A reader over a shared in-memory buffer.
struct SharedSlice {
    data: Arc<Vec<u8>>,
    pos: usize,
    end: usize,
}

impl Read for SharedSlice {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = buf.len().min(self.end - self.pos);
        buf[..n].copy_from_slice(&self.data[self.pos..self.pos + n]);
        self.pos += n;
        Ok(n)
    }
}

/// Deterministic pseudo-random content of any size, readable from any offset
/// (byte `i` is byte `i % 8` of `splitmix64(seed + i / 8)`).
pub struct Generated {
    seed: u64,
    pos: u64,
    end: u64,
}

impl Generated {
    /// A reader over `[offset, offset + len)` of the object generated from `seed`.
    pub fn new(seed: u64, offset: u64, len: u64) -> Generated {
        Generated {
            seed,
            pos: offset,
            end: offset + len,
        }
    }

    fn block(&self, index: u64) -> [u8; 8] {
        let mut z = self
            .seed
            .wrapping_add(index.wrapping_mul(0x9E37_79B9_7F4A_7C15));
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        (z ^ (z >> 31)).to_le_bytes()
    }
}

impl Read for Generated {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = (buf.len() as u64).min(self.end - self.pos) as usize;
        let mut i = 0;
        while i < n {
            let block = self.block(self.pos / 8);
            let within = (self.pos % 8) as usize;
            let take = (8 - within).min(n - i);
            buf[i..i + take].copy_from_slice(&block[within..within + take]);
            i += take;
            self.pos += take as u64;
        }
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_is_seekable() {
        let mut all = Vec::new();
        Generated::new(7, 0, 100).read_to_end(&mut all).unwrap();
        let mut part = Vec::new();
        Generated::new(7, 13, 50).read_to_end(&mut part).unwrap();
        assert_eq!(&all[13..63], &part[..]);
        assert_eq!(all.len(), 100);
    }

    #[test]
    fn memory_and_disk_ranges() {
        let dir = std::env::temp_dir().join(format!("hubsim-blobs-{}", std::process::id()));
        for store in [Blobs::new(None).unwrap(), Blobs::new(Some(&dir)).unwrap()] {
            store.put(Kind::Git, "abcd", b"hello world").unwrap();
            assert!(store.has(Kind::Git, "abcd"));
            let mut s = String::new();
            store
                .open(Kind::Git, "abcd", 6, 5)
                .unwrap()
                .read_to_string(&mut s)
                .unwrap();
            assert_eq!(s, "world");
        }
        let _ = fs::remove_dir_all(dir);
    }

    #[test]
    fn temp_files_are_adopted_or_removed() {
        let dir = std::env::temp_dir().join(format!("hubsim-blobs-tmp-{}", std::process::id()));
        for store in [Blobs::new(None).unwrap(), Blobs::new(Some(&dir)).unwrap()] {
            // a dropped temp file leaves nothing behind
            let mut t = store.temp_file().unwrap();
            t.write_all(b"scrap").unwrap();
            let scrap = t.path().to_path_buf();
            assert!(scrap.is_file());
            drop(t);
            assert!(!scrap.exists());
            // an adopted one becomes the object, read back as a file
            let mut t = store.temp_file().unwrap();
            t.write_all(b"large object").unwrap();
            let was = t.path().to_path_buf();
            store.adopt(Kind::Lfs, "ef01", t).unwrap();
            assert!(!was.exists());
            assert!(store.has(Kind::Lfs, "ef01"));
            let mut s = String::new();
            store
                .open(Kind::Lfs, "ef01", 6, 100)
                .unwrap()
                .read_to_string(&mut s)
                .unwrap();
            assert_eq!(s, "object");
            // adopting the same key again keeps the first copy and drops the temp file
            let mut t = store.temp_file().unwrap();
            t.write_all(b"large object").unwrap();
            let again = t.path().to_path_buf();
            store.adopt(Kind::Lfs, "ef01", t).unwrap();
            assert!(!again.exists());
        }
        // the memory store's scratch directory goes away with the store
        let store = Blobs::new(None).unwrap();
        let t = store.temp_file().unwrap();
        store.adopt(Kind::Git, "aa", t).unwrap();
        let scratch = store.scratch.get().unwrap().clone();
        assert!(scratch.is_dir());
        drop(store);
        assert!(!scratch.exists());
        let _ = fs::remove_dir_all(dir);
    }

    #[test]
    fn scratch_dirs_of_dead_processes_are_swept() {
        if !Path::new("/proc/self").exists() {
            return;
        }
        // above the largest pid_max Linux allows: no such process can exist
        let dead = std::env::temp_dir().join("hubsim-4194400-0");
        fs::create_dir_all(dead.join("objects")).unwrap();
        fs::write(dead.join("objects").join("lfs-x"), b"left behind").unwrap();
        let not_ours = std::env::temp_dir().join("hubsim-4194400-data");
        fs::create_dir_all(&not_ours).unwrap();
        let store = Blobs::new(None).unwrap();
        let t = store.temp_file().unwrap();
        assert!(!dead.exists());
        assert!(not_ours.exists());
        // the live store's own directory is there while it lives
        assert!(t.path().starts_with(store.scratch.get().unwrap()));
        let _ = fs::remove_dir_all(not_ours);
    }
}
