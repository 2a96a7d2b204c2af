//! The three-way merge of two vaults against their common base, with no
//! git and no network in it: the git merge driver calls it, and so can a
//! sync with a remote (one reconciliation core, several transports).
//!
//! The shape is jj's `Merge<T>`: one rule, [`trivial_merge`], decides every
//! recipient, description, tag, rotation setting, deletion state and label
//! (base, ours, theirs → resolved, or a conflict). Versions are a union by
//! id: their bytes never change, so both sides' new versions are kept; the
//! same id with different bytes is a conflict, and both are kept. A real
//! conflict keeps the newer side as a provisional winner (ties: ours) and
//! is recorded in the vault ([`Conflict`]), to be settled by [`resolve`].

mod field;

use std::cmp::Ordering;
use std::collections::{BTreeMap, BTreeSet};

use anyhow::{anyhow, Result};
use serde::{Deserialize, Serialize};
use serde_json::{json, Value as Json};
use zeroize::Zeroizing;

use crate::secret::{new_version_id, Secret, Version, MAX_VERSIONS};
use crate::sync::state::SyncState;

pub use field::Field;

/// The outcome of merging one value three ways.
#[derive(Debug, PartialEq, Eq)]
pub enum Merge<T> {
    Resolved(T),
    Conflict,
}

/// The one rule: a side that did not change gives way to one that did;
/// both changing alike is no conflict.
pub fn trivial_merge<T: PartialEq + Clone>(base: &T, ours: &T, theirs: &T) -> Merge<T> {
    if ours == theirs || theirs == base {
        Merge::Resolved(ours.clone())
    } else if ours == base {
        Merge::Resolved(theirs.clone())
    } else {
        Merge::Conflict
    }
}

/// Which side of a merge.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Side {
    Ours,
    Theirs,
}

/// A conflict recorded in the vault (its header): the field, what each
/// side (and the base) had, and which side provisionally won.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Conflict {
    pub secret: String,
    pub field: Field,
    #[serde(default)]
    pub base: Json,
    pub ours: Json,
    pub theirs: Json,
    pub winner: Side,
}

impl Conflict {
    pub fn value(&self, side: Side) -> &Json {
        match side {
            Side::Ours => &self.ours,
            Side::Theirs => &self.theirs,
        }
    }
}

/// A secret as a side holds it: its stored line (the vault payload's JSON
/// line), compared as bytes and parsed only when both sides changed it.
#[derive(Clone)]
pub struct Stored {
    line: Zeroizing<Vec<u8>>,
    parsed: Option<Box<Secret>>,
}

impl Stored {
    /// A line as the payload holds it (parsed and checked when needed).
    pub fn from_line(line: Zeroizing<Vec<u8>>) -> Stored {
        Stored { line, parsed: None }
    }

    pub fn from_secret(secret: Secret) -> Result<Stored> {
        let line = Zeroizing::new(serde_json::to_vec(&secret)?);
        Ok(Stored {
            line,
            parsed: Some(Box::new(secret)),
        })
    }

    pub fn line(&self) -> &[u8] {
        &self.line
    }

    pub fn secret(&self) -> Result<Secret> {
        match &self.parsed {
            Some(secret) => Ok((**secret).clone()),
            None => Secret::from_line(&self.line),
        }
    }
}

/// A vault's content as the merge sees it.
#[derive(Clone, Default)]
pub struct Snapshot {
    pub recipients: Vec<String>,
    /// Names people gave recipients, by recipient.
    pub labels: BTreeMap<String, String>,
    pub secrets: BTreeMap<String, Stored>,
    /// Conflicts recorded earlier and not yet resolved.
    pub conflicts: Vec<Conflict>,
}

pub struct Merged {
    pub snapshot: Snapshot,
    /// The conflicts this merge found (also in `snapshot.conflicts`).
    pub new_conflicts: Vec<Conflict>,
    /// What a person should know though nothing conflicts (a secret
    /// deleted on one side and changed on the other is kept).
    pub notes: Vec<String>,
}

