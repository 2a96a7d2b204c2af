//! What a command does with the agent: identities that ask it first, and
//! the file key of each vault it writes registered with it. One connection
//! per process; if the agent stops answering, the command carries on
//! without it (the identity files are read as if there were no agent).

use std::cell::{OnceCell, RefCell};
use std::collections::HashSet;
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};

use age::secrecy::ExposeSecret;
use age::{DecryptError, EncryptError, Identity, Recipient};
use age_core::format::{FileKey, Stanza};
use anyhow::Result;
use zeroize::Zeroizing;

use super::header::{copy, header_bytes, header_stanzas};
use super::proto::{self, Request, Response, WireStanza};
use super::state::FILE_KEY_LEN;
use super::Client;

static SESSION: Mutex<Option<Client>> = Mutex::new(None);
static TRIED: AtomicBool = AtomicBool::new(false);

fn session() -> MutexGuard<'static, Option<Client>> {
    SESSION.lock().unwrap_or_else(|e| e.into_inner())
}

/// Connects this process to the agent at `socket`, if one answers. Returns
/// a warning to show when one is there but must not be used.
pub fn connect_session(socket: &Path) -> Option<String> {
    // Once per process: a command that asks twice shares the connection.
    if TRIED.swap(true, Ordering::SeqCst) {
        return None;
    }
    match Client::connect(socket) {
        Ok(client) => {
            *session() = client;
            None
        }
        Err(e) => Some(match e.hint {
            Some(hint) => format!("{}; not using the agent ({hint})", e.message),
            None => format!("{}; not using the agent", e.message),
        }),
    }
}

fn active() -> bool {
    session().is_some()
}

/// One request; None if there is no agent or it stopped answering (then it
/// is not asked again by this process).
pub(super) fn call(request: &Request) -> Option<Response> {
    let mut session = session();
    let client = session.as_mut()?;
    match client.call(request) {
        Ok(response) => Some(response),
        Err(_) => {
            *session = None;
            None
        }
    }
}

fn wire(stanzas: &[Stanza]) -> Vec<WireStanza> {
    stanzas
        .iter()
        .map(|s| WireStanza {
            tag: s.tag.clone(),
            args: s.args.clone(),
            body: proto::encode(&s.body).to_string(),
        })
        .collect()
}

fn file_key(bytes: &[u8]) -> Option<FileKey> {
    let key: [u8; FILE_KEY_LEN] = bytes.try_into().ok()?;
    Some(FileKey::new(Box::new(key)))
}

/// The agent's answer for a header.
fn ask_unwrap(stanzas: &[Stanza]) -> Option<FileKey> {
    match call(&Request::Unwrap {
        stanzas: wire(stanzas),
    })? {
        Response::FileKey { file_key: key } => file_key(&proto::decode(&key).ok()?),
        _ => None,
    }
}

fn register(stanzas: &[Stanza], key: &[u8]) {
    let _ = call(&Request::Register {
        stanzas: wire(stanzas),
        file_key: proto::encode(key),
    });
}

/// The identities a command decrypts with. With no agent: those `load`
/// reads (asking for a passphrase or a touch as it must). With an agent
/// that knows the vault's file key: that key, then the agent for other
/// headers, then `load` only if both fail (the agent died mid-command).
/// With an agent that does not know it: `load`'s identities, and the file
/// key they unwrap is registered, so the next command needs no prompt.
pub fn identities(
    vault: &Path,
    load: impl FnOnce() -> Result<Vec<Box<dyn Identity>>> + 'static,
) -> Result<Vec<Box<dyn Identity>>> {
    if !active() {
        return load();
    }
    if let Some(stanzas) = header_stanzas(vault) {
        if let Some(key) = ask_unwrap(&stanzas) {
            return Ok(vec![
                Box::new(Known { stanzas, key }),
                Box::new(AskAgent),
                Box::new(Lazy {
                    load: RefCell::new(Some(Box::new(load))),
                    loaded: OnceCell::new(),
                }),
            ]);
        }
    }
    Ok(vec![Box::new(Registering(load()?))])
}

/// Whether the agent can open `vault` now.
pub fn agent_opens(vault: &Path) -> bool {
    header_stanzas(vault).is_some_and(|stanzas| ask_unwrap(&stanzas).is_some())
}

/// Unwraps `vault`'s header with `ids` (a passphrase or a touch, as they
/// need) and registers its file key; false if they cannot open it.
pub fn register_with(vault: &Path, ids: &[Box<dyn Identity>]) -> bool {
    let Some(stanzas) = header_stanzas(vault) else {
        return false;
    };
    match ids.iter().find_map(|id| id.unwrap_stanzas(&stanzas)) {
        Some(Ok(key)) => {
            register(&stanzas, key.expose_secret());
            true
        }
        _ => false,
    }
}

/// Hands unlocked identity text to the agent; the public keys it now holds.
pub fn add_identities(text: &str) -> Result<Vec<String>> {
    let response = call(&Request::Add {
        identities: Zeroizing::new(text.to_owned()),
    });
    match response {
        Some(Response::Added { public_keys }) => Ok(public_keys),
        Some(Response::Error { message }) => Err(anyhow::anyhow!("the agent refused: {message}")),
        _ => Err(anyhow::anyhow!("the agent stopped answering")),
    }
}

/// The file key the agent gave for this command's vault.
struct Known {
    stanzas: Vec<Stanza>,
    key: FileKey,
}

impl Identity for Known {
    fn unwrap_stanza(&self, stanza: &Stanza) -> Option<Result<FileKey, DecryptError>> {
        self.unwrap_stanzas(std::slice::from_ref(stanza))
    }

