//! The transport against a real moto_server on loopback (skipped with a
//! note when moto_server is not installed, unless ARCA_REQUIRE_MOTO=1):
//! every operation's request reaches AWS's API as the SDK sends it and
//! its response comes back as AWS's JSON. Each test starts its own
//! moto_server, so they run in parallel; `reset` empties it between parts.
//!
//! Where moto differs from AWS's documentation the test asserts AWS's
//! behaviour and says why.

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::thread;
use std::time::{Duration, Instant};

use aws_credential_types::provider::SharedCredentialsProvider;
use aws_credential_types::provider::{error::CredentialsError, future, ProvideCredentials};
use serde_json::{json, Value as Json};

use super::AwsRemote;
use crate::aws::AwsError;
use crate::sync::remote::{AwsTarget, Remote};

/// moto_server on a free loopback port, killed when dropped.
struct Moto {
    child: Child,
    port: u16,
}

impl Moto {
    fn start() -> Option<Moto> {
        let mut candidates = vec![PathBuf::from("/opt/arca-venv/bin/moto_server")];
        if let Some(path) = std::env::var_os("PATH") {
            candidates.extend(std::env::split_paths(&path).map(|d| d.join("moto_server")));
        }
        let Some(moto) = candidates.into_iter().find(|p| p.is_file()) else {
            let required =
                std::env::var_os("ARCA_REQUIRE_MOTO").is_some_and(|v| !v.is_empty() && v != "0");
            assert!(!required, "ARCA_REQUIRE_MOTO is set but moto_server is not installed (pip install -r .ci/requirements.txt)");
            eprintln!("note: skipping: moto_server is not installed (pip install -r .ci/requirements.txt)");
            return None;
        };
        let port = free_port();
        let child = Command::new(moto)
            .args(["-H", "127.0.0.1", "-p", &port.to_string()])
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("starting moto_server");
        let moto = Moto { child, port };
        let deadline = Instant::now() + Duration::from_secs(60);
        while TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(Instant::now() < deadline, "moto_server did not start");
            thread::sleep(Duration::from_millis(100));
        }
        Some(moto)
    }

    fn url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    /// A remote on this moto_server, with moto's test credentials.
    fn remote(&self) -> AwsRemote {
        remote_at(&self.url(), Some(static_credentials()))
    }

    /// Forgets every secret (moto's `/moto-api/reset`).
    fn reset(&self) {
        let mut stream = TcpStream::connect(("127.0.0.1", self.port)).expect("connecting to moto");
        write!(
            stream,
            "POST /moto-api/reset HTTP/1.0\r\nHost: 127.0.0.1\r\nContent-Length: 0\r\n\r\n"
        )
        .unwrap();
        let mut reply = String::new();
        stream.read_to_string(&mut reply).unwrap();
        assert!(reply.contains(" 200 "), "{reply}");
    }
}

