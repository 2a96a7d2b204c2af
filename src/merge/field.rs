//! The fields of a secret that merge one by one, read and written as JSON
//! so that one three-way rule serves them all and a conflict can record
//! both sides in the vault header. Values never pass through here: a
//! version's bytes are compared, never recorded.

use std::fmt;

use anyhow::{anyhow, Result};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::{json, Value as Json};

use crate::secret::{Rotation, Secret};

/// One mergeable field of a secret.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Field {
    Id,
    Description,
    Tag(String),
    RotationEnabled,
    RotationHook,
    RotationSchedule,
    RotationWindow,
    Deletion,
    /// Which version carries the label (a version id, or null).
    Label(String),
    /// Two sides stored different bytes under this version id; the record
    /// names the versions that now hold each side's bytes.
    Version(String),
}

impl Field {
    /// The fields every secret has (tags and labels are listed per secret).
    pub const FIXED: [Field; 7] = [
        Field::Id,
        Field::Description,
        Field::RotationEnabled,
        Field::RotationHook,
        Field::RotationSchedule,
        Field::RotationWindow,
        Field::Deletion,
    ];

    /// The field's value in `secret`, as JSON (null: absent).
    pub fn get(&self, secret: &Secret) -> Json {
        let rotation = secret.rotation.as_ref();
        match self {
            Field::Id => json!(secret.id),
            Field::Description => json!(secret.description),
            Field::Tag(key) => json!(secret.tags.get(key)),
            Field::RotationEnabled => json!(rotation.is_some_and(|r| r.enabled)),
            Field::RotationHook => json!(rotation.and_then(|r| r.hook.as_ref())),
            Field::RotationSchedule => json!(rotation.and_then(|r| r.schedule.as_ref())),
            Field::RotationWindow => json!(rotation.and_then(|r| r.window.as_ref())),
            Field::Deletion => json!(secret.deletion),
            Field::Label(label) => json!(secret.version_with_label(label).map(|v| &v.id)),
            Field::Version(id) => json!(id),
        }
    }

    /// Sets the field in `secret` to a value [`Field::get`] returned.
    pub fn set(&self, secret: &mut Secret, value: &Json) -> Result<()> {
        let bad = || anyhow!("internal error: {value} is not a value of {self}");
        let text = || -> Result<Option<String>> {
            match value {
                Json::Null => Ok(None),
                Json::String(s) => Ok(Some(s.clone())),
                _ => Err(bad()),
            }
        };
        match self {
            Field::Id => secret.id = text()?.ok_or_else(bad)?,
            Field::Description => secret.description = text()?,
            Field::Tag(key) => match text()? {
                Some(v) => {
                    secret.tags.insert(key.clone(), v);
                }
                None => {
                    secret.tags.remove(key);
                }
            },
            Field::RotationEnabled => rotation(secret).enabled = value.as_bool().ok_or_else(bad)?,
            Field::RotationHook => rotation(secret).hook = text()?,
            Field::RotationSchedule => {
                rotation(secret).schedule = serde_json::from_value(value.clone())?
            }
            Field::RotationWindow => rotation(secret).window = text()?,
            Field::Deletion => secret.deletion = serde_json::from_value(value.clone())?,
            Field::Label(label) => {
                let to = text()?;
                if let Some(to) = &to {
                    if secret.version(to).is_none() {
                        return Err(anyhow!(
                            "secret '{}' has no version {to} for the label {label}",
                            secret.name
                        ));
                    }
                }
                for version in &mut secret.versions {
                    version.stages.retain(|s| s != label);
                    if Some(&version.id) == to.as_ref() {
                        version.stages.push(label.clone());
                    }
                }
            }
            Field::Version(_) => return Err(bad()),
        }
        if secret.rotation.as_ref().is_some_and(is_unset) {
            secret.rotation = None;
        }
        Ok(())
    }
}

fn rotation(secret: &mut Secret) -> &mut Rotation {
    secret.rotation.get_or_insert_with(Default::default)
}

/// A rotation with nothing in it is the same as none.
fn is_unset(r: &Rotation) -> bool {
    !r.enabled
        && r.hook.is_none()
        && r.schedule.is_none()
        && r.window.is_none()
        && r.last_rotated.is_none()
        && r.next_rotation.is_none()
}

impl fmt::Display for Field {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Field::Id => f.write_str("id"),
            Field::Description => f.write_str("description"),
            Field::Tag(key) => write!(f, "tag:{key}"),
            Field::RotationEnabled => f.write_str("rotation.enabled"),
            Field::RotationHook => f.write_str("rotation.hook"),
            Field::RotationSchedule => f.write_str("rotation.schedule"),
            Field::RotationWindow => f.write_str("rotation.window"),
            Field::Deletion => f.write_str("deletion"),
            Field::Label(label) => write!(f, "label:{label}"),
            Field::Version(id) => write!(f, "version:{id}"),
        }
    }
}

impl std::str::FromStr for Field {
    type Err = String;

    fn from_str(s: &str) -> Result<Field, String> {
        Ok(match s {
            "id" => Field::Id,
            "description" => Field::Description,
            "rotation.enabled" => Field::RotationEnabled,
            "rotation.hook" => Field::RotationHook,
            "rotation.schedule" => Field::RotationSchedule,
            "rotation.window" => Field::RotationWindow,
            "deletion" => Field::Deletion,
            _ => match s.split_once(':') {
                Some(("tag", key)) => Field::Tag(key.to_owned()),
                Some(("label", label)) => Field::Label(label.to_owned()),
                Some(("version", id)) => Field::Version(id.to_owned()),
                _ => return Err(format!("unknown field {s:?}")),
            },
        })
    }
}

impl Serialize for Field {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Field {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Field, D::Error> {
        String::deserialize(d)?
            .parse()
            .map_err(serde::de::Error::custom)
    }
}
