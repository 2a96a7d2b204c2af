//! Failing tests for known defects, ignored until fixed in main.
//! Each names the reproduction in its ignore reason.

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