impl Drop for Moto {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

fn static_credentials() -> SharedCredentialsProvider {
    SharedCredentialsProvider::new(aws_credential_types::Credentials::new(
        "testing", "testing", None, None, "test",
    ))
}

fn remote_at(url: &str, credentials: Option<SharedCredentialsProvider>) -> AwsRemote {
    let target = AwsTarget {
        region: Some("us-east-1".into()),
        profile: None,
        endpoint_url: Some(url.into()),
    };
    AwsRemote::new(&target, credentials).expect("connecting")
}

fn ok(remote: &mut AwsRemote, operation: &str, request: Json) -> Json {
    remote
        .call(operation, &request)
        .unwrap_or_else(|e| panic!("{operation}: {e}"))
}

fn err(remote: &mut AwsRemote, operation: &str, request: Json) -> AwsError {
    match remote.call(operation, &request) {
        Ok(answer) => panic!("{operation} succeeded: {answer}"),
        Err(e) => e,
    }
}

/// `output::date`'s form: `2026-11-30T14:02:54.123000+00:00`.
fn is_date(value: &Json) -> bool {
    let Some(s) = value.as_str() else {
        return false;
    };
    s.len() == 32
        && s.char_indices().all(|(i, c)| match i {
            4 | 7 => c == '-',
            10 => c == 'T',
            13 | 16 | 29 => c == ':',
            19 => c == '.',
            26 => c == '+',
            _ => c.is_ascii_digit(),
        })
}

const ID1: &str = "11111111-1111-4111-8111-111111111111";
const ID2: &str = "22222222-2222-4222-8222-222222222222";
const ID3: &str = "33333333-3333-4333-8333-333333333333";

#[test]
fn values_keep_their_ids_bytes_and_kind() {
    let Some(moto) = Moto::start() else { return };
    let mut aws = moto.remote();
    assert_eq!(
        aws.describe(),
        format!("AWS Secrets Manager at {}", moto.url())
    );

    // A string, under the version id the sync chose.
    let created = ok(
        &mut aws,
        "CreateSecret",
        json!({"Name": "app/db", "ClientRequestToken": ID1, "SecretString": "pässword\n",
               "Description": "the db", "Tags": [{"Key": "team", "Value": "core"}]}),
    );
    assert_eq!(created["Name"], "app/db");
    assert_eq!(created["VersionId"], ID1);
    let arn = created["ARN"].as_str().unwrap().to_owned();
    assert!(
        arn.starts_with("arn:aws:secretsmanager:us-east-1:"),
        "{arn}"
    );

    let got = ok(&mut aws, "GetSecretValue", json!({"SecretId": "app/db"}));
    assert_eq!(got["ARN"], arn.as_str());
    assert_eq!(got["VersionId"], ID1);
    assert_eq!(got["SecretString"], "pässword\n");
    assert!(got.get("SecretBinary").is_none(), "{got}");
    assert_eq!(got["VersionStages"], json!(["AWSCURRENT"]));
    assert!(is_date(&got["CreatedDate"]), "{got}");

    // Bytes that are not UTF-8, as a second version with its own id and
    // a label of the sync's (PutSecretValue with VersionStages).
    let bytes = [0u8, 0xff, 0xfe, b'\n', 0x80, 0];
    let b64 = base64::Engine::encode(&base64::engine::general_purpose::STANDARD, bytes);
    let put = ok(
        &mut aws,
        "PutSecretValue",
        json!({"SecretId": arn, "ClientRequestToken": ID2, "SecretBinary": b64,
               "VersionStages": ["arca-sync"]}),
    );
    assert_eq!(put["VersionId"], ID2);
    assert_eq!(put["VersionStages"], json!(["arca-sync"]));
    let got = ok(
        &mut aws,
        "GetSecretValue",
        json!({"SecretId": "app/db", "VersionId": ID2}),
    );
    assert_eq!(got["SecretBinary"], b64.as_str());
    assert!(got.get("SecretString").is_none(), "{got}");
    assert_eq!(got["VersionStages"], json!(["arca-sync"]));
    let by_label = ok(
        &mut aws,
        "GetSecretValue",
        json!({"SecretId": "app/db", "VersionStage": "arca-sync"}),
    );
    assert_eq!(by_label["VersionId"], ID2);
    // AWSCURRENT did not move.
    let current = ok(&mut aws, "GetSecretValue", json!({"SecretId": "app/db"}));
    assert_eq!(current["VersionId"], ID1);

    // A secret created with bytes.
    ok(
        &mut aws,
        "CreateSecret",
        json!({"Name": "app/key", "ClientRequestToken": ID3, "SecretBinary": b64}),
    );
    let batch = ok(
        &mut aws,
        "BatchGetSecretValue",
        json!({"SecretIdList": ["app/db", "app/key"]}),
    );
    let values = batch["SecretValues"].as_array().unwrap();
    assert_eq!(values.len(), 2, "{batch}");
    let key = values.iter().find(|v| v["Name"] == "app/key").unwrap();
    assert_eq!(key["SecretBinary"], b64.as_str());
    assert_eq!(key["VersionId"], ID3);
    let db = values.iter().find(|v| v["Name"] == "app/db").unwrap();
    assert_eq!(db["SecretString"], "pässword\n");
    assert_eq!(batch["Errors"], json!([]));

    // Retrying a write with the same token and the same value is a no-op
    // (AWS's idempotency, what lets a killed sync rerun); another value
    // under that id is refused, and the error carries no value.
    ok(
        &mut aws,
        "PutSecretValue",
        json!({"SecretId": "app/db", "ClientRequestToken": ID2, "SecretBinary": b64,
               "VersionStages": ["arca-sync"]}),
    );
    let e = err(
        &mut aws,
        "PutSecretValue",
        json!({"SecretId": "app/db", "ClientRequestToken": ID2, "SecretString": "other-bytes"}),
    );
    assert_eq!(e.code, "ResourceExistsException", "{e}");
    assert!(!e.to_string().contains("other-bytes"), "{e}");
    assert!(e.local.is_none());
}

#[test]
fn metadata_labels_tags_and_deletion_round_trip() {
    let Some(moto) = Moto::start() else { return };
    let mut aws = moto.remote();
    ok(
        &mut aws,
        "CreateSecret",
        json!({"Name": "svc", "ClientRequestToken": ID1, "SecretString": "one",
               "Description": "first", "Tags": [{"Key": "arca", "Value": "owned"},
                                                {"Key": "env", "Value": "prod"}]}),
    );
    ok(
        &mut aws,
        "PutSecretValue",
        json!({"SecretId": "svc", "ClientRequestToken": ID2, "SecretString": "two",
               "VersionStages": ["arca-sync"]}),
    );
    // The sync's label move: AWSCURRENT from its holder to the new version,
    // then its temporary label off.
    ok(
        &mut aws,
        "UpdateSecretVersionStage",
        json!({"SecretId": "svc", "VersionStage": "AWSCURRENT",
               "RemoveFromVersionId": ID1, "MoveToVersionId": ID2}),
    );
    let moved = ok(
        &mut aws,
        "UpdateSecretVersionStage",
        json!({"SecretId": "svc", "VersionStage": "arca-sync", "RemoveFromVersionId": ID2}),
    );
    assert_eq!(moved["Name"], "svc");
    ok(
        &mut aws,
        "UpdateSecret",
        json!({"SecretId": "svc", "Description": "second"}),
    );
    ok(
        &mut aws,
        "TagResource",
        json!({"SecretId": "svc", "Tags": [{"Key": "team", "Value": "core"}]}),
    );
    assert_eq!(
        ok(
            &mut aws,
            "UntagResource",
            json!({"SecretId": "svc", "TagKeys": ["env"]})
        ),
        json!({})
    );

    let d = ok(&mut aws, "DescribeSecret", json!({"SecretId": "svc"}));
    assert_eq!(d["Name"], "svc");
    assert_eq!(d["Description"], "second");
    let mut tags = d["Tags"].as_array().unwrap().clone();
    tags.sort_by_key(|t| t["Key"].as_str().unwrap().to_owned());
    assert_eq!(
        tags,
        [
            json!({"Key": "arca", "Value": "owned"}),
            json!({"Key": "team", "Value": "core"})
        ]
    );
    assert_eq!(d["VersionIdsToStages"][ID2], json!(["AWSCURRENT"]));
    assert_eq!(d["VersionIdsToStages"][ID1], json!(["AWSPREVIOUS"]));
    assert!(
        is_date(&d["CreatedDate"]) && is_date(&d["LastChangedDate"]),
        "{d}"
    );
    assert!(d.get("DeletedDate").is_none() && d.get("RotationEnabled") != Some(&json!(true)));

    let versions = ok(
        &mut aws,
        "ListSecretVersionIds",
        json!({"SecretId": "svc", "IncludeDeprecated": true}),
    );
    assert_eq!(versions["Name"], "svc");
    // The last page has no NextToken (moto sends "", AWS nothing).
    assert!(versions.get("NextToken").is_none(), "{versions}");
    let mut listed: Vec<(String, Json)> = versions["Versions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| {
            assert!(is_date(&v["CreatedDate"]), "{v}");
            (
                v["VersionId"].as_str().unwrap().to_owned(),
                v["VersionStages"].clone(),
            )
        })
        .collect();
    listed.sort_by(|a, b| a.0.cmp(&b.0));
    assert_eq!(
        listed,
        [
            (ID1.to_owned(), json!(["AWSPREVIOUS"])),
            (ID2.to_owned(), json!(["AWSCURRENT"]))
        ]
    );

