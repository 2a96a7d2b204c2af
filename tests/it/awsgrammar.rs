//! The AWS grammar's own contract (SPEC §8) where no AWS implementation is
//! the reference: exit codes and error lines, AWS-only concepts refused,
//! secrets with no value across both grammars, rotation through a hook.

use std::fs;

use crate::util::*;

fn stderr_of(assert: &assert_cmd::assert::Assert) -> String {
    String::from_utf8_lossy(&assert.get_output().stderr).into_owned()
}

#[test]
fn a_service_error_is_the_aws_cli_line_and_exit_254() {
    let env = TestEnv::initialized();
    env.create("s", b"v");
    let before = env.vault_bytes();
    let out = env
        .arca(&["get-secret-value", "--secret-id", "nope"])
        .code(254);
    assert_eq!(
        stderr_of(&out),
        "\nAn error occurred (ResourceNotFoundException) when calling the GetSecretValue operation: Secrets Manager can't find the specified secret.\n"
    );
    assert!(stdout(&out).is_empty());
    let out = env
        .arca(&[
            "update-secret-version-stage",
            "--secret-id",
            "s",
            "--version-stage",
            "AWSCURRENT",
            "--remove-from-version-id",
            "00000000-0000-4000-8000-000000000000",
        ])
        .code(254);
    assert!(stderr_of(&out).contains(
        "(ResourceNotFoundException) when calling the UpdateSecretVersionStage operation"
    ));
    assert_eq!(env.vault_bytes(), before, "a failed call changes nothing");
}

#[test]
fn usage_errors_are_exit_252_shaped_like_the_aws_cli() {
    let env = TestEnv::initialized();
    let out = env
        .arca(&["get-secret-value", "--secret-id", "s", "--bogus", "x"])
        .code(252);
    let err = stderr_of(&out);
    assert!(err.starts_with("usage: arca"), "{err}");
    assert!(err.ends_with("\nUnknown options: --bogus, x\n"), "{err}");
    let err = stderr_of(
        &env.arca(&["put-secret-value", "--secret-string", "x"])
            .code(252),
    );
    assert!(
        err.ends_with("arca: error: the following arguments are required: --secret-id\n"),
        "{err}"
    );
    let err = stderr_of(
        &env.arca(&[
            "delete-secret",
            "--secret-id",
            "s",
            "--recovery-window-in-days",
            "seven",
        ])
        .code(252),
    );
    assert!(err.contains("invalid int value: 'seven'"), "{err}");
    let err = stderr_of(&env.arca(&["list-secrets", "--output", "yaml"]).code(252));
    assert!(err.contains("--output"), "{err}");
    // Before the operation, arca's own -o still works.
    let out = env.get_stdout(&[
        "-o",
        "text",
        "get-random-password",
        "--password-length",
        "5",
        "--query",
        "RandomPassword",
    ]);
    assert_eq!(out.len(), 6);
    let err = stderr_of(&env.arca(&["list-secrets", "--query", "[[["]).code(252));
    assert!(err.contains("Bad value for --query"), "{err}");
    // arca's global flags still work after the operation.
    env.arca(&[
        "list-secrets",
        "--vault",
        env.vault_path().to_str().unwrap(),
    ])
    .success();
}

#[test]
fn a_vault_that_cannot_be_opened_is_arcas_error_with_exit_255() {
    let env = TestEnv::new();
    let out = env
        .arca(&["get-secret-value", "--secret-id", "s"])
        .code(255);
    let err = stderr_of(&out);
    assert!(err.starts_with("error: "), "{err}");
    assert!(!err.contains("An error occurred"), "{err}");
}

#[test]
fn aws_only_concepts_are_refused_with_what_arca_does_instead() {
    let env = TestEnv::initialized();
    let err = stderr_of(
        &env.arca(&[
            "create-secret",
            "--name",
            "k",
            "--secret-string",
            "hunter2",
            "--kms-key-id",
            "alias/x",
        ])
        .code(254),
    );
    assert!(
        err.contains("(InvalidParameterException)") && err.contains("age"),
        "{err}"
    );
    assert!(!err.contains("hunter2"));
    env.create("r", b"v");
    let err = stderr_of(
        &env.arca(&[
            "rotate-secret",
            "--secret-id",
            "r",
            "--rotation-lambda-arn",
            "arn:aws:lambda:us-east-1:1:function:f",
        ])
        .code(254),
    );
    assert!(err.contains("--hook"), "{err}");
    let err = stderr_of(
        &env.arca(&[
            "create-secret",
            "--name",
            "k",
            "--secret-string",
            "v",
            "--add-replica-regions",
            "Region=eu-west-1",
        ])
        .code(254),
    );
    assert!(err.contains("AddReplicaRegions"), "{err}");
    env.arca(&["describe-secret", "--secret-id", "k"]).code(254);
}

