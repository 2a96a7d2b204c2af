//! Listing a vault: every live secret's metadata, streamed in name order,
//! parsed on every core. The payload's lines go in batches of whole lines
//! (one decrypted chunk's worth) to a thread per core, which parses each
//! line up to its versions and runs the caller's `map` on it (`list` formats
//! its output line there); this thread hands the results to `visit` in
//! order. Decryption runs on its own threads (`read.rs`) meanwhile.

use std::io::BufRead;
use std::path::Path;
use std::sync::mpsc;

use anyhow::Result;
use jiff::Timestamp;
use memchr::memmem::Finder;
use zeroize::Zeroizing;

use super::read::{corrupt, PayloadReader};
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

/// Why a batch stopped.
enum Failure {
    Error(anyhow::Error),
    /// A line's name is invalid: a full load says which line.
    InvalidName,
}

/// Batches in flight per thread.
const IN_FLIGHT: usize = 2;

impl Vault {
    /// Streams every live secret's metadata in name order without keeping
    /// the vault in memory or parsing any version: the fast path of `list`.
    pub fn scan(
        path: &Path,
        keys: &super::FileKeys,
        now: Timestamp,
        visit: impl FnMut(Listing),
    ) -> Result<()> {
        Vault::scan_map(path, keys, now, Some, visit)
    }

