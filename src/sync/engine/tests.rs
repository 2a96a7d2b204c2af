//! The engine on real vault files (a primary and its replica, through the
//! vault transport and arca's AWS core): a label moved on the remote
//! between planning and applying makes the move fail (compare-and-move),
//! the secret is reported as a conflict, and nothing is overwritten.

use std::os::unix::fs::OpenOptionsExt;
use std::path::{Path, PathBuf};

use serde_json::json;

use super::*;
use crate::cli::ColorChoice;
use crate::merge::Side;
use crate::output::Output;
use crate::paths::Paths;
use crate::sync::remotes::Kind;
use crate::sync::vault_remote::{self, VaultRemote};
use crate::sync::Mode;
use crate::vault::Vault;

const A: &str = "aaaaaaaa-0000-4000-8000-000000000000";
const B: &str = "bbbbbbbb-0000-4000-8000-000000000000";
const C: &str = "cccccccc-0000-4000-8000-000000000000";

struct Setup {
    _dir: tempfile::TempDir,
    ctx: Ctx,
    config: RemoteConfig,
    replica: PathBuf,
}

fn setup() -> Setup {
    let dir = tempfile::tempdir().unwrap();
    let (identity, public) = crate::keys::generate_identity(crate::clock::now());
    let key_file = dir.path().join("identity.txt");
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(&key_file)
        .unwrap();
    std::io::Write::write_all(&mut file, identity.as_bytes()).unwrap();
    let vault = dir.path().join("vault.age");
    Vault::new(vec![public], crate::clock::now())
        .save(&vault)
        .unwrap();
    let paths = Paths {
        vault,
        identities: vec![key_file],
        config: dir.path().join("config.toml"),
    };
    let mut ctx = Ctx::new(paths, Output::new(None, ColorChoice::Never));
    ctx.use_agent = false;
    let replica = dir.path().join("replica.age");
    let config = RemoteConfig {
        kind: Kind::Vault,
        region: None,
        profile: None,
        endpoint_url: None,
        kms_key_id: None,
        path: Some(replica.clone()),
        recipients: Vec::new(),
        prefix: None,
        filters: Vec::new(),
    };
    Setup {
        _dir: dir,
        ctx,
        config,
        replica,
    }
}

fn opts(prefer: Option<Side>) -> Options {
    Options {
        mode: Mode::Sync,
        prefer,
        adopt: false,
        prune: false,
        owner: "primary".into(),
        kms_key_id: None,
        now: crate::clock::now(),
    }
}

fn put(ctx: &Ctx, id: &str, value: &str) {
    let request = json!({ "SecretId": "app/db", "ClientRequestToken": id, "SecretString": value });
    crate::aws::call(ctx, "PutSecretValue", &request).unwrap();
}

fn current(ctx: &Ctx) -> String {
    let got = crate::aws::call(ctx, "GetSecretValue", &json!({ "SecretId": "app/db" })).unwrap();
    got["VersionId"].as_str().unwrap().to_owned()
}

fn labels(ctx: &Ctx) -> String {
    let got = crate::aws::call(ctx, "DescribeSecret", &json!({ "SecretId": "app/db" })).unwrap();
    got["VersionIdsToStages"].to_string()
}

/// The replica as another writer sees it (a sync from elsewhere).
fn other_writer(s: &Setup, path: &Path) -> Ctx {
    let mut ctx = s.ctx.for_vault(path);
    ctx.replica_writes = true;
    ctx
}

/// The vault transport, with another writer rotating the replica's
/// secret just before the sync's first label move. The sync holds the
/// replica (and its lock) for the run, so that write comes through it, as
/// another client's request reaches AWS between two of the sync's.
struct Interleaved {
    inner: VaultRemote,
    other: bool,
}

impl Remote for Interleaved {
    fn call(&mut self, operation: &str, request: &Json) -> Result<Json, AwsError> {
        if operation == "UpdateSecretVersionStage" && std::mem::take(&mut self.other) {
            let rotation =
                json!({ "SecretId": "app/db", "ClientRequestToken": C, "SecretString": "theirs" });
            self.inner.call("PutSecretValue", &rotation).unwrap();
        }
        self.inner.call(operation, request)
    }

    fn finish(&mut self) -> Result<(), AwsError> {
        self.inner.finish()
    }

    fn describe(&self) -> String {
        self.inner.describe()
    }
}

