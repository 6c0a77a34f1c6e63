//! The content GET (hub-transfer §5.5, §12.1 step 8): streaming into a temp
//! file with sha256 computed on the way, resume with `Range` after a
//! mid-stream failure, restart from zero when a range request is answered
//! `200`, discard on `416`, verification of size and sha256 before the caller
//! renames the file into place, and parallel byte ranges for large files.
//!
//! Large files go through a [`pipeline`]: received on the calling thread, hashed
//! in order and written (directly to the disk where it can) on threads of their
//! own. Their first range is timed: a link fast enough that one stream keeps
//! the hasher busy stays on that one connection; a slower one gets parallel
//! ranges, which the hasher then reads back from the file in order.

mod pipeline;

use std::fs::File;
use std::io::Read;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{mpsc, Mutex};
use std::time::{Duration, Instant};

use sha2::{Digest, Sha256};

use crate::cache::TempFile;
use crate::cancel::CancelToken;
use crate::client::Client;
use crate::error::{Error, Result};
use crate::http::{check_response, header, transport_error, Method, Request, Response};
use crate::progress::{Msg, Reporter};
use crate::retry::backoff;
use pipeline::Pipeline;

/// Consecutive failed attempts (without new bytes) before a download gives up,
/// as Python's resume loop (5 tries).
const MAX_RESUMES: u32 = 5;
/// Read buffer of a stream.
const BUF: usize = 128 * 1024;

/// What the downloaded bytes must be.
#[derive(Debug, Clone, Default)]
pub(crate) struct Expect {
    /// Exact size, when known.
    pub(crate) size: Option<u64>,
    /// Lowercase hex sha256 (LFS files), when known.
    pub(crate) sha256: Option<String>,
    /// Lowercase hex git blob sha1 (regular files: their etag), when known:
    /// `sha1("blob <len>\0" + content)`, checked on the finished temp file.
    pub(crate) git_sha1: Option<String>,
}

impl Expect {
    /// What a blob named `etag` must be: its sha256 for LFS files (a 64-hex
    /// etag), its git blob sha1 for regular files (a 40-hex etag); other etags
    /// (servers that are not the Hub) only constrain the size.
    pub(crate) fn for_etag(etag: &str, size: Option<u64>) -> Expect {
        Expect {
            size,
            sha256: is_sha256(etag).then(|| etag.to_owned()),
            git_sha1: is_git_sha1(etag).then(|| etag.to_owned()),
        }
    }
}

/// One file transfer.
pub(crate) struct Fetch<'a> {
    pub(crate) client: &'a Client,
    /// Where to GET (the HEAD's location, or the resolve URL).
    pub(crate) url: &'a str,
    pub(crate) cancel: &'a CancelToken,
    pub(crate) reporter: &'a Reporter,
    pub(crate) file_index: usize,
    pub(crate) path: &'a str,
}

/// Whether `s` looks like a sha256 (64 lowercase hex): the blob name of LFS files.
pub(crate) fn is_sha256(s: &str) -> bool {
    s.len() == 64 && s.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
}

/// Whether `s` looks like a git blob sha1 (40 lowercase hex): the blob name of
/// regular files.
pub(crate) fn is_git_sha1(s: &str) -> bool {
    s.len() == 40 && s.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
}

/// The git blob id of a file: `sha1("blob <len>\0" + content)`.
pub(crate) fn git_blob_sha1(file: &File) -> std::io::Result<String> {
    use sha1::Digest as _;
    let len = file.metadata()?.len();
    let mut h = sha1::Sha1::new();
    h.update(format!("blob {len}\0").as_bytes());
    let mut buf = vec![0u8; BUF.min(len.max(1) as usize)];
    let mut pos = 0u64;
    while pos < len {
        let want = ((len - pos) as usize).min(buf.len());
        read_exact_at(file, &mut buf[..want], pos)?;
        h.update(&buf[..want]);
        pos += want as u64;
    }
    Ok(hex(&h.finalize()))
}

enum Outcome {
    Done,
    /// The server does not serve ranges as asked: use one stream.
    RangesRefused,
}

/// Bytes of the first range over which the link's rate is measured, at most
/// (see [`DownloadConfig::single_stream_rate`](crate::api::download::DownloadConfig)).
const PROBE_WINDOW: u64 = 16 << 20;
/// A first range shorter than this is not timed: parallel ranges.
const PROBE_MIN: u64 = 4 << 20;
/// Where the timing of the first range starts.
const PROBE_START: u64 = 1 << 20;

/// Where the bytes of a body go.
enum Out<'a> {
    /// Written at their offsets by the receiving thread, hashed on the way.
    File {
        file: &'a File,
        hasher: Option<&'a mut Sha256>,
        buf: Vec<u8>,
    },
    /// Hashed and written on threads of their own (large files).
    Pipe(&'a mut Pipeline),
}

