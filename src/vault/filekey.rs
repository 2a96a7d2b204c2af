//! File keys: the 16 bytes an age header wraps for each recipient.
//!
//! [`FileKeys`] is an identity that remembers the file keys it unwrapped,
//! so that a second decryptor over the same file (a reader per core, the
//! seeking read of `get`) reuses the key: a passphrase or a hardware key is
//! asked once per command, whatever the number of readers. The recipients'
//! side, [`recording_encryptor`], keeps the key of a file being written.
//! Both give the key to [`index_tag`], which binds a payload's index to the
//! one encryption that wrote it.

use std::sync::Mutex;

use age::secrecy::ExposeSecret;
use age::{DecryptError, EncryptError, Identity, Recipient};
use age_core::format::{FileKey, Stanza};

/// An identity over a command's identities that unwraps each header once.
pub struct FileKeys {
    identities: Vec<Box<dyn Identity>>,
    /// Headers unwrapped so far, the last one last: a header is its
    /// stanzas (the same stanzas always wrap the same key).
    known: Mutex<Vec<(Vec<Stanza>, FileKey)>>,
}

impl FileKeys {
    /// How many headers are remembered: a command opens one vault, perhaps
    /// a test file for `keys::can_open`; the oldest goes first.
    const KEEP: usize = 4;

    pub fn new(identities: Vec<Box<dyn Identity>>) -> FileKeys {
        FileKeys {
            identities,
            known: Mutex::new(Vec::new()),
        }
    }

    /// The identities themselves, which do not remember.
    pub fn identities(&self) -> &[Box<dyn Identity>] {
        &self.identities
    }

    /// The key of the header unwrapped last: after a decryption through
    /// `self`, that of the file just opened.
    pub fn last(&self) -> Option<FileKey> {
        let known = self.known.lock().ok()?;
        known.last().map(|(_, key)| copy_key(key))
    }

    fn remembered(&self, stanzas: &[Stanza]) -> Option<FileKey> {
        let mut known = self.known.lock().ok()?;
        let at = known.iter().position(|(s, _)| s == stanzas)?;
        // The header in use goes last again (see `last`).
        let entry = known.remove(at);
        let key = copy_key(&entry.1);
        known.push(entry);
        Some(key)
    }

    fn remember(&self, stanzas: &[Stanza], key: &FileKey) {
        if let Ok(mut known) = self.known.lock() {
            if known.len() == Self::KEEP {
                known.remove(0);
            }
            known.push((stanzas.iter().map(copy_stanza).collect(), copy_key(key)));
        }
    }
}

impl Identity for FileKeys {
    fn unwrap_stanza(&self, stanza: &Stanza) -> Option<Result<FileKey, DecryptError>> {
        self.unwrap_stanzas(std::slice::from_ref(stanza))
    }

    fn unwrap_stanzas(&self, stanzas: &[Stanza]) -> Option<Result<FileKey, DecryptError>> {
        if let Some(key) = self.remembered(stanzas) {
            return Some(Ok(key));
        }
        let found = self
            .identities
            .iter()
            .find_map(|identity| identity.unwrap_stanzas(stanzas));
        if let Some(Ok(key)) = &found {
            self.remember(stanzas, key);
        }
        found
    }
}

/// An encryptor to `recipients`, and the file key it wraps for them.
pub fn recording_encryptor<'a>(
    recipients: impl Iterator<Item = &'a dyn Recipient>,
) -> Result<(age::Encryptor, FileKey), EncryptError> {
    let seen = Mutex::new(None);
    let recording: Vec<Recording> = recipients
        .map(|inner| Recording { inner, seen: &seen })
        .collect();
    let encryptor = age::Encryptor::with_recipients(recording.iter().map(|r| r as _))?;
    let key = seen
        .into_inner()
        .ok()
        .flatten()
        .ok_or(EncryptError::MissingRecipients)?;
    Ok((encryptor, key))
}

/// A recipient that notes the file key it is asked to wrap.
struct Recording<'a> {
    inner: &'a dyn Recipient,
    seen: &'a Mutex<Option<FileKey>>,
}

