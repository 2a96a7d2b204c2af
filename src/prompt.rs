//! Asking a person for a passphrase: on the controlling terminal
//! (`/dev/tty`) whenever there is one, whatever stdin is, as age, gpg and
//! ssh do; through a pinentry program only when there is no terminal and
//! `PINENTRY_PROGRAM` names one.

use std::fs::OpenOptions;

use age::secrecy::SecretString;
use anyhow::Result;
use zeroize::Zeroizing;

use crate::error::{self, ArcaError};

/// Whether this process has a controlling terminal to ask on.
pub fn has_terminal() -> bool {
    OpenOptions::new()
        .read(true)
        .write(true)
        .open("/dev/tty")
        .is_ok()
}

/// Where a passphrase can be asked for.
pub enum Asker {
    /// Inline on /dev/tty, echo off.
    Terminal,
    /// The pinentry program configured in `PINENTRY_PROGRAM`.
    Pinentry(String),
}

impl Asker {
    /// The terminal if there is one, else a configured pinentry, else None.
    pub fn find() -> Option<Asker> {
        if has_terminal() {
            return Some(Asker::Terminal);
        }
        std::env::var("PINENTRY_PROGRAM")
            .ok()
            .filter(|p| !p.trim().is_empty())
            .map(Asker::Pinentry)
    }

    /// Asks once. An empty entry, a cancelled or timed-out pinentry are
    /// errors that say so (exit 5), not a wrong passphrase.
    pub fn passphrase(&self, what: &str) -> Result<SecretString> {
        let entry = match self {
            Asker::Terminal => {
                let typed = rpassword::prompt_password(format!("Enter passphrase for {what}: "))
                    .map(Zeroizing::new)
                    .map_err(|e| error::vault(format!("reading the passphrase for {what}: {e}")))?;
                SecretString::from(typed.as_str())
            }
            Asker::Pinentry(program) => pinentry(program, what)?,
        };
        use age::secrecy::ExposeSecret;
        if entry.expose_secret().is_empty() {
            return Err(no_entry(what, "no passphrase was entered").into());
        }
        Ok(entry)
    }
}

fn pinentry(program: &str, what: &str) -> Result<SecretString> {
    let Some(mut input) = pinentry::PassphraseInput::with_binary(program) else {
        return Err(error::vault(format!(
            "PINENTRY_PROGRAM={program} cannot be run to ask for the passphrase for {what}"
        ))
        .hint("install it, or unset PINENTRY_PROGRAM and run arca on a terminal")
        .into());
    };
    let description = format!("Passphrase for {what}");
    input
        .with_description(&description)
        .with_prompt("Passphrase:")
        .with_timeout(60);
    input.interact().map_err(|e| match e {
        pinentry::Error::Cancelled => no_entry(what, "the passphrase prompt was cancelled").into(),
        pinentry::Error::Timeout => no_entry(what, "the passphrase prompt timed out (60 s)").into(),
        other => anyhow::Error::from(error::vault(format!(
            "pinentry ({program}) failed asking for the passphrase for {what}: {other}"
        ))),
    })
}

fn no_entry(what: &str, happened: &str) -> ArcaError {
    error::vault(format!("{happened}; {what} stays locked"))
        .hint("run the command again and enter the passphrase, or press Ctrl-C to stop")
}
