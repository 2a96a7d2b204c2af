//! The plan against a model of the remote that applies AWS's operations
//! with `Secret`'s own rules (AWS-shaped requests in, as a transport gets
//! them): plans applied then planned again are empty; conflicts, --prefer,
//! ownership, rotation, deletions and the temporary label.

use std::collections::BTreeMap;

use base64::{engine::general_purpose::STANDARD, Engine};
use proptest::prelude::*;

use super::*;
use crate::secret::{Value, CURRENT, PREVIOUS};
use crate::sync::engine::value_of;
use crate::sync::listing::{strings, RemoteVersion};

const REMOTE: &str = "prod";

fn at(secs: i64) -> Timestamp {
    Timestamp::from_second(1_800_000_000 + secs).unwrap()
}

fn text(s: &str) -> Value {
    Value::String(Zeroizing::new(s.to_owned()))
}

fn id(n: u32) -> String {
    format!("{n:08}-0000-4000-8000-000000000000")
}

fn opts(mode: Mode) -> Options {
    Options {
        mode,
        prefer: None,
        adopt: false,
        prune: false,
        owner: "arca".into(),
        kms_key_id: None,
        now: at(100),
    }
}

fn local(name: &str, value: &str) -> Secret {
    let mut s = Secret::new(name, text(value), Some(id(1)), at(0)).unwrap();
    s.description = Some("desc".into());
    s.tags.insert("team".into(), "x".into());
    s
}

/// `app/db` (v1) in this vault and on the remote after a first sync.
fn synced() -> (Option<Secret>, Model) {
    let mut local = Some(local("app/db", "v1"));
    let mut remote = Model::empty();
    run(&mut local, &mut remote, &opts(Mode::Sync));
    (local, remote)
}

/// The remote: AWS's operations on a `Secret` (values kept, as AWS does).
#[derive(Clone)]
struct Model {
    secret: Option<Secret>,
    rotation_enabled: bool,
}

impl Model {
    fn empty() -> Model {
        Model {
            secret: None,
            rotation_enabled: false,
        }
    }

    fn apply(&mut self, ops: &[Op], now: Timestamp) -> std::result::Result<(), String> {
        for op in ops {
            let r = op.request();
            let s = |k: &str| r.get(k).and_then(Json::as_str).map(str::to_owned);
            if op.operation == "CreateSecret" {
                let name = s("Name").unwrap();
                let mut secret = match value_of(&r) {
                    Some(v) => Secret::new(&name, v, s("ClientRequestToken"), now).unwrap(),
                    None => Secret::empty(&name, now).unwrap(),
                };
                secret.description = s("Description");
                for t in r["Tags"].as_array().into_iter().flatten() {
                    secret.tags.insert(
                        t["Key"].as_str().unwrap().into(),
                        t["Value"].as_str().unwrap().into(),
                    );
                }
                self.secret = Some(secret);
                continue;
            }
            let secret = self.secret.as_mut().ok_or("no secret")?;
            let result = match op.operation {
                "PutSecretValue" => {
                    let value = value_of(&r).ok_or("no value")?;
                    let stages: Vec<String> = strings(r.get("VersionStages"));
                    secret
                        .put_version(value, s("ClientRequestToken"), &stages, now)
                        .map(|_| ())
                }
                "UpdateSecretVersionStage" => secret.update_stage(
                    &s("VersionStage").unwrap(),
                    s("MoveToVersionId").as_deref(),
                    s("RemoveFromVersionId").as_deref(),
                    now,
                ),
                "UpdateSecret" => {
                    secret.description = s("Description").filter(|d| !d.is_empty());
                    Ok(())
                }
                "TagResource" => {
                    for t in r["Tags"].as_array().unwrap() {
                        secret.tags.insert(
                            t["Key"].as_str().unwrap().into(),
                            t["Value"].as_str().unwrap().into(),
                        );
                    }
                    Ok(())
                }
                "UntagResource" => {
                    for k in r["TagKeys"].as_array().unwrap() {
                        secret.tags.remove(k.as_str().unwrap());
                    }
                    Ok(())
                }
                "DeleteSecret" => {
                    let days = r["RecoveryWindowInDays"].as_i64().unwrap();
                    secret.deletion = Some(Deletion {
                        requested: now,
                        at: now + SignedDuration::from_hours(24 * days),
                    });
                    Ok(())
                }
                other => panic!("unexpected operation {other}"),
            };
            result.map_err(|e| e.to_string())?;
        }
        Ok(())
    }

