//! A vault file's age header, read without decrypting anything: its
//! stanzas (which name its file key) and its bytes (which name the file).

use std::cell::RefCell;
use std::fs::File;
use std::io::Read;
use std::path::Path;

use age::{DecryptError, Identity};
use age_core::format::{FileKey, Stanza};

/// age's Stanza is not Clone.
pub fn copy(stanza: &Stanza) -> Stanza {
    Stanza {
        tag: stanza.tag.clone(),
        args: stanza.args.clone(),
        body: stanza.body.clone(),
    }
}

/// The stanzas of a vault file's header.
pub fn header_stanzas(vault: &Path) -> Option<Vec<Stanza>> {
    /// An identity that only looks.
    struct Peek(RefCell<Option<Vec<Stanza>>>);
    impl Identity for Peek {
        fn unwrap_stanza(&self, _: &Stanza) -> Option<Result<FileKey, DecryptError>> {
            None
        }
        fn unwrap_stanzas(&self, stanzas: &[Stanza]) -> Option<Result<FileKey, DecryptError>> {
            *self.0.borrow_mut() = Some(stanzas.iter().map(copy).collect());
            None
        }
    }
    let peek = Peek(RefCell::new(None));
    let decryptor = age::Decryptor::new(File::open(vault).ok()?).ok()?;
    let _ = decryptor.decrypt(std::iter::once(&peek as &dyn Identity));
    peek.0.into_inner()
}

/// The header of a binary age file up to its MAC line, and the payload
/// nonce after it: the same bytes mean the same file (a new write has a new
/// file key and nonce). None if the file does not start that way.
pub fn header_bytes(vault: &Path) -> Option<Vec<u8>> {
    const MAX_HEADER: u64 = 1 << 16;
    const NONCE: usize = 16;
    let mut head = Vec::new();
    File::open(vault)
        .ok()?
        .take(MAX_HEADER)
        .read_to_end(&mut head)
        .ok()?;
    if !head.starts_with(b"age-encryption.org/") {
        return None;
    }
    let mac = memchr::memmem::find(&head, b"\n--- ")? + 1;
    let end = mac + memchr::memchr(b'\n', &head[mac..])? + 1 + NONCE;
    (end <= head.len()).then(|| {
        head.truncate(end);
        head
    })
}
