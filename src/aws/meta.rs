//! The operations on metadata and lifecycle: DescribeSecret, ListSecrets,
//! ListSecretVersionIds, UpdateSecretVersionStage, TagResource,
//! UntagResource, DeleteSecret, RestoreSecret, RotateSecret,
//! CancelRotateSecret.

use jiff::SignedDuration;
use serde_json::{json, Map, Value as Json};

use super::error::{AwsError, INVALID_REQUEST};
use super::request::Request;
use super::values::{filters, tags};
use super::{check_live, new_token, next_token, page, read, shape, token, write};
use crate::cmd::rotate::{self, Configure};
use crate::cmd::Ctx;
use crate::config::Config;
use crate::filter::{self, Filter};
use crate::output::date;
use crate::schedule::{self, Schedule};
use crate::secret::{self, Deletion, Secret};
use crate::vault::Vault;

/// AWS's default recovery window.
pub const DEFAULT_WINDOW_DAYS: i64 = 30;

pub fn describe(ctx: &Ctx, req: &Request) -> Result<Json, AwsError> {
    let secret = read(ctx, req.required_str("SecretId")?)?;
    Ok(shape::describe(&secret))
}

pub fn list(ctx: &Ctx, req: &Request) -> Result<Json, AwsError> {
    let include_deleted = req.bool("IncludePlannedDeletion")?.unwrap_or(false);
    let filters = filters(req)?.unwrap_or_default();
    let descending = match req.str("SortOrder")? {
        None | Some("asc") => false,
        Some("desc") => true,
        Some(other) => {
            return Err(AwsError::parameter(format!(
                "SortOrder must be asc or desc, not {other}"
            )))
        }
    };
    let sort_by = req.str("SortBy")?.unwrap_or("created-date");
    ctx.read_whole(|vault| list_page(vault, req, include_deleted, &filters, descending, sort_by))
}

fn list_page(
    vault: &mut Vault,
    req: &Request,
    include_deleted: bool,
    filters: &[Filter],
    descending: bool,
    sort_by: &str,
) -> Result<Json, AwsError> {
    let wanted =
        |s: &&Secret| (include_deleted || s.deletion.is_none()) && filter::matches_all(filters, *s);
    let (secrets, next) = match sort_by {
        // The vault is in name order: a page starts after the last name of
        // the one before, found by bisection, and reads no further than it
        // needs, so paging through a large vault costs no more than one
        // listing (what a sync does).
        "name" => page_by_name(vault, req, descending, wanted)?,
        _ => {
            let mut secrets: Vec<&Secret> = vault.secrets()?.into_iter().filter(wanted).collect();
            // In name order already; a stable sort keeps it among equal dates.
            match sort_by {
                // arca records no access: the creation date stands in for it.
                "created-date" | "last-accessed-date" => secrets.sort_by_key(|s| s.created),
                "last-changed-date" => secrets.sort_by_key(|s| s.changed),
                other => {
                    return Err(AwsError::parameter(format!(
                        "SortBy must be created-date, last-accessed-date, last-changed-date or name, not {other}"
                    )))
                }
            }
            if descending {
                secrets.reverse();
            }
            page(secrets, req, 100, 100)?
        }
    };
    let mut doc = Map::new();
    doc.insert(
        "SecretList".into(),
        json!(secrets
            .iter()
            .map(|s| shape::list_entry(s))
            .collect::<Vec<_>>()),
    );
    if let Some(next) = next {
        doc.insert("NextToken".into(), json!(next));
    }
    Ok(Json::Object(doc))
}

/// A page of the vault's secrets sorted by name: those `wanted` after
/// (before, `descending`) the name NextToken carries, and the next token
/// (the page's last name).
fn page_by_name<'v>(
    vault: &'v mut Vault,
    req: &Request,
    descending: bool,
    wanted: impl Fn(&&'v Secret) -> bool,
) -> Result<(Vec<&'v Secret>, Option<String>), AwsError> {
    let size = req.int("MaxResults", 1..=100)?.unwrap_or(100) as usize;
    let after = next_token(req, "name:")?;
    let mut page = Vec::new();
    for secret in vault.secrets_by_name(after.as_deref(), descending) {
        let secret = secret?;
        if wanted(&secret) {
            page.push(secret);
            if page.len() > size {
                break;
            }
        }
    }
    let next = (page.len() > size).then(|| {
        page.truncate(size);
        new_token("name:", page.last().map_or("", |s| s.name.as_str()))
    });
    Ok((page, next))
}

