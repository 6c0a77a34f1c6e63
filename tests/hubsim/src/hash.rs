//! Content hashes the Hub exposes: git object ids (sha1), LFS oids (sha256), pointer files and
//! the 24-hex object ids used as `_id`.

use sha1::{Digest, Sha1};
use sha2::Sha256;
use std::io::{self, Read};

/// Lower-case hex of `bytes`.
pub fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        out.push(DIGITS[(b >> 4) as usize] as char);
        out.push(DIGITS[(b & 15) as usize] as char);
    }
    out
}

/// Bytes of a hex string (`None` when it is not valid hex).
pub fn unhex(s: &str) -> Option<Vec<u8>> {
    if s.len() % 2 != 0 {
        return None;
    }
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(s.get(i..i + 2)?, 16).ok())
        .collect()
}

/// Whether `s` is `len` lower-case hex digits.
pub fn is_hex(s: &str, len: usize) -> bool {
    s.len() == len
        && s.bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

/// sha1 hex of `data`.
pub fn sha1_hex(data: &[u8]) -> String {
    hex(&Sha1::digest(data))
}

/// sha256 hex of `data`.
pub fn sha256_hex(data: &[u8]) -> String {
    hex(&Sha256::digest(data))
}

/// Git object id of an object of `kind` (`blob`, `tree`, `commit`) with this body.
pub fn git_object_oid(kind: &str, body: &[u8]) -> String {
    let mut h = Sha1::new();
    h.update(format!("{kind} {}\0", body.len()).as_bytes());
    h.update(body);
    hex(&h.finalize())
}

/// Git blob id of `content`: sha1("blob <len>\0" + content).
pub fn git_blob_oid(content: &[u8]) -> String {
    git_object_oid("blob", content)
}

/// Streams `reader` (exactly `len` bytes) once and returns (git blob sha1, sha256).
pub fn hash_stream(mut reader: impl Read, len: u64) -> io::Result<(String, String)> {
    let mut sha1 = Sha1::new();
    sha1.update(format!("blob {len}\0").as_bytes());
    let mut sha256 = Sha256::new();
    let mut buf = vec![0u8; 64 * 1024];
    let mut seen = 0u64;
    loop {
        let n = reader.read(&mut buf)?;
        if n == 0 {
            break;
        }
        seen += n as u64;
        sha1.update(&buf[..n]);
        sha256.update(&buf[..n]);
    }
    if seen != len {
        return Err(io::Error::new(
            io::ErrorKind::UnexpectedEof,
            format!("expected {len} bytes, read {seen}"),
        ));
    }
    Ok((hex(&sha1.finalize()), hex(&sha256.finalize())))
}

/// The git-lfs pointer file text for an object.
pub fn lfs_pointer(sha256: &str, size: u64) -> String {
    format!("version https://git-lfs.github.com/spec/v1\noid sha256:{sha256}\nsize {size}\n")
}

/// A stable 24-hex id (like the Hub's Mongo `_id`) derived from a key.
pub fn object_id(key: &str) -> String {
    sha1_hex(key.as_bytes())[..24].to_string()
}

/// Git tree object id for entries `(is_dir, name, oid)`; entries are sorted the way git sorts them.
pub fn git_tree_oid(entries: &[(bool, String, String)]) -> String {
    let mut sorted: Vec<&(bool, String, String)> = entries.iter().collect();
    // git compares directory names as if they ended with '/'
    sorted.sort_by(|a, b| {
        let ka = if a.0 {
            format!("{}/", a.1)
        } else {
            a.1.clone()
        };
        let kb = if b.0 {
            format!("{}/", b.1)
        } else {
            b.1.clone()
        };
        ka.as_bytes().cmp(kb.as_bytes())
    });
    let mut body = Vec::new();
    for (is_dir, name, oid) in sorted {
        body.extend_from_slice(if *is_dir { b"40000 " } else { b"100644 " });
        body.extend_from_slice(name.as_bytes());
        body.push(0);
        body.extend_from_slice(&unhex(oid).unwrap_or_else(|| vec![0; 20]));
    }
    git_object_oid("tree", &body)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn git_blob_matches_git() {
        // `printf 'hello\n' | git hash-object --stdin`
        assert_eq!(
            git_blob_oid(b"hello\n"),
            "ce013625030ba8dba906f756967f9e9ca394464a"
        );
        assert_eq!(
            git_blob_oid(b""),
            "e69de29bb2d1d6434b8b29ae775ad8c2e48c5391"
        );
    }

    #[test]
    fn stream_hash_matches() {
        let data = b"abc".to_vec();
        let (oid, sha) = hash_stream(&data[..], 3).unwrap();
        assert_eq!(oid, git_blob_oid(b"abc"));
        assert_eq!(sha, sha256_hex(b"abc"));
        assert!(hash_stream(&data[..], 4).is_err());
    }

    #[test]
    fn empty_tree_matches_git() {
        assert_eq!(
            git_tree_oid(&[]),
            "4b825dc642cb6eb9a060e54bf8d69288fbee4904"
        );
    }

    #[test]
    fn pointer_size() {
        let p = lfs_pointer(&"a".repeat(64), 548105171);
        assert_eq!(p.len(), 134);
    }
}
