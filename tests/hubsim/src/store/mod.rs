//! The store: state behind a lock, the blob store, and persistence to a data directory
//! (`<data>/state.json`, written atomically after every change, plus `<data>/objects/`).

pub mod blobs;
pub mod community;
pub mod history;
pub mod model;
pub mod runtime;
pub mod tree;

use blobs::{Blobs, Generated, Kind};
use model::{FileEntry, LfsObject, LfsSource, State};
use std::fs;
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};
use std::sync::{RwLock, RwLockReadGuard};

use crate::hash::{git_blob_oid, hash_stream, lfs_pointer, sha256_hex};

/// State plus content, shared by every request.
pub struct Store {
    state: RwLock<State>,
    blobs: Blobs,
    data_dir: Option<PathBuf>,
}

const STATE_FILE: &str = "state.json";

impl Store {
    /// Opens a store. With a data directory that already holds a `state.json`, that state is
    /// loaded and `seed` is not called; otherwise `seed` fills a fresh state (and it is saved).
    pub fn open(
        data_dir: Option<&Path>,
        seed: impl FnOnce(&Store, &mut State) -> io::Result<()>,
    ) -> io::Result<Store> {
        if let Some(d) = data_dir {
            fs::create_dir_all(d)?;
        }
        let store = Store {
            state: RwLock::new(State::default()),
            blobs: Blobs::new(data_dir)?,
            data_dir: data_dir.map(Path::to_path_buf),
        };
        let existing = data_dir.map(|d| d.join(STATE_FILE)).filter(|p| p.is_file());
        match existing {
            Some(path) => {
                let text = fs::read(&path)?;
                let state: State = serde_json::from_slice(&text).map_err(|e| {
                    io::Error::new(
                        io::ErrorKind::InvalidData,
                        format!("{}: {e}", path.display()),
                    )
                })?;
                *store.state.write().unwrap_or_else(|e| e.into_inner()) = state;
            }
            None => store.reset(seed)?,
        }
        Ok(store)
    }

    /// Replaces the whole state by a freshly seeded one (and saves it).
    pub fn reset(&self, seed: impl FnOnce(&Store, &mut State) -> io::Result<()>) -> io::Result<()> {
        let mut fresh = State::default();
        seed(self, &mut fresh)?;
        let mut guard = self.state.write().unwrap_or_else(|e| e.into_inner());
        *guard = fresh;
        self.save(&guard)
    }

    /// Read access to the state.
    pub fn read(&self) -> RwLockReadGuard<'_, State> {
        self.state.read().unwrap_or_else(|e| e.into_inner())
    }

    /// Changes the state and saves it (when backed by a directory).
    pub fn write<R>(&self, f: impl FnOnce(&mut State) -> R) -> io::Result<R> {
        let mut guard = self.state.write().unwrap_or_else(|e| e.into_inner());
        let out = f(&mut guard);
        self.save(&guard)?;
        Ok(out)
    }

    fn save(&self, state: &State) -> io::Result<()> {
        let Some(dir) = &self.data_dir else {
            return Ok(());
        };
        let tmp = dir.join(format!("{STATE_FILE}.tmp"));
        {
            let mut f = fs::File::create(&tmp)?;
            serde_json::to_writer(&mut f, state).map_err(io::Error::other)?;
            f.flush()?;
            f.sync_all()?;
        }
        fs::rename(tmp, dir.join(STATE_FILE))
    }

    /// The data directory, if any.
    pub fn data_dir(&self) -> Option<&Path> {
        self.data_dir.as_deref()
    }

    /// The blob store.
    pub fn blobs(&self) -> &Blobs {
        &self.blobs
    }

    /// Stores regular (git) content and returns its entry.
    pub fn add_regular(&self, content: &[u8]) -> io::Result<FileEntry> {
        let oid = git_blob_oid(content);
        self.blobs.put(Kind::Git, &oid, content)?;
        Ok(FileEntry::Regular {
            oid,
            size: content.len() as u64,
        })
    }

    /// Stores LFS content and returns its entry (the object is registered in `state`).
    pub fn add_lfs(&self, state: &mut State, content: &[u8]) -> io::Result<FileEntry> {
        let sha = sha256_hex(content);
        self.blobs.put(Kind::Lfs, &sha, content)?;
        state.lfs_objects.insert(
            sha.clone(),
            LfsObject {
                size: content.len() as u64,
                source: LfsSource::Stored,
            },
        );
        Ok(lfs_entry(&sha, content.len() as u64))
    }

    /// Registers a generated LFS object of `size` bytes (hashed once, never stored).
    pub fn add_generated(&self, state: &mut State, seed: u64, size: u64) -> io::Result<FileEntry> {
        let (_, sha) = hash_stream(Generated::new(seed, 0, size), size)?;
        state.lfs_objects.insert(
            sha.clone(),
            LfsObject {
                size,
                source: LfsSource::Generated { seed },
            },
        );
        Ok(lfs_entry(&sha, size))
    }

    /// Opens `len` bytes at `offset` of an LFS object.
    pub fn open_lfs(
        &self,
        state: &State,
        sha256: &str,
        offset: u64,
        len: u64,
    ) -> io::Result<Box<dyn Read + Send>> {
        let obj = state
            .lfs_objects
            .get(sha256)
            .ok_or_else(|| io::Error::new(io::ErrorKind::NotFound, "no such LFS object"))?;
        match obj.source {
            LfsSource::Stored => self.blobs.open(Kind::Lfs, sha256, offset, len),
            LfsSource::Generated { seed } => Ok(Box::new(Generated::new(seed, offset, len))),
        }
    }

    /// Opens `len` bytes at `offset` of a file's content (regular or LFS).
    pub fn open_file(
        &self,
        state: &State,
        entry: &FileEntry,
        offset: u64,
        len: u64,
    ) -> io::Result<Box<dyn Read + Send>> {
        match entry {
            FileEntry::Regular { oid, .. } => self.blobs.open(Kind::Git, oid, offset, len),
            FileEntry::Lfs { sha256, .. } => self.open_lfs(state, sha256, offset, len),
        }
    }

    /// Reads a whole (small) file into memory.
    pub fn read_small(&self, state: &State, entry: &FileEntry, max: u64) -> Option<Vec<u8>> {
        if entry.size() > max {
            return None;
        }
        let mut out = Vec::new();
        self.open_file(state, entry, 0, entry.size())
            .ok()?
            .read_to_end(&mut out)
            .ok()?;
        Some(out)
    }
}

/// The entry of an LFS file with this content hash and size.
pub fn lfs_entry(sha256: &str, size: u64) -> FileEntry {
    let pointer = lfs_pointer(sha256, size);
    FileEntry::Lfs {
        sha256: sha256.to_string(),
        size,
        oid: git_blob_oid(pointer.as_bytes()),
        pointer_size: pointer.len() as u64,
    }
}
