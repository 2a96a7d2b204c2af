//! `arca remote`, `sync`, `push`, `pull` with vault remotes (replicas):
//! the real binary on real vault files. The AWS transport's end-to-end
//! tests (moto_server) live with it; the rules shared by both transports
//! (ownership, pull-only, recovery windows) are unit-tested in
//! src/sync/plan/tests.rs.

use std::fs;
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use serde_json::Value as Json;

use crate::harden::{have_strace, under_strace};
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
    // A value no random id can hold by chance (a 6-character id suffix can
    // hold "v2"), to look for below.
    env.put("app/db", b"value-for-the-diff");
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
    assert!(!shown.contains("value-for-the-diff"), "{shown}");
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

/// `arca push ci` under strace, tracing renames; `inject` adds strace's
/// injection options. The log's text.
fn push_tracing_renames(env: &TestEnv, inject: &[&str]) -> (Output, String) {
    let log = env.path("renames.log");
    let mut options = vec![
        "-s",
        "4096",
        "-e",
        "trace=rename,renameat,renameat2",
        "-o",
        log.to_str().unwrap(),
    ];
    options.extend_from_slice(inject);
    let out = under_strace(env, &options, &["push", "ci"]);
    (out, fs::read_to_string(&log).unwrap())
}

/// The renames in a strace log that replace `path`.
fn renames_onto(log: &str, path: &Path) -> usize {
    let target = format!("\"{}\"", path.display());
    log.lines()
        .filter(|l| l.contains("rename") && l.contains(&target) && l.ends_with("= 0"))
        .count()
}

/// A primary with 50 secrets under app/ (2 or 3 versions, a description,
/// tags) and a replica made by a first, empty push.
fn fifty_to_push() -> TestEnv {
    let env = TestEnv::initialized();
    add_replica(&env, &[]);
    env.arca(&["push", "ci"]).success();
    for i in 0..50 {
        let name = format!("app/s{i:02}");
        let n = format!("n={i}");
        let args = [
            "create",
            &name,
            "--description",
            "d",
            "--tag",
            "team=x",
            "--tag",
            &n,
        ];
        env.arca_stdin(&args, format!("v1-{i}")).success();
        env.put(&name, format!("v2-{i}").as_bytes());
        if i % 2 == 0 {
            env.arca_stdin(&["put", &name, "--version-stage", "CANARY"], "v3")
                .success();
        }
    }
    env
}

#[test]
fn a_push_of_fifty_secrets_rewrites_the_replica_once() {
    if !have_strace() {
        return;
    }
    let env = fifty_to_push();
    let replica = replica(&env);
    let inode = fs::metadata(&replica).unwrap().ino();
    let (out, log) = push_tracing_renames(&env, &[]);
    assert!(out.status.success(), "{out:?}");
    // Some 200 operations, one new file.
    assert_eq!(renames_onto(&log, &replica), 1, "{log}");
    assert_ne!(fs::metadata(&replica).unwrap().ino(), inode);
    let primary = env.vault_path();
    for i in (0..50).step_by(7) {
        let name = format!("app/s{i:02}");
        assert_eq!(
            versions(&env, &replica, &name),
            versions(&env, &primary, &name)
        );
        let there = json_in(&env, &replica, &["describe", &name]);
        assert_eq!(there["Description"], "d");
        assert!(there["Tags"].to_string().contains(&format!("{i}")));
    }
    // And a run with nothing to do writes nothing.
    let (out, log) = push_tracing_renames(&env, &[]);
    assert!(out.status.success() && stdout(&out).is_empty(), "{out:?}");
    assert_eq!(renames_onto(&log, &replica), 0, "{log}");
}

#[test]
fn a_replica_that_cannot_be_written_fails_the_remote_and_leaves_the_primary_alone() {
    if !have_strace() {
        return;
    }
    let env = fifty_to_push();
    let replica = replica(&env);
    let (primary, before) = (env.vault_bytes(), fs::read(&replica).unwrap());
    // The first rename is the replica's (the primary is written after).
    let fail = ["-e", "inject=rename,renameat,renameat2:error=EIO:when=1"];
    let (out, _) = push_tracing_renames(&env, &fail);
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("error: remote 'ci' (vault "), "{err}");
    assert!(err.contains("hint: this vault is unchanged"), "{err}");
    assert_eq!(env.vault_bytes(), primary);
    assert_eq!(fs::read(&replica).unwrap(), before);
    // The next run does it all.
    let out = env.arca(&["push", "ci"]).success();
    let text = String::from_utf8(stdout(&out)).unwrap();
    assert_eq!(text.matches("\tsynced").count(), 50, "{text}");
}

