//! A run against one remote: read both sides (only the remote values the
//! plan needs), plan each secret (`plan.rs`), apply the remote's
//! operations, then write this vault once.
//!
//! The vault lock is not held while the remote is read or written (a slow
//! network must not block every other arca command for minutes). This
//! vault is read without it, and under it at the end each planned secret is
//! checked to be still as it was read: one that changed meanwhile keeps its
//! new content, and its state records what the remote got (this vault as
//! it was read, merged), so the next run merges the rest (the remote's side
//! is idempotent: same ids, same bytes).

use std::collections::{BTreeMap, BTreeSet};

use anyhow::Result;
use base64::{engine::general_purpose::STANDARD, Engine};
use serde_json::{json, Value as Json};
use zeroize::Zeroizing;

use super::plan::{self, Action, Options, RemoteSecret, SecretPlan, StateChange};
use super::remote::Remote;
use super::remotes::RemoteConfig;
use super::state::SyncState;
use crate::aws::AwsError;
use crate::cmd::Ctx;
use crate::error::not_found;
use crate::secret::{Secret, Value};

/// What a run did, secret by secret.
pub struct Report {
    pub plans: Vec<SecretPlan>,
}

impl Report {
    pub fn count(&self, action: Action) -> usize {
        self.plans.iter().filter(|p| p.action == action).count()
    }
}

/// Plans (and unless `dry_run`, applies) a run against `remote`.
pub fn run(
    ctx: &Ctx,
    remote: &mut dyn Remote,
    remote_name: &str,
    config: &RemoteConfig,
    opts: &Options,
    names: &[String],
    dry_run: bool,
) -> Result<Report> {
    let filters = config.filters()?;
    let in_scope = |s: &Secret| {
        config
            .prefix
            .as_ref()
            .is_none_or(|p| s.name.starts_with(p.as_str()))
            && crate::filter::matches_all(&filters, s)
            && (names.is_empty() || names.contains(&s.name))
    };
    let mut vault = ctx.load()?;
    // Every local secret by name: one in scope on either side is planned
    // with both its copies (a local copy outside the filter must not look
    // absent, or a pull would replace it).
    let mut everything: BTreeMap<String, Secret> = vault
        .secrets()?
        .into_iter()
        .map(|s| (s.name.clone(), s.clone()))
        .collect();
    // A secret with an unresolved git-merge conflict holds a provisional
    // result: it is not spread to a remote, nor overwritten from one.
    let conflicted: BTreeSet<String> = vault.conflicts.iter().map(|c| c.secret.clone()).collect();
    drop(vault);
    let remotes = list_remote(remote, config)
        .map_err(|e| remote_failed(remote_name, remote.describe(), &e))?;
    let mut selected: BTreeSet<String> = everything
        .values()
        .filter(|s| in_scope(s))
        .map(|s| s.name.clone())
        .collect();
    selected.extend(
        remotes
            .iter()
            .filter(|r| as_listing(r).is_ok_and(|s| in_scope(&s)))
            .map(|r| r.name.clone()),
    );
    let remotes: BTreeMap<String, RemoteSecret> = remotes
        .into_iter()
        .filter(|r| selected.contains(&r.name))
        .map(|r| (r.name.clone(), r))
        .collect();
    everything.retain(|name, _| selected.contains(name));
    let locals = everything;
    for name in names {
        if !locals.contains_key(name) && !remotes.contains_key(name) {
            return Err(not_found(format!(
                "secret '{name}' is neither in this vault nor on remote '{remote_name}' (within its prefix and filters)"
            ))
            .into());
        }
    }
    let all: BTreeSet<&String> = locals.keys().chain(remotes.keys()).collect();
    let mut plans = Vec::new();
    for name in all {
        let local = locals.get(name);
        let base = local.and_then(|l| l.sync.get(remote_name));
        // This vault may itself be a replica: its replicated secrets change
        // only through their primary, and record no state here.
        let owner = local.and_then(|l| l.tags.get(super::OWNER_TAG));
        if let Some((primary, _)) = owner.and_then(|o| super::replica_of(o)) {
            plans.push(SecretPlan::skip(
                name,
                format!("a replica of {primary}: sync it from there"),
            ));
            continue;
        }
        if conflicted.contains(name.as_str()) {
            plans.push(SecretPlan::skip(
                name,
                "an unresolved merge conflict is recorded on it: settle it first with 'arca conflicts resolve'",
            ));
            continue;
        }
        let planned = read_and_plan(remote, name, local, remotes.get(name), base, opts);
        plans.push(planned.unwrap_or_else(|e| failed(name, base, &e, opts)));
    }
    if dry_run {
        return Ok(Report { plans });
    }
    for plan in &mut plans {
        apply(
            remote,
            plan,
            local_base(&locals, &plan.name, remote_name),
            opts,
        );
    }
    // The remote first: were this vault written first and the remote then
    // failed, its state would record what the remote never got.
    remote
        .finish()
        .map_err(|e| remote_failed(remote_name, remote.describe(), &e))?;
    write_local(ctx, remote_name, &mut plans, &locals, opts.mode)?;
    Ok(Report { plans })
}

