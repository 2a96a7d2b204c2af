//! Identities (who can decrypt) and recipients (to whom the vault is
//! encrypted), read the way `age -d -i` reads them.

use std::fs;
use std::io::{IsTerminal, Read, Write};
use std::os::unix::fs::PermissionsExt;
use std::path::Path;

use age::cli_common::{read_identities, read_recipients, StdinGuard};
use age::secrecy::{ExposeSecret, SecretString};
use age::{Identity, Recipient};
use anyhow::{Context, Result};
use zeroize::Zeroizing;

use crate::error::{self, usage, ArcaError, Exit};

/// The identities to decrypt with: `ARCA_KEY` when set, else the identity files.
pub fn load_identities(files: &[impl AsRef<Path>]) -> Result<Vec<Box<dyn Identity>>> {
    if let Some(text) = arca_key()? {
        return identities_from_text(&text);
    }
    let mut identities: Vec<Box<dyn Identity>> = Vec::new();
    for file in files {
        let path = file.as_ref();
        check_identity_file(path)?;
        let name = path.to_string_lossy().into_owned();
        if is_passphrase_protected(path) {
            identities.push(passphrase_identity(path, name)?);
            continue;
        }
        identities.extend(
            read_identities(vec![name], None, &mut StdinGuard::new(false))
                .map_err(|e| error::vault(format!("cannot read identity: {e}")))?,
        );
    }
    Ok(identities)
}

/// A passphrase-protected identity file (`age -p`), read as `age -d -i`
/// reads it, but with [`Prompt`] asking for the passphrase.
fn passphrase_identity(path: &Path, name: String) -> Result<Box<dyn Identity>> {
    let unreadable = |e: &dyn std::fmt::Display| error::vault(format!("cannot read identity: {e}"));
    let file = fs::File::open(path).map_err(|e| unreadable(&e))?;
    let reader = age::armor::ArmoredReader::new(std::io::BufReader::new(file));
    match age::encrypted::Identity::from_buffer(reader, Some(name), Prompt, None) {
        Ok(Some(identity)) => Ok(Box::new(identity)),
        Ok(None) => Err(unreadable(&"it is an age file, but not protected by a passphrase").into()),
        Err(e) => Err(unreadable(&e).into()),
    }
}

/// Why the last passphrase prompt gave no passphrase; age reports every
/// such case as a failed decryption, which reads as a wrong passphrase.
static PROMPT_FAILURE: std::sync::Mutex<Option<String>> = std::sync::Mutex::new(None);

/// What happened to a passphrase prompt that gave nothing (cancelled, timed
/// out, failed), if one did.
pub fn prompt_failure() -> Option<String> {
    PROMPT_FAILURE.lock().ok()?.clone()
}

/// age's terminal and pinentry prompts, remembering why a passphrase
/// prompt gave nothing.
#[derive(Clone, Copy)]
struct Prompt;

impl age::Callbacks for Prompt {
    fn display_message(&self, message: &str) {
        crate::output::to_stderr(&crate::output::sanitize(message));
    }

    fn confirm(&self, message: &str, yes: &str, no: Option<&str>) -> Option<bool> {
        age::cli_common::UiCallbacks.confirm(message, yes, no)
    }

    fn request_public_string(&self, description: &str) -> Option<String> {
        age::cli_common::UiCallbacks.request_public_string(description)
    }

    fn request_passphrase(&self, description: &str) -> Option<SecretString> {
        use pinentry::Error as E;
        let failed = match age::cli_common::read_secret(description, "Passphrase", None) {
            Ok(passphrase) => return Some(passphrase),
            Err(E::Cancelled) => "the passphrase prompt was cancelled".to_owned(),
            Err(E::Timeout) => "the passphrase prompt timed out".to_owned(),
            Err(e) => format!("the passphrase prompt failed ({e})"),
        };
        if let Ok(mut slot) = PROMPT_FAILURE.lock() {
            *slot = Some(failed);
        }
        None
    }
}

/// The identity text in `ARCA_KEY`, when it is set and not empty.
pub fn arca_key() -> Result<Option<Zeroizing<String>>> {
    match std::env::var_os("ARCA_KEY").filter(|v| !v.is_empty()) {
        None => Ok(None),
        Some(text) => text
            .into_string()
            .map(|t| Some(Zeroizing::new(t)))
            .map_err(|_| {
                error::vault("ARCA_KEY is not valid UTF-8")
                    .hint("set ARCA_KEY to the text of an age identity file")
                    .into()
            }),
    }
}

fn identities_from_text(text: &str) -> Result<Vec<Box<dyn Identity>>> {
    let invalid = || {
        error::vault("ARCA_KEY does not hold an age identity")
            .hint("set ARCA_KEY to the AGE-SECRET-KEY-1… line(s) of an identity file")
    };
    let file = age::IdentityFile::from_buffer(text.as_bytes()).map_err(|_| invalid())?;
    let identities = file
        .into_identities()
        .map_err(|e| error::vault(format!("ARCA_KEY: {e}")))?;
    if identities.is_empty() {
        return Err(invalid().into());
    }
    Ok(identities
        .into_iter()
        .map(|i| i as Box<dyn Identity>)
        .collect())
}

