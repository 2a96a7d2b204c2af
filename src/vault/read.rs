//! Reading a vault file: decryption over every core, the header line, and
//! the errors of a vault that cannot be read.

use std::fs::File;
use std::io::{self, BufRead, BufReader, Read, Seek, SeekFrom};
use std::os::unix::fs::FileExt;
use std::path::Path;
use std::sync::{mpsc, Arc};

use age::Identity;
use anyhow::Result;
use zeroize::Zeroizing;

use super::filekey::{index_tag, FileKeys};
use super::{Header, FORMAT};
use crate::error::{self, ArcaError};

/// Decrypts a vault file as a stream of lines: `R` is [`Decrypting`] for a
/// read from the start, [`Seeking`] for one that seeks.
pub(super) struct PayloadReader<R = Decrypting> {
    pub(super) header: Header,
    pub(super) lines: R,
    /// The length of the plaintext, authenticated when the file was opened:
    /// its last chunk decrypted as the last one, so a truncated vault is
    /// refused before anything is read.
    pub(super) len: u64,
    /// The tag of this encryption's file key (see [`index_tag`]).
    pub(super) tag: [u8; 32],
}

/// The plaintext stream of a vault file, seekable: each 64 KiB chunk is
/// authenticated on its own as it is decrypted.
pub(super) type Plaintext = age::stream::StreamReader<Positioned>;

/// The vault file as one decryptor reads it: the file opened once and
/// shared, read at this reader's own position (`pread`). So every reader of
/// a command reads the same file, even if a writer renames a new vault over
/// the path meanwhile.
pub(super) struct Positioned {
    file: Arc<File>,
    at: u64,
}

impl Read for Positioned {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.file.read_at(buf, self.at)?;
        self.at += n as u64;
        Ok(n)
    }
}

impl Seek for Positioned {
    fn seek(&mut self, to: SeekFrom) -> io::Result<u64> {
        let (base, offset) = match to {
            SeekFrom::Start(at) => (at, 0),
            SeekFrom::Current(offset) => (self.at, offset),
            SeekFrom::End(offset) => (self.file.metadata()?.len(), offset),
        };
        self.at = base
            .checked_add_signed(offset)
            .ok_or_else(|| io::Error::new(io::ErrorKind::InvalidInput, "seek out of the file"))?;
        Ok(self.at)
    }
}

/// Plaintext read by seeking, a line at a time.
pub(super) type Seeking = BufReader<Plaintext>;

/// The plaintext size of one STREAM chunk.
pub(super) const CHUNK: u64 = 1 << 16;

/// Plaintext decrypted by one thread per core: reader `j` of `n` decrypts
/// chunks `j`, `j + n`, … (each opened its own decryptor over the file, with
/// the file key unwrapped once), and the chunks are read back in order. At
/// most a few chunks per thread are in flight, each wiped when dropped.
pub(super) struct Decrypting {
    chunks: Vec<mpsc::Receiver<io::Result<Zeroizing<Vec<u8>>>>>,
    /// Read chunks go back to their thread for reuse: no fresh pages per chunk.
    spent: Vec<mpsc::Sender<Zeroizing<Vec<u8>>>>,
    /// The index of the next chunk to read, and how many there are.
    next: u64,
    count: u64,
    chunk: Zeroizing<Vec<u8>>,
    at: usize,
}

impl Decrypting {
    const IN_FLIGHT: usize = 4;
    /// More threads than this gain nothing on a file of this kind.
    const MAX_THREADS: usize = 8;

    /// How many threads decrypt a payload of `len` bytes: one per core,
    /// no more than it has chunks.
    pub(super) fn threads(len: u64) -> usize {
        let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
        let chunks = usize::try_from(len.div_ceil(CHUNK)).unwrap_or(usize::MAX);
        cores.min(Self::MAX_THREADS).min(chunks).max(1)
    }

