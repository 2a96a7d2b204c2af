//! What the agent holds: unlocked identity text and the file keys of vault
//! headers, in memory that is locked against swapping where the limit
//! allows, and wiped on lock, expiry and exit.

use std::collections::HashMap;
use std::io;
use std::path::Path;
use std::ptr::NonNull;
use std::time::Duration;

use age::Identity;
use age_core::format::{FileKey, Stanza};
use zeroize::{Zeroize, Zeroizing};

use super::cache::CachedVault;
use super::timer::Timer;

pub const FILE_KEY_LEN: usize = 16;
/// File keys held at most; the oldest makes way (a vault version costs one).
const MAX_FILE_KEYS: usize = 4096;

/// Anonymous memory of its own pages: locked with mlock when the limit
/// allows, left out of core dumps, wiped and unmapped when dropped.
pub struct Locked {
    ptr: NonNull<u8>,
    cap: usize,
    len: usize,
    pub locked: bool,
}

// SAFETY: a Locked owns its mapping alone (no other pointer to it exists),
// so moving it to another thread moves sole access with it.
unsafe impl Send for Locked {}

impl Locked {
    pub fn new(len: usize) -> io::Result<Locked> {
        // SAFETY: sysconf takes an integer.
        let page = unsafe { libc::sysconf(libc::_SC_PAGESIZE) }.max(4096) as usize;
        let cap = len.max(1).div_ceil(page) * page;
        // SAFETY: a fresh private anonymous mapping; no existing memory is touched.
        let ptr = unsafe {
            libc::mmap(
                std::ptr::null_mut(),
                cap,
                libc::PROT_READ | libc::PROT_WRITE,
                libc::MAP_PRIVATE | libc::MAP_ANONYMOUS,
                -1,
                0,
            )
        };
        if ptr == libc::MAP_FAILED {
            return Err(io::Error::last_os_error());
        }
        // SAFETY: ptr..ptr+cap is the mapping just made.
        let locked = unsafe {
            libc::madvise(ptr, cap, libc::MADV_DONTDUMP);
            libc::mlock(ptr, cap) == 0
        };
        let ptr = NonNull::new(ptr.cast()).ok_or_else(io::Error::last_os_error)?;
        Ok(Locked {
            ptr,
            cap,
            len,
            locked,
        })
    }

    pub fn copy_of(bytes: &[u8]) -> io::Result<Locked> {
        let mut locked = Locked::new(bytes.len())?;
        locked.bytes_mut().copy_from_slice(bytes);
        Ok(locked)
    }

    pub fn bytes(&self) -> &[u8] {
        // SAFETY: the mapping is cap >= len bytes, readable, and lives as long as self.
        unsafe { std::slice::from_raw_parts(self.ptr.as_ptr(), self.len) }
    }

    /// Shortens the readable part (the rest stays mapped, and is wiped on drop).
    pub fn truncate(&mut self, len: usize) {
        self.len = self.len.min(len);
    }

    pub fn bytes_mut(&mut self) -> &mut [u8] {
        // SAFETY: as in bytes(), and &mut self makes this the only borrow.
        unsafe { std::slice::from_raw_parts_mut(self.ptr.as_ptr(), self.len) }
    }
}

impl Drop for Locked {
    fn drop(&mut self) {
        // SAFETY: the whole mapping, which nothing else refers to once self goes.
        unsafe {
            std::slice::from_raw_parts_mut(self.ptr.as_ptr(), self.cap).zeroize();
            libc::munlock(self.ptr.as_ptr().cast(), self.cap);
            libc::munmap(self.ptr.as_ptr().cast(), self.cap);
        }
    }
}

/// A stanza as a lookup key: stanzas hold fresh randomness (an ephemeral
/// share, or grease), so any one of them names its header.
fn stanza_id(stanza: &Stanza) -> Vec<u8> {
    let mut id = Vec::with_capacity(stanza.tag.len() + stanza.body.len() + 64);
    id.extend_from_slice(stanza.tag.as_bytes());
    for arg in &stanza.args {
        id.push(0);
        id.extend_from_slice(arg.as_bytes());
    }
    id.push(0);
    id.extend_from_slice(&stanza.body);
    id
}

/// File keys by header, in one locked arena of fixed slots.
struct FileKeys {
    arena: Locked,
    by_stanza: HashMap<Vec<u8>, usize>,
    /// The stanza ids that point at each slot in use, to evict it.
    owners: Vec<Vec<Vec<u8>>>,
    next: usize,
}

impl FileKeys {
    fn new() -> io::Result<FileKeys> {
        Ok(FileKeys {
            arena: Locked::new(MAX_FILE_KEYS * FILE_KEY_LEN)?,
            by_stanza: HashMap::new(),
            owners: Vec::new(),
            next: 0,
        })
    }