pub fn versions(ctx: &Ctx, req: &Request) -> Result<Json, AwsError> {
    let secret = read(ctx, req.required_str("SecretId")?)?;
    let deprecated = req.bool("IncludeDeprecated")?.unwrap_or(false);
    let versions: Vec<Json> = secret
        .versions
        .iter()
        .filter(|v| deprecated || !v.stages.is_empty())
        .map(shape::version_entry)
        .collect();
    let (versions, next) = page(versions, req, 100, 100)?;
    let mut doc = Map::new();
    doc.insert("Versions".into(), json!(versions));
    if let Some(next) = next {
        doc.insert("NextToken".into(), json!(next));
    }
    doc.insert("ARN".into(), json!(secret.id));
    doc.insert("Name".into(), json!(secret.name));
    Ok(Json::Object(doc))
}

pub fn stage(ctx: &Ctx, req: &Request) -> Result<Json, AwsError> {
    let secret_id = req.required_str("SecretId")?;
    let label = req.required_str("VersionStage")?;
    let move_to = req.str("MoveToVersionId")?;
    let remove_from = req.str("RemoveFromVersionId")?;
    write(ctx, secret_id, |secret| {
        secret.update_stage(label, move_to, remove_from, ctx.now)?;
        Ok(json!({ "ARN": secret.id, "Name": secret.name }))
    })
}

pub fn tag(ctx: &Ctx, req: &Request) -> Result<Json, AwsError> {
    let secret_id = req.required_str("SecretId")?;
    if req.objects("Tags")?.is_none() {
        req.required_str("Tags")?;
    }
    let tags = tags(req)?;
    write(ctx, secret_id, |secret| {
        secret::merge_tags(&mut secret.tags, tags.clone())?;
        secret.changed = ctx.now;
        Ok(json!({}))
    })
}

pub fn untag(ctx: &Ctx, req: &Request) -> Result<Json, AwsError> {
    let secret_id = req.required_str("SecretId")?;
    let Some(keys) = req.strings("TagKeys")? else {
        req.required_str("TagKeys")?;
        return Ok(json!({}));
    };
    write(ctx, secret_id, |secret| {
        for key in &keys {
            secret.tags.remove(*key);
        }
        secret.changed = ctx.now;
        Ok(json!({}))
    })
}

pub fn delete(ctx: &Ctx, req: &Request) -> Result<Json, AwsError> {
    let secret_id = req.required_str("SecretId")?;
    let window = req.int("RecoveryWindowInDays", 7..=30)?;
    let force = req.bool("ForceDeleteWithoutRecovery")?.unwrap_or(false);
    if force && window.is_some() {
        return Err(AwsError::parameter(
            "You can't use ForceDeleteWithoutRecovery in conjunction with RecoveryWindowInDays.",
        ));
    }
    if force {
        // Gone now. A secret that does not exist is not an error, as in
        // AWS, so that cleanup scripts can run twice.
        let deleted = ctx.write_slot(secret::name_of(secret_id), |slot| {
            let found = slot
                .as_ref()
                .filter(|s| s.is_named(secret_id))
                .map(|s| (s.id.clone(), s.name.clone()));
            if found.is_some() {
                *slot = None;
            }
            Ok(found)
        })?;
        let (arn, name) = deleted.unwrap_or_else(|| {
            let name = secret::name_of(secret_id).to_owned();
            (secret::new_id(&name), name)
        });
        return Ok(json!({ "ARN": arn, "Name": name, "DeletionDate": date(ctx.now) }));
    }
    let days = window.unwrap_or(DEFAULT_WINDOW_DAYS);
    let at = ctx.now + SignedDuration::from_hours(24 * days);
    ctx.write_one(secret_id, |secret| {
        let secret = secret.ok_or_else(AwsError::no_secret)?;
        if secret.deletion.is_some() {
            return Err(AwsError::new(
                INVALID_REQUEST,
                "You tried to perform the operation on a secret that's currently marked deleted.",
            )
            .into());
        }
        secret.deletion = Some(Deletion {
            requested: ctx.now,
            at,
        });
        Ok(json!({ "ARN": secret.id, "Name": secret.name, "DeletionDate": date(at) }))
    })
    .map_err(AwsError::from)
}

