//! Names (1–512 of A-Z a-z 0-9 / _ + = . @ -) and ids (SPEC §2).

use crate::util::*;

#[test]
fn names_of_512_characters_are_fine_and_513_is_exit_2() {
    let env = TestEnv::initialized();
    let long = "n".repeat(512);
    env.create(&long, b"v");
    assert_eq!(env.get(&[&long]), b"v");
    let before = env.vault_bytes();
    let err = assert_fails(env.arca_stdin(&["create", &"n".repeat(513)], "v"), 2, &[]);
    assert!(err.contains("512"), "{err}");
    assert_eq!(env.vault_bytes(), before);
}

#[test]
fn every_allowed_character_works() {
    let env = TestEnv::initialized();
    for name in [
        "prod/db_pw+x=y.z@w-1",
        "A",
        "9",
        "a/b/c",
        "-leading",
        "a.b@c",
    ] {
        env.arca_stdin(&["create", "--", name], name).success();
        assert_eq!(env.get(&["--", name]), name.as_bytes());
    }
}

#[test]
fn bad_characters_are_exit_2() {
    let env = TestEnv::initialized();
    let before = env.vault_bytes();
    for name in [
        "a b",
        "a:b",
        "é",
        "a*b",
        "a\"b",
        "a\\b",
        "tab\there",
        "new\nline",
        "a#b",
        "a%b",
        "",
    ] {
        let err = assert_fails(env.arca_stdin(&["create", name], "v"), 2, &["v\n"]);
        assert!(err.contains("name"), "{name:?}: {err}");
    }
    assert_eq!(env.vault_bytes(), before);
}

#[test]
fn the_id_works_wherever_a_name_does() {
    let env = TestEnv::initialized();
    let created = env
        .arca_stdin(&["create", "db-prod", "-o", "json"], "v1")
        .success();
    let arn = json_of(&created)["ARN"].as_str().unwrap().to_owned();
    let suffix = arn.strip_prefix("arca:secret:db-prod-").expect("id shape");
    assert_eq!(suffix.len(), 6);
    assert!(suffix.bytes().all(|b| b.is_ascii_alphanumeric()), "{arn}");

    assert_eq!(env.get(&[&arn]), b"v1");
    env.arca_stdin(&["put", &arn], "v2").success();
    assert_eq!(env.get(&[&arn]), b"v2");
    assert_eq!(env.json(&["versions", &arn])["Name"], "db-prod");
    assert_eq!(env.json(&["get", &arn])["ARN"], arn.as_str());
}

#[test]
fn a_wrong_id_suffix_is_exit_3() {
    let env = TestEnv::initialized();
    let arn = json_of(
        &env.arca_stdin(&["create", "x", "-o", "json"], "kept-value")
            .success(),
    )["ARN"]
        .as_str()
        .unwrap()
        .to_owned();
    let last = arn.chars().last().unwrap();
    let wrong = format!(
        "{}{}",
        &arn[..arn.len() - 1],
        if last == 'A' { 'B' } else { 'A' }
    );
    let before = env.vault_bytes();
    assert_fails(env.arca(&["get", &wrong]), 3, &["kept-value"]);
    assert_fails(
        env.arca_stdin(&["put", &wrong], "new-value"),
        3,
        &["new-value"],
    );
    assert_fails(env.arca(&["versions", &wrong]), 3, &[]);
    assert_fails(env.arca(&["get", "arca:secret:x"]), 3, &[]);
    assert_eq!(env.vault_bytes(), before);
}

#[test]
fn a_recreated_secret_gets_a_new_id_and_existing_names_conflict() {
    let env = TestEnv::initialized();
    env.create("x", b"v");
    let before = env.vault_bytes();
    let err = assert_fails(
        env.arca_stdin(&["create", "x"], "other-value"),
        4,
        &["other-value"],
    );
    assert!(err.contains("already exists"), "{err}");
    assert_eq!(env.vault_bytes(), before);
}

#[test]
fn a_missing_secret_is_exit_3() {
    let env = TestEnv::initialized();
    env.create("present", b"v");
    for args in [
        &["get", "absent"][..],
        &["versions", "absent"],
        &["stage", "absent", "L", "--move-to", "x"],
    ] {
        let err = assert_fails(env.arca(args), 3, &[]);
        assert!(err.contains("absent"), "{err}");
    }
    assert_fails(
        env.arca_stdin(&["put", "absent"], "value-for-absent"),
        3,
        &["value-for-absent"],
    );
}
