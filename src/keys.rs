//! Identities (who can decrypt) and recipients (to whom the vault is
//! encrypted), read the way `age -d -i` reads them.

use std::fs;
use std::io::{Read, Write};
use std::os::unix::fs::PermissionsExt;
use std::path::Path;

use age::cli_common::{read_identities, read_recipients, StdinGuard};
use age::secrecy::{ExposeSecret, SecretString};
use age::{Identity, Recipient};
use anyhow::{Context, Result};
use zeroize::Zeroizing;

use crate::error::{self, usage, ArcaError, Exit};

/// The identities to decrypt with: `ARCA_KEY` when set, else the identity
/// files. A passphrase-protected file is unlocked here, asking on the
/// terminal (see [`crate::prompt`]).
pub fn load_identities(files: &[impl AsRef<Path>]) -> Result<Vec<Box<dyn Identity>>> {
    if let Some(text) = arca_key()? {
        crate::verbose!("identity: ARCA_KEY (the identity files are not read)");
        return identities_from_text(&text);
    }
    let mut identities = Vec::new();
    for file in files {
        let path = file.as_ref();
        check_identity_file(path)?;
        if is_passphrase_protected(path) {
            crate::verbose!("identity: {} (protected by a passphrase)", path.display());
            identities.extend(unlock(path)?);
            continue;
        }
        crate::verbose!("identity: {}", path.display());
        let name = path.to_string_lossy().into_owned();
        identities.extend(
            read_identities(vec![name], None, &mut StdinGuard::new(false))
                .map_err(|e| error::vault(format!("cannot read identity: {e}")))?,
        );
    }
    Ok(identities)
}

/// The identity text in `ARCA_KEY`, when it is set and holds more than
/// white space.
pub fn arca_key() -> Result<Option<Zeroizing<String>>> {
    let Some(text) = std::env::var_os("ARCA_KEY") else {
        return Ok(None);
    };
    let text = Zeroizing::new(text.into_string().map_err(|_| {
        error::vault("ARCA_KEY is not valid UTF-8")
            .hint("set ARCA_KEY to the text of an age identity file")
    })?);
    if text.trim().is_empty() {
        crate::verbose!("identity: ARCA_KEY is set but empty; reading the identity files");
        return Ok(None);
    }
    Ok(Some(text))
}

/// `ARCA_KEY` set to nothing, as GitHub does for a pull request from a fork.
fn arca_key_is_empty() -> bool {
    std::env::var_os("ARCA_KEY").is_some_and(|v| v.to_string_lossy().trim().is_empty())
}

fn identities_from_text(text: &str) -> Result<Vec<Box<dyn Identity>>> {
    let invalid = || {
        error::vault("ARCA_KEY does not hold an age identity")
            .hint("set ARCA_KEY to the AGE-SECRET-KEY-1… line(s) of an identity file")
    };
    // Indented or padded text (a YAML block, a pasted line) is still the key.
    let mut trimmed = Zeroizing::new(String::with_capacity(text.len()));
    for line in text.lines() {
        trimmed.push_str(line.trim());
        trimmed.push('\n');
    }
    let file = age::IdentityFile::from_buffer(trimmed.as_bytes()).map_err(|_| invalid())?;
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
/// or one others can read (as ssh does).
fn check_identity_file(path: &Path) -> Result<()> {
    let meta = match fs::metadata(path) {
        Ok(meta) => meta,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound && arca_key_is_empty() => {
            return Err(error::vault(format!(
                "ARCA_KEY is set but empty, and there is no identity at {}",
                path.display()
            ))
            .hint("in CI, check that the secret holding the key reaches this job (GitHub passes no secrets to pull requests from forks)")
            .into())
        }
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
    Ok(())
}

/// How many passphrases a person may type before arca gives up (as ssh).
const TRIES: u32 = 3;

/// The identities in a passphrase-protected file (`age -p`, armored or
/// not), asking for the passphrase on the terminal, or through a
/// configured pinentry when there is none; with neither, exit 5.
fn unlock(path: &Path) -> Result<Vec<Box<dyn Identity>>> {
    let what = format!("identity {}", path.display());
    let Some(asker) = crate::prompt::Asker::find() else {
        return Err(error::vault(format!(
            "{what} is protected by a passphrase and there is no terminal to ask for it"
        ))
        .hint("in CI and scripts, set ARCA_KEY to an identity without a passphrase")
        .into());
    };
    let sealed =
        Zeroizing::new(fs::read(path).with_context(|| format!("reading {}", path.display()))?);
    let tries = match asker {
        crate::prompt::Asker::Terminal => TRIES,
        crate::prompt::Asker::Pinentry(_) => 1,
    };
    let mut attempt = 1;
    loop {
        let passphrase = asker.passphrase(&what)?;
        let started = std::time::Instant::now();
        match open_sealed(&sealed, passphrase) {
            Ok(identities) => {
                crate::verbose!("{what}: unlocked in {:?}", started.elapsed());
                return Ok(identities);
            }
            Err(Unseal::WrongPassphrase) if attempt < tries => {
                crate::output::to_stderr(&format!(
                    "wrong passphrase; try again ({} left)",
                    tries - attempt
                ));
                attempt += 1;
            }
            Err(Unseal::WrongPassphrase) => {
                return Err(error::vault(format!("wrong passphrase for {what}"))
                    .hint(
                        "the passphrase is the one given to 'arca init --passphrase' (or 'age -p')",
                    )
                    .into())
            }
            Err(Unseal::Other(e)) => {
                return Err(error::vault(format!("cannot read {what}: {e}")).into())
            }
        }
    }
}

enum Unseal {
    WrongPassphrase,
    Other(String),
}

fn open_sealed(sealed: &[u8], passphrase: SecretString) -> Result<Vec<Box<dyn Identity>>, Unseal> {
    use age::DecryptError as D;
    let other = |e: &dyn std::fmt::Display| Unseal::Other(e.to_string());
    let decryptor =
        age::Decryptor::new(age::armor::ArmoredReader::new(sealed)).map_err(|e| other(&e))?;
    let identity = age::scrypt::Identity::new(passphrase);
    let mut reader = decryptor
        .decrypt(std::iter::once(&identity as &dyn Identity))
        .map_err(|e| match e {
            D::DecryptionFailed | D::KeyDecryptionFailed | D::NoMatchingKeys => {
                Unseal::WrongPassphrase
            }
            e => other(&e),
        })?;
    let mut text = Zeroizing::new(Vec::new());
    reader.read_to_end(&mut text).map_err(|e| other(&e))?;
    let file = age::IdentityFile::from_buffer(&text[..])
        .map_err(|e| other(&e))?
        .with_callbacks(age::cli_common::UiCallbacks);
    let identities = file.into_identities().map_err(|e| other(&e))?;
    Ok(identities
        .into_iter()
        .map(|i| i as Box<dyn Identity>)
        .collect())
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

/// Whether two recipient strings are the same key: equal, or the same
/// `ssh-… AAAA…` key with another or no comment.
pub fn same_recipient(a: &str, b: &str) -> bool {
    let key = |s: &str| -> String {
        let s = s.trim();
        if s.starts_with("ssh-") {
            s.split_whitespace().take(2).collect::<Vec<_>>().join(" ")
        } else {
            s.to_owned()
        }
    };
    a == b || key(a) == key(b)
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
