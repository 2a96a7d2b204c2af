//! `arca put`: versions and the AWSCURRENT / AWSPREVIOUS dance.

use crate::util::*;

fn first_version(env: &TestEnv, name: &str) -> String {
    env.json(&["get", name])["VersionId"]
        .as_str()
        .unwrap()
        .to_owned()
}

#[test]
fn put_moves_current_and_previous_follows() {
    let env = TestEnv::initialized();
    env.create("s", b"v1");
    let v1 = first_version(&env, "s");
    let v2 = env.put("s", b"v2");
    assert_eq!(env.stages_of("s", &v2), ["AWSCURRENT"]);
    assert_eq!(env.stages_of("s", &v1), ["AWSPREVIOUS"]);
    assert_eq!(env.get(&["s"]), b"v2");
    assert_eq!(env.get(&["s", "--version-stage", "AWSPREVIOUS"]), b"v1");
    assert_eq!(env.get(&["s", "--version-id", &v1]), b"v1");

    let v3 = env.put("s", b"v3");
    assert_eq!(env.stages_of("s", &v3), ["AWSCURRENT"]);
    assert_eq!(env.stages_of("s", &v2), ["AWSPREVIOUS"]);
    assert!(env.stages_of("s", &v1).is_empty(), "v1 is deprecated");
    assert_eq!(env.get(&["s", "--version-stage", "AWSPREVIOUS"]), b"v2");
    assert_eq!(env.get(&["s", "--version-stage", "AWSCURRENT"]), b"v3");
    // Deprecated versions stay readable by id.
    assert_eq!(env.get(&["s", "--version-id", &v1]), b"v1");
}

#[test]
fn put_with_a_custom_label_leaves_current_alone() {
    let env = TestEnv::initialized();
    env.create("s", b"v1");
    let v1 = first_version(&env, "s");
    let out = env
        .arca_stdin(
            &["put", "s", "--version-stage", "MYLABEL", "-o", "json"],
            "v2",
        )
        .success();
    let doc = json_of(&out);
    assert_eq!(doc["VersionStages"], serde_json::json!(["MYLABEL"]));
    let v2 = doc["VersionId"].as_str().unwrap();
    assert_eq!(env.get(&["s"]), b"v1");
    assert_eq!(env.stages_of("s", &v1), ["AWSCURRENT"]);
    assert_eq!(env.get(&["s", "--version-stage", "MYLABEL"]), b"v2");
    assert_eq!(env.stages_of("s", v2), ["MYLABEL"]);

    // Two labels at once, one of them AWSCURRENT.
    let out = env
        .arca_stdin(
            &[
                "put",
                "s",
                "--version-stage",
                "AWSCURRENT",
                "--version-stage",
                "MYLABEL",
                "-o",
                "json",
            ],
            "v3",
        )
        .success();
    let v3 = json_of(&out)["VersionId"].as_str().unwrap().to_owned();
    assert_eq!(env.stages_of("s", &v3), ["AWSCURRENT", "MYLABEL"]);
    assert_eq!(env.stages_of("s", &v1), ["AWSPREVIOUS"]);
    assert!(env.stages_of("s", v2).is_empty());
}

#[test]
fn a_missing_label_is_exit_3() {
    let env = TestEnv::initialized();
    env.create("s", b"v1");
    let err = assert_fails(
        env.arca(&["get", "s", "--version-stage", "AWSPREVIOUS"]),
        3,
        &["v1"],
    );
    assert!(err.contains("AWSPREVIOUS"), "{err}");
    assert_fails(env.arca(&["get", "s", "--version-id", "nope"]), 3, &["v1"]);
    assert_fails(
        env.arca(&["get", "s", "--version-id", "a", "--version-stage", "b"]),
        2,
        &[],
    );
}

