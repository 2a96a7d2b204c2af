//! The age payload after the header (age's STREAM: a 16-byte nonce, then
//! 64 KiB chunks of plaintext each sealed with ChaCha20-Poly1305 under the
//! HKDF-SHA-256 payload key, the nonce of chunk `i` its 11-byte big-endian
//! counter and a last-chunk flag), decrypted and encrypted chunk by chunk
//! with ring's ChaCha20-Poly1305.
//!
//! The age crate still parses and writes the header, checks its MAC and
//! unwraps the file key (`read.rs`, `write.rs`). Its STREAM code is not
//! used for the payload: it allocates and copies every chunk and runs a
//! portable ChaCha20-Poly1305 at about half the speed of ring's assembly,
//! which was most of the cost of `list` and of a write (benches/RESULTS.md,
//! run 7). The files are the same age files, byte for byte in format.

use std::fs::File;
use std::io;
use std::os::unix::fs::FileExt;
use std::sync::Arc;

use age::secrecy::ExposeSecret;
use age_core::format::FileKey;
use ring::aead::{Aad, LessSafeKey, Nonce, UnboundKey, CHACHA20_POLY1305};
use zeroize::Zeroizing;

/// The plaintext size of one STREAM chunk.
pub(super) const CHUNK: u64 = 1 << 16;
/// The Poly1305 tag after each chunk's ciphertext.
const TAG: u64 = 16;
/// A chunk as stored.
pub(super) const SEALED: u64 = CHUNK + TAG;
/// The nonce before the chunks, from which the payload key is derived.
pub(super) const NONCE: u64 = 16;

/// The payload key of a file key and its file's nonce (age's `payload`
/// HKDF label).
fn payload_key(file_key: &FileKey, nonce: &[u8]) -> io::Result<LessSafeKey> {
    let key = Zeroizing::new(age_core::primitives::hkdf(
        nonce,
        b"payload",
        file_key.expose_secret(),
    ));
    let key = UnboundKey::new(&CHACHA20_POLY1305, &key[..])
        .map_err(|_| io::Error::other("internal error: a ChaCha20-Poly1305 key of 32 bytes"))?;
    Ok(LessSafeKey::new(key))
}

/// The nonce of chunk `counter`.
fn chunk_nonce(counter: u64, last: bool) -> Nonce {
    let mut nonce = [0; 12];
    nonce[3..11].copy_from_slice(&counter.to_be_bytes());
    nonce[11] = u8::from(last);
    Nonce::assume_unique_for_key(nonce)
}

fn damaged(what: &str) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidData, what.to_owned())
}

/// An age file's payload, open for reading any chunk: by the threads of a
/// whole read (`read.rs`) and by a seeking one (`index.rs`).
pub(super) struct Payload {
    /// Read with `pread` only: one open file, whatever renames the path.
    file: Arc<File>,
    /// Where the first chunk begins in the file.
    start: u64,
    /// The bytes of sealed chunks, and how many chunks.
    sealed: u64,
    chunks: u64,
    /// The plaintext's length.
    pub(super) len: u64,
    key: LessSafeKey,
}

impl Payload {
    /// The payload of `file`, whose nonce and chunks follow the header at
    /// `header_end`, with the file key the header wraps. The last chunk is
    /// decrypted here, so that the length is authenticated and a truncated
    /// file refused before anything is read.
    pub(super) fn open(
        file: Arc<File>,
        header_end: u64,
        file_key: &FileKey,
    ) -> io::Result<Payload> {
        let mut nonce = [0; NONCE as usize];
        file.read_exact_at(&mut nonce, header_end)?;
        let start = header_end + NONCE;
        let sealed = file
            .metadata()?
            .len()
            .checked_sub(start)
            .ok_or_else(|| damaged("age file is truncated"))?;
        let chunks = sealed.div_ceil(SEALED);
        // Every chunk but the last is whole; the last has at least its tag,
        // and is empty only if it is the only one (as age requires).
        let last = sealed - chunks.saturating_sub(1) * SEALED;
        if chunks == 0 || last < TAG || (chunks > 1 && last == TAG) {
            return Err(damaged(
                "age file is truncated or has a malformed last chunk",
            ));
        }
        let payload = Payload {
            file,
            start,
            sealed,
            chunks,
            len: (chunks - 1) * CHUNK + (last - TAG),
            key: payload_key(file_key, &nonce)?,
        };
        payload.chunk(chunks - 1, &mut Zeroizing::new(Vec::new()))?;
        Ok(payload)
    }

