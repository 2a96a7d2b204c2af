//! update, describe, list, tag/untag, delete/restore, batch-get (SPEC §3).

use crate::util::*;

// Deletion dates in the future of the real clock, so that commands run
// without ARCA_TEST_NOW still see the secret as scheduled, not gone.
const NOW: &str = "2030-01-10T12:00:00Z";

/// `arca ARGS` at the given time, with a value on stdin for the commands that read one.
fn at(env: &TestEnv, now: &str, args: &[&str]) -> assert_cmd::assert::Assert {
    env.cmd()
        .env("ARCA_TEST_NOW", now)
        .args(args)
        .write_stdin("x")
        .assert()
}

#[test]
fn update_description_alone_makes_no_version() {
    let env = TestEnv::initialized();
    env.create("prod/db", b"v1");
    env.arca(&["update", "prod/db", "--description", "primary db"])
        .success();
    assert_eq!(env.version_ids("prod/db").len(), 1);
    assert_eq!(
        env.json(&["describe", "prod/db"])["Description"],
        "primary db"
    );
    assert_eq!(env.get(&["prod/db"]), b"v1");
}

#[test]
fn update_with_a_value_moves_awscurrent() {
    let env = TestEnv::initialized();
    env.create("prod/db", b"v1");
    env.arca_stdin(&["update", "prod/db"], "new").success();
    assert_eq!(env.get(&["prod/db"]), b"new");
    assert_eq!(
        env.get(&["prod/db", "--version-stage", "AWSPREVIOUS"]),
        b"v1"
    );
    env.arca_stdin(
        &[
            "update-secret",
            "--secret-id",
            "prod/db",
            "--description",
            "d",
            "--secret-string",
            "file:///dev/stdin",
        ],
        "third",
    )
    .success();
    assert_eq!(env.get(&["prod/db"]), b"third");
    assert_eq!(env.json(&["describe", "prod/db"])["Description"], "d");
}

#[test]
fn tags_overwrite_and_untag_is_forgiving() {
    let env = TestEnv::initialized();
    env.create("prod/db", b"v");
    env.arca(&["tag", "prod/db", "team=payments", "env=prod"])
        .success();
    env.arca(&[
        "tag-resource",
        "--secret-id",
        "prod/db",
        "--tags",
        "Key=env,Value=staging",
    ])
    .success();
    env.arca(&["untag", "prod/db", "team", "absent"]).success();
    let tags = env.json(&["describe", "prod/db"])["Tags"].clone();
    assert_eq!(
        tags,
        serde_json::json!([{ "Key": "env", "Value": "staging" }])
    );
}

#[test]
fn tag_limits_are_usage_errors() {
    let env = TestEnv::initialized();
    env.create("t", b"v");
    let before = env.vault_bytes();
    assert_fails(env.arca(&["tag", "t", "aws:x=1"]), 2, &[]);
    assert_fails(
        env.arca(&["tag", "t", &format!("{}=v", "k".repeat(129))]),
        2,
        &[],
    );
    assert_fails(
        env.arca(&["tag", "t", &format!("k={}", "v".repeat(257))]),
        2,
        &[],
    );
    assert_fails(env.arca(&["tag", "t", "novalue"]), 2, &[]);
    let fifty_one: Vec<String> = (0..51).map(|i| format!("k{i}=v")).collect();
    let mut args = vec!["tag", "t"];
    args.extend(fifty_one.iter().map(String::as_str));
    assert_fails(env.arca(&args), 2, &[]);
    assert_eq!(env.vault_bytes(), before);
    env.arca(&["tag", "t", &format!("{}=", "k".repeat(128))])
        .success();
    let fifty: Vec<String> = (0..49)
        .map(|i| format!("k{i}={}", "v".repeat(256)))
        .collect();
    let mut args = vec!["tag", "t"];
    args.extend(fifty.iter().map(String::as_str));
    env.arca(&args).success();
    assert_eq!(
        env.json(&["describe", "t"])["Tags"]
            .as_array()
            .unwrap()
            .len(),
        50
    );
}

fn list_names(env: &TestEnv, args: &[&str]) -> Vec<String> {
    let mut full = vec!["list"];
    full.extend_from_slice(args);
    String::from_utf8(env.get_stdout(&full))
        .unwrap()
        .lines()
        .map(|l| l.split('\t').next().unwrap().to_owned())
        .collect()
}

