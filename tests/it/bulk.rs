//! `arca import` and `arca export`, black box.

use crate::util::{assert_fails, stderr, stdout, TestEnv};

fn write(env: &TestEnv, name: &str, text: &str) -> String {
    let path = env.write_file(name, text.as_bytes());
    path.to_string_lossy().into_owned()
}

fn get(env: &TestEnv, name: &str) -> String {
    String::from_utf8(env.get(&[name])).expect("utf-8")
}

#[test]
fn dotenv_creates_then_updates_then_leaves_alone() {
    let env = TestEnv::initialized();
    let file = write(
        &env,
        ".env",
        "# app settings\n\nexport DB_PASSWORD=\"s3cr3t\\nline2\"\nAPI_KEY=abc # comment\nTOKEN='lit$x'\n",
    );
    let out = env.arca(&["import", &file, "--format", "dotenv", "--prefix", "app/"]);
    assert!(out.get_output().status.success(), "{}", stderr(&out));
    assert_eq!(stderr(&out).trim(), "created 3, updated 0, unchanged 0");
    assert_eq!(get(&env, "app/DB_PASSWORD"), "s3cr3t\nline2");
    assert_eq!(get(&env, "app/API_KEY"), "abc");
    assert_eq!(get(&env, "app/TOKEN"), "lit$x");

    let out = env.arca(&["import", &file, "--format", "dotenv", "--prefix", "app/"]);
    assert_eq!(stderr(&out).trim(), "created 0, updated 0, unchanged 3");

    let file = write(&env, ".env2", "API_KEY=def\nNEW=1\n");
    let out = env.arca(&["import", &file, "--format", "dotenv", "--prefix", "app/"]);
    assert_eq!(stderr(&out).trim(), "created 1, updated 1, unchanged 0");
    assert_eq!(get(&env, "app/API_KEY"), "def");
    let previous = env.get(&["app/API_KEY", "--version-stage", "AWSPREVIOUS"]);
    assert_eq!(previous, b"abc");
}

#[test]
fn json_from_stdin_stores_objects_as_their_text() {
    let env = TestEnv::initialized();
    let input = br#"{"db": {"user": "u", "password": "p"}, "plain": "x y"}"#;
    let out = env.arca_stdin(&["import", "-", "--format", "json"], input);
    assert!(out.get_output().status.success(), "{}", stderr(&out));
    assert_eq!(get(&env, "db"), r#"{"user":"u","password":"p"}"#);
    assert_eq!(env.get(&["db", "--field", "password"]), b"p");
    assert_eq!(get(&env, "plain"), "x y");
}

#[test]
fn aws_batch_and_list_shapes_with_binary_description_and_tags() {
    let env = TestEnv::initialized();
    let batch = r#"{"SecretValues": [
        {"ARN": "arn:aws:secretsmanager:eu-west-1:1:secret:prod/db-AbCdEf", "Name": "prod/db",
         "VersionId": "x", "SecretString": "{\"password\":\"pw\"}", "VersionStages": ["AWSCURRENT"],
         "CreatedDate": "2024-01-01T00:00:00Z"},
        {"Name": "prod/cert", "SecretBinary": "AAECAw=="}
    ], "Errors": []}"#;
    let file = write(&env, "batch.json", batch);
    env.arca(&["import", &file, "--format", "aws"]).success();
    assert_eq!(env.get(&["prod/db", "--field", "password"]), b"pw");
    assert_eq!(env.get(&["prod/cert"]), [0, 1, 2, 3]);

    let list = r#"[{"Name": "svc/key", "SecretString": "k", "Description": "the key",
                    "Tags": [{"Key": "team", "Value": "core"}, {"Key": "env", "Value": "prod"}]}]"#;
    let file = write(&env, "list.json", list);
    env.arca(&["import", &file, "--format", "aws"]).success();
    let described = env.json(&["describe", "svc/key"]);
    assert_eq!(described["Description"], "the key");
    let tags = described["Tags"].to_string();
    assert!(tags.contains("team") && tags.contains("core"), "{tags}");
}