    /// How many chunks the payload has (at least one).
    pub(super) fn chunks(&self) -> u64 {
        self.chunks
    }

    /// Decrypts chunk `i` into `buf`, which holds its plaintext after:
    /// `CHUNK` bytes, but for the last chunk. Fails (InvalidData) unless
    /// the chunk is authentic and in its place.
    pub(super) fn chunk(&self, i: u64, buf: &mut Vec<u8>) -> io::Result<()> {
        if i >= self.chunks {
            return Err(io::Error::new(
                io::ErrorKind::UnexpectedEof,
                "read past the end of the payload",
            ));
        }
        let at = i * SEALED;
        buf.resize(SEALED.min(self.sealed - at) as usize, 0);
        self.file.read_exact_at(buf, self.start + at)?;
        let last = i + 1 == self.chunks;
        let plain = self
            .key
            .open_in_place(chunk_nonce(i, last), Aad::empty(), buf)
            .map_err(|_| damaged("decryption error"))?
            .len();
        buf.truncate(plain);
        Ok(())
    }
}

/// Seals the chunks of a payload being written, after the header and the
/// nonce that age wrote.
pub(super) struct Sealer {
    key: LessSafeKey,
    counter: u64,
}

impl Sealer {
    /// The header and nonce `encryptor` writes (its file key is
    /// `file_key`), and the sealer of the chunks that follow them.
    pub(super) fn start(
        encryptor: age::Encryptor,
        file_key: &FileKey,
    ) -> io::Result<(Vec<u8>, Sealer)> {
        let mut head = Vec::new();
        // age writes the header and nonce as its stream starts; the stream
        // itself is dropped unused.
        drop(encryptor.wrap_output(&mut head)?);
        let nonce = head
            .len()
            .checked_sub(NONCE as usize)
            .map(|at| &head[at..])
            .ok_or_else(|| io::Error::other("internal error: no age header"))?;
        let key = payload_key(file_key, nonce)?;
        Ok((head, Sealer { key, counter: 0 }))
    }

    /// Seals `chunk` in place, its tag appended: `CHUNK` bytes of
    /// plaintext, or fewer for the last one (which must say so).
    pub(super) fn seal(&mut self, chunk: &mut Vec<u8>, last: bool) -> io::Result<()> {
        let tag = self
            .key
            .seal_in_place_separate_tag(chunk_nonce(self.counter, last), Aad::empty(), chunk)
            .map_err(|_| io::Error::other("encryption failed"))?;
        chunk.extend_from_slice(tag.as_ref());
        self.counter += 1;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::vault::filekey::{recording_encryptor, FileKeys};
    use age::Identity;
    use proptest::prelude::*;
    use std::io::{Read, Write};

    /// `plaintext` sealed by `Sealer` in 64 KiB chunks, as the writer does.
    fn seal_all(encryptor: age::Encryptor, key: &FileKey, plaintext: &[u8]) -> Vec<u8> {
        let (mut out, mut sealer) = Sealer::start(encryptor, key).unwrap();
        let mut chunks = plaintext.chunks(CHUNK as usize).peekable();
        if chunks.peek().is_none() {
            let mut empty = Vec::new();
            sealer.seal(&mut empty, true).unwrap();
            out.extend_from_slice(&empty);
        }
        while let Some(chunk) = chunks.next() {
            let mut chunk = chunk.to_vec();
            sealer.seal(&mut chunk, chunks.peek().is_none()).unwrap();
            out.extend_from_slice(&chunk);
        }
        out
    }

    /// Where the payload's nonce begins: the end of the header (its MAC line).
    fn header_end(file: &[u8]) -> u64 {
        let mac = file.windows(5).position(|w| w == b"\n--- ").unwrap() + 1;
        (mac + file[mac..].iter().position(|&b| b == b'\n').unwrap() + 1) as u64
    }

    fn read_all(file: &[u8], keys: &FileKeys) -> io::Result<Vec<u8>> {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("f.age");
        std::fs::write(&path, file).unwrap();
        // The header through age, to unwrap the key.
        let decryptor = age::Decryptor::new(file).unwrap();
        drop(
            decryptor
                .decrypt(std::iter::once(keys as &dyn Identity))
                .unwrap(),
        );
        let payload = Payload::open(
            Arc::new(File::open(&path).unwrap()),
            header_end(file),
            &keys.last().unwrap(),
        )?;
        let mut out = Vec::new();
        let mut buf = Vec::new();
        for i in 0..payload.chunks() {
            payload.chunk(i, &mut buf)?;
            out.extend_from_slice(&buf);
        }
        assert_eq!(out.len() as u64, payload.len);
        Ok(out)
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(24))]

