//! The vault file: its payload format, reading, locking and atomic saving
//! (SPEC §1, §7).
//!
//! The file is an age file. Its plaintext payload is JSON lines: a header
//! line `{"format":1,"recipients":[…]}`, then one line per secret, sorted
//! by name, each beginning with `{"name":"<name>",`. Names need no JSON
//! escaping, so a reader finds a secret by comparing line prefixes while it
//! decrypts, parses only that line, and stops at the first name past it;
//! a writer keeps every other line as it was, unparsed.

use std::collections::BTreeMap;
use std::fs::{self, File};
use std::io::{self, BufRead, BufReader, BufWriter, Read, Write};
use std::ops::Range;
use std::os::unix::fs::OpenOptionsExt;
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use age::Identity;
use anyhow::{Context, Result};
use jiff::Timestamp;
use serde::{Deserialize, Serialize};
use zeroize::Zeroizing;

use crate::error::{self, ArcaError, Exit};
use crate::secret::Secret;
use crate::{keys, paths};

/// The payload format this build reads and writes.
pub const FORMAT: u32 = 1;
const LINE_PREFIX: &[u8] = b"{\"name\":\"";
const DEFAULT_LOCK_TIMEOUT: Duration = Duration::from_secs(10);

#[derive(Serialize, Deserialize)]
struct Header {
    format: u32,
    recipients: Vec<String>,
}

/// A secret's line, parsed only when a command needs it. Lines are byte
/// ranges (without the newline) of [`Vault::payload`].
enum Entry {
    Raw(Range<usize>),
    /// Parsed, with the line it came from (None for a new secret), so that
    /// saving can tell whether anything really changed.
    Parsed(Box<Secret>, Option<Range<usize>>),
}

/// A secret's metadata for a listing: everything but its versions, and
/// whether one of them is AWSPENDING.
pub struct Listing {
    /// `versions` is empty here.
    pub secret: Secret,
    pub pending: bool,
}

