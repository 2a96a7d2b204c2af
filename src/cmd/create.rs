//! `arca create`: a new secret whose first version is AWSCURRENT.

use anyhow::Result;
use serde_json::json;

use crate::cli::CreateArgs;
use crate::error::conflict;
use crate::input;
use crate::secret::{self, Secret};

use super::Ctx;

pub fn run(ctx: &Ctx, args: CreateArgs) -> Result<()> {
    secret::validate_name(&args.name)?;
    if let Some(description) = &args.description {
        secret::validate_description(description)?;
    }
    if let Some(token) = &args.client_request_token {
        secret::validate_token(token)?;
    }
    let mut tags = Default::default();
    secret::merge_tags(
        &mut tags,
        args.tags
            .iter()
            .map(|t| secret::parse_tag(t))
            .collect::<Result<_>>()?,
    )?;
    let value = input::read_value(&args.value, &ctx.out)?;
    // A valid name is not an id: the secret, if any, is the one of that name.
    let (id, version_id, created) = ctx.write_slot(&args.name, |slot| {
        if let Some(existing) = slot {
            // The same call again (same token, same value) is not an error.
            let same_call = args
                .client_request_token
                .as_deref()
                .and_then(|t| existing.version(t));
            if let Some(version) =
                same_call.filter(|v| v.value == value && existing.deletion.is_none())
            {
                return Ok((existing.id.clone(), version.id.clone(), false));
            }
            super::check_not_scheduled(existing)?;
            return Err(conflict(format!("secret '{}' already exists", args.name))
                .hint(format!("store a new version with 'arca put {}'", args.name))
                .into());
        }
        let mut secret = Secret::new(
            &args.name,
            value.clone(),
            args.client_request_token.clone(),
            ctx.now,
        )?;
        secret.description = args.description.clone();
        secret.tags = tags.clone();
        let ids = (
            secret.id.clone(),
            secret.current().map(|v| v.id.clone()).unwrap_or_default(),
            true,
        );
        *slot = Some(secret);
        Ok(ids)
    })?;
    if ctx.out.is_json() {
        ctx.out
            .confirm_json(&json!({ "ARN": id, "Name": args.name, "VersionId": version_id }))
    } else {
        let what = if created {
            "created"
        } else {
            "already created"
        };
        ctx.out.note(&format!(
            "{what} secret '{}', version {version_id}",
            args.name
        ));
        Ok(())
    }
}
