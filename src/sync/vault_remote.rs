//! The `vault` transport: another arca vault file as a replica, through
//! arca's own AWS core (`crate::aws::call`), so it enforces exactly the
//! rules AWS does (client-chosen version ids, label compare-and-move). The
//! replica is opened with this vault's identities and keeps its own
//! recipients; the sync may write its replicated secrets, which any other
//! arca write refuses (`Ctx::replica_writes`).
//!
//! The replica is held for the whole run (`Ctx::hold`): locked and loaded
//! at the first call, changed in memory by each operation, written once by
//! [`Remote::finish`], which the engine calls before it writes this vault.
//! A run that stops before (an error, a kill) writes nothing there; one
//! killed between the two writes converges on the next run, as the replica
//! then already holds the same ids and bytes.

use std::path::{Path, PathBuf};

use anyhow::Result;
use serde_json::Value as Json;

use super::remote::Remote;
use super::remotes::RemoteConfig;
use crate::aws::AwsError;
use crate::cmd::Ctx;
use crate::vault::{Lock, Vault};

pub struct VaultRemote {
    ctx: Ctx,
    path: PathBuf,
    /// A dry run against a replica not created yet: it lists as empty.
    missing: bool,
}

/// Opens the replica of `config` for `primary`, creating it when its file
/// does not exist: encrypted to the remote's --recipient keys, else to the
/// primary's recipients (a dry run creates nothing: the replica lists as
/// empty). Whether it can be read shows at the first call.
pub fn connect(primary: &Ctx, config: &RemoteConfig, dry_run: bool) -> Result<VaultRemote> {
    let path = config
        .path
        .clone()
        .ok_or_else(|| crate::error::usage("this vault remote has no path in the config"))?;
    let missing = !path.exists();
    if missing && !dry_run {
        create(primary, config, &path)?;
    }
    let path = std::fs::canonicalize(&path).unwrap_or(path);
    if path == primary.paths.vault {
        return Err(crate::error::usage(format!(
            "this vault remote is this vault itself ({})",
            path.display()
        ))
        .into());
    }
    // Unlocked once: a passphrase is asked for one time, not per file.
    primary.keys()?;
    let mut ctx = primary.for_vault(&path);
    ctx.replica_writes = true;
    Ok(VaultRemote {
        ctx,
        path,
        missing: missing && dry_run,
    })
}

fn create(primary: &Ctx, config: &RemoteConfig, path: &Path) -> Result<()> {
    let recipients = if config.recipients.is_empty() {
        primary.load()?.recipients
    } else {
        config.recipients.clone()
    };
    let _lock = Lock::acquire(path)?;
    if !path.exists() {
        Vault::new(recipients, primary.now).save(path)?;
        primary
            .out
            .note(&format!("created the replica vault {}", path.display()));
    }
    Ok(())
}

impl Remote for VaultRemote {
    fn call(&mut self, operation: &str, request: &Json) -> Result<Json, AwsError> {
        if self.missing && operation == "ListSecrets" {
            return Ok(serde_json::json!({ "SecretList": [] }));
        }
        self.ctx.now = crate::clock::now();
        self.ctx.hold()?;
        crate::aws::call(&self.ctx, operation, request)
    }

    fn finish(&mut self) -> Result<(), AwsError> {
        Ok(self.ctx.release()?)
    }

    fn describe(&self) -> String {
        format!("vault {}", self.path.display())
    }
}
