//! `arca remote`, `sync`, `push`, `pull` with vault remotes (replicas):
//! the real binary on real vault files. The AWS transport's end-to-end
//! tests (moto_server) live with it; the rules shared by both transports
//! (ownership, pull-only, recovery windows) are unit-tested in
//! src/sync/plan/tests.rs.

use std::fs;
use std::path::{Path, PathBuf};

use serde_json::Value as Json;

use crate::util::*;

const REPLICA: &str = "ci.vault.age";

fn replica(env: &TestEnv) -> PathBuf {
    env.path(REPLICA)
}

/// `arca --vault PATH ARGS -o json`.
fn json_in(env: &TestEnv, vault: &Path, args: &[&str]) -> Json {
    let mut full = vec!["--vault", vault.to_str().unwrap()];
    full.extend_from_slice(args);
    env.json(&full)
}

fn versions(env: &TestEnv, vault: &Path, name: &str) -> Vec<(String, Vec<String>)> {
    let doc = json_in(env, vault, &["versions", name, "--include-deprecated"]);
    let mut out: Vec<(String, Vec<String>)> = doc["Versions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| {
            let mut stages: Vec<String> = v["VersionStages"]
                .as_array()
                .unwrap()
                .iter()
                .map(|s| s.as_str().unwrap().to_owned())
                .collect();
            stages.sort();
            (v["VersionId"].as_str().unwrap().to_owned(), stages)
        })
        .collect();
    out.sort();
    out
}

fn value_in(env: &TestEnv, vault: &Path, name: &str, version: &str) -> Vec<u8> {
    env.get_stdout(&[
        "--vault",
        vault.to_str().unwrap(),
        "get",
        name,
        "--version-id",
        version,
    ])
}

/// A primary with a text secret (three versions, a custom label, a
/// description and tags), a binary one, and one outside the prefix.
fn populated() -> TestEnv {
    let env = TestEnv::initialized();
    env.arca_stdin(
        &[
            "create",
            "app/db",
            "--description",
            "the db",
            "--tag",
            "team=x",
            "--tag",
            "ci=yes",
        ],
        "v1\n",
    )
    .success();
    env.put("app/db", b"v2");
    env.arca_stdin(&["put", "app/db", "--version-stage", "CANARY"], "v3")
        .success();
    let bin = env.write_file("bin", b"\x00\x01\xffbytes");
    env.arca(&["create", "app/bin", "--binary-file", bin.to_str().unwrap()])
        .success();
    env.create("other/x", b"not synced");
    env
}

fn add_replica(env: &TestEnv, extra: &[&str]) {
    let path = replica(env);
    let mut args = vec![
        "remote",
        "add",
        "ci",
        "vault",
        path.to_str().unwrap(),
        "--prefix",
        "app/",
    ];
    args.extend_from_slice(extra);
    env.arca(&args).success();
}

fn plan(env: &TestEnv, verb: &str) -> Json {
    env.json(&[verb, "ci", "--dry-run"])
}

