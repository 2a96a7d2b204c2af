//! Listing a vault: every live secret's metadata, streamed in name order,
//! decrypted and parsed on every core. Thread `j` of `n` decrypts runs `j`,
//! `j + n`, … of [`RUN`] chunks (`stream.rs`) and parses the lines wholly
//! inside each run (up to their versions; in place when a line is in
//! arca's plain form), folding each into the caller's accumulator (`list`
//! formats its output lines there) while the chunk is still in cache; this
//! thread joins the line that crosses from one run into the next, and
//! hands the accumulators to `visit` in order.

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
use crate::secret::{Deletion, Rotation, Secret};

/// A live secret as a scan meets it: its metadata, and whether one of its
/// versions is AWSPENDING.
pub enum Scanned<'a> {
    /// A line in arca's plain form, read in place: nothing is allocated.
    Plain { meta: PlainMeta<'a>, pending: bool },
    /// Any other line, parsed by serde (`versions` left empty).
    Parsed { secret: Box<Secret>, pending: bool },
}

impl Scanned<'_> {
    pub fn name(&self) -> &str {
        match self {
            Scanned::Plain { meta, .. } => meta.name,
            Scanned::Parsed { secret, .. } => &secret.name,
        }
    }

    pub fn description(&self) -> Option<&str> {
        match self {
            Scanned::Plain { meta, .. } => meta.description,
            Scanned::Parsed { secret, .. } => secret.description.as_deref(),
        }
    }

    /// Key and value, in key order.
    pub fn tags(&self) -> Tags<'_> {
        match self {
            Scanned::Plain { meta, .. } => Tags::Plain(Cursor::new(meta.tags)),
            Scanned::Parsed { secret, .. } => Tags::Parsed(secret.tags.iter()),
        }
    }

    pub fn changed(&self) -> Timestamp {
        match self {
            Scanned::Plain { meta, .. } => meta.changed,
            Scanned::Parsed { secret, .. } => secret.changed,
        }
    }

    /// A plain line has none.
    pub fn rotation(&self) -> Option<&Rotation> {
        match self {
            Scanned::Plain { .. } => None,
            Scanned::Parsed { secret, .. } => secret.rotation.as_ref(),
        }
    }

    /// A plain line has none.
    pub fn deletion(&self) -> Option<Deletion> {
        match self {
            Scanned::Plain { .. } => None,
            Scanned::Parsed { secret, .. } => secret.deletion,
        }
    }

    /// Whether a version is AWSPENDING.
    pub fn pending(&self) -> bool {
        match self {
            Scanned::Plain { pending, .. } | Scanned::Parsed { pending, .. } => *pending,
        }
    }
}

impl crate::filter::Filtered for Scanned<'_> {
    fn name(&self) -> &str {
        Scanned::name(self)
    }

    fn description(&self) -> Option<&str> {
        Scanned::description(self)
    }

    fn tags(&self) -> impl Iterator<Item = (&str, &str)> {
        Scanned::tags(self)
    }
}

/// The metadata of a line in arca's own form (`{"name":…,"id":…,
/// "description":…,"tags":{…},"created":…,"changed":…`, cut before its
/// versions) with no escape or control character in it, tags in key order,
/// dates as arca writes them, and no deletion or rotation: most lines of
/// most vaults. Allocating a `Secret` per line was most of `list`'s cost.
pub struct PlainMeta<'a> {
    name: &'a str,
    description: Option<&'a str>,
    /// Between the tags' braces: `"k":"v","k2":"v2"`.
    tags: &'a str,
    changed: Timestamp,
}

