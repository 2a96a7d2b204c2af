use std::collections::BTreeMap;

use jiff::Timestamp;
use zeroize::Zeroizing;

use super::*;
use crate::secret::{Deletion, Value, CURRENT, PREVIOUS};

fn at(secs: i64) -> Timestamp {
    Timestamp::from_second(1_800_000_000 + secs).unwrap()
}

fn text(s: &str) -> Value {
    Value::String(Zeroizing::new(s.to_owned()))
}

fn secret(name: &str, value: &str) -> Secret {
    Secret::new(name, text(value), Some(format!("{name}-v1")), at(0)).unwrap()
}

fn snap(recipients: &[&str], secrets: &[&Secret]) -> Snapshot {
    Snapshot {
        recipients: recipients.iter().map(|r| r.to_string()).collect(),
        secrets: secrets
            .iter()
            .map(|s| (s.name.clone(), Stored::from_secret((*s).clone()).unwrap()))
            .collect::<BTreeMap<_, _>>(),
        labels: BTreeMap::new(),
        conflicts: Vec::new(),
    }
}

/// Merges three snapshots that share the one recipient "k".
fn merge_k(base: &[&Secret], ours: &[&Secret], theirs: &[&Secret]) -> Merged {
    merge(
        &snap(&["k"], base),
        &snap(&["k"], ours),
        &snap(&["k"], theirs),
    )
    .unwrap()
}

fn secret_of(merged: &Merged, name: &str) -> Secret {
    merged.snapshot.secrets[name].secret().unwrap()
}

fn put(s: &Secret, id: &str, value: &str, when: i64) -> Secret {
    let mut s = s.clone();
    s.put_version(text(value), Some(id.into()), &[CURRENT.into()], at(when))
        .unwrap();
    s
}

#[test]
fn the_one_rule() {
    assert_eq!(trivial_merge(&1, &1, &1), Merge::Resolved(1));
    assert_eq!(trivial_merge(&1, &2, &1), Merge::Resolved(2));
    assert_eq!(trivial_merge(&1, &1, &3), Merge::Resolved(3));
    assert_eq!(trivial_merge(&1, &4, &4), Merge::Resolved(4));
    assert_eq!(trivial_merge(&1, &2, &3), Merge::Conflict);
}

#[test]
fn secrets_added_on_each_side_are_both_kept() {
    let a = secret("a", "va");
    let b = secret("b", "vb");
    let base = snap(&["k"], &[]);
    let merged = merge(&base, &snap(&["k"], &[&a]), &snap(&["k"], &[&b])).unwrap();
    assert_eq!(
        merged.snapshot.secrets.keys().collect::<Vec<_>>(),
        ["a", "b"]
    );
    assert!(merged.new_conflicts.is_empty());
}

#[test]
fn different_fields_of_one_secret_merge_and_versions_unite() {
    let base = secret("db", "v1");
    let mut ours = put(&base, "o2", "ours", 10);
    ours.description = Some("from ours".into());
    let mut theirs = base.clone();
    theirs.tags.insert("team".into(), "pay".into());
    theirs
        .put_version(
            text("pending"),
            Some("t2".into()),
            &["AWSPENDING".into()],
            at(5),
        )
        .unwrap();
    let merged = merge_k(&[&base], &[&ours], &[&theirs]);
    assert!(merged.new_conflicts.is_empty());
    let s = &secret_of(&merged, "db");
    assert_eq!(s.description.as_deref(), Some("from ours"));
    assert_eq!(s.tags["team"], "pay");
    assert_eq!(s.current().unwrap().id, "o2");
    assert_eq!(s.version_with_label(PREVIOUS).unwrap().id, "db-v1");
    assert_eq!(s.version_with_label("AWSPENDING").unwrap().id, "t2");
    assert_eq!(s.versions.len(), 3);
}