/// The whole vault in memory, for commands that list or change it.
pub struct Vault {
    pub recipients: Vec<String>,
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
            payload: Zeroizing::new(Vec::new()),
            entries: BTreeMap::new(),
            now,
            dirty: true,
        }
    }

    /// Reads every line of the vault, parsing none but those of secrets
    /// scheduled for deletion, and drops those whose date has passed.
    pub fn load(path: &Path, identities: &[Box<dyn Identity>], now: Timestamp) -> Result<Vault> {
        let mut reader = PayloadReader::open(path, identities)?;
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
        while start < payload.len() {
            let end = memchr::memchr(b'\n', &payload[start..]).map_or(payload.len(), |i| start + i);
            let range = start..end;
            start = end + 1;
            let line = &payload[range.clone()];
            // A blank line (say, left by a hand edit) holds nothing.
            if line.iter().all(u8::is_ascii_whitespace) {
                continue;
            }
            let (name, entry) = match line_name(line) {
                // Only a line that has a deletion date can have expired.
                Some(name) if find(line, b"\"deletion\":").is_none() => (
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
            if entries.insert(name.clone(), entry).is_some() {
                return Err(twice(&name).into());
            }
        }
        Ok(Vault {
            recipients: reader.header.recipients,
            payload,
            entries,
            now,
            dirty,
        })
    }

    /// Finds one secret without loading the rest: decrypts up to its line,
    /// parses only that line, and checks that the file is whole. A secret
    /// past its deletion date is not found.
    pub fn find(
        path: &Path,
        identities: &[Box<dyn Identity>],
        name: &str,
        now: Timestamp,
    ) -> Result<Option<Secret>> {
        let mut reader = PayloadReader::open(path, identities)?;
        // Every secret line follows a newline and begins with its name, so
        // one substring search over the plaintext finds it, without
        // splitting the other lines.
        let needle = format!("\n{{\"name\":\"{name}\"");
        let finder = memchr::memmem::Finder::new(needle.as_bytes());
        // Starts with the newline that ended the header line.
        let mut window = Zeroizing::new(b"\n".to_vec());
        let line = loop {
            let buf = reader.lines.fill_buf().map_err(|e| corrupt(&e))?;
            if buf.is_empty() {
                reader.check_end()?;
                return Ok(None);
            }
            let searched = window.len().saturating_sub(needle.len() - 1);
            window.extend_from_slice(buf);
            let n = buf.len();
            reader.lines.consume(n);
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
                break line;
            }
            // Keep only what could be the start of a match.
            let keep = window.len().saturating_sub(needle.len() - 1);
            window.drain(..keep);
        };
        let secret = parse_line(&line)?;
        reader.check_end()?;
        Ok((!is_gone(&secret, now)).then_some(secret))
    }

    /// Streams every live secret's metadata in name order without keeping
    /// the vault in memory or parsing any version: the fast path of `list`.
    pub fn scan(
        path: &Path,
        identities: &[Box<dyn Identity>],
        now: Timestamp,
        mut visit: impl FnMut(Listing),
    ) -> Result<()> {
        let mut reader = PayloadReader::open(path, identities)?;
        let versions_field = memchr::memmem::Finder::new(VERSIONS_FIELD);
        let pending_label = memchr::memmem::Finder::new(b"\"AWSPENDING\"");
        let mut line = Zeroizing::new(Vec::new());
        while reader.read_line(&mut line)? {
            let listing = match versions_field.find(&line) {
                // A JSON string escapes its quotes, so these byte sequences
                // can only be the field itself and a label in a stages array.
                Some(at) => {
                    let pending = pending_label
                        .find_iter(&line[at..])
                        .any(|i| matches!(line[at + i - 1], b'[' | b','));
                    line.truncate(at);
                    line.push(b'}');
                    Listing {
                        secret: Secret::metadata_from_line(&line)?,
                        pending,
                    }
                }
                None => {
                    let mut secret = parse_line(&line)?;
                    let pending = secret.version_with_label(crate::secret::PENDING).is_some();
                    secret.versions.clear();
                    Listing { secret, pending }
                }
            };
            if !is_gone(&listing.secret, now) {
                visit(listing);
            }
        }
        Ok(())
    }

    /// The secret a NAME argument names: a name, or an id (which must match).
    pub fn by_name_or_id(&mut self, name_or_id: &str) -> Result<Option<&mut Secret>> {
        let name = crate::secret::name_of(name_or_id);
        Ok(self
            .parsed(name)?
            .filter(|s| s.name == name_or_id || s.id == name_or_id))
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
        let encryptor = encryptor(&self.recipients)?;
        let temp = TempFile::create(path)?;
        let written = (|| -> io::Result<()> {
            let mut out = encryptor.wrap_output(BufWriter::with_capacity(1 << 16, &temp.file))?;
            write_header(&mut out, &self.recipients)?;
            for entry in self.entries.values() {
                match entry {
                    Entry::Raw(line) => out.write_all(&self.payload[line.clone()])?,
                    Entry::Parsed(secret, _) => out.write_all(&serialize(secret)?)?,
                }
                out.write_all(b"\n")?;
            }
            out.finish()?.flush()
        })();
        written
            .and_then(|()| temp.commit(path))
            .with_context(|| format!("writing the vault {}", path.display()))
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
        let result = change(&mut slot)?;
        match slot {
            Some(secret) => {
                check_slot_name(&secret, name)?;
                // Keeps the line it was read from: unchanged, it is not saved.
                self.dirty |= original.is_none();
                self.entries
                    .insert(name.to_owned(), Entry::Parsed(Box::new(secret), original));
            }
            None => self.dirty |= existed,
        }
        Ok(result)
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
        identities: &[Box<dyn Identity>],
        now: Timestamp,
        name: &str,
        change: &mut dyn FnMut(&mut Option<Secret>) -> Result<T>,
    ) -> Result<Option<T>> {
        let mut reader = PayloadReader::open(path, identities)?;
        let recipients = std::mem::take(&mut reader.header.recipients);
        // Recipients it cannot encrypt to: the full path reports that after
        // its checks of the payload, as for any change.
        let Ok(encryptor) = encryptor(&recipients) else {
            return Ok(None);
        };
        let temp = TempFile::create(path)?;
        let writing = |e: io::Error| {
            anyhow::Error::new(e).context(format!("writing the vault {}", path.display()))
        };
        // The thread writes through its own handle; `temp` keeps the path.
        let file = temp.file.try_clone().map_err(writing)?;
        let mut out = Encrypting::spawn(encryptor, file);
        write_header(&mut out, &recipients).map_err(writing)?;
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
            let Some(line_name) = line_name(&line) else {
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
        reader.check_end()?;
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
            temp.commit(path).map_err(writing)?;
        }
        Ok(Some(result))
    }
}

