//! The secret model and its rules (SPEC §2): names, ids, values, versions and
//! staging labels.

use std::collections::BTreeMap;

use anyhow::Result;
use jiff::Timestamp;
use serde::{Deserialize, Serialize};
use zeroize::Zeroizing;

use crate::error::{conflict, not_found, usage};

pub const CURRENT: &str = "AWSCURRENT";
pub const PENDING: &str = "AWSPENDING";
pub const PREVIOUS: &str = "AWSPREVIOUS";

pub const MAX_NAME_LEN: usize = 512;
pub const MAX_VALUE_LEN: usize = 65_536;
pub const MAX_VERSIONS: usize = 100;
/// AWS's limits on labels.
const MAX_LABEL_LEN: usize = 256;
const MAX_LABELS_PER_VERSION: usize = 20;
/// AWS's code for a value outside a length limit.
const LIMIT: &str = "ValidationException";
/// AWS's code for a broken label rule (UpdateSecretVersionStage).
const LABEL_RULE: &str = "InvalidParameterException";
const ID_PREFIX: &str = "arca:secret:";
const ID_SUFFIX_LEN: usize = 6;

/// A secret as stored: one line of the vault payload. Field order matters:
/// `name` comes first so that a reader can find a line without parsing it.
#[derive(Clone, Serialize, Deserialize)]
pub struct Secret {
    pub name: String,
    pub id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deletion: Option<Deletion>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub tags: BTreeMap<String, String>,
    pub created: Timestamp,
    pub changed: Timestamp,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rotation: Option<Rotation>,
    /// The last-synced state with each remote, by remote name (absent when
    /// none: older payloads read unchanged). Never a value.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub sync: BTreeMap<String, crate::sync::state::SyncState>,
    /// Oldest first. Last in the line, so that a listing can stop parsing
    /// before it (see `vault::Vault::scan`).
    #[serde(default)]
    pub versions: Vec<Version>,
}

/// A scheduled deletion: when it was asked for, and when the secret is gone.
#[derive(Clone, Copy, Serialize, Deserialize)]
pub struct Deletion {
    pub requested: Timestamp,
    pub at: Timestamp,
}

/// Rotation settings and state (SPEC §5).
#[derive(Clone, Default, Serialize, Deserialize)]
pub struct Rotation {
    pub enabled: bool,
    /// The name of a hook in the local config; never a command.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hook: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub schedule: Option<crate::schedule::Schedule>,
    /// How long after a scheduled start the rotation may run, e.g. `2h`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub window: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_rotated: Option<Timestamp>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_rotation: Option<Timestamp>,
}

// No Debug: a version holds a value.
#[derive(Clone, Serialize, Deserialize)]
pub struct Version {
    pub id: String,
    pub created: Timestamp,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub stages: Vec<String>,
    pub value: Value,
}

/// A secret value: text (SecretString) or bytes (SecretBinary, base64 in the
/// payload). Zeroized when dropped; no Debug.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Value {
    String(Zeroizing<String>),
    Binary(#[serde(with = "base64_bytes")] Zeroizing<Vec<u8>>),
}

/// Never the value: only its kind and size.
impl std::fmt::Debug for Value {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let kind = match self {
            Value::String(_) => "String",
            Value::Binary(_) => "Binary",
        };
        write!(f, "{kind}(<redacted, {} bytes>)", self.as_bytes().len())
    }
}

impl Value {
    pub fn as_bytes(&self) -> &[u8] {
        match self {
            Value::String(s) => s.as_bytes(),
            Value::Binary(b) => b,
        }
    }

    pub fn check_size(&self) -> Result<()> {
        let len = self.as_bytes().len();
        if len == 0 {
            return Err(usage("the value is empty").into());
        }
        if len > MAX_VALUE_LEN {
            return Err(usage(format!(
                "the value is {len} bytes; at most {MAX_VALUE_LEN} bytes are allowed"
            ))
            .aws(LIMIT)
            .into());
        }
        Ok(())
    }
}

mod base64_bytes {
    use base64::{engine::general_purpose::STANDARD, Engine};
    use serde::{Deserialize, Deserializer, Serializer};
    use zeroize::Zeroizing;

