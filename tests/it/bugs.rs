//! Regression tests: each one failed before the defect it names was fixed.

use std::fs;

use crate::util::*;

#[test]
fn a_truncated_large_vault_is_exit_5_for_every_read() {
    let env = TestEnv::initialized();
    env.create("aaa", b"early-value");
    env.create("mmm", &vec![b'm'; 65_536]);
    env.create("zzz", &vec![b'z'; 65_536]);
    let bytes = env.vault_bytes();
    assert!(
        bytes.len() > 2 * 65_536,
        "the payload spans several age chunks"
    );
    fs::write(env.vault_path(), &bytes[..bytes.len() / 2]).unwrap();
    // The later secret is detected...
    assert_fails(env.arca(&["get", "zzz"]), 5, &[]);
    // ...but the first chunk still decrypts, and these succeed today.
    assert_fails(env.arca(&["get", "aaa"]), 5, &["early-value"]);
    assert_fails(env.arca(&["versions", "aaa"]), 5, &[]);
}

#[test]
fn a_repeated_put_with_the_same_token_writes_nothing() {
    let env = TestEnv::initialized();
    env.create("s", b"v1");
    let token = "t".repeat(32);
    env.arca_stdin(&["put", "s", "--client-request-token", &token], "v2")
        .success();
    let before = env.vault_bytes();
    env.arca_stdin(&["put", "s", "--client-request-token", &token], "v2")
        .success();
    assert_eq!(
        env.vault_bytes(),
        before,
        "the idempotent retry rewrote the vault"
    );
}

#[test]
fn a_field_of_a_json_non_object_is_exit_4() {
    let env = TestEnv::initialized();
    for (name, value) in [("num", "42"), ("str", "\"text\""), ("arr", "[1,2]")] {
        env.create(name, value.as_bytes());
        assert_fails(env.arca(&["get", name, "--field", "password"]), 4, &[]);
    }
}

/// Payload surgery: decrypt with the `age` CLI, edit, re-encrypt to the same
/// key. The edit gets the header and the secrets' lines: the index trailer
/// is dropped, as a hand edit may drop it (arca then scans).
pub(crate) fn rewrite_payload(
    env: &TestEnv,
    edit: impl FnOnce(Vec<String>) -> Vec<String>,
) -> bool {
    let (Some(age), Some(text)) = (age_cli("rewrite_payload"), payload(env, "rewrite_payload"))
    else {
        return false;
    };
    let lines = text
        .lines()
        .filter(|l| !is_index(l))
        .map(str::to_owned)
        .collect();
    let edited = edit(lines).join("\n") + "\n";
    let plain = env.write_file("payload.txt", edited.as_bytes());
    let public = env
        .identity_text()
        .lines()
        .find_map(|l| l.strip_prefix("# public key: ").map(str::to_owned))
        .unwrap();
    let status = std::process::Command::new(&age)
        .args(["-e", "-r", &public, "-o"])
        .arg(env.vault_path())
        .arg(&plain)
        .status()
        .unwrap();
    assert!(status.success());
    fs::remove_file(plain).unwrap();
    true
}

#[test]
fn hand_edited_payloads_unsorted_or_with_blank_lines_are_read_and_repaired() {
    let env = TestEnv::initialized();
    env.create("aaa", b"a-value");
    env.create("zzz", b"z-value");
    if !rewrite_payload(&env, |mut lines| {
        lines.swap(1, 2);
        lines.insert(2, String::new());
        lines.push("   ".into());
        lines
    }) {
        return;
    }
    assert_eq!(env.get(&["zzz"]), b"z-value");
    assert_eq!(env.get(&["aaa"]), b"a-value");
    // A write puts the lines back in order.
    assert_eq!(
        String::from_utf8(env.get_stdout(&["list"]))
            .unwrap()
            .lines()
            .count(),
        2
    );
    env.put("aaa", b"again");
    assert_eq!(env.get(&["zzz"]), b"z-value");
    assert_eq!(env.get(&["aaa"]), b"again");
}

#[test]
fn a_payload_with_a_name_twice_refuses_writes() {
    let env = TestEnv::initialized();
    env.create("dup", b"first-value");
    if !rewrite_payload(&env, |mut lines| {
        let again = lines[1].clone();
        lines.push(again);
        lines
    }) {
        return;
    }
    let before = env.vault_bytes();
    let err = assert_fails(
        env.arca_stdin(&["put", "dup"], "second-value"),
        5,
        &["first-value", "second-value"],
    );
    assert!(err.contains("twice"), "{err}");
    assert_eq!(env.vault_bytes(), before);
}

#[test]
fn removing_your_own_recipient_is_refused() {
    let env = TestEnv::initialized();
    let other = TestEnv::new().init();
    env.arca(&["recipients", "add", &other]).success();
    let own = env
        .identity_text()
        .lines()
        .find_map(|l| l.strip_prefix("# public key: ").map(str::to_owned))
        .unwrap();
    let before = env.vault_bytes();
    let err = assert_fails(env.arca(&["recipients", "remove", &own]), 4, &[]);
    assert!(err.contains("none of your identities"), "{err}");
    assert_eq!(env.vault_bytes(), before);
}

