//! `arca sync|push|pull` with an `aws` remote, end to end: the real binary
//! (its SDK transport) against a real moto_server on loopback, the remote
//! inspected with the real aws CLI. Skipped with a note without
//! moto_server and the aws CLI, unless ARCA_REQUIRE_MOTO=1 (`.ci/run`).
//!
//! Where moto does not enforce AWS's documented rules (the label
//! compare-and-move of UpdateSecretVersionStage; rotation needs a Lambda
//! there), the test runs against `arca serve` on a second vault instead:
//! arca's core enforces AWS's rule, and the remote is still reached
//! through the SDK over HTTP with SigV4.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{Shutdown, TcpListener, TcpStream};
use std::process::Stdio;
use std::sync::atomic::{AtomicI32, AtomicUsize, Ordering};
use std::sync::Arc;
use std::thread;

use assert_cmd::assert::Assert;
use serde_json::{json, Value as Json};

use crate::aws_tools::*;
use crate::util::*;

/// moto_server (and the aws CLI to look at it) from the venv or PATH, or
/// None after a note (see aws_tools).
fn moto() -> Option<Moto> {
    AwsTools::binaries().map(|tools| Moto::start(&tools))
}

/// What the remote holds of a secret, as comparable data: description,
/// tags (without the ownership tag), versions with labels and values.
fn remote_state(moto: &Moto, name: &str) -> Json {
    let d = moto.aws(&["describe-secret", "--secret-id", name]);
    let mut tags: Vec<Json> = d["Tags"]
        .as_array()
        .cloned()
        .unwrap_or_default()
        .into_iter()
        .filter(|t| t["Key"] != "arca:managed")
        .collect();
    tags.sort_by_key(|t| t["Key"].as_str().unwrap().to_owned());
    let list = moto.aws(&[
        "list-secret-version-ids",
        "--secret-id",
        name,
        "--include-deprecated",
    ]);
    let mut versions: Vec<Json> = list["Versions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| {
            let id = v["VersionId"].as_str().unwrap();
            let value = moto.aws(&["get-secret-value", "--secret-id", name, "--version-id", id]);
            version(id, &v["VersionStages"], &value)
        })
        .collect();
    versions.sort_by_key(|v| v["Id"].as_str().unwrap().to_owned());
    json!({"Description": d["Description"], "Tags": tags, "Versions": versions})
}

fn version(id: &str, stages: &Json, value: &Json) -> Json {
    let mut stages: Vec<String> = stages
        .as_array()
        .map(|a| a.iter().map(|s| s.as_str().unwrap().to_owned()).collect())
        .unwrap_or_default();
    stages.sort();
    json!({
        "Id": id,
        "Stages": stages,
        "SecretString": value["SecretString"],
        "SecretBinary": value["SecretBinary"],
    })
}

/// `arca ARGS` with the AWS credentials (and `extra`).
fn arca(env: &TestEnv, args: &[&str], extra: &[(&str, &str)]) -> Assert {
    let mut vars = creds();
    vars.extend_from_slice(extra);
    env.arca_env(args, &vars)
}

/// The same view of this vault's copy (versions without labels included,
/// as `--include-deprecated` on the remote).
fn local_state(env: &TestEnv, name: &str) -> Json {
    let d = env.json(&["describe", name]);
    let mut tags = d["Tags"].as_array().cloned().unwrap_or_default();
    tags.sort_by_key(|t| t["Key"].as_str().unwrap().to_owned());
    let list = env.json(&["versions", name, "--include-deprecated"]);
    let mut versions: Vec<Json> = list["Versions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| {
            let id = v["VersionId"].as_str().unwrap();
            let value = env.json(&["get", name, "--version-id", id]);
            version(id, &v["VersionStages"], &value)
        })
        .collect();
    versions.sort_by_key(|v| v["Id"].as_str().unwrap().to_owned());
    json!({"Description": d["Description"], "Tags": tags, "Versions": versions})
}