impl Out<'_> {
    /// `size`: the body's expected length, when known (small files get a small buffer).
    fn file<'a>(file: &'a File, hasher: Option<&'a mut Sha256>, size: Option<u64>) -> Out<'a> {
        let len = size.map_or(BUF, |s| (s as usize).clamp(1, BUF));
        Out::File {
            file,
            hasher,
            buf: vec![0u8; len],
        }
    }

    fn hashing(&self) -> bool {
        match self {
            Out::File { hasher, .. } => hasher.is_some(),
            Out::Pipe(p) => p.hashing(),
        }
    }

    /// Room for the bytes at `at`; `write` is false for bytes that are already in
    /// the file and only need hashing.
    fn space(&mut self, at: u64, write: bool) -> Result<&mut [u8]> {
        match self {
            Out::File { buf, .. } => Ok(&mut buf[..]),
            Out::Pipe(p) => p.space(at, write),
        }
    }

    /// The first `n` bytes of the last `space` hold the bytes at `at`.
    fn filled(&mut self, at: u64, n: usize, write: bool) -> Result<()> {
        match self {
            Out::File { file, hasher, buf } => {
                if write {
                    write_at(file, &buf[..n], at)
                        .map_err(|e| Error::io("(download temp file)", e))?;
                }
                if let Some(h) = hasher.as_mut() {
                    h.update(&buf[..n]);
                }
                Ok(())
            }
            Out::Pipe(p) => p.filled(n),
        }
    }

    /// Hashing starts over (the caller truncates the file next).
    fn restart(&mut self) -> Result<()> {
        match self {
            Out::File { hasher, .. } => {
                if let Some(h) = hasher.as_mut() {
                    **h = Sha256::new();
                }
                Ok(())
            }
            Out::Pipe(p) => p.restart(),
        }
    }

    /// Parallel ranges from here on: the pipeline needs few blocks for the
    /// rest of the first chunk and for hashing from the disk.
    fn shrink(&mut self) {
        if let Out::Pipe(p) = self {
            p.shrink();
        }
    }

    /// Hashes bytes `[start, end)` that others wrote into `file`.
    fn hash_from(&mut self, file: &File, start: u64, end: u64) -> Result<()> {
        if !self.hashing() {
            return Ok(());
        }
        let mut pos = start;
        while pos < end {
            let room = self.space(pos, false)?;
            let n = room.len().min((end - pos) as usize);
            read_exact_at(file, &mut room[..n], pos)
                .map_err(|e| Error::io("(download temp file)", e))?;
            self.filled(pos, n, false)?;
            pos += n as u64;
        }
        Ok(())
    }
}

/// A reader that adds up how long its reads waited for the network: the time
/// they took, less the CPU time this thread spent in them (copying, TCP, TLS),
/// where the platform tells it. A read that is slow because this machine is
/// busy is not a slow link.
struct TimedReader<'a> {
    inner: &'a mut dyn Read,
    waited: Duration,
}

impl Read for TimedReader<'_> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let (t0, cpu0) = (Instant::now(), thread_cpu());
        let r = self.inner.read(buf);
        let busy = match (cpu0, thread_cpu()) {
            (Some(a), Some(b)) => b.saturating_sub(a),
            _ => Duration::ZERO,
        };
        self.waited += t0.elapsed().saturating_sub(busy);
        r
    }
}

/// CPU time used by the calling thread so far.
#[cfg(target_os = "linux")]
fn thread_cpu() -> Option<Duration> {
    let t = rustix::time::clock_gettime(rustix::time::ClockId::ThreadCPUTime);
    let nanos = u32::try_from(t.tv_nsec).ok()?;
    Some(Duration::new(u64::try_from(t.tv_sec).ok()?, nanos))
}

#[cfg(not(target_os = "linux"))]
fn thread_cpu() -> Option<Duration> {
    None
}

/// A response's body as a reader.
fn body(resp: Response) -> impl Read {
    resp.into_body().into_with_config().limit(u64::MAX).reader()
}