#[test]
fn push_to_a_replica_keeps_ids_bytes_kinds_labels_descriptions_and_tags() {
    let env = populated();
    add_replica(&env, &[]);
    let changed = env.json(&["describe", "app/db"])["LastChangedDate"].clone();
    let out = env.arca(&["push", "ci"]).success();
    // Recording the sync state is no change to the secret.
    assert_eq!(
        env.json(&["describe", "app/db"])["LastChangedDate"],
        changed
    );
    let text = String::from_utf8(stdout(&out)).unwrap();
    assert!(text.contains("app/db\tsynced"), "{text}");
    let (primary, replica) = (env.vault_path(), replica(&env));
    for name in ["app/db", "app/bin"] {
        let ours = versions(&env, &primary, name);
        assert_eq!(ours, versions(&env, &replica, name), "{name}");
        for (id, _) in &ours {
            assert_eq!(
                value_in(&env, &primary, name, id),
                value_in(&env, &replica, name, id)
            );
        }
    }
    assert!(versions(&env, &replica, "app/db")
        .iter()
        .any(|(_, s)| s == &["CANARY".to_owned()]));
    // Binary stays binary, text stays text.
    let bin = json_in(&env, &replica, &["get", "app/bin"]);
    assert!(bin.get("SecretBinary").is_some() && bin.get("SecretString").is_none());
    let db = json_in(&env, &replica, &["describe", "app/db"]);
    assert_eq!(db["Description"], "the db");
    let tags: Vec<(String, String)> = db["Tags"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| {
            (
                t["Key"].as_str().unwrap().into(),
                t["Value"].as_str().unwrap().into(),
            )
        })
        .collect();
    let owner = format!("{}#ci", primary.display());
    assert_eq!(
        tags,
        [
            ("arca:managed".into(), owner),
            ("ci".into(), "yes".into()),
            ("team".into(), "x".into())
        ]
    );
    // Only the prefix: other/x stays home.
    env.arca(&["--vault", replica.to_str().unwrap(), "describe", "other/x"])
        .code(3);
    // The ownership tag never comes back into the primary.
    let ours = env.json(&["describe", "app/db"]);
    assert!(!ours["Tags"].to_string().contains("arca:managed"));
}

#[test]
fn a_second_run_plans_nothing_and_writes_nothing() {
    let env = populated();
    add_replica(&env, &[]);
    env.arca(&["sync", "ci"]).success();
    let doc = plan(&env, "sync");
    assert_eq!(doc["Secrets"], serde_json::json!([]), "{doc}");
    let (primary, replica) = (env.vault_bytes(), fs::read(replica(&env)).unwrap());
    let before = env.listing(env.home());
    let vault_dir = env.listing(&env.vault_dir());
    for verb in ["sync", "push", "pull"] {
        let out = env.arca(&[verb, "ci"]).success();
        assert!(stdout(&out).is_empty(), "{verb} printed a change");
    }
    assert_eq!(env.vault_bytes(), primary);
    assert_eq!(fs::read(self::replica(&env)).unwrap(), replica);
    // Not even rewritten with the same bytes (mtimes are unchanged).
    let after = env.listing(env.home());
    let replica_entry = |l: &Vec<(String, u64, std::time::SystemTime)>| {
        l.iter().find(|e| e.0 == REPLICA).cloned().unwrap()
    };
    assert_eq!(replica_entry(&before), replica_entry(&after));
    assert_eq!(env.listing(&env.vault_dir()), vault_dir);
}

#[test]
fn the_plan_names_versions_and_labels_never_values() {
    let env = populated();
    add_replica(&env, &[]);
    let out = env
        .arca(&["push", "ci", "--dry-run", "-o", "json"])
        .success();
    let all = [stdout(&out), out.get_output().stderr.clone()].concat();
    let text = String::from_utf8_lossy(&all);
    for value in ["v1", "v2", "v3", "bytes", "AAH/Ynl0ZXM="] {
        assert!(!text.contains(value), "the plan shows a value: {value}");
    }
    let doc: Json = serde_json::from_slice(&stdout(&out)).unwrap();
    let db = doc["Secrets"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["Name"] == "app/db")
        .unwrap();
    assert_eq!(db["Pushed"].as_array().unwrap().len(), 3);
    assert_eq!(db["RemoteOperations"][0]["Operation"], "CreateSecret");
    // A dry run changes nothing: no replica file yet.
    assert!(!replica(&env).exists());
}

/// Two primaries (two vault files, one identity) sharing one replica.
fn second_vault(env: &TestEnv) -> PathBuf {
    let other = env.path("b.vault.age");
    let key = env.identity_text();
    let public = key
        .lines()
        .find_map(|l| l.strip_prefix("# public key: "))
        .unwrap()
        .to_owned();
    env.arca(&[
        "--vault",
        other.to_str().unwrap(),
        "init",
        "--recipient",
        &public,
    ])
    .success();
    other
}