#[test]
fn a_client_request_token_makes_put_idempotent() {
    let env = TestEnv::initialized();
    env.create("s", b"v1");
    let token = "0f8fad5b-d9cb-469f-a165-70867728950e";
    let doc = json_of(
        &env.arca_stdin(
            &["put", "s", "--client-request-token", token, "-o", "json"],
            "tok-value",
        )
        .success(),
    );
    assert_eq!(doc["VersionId"], token);
    let after_first = env.version_ids("s");
    assert_eq!(after_first.len(), 2);

    // The same call again: one version, same labels.
    env.arca_stdin(&["put", "s", "--client-request-token", token], "tok-value")
        .success();
    assert_eq!(env.version_ids("s"), after_first);
    assert_eq!(env.stages_of("s", token), ["AWSCURRENT"]);
    assert_eq!(env.get(&["s", "--version-id", token]), b"tok-value");

    // The same token with another value: conflict, nothing changes.
    let before = env.vault_bytes();
    let err = assert_fails(
        env.arca_stdin(
            &["put", "s", "--client-request-token", token],
            "different-value",
        ),
        4,
        &["different-value", "tok-value"],
    );
    assert!(err.contains(token), "names the version: {err}");
    assert_eq!(env.vault_bytes(), before);
    assert_eq!(env.get(&["s"]), b"tok-value");
}

#[test]
fn create_with_a_client_request_token_is_idempotent_too() {
    let env = TestEnv::initialized();
    let token = "c".repeat(32);
    env.arca_stdin(&["create", "s", "--client-request-token", &token], "v")
        .success();
    let before = env.vault_bytes();
    env.arca_stdin(&["create", "s", "--client-request-token", &token], "v")
        .success();
    assert_eq!(
        env.vault_bytes(),
        before,
        "a repeated create writes nothing"
    );
    assert_eq!(env.version_ids("s"), std::slice::from_ref(&token));
    assert_fails(
        env.arca_stdin(&["create", "s", "--client-request-token", &token], "w"),
        4,
        &[],
    );
}

#[test]
fn a_token_of_the_wrong_length_is_exit_2() {
    let env = TestEnv::initialized();
    env.create("s", b"v1");
    let before = env.vault_bytes();
    for token in [
        "t".repeat(31),
        "t".repeat(65),
        "has space in it and is long enough....".to_owned(),
    ] {
        assert_fails(
            env.arca_stdin(&["put", "s", "--client-request-token", &token], "tv"),
            2,
            &[],
        );
        assert_fails(
            env.arca_stdin(&["create", "n", "--client-request-token", &token], "tv"),
            2,
            &[],
        );
    }
    assert_eq!(env.vault_bytes(), before);
    // The bounds themselves are fine.
    env.arca_stdin(
        &["put", "s", "--client-request-token", &"a".repeat(32)],
        "x",
    )
    .success();
    env.arca_stdin(
        &["put", "s", "--client-request-token", &"b".repeat(64)],
        "y",
    )
    .success();
}

#[test]
fn at_most_100_versions_are_kept_dropping_the_oldest_deprecated() {
    let env = TestEnv::initialized();
    env.create("s", b"v0");
    let v0 = first_version(&env, "s");
    let mut ids = vec![v0];
    for i in 1..=101 {
        ids.push(env.put("s", format!("v{i}").as_bytes()));
    }
    // 102 versions were made; the two oldest (deprecated) ones are gone.
    let kept = env.version_ids("s");
    assert_eq!(kept.len(), 100);
    let mut expected: Vec<String> = ids[2..].to_vec();
    expected.reverse();
    assert_eq!(kept, expected, "newest first, the two oldest dropped");
    assert_fails(env.arca(&["get", "s", "--version-id", &ids[0]]), 3, &[]);
    assert_fails(env.arca(&["get", "s", "--version-id", &ids[1]]), 3, &[]);
    assert_eq!(env.get(&["s", "--version-id", &ids[2]]), b"v2");
    assert_eq!(env.get(&["s"]), b"v101");
    assert_eq!(env.get(&["s", "--version-stage", "AWSPREVIOUS"]), b"v100");
    // Without --include-deprecated only the labelled two.
    let labelled = env.json(&["versions", "s"]);
    assert_eq!(labelled["Versions"].as_array().unwrap().len(), 2);
}

#[test]
fn a_labelled_old_version_survives_the_pruning() {
    let env = TestEnv::initialized();
    env.create("s", b"v0");
    let v0 = first_version(&env, "s");
    env.arca(&["stage", "s", "KEEP", "--move-to", &v0])
        .success();
    for i in 1..=100 {
        env.put("s", format!("v{i}").as_bytes());
    }
    let kept = env.version_ids("s");
    assert_eq!(kept.len(), 100);
    assert!(kept.contains(&v0), "the labelled first version is kept");
    assert_eq!(env.get(&["s", "--version-stage", "KEEP"]), b"v0");
}
