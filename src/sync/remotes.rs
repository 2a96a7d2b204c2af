//! Remotes as the local config keeps them (`[remotes.NAME]` tables):
//! endpoints, profiles and paths belong to one machine, so they live in
//! config.toml, never in the vault. `remote add`/`remove` edit the file
//! with toml_edit, which keeps the user's comments, order and other tables
//! (the toml crate would rewrite the whole file without them).

use std::collections::BTreeMap;
use std::io::Write;
use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
use std::path::Path;

use anyhow::{Context, Result};

use super::remote::AwsTarget;
pub use crate::config::{Config, RemoteConfig, RemoteKind as Kind};
use crate::error::{conflict, not_found, usage};
use crate::filter::Filter;

impl RemoteConfig {
    pub fn aws_target(&self) -> AwsTarget {
        AwsTarget {
            region: self.region.clone(),
            profile: self.profile.clone(),
            endpoint_url: self.endpoint_url.clone(),
        }
    }

    pub fn filters(&self) -> Result<Vec<Filter>> {
        Filter::parse_all(&self.filters)
    }

    /// Checks what `remote add` was given.
    pub fn check(&self) -> Result<()> {
        self.filters()?;
        if let Some(p) = &self.prefix {
            if p.is_empty() {
                return Err(usage("--prefix is empty: leave it out to sync every secret").into());
            }
        }
        match self.kind {
            Kind::Aws if self.path.is_some() || !self.recipients.is_empty() => {
                Err(usage("an aws remote takes no PATH or --recipient").into())
            }
            Kind::Vault
                if self.region.is_some()
                    || self.profile.is_some()
                    || self.endpoint_url.is_some()
                    || self.kms_key_id.is_some() =>
            {
                Err(usage(
                    "a vault remote takes no --region, --profile, --endpoint-url or --kms-key-id",
                )
                .into())
            }
            Kind::Vault if self.path.is_none() => {
                Err(usage("a vault remote needs the PATH of its file").into())
            }
            _ => Ok(()),
        }
    }

    /// "aws eu-west-1", "vault /home/u/ci.vault.age".
    pub fn describe(&self) -> String {
        match self.kind {
            Kind::Aws => format!(
                "aws {}",
                self.region.as_deref().unwrap_or("(default region)")
            ),
            Kind::Vault => format!(
                "vault {}",
                self.path.as_deref().unwrap_or(Path::new("?")).display()
            ),
        }
    }
}

/// Remote names: letters, digits, `-` and `_`, so that they are plain
/// TOML keys and never look like a secret name or a flag.
pub fn validate_name(name: &str) -> Result<()> {
    let ok = name.len() <= 64
        && name
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_alphanumeric())
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    if !ok {
        return Err(usage(format!(
            "remote name '{name}': use 1 to 64 letters, digits, - and _ (starting with a letter or digit)"
        ))
        .into());
    }
    Ok(())
}

/// The remote named `name` in the config at `path`.
pub fn find(config: &Config, name: &str, path: &Path) -> Result<RemoteConfig> {
    config.remotes.get(name).cloned().ok_or_else(|| {
        let known: Vec<&str> = config.remotes.keys().map(String::as_str).collect();
        let hint = if known.is_empty() {
            "add one with 'arca remote add NAME aws …' or 'arca remote add NAME vault PATH'"
                .to_owned()
        } else {
            format!("the remotes are: {}", known.join(", "))
        };
        not_found(format!(
            "no remote '{name}' in the config {}",
            path.display()
        ))
        .hint(hint)
        .into()
    })
}