#[test]
fn list_filters_combine_and_negate() {
    let env = TestEnv::initialized();
    for (name, desc, tag) in [
        ("prod/db", "Primary database", "team=payments"),
        ("prod/api", "public api", "team=web"),
        ("dev/db", "scratch database", "owner=me"),
    ] {
        env.arca_stdin(&["create", name, "--description", desc, "--tag", tag], "v")
            .success();
    }
    assert_eq!(list_names(&env, &[]), ["dev/db", "prod/api", "prod/db"]);
    assert_eq!(
        list_names(&env, &["--sort", "desc"]),
        ["prod/db", "prod/api", "dev/db"]
    );
    assert_eq!(
        list_names(&env, &["--filter", "name=prod/"]),
        ["prod/api", "prod/db"]
    );
    assert_eq!(
        list_names(
            &env,
            &[
                "--filter",
                "name=prod/",
                "--filter",
                "tag-key=team",
                "--filter",
                "tag-value=pay"
            ]
        ),
        ["prod/db"]
    );
    assert_eq!(list_names(&env, &["--filter", "name=!prod/"]), ["dev/db"]);
    assert_eq!(
        list_names(&env, &["--filter", "description=primary"]),
        ["prod/db"]
    );
    assert_eq!(
        list_names(&env, &["--filter", "all=database"]),
        ["dev/db", "prod/db"]
    );
    assert_eq!(list_names(&env, &["--filter", "tag-key=!team"]), ["dev/db"]);
    assert!(list_names(&env, &["--filter", "name=Prod/"]).is_empty());
    assert_fails(env.arca(&["list", "--filter", "owner=me"]), 2, &[]);
    let doc = json_of(
        &env.arca(&["list-secrets", "--filters", "Key=name,Values=prod/db"])
            .success(),
    );
    let list = doc["SecretList"].as_array().unwrap();
    assert_eq!(list.len(), 1);
    assert_eq!(list[0]["Name"], "prod/db");
    assert_eq!(list[0]["Tags"][0]["Key"], "team");
    assert!(list[0].get("SecretString").is_none());
}

#[test]
fn the_list_table_fits_80_columns_and_never_shows_values() {
    let env = TestEnv::initialized();
    env.arca_stdin(
        &[
            "create",
            "prod/payments/stripe/api-key",
            "--description",
            "Stripe live key for the payments service",
            "--tag",
            "team=payments",
            "--tag",
            "env=prod",
        ],
        "sk_live_VALUE",
    )
    .success();
    let table = String::from_utf8(env.get_stdout(&["list", "-o", "table"])).unwrap();
    assert!(table.contains("NAME") && table.contains("STATUS"));
    for line in table.lines() {
        assert!(line.chars().count() <= 80, "wider than 80 columns: {line}");
    }
    assert!(!table.contains("sk_live_VALUE"));
}

#[test]
fn delete_schedules_30_days_out_by_default() {
    let env = TestEnv::initialized();
    env.create("prod/db", b"v");
    let out = at(&env, NOW, &["delete", "prod/db"]).success();
    assert_eq!(
        String::from_utf8(stdout(&out)).unwrap().trim(),
        "2030-02-09T12:00:00.000000+00:00"
    );
    let doc = env.json(&["describe", "prod/db"]);
    assert_eq!(doc["DeletedDate"], "2030-01-10T12:00:00.000000+00:00");
    assert_eq!(doc["DeletionDate"], "2030-02-09T12:00:00.000000+00:00");
}

#[test]
fn recovery_window_edges() {
    let env = TestEnv::initialized();
    for name in ["a", "b"] {
        env.create(name, b"v");
    }
    let before = env.vault_bytes();
    for bad in ["6", "31", "0"] {
        let err = assert_fails(
            env.arca(&["delete", "a", "--recovery-window-days", bad]),
            2,
            &[],
        );
        assert!(err.contains("7..=30"), "{err}");
    }
    assert_fails(
        env.arca(&[
            "delete",
            "a",
            "--recovery-window-days",
            "7",
            "--force-delete-without-recovery",
        ]),
        2,
        &[],
    );
    assert_eq!(env.vault_bytes(), before);
    let doc = json_of(
        &at(
            &env,
            NOW,
            &["delete", "a", "--recovery-window-days", "7", "-o", "json"],
        )
        .success(),
    );
    assert_eq!(doc["DeletionDate"], "2030-01-17T12:00:00.000000+00:00");
    assert_eq!(doc["Name"], "a");
    let doc = json_of(
        &at(
            &env,
            NOW,
            &[
                "delete-secret",
                "--secret-id",
                "b",
                "--recovery-window-in-days",
                "30",
            ],
        )
        .success(),
    );
    assert_eq!(doc["DeletionDate"], "2030-02-09T12:00:00.000000+00:00");
}

