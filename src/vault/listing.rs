//! Listing a vault: every live secret's metadata, streamed in name order,
//! decrypted and parsed on every core. Thread `j` of `n` decrypts chunks
//! `j`, `j + n`, … (`stream.rs`) and parses the lines wholly inside each
//! (up to their versions), folding each into the caller's accumulator
//! (`list` formats its output lines there) while the chunk is still in
//! cache; this thread joins the line that crosses from one chunk into the
//! next, and hands the accumulators to `visit` in order.

use std::path::Path;
use std::sync::{mpsc, Arc};

use anyhow::Result;
use jiff::Timestamp;
use memchr::memmem::Finder;
use zeroize::Zeroizing;

use super::read::{corrupt, Decrypting, PayloadReader};
use super::stream::{Payload, CHUNK, SEALED};
use super::{is_gone, is_trailer, parse_line, Vault, VERSIONS_FIELD};
use crate::error;
use crate::secret::Secret;

/// A secret's metadata for a listing: everything but its versions, and
/// whether one of them is AWSPENDING.
pub struct Listing {
    /// `versions` is empty here.
    pub secret: Secret,
    pub pending: bool,
}

/// Why a chunk's lines stopped.
enum Failure {
    Error(anyhow::Error),
    /// A line's name is invalid: a full load says which line.
    InvalidName,
}

/// One chunk, as its thread leaves it.
struct Piece<A> {
    /// The bytes before the chunk's first newline (all of them if it has
    /// none): the end of a line begun in an earlier chunk.
    head: Zeroizing<Vec<u8>>,
    /// The whole lines between its first and last newlines, folded; and
    /// the bytes after its last newline (None: no newline).
    lines: std::result::Result<A, Failure>,
    tail: Option<Zeroizing<Vec<u8>>>,
}

/// Chunks in flight per thread.
const IN_FLIGHT: usize = 2;

impl Vault {
    /// Streams every live secret's metadata in name order without keeping
    /// the vault in memory or parsing any version: the fast path of `list`.
    pub fn scan(
        path: &Path,
        keys: &super::FileKeys,
        now: Timestamp,
        mut visit: impl FnMut(Listing),
    ) -> Result<()> {
        Vault::scan_fold(
            path,
            keys,
            now,
            |listings: &mut Vec<Listing>, listing| listings.push(listing),
            |listings| listings.into_iter().for_each(&mut visit),
        )
    }

    /// [`Vault::scan`] with each listing folded into an accumulator on the
    /// decrypting threads (one accumulator per run of lines, begun with
    /// `A::default()`); `visit` gets the accumulators in name order.
    pub fn scan_fold<A: Default + Send>(
        path: &Path,
        keys: &super::FileKeys,
        now: Timestamp,
        fold: impl Fn(&mut A, Listing) + Sync,
        mut visit: impl FnMut(A),
    ) -> Result<()> {
        // The header line, read and checked by seeking; the lines begin
        // after it.
        let reader = PayloadReader::open_seeking(path, keys)?;
        let payload = reader.lines.payload().clone();
        let start = reader.lines.position();
        drop(reader);
        let first = start / CHUNK;
        let count = payload.chunks().saturating_sub(first);
        let threads = Decrypting::threads(count) as u64;
        let lines = Lines { now, fold: &fold };
        let outcome = std::thread::scope(|scope| -> Result<Option<Failure>> {
            let mut pieces = Vec::new();
            for j in 0..threads {
                let (to, from) = mpsc::sync_channel(IN_FLIGHT);
                let payload = payload.clone();
                let lines = &lines;
                std::thread::Builder::new()
                    .spawn_scoped(scope, move || {
                        let mut chunk = Zeroizing::new(Vec::with_capacity(SEALED as usize));
                        let mut i = first + j;
                        while i < payload.chunks() {
                            let piece = lines.chunk(&payload, i, start, &mut chunk);
                            let failed = piece.is_err();
                            if to.send(piece).is_err() || failed {
                                return;
                            }
                            i += threads;
                        }
                    })
                    .map_err(|e| {
                        error::vault(format!(
                            "cannot read the vault {}: cannot start a thread: {e}",
                            path.display()
                        ))
                    })?;
                pieces.push(from);
            }
            // The line that crosses from chunk to chunk, joined here.
            let mut carry = Zeroizing::new(Vec::new());
            for k in 0..count {
                let piece = pieces[(k % threads) as usize]
                    .recv()
                    .map_err(|_| anyhow::anyhow!("internal error: a listing thread stopped"))?
                    .map_err(|e| corrupt(&e))?;
                carry.extend_from_slice(&piece.head);
                let Some(tail) = piece.tail else {
                    continue;
                };
                let parts = [lines.parse(&carry), piece.lines];
                for part in parts {
                    match part {
                        Ok(folded) => visit(folded),
                        Err(failure) => return Ok(Some(failure)),
                    }
                }
                carry = tail;
            }
            // A last line without its newline.
            match lines.parse(&carry) {
                Ok(folded) => visit(folded),
                Err(failure) => return Ok(Some(failure)),
            }
            Ok(None)
        })?;
        match outcome {
            None => Ok(()),
            Some(Failure::Error(e)) => Err(e),
            Some(Failure::InvalidName) => {
                // Load says which line.
                Vault::load(path, keys, now)?;
                Err(error::vault("the vault holds an invalid secret name").into())
            }
        }
    }
}