    fn len(&self) -> usize {
        self.owners.iter().filter(|o| !o.is_empty()).count()
    }

    fn get(&self, stanzas: &[Stanza]) -> Option<&[u8]> {
        let slot = stanzas
            .iter()
            .find_map(|s| self.by_stanza.get(&stanza_id(s)))?;
        Some(&self.arena.bytes()[slot * FILE_KEY_LEN..][..FILE_KEY_LEN])
    }

    fn insert(&mut self, stanzas: &[Stanza], key: &[u8]) {
        if key.len() != FILE_KEY_LEN || stanzas.is_empty() {
            return;
        }
        let slot = match stanzas
            .iter()
            .find_map(|s| self.by_stanza.get(&stanza_id(s)))
        {
            Some(&slot) => slot,
            None => {
                let slot = self.next;
                self.next = (self.next + 1) % MAX_FILE_KEYS;
                if slot == self.owners.len() {
                    self.owners.push(Vec::new());
                }
                for id in std::mem::take(&mut self.owners[slot]) {
                    self.by_stanza.remove(&id);
                }
                slot
            }
        };
        self.arena.bytes_mut()[slot * FILE_KEY_LEN..][..FILE_KEY_LEN].copy_from_slice(key);
        for stanza in stanzas {
            let id = stanza_id(stanza);
            if self.by_stanza.insert(id.clone(), slot).is_none() {
                self.owners[slot].push(id);
            }
        }
    }
}

pub struct State {
    /// Identity texts as unlocked by a client (X25519 lines only).
    identities: Vec<Locked>,
    public_keys: Vec<String>,
    keys: FileKeys,
    /// With `--cache-vault`: whether to cache, and the vault cached.
    pub cache_vault: bool,
    vault: Option<CachedVault>,
    pub timer: Timer,
    memory_warning: Option<String>,
}

impl State {
    pub fn new(ttl: Duration, max_ttl: Duration, cache_vault: bool) -> io::Result<State> {
        let keys = FileKeys::new()?;
        let memory_warning = (!keys.arena.locked).then(memlock_warning);
        Ok(State {
            identities: Vec::new(),
            public_keys: Vec::new(),
            keys,
            cache_vault,
            vault: None,
            timer: Timer::new(ttl, max_ttl),
            memory_warning,
        })
    }

    /// Forgets everything held: every buffer is wiped as it is dropped.
    pub fn lock(&mut self) {
        self.vault = None;
        self.identities.clear();
        self.public_keys.clear();
        if let Ok(keys) = FileKeys::new() {
            self.keys = keys;
        } else {
            // Cannot map a fresh arena: wipe the one there is.
            self.keys.arena.bytes_mut().zeroize();
            self.keys.by_stanza.clear();
            self.keys.owners.clear();
        }
        self.timer.clear();
    }

    /// Locks if a timer has run out; true if it did.
    pub fn expire_if_due(&mut self) -> bool {
        if self.timer.expired() {
            self.lock();
            return true;
        }
        false
    }

    /// Holds the X25519 identities in `text`; returns their public keys.
    /// Other lines (comments, plugin identities) are not kept: a plugin
    /// needs the user's terminal, so the client unwraps with it and
    /// registers the file key instead.
    pub fn add(&mut self, text: &str) -> Result<Vec<String>, String> {
        let mut kept = Zeroizing::new(String::new());
        let mut public = Vec::new();
        for line in text.lines().map(str::trim) {
            if let Ok(identity) = line.parse::<age::x25519::Identity>() {
                let key = identity.to_public().to_string();
                if !self.public_keys.contains(&key) && !public.contains(&key) {
                    kept.push_str(line);
                    kept.push('\n');
                    public.push(key);
                }
            }
        }
        if public.is_empty() {
            return Ok(public);
        }
        let locked = Locked::copy_of(kept.as_bytes()).map_err(|e| e.to_string())?;
        if !locked.locked {
            self.memory_warning.get_or_insert_with(memlock_warning);
        }
        self.identities.push(locked);
        self.public_keys.extend(public.iter().cloned());
        self.timer.touch();
        Ok(public)
    }

    /// The file key for a header: cached, or unwrapped with an identity held.
    pub fn unwrap(&mut self, stanzas: &[Stanza]) -> Option<Zeroizing<Vec<u8>>> {
        if let Some(key) = self.keys.get(stanzas) {
            let key = Zeroizing::new(key.to_vec());
            self.timer.touch();
            return Some(key);
        }
        let key = self.identities.iter().find_map(|text| {
            let text = std::str::from_utf8(text.bytes()).ok()?;
            text.lines().find_map(|line| {
                let identity = line.parse::<age::x25519::Identity>().ok()?;
                match identity.unwrap_stanzas(stanzas)? {
                    Ok(key) => {
                        use age::secrecy::ExposeSecret;
                        Some(Zeroizing::new(key.expose_secret().to_vec()))
                    }
                    Err(_) => None,
                }
            })
        })?;
        self.keys.insert(stanzas, &key);
        self.timer.touch();
        Some(key)
    }