    // Deletion with a recovery window: listed only with
    // IncludePlannedDeletion, restorable.
    let deleted = ok(
        &mut aws,
        "DeleteSecret",
        json!({"SecretId": "svc", "RecoveryWindowInDays": 7}),
    );
    assert!(is_date(&deleted["DeletionDate"]), "{deleted}");
    let d = ok(&mut aws, "DescribeSecret", json!({"SecretId": "svc"}));
    assert!(is_date(&d["DeletedDate"]), "{d}");
    let names = |list: &Json| -> Vec<String> {
        list["SecretList"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s["Name"].as_str().unwrap().to_owned())
            .collect()
    };
    assert!(names(&ok(&mut aws, "ListSecrets", json!({}))).is_empty());
    let planned = ok(
        &mut aws,
        "ListSecrets",
        json!({"IncludePlannedDeletion": true}),
    );
    assert_eq!(names(&planned), ["svc"]);
    assert!(
        is_date(&planned["SecretList"][0]["DeletedDate"]),
        "{planned}"
    );
    assert_eq!(
        planned["SecretList"][0]["SecretVersionsToStages"][ID2],
        json!(["AWSCURRENT"])
    );
    // AWS refuses a new value for a secret scheduled for deletion
    // (InvalidRequestException); moto stores it, so that rule is not
    // checked against moto here.
    assert_eq!(
        ok(&mut aws, "RestoreSecret", json!({"SecretId": "svc"}))["Name"],
        "svc"
    );
    assert_eq!(names(&ok(&mut aws, "ListSecrets", json!({}))), ["svc"]);

