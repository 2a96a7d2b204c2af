//! `arca remote add|list|remove`: the remotes in the local config.

use anyhow::Result;
use serde_json::{json, Value as Json};

use crate::cli::{OutputFormat, RemoteAddArgs, RemoteCommand, RemoteKind};
use crate::config::Config;
use crate::sync::remotes::{self, Kind, RemoteConfig};

use super::Ctx;

pub fn run(ctx: &Ctx, command: RemoteCommand) -> Result<()> {
    match command {
        RemoteCommand::Add(args) => add(ctx, args),
        RemoteCommand::List => list(ctx),
        RemoteCommand::Remove(args) => {
            remotes::remove(&ctx.paths.config, &args.name)?;
            crate::output::confirm(&format!("Removed remote '{}'", args.name));
            Ok(())
        }
    }
}

fn add(ctx: &Ctx, args: RemoteAddArgs) -> Result<()> {
    let kind = match args.kind {
        RemoteKind::Aws => Kind::Aws,
        RemoteKind::Vault => Kind::Vault,
    };
    // Said now, not at the first sync on some other day.
    if kind == Kind::Aws && !cfg!(feature = "aws") {
        return Err(crate::error::usage(
            "this arca was built without AWS support (cargo feature `aws`): it cannot sync with an aws remote",
        )
        .hint("install a build with it: cargo install arca-secrets")
        .into());
    }
    crate::keys::parse_recipients(&args.recipients)?;
    // A replica's path is kept absolute: the config is read from anywhere.
    let path = match args.path {
        Some(p) if p.is_relative() => Some(std::env::current_dir()?.join(p)),
        other => other,
    };
    let remote = RemoteConfig {
        kind,
        region: args.region,
        profile: args.profile,
        endpoint_url: args.endpoint_url,
        kms_key_id: args.kms_key_id,
        path,
        recipients: args.recipients,
        prefix: args.prefix,
        filters: args.filters,
    };
    let same = |p: &std::path::Path| std::fs::canonicalize(p).unwrap_or(p.to_owned());
    if remote.path.as_deref().map(same) == Some(ctx.paths.vault.clone()) {
        return Err(crate::error::usage("a vault remote cannot be this vault itself").into());
    }
    remotes::add(&ctx.paths.config, &args.name, &remote)?;
    crate::output::confirm(&format!(
        "Added remote '{}' ({}) to {}",
        args.name,
        remote.describe(),
        ctx.paths.config.display()
    ));
    Ok(())
}

fn list(ctx: &Ctx) -> Result<()> {
    let config = Config::load(&ctx.paths.config)?;
    let all = remotes::all(&config);
    let format = ctx.out.list_format();
    if format == OutputFormat::Json {
        let list: Vec<Json> = all.iter().map(|(name, r)| entry(name, r)).collect();
        return ctx.out.json(&json!({ "Remotes": list }));
    }
    if ctx.out.empty_table(format, all.len(), "remotes") {
        return Ok(());
    }
    let rows = all
        .iter()
        .map(|(name, r)| {
            let scope = [
                r.prefix.as_ref().map(|p| format!("prefix={p}")),
                (!r.filters.is_empty()).then(|| r.filters.join(" ")),
            ];
            let scope: Vec<String> = scope.into_iter().flatten().collect();
            vec![name.clone(), r.describe(), scope.join(" ")]
        })
        .collect();
    ctx.out.rows(format, &["NAME", "REMOTE", "SCOPE"], rows)
}

fn entry(name: &str, r: &RemoteConfig) -> Json {
    let mut doc = json!({ "Name": name, "Type": match r.kind { Kind::Aws => "aws", Kind::Vault => "vault" } });
    let texts = [
        ("Region", r.region.clone()),
        ("Profile", r.profile.clone()),
        ("EndpointUrl", r.endpoint_url.clone()),
        ("KmsKeyId", r.kms_key_id.clone()),
        ("Path", r.path.as_ref().map(|p| p.display().to_string())),
        ("Prefix", r.prefix.clone()),
    ];
    for (key, text) in texts {
        if let Some(text) = text {
            doc[key] = json!(text);
        }
    }
    if !r.filters.is_empty() {
        doc["Filters"] = json!(r.filters);
    }
    if !r.recipients.is_empty() {
        doc["Recipients"] = json!(r.recipients);
    }
    doc
}