/// Refuses what would end in a confusing failure or a leak: a missing file,
/// one others can read (as ssh does), or a passphrase-protected identity with
/// no terminal to ask on.
fn check_identity_file(path: &Path) -> Result<()> {
    let meta = match fs::metadata(path) {
        Ok(meta) => meta,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Err(error::vault(format!("no identity at {}", path.display()))
                .hint("run 'arca init', pass --identity PATH, or set ARCA_KEY to the identity text")
                .into())
        }
        Err(e) => return Err(e).with_context(|| format!("reading {}", path.display())),
    };
    let mode = meta.permissions().mode();
    if meta.is_file() && mode & 0o077 != 0 {
        return Err(error::vault(format!(
            "identity {} is readable by others (mode {:o})",
            path.display(),
            mode & 0o777
        ))
        .hint(format!("chmod 600 {}", path.display()))
        .into());
    }
    if is_passphrase_protected(path) && !std::io::stdin().is_terminal() {
        return Err(error::vault(format!(
            "identity {} is protected by a passphrase and there is no terminal to ask for it",
            path.display()
        ))
        .hint("in CI and scripts, set ARCA_KEY to an identity without a passphrase")
        .into());
    }
    Ok(())
}

/// An identity file encrypted with `age -p` (binary or armored).
fn is_passphrase_protected(path: &Path) -> bool {
    let mut head = [0u8; 40];
    let n = fs::File::open(path)
        .and_then(|mut f| f.read(&mut head))
        .unwrap_or(0);
    let head = &head[..n];
    head.starts_with(b"age-encryption.org/") || head.starts_with(b"-----BEGIN AGE ENCRYPTED FILE")
}

/// Parses recipient strings (`age1…`, `ssh-ed25519 …`, plugin recipients).
pub fn parse_recipients(recipients: &[String]) -> Result<Vec<Box<dyn Recipient + Send>>> {
    read_recipients(
        recipients.to_vec(),
        vec![],
        vec![],
        None,
        &mut StdinGuard::new(false),
    )
    .map_err(|e| usage(format!("invalid recipient: {e}")).into())
}

/// A new X25519 identity in `age-keygen`'s file format, and its public key.
pub fn generate_identity(created: jiff::Timestamp) -> (Zeroizing<String>, String) {
    let identity = age::x25519::Identity::generate();
    let public = identity.to_public().to_string();
    let text = Zeroizing::new(format!(
        "# created: {}\n# public key: {public}\n{}\n",
        created.strftime("%Y-%m-%dT%H:%M:%SZ"),
        identity.to_string().expose_secret()
    ));
    (text, public)
}

/// The public keys of an existing plain X25519 identity file.
pub fn public_keys_of(path: &Path) -> Result<Vec<String>> {
    if is_passphrase_protected(path) {
        return Err(ArcaError::new(
            Exit::Usage,
            format!("identity {} is protected by a passphrase", path.display()),
        )
        .hint("pass its public key with 'arca init --recipient age1…'")
        .into());
    }
    let text = Zeroizing::new(
        fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?,
    );
    public_keys_in(&text, &path.display().to_string())
}

/// The public keys of the X25519 identities in identity text.
pub fn public_keys_in(text: &str, source: &str) -> Result<Vec<String>> {
    let keys: Vec<String> = text
        .lines()
        .filter_map(|line| line.trim().parse::<age::x25519::Identity>().ok())
        .map(|identity| identity.to_public().to_string())
        .collect();
    if keys.is_empty() {
        return Err(usage(format!(
            "{source} holds no X25519 key to take a public key from"
        ))
        .hint("pass its public key with 'arca init --recipient …'")
        .into());
    }
    Ok(keys)
}

/// Whether these identities can open a file encrypted to these recipients:
/// a trial, so that no change of recipients locks their holder out.
pub fn can_open(recipients: &[String], identities: &[Box<dyn Identity>]) -> Result<bool> {
    let recipients = parse_recipients(recipients)?;
    let encryptor = age::Encryptor::with_recipients(recipients.iter().map(|r| r.as_ref() as _))?;
    let mut probe = Vec::new();
    let mut writer = encryptor.wrap_output(&mut probe)?;
    writer.write_all(b"probe")?;
    writer.finish()?;
    let decryptor = age::Decryptor::new_buffered(&probe[..])?;
    Ok(decryptor
        .decrypt(identities.iter().map(|i| i.as_ref() as &dyn Identity))
        .is_ok())
}

/// Encrypts identity text with a passphrase, armored, as `age -p -a` does.
pub fn protect_with_passphrase(text: &str, passphrase: SecretString) -> Result<Vec<u8>> {
    let encryptor = age::Encryptor::with_user_passphrase(passphrase);
    let mut out = Vec::new();
    let armor = age::armor::ArmoredWriter::wrap_output(&mut out, age::armor::Format::AsciiArmor)?;
    let mut writer = encryptor.wrap_output(armor)?;
    writer.write_all(text.as_bytes())?;
    writer.finish()?.finish()?;
    Ok(out)
}
