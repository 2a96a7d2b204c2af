//! AWS's response shapes for a secret, members in the order of AWS's
//! service model (which is the order the aws CLI prints them in).

use base64::{engine::general_purpose::STANDARD, Engine};
use serde_json::{json, Map, Value as Json};

use crate::output::date;
use crate::secret::{Secret, Value, Version};

/// DescribeSecret's response; ListSecrets' entries are the same with
/// `SecretVersionsToStages` instead of `VersionIdsToStages`.
pub fn describe(secret: &Secret) -> Json {
    let mut doc = metadata(secret, "VersionIdsToStages");
    // As AWS lists a secret's replica regions: one entry per remote it
    // syncs with, the remote's name in Region (`sync::state`).
    if !secret.sync.is_empty() {
        doc["ReplicationStatus"] = json!(secret
            .sync
            .iter()
            .map(|(remote, state)| state.replication_status(remote))
            .collect::<Vec<_>>());
    }
    doc
}

pub fn list_entry(secret: &Secret) -> Json {
    metadata(secret, "SecretVersionsToStages")
}

fn metadata(secret: &Secret, stages_key: &str) -> Json {
    let mut doc = Map::new();
    doc.insert("ARN".into(), json!(secret.id));
    doc.insert("Name".into(), json!(secret.name));
    if let Some(d) = &secret.description {
        doc.insert("Description".into(), json!(d));
    }
    // As AWS: rotation members once rotation has been configured.
    if let Some(rotation) = &secret.rotation {
        doc.insert("RotationEnabled".into(), json!(rotation.enabled));
        // arca's own member, where AWS has RotationLambdaARN.
        if let Some(hook) = &rotation.hook {
            doc.insert("RotationHook".into(), json!(hook));
        }
        if rotation.schedule.is_some() || rotation.window.is_some() {
            let mut rules = Map::new();
            if let Some(crate::schedule::Schedule::Every { days }) = &rotation.schedule {
                rules.insert("AutomaticallyAfterDays".into(), json!(days));
            }
            if let Some(window) = &rotation.window {
                rules.insert("Duration".into(), json!(window));
            }
            if let Some(schedule) = &rotation.schedule {
                rules.insert("ScheduleExpression".into(), json!(schedule.to_string()));
            }
            doc.insert("RotationRules".into(), Json::Object(rules));
        }
        if let Some(last) = rotation.last_rotated {
            doc.insert("LastRotatedDate".into(), json!(date(last)));
        }
    }
    doc.insert("LastChangedDate".into(), json!(date(secret.changed)));
    if let Some(d) = secret.deletion {
        doc.insert("DeletedDate".into(), json!(date(d.requested)));
    }
    if let Some(next) = secret
        .rotation
        .as_ref()
        .filter(|r| r.enabled)
        .and_then(|r| r.next_rotation)
    {
        doc.insert("NextRotationDate".into(), json!(date(next)));
    }
    if !secret.tags.is_empty() {
        doc.insert("Tags".into(), tags(secret));
    }
    // Only labelled versions: unlabelled ones are deprecated.
    if !secret.versions.is_empty() {
        let stages: Map<String, Json> = secret
            .versions
            .iter()
            .filter(|v| !v.stages.is_empty())
            .map(|v| (v.id.clone(), json!(v.stages)))
            .collect();
        doc.insert(stages_key.into(), Json::Object(stages));
    }
    doc.insert("CreatedDate".into(), json!(date(secret.created)));
    // arca's own member: AWS has no deletion date in DescribeSecret, only
    // DeletedDate (when it was asked for).
    if let Some(d) = secret.deletion {
        doc.insert("DeletionDate".into(), json!(date(d.at)));
    }
    Json::Object(doc)
}

pub fn tags(secret: &Secret) -> Json {
    tag_list(&secret.tags)
}

/// Tags as AWS lists them: `[{"Key": …, "Value": …}]`.
pub fn tag_list(tags: &std::collections::BTreeMap<String, String>) -> Json {
    json!(tags
        .iter()
        .map(|(k, v)| json!({ "Key": k, "Value": v }))
        .collect::<Vec<_>>())
}

/// GetSecretValue's response (and BatchGetSecretValue's entries).
pub fn value(secret: &Secret, version: &Version) -> Json {
    let mut doc = Map::new();
    doc.insert("ARN".into(), json!(secret.id));
    doc.insert("Name".into(), json!(secret.name));
    doc.insert("VersionId".into(), json!(version.id));
    match &version.value {
        Value::Binary(b) => doc.insert("SecretBinary".into(), json!(STANDARD.encode(b.as_slice()))),
        Value::String(s) => doc.insert("SecretString".into(), json!(s.as_str())),
    };
    doc.insert("VersionStages".into(), json!(version.stages));
    doc.insert("CreatedDate".into(), json!(date(version.created)));
    Json::Object(doc)
}

/// One entry of ListSecretVersionIds.
pub fn version_entry(version: &Version) -> Json {
    json!({
        "VersionId": version.id,
        "VersionStages": version.stages,
        "CreatedDate": date(version.created),
    })
}
