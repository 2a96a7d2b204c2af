//! `arca conflicts` and `arca conflicts resolve`: the merge conflicts
//! recorded in the vault (see `crate::merge`).

use anyhow::Result;
use serde_json::{json, Value as Json};

use crate::cli::{ConflictsArgs, ConflictsCommand, ResolveArgs};
use crate::error::{not_found, usage};
use crate::merge::{self, Conflict, Side, Take};
use crate::secret;

use super::Ctx;

pub fn run(ctx: &Ctx, args: ConflictsArgs) -> Result<()> {
    match args.command {
        None => list(ctx),
        Some(ConflictsCommand::Resolve(args)) => resolve(ctx, args),
    }
}

/// The fields in conflict, for a message: `label:AWSCURRENT, description`.
pub fn fields(conflicts: &[Conflict]) -> String {
    let names: Vec<String> = conflicts.iter().map(|c| c.field.to_string()).collect();
    names.join(", ")
}

fn side_name(side: Side) -> &'static str {
    match side {
        Side::Ours => "ours",
        Side::Theirs => "theirs",
    }
}

fn list(ctx: &Ctx) -> Result<()> {
    let vault = ctx.load()?;
    if ctx.out.is_json() {
        let items: Vec<Json> = vault
            .conflicts
            .iter()
            .map(|c| {
                json!({
                    "Secret": c.secret,
                    "Field": c.field.to_string(),
                    "Base": c.base,
                    "Ours": c.ours,
                    "Theirs": c.theirs,
                    "Provisional": side_name(c.winner),
                })
            })
            .collect();
        return ctx.out.json(&json!({ "Conflicts": items }));
    }
    if vault.conflicts.is_empty() {
        ctx.out.note("no merge conflict is recorded in this vault");
        return Ok(());
    }
    let shown = |v: &Json| match v {
        Json::String(s) => s.clone(),
        Json::Null => "(none)".into(),
        other => other.to_string(),
    };
    let rows = vault
        .conflicts
        .iter()
        .map(|c| {
            vec![
                c.secret.clone(),
                c.field.to_string(),
                shown(&c.ours),
                shown(&c.theirs),
                side_name(c.winner).to_owned(),
            ]
        })
        .collect();
    ctx.out.rows(
        ctx.out.list_format(),
        &["SECRET", "FIELD", "OURS", "THEIRS", "PROVISIONAL"],
        rows,
    )
}

fn resolve(ctx: &Ctx, args: ResolveArgs) -> Result<()> {
    let take = match args.take.as_str() {
        "ours" => Take::Side(Side::Ours),
        "theirs" => Take::Side(Side::Theirs),
        "newest" => Take::Newest,
        id if args.all => {
            return Err(usage(format!(
                "--all takes ours, theirs or newest, not a version id ({id})"
            ))
            .into())
        }
        id => Take::Version(id.to_owned()),
    };
    let wanted = args.name.as_deref().map(secret::name_of);
    let settled = ctx.write(|vault| {
        let (mine, rest): (Vec<Conflict>, Vec<Conflict>) = std::mem::take(&mut vault.conflicts)
            .into_iter()
            .partition(|c| wanted.is_none_or(|name| c.secret == name));
        vault.conflicts = rest;
        if mine.is_empty() {
            return Err(match wanted {
                Some(name) => not_found(format!("no merge conflict is recorded for '{name}'")),
                None => not_found("no merge conflict is recorded in this vault"),
            }
            .hint("'arca conflicts' lists them")
            .into());
        }
        let now = vault.now();
        for c in &mine {
            // A secret removed since: nothing left to settle.
            if let Some(secret) = vault.by_name_or_id(&c.secret)? {
                merge::resolve(secret, c, &take)?;
                secret.changed = now;
                secret.check_invariants().map_err(|why| {
                    usage(format!("that would break a rule of '{}': {why}", c.secret))
                })?;
            }
        }
        vault.mark_dirty();
        Ok(mine.len())
    })?;
    ctx.out.note(&format!(
        "settled {settled} conflict(s); commit the vault ('git add' it to finish a merge)"
    ));
    Ok(())
}