/// The state of a streamed rewrite (see [`Vault::rewrite_one`]).
struct Stream<'a, W: Write> {
    out: W,
    /// The name of the secret to change.
    name: &'a [u8],
    /// The name on the last line read, to check the order (names are not
    /// secret: `list` shows them).
    previous: Vec<u8>,
    /// Whether the new payload differs from the old.
    changed: bool,
}

impl<W: Write> Stream<'_, W> {
    /// Whether `name` comes after the line before it; the same name twice
    /// is an error, as when loading.
    fn in_order(&mut self, name: &[u8]) -> Result<bool> {
        if !self.previous.is_empty() && name <= &self.previous[..] {
            if name == &self.previous[..] {
                return Err(twice(&String::from_utf8_lossy(name)).into());
            }
            return Ok(false);
        }
        self.previous.clear();
        self.previous.extend_from_slice(name);
        Ok(true)
    }

    fn copy(&mut self, line: &[u8]) -> io::Result<()> {
        self.out.write_all(line)?;
        self.out.write_all(b"\n")
    }

    /// Runs the change on the secret's line (None: no such secret) and
    /// writes what it leaves. The closure's error is returned inside, to
    /// count only once the rest of the payload has been checked.
    fn apply<T>(
        &mut self,
        line: Option<&[u8]>,
        change: &mut dyn FnMut(&mut Option<Secret>) -> Result<T>,
    ) -> Result<Result<T>> {
        let mut slot = line.map(parse_line).transpose()?;
        let result = change(&mut slot);
        if result.is_err() {
            return Ok(result);
        }
        let name = String::from_utf8_lossy(self.name);
        let edited = match &slot {
            Some(secret) => {
                check_slot_name(secret, &name)?;
                Some(serialize(secret)?)
            }
            None => None,
        };
        if edited.as_deref().map(|e| &e[..]) != line {
            self.changed = true;
        }
        if let Some(edited) = edited {
            self.copy(&edited)?;
        }
        Ok(result)
    }
}

/// A new vault file encrypted on a thread of its own, so that encryption
/// runs beside decryption: plaintext is handed over in chunks (each wiped
/// when dropped), at most a few in flight.
struct Encrypting {
    /// Closed without the end mark, the thread stops without finishing.
    chunks: Option<mpsc::SyncSender<Zeroizing<Vec<u8>>>>,
    /// Written chunks come back for reuse.
    spent: mpsc::Receiver<Zeroizing<Vec<u8>>>,
    chunk: Zeroizing<Vec<u8>>,
    thread: Option<std::thread::JoinHandle<io::Result<()>>>,
}

impl Encrypting {
    const CHUNK: usize = 1 << 16;
    const IN_FLIGHT: usize = 4;

    fn spawn(encryptor: age::Encryptor, file: File) -> Encrypting {
        let (chunks, received) = mpsc::sync_channel::<Zeroizing<Vec<u8>>>(Self::IN_FLIGHT);
        let (reuse, spent) = mpsc::channel();
        let thread = std::thread::spawn(move || {
            let mut out = encryptor.wrap_output(BufWriter::with_capacity(1 << 16, file))?;
            for chunk in received {
                // An empty chunk marks the end.
                if chunk.is_empty() {
                    return out.finish()?.flush();
                }
                out.write_all(&chunk)?;
                let _ = reuse.send(chunk);
            }
            Err(io::Error::other("the write was abandoned"))
        });
        Encrypting {
            chunks: Some(chunks),
            spent,
            chunk: Zeroizing::new(Vec::with_capacity(Self::CHUNK)),
            thread: Some(thread),
        }
    }

