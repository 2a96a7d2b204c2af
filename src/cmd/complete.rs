//! `arca __complete names|env PREFIX`: secret names for the shell
//! completion wrappers (src/complete_names.rs). Not a clap subcommand, so it
//! appears in no help or script. It never prompts and never fails loudly:
//! without a key usable as is (ARCA_KEY, or a plain X25519 identity file
//! that only its owner can read) it prints nothing. The vault and identity
//! come from ARCA_VAULT and ARCA_IDENTITY or the defaults.

use std::io::{self, Write};
use std::os::unix::fs::PermissionsExt;
use std::path::PathBuf;
use std::process::ExitCode;

use age::Identity;
use anyhow::Result;
use zeroize::Zeroizing;

use crate::paths::Paths;
use crate::vault::Vault;
use crate::{clock, keys};

#[derive(Clone, Copy)]
enum What {
    /// Names starting with PREFIX.
    Names,
    /// `VAR=NAME` for a PREFIX of `VAR=…`.
    Env,
}

/// Runs the helper when arca was called as `arca __complete …`.
pub fn intercept() -> Option<ExitCode> {
    let mut args = std::env::args_os().skip(1);
    if args.next()? != "__complete" {
        return None;
    }
    let what = match args.next().as_ref().and_then(|w| w.to_str()) {
        Some("names") => What::Names,
        Some("env") => What::Env,
        _ => return Some(ExitCode::from(2)),
    };
    let prefix = args.next().unwrap_or_default();
    let _ = run(what, &prefix.to_string_lossy());
    Some(ExitCode::SUCCESS)
}

fn run(what: What, typed: &str) -> Result<()> {
    // env: `VAR=NAME…`; the variable part is kept as typed.
    let (keep, prefix) = match what {
        What::Names => ("", typed),
        What::Env => match typed.split_once('=') {
            Some((var, rest)) => (var, rest),
            None => return Ok(()),
        },
    };
    let env = |name: &str| std::env::var_os(name).filter(|v| !v.is_empty());
    let paths = Paths::resolve(
        env("ARCA_VAULT").map(PathBuf::from),
        env("ARCA_IDENTITY")
            .map(PathBuf::from)
            .into_iter()
            .collect(),
        None,
    )?;
    let identities = identities_without_prompt(&paths.identities);
    if identities.is_empty() {
        return Ok(());
    }
    let mut names = Vec::new();
    let keys = crate::vault::FileKeys::new(identities);
    let scanned = Vault::scan_fold(
        &paths.vault,
        &keys,
        clock::now(),
        |names: &mut Vec<String>, entry| {
            if entry.deletion().is_none() && entry.name().starts_with(prefix) {
                names.push(entry.name().to_owned());
            }
        },
        |more| names.extend(more),
    );
    if scanned.is_err() {
        return Ok(());
    }
    let mut out = io::stdout().lock();
    for name in names {
        let line = match what {
            What::Names => format!("{name}\n"),
            What::Env => format!("{keep}={name}\n"),
        };
        out.write_all(line.as_bytes())?;
    }
    out.flush()?;
    Ok(())
}

/// The X25519 keys of ARCA_KEY, else of the identity files that are plain
/// text and private; passphrase-protected files, plugin and SSH identities
/// (which may ask for something) are passed over.
fn identities_without_prompt(files: &[PathBuf]) -> Vec<Box<dyn Identity>> {
    if let Ok(Some(text)) = keys::arca_key() {
        return x25519_lines(&text);
    }
    let mut out = Vec::new();
    for path in files {
        let private = std::fs::metadata(path)
            .is_ok_and(|m| m.is_file() && m.permissions().mode() & 0o077 == 0);
        if !private {
            continue;
        }
        if let Ok(text) = std::fs::read_to_string(path) {
            out.extend(x25519_lines(&Zeroizing::new(text)));
        }
    }
    out
}

fn x25519_lines(text: &str) -> Vec<Box<dyn Identity>> {
    text.lines()
        .filter_map(|line| line.trim().parse::<age::x25519::Identity>().ok())
        .map(|identity| Box::new(identity) as Box<dyn Identity>)
        .collect()
}