/// Adds `[remotes.NAME]` to the config file (created 0600 if missing),
/// keeping everything else in it as it was.
pub fn add(path: &Path, name: &str, remote: &RemoteConfig) -> Result<()> {
    validate_name(name)?;
    remote.check()?;
    // Loading checks owner, mode, size and syntax before any change.
    let config = Config::load(path)?;
    if config.remotes.contains_key(name) {
        return Err(conflict(format!(
            "the config {} already has a remote '{name}'",
            path.display()
        ))
        .hint(format!("remove it first: arca remote remove {name}"))
        .into());
    }
    let mut doc = read_doc(path)?;
    let table = to_table(remote);
    let remotes = doc
        .entry("remotes")
        .or_insert_with(|| {
            let mut t = toml_edit::Table::new();
            t.set_implicit(true);
            toml_edit::Item::Table(t)
        })
        .as_table_mut()
        .ok_or_else(|| {
            usage(format!(
                "the config {}: remotes is not a table",
                path.display()
            ))
        })?;
    remotes.insert(name, toml_edit::Item::Table(table));
    write(path, &doc.to_string())
}

/// Removes `[remotes.NAME]` from the config file.
pub fn remove(path: &Path, name: &str) -> Result<()> {
    let config = Config::load(path)?;
    find(&config, name, path)?;
    let mut doc = read_doc(path)?;
    if let Some(remotes) = doc.get_mut("remotes").and_then(|r| r.as_table_like_mut()) {
        remotes.remove(name);
    }
    write(path, &doc.to_string())
}

/// The table of a remote, in the order `remote list` shows its members.
fn to_table(remote: &RemoteConfig) -> toml_edit::Table {
    let mut t = toml_edit::Table::new();
    let kind = match remote.kind {
        Kind::Aws => "aws",
        Kind::Vault => "vault",
    };
    t.insert("type", toml_edit::value(kind));
    let texts = [
        ("region", remote.region.clone()),
        ("profile", remote.profile.clone()),
        ("endpoint-url", remote.endpoint_url.clone()),
        ("kms-key-id", remote.kms_key_id.clone()),
        (
            "path",
            remote
                .path
                .as_ref()
                .map(|p| p.to_string_lossy().into_owned()),
        ),
        ("prefix", remote.prefix.clone()),
    ];
    for (key, text) in texts {
        if let Some(text) = text {
            t.insert(key, toml_edit::value(text));
        }
    }
    for (key, list) in [
        ("recipients", &remote.recipients),
        ("filters", &remote.filters),
    ] {
        if !list.is_empty() {
            let array: toml_edit::Array = list.iter().map(String::as_str).collect();
            t.insert(key, toml_edit::value(array));
        }
    }
    t
}

fn read_doc(path: &Path) -> Result<toml_edit::DocumentMut> {
    let text = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => String::new(),
        Err(e) => {
            return Err(usage(format!("cannot read the config {}: {e}", path.display())).into())
        }
    };
    text.parse::<toml_edit::DocumentMut>()
        .map_err(|e| usage(format!("config {}: {}", path.display(), e.message().trim())).into())
}

/// Replaces the config atomically (temp file beside it, fsync, rename),
/// keeping its mode; a new config is 0600 in a 0700 folder.
fn write(path: &Path, text: &str) -> Result<()> {
    crate::paths::create_parent_dir(path)?;
    let mode = std::fs::metadata(path).map_or(0o600, |m| m.permissions().mode() & 0o7777);
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let temp = dir.join(format!(
        ".config.toml.tmp-{}",
        crate::password::random_from(b"abcdefghijklmnopqrstuvwxyz0123456789", 8)
    ));
    let written = (|| -> std::io::Result<()> {
        let mut file = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .mode(0o600)
            .open(&temp)?;
        file.set_permissions(std::fs::Permissions::from_mode(mode))?;
        file.write_all(text.as_bytes())?;
        file.sync_all()?;
        std::fs::rename(&temp, path)?;
        crate::paths::sync_dir(dir)
    })();
    if written.is_err() {
        let _ = std::fs::remove_file(&temp);
    }
    written.with_context(|| format!("writing the config {}", path.display()))
}

/// Every remote, by name.
pub fn all(config: &Config) -> &BTreeMap<String, RemoteConfig> {
    &config.remotes
}
