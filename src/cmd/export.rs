//! `arca export`: current values of live secrets, to stdout only.

use std::collections::BTreeMap;
use std::io::Write;

use anyhow::Result;
use zeroize::Zeroizing;

use crate::bulk;
use crate::cli::{ExportArgs, ExportFormat};
use crate::error::{conflict, ArcaError, Exit};
use crate::secret::Value;

use super::Ctx;

pub fn run(ctx: &Ctx, args: ExportArgs) -> Result<()> {
    let mut vault = ctx.load()?;
    let mut text = Zeroizing::new(String::new());
    // Variable name → secret name, to report collisions.
    let mut vars: BTreeMap<String, String> = BTreeMap::new();
    let mut first = true;
    if args.format == ExportFormat::Json {
        text.push('{');
    }
    for secret in vault.secrets()? {
        if secret.deletion.is_some() {
            continue;
        }
        let Some(rest) = secret.name.strip_prefix(&args.prefix) else {
            continue;
        };
        let Value::String(value) = &secret.current().value else {
            return Err(ArcaError::new(
                Exit::Other,
                format!(
                    "'{}' holds binary data, which export cannot write",
                    secret.name
                ),
            )
            .hint(format!(
                "leave it out with --prefix, or save it with 'arca get {} > FILE'",
                secret.name
            ))
            .into());
        };
        match args.format {
            ExportFormat::Json => {
                if !first {
                    text.push(',');
                }
                text.push_str("\n    ");
                // serde_json escapes into a buffer that is wiped after use.
                let mut buf = Zeroizing::new(Vec::new());
                serde_json::to_writer(&mut *buf, &secret.name)?;
                buf.extend_from_slice(b": ");
                serde_json::to_writer(&mut *buf, value.as_str())?;
                text.push_str(&String::from_utf8_lossy(&buf));
            }
            ExportFormat::Dotenv => {
                let var = bulk::env_name(rest);
                if var.is_empty() {
                    continue;
                }
                if let Some(other) = vars.insert(var.clone(), secret.name.clone()) {
                    return Err(conflict(format!(
                        "'{other}' and '{}' both become {var}",
                        secret.name
                    ))
                    .hint("export them separately with --prefix, or use --format json")
                    .into());
                }
                text.push_str(&var);
                text.push('=');
                bulk::dotenv_quote(value, &mut text);
                text.push('\n');
            }
        }
        first = false;
    }
    if args.format == ExportFormat::Json {
        text.push_str(if first { "}\n" } else { "\n}\n" });
    }
    if ctx.out.stdout_is_terminal {
        ctx.out
            .warn("printing secret values to the terminal; redirect them to a file instead");
    }
    let mut out = std::io::stdout().lock();
    out.write_all(text.as_bytes())?;
    out.flush()?;
    Ok(())
}
