//! The vault file: its payload format, reading, locking and atomic saving
//! (SPEC §1, §7).
//!
//! The file is an age file. Its plaintext payload is JSON lines: a header
//! line `{"format":1,"recipients":[…]}`, then one line per secret, sorted
//! by name, each beginning with `{"name":"<name>",`. Names need no JSON
//! escaping, so a reader finds a secret by comparing line prefixes while it
//! decrypts, parses only that line, and stops at the first name past it;
//! a writer keeps every other line as it was, unparsed.
//!
//! A write reads the whole payload into one buffer (wiped when dropped) and
//! keeps each untouched secret as a byte range of it, so loading and saving
//! 100,000 secrets costs about one decryption and one encryption, not
//! 100,000 allocations.

use std::collections::BTreeMap;
use std::fs::{self, File};
use std::io::{self, BufRead, BufReader, BufWriter, Read, Seek, Write};
use std::ops::Range;
use std::os::unix::fs::OpenOptionsExt;
use std::path::{Path, PathBuf};
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

/// A secret's line, parsed only when a command needs it.
enum Entry {
    /// Where the line sits in [`Vault::payload`], without its newline.
    Raw(Range<usize>),
    Parsed(Box<Secret>),
}

/// The whole vault in memory, for commands that list or change it.
pub struct Vault {
    pub recipients: Vec<String>,
    /// The decrypted payload as read; raw entries point into it.
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
        // The payload is about as long as the file; reserve it at once so
        // the buffer never moves (a move would leave an unwiped copy).
        let size = fs::metadata(path).map(|m| m.len() as usize).unwrap_or(0);
        let mut payload = Zeroizing::new(Vec::with_capacity(size + (1 << 16)));
        reader.read_rest(&mut payload)?;
        let mut vault = Vault {
            recipients: reader.header.recipients.clone(),
            payload: Zeroizing::new(Vec::new()),
            entries: BTreeMap::new(),
            now,
            dirty: false,
        };
        let mut start = 0;
        while start < payload.len() {
            let end = memchr::memchr(b'\n', &payload[start..]).map_or(payload.len(), |i| start + i);
            let line = &payload[start..end];
            let range = start..end;
            start = end + 1;
            if line.is_empty() {
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
                        vault.dirty = true;
                        continue;
                    }
                    (secret.name.clone(), Entry::Parsed(Box::new(secret)))
                }
            };
            vault.entries.insert(name, entry);
        }
        vault.payload = payload;
        Ok(vault)
    }

    /// Finds one secret without loading the rest: decrypts only up to its
    /// line. A secret past its deletion date is not found.
    pub fn find(
        path: &Path,
        identities: &[Box<dyn Identity>],
        name: &str,
        now: Timestamp,
    ) -> Result<Option<Secret>> {
        let mut reader = PayloadReader::open(path, identities)?;
        let mut line = Zeroizing::new(Vec::new());
        while reader.read_line(&mut line)? {
            if line.is_empty() {
                continue;
            }
            match line_name(&line) {
                Some(found) if found == name.as_bytes() => {}
                // Lines are sorted: once past the name, it is not there.
                Some(found) if found > name.as_bytes() => {
                    reader.check_end()?;
                    return Ok(None);
                }
                Some(_) => continue,
                None => {
                    let secret = parse_line(&line)?;
                    if secret.name != name {
                        continue;
                    }
                }
            }
            let secret = parse_line(&line)?;
            reader.check_end()?;
            return Ok((!is_gone(&secret, now)).then_some(secret));
        }
        Ok(None)
    }

    /// A secret to read.
    pub fn get(&mut self, name: &str) -> Result<Option<&Secret>> {
        Ok(self.parsed(name)?.map(|s| &*s))
    }

    /// A secret to change; the vault will be saved.
    pub fn get_mut(&mut self, name: &str) -> Result<Option<&mut Secret>> {
        if self.entries.contains_key(name) {
            self.dirty = true;
        }
        self.parsed(name)
    }

    fn parsed(&mut self, name: &str) -> Result<Option<&mut Secret>> {
        let Some(entry) = self.entries.get_mut(name) else {
            return Ok(None);
        };
        if let Entry::Raw(range) = entry {
            *entry = Entry::Parsed(Box::new(parse_line(&self.payload[range.clone()])?));
        }
        match entry {
            Entry::Parsed(secret) => Ok(Some(secret)),
            Entry::Raw(_) => unreachable!("parsed above"),
        }
    }

    /// Every secret, parsed, in name order.
    pub fn secrets(&mut self) -> Result<Vec<&Secret>> {
        for entry in self.entries.values_mut() {
            if let Entry::Raw(range) = entry {
                *entry = Entry::Parsed(Box::new(parse_line(&self.payload[range.clone()])?));
            }
        }
        Ok(self
            .entries
            .values()
            .map(|entry| match entry {
                Entry::Parsed(secret) => &**secret,
                Entry::Raw(_) => unreachable!("parsed above"),
            })
            .collect())
    }

    pub fn insert(&mut self, secret: Secret) {
        self.dirty = true;
        self.entries
            .insert(secret.name.clone(), Entry::Parsed(Box::new(secret)));
    }

    pub fn remove(&mut self, name: &str) {
        if self.entries.remove(name).is_some() {
            self.dirty = true;
        }
    }

    /// Whether anything changed since loading (including expired secrets dropped).
    pub fn is_dirty(&self) -> bool {
        self.dirty
    }

    pub fn now(&self) -> Timestamp {
        self.now
    }

    /// Encrypts to the vault's recipients and replaces `path` atomically:
    /// a temp file beside it (ciphertext only), fsync, rename, fsync of the
    /// folder. On any failure the old file is untouched.
    pub fn save(&self, path: &Path) -> Result<()> {
        let recipients = keys::parse_recipients(&self.recipients)?;
        let encryptor = age::Encryptor::with_recipients(recipients.iter().map(|r| r.as_ref() as _))
            .context("encrypting the vault")?;
        paths::create_parent_dir(path)?;
        let dir = path.parent().unwrap_or(Path::new(""));
        remove_stale_temps(path);
        let tmp = temp_path(path);
        let file = paths::create_private_file(&tmp)
            .with_context(|| format!("creating {}", tmp.display()))?;
        let written = (|| -> io::Result<()> {
            let mut out = encryptor.wrap_output(BufWriter::with_capacity(1 << 16, &file))?;
            let header = Header {
                format: FORMAT,
                recipients: self.recipients.clone(),
            };
            serde_json::to_writer(&mut out, &header)?;
            out.write_all(b"\n")?;
            let mut buf = Zeroizing::new(Vec::new());
            for entry in self.entries.values() {
                match entry {
                    Entry::Raw(range) => out.write_all(&self.payload[range.clone()])?,
                    Entry::Parsed(secret) => {
                        buf.clear();
                        serde_json::to_writer(&mut *buf, secret)?;
                        out.write_all(&buf)?;
                    }
                }
                out.write_all(b"\n")?;
            }
            out.finish()?.flush()?;
            file.sync_all()?;
            fs::rename(&tmp, path)?;
            paths::sync_dir(dir)
        })();
        if let Err(e) = written {
            let _ = fs::remove_file(&tmp);
            return Err(e).with_context(|| format!("writing the vault {}", path.display()));
        }
        Ok(())
    }
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

