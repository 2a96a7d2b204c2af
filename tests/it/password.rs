//! `arca random-password`.

use crate::util::*;

const PUNCT: &[u8] = b"!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~";

fn password(env: &TestEnv, args: &[&str]) -> Vec<u8> {
    let mut full = vec!["random-password"];
    full.extend_from_slice(args);
    stdout(&env.arca(&full).success())
}

#[test]
fn the_default_is_32_characters_of_every_type_without_a_newline() {
    let env = TestEnv::new();
    for _ in 0..5 {
        let pw = password(&env, &[]);
        assert_eq!(pw.len(), 32, "{:?}", String::from_utf8_lossy(&pw));
        assert!(pw.iter().any(u8::is_ascii_lowercase));
        assert!(pw.iter().any(u8::is_ascii_uppercase));
        assert!(pw.iter().any(u8::is_ascii_digit));
        assert!(pw.iter().any(|b| PUNCT.contains(b)));
        assert!(
            pw.iter().all(|b| b.is_ascii_graphic()),
            "no space, no newline"
        );
    }
    assert_ne!(password(&env, &[]), password(&env, &[]));
    assert_eq!(password(&env, &["--length", "12"]).len(), 12);
    // The AWS spelling, with the aws CLI's flags, needs no vault or identity.
    let out = stdout(
        &env.arca(&[
            "get-random-password",
            "--password-length",
            "7",
            "--query",
            "RandomPassword",
            "--output",
            "text",
        ])
        .success(),
    );
    assert_eq!(out.len(), 8, "seven characters and a newline");
}

#[test]
fn length_limits() {
    let env = TestEnv::new();
    assert_eq!(password(&env, &["--length", "4096"]).len(), 4096);
    assert_eq!(password(&env, &["--length", "4"]).len(), 4);
    assert_fails(env.arca(&["random-password", "--length", "4097"]), 2, &[]);
    assert_fails(env.arca(&["random-password", "--length", "0"]), 2, &[]);
    assert_fails(env.arca(&["random-password", "--length", "-1"]), 2, &[]);
    let err = assert_fails(env.arca(&["random-password", "--length", "3"]), 2, &[]);
    assert!(err.contains("3"), "{err}");
    assert_eq!(
        password(&env, &["--length", "3", "--no-require-each-included-type"]).len(),
        3
    );
    assert_eq!(
        password(&env, &["--length", "3", "--exclude-punctuation"]).len(),
        3
    );
}

#[test]
fn exclusions_are_honoured() {
    let env = TestEnv::new();
    let pw = password(
        &env,
        &[
            "--length",
            "500",
            "--exclude-punctuation",
            "--exclude-uppercase",
        ],
    );
    assert!(pw
        .iter()
        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit()));
    let pw = password(
        &env,
        &[
            "--length",
            "500",
            "--exclude-numbers",
            "--exclude-lowercase",
        ],
    );
    assert!(pw
        .iter()
        .all(|b| b.is_ascii_uppercase() || PUNCT.contains(b)));
    assert!(pw.iter().any(|b| PUNCT.contains(b)));
    let pw = password(
        &env,
        &["--length", "500", "--exclude-characters", "aeiouAEIOU0!"],
    );
    assert!(!pw.iter().any(|b| b"aeiouAEIOU0!".contains(b)));
    let pw = password(&env, &["--length", "1000", "--include-space"]);
    assert!(pw.contains(&b' '));
    let all = [
        "--exclude-numbers",
        "--exclude-punctuation",
        "--exclude-uppercase",
        "--exclude-lowercase",
    ];
    let mut args = vec!["random-password"];
    args.extend_from_slice(&all);
    assert_fails(env.arca(&args), 2, &[]);
}

#[test]
fn json_output_is_the_aws_shape() {
    let env = TestEnv::new();
    let doc = json_of(
        &env.arca(&["random-password", "-o", "json", "--length", "40"])
            .success(),
    );
    let obj = doc.as_object().unwrap();
    assert_eq!(obj.len(), 1, "{doc}");
    assert_eq!(obj["RandomPassword"].as_str().unwrap().len(), 40);
}
