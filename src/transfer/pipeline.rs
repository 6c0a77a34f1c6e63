//! The receiving side of a large download split over three threads: the thread
//! that reads the socket fills blocks, one thread hashes them in file order and
//! one writes them at their offsets. Receiving, hashing and writing a large file
//! then overlap instead of taking turns, and the bytes are hashed from the
//! memory they arrived in, never read back from the disk.
//!
//! With `direct` set (Linux), the writer sends aligned blocks to the disk with
//! `O_DIRECT`, past the page cache: a multi-GiB download neither evicts what the
//! machine has cached nor spends CPU time on page-cache copies. The tail of a
//! file and any block that does not start on an aligned offset go through the
//! page cache; filesystems without direct I/O get buffered writes throughout.

use std::fs::File;
use std::io;
use std::path::Path;
use std::sync::mpsc::{self, Receiver, Sender, SyncSender};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;

use sha2::{Digest, Sha256};

use super::write_at;
use crate::error::{Error, Result};

/// Bytes per block: the unit handed from the receiving thread to the hasher and
/// on to the writer.
pub(crate) const BLOCK: usize = 1 << 20;
/// Blocks in circulation: the most the pipeline holds in memory.
const BLOCKS: usize = 8;
/// Alignment of direct writes: memory address, file offset and length.
const ALIGN: usize = 4096;

struct Block {
    mem: Vec<u8>,
    /// Where the aligned part of `mem` starts.
    start: usize,
    /// Bytes filled.
    len: usize,
    /// Bytes this block takes before it is sent on.
    cap: usize,
    /// File offset of the first byte.
    off: u64,
    /// Whether the writer writes it (blocks read back from the disk are only hashed).
    write: bool,
}

impl Block {
    fn new() -> Block {
        // Touched now, not while the first bytes stream in (a fresh page costs a
        // fault on first use, and the link's rate is timed on those reads).
        let mem = vec![0x5a_u8; BLOCK + ALIGN];
        let start = mem.as_ptr().align_offset(ALIGN).min(ALIGN);
        Block {
            mem,
            start,
            len: 0,
            cap: BLOCK,
            off: 0,
            write: true,
        }
    }

    fn data(&self) -> &[u8] {
        &self.mem[self.start..self.start + self.len]
    }
}

enum Work {
    Data(Block),
    /// Replaces the hasher (after the file was truncated).
    Reset(Option<Sha256>),
    /// Sends the hasher back.
    Take(Sender<Option<Sha256>>),
}

/// The first write error of the writer thread.
type Failure = Arc<Mutex<Option<io::Error>>>;

/// A running pipeline; dropping it stops and joins its threads.
pub(crate) struct Pipeline {
    to_hasher: Option<SyncSender<Work>>,
    free: Receiver<Block>,
    current: Option<Block>,
    /// Blocks back from the writer, ready for reuse.
    spare: Vec<Block>,
    /// Blocks sent and not yet back.
    out: usize,
    hashing: bool,
    failure: Failure,
    path: std::path::PathBuf,
    threads: Vec<JoinHandle<()>>,
}