    pub fn serialize<S: Serializer>(bytes: &Zeroizing<Vec<u8>>, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&Zeroizing::new(STANDARD.encode(bytes.as_slice())))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Zeroizing<Vec<u8>>, D::Error> {
        let text = Zeroizing::new(String::deserialize(d)?);
        STANDARD
            .decode(text.as_bytes())
            .map(Zeroizing::new)
            .map_err(serde::de::Error::custom)
    }
}

pub fn validate_name(name: &str) -> Result<()> {
    let allowed = |c: char| c.is_ascii_alphanumeric() || "/_+=.@-".contains(c);
    if name.is_empty() || name.len() > MAX_NAME_LEN {
        return Err(usage(format!(
            "secret names are 1 to {MAX_NAME_LEN} characters; this one has {}",
            name.chars().count()
        ))
        .aws(LIMIT)
        .into());
    }
    if let Some(bad) = name.chars().find(|c| !allowed(*c)) {
        return Err(usage(format!(
            "secret name contains {bad:?}; names use only A-Z a-z 0-9 / _ + = . @ -"
        ))
        .into());
    }
    Ok(())
}

/// The name a NAME argument refers to: itself, or the name inside an id.
pub fn name_of(name_or_id: &str) -> &str {
    name_or_id
        .strip_prefix(ID_PREFIX)
        .and_then(|rest| {
            let cut = rest.len().checked_sub(ID_SUFFIX_LEN + 1)?;
            (rest.as_bytes()[cut] == b'-' && rest.is_char_boundary(cut)).then(|| &rest[..cut])
        })
        .unwrap_or(name_or_id)
}

/// A fresh id: `arca:secret:<name>-<6 random alphanumerics>`.
pub fn new_id(name: &str) -> String {
    format!(
        "{ID_PREFIX}{name}-{}",
        crate::password::random_from(
            b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789",
            ID_SUFFIX_LEN
        )
    )
}

pub fn validate_token(token: &str) -> Result<()> {
    if !(32..=64).contains(&token.len()) || !token.chars().all(|c| c.is_ascii_graphic()) {
        return Err(usage(
            "--client-request-token must be 32 to 64 printable ASCII characters (a UUID works)",
        )
        .into());
    }
    Ok(())
}

pub fn validate_label(label: &str) -> Result<()> {
    if label.is_empty()
        || label.len() > MAX_LABEL_LEN
        || !label.chars().all(|c| c.is_ascii_graphic())
    {
        return Err(usage(format!(
            "staging labels are 1 to {MAX_LABEL_LEN} printable ASCII characters without spaces"
        ))
        .into());
    }
    Ok(())
}

pub const MAX_TAGS: usize = 50;

/// A `KEY=VALUE` tag argument, checked against AWS's limits.
pub fn parse_tag(arg: &str) -> Result<(String, String)> {
    let (key, value) = arg
        .split_once('=')
        .ok_or_else(|| usage(format!("tag '{arg}' is not KEY=VALUE")))?;
    validate_tag(key, value)?;
    Ok((key.to_owned(), value.to_owned()))
}

/// A tag's key and value against AWS's limits.
pub fn validate_tag(key: &str, value: &str) -> Result<()> {
    validate_tag_key(key)?;
    if value.chars().count() > 256 {
        return Err(usage(format!(
            "the value of tag '{key}' is longer than 256 characters"
        ))
        .aws(LIMIT)
        .into());
    }
    Ok(())
}

pub const MAX_DESCRIPTION_LEN: usize = 2048;

/// AWS's limit on a description: 2,048 characters.
pub fn validate_description(description: &str) -> Result<()> {
    let len = description.chars().count();
    if len > MAX_DESCRIPTION_LEN {
        return Err(usage(format!(
            "the description has {len} characters; at most {MAX_DESCRIPTION_LEN} are allowed"
        ))
        .aws(LIMIT)
        .into());
    }
    Ok(())
}

pub fn validate_tag_key(key: &str) -> Result<()> {
    if key.is_empty() || key.chars().count() > 128 {
        return Err(usage("tag keys are 1 to 128 characters").aws(LIMIT).into());
    }
    if key.to_ascii_lowercase().starts_with("aws:") {
        return Err(usage(format!("tag key '{key}': the aws: prefix is reserved")).into());
    }
    Ok(())
}

