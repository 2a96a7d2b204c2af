//! `arca recipients`: who can open the vault.

use crate::util::*;

#[test]
fn adding_and_removing_a_recipient_re_encrypts_the_vault() {
    let alice = TestEnv::initialized();
    let bob = TestEnv::new();
    let bob_key = bob.init();
    alice.create("team/token", b"shared-value");
    let bob_reads = || {
        bob.cmd()
            .args(["get", "team/token", "--vault"])
            .arg(alice.vault_path())
            .assert()
    };
    assert_fails(bob_reads(), 5, &["shared-value"]);
    alice.arca(&["recipients", "add", &bob_key]).success();
    let listed = String::from_utf8(alice.get_stdout(&["recipients", "list"])).unwrap();
    assert_eq!(listed.lines().count(), 2);
    assert!(listed.contains(&bob_key));
    assert_eq!(stdout(&bob_reads().success()), b"shared-value");

    alice.arca(&["recipients", "remove", &bob_key]).success();
    assert_fails(bob_reads(), 5, &["shared-value"]);
    assert_eq!(alice.get(&["team/token"]), b"shared-value");
}

#[test]
fn recipients_are_checked_and_the_last_one_stays() {
    let env = TestEnv::initialized();
    let before = env.vault_bytes();
    assert_fails(env.arca(&["recipients", "add", "age1notakey"]), 2, &[]);
    assert_fails(env.arca(&["recipients", "remove", "age1notthere"]), 3, &[]);
    let own = String::from_utf8(env.get_stdout(&["recipients", "list"])).unwrap();
    assert_fails(env.arca(&["recipients", "remove", own.trim()]), 4, &[]);
    assert_eq!(env.vault_bytes(), before);
}

/// An ssh-ed25519 public key line with a comment, from ssh-keygen; None
/// (with a note) without it.
fn ssh_public_key(env: &TestEnv) -> Option<String> {
    let key = env.path("id_ed25519");
    let made = std::process::Command::new("ssh-keygen")
        .args(["-q", "-t", "ed25519", "-N", "", "-C", "bob@laptop", "-f"])
        .arg(&key)
        .status();
    if !made.is_ok_and(|s| s.success()) {
        eprintln!("note: skipping: ssh-keygen is not installed");
        return None;
    }
    let public = std::fs::read_to_string(key.with_extension("pub")).unwrap();
    Some(public.trim().to_owned())
}

#[test]
fn recipients_have_unique_labels_and_are_removed_by_label_or_key_without_comment() {
    let alice = TestEnv::initialized();
    let own = String::from_utf8(alice.get_stdout(&["recipients", "list"]))
        .unwrap()
        .trim()
        .to_owned();
    let carol_key = TestEnv::new().init();
    alice.create("team/token", b"shared-value");
    alice
        .arca(&["recipients", "add", &carol_key, "--label", "carol"])
        .success();
    alice
        .arca(&["recipients", "add", &own, "--label", "alice"])
        .success();
    let listed = String::from_utf8(alice.get_stdout(&["recipients", "list"])).unwrap();
    assert_eq!(listed, format!("{own}\talice\n{carol_key}\tcarol\n"));
    let json = alice.json(&["recipients", "list"]);
    assert_eq!(json["Labels"][&carol_key], "carol");
    assert_eq!(json["Recipients"].as_array().unwrap().len(), 2);

    // Labels are unique, one per key, and cannot pass for a key.
    let before = alice.vault_bytes();
    let dave_key = TestEnv::new().init();
    let err = assert_fails(
        alice.arca(&["recipients", "add", &dave_key, "--label", "carol"]),
        4,
        &[],
    );
    assert!(err.contains("'carol' is already on"), "{err}");
    assert_fails(
        alice.arca(&["recipients", "add", &dave_key, "--label", "age1x"]),
        2,
        &[],
    );
    assert_fails(
        alice.arca(&["recipients", "add", &dave_key, &carol_key, "--label", "two"]),
        2,
        &[],
    );
    assert_eq!(alice.vault_bytes(), before, "refused changes write nothing");

    // The header holds the labels, beside the recipients an older arca reads.
    if let Some(payload) = payload(&alice, "recipients_have_unique_labels") {
        let header: serde_json::Value =
            serde_json::from_str(payload.lines().next().unwrap()).unwrap();
        assert_eq!(header["format"], 1);
        assert_eq!(header["recipients"], serde_json::json!([own, carol_key]));
        assert_eq!(header["labels"][&carol_key], "carol");
    }

    // Removed by label: the key and its label go.
    alice.arca(&["recipients", "remove", "carol"]).success();
    let listed = String::from_utf8(alice.get_stdout(&["recipients", "list"])).unwrap();
    assert_eq!(listed, format!("{own}\talice\n"));

    // An ssh key added with its comment, removed without it.
    let Some(ssh) = ssh_public_key(&alice) else {
        return;
    };
    alice
        .arca(&["recipients", "add", &ssh, "--label", "bob"])
        .success();
    let bare: String = ssh.split(' ').take(2).collect::<Vec<_>>().join(" ");
    // Adding the same key without its comment is no second recipient.
    alice.arca(&["recipients", "add", &bare]).success();
    let listed = String::from_utf8(alice.get_stdout(&["recipients", "list"])).unwrap();
    assert_eq!(listed, format!("{own}\talice\n{ssh}\tbob\n"));
    alice.arca(&["recipients", "rm", &bare]).success();
    let listed = String::from_utf8(alice.get_stdout(&["recipients", "list"])).unwrap();
    assert_eq!(listed, format!("{own}\talice\n"));
    assert_eq!(alice.get(&["team/token"]), b"shared-value");
}

#[test]
fn a_vault_without_labels_keeps_its_header_as_before() {
    let env = TestEnv::initialized();
    let Some(payload) = payload(&env, "a_vault_without_labels_keeps_its_header_as_before") else {
        return;
    };
    let own = String::from_utf8(env.get_stdout(&["recipients", "list"])).unwrap();
    assert_eq!(
        payload.lines().next().unwrap(),
        format!("{{\"format\":1,\"recipients\":[\"{}\"]}}", own.trim())
    );
}