/// A vault with a text secret (three versions, a custom label, a
/// description and tags) and a binary one, with an aws remote `prod`
/// (its endpoint from AWS_ENDPOINT_URL_SECRETS_MANAGER unless `url`).
fn populated(url: Option<&str>) -> TestEnv {
    let env = TestEnv::initialized();
    env.arca_stdin(
        &[
            "create",
            "app/db",
            "--description",
            "the db",
            "--tag",
            "team=core",
            "--tag",
            "tier=1",
        ],
        "v1\n",
    )
    .success();
    env.put("app/db", b"v2 \xc3\xa9");
    env.arca_stdin(&["put", "app/db", "--version-stage", "CANARY"], "v3")
        .success();
    let bin = env.write_file("bin", b"\x00\x01\xff\xfebytes\n");
    env.arca(&["create", "app/key", "--binary-file", bin.to_str().unwrap()])
        .success();
    let mut args = vec!["remote", "add", "prod", "aws", "--region", "us-east-1"];
    if let Some(url) = url {
        args.extend(["--endpoint-url", url]);
    }
    env.arca(&args).success();
    env
}

/// `arca sync prod --dry-run -o json`: the secrets it would change.
fn plan(env: &TestEnv, extra: &[(&str, &str)]) -> Json {
    let out = arca(env, &["sync", "prod", "--dry-run", "-o", "json"], extra).success();
    json_of(&out)["Secrets"].clone()
}

#[test]
fn push_pull_and_a_round_trip_keep_ids_bytes_labels_descriptions_and_tags() {
    let Some(moto) = moto() else { return };
    let url = moto.url();
    let a = populated(Some(&url));
    arca(&a, &["push", "prod"], &[]).success();
    for name in ["app/db", "app/key"] {
        assert_eq!(
            remote_state(&moto, name),
            local_state(&a, name),
            "{name} after push"
        );
    }
    // Bytes that are not UTF-8 stay binary on AWS.
    let key = remote_state(&moto, "app/key");
    assert!(key["Versions"][0]["SecretString"].is_null(), "{key}");
    assert_eq!(key["Versions"][0]["SecretBinary"], "AAH//mJ5dGVzCg==");
    let db = remote_state(&moto, "app/db");
    assert_eq!(db["Description"], "the db");
    assert_eq!(
        db["Tags"],
        json!([{"Key": "team", "Value": "core"}, {"Key": "tier", "Value": "1"}])
    );
    let owner = moto.aws(&["describe-secret", "--secret-id", "app/db"]);
    assert!(
        owner["Tags"]
            .as_array()
            .unwrap()
            .contains(&json!({"Key": "arca:managed", "Value": "arca"})),
        "{owner}"
    );

    // A second run: an empty plan, and it writes nothing on either side.
    assert_eq!(plan(&a, &[]), json!([]));
    let vault = a.vault_bytes();
    let before = (
        remote_state(&moto, "app/db"),
        remote_state(&moto, "app/key"),
    );
    let changed =
        moto.aws(&["describe-secret", "--secret-id", "app/db"])["LastChangedDate"].clone();
    arca(&a, &["sync", "prod"], &[]).success();
    assert_eq!(
        (
            remote_state(&moto, "app/db"),
            remote_state(&moto, "app/key")
        ),
        before
    );
    assert_eq!(
        moto.aws(&["describe-secret", "--secret-id", "app/db"])["LastChangedDate"],
        changed
    );
    assert_eq!(
        a.vault_bytes(),
        vault,
        "a sync with nothing to do rewrote the vault"
    );

    // Another vault pulls the same ids, bytes, labels, description, tags.
    let b = TestEnv::initialized();
    b.arca(&[
        "remote",
        "add",
        "prod",
        "aws",
        "--region",
        "us-east-1",
        "--endpoint-url",
        &url,
    ])
    .success();
    arca(&b, &["pull", "prod"], &[]).success();
    for name in ["app/db", "app/key"] {
        assert_eq!(
            local_state(&b, name),
            local_state(&a, name),
            "{name} after pull"
        );
    }
    assert!(
        !b.json(&["describe", "app/db"])["Tags"]
            .to_string()
            .contains("arca:managed"),
        "the ownership tag never comes into the vault"
    );

    // Round trip: a change made in b reaches a through AWS with its id.
    let id = b.put("app/db", b"v4");
    b.arca(&["tag", "app/db", "tier=2"]).success();
    arca(&b, &["sync", "prod"], &[]).success();
    arca(&a, &["sync", "prod"], &[]).success();
    assert_eq!(a.get(&["app/db"]), b"v4");
    assert_eq!(a.stages_of("app/db", &id), ["AWSCURRENT"]);
    for name in ["app/db", "app/key"] {
        assert_eq!(local_state(&a, name), local_state(&b, name));
        assert_eq!(remote_state(&moto, name), local_state(&a, name));
    }
    assert_eq!(plan(&a, &[]), json!([]));
    assert_eq!(plan(&b, &[]), json!([]));
}