    /// What a transport reads, with every value (the engine reads those
    /// `values_needed` names; here all are at hand).
    fn read(&self) -> Option<RemoteSecret> {
        let s = self.secret.as_ref()?;
        Some(RemoteSecret {
            arn: format!("arn:aws:secretsmanager:eu-west-1:1:secret:{}", s.name),
            name: s.name.clone(),
            // As `RemoteSecret::from_list_entry` reads a listing.
            description: s.description.clone().filter(|d| !d.is_empty()),
            tags: s.tags.clone(),
            versions: s
                .versions
                .iter()
                .map(|v| RemoteVersion {
                    id: v.id.clone(),
                    stages: v.stages.clone(),
                    created: Some(v.created),
                    value: Some(v.value.clone()),
                })
                .collect(),
            deleted: s.deletion.is_some(),
            rotation_enabled: self.rotation_enabled,
            owning_service: None,
        })
    }
}

/// Runs a plan on both sides as the engine does when nothing fails.
fn run(local: &mut Option<Secret>, remote: &mut Model, opts: &Options) -> SecretPlan {
    let name = local
        .as_ref()
        .map(|s| s.name.clone())
        .or_else(|| remote.secret.as_ref().map(|s| s.name.clone()))
        .unwrap();
    let base = local.as_ref().and_then(|l| l.sync.get(REMOTE)).cloned();
    let read = remote.read();
    let plan = plan_secret(&name, local.as_ref(), read.as_ref(), base.as_ref(), opts).unwrap();
    if matches!(plan.action, Action::Conflict | Action::Skip) {
        return plan;
    }
    remote.apply(&plan.ops, opts.now).unwrap();
    if let Some(new) = &plan.local {
        *local = Some(new.clone());
    }
    if let Some(l) = local.as_mut() {
        match &plan.state {
            StateChange::Keep => {}
            StateChange::Set(state) => {
                let mut state = state.clone();
                if state.arn.as_deref() == Some("") {
                    // CreateSecret's response: the ARN the listing shows.
                    state.arn = remote.read().map(|r| r.arn);
                }
                l.sync.insert(REMOTE.into(), state);
            }
            StateChange::Remove => {
                l.sync.remove(REMOTE);
            }
        }
    }
    plan
}

/// Versions (id, bytes, labels), description and tags without the owner tag.
type Carried = (
    Vec<(String, Vec<u8>, Vec<String>)>,
    Option<String>,
    BTreeMap<String, String>,
);

fn carried(s: &Secret) -> Carried {
    let mut versions: Vec<_> = s
        .versions
        .iter()
        .map(|v| {
            let mut stages = v.stages.clone();
            stages.sort();
            (v.id.clone(), v.value.as_bytes().to_vec(), stages)
        })
        .collect();
    versions.sort();
    (versions, s.description.clone(), without_owner(&s.tags))
}

fn assert_same(local: &Option<Secret>, remote: &Model) {
    let (l, r) = (local.as_ref().unwrap(), remote.secret.as_ref().unwrap());
    assert!(carried(l) == carried(r), "the sides differ after a sync");
}

fn empty_again(local: &mut Option<Secret>, remote: &mut Model, opts: &Options) {
    let again = run(local, remote, opts);
    assert!(
        again.is_empty(),
        "second plan not empty: {}",
        serde_json::to_string(&again).unwrap()
    );
    assert_eq!(again.action, Action::InSync);
}

#[test]
fn a_new_secret_is_created_with_its_versions_labels_and_owner_tag() {
    let mut l = local("app/db", "v1");
    l.put_version(text("v2"), Some(id(2)), &[CURRENT.into()], at(1))
        .unwrap();
    l.put_version(text("v3"), Some(id(3)), &["CUSTOM".into()], at(2))
        .unwrap();
    let mut local = Some(l);
    let mut remote = Model::empty();
    let plan = run(&mut local, &mut remote, &opts(Mode::Sync));
    assert_eq!(plan.action, Action::Sync);
    // AWSCURRENT comes with CreateSecret, the others after it.
    assert_eq!(plan.pushed, [id(2), id(1), id(3)]);
    assert_eq!(plan.ops[0].request["ClientRequestToken"], id(2));
    assert_same(&local, &remote);
    let r = remote.secret.as_ref().unwrap();
    assert_eq!(r.tags[OWNER_TAG], "arca");
    assert!(r.version_with_label(TEMP_LABEL).is_none());
    assert_eq!(r.version_with_label(PREVIOUS).unwrap().id, id(1));
    empty_again(&mut local, &mut remote, &opts(Mode::Sync));
    // The state records what both hold, never a value.
    let state = &local.as_ref().unwrap().sync[REMOTE];
    assert_eq!(state.versions.len(), 3);
    assert!(!serde_json::to_string(state).unwrap().contains("\"v3\""));
}