    /// Decrypts the `len` bytes of plaintext with these readers, one thread
    /// each; fails when a thread cannot be started (an error, not a panic).
    pub(super) fn spawn(readers: Vec<Plaintext>, len: u64) -> io::Result<Decrypting> {
        let n = readers.len().max(1) as u64;
        let count = len.div_ceil(CHUNK);
        let mut chunks = Vec::new();
        let mut spent = Vec::new();
        for (j, mut stream) in (0..).zip(readers) {
            let (tx, rx) = mpsc::sync_channel(Self::IN_FLIGHT);
            let (spent_tx, reuse) = mpsc::channel::<Zeroizing<Vec<u8>>>();
            chunks.push(rx);
            spent.push(spent_tx);
            crate::threads::spawn(move || {
                let mut index = j;
                while index < count {
                    let mut chunk = reuse
                        .try_recv()
                        .unwrap_or_else(|_| Zeroizing::new(Vec::with_capacity(CHUNK as usize)));
                    let start = index * CHUNK;
                    let size = CHUNK.min(len - start) as usize;
                    chunk.resize(size, 0);
                    let read = stream
                        .seek(SeekFrom::Start(start))
                        .and_then(|_| stream.read_exact(&mut chunk));
                    let failed = read.is_err();
                    if tx.send(read.map(|()| chunk)).is_err() || failed {
                        // The reader has what it wanted, or an error to report.
                        return;
                    }
                    index += n;
                }
            })?;
        }
        Ok(Decrypting {
            chunks,
            spent,
            next: 0,
            count,
            chunk: Zeroizing::new(Vec::new()),
            at: 0,
        })
    }
}

/// Lines are read straight from the decrypted chunks.
impl BufRead for Decrypting {
    fn fill_buf(&mut self) -> io::Result<&[u8]> {
        if self.at == self.chunk.len() {
            if self.next == self.count {
                return Ok(&[]);
            }
            let thread = (self.next % self.chunks.len() as u64) as usize;
            match self.chunks[thread].recv() {
                Ok(Ok(chunk)) => {
                    let spent = std::mem::replace(&mut self.chunk, chunk);
                    let _ = self.spent[thread].send(spent);
                    self.at = 0;
                    self.next += 1;
                }
                Ok(Err(e)) => return Err(e),
                Err(_) => return Err(io::Error::other("a decryption thread stopped")),
            }
        }
        Ok(&self.chunk[self.at..])
    }

    fn consume(&mut self, n: usize) {
        self.at = (self.at + n).min(self.chunk.len());
    }
}

impl Read for Decrypting {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let chunk = self.fill_buf()?;
        let n = buf.len().min(chunk.len());
        buf[..n].copy_from_slice(&chunk[..n]);
        self.consume(n);
        Ok(n)
    }
}

impl PayloadReader {
    /// Opens a vault to read from the start; the payload is decrypted on
    /// one thread per core as it is read.
    pub(super) fn open(path: &Path, keys: &FileKeys) -> Result<PayloadReader> {
        let file = open_file(path, keys)?;
        let (first, len, tag) = open_seekable(&file, path, keys)?;
        let mut readers = vec![first];
        for _ in 1..Decrypting::threads(len) {
            readers.push(open_seekable(&file, path, keys)?.0);
        }
        let stream = Decrypting::spawn(readers, len)
            .map_err(|e| error::vault(format!("cannot read the vault {}: {e}", path.display())))?;
        PayloadReader::new(stream, len, tag, path)
    }
}

impl PayloadReader<Seeking> {
    /// Opens a vault to read what it needs by seeking (see `index.rs`):
    /// chunks are decrypted only as they are read.
    pub(super) fn open_seeking(path: &Path, keys: &FileKeys) -> Result<PayloadReader<Seeking>> {
        let (mut stream, len, tag) = open_seekable(&open_file(path, keys)?, path, keys)?;
        stream.seek(SeekFrom::Start(0)).map_err(|e| corrupt(&e))?;
        PayloadReader::new(BufReader::with_capacity(1 << 16, stream), len, tag, path)
    }

    /// Reads `buf.len()` bytes of plaintext from `at`.
    pub(super) fn read_at(&mut self, at: u64, buf: &mut [u8]) -> Result<()> {
        self.lines
            .seek(SeekFrom::Start(at))
            .map_err(|e| corrupt(&e))?;
        self.lines.read_exact(buf).map_err(|e| corrupt(&e))?;
        Ok(())
    }
}