impl Pipeline {
    /// Starts the hasher (continuing `hasher`, if any) and the writer of `file`
    /// (at `path`, reopened for direct writes when `direct` is set).
    pub(crate) fn start(
        file: &File,
        path: &Path,
        hasher: Option<Sha256>,
        direct: bool,
    ) -> Result<Pipeline> {
        let io_err = |e| Error::io(path, e);
        let buffered = file.try_clone().map_err(io_err)?;
        let direct = if direct { open_direct(path) } else { None };
        let (to_hasher, hasher_rx) = mpsc::sync_channel::<Work>(BLOCKS);
        let (to_writer, writer_rx) = mpsc::sync_channel::<Block>(BLOCKS);
        let (to_free, free) = mpsc::channel::<Block>();
        let failure: Failure = Arc::default();
        let hashing = hasher.is_some();
        let hash_thread = std::thread::Builder::new()
            .name("hfhub-hash".into())
            .spawn({
                let to_free = to_free.clone();
                move || {
                    // The blocks are made (and their pages touched) here, while
                    // the receiving thread sends its request.
                    for _ in 0..BLOCKS {
                        if to_free.send(Block::new()).is_err() {
                            return;
                        }
                    }
                    drop(to_free);
                    hash_loop(hasher_rx, to_writer, hasher)
                }
            })
            .map_err(io_err)?;
        let writer = Writer {
            buffered,
            direct,
            failure: failure.clone(),
        };
        let write_thread = std::thread::Builder::new()
            .name("hfhub-write".into())
            .spawn(move || writer.run(writer_rx, to_free));
        let write_thread = match write_thread {
            Ok(t) => t,
            Err(e) => {
                drop(to_hasher);
                let _ = hash_thread.join();
                return Err(io_err(e));
            }
        };
        Ok(Pipeline {
            to_hasher: Some(to_hasher),
            free,
            current: None,
            spare: Vec::new(),
            // Every block starts on its way from the hashing thread.
            out: BLOCKS,
            hashing,
            failure,
            path: path.to_owned(),
            threads: vec![hash_thread, write_thread],
        })
    }

    /// Whether the bytes are hashed.
    pub(crate) fn hashing(&self) -> bool {
        self.hashing
    }

    /// Room for the bytes at file offset `at`; `write` is false for bytes read
    /// back from the file, which are only hashed.
    pub(crate) fn space(&mut self, at: u64, write: bool) -> Result<&mut [u8]> {
        self.check()?;
        let continues = self
            .current
            .as_ref()
            .is_some_and(|b| b.off + b.len as u64 == at && b.write == write && b.len < b.cap);
        if !continues {
            self.send_current()?;
            let mut b = self.take_block()?;
            b.len = 0;
            b.off = at;
            b.write = write;
            // Blocks end on multiples of BLOCK in the file, so all but the
            // first after an unaligned start are aligned.
            b.cap = BLOCK - (at % BLOCK as u64) as usize;
            self.current = Some(b);
        }
        match self.current.as_mut() {
            Some(b) => Ok(&mut b.mem[b.start + b.len..b.start + b.cap]),
            None => Err(stopped(&self.path)),
        }
    }

    /// `n` bytes of the last [`space`](Self::space) were filled.
    pub(crate) fn filled(&mut self, n: usize) -> Result<()> {
        if let Some(b) = self.current.as_mut() {
            b.len += n;
            if b.len == b.cap {
                self.send_current()?;
            }
        }
        Ok(())
    }

    /// Waits until every byte handed over is hashed and written.
    pub(crate) fn sync(&mut self) -> Result<()> {
        self.send_current()?;
        while self.out > 0 {
            let b = self.free.recv().map_err(|_| self.gone())?;
            self.out -= 1;
            self.spare.push(b);
        }
        self.check()
    }

    /// Frees the spare blocks beyond two (parallel ranges need little
    /// buffering here; the memory goes to their connections).
    pub(crate) fn shrink(&mut self) {
        while self.out + self.spare.len() + usize::from(self.current.is_some()) > 2 {
            if self.spare.pop().is_some() {
                continue;
            }
            match self.free.recv() {
                Ok(b) => {
                    self.out -= 1;
                    drop(b);
                }
                Err(_) => return,
            }
        }
    }

    /// Waits for what is in flight, then hashes from the start again (the
    /// caller truncates the file next).
    pub(crate) fn restart(&mut self) -> Result<()> {
        self.sync()?;
        let fresh = self.hashing.then(Sha256::new);
        self.send(Work::Reset(fresh))
    }

    /// Waits for what is in flight and returns the hasher.
    pub(crate) fn finish(mut self) -> Result<Option<Sha256>> {
        self.sync()?;
        let (tx, rx) = mpsc::channel();
        self.send(Work::Take(tx))?;
        rx.recv().map_err(|_| self.gone())
    }

