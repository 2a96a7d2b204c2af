//! `arca tag` and `arca untag`.

use anyhow::Result;

use crate::cli::{TagArgs, UntagArgs};
use crate::secret;

use super::{live, Ctx};

pub fn tag(ctx: &Ctx, args: TagArgs) -> Result<()> {
    let tags = args
        .tags
        .iter()
        .map(|t| secret::parse_tag(t))
        .collect::<Result<Vec<_>>>()?;
    let name = ctx.write_one(&args.name, |secret| {
        let secret = live(secret, &args.name)?;
        secret::merge_tags(&mut secret.tags, tags.clone())?;
        secret.changed = ctx.now;
        Ok(secret.name.clone())
    })?;
    ctx.out.note(&format!("tagged '{name}'"));
    Ok(())
}

pub fn untag(ctx: &Ctx, args: UntagArgs) -> Result<()> {
    let name = ctx.write_one(&args.name, |secret| {
        let secret = live(secret, &args.name)?;
        for key in &args.keys {
            secret.tags.remove(key);
        }
        secret.changed = ctx.now;
        Ok(secret.name.clone())
    })?;
    ctx.out.note(&format!("untagged '{name}'"));
    Ok(())
}
