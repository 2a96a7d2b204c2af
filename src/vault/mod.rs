//! The vault file: its payload format, reading, locking and atomic saving
//! (SPEC §1, §7).
//!
//! The file is an age file. Its plaintext payload is JSON lines: a header
//! line `{"format":1,"recipients":[…]}` (plus `"labels":{"<recipient>":
//! "<label>"}` once a recipient has a label: a field an older arca
//! ignores), then one line per secret, sorted by name, each beginning with
//! `{"name":"<name>",`, versions last, then an index trailer (`index.rs`).
//! `get` reads the index from the last chunk and decrypts only the chunk of
//! its name; without an index to believe, it finds its line with one
//! substring search (names need no JSON escaping) and stops there.
//! Whole-payload reads decrypt on every core (`read.rs`); `list` parses only
//! what comes before each line's versions, on every core (`listing.rs`); a write to one secret streams
//! every other line through unparsed (`write.rs`).

mod cache;
mod filekey;
mod held;
mod index;
mod listing;
mod lock;
mod read;
mod stream;
mod write;

use std::collections::BTreeMap;
use std::fs;
use std::io::{self, BufRead, Read};
use std::ops::Range;
use std::path::Path;

use anyhow::Result;
use jiff::Timestamp;
use serde::{Deserialize, Serialize};
use zeroize::Zeroizing;

use crate::error::{self, ArcaError};
use crate::merge::{Conflict, Snapshot, Stored};
use crate::secret::Secret;

pub use cache::Cache;
pub use filekey::FileKeys;
pub use held::Held;
use index::{is_trailer, Lookup};
pub use listing::Scanned;
pub use lock::{deadline_after, passed, Lock};
use read::{corrupt, PayloadReader};
use write::{encryptor, serialize, PayloadWriter, Stream, TempFile};

/// The payload format this build writes when no merge conflict is recorded.
pub const FORMAT: u32 = 1;
/// The format of a payload whose header records merge conflicts: format 1
/// plus `conflicts`. An arca that reads only format 1 refuses it (and asks
/// to be upgraded) rather than ignore the record and drop it on its next
/// write.
pub const FORMAT_CONFLICTS: u32 = 2;
const LINE_PREFIX: &[u8] = b"{\"name\":\"";

#[derive(Serialize, Deserialize)]
struct Header {
    format: u32,
    recipients: Vec<String>,
    /// Names people gave recipients (`recipients add --label`), by recipient.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    labels: BTreeMap<String, String>,
    /// Merge conflicts not yet resolved: format 2 only.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    conflicts: Vec<Conflict>,
}

/// A secret's line, parsed only when a command needs it. Lines are byte
/// ranges (without the newline) of [`Vault::payload`].
#[derive(Clone)]
enum Entry {
    Raw(Range<usize>),
    /// Parsed, with the line it came from (None for a new secret), so that
    /// saving can tell whether anything really changed.
    Parsed(Box<Secret>, Option<Range<usize>>),
}

/// The whole vault in memory, for commands that list or change it.
/// A clone is a whole copy (the payload too, wiped when dropped): what a
/// [`Held`] vault goes back to when a change to it fails.
#[derive(Clone)]
pub struct Vault {
    pub recipients: Vec<String>,
    /// Merge conflicts recorded and not yet resolved (`arca conflicts`).
    pub conflicts: Vec<Conflict>,
    /// Recipient → label; only recipients of this vault.
    pub labels: BTreeMap<String, String>,
    /// The decrypted payload as read: one buffer, wiped when dropped, so
    /// that loading 100,000 secrets is not 100,000 allocations.
    payload: Zeroizing<Vec<u8>>,
    entries: BTreeMap<String, Entry>,
    now: Timestamp,
    dirty: bool,
}

impl Vault {
    pub fn new(recipients: Vec<String>, now: Timestamp) -> Vault {
        Vault {
            recipients,
            conflicts: Vec::new(),
            labels: BTreeMap::new(),
            payload: Zeroizing::new(Vec::new()),
            entries: BTreeMap::new(),
            now,
            dirty: true,
        }
    }