fn local_base<'a>(
    locals: &'a BTreeMap<String, Secret>,
    name: &str,
    remote: &str,
) -> Option<&'a SyncState> {
    locals.get(name).and_then(|l| l.sync.get(remote))
}

/// The error of a remote that cannot even be listed: nothing was changed.
fn remote_failed(remote_name: &str, described: String, e: &AwsError) -> anyhow::Error {
    crate::error::ArcaError::new(
        crate::error::Exit::Other,
        format!(
            "remote '{remote_name}' ({described}) failed: {}",
            message(e)
        ),
    )
    .hint("this vault is unchanged")
    .into()
}

fn message(e: &AwsError) -> String {
    match &e.local {
        Some(local) => format!("{local:#}"),
        None => format!("{}: {}", e.code, e.message),
    }
}

/// A secret as `--filter` sees a remote one: name, description, tags (a
/// name arca refuses is kept as it is: its plan says it is left alone).
fn as_listing(r: &RemoteSecret) -> Result<Secret> {
    let mut s = Secret::empty(&r.name, jiff::Timestamp::UNIX_EPOCH)
        .or_else(|_| Secret::empty("invalid-name", jiff::Timestamp::UNIX_EPOCH))?;
    s.name = r.name.clone();
    s.description = r.description.clone();
    s.tags = r.tags.clone();
    Ok(s)
}

/// Every remote secret within the prefix, scheduled deletions included.
fn list_remote(
    remote: &mut dyn Remote,
    config: &RemoteConfig,
) -> Result<Vec<RemoteSecret>, AwsError> {
    // By name: a vault remote pages through its name order without
    // sorting anything (`aws::meta::list`).
    let mut request = json!({ "IncludePlannedDeletion": true, "SortBy": "name" });
    if let Some(prefix) = &config.prefix {
        request["Filters"] = json!([{ "Key": "name", "Values": [prefix] }]);
    }
    let entries = call_all(remote, "ListSecrets", request, "SecretList")?;
    let mut out = Vec::new();
    for entry in &entries {
        let r = RemoteSecret::from_list_entry(entry)
            .map_err(|e| AwsError::new("InvalidResponse", e.to_string()))?;
        if config
            .prefix
            .as_ref()
            .is_none_or(|p| r.name.starts_with(p.as_str()))
        {
            out.push(r);
        }
    }
    Ok(out)
}

/// A paginated operation's whole list.
fn call_all(
    remote: &mut dyn Remote,
    operation: &str,
    mut request: Json,
    key: &str,
) -> Result<Vec<Json>, AwsError> {
    let mut all = Vec::new();
    loop {
        let mut page = remote.call(operation, &request)?;
        if let Some(Json::Array(items)) = page.get_mut(key).map(Json::take) {
            all.extend(items);
        }
        // No token (or an empty one, as moto sends) ends the list; one
        // given twice would never end it.
        let token = page.get("NextToken").filter(|t| !t.is_null() && *t != "");
        match token {
            None => return Ok(all),
            Some(token) if request.get("NextToken") == Some(token) => {
                return Err(AwsError::new(
                    "InvalidNextTokenException",
                    format!("{operation} gave the same NextToken twice"),
                ))
            }
            Some(token) => request["NextToken"] = token.clone(),
        }
    }
}

/// Reads what the plan of one secret needs from the remote, and plans it.
fn read_and_plan(
    remote: &mut dyn Remote,
    name: &str,
    local: Option<&Secret>,
    listed: Option<&RemoteSecret>,
    base: Option<&SyncState>,
    opts: &Options,
) -> Result<SecretPlan, String> {
    let mut theirs = listed.cloned();
    if let Some(r) = theirs.as_mut().filter(|r| !r.deleted) {
        let needed = !(local.is_none() && opts.mode == super::Mode::Push);
        match base {
            Some(b) if r.matches_base(b) => r.set_versions_from(b),
            _ if needed => {
                let request = json!({ "SecretId": name, "IncludeDeprecated": true });
                let versions = call_all(remote, "ListSecretVersionIds", request, "Versions")
                    .map_err(|e| message(&e))?;
                r.set_versions(&versions);
            }
            _ => {}
        }
        for id in plan::values_needed(local, r, base, opts.mode) {
            let got = remote
                .call(
                    "GetSecretValue",
                    &json!({ "SecretId": name, "VersionId": id }),
                )
                .map_err(|e| message(&e))?;
            let value =
                value_of(&got).ok_or_else(|| format!("version {id} came without a value"))?;
            if let Some(v) = r.versions.iter_mut().find(|v| v.id == id) {
                v.value = Some(value);
            }
        }
    }
    plan::plan_secret(name, local, theirs.as_ref(), base, opts).map_err(|e| format!("{e:#}"))
}

/// A message's SecretString or SecretBinary (base64 on the wire).
pub(super) fn value_of(message: &Json) -> Option<Value> {
    if let Some(s) = message.get("SecretString").and_then(Json::as_str) {
        return Some(Value::String(Zeroizing::new(s.to_owned())));
    }
    let b64 = message.get("SecretBinary").and_then(Json::as_str)?;
    STANDARD
        .decode(b64)
        .ok()
        .map(|b| Value::Binary(Zeroizing::new(b)))
}