/// Merges `ours` and `theirs` against `base` (an empty snapshot when they
/// have no common ancestor).
pub fn merge(base: &Snapshot, ours: &Snapshot, theirs: &Snapshot) -> Result<Merged> {
    let mut notes = Vec::new();
    let mut new_conflicts = Vec::new();
    let recipients = merge_set(&base.recipients, &ours.recipients, &theirs.recipients);
    let mut labels = BTreeMap::new();
    for key in &recipients {
        let [b, o, t] = [base, ours, theirs].map(|side| side.labels.get(key));
        let label = match trivial_merge(&b, &o, &t) {
            Merge::Resolved(label) => label,
            Merge::Conflict => {
                notes.push(format!(
                    "recipient {key} was labelled differently on each side: ours kept"
                ));
                o
            }
        };
        if let Some(label) = label {
            // A label names one recipient: two sides may have given it to two.
            if labels.values().any(|l| l == label) {
                notes.push(format!(
                    "the label {label} was given to two recipients: {key} lost it"
                ));
            } else {
                labels.insert(key.clone(), label.clone());
            }
        }
    }
    let names: BTreeSet<&String> = ours.secrets.keys().chain(theirs.secrets.keys()).collect();
    let mut secrets = BTreeMap::new();
    for name in names {
        let sides = [&base.secrets, &ours.secrets, &theirs.secrets].map(|s| s.get(name));
        let [b, o, t] = sides.map(|s| s.map(Stored::line));
        // The one rule on whole secrets first: most secrets changed on one
        // side at most, and are copied as stored, unparsed.
        match trivial_merge(&b, &o, &t) {
            Merge::Resolved(None) => continue,
            Merge::Resolved(Some(line)) => {
                let side = if o == Some(line) { sides[1] } else { sides[2] };
                secrets.extend(side.map(|s| (name.clone(), s.clone())));
                continue;
            }
            Merge::Conflict => {}
        }
        let [b, o, t] = sides.map(|s| s.map(Stored::secret).transpose());
        let (b, o, t) = (b?, o?, t?);
        let (b, o, t) = (b.as_ref(), o.as_ref(), t.as_ref());
        let merged = match (o, t) {
            (Some(o), Some(t)) => {
                let (secret, conflicts, note) = merge_secret(b, o, t)?;
                new_conflicts.extend(conflicts);
                notes.extend(note);
                Some(secret)
            }
            // On one side only: added there, or removed on the other.
            (Some(one), None) | (None, Some(one)) => match b {
                None => Some(one.clone()),
                Some(b) if same(b, one)? => None,
                Some(_) => {
                    notes.push(format!(
                        "'{name}' was deleted on one side and changed on the other: kept"
                    ));
                    Some(one.clone())
                }
            },
            (None, None) => None,
        };
        if let Some(secret) = merged {
            secrets.insert(name.clone(), Stored::from_secret(secret)?);
        }
    }
    let mut conflicts: Vec<Conflict> = Vec::new();
    for c in ours
        .conflicts
        .iter()
        .chain(&theirs.conflicts)
        .chain(&new_conflicts)
    {
        if secrets.contains_key(&c.secret) && !conflicts.contains(c) {
            conflicts.push(c.clone());
        }
    }
    Ok(Merged {
        snapshot: Snapshot {
            recipients,
            labels,
            secrets,
            conflicts,
        },
        new_conflicts,
        notes,
    })
}

/// Whether two secrets are stored alike (values included).
fn same(a: &Secret, b: &Secret) -> Result<bool> {
    let a = Zeroizing::new(serde_json::to_vec(a)?);
    let b = Zeroizing::new(serde_json::to_vec(b)?);
    Ok(a == b)
}

/// A set merged member by member: one that a side removed stays removed,
/// one that a side added is added. Ours's order first.
fn merge_set(base: &[String], ours: &[String], theirs: &[String]) -> Vec<String> {
    ours.iter()
        .chain(theirs.iter().filter(|t| !ours.contains(t)))
        .filter(|key| {
            let has = |side: &[String]| side.contains(key);
            trivial_merge(&has(base), &has(ours), &has(theirs)) == Merge::Resolved(true)
        })
        .cloned()
        .collect()
}