/// What the threads share: how to turn lines into what `visit` gets.
struct Lines<'a, F> {
    now: Timestamp,
    fold: &'a F,
}

impl<F> Lines<'_, F> {
    /// Decrypts chunk `i` into `chunk` and parses its whole lines (those of
    /// the payload from `start` on).
    fn chunk<A: Default>(
        &self,
        payload: &Arc<Payload>,
        i: u64,
        start: u64,
        chunk: &mut Vec<u8>,
    ) -> std::io::Result<Piece<A>>
    where
        F: Fn(&mut A, Listing),
    {
        payload.chunk(i, chunk)?;
        let skip = start.saturating_sub(i * CHUNK) as usize;
        let data = &chunk[skip.min(chunk.len())..];
        let owned = |bytes: &[u8]| Zeroizing::new(bytes.to_vec());
        let (Some(first), Some(last)) = (memchr::memchr(b'\n', data), memchr::memrchr(b'\n', data))
        else {
            return Ok(Piece {
                head: owned(data),
                lines: Ok(A::default()),
                tail: None,
            });
        };
        Ok(Piece {
            head: owned(&data[..first]),
            // Nothing between them when they are the same newline.
            lines: self.parse(data.get(first + 1..last).unwrap_or_default()),
            tail: Some(owned(&data[last + 1..])),
        })
    }

    /// The listings of whole lines (newline-separated), folded.
    fn parse<A: Default>(&self, lines: &[u8]) -> std::result::Result<A, Failure>
    where
        F: Fn(&mut A, Listing),
    {
        let versions = Finder::new(VERSIONS_FIELD);
        let pending = Finder::new(b"\"AWSPENDING\"");
        let mut folded = A::default();
        // The part of a line before its versions, parsed from here.
        let mut head = Zeroizing::new(Vec::new());
        let mut start = 0;
        while start < lines.len() {
            let end = memchr::memchr(b'\n', &lines[start..]).map_or(lines.len(), |i| start + i);
            let line = &lines[start..end];
            start = end + 1;
            // A blank line (say, left by a hand edit) holds nothing, nor
            // does the index (`index.rs`).
            if line.iter().all(u8::is_ascii_whitespace) || is_trailer(line) {
                continue;
            }
            let listing = listing(line, &versions, &pending, &mut head).map_err(Failure::Error)?;
            if crate::secret::validate_name(&listing.secret.name).is_err() {
                return Err(Failure::InvalidName);
            }
            if !is_gone(&listing.secret, self.now) {
                (self.fold)(&mut folded, listing);
            }
        }
        Ok(folded)
    }
}

/// A line's listing, parsing only what comes before its versions.
fn listing(
    line: &[u8],
    versions: &Finder,
    pending: &Finder,
    head: &mut Vec<u8>,
) -> Result<Listing> {
    Ok(match versions.find(line) {
        // A JSON string escapes its quotes, so these byte sequences can
        // only be the field itself and a label in a stages array.
        Some(at) => {
            let pending = pending
                .find_iter(&line[at..])
                .any(|i| matches!(line[at + i - 1], b'[' | b','));
            let secret = match plain_metadata(&line[..at]) {
                Some(secret) => secret,
                None => {
                    head.clear();
                    head.extend_from_slice(&line[..at]);
                    head.push(b'}');
                    Secret::metadata_from_line(head)?
                }
            };
            Listing { secret, pending }
        }
        None => {
            let mut secret = parse_line(line)?;
            let pending = secret.version_with_label(crate::secret::PENDING).is_some();
            secret.versions.clear();
            Listing { secret, pending }
        }
    })
}

/// The metadata of a line in arca's own form (`{"name":…,"id":…,
/// "description":…,"tags":{…},"created":…,"changed":…`, cut before its
/// versions) with no escape in it and no deletion or rotation, read
/// without serde: most lines of most vaults, and serde's field matching
/// and allocation was most of `list`'s cost. None for anything else,
/// which serde then reads (and reports if malformed).
fn plain_metadata(head: &[u8]) -> Option<Secret> {
    if memchr::memchr(b'\\', head).is_some() {
        return None;
    }
    let mut at = Plain { text: head, at: 0 };
    at.expect(b"{\"name\":")?;
    let name = at.string()?;
    at.expect(b",\"id\":")?;
    let id = at.string()?;
    let description = match at.next_is(b",\"description\":") {
        true => Some(at.string()?),
        false => None,
    };
    let mut tags = std::collections::BTreeMap::new();
    if at.next_is(b",\"tags\":{") && !at.next_is(b"}") {
        loop {
            let key = at.string()?;
            at.expect(b":")?;
            // A key twice: serde's reading decides.
            if tags.insert(key, at.string()?).is_some() {
                return None;
            }
            if at.next_is(b"}") {
                break;
            }
            at.expect(b",")?;
        }
    }
    at.expect(b",\"created\":")?;
    let created = at.string()?.parse().ok()?;
    at.expect(b",\"changed\":")?;
    let changed = at.string()?.parse().ok()?;
    // Anything more (a rotation, sync state, an unknown field): serde's.
    (at.at == head.len()).then_some(Secret {
        name,
        id,
        deletion: None,
        description,
        tags,
        created,
        changed,
        rotation: None,
        sync: Default::default(),
        versions: Vec::new(),
    })
}

