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

use super::read::{corrupt, PayloadReader};
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
        let cores = std::thread::available_parallelism().map_or(1, |n| n.get().min(8));
        let threads = (cores as u64).min(count).max(1);
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
            head.clear();
            head.extend_from_slice(&line[..at]);
            head.push(b'}');
            Listing {
                secret: Secret::metadata_from_line(head)?,
                pending,
            }
        }
        None => {
            let mut secret = parse_line(line)?;
            let pending = secret.version_with_label(crate::secret::PENDING).is_some();
            secret.versions.clear();
            Listing { secret, pending }
        }
    })
}