/// Adds or overwrites tags, keeping at most 50.
pub fn merge_tags(tags: &mut BTreeMap<String, String>, new: Vec<(String, String)>) -> Result<()> {
    let mut merged = tags.clone();
    merged.extend(new);
    if merged.len() > MAX_TAGS {
        return Err(usage(format!(
            "a secret has at most {MAX_TAGS} tags; this would make {}",
            merged.len()
        ))
        .aws("LimitExceededException")
        .into());
    }
    *tags = merged;
    Ok(())
}

/// What `put_version` did.
#[derive(Debug, PartialEq, Eq)]
pub enum PutOutcome {
    Created,
    /// The token named an existing version with the same value: nothing changed.
    AlreadyThere,
}

impl Secret {
    pub fn new(
        name: &str,
        value: Value,
        version_id: Option<String>,
        now: Timestamp,
    ) -> Result<Secret> {
        validate_name(name)?;
        value.check_size()?;
        Ok(Secret {
            name: name.to_owned(),
            id: new_id(name),
            deletion: None,
            description: None,
            tags: BTreeMap::new(),
            created: now,
            changed: now,
            rotation: None,
            sync: BTreeMap::new(),
            versions: vec![Version {
                id: version_id.unwrap_or_else(new_version_id),
                created: now,
                stages: vec![CURRENT.to_owned()],
                value,
            }],
        })
    }

    /// A secret with no value yet, as AWS CreateSecret without
    /// SecretString or SecretBinary makes: no versions until the first put,
    /// which gets AWSCURRENT.
    pub fn empty(name: &str, now: Timestamp) -> Result<Secret> {
        validate_name(name)?;
        Ok(Secret {
            name: name.to_owned(),
            id: new_id(name),
            deletion: None,
            description: None,
            tags: BTreeMap::new(),
            created: now,
            changed: now,
            rotation: None,
            sync: BTreeMap::new(),
            versions: Vec::new(),
        })
    }

    /// Whether a NAME argument (a name or an id) refers to this secret.
    pub fn is_named(&self, name_or_id: &str) -> bool {
        self.name == name_or_id || self.id == name_or_id
    }

    pub fn version(&self, id: &str) -> Option<&Version> {
        self.versions.iter().find(|v| v.id == id)
    }

    pub fn version_with_label(&self, label: &str) -> Option<&Version> {
        self.versions
            .iter()
            .find(|v| v.stages.iter().any(|s| s == label))
    }

    /// An unfinished rotation's version: AWSPENDING on a version that is
    /// not AWSCURRENT.
    pub fn pending(&self) -> Option<&Version> {
        let current = self.current()?;
        self.version_with_label(PENDING)
            .filter(|v| v.id != current.id)
    }

    /// The AWSCURRENT version: None only for a secret with no value yet.
    pub fn current(&self) -> Option<&Version> {
        self.version_with_label(CURRENT)
    }

    /// The AWSCURRENT version, for a read that needs a value.
    pub fn current_value(&self) -> Result<&Version> {
        self.current().ok_or_else(|| {
            not_found(format!("secret '{}' has no value yet", self.name))
                .hint(format!("store one with 'arca put {}'", self.name))
                .into()
        })
    }

    /// The version a read asks for: by id, by label, or AWSCURRENT.
    pub fn select(&self, version_id: Option<&str>, label: Option<&str>) -> Result<&Version> {
        match (version_id, label) {
            (Some(id), _) => self.version(id).ok_or_else(|| {
                not_found(format!("secret '{}' has no version {id}", self.name)).into()
            }),
            (None, Some(label)) => self.version_with_label(label).ok_or_else(|| {
                not_found(format!(
                    "no version of '{}' has the label {label}",
                    self.name
                ))
                .hint(format!("arca versions {}", self.name))
                .into()
            }),
            (None, None) => self.current_value(),
        }
    }

