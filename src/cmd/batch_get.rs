//! `arca batch-get`: several values at once, errors per secret.

use std::io::Write;

use anyhow::Result;
use serde_json::{json, Value as Json};

use crate::cli::BatchGetArgs;
use crate::filter::{self, Filter};
use crate::secret::Secret;

use super::Ctx;

pub fn run(ctx: &Ctx, args: BatchGetArgs) -> Result<()> {
    let filters = Filter::parse_all(&args.filters)?;
    let mut vault = ctx.load()?;
    let mut found: Vec<Secret> = Vec::new();
    let mut errors: Vec<(String, &str, String)> = Vec::new();
    if filters.is_empty() {
        for name_or_id in &args.names {
            match vault.by_name_or_id(name_or_id)? {
                None => errors.push((
                    name_or_id.clone(),
                    "ResourceNotFoundException",
                    format!("secret '{name_or_id}' not found"),
                )),
                Some(s) if s.deletion.is_some() => errors.push((
                    name_or_id.clone(),
                    "InvalidRequestException",
                    format!("secret '{name_or_id}' is scheduled for deletion"),
                )),
                Some(s) => found.push(s.clone()),
            }
        }
    } else {
        found = vault
            .secrets()?
            .into_iter()
            .filter(|s| s.deletion.is_none() && filter::matches_all(&filters, *s))
            .cloned()
            .collect();
    }
    // A secret with no value yet has nothing to give.
    found.retain(|s| {
        let has_value = s.current().is_some();
        if !has_value {
            errors.push((
                s.name.clone(),
                "ResourceNotFoundException",
                format!("secret '{}' has no value yet", s.name),
            ));
        }
        has_value
    });

    if ctx.out.is_json() {
        let values: Vec<Json> = found
            .iter()
            .filter_map(|s| Some(super::get::value_json(s, s.current()?)))
            .collect();
        let errors: Vec<Json> = errors
            .iter()
            .map(|(id, code, message)| json!({ "SecretId": id, "ErrorCode": code, "Message": message }))
            .collect();
        return ctx
            .out
            .json(&json!({ "SecretValues": values, "Errors": errors }));
    }
    let mut out = std::io::stdout().lock();
    for (s, current) in found.iter().filter_map(|s| Some((s, s.current()?))) {
        let bytes = current.value.as_bytes();
        writeln!(out, "{} {}", s.name, bytes.len())?;
        out.write_all(bytes)?;
        out.write_all(b"\n")?;
    }
    out.flush()?;
    for (_, _, message) in &errors {
        ctx.out.warn(message);
    }
    Ok(())
}
