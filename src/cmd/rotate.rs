//! `arca rotate` and `arca cancel-rotation` (SPEC §5).
//!
//! Every label change is its own locked transaction and no lock is held
//! while a hook runs, so a hook may call arca itself.

use anyhow::Result;
use serde_json::json;

use crate::cli::{NameArgs, RotateArgs};
use crate::config::{Config, Hook};
use crate::error::{self, conflict, usage, ArcaError, Exit};
use crate::rotation::{self, Step, StepInput};
use crate::schedule::{self, Schedule};
use crate::secret::{self, Secret, CURRENT, PENDING};
use crate::{clock, keys};

use super::{found, live, Ctx};

/// A change to a secret's rotation settings (RotateSecret's parameters).
pub struct Configure {
    pub hook: Option<String>,
    pub schedule: Option<Schedule>,
    pub window: Option<String>,
    pub rotate_immediately: bool,
}

/// Applies a rotation configuration, if it asks for any change: returns the
/// secret as configured. The hook must be in the config and the window in
/// range (checked by the caller); without rotating now, a schedule is needed
/// and the next rotation counts from now.
pub fn configure(ctx: &Ctx, name: &str, change: &Configure) -> Result<Option<Secret>> {
    let asks = change.hook.is_some()
        || change.schedule.is_some()
        || change.window.is_some()
        || !change.rotate_immediately;
    if !asks {
        return Ok(None);
    }
    ctx.write_one(name, |secret| {
        let secret = live(secret, name)?;
        let rotation = secret.rotation.get_or_insert_with(Default::default);
        if let Some(hook) = &change.hook {
            rotation.hook = Some(hook.clone());
        }
        if let Some(schedule) = &change.schedule {
            rotation.schedule = Some(schedule.clone());
            rotation.enabled = true;
            // Due now: if this rotation fails, `rotate --due` retries it.
            rotation.next_rotation = Some(ctx.now);
        }
        if let Some(window) = &change.window {
            rotation.window = Some(window.clone());
        }
        if !change.rotate_immediately {
            let Some(schedule) = &rotation.schedule else {
                return Err(usage(
                    "--no-rotate-immediately needs a schedule (--every or --schedule)",
                )
                .into());
            };
            rotation.next_rotation = schedule.next_after(ctx.now);
        }
        secret.changed = ctx.now;
        Ok(Some(secret.clone()))
    })
}

pub fn run(ctx: &Ctx, args: RotateArgs) -> Result<()> {
    let config = Config::load(&ctx.paths.config)?;
    if args.due {
        return rotate_due(ctx, &config);
    }
    let name = args.name.clone().expect("clap requires NAME without --due");
    ctx.refuse_if_conflicted(&name)?;
    let schedule = match (&args.every, &args.schedule) {
        (Some(every), _) => Some(schedule::parse_every(every).map_err(usage)?),
        (None, Some(expr)) => Some(expr.parse::<Schedule>().map_err(usage)?),
        (None, None) => None,
    };
    if let Some(window) = &args.window {
        schedule::parse_window(window).map_err(usage)?;
    }
    if let Some(token) = &args.client_request_token {
        secret::validate_token(token)?;
    }
    // A hook the config lacks is an error before anything changes.
    if let Some(hook) = &args.hook {
        config.hook(hook, &ctx.paths.config)?;
    }
    let change = Configure {
        hook: args.hook.clone(),
        schedule,
        window: args.window.clone(),
        rotate_immediately: !args.no_rotate_immediately,
    };
    // The secret as configured, so that rotating it needs no second read.
    let configured = configure(ctx, &name, &change)?;
    if args.no_rotate_immediately {
        ctx.out.note(&format!(
            "rotation of '{name}' is configured; nothing rotated now"
        ));
        return Ok(());
    }
    let (secret, version_id) = rotate_one(
        ctx,
        &config,
        &name,
        args.client_request_token.as_deref(),
        configured,
    )?;
    if ctx.out.is_json() {
        ctx.out.confirm_json(
            &json!({ "ARN": secret.id, "Name": secret.name, "VersionId": version_id }),
        )
    } else {
        ctx.out.note(&format!(
            "rotated '{}': version {version_id} is AWSCURRENT",
            secret.name
        ));
        Ok(())
    }
}

