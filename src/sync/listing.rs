//! Remote secrets as a transport lists them (ListSecrets' entries, with
//! their versions from ListSecretVersionIds when needed), and the rules
//! that say what arca may do with one: ownership, pull-only.

use std::collections::BTreeMap;

use anyhow::{anyhow, Result};
use jiff::Timestamp;
use serde_json::Value as Json;

use super::state::SyncState;
use super::OWNER_TAG;
use crate::secret::Value;

/// A version as the remote holds it; its value only when it was read.
#[derive(Clone)]
pub struct RemoteVersion {
    pub id: String,
    pub stages: Vec<String>,
    pub created: Option<Timestamp>,
    pub value: Option<Value>,
}

/// A secret as the remote holds it (ListSecrets' entry, its versions).
#[derive(Clone)]
pub struct RemoteSecret {
    pub arn: String,
    pub name: String,
    pub description: Option<String>,
    /// The ownership tag included.
    pub tags: BTreeMap<String, String>,
    pub versions: Vec<RemoteVersion>,
    /// Scheduled for deletion on the remote.
    pub deleted: bool,
    pub rotation_enabled: bool,
    pub owning_service: Option<String>,
}

impl RemoteSecret {
    /// ListSecrets' entry: versions are the labelled ones only
    /// (SecretVersionsToStages); deprecated ones need ListSecretVersionIds.
    pub fn from_list_entry(entry: &Json) -> Result<RemoteSecret> {
        let text = |key: &str| entry.get(key).and_then(Json::as_str).map(str::to_owned);
        let name = text("Name").ok_or_else(|| anyhow!("a ListSecrets entry without a Name"))?;
        let mut tags = BTreeMap::new();
        for tag in entry
            .get("Tags")
            .and_then(Json::as_array)
            .into_iter()
            .flatten()
        {
            if let Some(key) = tag.get("Key").and_then(Json::as_str) {
                let value = tag.get("Value").and_then(Json::as_str).unwrap_or("");
                tags.insert(key.to_owned(), value.to_owned());
            }
        }
        let stages = entry
            .get("SecretVersionsToStages")
            .or_else(|| entry.get("VersionIdsToStages"));
        Ok(RemoteSecret {
            arn: text("ARN").unwrap_or_else(|| name.clone()),
            description: text("Description").filter(|d| !d.is_empty()),
            tags,
            versions: versions_to_stages(stages),
            deleted: entry.get("DeletedDate").is_some_and(|d| !d.is_null()),
            rotation_enabled: entry
                .get("RotationEnabled")
                .and_then(Json::as_bool)
                .unwrap_or(false),
            owning_service: text("OwningService"),
            name,
        })
    }

    /// Replaces the versions with ListSecretVersionIds' (deprecated ones
    /// included), keeping none of the values.
    pub fn set_versions(&mut self, list: &[Json]) {
        self.versions = list
            .iter()
            .filter_map(|v| {
                Some(RemoteVersion {
                    id: v.get("VersionId")?.as_str()?.to_owned(),
                    stages: strings(v.get("VersionStages")),
                    created: v
                        .get("CreatedDate")
                        .and_then(Json::as_str)
                        .and_then(|d| d.parse().ok()),
                    value: None,
                })
            })
            .collect();
    }

    /// The versions from the base, when the listing shows the remote
    /// unchanged since the last sync (its deprecated versions too).
    pub fn set_versions_from(&mut self, base: &SyncState) {
        self.versions = base
            .versions
            .iter()
            .map(|(id, stages)| RemoteVersion {
                id: id.clone(),
                stages: stages.clone(),
                created: None,
                value: None,
            })
            .collect();
    }

    /// Whether the listing matches the base: then nothing changed there and
    /// its versions need not be read.
    pub fn matches_base(&self, base: &SyncState) -> bool {
        let labelled: BTreeMap<&String, Vec<&String>> = base
            .versions
            .iter()
            .filter(|(_, stages)| !stages.is_empty())
            .map(|(id, stages)| (id, sorted(stages)))
            .collect();
        let listed: BTreeMap<&String, Vec<&String>> = self
            .versions
            .iter()
            .map(|v| (&v.id, sorted(&v.stages)))
            .collect();
        base.is_base()
            && labelled == listed
            && same_description(&self.description, &base.description)
            && without_owner(&self.tags) == base.tags
    }

    pub fn owned(&self) -> bool {
        self.tags.contains_key(OWNER_TAG)
    }

    /// Why arca may only read this secret, if it may only read it.
    pub fn read_only_reason(&self, adopt: bool) -> Option<String> {
        if self.rotation_enabled {
            return Some("AWS rotates it (rotation enabled there): pull-only".into());
        }
        if let Some(service) = &self.owning_service {
            return Some(format!("owned by the AWS service {service}: pull-only"));
        }
        if self.name.starts_with("rds!") {
            return Some("managed by RDS: pull-only".into());
        }
        if !self.owned() && !adopt {
            return Some(format!(
                "not created by arca (no {OWNER_TAG} tag): pull-only; --adopt to take it over"
            ));
        }
        None
    }
}

fn versions_to_stages(map: Option<&Json>) -> Vec<RemoteVersion> {
    map.and_then(Json::as_object)
        .into_iter()
        .flatten()
        .map(|(id, stages)| RemoteVersion {
            id: id.clone(),
            stages: strings(Some(stages)),
            created: None,
            value: None,
        })
        .collect()
}

pub(super) fn strings(list: Option<&Json>) -> Vec<String> {
    list.and_then(Json::as_array)
        .into_iter()
        .flatten()
        .filter_map(|s| s.as_str().map(str::to_owned))
        .collect()
}

/// Labels in order. The temporary label is kept: a base never has it, so a
/// listing that shows one (a run interrupted) never passes for unchanged.
fn sorted(stages: &[String]) -> Vec<&String> {
    let mut s: Vec<&String> = stages.iter().collect();
    s.sort();
    s
}

/// Whether two descriptions are the same as a remote keeps them: an empty
/// one is none (a listing leaves it out), so this vault's `""` never
/// differs from the remote's absent one (or every run would "change" it).
pub(super) fn same_description(a: &Option<String>, b: &Option<String>) -> bool {
    a.as_deref().unwrap_or_default() == b.as_deref().unwrap_or_default()
}

pub(super) fn without_owner(tags: &BTreeMap<String, String>) -> BTreeMap<String, String> {
    let mut tags = tags.clone();
    tags.remove(OWNER_TAG);
    tags
}
