//! `arca recipients list|add|remove`: who can open the vault.

use std::io::Write;

use anyhow::Result;
use serde_json::json;

use crate::cli::RecipientsCommand;
use crate::error::{conflict, not_found};
use crate::keys;

use super::Ctx;

pub fn run(ctx: &Ctx, command: RecipientsCommand) -> Result<()> {
    match command {
        RecipientsCommand::List => {
            let vault = ctx.load()?;
            if ctx.out.is_json() {
                return ctx.out.json(&json!({ "Recipients": vault.recipients }));
            }
            let mut out = std::io::stdout().lock();
            for recipient in &vault.recipients {
                writeln!(out, "{recipient}")?;
            }
            out.flush()?;
            Ok(())
        }
        RecipientsCommand::Add(args) => {
            keys::parse_recipients(&args.keys)?;
            let added = ctx.write(|vault| {
                let before = vault.recipients.len();
                for key in &args.keys {
                    if !vault.recipients.contains(key) {
                        vault.recipients.push(key.clone());
                    }
                }
                // Keys it already had: nothing to re-encrypt.
                let added = vault.recipients.len() - before;
                if added > 0 {
                    vault.mark_dirty();
                }
                Ok(added)
            })?;
            ctx.out.note(&format!(
                "added {added} recipient(s); the vault is re-encrypted"
            ));
            Ok(())
        }
        RecipientsCommand::Remove(args) => {
            ctx.write(|vault| {
                if let Some(missing) = args.keys.iter().find(|k| !vault.recipients.contains(k)) {
                    return Err(
                        not_found(format!("{missing} is not a recipient of this vault")).into(),
                    );
                }
                vault.recipients.retain(|r| !args.keys.contains(r));
                if vault.recipients.is_empty() {
                    return Err(conflict("that would leave the vault with no recipient").into());
                }
                if !keys::can_open(&vault.recipients, ctx.identities()?)? {
                    return Err(conflict(
                        "none of your identities could open the vault after that",
                    )
                    .hint(
                        "add a recipient you hold a key for first, or remove from another machine",
                    )
                    .into());
                }
                vault.mark_dirty();
                Ok(())
            })?;
            ctx.out.note(&format!(
                "removed {} recipient(s); the vault is re-encrypted. They keep any copy they already had: rotate what they could read",
                args.keys.len()
            ));
            Ok(())
        }
    }
}