impl Fetch<'_> {
    fn report(&self, msg: Msg) {
        self.reporter.send(msg);
    }

    /// Downloads into `temp` (which may hold bytes adopted from an earlier run),
    /// then verifies size and sha256. On a checksum failure of adopted bytes the
    /// file is fetched once more from zero.
    pub(crate) fn run(&self, temp: &mut TempFile, expect: &Expect, adopted: bool) -> Result<()> {
        self.report(Msg::Start {
            file: self.file_index,
            path: self.path.to_owned(),
            size: expect.size,
        });
        let first = self.fetch_and_verify(temp, expect, adopted);
        match first {
            Err(Error::Checksum { .. }) if adopted => {
                // The suspect bytes came from disk: start over from the network.
                self.truncate(temp)?;
                self.fetch_and_verify(temp, expect, false)?;
            }
            other => other?,
        }
        if adopted {
            // Another process may have written the adopted file concurrently
            // (where flock does nothing): verify what is on disk, not what streamed.
            self.verify_on_disk(temp, expect)?;
        }
        // A progress sink that cancelled on any event of this file is obeyed
        // before the file enters the cache.
        self.reporter.barrier();
        self.cancel.check()?;
        self.report(Msg::Finish {
            file: self.file_index,
        });
        Ok(())
    }

    fn truncate(&self, temp: &TempFile) -> Result<()> {
        temp.file
            .set_len(0)
            .map_err(|e| Error::io(temp.path(), e))?;
        self.report(Msg::Reset {
            file: self.file_index,
        });
        Ok(())
    }

    fn fetch_and_verify(&self, temp: &mut TempFile, expect: &Expect, adopted: bool) -> Result<()> {
        let cfg = *self.client.download_config();
        let mut start = temp.len()?;
        if start > 0 && expect.size.is_some_and(|s| start > s) {
            self.truncate(temp)?;
            start = 0;
        }
        let mut hasher = expect.sha256.as_ref().map(|_| Sha256::new());
        if start > 0 {
            if let Some(h) = hasher.as_mut() {
                hash_range(&temp.file, 0, start, h, &mut vec![0u8; BUF])
                    .map_err(|e| Error::io(temp.path(), e))?;
            }
            self.report(Msg::Bytes {
                file: self.file_index,
                n: start,
            });
        }
        let temp = &*temp;
        let large = expect.size.is_some_and(|s| s >= cfg.parallel_threshold);
        let hasher = if large {
            let mut pipe = Pipeline::start(&temp.file, temp.path(), hasher, cfg.direct_io)?;
            self.fetch(temp, expect.size, adopted, start, &mut Out::Pipe(&mut pipe))?;
            pipe.finish()?
        } else {
            self.fetch(
                temp,
                expect.size,
                adopted,
                start,
                &mut Out::file(&temp.file, hasher.as_mut(), expect.size),
            )?;
            hasher
        };
        let len = temp.len()?;
        if let Some(size) = expect.size {
            if len != size {
                return Err(
                    self.checksum(format!("file should be of size {size} but has size {len}"))
                );
            }
        }
        if let (Some(want), Some(h)) = (&expect.sha256, hasher) {
            let got = hex(&h.finalize());
            if &got != want {
                return Err(self.checksum(format!("sha256 should be {want} but is {got}")));
            }
        }
        self.verify_git_sha1(temp, expect)
    }

    /// The transfer: parallel ranges where they apply, else one stream from `start`.
    fn fetch(
        &self,
        temp: &TempFile,
        size: Option<u64>,
        adopted: bool,
        start: u64,
        out: &mut Out,
    ) -> Result<()> {
        let cfg = *self.client.download_config();
        let parallel = !adopted
            && start == 0
            && cfg.max_connections > 1
            && cfg.chunk_size > 0
            && size.is_some_and(|s| s >= cfg.parallel_threshold && s > cfg.chunk_size);
        if let (true, Some(size)) = (parallel, size) {
            match self.parallel(temp, size, out)? {
                Outcome::Done => return Ok(()),
                Outcome::RangesRefused => self.start_over(temp, out, &mut 0)?,
            }
        }
        self.stream(temp, start, size, out, None)
    }

    /// Regular files: the git blob sha1 of what is on disk must be the etag.
    fn verify_git_sha1(&self, temp: &TempFile, expect: &Expect) -> Result<()> {
        let Some(want) = &expect.git_sha1 else {
            return Ok(());
        };
        let got = git_blob_sha1(&temp.file).map_err(|e| Error::io(temp.path(), e))?;
        if &got != want {
            return Err(self.checksum(format!("git blob sha1 should be {want} but is {got}")));
        }
        Ok(())
    }

    fn verify_on_disk(&self, temp: &mut TempFile, expect: &Expect) -> Result<()> {
        self.verify_git_sha1(temp, expect)?;
        let Some(want) = &expect.sha256 else {
            return Ok(());
        };
        let mut h = Sha256::new();
        let len = temp.len()?;
        hash_range(&temp.file, 0, len, &mut h, &mut vec![0u8; BUF])
            .map_err(|e| Error::io(temp.path(), e))?;
        let got = hex(&h.finalize());
        if &got != want {
            return Err(self.checksum(format!("sha256 should be {want} but is {got}")));
        }
        Ok(())
    }

    fn checksum(&self, message: String) -> Error {
        Error::Checksum {
            url: self.url.to_owned(),
            message,
        }
    }

    fn get(&self, range: Option<(u64, Option<u64>)>) -> Request {
        let mut req = Request::get(self.url)
            .header("accept-encoding", "identity")
            .streaming(self.client.inner.timeouts.download);
        if let Some((start, end)) = range {
            let spec = match end {
                Some(e) => format!("bytes={start}-{e}"),
                None => format!("bytes={start}-"),
            };
            req = req.header("range", spec);
        }
        req
    }

    /// Sends a GET. A transient failure within the retry budget counts in
    /// `failures`, waits, and gives `None`: try again.
    fn try_get(
        &self,
        range: Option<(u64, Option<u64>)>,
        failures: &mut u32,
    ) -> Result<Option<Response>> {
        match self.client.send_unchecked(&self.get(range)) {
            Ok(r) => Ok(Some(r)),
            Err(e) if is_transient(&e) && *failures < MAX_RESUMES => {
                *failures += 1;
                self.sleep_before_retry(*failures)?;
                Ok(None)
            }
            Err(e) => Err(e),
        }
    }

    fn sleep_before_retry(&self, failures: u32) -> Result<()> {
        let wait = backoff(&self.client.inner.retry, failures.saturating_sub(1));
        let step = Duration::from_millis(20);
        let mut left = wait;
        while !left.is_zero() {
            self.cancel.check()?;
            let s = left.min(step);
            std::thread::sleep(s);
            left -= s;
        }
        self.cancel.check()
    }

    /// One stream from `start`, resuming with `Range` after mid-stream failures.
    fn stream(
        &self,
        temp: &TempFile,
        start: u64,
        size: Option<u64>,
        out: &mut Out,
        initial: Option<Response>,
    ) -> Result<()> {
        let mut offset = start;
        let mut failures = 0u32;
        // Only bytes beyond the furthest point reached count as progress: a
        // server that cuts the stream and then forces a restart must not reset
        // `failures` forever.
        let mut furthest = start;
        let mut pending = initial;
        loop {
            self.cancel.check()?;
            if size == Some(offset) && pending.is_none() {
                return Ok(()); // complete (also: a 0-byte file needs no request)
            }
            let resp = match pending.take() {
                Some(r) => r,
                None => {
                    let range = (offset > 0).then_some((offset, None));
                    let Some(r) = self.try_get(range, &mut failures)? else {
                        continue;
                    };
                    r
                }
            };
            let status = resp.status().as_u16();
            match status {
                206 if offset > 0 => {
                    let from = content_range_start(&resp);
                    if from != Some(offset) {
                        // Not the range asked for: start over.
                        drop(resp);
                        let why = "the server keeps answering other ranges";
                        self.start_over_counted(temp, out, &mut offset, &mut failures, why)?;
                        continue;
                    }
                }
                200 => {
                    if offset > 0 {
                        // Range ignored: the body is the whole file; rewrite it.
                        self.start_over(temp, out, &mut offset)?;
                    }
                }
                416 if offset > 0 => {
                    // What we hold cannot be continued: discard it.
                    drop(resp);
                    let why = "range requests keep failing with 416";
                    self.start_over_counted(temp, out, &mut offset, &mut failures, why)?;
                    continue;
                }
                _ => {
                    check_response(Method::Get, self.url, resp)?;
                    return Err(self.network(&format!("unexpected status {status}")));
                }
            }
            let result = self.copy_body(&mut body(resp), out, &mut offset, u64::MAX, None);
            match result {
                Ok(()) => {
                    match size {
                        Some(s) if offset < s => {} // closed early: resume below
                        Some(s) if offset > s => {
                            return Err(self.checksum(format!(
                                "file should be of size {s} but the server sent more"
                            )))
                        }
                        _ => return Ok(()),
                    }
                }
                Err(e @ (Error::Cancelled | Error::Io { .. })) => return Err(e),
                Err(_) => {}
            }
            if offset > furthest {
                furthest = offset;
                failures = 0;
            }
            failures += 1;
            if failures > MAX_RESUMES {
                return Err(self.network(&format!(
                    "the connection kept failing; {offset} bytes received"
                )));
            }
            self.sleep_before_retry(failures)?;
        }
    }

    /// Drops what was received: the file is truncated and hashing starts again.
    fn start_over(&self, temp: &TempFile, out: &mut Out, offset: &mut u64) -> Result<()> {
        *offset = 0;
        out.restart()?;
        self.truncate(temp)
    }

    /// [`start_over`](Self::start_over) after an answer that cannot be used,
    /// counted as a failure: past [`MAX_RESUMES`] of them, a network error
    /// saying `why`.
    fn start_over_counted(
        &self,
        temp: &TempFile,
        out: &mut Out,
        offset: &mut u64,
        failures: &mut u32,
        why: &str,
    ) -> Result<()> {
        self.start_over(temp, out, offset)?;
        *failures += 1;
        if *failures > MAX_RESUMES {
            return Err(self.network(why));
        }
        Ok(())
    }

    fn network(&self, message: &str) -> Error {
        Error::Network {
            url: self.url.to_owned(),
            message: message.to_owned(),
        }
    }

    /// Copies a body into `out` from file offset `pos` until the body ends or
    /// `pos` reaches `end`, reporting as it goes; `pos` counts the bytes kept.
    fn copy_body(
        &self,
        reader: &mut dyn Read,
        out: &mut Out,
        pos: &mut u64,
        end: u64,
        abort: Option<&AtomicBool>,
    ) -> Result<()> {
        loop {
            self.cancel.check()?;
            if abort.is_some_and(|a| a.load(Ordering::SeqCst)) {
                return Err(Error::Cancelled);
            }
            if *pos >= end {
                return Ok(());
            }
            let room = out.space(*pos, true)?;
            let want = room
                .len()
                .min(usize::try_from(end - *pos).unwrap_or(usize::MAX));
            let n = match reader.read(&mut room[..want]) {
                Ok(0) => return Ok(()),
                Ok(n) => n,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                Err(e) => {
                    return Err(transport_error(
                        self.url,
                        ureq::Error::Io(std::io::Error::new(e.kind(), e.to_string())),
                    ))
                }
            };
            out.filled(*pos, n, true)?;
            *pos += n as u64;
            self.report(Msg::Bytes {
                file: self.file_index,
                n: n as u64,
            });
        }
    }

    /// Parallel byte ranges. A first range probes the server; if it answers 206
    /// and its first [`PROBE_WINDOW`] bytes arrive at `single_stream_rate` or
    /// faster, the file continues on that one connection. Otherwise the other
    /// chunks are fetched on `max_connections` connections while this thread
    /// receives the first one and then hashes the rest in order from the disk.
    fn parallel(&self, temp: &TempFile, size: u64, out: &mut Out) -> Result<Outcome> {
        let cfg = *self.client.download_config();
        let chunk = cfg.chunk_size;
        let chunks = size.div_ceil(chunk);
        let first_end = chunk.min(size);
        let probe = match self
            .client
            .send_unchecked(&self.get(Some((0, Some(first_end - 1)))))
        {
            Ok(r) => r,
            Err(e) if is_transient(&e) => return Ok(Outcome::RangesRefused),
            Err(e) => return Err(e),
        };
        match probe.status().as_u16() {
            206 if content_range_start(&probe) == Some(0) => {}
            200 => {
                // Ranges ignored: this is the whole file, stream it.
                self.stream(temp, 0, Some(size), out, Some(probe))?;
                return Ok(Outcome::Done);
            }
            s if s >= 400 && !matches!(s, 403 | 416 | 429) && s != 206 => {
                check_response(Method::Get, self.url, probe)?;
                return Ok(Outcome::RangesRefused);
            }
            _ => return Ok(Outcome::RangesRefused),
        }
        let mut reader = body(probe);
        let mut pos = 0u64;
        let mut probe_res = Ok(());
        if let Some(rate) = cfg.single_stream_rate.filter(|_| first_end >= PROBE_MIN) {
            let window = first_end.min(PROBE_WINDOW);
            let (fast, res) = self.time_link(&mut reader, out, &mut pos, window, rate);
            probe_res = res;
            if fast {
                // Fast enough alone: the rest of this range, then one open range.
                // Read to the body's end (not to `first_end`) so that ureq sees it
                // and the open range reuses this connection; nothing else writes
                // the file, and bytes past the range are bytes of the file.
                match self.copy_body(&mut reader, out, &mut pos, u64::MAX, None) {
                    Ok(()) | Err(Error::Network { .. } | Error::Timeout { .. }) => {}
                    Err(e) => return Err(e),
                }
                drop(reader);
                self.stream(temp, pos, Some(size), out, None)?;
                return Ok(Outcome::Done);
            }
            out.shrink();
        }
        temp.file
            .set_len(size)
            .map_err(|e| Error::io(temp.path(), e))?;
        let abort = AtomicBool::new(false);
        let next = AtomicU64::new(1);
        let first_error: Mutex<Option<Error>> = Mutex::new(None);
        let refused = AtomicBool::new(false);
        let (done_tx, done_rx) = mpsc::channel::<u64>();
        let workers = (cfg.max_connections as u64)
            .min(chunks.saturating_sub(1))
            .max(1);
        let file = &temp.file;

        let outcome = std::thread::scope(|s| -> Result<Outcome> {
            // Chunk 0 arrives on the probe's connection, the others on worker threads.
            for _ in 0..workers {
                let done_tx = done_tx.clone();
                let (abort, next, first_error, refused) = (&abort, &next, &first_error, &refused);
                s.spawn(move || {
                    let mut out = Out::file(file, None, Some(chunk));
                    loop {
                        if abort.load(Ordering::SeqCst) {
                            return;
                        }
                        let idx = next.fetch_add(1, Ordering::SeqCst);
                        if idx >= chunks {
                            return;
                        }
                        let start = idx * chunk;
                        let end = (start + chunk).min(size) - 1;
                        match self.range(&mut out, start, end, abort) {
                            Ok(true) => {
                                let _ = done_tx.send(idx);
                            }
                            Ok(false) => {
                                refused.store(true, Ordering::SeqCst);
                                abort.store(true, Ordering::SeqCst);
                                return;
                            }
                            Err(e) => {
                                if let Ok(mut slot) = first_error.lock() {
                                    // Keep the first real failure over the cancellations it caused.
                                    if slot.is_none() || matches!(*slot, Some(Error::Cancelled)) {
                                        *slot = Some(e);
                                    }
                                }
                                abort.store(true, Ordering::SeqCst);
                                return;
                            }
                        }
                    }
                });
            }
            drop(done_tx);
            // The rest of the probe's chunk, on this thread.
            if probe_res.is_ok() {
                probe_res = self.copy_body(&mut reader, out, &mut pos, first_end, Some(&abort));
            }
            drop(reader);
            // A worker that finds ranges refused aborts this thread's copy too:
            // that is the fallback to one stream, not a cancellation.
            let fallback = |e: &Error| {
                matches!(e, Error::Cancelled)
                    && refused.load(Ordering::SeqCst)
                    && !self.cancel.is_cancelled()
            };
            let probe_ok = match probe_res {
                Ok(()) if pos == first_end => true,
                Ok(()) | Err(Error::Network { .. }) | Err(Error::Timeout { .. }) => {
                    // Finish chunk 0 with a range of its own.
                    match self.range(out, pos, first_end - 1, &abort) {
                        Ok(true) => true,
                        Ok(false) => {
                            refused.store(true, Ordering::SeqCst);
                            false
                        }
                        Err(e) if fallback(&e) => false,
                        Err(e) => {
                            abort.store(true, Ordering::SeqCst);
                            return Err(e);
                        }
                    }
                }
                Err(e) if fallback(&e) => false,
                Err(e) => {
                    abort.store(true, Ordering::SeqCst);
                    return Err(e);
                }
            };
            if !probe_ok {
                abort.store(true, Ordering::SeqCst);
                return Ok(Outcome::RangesRefused);
            }
            // Hash chunks in order as they complete.
            let mut complete = vec![false; chunks as usize];
            complete[0] = true;
            let mut hashed = 1u64; // chunks hashed (chunk 0 on its way in)
            loop {
                while hashed < chunks && complete[hashed as usize] {
                    let start = hashed * chunk;
                    let end = (start + chunk).min(size);
                    if let Err(e) = out.hash_from(file, start, end) {
                        abort.store(true, Ordering::SeqCst);
                        return Err(e);
                    }
                    hashed += 1;
                }
                if hashed == chunks {
                    return Ok(Outcome::Done);
                }
                match done_rx.recv_timeout(Duration::from_millis(50)) {
                    Ok(idx) => {
                        if let Some(c) = complete.get_mut(idx as usize) {
                            *c = true;
                        }
                    }
                    Err(mpsc::RecvTimeoutError::Timeout) => {
                        if self.cancel.is_cancelled() {
                            abort.store(true, Ordering::SeqCst);
                        }
                    }
                    Err(mpsc::RecvTimeoutError::Disconnected) => {
                        // Every worker ended with chunks missing.
                        if refused.load(Ordering::SeqCst) {
                            return Ok(Outcome::RangesRefused);
                        }
                        self.cancel.check()?;
                        let err = first_error.lock().ok().and_then(|mut e| e.take());
                        return Err(err.unwrap_or_else(|| self.network("a range worker stopped")));
                    }
                }
            }
        })?;
        Ok(outcome)
    }

    /// Receives the first `window` bytes of the probe and tells whether they
    /// came at `rate` bytes per second or faster. The bytes after the first MiB
    /// (TCP's slow start is not the link's rate) are timed MiB by MiB, counting
    /// only the time the socket kept this thread waiting (not the hasher, not
    /// the disk, not the CPU time of the reads themselves), and the median MiB
    /// decides: a pause or a busy spell of this machine's own does not make a
    /// fast link look slow. A link that has kept us waiting three times longer
    /// than a fast one would for the whole window is slow at once.
    fn time_link(
        &self,
        reader: &mut dyn Read,
        out: &mut Out,
        pos: &mut u64,
        window: u64,
        rate: u64,
    ) -> (bool, Result<()>) {
        let res = self.copy_body(reader, out, pos, PROBE_START, None);
        if res.is_err() || *pos < PROBE_START {
            return (false, res);
        }
        let secs_per_byte = 1.0 / rate.max(1) as f64;
        let give_up = Duration::from_secs_f64(3.0 * (window - PROBE_START) as f64 * secs_per_byte);
        let mut timed = TimedReader {
            inner: reader,
            waited: Duration::ZERO,
        };
        // Seconds per byte of each MiB.
        let mut steps = Vec::new();
        while *pos < window {
            let (from, before) = (*pos, timed.waited);
            let step = (from + (1 << 20)).min(window);
            let res = self.copy_body(&mut timed, out, pos, step, None);
            if res.is_err() || *pos < step || timed.waited > give_up {
                return (false, res);
            }
            steps.push((timed.waited - before).as_secs_f64() / (step - from) as f64);
        }
        steps.sort_by(f64::total_cmp);
        let median = steps.get(steps.len() / 2).copied().unwrap_or(f64::INFINITY);
        (median <= secs_per_byte, Ok(()))
    }

    /// Fetches `[start, end]` into `out` at `start`, resuming within the range.
    /// `Ok(false)` when the server does not honour the range.
    fn range(&self, out: &mut Out, start: u64, end: u64, abort: &AtomicBool) -> Result<bool> {
        let mut pos = start;
        let mut failures = 0u32;
        while pos <= end {
            self.cancel.check()?;
            if abort.load(Ordering::SeqCst) {
                return Err(Error::Cancelled);
            }
            let Some(resp) = self.try_get(Some((pos, Some(end))), &mut failures)? else {
                continue;
            };
            match resp.status().as_u16() {
                206 if content_range_start(&resp) == Some(pos) => {}
                200 | 403 | 416 | 429 | 206 => return Ok(false),
                _ => {
                    check_response(Method::Get, self.url, resp)?;
                    return Ok(false);
                }
            }
            let before = pos;
            let res = self.copy_body(&mut body(resp), out, &mut pos, u64::MAX, Some(abort));
            match res {
                Ok(()) if pos > end + 1 => return Ok(false),
                Ok(()) if pos == end + 1 => return Ok(true),
                Ok(()) => {}
                Err(e @ (Error::Cancelled | Error::Io { .. })) => return Err(e),
                Err(_) => {}
            }
            if pos > before {
                failures = 0;
            }
            failures += 1;
            if failures > MAX_RESUMES {
                return Err(self.network(&format!("range {start}-{end} kept failing")));
            }
            self.sleep_before_retry(failures)?;
        }
        Ok(true)
    }
}