#[test]
fn an_empty_description_here_is_the_remote_s_absent_one() {
    for mode in [Mode::Sync, Mode::Push, Mode::Pull] {
        let mut l = local("app/db", "v1");
        l.description = Some(String::new());
        let mut local = Some(l);
        let mut remote = Model::empty();
        run(&mut local, &mut remote, &opts(Mode::Push));
        // Neither "changes" it on the other side at every run.
        empty_again(&mut local, &mut remote, &opts(mode));
        assert_eq!(local.as_ref().unwrap().description.as_deref(), Some(""));
    }
}

#[test]
fn changes_on_either_side_travel_and_the_next_plan_is_empty() {
    let (mut local, mut remote) = synced();
    // Remote: a rotation (new AWSCURRENT); local: a tag and a description.
    let r = remote.secret.as_mut().unwrap();
    r.put_version(text("rotated"), Some(id(7)), &[CURRENT.into()], at(50))
        .unwrap();
    let l = local.as_mut().unwrap();
    l.tags.insert("env".into(), "prod".into());
    l.description = Some("new".into());
    let plan = run(&mut local, &mut remote, &opts(Mode::Sync));
    assert_eq!(plan.pulled, [id(7)]);
    assert_same(&local, &remote);
    assert_eq!(local.as_ref().unwrap().current().unwrap().id, id(7));
    // Pulled a change: the local secret's changed date moves; a state-only
    // write would not.
    assert_eq!(local.as_ref().unwrap().changed, at(100));
    empty_again(&mut local, &mut remote, &opts(Mode::Sync));
}

#[test]
fn push_leaves_this_vault_and_pull_leaves_the_remote() {
    let (mut local, mut remote) = synced();
    remote
        .secret
        .as_mut()
        .unwrap()
        .put_version(text("theirs"), Some(id(8)), &[CURRENT.into()], at(50))
        .unwrap();
    local
        .as_mut()
        .unwrap()
        .put_version(text("ours"), Some(id(9)), &["MINE".into()], at(51))
        .unwrap();
    let before = serde_json::to_vec(local.as_ref().unwrap()).unwrap();
    let plan = run(&mut local, &mut remote, &opts(Mode::Push));
    assert_eq!(plan.pushed, [id(9)]);
    assert!(plan.local.is_none());
    let mut after = local.clone().unwrap();
    after.sync.clear();
    let mut before: Secret = serde_json::from_slice(&before).unwrap();
    before.sync.clear();
    assert_eq!(
        serde_json::to_vec(&before).unwrap(),
        serde_json::to_vec(&after).unwrap()
    );
    // The remote kept its own change; a pull now brings it, then all agree.
    assert_eq!(remote.secret.as_ref().unwrap().current().unwrap().id, id(8));
    let plan = run(&mut local, &mut remote, &opts(Mode::Pull));
    assert_eq!(plan.pulled, [id(8)]);
    assert!(plan.ops.is_empty());
    assert_same(&local, &remote);
    empty_again(&mut local, &mut remote, &opts(Mode::Sync));
}