#[test]
fn both_moving_current_is_a_recorded_conflict_with_the_newer_winning() {
    let base = secret("db", "v1");
    let ours = put(&base, "o2", "ours", 10);
    let theirs = put(&base, "t2", "theirs", 20);
    let merged = merge_k(&[&base], &[&ours], &[&theirs]);
    let s = &secret_of(&merged, "db");
    assert_eq!(s.versions.len(), 3, "every version kept");
    assert_eq!(s.current().unwrap().id, "t2", "the newer side wins for now");
    assert_eq!(merged.new_conflicts.len(), 1);
    let c = &merged.new_conflicts[0];
    assert_eq!(c.field, Field::Label(CURRENT.into()));
    assert_eq!(
        (c.ours.as_str(), c.theirs.as_str()),
        (Some("o2"), Some("t2"))
    );
    assert_eq!(c.winner, Side::Theirs);
    assert_eq!(merged.snapshot.conflicts, merged.new_conflicts);

    let mut settled = s.clone();
    resolve(&mut settled, c, &Take::Side(Side::Ours)).unwrap();
    assert_eq!(settled.current().unwrap().id, "o2");
    resolve(&mut settled, c, &Take::Version("db-v1".into())).unwrap();
    assert_eq!(settled.current().unwrap().id, "db-v1");
    settled.check_invariants().unwrap();
    assert!(resolve(&mut settled, c, &Take::Version("nope".into())).is_err());
}

#[test]
fn the_same_field_set_differently_conflicts() {
    let base = secret("db", "v1");
    let mut ours = base.clone();
    ours.description = Some("ours".into());
    ours.changed = at(30);
    let mut theirs = base.clone();
    theirs.description = Some("theirs".into());
    theirs.changed = at(20);
    let merged = merge_k(&[&base], &[&ours], &[&theirs]);
    let s = &secret_of(&merged, "db");
    assert_eq!(s.description.as_deref(), Some("ours"));
    let c = &merged.new_conflicts[0];
    assert_eq!(c.field, Field::Description);
    let mut settled = s.clone();
    resolve(&mut settled, c, &Take::Side(Side::Theirs)).unwrap();
    assert_eq!(settled.description.as_deref(), Some("theirs"));
    assert!(resolve(&mut settled, c, &Take::Version("db-v1".into())).is_err());
}

#[test]
fn the_same_version_id_with_other_bytes_keeps_both() {
    let base = secret("db", "v1");
    let ours = put(&base, "same", "ours", 10);
    let theirs = put(&base, "same", "theirs", 20);
    let merged = merge_k(&[&base], &[&ours], &[&theirs]);
    let s = &secret_of(&merged, "db");
    let values: Vec<&[u8]> = s.versions.iter().map(|v| v.value.as_bytes()).collect();
    assert!(values.contains(&&b"ours"[..]) && values.contains(&&b"theirs"[..]));
    assert_eq!(s.version("same").unwrap().value, text("theirs"));
    let c = &merged.new_conflicts[0];
    assert_eq!(c.field, Field::Version("same".into()));
    let mut settled = s.clone();
    resolve(&mut settled, c, &Take::Side(Side::Ours)).unwrap();
    assert_eq!(settled.version("same").unwrap().value, text("ours"));
    assert_eq!(
        settled.versions.len(),
        3,
        "the other bytes stay in a version"
    );
}

#[test]
fn a_removed_recipient_stays_removed_and_an_added_one_is_added() {
    let base = snap(&["a", "b"], &[]);
    let ours = snap(&["a"], &[]);
    let mut theirs = snap(&["a", "b", "c"], &[]);
    theirs.labels.insert("a".into(), "alice".into());
    theirs.labels.insert("b".into(), "bob".into());
    let merged = merge(&base, &ours, &theirs).unwrap();
    assert_eq!(merged.snapshot.recipients, ["a", "c"]);
    let labels: Vec<(&String, &String)> = merged.snapshot.labels.iter().collect();
    assert_eq!(
        labels,
        [(&"a".to_owned(), &"alice".to_owned())],
        "b is gone, and its label"
    );
    let merged = merge(&base, &theirs, &ours).unwrap();
    assert_eq!(merged.snapshot.recipients, ["a", "c"]);
}

#[test]
fn deleted_on_one_side_and_changed_on_the_other_is_kept_with_a_note() {
    let base = secret("db", "v1");
    let changed = put(&base, "o2", "new", 10);
    let mut scheduled = base.clone();
    scheduled.deletion = Some(Deletion {
        requested: at(5),
        at: at(5 + 86400 * 30),
    });
    let merged = merge_k(&[&base], &[&changed], &[&scheduled]);
    let s = &secret_of(&merged, "db");
    assert!(s.deletion.is_none());
    assert_eq!(s.current().unwrap().id, "o2");
    assert_eq!(merged.notes.len(), 1);
    assert!(merged.new_conflicts.is_empty());

    // Removed for good on one side, changed on the other: kept.
    let merged = merge_k(&[&base], &[], &[&changed]);
    assert!(merged.snapshot.secrets.contains_key("db"));
    assert_eq!(merged.notes.len(), 1);
    // Removed on one side, untouched on the other: removed.
    let merged = merge_k(&[&base], &[], &[&base]);
    assert!(merged.snapshot.secrets.is_empty());
}

