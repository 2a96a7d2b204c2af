//! Values are stored byte-exact (SPEC §2) and limited to 65,536 bytes.

use base64::Engine;
use proptest::prelude::*;

use crate::util::*;

const MARK: &str = "s3cr3t-MARKER-";

#[test]
fn stdin_round_trips_byte_exact() {
    let env = TestEnv::initialized();
    let cases: [(&str, &[u8]); 6] = [
        ("nl", b"hello\n"),
        ("no-nl", b"hello"),
        ("two-nl", b"a\n\n"),
        ("crlf", b"line1\r\nline2\r\n"),
        ("unicode", "pässwörd 🔑 日本\n".as_bytes()),
        ("spaces", b"  leading and trailing  "),
    ];
    for (name, value) in cases {
        env.create(name, value);
        assert_eq!(env.get(&[name]), value, "{name}");
    }
    // put keeps bytes exact too.
    env.put("nl", b"changed\n");
    assert_eq!(env.get(&["nl"]), b"changed\n");
}

#[test]
fn value_file_round_trips_byte_exact() {
    let env = TestEnv::initialized();
    let cases: [(&str, &[u8]); 3] = [
        ("a", b"with newline\n"),
        ("b", b"without"),
        ("c", "ünï\tcode\n".as_bytes()),
    ];
    for (name, value) in cases {
        let file = env.write_file(&format!("in-{name}"), value);
        env.arca(&["create", name, "--value-file", file.to_str().unwrap()])
            .success();
        assert_eq!(env.get(&[name]), value);
    }
    // `--value-file -` is stdin.
    env.arca_stdin(&["create", "d", "--value-file", "-"], "dash\n")
        .success();
    assert_eq!(env.get(&["d"]), b"dash\n");
}

fn big(len: usize) -> Vec<u8> {
    MARK.bytes().cycle().take(len).collect()
}

#[test]
fn a_value_of_exactly_65536_bytes_is_accepted() {
    let env = TestEnv::initialized();
    let value = big(65_536);
    env.create("stdin", &value);
    assert_eq!(env.get(&["stdin"]), value);
    let file = env.write_file("big", &value);
    env.arca(&["create", "file", "--value-file", file.to_str().unwrap()])
        .success();
    assert_eq!(env.get(&["file"]), value);
    env.arca(&["put", "file", "--binary-file", file.to_str().unwrap()])
        .success();
    assert_eq!(env.get(&["file"]), value);
}

#[test]
fn a_value_of_65537_bytes_is_exit_2_and_changes_nothing() {
    let env = TestEnv::initialized();
    env.create("x", b"small");
    let before = env.vault_bytes();
    let value = big(65_537);
    let file = env.write_file("big", &value);
    let file = file.to_str().unwrap();

    assert_fails(env.arca_stdin(&["create", "y"], value.clone()), 2, &[MARK]);
    assert_fails(env.arca_stdin(&["put", "x"], value.clone()), 2, &[MARK]);
    assert_fails(env.arca(&["put", "x", "--value-file", file]), 2, &[MARK]);
    assert_fails(env.arca(&["put", "x", "--binary-file", file]), 2, &[MARK]);
    let err = assert_fails(env.arca(&["create", "z", "--value-file", file]), 2, &[MARK]);
    assert!(err.contains("65536"), "says the limit: {err}");

    assert_eq!(env.vault_bytes(), before);
    assert!(env.temp_files().is_empty(), "{:?}", env.temp_files());
    assert_eq!(env.get(&["x"]), b"small");
}

#[test]
fn binary_file_with_every_byte_round_trips() {
    let env = TestEnv::initialized();
    let bytes: Vec<u8> = (0..=255u8).chain((0..=255u8).rev()).collect();
    let file = env.write_file("bytes.bin", &bytes);
    env.arca(&["create", "bin", "--binary-file", file.to_str().unwrap()])
        .success();
    assert_eq!(env.get(&["bin"]), bytes);

    let doc = env.json(&["get", "bin"]);
    assert!(doc.get("SecretString").is_none(), "{doc}");
    let b64 = doc["SecretBinary"].as_str().expect("SecretBinary");
    assert_eq!(
        base64::engine::general_purpose::STANDARD
            .decode(b64)
            .unwrap(),
        bytes
    );

    // `--binary-file -` reads stdin.
    env.arca_stdin(&["put", "bin", "--binary-file", "-"], vec![0u8, 255, 10])
        .success();
    assert_eq!(env.get(&["bin"]), [0u8, 255, 10]);
}