#[test]
fn the_same_version_id_with_other_bytes_is_a_conflict() {
    let mut l = local("app/db", "v1");
    l.put_version(text("ours"), Some(id(5)), &[CURRENT.into()], at(10))
        .unwrap();
    let mut r = Secret::new("app/db", text("v1"), Some(id(1)), at(0)).unwrap();
    r.put_version(text("theirs"), Some(id(5)), &[CURRENT.into()], at(11))
        .unwrap();
    r.tags.insert(OWNER_TAG.into(), "arca".into());
    let mut remote = Model {
        secret: Some(r),
        rotation_enabled: false,
    };
    let mut local = Some(l);
    let plan = run(&mut local, &mut remote, &opts(Mode::Sync));
    assert_eq!(plan.action, Action::Conflict);
    assert!(
        plan.conflicts.iter().any(|c| c.contains(&id(5))),
        "{:?}",
        plan.conflicts
    );
    assert!(plan.ops.is_empty() && plan.local.is_none());
    // --prefer local cannot change the remote's bytes; --prefer remote
    // keeps ours under a new id.
    let prefer = |side| Options {
        prefer: Some(side),
        ..opts(Mode::Sync)
    };
    assert_eq!(
        run(&mut local, &mut remote, &prefer(Side::Ours)).action,
        Action::Conflict
    );
    // Nor can a push, which leaves this vault as it is.
    let push = Options {
        prefer: Some(Side::Theirs),
        ..opts(Mode::Push)
    };
    assert_eq!(run(&mut local, &mut remote, &push).action, Action::Conflict);
    let plan = run(&mut local, &mut remote, &prefer(Side::Theirs));
    assert_eq!(plan.action, Action::Sync);
    let l = local.as_ref().unwrap();
    assert!(l.version(&id(5)).unwrap().value == text("theirs"));
    assert!(l.versions.iter().any(|v| v.value == text("ours")));
    assert_same(&local, &remote);
    empty_again(&mut local, &mut remote, &opts(Mode::Sync));
}

#[test]
fn awscurrent_moved_on_both_sides_is_a_conflict_unless_preferred() {
    let (mut local, mut remote) = synced();
    local
        .as_mut()
        .unwrap()
        .put_version(text("ours"), Some(id(2)), &[CURRENT.into()], at(10))
        .unwrap();
    remote
        .secret
        .as_mut()
        .unwrap()
        .put_version(text("theirs"), Some(id(3)), &[CURRENT.into()], at(11))
        .unwrap();
    let plan = run(&mut local, &mut remote, &opts(Mode::Sync));
    assert_eq!(plan.action, Action::Conflict);
    assert!(
        plan.conflicts.iter().any(|c| c.contains(CURRENT)),
        "{:?}",
        plan.conflicts
    );
    let ours = Options {
        prefer: Some(Side::Ours),
        ..opts(Mode::Sync)
    };
    let plan = run(&mut local, &mut remote, &ours);
    assert_eq!(plan.action, Action::Sync);
    assert_eq!(remote.secret.as_ref().unwrap().current().unwrap().id, id(2));
    assert_same(&local, &remote);
    empty_again(&mut local, &mut remote, &opts(Mode::Sync));
}

fn foreign(name: &str) -> Model {
    let mut r = Secret::new(name, text("v1"), Some(id(1)), at(0)).unwrap();
    r.tags.insert("team".into(), "x".into());
    Model {
        secret: Some(r),
        rotation_enabled: false,
    }
}

#[test]
fn a_remote_secret_arca_did_not_create_is_only_read_unless_adopted() {
    let mut remote = foreign("app/db");
    let mut local: Option<Secret> = None;
    let plan = run(&mut local, &mut remote, &opts(Mode::Sync));
    assert!(
        plan.notes.iter().any(|n| n.contains("--adopt")),
        "{:?}",
        plan.notes
    );
    assert!(plan.ops.is_empty());
    assert!(!local.as_ref().unwrap().tags.contains_key(OWNER_TAG));
    // A local change is not pushed: push skips it, sync only pulls.
    local.as_mut().unwrap().description = Some("mine".into());
    let plan = run(&mut local, &mut remote, &opts(Mode::Push));
    assert_eq!(plan.action, Action::Skip);
    assert!(plan.reason.as_deref().unwrap().contains("--adopt"));
    let plan = run(&mut local, &mut remote, &opts(Mode::Sync));
    assert!(plan.ops.is_empty());
    assert!(remote.secret.as_ref().unwrap().description.is_none());
    // --adopt tags it and pushes.
    let adopt = Options {
        adopt: true,
        ..opts(Mode::Sync)
    };
    let plan = run(&mut local, &mut remote, &adopt);
    assert_eq!(plan.ops[0].operation, "TagResource");
    let r = remote.secret.as_ref().unwrap();
    assert_eq!(r.tags[OWNER_TAG], "arca");
    assert_eq!(r.description.as_deref(), Some("mine"));
    empty_again(&mut local, &mut remote, &opts(Mode::Sync));
}