    /// [`Vault::scan`] with `map` run on each listing on the parsing
    /// threads; `visit` gets what it returns (None: nothing), in name order.
    pub fn scan_map<T: Send>(
        path: &Path,
        keys: &super::FileKeys,
        now: Timestamp,
        map: impl Fn(Listing) -> Option<T> + Sync,
        mut visit: impl FnMut(T),
    ) -> Result<()> {
        let mut reader = PayloadReader::open(path, keys)?;
        let threads = std::thread::available_parallelism().map_or(1, |n| n.get().min(8));
        let outcome = std::thread::scope(|scope| -> Result<Option<Failure>> {
            let mut batches = Vec::new();
            let mut results = Vec::new();
            for _ in 0..threads {
                let (to, batches_in) = mpsc::sync_channel::<Zeroizing<Vec<u8>>>(IN_FLIGHT);
                let (results_out, from) = mpsc::sync_channel(IN_FLIGHT);
                let map = &map;
                std::thread::Builder::new()
                    .spawn_scoped(scope, move || {
                        let versions = Finder::new(VERSIONS_FIELD);
                        let pending = Finder::new(b"\"AWSPENDING\"");
                        for batch in batches_in {
                            let parsed = parse_batch(&batch, now, &versions, &pending, map);
                            if results_out.send((parsed, batch)).is_err() {
                                return;
                            }
                        }
                    })
                    .map_err(|e| {
                        error::vault(format!(
                            "cannot read the vault {}: cannot start a thread: {e}",
                            path.display()
                        ))
                    })?;
                batches.push(to);
                results.push(from);
            }
            let mut feed = Feed {
                batches,
                results,
                sent: 0,
                received: 0,
                spent: Vec::new(),
            };
            // The part of a line not yet ended, carried into the next batch.
            let mut carry = Zeroizing::new(Vec::new());
            loop {
                let chunk = reader.lines.fill_buf().map_err(|e| corrupt(&e))?;
                if chunk.is_empty() {
                    break;
                }
                let n = chunk.len();
                match memchr::memrchr(b'\n', chunk) {
                    None => carry.extend_from_slice(chunk),
                    Some(end) => {
                        let mut batch = feed.buffer();
                        batch.extend_from_slice(&carry);
                        batch.extend_from_slice(&chunk[..=end]);
                        carry.clear();
                        carry.extend_from_slice(&chunk[end + 1..]);
                        if let Some(failure) = feed.send(batch, &mut visit)? {
                            return Ok(Some(failure));
                        }
                    }
                }
                reader.lines.consume(n);
            }
            if !carry.is_empty() {
                if let Some(failure) = feed.send(carry, &mut visit)? {
                    return Ok(Some(failure));
                }
            }
            feed.drain(&mut visit)
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

type Parsed<T> = (std::result::Result<Vec<T>, Failure>, Zeroizing<Vec<u8>>);

/// The channels to the parsing threads: batch `k` goes to thread `k % n`,
/// and its results are taken back in the same order.
struct Feed<T> {
    batches: Vec<mpsc::SyncSender<Zeroizing<Vec<u8>>>>,
    results: Vec<mpsc::Receiver<Parsed<T>>>,
    sent: usize,
    received: usize,
    /// Batches parsed, for reuse.
    spent: Vec<Zeroizing<Vec<u8>>>,
}

impl<T> Feed<T> {
    fn buffer(&mut self) -> Zeroizing<Vec<u8>> {
        self.spent.pop().unwrap_or_default()
    }

    fn send(
        &mut self,
        batch: Zeroizing<Vec<u8>>,
        visit: &mut impl FnMut(T),
    ) -> Result<Option<Failure>> {
        let n = self.batches.len();
        if self.sent - self.received == n * IN_FLIGHT {
            if let Some(failure) = self.receive(visit)? {
                return Ok(Some(failure));
            }
        }
        self.batches[self.sent % n]
            .send(batch)
            .map_err(|_| anyhow::anyhow!("internal error: a listing thread stopped"))?;
        self.sent += 1;
        Ok(None)
    }

    fn receive(&mut self, visit: &mut impl FnMut(T)) -> Result<Option<Failure>> {
        let n = self.results.len();
        let (parsed, mut batch) = self.results[self.received % n]
            .recv()
            .map_err(|_| anyhow::anyhow!("internal error: a listing thread stopped"))?;
        self.received += 1;
        batch.clear();
        self.spent.push(batch);
        match parsed {
            Ok(items) => {
                items.into_iter().for_each(&mut *visit);
                Ok(None)
            }
            Err(failure) => Ok(Some(failure)),
        }
    }

    fn drain(mut self, visit: &mut impl FnMut(T)) -> Result<Option<Failure>> {
        while self.received < self.sent {
            if let Some(failure) = self.receive(visit)? {
                return Ok(Some(failure));
            }
        }
        Ok(None)
    }
}

/// The listings of a batch of whole lines, through `map`.
fn parse_batch<T>(
    batch: &[u8],
    now: Timestamp,
    versions: &Finder,
    pending: &Finder,
    map: &impl Fn(Listing) -> Option<T>,
) -> std::result::Result<Vec<T>, Failure> {
    let mut items = Vec::new();
    for line in batch.split(|&b| b == b'\n') {
        // A blank line (say, left by a hand edit) holds nothing, nor does
        // the index (`index.rs`).
        if line.iter().all(u8::is_ascii_whitespace) || is_trailer(line) {
            continue;
        }
        let listing = listing(line, versions, pending).map_err(Failure::Error)?;
        if crate::secret::validate_name(&listing.secret.name).is_err() {
            return Err(Failure::InvalidName);
        }
        if !is_gone(&listing.secret, now) {
            items.extend(map(listing));
        }
    }
    Ok(items)
}

/// A line's listing, parsing only what comes before its versions.
fn listing(line: &[u8], versions: &Finder, pending: &Finder) -> Result<Listing> {
    Ok(match versions.find(line) {
        // A JSON string escapes its quotes, so these byte sequences can
        // only be the field itself and a label in a stages array.
        Some(at) => {
            let pending = pending
                .find_iter(&line[at..])
                .any(|i| matches!(line[at + i - 1], b'[' | b','));
            let mut head = Zeroizing::new(Vec::with_capacity(at + 1));
            head.extend_from_slice(&line[..at]);
            head.push(b'}');
            Listing {
                secret: Secret::metadata_from_line(&head)?,
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