/// Forwards loopback connections to `target`, counting AWS requests (their
/// X-Amz-Target header); at request `kill_at` it SIGKILLs the process in
/// `pid` and drops that request.
struct Proxy {
    port: u16,
    requests: Arc<AtomicUsize>,
}

impl Proxy {
    fn start(target: u16, kill_at: Option<usize>, pid: Arc<AtomicI32>) -> Proxy {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let requests = Arc::new(AtomicUsize::new(0));
        let count = requests.clone();
        thread::spawn(move || {
            for client in listener.incoming() {
                let Ok(mut client) = client else { return };
                let Ok(mut server) = TcpStream::connect(("127.0.0.1", target)) else {
                    return;
                };
                let (mut client_r, mut server_w) =
                    (client.try_clone().unwrap(), server.try_clone().unwrap());
                let (count, pid) = (count.clone(), pid.clone());
                thread::spawn(move || {
                    let mut buf = [0u8; 65536];
                    let mut tail: Vec<u8> = Vec::new();
                    while let Ok(n) = client_r.read(&mut buf) {
                        if n == 0 {
                            break;
                        }
                        let mut window = std::mem::take(&mut tail);
                        window.extend(buf[..n].iter().map(u8::to_ascii_lowercase));
                        let seen = window.windows(13).filter(|w| w == b"x-amz-target:").count();
                        tail = window[window.len().saturating_sub(12)..].to_vec();
                        let before = count.fetch_add(seen, Ordering::SeqCst);
                        if kill_at.is_some_and(|k| before < k && k <= before + seen) {
                            unsafe { libc::kill(pid.load(Ordering::SeqCst), libc::SIGKILL) };
                            let _ = client_r.shutdown(Shutdown::Both);
                            let _ = server_w.shutdown(Shutdown::Both);
                            return;
                        }
                        if server_w.write_all(&buf[..n]).is_err() {
                            break;
                        }
                    }
                    let _ = server_w.shutdown(Shutdown::Write);
                });
                thread::spawn(move || {
                    let _ = std::io::copy(&mut server, &mut client);
                    let _ = client.shutdown(Shutdown::Write);
                });
            }
        });
        Proxy { port, requests }
    }

    fn url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }
}

/// `arca push prod` through `proxy`; its exit status.
fn push_through(env: &TestEnv, proxy: &Proxy, pid: &AtomicI32) -> std::process::ExitStatus {
    let mut cmd = env.std_cmd();
    cmd.args(["push", "prod"])
        .envs(creds())
        .env("AWS_ENDPOINT_URL_SECRETS_MANAGER", proxy.url())
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    let mut child = cmd.spawn().unwrap();
    pid.store(child.id() as i32, Ordering::SeqCst);
    child.wait().unwrap()
}