/// A position in a line with no escapes.
struct Plain<'a> {
    text: &'a [u8],
    at: usize,
}

impl Plain<'_> {
    fn next_is(&mut self, bytes: &[u8]) -> bool {
        let found = self.text[self.at..].starts_with(bytes);
        if found {
            self.at += bytes.len();
        }
        found
    }

    fn expect(&mut self, bytes: &[u8]) -> Option<()> {
        self.next_is(bytes).then_some(())
    }

    /// A JSON string without escapes; None if it has a control character
    /// (which JSON forbids there) or is not UTF-8.
    fn string(&mut self) -> Option<String> {
        self.expect(b"\"")?;
        let len = memchr::memchr(b'"', &self.text[self.at..])?;
        let bytes = &self.text[self.at..self.at + len];
        if bytes.iter().any(|&b| b < 0x20) {
            return None;
        }
        self.at += len + 1;
        std::str::from_utf8(bytes).ok().map(str::to_owned)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::secret::{Rotation, Value};
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]

        #[test]
        fn plain_metadata_reads_what_serde_does(
            name in "[a-zA-Z0-9/_+=.@-]{1,20}",
            description in proptest::option::of("(.|\"|\\\\|\n){0,12}"),
            tags in proptest::collection::btree_map("(.|\"){0,6}", "(.|\\\\){0,6}", 0..4),
            created in 0i64..4_000_000_000_000,
            changed in 0i64..4_000_000_000_000,
            rotation in any::<bool>(),
        ) {
            let at = |ms| jiff::Timestamp::from_millisecond(ms).unwrap();
            let mut secret = Secret::new(&name, Value::String(Zeroizing::new("v".into())), None, at(created)).unwrap();
            secret.description = description;
            secret.tags = tags;
            secret.changed = at(changed);
            if rotation {
                secret.rotation = Some(Rotation { enabled: true, ..Rotation::default() });
            }
            let line = serde_json::to_vec(&secret).unwrap();
            let cut = Finder::new(VERSIONS_FIELD).find(&line).unwrap();
            let mut head = line[..cut].to_vec();
            let plain = plain_metadata(&head);
            head.push(b'}');
            let by_serde = Secret::metadata_from_line(&head).unwrap();
            match plain {
                Some(plain) => prop_assert_eq!(
                    serde_json::to_string(&plain).unwrap(),
                    serde_json::to_string(&by_serde).unwrap()
                ),
                // Only escapes and rotations go to serde.
                None => prop_assert!(rotation || head.contains(&b'\\')),
            }
        }
    }

    #[test]
    fn anything_but_arcas_plain_form_goes_to_serde() {
        let plain = br#"{"name":"a","id":"i","created":"2026-01-01T00:00:00Z","changed":"2026-01-01T00:00:00Z""#;
        assert!(plain_metadata(plain).is_some());
        for other in [
            &br#"{"name": "a","id":"i","created":"2026-01-01T00:00:00Z","changed":"2026-01-01T00:00:00Z""#[..],
            br#"{"id":"i","name":"a","created":"2026-01-01T00:00:00Z","changed":"2026-01-01T00:00:00Z""#,
            br#"{"name":"a","id":"i","deletion":{"requested":"2026-01-01T00:00:00Z","at":"2026-01-08T00:00:00Z"},"created":"2026-01-01T00:00:00Z","changed":"2026-01-01T00:00:00Z""#,
            br#"{"name":"a","id":"i","tags":{"k":"1","k":"2"},"created":"2026-01-01T00:00:00Z","changed":"2026-01-01T00:00:00Z""#,
            br#"{"name":"a","id":"i","created":"yesterday","changed":"2026-01-01T00:00:00Z""#,
            br#"{"name":"a","id":"i","created":"2026-01-01T00:00:00Z","changed":"2026-01-01T00:00:00Z","extra":1"#,
            b"{\"name\":\"a\x01\",\"id\":\"i\",\"created\":\"2026-01-01T00:00:00Z\",\"changed\":\"2026-01-01T00:00:00Z\"",
        ] {
            assert!(plain_metadata(other).is_none(), "{}", String::from_utf8_lossy(other));
        }
    }
}