    ok(
        &mut aws,
        "DeleteSecret",
        json!({"SecretId": "svc", "ForceDeleteWithoutRecovery": true}),
    );
    let e = err(&mut aws, "DescribeSecret", json!({"SecretId": "svc"}));
    assert_eq!(e.code, "ResourceNotFoundException");
    // The status is the server's as it came: moto answers 404 where AWS
    // documents 400.
    assert_eq!(e.status, 404);
}

#[test]
fn list_secrets_pages_filters_and_sorts() {
    let Some(moto) = Moto::start() else { return };
    let mut aws = moto.remote();
    for i in 0..105 {
        let mut request = json!({"Name": format!("s{i:03}"), "SecretString": "v"});
        if i % 10 == 0 {
            request["Tags"] = json!([{"Key": "sync", "Value": "yes"}]);
        }
        ok(&mut aws, "CreateSecret", request);
    }
    let mut names = Vec::new();
    let mut pages = 0;
    let mut request = json!({"MaxResults": 100});
    loop {
        let page = ok(&mut aws, "ListSecrets", request.clone());
        pages += 1;
        names.extend(
            page["SecretList"]
                .as_array()
                .unwrap()
                .iter()
                .map(|s| s["Name"].as_str().unwrap().to_owned()),
        );
        match page.get("NextToken") {
            Some(token) => request["NextToken"] = token.clone(),
            None => break,
        }
    }
    assert_eq!(pages, 2);
    names.sort();
    assert_eq!(names.len(), 105);
    names.dedup();
    assert_eq!(names.len(), 105, "a page repeated a secret");

    let tagged = ok(
        &mut aws,
        "ListSecrets",
        json!({"Filters": [{"Key": "tag-key", "Values": ["sync"]}]}),
    );
    assert_eq!(
        tagged["SecretList"].as_array().unwrap().len(),
        11,
        "{tagged}"
    );
    let prefixed = ok(
        &mut aws,
        "ListSecrets",
        json!({"Filters": [{"Key": "name", "Values": ["s10"]}], "SortOrder": "asc"}),
    );
    let listed: Vec<&str> = prefixed["SecretList"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["Name"].as_str().unwrap())
        .collect();
    assert_eq!(listed.len(), 5, "{listed:?}");
    assert!(listed.iter().all(|n| n.starts_with("s10")), "{listed:?}");

    let batch = ok(
        &mut aws,
        "BatchGetSecretValue",
        json!({"Filters": [{"Key": "tag-key", "Values": ["sync"]}], "MaxResults": 5}),
    );
    assert_eq!(
        batch["SecretValues"].as_array().unwrap().len(),
        5,
        "{batch}"
    );
    assert!(batch["NextToken"].is_string(), "{batch}");

    moto.reset();
    assert_eq!(
        ok(&mut aws, "ListSecrets", json!({}))["SecretList"],
        json!([])
    );
}