#[test]
fn a_scheduled_deletion_merges_when_the_other_side_did_nothing() {
    let base = secret("db", "v1");
    let mut scheduled = base.clone();
    scheduled.deletion = Some(Deletion {
        requested: at(5),
        at: at(5 + 86400 * 30),
    });
    let other = secret("other", "x");
    let merged = merge_k(&[&base], &[&scheduled], &[&base, &other]);
    assert!(secret_of(&merged, "db").deletion.is_some());
    assert!(merged.notes.is_empty());
}

#[test]
fn recorded_conflicts_carry_over_until_their_secret_is_gone() {
    let base = secret("db", "v1");
    let c = Conflict {
        secret: "db".into(),
        field: Field::Description,
        base: Json::Null,
        ours: json!("a"),
        theirs: json!("b"),
        winner: Side::Ours,
    };
    let mut ours = snap(&["k"], &[&base]);
    ours.conflicts.push(c.clone());
    let theirs = snap(&["k"], &[&base, &secret("x", "y")]);
    let merged = merge(&snap(&["k"], &[&base]), &ours, &theirs).unwrap();
    assert_eq!(merged.snapshot.conflicts, [c]);
    assert!(merged.new_conflicts.is_empty());
}

#[test]
fn rotation_settings_merge_one_by_one() {
    let base = secret("db", "v1");
    let mut ours = base.clone();
    let r = ours.rotation.get_or_insert_with(Default::default);
    r.enabled = true;
    r.hook = Some("pg".into());
    r.schedule = Some("rate(30 days)".parse().unwrap());
    ours.changed = at(10);
    let mut theirs = base.clone();
    let r = theirs.rotation.get_or_insert_with(Default::default);
    r.window = Some("2h".into());
    r.hook = Some("other".into());
    theirs.changed = at(20);
    let merged = merge_k(&[&base], &[&ours], &[&theirs]);
    let r = secret_of(&merged, "db").rotation.unwrap();
    assert!(r.enabled);
    assert_eq!(r.schedule.unwrap().to_string(), "rate(30 days)");
    assert_eq!(r.window.as_deref(), Some("2h"));
    assert_eq!(r.hook.as_deref(), Some("other"), "theirs changed last");
    let fields: Vec<String> = merged
        .new_conflicts
        .iter()
        .map(|c| c.field.to_string())
        .collect();
    assert_eq!(fields, ["rotation.hook"]);
}

#[test]
fn fields_round_trip_through_their_names() {
    for field in [
        Field::Tag("a:b".into()),
        Field::Label("AWSCURRENT".into()),
        Field::Version("v".into()),
        Field::RotationSchedule,
    ] {
        assert_eq!(field.to_string().parse::<Field>().unwrap(), field);
    }
}

mod properties {
    use super::*;
    use proptest::prelude::*;

    #[derive(Debug, Clone)]
    enum Op {
        Put(bool),
        Describe(u8),
        Tag(u8, u8),
        Untag(u8),
        Previous,
    }

    fn op() -> impl Strategy<Value = Op> {
        prop_oneof![
            any::<bool>().prop_map(Op::Put),
            (0..3u8).prop_map(Op::Describe),
            (0..3u8, 0..3u8).prop_map(|(k, v)| Op::Tag(k, v)),
            (0..3u8).prop_map(Op::Untag),
            Just(Op::Previous),
        ]
    }

    fn apply(base: &Secret, ops: &[Op], side: &str, clock: i64) -> Secret {
        let mut s = base.clone();
        for (i, op) in ops.iter().enumerate() {
            let when = clock + i as i64;
            match op {
                Op::Put(current) => {
                    let label = if *current { CURRENT } else { "AWSPENDING" };
                    s.put_version(text(&format!("{side}{i}")), None, &[label.into()], at(when))
                        .unwrap();
                }
                Op::Describe(d) => s.description = Some(format!("d{d}")),
                Op::Tag(k, v) => {
                    s.tags.insert(format!("k{k}"), format!("v{v}"));
                }
                Op::Untag(k) => {
                    s.tags.remove(&format!("k{k}"));
                }
                Op::Previous => {
                    if let Some(p) = s.version_with_label(PREVIOUS).map(|v| v.id.clone()) {
                        let cur = s.current().unwrap().id.clone();
                        s.update_stage(CURRENT, Some(&p), Some(&cur), at(when))
                            .unwrap();
                    }
                }
            }
            s.changed = at(when);
        }
        s
    }

