//! `arca recipients list|add|remove`: who can open the vault, and the
//! labels that say who is who (kept in the payload header).

use std::io::Write;

use anyhow::Result;
use serde_json::json;

use crate::cli::{OutputFormat, RecipientsAddArgs, RecipientsCommand};
use crate::error::{conflict, not_found, usage};
use crate::keys;
use crate::vault::Vault;

use super::Ctx;

pub fn run(ctx: &Ctx, command: RecipientsCommand) -> Result<()> {
    match command {
        RecipientsCommand::List => list(ctx),
        RecipientsCommand::Add(args) => add(ctx, args),
        RecipientsCommand::Remove(args) => remove(ctx, &args.keys),
    }
}

fn list(ctx: &Ctx) -> Result<()> {
    let vault = ctx.load()?;
    let label = |r: &String| vault.labels.get(r).cloned().unwrap_or_default();
    match ctx.out.list_format() {
        OutputFormat::Json => ctx.out.json(&json!({
            "Recipients": vault.recipients,
            "Labels": vault.labels,
        })),
        OutputFormat::Table => ctx.out.rows(
            OutputFormat::Table,
            &["LABEL", "RECIPIENT"],
            vault
                .recipients
                .iter()
                .map(|r| vec![label(r), r.clone()])
                .collect(),
        ),
        OutputFormat::Text => {
            // The key alone when unlabelled, so `cut -f1` gives the keys.
            let mut out = std::io::stdout().lock();
            for r in &vault.recipients {
                match vault.labels.get(r) {
                    Some(l) => writeln!(out, "{r}\t{}", crate::output::field(l))?,
                    None => writeln!(out, "{r}")?,
                }
            }
            out.flush()?;
            Ok(())
        }
    }
}

fn add(ctx: &Ctx, args: RecipientsAddArgs) -> Result<()> {
    keys::parse_recipients(&args.keys)?;
    if let Some(label) = &args.label {
        check_label(label)?;
        if args.keys.len() > 1 {
            return Err(usage("--label names one recipient; add the others separately").into());
        }
    }
    let (added, labelled) = ctx.write(|vault| {
        let mut added = 0;
        let mut labelled = false;
        for key in &args.keys {
            let recipient = match vault.recipients.iter().find(|r| keys::same_recipient(r, key)) {
                Some(r) => r.clone(),
                None => {
                    vault.recipients.push(key.clone());
                    added += 1;
                    key.clone()
                }
            };
            if let Some(label) = &args.label {
                // Labels left behind by an older arca go when one is set.
                let current = vault.recipients.clone();
                vault.labels.retain(|r, _| current.contains(r));
                if let Some((other, _)) = vault
                    .labels
                    .iter()
                    .find(|(r, l)| *l == label && **r != recipient)
                {
                    return Err(conflict(format!(
                        "the label '{label}' is already on {other}"
                    ))
                    .hint(format!("labels are unique; 'arca recipients remove {label}' first, or choose another"))
                    .into());
                }
                if vault.labels.get(&recipient) != Some(label) {
                    vault.labels.insert(recipient, label.clone());
                    labelled = true;
                }
            }
        }
        // Keys it already had and no new label: nothing to re-encrypt.
        if added > 0 || labelled {
            vault.mark_dirty();
        }
        Ok((added, labelled))
    })?;
    let mut note = format!("added {added} recipient(s)");
    if labelled {
        note.push_str(", labelled");
    }
    if added > 0 {
        note.push_str("; the vault is re-encrypted");
    }
    ctx.out.note(&note);
    Ok(())
}

fn remove(ctx: &Ctx, wanted: &[String]) -> Result<()> {
    let removed = ctx.write(|vault| {
        let mut gone = Vec::new();
        for want in wanted {
            let found = find(vault, want).ok_or_else(|| {
                not_found(format!("{want} is not a recipient or label of this vault"))
                    .hint("'arca recipients list' shows them")
            })?;
            if !gone.contains(&found) {
                gone.push(found);
            }
        }
        vault.recipients.retain(|r| !gone.contains(r));
        vault.labels.retain(|r, _| !gone.contains(r));
        if vault.recipients.is_empty() {
            return Err(conflict("that would leave the vault with no recipient").into());
        }
        if !keys::can_open(&vault.recipients, ctx.identities()?)? {
            return Err(
                conflict("none of your identities could open the vault after that")
                    .hint(
                        "add a recipient you hold a key for first, or remove from another machine",
                    )
                    .into(),
            );
        }
        vault.mark_dirty();
        Ok(gone.len())
    })?;
    ctx.out.note(&format!(
        "removed {removed} recipient(s); the vault is re-encrypted. They keep any copy they already had: rotate what they could read"
    ));
    Ok(())
}

/// The recipient a KEY|LABEL argument names: its label, the key as stored,
/// or the same key with another (or no) ssh comment. (A label left behind
/// by an older arca that removed its recipient names nothing.)
fn find(vault: &Vault, want: &str) -> Option<String> {
    vault
        .labels
        .iter()
        .find(|(r, l)| *l == want && vault.recipients.contains(r))
        .map(|(r, _)| r.clone())
        .or_else(|| {
            vault
                .recipients
                .iter()
                .find(|r| keys::same_recipient(r, want))
                .cloned()
        })
}

/// A label is a short name a person can type: never mistaken for a key.
fn check_label(label: &str) -> Result<()> {
    let looks_like_key = ["age1", "ssh-", "AGE-"]
        .iter()
        .any(|p| label.starts_with(p));
    if label.is_empty()
        || label.chars().count() > 64
        || label.trim() != label
        || label.chars().any(char::is_control)
        || looks_like_key
    {
        return Err(usage(format!(
            "invalid label '{}': 1–64 characters, no control characters or surrounding spaces, not starting like a key (age1, ssh-)",
            crate::output::sanitize(label)
        ))
        .into());
    }
    Ok(())
}
