//! `arca import` and `arca export`, black box.

mod bulk_support;

use bulk_support::{assert_fails, stderr, stdout, Env};

fn write(env: &Env, name: &str, text: &str) -> String {
    let path = env.root().join(name);
    std::fs::write(&path, text).expect("write input");
    path.to_string_lossy().into_owned()
}

fn get(env: &Env, name: &str) -> String {
    String::from_utf8(env.ok(&["get", name], b"")).expect("utf-8")
}

#[test]
fn dotenv_creates_then_updates_then_leaves_alone() {
    let env = Env::new();
    let file = write(
        &env,
        ".env",
        "# app settings\n\nexport DB_PASSWORD=\"s3cr3t\\nline2\"\nAPI_KEY=abc # comment\nTOKEN='lit$x'\n",
    );
    let out = env.run(
        &["import", &file, "--format", "dotenv", "--prefix", "app/"],
        b"",
    );
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(stderr(&out).trim(), "created 3, updated 0, unchanged 0");
    assert_eq!(get(&env, "app/DB_PASSWORD"), "s3cr3t\nline2");
    assert_eq!(get(&env, "app/API_KEY"), "abc");
    assert_eq!(get(&env, "app/TOKEN"), "lit$x");

    let out = env.run(
        &["import", &file, "--format", "dotenv", "--prefix", "app/"],
        b"",
    );
    assert_eq!(stderr(&out).trim(), "created 0, updated 0, unchanged 3");

    let file = write(&env, ".env2", "API_KEY=def\nNEW=1\n");
    let out = env.run(
        &["import", &file, "--format", "dotenv", "--prefix", "app/"],
        b"",
    );
    assert_eq!(stderr(&out).trim(), "created 1, updated 1, unchanged 0");
    assert_eq!(get(&env, "app/API_KEY"), "def");
    let previous = env.ok(
        &["get", "app/API_KEY", "--version-stage", "AWSPREVIOUS"],
        b"",
    );
    assert_eq!(previous, b"abc");
}

#[test]
fn json_from_stdin_stores_objects_as_their_text() {
    let env = Env::new();
    let input = br#"{"db": {"user": "u", "password": "p"}, "plain": "x y"}"#;
    let out = env.run(&["import", "-", "--format", "json"], input);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(get(&env, "db"), r#"{"user":"u","password":"p"}"#);
    assert_eq!(env.ok(&["get", "db", "--field", "password"], b""), b"p");
    assert_eq!(get(&env, "plain"), "x y");
}

#[test]
fn aws_batch_and_list_shapes_with_binary_description_and_tags() {
    let env = Env::new();
    let batch = r#"{"SecretValues": [
        {"ARN": "arn:aws:secretsmanager:eu-west-1:1:secret:prod/db-AbCdEf", "Name": "prod/db",
         "VersionId": "x", "SecretString": "{\"password\":\"pw\"}", "VersionStages": ["AWSCURRENT"],
         "CreatedDate": "2024-01-01T00:00:00Z"},
        {"Name": "prod/cert", "SecretBinary": "AAECAw=="}
    ], "Errors": []}"#;
    let file = write(&env, "batch.json", batch);
    env.ok(&["import", &file, "--format", "aws"], b"");
    assert_eq!(
        env.ok(&["get", "prod/db", "--field", "password"], b""),
        b"pw"
    );
    assert_eq!(env.ok(&["get", "prod/cert"], b""), [0, 1, 2, 3]);

    let list = r#"[{"Name": "svc/key", "SecretString": "k", "Description": "the key",
                    "Tags": [{"Key": "team", "Value": "core"}, {"Key": "env", "Value": "prod"}]}]"#;
    let file = write(&env, "list.json", list);
    env.ok(&["import", &file, "--format", "aws"], b"");
    let described: serde_json::Value =
        serde_json::from_slice(&env.ok(&["describe", "svc/key", "-o", "json"], b"")).unwrap();
    assert_eq!(described["Description"], "the key");
    let tags = described["Tags"].to_string();
    assert!(tags.contains("team") && tags.contains("core"), "{tags}");
}