    /// Adds a version with the given labels (AWS PutSecretValue).
    ///
    /// A reused version id is a no-op with the same value and a conflict with
    /// another one. Labels move to the new version; moving AWSCURRENT gives
    /// AWSPREVIOUS to the version that had it. The first version of a secret
    /// with no value gets AWSCURRENT whatever the labels (as AWS does).
    /// Beyond 100 versions the oldest unlabelled ones are dropped.
    pub fn put_version(
        &mut self,
        value: Value,
        version_id: Option<String>,
        labels: &[String],
        now: Timestamp,
    ) -> Result<PutOutcome> {
        value.check_size()?;
        for label in labels {
            validate_label(label)?;
        }
        if labels.len() > MAX_LABELS_PER_VERSION {
            return Err(usage(format!(
                "a version carries at most {MAX_LABELS_PER_VERSION} staging labels"
            ))
            .into());
        }
        let id = version_id.unwrap_or_else(new_version_id);
        if let Some(existing) = self.version(&id) {
            return if existing.value == value {
                Ok(PutOutcome::AlreadyThere)
            } else {
                Err(conflict(format!(
                    "version {id} of '{}' already exists with another value",
                    self.name
                ))
                .hint("use a new --client-request-token for a new value")
                .aws("ResourceExistsException")
                .into())
            };
        }
        // Work on a copy so that a refused put changes nothing.
        let mut next = self.clone();
        next.versions.push(Version {
            id: id.clone(),
            created: now,
            stages: Vec::new(),
            value,
        });
        for label in labels {
            next.attach(label, &id);
        }
        if next.current().is_none() {
            next.attach(CURRENT, &id);
        }
        next.changed = now;
        next.drop_old_versions(&id)?;
        *self = next;
        Ok(PutOutcome::Created)
    }

    /// Moves `label` to version `to`, removing it from wherever it was, with
    /// the AWSPREVIOUS rule for AWSCURRENT.
    fn attach(&mut self, label: &str, to: &str) {
        let from = self.version_with_label(label).map(|v| v.id.clone());
        if from.as_deref() == Some(to) {
            return;
        }
        for version in &mut self.versions {
            version.stages.retain(|s| s != label);
        }
        if let Some(version) = self.versions.iter_mut().find(|v| v.id == to) {
            version.stages.push(label.to_owned());
        }
        if label == CURRENT {
            if let Some(from) = from {
                self.attach(PREVIOUS, &from);
            }
        }
    }

    fn drop_old_versions(&mut self, keep: &str) -> Result<()> {
        while self.versions.len() > MAX_VERSIONS {
            let oldest_deprecated = self
                .versions
                .iter()
                .position(|v| v.stages.is_empty() && v.id != keep);
            match oldest_deprecated {
                Some(i) => {
                    self.versions.remove(i);
                }
                None => {
                    return Err(conflict(format!(
                        "'{}' would have more than {MAX_VERSIONS} labelled versions",
                        self.name
                    ))
                    .hint("remove staging labels from old versions with 'arca stage'")
                    .aws("LimitExceededException")
                    .into())
                }
            }
        }
        Ok(())
    }

    /// AWS UpdateSecretVersionStage.
    pub fn update_stage(
        &mut self,
        label: &str,
        move_to: Option<&str>,
        remove_from: Option<&str>,
        now: Timestamp,
    ) -> Result<()> {
        validate_label(label)?;
        for id in move_to.iter().chain(remove_from.iter()) {
            if self.version(id).is_none() {
                return Err(
                    not_found(format!("secret '{}' has no version {id}", self.name)).into(),
                );
            }
        }
        let holder = self.version_with_label(label).map(|v| v.id.clone());
        if let Some(from) = remove_from {
            if holder.as_deref() != Some(from) {
                return Err(conflict(format!(
                    "version {from} of '{}' does not have the label {label}",
                    self.name
                ))
                .aws(LABEL_RULE)
                .into());
            }
        }
        match move_to {
            Some(to) => {
                if let Some(holder) = holder.as_deref().filter(|h| *h != to) {
                    if remove_from != Some(holder) {
                        return Err(conflict(format!(
                            "{label} is on version {holder}; say --remove-from {holder} to move it"
                        ))
                        .aws(LABEL_RULE)
                        .into());
                    }
                }
                if holder.as_deref() != Some(to)
                    && self
                        .version(to)
                        .is_some_and(|v| v.stages.len() >= MAX_LABELS_PER_VERSION)
                {
                    return Err(conflict(format!(
                        "version {to} already carries {MAX_LABELS_PER_VERSION} labels"
                    ))
                    .aws("LimitExceededException")
                    .into());
                }
                self.attach(label, to);
            }
            None => {
                if label == CURRENT {
                    return Err(conflict(
                        "AWSCURRENT cannot be removed, only moved to another version with --move-to",
                    )
                    .aws(LABEL_RULE)
                    .into());
                }
                for version in &mut self.versions {
                    version.stages.retain(|s| s != label);
                }
            }
        }
        self.changed = now;
        Ok(())
    }