/// Removes temp files that writers killed mid-save left beside the vault.
/// Saves happen under the vault lock, so no other writer is using one now.
/// (They hold ciphertext only; this is tidiness, not secrecy.)
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

fn parse_line(line: &[u8]) -> Result<Secret> {
    // serde_json's message can quote the input, so it is not passed on.
    serde_json::from_slice(line).map_err(|e| {
        error::vault(format!(
            "the vault holds a malformed secret entry (line column {})",
            e.column()
        ))
        .hint("restore the vault from a backup, or inspect it with 'age -d'")
        .into()
    })
}

/// Decrypts a vault file as a stream of lines.
struct PayloadReader {
    header: Header,
    lines: BufReader<age::stream::StreamReader<BufReader<File>>>,
}

impl PayloadReader {
    fn open(path: &Path, identities: &[Box<dyn Identity>]) -> Result<PayloadReader> {
        let file = File::open(path).map_err(|e| {
            if e.kind() == io::ErrorKind::NotFound {
                error::vault(format!("no vault at {}", path.display()))
                    .hint("run 'arca init' to create one, or point --vault / ARCA_VAULT at yours")
            } else {
                error::vault(format!("cannot open the vault {}: {e}", path.display()))
            }
        })?;
        let decryptor =
            age::Decryptor::new_buffered(BufReader::new(file)).map_err(|e| unopenable(path, &e))?;
        let stream = decryptor
            .decrypt(identities.iter().map(|i| i.as_ref() as &dyn Identity))
            .map_err(|e| unopenable(path, &e))?;
        let mut reader = PayloadReader {
            header: Header {
                format: 0,
                recipients: Vec::new(),
            },
            lines: BufReader::with_capacity(1 << 16, stream),
        };
        let bad_header = || {
            error::vault(format!(
                "{} is not an arca vault (no payload header)",
                path.display()
            ))
        };
        let mut line = Zeroizing::new(Vec::new());
        if !reader.read_line(&mut line)? {
            return Err(bad_header().into());
        }
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

    /// The next line, without its newline, into `line` (cleared first,
    /// so one buffer serves every line); false at the end.
    fn read_line(&mut self, line: &mut Zeroizing<Vec<u8>>) -> Result<bool> {
        line.clear();
        let n = self.lines.read_until(b'\n', line).map_err(corrupt)?;
        if n == 0 {
            return Ok(false);
        }
        if line.last() == Some(&b'\n') {
            line.pop();
        }
        Ok(true)
    }

    /// Checks that the file ends where its writer ended it, without reading
    /// the rest: age authenticates the last chunk as the last one, so a
    /// truncated vault is refused even when the line sought came earlier.
    /// (Chunks in between are not read; each one is authenticated on its
    /// own, so what was read is genuine.)
    fn check_end(&mut self) -> Result<()> {
        self.lines
            .get_mut()
            .seek(io::SeekFrom::End(0))
            .map_err(corrupt)?;
        Ok(())
    }

    /// Everything after the header, appended to `buf`.
    fn read_rest(&mut self, buf: &mut Zeroizing<Vec<u8>>) -> Result<()> {
        self.lines.read_to_end(buf).map_err(corrupt)?;
        Ok(())
    }
}

fn corrupt(e: io::Error) -> anyhow::Error {
    error::vault(format!("the vault is corrupt or truncated ({e})"))
        .hint("restore it from a backup; the file was not changed")
        .into()
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
        let deadline = Instant::now() + timeout;
        loop {
            match file.try_lock() {
                Ok(()) => return Ok(Lock { _file: file }),
                Err(fs::TryLockError::WouldBlock) if Instant::now() < deadline => {
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