/// Runs (or resumes) one rotation; returns the secret as read at the start
/// and the new current version's id. `known` is the secret as a write of
/// this command just left it; otherwise it is read.
pub fn rotate_one(
    ctx: &Ctx,
    config: &Config,
    name: &str,
    token: Option<&str>,
    known: Option<Secret>,
) -> Result<(Secret, String)> {
    if known.is_none() {
        ctx.refuse_if_conflicted(name)?;
    }
    let secret = match known {
        Some(secret) => secret,
        None => ctx.find(name, false)?,
    };
    let hook: Option<Hook> = match secret.rotation.as_ref().and_then(|r| r.hook.as_deref()) {
        Some(hook) => Some(config.hook(hook, &ctx.paths.config)?),
        None => None,
    };
    let current = secret.current_value()?;
    let resumed = secret.pending();
    let vault = std::fs::canonicalize(&ctx.paths.vault).unwrap_or_else(|_| ctx.paths.vault.clone());
    // ARCA_KEY, when set, reaches the hook by inheritance; otherwise name the identity file.
    let identity = keys::arca_key()?
        .is_none()
        .then(|| ctx.paths.identities.first().map(|p| p.as_path()))
        .flatten();
    let (pending_id, pending_value) = match resumed {
        Some(pending) => {
            if token.is_some_and(|t| t != pending.id) {
                return Err(conflict(format!(
                    "a rotation of '{}' is in progress with version {}",
                    secret.name, pending.id
                ))
                .hint(format!(
                    "run 'arca rotate {0}' to resume it, or 'arca cancel-rotation {0}' first",
                    secret.name
                ))
                .into());
            }
            ctx.out.note(&format!(
                "resuming the rotation of '{}' with version {}",
                secret.name, pending.id
            ));
            (pending.id.clone(), pending.value.clone())
        }
        None => {
            let pending_id = token
                .map(str::to_owned)
                .unwrap_or_else(secret::new_version_id);
            let created = match &hook {
                Some(hook) => rotation::run_step(
                    hook,
                    Step::Create,
                    &step_input(&secret, current, &vault, identity, &pending_id, None),
                )?
                .map(|out| rotation::created_value(out, &current.value, hook, &secret.name))
                .transpose()?,
                None => None,
            };
            let value = match created {
                Some(value) => value,
                None => rotation::default_value(&current.value, &secret.name)?,
            };
            // Stored before set runs, so a value the service may already use is never lost.
            ctx.write_one(name, |secret| {
                let secret = live(secret, name)?;
                // Another rotation started while create ran: its pending
                // value may already be in use, so it must not be displaced.
                if let Some(other) = secret.pending() {
                    return Err(conflict(format!(
                        "another rotation of '{}' is in progress with version {}",
                        secret.name, other.id
                    ))
                    .into());
                }
                secret.put_version(
                    value.clone(),
                    Some(pending_id.clone()),
                    &[PENDING.to_owned()],
                    clock::now(),
                )?;
                Ok(())
            })?;
            (pending_id, value)
        }
    };

    if let Some(hook) = &hook {
        for step in [Step::Set, Step::Test, Step::Finish] {
            rotation::run_step(
                hook,
                step,
                &step_input(
                    &secret,
                    current,
                    &vault,
                    identity,
                    &pending_id,
                    Some((&pending_id, &pending_value)),
                ),
            )?;
        }
    }

    ctx.write_one(name, |secret| {
        let now = clock::now();
        let secret = live(secret, name)?;
        if secret.version_with_label(PENDING).map(|v| v.id.as_str()) != Some(pending_id.as_str()) {
            return Err(conflict(format!(
                "version {pending_id} of '{}' is no longer AWSPENDING (the rotation was cancelled or changed)",
                secret.name
            ))
            .into());
        }
        let holder = secret.current_value()?.id.clone();
        secret.update_stage(CURRENT, Some(&pending_id), Some(&holder), now)?;
        secret.update_stage(PENDING, None, Some(&pending_id), now)?;
        let rotation = secret.rotation.get_or_insert_with(Default::default);
        rotation.last_rotated = Some(now);
        rotation.next_rotation = match (&rotation.schedule, rotation.enabled) {
            (Some(schedule), true) => schedule.next_after(now),
            _ => None,
        };
        Ok(())
    })?;
    Ok((secret, pending_id))
}