    /// Reads every line of the vault, parsing none but those of secrets
    /// scheduled for deletion, and drops those whose date has passed.
    pub fn load(path: &Path, keys: &FileKeys, now: Timestamp) -> Result<Vault> {
        let mut reader = PayloadReader::open(path, keys)?;
        // The payload is about as long as the file: reserved at once, the
        // buffer never moves (a move would leave an unwiped copy behind).
        let size = fs::metadata(path).map_or(0, |m| m.len() as usize);
        let mut payload = Zeroizing::new(Vec::with_capacity(size + (1 << 16)));
        reader
            .lines
            .read_to_end(&mut payload)
            .map_err(|e| corrupt(&e))?;
        let mut entries = BTreeMap::new();
        let mut dirty = false;
        let mut start = 0;
        // The header is line 1.
        let mut number = 1;
        while start < payload.len() {
            number += 1;
            let end = memchr::memchr(b'\n', &payload[start..]).map_or(payload.len(), |i| start + i);
            let range = start..end;
            start = end + 1;
            let line = &payload[range.clone()];
            // A blank line (say, left by a hand edit) holds nothing, nor
            // does the index (written again by a save).
            if line.iter().all(u8::is_ascii_whitespace) || is_trailer(line) {
                continue;
            }
            let (name, entry) = match line_name(line) {
                // Only a line that has a deletion date can have expired.
                Some(name) if memchr::memmem::find(line, b"\"deletion\":").is_none() => (
                    String::from_utf8_lossy(name).into_owned(),
                    Entry::Raw(range),
                ),
                _ => {
                    let secret = parse_line(line)?;
                    if is_gone(&secret, now) {
                        dirty = true;
                        continue;
                    }
                    (
                        secret.name.clone(),
                        Entry::Parsed(Box::new(secret), Some(range)),
                    )
                }
            };
            check_name(&name, number)?;
            if entries.insert(name.clone(), entry).is_some() {
                return Err(twice(&name).into());
            }
        }
        Ok(Vault {
            recipients: reader.header.recipients,
            conflicts: reader.header.conflicts,
            labels: reader.header.labels,
            payload,
            entries,
            now,
            dirty,
        })
    }

    /// Finds one secret without loading the rest: through the index,
    /// decrypting the chunk of its line (and the first and last), or else by
    /// a scan that decrypts up to its line. A secret past its deletion date
    /// is not found. The file's length is authenticated either way. The
    /// names passed on the way go to `nearest`, for a "did you mean" on a
    /// miss. Also returns the merge conflicts recorded on that secret.
    pub fn find_with_conflicts(
        path: &Path,
        keys: &FileKeys,
        name: &str,
        now: Timestamp,
        nearest: &mut crate::suggest::Nearest,
    ) -> Result<(Option<Secret>, Vec<Conflict>)> {
        let mut reader = PayloadReader::open_seeking(path, keys)?;
        let conflicts: Vec<Conflict> = std::mem::take(&mut reader.header.conflicts)
            .into_iter()
            .filter(|c| c.secret == name)
            .collect();
        let line = match index::lookup(&mut reader, name.as_bytes(), nearest)? {
            Lookup::Found(line) => line,
            Lookup::Missing => return Ok((None, Vec::new())),
            Lookup::Unknown => match Self::search(path, keys, name, nearest)? {
                Some(line) => line,
                None => {
                    let found = Self::find_loaded(path, keys, name, now)?;
                    let conflicts = if found.is_some() {
                        conflicts
                    } else {
                        Vec::new()
                    };
                    return Ok((found, conflicts));
                }
            },
        };
        let secret = parse_line(&line)?;
        Ok(match is_gone(&secret, now) {
            true => (None, Vec::new()),
            false => (Some(secret), conflicts),
        })
    }

    /// The line of the secret named `name`, found by decrypting from the
    /// start and stopping there.
    fn search(
        path: &Path,
        keys: &FileKeys,
        name: &str,
        nearest: &mut crate::suggest::Nearest,
    ) -> Result<Option<Zeroizing<Vec<u8>>>> {
        let mut reader = PayloadReader::open(path, keys)?;
        // Every secret line follows a newline and begins with its name, so
        // one substring search over the plaintext finds it, without
        // splitting the other lines.
        let needle = format!("\n{{\"name\":\"{name}\"");
        let finder = memchr::memmem::Finder::new(needle.as_bytes());
        // Starts with the newline that ended the header line.
        let mut window = Zeroizing::new(b"\n".to_vec());
        loop {
            let buf = reader.lines.fill_buf().map_err(|e| corrupt(&e))?;
            if buf.is_empty() {
                return Ok(None);
            }
            let searched = window.len().saturating_sub(needle.len() - 1);
            window.extend_from_slice(buf);
            let n = buf.len();
            reader.lines.consume(n);
            nearest.scan(&window[searched..]);
            if let Some(at) = finder.find(&window[searched..]) {
                let mut line = Zeroizing::new(window[searched + at + 1..].to_vec());
                match memchr::memchr(b'\n', &line) {
                    Some(end) => line.truncate(end),
                    None => {
                        reader
                            .lines
                            .read_until(b'\n', &mut line)
                            .map_err(|e| corrupt(&e))?;
                        if line.last() == Some(&b'\n') {
                            line.pop();
                        }
                    }
                }
                return Ok(Some(line));
            }
            // Keep only what could be the start of a match.
            let keep = window.len().saturating_sub(needle.len() - 1);
            window.drain(..keep);
        }
    }