#[test]
fn a_push_killed_at_a_random_request_converges_on_the_next_run() {
    use std::os::unix::process::ExitStatusExt;
    let Some(moto) = moto() else { return };
    let endpoint = [("AWS_ENDPOINT_URL_SECRETS_MANAGER", moto.url())];
    let endpoint: Vec<(&str, &str)> = endpoint.iter().map(|(k, v)| (*k, v.as_str())).collect();
    // How many requests a whole push makes (the endpoint from the env).
    let pid = Arc::new(AtomicI32::new(0));
    let counting = Proxy::start(moto.port, None, pid.clone());
    let env = populated(None);
    assert!(push_through(&env, &counting, &pid).success());
    let total = counting.requests.load(Ordering::SeqCst);
    assert!(total >= 5, "a push of two secrets made {total} requests");

    // Three requests at random (printed on failure); ARCA_TEST_KILL_AT=N
    // reruns one case, ARCA_TEST_KILL_AT=all tries every request.
    let seed = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .subsec_nanos() as usize;
    let mut picks = vec![
        1 + seed % total,
        1 + (seed / 7) % total,
        1 + (seed / 49) % total,
    ];
    match std::env::var("ARCA_TEST_KILL_AT").as_deref() {
        Ok("all") => picks = (1..=total).collect(),
        Ok(n) => picks = vec![n.parse().expect("ARCA_TEST_KILL_AT: a number or all")],
        Err(_) => {}
    }
    for kill_at in picks {
        moto.reset();
        let env = populated(None);
        let proxy = Proxy::start(moto.port, Some(kill_at), pid.clone());
        let status = push_through(&env, &proxy, &pid);
        assert_eq!(
            status.signal(),
            Some(libc::SIGKILL),
            "push was to be killed at request {kill_at} of {total}"
        );
        // The next run, straight to AWS, finishes the job; then nothing is left.
        let rerun = arca(&env, &["push", "prod"], &endpoint);
        assert!(
            rerun.get_output().status.success(),
            "rerun after a kill at request {kill_at} of {total}: {}{}",
            String::from_utf8_lossy(&stdout(&rerun)),
            stderr(&rerun)
        );
        assert_eq!(
            plan(&env, &endpoint),
            json!([]),
            "killed at request {kill_at} of {total}"
        );
        for name in ["app/db", "app/key"] {
            let remote = remote_state(&moto, name);
            assert!(
                !remote.to_string().contains("arca-sync"),
                "a temporary label was left (killed at {kill_at}): {remote}"
            );
            assert_eq!(
                remote,
                local_state(&env, name),
                "killed at {kill_at} of {total}"
            );
        }
    }
}

#[test]
fn conflicts_exit_4_and_leave_both_sides_as_they_were() {
    let Some(moto) = moto() else { return };
    let env = populated(Some(&moto.url()));
    arca(&env, &["push", "prod"], &[]).success();

    // The same version id with other bytes on each side.
    let id = "44444444-4444-4444-8444-444444444444";
    env.arca_stdin(
        &["put", "app/db", "--client-request-token", id],
        "local bytes",
    )
    .success();
    moto.aws(&[
        "put-secret-value",
        "--secret-id",
        "app/db",
        "--client-request-token",
        id,
        "--secret-string",
        "remote bytes",
    ]);
    let (local, remote) = (local_state(&env, "app/db"), remote_state(&moto, "app/db"));
    let out = arca(&env, &["sync", "prod"], &[]).code(4);
    assert!(stderr(&out).contains("conflict"), "{}", stderr(&out));
    assert!(
        !stderr(&out).contains("bytes"),
        "a value in a message: {}",
        stderr(&out)
    );
    assert_eq!(local_state(&env, "app/db"), local);
    assert_eq!(remote_state(&moto, "app/db"), remote);
    // The other secret is not held back by it.
    assert_eq!(remote_state(&moto, "app/key"), local_state(&env, "app/key"));

    // AWSCURRENT moved on both sides (to different new versions).
    moto.reset();
    let env = populated(Some(&moto.url()));
    arca(&env, &["push", "prod"], &[]).success();
    env.put("app/key", b"local new");
    moto.aws(&[
        "put-secret-value",
        "--secret-id",
        "app/key",
        "--secret-string",
        "remote new",
    ]);
    let (local, remote) = (local_state(&env, "app/key"), remote_state(&moto, "app/key"));
    arca(&env, &["sync", "prod"], &[]).code(4);
    assert_eq!(local_state(&env, "app/key"), local);
    assert_eq!(remote_state(&moto, "app/key"), remote);
    arca(&env, &["push", "prod"], &[]).code(4);
    arca(&env, &["pull", "prod"], &[]).code(4);
    assert_eq!(local_state(&env, "app/key"), local);
    assert_eq!(remote_state(&moto, "app/key"), remote);
}

