//! Content storage: git blobs (`git/<sha1>`) and LFS objects (`lfs/<sha256>`), in memory or as
//! files under `<data>/objects/`, plus generated objects whose bytes are computed on the fly.
//! Reads are always streams over a byte range, so a large object is never loaded whole.

use std::collections::HashMap;
use std::fs::{self, File};
use std::io::{self, Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, RwLock};

/// Which namespace a blob key lives in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Regular git file content, keyed by git blob sha1.
    Git,
    /// LFS object content, keyed by sha256.
    Lfs,
}

/// The blob store.
pub struct Blobs {
    dir: Option<PathBuf>,
    mem: RwLock<HashMap<String, Arc<Vec<u8>>>>,
}

fn mem_key(kind: Kind, id: &str) -> String {
    match kind {
        Kind::Git => format!("git/{id}"),
        Kind::Lfs => format!("lfs/{id}"),
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

    /// Whether the object is present.
    pub fn has(&self, kind: Kind, id: &str) -> bool {
        match self.path(kind, id) {
            Some(p) => p.is_file(),
            None => self
                .mem
                .read()
                .unwrap_or_else(|e| e.into_inner())
                .contains_key(&mem_key(kind, id)),
        }
    }

    /// Stores bytes under a content key (a no-op when already present).
    pub fn put(&self, kind: Kind, id: &str, data: &[u8]) -> io::Result<()> {
        match self.path(kind, id) {
            Some(p) => {
                if p.is_file() {
                    return Ok(());
                }
                let tmp = self.temp_path()?;
                {
                    let mut f = File::create(&tmp)?;
                    f.write_all(data)?;
                    f.sync_all()?;
                }
                self.adopt(kind, id, &tmp)
            }
            None => {
                self.mem
                    .write()
                    .unwrap_or_else(|e| e.into_inner())
                    .entry(mem_key(kind, id))
                    .or_insert_with(|| Arc::new(data.to_vec()));
                Ok(())
            }
        }
    }

    /// A fresh temporary file path inside the data directory (for streaming uploads).
    pub fn temp_path(&self) -> io::Result<PathBuf> {
        static N: AtomicU64 = AtomicU64::new(0);
        let dir = self
            .dir
            .as_ref()
            .ok_or_else(|| io::Error::other("memory store has no temp dir"))?;
        Ok(dir.join("tmp").join(format!(
            "{}-{}",
            std::process::id(),
            N.fetch_add(1, Ordering::Relaxed)
        )))
    }

    /// Moves a finished temporary file into place under its content key.
    pub fn adopt(&self, kind: Kind, id: &str, tmp: &Path) -> io::Result<()> {
        let dest = self
            .path(kind, id)
            .ok_or_else(|| io::Error::other("memory store cannot adopt files"))?;
        if let Some(parent) = dest.parent() {
            fs::create_dir_all(parent)?;
        }
        fs::rename(tmp, dest)
    }

    /// Opens `len` bytes of an object starting at `offset`.
    pub fn open(
        &self,
        kind: Kind,
        id: &str,
        offset: u64,
        len: u64,
    ) -> io::Result<Box<dyn Read + Send>> {
        match self.path(kind, id) {
            Some(p) => {
                let mut f = File::open(p)?;
                f.seek(SeekFrom::Start(offset))?;
                Ok(Box::new(f.take(len)))
            }
            None => {
                let data = self
                    .mem
                    .read()
                    .unwrap_or_else(|e| e.into_inner())
                    .get(&mem_key(kind, id))
                    .cloned()
                    .ok_or_else(|| io::Error::new(io::ErrorKind::NotFound, "no such blob"))?;
                let start = (offset as usize).min(data.len());
                let end = (start as u64 + len).min(data.len() as u64) as usize;
                Ok(Box::new(SharedSlice {
                    data,
                    pos: start,
                    end,
                }))
            }
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
}