    fn check(&self) -> Result<()> {
        let failed = self.failure.lock().ok().and_then(|mut f| f.take());
        match failed {
            Some(e) => Err(Error::io(&self.path, e)),
            None => Ok(()),
        }
    }

    fn gone(&self) -> Error {
        stopped(&self.path)
    }

    fn send(&mut self, w: Work) -> Result<()> {
        let tx = self.to_hasher.as_ref().ok_or_else(|| self.gone())?;
        if tx.send(w).is_err() {
            return Err(self.gone());
        }
        Ok(())
    }

    fn send_current(&mut self) -> Result<()> {
        match self.current.take() {
            Some(b) if b.len > 0 => {
                self.out += 1;
                self.send(Work::Data(b))
            }
            other => {
                self.current = other;
                Ok(())
            }
        }
    }

    fn take_block(&mut self) -> Result<Block> {
        if let Some(b) = self.current.take().or_else(|| self.spare.pop()) {
            return Ok(b);
        }
        if let Ok(b) = self.free.try_recv() {
            self.out -= 1;
            return Ok(b);
        }
        let b = self.free.recv().map_err(|_| self.gone())?;
        self.out -= 1;
        self.check()?;
        Ok(b)
    }
}

impl Drop for Pipeline {
    fn drop(&mut self) {
        self.to_hasher = None;
        // Nothing may be written after the pipeline is gone (the caller may
        // remove or rename the file next).
        for t in self.threads.drain(..) {
            let _ = t.join();
        }
    }
}

fn stopped(path: &Path) -> Error {
    Error::io(
        path,
        io::Error::other("the download's hashing or writing thread stopped"),
    )
}

fn hash_loop(rx: Receiver<Work>, to_writer: SyncSender<Block>, mut hasher: Option<Sha256>) {
    for w in rx {
        match w {
            Work::Data(b) => {
                if let Some(h) = hasher.as_mut() {
                    h.update(b.data());
                }
                if to_writer.send(b).is_err() {
                    return;
                }
            }
            Work::Reset(h) => hasher = h,
            Work::Take(reply) => {
                let _ = reply.send(hasher.take());
            }
        }
    }
}

struct Writer {
    buffered: File,
    direct: Option<File>,
    failure: Failure,
}

impl Writer {
    fn run(mut self, rx: Receiver<Block>, to_free: Sender<Block>) {
        let mut failed = false;
        for b in rx {
            if b.write && !failed {
                if let Err(e) = self.write(&b) {
                    failed = true;
                    if let Ok(mut slot) = self.failure.lock() {
                        *slot = Some(e);
                    }
                }
            }
            if to_free.send(b).is_err() {
                return;
            }
        }
    }

    fn write(&mut self, b: &Block) -> io::Result<()> {
        let mut data = b.data();
        let mut off = b.off;
        let aligned = data.len() / ALIGN * ALIGN;
        if let (Some(d), true) = (&self.direct, off % ALIGN as u64 == 0 && aligned > 0) {
            if write_at(d, &data[..aligned], off).is_ok() {
                data = &data[aligned..];
                off += aligned as u64;
            } else {
                // Not for this filesystem or device after all: buffered from here
                // on, rewriting whatever part of this block went through. A real
                // failure (a full disk) shows on the buffered write.
                self.direct = None;
            }
        }
        if data.is_empty() {
            Ok(())
        } else {
            write_at(&self.buffered, data, off)
        }
    }
}

/// The file opened again for direct writes, where the platform and the
/// filesystem have them. Only local disk filesystems qualify: on network
/// filesystems (NFS, Lustre, CIFS, FUSE mounts) direct writes are synchronous
/// round trips, far slower than the page cache's write-back.
#[cfg(target_os = "linux")]
fn open_direct(path: &Path) -> Option<File> {
    use std::os::unix::fs::OpenOptionsExt;
    // statfs(2) magic numbers of ext2/3/4, XFS, btrfs and F2FS.
    const LOCAL: [i64; 4] = [0xef53, 0x5846_5342, 0x9123_683e, 0xf2f5_2010];
    let file = std::fs::OpenOptions::new()
        .write(true)
        .custom_flags(rustix::fs::OFlags::DIRECT.bits() as i32)
        .open(path)
        .ok()?;
    let fs = rustix::fs::fstatfs(&file).ok()?;
    #[allow(clippy::unnecessary_cast)] // f_type's type differs between targets
    let local = LOCAL.contains(&(fs.f_type as i64));
    local.then_some(file)
}