#[test]
fn an_operation_failing_mid_run_keeps_the_others_as_a_run_per_secret_would() {
    let env = TestEnv::initialized();
    let mut tags: Vec<String> = (1..50).map(|i| format!("k{i}=v")).collect();
    let mut args = vec!["create", "app/m"];
    for t in &tags {
        args.extend(["--tag", t.as_str()]);
    }
    env.arca_stdin(&args, "m1").success();
    for name in ["app/a", "app/b", "app/y", "app/z"] {
        env.create(name, b"one");
    }
    add_replica(&env, &[]);
    let one_by_one = env.path("one.vault.age");
    env.arca(&[
        "remote",
        "add",
        "one",
        "vault",
        one_by_one.to_str().unwrap(),
    ])
    .success();
    env.arca(&["push", "ci"]).success();
    env.arca(&["push", "one"]).success();
    // New versions everywhere; app/m gets a 50th tag, which with the
    // replica's ownership tag is one more than a secret may carry: its
    // TagResource fails after its new version went through.
    let names = ["app/a", "app/b", "app/m", "app/y", "app/z"];
    for name in names {
        env.put(name, b"two");
    }
    tags.push("k50=v".into());
    env.arca(&["tag", "app/m", "k50=v"]).success();
    let out = env.arca(&["push", "ci"]).code(1);
    let text = String::from_utf8(stdout(&out)).unwrap();
    assert!(text.contains("app/m\tfailed:"), "{text}");
    assert!(text.contains("LimitExceededException"), "{text}");
    assert_eq!(text.matches("\tsynced").count(), 4, "{text}");
    for name in names {
        let code = if name == "app/m" { 1 } else { 0 };
        env.arca(&["push", "one", name]).code(code);
    }
    let primary = env.vault_path();
    let names_in = |vault: &Path| -> Vec<String> {
        let doc = json_in(&env, vault, &["list"]);
        doc["SecretList"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s["Name"].as_str().unwrap().to_owned())
            .collect()
    };
    let replica = replica(&env);
    assert_eq!(names_in(&replica), names_in(&one_by_one));
    for name in names {
        let ours = versions(&env, &primary, name);
        assert_eq!(versions(&env, &replica, name), ours, "{name}");
        assert_eq!(versions(&env, &one_by_one, name), ours, "{name}");
        assert_eq!(
            env.get_stdout(&["--vault", replica.to_str().unwrap(), "get", name]),
            b"two"
        );
        let tags_in = |vault: &Path| {
            let doc = json_in(&env, vault, &["describe", name]);
            let mut tags: Vec<String> = doc["Tags"]
                .as_array()
                .unwrap()
                .iter()
                .filter(|t| t["Key"] != "arca:managed")
                .map(|t| {
                    format!(
                        "{}={}",
                        t["Key"].as_str().unwrap(),
                        t["Value"].as_str().unwrap()
                    )
                })
                .collect();
            tags.sort();
            tags
        };
        assert_eq!(tags_in(&replica), tags_in(&one_by_one), "{name}");
    }
    // app/m's tag never went (49 of its own and the ownership tag).
    let m = json_in(&env, &replica, &["describe", "app/m"]);
    assert_eq!(m["Tags"].as_array().unwrap().len(), 50);
}

#[test]
fn a_write_to_the_replica_waits_while_a_sync_holds_it() {
    if !have_strace() {
        return;
    }
    let env = populated();
    add_replica(&env, &[]);
    env.arca(&["push", "ci"]).success();
    env.put("app/db", b"v4");
    env.put("app/bin", b"bin2");
    // The push stops (SIGSTOP) right after renaming its new replica into
    // place (its first rename), before it lets the replica's lock go.
    let replica = replica(&env);
    let log = env.path("stop.log");
    let base = env.std_cmd();
    let mut strace = Command::new("strace");
    strace
        .args(["-f", "-qq", "-s", "4096"])
        .args(["-e", "trace=rename,renameat,renameat2"])
        .args([
            "-e",
            "inject=rename,renameat,renameat2:signal=SIGSTOP:when=1",
        ])
        .args(["-o", log.to_str().unwrap(), BIN, "push", "ci"]);
    for (k, v) in base.get_envs() {
        match v {
            Some(v) => strace.env(k, v),
            None => strace.env_remove(k),
        };
    }
    let sync = strace
        .current_dir(env.home())
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Waits for the stop (a condition, not a guess at a duration).
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(120);
    let pid = loop {
        let text = fs::read_to_string(&log).unwrap_or_default();
        if let Some(line) = text.lines().find(|l| l.contains("stopped by SIGSTOP")) {
            break line.split_whitespace().next().unwrap().to_owned();
        }
        assert!(std::time::Instant::now() < deadline, "no stop: {text}");
        std::thread::sleep(std::time::Duration::from_millis(20));
    };
    // Resumed when dropped, also when an assertion below fails.
    let stopped = Stopped(pid);
    let held = fs::read(&replica).unwrap();
    let mut create = vec!["--vault", replica.to_str().unwrap(), "create", "local/x"];
    // A writer that cannot wait long gets the usual lock error...
    let out = env
        .cmd()
        .args(&create)
        .env("ARCA_LOCK_TIMEOUT", "1s")
        .write_stdin("x")
        .assert()
        .failure();
    let err = String::from_utf8_lossy(&out.get_output().stderr).into_owned();
    assert!(err.contains("the vault is busy"), "{err}");
    assert_eq!(fs::read(&replica).unwrap(), held);
    // ...and one that waits writes after the sync, losing nothing.
    create.push("--description");
    create.push("waited");
    let mut waiting = env
        .std_cmd()
        .args(&create)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let value = waiting.stdin.take().unwrap();
    std::io::Write::write_all(&mut &value, b"x").unwrap();
    drop(value);
    drop(stopped);
    let synced = sync.wait_with_output().unwrap();
    assert!(synced.status.success(), "{synced:?}");
    let waited = waiting.wait_with_output().unwrap();
    assert!(waited.status.success(), "{waited:?}");
    let primary = env.vault_path();
    for name in ["app/db", "app/bin"] {
        assert_eq!(
            versions(&env, &replica, name),
            versions(&env, &primary, name)
        );
    }
    let x = json_in(&env, &replica, &["describe", "local/x"]);
    assert_eq!(x["Description"], "waited");
    assert_eq!(plan(&env, "push")["Secrets"], serde_json::json!([]));
}

/// A stopped process, sent SIGCONT when this is dropped.
struct Stopped(String);

impl Drop for Stopped {
    fn drop(&mut self) {
        let _ = Command::new("kill").args(["-CONT", &self.0]).status();
    }
}