#[test]
fn secrets_arca_did_not_create_are_pulled_only_until_adopted() {
    let Some(moto) = moto() else { return };
    let env = populated(Some(&moto.url()));
    let theirs = "55555555-5555-4555-8555-555555555555";
    moto.aws(&[
        "create-secret",
        "--name",
        "ext/token",
        "--client-request-token",
        theirs,
        "--secret-string",
        "from aws",
        "--description",
        "made elsewhere",
    ]);
    arca(&env, &["sync", "prod"], &[]).success();
    assert_eq!(env.get(&["ext/token"]), b"from aws");
    assert_eq!(env.version_ids("ext/token"), [theirs]);

    env.put("ext/token", b"changed here");
    let before = remote_state(&moto, "ext/token");
    let out = arca(&env, &["push", "prod", "--dry-run"], &[]).success();
    let text = String::from_utf8_lossy(&stdout(&out)).into_owned();
    assert!(
        text.contains("ext/token") && text.contains("--adopt"),
        "{text}"
    );
    arca(&env, &["push", "prod"], &[]).success();
    assert_eq!(
        remote_state(&moto, "ext/token"),
        before,
        "touched without --adopt"
    );

    arca(&env, &["push", "prod", "--adopt"], &[]).success();
    assert_eq!(
        remote_state(&moto, "ext/token"),
        local_state(&env, "ext/token")
    );
    let tags = moto.aws(&["describe-secret", "--secret-id", "ext/token"])["Tags"].clone();
    assert!(tags.to_string().contains("arca:managed"), "{tags}");
    assert_eq!(plan(&env, &[]), json!([]));
}

#[test]
fn prune_deletes_with_a_recovery_window_and_only_with_prune() {
    let Some(moto) = moto() else { return };
    let env = populated(Some(&moto.url()));
    arca(&env, &["push", "prod"], &[]).success();
    env.arca(&["delete", "app/db", "--recovery-window-days", "9"])
        .success();
    arca(&env, &["push", "prod"], &[]).success();
    let d = moto.aws(&["describe-secret", "--secret-id", "app/db"]);
    assert!(
        d.get("DeletedDate").is_none(),
        "deleted without --prune: {d}"
    );

    let out = arca(
        &env,
        &["push", "prod", "--prune", "--dry-run", "-o", "json"],
        &[],
    )
    .success();
    let ops = json_of(&out)["Secrets"][0]["RemoteOperations"].to_string();
    assert!(
        ops.contains("DeleteSecret") && ops.contains("\"RecoveryWindowInDays\":9"),
        "{ops}"
    );
    assert!(!ops.contains("ForceDeleteWithoutRecovery"), "{ops}");
    arca(&env, &["push", "prod", "--prune"], &[]).success();
    let d = moto.aws(&["describe-secret", "--secret-id", "app/db"]);
    assert!(d.get("DeletedDate").is_some(), "{d}");
    // Scheduled, not gone: AWS can restore it.
    moto.aws(&["restore-secret", "--secret-id", "app/db"]);

    // Deleted on AWS: scheduled here (30 days) only with --prune.
    moto.aws(&[
        "delete-secret",
        "--secret-id",
        "app/key",
        "--recovery-window-in-days",
        "7",
    ]);
    arca(&env, &["pull", "prod"], &[]).success();
    assert!(env
        .json(&["describe", "app/key"])
        .get("DeletedDate")
        .is_none());
    arca(&env, &["pull", "prod", "--prune"], &[]).success();
    let d = env.json(&["describe", "app/key"]);
    assert!(d.get("DeletedDate").is_some(), "{d}");
}

#[test]
fn a_name_in_its_recovery_window_on_aws_is_skipped_not_recreated() {
    let Some(moto) = moto() else { return };
    let env = populated(Some(&moto.url()));
    moto.aws(&[
        "create-secret",
        "--name",
        "app/key",
        "--secret-string",
        "old",
    ]);
    moto.aws(&[
        "delete-secret",
        "--secret-id",
        "app/key",
        "--recovery-window-in-days",
        "7",
    ]);
    let before = moto.aws(&["describe-secret", "--secret-id", "app/key"]);
    let out = arca(&env, &["push", "prod"], &[]);
    let (code, text, err) = (
        out.get_output().status.code(),
        String::from_utf8_lossy(&stdout(&out)).into_owned(),
        stderr(&out),
    );
    // Skipped with the reason, the rest synced: not a failure.
    assert_eq!(code, Some(0), "{text}{err}");
    assert!(
        text.contains(
            "app/key\tskipped (a secret of this name is scheduled for deletion on the remote"
        ),
        "{text}"
    );
    assert_eq!(remote_state(&moto, "app/db"), local_state(&env, "app/db"));
    assert_eq!(
        moto.aws(&["describe-secret", "--secret-id", "app/key"]),
        before
    );
}

