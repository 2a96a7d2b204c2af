//! Reading a vault file: the header through age, the payload's chunks
//! (`stream.rs`) decrypted over every core or by seeking, the header line,
//! and the errors of a vault that cannot be read.

use std::fs::File;
use std::io::{self, BufRead, Read};
use std::os::unix::fs::FileExt;
use std::path::Path;
use std::sync::{mpsc, Arc};

use age::Identity;
use anyhow::Result;
use zeroize::Zeroizing;

use super::filekey::{index_tag, FileKeys};
use super::stream::{Payload, CHUNK, NONCE, SEALED};
use super::{Header, FORMAT, FORMAT_CONFLICTS};
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

/// `Read::read` for a reader whose bytes come from its own `BufRead` buffer.
fn read_buffered(reader: &mut impl BufRead, buf: &mut [u8]) -> io::Result<usize> {
    let chunk = reader.fill_buf()?;
    let n = buf.len().min(chunk.len());
    buf[..n].copy_from_slice(&chunk[..n]);
    reader.consume(n);
    Ok(n)
}

/// A new buffer for a chunk: room for it sealed, so that decrypting or
/// sealing in place never moves (and leaves behind) its plaintext.
fn chunk_buffer() -> Zeroizing<Vec<u8>> {
    Zeroizing::new(Vec::with_capacity(SEALED as usize))
}

/// Plaintext read by seeking: one chunk decrypted at a time, as it is read.
pub(super) struct Seeking {
    payload: Arc<Payload>,
    /// The chunk held, its index (None: none yet), and the position in it.
    chunk: Zeroizing<Vec<u8>>,
    index: Option<u64>,
    at: usize,
}

impl Seeking {
    /// Moves to offset `to` of the plaintext, decrypting its chunk unless
    /// it is the one held.
    pub(super) fn seek_to(&mut self, to: u64) -> io::Result<()> {
        let index = to / CHUNK;
        if index >= self.payload.chunks() {
            // At the end (of a payload of whole chunks) or past it.
            self.chunk.clear();
            self.index = Some(index);
        } else if self.index != Some(index) {
            self.load(index)?;
        }
        self.at = ((to % CHUNK) as usize).min(self.chunk.len());
        Ok(())
    }

    fn load(&mut self, index: u64) -> io::Result<()> {
        // Nothing half-read is kept if the chunk fails.
        self.index = None;
        self.at = 0;
        let loaded = self.payload.chunk(index, &mut self.chunk);
        if loaded.is_err() {
            self.chunk.clear();
        }
        loaded?;
        self.index = Some(index);
        Ok(())
    }

    /// What is decrypted and not yet read.
    pub(super) fn buffer(&self) -> &[u8] {
        &self.chunk[self.at..]
    }

    /// The offset in the plaintext of the next byte to read.
    pub(super) fn position(&self) -> u64 {
        self.index.map_or(0, |i| i * CHUNK) + self.at as u64
    }

    /// The payload read.
    pub(super) fn payload(&self) -> &Arc<Payload> {
        &self.payload
    }
}

impl BufRead for Seeking {
    fn fill_buf(&mut self) -> io::Result<&[u8]> {
        if self.at == self.chunk.len() {
            let next = self.index.map_or(0, |i| i + 1);
            if next < self.payload.chunks() {
                self.load(next)?;
            }
        }
        Ok(&self.chunk[self.at..])
    }

    fn consume(&mut self, n: usize) {
        self.at = (self.at + n).min(self.chunk.len());
    }
}

impl Read for Seeking {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        read_buffered(self, buf)
    }
}