    /// Hands the current chunk to the thread (empty: the end mark).
    fn send(&mut self) -> io::Result<()> {
        let next = self
            .spent
            .try_recv()
            .unwrap_or_else(|_| Zeroizing::new(Vec::with_capacity(Self::CHUNK)));
        let chunk = std::mem::replace(&mut self.chunk, next);
        self.chunk.clear();
        let sent = self.chunks.as_ref().map(|c| c.send(chunk));
        match sent {
            Some(Ok(())) => Ok(()),
            // The thread stopped: its error says why.
            _ => self
                .join()
                .and(Err(io::Error::other("the encryption thread stopped"))),
        }
    }

    fn join(&mut self) -> io::Result<()> {
        self.chunks = None;
        match self.thread.take().map(|t| t.join()) {
            Some(Ok(result)) => result,
            Some(Err(_)) => Err(io::Error::other("the encryption thread panicked")),
            None => Ok(()),
        }
    }

    /// Ends the age stream and waits until all of it is written.
    fn finish(mut self) -> io::Result<()> {
        if !self.chunk.is_empty() {
            self.send()?;
        }
        self.send()?;
        self.join()
    }
}

impl Write for Encrypting {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let n = buf.len().min(Self::CHUNK - self.chunk.len());
        self.chunk.extend_from_slice(&buf[..n]);
        if self.chunk.len() == Self::CHUNK {
            self.send()?;
        }
        Ok(n)
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

impl Drop for Encrypting {
    /// An abandoned write stops the thread before the temp file goes.
    fn drop(&mut self) {
        let _ = self.join();
    }
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

fn twice(name: &str) -> ArcaError {
    error::vault(format!("the vault holds the secret '{name}' twice"))
        .hint("keep one of the two lines (inspect the payload with 'age -d')")
}

/// An encryptor to the vault's recipients.
fn encryptor(recipients: &[String]) -> Result<age::Encryptor> {
    let recipients = keys::parse_recipients(recipients)?;
    age::Encryptor::with_recipients(recipients.iter().map(|r| r.as_ref() as _))
        .context("encrypting the vault")
}

/// The payload's first line.
fn write_header(out: &mut impl Write, recipients: &[String]) -> io::Result<()> {
    let header = Header {
        format: FORMAT,
        recipients: recipients.to_vec(),
    };
    serde_json::to_writer(&mut *out, &header)?;
    out.write_all(b"\n")
}

/// The new vault file while it is written, beside the old one (ciphertext
/// only); removed when dropped uncommitted, so a failure leaves nothing.
struct TempFile {
    path: PathBuf,
    file: File,
    committed: bool,
}

impl TempFile {
    fn create(vault: &Path) -> Result<TempFile> {
        paths::create_parent_dir(vault)?;
        remove_stale_temps(vault);
        let path = temp_path(vault);
        let file = paths::create_private_file(&path)
            .with_context(|| format!("creating {}", path.display()))?;
        Ok(TempFile {
            path,
            file,
            committed: false,
        })
    }