    /// Parses one line of the vault payload and checks the invariants the
    /// rest of arca relies on (a hand-edited line with versions but
    /// without AWSCURRENT would otherwise confuse every label rule). The error never quotes the line,
    /// which holds values.
    pub fn from_line(line: &[u8]) -> Result<Secret> {
        let secret: Secret = serde_json::from_slice(line).map_err(|e| {
            malformed(format!(
                "the vault holds a malformed secret entry (line column {})",
                e.column()
            ))
        })?;
        secret.check_invariants().map_err(|why| {
            malformed(format!(
                "the vault holds a malformed secret entry '{}': {why}",
                secret.name
            ))
        })?;
        Ok(secret)
    }

    /// Parses the metadata of a payload line whose versions were cut off
    /// (`vault::Vault::scan`): no version invariant can be checked.
    pub fn metadata_from_line(line: &[u8]) -> Result<Secret> {
        serde_json::from_slice(line).map_err(|e| {
            malformed(format!(
                "the vault holds a malformed secret entry (line column {})",
                e.column()
            ))
        })
    }

    /// Checks the invariants every stored secret keeps: version ids unique,
    /// a label on at most one version, AWSCURRENT on exactly one (unless
    /// there is none yet), at most 100 versions.
    pub fn check_invariants(&self) -> std::result::Result<(), String> {
        let mut seen = std::collections::HashSet::new();
        for version in &self.versions {
            if !seen.insert(&version.id) {
                return Err(format!("duplicate version id {}", version.id));
            }
        }
        let mut labels = std::collections::HashMap::new();
        for version in &self.versions {
            for label in &version.stages {
                if labels.insert(label, &version.id).is_some() {
                    return Err(format!("the label {label} appears twice"));
                }
            }
        }
        if !self.versions.is_empty() && !labels.contains_key(&CURRENT.to_owned()) {
            return Err("no AWSCURRENT".into());
        }
        if self.versions.len() > MAX_VERSIONS {
            return Err("too many versions".into());
        }
        Ok(())
    }
}

fn malformed(message: String) -> anyhow::Error {
    crate::error::vault(message)
        .hint("restore the vault from a backup, or inspect it with 'age -d'")
        .into()
}