#[test]
fn errors_keep_awss_code_and_a_bad_request_is_refused_before_sending() {
    let Some(moto) = Moto::start() else { return };
    let mut aws = moto.remote();
    let e = err(&mut aws, "GetSecretValue", json!({"SecretId": "nope"}));
    assert_eq!(e.code, "ResourceNotFoundException", "{e}");
    assert!(e.message.contains("can't find"), "{e}");
    assert!(e.local.is_none());

    ok(
        &mut aws,
        "CreateSecret",
        json!({"Name": "dup", "SecretString": "first-value"}),
    );
    let e = err(
        &mut aws,
        "CreateSecret",
        json!({"Name": "dup", "SecretString": "second-value"}),
    );
    assert_eq!(e.code, "ResourceExistsException", "{e}");
    assert!(!format!("{e} {e:?}").contains("second-value"), "{e}");

    let e = err(&mut aws, "RotateSecret", json!({"SecretId": "dup"}));
    assert_eq!(e.code, "UnknownOperationException");
    let e = err(&mut aws, "GetSecretValue", json!({"SecretId": 7}));
    assert_eq!(
        (e.code, e.message.as_str()),
        ("SerializationException", "SecretId must be a string")
    );
    let e = err(
        &mut aws,
        "PutSecretValue",
        json!({"SecretId": "dup", "SecretBinary": "not base64!"}),
    );
    assert_eq!(e.code, "SerializationException");
    assert!(!e.message.contains("not base64!"), "{e}");
}

#[test]
fn an_unreachable_endpoint_is_a_local_error_naming_it() {
    let port = free_port();
    let url = format!("http://127.0.0.1:{port}");
    let mut aws = remote_at(&url, Some(static_credentials()));
    let e = err(&mut aws, "ListSecrets", json!({}));
    assert!(e.local.is_some(), "{e}");
    assert_eq!(
        e.message,
        format!("cannot reach AWS Secrets Manager at {url}: connection refused")
    );
    // A password in the URL is a credential: never shown.
    let mut aws = remote_at(
        &format!("http://proxy:pa55word@127.0.0.1:{port}"),
        Some(static_credentials()),
    );
    let e = err(&mut aws, "ListSecrets", json!({}));
    assert_eq!(
        e.message,
        format!("cannot reach AWS Secrets Manager at {url}: connection refused")
    );
    assert_eq!(aws.describe(), format!("AWS Secrets Manager at {url}"));
}

#[test]
fn userinfo_is_cut_from_shown_urls_and_nothing_else() {
    use super::sdk::without_userinfo as shown;
    assert_eq!(shown("https://u:p@h:1/x@y?a=b@c"), "https://h:1/x@y?a=b@c");
    assert_eq!(shown("http://a@b@host"), "http://host");
    assert_eq!(shown("http://host/p@q"), "http://host/p@q");
    assert_eq!(shown("host:1"), "host:1");
}