/// Merges one secret both sides have. Returns the secret, its new
/// conflicts, and a note when a deletion gave way to a change.
pub(crate) fn merge_secret(
    base: Option<&Secret>,
    ours: &Secret,
    theirs: &Secret,
) -> Result<(Secret, Vec<Conflict>, Option<String>)> {
    let name = &ours.name;
    let mut conflicts = Vec::new();
    let mut out = ours.clone();
    let newer_side = match theirs.changed.cmp(&ours.changed) {
        Ordering::Greater => Side::Theirs,
        _ => Side::Ours,
    };
    // Versions: a union by id; one that a side dropped (past 100) stays
    // dropped unless a label still needs it.
    let in_base = |id: &str| base.is_some_and(|b| b.version(id).is_some());
    let mut dropped: Vec<Version> = Vec::new();
    out.versions.retain(|v| {
        let keep = theirs.version(&v.id).is_some() || !in_base(&v.id);
        if !keep {
            dropped.push(v.clone());
        }
        keep
    });
    for t in &theirs.versions {
        match ours.version(&t.id) {
            None if in_base(&t.id) => dropped.push(t.clone()),
            None => out.versions.push(unlabelled(t)),
            Some(o) if o.value == t.value && o.created == t.created => {}
            Some(o) => {
                // Never overwritten: the newer bytes keep the id, the
                // others are kept under a new one.
                let winner = if t.created > o.created {
                    Side::Theirs
                } else {
                    Side::Ours
                };
                let mut copy = unlabelled(if winner == Side::Ours { t } else { o });
                copy.id = new_version_id();
                if winner == Side::Theirs {
                    let at = out.versions.iter_mut().find(|v| v.id == t.id);
                    let at = at.ok_or_else(|| anyhow!("internal error: lost version"))?;
                    at.value = t.value.clone();
                    at.created = t.created;
                }
                let (o_at, t_at) = match winner {
                    Side::Ours => (t.id.clone(), copy.id.clone()),
                    Side::Theirs => (copy.id.clone(), t.id.clone()),
                };
                conflicts.push(Conflict {
                    secret: name.clone(),
                    field: Field::Version(t.id.clone()),
                    base: Json::Null,
                    ours: json!(o_at),
                    theirs: json!(t_at),
                    winner,
                });
                out.versions.push(copy);
            }
        }
    }
    // Every field and label through the one rule.
    let mut fields: Vec<Field> = Field::FIXED.to_vec();
    let sides = [base, Some(ours), Some(theirs)];
    let keys: BTreeSet<&String> = sides.iter().flatten().flat_map(|s| s.tags.keys()).collect();
    fields.extend(keys.into_iter().map(|k| Field::Tag(k.clone())));
    let labels: BTreeSet<&String> = sides
        .iter()
        .flatten()
        .flat_map(|s| s.versions.iter().flat_map(|v| &v.stages))
        .collect();
    fields.extend(labels.into_iter().map(|l| Field::Label(l.clone())));
    for field in fields {
        let b = base.map_or(Json::Null, |b| field.get(b));
        let (o, t) = (field.get(ours), field.get(theirs));
        let value = match trivial_merge(&b, &o, &t) {
            Merge::Resolved(v) => v,
            Merge::Conflict => {
                let winner = match &field {
                    Field::Label(_) => newer_version(ours, theirs, &o, &t),
                    _ => newer_side,
                };
                let value = if winner == Side::Ours { &o } else { &t }.clone();
                conflicts.push(Conflict {
                    secret: name.clone(),
                    field: field.clone(),
                    base: b,
                    ours: o,
                    theirs: t,
                    winner,
                });
                value
            }
        };
        if let (Field::Label(_), Json::String(id)) = (&field, &value) {
            if out.version(id).is_none() {
                if let Some(v) = dropped.iter().find(|v| &v.id == id) {
                    out.versions.push(unlabelled(v));
                }
            }
        }
        field.set(&mut out, &value)?;
    }
    // Rotation dates and the secret's own dates are state, not choices.
    if let (Some(r), Some(o), Some(t)) = (&mut out.rotation, &ours.rotation, &theirs.rotation) {
        r.last_rotated = o.last_rotated.max(t.last_rotated);
        let b = base
            .and_then(|b| b.rotation.as_ref())
            .and_then(|r| r.next_rotation);
        r.next_rotation = match trivial_merge(&b, &o.next_rotation, &t.next_rotation) {
            Merge::Resolved(next) => next,
            // The sooner one: a credential rotated early is no harm.
            Merge::Conflict => o.next_rotation.min(t.next_rotation),
        };
    } else if let (Some(r), None, Some(t)) = (&mut out.rotation, &ours.rotation, &theirs.rotation) {
        r.last_rotated = t.last_rotated;
        r.next_rotation = t.next_rotation;
    }
    out.created = ours.created.min(theirs.created);
    out.changed = ours.changed.max(theirs.changed);
    // Each remote's last-synced state, whole: the one a side changed.
    out.sync = merge_sync(base.map(|b| &b.sync), &ours.sync, &theirs.sync);
    // A deletion on one side gives way to a change on the other.
    let mut note = None;
    if let (Some(b), Some(_)) = (base, out.deletion) {
        if b.deletion.is_none() {
            let (deleter, other) = if ours.deletion.is_some() {
                (ours, theirs)
            } else {
                (theirs, ours)
            };
            if deleter.deletion.is_some() && other.deletion.is_none() && !same(b, other)? {
                out.deletion = None;
                conflicts.retain(|c| c.field != Field::Deletion);
                note = Some(format!(
                    "'{name}' was scheduled for deletion on one side and changed on the other: kept, deletion cancelled"
                ));
            }
        }
    }
    out.versions.sort_by_key(|v| v.created);
    drop_oldest_unlabelled(&mut out);
    out.check_invariants()
        .map_err(|why| anyhow!("internal error: merging '{name}' broke a rule: {why}"))?;
    Ok((out, conflicts, note))
}

