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
