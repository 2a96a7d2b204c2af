//! `arca init`: an identity (unless one exists) and an empty vault.

use age::secrecy::SecretString;
use anyhow::{Context, Result};

use crate::cli::InitArgs;
use crate::error::{conflict, usage};
use crate::vault::{Lock, Vault};
use crate::{keys, paths};

use super::Ctx;

pub fn run(ctx: &Ctx, args: InitArgs) -> Result<()> {
    let vault_path = &ctx.paths.vault;
    let identity_path = &ctx.paths.identities[0];
    keys::parse_recipients(&args.recipient)?;
    if args.passphrase && !crate::prompt::has_terminal() {
        return Err(
            usage("--passphrase asks for the passphrase on a terminal, and there is none").into(),
        );
    }
    let _lock = Lock::acquire(vault_path)?;
    // A dangling symlink: saving would replace the link, not create its target.
    if let (Ok(link), false) = (std::fs::read_link(vault_path), vault_path.exists()) {
        return Err(conflict(format!(
            "{} is a symbolic link to {}, which does not exist",
            vault_path.display(),
            link.display()
        ))
        .hint(
            "create the vault where the link points (arca init --vault TARGET), or remove the link",
        )
        .into());
    }
    if vault_path.exists() {
        return Err(conflict(format!(
            "a vault already exists at {}",
            vault_path.display()
        ))
        .hint("arca never overwrites a vault; use --vault PATH for another one")
        .into());
    }

    // A temp copy of the identity from an init killed mid-write.
    paths::remove_temps_of(identity_path);
    let mut recipients = Vec::new();
    if let Some(key) = keys::arca_key()? {
        // CI: the key in the environment is the identity; no file is written.
        if args.passphrase {
            return Err(
                usage("--passphrase protects an identity file, and ARCA_KEY is set").into(),
            );
        }
        recipients.extend(keys::public_keys_in(&key, "ARCA_KEY")?);
        ctx.out.note("using the identity in ARCA_KEY");
    } else if identity_path.exists() {
        if args.passphrase {
            return Err(conflict(format!(
                "an identity already exists at {}; --passphrase only protects a new one",
                identity_path.display()
            ))
            .into());
        }
        recipients.extend(keys::public_keys_of(identity_path)?);
        ctx.out
            .note(&format!("using the identity {}", identity_path.display()));
    } else {
        let (text, public) = keys::generate_identity(ctx.now);
        let contents = if args.passphrase {
            keys::protect_with_passphrase(&text, ask_new_passphrase()?)?
        } else {
            text.as_bytes().to_vec()
        };
        paths::create_parent_dir(identity_path)?;
        paths::write_new_file(identity_path, &contents)
            .with_context(|| format!("writing {}", identity_path.display()))?;
        ctx.out
            .note(&format!("created the identity {}", identity_path.display()));
        recipients.push(public);
    }
    for recipient in args.recipient {
        if !recipients.contains(&recipient) {
            recipients.push(recipient);
        }
    }
    let public = recipients[0].clone();
    Vault::new(recipients, ctx.now).save(vault_path)?;
    ctx.out
        .note(&format!("created the vault {}", vault_path.display()));
    crate::output::confirm(&public);
    Ok(())
}

fn ask_new_passphrase() -> Result<SecretString> {
    let passphrase = crate::input::ask_twice("Passphrase for the new identity", "the passphrase")?;
    if passphrase.is_empty() {
        return Err(usage("the passphrase is empty").into());
    }
    Ok(SecretString::from(passphrase.as_str()))
}
