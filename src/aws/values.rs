//! The operations on values: CreateSecret, GetSecretValue,
//! BatchGetSecretValue, PutSecretValue, UpdateSecret, GetRandomPassword.

use serde_json::{json, Map, Value as Json};

use super::error::{AwsError, EXISTS, INVALID_REQUEST, NOT_FOUND};
use super::request::Request;
use super::{check_live, page, read, shape, token, write};
use crate::cli::PasswordArgs;
use crate::cmd::Ctx;
use crate::filter::{self, Filter};
use crate::secret::{self, Secret, CURRENT};
use crate::vault::Vault;

pub fn create(ctx: &Ctx, req: &Request) -> Result<Json, AwsError> {
    let name = req.required_str("Name")?;
    secret::validate_name(name)?;
    let token = token(req)?;
    let description = req.str("Description")?;
    if let Some(d) = description {
        secret::validate_description(d)?;
    }
    let tags = tags(req)?;
    let value = req.value()?;
    if let Some(v) = &value {
        v.check_size()?;
    }
    // A valid name is not an id: the secret, if any, is the one of that name.
    let created = ctx
        .write_slot(name, |slot| {
            if let Some(existing) = slot {
                // The same call again (same token, same value) is not an error.
                let same = token
                    .and_then(|t| existing.version(t))
                    .filter(|v| Some(&v.value) == value.as_ref() && existing.deletion.is_none());
                if let Some(version) = same {
                    return Ok(ids(existing, Some(&version.id)));
                }
                if existing.deletion.is_some() {
                    return Err(AwsError::new(
                        INVALID_REQUEST,
                        "You can't create this secret because a secret with this name is already scheduled for deletion.",
                    )
                    .into());
                }
                return Err(AwsError::new(
                    EXISTS,
                    format!("The operation failed because the secret {name} already exists."),
                )
                .into());
            }
            let mut secret = match &value {
                Some(v) => Secret::new(name, v.clone(), token.map(str::to_owned), ctx.now)?,
                None => Secret::empty(name, ctx.now)?,
            };
            secret.description = description.map(str::to_owned);
            secret::merge_tags(&mut secret.tags, tags.clone())?;
            let version = secret.current().map(|v| v.id.clone());
            let doc = ids(&secret, version.as_deref());
            *slot = Some(secret);
            Ok(doc)
        })
        .map_err(AwsError::from)?;
    Ok(created)
}

/// `{ARN, Name[, VersionId]}`.
fn ids(secret: &Secret, version_id: Option<&str>) -> Json {
    let mut doc = json!({ "ARN": secret.id, "Name": secret.name });
    if let Some(id) = version_id {
        doc["VersionId"] = json!(id);
    }
    doc
}

/// Tags as `[{"Key": k, "Value": v}]`, checked.
pub(super) fn tags(req: &Request) -> Result<Vec<(String, String)>, AwsError> {
    let mut out = Vec::new();
    for tag in req.objects("Tags")?.unwrap_or_default() {
        let key = tag.required_str("Key")?;
        let value = tag.str("Value")?.unwrap_or("");
        secret::validate_tag(key, value)?;
        out.push((key.to_owned(), value.to_owned()));
    }
    Ok(out)
}

pub fn get(ctx: &Ctx, req: &Request) -> Result<Json, AwsError> {
    let secret = read(ctx, req.required_str("SecretId")?)?;
    check_live(&secret)?;
    let version_id = req.str("VersionId")?;
    let stage = req.str("VersionStage")?;
    let version = match (version_id, stage) {
        (Some(id), _) => {
            let version = secret.version(id).ok_or_else(|| {
                AwsError::new(
                    NOT_FOUND,
                    format!(
                        "Secrets Manager can't find the specified secret value for VersionId: {id}"
                    ),
                )
            })?;
            if let Some(stage) = stage.filter(|s| !version.stages.iter().any(|v| v == s)) {
                return Err(AwsError::new(
                    INVALID_REQUEST,
                    format!("You provided a VersionStage ({stage}) that is not associated to the provided VersionId."),
                ));
            }
            version
        }
        (None, stage) => {
            let stage = stage.unwrap_or(CURRENT);
            secret.version_with_label(stage).ok_or_else(|| {
                AwsError::new(
                    NOT_FOUND,
                    format!("Secrets Manager can't find the specified secret value for staging label: {stage}"),
                )
            })?
        }
    };
    Ok(shape::value(&secret, version))
}

pub fn batch_get(ctx: &Ctx, req: &Request) -> Result<Json, AwsError> {
    let ids = req.strings("SecretIdList")?;
    let filters = filters(req)?;
    ctx.read_whole(|vault| batch_get_from(vault, req, ids, filters))
}