#[test]
fn invalid_entries_are_all_reported_and_nothing_is_written() {
    let env = TestEnv::initialized();
    env.create("keep", b"old");
    let before = env.vault_bytes();
    let file = write(
        &env,
        "bad.env",
        "GOOD=fine\nBAD KEY=topsecret1\nno equals sign topsecret2\nEMPTY=\nQUOTE=\"topsecret3\n",
    );
    let err = assert_fails(
        env.arca(&["import", &file, "--format", "dotenv"]),
        2,
        &["topsecret"],
    );
    assert!(
        err.lines()
            .next()
            .unwrap()
            .contains("4 invalid entries; nothing was imported"),
        "{err}"
    );
    for place in [
        "line 2 (BAD KEY)",
        "line 3: no '='",
        "line 4 (EMPTY)",
        "line 5 (QUOTE)",
    ] {
        assert!(err.contains(place), "{place} missing in {err}");
    }
    assert!(!err.contains("topsecret"), "{err}");
    assert_eq!(env.vault_bytes(), before);
    assert_fails(env.arca(&["get", "GOOD"]), 3, &[]);

    // One problem: one line.
    let file = write(&env, "one.json", r#"{"a": 1}"#);
    let err = assert_fails(env.arca(&["import", &file, "--format", "json"]), 2, &[]);
    assert!(err.contains("key 'a'"), "{err}");
    let err = assert_fails(
        env.arca_stdin(&["import", "-", "--format", "aws"], "{not json topsecret4"),
        2,
        &["topsecret"],
    );
    assert!(!err.contains("topsecret"));
    assert_eq!(env.vault_bytes(), before);
}

#[test]
fn a_secret_scheduled_for_deletion_stops_the_whole_import() {
    let env = TestEnv::initialized();
    env.create("gone", b"x");
    env.arca(&["delete", "gone"]).success();
    let before = env.vault_bytes();
    let err = assert_fails(
        env.arca_stdin(&["import", "-", "--format", "dotenv"], "new=1\ngone=2\n"),
        4,
        &[],
    );
    assert!(err.contains("scheduled for deletion"), "{err}");
    assert_eq!(env.vault_bytes(), before);
}

#[test]
fn dry_run_lists_changes_and_writes_nothing() {
    let env = TestEnv::initialized();
    env.create("a", b"1");
    env.create("b", b"2");
    let before = env.vault_bytes();
    let out = env.arca_stdin(
        &["import", "-", "--format", "dotenv", "--dry-run"],
        "a=1\nb=changed\nc=3\n",
    );
    assert!(out.get_output().status.success(), "{}", stderr(&out));
    assert_eq!(stdout(&out), b"create\tc\nupdate\tb\n");
    assert!(stderr(&out).contains("would create 1, update 1, leave 1 unchanged"));
    assert_eq!(env.vault_bytes(), before);
    let out = env
        .arca_stdin(
            &[
                "import",
                "-",
                "--format",
                "dotenv",
                "--dry-run",
                "-o",
                "json",
            ],
            "c=3\n",
        )
        .success();
    let json: serde_json::Value = serde_json::from_slice(&stdout(&out)).unwrap();
    assert_eq!(json["Created"][0], "c");
    assert_eq!(json["DryRun"], true);
}

#[test]
fn export_round_trips_through_import() {
    let env = TestEnv::initialized();
    let tricky = "a\"b\\c\n$HOME `x`\ttab";
    env.create("app/db-password", tricky.as_bytes());
    env.create("app/api.key", b"k");
    env.create("other", b"o");
    env.create("deleted", b"d");
    env.arca(&["delete", "deleted"]).success();

    let json = env.get_stdout(&["export", "--format", "json"]);
    let doc: serde_json::Value = serde_json::from_slice(&json).unwrap();
    assert_eq!(doc["app/db-password"], tricky);
    assert_eq!(doc.as_object().unwrap().len(), 3, "{doc}");

    let dotenv = env.get_stdout(&["export", "--format", "dotenv", "--prefix", "app/"]);
    let text = String::from_utf8(dotenv.clone()).unwrap();
    assert!(text.starts_with("API_KEY=\"k\"\nDB_PASSWORD="), "{text}");

    let other = TestEnv::initialized();
    other
        .arca_stdin(&["import", "-", "--format", "json"], json)
        .success();
    assert_eq!(get(&other, "app/db-password"), tricky);
    other
        .arca_stdin(
            &["import", "-", "--format", "dotenv", "--prefix", "env/"],
            dotenv,
        )
        .success();
    assert_eq!(get(&other, "env/DB_PASSWORD"), tricky);
}

#[test]
fn export_refuses_collisions_and_binary_values() {
    let env = TestEnv::initialized();
    env.create("db-pw", b"1");
    env.create("db.pw", b"2");
    let out = env.arca(&["export", "--format", "dotenv"]);
    assert!(stdout(&out).is_empty());
    let err = assert_fails(out, 4, &[]);
    assert!(err.contains("DB_PW"), "{err}");

    let bin = env.write_file("bin", &[0u8, 1, 2]);
    env.arca(&["create", "blob", "--binary-file", bin.to_str().unwrap()])
        .success();
    let out = env.arca(&["export", "--format", "json"]);
    assert!(stdout(&out).is_empty());
    // Exit 4, as `arca env` refuses a binary value.
    let err = assert_fails(out, 4, &[]);
    assert!(err.contains("'blob' holds binary data"));
}

#[test]
fn import_needs_a_vault() {
    let env = TestEnv::new();
    assert_fails(
        env.arca_stdin(&["import", "-", "--format", "dotenv"], "A=1\n"),
        5,
        &[],
    );
}