fn is_transient(e: &Error) -> bool {
    matches!(e, Error::Network { .. } | Error::Timeout { .. })
}

/// `Content-Range: bytes START-END/SIZE` → START.
fn content_range_start(resp: &Response) -> Option<u64> {
    let v = header(resp.headers(), "content-range")?;
    let spec = v.trim().strip_prefix("bytes")?.trim();
    spec.split('-').next()?.trim().parse().ok()
}

fn hash_range(
    file: &File,
    start: u64,
    end: u64,
    h: &mut Sha256,
    buf: &mut [u8],
) -> std::io::Result<()> {
    let mut pos = start;
    while pos < end {
        let want = ((end - pos) as usize).min(buf.len());
        read_exact_at(file, &mut buf[..want], pos)?;
        h.update(&buf[..want]);
        pos += want as u64;
    }
    Ok(())
}

#[cfg(unix)]
fn write_at(file: &File, buf: &[u8], pos: u64) -> std::io::Result<()> {
    std::os::unix::fs::FileExt::write_all_at(file, buf, pos)
}

#[cfg(unix)]
fn read_exact_at(file: &File, buf: &mut [u8], pos: u64) -> std::io::Result<()> {
    std::os::unix::fs::FileExt::read_exact_at(file, buf, pos)
}

#[cfg(windows)]
fn write_at(file: &File, mut buf: &[u8], mut pos: u64) -> std::io::Result<()> {
    while !buf.is_empty() {
        let n = std::os::windows::fs::FileExt::seek_write(file, buf, pos)?;
        buf = &buf[n..];
        pos += n as u64;
    }
    Ok(())
}