/// Three-way merge of the sync states of two sides of a git merge: a
/// remote's state that one side changed is taken from it; both changed,
/// the later one (it saw the most recent remote).
fn merge_sync(
    base: Option<&BTreeMap<String, SyncState>>,
    ours: &BTreeMap<String, SyncState>,
    theirs: &BTreeMap<String, SyncState>,
) -> BTreeMap<String, SyncState> {
    let empty = BTreeMap::new();
    let base = base.unwrap_or(&empty);
    let remotes: std::collections::BTreeSet<&String> = ours.keys().chain(theirs.keys()).collect();
    let mut out = BTreeMap::new();
    for remote in remotes {
        let [b, o, t] = [base, ours, theirs].map(|side| side.get(remote));
        let merged = match trivial_merge(&b, &o, &t) {
            Merge::Resolved(state) => state,
            Merge::Conflict => match (o, t) {
                (Some(o), Some(t)) if t.at > o.at => Some(t),
                (Some(o), _) => Some(o),
                (None, t) => t,
            },
        };
        if let Some(state) = merged {
            out.insert(remote.clone(), state.clone());
        }
    }
    out
}

fn unlabelled(v: &Version) -> Version {
    Version {
        stages: Vec::new(),
        ..v.clone()
    }
}

/// For a label both sides moved: the side whose version is newer (when
/// a side removed it, the side whose secret changed last).
fn newer_version(ours: &Secret, theirs: &Secret, o: &Json, t: &Json) -> Side {
    let created =
        |s: &Secret, id: &Json| id.as_str().and_then(|id| s.version(id)).map(|v| v.created);
    let theirs_newer = match (created(ours, o), created(theirs, t)) {
        (Some(o), Some(t)) => t > o,
        _ => theirs.changed > ours.changed,
    };
    if theirs_newer {
        Side::Theirs
    } else {
        Side::Ours
    }
}

fn drop_oldest_unlabelled(secret: &mut Secret) {
    while secret.versions.len() > MAX_VERSIONS {
        match secret.versions.iter().position(|v| v.stages.is_empty()) {
            Some(i) => {
                secret.versions.remove(i);
            }
            None => break,
        }
    }
}

/// How to settle a recorded conflict.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Take {
    Side(Side),
    /// The provisional winner: the newer side.
    Newest,
    /// For a label: this version.
    Version(String),
}

/// Settles `conflict` in `secret` as `take` says.
pub fn resolve(secret: &mut Secret, conflict: &Conflict, take: &Take) -> Result<()> {
    let side = match take {
        Take::Side(side) => *side,
        Take::Newest => conflict.winner,
        Take::Version(id) => {
            if !matches!(conflict.field, Field::Label(_)) {
                return Err(crate::error::usage(format!(
                    "the conflict on {} of '{}' is not about a label: take ours or theirs",
                    conflict.field, secret.name
                ))
                .into());
            }
            if secret.version(id).is_none() {
                return Err(crate::error::not_found(format!(
                    "secret '{}' has no version {id}",
                    secret.name
                ))
                .into());
            }
            return conflict.field.set(secret, &json!(id));
        }
    };
    match &conflict.field {
        Field::Version(id) => {
            // Put the chosen side's bytes under the id; the other side's
            // stay in the version that held the chosen ones.
            let Some(chosen) = conflict.value(side).as_str() else {
                return Ok(());
            };
            if chosen == id {
                return Ok(());
            }
            let (Some(a), Some(b)) = (
                secret.versions.iter().position(|v| &v.id == id),
                secret.versions.iter().position(|v| v.id == chosen),
            ) else {
                return Ok(());
            };
            let (value, created) = (secret.versions[b].value.clone(), secret.versions[b].created);
            secret.versions[b].value = std::mem::replace(&mut secret.versions[a].value, value);
            secret.versions[b].created =
                std::mem::replace(&mut secret.versions[a].created, created);
            Ok(())
        }
        field => field.set(secret, conflict.value(side)),
    }
}

#[cfg(test)]
mod tests;