#[test]
fn a_scheduled_secret_refuses_changes_and_reads_with_a_restore_hint() {
    let env = TestEnv::initialized();
    env.create("prod/db", b"s3cr3t-value");
    at(
        &env,
        NOW,
        &["delete", "prod/db", "--recovery-window-days", "7"],
    )
    .success();
    let before = env.vault_bytes();
    for args in [
        vec!["get", "prod/db"],
        vec!["put", "prod/db"],
        vec!["update", "prod/db", "--description", "x"],
        vec!["tag", "prod/db", "a=b"],
        vec!["untag", "prod/db", "a"],
        vec!["rotate", "prod/db"],
        vec!["create", "prod/db"],
        vec!["delete", "prod/db"],
    ] {
        let err = assert_fails(at(&env, NOW, &args), 4, &["s3cr3t-value"]);
        assert!(
            err.contains("scheduled for deletion") && err.contains("2030-01-17 12:00:00 UTC"),
            "{args:?}: {err}"
        );
        assert!(err.contains("arca restore prod/db"), "{args:?}: {err}");
    }
    assert_eq!(env.vault_bytes(), before);
    at(&env, NOW, &["describe", "prod/db"]).success();
    at(&env, NOW, &["versions", "prod/db"]).success();
    assert!(list_names(&env, &[]).is_empty());
    let listed =
        String::from_utf8(env.get_stdout(&["list", "--include-planned-deletion"])).unwrap();
    assert!(
        listed.starts_with("prod/db\t")
            && listed.contains("deleting 2030-01-17T12:00:00.000000+00:00"),
        "{listed}"
    );
}

#[test]
fn restore_brings_back_every_version_and_label() {
    let env = TestEnv::initialized();
    env.create("prod/db", b"v1");
    env.put("prod/db", b"v2");
    env.arca_stdin(&["put", "prod/db", "--version-stage", "MINE"], "v3")
        .success();
    let before = env.json(&["versions", "prod/db", "--include-deprecated"]);
    env.arca(&["delete", "prod/db"]).success();
    env.arca(&["restore-secret", "--secret-id", "prod/db"])
        .success();
    assert_eq!(
        env.json(&["versions", "prod/db", "--include-deprecated"]),
        before
    );
    assert_eq!(env.get(&["prod/db"]), b"v2");
    assert!(env
        .json(&["describe", "prod/db"])
        .get("DeletedDate")
        .is_none());
    env.arca(&["restore", "prod/db"]).success();
}

#[test]
fn missing_secrets_for_delete_and_restore() {
    let env = TestEnv::initialized();
    assert_fails(env.arca(&["delete", "nope"]), 3, &[]);
    assert_fails(env.arca(&["restore", "nope"]), 3, &[]);
    let out = env
        .arca(&["delete", "nope", "--force-delete-without-recovery"])
        .success();
    assert!(stderr(&out).contains("does not exist"));
}

#[test]
fn force_delete_frees_the_name_for_a_new_id() {
    let env = TestEnv::initialized();
    let first = json_of(
        &env.arca_stdin(&["create", "tmp/x", "-o", "json"], "v")
            .success(),
    )["ARN"]
        .clone();
    env.arca(&["delete", "tmp/x", "--force-delete-without-recovery"])
        .success();
    assert_fails(env.arca(&["get", "tmp/x"]), 3, &[]);
    let second = json_of(
        &env.arca_stdin(&["create", "tmp/x", "-o", "json"], "w")
            .success(),
    )["ARN"]
        .clone();
    assert_ne!(first, second);
    assert_eq!(env.get(&["tmp/x"]), b"w");
    // A scheduled secret can be force-deleted too.
    env.arca(&["delete", "tmp/x"]).success();
    env.arca(&["delete", "tmp/x", "--force-delete-without-recovery"])
        .success();
    assert!(list_names(&env, &["--include-planned-deletion"]).is_empty());
}