    /// The merge conflicts recorded in a vault: reads only its header.
    pub fn recorded_conflicts(path: &Path, keys: &FileKeys) -> Result<Vec<Conflict>> {
        let reader = PayloadReader::open(path, keys)?;
        let conflicts = reader.header.conflicts.clone();
        drop(reader);
        Ok(conflicts)
    }

    /// Every secret, parsed and owned, for a merge.
    pub fn into_snapshot(mut self) -> Result<Snapshot> {
        let mut secrets = BTreeMap::new();
        for (name, entry) in &self.entries {
            let stored = match entry {
                Entry::Raw(line) => {
                    Stored::from_line(Zeroizing::new(self.payload[line.clone()].to_vec()))
                }
                Entry::Parsed(secret, _) => Stored::from_secret((**secret).clone())?,
            };
            secrets.insert(name.clone(), stored);
        }
        Ok(Snapshot {
            recipients: std::mem::take(&mut self.recipients),
            labels: std::mem::take(&mut self.labels),
            secrets,
            conflicts: std::mem::take(&mut self.conflicts),
        })
    }

    /// A vault holding a merge's result, to be saved.
    /// The lines are written as they are, as any write copies the lines it
    /// does not change.
    pub fn from_snapshot(snapshot: Snapshot, now: Timestamp) -> Vault {
        let mut vault = Vault::new(snapshot.recipients, now);
        vault.labels = snapshot.labels;
        vault.conflicts = snapshot.conflicts;
        let size = snapshot.secrets.values().map(|s| s.line().len() + 1).sum();
        vault.payload = Zeroizing::new(Vec::with_capacity(size));
        for (name, stored) in snapshot.secrets {
            let start = vault.payload.len();
            vault.payload.extend_from_slice(stored.line());
            vault
                .entries
                .insert(name, Entry::Raw(start..vault.payload.len()));
        }
        vault
    }

    /// [`Vault::find`] for a secret whose line the substring search cannot
    /// see: written by another tool as valid JSON but not in arca's compact
    /// form (`{"name": "a", …`), or with its name escaped (`a\/b`). Every
    /// read must find what `list` shows; this costs a full load, and only
    /// when the fast search found nothing.
    fn find_loaded(
        path: &Path,
        keys: &FileKeys,
        name: &str,
        now: Timestamp,
    ) -> Result<Option<Secret>> {
        let mut vault = Vault::load(path, keys, now)?;
        match vault.entries.remove(name) {
            Some(entry) => Ok(Some(*entry.into_parsed(&vault.payload)?.0)),
            None => Ok(None),
        }
    }

    /// The secret a NAME argument names: a name, or an id (which must match).
    pub fn by_name_or_id(&mut self, name_or_id: &str) -> Result<Option<&mut Secret>> {
        let name = crate::secret::name_of(name_or_id);
        Ok(self.parsed(name)?.filter(|s| s.is_named(name_or_id)))
    }

    /// One secret, parsed on its own, leaving the vault as it is (None if
    /// there is none, or its deletion date has passed).
    pub fn get(&self, name: &str, now: Timestamp) -> Result<Option<Secret>> {
        match self.entries.get(name) {
            None => Ok(None),
            Some(Entry::Raw(range)) => {
                let secret = parse_line(&self.payload[range.clone()])?;
                Ok((!is_gone(&secret, now)).then_some(secret))
            }
            Some(Entry::Parsed(secret, _)) => {
                Ok((!is_gone(secret, now)).then(|| (**secret).clone()))
            }
        }
    }