#[test]
fn non_utf8_text_is_exit_2_with_a_hint() {
    let env = TestEnv::initialized();
    let before = env.vault_bytes();
    let err = assert_fails(
        env.arca_stdin(&["create", "x"], vec![b'o', b'k', 0xff, 0xfe]),
        2,
        &[],
    );
    assert!(
        err.contains("UTF-8") && err.contains("--binary-file"),
        "{err}"
    );
    let file = env.write_file("latin1", b"caf\xe9");
    assert_fails(
        env.arca(&["create", "x", "--value-file", file.to_str().unwrap()]),
        2,
        &[],
    );
    assert_eq!(env.vault_bytes(), before);
}

#[test]
fn an_empty_value_is_exit_2() {
    let env = TestEnv::initialized();
    env.create("x", b"v");
    let before = env.vault_bytes();
    assert_fails(env.arca_stdin(&["create", "y"], ""), 2, &[]);
    // stdin closed entirely
    assert_fails(env.arca(&["create", "y"]), 2, &[]);
    assert_fails(env.arca_stdin(&["put", "x"], ""), 2, &[]);
    let empty = env.write_file("empty", b"");
    assert_fails(
        env.arca(&["put", "x", "--value-file", empty.to_str().unwrap()]),
        2,
        &[],
    );
    assert_fails(
        env.arca(&["put", "x", "--binary-file", empty.to_str().unwrap()]),
        2,
        &[],
    );
    assert_eq!(env.vault_bytes(), before);
}

#[test]
fn two_value_sources_are_a_usage_error() {
    let env = TestEnv::initialized();
    let f = env.write_file("f", b"v");
    let f = f.to_str().unwrap();
    assert_fails(
        env.arca(&["create", "x", "--value-file", f, "--binary-file", f]),
        2,
        &[],
    );
    assert_fails(
        env.arca(&["create", "x", "--value-file", f, "--generate"]),
        2,
        &[],
    );
}

#[test]
fn secret_string_works_but_warns() {
    let env = TestEnv::initialized();
    let out = env
        .arca(&["create", "x", "--secret-string", "argv-value"])
        .success();
    let err = stderr(&out);
    assert!(err.contains("warning:") && err.contains("argv"), "{err}");
    assert!(!err.contains("argv-value"), "{err}");
    assert_eq!(env.get(&["x"]), b"argv-value");
}

#[test]
fn generate_stores_a_random_password_of_the_asked_length() {
    let env = TestEnv::initialized();
    env.arca(&[
        "create",
        "g",
        "--generate",
        "--length",
        "50",
        "--exclude-punctuation",
    ])
    .success();
    let value = env.get(&["g"]);
    assert_eq!(value.len(), 50);
    assert!(value.iter().all(u8::is_ascii_alphanumeric));
    // Password flags without --generate are refused.
    assert_fails(env.arca_stdin(&["put", "g", "--length", "8"], "v"), 2, &[]);
}

#[test]
fn create_and_put_print_nothing_on_stdout() {
    let env = TestEnv::initialized();
    let out = env.arca_stdin(&["create", "x"], "quiet").success();
    assert!(stdout(&out).is_empty());
    assert!(!stderr(&out).contains("quiet"));
    let out = env.arca_stdin(&["put", "x"], "quiet2").success();
    assert!(stdout(&out).is_empty());
    assert!(!stderr(&out).contains("quiet2"));
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 12, ..ProptestConfig::default() })]

    #[test]
    fn any_text_round_trips(values in proptest::collection::vec("\\PC{1,200}|[ \\n\\t\\r]{1,5}", 1..4)) {
        let env = TestEnv::initialized();
        for (i, value) in values.iter().enumerate() {
            let name = format!("p{i}");
            env.create(&name, value.as_bytes());
            prop_assert_eq!(env.get(&[&name]), value.as_bytes());
        }
    }
}