#[test]
fn rotation_on_aws_and_service_owned_secrets_are_pull_only() {
    let mut remote = foreign("app/db");
    remote
        .secret
        .as_mut()
        .unwrap()
        .tags
        .insert(OWNER_TAG.into(), "arca".into());
    remote.rotation_enabled = true;
    let mut local = Some(local("app/db", "v1"));
    let adopt = Options {
        adopt: true,
        ..opts(Mode::Push)
    };
    let plan = run(&mut local, &mut remote, &adopt);
    assert_eq!(plan.action, Action::Skip);
    assert!(plan.reason.as_deref().unwrap().contains("rotation"));
    let mut rds = remote.read().unwrap();
    rds.rotation_enabled = false;
    assert!(rds.read_only_reason(true).is_none());
    rds.name = "rds!db-123".into();
    assert!(rds.read_only_reason(true).unwrap().contains("RDS"));
    rds.name = "app/db".into();
    rds.owning_service = Some("appflow".into());
    assert!(rds.read_only_reason(true).unwrap().contains("appflow"));
    // A name arca cannot hold is skipped, not failed.
    let plan = plan_secret("rds!db-123", None, Some(&rds), None, &opts(Mode::Pull)).unwrap();
    assert_eq!(plan.action, Action::Skip);
}

#[test]
fn deletions_travel_only_with_prune_and_a_recovery_window() {
    let (mut local, mut remote) = synced();
    local.as_mut().unwrap().deletion = Some(Deletion {
        requested: at(10),
        at: at(10) + SignedDuration::from_hours(24 * 9),
    });
    let plan = run(&mut local, &mut remote, &opts(Mode::Sync));
    assert_eq!(plan.action, Action::Skip);
    assert!(plan.reason.as_deref().unwrap().contains("--prune"));
    let prune = Options {
        prune: true,
        ..opts(Mode::Sync)
    };
    let plan = run(&mut local, &mut remote, &prune);
    assert_eq!(plan.ops.len(), 1);
    assert_eq!(plan.ops[0].operation, "DeleteSecret");
    assert_eq!(plan.ops[0].request["RecoveryWindowInDays"], 9);
    assert!(remote.secret.as_ref().unwrap().deletion.is_some());
    empty_again(&mut local, &mut remote, &prune);
}

#[test]
fn a_deletion_on_the_remote_keeps_the_local_copy_unless_pruned() {
    let (mut local, mut remote) = synced();
    remote.secret.as_mut().unwrap().deletion = Some(Deletion {
        requested: at(10),
        at: at(40),
    });
    let plan = run(&mut local, &mut remote, &opts(Mode::Sync));
    assert_eq!(plan.action, Action::Skip);
    assert!(local.as_ref().unwrap().deletion.is_none());
    let prune = Options {
        prune: true,
        ..opts(Mode::Pull)
    };
    run(&mut local, &mut remote, &prune);
    assert!(local.as_ref().unwrap().deletion.is_some());
    assert!(!local.as_ref().unwrap().sync.contains_key(REMOTE));
    // Gone entirely on the remote, with a recorded state: kept, reported.
    let mut local2 = Some(self::local("app/x", "v"));
    let mut remote2 = Model::empty();
    run(&mut local2, &mut remote2, &opts(Mode::Sync));
    remote2.secret = None;
    let plan = run(&mut local2, &mut remote2, &opts(Mode::Sync));
    assert_eq!(plan.action, Action::Skip);
    assert!(plan
        .reason
        .as_deref()
        .unwrap()
        .contains("deleted on the remote"));
}

#[test]
fn a_leftover_temporary_label_is_removed() {
    let (mut local, mut remote) = synced();
    // A run killed after its PutSecretValue: the version is there with
    // the temporary label only.
    local
        .as_mut()
        .unwrap()
        .put_version(text("v2"), Some(id(2)), &[CURRENT.into()], at(5))
        .unwrap();
    remote
        .secret
        .as_mut()
        .unwrap()
        .put_version(text("v2"), Some(id(2)), &[TEMP_LABEL.into()], at(6))
        .unwrap();
    let plan = run(&mut local, &mut remote, &opts(Mode::Sync));
    assert!(plan.pushed.is_empty(), "the version is not put twice");
    assert!(plan
        .ops
        .iter()
        .any(|o| o.request["VersionStage"] == TEMP_LABEL));
    assert_same(&local, &remote);
    assert!(remote
        .secret
        .as_ref()
        .unwrap()
        .version_with_label(TEMP_LABEL)
        .is_none());
    empty_again(&mut local, &mut remote, &opts(Mode::Sync));
}