/// `arca ARGS` with the served vault's credentials and endpoint only.
fn arca_on(env: &TestEnv, served: &Served, args: &[&str]) -> Assert {
    env.arca_env(args, &served.vars())
}

#[test]
fn a_label_moved_on_the_remote_meanwhile_is_not_overwritten() {
    // AWS refuses UpdateSecretVersionStage when RemoveFromVersionId is not
    // the version holding the label; moto moves it anyway. `arca serve`
    // enforces the rule but cannot stand in here: arca reads the sync's
    // ownership tag (arca:managed) on a secret in a vault as "replica" and
    // refuses the push's PutSecretValue. So a proxy in front of moto
    // enforces AWS's documented rule (asking moto who holds the label),
    // and moves AWSCURRENT on moto itself, as another client would, just
    // before the push's first label move arrives.
    let Some(moto) = moto() else { return };
    let env = TestEnv::initialized();
    env.create("app/db", b"one");
    env.arca(&["remote", "add", "prod", "aws", "--region", "us-east-1"])
        .success();
    let direct = [("AWS_ENDPOINT_URL_SECRETS_MANAGER", moto.url())];
    let direct: Vec<(&str, &str)> = direct.iter().map(|(k, v)| (*k, v.as_str())).collect();
    arca(&env, &["push", "prod"], &direct).success();

    let mine = env.put("app/db", b"two");
    let theirs = "66666666-6666-4666-8666-666666666666";
    let proxy = LabelProxy::start(&moto, theirs);
    let url = proxy.url();
    let out = arca(
        &env,
        &["push", "prod"],
        &[("AWS_ENDPOINT_URL_SECRETS_MANAGER", url.as_str())],
    );
    let text = String::from_utf8_lossy(&stdout(&out)).into_owned();
    assert!(
        proxy.refused.load(Ordering::SeqCst) > 0,
        "no stale move was sent: {text}"
    );
    assert_ne!(out.get_output().status.code(), Some(0), "{text}");
    assert!(text.contains("app/db"), "{text}");
    // The remote's own move stands; this vault keeps its AWSCURRENT.
    let remote = remote_state(&moto, "app/db");
    let current: Vec<&Json> = remote["Versions"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|v| v["Stages"].to_string().contains("AWSCURRENT"))
        .collect();
    assert_eq!(current.len(), 1, "{remote}");
    assert_eq!(current[0]["Id"], theirs, "{remote}");
    assert_eq!(env.stages_of("app/db", &mine), ["AWSCURRENT"]);
    assert_eq!(env.get(&["app/db"]), b"two");
}

/// An HTTP proxy to moto, one request at a time per connection, that
/// answers UpdateSecretVersionStage as AWS documents: InvalidParameter
/// when RemoveFromVersionId is not the label's holder. Before the first
/// such request it stores version `theirs` on moto (AWSCURRENT moves).
struct LabelProxy {
    port: u16,
    refused: Arc<AtomicUsize>,
}

