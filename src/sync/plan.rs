//! The reconciliation of one secret: a pure function from what the three
//! sides hold (this vault, the remote, the last-synced base) to a plan (the
//! new local secret, the remote's operations, the new sync state). No
//! network, no vault file: `engine.rs` reads the sides and applies plans.
//!
//! The merge is `crate::merge::merge_secret`, the git merge's own: the
//! remote's secret is shaped as a `Secret` (this vault's id, rotation and
//! dates, the remote's versions, labels, description and tags) so that only
//! what sync carries can differ. The remote's operations are found by
//! playing them on a model of the remote with `Secret`'s own rules
//! (`put_version`, `update_stage`: AWS's documented model, AWSPREVIOUS
//! following AWSCURRENT included), so that what is planned is what the
//! remote will hold, and the next plan is empty.

use std::collections::BTreeMap;

use anyhow::{anyhow, Result};
use jiff::{SignedDuration, Timestamp};
use serde::Serialize;
use serde_json::{json, Map, Value as Json};
use zeroize::Zeroizing;

pub use super::listing::RemoteSecret;
use super::listing::{same_description, without_owner};
pub use super::ops::Op;
use super::ops::{meta_ops, placeholder, push_ops, remote_model};
use super::state::SyncState;
use super::{Mode, OWNER_TAG, TEMP_LABEL};
use crate::aws::shape::tag_list;
use crate::merge::{self, Conflict, Field, Side, Take};
use crate::secret::{Deletion, Secret, Version};

/// AWS's longest recovery window, for deletions carried by --prune.
const DEFAULT_WINDOW_DAYS: i64 = 30;

/// How a run goes, for every secret.
#[derive(Clone)]
pub struct Options {
    pub mode: Mode,
    pub prefer: Option<Side>,
    pub adopt: bool,
    pub prune: bool,
    /// The ownership tag's value on secrets arca creates there.
    pub owner: String,
    pub kms_key_id: Option<String>,
    pub now: Timestamp,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Action {
    /// Nothing to do.
    InSync,
    /// Changes to make (on either side, or only the recorded state).
    Sync,
    Skip,
    Conflict,
    /// Reading or writing the remote's copy failed (the reason is recorded).
    Failed,
}

/// What to do with the recorded state.
#[derive(Clone, Debug, PartialEq)]
pub enum StateChange {
    Keep,
    Set(SyncState),
    Remove,
}

/// The plan for one secret. Serialized (for `-o json`, and as text) it
/// holds names, version ids, labels, tags and descriptions: never a value.
#[derive(Clone, Serialize)]
pub struct SecretPlan {
    #[serde(rename = "Name")]
    pub name: String,
    #[serde(rename = "Action")]
    pub action: Action,
    #[serde(rename = "Reason", skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// The fields that conflict (`label AWSCURRENT`, `version <id>`, …).
    #[serde(rename = "Conflicts", skip_serializing_if = "Vec::is_empty")]
    pub conflicts: Vec<String>,
    /// Versions copied to the remote, by id.
    #[serde(rename = "Pushed", skip_serializing_if = "Vec::is_empty")]
    pub pushed: Vec<String>,
    /// Versions copied into this vault, by id.
    #[serde(rename = "Pulled", skip_serializing_if = "Vec::is_empty")]
    pub pulled: Vec<String>,
    /// What changes in this vault besides the versions ("labels",
    /// "description", "tags", "created", "scheduled for deletion").
    #[serde(rename = "LocalChanges", skip_serializing_if = "Vec::is_empty")]
    pub local_changes: Vec<String>,
    #[serde(rename = "RemoteOperations", skip_serializing_if = "Vec::is_empty")]
    pub ops: Vec<Op>,
    #[serde(rename = "Notes", skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
    /// The secret this vault will hold (None: its content is unchanged).
    #[serde(skip)]
    pub local: Option<Secret>,
    #[serde(skip)]
    pub state: StateChange,
}

impl SecretPlan {
    pub(super) fn new(name: &str, action: Action) -> SecretPlan {
        SecretPlan {
            name: name.to_owned(),
            action,
            reason: None,
            conflicts: Vec::new(),
            pushed: Vec::new(),
            pulled: Vec::new(),
            local_changes: Vec::new(),
            ops: Vec::new(),
            notes: Vec::new(),
            local: None,
            state: StateChange::Keep,
        }
    }