/// Opens a decryptor over the vault file, with the length of its
/// plaintext (authenticated) and the tag of its file key.
fn open_seekable(
    file: &Arc<File>,
    path: &Path,
    keys: &FileKeys,
) -> Result<(Plaintext, u64, [u8; 32])> {
    let mut stream = decrypt(file, path, keys)?;
    let tag = keys
        .last()
        .map(|key| index_tag(&key))
        .ok_or_else(|| anyhow::anyhow!("internal error: no file key after decryption"))?;
    let len = stream.seek(SeekFrom::End(0)).map_err(|e| corrupt(&e))?;
    Ok((stream, len, tag))
}

fn open_file(path: &Path, keys: &FileKeys) -> Result<Arc<File>> {
    let file = File::open(path).map_err(|e| {
        if e.kind() == io::ErrorKind::NotFound {
            error::vault(format!("no vault at {}", path.display()))
                .hint("run 'arca init' to create one, or point --vault / ARCA_VAULT at yours")
        } else {
            error::vault(format!("cannot open the vault {}: {e}", path.display()))
        }
    })?;
    crate::verbose!(
        "vault: opening {} ({} bytes) with {} identity key(s)",
        path.display(),
        file.metadata().map_or(0, |m| m.len()),
        keys.identities().len()
    );
    Ok(Arc::new(file))
}

/// Decrypts the vault file: the header and identity check happen here,
/// the payload as it is read.
fn decrypt(file: &Arc<File>, path: &Path, keys: &FileKeys) -> Result<Plaintext> {
    let file = Positioned {
        file: file.clone(),
        at: 0,
    };
    // Unbuffered: the payload is read straight into age's chunk buffer (the
    // header parser reads no further than the header either way).
    let decryptor = age::Decryptor::new(file).map_err(|e| unopenable(path, &e))?;
    Ok(decryptor
        .decrypt(std::iter::once(keys as &dyn Identity))
        .map_err(|e| unopenable(path, &e))?)
}

