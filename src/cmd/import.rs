//! `arca import`: many secrets in one locked transaction.

use std::fs::File;
use std::io::{self, Read};
use std::path::Path;

use anyhow::{Context, Result};
use serde_json::json;

use crate::bulk::{self, Entry};
use crate::cli::{ImportArgs, ImportFormat};
use crate::error::{conflict, usage, ArcaError};
use crate::secret::{self, Secret, CURRENT};
use crate::vault::Vault;

use super::Ctx;

/// The most an import file may hold; far beyond any real vault.
const MAX_INPUT: u64 = 1 << 30;

/// What an import did (or, in a dry run, would do), by name.
#[derive(Default)]
struct Summary {
    created: Vec<String>,
    updated: Vec<String>,
    unchanged: Vec<String>,
}

pub fn run(ctx: &Ctx, args: ImportArgs) -> Result<()> {
    let source = args.file.display().to_string();
    let text = read_input(&args.file)?;
    let parsed = match args.format {
        ImportFormat::Dotenv => bulk::parse_dotenv(&text, &args.prefix),
        ImportFormat::Json => bulk::parse_json(&text, &args.prefix),
        ImportFormat::Aws => bulk::parse_aws(&text, &args.prefix),
    };
    drop(text);
    let entries = parsed.map_err(|problems| invalid(usage, &source, problems))?;
    let summary = if args.dry_run {
        apply(&mut ctx.load()?, entries, &source)?
    } else {
        ctx.write(|vault| apply(vault, entries, &source))?
    };
    report(ctx, &summary, args.dry_run)
}

/// Creates or updates every entry; refuses all of them if one is for a
/// secret scheduled for deletion.
fn apply(vault: &mut Vault, entries: Vec<Entry>, source: &str) -> Result<Summary> {
    let now = vault.now();
    let mut summary = Summary::default();
    let mut problems = Vec::new();
    for entry in entries {
        match vault.by_name_or_id(&entry.name)? {
            Some(secret) if secret.deletion.is_some() => problems.push(format!(
                "{}: secret '{}' is scheduled for deletion; restore it first with 'arca restore {}'",
                entry.place, entry.name, entry.name
            )),
            Some(secret) => {
                let same_value = secret.current().is_some_and(|v| v.value == entry.value);
                if same_value && metadata_same(secret, &entry) {
                    summary.unchanged.push(entry.name);
                    continue;
                }
                if !same_value {
                    secret.put_version(entry.value, None, &[CURRENT.to_owned()], now)?;
                }
                set_metadata(secret, entry.description, entry.tags)?;
                secret.changed = now;
                summary.updated.push(entry.name);
            }
            None => {
                let mut secret = Secret::new(&entry.name, entry.value, None, now)?;
                set_metadata(&mut secret, entry.description, entry.tags)?;
                summary.created.push(entry.name);
                vault.insert(secret);
            }
        }
    }
    if !problems.is_empty() {
        return Err(invalid(conflict, source, problems));
    }
    Ok(summary)
}

/// Whether the description and tags an entry gives are already there.
fn metadata_same(secret: &Secret, entry: &Entry) -> bool {
    entry
        .description
        .as_ref()
        .is_none_or(|d| secret.description.as_ref() == Some(d))
        && entry
            .tags
            .iter()
            .all(|(k, v)| secret.tags.get(k) == Some(v))
}

fn set_metadata(
    secret: &mut Secret,
    description: Option<String>,
    tags: Vec<(String, String)>,
) -> Result<()> {
    if description.is_some() {
        secret.description = description;
    }
    secret::merge_tags(&mut secret.tags, tags)
}

/// One error for all the problems: the first line says how many, each
/// problem follows on its own line. Exit code from `kind`.
fn invalid(kind: fn(String) -> ArcaError, source: &str, problems: Vec<String>) -> anyhow::Error {
    let err = if let [one] = problems.as_slice() {
        kind(format!("{source}: {one}; nothing was imported"))
    } else {
        kind(format!(
            "{source}: {} invalid entries; nothing was imported",
            problems.len()
        ))
        .detail(problems.join("\n"))
    };
    err.into()
}

fn read_input(path: &Path) -> Result<zeroize::Zeroizing<Vec<u8>>> {
    let mut buf = zeroize::Zeroizing::new(Vec::new());
    if path == Path::new("-") {
        io::stdin().lock().take(MAX_INPUT + 1).read_to_end(&mut buf)
    } else {
        File::open(path).and_then(|f| f.take(MAX_INPUT + 1).read_to_end(&mut buf))
    }
    .with_context(|| format!("reading {}", path.display()))?;
    if buf.len() as u64 > MAX_INPUT {
        return Err(usage(format!("{} is larger than 1 GiB", path.display())).into());
    }
    Ok(buf)
}

fn report(ctx: &Ctx, summary: &Summary, dry_run: bool) -> Result<()> {
    if ctx.out.is_json() {
        return ctx.out.confirm_json(&json!({
            "DryRun": dry_run,
            "Created": summary.created,
            "Updated": summary.updated,
            "Unchanged": summary.unchanged,
        }));
    }
    let (c, u, k) = (
        summary.created.len(),
        summary.updated.len(),
        summary.unchanged.len(),
    );
    if dry_run {
        let rows = summary
            .created
            .iter()
            .map(|n| vec!["create".to_owned(), n.clone()])
            .chain(
                summary
                    .updated
                    .iter()
                    .map(|n| vec!["update".to_owned(), n.clone()]),
            )
            .collect();
        ctx.out
            .rows(crate::cli::OutputFormat::Text, &["ACTION", "NAME"], rows)?;
        ctx.out.note(&format!(
            "dry run, nothing written: would create {c}, update {u}, leave {k} unchanged"
        ));
    } else {
        ctx.out
            .note(&format!("created {c}, updated {u}, unchanged {k}"));
    }
    Ok(())
}