    /// Replaces the vault: fsync, rename, fsync of the folder, so that the
    /// new file is whole on disk before its name points at it.
    fn commit(mut self, vault: &Path) -> io::Result<()> {
        self.file.sync_all()?;
        fs::rename(&self.path, vault)?;
        self.committed = true;
        paths::sync_dir(vault.parent().unwrap_or(Path::new("")))
    }
}

impl Drop for TempFile {
    fn drop(&mut self) {
        if !self.committed {
            let _ = fs::remove_file(&self.path);
        }
    }
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

/// A secret's line (without the newline), in a buffer wiped on drop.
fn serialize(secret: &Secret) -> io::Result<Zeroizing<Vec<u8>>> {
    let mut buf = Zeroizing::new(Vec::new());
    serde_json::to_writer(&mut *buf, secret)?;
    Ok(buf)
}

fn temp_path(path: &Path) -> PathBuf {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "vault".into());
    path.with_file_name(format!(
        ".{name}.tmp-{}-{}",
        std::process::id(),
        crate::password::random_from(b"abcdefghijklmnopqrstuvwxyz0123456789", 8)
    ))
}

/// Temp files of writers killed mid-save hold only ciphertext, but clutter:
/// the next writer (under the lock, so none is in use) removes them.
fn remove_stale_temps(path: &Path) {
    let (Some(dir), Some(name)) = (path.parent(), path.file_name()) else {
        return;
    };
    let dir = if dir.as_os_str().is_empty() {
        Path::new(".")
    } else {
        dir
    };
    let prefix = format!(".{}.tmp-", name.to_string_lossy());
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        if entry.file_name().to_string_lossy().starts_with(&prefix) {
            let _ = fs::remove_file(entry.path());
        }
    }
}

fn is_gone(secret: &Secret, now: Timestamp) -> bool {
    secret.deletion.is_some_and(|d| d.at <= now)
}

/// The name at the start of a line written by arca, without parsing it.
fn line_name(line: &[u8]) -> Option<&[u8]> {
    let rest = line.strip_prefix(LINE_PREFIX)?;
    let end = rest.iter().position(|&b| b == b'"' || b == b'\\')?;
    (rest[end] == b'"').then(|| &rest[..end])
}

const VERSIONS_FIELD: &[u8] = b",\"versions\":[";

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    memchr::memmem::find(haystack, needle)
}

fn parse_line(line: &[u8]) -> Result<Secret> {
    Secret::from_line(line)
}

/// Decrypts a vault file as a stream of lines.
struct PayloadReader {
    header: Header,
    lines: BufReader<Decrypting>,
}

/// The plaintext stream of a vault file, seekable: seeking authenticates.
type Plaintext = age::stream::StreamReader<File>;

/// Plaintext from a decryption thread: the second core decrypts the next
/// chunks while this one reads lines, so a read costs about the decryption
/// alone. At most a few chunks are in flight, each wiped when dropped.
struct Decrypting {
    chunks: mpsc::Receiver<io::Result<Zeroizing<Vec<u8>>>>,
    /// The thread's last word: the file ended where its writer ended it.
    whole: mpsc::Receiver<io::Result<()>>,
    /// Read chunks go back to the thread for reuse: no fresh pages per chunk.
    spent: mpsc::Sender<Zeroizing<Vec<u8>>>,
    chunk: Zeroizing<Vec<u8>>,
    at: usize,
}

impl Decrypting {
    const CHUNK: usize = 1 << 16;
    const IN_FLIGHT: usize = 4;

    fn spawn(mut stream: Plaintext) -> Decrypting {
        let (tx, chunks) = mpsc::sync_channel(Self::IN_FLIGHT);
        let (whole_tx, whole) = mpsc::sync_channel(1);
        let (spent, reuse) = mpsc::channel::<Zeroizing<Vec<u8>>>();
        std::thread::spawn(move || loop {
            let mut chunk = reuse
                .try_recv()
                .unwrap_or_else(|_| Zeroizing::new(Vec::with_capacity(Self::CHUNK)));
            chunk.resize(Self::CHUNK, 0);
            let mut filled = 0;
            let read = loop {
                match stream.read(&mut chunk[filled..]) {
                    Ok(0) => break Ok(()),
                    Ok(n) => {
                        filled += n;
                        if filled == chunk.len() {
                            break Ok(());
                        }
                    }
                    Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                    Err(e) => break Err(e),
                }
            };
            chunk.truncate(filled);
            match read {
                Err(e) => {
                    let _ = whole_tx.send(Err(io::Error::new(e.kind(), e.to_string())));
                    let _ = tx.send(Err(e));
                    return;
                }
                Ok(()) if filled < Self::CHUNK => {
                    if filled > 0 {
                        let _ = tx.send(Ok(chunk));
                    }
                    let _ = whole_tx.send(Ok(()));
                    return;
                }
                Ok(()) => {
                    if tx.send(Ok(chunk)).is_err() {
                        // The reader has what it wanted. Seeking to the end
                        // authenticates the last chunk as the last one, so a
                        // truncated vault is refused without decrypting the
                        // chunks in between (each is authenticated on its own).
                        use std::io::Seek;
                        let _ = whole_tx.send(stream.seek(io::SeekFrom::End(0)).map(|_| ()));
                        return;
                    }
                }
            }
        });
        Decrypting {
            chunks,
            whole,
            spent,
            chunk: Zeroizing::new(Vec::new()),
            at: 0,
        }
    }