    fn line(s: &Secret) -> Vec<u8> {
        serde_json::to_vec(s).unwrap()
    }

    proptest! {
        #[test]
        fn merges_keep_the_invariants_every_version_and_the_trivial_cases(
            ours_ops in proptest::collection::vec(op(), 0..8),
            theirs_ops in proptest::collection::vec(op(), 0..8),
        ) {
            let base = secret("s", "v0");
            let ours = apply(&base, &ours_ops, "o", 100);
            let theirs = apply(&base, &theirs_ops, "t", 200);
            let [b, o, t] = [&base, &ours, &theirs].map(|s| snap(&["k"], &[s]));
            let merged = merge(&b, &o, &t).unwrap();
            let m = secret_of(&merged, "s");
            prop_assert_eq!(m.check_invariants(), Ok(()));
            for v in ours.versions.iter().chain(&theirs.versions) {
                prop_assert!(m.versions.iter().any(|x| x.value == v.value), "a version was lost");
            }
            for c in &merged.new_conflicts {
                prop_assert!(!matches!(c.field, Field::Version(_)), "fresh uuids never collide");
            }
            // Swapping sides gives the same secret except for the winners of ties.
            let swapped = merge(&b, &t, &o).unwrap();
            prop_assert_eq!(swapped.new_conflicts.len(), merged.new_conflicts.len());
            // The trivial cases.
            let same = merge(&b, &o, &o).unwrap();
            prop_assert_eq!(line(&secret_of(&same, "s")), line(&ours));
            let theirs_only = merge(&b, &b, &t).unwrap();
            prop_assert_eq!(line(&secret_of(&theirs_only, "s")), line(&theirs));
            // Settling every conflict either way keeps the invariants.
            for take in [Take::Side(Side::Ours), Take::Side(Side::Theirs), Take::Newest] {
                let mut settled = m.clone();
                for c in &merged.new_conflicts {
                    resolve(&mut settled, c, &take).unwrap();
                }
                prop_assert_eq!(settled.check_invariants(), Ok(()));
            }
        }
    }
}

fn synced(remote: &str, when: i64, failed: Option<&str>) -> crate::sync::state::SyncState {
    crate::sync::state::SyncState {
        arn: Some(format!("arn:{remote}")),
        versions: BTreeMap::from([("db-v1".to_owned(), vec![CURRENT.to_owned()])]),
        description: None,
        tags: BTreeMap::new(),
        at: at(when),
        failed: failed.map(str::to_owned),
    }
}

#[test]
fn sync_state_is_carried_by_a_merge() {
    let base = secret("db", "v1");
    // Ours synced with prod; theirs put a new value and synced with ci.
    let mut ours = base.clone();
    ours.sync.insert("prod".into(), synced("prod", 10, None));
    let mut theirs = put(&base, "db-v2", "v2", 5);
    theirs.sync.insert("ci".into(), synced("ci", 6, None));
    let merged = merge_k(&[&base], &[&ours], &[&theirs]);
    assert!(merged.new_conflicts.is_empty());
    let db = secret_of(&merged, "db");
    assert_eq!(db.sync.keys().collect::<Vec<_>>(), ["ci", "prod"]);
    assert_eq!(db.sync["prod"], synced("prod", 10, None));
    // Only one side changed the secret: its line is taken whole, state too.
    let merged = merge_k(&[&base], &[&ours], &[&base]);
    assert_eq!(
        secret_of(&merged, "db").sync["prod"],
        synced("prod", 10, None)
    );
    // Both sides recorded a sync with the same remote: the later one wins,
    // and that is no conflict to resolve by hand.
    let mut mine = put(&base, "db-v3", "v3", 7);
    mine.sync
        .insert("prod".into(), synced("prod", 20, Some("throttled")));
    let mut other = base.clone();
    other.sync.insert("prod".into(), synced("prod", 30, None));
    let merged = merge_k(&[&base], &[&mine], &[&other]);
    assert!(merged.new_conflicts.is_empty());
    assert_eq!(
        secret_of(&merged, "db").sync["prod"],
        synced("prod", 30, None)
    );
}