impl<'a> PlainMeta<'a> {
    /// None for anything but the plain form, which serde then reads (and
    /// reports if malformed).
    fn read(head: &'a [u8]) -> Option<PlainMeta<'a>> {
        // Neither escapes nor control characters (which JSON forbids in a
        // string): each string is then the bytes between two quotes.
        if head
            .iter()
            .fold(false, |odd, &b| odd | (b < 0x20) | (b == b'\\'))
        {
            return None;
        }
        let mut at = Cursor::new(std::str::from_utf8(head).ok()?);
        at.expect("{\"name\":")?;
        let name = at.string()?;
        at.expect(",\"id\":")?;
        at.string()?;
        let description = match at.next_is(",\"description\":") {
            true => Some(at.string()?),
            false => None,
        };
        let mut tags = "";
        if at.next_is(",\"tags\":{") {
            let start = at.at;
            let mut previous = None;
            while !at.next_is("}") {
                if previous.is_some() {
                    at.expect(",")?;
                }
                let key = at.string()?;
                at.expect(":")?;
                at.string()?;
                // Out of order or twice: serde's reading decides.
                if previous.is_some_and(|previous| previous >= key) {
                    return None;
                }
                previous = Some(key);
            }
            tags = &at.text[start..at.at - 1];
        }
        // Read to be checked, as serde would, though `list` shows neither.
        at.expect(",\"created\":")?;
        crate::dates::parse_stored(at.string()?.as_bytes())?;
        at.expect(",\"changed\":")?;
        let changed = crate::dates::parse_stored(at.string()?.as_bytes())?;
        // Anything more (a rotation, sync state, an unknown field): serde's.
        (at.at == head.len()).then_some(PlainMeta {
            name,
            description,
            tags,
            changed,
        })
    }
}

/// An entry's tags.
pub enum Tags<'a> {
    Plain(Cursor<'a>),
    Parsed(std::collections::btree_map::Iter<'a, String, String>),
}

impl<'a> Iterator for Tags<'a> {
    type Item = (&'a str, &'a str);

    fn next(&mut self) -> Option<Self::Item> {
        match self {
            Tags::Plain(at) => at.tag(),
            Tags::Parsed(tags) => tags.next().map(|(k, v)| (k.as_str(), v.as_str())),
        }
    }
}

/// Why a run's lines stopped.
enum Failure {
    Error(anyhow::Error),
    /// A line's name is invalid: a full load says which line.
    InvalidName,
}

/// A run of chunks, as its thread leaves it.
struct Piece<A> {
    /// The bytes before the run's first newline (all of them if it has
    /// none): the end of a line begun in an earlier run.
    head: Zeroizing<Vec<u8>>,
    /// The whole lines between its first and last newlines, folded; and
    /// the bytes after its last newline (None: no newline).
    lines: std::result::Result<A, Failure>,
    tail: Option<Zeroizing<Vec<u8>>>,
}

/// Chunks per run: a thread hands on one piece per run, so that waking the
/// joining thread costs little beside the work.
const RUN: u64 = 8;

/// Runs in flight per thread.
const IN_FLIGHT: usize = 2;

impl Vault {
    /// Streams every live secret's metadata in name order without keeping
    /// the vault in memory or parsing any version (the fast path of `list`),
    /// each entry folded into an accumulator on the decrypting threads (one
    /// accumulator per run of lines, begun with `A::default()`); `visit`
    /// gets the accumulators in name order.
    pub fn scan_fold<A: Default + Send>(
        path: &Path,
        keys: &super::FileKeys,
        now: Timestamp,
        fold: impl Fn(&mut A, Scanned<'_>) + Sync,
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
        let runs = count.div_ceil(RUN);
        let threads = Decrypting::threads(runs) as u64;
        let lines = Lines::new(now, &fold);
        let outcome = std::thread::scope(|scope| -> Result<Option<Failure>> {
            let mut pieces = Vec::new();
            for j in 0..threads {
                let (to, from) = mpsc::sync_channel(IN_FLIGHT);
                let payload = payload.clone();
                let lines = &lines;
                std::thread::Builder::new()
                    .spawn_scoped(scope, move || {
                        let mut chunk = Zeroizing::new(Vec::with_capacity(SEALED as usize));
                        for run in (j..runs).step_by(threads as usize) {
                            let from = first + run * RUN;
                            let chunks = from..(from + RUN).min(payload.chunks());
                            let piece = lines.run(&payload, chunks, start, &mut chunk);
                            let failed = piece.is_err();
                            if to.send(piece).is_err() || failed {
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
                pieces.push(from);
            }
            // The line that crosses from run to run, joined here.
            let mut carry = Zeroizing::new(Vec::new());
            for k in 0..runs {
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
    versions: Finder<'static>,
    pending: Finder<'static>,
}

impl<'a, F> Lines<'a, F> {
    fn new(now: Timestamp, fold: &'a F) -> Self {
        Lines {
            now,
            fold,
            versions: Finder::new(VERSIONS_FIELD),
            pending: Finder::new(b"\"AWSPENDING\""),
        }
    }

    /// Decrypts a run of chunks into `chunk`, one after the other, and
    /// parses the whole lines in them (those of the payload from `start`
    /// on).
    fn run<A: Default>(
        &self,
        payload: &Arc<Payload>,
        chunks: std::ops::Range<u64>,
        start: u64,
        chunk: &mut Vec<u8>,
    ) -> std::io::Result<Piece<A>>
    where
        F: Fn(&mut A, Scanned<'_>),
    {
        let mut head = Zeroizing::new(Vec::new());
        // From the run's first newline on: the line begun so far.
        let mut tail: Option<Zeroizing<Vec<u8>>> = None;
        let mut lines = Ok(A::default());
        for i in chunks {
            payload.chunk(i, chunk)?;
            let skip = start.saturating_sub(i * CHUNK) as usize;
            let data = &chunk[skip.min(chunk.len())..];
            let (Some(first), Some(last)) =
                (memchr::memchr(b'\n', data), memchr::memrchr(b'\n', data))
            else {
                tail.as_mut().unwrap_or(&mut head).extend_from_slice(data);
                continue;
            };
            match tail.as_mut() {
                None => head.extend_from_slice(&data[..first]),
                Some(line) => {
                    line.extend_from_slice(&data[..first]);
                    self.parse_into(&mut lines, line);
                }
            }
            // Nothing between them when they are the same newline.
            self.parse_into(&mut lines, data.get(first + 1..last).unwrap_or_default());
            let line = tail.get_or_insert_with(Default::default);
            line.clear();
            line.extend_from_slice(&data[last + 1..]);
        }
        Ok(Piece { head, lines, tail })
    }

    /// The entries of whole lines (newline-separated), folded.
    fn parse<A: Default>(&self, lines: &[u8]) -> std::result::Result<A, Failure>
    where
        F: Fn(&mut A, Scanned<'_>),
    {
        let mut folded = Ok(A::default());
        self.parse_into(&mut folded, lines);
        folded
    }

    /// Folds the entries of whole lines into `folded`, unless it failed.
    fn parse_into<A>(&self, folded: &mut std::result::Result<A, Failure>, lines: &[u8])
    where
        F: Fn(&mut A, Scanned<'_>),
    {
        let Ok(into) = folded else {
            return;
        };
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
            let entry = match entry(line, &self.versions, &self.pending, &mut head) {
                Ok(entry) => entry,
                Err(e) => return *folded = Err(Failure::Error(e)),
            };
            if crate::secret::validate_name(entry.name()).is_err() {
                return *folded = Err(Failure::InvalidName);
            }
            // A plain line has no deletion.
            if !matches!(&entry, Scanned::Parsed { secret, .. } if is_gone(secret, self.now)) {
                (self.fold)(into, entry);
            }
        }
    }
}

/// A line's entry, parsing only what comes before its versions.
fn entry<'a>(
    line: &'a [u8],
    versions: &Finder,
    pending: &Finder,
    head: &mut Vec<u8>,
) -> Result<Scanned<'a>> {
    Ok(match versions.find(line) {
        // A JSON string escapes its quotes, so these byte sequences can
        // only be the field itself and a label in a stages array.
        Some(at) => {
            let pending = pending
                .find_iter(&line[at..])
                .any(|i| matches!(line[at + i - 1], b'[' | b','));
            match PlainMeta::read(&line[..at]) {
                Some(meta) => Scanned::Plain { meta, pending },
                None => {
                    head.clear();
                    head.extend_from_slice(&line[..at]);
                    head.push(b'}');
                    let secret = Secret::metadata_from_line(head)?;
                    Scanned::Parsed {
                        secret: Box::new(secret),
                        pending,
                    }
                }
            }
        }
        None => {
            let mut secret = parse_line(line)?;
            let pending = secret.version_with_label(crate::secret::PENDING).is_some();
            secret.versions.clear();
            Scanned::Parsed {
                secret: Box::new(secret),
                pending,
            }
        }
    })
}

/// A position in a line with no escapes.
pub struct Cursor<'a> {
    text: &'a str,
    at: usize,
}

impl<'a> Cursor<'a> {
    fn new(text: &'a str) -> Self {
        Cursor { text, at: 0 }
    }

    fn next_is(&mut self, text: &str) -> bool {
        let found = self.text[self.at..].starts_with(text);
        if found {
            self.at += text.len();
        }
        found
    }

    fn expect(&mut self, text: &str) -> Option<()> {
        self.next_is(text).then_some(())
    }

    /// A JSON string without escapes.
    fn string(&mut self) -> Option<&'a str> {
        self.expect("\"")?;
        // Short strings: a plain loop beats memchr's set-up.
        let len = self.text.as_bytes()[self.at..]
            .iter()
            .position(|&b| b == b'"')?;
        let string = &self.text[self.at..self.at + len];
        self.at += len + 1;
        Some(string)
    }

    /// The next pair of a tag object's inside (checked by `read`).
    fn tag(&mut self) -> Option<(&'a str, &'a str)> {
        let key = self.string()?;
        self.expect(":")?;
        let value = self.string()?;
        self.next_is(",");
        Some((key, value))
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
            let by_serde = Secret::metadata_from_line(&[&line[..cut], b"}"].concat()).unwrap();
            match PlainMeta::read(&line[..cut]) {
                Some(meta) => {
                    // What a listing reads in place is what serde reads.
                    let scanned = Scanned::Plain { meta, pending: false };
                    prop_assert_eq!(scanned.name(), by_serde.name.as_str());
                    prop_assert_eq!(scanned.description(), by_serde.description.as_deref());
                    let tags: Vec<_> = by_serde.tags.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
                    prop_assert_eq!(scanned.tags().collect::<Vec<_>>(), tags);
                    prop_assert_eq!(scanned.changed(), by_serde.changed);
                }
                // Only escapes and rotations go to serde.
                None => prop_assert!(rotation || line[..cut].contains(&b'\\')),
            }
        }
    }

    #[test]
    fn anything_but_arcas_plain_form_goes_to_serde() {
        let plain = br#"{"name":"a","id":"i","created":"2026-01-01T00:00:00Z","changed":"2026-01-01T00:00:00Z""#;
        assert!(PlainMeta::read(plain).is_some());
        for other in [
            &br#"{"name": "a","id":"i","created":"2026-01-01T00:00:00Z","changed":"2026-01-01T00:00:00Z""#[..],
            br#"{"id":"i","name":"a","created":"2026-01-01T00:00:00Z","changed":"2026-01-01T00:00:00Z""#,
            br#"{"name":"a","id":"i","deletion":{"requested":"2026-01-01T00:00:00Z","at":"2026-01-08T00:00:00Z"},"created":"2026-01-01T00:00:00Z","changed":"2026-01-01T00:00:00Z""#,
            br#"{"name":"a","id":"i","tags":{"k":"1","k":"2"},"created":"2026-01-01T00:00:00Z","changed":"2026-01-01T00:00:00Z""#,
            br#"{"name":"a","id":"i","tags":{"k":"1","j":"2"},"created":"2026-01-01T00:00:00Z","changed":"2026-01-01T00:00:00Z""#,
            br#"{"name":"a","id":"i","created":"yesterday","changed":"2026-01-01T00:00:00Z""#,
            br#"{"name":"a","id":"i","created":"2026-01-01T00:00:00+00:00","changed":"2026-01-01T00:00:00Z""#,
            br#"{"name":"a","id":"i","created":"2026-01-01T00:00:00Z","changed":"2026-01-01T00:00:00Z","extra":1"#,
            b"{\"name\":\"a\x01\",\"id\":\"i\",\"created\":\"2026-01-01T00:00:00Z\",\"changed\":\"2026-01-01T00:00:00Z\"",
        ] {
            assert!(PlainMeta::read(other).is_none(), "{}", String::from_utf8_lossy(other));
        }
    }
}
