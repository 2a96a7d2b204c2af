//! `arca stage`: AWS UpdateSecretVersionStage rules.

use crate::util::*;

/// A secret with versions v1 (AWSPREVIOUS) and v2 (AWSCURRENT).
fn two_versions(env: &TestEnv) -> (String, String) {
    env.create("s", b"v1");
    let v1 = env.json(&["get", "s"])["VersionId"]
        .as_str()
        .unwrap()
        .to_owned();
    let v2 = env.put("s", b"v2");
    (v1, v2)
}

#[test]
fn a_custom_label_can_be_placed_moved_and_removed() {
    let env = TestEnv::initialized();
    let (v1, v2) = two_versions(&env);
    env.arca(&["stage", "s", "MINE", "--move-to", &v1])
        .success();
    assert_eq!(env.stages_of("s", &v1), ["AWSPREVIOUS", "MINE"]);
    assert_eq!(env.get(&["s", "--version-stage", "MINE"]), b"v1");

    env.arca(&["stage", "s", "MINE", "--move-to", &v2, "--remove-from", &v1])
        .success();
    assert_eq!(env.stages_of("s", &v1), ["AWSPREVIOUS"]);
    assert_eq!(env.stages_of("s", &v2), ["AWSCURRENT", "MINE"]);

    env.arca(&["stage", "s", "MINE", "--remove-from", &v2])
        .success();
    assert_eq!(env.stages_of("s", &v2), ["AWSCURRENT"]);
    assert_fails(env.arca(&["get", "s", "--version-stage", "MINE"]), 3, &[]);
}

#[test]
fn moving_a_label_held_elsewhere_needs_remove_from() {
    let env = TestEnv::initialized();
    let (v1, v2) = two_versions(&env);
    env.arca(&["stage", "s", "MINE", "--move-to", &v1])
        .success();
    let before = env.vault_bytes();
    let err = assert_fails(env.arca(&["stage", "s", "MINE", "--move-to", &v2]), 4, &[]);
    assert!(err.contains("--remove-from"), "says what to do: {err}");
    // --remove-from naming a version that does not hold it is a conflict too.
    assert_fails(
        env.arca(&["stage", "s", "MINE", "--move-to", &v2, "--remove-from", &v2]),
        4,
        &[],
    );
    assert_fails(
        env.arca(&["stage", "s", "MINE", "--remove-from", &v2]),
        4,
        &[],
    );
    assert_eq!(env.vault_bytes(), before);
}

#[test]
fn awscurrent_cannot_be_removed() {
    let env = TestEnv::initialized();
    let (_v1, v2) = two_versions(&env);
    let before = env.vault_bytes();
    let err = assert_fails(
        env.arca(&["stage", "s", "AWSCURRENT", "--remove-from", &v2]),
        4,
        &[],
    );
    assert!(err.contains("AWSCURRENT"), "{err}");
    assert_eq!(env.vault_bytes(), before);
}

#[test]
fn moving_awscurrent_sets_awsprevious() {
    let env = TestEnv::initialized();
    let (v1, v2) = two_versions(&env);
    let v3 = env.put("s", b"v3");
    // Roll back to v1.
    env.arca(&[
        "stage",
        "s",
        "AWSCURRENT",
        "--move-to",
        &v1,
        "--remove-from",
        &v3,
    ])
    .success();
    assert_eq!(env.stages_of("s", &v1), ["AWSCURRENT"]);
    assert_eq!(env.stages_of("s", &v3), ["AWSPREVIOUS"]);
    assert!(env.stages_of("s", &v2).is_empty());
    assert_eq!(env.get(&["s"]), b"v1");
    assert_eq!(env.get(&["s", "--version-stage", "AWSPREVIOUS"]), b"v3");
    // Without --remove-from it is the same conflict as any label.
    assert_fails(
        env.arca(&["stage", "s", "AWSCURRENT", "--move-to", &v2]),
        4,
        &[],
    );
}

#[test]
fn an_unknown_version_is_exit_3() {
    let env = TestEnv::initialized();
    let (v1, _v2) = two_versions(&env);
    let before = env.vault_bytes();
    let nope = "00000000-0000-4000-8000-000000000000";
    let err = assert_fails(env.arca(&["stage", "s", "MINE", "--move-to", nope]), 3, &[]);
    assert!(err.contains(nope), "{err}");
    assert_fails(
        env.arca(&[
            "stage",
            "s",
            "AWSPREVIOUS",
            "--move-to",
            &v1,
            "--remove-from",
            nope,
        ]),
        3,
        &[],
    );
    assert_eq!(env.vault_bytes(), before);
}

#[test]
fn stage_needs_move_to_or_remove_from_and_a_sane_label() {
    let env = TestEnv::initialized();
    let (v1, _) = two_versions(&env);
    assert_fails(env.arca(&["stage", "s", "MINE"]), 2, &[]);
    assert_fails(
        env.arca(&["stage", "s", "has space", "--move-to", &v1]),
        2,
        &[],
    );
    assert_fails(
        env.arca(&["stage", "s", &"L".repeat(257), "--move-to", &v1]),
        2,
        &[],
    );
}