/// Plaintext decrypted by one thread per core: thread `j` of `n` decrypts
/// chunks `j`, `j + n`, … of the one open file, and the chunks are read
/// back in order. At most a few chunks per thread are in flight, each
/// wiped when dropped.
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

    /// How many threads decrypt a payload of `chunks` chunks: one per
    /// core, no more than it has chunks.
    pub(super) fn threads(chunks: u64) -> usize {
        let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
        let chunks = usize::try_from(chunks).unwrap_or(usize::MAX);
        cores.min(Self::MAX_THREADS).min(chunks).max(1)
    }

    /// Decrypts the payload on `threads` threads; fails when a thread
    /// cannot be started (an error, not a panic).
    pub(super) fn spawn(payload: Arc<Payload>, threads: usize) -> io::Result<Decrypting> {
        let n = threads.max(1) as u64;
        let count = payload.chunks();
        let mut chunks = Vec::new();
        let mut spent = Vec::new();
        for j in 0..n {
            let (tx, rx) = mpsc::sync_channel(Self::IN_FLIGHT);
            let (spent_tx, reuse) = mpsc::channel::<Zeroizing<Vec<u8>>>();
            chunks.push(rx);
            spent.push(spent_tx);
            let payload = payload.clone();
            crate::threads::spawn(move || {
                let mut index = j;
                while index < count {
                    let mut chunk = reuse.try_recv().unwrap_or_else(|_| chunk_buffer());
                    let read = payload.chunk(index, &mut chunk);
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
        while self.at == self.chunk.len() {
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
        read_buffered(self, buf)
    }
}

impl PayloadReader {
    /// Opens a vault to read from the start; the payload is decrypted on
    /// one thread per core as it is read.
    pub(super) fn open(path: &Path, keys: &FileKeys) -> Result<PayloadReader> {
        let (payload, tag) = open_payload(path, keys)?;
        let len = payload.len;
        let threads = Decrypting::threads(payload.chunks());
        let stream = Decrypting::spawn(payload, threads)
            .map_err(|e| error::vault(format!("cannot read the vault {}: {e}", path.display())))?;
        PayloadReader::new(stream, len, tag, path)
    }
}

impl PayloadReader<Seeking> {
    /// Opens a vault to read what it needs by seeking (see `index.rs`):
    /// chunks are decrypted only as they are read.
    pub(super) fn open_seeking(path: &Path, keys: &FileKeys) -> Result<PayloadReader<Seeking>> {
        let (payload, tag) = open_payload(path, keys)?;
        let len = payload.len;
        let seeking = Seeking {
            payload,
            chunk: chunk_buffer(),
            index: None,
            at: 0,
        };
        PayloadReader::new(seeking, len, tag, path)
    }

    /// Reads `buf.len()` bytes of plaintext from `at`.
    pub(super) fn read_at(&mut self, at: u64, buf: &mut [u8]) -> Result<()> {
        self.lines.seek_to(at).map_err(|e| corrupt(&e))?;
        self.lines.read_exact(buf).map_err(|e| corrupt(&e))?;
        Ok(())
    }
}

/// Opens a vault's payload, with the tag of its file key: the header read
/// and checked by age, the key unwrapped through `keys` (which remember it
/// for the next reader), the last chunk authenticated.
fn open_payload(path: &Path, keys: &FileKeys) -> Result<(Arc<Payload>, [u8; 32])> {
    let file = open_file(path, keys)?;
    let header_end = read_header(&file, path, keys)?;
    let key = keys
        .last()
        .ok_or_else(|| anyhow::anyhow!("internal error: no file key after decryption"))?;
    let payload = Payload::open(file, header_end, &key).map_err(|e| corrupt(&e))?;
    Ok((Arc::new(payload), index_tag(&key)))
}

/// Parses the vault's age header, checks its MAC and unwraps its file key
/// (through `keys`); returns where the header ends (the payload's nonce
/// begins). The header is read from a copy of the file's
/// first bytes, grown until it holds the whole header.
fn read_header(file: &File, path: &Path, keys: &FileKeys) -> Result<u64> {
    let reading =
        |e: io::Error| error::vault(format!("cannot read the vault {}: {e}", path.display()));
    let len = file.metadata().map_err(reading)?.len();
    let mut size: u64 = 16 << 10;
    loop {
        let mut head = vec![0; size.min(len) as usize];
        file.read_exact_at(&mut head, 0).map_err(reading)?;
        let mut rest = &head[..];
        let opened = age::Decryptor::new_buffered(&mut rest)
            .and_then(|d| d.decrypt(std::iter::once(keys as &dyn Identity)).map(drop));
        match opened {
            // age read the header and the nonce after it.
            Ok(()) => return Ok((head.len() - rest.len()) as u64 - NONCE),
            Err(age::DecryptError::Io(e))
                if e.kind() == io::ErrorKind::UnexpectedEof && size < len =>
            {
                size = size.saturating_mul(16);
            }
            Err(e) => return Err(unopenable(path, &e).into()),
        }
    }
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

impl<R: BufRead> PayloadReader<R> {
    /// Reads and checks the header line.
    fn new(lines: R, len: u64, tag: [u8; 32], path: &Path) -> Result<PayloadReader<R>> {
        let mut reader = PayloadReader {
            header: Header {
                format: 0,
                recipients: Vec::new(),
                conflicts: Vec::new(),
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
            Some(f) if f == u64::from(FORMAT) || f == u64::from(FORMAT_CONFLICTS) => {}
            Some(f) => {
                return Err(error::vault(format!(
                    "the vault uses payload format {f}; this arca reads formats {FORMAT} and {FORMAT_CONFLICTS}"
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

    /// `plaintext` in an age file (written by the age crate) to a new
    /// identity, with the identity (as `FileKeys`) and the tag of the file
    /// key; `payload` gets the tag to write an index with.
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

    fn payload_of(path: &Path, keys: &FileKeys) -> Arc<Payload> {
        open_payload(path, keys).unwrap().0
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(32))]

        #[test]
        fn parallel_and_seeking_reads_give_the_bytes_the_age_crate_does(
            len in prop_oneof![
                0usize..(5 * CHUNK as usize),
                // Exact multiples of a chunk, and one byte either side.
                (1usize..5, -1isize..=1).prop_map(|(k, d)| (k * CHUNK as usize).saturating_add_signed(d)),
            ],
            seed in 1u64..,
            threads in 1usize..6,
            seeks in proptest::collection::vec((0.0f64..=1.0, 1usize..200), 1..6),
        ) {
            // A header line first, when there is room for it.
            let mut plaintext = vault_like(len, seed);
            let header = b"{\"format\":1,\"recipients\":[]}\n";
            if len >= header.len() {
                plaintext.splice(..header.len(), header.iter().copied());
            }
            let (_dir, path, keys) = sealed(|_| plaintext.clone());
            let mut by_age = Vec::new();
            age::Decryptor::new(File::open(&path).unwrap()).unwrap()
                .decrypt(std::iter::once(&keys as &dyn Identity)).unwrap()
                .read_to_end(&mut by_age).unwrap();
            prop_assert_eq!(&by_age, &plaintext);

            let payload = payload_of(&path, &keys);
            prop_assert_eq!(payload.len, len as u64);
            let mut parallel = Vec::new();
            Decrypting::spawn(payload, threads).unwrap().read_to_end(&mut parallel).unwrap();
            prop_assert_eq!(&parallel, &by_age);

            // Reads anywhere, across chunk boundaries and to the end.
            let mut reader = PayloadReader::open_seeking(&path, &keys);
            if len < header.len() {
                // No header line: not a vault.
                prop_assert!(reader.is_err());
                return Ok(());
            }
            let reader = reader.as_mut().map_err(|e| TestCaseError::fail(e.to_string()))?;
            for (at, n) in seeks {
                let at = ((len as f64 * at) as usize).min(len);
                let n = n.min(len - at);
                let mut buf = vec![0; n];
                reader.read_at(at as u64, &mut buf).unwrap();
                prop_assert_eq!(&buf[..], &plaintext[at..at + n]);
            }
        }
    }

    #[test]
    fn every_reader_reads_the_file_opened_even_if_it_is_replaced() {
        let old = vault_like(3 * CHUNK as usize + 5, 7);
        let (dir, path, keys) = sealed(|_| old.clone());
        let payload = payload_of(&path, &keys);
        // A writer renames a new vault (to the same identity) over the path.
        let replacement = dir.path().join("new.age");
        std::fs::copy(&path, &replacement).unwrap();
        let mut bytes = std::fs::read(&replacement).unwrap();
        bytes.truncate(bytes.len() - 1);
        std::fs::write(&replacement, bytes).unwrap();
        std::fs::rename(&replacement, &path).unwrap();
        let mut read = Vec::new();
        Decrypting::spawn(payload, 2)
            .unwrap()
            .read_to_end(&mut read)
            .unwrap();
        assert_eq!(read, old);
    }
}