#[test]
fn a_secret_with_no_value_across_both_grammars() {
    let env = TestEnv::initialized();
    let created = json_of(
        &env.arca(&["create-secret", "--name", "app/empty"])
            .success(),
    );
    assert!(created.get("VersionId").is_none(), "{created}");
    env.create("app/full", b"v");
    // Short verbs: describe and list work, get is "not found".
    let doc = env.json(&["describe", "app/empty"]);
    assert!(doc.get("VersionIdsToStages").is_none(), "{doc}");
    assert_fails(env.arca(&["get", "app/empty"]), 3, &[]);
    let listed = env.json(&["list"]);
    assert_eq!(listed["SecretList"].as_array().unwrap().len(), 2);
    // exec/env: a prefix skips it, an explicit --env is exit 3.
    let out = env.get_stdout(&["env", "--prefix", "app/"]);
    assert_eq!(String::from_utf8(out).unwrap(), "export FULL='v'\n");
    assert_fails(env.arca(&["env", "--env", "E=app/empty"]), 3, &[]);
    // The short verb create still needs a value.
    assert_fails(env.arca_stdin(&["create", "other"], ""), 2, &[]);
    // The first put gets AWSCURRENT, whatever labels it asks for.
    let put = json_of(
        &env.arca(&[
            "put-secret-value",
            "--secret-id",
            "app/empty",
            "--secret-string",
            "first",
            "--version-stages",
            "MINE",
        ])
        .success(),
    );
    let mut stages: Vec<String> = serde_json::from_value(put["VersionStages"].clone()).unwrap();
    stages.sort();
    assert_eq!(stages, ["AWSCURRENT", "MINE"]);
    assert_eq!(env.get(&["app/empty"]), b"first");
}

#[test]
fn rotate_secret_runs_the_hook_named_by_hook() {
    let env = TestEnv::initialized();
    let hook = env.write_file(
        "hook.sh",
        b"#!/bin/sh\nif [ \"$ARCA_STEP\" = create ]; then printf rotated; fi\n",
    );
    set_mode(&hook, 0o755);
    let config = env.write_file(
        ".config/arca/config.toml",
        format!("[hooks.t]\ncommand = \"{}\"\n", hook.display()).as_bytes(),
    );
    set_mode(&config, 0o600);
    env.create("db", b"old");
    let out = json_of(
        &env.arca(&[
            "rotate-secret",
            "--secret-id",
            "db",
            "--hook",
            "t",
            "--rotation-rules",
            "ScheduleExpression=rate(10 days),Duration=3h",
        ])
        .success(),
    );
    assert_eq!(out["Name"], "db");
    assert_eq!(env.get(&["db"]), b"rotated");
    let doc = json_of(
        &env.arca(&["describe-secret", "--secret-id", "db"])
            .success(),
    );
    assert_eq!(doc["RotationEnabled"], true);
    assert_eq!(doc["RotationHook"], "t");
    assert_eq!(doc["RotationRules"]["ScheduleExpression"], "rate(10 days)");
    assert_eq!(doc["RotationRules"]["Duration"], "3h");
    // A hook the config lacks changes nothing.
    let before = env.vault_bytes();
    let err = stderr_of(
        &env.arca(&["rotate-secret", "--secret-id", "db", "--hook", "nope"])
            .code(254),
    );
    assert!(
        err.contains("(InvalidParameterException)") && err.contains("no hook 'nope'"),
        "{err}"
    );
    assert_eq!(env.vault_bytes(), before);
    // Cancel returns the ids and turns rotation off.
    let cancelled = json_of(
        &env.arca(&["cancel-rotate-secret", "--secret-id", "db"])
            .success(),
    );
    assert_eq!(cancelled["Name"], "db");
    assert!(cancelled["VersionId"].is_string());
}

