//! `arca update`: description and/or a new value.

use anyhow::Result;
use serde_json::json;

use crate::cli::UpdateArgs;
use crate::input;
use crate::secret::{self, new_version_id, CURRENT};

use super::{live, Ctx};

pub fn run(ctx: &Ctx, args: UpdateArgs) -> Result<()> {
    if let Some(token) = &args.client_request_token {
        secret::validate_token(token)?;
    }
    if let Some(description) = &args.description {
        secret::validate_description(description)?;
    }
    // --description alone is a metadata change: stdin is not read.
    let value = if args.value.given() || args.description.is_none() {
        Some(input::read_value(&args.value, &ctx.out)?)
    } else {
        None
    };
    let version_id = value.as_ref().map(|_| {
        args.client_request_token
            .clone()
            .unwrap_or_else(new_version_id)
    });
    let (id, name) = ctx.write_one(&args.name, |secret| {
        let secret = live(secret, &args.name)?;
        if let Some(description) = &args.description {
            secret.description = Some(description.clone());
            secret.changed = ctx.now;
        }
        if let (Some(value), Some(vid)) = (&value, &version_id) {
            secret.put_version(
                value.clone(),
                Some(vid.clone()),
                &[CURRENT.to_owned()],
                ctx.now,
            )?;
        }
        Ok((secret.id.clone(), secret.name.clone()))
    })?;
    if ctx.out.is_json() {
        let mut doc = json!({ "ARN": id, "Name": name });
        if let Some(vid) = &version_id {
            doc["VersionId"] = json!(vid);
        }
        return ctx.out.confirm_json(&doc);
    }
    match &version_id {
        Some(vid) => ctx
            .out
            .note(&format!("updated '{name}': version {vid} is AWSCURRENT")),
        None => ctx
            .out
            .note(&format!("updated the description of '{name}'")),
    }
    Ok(())
}