#[test]
fn only_the_values_the_plan_needs_are_read() {
    let (local, mut remote) = synced();
    remote
        .secret
        .as_mut()
        .unwrap()
        .put_version(text("v2"), Some(id(2)), &[CURRENT.into()], at(5))
        .unwrap();
    let mut read = remote.read().unwrap();
    for v in &mut read.versions {
        v.value = None;
    }
    let l = local.as_ref().unwrap();
    let needed = values_needed(Some(l), &read, l.sync.get(REMOTE), Mode::Sync);
    assert_eq!(needed, [id(2)]);
    // The base's versions are on both sides with the same bytes.
    assert!(values_needed(Some(l), &read, None, Mode::Sync).contains(&id(1)));
}

#[test]
fn the_plan_never_holds_a_value() {
    let mut l = local("app/db", "s3cr3t-value-xyz");
    l.put_version(
        Value::Binary(Zeroizing::new(b"binary-s3cr3t".to_vec())),
        Some(id(2)),
        &[CURRENT.into()],
        at(1),
    )
    .unwrap();
    let plan = plan_secret("app/db", Some(&l), None, None, &opts(Mode::Sync)).unwrap();
    let json = serde_json::to_string(&to_json("prod", Mode::Sync, &[plan], true)).unwrap();
    assert!(!json.contains("s3cr3t"));
    assert!(!json.contains(&STANDARD.encode("binary-s3cr3t")));
    assert!(json.contains(&id(2)));
}

#[derive(Debug, Clone)]
enum Change {
    Put(bool, u8),
    Move(bool, u8, u8),
    Describe(bool, u8),
    Tag(bool, u8, u8),
    Untag(bool, u8),
}

fn change() -> impl Strategy<Value = Change> {
    prop_oneof![
        (any::<bool>(), 0..3u8).prop_map(|(s, l)| Change::Put(s, l)),
        (any::<bool>(), 0..3u8, 0..8u8).prop_map(|(s, l, v)| Change::Move(s, l, v)),
        (any::<bool>(), 0..3u8).prop_map(|(s, d)| Change::Describe(s, d)),
        (any::<bool>(), 0..3u8, 0..3u8).prop_map(|(s, k, v)| Change::Tag(s, k, v)),
        (any::<bool>(), 0..3u8).prop_map(|(s, k)| Change::Untag(s, k)),
    ]
}

const LABELS: [&str; 3] = [CURRENT, "STAGE", PENDING_LIKE];
const PENDING_LIKE: &str = "AWSPENDING";

