//! `arca export`: current values of live secrets, to stdout only.

use std::collections::BTreeMap;
use std::io::Write;

use anyhow::Result;
use zeroize::Zeroizing;

use crate::cli::{ExportArgs, ExportFormat};
use crate::envfmt::{self, EnvVar};
use crate::error::{conflict, usage};
use crate::secret::Value;

use super::Ctx;

pub fn run(ctx: &Ctx, args: ExportArgs) -> Result<()> {
    let mut vault = ctx.load()?;
    let mut vars = Vec::new();
    // Variable name → secret name, to report collisions.
    let mut sources: BTreeMap<String, String> = BTreeMap::new();
    for secret in vault.secrets()? {
        if secret.deletion.is_some() {
            continue;
        }
        let Some(rest) = secret.name.strip_prefix(&args.prefix) else {
            continue;
        };
        // A secret with no value yet has nothing to export.
        let Some(current) = secret.current() else {
            continue;
        };
        let Value::String(value) = &current.value else {
            return Err(conflict(format!(
                "'{}' holds binary data, which export cannot write",
                secret.name
            ))
            .hint(format!(
                "leave it out with --prefix, or save it with 'arca get {} > FILE'",
                secret.name
            ))
            .into());
        };
        let name = match args.format {
            ExportFormat::Json => secret.name.clone(),
            ExportFormat::Dotenv => {
                if rest.is_empty() {
                    return Err(usage(format!(
                        "secret '{}' is the prefix itself, so it has no variable name",
                        secret.name
                    ))
                    .hint("end the prefix with /")
                    .into());
                }
                envfmt::var_name(rest)
            }
        };
        if let Some(other) = sources.insert(name.clone(), secret.name.clone()) {
            return Err(conflict(format!(
                "'{other}' and '{}' both become {name}",
                secret.name
            ))
            .hint("export them separately with --prefix, or use --format json")
            .into());
        }
        vars.push(EnvVar {
            name,
            field: None,
            value: value.clone(),
        });
    }
    // The same writers as `arca env`, so both give the same dotenv and JSON.
    let text = Zeroizing::new(match args.format {
        ExportFormat::Json => envfmt::format_json(&vars),
        ExportFormat::Dotenv => envfmt::format_dotenv(&vars).map_err(envfmt::not_dotenv)?,
    });
    if ctx.out.stdout_is_terminal {
        ctx.out
            .warn("printing secret values to the terminal; redirect them to a file instead");
    }
    let mut out = std::io::stdout().lock();
    out.write_all(text.as_bytes())?;
    out.flush()?;
    Ok(())
}