/// A secret whose reading, planning or applying failed: its old state
/// stays as the base, with the reason recorded.
fn failed(name: &str, base: Option<&SyncState>, why: &str, opts: &Options) -> SecretPlan {
    let mut plan = SecretPlan::new(name, Action::Failed);
    plan.reason = Some(why.to_owned());
    record_failure(&mut plan, base, why, opts);
    plan
}

fn record_failure(plan: &mut SecretPlan, base: Option<&SyncState>, why: &str, opts: &Options) {
    let mut state = base.cloned().unwrap_or(SyncState {
        arn: None,
        versions: BTreeMap::new(),
        description: None,
        tags: BTreeMap::new(),
        at: opts.now,
        failed: None,
    });
    if state.failed.as_deref() != Some(why) {
        state.failed = Some(why.to_owned());
        state.at = opts.now;
        plan.state = StateChange::Set(state);
    }
}

/// Applies one plan's remote operations in order; the first failure stops
/// them and marks the secret failed (or conflicting, when a label had moved
/// on the remote since it was read).
fn apply(remote: &mut dyn Remote, plan: &mut SecretPlan, base: Option<&SyncState>, opts: &Options) {
    if plan.action != Action::Sync {
        return;
    }
    let ops = std::mem::take(&mut plan.ops);
    for op in &ops {
        match remote.call(op.operation, &op.request()) {
            Ok(response) => {
                if op.operation == "CreateSecret" {
                    if let (StateChange::Set(state), Some(arn)) =
                        (&mut plan.state, response.get("ARN").and_then(Json::as_str))
                    {
                        state.arn = Some(arn.to_owned());
                    }
                }
            }
            Err(e) => {
                let moved = op.operation == "UpdateSecretVersionStage"
                    && matches!(
                        e.code,
                        "InvalidParameterException" | "InvalidRequestException"
                    );
                let why = if moved {
                    plan.action = Action::Conflict;
                    format!(
                        "the remote changed during the sync ({} of label {}): run it again",
                        message(&e),
                        op.request["VersionStage"].as_str().unwrap_or("?")
                    )
                } else {
                    plan.action = Action::Failed;
                    format!("{}: {}", op.operation, message(&e))
                };
                plan.local = None;
                plan.state = StateChange::Keep;
                record_failure(plan, base, &why, opts);
                plan.reason = Some(why);
                break;
            }
        }
    }
    plan.ops = ops;
}

/// Writes this vault once, under its lock: each secret's new content
/// (when it is still as it was read) and state.
fn write_local(
    ctx: &Ctx,
    remote_name: &str,
    plans: &mut [SecretPlan],
    locals: &BTreeMap<String, Secret>,
    mode: super::Mode,
) -> Result<()> {
    let writes: Vec<usize> = (0..plans.len())
        .filter(|&i| plans[i].local.is_some() || plans[i].state != StateChange::Keep)
        .collect();
    if writes.is_empty() {
        return Ok(());
    }
    let notes = ctx.write(|vault| {
        let now = vault.now();
        let mut notes = Vec::new();
        for &i in &writes {
            let plan = &plans[i];
            let current = vault.get(&plan.name, now)?;
            let before = locals.get(&plan.name);
            let unchanged = match (&current, before) {
                (Some(c), Some(b)) => line(c)? == line(b)?,
                (None, None) => true,
                _ => false,
            };
            if !unchanged && plan.local.is_some() {
                notes.push((
                    i,
                    "changed here during the sync: its remote changes come with the next run"
                        .to_owned(),
                ));
                // The remote got the merge, which holds everything this vault
                // had when it was read: that is what both sides share now.
                let shared = match (&plan.state, before, current) {
                    (StateChange::Set(state), Some(before), Some(current))
                        if mode != super::Mode::Pull && plan.action == Action::Sync =>
                    {
                        let arn = state.arn.as_deref().unwrap_or_default();
                        Some((plan::state_of(arn, before, now), current))
                    }
                    _ => None,
                };
                if let Some((state, mut current)) = shared {
                    current.sync.insert(remote_name.to_owned(), state);
                    vault.insert(current);
                }
                continue;
            }
            let mut secret = match (&plan.local, current) {
                (Some(new), _) => new.clone(),
                (None, Some(current)) => current,
                (None, None) => continue,
            };
            match &plan.state {
                StateChange::Keep => {}
                StateChange::Set(state) => {
                    secret.sync.insert(remote_name.to_owned(), state.clone());
                }
                StateChange::Remove => {
                    secret.sync.remove(remote_name);
                }
            }
            vault.insert(secret);
        }
        Ok(notes)
    })?;
    for (i, note) in notes {
        plans[i].notes.push(note);
        plans[i].local = None;
    }
    Ok(())
}

fn line(secret: &Secret) -> Result<Zeroizing<Vec<u8>>> {
    Ok(Zeroizing::new(serde_json::to_vec(secret)?))
}

#[cfg(test)]
mod tests;
