//! The decrypted vault, held by an agent started with `--cache-vault` so
//! that `get` answers from memory: one locked buffer and an index of the
//! secrets' lines by name. It is tied to the file's header bytes, so a
//! vault written since is never answered from the cache.

use std::collections::HashMap;
use std::fs::File;
use std::io::Read;
use std::ops::Range;
use std::path::{Path, PathBuf};

use age::secrecy::ExposeSecret;
use age::{DecryptError, Identity};
use age_core::format::{FileKey, Stanza};

use super::header::{header_bytes, header_stanzas};
use super::state::Locked;

pub struct CachedVault {
    path: PathBuf,
    header: Vec<u8>,
    payload: Locked,
    lines: HashMap<String, Range<usize>>,
}

impl CachedVault {
    /// Whether this is the cache of that very file.
    pub fn is_of(&self, path: &Path, header: &[u8]) -> bool {
        self.path == path && self.header == header
    }

    pub fn line(&self, name: &str) -> Option<&[u8]> {
        self.lines
            .get(name)
            .map(|range| &self.payload.bytes()[range.clone()])
    }

    pub fn len(&self) -> usize {
        self.lines.len()
    }

    pub fn locked(&self) -> bool {
        self.payload.locked
    }

    /// Decrypts the vault at `path`, if its header is `header` and `key`
    /// (the file key for its stanzas, see [`header_stanzas`]) opens it.
    /// None for anything unusual (a hand-edited payload, a line twice): the
    /// client then reads the file itself and reports what is wrong.
    pub fn load(
        path: &Path,
        header: &[u8],
        key: impl FnOnce(&[Stanza]) -> Option<FileKey>,
    ) -> Option<CachedVault> {
        if header_bytes(path)? != header {
            return None;
        }
        let key = key(&header_stanzas(path)?)?;
        let file = File::open(path).ok()?;
        // The plaintext is shorter than the file.
        let size = file.metadata().ok()?.len() as usize;
        let mut reader = age::Decryptor::new(file)
            .ok()?
            .decrypt(std::iter::once(&Key(key) as &dyn Identity))
            .ok()?;
        let mut payload = Locked::new(size).ok()?;
        let mut filled = 0;
        loop {
            let n = reader.read(&mut payload.bytes_mut()[filled..]).ok()?;
            if n == 0 {
                break;
            }
            filled += n;
            if filled == size {
                // Reading to the end authenticates the last chunk.
                if reader.read(&mut [0u8; 1]).ok()? != 0 {
                    return None;
                }
                break;
            }
        }
        payload.truncate(filled);
        let lines = index(payload.bytes())?;
        Some(CachedVault {
            path: path.to_path_buf(),
            header: header.to_vec(),
            payload,
            lines,
        })
    }
}

/// Each secret's line by name, after the payload's header line.
fn index(payload: &[u8]) -> Option<HashMap<String, Range<usize>>> {
    let mut lines = HashMap::new();
    let mut start = memchr::memchr(b'\n', payload)? + 1;
    while start < payload.len() {
        let end = memchr::memchr(b'\n', &payload[start..]).map_or(payload.len(), |i| start + i);
        let line = &payload[start..end];
        // The index trailer (vault/index.rs) ends the secrets' lines.
        if line.starts_with(b"{\"index\":") {
            break;
        }
        if !line.iter().all(u8::is_ascii_whitespace) {
            let name = std::str::from_utf8(crate::vault::line_name(line)?).ok()?;
            if lines.insert(name.to_owned(), start..end).is_some() {
                return None;
            }
        }
        start = end + 1;
    }
    Some(lines)
}

/// The file key, for any stanza: the header's MAC still has to match it.
struct Key(FileKey);

impl Identity for Key {
    fn unwrap_stanza(&self, _: &Stanza) -> Option<Result<FileKey, DecryptError>> {
        Some(Ok(FileKey::new(Box::new(*self.0.expose_secret()))))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_are_indexed_by_name_and_a_name_twice_is_not_cached() {
        let payload = b"{\"format\":1}\n{\"name\":\"a\",\"x\":1}\n\n{\"name\":\"b/c\"}";
        let lines = index(payload).unwrap();
        assert_eq!(&payload[lines["a"].clone()], b"{\"name\":\"a\",\"x\":1}");
        assert_eq!(&payload[lines["b/c"].clone()], b"{\"name\":\"b/c\"}");
        assert!(index(b"{\"format\":1}\n{\"name\":\"a\"}\n{\"name\":\"a\"}\n").is_none());
        assert!(index(b"{\"format\":1}\n{\"id\":\"x\",\"name\":\"a\"}\n").is_none());
        let with_trailer = b"{\"format\":1}\n{\"name\":\"a\"}\n{\"index\":{\"lines\":[]}}\n";
        assert_eq!(index(with_trailer).unwrap().len(), 1);
    }
}