    pub fn skip(name: &str, reason: impl Into<String>) -> SecretPlan {
        SecretPlan {
            reason: Some(reason.into()),
            ..SecretPlan::new(name, Action::Skip)
        }
    }

    /// Whether running it changes nothing anywhere.
    pub fn is_empty(&self) -> bool {
        self.ops.is_empty() && self.local.is_none() && self.state == StateChange::Keep
    }
}

/// The versions whose values the plan needs read from the remote: those
/// this vault lacks, and those it has that the base lacks (their bytes
/// must be compared). A version in the base is on both sides with the
/// same bytes: versions never change.
pub fn values_needed(
    local: Option<&Secret>,
    remote: &RemoteSecret,
    base: Option<&SyncState>,
    mode: Mode,
) -> Vec<String> {
    let live_local = local.filter(|l| l.deletion.is_none());
    if remote.deleted || (local.is_some() && live_local.is_none()) {
        return Vec::new();
    }
    if local.is_none() && mode == Mode::Push {
        return Vec::new();
    }
    let in_base = |id: &str| base.is_some_and(|b| b.is_base() && b.versions.contains_key(id));
    remote
        .versions
        .iter()
        .filter(|v| v.value.is_none())
        .filter(|v| !(live_local.is_some_and(|l| l.version(&v.id).is_some()) && in_base(&v.id)))
        .map(|v| v.id.clone())
        .collect()
}

/// Plans one secret: `local` as this vault holds it, `remote` as the
/// remote does (with the values [`values_needed`] named), `base` the state
/// recorded for this remote.
pub fn plan_secret(
    name: &str,
    local: Option<&Secret>,
    remote: Option<&RemoteSecret>,
    base: Option<&SyncState>,
    opts: &Options,
) -> Result<SecretPlan> {
    if crate::secret::validate_name(name).is_err() {
        return Ok(SecretPlan::skip(
            name,
            "not a valid arca secret name: left alone",
        ));
    }
    let base = base.filter(|b| b.is_base());
    let had_state = base.is_some();
    let drop_state = |mut plan: SecretPlan| {
        if had_state {
            plan.state = StateChange::Remove;
            if plan.action == Action::InSync {
                plan.action = Action::Sync;
            }
        }
        plan
    };
    match (local, remote) {
        (None, None) => Ok(SecretPlan::new(name, Action::InSync)),
        // Only on the remote.
        (None, Some(r)) => {
            if r.deleted {
                return Ok(SecretPlan::new(name, Action::InSync));
            }
            if opts.mode == Mode::Push {
                return Ok(SecretPlan::skip(
                    name,
                    "only on the remote: pull or sync to get it",
                ));
            }
            let mut secret = Secret::empty(name, opts.now)?;
            let theirs = remote_as_secret(&secret, r)?;
            secret.description = theirs.description.clone();
            secret.tags = theirs.tags.clone();
            secret.versions = theirs.versions.clone();
            secret.check_invariants().map_err(|why| {
                anyhow!("the remote's copy of '{name}' breaks a rule of arca's model: {why}")
            })?;
            let mut plan = SecretPlan::new(name, Action::Sync);
            plan.pulled = secret.versions.iter().map(|v| v.id.clone()).collect();
            plan.local_changes.push("created".into());
            plan.state = StateChange::Set(state_of(&r.arn, &secret, opts.now));
            plan.local = Some(secret);
            if let Some(why) = r.read_only_reason(opts.adopt) {
                plan.notes.push(why);
            }
            Ok(plan)
        }
        // Only here.
        (Some(l), None) => {
            if l.deletion.is_some() {
                return Ok(drop_state(SecretPlan::new(name, Action::InSync)));
            }
            if base.is_some() && opts.mode != Mode::Push {
                if opts.prune {
                    return Ok(drop_state(delete_here(l, opts, "deleted on the remote")));
                }
                return Ok(SecretPlan::skip(
                    name,
                    "deleted on the remote: kept here; --prune deletes it here too, 'arca push' creates it again",
                ));
            }
            if opts.mode == Mode::Pull {
                return Ok(SecretPlan::skip(
                    name,
                    "only here: push or sync to create it there",
                ));
            }
            let mut plan = SecretPlan::new(name, Action::Sync);
            let mut tags = l.tags.clone();
            tags.insert(OWNER_TAG.to_owned(), opts.owner.clone());
            let mut create = json!({ "Name": name });
            if let Some(d) = &l.description {
                create["Description"] = json!(d);
            }
            if !tags.is_empty() {
                create["Tags"] = tag_list(&tags);
            }
            if let Some(k) = &opts.kms_key_id {
                create["KmsKeyId"] = json!(k);
            }
            // The AWSCURRENT version comes with the secret (one request, and
            // a secret never exists there without its value); the others
            // follow as any new version does.
            let mut model = Secret::empty(name, opts.now)?;
            let mut op = Op::new("CreateSecret", create);
            if let Some(current) = l.current() {
                op.request["ClientRequestToken"] = json!(current.id);
                op.value = Some(current.value.clone());
                model.put_version(placeholder(), Some(current.id.clone()), &[], opts.now)?;
                plan.pushed.push(current.id.clone());
            }
            plan.ops.push(op);
            let rest = push_ops(&mut plan.ops, model, l, opts.now)?;
            plan.pushed.extend(rest);
            plan.state = StateChange::Set(state_of("", l, opts.now));
            Ok(plan)
        }
        (Some(l), Some(r)) => plan_both(name, l, r, base, opts),
    }
}

/// A secret on both sides.
fn plan_both(
    name: &str,
    local: &Secret,
    remote: &RemoteSecret,
    base: Option<&SyncState>,
    opts: &Options,
) -> Result<SecretPlan> {
    let read_only = remote.read_only_reason(opts.adopt);
    // Deletions first: carried over only with --prune.
    if local.deletion.is_some() {
        if remote.deleted {
            return Ok(state_only(name, base));
        }
        if !opts.prune || opts.mode == Mode::Pull {
            return Ok(SecretPlan::skip(
                name,
                "scheduled for deletion here: --prune (with push or sync) schedules it on the remote too",
            ));
        }
        if let Some(why) = read_only {
            return Ok(SecretPlan::skip(
                name,
                format!("scheduled for deletion here, but {why}"),
            ));
        }
        let days = local
            .deletion
            .map(|d| (d.at - d.requested).get_seconds() / 86_400)
            .unwrap_or(DEFAULT_WINDOW_DAYS)
            .clamp(7, 30);
        let mut plan = SecretPlan::new(name, Action::Sync);
        plan.ops.push(Op::new(
            "DeleteSecret",
            json!({ "SecretId": name, "RecoveryWindowInDays": days }),
        ));
        plan.state = StateChange::Remove;
        return Ok(plan);
    }
    if remote.deleted {
        if base.is_none() {
            return Ok(SecretPlan::skip(
                name,
                "a secret of this name is scheduled for deletion on the remote: restore it there, or wait until it is gone",
            ));
        }
        if !opts.prune || opts.mode == Mode::Push {
            return Ok(SecretPlan::skip(
                name,
                "scheduled for deletion on the remote: kept here; --prune (with pull or sync) schedules it here too",
            ));
        }
        let mut plan = delete_here(local, opts, "scheduled for deletion on the remote");
        plan.state = StateChange::Remove;
        return Ok(plan);
    }
    let mut mode = opts.mode;
    let mut notes = Vec::new();
    if let Some(why) = &read_only {
        if mode == Mode::Push {
            return Ok(SecretPlan::skip(name, why.clone()));
        }
        mode = Mode::Pull;
        notes.push(why.clone());
    }
    let theirs = remote_as_secret(local, remote)?;
    let base_secret = base.map(|b| base_as_secret(local, remote, b));
    let (mut merged, conflicts, note) = merge::merge_secret(base_secret.as_ref(), local, &theirs)?;
    notes.extend(note);
    if !conflicts.is_empty() {
        let unsettled = settle(&mut merged, &conflicts, opts.prefer, mode)?;
        if !unsettled.is_empty() {
            let mut plan = SecretPlan::new(name, Action::Conflict);
            plan.conflicts = unsettled;
            plan.reason = Some(match opts.prefer {
                Some(_) => "the remote's versions cannot be changed: sync or pull --prefer remote keeps this vault's bytes under a new version id".into(),
                None => "changed on both sides: both left as they are; --prefer local|remote settles it".into(),
            });
            plan.notes = notes;
            return Ok(plan);
        }
        notes.push(format!(
            "conflicts settled for the {} side: {}",
            if opts.prefer == Some(Side::Ours) {
                "local"
            } else {
                "remote"
            },
            conflicts
                .iter()
                .map(|c| c.field.to_string())
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }
    let mut plan = SecretPlan::new(name, Action::Sync);
    plan.notes = notes;
    // This vault.
    if mode != Mode::Push && content(&merged)? != content(local)? {
        merged.changed = opts.now;
        plan.pulled = merged
            .versions
            .iter()
            .filter(|v| local.version(&v.id).is_none())
            .map(|v| v.id.clone())
            .collect();
        plan.local_changes = local_changes(local, &merged);
        plan.local = Some(merged.clone());
    }
    // The remote.
    if mode != Mode::Pull {
        if !remote.owned() && opts.adopt {
            plan.ops.push(Op::new(
                "TagResource",
                json!({ "SecretId": name, "Tags": [{ "Key": OWNER_TAG, "Value": opts.owner }] }),
            ));
        }
        let model = remote_model(remote, opts.now)?;
        plan.pushed = push_ops(&mut plan.ops, model, &merged, opts.now)?;
        meta_ops(&mut plan.ops, remote, &merged, opts);
    }
    // A sync that may only pull: what this vault holds beyond the remote
    // stays here, and is said so rather than counted as in sync.
    let withheld = match &read_only {
        Some(why) if opts.mode == Mode::Sync => {
            let mut ops = Vec::new();
            push_ops(&mut ops, remote_model(remote, opts.now)?, &merged, opts.now)?;
            meta_ops(&mut ops, remote, &merged, opts);
            (!ops.is_empty()).then_some(why)
        }
        _ => None,
    };
    // The state: what both sides will hold in common.
    let agreed = match mode {
        Mode::Sync => &merged,
        Mode::Push => local,
        Mode::Pull => &theirs,
    };
    let state = state_of(&remote.arn, agreed, opts.now);
    plan.state = match base {
        Some(b) if same_state(b, &state) && b.failed.is_none() => StateChange::Keep,
        _ => StateChange::Set(state),
    };
    if plan.is_empty() {
        plan.action = Action::InSync;
        if let Some(why) = withheld {
            plan.notes.retain(|note| note != why);
            plan.reason = Some(format!("changed here, but {why}"));
            plan.action = Action::Skip;
        }
    }
    Ok(plan)
}

/// Only the recorded state may change (both sides deleted it).
fn state_only(name: &str, base: Option<&SyncState>) -> SecretPlan {
    let mut plan = SecretPlan::new(name, Action::InSync);
    if base.is_some() {
        plan.state = StateChange::Remove;
        plan.action = Action::Sync;
    }
    plan
}

/// Schedules the local copy for deletion (--prune).
fn delete_here(local: &Secret, opts: &Options, why: &str) -> SecretPlan {
    let mut plan = SecretPlan::new(&local.name, Action::Sync);
    let mut secret = local.clone();
    secret.deletion = Some(Deletion {
        requested: opts.now,
        at: opts.now + SignedDuration::from_hours(24 * DEFAULT_WINDOW_DAYS),
    });
    plan.local = Some(secret);
    plan.local_changes
        .push(format!("scheduled for deletion ({why})"));
    plan
}

/// Settles conflicts for the preferred side; returns those it cannot.
fn settle(
    merged: &mut Secret,
    conflicts: &[Conflict],
    prefer: Option<Side>,
    mode: Mode,
) -> Result<Vec<String>> {
    let Some(side) = prefer else {
        return Ok(conflicts.iter().map(|c| c.field.to_string()).collect());
    };
    let mut unsettled = Vec::new();
    for c in conflicts {
        // A remote version's bytes cannot change: this vault's copy moves
        // to a new id, which only a run that writes this vault can do.
        if matches!(c.field, Field::Version(_)) && (side == Side::Ours || mode == Mode::Push) {
            unsettled.push(c.field.to_string());
            continue;
        }
        merge::resolve(merged, c, &Take::Side(side))?;
    }
    Ok(unsettled)
}

/// The remote's secret as a `Secret` to merge with `local`: everything sync
/// does not carry is `local`'s, so that only what it carries can differ.
/// A version both hold keeps `local`'s date (dates are not synced).
pub fn remote_as_secret(local: &Secret, remote: &RemoteSecret) -> Result<Secret> {
    let mut s = local.clone();
    if !same_description(&local.description, &remote.description) {
        s.description = remote.description.clone();
    }
    s.tags = without_owner(&remote.tags);
    s.versions = Vec::new();
    for v in &remote.versions {
        let mine = local.version(&v.id);
        let value = match (&v.value, mine) {
            (Some(value), _) => value.clone(),
            (None, Some(m)) => m.value.clone(),
            (None, None) => {
                return Err(anyhow!(
                    "internal error: version {} of '{}' was not read",
                    v.id,
                    local.name
                ))
            }
        };
        s.versions.push(Version {
            id: v.id.clone(),
            created: mine
                .map(|m| m.created)
                .or(v.created)
                .unwrap_or(local.changed),
            stages: v
                .stages
                .iter()
                .filter(|l| *l != TEMP_LABEL)
                .cloned()
                .collect(),
            value,
        });
    }
    s.versions.sort_by_key(|v| v.created);
    Ok(s)
}

/// The base as a `Secret`: the recorded versions and labels, with values
/// taken from either side (a base's values are never compared).
fn base_as_secret(local: &Secret, remote: &RemoteSecret, base: &SyncState) -> Secret {
    let mut s = local.clone();
    s.description = base.description.clone();
    s.tags = base.tags.clone();
    s.versions = base
        .versions
        .iter()
        .map(|(id, stages)| {
            let mine = local.version(id);
            let theirs = remote.versions.iter().find(|v| &v.id == id);
            Version {
                id: id.clone(),
                created: mine
                    .map(|m| m.created)
                    .or(theirs.and_then(|t| t.created))
                    .unwrap_or(local.created),
                stages: stages.clone(),
                value: mine
                    .map(|m| m.value.clone())
                    .or(theirs.and_then(|t| t.value.clone()))
                    .unwrap_or_else(placeholder),
            }
        })
        .collect();
    s.versions.sort_by_key(|v| v.created);
    s
}

/// The state both sides hold when they hold `secret`'s versions, labels,
/// description and tags.
pub fn state_of(arn: &str, secret: &Secret, now: Timestamp) -> SyncState {
    SyncState {
        arn: Some(arn.to_owned()),
        versions: secret
            .versions
            .iter()
            .map(|v| {
                let mut stages: Vec<String> = v
                    .stages
                    .iter()
                    .filter(|l| *l != TEMP_LABEL)
                    .cloned()
                    .collect();
                stages.sort();
                (v.id.clone(), stages)
            })
            .collect(),
        description: secret.description.clone(),
        tags: without_owner(&secret.tags),
        at: now,
        failed: None,
    }
}

/// Two states alike but for when they were recorded.
fn same_state(a: &SyncState, b: &SyncState) -> bool {
    SyncState {
        at: b.at,
        ..a.clone()
    } == *b
}

/// A secret's content as sync carries and compares it: without its sync
/// state and last-changed date, labels in order.
fn content(secret: &Secret) -> Result<Zeroizing<Vec<u8>>> {
    let mut s = secret.clone();
    s.sync.clear();
    s.changed = Timestamp::UNIX_EPOCH;
    // A version's labels are a set: their order is how they came.
    for v in &mut s.versions {
        v.stages.sort();
    }
    Ok(Zeroizing::new(serde_json::to_vec(&s)?))
}

fn local_changes(before: &Secret, after: &Secret) -> Vec<String> {
    let mut changes = Vec::new();
    let labels = |s: &Secret| -> BTreeMap<String, String> {
        s.versions
            .iter()
            .flat_map(|v| v.stages.iter().map(move |l| (l.clone(), v.id.clone())))
            .collect()
    };
    if labels(before) != labels(after) {
        changes.push("labels".into());
    }
    if before.description != after.description {
        changes.push("description".into());
    }
    if before.tags != after.tags {
        changes.push("tags".into());
    }
    changes
}

/// The plan of a whole run as `-o json` prints it.
pub fn to_json(remote: &str, mode: Mode, plans: &[SecretPlan], dry_run: bool) -> Json {
    let mut doc = Map::new();
    doc.insert("Remote".into(), json!(remote));
    doc.insert("Mode".into(), json!(mode.as_str()));
    doc.insert("DryRun".into(), json!(dry_run));
    doc.insert(
        "Secrets".into(),
        json!(plans
            .iter()
            .filter(|p| p.action != Action::InSync)
            .collect::<Vec<_>>()),
    );
    Json::Object(doc)
}

#[cfg(test)]
mod tests;