/// A credentials provider that has none, as the default chain ends when
/// no source has any.
#[derive(Debug)]
struct NoCredentials;

impl ProvideCredentials for NoCredentials {
    fn provide_credentials<'a>(&'a self) -> future::ProvideCredentials<'a>
    where
        Self: 'a,
    {
        future::ProvideCredentials::ready(Err(CredentialsError::not_loaded(
            "no providers in chain provided credentials",
        )))
    }
}

#[test]
fn missing_credentials_say_how_to_give_them() {
    let Some(moto) = Moto::start() else { return };
    let mut aws = remote_at(
        &moto.url(),
        Some(SharedCredentialsProvider::new(NoCredentials)),
    );
    let e = err(&mut aws, "ListSecrets", json!({}));
    assert!(e.local.is_some(), "{e}");
    assert!(
        e.message.starts_with("no AWS credentials: set AWS_PROFILE"),
        "{}",
        e.message
    );
}

/// Answers every request with one AWS error, as AWS does for a caller it
/// refuses or throttles (moto never does either); counts the requests.
fn refusing_server(
    status: u16,
    code: &'static str,
) -> (String, std::sync::Arc<std::sync::atomic::AtomicUsize>) {
    use std::sync::atomic::{AtomicUsize, Ordering};
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let count = std::sync::Arc::new(AtomicUsize::new(0));
    let seen = count.clone();
    thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { return };
            let seen = seen.clone();
            thread::spawn(move || {
                let mut buf = [0u8; 65536];
                let mut request = Vec::new();
                // Headers, then Content-Length bytes of body.
                loop {
                    let Ok(n) = stream.read(&mut buf) else { return };
                    if n == 0 {
                        return;
                    }
                    request.extend_from_slice(&buf[..n]);
                    let text = String::from_utf8_lossy(&request).to_lowercase();
                    if let Some(end) = text.find("\r\n\r\n") {
                        let length = text
                            .lines()
                            .find_map(|l| l.strip_prefix("content-length:"))
                            .and_then(|v| v.trim().parse::<usize>().ok())
                            .unwrap_or(0);
                        if request.len() >= end + 4 + length {
                            seen.fetch_add(1, Ordering::SeqCst);
                            let body =
                                format!(r#"{{"__type":"{code}","message":"nope for the test"}}"#);
                            let _ = write!(
                                stream,
                                "HTTP/1.1 {status} X\r\nContent-Type: application/x-amz-json-1.1\r\nx-amzn-ErrorType: {code}\r\nContent-Length: {}\r\n\r\n{body}",
                                body.len()
                            );
                            request.clear();
                        }
                    }
                }
            });
        }
    });
    (url, count)
}

#[test]
fn access_denied_names_the_operation_and_throttling_comes_after_the_sdks_retries() {
    use std::sync::atomic::Ordering;
    let (url, count) = refusing_server(400, "AccessDeniedException");
    let mut aws = remote_at(&url, Some(static_credentials()));
    let e = err(&mut aws, "GetSecretValue", json!({"SecretId": "x"}));
    assert_eq!(e.code, "AccessDeniedException");
    assert_eq!(e.message, "AWS refused GetSecretValue: nope for the test");
    assert_eq!(
        count.load(Ordering::SeqCst),
        1,
        "access denied is not retried"
    );

    let (url, count) = refusing_server(400, "ThrottlingException");
    let mut aws = remote_at(&url, Some(static_credentials()));
    let e = err(&mut aws, "ListSecrets", json!({}));
    assert_eq!(e.code, "ThrottlingException");
    assert!(
        e.message.starts_with(
            "AWS Secrets Manager kept throttling ListSecrets, still after the SDK's retries"
        ),
        "{}",
        e.message
    );
    assert_eq!(
        count.load(Ordering::SeqCst),
        3,
        "the SDK's standard retries: 3 attempts"
    );
}