fn run_once(s: &Setup, remote: &mut dyn Remote, prefer: Option<Side>) -> Report {
    run(&s.ctx, remote, "ci", &s.config, &opts(prefer), &[], false).unwrap()
}

#[test]
fn a_label_moved_on_the_remote_during_a_sync_is_a_conflict_not_an_overwrite() {
    let s = setup();
    let create = json!({ "Name": "app/db", "ClientRequestToken": A, "SecretString": "a" });
    crate::aws::call(&s.ctx, "CreateSecret", &create).unwrap();
    let mut remote = vault_remote::connect(&s.ctx, &s.config, false).unwrap();
    let report = run_once(&s, &mut remote, None);
    assert_eq!(report.count(Action::Sync), 1);
    let base = s.ctx.find("app/db", false).unwrap().sync["ci"].clone();
    // Here: a new AWSCURRENT. There, meanwhile: another one.
    put(&s.ctx, B, "ours");
    let other = other_writer(&s, &s.replica);
    let mut interleaved = Interleaved {
        inner: vault_remote::connect(&s.ctx, &s.config, false).unwrap(),
        other: true,
    };
    let report = run_once(&s, &mut interleaved, None);
    let plan = &report.plans[0];
    assert_eq!(plan.action, Action::Conflict);
    assert!(
        plan.reason
            .as_deref()
            .unwrap()
            .contains("the remote changed during the sync"),
        "{:?}",
        plan.reason
    );
    // Nothing overwritten: the remote keeps its rotation, this vault its
    // own version and its old base (with the reason recorded).
    assert_eq!(current(&other), C);
    assert_eq!(current(&s.ctx), B);
    let state = s.ctx.find("app/db", false).unwrap().sync["ci"].clone();
    assert_eq!(state.versions, base.versions);
    assert!(state.failed.unwrap().contains("the remote changed"));
    // The next run sees AWSCURRENT moved on both sides: a conflict, until
    // a side is preferred; then both agree and the temporary label is gone.
    let mut remote = vault_remote::connect(&s.ctx, &s.config, false).unwrap();
    assert_eq!(run_once(&s, &mut remote, None).count(Action::Conflict), 1);
    let report = run_once(&s, &mut remote, Some(Side::Theirs));
    assert_eq!(
        report.count(Action::Sync),
        1,
        "{}",
        serde_json::to_string(&report.plans).unwrap()
    );
    assert_eq!(current(&s.ctx), C);
    assert_eq!(labels(&s.ctx), labels(&other));
    assert!(!labels(&other).contains(crate::sync::TEMP_LABEL));
    assert_eq!(run_once(&s, &mut remote, None).count(Action::InSync), 1);
    let state = s.ctx.find("app/db", false).unwrap().sync["ci"].clone();
    assert!(state.failed.is_none());
}

/// The vault transport, with this vault changed by another command while
/// the sync talks to the remote (it holds no lock then).
struct LocalMeanwhile<'a> {
    inner: VaultRemote,
    primary: Option<&'a Ctx>,
}

impl Remote for LocalMeanwhile<'_> {
    fn call(&mut self, operation: &str, request: &Json) -> Result<Json, AwsError> {
        if operation == "TagResource" {
            if let Some(primary) = self.primary.take() {
                let tag =
                    json!({ "SecretId": "app/db", "Tags": [{ "Key": "k", "Value": "meanwhile" }] });
                crate::aws::call(primary, "TagResource", &tag).unwrap();
            }
        }
        self.inner.call(operation, request)
    }

    fn finish(&mut self) -> Result<(), AwsError> {
        self.inner.finish()
    }

    fn describe(&self) -> String {
        self.inner.describe()
    }
}