impl Recipient for Recording<'_> {
    fn wrap_file_key(
        &self,
        file_key: &FileKey,
    ) -> Result<(Vec<Stanza>, std::collections::HashSet<String>), EncryptError> {
        if let Ok(mut seen) = self.seen.lock() {
            seen.get_or_insert_with(|| copy_key(file_key));
        }
        self.inner.wrap_file_key(file_key)
    }
}

/// What a payload's index carries to show which encryption wrote it: a
/// file written again by anything else (`age -e` after a hand edit) has a
/// new random file key, so its old index no longer matches and is ignored.
/// One-way: the tag does not reveal the key.
pub fn index_tag(key: &FileKey) -> [u8; 32] {
    age_core::primitives::hkdf(&[], b"arca payload index", key.expose_secret())
}

fn copy_key(key: &FileKey) -> FileKey {
    FileKey::init_with_mut(|bytes| bytes.copy_from_slice(key.expose_secret()))
}

fn copy_stanza(stanza: &Stanza) -> Stanza {
    Stanza {
        tag: stanza.tag.clone(),
        args: stanza.args.clone(),
        body: stanza.body.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::cell::Cell;
    use std::io::{Read, Write};

    /// An identity that counts how often it is asked, as a passphrase
    /// prompt or a hardware key would be.
    struct Counting {
        inner: age::x25519::Identity,
        asked: std::rc::Rc<Cell<usize>>,
    }

    impl Identity for Counting {
        fn unwrap_stanza(&self, stanza: &Stanza) -> Option<Result<FileKey, DecryptError>> {
            self.asked.set(self.asked.get() + 1);
            self.inner.unwrap_stanza(stanza)
        }
    }

    fn encrypt(to: &age::x25519::Recipient, plaintext: &[u8]) -> (Vec<u8>, FileKey) {
        let (encryptor, key) = recording_encryptor(std::iter::once(to as _)).unwrap();
        let mut out = Vec::new();
        let mut w = encryptor.wrap_output(&mut out).unwrap();
        w.write_all(plaintext).unwrap();
        w.finish().unwrap();
        (out, key)
    }

    fn decrypt(keys: &FileKeys, file: &[u8]) -> Vec<u8> {
        let d = age::Decryptor::new(file).unwrap();
        let mut r = d.decrypt(std::iter::once(keys as &dyn Identity)).unwrap();
        let mut out = Vec::new();
        r.read_to_end(&mut out).unwrap();
        out
    }

    #[test]
    fn a_header_is_unwrapped_once_and_its_key_is_the_one_written() {
        let identity = age::x25519::Identity::generate();
        let asked = std::rc::Rc::new(Cell::new(0));
        let keys = FileKeys::new(vec![Box::new(Counting {
            inner: identity.clone(),
            asked: asked.clone(),
        })]);
        let (one, one_key) = encrypt(&identity.to_public(), b"one");
        let (two, two_key) = encrypt(&identity.to_public(), b"two");
        for _ in 0..3 {
            assert_eq!(decrypt(&keys, &one), b"one");
        }
        assert_eq!(asked.get(), 1, "asked once for three readers");
        assert_eq!(index_tag(&keys.last().unwrap()), index_tag(&one_key));
        assert_eq!(decrypt(&keys, &two), b"two");
        assert_eq!(asked.get(), 2, "another file is another header");
        assert_eq!(index_tag(&keys.last().unwrap()), index_tag(&two_key));
        assert_ne!(index_tag(&one_key), index_tag(&two_key));
        // Back to the first file: remembered, and last again.
        assert_eq!(decrypt(&keys, &one), b"one");
        assert_eq!(asked.get(), 2);
        assert_eq!(index_tag(&keys.last().unwrap()), index_tag(&one_key));
    }

    #[test]
    fn a_stranger_s_file_is_not_opened_from_memory() {
        let mine = age::x25519::Identity::generate();
        let other = age::x25519::Identity::generate();
        let keys = FileKeys::new(vec![Box::new(mine.clone())]);
        let (file, _) = encrypt(&mine.to_public(), b"x");
        assert_eq!(decrypt(&keys, &file), b"x");
        let (stranger, _) = encrypt(&other.to_public(), b"y");
        let d = age::Decryptor::new(&stranger[..]).unwrap();
        assert!(matches!(
            d.decrypt(std::iter::once(&keys as &dyn Identity)),
            Err(DecryptError::NoMatchingKeys)
        ));
    }
}