impl LabelProxy {
    fn start(moto: &Moto, theirs: &'static str) -> LabelProxy {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let refused = Arc::new(AtomicUsize::new(0));
        let count = refused.clone();
        let (target, aws) = (moto.port, moto.cli());
        let moved = Arc::new(std::sync::Mutex::new(false));
        thread::spawn(move || {
            for client in listener.incoming() {
                let Ok(client) = client else { return };
                let (count, aws, moved) = (count.clone(), aws.clone(), moved.clone());
                thread::spawn(move || {
                    let mut reader = BufReader::new(client.try_clone().unwrap());
                    let mut client = client;
                    let mut server = TcpStream::connect(("127.0.0.1", target)).unwrap();
                    let mut server_reader = BufReader::new(server.try_clone().unwrap());
                    while let Some((head, body)) = read_http(&mut reader) {
                        if head
                            .to_ascii_lowercase()
                            .contains("secretsmanager.updatesecretversionstage")
                        {
                            let req: Json = serde_json::from_slice(&body).unwrap();
                            let mut moved = moved.lock().unwrap();
                            if !*moved {
                                *moved = true;
                                aws.secretsmanager(&[
                                    "put-secret-value",
                                    "--secret-id",
                                    req["SecretId"].as_str().unwrap(),
                                    "--client-request-token",
                                    theirs,
                                    "--secret-string",
                                    "three",
                                ]);
                            }
                            let d = aws.secretsmanager(&[
                                "describe-secret",
                                "--secret-id",
                                req["SecretId"].as_str().unwrap(),
                            ]);
                            let label = req["VersionStage"].as_str().unwrap();
                            let holder = d["VersionIdsToStages"]
                                .as_object()
                                .unwrap()
                                .iter()
                                .find(|(_, s)| s.as_array().unwrap().iter().any(|l| l == label))
                                .map(|(id, _)| id.clone());
                            let remove = req["RemoveFromVersionId"].as_str().map(str::to_owned);
                            let stale = match (&holder, &remove) {
                                (Some(h), Some(r)) => h != r,
                                (None, Some(_)) => true,
                                (Some(h), None) => {
                                    req["MoveToVersionId"].as_str() != Some(h.as_str())
                                }
                                (None, None) => false,
                            };
                            if stale {
                                count.fetch_add(1, Ordering::SeqCst);
                                let body = r#"{"__type":"InvalidParameterException","message":"The parameter RemoveFromVersionId doesn't match the version that holds the staging label."}"#;
                                let _ = write!(client, "HTTP/1.1 400 Bad Request\r\nContent-Type: application/x-amz-json-1.1\r\nx-amzn-ErrorType: InvalidParameterException\r\nContent-Length: {}\r\n\r\n{body}", body.len());
                                continue;
                            }
                        }
                        if send(&mut server, &head, &body).is_err() {
                            return;
                        }
                        let Some((rhead, rbody)) = read_http(&mut server_reader) else {
                            return;
                        };
                        if send(&mut client, &rhead, &rbody).is_err() {
                            return;
                        }
                    }
                });
            }
        });
        LabelProxy { port, refused }
    }

    fn url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }
}

/// Writes one HTTP message as [`read_http`] read it.
fn send(to: &mut impl Write, head: &str, body: &[u8]) -> std::io::Result<()> {
    to.write_all(head.as_bytes())?;
    to.write_all(body)
}

/// One HTTP/1.1 message: its head (through the blank line) and its body
/// (Content-Length bytes).
fn read_http(reader: &mut impl BufRead) -> Option<(String, Vec<u8>)> {
    let mut head = String::new();
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).ok()? == 0 {
            return None;
        }
        head.push_str(&line);
        if line == "\r\n" {
            break;
        }
    }
    let length = head
        .lines()
        .find_map(|l| {
            let (k, v) = l.split_once(':')?;
            k.eq_ignore_ascii_case("content-length")
                .then(|| v.trim().parse::<usize>().ok())?
        })
        .unwrap_or(0);
    let mut body = vec![0; length];
    reader.read_exact(&mut body).ok()?;
    Some((head, body))
}

#[test]
fn a_remote_secret_with_rotation_enabled_is_pulled_only() {
    // moto cannot turn rotation on without a Lambda function; `arca serve`
    // on a second vault reports RotationEnabled as AWS does for a secret
    // that rotates, and is reached through the SDK as AWS would be.
    let remote = TestEnv::initialized();
    remote.create("app/rotated", b"r1");
    remote
        .arca(&[
            "rotate",
            "app/rotated",
            "--every",
            "30d",
            "--no-rotate-immediately",
        ])
        .success();
    let served = Served::start(&remote, &[]);
    let env = TestEnv::initialized();
    env.arca(&["remote", "add", "prod", "aws", "--region", "us-east-1"])
        .success();
    arca_on(&env, &served, &["pull", "prod"]).success();
    assert_eq!(env.get(&["app/rotated"]), b"r1");
    assert_eq!(
        env.version_ids("app/rotated"),
        remote.version_ids("app/rotated")
    );

    env.put("app/rotated", b"changed here");
    let before = remote.vault_bytes();
    let out = arca_on(&env, &served, &["sync", "prod", "--adopt", "--dry-run"]).success();
    let text = String::from_utf8_lossy(&stdout(&out)).into_owned();
    // Nothing to do on the remote for it, whatever this vault holds; the
    // change kept here is said, not counted as in sync.
    assert_eq!(
        text,
        "app/rotated\tskipped (changed here, but AWS rotates it (rotation enabled there): pull-only)\n"
    );
    assert!(
        stderr(&out).contains("prod: 0 to sync, 0 in sync, 1 skipped"),
        "{}",
        stderr(&out)
    );
    arca_on(&env, &served, &["sync", "prod", "--adopt"]).success();
    assert_eq!(remote.vault_bytes(), before, "the remote was written");
    assert_eq!(remote.get(&["app/rotated"]), b"r1");
    assert_eq!(env.get(&["app/rotated"]), b"changed here");
}