#[test]
fn a_local_change_during_a_sync_is_kept_and_merged_by_the_next_run() {
    let s = setup();
    let create = json!({ "Name": "app/db", "ClientRequestToken": A, "SecretString": "a" });
    crate::aws::call(&s.ctx, "CreateSecret", &create).unwrap();
    let mut remote = vault_remote::connect(&s.ctx, &s.config, false).unwrap();
    run_once(&s, &mut remote, None);
    // The remote rotated; here a tag was added: both travel in one run...
    let other = other_writer(&s, &s.replica);
    put(&other, C, "theirs");
    let tag = json!({ "SecretId": "app/db", "Tags": [{ "Key": "k", "Value": "v" }] });
    crate::aws::call(&s.ctx, "TagResource", &tag).unwrap();
    // ...but another command changes this vault while the sync runs.
    let mut meanwhile = LocalMeanwhile {
        inner: vault_remote::connect(&s.ctx, &s.config, false).unwrap(),
        primary: Some(&s.ctx),
    };
    let report = run_once(&s, &mut meanwhile, None);
    let plan = &report.plans[0];
    assert!(
        plan.notes
            .iter()
            .any(|n| n.contains("changed here during the sync")),
        "{:?}",
        plan.notes
    );
    // Its change stands; the remote's rotation was not written over it.
    let here = s.ctx.find("app/db", false).unwrap();
    assert_eq!(here.tags["k"], "meanwhile");
    assert_eq!(current(&s.ctx), A);
    // The next run merges both: the rotation here, the tag there.
    let report = run_once(&s, &mut remote, None);
    assert_eq!(report.count(Action::Sync), 1);
    assert_eq!(current(&s.ctx), C);
    let there =
        crate::aws::call(&other, "DescribeSecret", &json!({ "SecretId": "app/db" })).unwrap();
    assert!(there["Tags"].to_string().contains("meanwhile"), "{there}");
    assert_eq!(run_once(&s, &mut remote, None).count(Action::InSync), 1);
}

/// The vault transport, failing every request about one secret, as a
/// throttled or forbidden secret on AWS would.
struct FailingFor {
    inner: VaultRemote,
    name: &'static str,
}

impl Remote for FailingFor {
    fn call(&mut self, operation: &str, request: &Json) -> Result<Json, AwsError> {
        let about = request.get("SecretId").or_else(|| request.get("Name"));
        if about.and_then(Json::as_str) == Some(self.name) {
            return Err(AwsError::new("AccessDeniedException", "not allowed here"));
        }
        self.inner.call(operation, request)
    }

    fn finish(&mut self) -> Result<(), AwsError> {
        self.inner.finish()
    }

    fn describe(&self) -> String {
        self.inner.describe()
    }
}

#[test]
fn a_failure_on_one_secret_is_recorded_and_the_others_sync() {
    let s = setup();
    for name in ["app/a", "app/db"] {
        let create = json!({ "Name": name, "SecretString": "v" });
        crate::aws::call(&s.ctx, "CreateSecret", &create).unwrap();
    }
    let mut failing = FailingFor {
        inner: vault_remote::connect(&s.ctx, &s.config, false).unwrap(),
        name: "app/db",
    };
    let report = run_once(&s, &mut failing, None);
    assert_eq!(
        (report.count(Action::Sync), report.count(Action::Failed)),
        (1, 1)
    );
    let state = s.ctx.find("app/db", false).unwrap().sync["ci"].clone();
    assert!(!state.is_base());
    assert_eq!(
        state.failed.as_deref(),
        Some("CreateSecret: AccessDeniedException: not allowed here")
    );
    let shown = crate::aws::shape::describe(&s.ctx.find("app/db", false).unwrap());
    assert_eq!(shown["ReplicationStatus"][0]["Status"], "Failed");
    assert!(s.ctx.find("app/a", false).unwrap().sync["ci"]
        .failed
        .is_none());
    // The same failure again records nothing new; once it passes, it syncs.
    let before = std::fs::read(&s.ctx.paths.vault).unwrap();
    run_once(&s, &mut failing, None);
    assert_eq!(std::fs::read(&s.ctx.paths.vault).unwrap(), before);
    let mut remote = vault_remote::connect(&s.ctx, &s.config, false).unwrap();
    assert_eq!(run_once(&s, &mut remote, None).count(Action::Sync), 1);
    let state = s.ctx.find("app/db", false).unwrap().sync["ci"].clone();
    assert!(state.is_base() && state.failed.is_none());
}

/// A server whose every page says there is another, with the same token.
struct EndlessPages;

impl Remote for EndlessPages {
    fn call(&mut self, _: &str, _: &Json) -> Result<Json, AwsError> {
        Ok(json!({ "SecretList": [{ "Name": "a" }], "NextToken": "again" }))
    }

    fn describe(&self) -> String {
        "a server that repeats its NextToken".into()
    }
}

#[test]
fn a_next_token_given_twice_ends_the_listing_with_an_error() {
    let err = call_all(&mut EndlessPages, "ListSecrets", json!({}), "SecretList").unwrap_err();
    assert_eq!(err.code, "InvalidNextTokenException");
}
