//! `get --field KEY` and `--field /json/pointer`.

use crate::util::*;

const DOC: &str = r#"{"user":"admin","password":"hunter2-secret","db":{"host":"db.local","port":5432,"tls":true},"list":[1,"two"],"empty":""}"#;

#[test]
fn top_level_fields_and_json_pointers() {
    let env = TestEnv::initialized();
    env.create("j", DOC.as_bytes());
    assert_eq!(env.get(&["j", "--field", "user"]), b"admin");
    assert_eq!(env.get(&["j", "--field", "password"]), b"hunter2-secret");
    assert_eq!(env.get(&["j", "--field", "/db/host"]), b"db.local");
    assert_eq!(env.get(&["j", "--field", "/db/port"]), b"5432");
    assert_eq!(env.get(&["j", "--field", "/db/tls"]), b"true");
    assert_eq!(env.get(&["j", "--field", "/list/1"]), b"two");
    // Non-strings print as compact JSON, in the stored key order.
    assert_eq!(
        env.get(&["j", "--field", "db"]),
        br#"{"host":"db.local","port":5432,"tls":true}"#
    );
    assert_eq!(env.get(&["j", "--field", "list"]), br#"[1,"two"]"#);
    assert_eq!(env.get(&["j", "--field", "empty"]), b"");
}

#[test]
fn fields_of_other_versions() {
    let env = TestEnv::initialized();
    env.create("j", br#"{"password":"old"}"#);
    env.put("j", br#"{"password":"new"}"#);
    assert_eq!(env.get(&["j", "--field", "password"]), b"new");
    assert_eq!(
        env.get(&["j", "--field", "password", "--version-stage", "AWSPREVIOUS"]),
        b"old"
    );
}

#[test]
fn a_missing_field_is_exit_3_without_the_value() {
    let env = TestEnv::initialized();
    env.create("j", DOC.as_bytes());
    for field in ["nope", "/db/nope", "/list/9", "db/host"] {
        let err = assert_fails(
            env.arca(&["get", "j", "--field", field]),
            3,
            &["hunter2", "admin"],
        );
        assert!(err.contains(field), "{err}");
    }
}

#[test]
fn a_value_that_is_not_json_is_exit_4_without_the_value() {
    let env = TestEnv::initialized();
    env.create("plain", b"plain-secret-text");
    env.create("partial", b"{\"password\":\"leaky-partial\"");
    env.arca(&[
        "create",
        "bin",
        "--binary-file",
        env.write_file("b", b"{\"a\":1}").to_str().unwrap(),
    ])
    .success();
    for name in ["plain", "partial", "bin"] {
        assert_fails(
            env.arca(&["get", name, "--field", "password"]),
            4,
            &["plain-secret-text", "leaky-partial"],
        );
    }
}