pub fn new_version_id() -> String {
    uuid::Uuid::new_v4().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn text(s: &str) -> Value {
        Value::String(Zeroizing::new(s.to_owned()))
    }

    fn labels_of(secret: &Secret, id: &str) -> Vec<String> {
        let mut stages = secret.version(id).unwrap().stages.clone();
        stages.sort();
        stages
    }

    fn secret() -> Secret {
        Secret::new(
            "db",
            text("v1"),
            Some("v1".repeat(16)),
            Timestamp::UNIX_EPOCH,
        )
        .unwrap()
    }

    #[test]
    fn names_follow_the_aws_alphabet_and_length() {
        assert!(validate_name("prod/db_pw+x=y.z@w-1").is_ok());
        assert!(validate_name(&"a".repeat(512)).is_ok());
        assert!(validate_name(&"a".repeat(513)).is_err());
        assert!(validate_name("").is_err());
        assert!(validate_name("a b").is_err());
        assert!(validate_name("a:b").is_err());
        assert!(validate_name("é").is_err());
    }

    #[test]
    fn ids_carry_the_name_and_six_characters() {
        let id = new_id("prod/db");
        assert!(id.starts_with("arca:secret:prod/db-"));
        assert_eq!(id.len(), "arca:secret:prod/db-".len() + 6);
        assert_eq!(name_of(&id), "prod/db");
        assert_eq!(name_of("prod/db"), "prod/db");
        assert_eq!(name_of("arca:secret:x"), "arca:secret:x");
    }

    #[test]
    fn put_moves_current_and_previous() {
        let mut s = secret();
        let first = s.current().unwrap().id.clone();
        s.put_version(
            text("v2"),
            Some("b".repeat(32)),
            &[CURRENT.into()],
            Timestamp::UNIX_EPOCH,
        )
        .unwrap();
        assert_eq!(labels_of(&s, &"b".repeat(32)), [CURRENT]);
        assert_eq!(labels_of(&s, &first), [PREVIOUS]);
        s.put_version(
            text("v3"),
            Some("c".repeat(32)),
            &[CURRENT.into()],
            Timestamp::UNIX_EPOCH,
        )
        .unwrap();
        assert!(labels_of(&s, &first).is_empty());
        assert_eq!(labels_of(&s, &"b".repeat(32)), [PREVIOUS]);
    }

    #[test]
    fn put_with_another_label_leaves_current_alone() {
        let mut s = secret();
        let first = s.current().unwrap().id.clone();
        s.put_version(text("v2"), None, &[PENDING.into()], Timestamp::UNIX_EPOCH)
            .unwrap();
        assert_eq!(s.current().unwrap().id, first);
        assert!(s.version_with_label(PENDING).unwrap().value == text("v2"));
    }

    #[test]
    fn a_reused_token_is_a_no_op_or_a_conflict() {
        let mut s = secret();
        let token = "t".repeat(40);
        let put = |s: &mut Secret, v| {
            s.put_version(
                text(v),
                Some(token.clone()),
                &[CURRENT.into()],
                Timestamp::UNIX_EPOCH,
            )
        };
        assert_eq!(put(&mut s, "v2").unwrap(), PutOutcome::Created);
        assert_eq!(put(&mut s, "v2").unwrap(), PutOutcome::AlreadyThere);
        assert_eq!(s.versions.len(), 2);
        assert!(put(&mut s, "other").is_err());
    }

    #[test]
    fn at_most_100_versions_dropping_the_oldest_deprecated() {
        let mut s = secret();
        for i in 0..150 {
            s.put_version(
                text(&format!("v{i}")),
                None,
                &[CURRENT.into()],
                Timestamp::UNIX_EPOCH,
            )
            .unwrap();
        }
        assert_eq!(s.versions.len(), MAX_VERSIONS);
        assert!(s.current().unwrap().value == text("v149"));
        assert!(s.versions.last().unwrap().value == text("v149"));
        s.check_invariants().unwrap();
    }

    #[test]
    fn stage_rules() {
        let mut s = secret();
        let v1 = s.current().unwrap().id.clone();
        s.put_version(text("v2"), None, &[CURRENT.into()], Timestamp::UNIX_EPOCH)
            .unwrap();
        let v2 = s.current().unwrap().id.clone();
        let now = Timestamp::UNIX_EPOCH;
        // A new label goes anywhere.
        s.update_stage("MINE", Some(&v1), None, now).unwrap();
        // Moving it needs --remove-from naming its holder.
        assert!(s.update_stage("MINE", Some(&v2), None, now).is_err());
        assert!(s.update_stage("MINE", Some(&v2), Some(&v2), now).is_err());
        s.update_stage("MINE", Some(&v2), Some(&v1), now).unwrap();
        assert!(labels_of(&s, &v2).contains(&"MINE".to_owned()));
        // Removing AWSCURRENT is refused; moving it sets AWSPREVIOUS.
        assert!(s.update_stage(CURRENT, None, Some(&v2), now).is_err());
        s.update_stage(CURRENT, Some(&v1), Some(&v2), now).unwrap();
        assert_eq!(s.current().unwrap().id, v1);
        assert_eq!(labels_of(&s, &v2), ["AWSPREVIOUS", "MINE"]);
        // Unknown versions are not found.
        assert!(s.update_stage("X", Some("nope"), None, now).is_err());
        s.update_stage("MINE", None, Some(&v2), now).unwrap();
        assert!(s.version_with_label("MINE").is_none());
        s.check_invariants().unwrap();
    }

    #[derive(Debug, Clone)]
    enum Op {
        Put(Vec<String>),
        Stage(String, Option<usize>, Option<usize>),
    }

    fn label() -> impl Strategy<Value = String> {
        prop_oneof![
            Just(CURRENT.to_owned()),
            Just(PENDING.to_owned()),
            Just(PREVIOUS.to_owned()),
            Just("A".to_owned()),
            Just("B".to_owned()),
        ]
    }

    fn op() -> impl Strategy<Value = Op> {
        prop_oneof![
            proptest::collection::vec(label(), 0..3).prop_map(Op::Put),
            (
                label(),
                proptest::option::of(0..8usize),
                proptest::option::of(0..8usize)
            )
                .prop_map(|(l, a, b)| Op::Stage(l, a, b)),
        ]
    }

    proptest! {
        #[test]
        fn random_puts_and_stages_keep_the_label_invariants(ops in proptest::collection::vec(op(), 1..60)) {
            let mut s = secret();
            for (i, op) in ops.into_iter().enumerate() {
                let before = s.clone();
                let result = match op {
                    Op::Put(mut labels) => {
                        if labels.is_empty() { labels.push(CURRENT.into()); }
                        s.put_version(text(&format!("v{i}")), None, &labels, Timestamp::UNIX_EPOCH).map(|_| ())
                    }
                    Op::Stage(label, to, from) => {
                        let pick = |i: Option<usize>| i.and_then(|i| s.versions.get(i % s.versions.len()).map(|v| v.id.clone()));
                        let (to, from) = (pick(to), pick(from));
                        if to.is_none() && from.is_none() { continue; }
                        s.update_stage(&label, to.as_deref(), from.as_deref(), Timestamp::UNIX_EPOCH)
                    }
                };
                if result.is_err() {
                    // A refused change changes nothing.
                    prop_assert_eq!(serde_json::to_string(&before).unwrap(), serde_json::to_string(&s).unwrap());
                }
                prop_assert_eq!(s.check_invariants(), Ok(()));
            }
        }
    }

    /// Exercises a secret that `from_line` accepted the way commands do:
    /// none of it may panic.
    fn use_parsed(s: &Secret) {
        let _ = s.select(None, None);
        let _ = s.select(None, Some(PREVIOUS));
        if let Some(current) = s.current() {
            let _ = s.select(Some(&current.id), None);
            let _ = current.value.as_bytes().len();
            let _ = format!("{:?}", current.value);
        }
        let line = serde_json::to_vec(s).unwrap();
        let again = Secret::from_line(&line).unwrap();
        assert_eq!(serde_json::to_vec(&again).unwrap(), line);
        let mut edited = s.clone();
        let _ = edited.put_version(
            text("next"),
            None,
            &[CURRENT.to_owned()],
            Timestamp::UNIX_EPOCH,
        );
        assert_eq!(edited.check_invariants(), Ok(()));
    }

    /// A payload line with random versions and labels, valid or not.
    fn line() -> impl Strategy<Value = String> {
        let stage = prop_oneof![Just(CURRENT), Just(PREVIOUS), Just(PENDING), Just("X")];
        let version = (
            0..4u8,
            proptest::collection::vec(stage, 0..3),
            any::<bool>(),
        );
        proptest::collection::vec(version, 0..5).prop_map(|versions| {
            let versions: Vec<String> = versions
                .into_iter()
                .map(|(id, stages, binary)| {
                    let value = if binary { r#"{"binary":"AAEC"}"# } else { r#"{"string":"v"}"# };
                    format!(
                        r#"{{"id":"v{id}","created":"2026-01-01T00:00:00Z","stages":{},"value":{value}}}"#,
                        serde_json::to_string(&stages).unwrap()
                    )
                })
                .collect();
            format!(
                r#"{{"name":"n","id":"arca:secret:n-abcdef","created":"2026-01-01T00:00:00Z","changed":"2026-01-01T00:00:00Z","versions":[{}]}}"#,
                versions.join(",")
            )
        })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]

        #[test]
        fn arbitrary_bytes_never_panic_as_a_payload_line(bytes in proptest::collection::vec(any::<u8>(), 0..256)) {
            if let Ok(s) = Secret::from_line(&bytes) {
                use_parsed(&s);
            }
        }

        #[test]
        fn a_line_that_parses_keeps_the_invariants(line in line()) {
            let parsed: Option<Secret> = serde_json::from_str(&line).ok();
            match Secret::from_line(line.as_bytes()) {
                Ok(s) => use_parsed(&s),
                Err(e) => {
                    // Only the invariant check turns down well-formed JSON.
                    let parsed = parsed.expect("the generator writes well-formed lines");
                    prop_assert!(parsed.check_invariants().is_err());
                    prop_assert!(e.to_string().contains("malformed secret entry 'n'"), "{}", e);
                }
            }
        }

        #[test]
        fn a_flipped_byte_in_a_valid_line_never_panics(at in any::<proptest::sample::Index>(), byte in any::<u8>()) {
            let mut line = serde_json::to_vec(&secret()).unwrap();
            let i = at.index(line.len());
            line[i] = byte;
            if let Ok(s) = Secret::from_line(&line) {
                use_parsed(&s);
            }
        }
    }
}
