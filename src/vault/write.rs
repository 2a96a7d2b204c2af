//! Writing a vault file: the streamed rewrite of one secret, the payload
//! with its index, encryption on a thread of its own, and the temp file
//! that replaces the vault atomically.

use std::collections::BTreeMap;
use std::fs::{self, File};
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::mpsc;

use age_core::format::FileKey;
use anyhow::{Context, Result};
use zeroize::Zeroizing;

use super::filekey::{index_tag, recording_encryptor};
use super::stream::{Sealer, CHUNK, SEALED};
use super::{check_slot_name, index, parse_line, twice, Header, FORMAT, FORMAT_CONFLICTS};
use crate::merge::Conflict;
use crate::secret::Secret;
use crate::{agent, keys, paths};

/// The state of a streamed rewrite (see [`Vault::rewrite_one`]).
pub(super) struct Stream<'a> {
    pub(super) out: PayloadWriter,
    /// The name of the secret to change.
    pub(super) name: &'a [u8],
    /// The name on the last line read, to check the order (names are not
    /// secret: `list` shows them).
    pub(super) previous: Vec<u8>,
    /// Whether the new payload differs from the old.
    pub(super) changed: bool,
}

impl Stream<'_> {
    /// Whether `name` comes after the line before it; the same name twice
    /// is an error, as when loading.
    pub(super) fn in_order(&mut self, name: &[u8]) -> Result<bool> {
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

    pub(super) fn copy(&mut self, line: &[u8]) -> io::Result<()> {
        self.out.line(line)
    }

    /// Runs the change on the secret's line (None: no such secret) and
    /// writes what it leaves. The closure's error is returned inside, to
    /// count only once the rest of the payload has been checked.
    pub(super) fn apply<T>(
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
/// runs beside decryption: plaintext is handed over in chunks of exactly
/// `CHUNK` bytes but for the last (each wiped when dropped), at most a few
/// in flight, and sealed in place (`stream.rs`).
struct Encrypting {
    /// Closed without the end mark, the thread stops without finishing.
    chunks: Option<mpsc::SyncSender<Zeroizing<Vec<u8>>>>,
    /// Written chunks come back for reuse.
    spent: mpsc::Receiver<Zeroizing<Vec<u8>>>,
    chunk: Zeroizing<Vec<u8>>,
    thread: Option<std::thread::JoinHandle<io::Result<()>>>,
}

impl Encrypting {
    const CHUNK: usize = CHUNK as usize;
    const IN_FLIGHT: usize = 4;

    /// A buffer for a chunk, with room for its tag: sealing in place never
    /// moves (and leaves behind) the plaintext.
    fn buffer() -> Zeroizing<Vec<u8>> {
        Zeroizing::new(Vec::with_capacity(SEALED as usize))
    }

    /// Fails (nothing written yet) when no thread can be started, say under
    /// a limit on processes: an error, not a panic.
    fn spawn(encryptor: age::Encryptor, key: &FileKey, mut file: File) -> io::Result<Encrypting> {
        let (head, mut sealer) = Sealer::start(encryptor, key)?;
        let (chunks, received) = mpsc::sync_channel::<Zeroizing<Vec<u8>>>(Self::IN_FLIGHT);
        let (reuse, spent) = mpsc::channel();
        let thread = crate::threads::spawn(move || {
            file.write_all(&head)?;
            let mut writeback = Writeback::default();
            // The chunk received last: sealed once it is known whether
            // another follows (the last one is marked as such).
            let mut pending: Option<Zeroizing<Vec<u8>>> = None;
            for chunk in received {
                // An empty chunk marks the end.
                if chunk.is_empty() {
                    let mut last = pending.take().unwrap_or_else(Self::buffer);
                    sealer.seal(&mut last, true)?;
                    return file.write_all(&last);
                }
                if let Some(mut full) = pending.replace(chunk) {
                    if full.len() != Self::CHUNK {
                        return Err(io::Error::other(
                            "internal error: a short chunk before the last",
                        ));
                    }
                    sealer.seal(&mut full, false)?;
                    file.write_all(&full)?;
                    writeback.wrote(&file, full.len());
                    full.clear();
                    let _ = reuse.send(full);
                }
            }
            Err(io::Error::other("the write was abandoned"))
        })?;
        Ok(Encrypting {
            chunks: Some(chunks),
            spent,
            chunk: Self::buffer(),
            thread: Some(thread),
        })
    }

    /// Hands the current chunk to the thread (empty: the end mark).
    fn send(&mut self) -> io::Result<()> {
        let next = self.spent.try_recv().unwrap_or_else(|_| Self::buffer());
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

/// Disk writes started as the file is written, so that the fsync before
/// the rename has little left to wait for (at 1,000,000 secrets, 700 MB).
/// Best effort: the fsync is what makes the file durable.
#[derive(Default)]
struct Writeback {
    written: u64,
    started: u64,
}

impl Writeback {
    /// Every 8 MiB.
    const EVERY: u64 = 8 << 20;

    fn wrote(&mut self, file: &File, n: usize) {
        self.written += n as u64;
        if self.written - self.started < Self::EVERY {
            return;
        }
        #[cfg(target_os = "linux")]
        {
            use std::os::fd::AsRawFd;
            let (Ok(offset), Ok(len)) = (
                i64::try_from(self.started),
                i64::try_from(self.written - self.started),
            ) else {
                return;
            };
            // SAFETY: sync_file_range takes an open descriptor and plain
            // integers, and touches no memory of ours. Only starts writing.
            unsafe {
                libc::sync_file_range(file.as_raw_fd(), offset, len, libc::SYNC_FILE_RANGE_WRITE);
            }
        }
        self.started = self.written;
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

/// An encryptor to the vault's recipients, and its file key (to seal the
/// payload with, and tag the index with).
/// With it, the new file key to hand the agent (if one is in use) once the
/// file is written.
pub(super) fn encryptor(
    recipients: &[String],
) -> Result<((age::Encryptor, FileKey), agent::Written)> {
    let (recipients, new_key) = agent::capture(keys::parse_recipients(recipients)?);
    let encrypting = recording_encryptor(recipients.iter().map(|r| r.as_ref() as _))
        .context("encrypting the vault")?;
    Ok((encrypting, new_key))
}

/// A payload as it is written: the header line, the secrets' lines in name
/// order, then the index of where they begin (`index.rs`), encrypted on a
/// thread of its own.
pub(super) struct PayloadWriter {
    out: Encrypting,
    /// Bytes of plaintext written so far.
    written: u64,
    index: index::Builder,
    tag: [u8; 32],
}

impl PayloadWriter {
    /// Starts a payload to these recipients with its header line.
    pub(super) fn start(
        (encryptor, key): (age::Encryptor, FileKey),
        file: File,
        recipients: &[String],
        labels: &BTreeMap<String, String>,
        conflicts: &[Conflict],
    ) -> io::Result<PayloadWriter> {
        let mut writer = PayloadWriter {
            out: Encrypting::spawn(encryptor, &key, file)?,
            written: 0,
            index: index::Builder::default(),
            tag: index_tag(&key),
        };
        let mut header = serde_json::to_vec(&Header {
            // Format 2 only while merge conflicts are recorded.
            format: match conflicts.is_empty() {
                true => FORMAT,
                false => FORMAT_CONFLICTS,
            },
            recipients: recipients.to_vec(),
            labels: labels.clone(),
            conflicts: conflicts.to_vec(),
        })?;
        header.push(b'\n');
        writer.write(&header)?;
        Ok(writer)
    }

    /// Writes a secret's line (given without its newline).
    pub(super) fn line(&mut self, line: &[u8]) -> io::Result<()> {
        self.index.line(self.written, line);
        self.write(line)?;
        self.write(b"\n")
    }

    fn write(&mut self, bytes: &[u8]) -> io::Result<()> {
        self.out.write_all(bytes)?;
        self.written += bytes.len() as u64;
        Ok(())
    }

    /// Writes the index, ends the age stream and waits until all of it is
    /// written.
    pub(super) fn finish(mut self) -> io::Result<()> {
        let index = std::mem::take(&mut self.index);
        let trailer = index.trailer(self.written, &self.tag)?;
        self.out.write_all(&trailer)?;
        self.out.finish()
    }
}

/// The new vault file while it is written, beside the old one (ciphertext
/// only); removed when dropped uncommitted, so a failure leaves nothing.
pub(super) struct TempFile {
    path: PathBuf,
    pub(super) file: File,
    committed: bool,
}

impl TempFile {
    pub(super) fn create(vault: &Path) -> Result<TempFile> {
        paths::create_parent_dir(vault)?;
        paths::remove_temps_of(vault);
        let path = temp_path(vault);
        let file = paths::create_private_file(&path)
            .with_context(|| format!("creating {}", path.display()))?;
        Ok(TempFile {
            path,
            file,
            committed: false,
        })
    }

    /// Gives the new file the old vault's mode, owner and group, so that a
    /// write (say, by root) does not lock a shared vault's owner out. What
    /// cannot be kept (another owner, for a writer that is not root) is a
    /// warning: the group and mode still are.
    fn keep_access_of(&self, vault: &Path) -> io::Result<()> {
        use std::os::unix::fs::{fchown, MetadataExt, PermissionsExt};
        let Ok(old) = fs::metadata(vault) else {
            return Ok(());
        };
        let new = self.file.metadata()?;
        if (old.uid(), old.gid()) != (new.uid(), new.gid())
            && fchown(&self.file, Some(old.uid()), Some(old.gid())).is_err()
        {
            let group = fchown(&self.file, None, Some(old.gid())).is_ok();
            crate::output::warning(&format!(
                "{} belonged to uid {} gid {}; it now belongs to uid {} gid {} (only root can give a file away)",
                vault.display(),
                old.uid(),
                old.gid(),
                new.uid(),
                if group { old.gid() } else { new.gid() },
            ));
        }
        // After chown, which clears the set-id bits.
        let mode = old.permissions().mode() & 0o7777;
        self.file.set_permissions(fs::Permissions::from_mode(mode))
    }

    /// Replaces the vault: fsync, rename, fsync of the folder, so that the
    /// new file is whole on disk before its name points at it. Once renamed,
    /// the change is in the vault: a failed sync of the folder is a warning,
    /// not a failure (a retry would apply the change twice).
    pub(super) fn commit(mut self, vault: &Path) -> io::Result<()> {
        self.keep_access_of(vault)?;
        self.file.sync_all()?;
        fs::rename(&self.path, vault)?;
        self.committed = true;
        crate::verbose!("vault: saved {}", vault.display());
        if let Err(e) = paths::sync_dir(vault.parent().unwrap_or(Path::new(""))) {
            crate::output::warning(&format!(
                "{} is saved, but syncing its folder to disk failed ({e}); a crash now could lose this change",
                vault.display()
            ));
        }
        Ok(())
    }
}

impl Drop for TempFile {
    fn drop(&mut self) {
        if !self.committed {
            let _ = fs::remove_file(&self.path);
        }
    }
}

/// A secret's line (without the newline), in a buffer wiped on drop.
pub(super) fn serialize(secret: &Secret) -> io::Result<Zeroizing<Vec<u8>>> {
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