    fn parsed(&mut self, name: &str) -> Result<Option<&mut Secret>> {
        let Some(entry) = self.entries.get_mut(name) else {
            return Ok(None);
        };
        entry.parse(&self.payload)?;
        match entry {
            Entry::Parsed(secret, _) => Ok(Some(secret)),
            Entry::Raw(_) => unreachable!("parsed above"),
        }
    }

    /// Every secret's name, in order, without parsing a line.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.entries.keys().map(String::as_str)
    }

    /// Every secret, parsed, in name order.
    pub fn secrets(&mut self) -> Result<Vec<&Secret>> {
        for entry in self.entries.values_mut() {
            entry.parse(&self.payload)?;
        }
        Ok(self
            .entries
            .values()
            .map(|entry| match entry {
                Entry::Parsed(secret, _) => &**secret,
                Entry::Raw(_) => unreachable!("parsed above"),
            })
            .collect())
    }

    /// The secrets whose names come after `after` (before it, with
    /// `descending`), in name order (reversed), each parsed when reached: a
    /// page of a listing by name reads no more than it shows.
    pub fn secrets_by_name<'v>(
        &'v mut self,
        after: Option<&str>,
        descending: bool,
    ) -> Box<dyn Iterator<Item = Result<&'v Secret>> + 'v> {
        use std::ops::Bound::{Excluded, Unbounded};
        let bounds = match (after, descending) {
            (None, _) => (Unbounded, Unbounded),
            (Some(name), false) => (Excluded(name), Unbounded),
            (Some(name), true) => (Unbounded, Excluded(name)),
        };
        let payload = &self.payload;
        let range = self.entries.range_mut::<str, _>(bounds);
        let parsed = move |(_, entry): (&String, &'v mut Entry)| -> Result<&'v Secret> {
            entry.parse(payload)?;
            match entry {
                Entry::Parsed(secret, _) => Ok(&**secret),
                Entry::Raw(_) => unreachable!("parsed above"),
            }
        };
        match descending {
            false => Box::new(range.map(parsed)),
            true => Box::new(range.rev().map(parsed)),
        }
    }

    /// The secrets that carry the tag `key`, with its value; lines
    /// without the key's text are not parsed.
    pub fn tagged(&self, key: &str) -> Result<Vec<(String, String)>> {
        let needle = serde_json::to_vec(key)?;
        let finder = memchr::memmem::Finder::new(&needle);
        let mut found = Vec::new();
        for (name, entry) in &self.entries {
            let secret = match entry {
                Entry::Raw(range) if finder.find(&self.payload[range.clone()]).is_none() => {
                    continue
                }
                Entry::Raw(range) => parse_line(&self.payload[range.clone()])?,
                Entry::Parsed(secret, _) => (**secret).clone(),
            };
            if let Some(value) = secret.tags.get(key) {
                found.push((name.clone(), value.clone()));
            }
        }
        Ok(found)
    }

    /// Whether the secret named `name` was changed, added or removed since
    /// the vault was loaded.
    pub fn changed_since_load(&self, name: &str) -> Result<bool> {
        Ok(match self.entries.get(name) {
            None => true,
            Some(Entry::Raw(_)) => false,
            Some(Entry::Parsed(_, None)) => true,
            Some(Entry::Parsed(secret, Some(original))) => {
                *serialize(secret)? != self.payload[original.clone()]
            }
        })
    }

    pub fn insert(&mut self, secret: Secret) {
        self.dirty = true;
        self.entries
            .insert(secret.name.clone(), Entry::Parsed(Box::new(secret), None));
    }

    /// Saves even though no secret changed (the recipients did).
    pub fn mark_dirty(&mut self) {
        self.dirty = true;
    }

    /// Whether anything changed since loading: a secret added, removed or
    /// edited, expired secrets dropped, or the recipients changed. A command
    /// that changes nothing writes nothing.
    pub fn is_dirty(&self) -> Result<bool> {
        if self.dirty {
            return Ok(true);
        }
        for entry in self.entries.values() {
            if let Entry::Parsed(secret, Some(original)) = entry {
                if *serialize(secret)? != self.payload[original.clone()] {
                    return Ok(true);
                }
            }
        }
        Ok(false)
    }

    pub fn now(&self) -> Timestamp {
        self.now
    }

    /// Encrypts to the vault's recipients and replaces `path` atomically:
    /// a temp file beside it (ciphertext only), fsync, rename, fsync of the
    /// folder. On any failure the old file is untouched.
    pub fn save(&self, path: &Path) -> Result<()> {
        let temp = TempFile::create(path)?;
        let writing = |e| write_failed(path, e);
        let file = temp.file.try_clone().map_err(writing)?;
        let (encryptor, new_key) = encryptor(&self.recipients)?;
        let written = (|| -> io::Result<PayloadWriter> {
            let mut out = PayloadWriter::start(
                encryptor,
                file,
                &self.recipients,
                &self.labels,
                &self.conflicts,
            )?;
            for entry in self.entries.values() {
                match entry {
                    Entry::Raw(line) => out.line(&self.payload[line.clone()])?,
                    Entry::Parsed(secret, _) => out.line(&serialize(secret)?)?,
                }
            }
            Ok(out)
        })();
        written
            .and_then(PayloadWriter::finish)
            .and_then(|()| {
                // Known to the agent before any reader can see the file.
                new_key.register();
                temp.commit(path)
            })
            .map_err(writing)
    }

    /// Hands the secret named `name` (None if there is none) to `change`,
    /// which may edit, add (Some) or remove (None) it; for a vault that
    /// [`Vault::rewrite_one`] cannot stream.
    pub fn change_one<T>(
        &mut self,
        name: &str,
        change: impl FnOnce(&mut Option<Secret>) -> Result<T>,
    ) -> Result<T> {
        let (mut slot, original) = match self.entries.remove(name) {
            Some(entry) => {
                let (secret, original) = entry.into_parsed(&self.payload)?;
                (Some(*secret), original)
            }
            None => (None, None),
        };
        let existed = slot.is_some();
        let before = slot.clone();
        let outcome = change(&mut slot).and_then(|result| {
            slot.as_ref().map_or(Ok(()), |s| check_slot_name(s, name))?;
            Ok(result)
        });
        // A failed change leaves the secret as it was: a vault held for a
        // run of changes (`Held`) outlives it.
        if outcome.is_err() {
            slot = before;
        }
        match slot {
            Some(secret) => {
                // Keeps the line it was read from: unchanged, it is not saved.
                self.dirty |= original.is_none();
                self.entries
                    .insert(name.to_owned(), Entry::Parsed(Box::new(secret), original));
            }
            None => self.dirty |= existed,
        }
        outcome
    }

    /// A change to one secret, streamed: decrypts the vault on one thread
    /// while this one copies the other lines unparsed into a new encrypted
    /// file, parsing only the line of the secret named `name` (and those with
    /// a deletion date, to purge the expired). `change` gets that secret or
    /// None, and may edit, add or remove it (see [`Vault::change_one`]).
    /// Saved as [`Vault::save`] does, only if something changed.
    ///
    /// None when the payload is not sorted by name (a hand edit), has a
    /// line that does not begin with its name, or its recipients are bad:
    /// the caller then loads the whole vault, and calls `change` again.
    pub fn rewrite_one<T>(
        path: &Path,
        keys: &FileKeys,
        now: Timestamp,
        name: &str,
        change: &mut dyn FnMut(&mut Option<Secret>) -> Result<T>,
    ) -> Result<Option<T>> {
        let mut reader = PayloadReader::open(path, keys)?;
        let recipients = std::mem::take(&mut reader.header.recipients);
        let conflicts = std::mem::take(&mut reader.header.conflicts);
        let labels = std::mem::take(&mut reader.header.labels);
        // Recipients it cannot encrypt to: the full path reports that after
        // its checks of the payload, as for any change.
        let Ok((encryptor, new_key)) = encryptor(&recipients) else {
            return Ok(None);
        };
        let temp = TempFile::create(path)?;
        let writing = |e| write_failed(path, e);
        // The thread writes through its own handle; `temp` keeps the path.
        let file = temp.file.try_clone().map_err(writing)?;
        let out = PayloadWriter::start(encryptor, file, &recipients, &labels, &conflicts)
            .map_err(writing)?;
        let mut stream = Stream {
            out,
            name: name.as_bytes(),
            previous: Vec::new(),
            changed: false,
        };
        // The closure's outcome: None until the secret's position is reached.
        let mut outcome = None;
        let deletion = memchr::memmem::Finder::new(b"\"deletion\":");
        let mut line = Zeroizing::new(Vec::new());
        while reader.read_line(&mut line)? {
            // Load reports an invalid name, with its line.
            let Some(line_name) = line_name(&line).filter(|n| valid_name(n)) else {
                return Ok(None);
            };
            // Only a line that has a deletion date can have expired.
            if deletion.find(&line).is_some() && is_gone(&parse_line(&line)?, now) {
                stream.changed = true;
                continue;
            }
            if !stream.in_order(line_name)? {
                return Ok(None);
            }
            if outcome.is_none() && line_name >= stream.name {
                let found = line_name == stream.name;
                outcome = Some(stream.apply(found.then_some(&line[..]), change)?);
                if found {
                    continue;
                }
            }
            stream.copy(&line).map_err(writing)?;
        }
        let outcome = match outcome {
            Some(outcome) => outcome,
            None => stream.apply(None, change)?,
        };
        // Only now, with the whole payload read and in order, does the
        // closure's answer count (it saw the right secret, or rightly none).
        let result = outcome?;
        let Stream { out, changed, .. } = stream;
        if changed {
            out.finish().map_err(writing)?;
            new_key.register();
            temp.commit(path).map_err(writing)?;
        }
        Ok(Some(result))
    }
}