fn in_vault<'a>(vault: &'a Path, args: &[&'a str]) -> Vec<&'a str> {
    let mut full = vec!["--vault", vault.to_str().unwrap()];
    full.extend_from_slice(args);
    full
}

#[test]
fn pull_and_sync_carry_changes_between_two_vaults_through_a_replica() {
    let env = populated();
    add_replica(&env, &[]);
    env.arca(&["push", "ci"]).success();
    let b = second_vault(&env);
    env.arca(&in_vault(&b, &["pull", "ci"])).success();
    assert_eq!(
        versions(&env, &b, "app/db"),
        versions(&env, &env.vault_path(), "app/db")
    );
    assert!(!json_in(&env, &b, &["describe", "app/db"])["Tags"]
        .to_string()
        .contains("arca:managed"));
    // B changes it and syncs; A pulls the change.
    let out = env
        .arca_stdin(&in_vault(&b, &["put", "app/db", "-o", "json"]), "from b")
        .success();
    let new_id = json_of(&out)["VersionId"].as_str().unwrap().to_owned();
    env.arca(&in_vault(&b, &["tag", "app/db", "env=prod"]))
        .success();
    env.arca(&in_vault(&b, &["sync", "ci"])).success();
    let out = env.arca(&["pull", "ci"]).success();
    assert!(String::from_utf8(stdout(&out)).unwrap().contains(&new_id));
    assert_eq!(env.get(&["app/db"]), b"from b");
    assert_eq!(env.get(&["app/db", "--version-id", &new_id]), b"from b");
    assert!(env.json(&["describe", "app/db"])["Tags"]
        .to_string()
        .contains("env"));
    // Everyone agrees now: nothing left to do on either side.
    assert_eq!(plan(&env, "sync")["Secrets"], serde_json::json!([]));
    assert_eq!(
        env.json(&in_vault(&b, &["sync", "ci", "--dry-run"]))["Secrets"],
        serde_json::json!([])
    );
}

#[test]
fn conflicts_exit_4_and_leave_both_sides_as_they_were() {
    let env = populated();
    add_replica(&env, &[]);
    env.arca(&["push", "ci"]).success();
    let b = second_vault(&env);
    env.arca(&in_vault(&b, &["pull", "ci"])).success();
    // AWSCURRENT moved on both sides, and the same version id with other bytes.
    let token = "0123456789abcdef0123456789abcdef";
    env.arca_stdin(&["put", "app/db", "--client-request-token", token], "a")
        .success();
    env.arca_stdin(
        &in_vault(&b, &["put", "app/db", "--client-request-token", token]),
        "b",
    )
    .success();
    env.put("app/bin", b"a-bin");
    env.arca_stdin(&in_vault(&b, &["put", "app/bin"]), "b-bin")
        .success();
    env.arca(&["push", "ci"]).success();
    let (b_before, replica_before) = (fs::read(&b).unwrap(), fs::read(replica(&env)).unwrap());
    let out = env.arca(&in_vault(&b, &["sync", "ci"])).code(4);
    let err = String::from_utf8(out.get_output().stderr.clone()).unwrap();
    assert!(
        err.contains("error: changed on both sides, left as they are on both: app/bin, app/db\nhint: --prefer"),
        "{err}"
    );
    let text = String::from_utf8(stdout(&out)).unwrap();
    assert!(text.contains("app/db\tconflict"), "{text}");
    assert!(
        text.contains(&format!("version {token}")) || text.contains(token),
        "{text}"
    );
    assert!(
        text.contains("app/bin\tconflict") && text.contains("AWSCURRENT"),
        "{text}"
    );
    assert_eq!(
        fs::read(&b).unwrap(),
        b_before,
        "the conflicting vault changed"
    );
    assert_eq!(
        fs::read(replica(&env)).unwrap(),
        replica_before,
        "the replica changed"
    );
    // --prefer remote settles what it can: bin takes the replica's label;
    // db's version keeps the remote's bytes, B's moved to a new id.
    env.arca(&in_vault(&b, &["sync", "ci", "--prefer", "remote"]))
        .success();
    assert_eq!(env.get_stdout(&in_vault(&b, &["get", "app/bin"])), b"a-bin");
    assert_eq!(
        env.get_stdout(&in_vault(&b, &["get", "app/db", "--version-id", token])),
        b"a"
    );
    assert_eq!(
        env.json(&in_vault(&b, &["sync", "ci", "--dry-run"]))["Secrets"],
        serde_json::json!([])
    );
}

#[test]
fn prune_carries_a_deletion_with_a_recovery_window() {
    let env = populated();
    add_replica(&env, &[]);
    env.arca(&["push", "ci"]).success();
    env.arca(&["delete", "app/bin", "--recovery-window-days", "9"])
        .success();
    let out = env.arca(&["push", "ci"]).success();
    assert!(String::from_utf8(stdout(&out)).unwrap().contains("--prune"));
    assert!(json_in(&env, &replica(&env), &["describe", "app/bin"])
        .get("DeletionDate")
        .is_none());
    env.arca(&["push", "ci", "--prune"]).success();
    let doc = json_in(&env, &replica(&env), &["describe", "app/bin"]);
    let (asked, gone) = (
        doc["DeletedDate"].as_str().unwrap(),
        doc["DeletionDate"].as_str().unwrap(),
    );
    let days = |d: &str| d.parse::<jiff::Timestamp>().unwrap();
    assert_eq!((days(gone) - days(asked)).get_seconds(), 9 * 86_400);
    assert_eq!(plan(&env, "push")["Secrets"], serde_json::json!([]));
}

#[test]
fn filter_selects_by_tag_and_prefix_by_name() {
    let env = populated();
    add_replica(&env, &["--filter", "tag-key=ci"]);
    env.arca(&["push", "ci"]).success();
    let names: Vec<String> = json_in(&env, &replica(&env), &["list"])["SecretList"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["Name"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(names, ["app/db"]);
    // NAMES limit a run further; one outside the scope is not found.
    env.arca(&["push", "ci", "other/x"]).code(3);
    // Untagged here but tagged in the replica: still the same secret, both
    // copies merged (the untag travels), never replaced by a pull.
    env.put("app/db", b"newer");
    env.arca(&["untag", "app/db", "ci"]).success();
    env.arca(&["sync", "ci"]).success();
    assert_eq!(env.get(&["app/db"]), b"newer");
    assert_eq!(
        env.get_stdout(&["--vault", replica(&env).to_str().unwrap(), "get", "app/db"]),
        b"newer"
    );
    let tags = json_in(&env, &replica(&env), &["describe", "app/db"])["Tags"].to_string();
    assert!(!tags.contains("\"ci\""), "{tags}");
}

#[test]
fn a_write_to_a_replicated_secret_is_refused_naming_the_primary() {
    let env = populated();
    add_replica(&env, &[]);
    env.arca(&["push", "ci"]).success();
    let r = replica(&env);
    let before = fs::read(&r).unwrap();
    let primary = env.vault_path();
    for args in [
        vec!["put", "app/db"],
        vec!["tag", "app/db", "a=b"],
        vec!["delete", "app/db"],
        vec!["stage", "app/db", "X", "--move-to", "x"],
    ] {
        let out = env.arca_stdin(&in_vault(&r, &args), "new").code(4);
        let err = String::from_utf8(out.get_output().stderr.clone()).unwrap();
        assert!(
            err.starts_with(&format!(
                "error: 'app/db' is a replica of {}: change it there and run arca push ci\n",
                primary.display()
            )),
            "{args:?}: {err}"
        );
    }
    // Whole-vault writes too (import), and the AWS grammar (same core).
    let import = env.write_file("in.json", br#"{"app/db": "changed"}"#);
    let out = env
        .arca(&in_vault(
            &r,
            &["import", import.to_str().unwrap(), "--format", "json"],
        ))
        .code(4);
    let err = String::from_utf8(out.get_output().stderr.clone()).unwrap();
    assert!(err.contains("'app/db' is a replica of"), "{err}");
    env.arca(&in_vault(
        &r,
        &[
            "put-secret-value",
            "--secret-id",
            "app/db",
            "--secret-string",
            "x",
        ],
    ))
    .failure();
    assert_eq!(fs::read(&r).unwrap(), before);
    // Reads work; a secret of the replica's own is its to change.
    assert_eq!(env.get_stdout(&in_vault(&r, &["get", "app/db"])), b"v2");
    env.arca_stdin(&in_vault(&r, &["create", "local/own"]), "x")
        .success();
    // A replica syncing on to a remote of its own passes on only its own
    // secrets; the replicated ones change only through their primary.
    let far = env.path("far.vault.age");
    env.arca(&["remote", "add", "far", "vault", far.to_str().unwrap()])
        .success();
    let before = fs::read(&r).unwrap();
    let out = env.arca(&in_vault(&r, &["push", "far"])).success();
    let text = String::from_utf8(stdout(&out)).unwrap();
    assert!(text.contains("app/db\tskipped (a replica of "), "{text}");
    assert!(text.contains("local/own\tsynced"), "{text}");
    env.arca(&in_vault(&far, &["describe", "app/db"])).code(3);
    // Its own secret's sync state is recorded; nothing else changed.
    assert_ne!(fs::read(&r).unwrap(), before);
    assert_eq!(
        versions(&env, &r, "app/db"),
        versions(&env, &env.vault_path(), "app/db")
    );
}

#[test]
fn an_unreadable_replica_fails_that_remote_and_leaves_the_primary_alone() {
    let env = populated();
    let stranger = TestEnv::initialized();
    let key = stranger.identity_text();
    let public = key
        .lines()
        .find_map(|l| l.strip_prefix("# public key: "))
        .unwrap()
        .to_owned();
    add_replica(&env, &["--recipient", &public]);
    let primary = env.vault_bytes();
    let out = env.arca(&["push", "ci"]).code(1);
    let err = String::from_utf8(out.get_output().stderr.clone()).unwrap();
    assert!(err.contains("created the replica vault"), "{err}");
    assert!(err.contains("\nerror: remote 'ci' (vault "), "{err}");
    assert!(err.contains("none of your identities can open"), "{err}");
    assert_eq!(env.vault_bytes(), primary);
    // A corrupt file likewise.
    fs::write(replica(&env), b"not an age file").unwrap();
    let out = env.arca(&["sync", "ci"]).code(1);
    assert!(String::from_utf8(out.get_output().stderr.clone())
        .unwrap()
        .contains("remote 'ci'"));
    assert_eq!(env.vault_bytes(), primary);
}

#[test]
fn describe_shows_the_sync_status_per_remote() {
    let env = populated();
    add_replica(&env, &[]);
    env.arca(&["push", "ci"]).success();
    let text = String::from_utf8(env.get_stdout(&["describe", "app/db"])).unwrap();
    assert!(
        text.contains("Sync:") && text.contains("ci: in sync (last synced "),
        "{text}"
    );
    for args in [
        vec!["describe", "app/db", "-o", "json"],
        vec!["describe-secret", "--secret-id", "app/db"],
    ] {
        let doc: Json = serde_json::from_slice(&env.get_stdout(&args)).unwrap();
        let status = &doc["ReplicationStatus"][0];
        assert_eq!(status["Region"], "ci");
        assert_eq!(status["Status"], "InSync");
        assert!(status["LastAccessedDate"]
            .as_str()
            .unwrap()
            .ends_with("+00:00"));
    }
    // git diffs show it too (textconv), without a value.
    let shown =
        String::from_utf8(env.get_stdout(&["git", "textconv", env.vault_path().to_str().unwrap()]))
            .unwrap();
    assert!(shown.contains("  sync ci at "), "{shown}");
    assert!(!shown.contains("v2"));
    // A secret never synced has none.
    assert!(env
        .json(&["describe", "other/x"])
        .get("ReplicationStatus")
        .is_none());
}

#[test]
fn remotes_live_in_the_config_which_keeps_its_comments() {
    let env = TestEnv::initialized();
    let config = env.write_file(
        ".config/arca/config.toml",
        b"# my hooks\n[hooks.pg]\ncommand = \"true\" # inline\n",
    );
    fs::set_permissions(&config, std::os::unix::fs::PermissionsExt::from_mode(0o600)).unwrap();
    env.arca(&[
        "remote",
        "add",
        "prod",
        "aws",
        "--region",
        "eu-west-1",
        "--prefix",
        "app/",
        "--filter",
        "tag-key=sync",
    ])
    .success();
    env.arca(&["remote", "add", "ci", "vault", "ci.age"])
        .success();
    let text = fs::read_to_string(&config).unwrap();
    assert!(
        text.starts_with("# my hooks\n[hooks.pg]\ncommand = \"true\" # inline\n"),
        "{text}"
    );
    assert!(
        text.contains("[remotes.prod]") && text.contains("region = \"eu-west-1\""),
        "{text}"
    );
    // A relative replica path is kept absolute.
    assert!(
        text.contains(&format!("path = \"{}\"", env.path("ci.age").display())),
        "{text}"
    );
    let list = env.json(&["remote", "list"]);
    assert_eq!(list["Remotes"][0]["Name"], "ci");
    assert_eq!(
        list["Remotes"][1]["Filters"],
        serde_json::json!(["tag-key=sync"])
    );
    env.arca(&["remote", "add", "prod", "aws"]).code(4);
    env.arca(&["remote", "add", "bad name", "aws"]).code(2);
    env.arca(&["remote", "add", "x", "vault"]).code(2);
    env.arca(&["remote", "add", "x", "aws", "--filter", "nope=1"])
        .code(2);
    env.arca(&["sync", "nope"]).code(3);
    let own = env.vault_path();
    env.arca(&["remote", "add", "self", "vault", own.to_str().unwrap()])
        .code(2);
    env.arca(&["remote", "remove", "prod"]).success();
    let text = fs::read_to_string(&config).unwrap();
    assert!(
        text.starts_with("# my hooks\n") && !text.contains("prod"),
        "{text}"
    );
    // The rotation hook still reads.
    assert!(text.contains("[hooks.pg]"));
    env.arca(&["remote", "remove", "prod"]).code(3);
}

#[test]
fn a_push_killed_at_a_random_moment_converges_on_the_next_run() {
    let env = TestEnv::initialized();
    let many: String = (0..40)
        .map(|i| format!("\"app/s{i:02}\": \"value-{i}\""))
        .collect::<Vec<_>>()
        .join(",");
    let import = env.write_file("many.json", format!("{{{many}}}").as_bytes());
    env.arca(&["import", import.to_str().unwrap(), "--format", "json"])
        .success();
    for i in 0..5 {
        env.put(&format!("app/s{i:02}"), b"second");
    }
    add_replica(&env, &[]);
    // Somewhere between the first requests and the end of the run.
    let delay = 50 + u64::from(std::process::id() % 700);
    let mut child = env.std_cmd().args(["push", "ci"]).spawn().unwrap();
    std::thread::sleep(std::time::Duration::from_millis(delay));
    let _ = child.kill();
    child.wait().unwrap();
    env.arca(&["push", "ci"]).success();
    assert_eq!(plan(&env, "sync")["Secrets"], serde_json::json!([]));
    let (primary, r) = (env.vault_path(), replica(&env));
    for i in [0, 3, 17, 39] {
        let name = format!("app/s{i:02}");
        let ours = versions(&env, &primary, &name);
        assert_eq!(ours, versions(&env, &r, &name), "{name}");
        assert!(ours
            .iter()
            .all(|(_, s)| !s.contains(&"arca-sync".to_owned())));
    }
}

#[test]
fn a_replica_keeps_its_own_recipients() {
    let env = populated();
    let me = env.identity_text();
    let me = me
        .lines()
        .find_map(|l| l.strip_prefix("# public key: "))
        .unwrap()
        .to_owned();
    let ci = TestEnv::initialized();
    let ci_key = ci.identity_text();
    let ci_key = ci_key
        .lines()
        .find_map(|l| l.strip_prefix("# public key: "))
        .unwrap()
        .to_owned();
    add_replica(&env, &["--recipient", &me, "--recipient", &ci_key]);
    env.arca(&["push", "ci"]).success();
    let r = replica(&env);
    let recipients = json_in(&env, &r, &["recipients", "list"])["Recipients"].clone();
    assert_eq!(recipients, serde_json::json!([me, ci_key]));
    assert_eq!(
        env.json(&["recipients", "list"])["Recipients"],
        serde_json::json!([me])
    );
    // CI opens its copy with its own key alone.
    let copy = ci.path("ci.vault.age");
    fs::copy(&r, &copy).unwrap();
    assert_eq!(
        ci.get_stdout(&["--vault", copy.to_str().unwrap(), "get", "app/db"]),
        b"v2"
    );
    // A later push keeps the replica's recipients, not this vault's.
    env.put("app/db", b"v4");
    env.arca(&["push", "ci"]).success();
    assert_eq!(
        json_in(&env, &r, &["recipients", "list"])["Recipients"],
        recipients
    );
}

/// A pinentry that gives `passphrase` and counts how often it is asked.
fn counting_pinentry(env: &TestEnv, passphrase: &str) -> String {
    let script = format!(
        "#!/bin/sh\necho 'OK Pleased to meet you'\nwhile read -r cmd rest; do\n  case \"$cmd\" in\n    GETPIN) echo asked >> '{count}'; printf 'D %s\\nOK\\n' '{passphrase}' ;;\n    BYE) echo OK; exit 0 ;;\n    *) echo OK ;;\n  esac\ndone\n",
        count = env.path("asked").display()
    );
    let path = env.write_file("pinentry.sh", script.as_bytes());
    set_mode(&path, 0o755);
    path.to_str().unwrap().to_owned()
}

#[test]
fn a_passphrase_is_asked_once_per_run_for_both_vaults() {
    const PASSPHRASE: &str = "sync-passphrase-81b2";
    let env = TestEnv::new();
    let Some(mut tty) = Tty::start(&env, &["init", "--passphrase"], &[]) else {
        return;
    };
    tty.answer("Passphrase for the new identity", PASSPHRASE);
    tty.answer("Again", PASSPHRASE);
    assert_eq!(tty.finish().0, 0);
    let pinentry = counting_pinentry(&env, PASSPHRASE);
    let asked = || {
        fs::read_to_string(env.path("asked"))
            .unwrap_or_default()
            .lines()
            .count()
    };
    let run = |args: &[&str]| {
        let mut cmd = env.cmd();
        cmd.args(args).env("PINENTRY_PROGRAM", &pinentry);
        cmd.write_stdin("v1").assert().success();
    };
    run(&["create", "app/db"]);
    add_replica(&env, &[]);
    for (i, args) in [
        ["push", "ci"],
        ["put", "app/db"],
        ["sync", "ci"],
        ["pull", "ci"],
    ]
    .iter()
    .enumerate()
    {
        let before = asked();
        run(args);
        assert_eq!(asked(), before + 1, "run {i}: {args:?}");
    }
}

#[test]
fn an_empty_description_does_not_make_every_run_change_it() {
    let env = TestEnv::initialized();
    env.arca_stdin(&["create", "app/x", "--description", ""], "v")
        .success();
    add_replica(&env, &[]);
    env.arca(&["sync", "ci"]).success();
    // The replica lists "" as no description: that is no change.
    for verb in ["sync", "push", "pull"] {
        assert_eq!(plan(&env, verb)["Secrets"], serde_json::json!([]), "{verb}");
    }
    let before = env.vault_bytes();
    env.arca(&["sync", "ci"]).success();
    assert_eq!(env.vault_bytes(), before);
}
