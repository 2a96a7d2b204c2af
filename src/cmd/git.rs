//! `arca git setup|textconv|merge-driver`: the vault in a git repository.

use std::fs;
use std::path::Path;
use std::process::ExitCode;

use age::Identity;
use anyhow::Result;

use crate::cli::{GitCommand, MergeDriverArgs, TextconvArgs};
use crate::merge::{self, Side, Snapshot};
use crate::vault::{FileKeys, Vault};
use crate::{git, keys};

use super::Ctx;

pub fn run(ctx: &Ctx, command: GitCommand) -> Result<ExitCode> {
    match command {
        GitCommand::Setup(args) => {
            let done = git::setup(&ctx.paths.vault, args.pre_commit)?;
            ctx.out.note(&format!(
                "{}: .gitattributes marks /{} diff=arca merge=arca -text; its lock and temp files are in .gitignore; this clone's git config has the arca merge driver and textconv",
                done.top.display(),
                done.vault
            ));
            if let Some(hook) = done.hook {
                ctx.out.note(&format!(
                    "pre-commit hook: {} runs 'arca scan --staged'",
                    hook.display()
                ));
            }
            if !on_path("arca") {
                ctx.out
                    .warn("git runs 'arca' from PATH, and it is not on PATH here");
            }
            ctx.out
                .note("commit .gitattributes and .gitignore; every other clone runs 'arca git setup' once");
            Ok(ExitCode::SUCCESS)
        }
        GitCommand::Textconv(args) => textconv(ctx, args),
        GitCommand::MergeDriver(args) => merge_driver(ctx, args),
    }
}

fn on_path(program: &str) -> bool {
    std::env::var_os("PATH")
        .is_some_and(|paths| std::env::split_paths(&paths).any(|dir| dir.join(program).is_file()))
}

/// Never prompts (git runs it under a pager): decrypts with ARCA_KEY or
/// identity files without a passphrase, or prints one line and exits 0.
fn textconv(ctx: &Ctx, args: TextconvArgs) -> Result<ExitCode> {
    let empty = fs::metadata(&args.file).is_ok_and(|m| m.len() == 0);
    if empty {
        return Ok(ExitCode::SUCCESS);
    }
    let identities = quiet_identities(ctx);
    let opened = match identities.is_empty() {
        true => Err("no ARCA_KEY and no identity file without a passphrase".to_owned()),
        false => Vault::load(&args.file, &FileKeys::new(identities), ctx.now)
            .and_then(Vault::into_snapshot)
            .and_then(|snapshot| git::text::render(&snapshot))
            .map_err(|e| format!("{e}")),
    };
    match opened {
        Ok(text) => print!("{text}"),
        Err(why) => println!(
            "(arca: this vault cannot be decrypted here: {})",
            crate::output::sanitize(why.lines().next().unwrap_or(""))
        ),
    }
    Ok(ExitCode::SUCCESS)
}

/// The X25519 keys of ARCA_KEY or of identity files that need no
/// passphrase (nor a plugin, nor an ssh key that might ask for one).
fn quiet_identities(ctx: &Ctx) -> Vec<Box<dyn Identity>> {
    let parse = |text: &str| -> Vec<Box<dyn Identity>> {
        text.lines()
            .filter_map(|l| l.trim().parse::<age::x25519::Identity>().ok())
            .map(|i| Box::new(i) as Box<dyn Identity>)
            .collect()
    };
    if let Ok(Some(text)) = keys::arca_key() {
        return parse(&text);
    }
    let mut found = Vec::new();
    for path in &ctx.paths.identities {
        use std::os::unix::fs::PermissionsExt;
        let private = fs::metadata(path).is_ok_and(|m| m.permissions().mode() & 0o077 == 0);
        if private && !keys::is_passphrase_protected(path) {
            if let Ok(text) = fs::read_to_string(path) {
                found.extend(parse(&zeroize::Zeroizing::new(text)));
            }
        }
    }
    found
}

/// git's merge driver: base, ours and theirs decrypted in memory, merged,
/// and written to ours (%A) atomically, encrypted to the merged recipients.
fn merge_driver(ctx: &Ctx, args: MergeDriverArgs) -> Result<ExitCode> {
    let keys = ctx.keys()?;
    let load = |path: &Path| -> Result<Snapshot> {
        // git passes an empty file when the sides have no common ancestor.
        if fs::metadata(path).is_ok_and(|m| m.len() == 0) {
            return Ok(Snapshot::default());
        }
        Vault::load(path, keys, ctx.now)?.into_snapshot()
    };
    let base = load(&args.base)?;
    let ours = load(&args.ours)?;
    let theirs = load(&args.theirs)?;
    let merged = merge::merge(&base, &ours, &theirs)?;
    let what = args.path.as_deref().unwrap_or("the vault");
    if merged.snapshot.recipients.is_empty() {
        return Err(crate::error::conflict(format!(
            "merging {what} would leave it with no recipient"
        ))
        .into());
    }
    if !keys::can_open(&merged.snapshot.recipients, keys.identities())? {
        ctx.out.warn(&format!(
            "the merged {what} is encrypted to recipients none of your identities match (a side removed yours)"
        ));
    }
    let conflicts = merged.new_conflicts.clone();
    Vault::from_snapshot(merged.snapshot, ctx.now).save(&args.ours)?;
    for note in &merged.notes {
        ctx.out.note(&format!("arca: {what}: {note}"));
    }
    for c in &conflicts {
        let winner = if c.winner == Side::Ours {
            "ours"
        } else {
            "theirs"
        };
        ctx.out.note(&format!(
            "arca: conflict in {what}: '{}' {}: ours {}, theirs {}; {winner} kept for now",
            c.secret, c.field, c.ours, c.theirs
        ));
    }
    if conflicts.is_empty() {
        return Ok(ExitCode::SUCCESS);
    }
    ctx.out.note(&format!(
        "arca: the merged {what} opens and keeps every version; settle with 'arca conflicts resolve NAME --take ours|theirs|VERSION_ID', then 'git add {what}'"
    ));
    Ok(ExitCode::from(1))
}
