//! `arca delete` and `arca restore`: deletion with a recovery window.

use anyhow::Result;
use jiff::SignedDuration;
use serde_json::json;

use crate::cli::{DeleteArgs, NameArgs};
use crate::output::{date, human_date};
use crate::secret::{self, Deletion};

use super::{found, Ctx};

const DEFAULT_WINDOW_DAYS: u16 = 30;

pub fn delete(ctx: &Ctx, args: DeleteArgs) -> Result<()> {
    if args.force_delete_without_recovery {
        return force_delete(ctx, &args.name);
    }
    let days = args.recovery_window_days.unwrap_or(DEFAULT_WINDOW_DAYS);
    let at = ctx.now + SignedDuration::from_hours(24 * i64::from(days));
    let (id, name) = ctx.write_one(&args.name, |secret| {
        let secret = found(secret, &args.name)?;
        super::check_not_scheduled(secret)?;
        secret.deletion = Some(Deletion {
            requested: ctx.now,
            at,
        });
        Ok((secret.id.clone(), secret.name.clone()))
    })?;
    if ctx.out.is_json() {
        return ctx
            .out
            .confirm_json(&json!({ "ARN": id, "Name": name, "DeletionDate": date(at) }));
    }
    let message = format!(
        "'{name}' will be deleted on {}; 'arca restore {name}' keeps it until then",
        human_date(at)
    );
    // On a terminal, one sentence; in a pipe, the date alone on stdout for
    // the script and the sentence on stderr for the log.
    if ctx.out.stdout_is_terminal {
        crate::output::confirm(&message);
    } else {
        ctx.out.note(&message);
        crate::output::confirm(&date(at));
    }
    Ok(())
}

/// Gone now. A secret that does not exist is not an error, as in AWS, so
/// cleanup scripts can run twice.
fn force_delete(ctx: &Ctx, name_or_id: &str) -> Result<()> {
    let deleted = ctx.write_slot(secret::name_of(name_or_id), |slot| {
        let found = slot
            .as_ref()
            .filter(|s| s.is_named(name_or_id))
            .map(|s| (s.id.clone(), s.name.clone()));
        if found.is_some() {
            *slot = None;
        }
        Ok(found)
    })?;
    match deleted {
        Some((id, name)) => {
            if ctx.out.is_json() {
                return ctx.out.confirm_json(
                    &json!({ "ARN": id, "Name": name, "DeletionDate": date(ctx.now) }),
                );
            }
            ctx.out.note(&format!("deleted '{name}' for good"));
        }
        None => ctx.out.note(&format!(
            "secret '{name_or_id}' does not exist; nothing to delete"
        )),
    }
    Ok(())
}

pub fn restore(ctx: &Ctx, args: NameArgs) -> Result<()> {
    let (id, name, was_scheduled) = ctx.write_one(&args.name, |secret| {
        let secret = found(secret, &args.name)?;
        let was_scheduled = secret.deletion.take().is_some();
        Ok((secret.id.clone(), secret.name.clone(), was_scheduled))
    })?;
    if ctx.out.is_json() {
        return ctx.out.confirm_json(&json!({ "ARN": id, "Name": name }));
    }
    if was_scheduled {
        ctx.out.note(&format!("restored '{name}'"));
    } else {
        ctx.out
            .note(&format!("'{name}' was not scheduled for deletion"));
    }
    Ok(())
}
