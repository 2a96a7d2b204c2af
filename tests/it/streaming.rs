//! The streamed write of one secret (`Vault::rewrite_one`): the secret's
//! line is found by name order while the rest is copied through unparsed.

use crate::bugs::rewrite_payload;
use crate::util::*;

/// The decrypted payload's header and secret lines (not the index), or
/// None without the `age` CLI.
fn payload_lines(env: &TestEnv, test: &str) -> Option<Vec<String>> {
    Some(
        payload(env, test)?
            .lines()
            .filter(|l| !is_index(l))
            .map(str::to_owned)
            .collect(),
    )
}

fn name_of_line(line: &str) -> String {
    let v: serde_json::Value = serde_json::from_str(line).unwrap();
    v["name"].as_str().unwrap().to_owned()
}

/// A vault of `names` created in that order, each valued `<name>-value`.
fn vault_of(names: &[&str]) -> TestEnv {
    let env = TestEnv::initialized();
    for name in names {
        env.create(name, format!("{name}-value").as_bytes());
    }
    env
}

#[test]
fn a_put_first_in_the_middle_and_last_changes_only_that_line() {
    let names = ["b", "d", "f", "h", "j"];
    let env = vault_of(&names);
    for (target, new) in [("b", "first-new"), ("f", "middle-new"), ("j", "last-new")] {
        let before = payload_lines(&env, "a_put_first_in_the_middle_and_last");
        env.put(target, new.as_bytes());
        assert_eq!(env.get(&[target]), new.as_bytes());
        if let (Some(before), Some(after)) = (
            before,
            payload_lines(&env, "a_put_first_in_the_middle_and_last"),
        ) {
            assert_eq!(before.len(), after.len());
            for (old, new) in before.iter().zip(&after) {
                if old.starts_with(&format!("{{\"name\":\"{target}\"")) {
                    assert_ne!(old, new, "{target} did not change");
                } else {
                    assert_eq!(old, new, "a line other than {target}'s changed");
                }
            }
        }
    }
    for name in ["d", "h"] {
        assert_eq!(env.get(&[name]), format!("{name}-value").as_bytes());
    }
    assert_eq!(
        env.get(&["b", "--version-stage", "AWSPREVIOUS"]),
        b"b-value"
    );
}

#[test]
fn creates_and_deletes_first_in_the_middle_and_last_keep_the_order() {
    let env = vault_of(&["c", "m", "x"]);
    for name in ["a", "n", "z"] {
        env.create(name, format!("{name}-value").as_bytes());
    }
    env.arca(&["delete", "m", "--force-delete-without-recovery"])
        .success();
    env.arca(&["delete", "a", "--force-delete-without-recovery"])
        .success();
    env.arca(&["delete", "z", "--force-delete-without-recovery"])
        .success();
    for name in ["c", "n", "x"] {
        assert_eq!(env.get(&[name]), format!("{name}-value").as_bytes());
    }
    for name in ["a", "m", "z"] {
        assert_fails(env.arca(&["get", name]), 3, &[]);
    }
    if let Some(lines) = payload_lines(&env, "creates_and_deletes_keep_the_order") {
        let names: Vec<String> = lines[1..].iter().map(|l| name_of_line(l)).collect();
        assert_eq!(names, ["c", "n", "x"]);
    }
}

#[test]
fn an_unsorted_payload_falls_back_to_the_full_path_and_is_sorted_again() {
    let env = vault_of(&["aaa", "mmm", "zzz"]);
    // zzz, aaa, mmm: every secret is out of its place.
    if !rewrite_payload(&env, |mut lines| {
        lines[1..].rotate_right(1);
        lines
    }) {
        return;
    }
    // aaa is past zzz: a stream stopping at zzz would miss it.
    env.put("aaa", b"aaa-new");
    assert_eq!(env.get(&["aaa"]), b"aaa-new");
    let before = env.vault_bytes();
    assert_fails(env.arca_stdin(&["create", "mmm"], "again-value"), 4, &[]);
    assert_eq!(env.vault_bytes(), before);
    env.create("bbb", b"bbb-value");
    for (name, value) in [
        ("aaa", "aaa-new"),
        ("bbb", "bbb-value"),
        ("mmm", "mmm-value"),
        ("zzz", "zzz-value"),
    ] {
        assert_eq!(env.get(&[name]), value.as_bytes());
    }
    if let Some(lines) = payload_lines(&env, "an_unsorted_payload_falls_back") {
        let names: Vec<String> = lines[1..].iter().map(|l| name_of_line(l)).collect();
        assert_eq!(names, ["aaa", "bbb", "mmm", "zzz"]);
    }
}