impl<R: BufRead> PayloadReader<R> {
    /// Reads and checks the header line.
    fn new(lines: R, len: u64, tag: [u8; 32], path: &Path) -> Result<PayloadReader<R>> {
        let mut reader = PayloadReader {
            header: Header {
                format: 0,
                recipients: Vec::new(),
                labels: Default::default(),
            },
            lines,
            len,
            tag,
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

    /// Reads the next secret's line into `line` (cleared first, no
    /// newline); false at the end.
    pub(super) fn read_line(&mut self, line: &mut Vec<u8>) -> Result<bool> {
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
            // A blank line (say, left by a hand edit) holds nothing, nor
            // does the index (`index.rs`).
            if !line.iter().all(u8::is_ascii_whitespace) && !super::is_trailer(line) {
                return Ok(true);
            }
        }
    }
}

/// A read of the payload that failed: the file is damaged (age refuses a
/// chunk, or it ends early), or reading it failed (an I/O error of the
/// disk or file system), which a retry may fix and a backup must not:
/// restoring one would roll secrets back.
pub(super) fn corrupt(e: &io::Error) -> ArcaError {
    match e.kind() {
        io::ErrorKind::InvalidData | io::ErrorKind::UnexpectedEof => {
            error::vault(format!("the vault is corrupt or truncated ({e})"))
                .hint("restore it from a backup; the file was not changed")
        }
        _ => error::vault(format!("reading the vault failed: {e}")).hint(
            "an error of the disk or file system, not damage to the vault: retry; the file was not changed",
        ),
    }
}

fn unopenable(path: &Path, e: &age::DecryptError) -> ArcaError {
    use age::DecryptError as D;
    let what = path.display();
    match e {
        D::NoMatchingKeys => error::vault(format!("none of your identities can open {what}")).hint(
            "use the identity the vault was encrypted to (--identity, ARCA_IDENTITY or ARCA_KEY)",
        ),
        // Passphrase-protected identity files are unlocked (and a cancelled
        // or timed-out prompt reported) before this, in keys.rs.
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

#[cfg(test)]
pub(super) mod tests {
    use super::*;
    use crate::vault::filekey::recording_encryptor;
    use proptest::prelude::*;
    use std::io::Write;

    /// `plaintext` in an age file to a new identity, with the identity (as
    /// `FileKeys`) and the tag of the file key; `payload` gets the tag to
    /// write an index with.
    pub(in crate::vault) fn sealed(
        payload: impl FnOnce(&[u8; 32]) -> Vec<u8>,
    ) -> (tempfile::TempDir, std::path::PathBuf, FileKeys) {
        let identity = age::x25519::Identity::generate();
        let recipient = identity.to_public();
        let (encryptor, key) = recording_encryptor(std::iter::once(&recipient as _)).unwrap();
        let plaintext = payload(&index_tag(&key));
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("vault.age");
        let mut out = encryptor.wrap_output(File::create(&path).unwrap()).unwrap();
        out.write_all(&plaintext).unwrap();
        out.finish().unwrap();
        (dir, path, FileKeys::new(vec![Box::new(identity)]))
    }

    /// Bytes that look like a vault's (lines of JSON of random lengths) from a seed.
    fn vault_like(len: usize, mut seed: u64) -> Vec<u8> {
        let mut out = Vec::with_capacity(len);
        while out.len() < len {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            let line = format!(
                "{{\"name\":\"s{seed:x}\",\"v\":\"{}\"}}\n",
                "x".repeat((seed % 3000) as usize)
            );
            out.extend_from_slice(line.as_bytes());
        }
        out.truncate(len);
        out
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(32))]

        #[test]
        fn parallel_decryption_reads_the_bytes_a_sequential_one_does(
            len in prop_oneof![
                0usize..(5 * CHUNK as usize),
                // Exact multiples of a chunk, and one byte either side.
                (1usize..5, -1isize..=1).prop_map(|(k, d)| (k * CHUNK as usize).saturating_add_signed(d)),
            ],
            seed in 1u64..,
            threads in 1usize..6,
        ) {
            let plaintext = vault_like(len, seed);
            let (_dir, path, keys) = sealed(|_| plaintext.clone());
            let file = open_file(&path, &keys).unwrap();
            let mut sequential = Vec::new();
            decrypt(&file, &path, &keys).unwrap().read_to_end(&mut sequential).unwrap();
            prop_assert_eq!(&sequential, &plaintext);

            let mut readers = Vec::new();
            let mut lengths = Vec::new();
            for _ in 0..threads {
                let (reader, len, _) = open_seekable(&file, &path, &keys).unwrap();
                readers.push(reader);
                lengths.push(len);
            }
            prop_assert!(lengths.iter().all(|&l| l == len as u64));
            let mut parallel = Vec::new();
            Decrypting::spawn(readers, len as u64).unwrap().read_to_end(&mut parallel).unwrap();
            prop_assert_eq!(parallel, sequential);
        }
    }

    #[test]
    fn every_reader_reads_the_file_opened_even_if_it_is_replaced() {
        let old = vault_like(3 * CHUNK as usize + 5, 7);
        let (dir, path, keys) = sealed(|_| old.clone());
        let file = open_file(&path, &keys).unwrap();
        let (first, len, _) = open_seekable(&file, &path, &keys).unwrap();
        // A writer renames a new vault (to the same identity) over the path.
        let replacement = dir.path().join("new.age");
        std::fs::copy(&path, &replacement).unwrap();
        let mut bytes = std::fs::read(&replacement).unwrap();
        bytes.truncate(bytes.len() - 1);
        std::fs::write(&replacement, bytes).unwrap();
        std::fs::rename(&replacement, &path).unwrap();
        let second = open_seekable(&file, &path, &keys).unwrap().0;
        let mut read = Vec::new();
        Decrypting::spawn(vec![first, second], len)
            .unwrap()
            .read_to_end(&mut read)
            .unwrap();
        assert_eq!(read, old);
    }
}