        #[test]
        fn age_reads_what_is_sealed_here_and_the_reverse(
            len in prop_oneof![
                0usize..(3 * CHUNK as usize),
                // Exact multiples of a chunk, and one byte either side.
                (1usize..4, -1isize..=1).prop_map(|(k, d)| (k * CHUNK as usize).saturating_add_signed(d)),
            ],
            byte in any::<u8>(),
        ) {
            let plaintext: Vec<u8> = (0..len).map(|i| byte.wrapping_add(i as u8)).collect();
            let identity = age::x25519::Identity::generate();
            let recipient = identity.to_public();
            let keys = FileKeys::new(vec![Box::new(identity.clone())]);

            // Sealed here, read by the age crate.
            let (encryptor, key) = recording_encryptor(std::iter::once(&recipient as _)).unwrap();
            let sealed = seal_all(encryptor, &key, &plaintext);
            let mut by_age = Vec::new();
            age::Decryptor::new(&sealed[..]).unwrap()
                .decrypt(std::iter::once(&identity as &dyn Identity)).unwrap()
                .read_to_end(&mut by_age).unwrap();
            prop_assert_eq!(&by_age, &plaintext);

            // Sealed by the age crate, read here.
            let (encryptor, _) = recording_encryptor(std::iter::once(&recipient as _)).unwrap();
            let mut by_crate = Vec::new();
            let mut w = encryptor.wrap_output(&mut by_crate).unwrap();
            w.write_all(&plaintext).unwrap();
            w.finish().unwrap();
            prop_assert_eq!(&read_all(&by_crate, &keys).unwrap(), &plaintext);
            prop_assert_eq!(&read_all(&sealed, &keys).unwrap(), &plaintext);
        }
    }

    #[test]
    fn a_truncated_or_altered_payload_is_refused() {
        let identity = age::x25519::Identity::generate();
        let keys = FileKeys::new(vec![Box::new(identity.clone())]);
        let plaintext = vec![7u8; 2 * CHUNK as usize + 100];
        let (encryptor, key) =
            recording_encryptor(std::iter::once(&identity.to_public() as _)).unwrap();
        let sealed = seal_all(encryptor, &key, &plaintext);
        let start = (header_end(&sealed) + NONCE) as usize;
        let whole = |chunks: usize| start + chunks * SEALED as usize;
        // Cut at a chunk boundary (the last chunk left is not marked last),
        // inside a chunk, inside the last tag, and to the nonce alone.
        for cut in [whole(2), whole(1), whole(1) + 50, sealed.len() - 5, start] {
            let err = read_all(&sealed[..cut], &keys).unwrap_err();
            assert_eq!(err.kind(), io::ErrorKind::InvalidData, "cut at {cut}");
        }
        // A flipped bit in any chunk; chunks swapped.
        for at in [start + 10, whole(1) + 10, sealed.len() - 1] {
            let mut bad = sealed.clone();
            bad[at] ^= 1;
            assert!(read_all(&bad, &keys).is_err(), "flip at {at}");
        }
        let mut swapped = sealed.clone();
        let (a, b) = swapped[start..whole(2)].split_at_mut(SEALED as usize);
        a.swap_with_slice(b);
        assert!(read_all(&swapped, &keys).is_err());
        // An empty last chunk after a whole one: age refuses it too.
        let mut padded = sealed[..whole(1)].to_vec();
        let (encryptor, key) =
            recording_encryptor(std::iter::once(&identity.to_public() as _)).unwrap();
        let (head, mut sealer) = Sealer::start(encryptor, &key).unwrap();
        padded.splice(..start, head);
        let start = (header_end(&padded) + NONCE) as usize;
        padded.truncate(start);
        let mut chunk = vec![1; CHUNK as usize];
        sealer.seal(&mut chunk, false).unwrap();
        padded.extend_from_slice(&chunk);
        let mut empty = Vec::new();
        sealer.seal(&mut empty, true).unwrap();
        padded.extend_from_slice(&empty);
        assert_eq!(
            read_all(&padded, &keys).unwrap_err().kind(),
            io::ErrorKind::InvalidData
        );
    }
}