#[test]
fn expired_deletions_are_gone_and_purged_on_the_next_write() {
    let env = TestEnv::initialized();
    env.create("old/secret", b"purge-me-value");
    env.create("keep", b"k");
    at(
        &env,
        NOW,
        &["delete", "old/secret", "--recovery-window-days", "7"],
    )
    .success();
    let later = "2030-01-17T12:00:01Z";
    assert_fails(at(&env, later, &["get", "old/secret"]), 3, &[]);
    assert_fails(at(&env, later, &["describe", "old/secret"]), 3, &[]);
    assert_fails(at(&env, later, &["restore", "old/secret"]), 3, &[]);
    let listed = String::from_utf8(stdout(
        &at(&env, later, &["list", "--include-planned-deletion"]).success(),
    ))
    .unwrap();
    assert!(!listed.contains("old/secret"));
    // Still in the file until a write.
    let test = "expired_deletions_are_gone_and_purged_on_the_next_write";
    if let Some(before) = payload(&env, test) {
        let payload = |env: &TestEnv| payload(env, test).unwrap();
        assert!(before.contains("old/secret"));
        at(&env, later, &["tag", "keep", "a=b"]).success();
        assert!(!payload(&env).contains("old/secret"));
    }
    // The name is free again.
    env.arca_env(
        &["create", "old/secret", "--secret-string", "new"],
        &[("ARCA_TEST_NOW", later)],
    )
    .success();
}

#[test]
fn batch_get_reports_missing_names_without_failing() {
    let env = TestEnv::initialized();
    env.create("prod/db", b"line1\nline2\n");
    env.create("prod/api", b"tok");
    env.create("gone", b"g");
    env.arca(&["delete", "gone"]).success();
    let doc = env.json(&["batch-get", "prod/db", "nope", "prod/api", "gone"]);
    let values = doc["SecretValues"].as_array().unwrap();
    assert_eq!(values.len(), 2);
    assert_eq!(values[0]["Name"], "prod/db");
    assert_eq!(values[0]["SecretString"], "line1\nline2\n");
    assert_eq!(values[0]["VersionStages"][0], "AWSCURRENT");
    let errors = doc["Errors"].as_array().unwrap();
    assert_eq!(errors.len(), 2);
    assert_eq!(errors[0]["SecretId"], "nope");
    assert_eq!(errors[0]["ErrorCode"], "ResourceNotFoundException");
    assert_eq!(errors[1]["SecretId"], "gone");

    // Text: `NAME LENGTH`, the bytes, a newline.
    let out = env.get_stdout(&["batch-get", "prod/db", "prod/api"]);
    assert_eq!(out, b"prod/db 12\nline1\nline2\n\nprod/api 3\ntok\n");
    let filtered = env.json(&["batch-get", "--filter", "name=prod/a"]);
    assert_eq!(filtered["SecretValues"].as_array().unwrap().len(), 1);
    assert_fails(env.arca(&["batch-get"]), 2, &[]);
}

#[test]
fn describe_shows_the_aws_fields_and_never_the_value() {
    let env = TestEnv::initialized();
    env.arca_stdin(
        &["create", "prod/db", "--description", "d", "--tag", "a=b"],
        "hidden-value",
    )
    .success();
    let out = env.arca(&["describe", "prod/db", "-o", "json"]).success();
    let text = String::from_utf8(stdout(&out)).unwrap();
    assert!(!text.contains("hidden-value"));
    let doc: serde_json::Value = serde_json::from_str(&text).unwrap();
    for key in [
        "ARN",
        "Name",
        "Description",
        "LastChangedDate",
        "Tags",
        "VersionIdsToStages",
        "CreatedDate",
    ] {
        assert!(doc.get(key).is_some(), "missing {key}: {doc}");
    }
    // As AWS: no rotation members until rotation is configured.
    assert!(doc.get("RotationEnabled").is_none(), "{doc}");
    assert!(is_rfc3339(doc["CreatedDate"].as_str().unwrap()));
    let stages = doc["VersionIdsToStages"].as_object().unwrap();
    assert_eq!(stages.len(), 1);
    let human = String::from_utf8(env.get_stdout(&["describe", "prod/db"])).unwrap();
    assert!(
        human.contains("Name:") && human.contains("prod/db") && !human.contains("hidden-value")
    );
}