fn change_side(s: &mut Secret, c: &Change, n: u32) {
    let label = |l: u8| LABELS[l as usize].to_owned();
    match c {
        Change::Put(_, l) => {
            let _ = s.put_version(
                text(&format!("v{n}")),
                Some(id(n)),
                &[label(*l)],
                at(n as i64),
            );
        }
        Change::Move(_, l, v) => {
            let to = s.versions[*v as usize % s.versions.len()].id.clone();
            let from = s.version_with_label(&label(*l)).map(|v| v.id.clone());
            let _ = s.update_stage(&label(*l), Some(&to), from.as_deref(), at(n as i64));
        }
        Change::Describe(_, d) => s.description = (*d > 0).then(|| format!("d{d}")),
        Change::Tag(_, k, v) => {
            s.tags.insert(format!("k{k}"), format!("v{v}"));
        }
        Change::Untag(_, k) => {
            s.tags.remove(&format!("k{k}"));
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    /// From a synced secret, random changes on both sides: a plan that is
    /// not a conflict, applied, leaves both sides alike and the next plan
    /// empty; a conflict changes neither side.
    #[test]
    fn applied_plans_converge(changes in proptest::collection::vec(change(), 1..12), mode in 0..3u8, prefer in 0..3u8) {
        let (mut local, mut remote) = synced();
        for (i, c) in changes.iter().enumerate() {
            let on_local = match c {
                Change::Put(s, ..) | Change::Move(s, ..) | Change::Describe(s, _) | Change::Tag(s, ..) | Change::Untag(s, _) => *s,
            };
            let side = if on_local { local.as_mut().unwrap() } else { remote.secret.as_mut().unwrap() };
            change_side(side, c, 10 + i as u32);
        }
        let mode = [Mode::Sync, Mode::Push, Mode::Pull][mode as usize];
        let prefer = [None, Some(Side::Ours), Some(Side::Theirs)][prefer as usize];
        let o = Options { prefer, ..opts(mode) };
        let (l0, r0) = (local.clone(), remote.clone());
        let plan = run(&mut local, &mut remote, &o);
        if plan.action == Action::Conflict {
            prop_assert!(serde_json::to_vec(&l0).unwrap() == serde_json::to_vec(&local).unwrap());
            prop_assert!(serde_json::to_vec(&r0.secret).unwrap() == serde_json::to_vec(&remote.secret).unwrap());
            return Ok(());
        }
        // The same run again has nothing to do.
        let again = run(&mut local, &mut remote, &o);
        prop_assert!(again.is_empty(), "not empty: {}", serde_json::to_string(&again).unwrap());
        if mode == Mode::Sync {
            prop_assert!(carried(local.as_ref().unwrap()) == carried(remote.secret.as_ref().unwrap()));
        }
        // And a sync after a push or pull brings both sides together.
        let plan = run(&mut local, &mut remote, &Options { prefer, ..opts(Mode::Sync) });
        if plan.action != Action::Conflict {
            prop_assert!(carried(local.as_ref().unwrap()) == carried(remote.secret.as_ref().unwrap()));
            let again = run(&mut local, &mut remote, &opts(Mode::Sync));
            prop_assert!(again.is_empty(), "not empty after sync: {}", serde_json::to_string(&again).unwrap());
        }
    }
}

#[test]
fn a_listing_passes_for_unchanged_only_when_it_matches_the_base() {
    // AWS's ListSecrets entry, as the transports return it.
    let entry = |stages: Json, tags: Json| {
        json!({
            "ARN": "arn:aws:secretsmanager:eu-west-1:1:secret:app/db-AbCdEf",
            "Name": "app/db",
            "Description": "desc",
            "LastChangedDate": "2026-11-30T14:02:54.123000+00:00",
            "Tags": tags,
            "SecretVersionsToStages": stages,
            "CreatedDate": "2026-11-30T14:02:54.123000+00:00",
        })
    };
    let tags = json!([{ "Key": "team", "Value": "x" }, { "Key": OWNER_TAG, "Value": "arca" }]);
    let listed =
        RemoteSecret::from_list_entry(&entry(json!({ id(1): [CURRENT] }), tags.clone())).unwrap();
    assert!(listed.owned() && !listed.deleted && !listed.rotation_enabled);
    let base = state_of(&listed.arn, &local("app/db", "v1"), at(0));
    assert!(listed.matches_base(&base));
    // A deprecated version in the base is not listed: still unchanged.
    let mut with_old = base.clone();
    with_old.versions.insert(id(9), Vec::new());
    assert!(listed.matches_base(&with_old));
    // A leftover temporary label, a moved label, a new tag: changed.
    for (stages, tags) in [
        (json!({ id(1): [CURRENT, TEMP_LABEL] }), tags.clone()),
        (json!({ id(1): [PREVIOUS], id(2): [CURRENT] }), tags.clone()),
        (
            json!({ id(1): [CURRENT] }),
            json!([{ "Key": "team", "Value": "y" }]),
        ),
    ] {
        let listed = RemoteSecret::from_list_entry(&entry(stages, tags)).unwrap();
        assert!(!listed.matches_base(&base));
    }
    // A scheduled deletion and AWS rotation show in the listing.
    let mut e = entry(json!({ id(1): [CURRENT] }), tags);
    e["DeletedDate"] = json!("2026-12-01T00:00:00.000000+00:00");
    e["RotationEnabled"] = json!(true);
    let listed = RemoteSecret::from_list_entry(&e).unwrap();
    assert!(listed.deleted && listed.read_only_reason(true).is_some());
}

#[test]
fn a_replica_names_its_primary_and_the_remote_that_pushes_to_it() {
    use crate::sync::{replica_of, replica_owner};
    let owner = replica_owner(std::path::Path::new("/home/u/a#b/vault.age"), "ci");
    assert_eq!(owner, "/home/u/a#b/vault.age#ci");
    assert_eq!(replica_of(&owner), Some(("/home/u/a#b/vault.age", "ci")));
    assert_eq!(replica_of("/v.age"), None);
    // What arca tags the secrets it creates on AWS with: no replica.
    assert_eq!(replica_of("arca"), None);
    assert_eq!(replica_of("#ci"), None);
    let long = "/x".repeat(200);
    let owner = replica_owner(std::path::Path::new(&long), "ci");
    assert_eq!(owner.chars().count(), 256);
    assert!(owner.ends_with("/x#ci"));
}