fn write_failed(path: &Path, e: io::Error) -> anyhow::Error {
    anyhow::Error::new(e).context(format!("writing the vault {}", path.display()))
}

/// A change to one secret must not rename it: it would belong elsewhere.
fn check_slot_name(secret: &Secret, name: &str) -> Result<()> {
    anyhow::ensure!(
        secret.name == name,
        "internal error: a change to '{name}' renamed it '{}'",
        secret.name
    );
    Ok(())
}

/// Names come from a payload that someone else may have written (another
/// recipient, a hand edit): checked as the command line's are, so that none
/// carries escape sequences or a newline to a terminal or a pipe.
fn check_name(name: &str, line: usize) -> Result<()> {
    crate::secret::validate_name(name).map_err(|e| {
        error::vault(format!(
            "line {line} of the vault's payload has an invalid secret name: {e}"
        ))
        .hint("fix or remove that line (inspect the payload with 'age -d')")
        .into()
    })
}

fn valid_name(name: &[u8]) -> bool {
    std::str::from_utf8(name).is_ok_and(|n| crate::secret::validate_name(n).is_ok())
}

fn twice(name: &str) -> ArcaError {
    error::vault(format!("the vault holds the secret '{name}' twice"))
        .hint("keep one of the two lines (inspect the payload with 'age -d')")
}