#[test]
fn an_unsorted_payload_with_a_name_twice_still_refuses_writes() {
    let env = vault_of(&["aaa", "zzz"]);
    // aaa, zzz, aaa: the second aaa comes after zzz.
    if !rewrite_payload(&env, |mut lines| {
        let again = lines[1].clone();
        lines.push(again);
        lines
    }) {
        return;
    }
    let before = env.vault_bytes();
    let err = assert_fails(env.arca_stdin(&["put", "zzz"], "new-value"), 5, &[]);
    assert!(err.contains("twice"), "{err}");
    assert_eq!(env.vault_bytes(), before);
}

#[test]
fn an_expired_deletion_is_purged_by_a_streamed_write() {
    let env = vault_of(&["a", "gone/early", "m", "gone/late", "z"]);
    let then = "2030-01-01T00:00:00Z";
    let later = "2030-03-01T00:00:00Z";
    for name in ["gone/early", "gone/late"] {
        env.arca_env(
            &["delete", name, "--recovery-window-days", "7"],
            &[("ARCA_TEST_NOW", then)],
        )
        .success();
    }
    env.arca_env(&["tag", "m", "k=v"], &[("ARCA_TEST_NOW", later)])
        .success();
    if let Some(lines) = payload_lines(&env, "an_expired_deletion_is_purged") {
        let names: Vec<String> = lines[1..].iter().map(|l| name_of_line(l)).collect();
        assert_eq!(names, ["a", "m", "z"]);
    }
    // Even a write that changes nothing else purges them.
    let env = vault_of(&["a", "gone", "z"]);
    env.arca_env(
        &["delete", "gone", "--recovery-window-days", "7"],
        &[("ARCA_TEST_NOW", then)],
    )
    .success();
    let before = env.vault_bytes();
    env.arca_env(&["restore", "a"], &[("ARCA_TEST_NOW", later)])
        .success();
    assert_ne!(env.vault_bytes(), before, "the expired secret was kept");
    assert_fails(env.arca(&["describe", "gone"]), 3, &[]);
}

#[test]
fn a_failing_change_leaves_the_vault_byte_for_byte_unchanged() {
    let env = vault_of(&["a", "m", "z"]);
    env.arca(&["delete", "z", "--recovery-window-days", "7"])
        .success();
    let before = env.vault_bytes();
    let unchanged = |why: &str| {
        assert_eq!(env.vault_bytes(), before, "{why} changed the vault");
        assert!(env.temp_files().is_empty(), "{why} left a temp file");
    };
    assert_fails(
        env.arca_stdin(&["put", "b"], "secret-value"),
        3,
        &["secret-value"],
    );
    unchanged("a put of a missing secret");
    assert_fails(
        env.arca_stdin(&["put", "z"], "secret-value"),
        4,
        &["secret-value"],
    );
    unchanged("a put of a secret scheduled for deletion");
    assert_fails(
        env.arca_stdin(&["create", "m"], "other-value"),
        4,
        &["other-value"],
    );
    unchanged("a create of an existing secret");
    assert_fails(
        env.arca(&["stage", "m", "AWSCURRENT", "--move-to", "nope"]),
        3,
        &[],
    );
    unchanged("a stage to a missing version");
    // And a change that changes nothing writes nothing.
    env.arca(&["restore", "m"]).success();
    unchanged("a restore of a live secret");
}

#[test]
fn a_put_in_a_vault_of_many_age_chunks_keeps_every_byte_of_the_others() {
    let big = |c: u8| vec![c; 65_536];
    let env = TestEnv::initialized();
    for (name, c) in [("a", b'a'), ("m", b'm'), ("z", b'z')] {
        env.create(name, &big(c));
    }
    env.put("m", b"small-now");
    env.create("n", &big(b'n'));
    assert_eq!(env.get(&["m"]), b"small-now");
    for (name, c) in [("a", b'a'), ("n", b'n'), ("z", b'z')] {
        assert_eq!(env.get(&[name]), big(c), "{name}");
    }
}

#[test]
fn a_write_to_a_truncated_vault_is_exit_5_and_changes_nothing() {
    let env = TestEnv::initialized();
    env.create("aaa", b"early-value");
    env.create("mmm", &vec![b'm'; 65_536]);
    env.create("zzz", &vec![b'z'; 65_536]);
    let bytes = env.vault_bytes();
    let truncated = &bytes[..bytes.len() / 2];
    std::fs::write(env.vault_path(), truncated).unwrap();
    // The change to aaa is made before the damage is reached: it must not count.
    assert_fails(
        env.arca_stdin(&["put", "aaa"], "new-value"),
        5,
        &["new-value"],
    );
    assert_fails(env.arca(&["tag", "aaa", "k=v"]), 5, &[]);
    assert_fails(
        env.arca_stdin(&["create", "bbb"], "new-value"),
        5,
        &["new-value"],
    );
    assert_eq!(env.vault_bytes(), truncated);
    assert!(env.temp_files().is_empty());
}
