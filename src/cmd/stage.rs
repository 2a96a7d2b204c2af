//! `arca stage`: move or remove a staging label.

use anyhow::Result;
use serde_json::json;

use crate::cli::StageArgs;

use super::{live, Ctx};

pub fn run(ctx: &Ctx, args: StageArgs) -> Result<()> {
    let (id, name) = ctx.write_one(&args.name, |secret| {
        let secret = live(secret, &args.name)?;
        secret.update_stage(
            &args.label,
            args.move_to.as_deref(),
            args.remove_from.as_deref(),
            ctx.now,
        )?;
        Ok((secret.id.clone(), secret.name.clone()))
    })?;
    if ctx.out.is_json() {
        ctx.out.confirm_json(&json!({ "ARN": id, "Name": name }))
    } else {
        let done = match (&args.move_to, &args.remove_from) {
            (Some(to), _) => format!("moved {} to version {to} of '{name}'", args.label),
            (None, Some(from)) => format!("removed {} from version {from} of '{name}'", args.label),
            (None, None) => unreachable!("clap requires one of them"),
        };
        ctx.out.note(&done);
        Ok(())
    }
}