#[cfg(windows)]
fn read_exact_at(file: &File, buf: &mut [u8], pos: u64) -> std::io::Result<()> {
    let mut done = 0;
    while done < buf.len() {
        let n =
            std::os::windows::fs::FileExt::seek_read(file, &mut buf[done..], pos + done as u64)?;
        if n == 0 {
            return Err(std::io::ErrorKind::UnexpectedEof.into());
        }
        done += n;
    }
    Ok(())
}

/// Lowercase hex.
pub(crate) fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// The lowercase hex sha256 of a file (what Python's `huggingface_hub.utils.sha.sha_fileobj`
/// computes; the oid of an LFS file). Streamed 1 MiB at a time, as uploads hash their
/// files. No request.
pub fn sha256_file(path: &std::path::Path) -> Result<String> {
    let mut f = File::open(path).map_err(|e| Error::io(path, e))?;
    let mut h = Sha256::new();
    let mut buf = vec![0u8; 1 << 20];
    loop {
        let n = f.read(&mut buf).map_err(|e| Error::io(path, e))?;
        if n == 0 {
            break;
        }
        h.update(&buf[..n]);
    }
    Ok(hex(&h.finalize()))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Answers one byte per read after `sleep` of waiting, or after `spin` of
    /// this thread's CPU time.
    struct Slow {
        sleep: Duration,
        spin: Duration,
    }

    impl Read for Slow {
        fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
            std::thread::sleep(self.sleep);
            if let Some(start) = thread_cpu() {
                while thread_cpu().is_some_and(|t| t < start + self.spin) {
                    std::hint::spin_loop();
                }
            }
            buf[0] = 1;
            Ok(1)
        }
    }

    #[test]
    fn only_time_spent_waiting_counts_against_the_link() {
        let ms = Duration::from_millis;
        let mut sleepy = Slow {
            sleep: ms(30),
            spin: Duration::ZERO,
        };
        let mut timed = TimedReader {
            inner: &mut sleepy,
            waited: Duration::ZERO,
        };
        assert_eq!(timed.read(&mut [0u8; 8]).unwrap(), 1);
        assert!(timed.waited >= ms(25), "{:?}", timed.waited);

        if thread_cpu().is_none() {
            return; // no thread CPU clock here: all of a read counts as waiting
        }
        let mut busy = Slow {
            sleep: Duration::ZERO,
            spin: ms(40),
        };
        let mut timed = TimedReader {
            inner: &mut busy,
            waited: Duration::ZERO,
        };
        let t0 = Instant::now();
        assert_eq!(timed.read(&mut [0u8; 8]).unwrap(), 1);
        // At least the 40 ms of CPU time are not counted, however long the
        // read took on a loaded machine.
        assert!(
            timed.waited + ms(40) <= t0.elapsed(),
            "waited {:?} of {:?}",
            timed.waited,
            t0.elapsed()
        );
    }

    #[test]
    fn sha256_file_matches_the_standard_vectors() {
        let dir = std::env::temp_dir().join(format!("hfhub-sha256-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let p = dir.join("abc");
        std::fs::write(&p, b"abc").unwrap();
        assert_eq!(
            sha256_file(&p).unwrap(),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
        // more than one read buffer
        std::fs::write(&p, vec![b'a'; 1_000_000 + (1 << 20)]).unwrap();
        let mut h = Sha256::new();
        h.update(vec![b'a'; 1_000_000 + (1 << 20)]);
        assert_eq!(sha256_file(&p).unwrap(), hex(&h.finalize()));
        assert!(sha256_file(&dir.join("missing")).is_err());
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn git_blob_sha1_is_gits_object_id() {
        let dir = std::env::temp_dir().join(format!("hfhub-gitsha1-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("f");
        // `printf 'hello\n' | git hash-object --stdin`, and the empty blob.
        for (content, oid) in [
            (&b"hello\n"[..], "ce013625030ba8dba906f756967f9e9ca394464a"),
            (&b""[..], "e69de29bb2d1d6434b8b29ae775ad8c2e48c5391"),
        ] {
            std::fs::write(&path, content).unwrap();
            let f = File::open(&path).unwrap();
            assert_eq!(git_blob_sha1(&f).unwrap(), oid);
        }
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn what_an_etag_lets_us_verify() {
        let lfs = "a".repeat(64);
        let e = Expect::for_etag(&lfs, Some(3));
        assert_eq!(
            (e.size, e.sha256.as_deref(), e.git_sha1),
            (Some(3), Some(&*lfs), None)
        );
        let git = "b".repeat(40);
        let e = Expect::for_etag(&git, None);
        assert_eq!((e.sha256, e.git_sha1.as_deref()), (None, Some(&*git)));
        // Not the Hub (e.g. nginx's "5f1-3e8"): only the size is checked.
        let e = Expect::for_etag("5f1-3e8", Some(1000));
        assert_eq!((e.sha256, e.git_sha1), (None, None));
        assert!(!is_git_sha1(&"B".repeat(40)));
    }
}
