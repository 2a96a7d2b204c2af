//! The remote's operations that make it hold a target secret, as AWS's
//! requests: found by playing them on a model of the remote with
//! `Secret`'s own label rules (AWS's documented model).

use std::collections::{BTreeMap, BTreeSet};

use anyhow::Result;
use jiff::Timestamp;
use serde::Serialize;
use serde_json::{json, Value as Json};
use zeroize::Zeroizing;

use super::listing::{same_description, RemoteSecret};
use super::plan::Options;
use super::{OWNER_TAG, TEMP_LABEL};
use crate::aws::shape::tag_list;
use crate::secret::{Secret, Value, Version, CURRENT, PREVIOUS};

/// One operation on the remote: AWS's request, without the value.
#[derive(Clone, Serialize)]
pub struct Op {
    #[serde(rename = "Operation")]
    pub operation: &'static str,
    #[serde(rename = "Request")]
    pub request: Json,
    /// PutSecretValue's value, added to the request when applied.
    #[serde(skip)]
    pub value: Option<Value>,
}

impl Op {
    pub(super) fn new(operation: &'static str, request: Json) -> Op {
        Op {
            operation,
            request,
            value: None,
        }
    }

    /// The request to send: with the value for PutSecretValue.
    pub fn request(&self) -> Json {
        use base64::{engine::general_purpose::STANDARD, Engine};
        let mut request = self.request.clone();
        match &self.value {
            Some(Value::String(s)) => request["SecretString"] = json!(s.as_str()),
            Some(Value::Binary(b)) => {
                request["SecretBinary"] = json!(STANDARD.encode(b.as_slice()))
            }
            None => {}
        }
        request
    }
}

pub(super) fn placeholder() -> Value {
    Value::String(Zeroizing::new("-".to_owned()))
}

/// A model of the remote's versions and labels (values are not needed:
/// only the label rules are played on it).
pub(super) fn remote_model(remote: &RemoteSecret, now: Timestamp) -> Result<Secret> {
    let mut s = Secret::empty(&remote.name, now)?;
    s.versions = remote
        .versions
        .iter()
        .map(|v| Version {
            id: v.id.clone(),
            created: v.created.unwrap_or(now),
            stages: v.stages.clone(),
            value: placeholder(),
        })
        .collect();
    Ok(s)
}

/// The operations that make the remote's versions and labels those of
/// `target`, played on `model`: new versions (oldest first) under the
/// temporary label, then each label moved naming the version that holds it
/// now (AWSCURRENT first: AWS moves AWSPREVIOUS with it), then the
/// temporary label removed. Returns the ids of the versions put.
pub(super) fn push_ops(
    ops: &mut Vec<Op>,
    mut model: Secret,
    target: &Secret,
    now: Timestamp,
) -> Result<Vec<String>> {
    let name = target.name.clone();
    let mut pushed = Vec::new();
    let mut new: Vec<&Version> = target
        .versions
        .iter()
        .filter(|v| model.version(&v.id).is_none())
        .collect();
    new.sort_by_key(|v| v.created);
    for v in new {
        // The first version of a secret gets AWSCURRENT whatever its labels
        // (AWS's documented rule); saying so does not rely on it.
        let mut stages = vec![TEMP_LABEL.to_owned()];
        if model.versions.is_empty() {
            stages.push(CURRENT.to_owned());
        }
        model.put_version(placeholder(), Some(v.id.clone()), &stages, now)?;
        ops.push(Op {
            operation: "PutSecretValue",
            request: json!({
                "SecretId": name,
                "ClientRequestToken": v.id,
                "VersionStages": stages,
            }),
            value: Some(v.value.clone()),
        });
        pushed.push(v.id.clone());
    }
    let all: BTreeSet<String> = model
        .versions
        .iter()
        .chain(&target.versions)
        .flat_map(|v| v.stages.iter().cloned())
        .filter(|l| l != CURRENT && l != PREVIOUS && l != TEMP_LABEL)
        .collect();
    let order = std::iter::once(CURRENT.to_owned())
        .chain(all)
        .chain([PREVIOUS.to_owned(), TEMP_LABEL.to_owned()]);
    for label in order {
        let want = match label.as_str() {
            TEMP_LABEL => None,
            l => target.version_with_label(l).map(|v| v.id.clone()),
        };
        let have = model.version_with_label(&label).map(|v| v.id.clone());
        if want == have {
            continue;
        }
        let mut request = json!({ "SecretId": name, "VersionStage": label });
        if let Some(to) = &want {
            request["MoveToVersionId"] = json!(to);
        }
        if let Some(from) = &have {
            request["RemoveFromVersionId"] = json!(from);
        }
        model.update_stage(&label, want.as_deref(), have.as_deref(), now)?;
        ops.push(Op::new("UpdateSecretVersionStage", request));
    }
    Ok(pushed)
}

/// Description and tags (the ownership tag stays as the remote has it).
pub(super) fn meta_ops(ops: &mut Vec<Op>, remote: &RemoteSecret, target: &Secret, opts: &Options) {
    let name = &target.name;
    if !same_description(&remote.description, &target.description) {
        ops.push(Op::new(
            "UpdateSecret",
            json!({ "SecretId": name, "Description": target.description.clone().unwrap_or_default() }),
        ));
    }
    let mut want = target.tags.clone();
    want.remove(OWNER_TAG);
    match remote.tags.get(OWNER_TAG) {
        Some(owner) => {
            want.insert(OWNER_TAG.to_owned(), owner.clone());
        }
        None if opts.adopt => {
            want.insert(OWNER_TAG.to_owned(), opts.owner.clone());
        }
        None => {}
    }
    let set: BTreeMap<String, String> = want
        .iter()
        .filter(|(k, v)| {
            remote.tags.get(*k) != Some(*v)
                && !(k.as_str() == OWNER_TAG && opts.adopt && !remote.owned())
        })
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    if !set.is_empty() {
        ops.push(Op::new(
            "TagResource",
            json!({ "SecretId": name, "Tags": tag_list(&set) }),
        ));
    }
    let gone: Vec<&String> = remote
        .tags
        .keys()
        .filter(|k| !want.contains_key(*k))
        .collect();
    if !gone.is_empty() {
        ops.push(Op::new(
            "UntagResource",
            json!({ "SecretId": name, "TagKeys": gone }),
        ));
    }
}