    /// Stops decrypting and reports whether the file is whole.
    fn check_end(self) -> io::Result<()> {
        drop(self.chunks);
        self.whole.recv().unwrap_or(Ok(()))
    }
}

impl Read for Decrypting {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if self.at == self.chunk.len() {
            match self.chunks.recv() {
                Ok(Ok(chunk)) => {
                    let spent = std::mem::replace(&mut self.chunk, chunk);
                    let _ = self.spent.send(spent);
                    self.at = 0;
                }
                Ok(Err(e)) => return Err(e),
                // The thread is done: end of the payload.
                Err(_) => return Ok(0),
            }
        }
        let n = buf.len().min(self.chunk.len() - self.at);
        buf[..n].copy_from_slice(&self.chunk[self.at..self.at + n]);
        self.at += n;
        Ok(n)
    }
}

impl PayloadReader {
    /// Opens a vault; the payload is decrypted on a second thread as it is read.
    fn open(path: &Path, identities: &[Box<dyn Identity>]) -> Result<PayloadReader> {
        let stream = Decrypting::spawn(decrypt(path, identities)?);
        PayloadReader::new(BufReader::with_capacity(1 << 16, stream), path)
    }

    /// Ends a read that may have stopped early, checking that the file is
    /// whole (not truncated).
    fn check_end(self) -> Result<()> {
        Ok(self
            .lines
            .into_inner()
            .check_end()
            .map_err(|e| corrupt(&e))?)
    }
}

/// Opens and decrypts a vault file: the header and identity check happen
/// here, the payload as it is read.
fn decrypt(path: &Path, identities: &[Box<dyn Identity>]) -> Result<Plaintext> {
    let file = File::open(path).map_err(|e| {
        if e.kind() == io::ErrorKind::NotFound {
            error::vault(format!("no vault at {}", path.display()))
                .hint("run 'arca init' to create one, or point --vault / ARCA_VAULT at yours")
        } else {
            error::vault(format!("cannot open the vault {}: {e}", path.display()))
        }
    })?;
    // Unbuffered: the payload is read straight into age's chunk buffer (the
    // header parser reads no further than the header either way).
    let decryptor = age::Decryptor::new(file).map_err(|e| unopenable(path, &e))?;
    Ok(decryptor
        .decrypt(identities.iter().map(|i| i.as_ref() as &dyn Identity))
        .map_err(|e| unopenable(path, &e))?)
}

impl PayloadReader {
    /// Reads and checks the header line.
    fn new(lines: BufReader<Decrypting>, path: &Path) -> Result<PayloadReader> {
        let mut reader = PayloadReader {
            header: Header {
                format: 0,
                recipients: Vec::new(),
            },
            lines,
        };
        let bad_header = || {
            error::vault(format!(
                "{} is not an arca vault (no payload header)",
                path.display()
            ))
        };
        let line = reader.next_line()?.ok_or_else(bad_header)?;
        let header: serde_json::Value = serde_json::from_slice(&line).map_err(|_| bad_header())?;
        match header.get("format").and_then(|f| f.as_u64()) {
            Some(f) if f == u64::from(FORMAT) => {}
            Some(f) => {
                return Err(error::vault(format!(
                    "the vault uses payload format {f}; this arca reads format {FORMAT}"
                ))
                .hint("upgrade arca")
                .into())
            }
            None => return Err(bad_header().into()),
        }
        reader.header = serde_json::from_value(header).map_err(|_| bad_header())?;
        Ok(reader)
    }