#[cfg(not(target_os = "linux"))]
fn open_direct(_path: &Path) -> Option<File> {
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::transfer::hex;

    fn run(direct: bool, pieces: &[(u64, usize)], content: &[u8]) -> (Vec<u8>, String) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("f");
        let file = std::fs::OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(true)
            .open(&path)
            .unwrap();
        let mut p = Pipeline::start(&file, &path, Some(Sha256::new()), direct).unwrap();
        for &(at, n) in pieces {
            let mut done = 0;
            while done < n {
                let room = p.space(at + done as u64, true).unwrap();
                let k = room.len().min(n - done).min(100_000);
                let from = at as usize + done;
                room[..k].copy_from_slice(&content[from..from + k]);
                p.filled(k).unwrap();
                done += k;
            }
        }
        let h = p.finish().unwrap().unwrap();
        (std::fs::read(&path).unwrap(), hex(&h.finalize()))
    }

    #[test]
    fn blocks_land_at_their_offsets_and_are_hashed_in_order() {
        let content: Vec<u8> = (0..(3 * BLOCK + 12_345))
            .map(|i| (i * 7 % 251) as u8)
            .collect();
        let want = hex(&Sha256::digest(&content));
        for direct in [false, true] {
            // One piece, and an odd split that starts blocks off alignment.
            let one = [(0u64, content.len())];
            let split = [
                (0u64, 5_000),
                (5_000, BLOCK + 3),
                (BLOCK as u64 + 5_003, content.len() - BLOCK - 5_003),
            ];
            for pieces in [&one[..], &split[..]] {
                let (got, sha) = run(direct, pieces, &content);
                assert!(got == content, "direct {direct}: content differs");
                assert_eq!(sha, want);
            }
        }
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn network_and_memory_filesystems_get_buffered_writes() {
        // tmpfs is not a local disk filesystem: no direct writes there.
        let Ok(dir) = tempfile::tempdir_in("/dev/shm") else {
            return;
        };
        let path = dir.path().join("f");
        std::fs::write(&path, b"").unwrap();
        assert!(open_direct(&path).is_none());
        assert!(open_direct(&dir.path().join("missing")).is_none());
    }

    #[test]
    fn restart_hashes_from_the_start_again() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("f");
        let file = std::fs::File::create(&path).unwrap();
        let mut p = Pipeline::start(&file, &path, Some(Sha256::new()), true).unwrap();
        p.space(0, true).unwrap()[..3].copy_from_slice(b"bad");
        p.filled(3).unwrap();
        p.restart().unwrap();
        file.set_len(0).unwrap();
        p.space(0, true).unwrap()[..3].copy_from_slice(b"abc");
        p.filled(3).unwrap();
        let h = p.finish().unwrap().unwrap();
        assert_eq!(
            hex(&h.finalize()),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
        assert_eq!(std::fs::read(&path).unwrap(), b"abc");
    }

    #[test]
    fn a_write_error_reaches_the_receiving_thread() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("f");
        std::fs::write(&path, b"").unwrap();
        // Read-only: every write fails.
        let file = std::fs::File::open(&path).unwrap();
        let mut p = Pipeline::start(&file, &path, None, false).unwrap();
        let mut err = None;
        for i in 0..(4 * BLOCKS) as u64 {
            let r = p
                .space(i * BLOCK as u64, true)
                .map(|room| room.len())
                .and_then(|n| p.filled(n));
            if let Err(e) = r {
                err = Some(e);
                break;
            }
        }
        let err = err.or_else(|| p.sync().err()).expect("the write error");
        assert!(matches!(err, Error::Io { .. }), "{err:?}");
    }
}