pub fn restore(ctx: &Ctx, req: &Request) -> Result<Json, AwsError> {
    let secret_id = req.required_str("SecretId")?;
    ctx.write_one(secret_id, |secret| {
        let secret = secret.ok_or_else(AwsError::no_secret)?;
        secret.deletion = None;
        Ok(json!({ "ARN": secret.id, "Name": secret.name }))
    })
    .map_err(AwsError::from)
}

pub fn rotate(ctx: &Ctx, req: &Request) -> Result<Json, AwsError> {
    let secret_id = req.required_str("SecretId")?;
    let token = token(req)?;
    let hook = req.str("Hook")?;
    let config = Config::load(&ctx.paths.config)?;
    // A hook the config lacks is an error before anything changes.
    if let Some(hook) = hook {
        config.hook(hook, &ctx.paths.config)?;
    }
    let (schedule, window) = match req.object("RotationRules")? {
        Some(rules) => rotation_rules(&rules)?,
        None => (None, None),
    };
    let change = Configure {
        hook: hook.map(str::to_owned),
        schedule,
        window,
        rotate_immediately: req.bool("RotateImmediately")?.unwrap_or(true),
    };
    let secret = read(ctx, secret_id)?;
    check_live(&secret)?;
    let configured = rotate::configure(ctx, secret_id, &change)?;
    if !change.rotate_immediately {
        let secret = configured.unwrap_or(secret);
        let current = secret.current().map(|v| v.id.as_str());
        return Ok(ids(&secret, current));
    }
    if secret.current().is_none() {
        return Err(AwsError::new(
            INVALID_REQUEST,
            format!("secret '{}' has no value to rotate yet", secret.name),
        ));
    }
    let (secret, version_id) = rotate::rotate_one(ctx, &config, secret_id, token, configured)?;
    Ok(ids(&secret, Some(&version_id)))
}

/// RotationRules: AutomaticallyAfterDays or ScheduleExpression, and Duration.
fn rotation_rules(rules: &Request) -> Result<(Option<Schedule>, Option<String>), AwsError> {
    let days = rules.int("AutomaticallyAfterDays", 1..=1000)?;
    let expression = rules.str("ScheduleExpression")?;
    let schedule = match (days, expression) {
        (Some(_), Some(_)) => {
            return Err(AwsError::parameter(
                "You can't specify both AutomaticallyAfterDays and ScheduleExpression.",
            ))
        }
        (Some(days), None) => Some(Schedule::Every { days: days as u32 }),
        (None, Some(expr)) => Some(expr.parse::<Schedule>().map_err(AwsError::parameter)?),
        (None, None) => None,
    };
    let window = rules.str("Duration")?;
    if let Some(w) = window {
        schedule::parse_window(w).map_err(AwsError::parameter)?;
    }
    Ok((schedule, window.map(str::to_owned)))
}

pub fn cancel_rotate(ctx: &Ctx, req: &Request) -> Result<Json, AwsError> {
    let secret_id = req.required_str("SecretId")?;
    write(ctx, secret_id, |secret| {
        let dropped = rotate::cancel_rotation(secret, ctx.now)?;
        let version = dropped.or_else(|| secret.current().map(|v| v.id.clone()));
        Ok(ids(secret, version.as_deref()))
    })
}

fn ids(secret: &Secret, version_id: Option<&str>) -> Json {
    let mut doc = json!({ "ARN": secret.id, "Name": secret.name });
    if let Some(id) = version_id {
        doc["VersionId"] = json!(id);
    }
    doc
}
