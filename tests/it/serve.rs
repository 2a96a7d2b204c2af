//! `arca serve` and `arca exec --aws` (SPEC §9) with the real clients:
//! boto3, the aws CLI (v1) and moto_server from a Python virtual
//! environment (/opt/arca-venv, or the first `python3` on PATH that has
//! them). Without them the tests print a note and pass, unless
//! `ARCA_REQUIRE_MOTO=1` (CI) makes that a failure.

use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::thread;
use std::time::Duration;

use crate::aws_tools::*;
use crate::util::*;

const CLIENT: &str = include_str!("serve_client.py");

/// Steps of serve_client.py where moto_server is known to differ from
/// Secrets Manager as AWS documents it, with what arca answers instead.
const MOTO_DEVIATIONS: &[(&str, &str, &str)] = &[
    (
        "stage-missing-version",
        "moto: InvalidParameterException; arca: the version is not found",
        r#"{"error": "ResourceNotFoundException", "status": 400}"#,
    ),
    (
        "random-password-too-long",
        "moto: InvalidParameterValue, a code AWS does not document for GetRandomPassword",
        r#"{"error": "InvalidParameterException", "status": 400}"#,
    ),
    (
        "cancel-rotate-none",
        "moto refuses to cancel where no rotation is configured; arca turns nothing off and succeeds",
        r#"{"ARN": "<arn>", "Name": "app/db", "VersionId": "v3"}"#,
    ),
    (
        "describe-rotated",
        "rotation: moto needs a Lambda; arca runs its hook (here the default: a new password) and reports a schedule expression",
        r#"{"RotationEnabled": true, "RotationRules": {"AutomaticallyAfterDays": 30, "ScheduleExpression": "rate(30 days)"}}"#,
    ),
    (
        "get-rotated",
        "moto leaves no AWSCURRENT value after a rotation without a Lambda",
        r#"{"changed": true}"#,
    ),
    (
        "cancel-rotate",
        "follows from the rotation above",
        r#"{"ARN": "<arn>", "Name": "app/db", "VersionId": "v4"}"#,
    ),
    (
        "describe-cancelled",
        "follows from the rotation above",
        r#"{"RotationEnabled": false, "RotationRules": {"AutomaticallyAfterDays": 30, "ScheduleExpression": "rate(30 days)"}}"#,
    ),
    (
        "get-after-move",
        "moto gives AWSCURRENT's value from the version that just lost the label",
        r#"{"ARN": "<arn>", "CreatedDate": "<date>", "Name": "app/move", "SecretString": "first", "VersionId": "cccccccccccccccccccccccccccccccc", "VersionStages": ["AWSCURRENT"]}"#,
    ),
    (
        "create-bad-name",
        "moto accepts any name; AWS allows only letters, digits and /_+=.@-",
        r#"{"error": "InvalidParameterException", "status": 400}"#,
    ),
    (
        "put-deleted",
        "moto writes to a secret scheduled for deletion; AWS refuses",
        r#"{"error": "InvalidRequestException", "status": 400}"#,
    ),
];

fn steps(output: &str) -> Vec<(String, String)> {
    output
        .lines()
        .map(|l| {
            let (step, result) = l.split_once(' ').unwrap();
            (step.to_owned(), result.to_owned())
        })
        .collect()
}

