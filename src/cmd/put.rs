//! `arca put`: a new version.

use anyhow::Result;
use serde_json::json;

use crate::cli::PutArgs;
use crate::input;
use crate::secret::new_version_id;
use crate::secret::{self, PutOutcome, CURRENT};

use super::{live, Ctx};

pub fn run(ctx: &Ctx, args: PutArgs) -> Result<()> {
    if let Some(token) = &args.client_request_token {
        secret::validate_token(token)?;
    }
    let labels = if args.version_stage.is_empty() {
        vec![CURRENT.to_owned()]
    } else {
        args.version_stage.clone()
    };
    let value = input::read_value(&args.value, &ctx.out)?;
    let version_id = args
        .client_request_token
        .clone()
        .unwrap_or_else(new_version_id);
    let (id, name, stages, outcome) = ctx.write_one(&args.name, |secret| {
        let secret = live(secret, &args.name)?;
        let outcome =
            secret.put_version(value.clone(), Some(version_id.clone()), &labels, ctx.now)?;
        let stages = secret
            .version(&version_id)
            .map(|v| v.stages.clone())
            .unwrap_or_default();
        Ok((secret.id.clone(), secret.name.clone(), stages, outcome))
    })?;
    if ctx.out.is_json() {
        ctx.out.confirm_json(
            &json!({ "ARN": id, "Name": name, "VersionId": version_id, "VersionStages": stages }),
        )
    } else {
        let what = match outcome {
            PutOutcome::Created => "stored",
            PutOutcome::AlreadyThere => "already stored",
        };
        ctx.out.note(&format!(
            "{what} version {version_id} of '{name}' ({})",
            stages.join(", ")
        ));
        Ok(())
    }
}