#[test]
fn invalid_entries_are_all_reported_and_nothing_is_written() {
    let env = Env::new();
    env.ok(&["create", "keep"], b"old");
    let before = std::fs::read(env.vault()).unwrap();
    let file = write(
        &env,
        "bad.env",
        "GOOD=fine\nBAD KEY=topsecret1\nno equals sign topsecret2\nEMPTY=\nQUOTE=\"topsecret3\n",
    );
    let out = env.run(&["import", &file, "--format", "dotenv"], b"");
    assert_fails(&out, 2);
    let err = stderr(&out);
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
    assert_eq!(std::fs::read(env.vault()).unwrap(), before);
    assert_fails(&env.run(&["get", "GOOD"], b""), 3);

    // One problem: one line.
    let file = write(&env, "one.json", r#"{"a": 1}"#);
    let out = env.run(&["import", &file, "--format", "json"], b"");
    assert_fails(&out, 2);
    assert!(stderr(&out).contains("key 'a'"), "{}", stderr(&out));
    let out = env.run(&["import", "-", "--format", "aws"], b"{not json topsecret4");
    assert_fails(&out, 2);
    assert!(!stderr(&out).contains("topsecret"));
    assert_eq!(std::fs::read(env.vault()).unwrap(), before);
}

#[test]
fn a_secret_scheduled_for_deletion_stops_the_whole_import() {
    let env = Env::new();
    env.ok(&["create", "gone"], b"x");
    env.ok(&["delete", "gone"], b"");
    let before = std::fs::read(env.vault()).unwrap();
    let out = env.run(&["import", "-", "--format", "dotenv"], b"new=1\ngone=2\n");
    assert_fails(&out, 4);
    assert!(
        stderr(&out).contains("scheduled for deletion"),
        "{}",
        stderr(&out)
    );
    assert_eq!(std::fs::read(env.vault()).unwrap(), before);
}

#[test]
fn dry_run_lists_changes_and_writes_nothing() {
    let env = Env::new();
    env.ok(&["create", "a"], b"1");
    env.ok(&["create", "b"], b"2");
    let before = std::fs::read(env.vault()).unwrap();
    let out = env.run(
        &["import", "-", "--format", "dotenv", "--dry-run"],
        b"a=1\nb=changed\nc=3\n",
    );
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(stdout(&out), "create\tc\nupdate\tb\n");
    assert!(stderr(&out).contains("would create 1, update 1, leave 1 unchanged"));
    assert_eq!(std::fs::read(env.vault()).unwrap(), before);
    let json: serde_json::Value = serde_json::from_slice(&env.ok(
        &[
            "import",
            "-",
            "--format",
            "dotenv",
            "--dry-run",
            "-o",
            "json",
        ],
        b"c=3\n",
    ))
    .unwrap();
    assert_eq!(json["Created"][0], "c");
    assert_eq!(json["DryRun"], true);
}

#[test]
fn export_round_trips_through_import() {
    let env = Env::new();
    let tricky = "a\"b\\c\n$HOME `x`\ttab";
    env.ok(&["create", "app/db-password"], tricky.as_bytes());
    env.ok(&["create", "app/api.key"], b"k");
    env.ok(&["create", "other"], b"o");
    env.ok(&["create", "deleted"], b"d");
    env.ok(&["delete", "deleted"], b"");

    let json = env.ok(&["export", "--format", "json"], b"");
    let doc: serde_json::Value = serde_json::from_slice(&json).unwrap();
    assert_eq!(doc["app/db-password"], tricky);
    assert_eq!(doc.as_object().unwrap().len(), 3, "{doc}");

    let dotenv = env.ok(&["export", "--format", "dotenv", "--prefix", "app/"], b"");
    let text = String::from_utf8(dotenv.clone()).unwrap();
    assert!(text.starts_with("API_KEY=\"k\"\nDB_PASSWORD="), "{text}");

    let other = Env::new();
    other.ok(&["import", "-", "--format", "json"], &json);
    assert_eq!(get(&other, "app/db-password"), tricky);
    other.ok(
        &["import", "-", "--format", "dotenv", "--prefix", "env/"],
        &dotenv,
    );
    assert_eq!(get(&other, "env/DB_PASSWORD"), tricky);
}

#[test]
fn export_refuses_collisions_and_binary_values() {
    let env = Env::new();
    env.ok(&["create", "db-pw"], b"1");
    env.ok(&["create", "db.pw"], b"2");
    let out = env.run(&["export", "--format", "dotenv"], b"");
    assert_fails(&out, 4);
    assert!(stderr(&out).contains("DB_PW"), "{}", stderr(&out));
    assert!(out.stdout.is_empty());

    let bin = env.root().join("bin");
    std::fs::write(&bin, [0u8, 1, 2]).unwrap();
    env.ok(
        &["create", "blob", "--binary-file", bin.to_str().unwrap()],
        b"",
    );
    let out = env.run(&["export", "--format", "json"], b"");
    assert_fails(&out, 1);
    assert!(stderr(&out).contains("'blob' holds binary data"));
    assert!(out.stdout.is_empty());
}

#[test]
fn import_needs_a_vault() {
    let env = Env::bare();
    let out = env.run(&["import", "-", "--format", "dotenv"], b"A=1\n");
    assert_fails(&out, 5);
}