#[test]
fn boto3_covers_every_operation_and_matches_moto() {
    let Some(tools) = AwsTools::with_boto3() else {
        return;
    };
    let env = TestEnv::initialized();
    let served = Served::start(&env, &[]);
    let ours = tools.python_ok(CLIENT, &served.env);
    let moto = Moto::start(&tools);
    let theirs = tools.python_ok(CLIENT, &moto.env());
    let (ours, theirs) = (steps(&ours), steps(&theirs));
    assert_eq!(ours.len(), theirs.len(), "both ran every step");
    let operations: Vec<&str> = vec![
        "create",
        "get",
        "put",
        "update-value",
        "describe",
        "list",
        "versions",
        "stage-missing-version",
        "tag",
        "untag",
        "delete",
        "restore",
        "rotate",
        "cancel-rotate",
        "random-password",
        "batch-get",
    ];
    for op in operations {
        assert!(ours.iter().any(|(s, _)| s == op), "step {op} ran");
    }
    for ((step, mine), (_, moto)) in ours.iter().zip(&theirs) {
        match MOTO_DEVIATIONS.iter().find(|(s, _, _)| s == step) {
            Some((_, why, expected)) => {
                assert_eq!(mine, expected, "step {step} (moto differs: {why})");
                assert_ne!(
                    mine, moto,
                    "step {step} is listed as a moto deviation but agrees now"
                );
            }
            // moto answers ResourceNotFoundException with 404; AWS documents 400.
            None => assert_eq!(
                mine,
                &moto.replace("\"status\": 404", "\"status\": 400"),
                "step {step}"
            ),
        }
    }
    // Spot checks that the shared answers are the right ones.
    let get = &ours.iter().find(|(s, _)| s == "get").unwrap().1;
    assert!(
        get.contains(r#""SecretString": "{\"user\":\"u\",\"password\":\"p1\"}""#),
        "{get}"
    );
    let missing = &ours.iter().find(|(s, _)| s == "get-missing").unwrap().1;
    assert_eq!(
        missing,
        r#"{"error": "ResourceNotFoundException", "status": 400}"#
    );

    let (status, stdout, stderr) = served.stop_with(libc::SIGTERM);
    assert!(status.success(), "{status:?}: {stderr}");
    assert!(stderr.ends_with("arca serve: stopped\n"), "{stderr}");
    // No value in anything the server wrote.
    let all = [stdout, stderr.into_bytes()].concat();
    assert_no_leak(
        &all,
        &["p1", "p2", "updated", "staged", "binary", "first", "second"],
    );
}

#[test]
fn the_aws_cli_works_against_serve() {
    let Some(tools) = AwsTools::with_boto3() else {
        return;
    };
    let env = TestEnv::initialized();
    let served = Served::start(&env, &[]);
    let aws = |args: &[&str]| {
        let mut cmd = Command::new(&tools.aws);
        cmd.arg("secretsmanager")
            .args(args)
            .envs(served.env.iter().map(|(k, v)| (k, v)));
        clean_aws_env(&mut cmd);
        cmd.output().unwrap()
    };
    let created = aws(&[
        "create-secret",
        "--name",
        "cli/token",
        "--secret-string",
        "tok-1",
    ]);
    assert!(
        created.status.success(),
        "{}",
        String::from_utf8_lossy(&created.stderr)
    );
    let got = aws(&[
        "get-secret-value",
        "--secret-id",
        "cli/token",
        "--query",
        "SecretString",
        "--output",
        "text",
    ]);
    assert_eq!(String::from_utf8_lossy(&got.stdout), "tok-1\n");
    let json: serde_json::Value =
        serde_json::from_slice(&aws(&["describe-secret", "--secret-id", "cli/token"]).stdout)
            .unwrap();
    assert_eq!(json["Name"], "cli/token");
    let missing = aws(&["get-secret-value", "--secret-id", "cli/none"]);
    assert_eq!(
        missing.status.code(),
        Some(255),
        "aws CLI v1: a service error"
    );
    assert!(String::from_utf8_lossy(&missing.stderr).contains(
        "An error occurred (ResourceNotFoundException) when calling the GetSecretValue operation"
    ));
    // The CLI's write is in the vault, for arca's own CLI.
    assert_eq!(env.get(&["cli/token"]), b"tok-1");
}

/// Python that sends `(method, path, body, headers)` signed (or not) with
/// botocore's own SigV4 and prints `status __type message`.
const RAW: &str = r#"
import json, os, sys, urllib.request, urllib.error, datetime
from unittest import mock
import botocore.auth, botocore.awsrequest, botocore.credentials

endpoint = os.environ["AWS_ENDPOINT_URL_SECRETS_MANAGER"]

def send(target, body, key=None, secret=None, sign=True, shift=None, path="/", method="POST", headers=None):
    h = {"Content-Type": "application/x-amz-json-1.1", "X-Amz-Target": target}
    h.update(headers or {})
    req = botocore.awsrequest.AWSRequest(method=method, url=endpoint + path, data=body, headers=h)
    if sign:
        creds = botocore.credentials.Credentials(key or os.environ["AWS_ACCESS_KEY_ID"],
                                                 secret or os.environ["AWS_SECRET_ACCESS_KEY"])
        auth = botocore.auth.SigV4Auth(creds, "secretsmanager", "us-east-1")
        if shift:
            real = datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(seconds=shift)
            with mock.patch("botocore.auth.get_current_datetime", return_value=real.replace(tzinfo=None)), \
                 mock.patch("botocore.auth.datetime") as dt:
                dt.datetime.utcnow.return_value = real.replace(tzinfo=None)
                dt.timedelta = datetime.timedelta
                auth.add_auth(req)
        else:
            auth.add_auth(req)
    prepared = req.prepare()
    r = urllib.request.Request(prepared.url, data=prepared.body, headers=dict(prepared.headers), method=method)
    try:
        with urllib.request.urlopen(r) as resp:
            status, data = resp.status, resp.read()
    except urllib.error.HTTPError as e:
        status, data = e.code, e.read()
    try:
        doc = json.loads(data)
    except ValueError:
        doc = {}
    print(status, doc.get("__type", "-"), doc.get("message", "-"))
"#;

#[test]
fn unsigned_wrong_and_malformed_requests_get_aws_errors() {
    let Some(tools) = AwsTools::with_boto3() else {
        return;
    };
    let env = TestEnv::initialized();
    env.create("app/key", b"k-value");
    let served = Served::start(&env, &[]);
    let get = r#""secretsmanager.GetSecretValue", b'{"SecretId": "app/key"}'"#;
    let run = |call: &str| {
        let out = tools.python_ok(&format!("{RAW}\n{call}"), &served.env);
        out.trim_end().to_owned()
    };
    assert!(run(&format!("send({get})")).starts_with("200 - -"));
    // Dates on the wire are epoch seconds, as the Rust, Go, Java and
    // JavaScript SDKs require (boto3 would read strings too).
    let date = tools.python_ok(
        "import boto3, json\n\
         c = boto3.client('secretsmanager')\n\
         raw = []\n\
         c.meta.events.register('after-call', lambda http_response, **kw: raw.append(json.loads(http_response.content)))\n\
         c.describe_secret(SecretId='app/key')\n\
         print(type(raw[0]['CreatedDate']).__name__, type(raw[0]['LastChangedDate']).__name__)",
        &served.env,
    );
    assert_eq!(date, "float float\n");
    assert_eq!(
        run(&format!("send({get}, sign=False)")),
        "403 MissingAuthenticationTokenException Missing Authentication Token"
    );
    assert_eq!(
        run(&format!("send({get}, key='AKIAOTHERKEY00000000')")),
        "400 UnrecognizedClientException The security token included in the request is invalid."
    );
    assert!(run(&format!("send({get}, secret='x' * 40)")).starts_with(
        "400 InvalidSignatureException The request signature we calculated does not match"
    ));
    assert!(run(&format!("send({get}, shift=-600)"))
        .starts_with("400 InvalidSignatureException Signature expired: "),);
    assert!(run(&format!("send({get}, shift=600)"))
        .starts_with("400 InvalidSignatureException Signature not yet current: "));
    // Within the 5 minutes AWS allows.
    assert!(run(&format!("send({get}, shift=-240)")).starts_with("200 "));
    // A body changed after signing.
    assert!(run(r#"
h = {}
req = botocore.awsrequest.AWSRequest(method="POST", url=endpoint + "/", data=b'{"SecretId": "app/key"}',
    headers={"Content-Type": "application/x-amz-json-1.1", "X-Amz-Target": "secretsmanager.GetSecretValue"})
botocore.auth.SigV4Auth(botocore.credentials.Credentials(os.environ["AWS_ACCESS_KEY_ID"], os.environ["AWS_SECRET_ACCESS_KEY"]), "secretsmanager", "us-east-1").add_auth(req)
p = req.prepare()
r = urllib.request.Request(p.url, data=b'{"SecretId": "app/kez"}', headers=dict(p.headers), method="POST")
try:
    urllib.request.urlopen(r)
except urllib.error.HTTPError as e:
    print(e.code, json.loads(e.read())["__type"])
"#)
    .starts_with("400 InvalidSignatureException"));
    // Signed, but not AWS's JSON.
    assert_eq!(
        run(r#"send("secretsmanager.GetSecretValue", b'{"SecretId": ')"#),
        "400 SerializationException The request body is not a JSON object."
    );
    assert!(run(r#"send("secretsmanager.GetSecretValue", b'[1, 2]')"#)
        .starts_with("400 SerializationException"));
    assert!(run(r#"send("secretsmanager.DropTables", b'{}')"#)
        .starts_with("400 UnknownOperationException"));
    assert!(run(r#"send("kms.Decrypt", b'{}')"#).starts_with("400 UnknownOperationException"));
    assert!(
        run(r#"send("secretsmanager.GetSecretValue", b'{"SecretId": 7}')"#).starts_with("400 ")
    );
    // Oversized: refused before it is read.
    assert!(run(r#"send("secretsmanager.PutSecretValue", b'{"SecretId": "app/key", "SecretString": "' + b"x" * 300000 + b'"}')"#)
        .starts_with("413 RequestEntityTooLargeException"));
    // Another path or method.
    assert!(
        run(&format!("send({get}, path='/other')")).starts_with("404 UnknownOperationException")
    );
    // Over the value limit but under the request limit: the core's own error.
    assert!(run(r#"send("secretsmanager.PutSecretValue", b'{"SecretId": "app/key", "SecretString": "' + b"x" * 70000 + b'"}')"#)
        .starts_with("400 "));

    // A client that sends half a request and stalls does not hold up another.
    let stalled =
        std::net::TcpStream::connect(served.endpoint().trim_start_matches("http://")).unwrap();
    use std::io::Write;
    (&stalled)
        .write_all(b"POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n{")
        .unwrap();
    assert!(run(&format!("send({get})")).starts_with("200 "));
    drop(stalled);

    assert_eq!(
        env.get(&["app/key"]),
        b"k-value",
        "nothing refused was written"
    );
    let stderr = served.stderr();
    assert!(stderr.contains("refused a request"), "{stderr}");
    assert_no_leak(stderr.as_bytes(), &["k-value"]);
}

#[test]
fn plain_http_off_loopback_is_refused() {
    let env = TestEnv::initialized();
    let out = env
        .cmd()
        .args(["serve", "--listen", "0.0.0.0:0"])
        .assert()
        .code(2);
    let stderr = stderr(&out);
    assert!(
        stderr.starts_with("error: refusing to serve plain HTTP on 0.0.0.0:0"),
        "{stderr}"
    );
    assert!(
        stderr.contains("hint: give --tls-cert and --tls-key"),
        "{stderr}"
    );
    assert!(stdout(&out).is_empty(), "no credentials printed");
}

/// A self-signed certificate for 127.0.0.1 and localhost, made with openssl.
fn self_signed(env: &TestEnv) -> Option<(PathBuf, PathBuf)> {
    let (cert, key) = (env.path("cert.pem"), env.path("key.pem"));
    let made = Command::new("openssl")
        .args([
            "req",
            "-x509",
            "-newkey",
            "ec",
            "-pkeyopt",
            "ec_paramgen_curve:P-256",
            "-nodes",
        ])
        .arg("-keyout")
        .arg(&key)
        .arg("-out")
        .arg(&cert)
        .args([
            "-days",
            "1",
            "-subj",
            "/CN=localhost",
            "-addext",
            "subjectAltName=IP:127.0.0.1,DNS:localhost",
        ])
        .output();
    match made {
        Ok(out) if out.status.success() => Some((cert, key)),
        _ => {
            assert!(!moto_required(), "openssl is needed for the TLS test");
            eprintln!("note: skipping: no openssl to make a certificate");
            None
        }
    }
}

#[test]
fn tls_with_a_self_signed_certificate() {
    let Some(tools) = AwsTools::with_boto3() else {
        return;
    };
    let env = TestEnv::initialized();
    env.create("tls/one", b"over-tls");
    let Some((cert, key)) = self_signed(&env) else {
        return;
    };
    let (cert_s, key_s) = (cert.to_str().unwrap(), key.to_str().unwrap());
    let served = Served::start(&env, &["--tls-cert", cert_s, "--tls-key", key_s]);
    assert!(
        served.endpoint().starts_with("https://127.0.0.1:"),
        "{}",
        served.endpoint()
    );
    let got = tools.python_ok(
        &format!(
            "import boto3\nprint(boto3.client('secretsmanager', verify={cert_s:?}).get_secret_value(SecretId='tls/one')['SecretString'])"
        ),
        &served.env,
    );
    assert_eq!(got, "over-tls\n");
    // Without trusting the certificate, the client refuses.
    let untrusted = tools.run_python(
        "import boto3\nboto3.client('secretsmanager', config=__import__('botocore').config.Config(retries={'max_attempts': 1})).list_secrets()",
        &served.env,
    );
    assert!(!untrusted.status.success());
    assert!(String::from_utf8_lossy(&untrusted.stderr).contains("SSL"));
    // TLS 1.1 and older are not spoken.
    let old = tools.python_ok(
        &format!(
            "import socket, ssl\nctx = ssl.create_default_context(cafile={cert_s:?})\nctx.minimum_version = ctx.maximum_version = ssl.TLSVersion.TLSv1_1\n\
             host, port = {:?}.rsplit(':', 1)\ntry:\n    ctx.wrap_socket(socket.create_connection((host, int(port))), server_hostname=host)\n    print('handshake')\nexcept (ssl.SSLError, OSError):\n    print('refused')",
            served.endpoint().trim_start_matches("https://")
        ),
        &[],
    );
    assert_eq!(old, "refused\n");
    let mut cmd = Command::new(&tools.aws);
    cmd.args([
        "secretsmanager",
        "get-secret-value",
        "--secret-id",
        "tls/one",
        "--ca-bundle",
        cert_s,
    ])
    .args(["--query", "SecretString", "--output", "text"])
    .envs(served.env.iter().map(|(k, v)| (k, v)));
    clean_aws_env(&mut cmd);
    let out = cmd.output().unwrap();
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "over-tls\n",
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );

    // Off loopback with TLS is allowed, and says what it exposes. (Only
    // bound and stopped: no traffic leaves loopback.)
    let open = Served::start(
        &env,
        &[
            "--listen",
            "0.0.0.0:0",
            "--tls-cert",
            cert_s,
            "--tls-key",
            key_s,
        ],
    );
    let (status, _, stderr) = open.stop_with(libc::SIGINT);
    assert!(status.success(), "{status:?}: {stderr}");
    assert!(
        stderr.contains("is reachable from other machines"),
        "{stderr}"
    );
}

#[test]
fn a_cli_write_is_seen_by_the_next_request() {
    let Some(tools) = AwsTools::with_boto3() else {
        return;
    };
    let env = TestEnv::initialized();
    env.create("live/key", b"before");
    let served = Served::start(&env, &[]);
    let get = "import boto3\nprint(boto3.client('secretsmanager').get_secret_value(SecretId='live/key')['SecretString'])";
    assert_eq!(tools.python_ok(get, &served.env), "before\n");
    env.put("live/key", b"after");
    assert_eq!(tools.python_ok(get, &served.env), "after\n");
    env.create("live/new", b"fresh");
    let new = "import boto3\nprint(boto3.client('secretsmanager').get_secret_value(SecretId='live/new')['SecretString'])";
    assert_eq!(tools.python_ok(new, &served.env), "fresh\n");
    // And a write through the server is the CLI's next read.
    tools.python_ok(
        "import boto3\nboto3.client('secretsmanager').put_secret_value(SecretId='live/key', SecretString='served')",
        &served.env,
    );
    assert_eq!(env.get(&["live/key"]), b"served");
    assert_eq!(tools.python_ok(get, &served.env), "served\n");
}

/// 8 boto3 clients (threads, a client each) mixing reads and puts, while
/// the CLI writes too: every acknowledged write is in the vault afterwards.
const CONCURRENT: &str = r#"
import boto3, threading, json, sys
errors, acked = [], {}
def worker(n):
    c = boto3.session.Session().client("secretsmanager")
    mine = []
    try:
        for i in range(12):
            r = c.put_secret_value(SecretId="conc/%d" % n, SecretString="w%d-%d" % (n, i))
            mine.append(r["VersionId"])
            assert c.get_secret_value(SecretId="conc/%d" % n)["SecretString"] == "w%d-%d" % (n, i)
            c.get_secret_value(SecretId="conc/shared")
    except Exception as e:
        errors.append(repr(e))
    acked[n] = mine
threads = [threading.Thread(target=worker, args=(n,)) for n in range(8)]
[t.start() for t in threads]
[t.join(60) for t in threads]
print(json.dumps({"errors": errors, "acked": acked}))
"#;

#[test]
fn concurrent_clients_lose_no_write() {
    let Some(tools) = AwsTools::with_boto3() else {
        return;
    };
    let env = TestEnv::initialized();
    for n in 0..8 {
        env.create(&format!("conc/{n}"), b"start");
    }
    env.create("conc/shared", b"shared");
    env.create("conc/cli", b"cli-0");
    let served = Served::start(&env, &[]);
    // The CLI writes while the clients run.
    let writer = {
        let mut cmds = Vec::new();
        for i in 1..=10 {
            let mut cmd = env.std_cmd();
            cmd.args(["put", "conc/cli"])
                .stdin(Stdio::piped())
                .stdout(Stdio::null())
                .stderr(Stdio::piped());
            cmds.push((i, cmd));
        }
        thread::spawn(move || {
            for (i, mut cmd) in cmds {
                let mut child = cmd.spawn().unwrap();
                use std::io::Write;
                child
                    .stdin
                    .take()
                    .unwrap()
                    .write_all(format!("cli-{i}").as_bytes())
                    .unwrap();
                let out = child.wait_with_output().unwrap();
                assert!(
                    out.status.success(),
                    "{}",
                    String::from_utf8_lossy(&out.stderr)
                );
            }
        })
    };
    let out = tools.python_ok(CONCURRENT, &served.env);
    writer.join().unwrap();
    let result: serde_json::Value = serde_json::from_str(out.trim()).unwrap();
    assert_eq!(result["errors"], serde_json::json!([]), "{out}");
    for n in 0..8 {
        let acked: Vec<String> = result["acked"][n.to_string()]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_str().unwrap().to_owned())
            .collect();
        assert_eq!(acked.len(), 12);
        let ids = env.version_ids(&format!("conc/{n}"));
        for id in &acked {
            assert!(
                ids.contains(id),
                "acknowledged version {id} of conc/{n} is in the vault"
            );
        }
        assert_eq!(
            env.get(&[&format!("conc/{n}")]),
            format!("w{n}-11").as_bytes()
        );
    }
    assert_eq!(env.get(&["conc/cli"]), b"cli-10");
    assert_eq!(env.version_ids("conc/cli").len(), 11);
}

#[test]
fn exec_aws_gives_a_python_child_its_own_endpoint() {
    let Some(tools) = AwsTools::with_boto3() else {
        return;
    };
    let env = TestEnv::initialized();
    env.create("exec/db", b"child-reads-this");
    let key = env.identity_text();
    let script = "import boto3, os, sys\n\
        c = boto3.client('secretsmanager')\n\
        print(c.get_secret_value(SecretId='exec/db')['SecretString'])\n\
        c.put_secret_value(SecretId='exec/db', SecretString='child-wrote-this')\n\
        print('ARCA_KEY' in os.environ, 'AWS_SESSION_TOKEN' in os.environ, os.environ['AWS_ENDPOINT_URL_SECRETS_MANAGER'].startswith('http://127.0.0.1:'))\n\
        sys.exit(3)";
    let mut cmd = env.std_cmd();
    cmd.args(["exec", "--aws", "--"])
        .arg(tools.python())
        .args(["-c", script])
        .env("ARCA_KEY", key.trim())
        .env("AWS_SESSION_TOKEN", "a-real-session-token");
    clean_aws_env(&mut cmd);
    cmd.env("AWS_SESSION_TOKEN", "a-real-session-token");
    let out = cmd.output().unwrap();
    assert_eq!(
        out.status.code(),
        Some(3),
        "the child's status: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "child-reads-this\nFalse False True\n"
    );
    assert_eq!(env.get(&["exec/db"]), b"child-wrote-this");

    // With --mask, the value read through the API is masked in its output.
    let mut cmd = env.std_cmd();
    cmd.args(["exec", "--aws", "--mask", "--env", "DB=exec/db", "--"])
        .arg(tools.python())
        .args(["-c", "import boto3\nprint(boto3.client('secretsmanager').get_secret_value(SecretId='exec/db')['SecretString'])"]);
    clean_aws_env(&mut cmd);
    let out = cmd.output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(String::from_utf8_lossy(&out.stdout), "***\n");

    // The server is gone with the child: a command that cannot run is 127.
    let failed = env
        .arca(&["exec", "--aws", "--", "/nonexistent/arca-cmd"])
        .code(127);
    assert!(stderr(&failed).starts_with("error: cannot run '/nonexistent/arca-cmd'"));
}

#[test]
fn exec_aws_mask_spares_what_mask_alone_spares() {
    // The same rule as `exec --mask`: a value too short to mask is left as
    // it is (with a note), or every "1" in the output would be hidden.
    let env = TestEnv::initialized();
    env.create("exec/short", b"1");
    env.create("exec/long", b"long-enough-secret");
    let out = env
        .arca(&[
            "exec",
            "--aws",
            "--mask",
            "--env",
            "S=exec/short",
            "--env",
            "L=exec/long",
            "--",
            "sh",
            "-c",
            "printf '%s %s 1\\n' \"$S\" \"$L\"",
        ])
        .success();
    assert_eq!(String::from_utf8_lossy(&stdout(&out)), "1 *** 1\n");
    assert!(stderr(&out).contains("unmasked: S"), "{}", stderr(&out));
}

#[test]
fn exec_aws_passes_sigterm_to_the_child() {
    let Some(tools) = AwsTools::with_boto3() else {
        return;
    };
    let env = TestEnv::initialized();
    let mut cmd = env.std_cmd();
    cmd.args(["exec", "--aws", "--"])
        .arg(tools.python())
        .args(["-c", "import signal, sys, time\nsignal.signal(signal.SIGTERM, lambda *a: (print('got TERM', flush=True), sys.exit(7)))\nprint('ready', flush=True)\ntime.sleep(30)"])
        .stdout(Stdio::piped());
    let mut child = cmd.spawn().unwrap();
    let mut out = BufReader::new(child.stdout.take().unwrap());
    let mut line = String::new();
    out.read_line(&mut line).unwrap();
    assert_eq!(line, "ready\n");
    unsafe { libc::kill(child.id() as i32, libc::SIGTERM) };
    let status = wait_for(&mut child, Duration::from_secs(20));
    line.clear();
    out.read_line(&mut line).unwrap();
    assert_eq!(line, "got TERM\n");
    assert_eq!(status.code(), Some(7));
}

#[test]
fn agent_protocol_answers_get_with_its_token() {
    let Some(tools) = AwsTools::with_boto3() else {
        return;
    };
    let env = TestEnv::initialized();
    env.create("agent/db", b"agent-value");
    let served = Served::start_with(
        &env,
        &["--agent-protocol"],
        &[("AWS_TOKEN", "my-ssrf-token")],
    );
    assert_eq!(served.var("AWS_TOKEN"), "my-ssrf-token");
    let fetch = |path: &str, token: Option<&str>| {
        let header = token.map_or(String::new(), |t| {
            format!("'X-Aws-Parameters-Secrets-Token': {t:?}")
        });
        tools.python_ok(
            &format!(
                "import urllib.request, urllib.error, json\n\
                 r = urllib.request.Request({:?} + {path:?}, headers={{{header}}})\n\
                 try:\n    body = urllib.request.urlopen(r).read(); print(200, json.loads(body).get('SecretString'))\n\
                 except urllib.error.HTTPError as e:\n    print(e.code, json.loads(e.read())['__type'])",
                served.endpoint()
            ),
            &[],
        )
    };
    assert_eq!(
        fetch(
            "/secretsmanager/get?secretId=agent%2Fdb",
            Some("my-ssrf-token")
        ),
        "200 agent-value\n"
    );
    assert_eq!(
        fetch("/v1/agent%2Fdb", Some("my-ssrf-token")),
        "200 agent-value\n"
    );
    assert_eq!(
        fetch("/secretsmanager/get?secretId=agent%2Fdb", None),
        "403 AccessDeniedException\n"
    );
    assert_eq!(
        fetch("/secretsmanager/get?secretId=agent%2Fdb", Some("wrong")),
        "403 AccessDeniedException\n"
    );
    assert_eq!(
        fetch(
            "/secretsmanager/get?secretId=agent%2Fnone",
            Some("my-ssrf-token")
        ),
        "400 ResourceNotFoundException\n"
    );
    assert_eq!(
        fetch("/secretsmanager/get", Some("my-ssrf-token")),
        "400 InvalidParameterException\n"
    );

    // Without --agent-protocol, the agent's path is not served.
    let plain = Served::start(&env, &[]);
    let out = tools.python_ok(
        &format!(
            "import urllib.request, urllib.error\ntry:\n    urllib.request.urlopen({:?} + '/secretsmanager/get?secretId=agent%2Fdb')\nexcept urllib.error.HTTPError as e:\n    print(e.code)",
            plain.endpoint()
        ),
        &[],
    );
    assert_eq!(out, "404\n");
}

#[test]
fn credentials_file_keeps_the_key_pair_private_and_stable() {
    let Some(tools) = AwsTools::with_boto3() else {
        return;
    };
    let env = TestEnv::initialized();
    env.create("file/db", b"from-file-creds");
    let file = env.path("creds/serve-credentials");
    let file_s = file.to_str().unwrap();
    let served = Served::start(&env, &["--credentials-file", file_s]);
    assert!(
        !served.env.iter().any(|(k, _)| k == "AWS_SECRET_ACCESS_KEY"),
        "the key is not printed"
    );
    assert_eq!(served.var("AWS_SHARED_CREDENTIALS_FILE"), file_s);
    assert_eq!(mode(&file) & 0o777, 0o600);
    let text = std::fs::read_to_string(&file).unwrap();
    let get = "import boto3\nprint(boto3.client('secretsmanager').get_secret_value(SecretId='file/db')['SecretString'])";
    // The clean AWS environment points the credentials file at /dev/null:
    // give it back the printed one.
    let with_file = |served: &Served| {
        let mut env = served.env.clone();
        env.push(("AWS_PROFILE".into(), "default".into()));
        env
    };
    let mut cmd = Command::new(tools.python());
    cmd.args(["-c", get]).envs(with_file(&served));
    clean_aws_env(&mut cmd);
    cmd.env("AWS_SHARED_CREDENTIALS_FILE", file_s);
    let out = cmd.output().unwrap();
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "from-file-creds\n",
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    drop(served);
    // A restart reuses the pair.
    let again = Served::start(&env, &["--credentials-file", file_s]);
    assert_eq!(std::fs::read_to_string(&file).unwrap(), text);
    drop(again);
    // A file others can read is refused.
    set_mode(&file, 0o644);
    let refused = env
        .arca(&[
            "serve",
            "--listen",
            "127.0.0.1:0",
            "--credentials-file",
            file_s,
        ])
        .code(5);
    assert!(stderr(&refused).contains("can be read by others"));
}

#[test]
fn stops_cleanly_on_sigint() {
    let env = TestEnv::initialized();
    let served = Served::start(&env, &[]);
    let (status, _, stderr) = served.stop_with(libc::SIGINT);
    assert!(status.success(), "{status:?}");
    assert!(stderr.ends_with("arca serve: stopped\n"), "{stderr}");
}

#[test]
fn a_vault_that_cannot_be_opened_stops_it_before_anything_is_printed() {
    let env = TestEnv::initialized();
    std::fs::write(env.vault_path(), b"not an age file").unwrap();
    let out = env.arca(&["serve", "--listen", "127.0.0.1:0"]).code(5);
    assert!(stdout(&out).is_empty());
}