fn step_input<'a>(
    secret: &'a Secret,
    current: &'a crate::secret::Version,
    vault: &'a std::path::Path,
    identity: Option<&'a std::path::Path>,
    pending_id: &'a str,
    pending: Option<(&'a str, &'a crate::secret::Value)>,
) -> StepInput<'a> {
    StepInput {
        secret_name: &secret.name,
        secret_id: &secret.id,
        vault,
        identity,
        current: (&current.id, &current.value),
        pending,
        pending_id,
    }
}

/// Rotates every secret whose next rotation date has passed, going on past
/// failures; exit 6 if any failed.
fn rotate_due(ctx: &Ctx, config: &Config) -> Result<()> {
    // Metadata is enough to choose; each rotation then reads its secret anew.
    let (mut due, now) = (Vec::new(), ctx.now);
    ctx.scan_fold(
        |due: &mut Vec<String>, entry| {
            let is_due = entry
                .rotation()
                .is_some_and(|r| r.enabled && r.next_rotation.is_some_and(|next| next <= now));
            if is_due && entry.deletion().is_none() {
                due.push(entry.name().to_owned());
            }
        },
        |more| due.extend(more),
    )?;
    let mut rotated = Vec::new();
    let mut failed = Vec::new();
    for name in &due {
        match rotate_one(ctx, config, name, None, None) {
            Ok((_, version_id)) => {
                ctx.out.note(&format!(
                    "rotated '{name}': version {version_id} is AWSCURRENT"
                ));
                rotated.push(json!({ "Name": name, "VersionId": version_id }));
            }
            Err(err) => {
                error::report(&err, ctx.out.color);
                failed.push(json!({ "Name": name, "Message": format!("{err:#}") }));
            }
        }
    }
    if ctx.out.is_json() {
        ctx.out
            .confirm_json(&json!({ "Rotated": rotated, "Failed": failed }))?;
    } else if due.is_empty() {
        ctx.out.note("no secret is due for rotation");
    }
    if !failed.is_empty() {
        return Err(ArcaError::new(
            Exit::Hook,
            format!("{} of {} due rotations failed", failed.len(), due.len()),
        )
        .into());
    }
    Ok(())
}

pub fn cancel(ctx: &Ctx, args: NameArgs) -> Result<()> {
    let (name, dropped) = ctx.write_one(&args.name, |secret| {
        let secret = found(secret, &args.name)?;
        let dropped = cancel_rotation(secret, ctx.now)?;
        Ok((secret.name.clone(), dropped))
    })?;
    match dropped {
        Some(id) => ctx.out.note(&format!(
            "rotation of '{name}' is off; dropped the pending version {id}"
        )),
        None => ctx.out.note(&format!("rotation of '{name}' is off")),
    }
    Ok(())
}

/// Turns rotation off and takes AWSPENDING off an unfinished rotation's
/// version; returns that version's id.
pub fn cancel_rotation(secret: &mut Secret, now: jiff::Timestamp) -> Result<Option<String>> {
    if let Some(rotation) = &mut secret.rotation {
        rotation.enabled = false;
        rotation.next_rotation = None;
    }
    let dropped = secret.pending().map(|v| v.id.clone());
    if let Some(id) = &dropped {
        secret.update_stage(PENDING, None, Some(id), now)?;
    }
    Ok(dropped)
}