    /// The next line without its newline; None at the end.
    fn next_line(&mut self) -> Result<Option<Zeroizing<Vec<u8>>>> {
        let mut line = Zeroizing::new(Vec::new());
        Ok(self.read_line(&mut line)?.then_some(line))
    }

    /// Reads the next non-blank line into `line` (cleared first, no
    /// newline); false at the end.
    fn read_line(&mut self, line: &mut Vec<u8>) -> Result<bool> {
        loop {
            // Clearing keeps the capacity; the buffer is zeroized on drop.
            line.clear();
            let n = self
                .lines
                .read_until(b'\n', line)
                .map_err(|e| corrupt(&e))?;
            if n == 0 {
                return Ok(false);
            }
            if line.last() == Some(&b'\n') {
                line.pop();
            }
            // A blank line (say, left by a hand edit) holds nothing.
            if !line.iter().all(u8::is_ascii_whitespace) {
                return Ok(true);
            }
        }
    }
}

fn corrupt(e: &io::Error) -> ArcaError {
    error::vault(format!("the vault is corrupt or truncated ({e})"))
        .hint("restore it from a backup; the file was not changed")
}

fn unopenable(path: &Path, e: &age::DecryptError) -> ArcaError {
    use age::DecryptError as D;
    let what = path.display();
    match e {
        D::NoMatchingKeys => error::vault(format!("none of your identities can open {what}")).hint(
            "use the identity the vault was encrypted to (--identity, ARCA_IDENTITY or ARCA_KEY)",
        ),
        D::KeyDecryptionFailed => error::vault(format!(
            "cannot unlock the identity for {what}: wrong passphrase?"
        )),
        D::InvalidHeader | D::UnknownFormat | D::InvalidMac | D::DecryptionFailed => error::vault(
            format!("{what} is not a readable age file: corrupt, truncated or not a vault"),
        )
        .hint("restore it from a backup; the file was not changed"),
        D::Io(io) if io.kind() == io::ErrorKind::UnexpectedEof => {
            error::vault(format!("{what} is truncated"))
                .hint("restore it from a backup; the file was not changed")
        }
        other => error::vault(format!("cannot open {what}: {other}")),
    }
}

/// The exclusive lock every read-modify-write holds: `flock` on
/// `<vault>.lock`, waited for up to `ARCA_LOCK_TIMEOUT`.
pub struct Lock {
    _file: File,
}

impl Lock {
    pub fn acquire(vault: &Path) -> Result<Lock> {
        let timeout = match std::env::var("ARCA_LOCK_TIMEOUT") {
            Ok(text) => crate::schedule::parse_duration(&text)
                .map_err(|e| error::usage(format!("ARCA_LOCK_TIMEOUT: {e}")))?,
            Err(_) => DEFAULT_LOCK_TIMEOUT,
        };
        paths::create_parent_dir(vault)?;
        let mut name = vault.as_os_str().to_owned();
        name.push(".lock");
        let path = PathBuf::from(name);
        let file = fs::OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .mode(0o600)
            .open(&path)
            .with_context(|| format!("opening the lock file {}", path.display()))?;
        let deadline = deadline_after(timeout);
        loop {
            match file.try_lock() {
                Ok(()) => return Ok(Lock { _file: file }),
                Err(fs::TryLockError::WouldBlock) if !passed(deadline) => {
                    std::thread::sleep(Duration::from_millis(5))
                }
                Err(fs::TryLockError::WouldBlock) => {
                    return Err(ArcaError::new(
                        Exit::Busy,
                        format!("the vault is busy: another arca holds {}", path.display()),
                    )
                    .hint("retry, or wait longer with ARCA_LOCK_TIMEOUT=30s")
                    .into())
                }
                Err(fs::TryLockError::Error(e)) => {
                    return Err(e).with_context(|| format!("locking {}", path.display()))
                }
            }
        }
    }
}

/// When a wait of `timeout` from now ends; None for a wait too long to
/// represent, which never ends.
pub fn deadline_after(timeout: Duration) -> Option<Instant> {
    Instant::now().checked_add(timeout)
}

pub fn passed(deadline: Option<Instant>) -> bool {
    deadline.is_some_and(|d| Instant::now() >= d)
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