    fn unwrap_stanzas(&self, stanzas: &[Stanza]) -> Option<Result<FileKey, DecryptError>> {
        let same = stanzas.len() == self.stanzas.len()
            && stanzas
                .iter()
                .zip(&self.stanzas)
                .all(|(a, b)| a.tag == b.tag && a.args == b.args && a.body == b.body);
        same.then(|| Ok(file_key(self.key.expose_secret()).expect("a file key is 16 bytes")))
    }
}

/// Asks the agent for any other header (a vault rewritten meanwhile).
struct AskAgent;

impl Identity for AskAgent {
    fn unwrap_stanza(&self, stanza: &Stanza) -> Option<Result<FileKey, DecryptError>> {
        self.unwrap_stanzas(std::slice::from_ref(stanza))
    }

    fn unwrap_stanzas(&self, stanzas: &[Stanza]) -> Option<Result<FileKey, DecryptError>> {
        ask_unwrap(stanzas).map(Ok)
    }
}

type Loader = Box<dyn FnOnce() -> Result<Vec<Box<dyn Identity>>>>;

/// The identity files, read only if the agent could not help after all.
struct Lazy {
    load: RefCell<Option<Loader>>,
    loaded: OnceCell<Vec<Box<dyn Identity>>>,
}

impl Identity for Lazy {
    fn unwrap_stanza(&self, stanza: &Stanza) -> Option<Result<FileKey, DecryptError>> {
        self.unwrap_stanzas(std::slice::from_ref(stanza))
    }

    fn unwrap_stanzas(&self, stanzas: &[Stanza]) -> Option<Result<FileKey, DecryptError>> {
        let ids = match self.loaded.get() {
            Some(ids) => ids,
            None => {
                let load = self.load.borrow_mut().take()?;
                // A failure here reads as "no identity can open it".
                self.loaded.get_or_init(|| load().unwrap_or_default())
            }
        };
        Registering::unwrap_with(ids, stanzas)
    }
}

/// Identities read from files; each file key they unwrap is registered
/// with the agent (a hardware key is touched once per vault version).
struct Registering(Vec<Box<dyn Identity>>);

impl Registering {
    fn unwrap_with(
        ids: &[Box<dyn Identity>],
        stanzas: &[Stanza],
    ) -> Option<Result<FileKey, DecryptError>> {
        let found = ids.iter().find_map(|id| id.unwrap_stanzas(stanzas));
        if let Some(Ok(key)) = &found {
            register(stanzas, key.expose_secret());
        }
        found
    }
}

impl Identity for Registering {
    fn unwrap_stanza(&self, stanza: &Stanza) -> Option<Result<FileKey, DecryptError>> {
        self.unwrap_stanzas(std::slice::from_ref(stanza))
    }

    fn unwrap_stanzas(&self, stanzas: &[Stanza]) -> Option<Result<FileKey, DecryptError>> {
        Registering::unwrap_with(&self.0, stanzas)
    }
}

/// The file key and stanzas of a vault being written, to register once it
/// is whole; empty when there is no agent.
#[derive(Default)]
pub struct Written(Option<Arc<Mutex<Captured>>>);

#[derive(Default)]
struct Captured {
    key: Option<Zeroizing<[u8; FILE_KEY_LEN]>>,
    stanzas: Vec<Stanza>,
}

impl Written {
    /// Registers the new header's file key with the agent.
    pub fn register(&self) {
        let Some(captured) = &self.0 else { return };
        let captured = captured.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(key) = &captured.key {
            register(&captured.stanzas, &key[..]);
        }
    }
}

/// A recipient that remembers the file key it wraps and the stanzas made.
struct Capturing {
    inner: Box<dyn Recipient + Send>,
    captured: Arc<Mutex<Captured>>,
}

impl Recipient for Capturing {
    fn wrap_file_key(
        &self,
        file_key: &FileKey,
    ) -> Result<(Vec<Stanza>, HashSet<String>), EncryptError> {
        let (stanzas, labels) = self.inner.wrap_file_key(file_key)?;
        let mut captured = self.captured.lock().unwrap_or_else(|e| e.into_inner());
        captured.key = Some(Zeroizing::new(*file_key.expose_secret()));
        captured.stanzas.extend(stanzas.iter().map(copy));
        Ok((stanzas, labels))
    }
}

/// Wraps the recipients of a vault about to be written so that its file
/// key can be registered (see [`Written::register`]); unchanged with no agent.
pub fn capture(
    recipients: Vec<Box<dyn Recipient + Send>>,
) -> (Vec<Box<dyn Recipient + Send>>, Written) {
    if !active() {
        return (recipients, Written::default());
    }
    let captured = Arc::new(Mutex::new(Captured::default()));
    let wrapped = recipients
        .into_iter()
        .map(|inner| {
            Box::new(Capturing {
                inner,
                captured: captured.clone(),
            }) as Box<dyn Recipient + Send>
        })
        .collect();
    (wrapped, Written(Some(captured)))
}

/// One secret's line from an agent started with `--cache-vault`: Some(None)
/// when its cached vault has no such secret; None when it cannot answer
/// for this very file (not cached, changed since, or no agent).
pub fn cached_line(vault: &Path, name: &str) -> Option<Option<Zeroizing<Vec<u8>>>> {
    if !active() {
        return None;
    }
    let header = header_bytes(vault)?;
    let response = call(&Request::Find {
        vault: vault.to_path_buf(),
        header: proto::encode(&header).to_string(),
        name: name.to_owned(),
    })?;
    match response {
        Response::Line { line } => Some(Some(proto::decode(&line).ok()?)),
        Response::Missing => Some(None),
        _ => None,
    }
}