    /// Remembers a file key that a client unwrapped or wrote.
    pub fn register(&mut self, stanzas: &[Stanza], key: &[u8]) {
        self.keys.insert(stanzas, key);
        self.timer.touch();
    }

    /// A secret's line from the cached vault (loaded, or reloaded for a
    /// vault written since, first): Some(None) if it has no such secret;
    /// None if this vault cannot be answered from memory.
    pub fn find(
        &mut self,
        path: &Path,
        header: &[u8],
        name: &str,
    ) -> Option<Option<Zeroizing<Vec<u8>>>> {
        if !self.cache_vault {
            return None;
        }
        if !self.vault.as_ref().is_some_and(|v| v.is_of(path, header)) {
            self.vault = None;
            let vault = CachedVault::load(path, header, |stanzas| {
                let key = self.unwrap(stanzas)?;
                Some(FileKey::new(Box::new(key[..].try_into().ok()?)))
            })?;
            if !vault.locked() {
                self.memory_warning = Some(
                    "the cached vault is not locked in memory (mlock refused: raise RLIMIT_MEMLOCK, `ulimit -l`); it may be swapped to disk".into(),
                );
            }
            self.vault = Some(vault);
        }
        self.timer.touch();
        let vault = self.vault.as_ref()?;
        Some(vault.line(name).map(|line| Zeroizing::new(line.to_vec())))
    }

    /// Secrets in the cached vault, if one is cached.
    pub fn cached_secrets(&self) -> Option<usize> {
        self.vault.as_ref().map(CachedVault::len)
    }

    pub fn public_keys(&self) -> &[String] {
        &self.public_keys
    }

    pub fn file_keys(&self) -> usize {
        self.keys.len()
    }

    pub fn memory_warning(&self) -> Option<&str> {
        self.memory_warning.as_deref()
    }
}

fn memlock_warning() -> String {
    "secrets are not locked in memory (mlock refused: raise RLIMIT_MEMLOCK, `ulimit -l`); they may be swapped to disk".into()
}

#[cfg(test)]
mod tests {
    use super::*;
    use age::secrecy::ExposeSecret;

    fn stanza(tag: &str, body: &[u8]) -> Stanza {
        Stanza {
            tag: tag.into(),
            args: vec!["a".into()],
            body: body.to_vec(),
        }
    }

    #[test]
    fn a_file_key_is_found_by_any_stanza_of_its_header() {
        let mut keys = FileKeys::new().unwrap();
        let header = [stanza("X25519", b"one"), stanza("grease", b"two")];
        keys.insert(&header, &[9; FILE_KEY_LEN]);
        assert_eq!(keys.get(&header[1..]).unwrap(), &[9; FILE_KEY_LEN]);
        assert!(keys.get(&[stanza("X25519", b"other")]).is_none());
        assert_eq!(keys.len(), 1);
    }

    #[test]
    fn the_oldest_file_key_makes_way() {
        let mut keys = FileKeys::new().unwrap();
        for i in 0..=MAX_FILE_KEYS {
            keys.insert(&[stanza("t", &i.to_be_bytes())], &[1; FILE_KEY_LEN]);
        }
        assert_eq!(keys.len(), MAX_FILE_KEYS);
        assert!(keys.get(&[stanza("t", &0usize.to_be_bytes())]).is_none());
        assert!(keys.get(&[stanza("t", &1usize.to_be_bytes())]).is_some());
    }

    #[test]
    fn held_identities_unwrap_and_lock_forgets_them() {
        let identity = age::x25519::Identity::generate();
        let text = format!("# a comment\n{}\n", identity.to_string().expose_secret());
        let mut state =
            State::new(Duration::from_secs(60), Duration::from_secs(600), false).unwrap();
        let public = state.add(&text).unwrap();
        assert_eq!(public, vec![identity.to_public().to_string()]);
        assert!(state.add(&text).unwrap().is_empty(), "added once");

        // A real header: encrypt to the identity, capture its stanzas.
        let stanzas = {
            use age::Recipient;
            let key = age_core::format::FileKey::new(Box::new([5; 16]));
            identity.to_public().wrap_file_key(&key).unwrap().0
        };
        assert_eq!(&state.unwrap(&stanzas).unwrap()[..], &[5; 16]);
        assert_eq!(state.file_keys(), 1, "cached for the next time");
        state.lock();
        assert!(state.file_keys() == 0 && state.public_keys().is_empty());
        assert!(state.unwrap(&stanzas).is_none());
    }
}