#[test]
fn arca_serve_on_another_vault_is_an_aws_remote_like_any_other() {
    // The secrets a push creates there carry arca:managed=arca, the tag of
    // any secret arca created on AWS: no replica mark, so later pushes
    // write to them (they were refused as "a replica of arca").
    let remote = TestEnv::initialized();
    let served = Served::start(&remote, &[]);
    let env = TestEnv::initialized();
    env.create("app/db", b"one");
    env.arca(&["remote", "add", "dev", "aws", "--region", "us-east-1"])
        .success();
    arca_on(&env, &served, &["push", "dev"]).success();
    env.put("app/db", b"two");
    arca_on(&env, &served, &["push", "dev"]).success();
    assert_eq!(remote.get(&["app/db"]), b"two");
    assert_eq!(remote.version_ids("app/db"), env.version_ids("app/db"));
    let before = remote.vault_bytes();
    let out = arca_on(&env, &served, &["push", "dev"]).success();
    assert!(
        stderr(&out).contains("0 synced, 1 in sync"),
        "{}",
        stderr(&out)
    );
    assert_eq!(remote.vault_bytes(), before, "a second push wrote");
    // A write there is an ordinary write.
    remote.put("app/db", b"three");
}

#[test]
fn a_profile_gives_the_credentials_the_region_and_the_endpoint() {
    // The AWS CLI's files in HOME, as aws-config's default chain reads
    // them: nothing in the environment, the remote names only the profile.
    let Some(moto) = moto() else { return };
    let env = TestEnv::initialized();
    env.create("app/db", b"one");
    env.write_file(
        ".aws/credentials",
        b"[ci]\naws_access_key_id = testing\naws_secret_access_key = testing\n",
    );
    env.write_file(
        ".aws/config",
        format!(
            "[profile ci]\nregion = us-east-1\nendpoint_url = {}\n",
            moto.url()
        )
        .as_bytes(),
    );
    env.arca(&["remote", "add", "prod", "aws", "--profile", "ci"])
        .success();
    let out = arca_without_aws_env(&env)
        .args(["push", "prod"])
        .assert()
        .success();
    assert!(stderr(&out).contains("prod: 1 synced"), "{}", stderr(&out));
    assert_eq!(remote_state(&moto, "app/db"), local_state(&env, "app/db"));

    // Another profile without credentials: arca says how to give them.
    env.write_file(
        ".aws/config",
        format!(
            "[profile ci]\nregion = us-east-1\nendpoint_url = {}\n[profile bare]\nregion = us-east-1\nendpoint_url = {}\n",
            moto.url(),
            moto.url()
        )
        .as_bytes(),
    );
    env.arca(&["remote", "add", "bare", "aws", "--profile", "bare"])
        .success();
    let out = arca_without_aws_env(&env)
        .args(["push", "bare"])
        .assert()
        .code(1);
    let err = stderr(&out);
    assert!(err.contains("no AWS credentials"), "{err}");
    assert!(
        err.contains(&format!("AWS Secrets Manager at {}", moto.url())),
        "{err}"
    );
}

/// `arca` without the caller's AWS variables (a developer's own
/// credentials would come first in the chain), and no metadata lookups.
fn arca_without_aws_env(env: &TestEnv) -> assert_cmd::Command {
    let mut cmd = env.std_cmd();
    without_aws_env(&mut cmd);
    assert_cmd::Command::from_std(cmd)
}