#[test]
fn init_with_arca_key_uses_that_key_and_writes_no_identity() {
    let donor = TestEnv::initialized();
    let key = donor.identity_text();
    let env = TestEnv::new();
    let out = env
        .arca_env(&["init"], &[("ARCA_KEY", key.as_str())])
        .success();
    assert!(!env.identity_path().exists());
    let public = key
        .lines()
        .find_map(|l| l.strip_prefix("# public key: "))
        .unwrap();
    assert_eq!(String::from_utf8(stdout(&out)).unwrap().trim(), public);
    env.cmd()
        .env("ARCA_KEY", &key)
        .args(["create", "ci/token"])
        .write_stdin("t")
        .assert()
        .success();
    assert_eq!(
        stdout(
            &env.arca_env(&["get", "ci/token"], &[("ARCA_KEY", key.as_str())])
                .success()
        ),
        b"t"
    );
}

#[test]
fn a_huge_lock_timeout_waits_without_panicking() {
    let env = TestEnv::initialized();
    env.create("x", b"v");
    env.arca_env(
        &["tag", "x", "a=b"],
        &[("ARCA_LOCK_TIMEOUT", "18446744073709551615")],
    )
    .success();
}

#[test]
fn no_color_beats_color_always() {
    let env = TestEnv::initialized();
    let coloured = stderr(&env.arca(&["--color", "always", "get", "nope"]).code(3));
    assert!(coloured.contains('\x1b'), "{coloured:?}");
    let plain = stderr(
        &env.arca_env(&["--color", "always", "get", "nope"], &[("NO_COLOR", "1")])
            .code(3),
    );
    assert!(!plain.contains('\x1b'), "{plain:?}");
}

#[test]
fn a_symlinked_vault_stays_a_symlink() {
    let env = TestEnv::initialized();
    env.create("x", b"v1");
    let real = env.path("elsewhere/vault.age");
    fs::create_dir_all(real.parent().unwrap()).unwrap();
    fs::rename(env.vault_path(), &real).unwrap();
    std::os::unix::fs::symlink(&real, env.vault_path()).unwrap();
    env.put("x", b"v2");
    assert!(fs::symlink_metadata(env.vault_path())
        .unwrap()
        .file_type()
        .is_symlink());
    assert_eq!(env.get(&["x"]), b"v2");
}

#[test]
fn a_hand_edited_secret_without_awscurrent_is_exit_5_not_a_panic() {
    let env = TestEnv::initialized();
    env.create("nocur", b"first-value");
    env.put("nocur", b"second-value");
    env.create("other", b"other-value");
    if !rewrite_payload(&env, |lines| {
        lines
            .into_iter()
            .map(|l| {
                if l.contains("\"name\":\"nocur\"") {
                    l.replace("\"AWSCURRENT\"", "\"EDITED\"")
                } else {
                    l
                }
            })
            .collect()
    }) {
        return;
    }
    let before = env.vault_bytes();
    for args in [
        &["get", "nocur"][..],
        &["get", "nocur", "--version-stage", "EDITED"],
        &["versions", "nocur"],
        &["describe", "nocur"],
        &["batch-get", "nocur"],
    ] {
        let err = assert_fails(
            env.arca(args),
            5,
            &["first-value", "second-value", "panicked", "internal error"],
        );
        assert!(
            err.contains("malformed secret entry 'nocur'"),
            "{args:?}: {err}"
        );
        assert!(err.contains("no AWSCURRENT"), "{args:?}: {err}");
    }
    assert_fails(env.arca_stdin(&["put", "nocur"], "third-value"), 5, &[]);
    assert_eq!(env.vault_bytes(), before, "a write went through");
    // The other secret still reads.
    assert_eq!(env.get(&["other"]), b"other-value");
}

#[test]
fn a_hand_edited_label_on_two_versions_is_exit_5() {
    let env = TestEnv::initialized();
    env.create("twice", b"first-value");
    env.put("twice", b"second-value");
    if !rewrite_payload(&env, |lines| {
        lines
            .into_iter()
            .map(|l| l.replace("\"AWSPREVIOUS\"", "\"AWSCURRENT\""))
            .collect()
    }) {
        return;
    }
    let before = env.vault_bytes();
    let err = assert_fails(
        env.arca(&["get", "twice"]),
        5,
        &["first-value", "second-value"],
    );
    assert!(err.contains("AWSCURRENT appears twice"), "{err}");
    assert_fails(env.arca_stdin(&["put", "twice"], "third-value"), 5, &[]);
    assert_eq!(env.vault_bytes(), before);
}

#[test]
fn creating_again_with_the_same_token_and_value_changes_nothing() {
    let env = TestEnv::initialized();
    let token = "0123456789abcdef0123456789abcdef";
    let create = || env.arca_stdin(&["create", "t", "--client-request-token", token], "v1");
    create().success();
    let before = env.vault_bytes();
    let again = create().success();
    assert!(stderr(&again).contains("already created"));
    assert_eq!(env.vault_bytes(), before);
    assert_fails(
        env.arca_stdin(&["create", "t", "--client-request-token", token], "v2"),
        4,
        &["v2"],
    );
}

#[test]
fn adding_a_recipient_the_vault_has_writes_nothing() {
    let env = TestEnv::initialized();
    let own = String::from_utf8(env.get_stdout(&["recipients", "list"])).unwrap();
    let before = env.vault_bytes();
    env.arca(&["recipients", "add", own.trim()]).success();
    assert_eq!(env.vault_bytes(), before);
}
