//! Reading a vault file: decryption on a thread of its own, the header
//! line, and the errors of a vault that cannot be read.

use std::fs::File;
use std::io::{self, BufRead, BufReader, Read};
use std::path::Path;
use std::sync::mpsc;

use age::Identity;
use anyhow::Result;
use zeroize::Zeroizing;

use super::{Header, FORMAT};
use crate::error::{self, ArcaError};

/// Decrypts a vault file as a stream of lines.
pub(super) struct PayloadReader {
    pub(super) header: Header,
    pub(super) lines: BufReader<Decrypting>,
}

/// The plaintext stream of a vault file, seekable: seeking authenticates.
type Plaintext = age::stream::StreamReader<File>;

/// Plaintext from a decryption thread: the second core decrypts the next
/// chunks while this one reads lines, so a read costs about the decryption
/// alone. At most a few chunks are in flight, each wiped when dropped.
pub(super) struct Decrypting {
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

    fn spawn(mut stream: Plaintext) -> io::Result<Decrypting> {
        let (tx, chunks) = mpsc::sync_channel(Self::IN_FLIGHT);
        let (whole_tx, whole) = mpsc::sync_channel(1);
        let (spent, reuse) = mpsc::channel::<Zeroizing<Vec<u8>>>();
        crate::threads::spawn(move || loop {
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
        })?;
        Ok(Decrypting {
            chunks,
            whole,
            spent,
            chunk: Zeroizing::new(Vec::new()),
            at: 0,
        })
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
    pub(super) fn open(path: &Path, identities: &[Box<dyn Identity>]) -> Result<PayloadReader> {
        let stream = Decrypting::spawn(decrypt(path, identities)?)
            .map_err(|e| error::vault(format!("cannot read the vault {}: {e}", path.display())))?;
        PayloadReader::new(BufReader::with_capacity(1 << 16, stream), path)
    }

    /// Ends a read that may have stopped early, checking that the file is
    /// whole (not truncated).
    pub(super) fn check_end(self) -> Result<()> {
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
            // A blank line (say, left by a hand edit) holds nothing.
            if !line.iter().all(u8::is_ascii_whitespace) {
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
        D::KeyDecryptionFailed => match crate::keys::prompt_failure() {
            Some(why) => error::vault(format!("cannot unlock the identity for {what}: {why}"))
                .hint("run the command again and enter the identity's passphrase"),
            None => error::vault(format!(
                "cannot unlock the identity for {what}: wrong passphrase?"
            )),
        },
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