impl Entry {
    fn into_parsed(self, payload: &[u8]) -> Result<(Box<Secret>, Option<Range<usize>>)> {
        match self {
            Entry::Raw(line) => Ok((Box::new(parse_line(&payload[line.clone()])?), Some(line))),
            Entry::Parsed(secret, line) => Ok((secret, line)),
        }
    }

    fn parse(&mut self, payload: &[u8]) -> Result<()> {
        if let Entry::Raw(line) = self {
            let secret = parse_line(&payload[line.clone()])?;
            *self = Entry::Parsed(Box::new(secret), Some(line.clone()));
        }
        Ok(())
    }
}

/// A secret's line as the agent's cached vault gives it: parsed, and not
/// found if past its deletion date, as [`Vault::find`] does.
pub fn secret_from_line(line: &[u8], now: Timestamp) -> Result<Option<Secret>> {
    let secret = parse_line(line)?;
    Ok((!is_gone(&secret, now)).then_some(secret))
}

fn is_gone(secret: &Secret, now: Timestamp) -> bool {
    secret.deletion.is_some_and(|d| d.at <= now)
}

/// The name at the start of a line written by arca, without parsing it.
pub(crate) fn line_name(line: &[u8]) -> Option<&[u8]> {
    let rest = line.strip_prefix(LINE_PREFIX)?;
    let end = rest.iter().position(|&b| b == b'"' || b == b'\\')?;
    (rest[end] == b'"').then(|| &rest[..end])
}

const VERSIONS_FIELD: &[u8] = b",\"versions\":[";

fn parse_line(line: &[u8]) -> Result<Secret> {
    Secret::from_line(line)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_names_are_read_from_the_prefix() {
        assert_eq!(line_name(br#"{"name":"a/b","id":"x"}"#), Some(&b"a/b"[..]));
        assert_eq!(line_name(br#"{"id":"x","name":"a"}"#), None);
        assert_eq!(line_name(br#"{"name":"a\"b"}"#), None);
    }
}