#[test]
fn help_skeleton_and_cli_input_json() {
    let env = TestEnv::initialized();
    let help = String::from_utf8(env.get_stdout(&["create-secret", "help"])).unwrap();
    for flag in [
        "--name",
        "--secret-string",
        "--secret-binary",
        "--tags",
        "--kms-key-id",
        "--cli-input-json",
    ] {
        assert!(help.contains(flag), "{flag} in {help}");
    }
    let help = String::from_utf8(env.get_stdout(&["get-secret-value", "--help"])).unwrap();
    assert!(help.contains("--version-stage"), "{help}");
    let skeleton = json_of(
        &env.arca(&["put-secret-value", "--generate-cli-skeleton"])
            .success(),
    );
    assert_eq!(
        skeleton.as_object().unwrap().keys().collect::<Vec<_>>(),
        [
            "SecretId",
            "ClientRequestToken",
            "SecretBinary",
            "SecretString",
            "VersionStages",
            "RotationToken"
        ]
    );
    env.write_file(
        "req.json",
        br#"{"Name": "fromjson", "SecretString": "v", "Tags": [{"Key": "a", "Value": "b"}]}"#,
    );
    env.arca(&["create-secret", "--cli-input-json", "file://req.json"])
        .success();
    let doc = env.json(&["describe", "fromjson"]);
    assert_eq!(doc["Tags"], serde_json::json!([{"Key": "a", "Value": "b"}]));
    // The short verbs' JSON is the core's: list entries carry SecretVersionsToStages, dates the CLI's form.
    let list = env.json(&["list"]);
    let entry = &list["SecretList"][0];
    assert!(entry["SecretVersionsToStages"].is_object(), "{entry}");
    let date = entry["CreatedDate"].as_str().unwrap();
    assert!(
        date.ends_with("+00:00") && date.len() == "2026-11-30T14:02:54.123000+00:00".len(),
        "{date}"
    );
}

#[test]
fn text_and_table_output() {
    let env = TestEnv::initialized();
    env.arca(&[
        "create-secret",
        "--name",
        "t",
        "--secret-string",
        "v",
        "--tags",
        "Key=a,Value=b",
    ])
    .success();
    let text = String::from_utf8(env.get_stdout(&[
        "describe-secret",
        "--secret-id",
        "t",
        "--output",
        "text",
        "--query",
        "{N: Name, T: Tags}",
    ]))
    .unwrap();
    assert_eq!(text, "t\nT\ta\tb\n");
    let table = String::from_utf8(env.get_stdout(&[
        "get-secret-value",
        "--secret-id",
        "t",
        "--output",
        "table",
        "--query",
        "{Name: Name, Value: SecretString}",
    ]))
    .unwrap();
    assert_eq!(
        table,
        // Byte for byte what aws CLI 1.x prints for the same query.
        "-------------------\n| GetSecretValue  |\n+-------+---------+\n| Name  |  Value  |\n+-------+---------+\n|  t    |  v      |\n+-------+---------+\n"
    );
    assert!(fs::metadata(env.vault_path()).is_ok());
}

/// ListSecrets by name pages with a name cursor (what a sync to a replica
/// uses, so that paging through a large vault costs one listing): every
/// page follows the last name of the one before, filters apply, and the
/// other order works too; a name cursor is not an offset elsewhere.
#[test]
fn list_secrets_by_name_pages_after_the_last_name() {
    let env = TestEnv::initialized();
    for name in ["a1", "a2", "b1", "a3", "a4", "a5", "ab", "c"] {
        env.create(name, b"v");
    }
    let pages = |order: &str| {
        let mut names = Vec::new();
        let mut token: Option<String> = None;
        loop {
            let mut args = vec![
                "list-secrets",
                "--sort-by",
                "name",
                "--sort-order",
                order,
                "--max-results",
                "2",
                "--filters",
                "Key=name,Values=a",
                "--no-paginate",
            ];
            if let Some(t) = &token {
                args.extend(["--next-token", t.as_str()]);
            }
            let page = json_of(&env.arca(&args).success());
            let list = page["SecretList"].as_array().unwrap();
            assert!(list.len() <= 2, "{page}");
            names.extend(list.iter().map(|s| s["Name"].as_str().unwrap().to_owned()));
            match page["NextToken"].as_str() {
                Some(t) => token = Some(t.to_owned()),
                None => return names,
            }
        }
    };
    assert_eq!(pages("asc"), ["a1", "a2", "a3", "a4", "a5", "ab"]);
    assert_eq!(pages("desc"), ["ab", "a5", "a4", "a3", "a2", "a1"]);
    let first = json_of(
        &env.arca(&[
            "list-secrets",
            "--sort-by",
            "name",
            "--max-results",
            "2",
            "--no-paginate",
        ])
        .success(),
    );
    let token = first["NextToken"].as_str().unwrap();
    let out = env
        .arca(&["list-secrets", "--max-results", "2", "--next-token", token])
        .code(254);
    assert!(
        stderr_of(&out).contains("(InvalidNextTokenException)"),
        "{}",
        stderr_of(&out)
    );
}