fn batch_get_from(
    vault: &mut Vault,
    req: &Request,
    ids: Option<Vec<&str>>,
    filters: Option<Vec<Filter>>,
) -> Result<Json, AwsError> {
    let mut values = Vec::new();
    let mut errors = Vec::new();
    let mut next = None;
    match (ids, filters) {
        (Some(ids), None) => {
            if ids.is_empty() || ids.len() > 20 {
                return Err(AwsError::parameter(
                    "SecretIdList holds 1 to 20 secret ids.",
                ));
            }
            if req.int("MaxResults", 1..=20)?.is_some() {
                return Err(AwsError::parameter(
                    "MaxResults goes with Filters, not with SecretIdList.",
                ));
            }
            for id in ids {
                let error = |code: &str, message: &str| json!({ "SecretId": id, "ErrorCode": code, "Message": message });
                match vault.by_name_or_id(id)? {
                    None => errors.push(error(NOT_FOUND, "Secrets Manager can't find the specified secret.")),
                    Some(s) if s.deletion.is_some() => errors.push(error(
                        INVALID_REQUEST,
                        "You can't perform this operation on the secret because it was marked for deletion.",
                    )),
                    Some(s) => match s.current() {
                        Some(v) => values.push(shape::value(s, v)),
                        None => errors.push(error(
                            NOT_FOUND,
                            "Secrets Manager can't find the specified secret value for staging label: AWSCURRENT",
                        )),
                    },
                }
            }
        }
        (None, Some(filters)) => {
            let mut found: Vec<&Secret> = vault
                .secrets()?
                .into_iter()
                .filter(|s| s.deletion.is_none() && filter::matches_all(&filters, *s))
                .collect();
            // As ListSecrets: by creation date.
            found.sort_by_key(|s| s.created);
            let found: Vec<Json> = found
                .into_iter()
                .filter_map(|s| Some(shape::value(s, s.current()?)))
                .collect();
            let (found, token) = page(found, req, 20, 20)?;
            values = found;
            next = token;
        }
        _ => {
            return Err(AwsError::parameter(
                "Either 'SecretIdList' or 'Filters' must be provided, but not both.",
            ))
        }
    }
    let mut doc = Map::new();
    doc.insert("SecretValues".into(), json!(values));
    if let Some(next) = next {
        doc.insert("NextToken".into(), json!(next));
    }
    doc.insert("Errors".into(), json!(errors));
    Ok(Json::Object(doc))
}

/// Filters as `[{"Key": k, "Values": [...]}]`.
pub(super) fn filters(req: &Request) -> Result<Option<Vec<Filter>>, AwsError> {
    let Some(list) = req.objects("Filters")? else {
        return Ok(None);
    };
    let mut filters = Vec::new();
    for f in list {
        let key = f.required_str("Key")?;
        let values = f.strings("Values")?.unwrap_or_default();
        filters.push(Filter::new(key, &values)?);
    }
    Ok(Some(filters))
}

pub fn put(ctx: &Ctx, req: &Request) -> Result<Json, AwsError> {
    let secret_id = req.required_str("SecretId")?;
    let token = token(req)?;
    let value = req.value()?.ok_or_else(|| {
        AwsError::parameter("You must provide either SecretString or SecretBinary.")
    })?;
    let labels: Vec<String> = match req.strings("VersionStages")? {
        Some(labels) => labels.into_iter().map(str::to_owned).collect(),
        None => vec![CURRENT.to_owned()],
    };
    let version_id = token
        .map(str::to_owned)
        .unwrap_or_else(secret::new_version_id);
    write(ctx, secret_id, |secret| {
        secret.put_version(value.clone(), Some(version_id.clone()), &labels, ctx.now)?;
        let stages = secret
            .version(&version_id)
            .map(|v| v.stages.clone())
            .unwrap_or_default();
        Ok(json!({
            "ARN": secret.id,
            "Name": secret.name,
            "VersionId": version_id,
            "VersionStages": stages,
        }))
    })
}

pub fn update(ctx: &Ctx, req: &Request) -> Result<Json, AwsError> {
    let secret_id = req.required_str("SecretId")?;
    let token = token(req)?;
    let description = req.str("Description")?;
    if let Some(d) = description {
        secret::validate_description(d)?;
    }
    let value = req.value()?;
    let version_id = value.as_ref().map(|_| {
        token
            .map(str::to_owned)
            .unwrap_or_else(secret::new_version_id)
    });
    write(ctx, secret_id, |secret| {
        if let Some(d) = description {
            secret.description = Some(d.to_owned());
            secret.changed = ctx.now;
        }
        if let (Some(value), Some(id)) = (&value, &version_id) {
            secret.put_version(
                value.clone(),
                Some(id.clone()),
                &[CURRENT.to_owned()],
                ctx.now,
            )?;
        }
        Ok(ids(secret, version_id.as_deref()))
    })
}

pub fn random_password(req: &Request) -> Result<Json, AwsError> {
    let length = req.int("PasswordLength", 1..=4096)?.unwrap_or(32);
    let flag = |key: &str| req.bool(key).map(|b| b.unwrap_or(false));
    let args = PasswordArgs {
        length: length as u16,
        exclude_characters: req.str("ExcludeCharacters")?.map(str::to_owned),
        exclude_numbers: flag("ExcludeNumbers")?,
        exclude_punctuation: flag("ExcludePunctuation")?,
        exclude_uppercase: flag("ExcludeUppercase")?,
        exclude_lowercase: flag("ExcludeLowercase")?,
        include_space: flag("IncludeSpace")?,
        require_each_included_type: false,
        no_require_each_included_type: !req.bool("RequireEachIncludedType")?.unwrap_or(true),
    };
    let password = crate::password::generate(&args)?;
    Ok(json!({ "RandomPassword": password.as_str() }))
}
