//! The local config file: rotation hooks (SPEC §5). Hooks live only here,
//! never in the vault, so a vault written by someone else cannot make this
//! machine run a command.

use std::collections::BTreeMap;
use std::fs::Metadata;
use std::io::Read;
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};
use std::time::Duration;

use anyhow::Result;
use serde::Deserialize;

use crate::error::usage;
use crate::schedule::parse_duration;

const DEFAULT_TIMEOUT: Duration = Duration::from_secs(60);
/// A config is a few hooks: anything larger (say, `--config /dev/zero`) is
/// a mistake, not something to read without end.
const MAX_CONFIG: u64 = 1 << 20;

#[derive(Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    #[serde(default)]
    hooks: BTreeMap<String, HookConfig>,
    /// `arca remote add` (SPEC §10); what they do is in `sync::remotes`.
    #[serde(default)]
    pub remotes: BTreeMap<String, RemoteConfig>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct HookConfig {
    command: Option<String>,
    create: Option<String>,
    set: Option<String>,
    test: Option<String>,
    finish: Option<String>,
    timeout: Option<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum RemoteKind {
    Aws,
    Vault,
}

/// One `[remotes.NAME]` table (`arca remote add`).
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct RemoteConfig {
    #[serde(rename = "type")]
    pub kind: RemoteKind,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub profile: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub endpoint_url: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kms_key_id: Option<String>,
    /// A vault remote's file.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub path: Option<PathBuf>,
    /// Recipients for a replica file that does not exist yet.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub recipients: Vec<String>,
    /// Only secrets whose names start with this (the same names both sides).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub prefix: Option<String>,
    /// `list --filter` filters, all of which a secret must match.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub filters: Vec<String>,
}

/// A rotation hook: the command of each step (create, set, test, finish),
/// the same one for all when the config gives a single `command` (ARCA_STEP
/// tells which step runs).
pub struct Hook {
    pub name: String,
    pub steps: [Option<String>; 4],
    pub timeout: Duration,
}

impl Config {
    /// Reads the config; a missing file is an empty config. Its hooks run
    /// commands, so a config others could have written is refused (see
    /// [`check_owner_and_mode`]), and it is read up to [`MAX_CONFIG`].
    pub fn load(path: &Path) -> Result<Config> {
        let cannot_read =
            |e: std::io::Error| usage(format!("cannot read the config {}: {e}", path.display()));
        let file = match std::fs::File::open(path) {
            Ok(file) => file,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                crate::verbose!("config: {} (none; no hooks)", path.display());
                return Ok(Config::default());
            }
            Err(e) => return Err(cannot_read(e).into()),
        };
        check_owner_and_mode(&file.metadata().map_err(cannot_read)?, path, "the config")?;
        check_folders(path)?;
        let mut text = String::new();
        file.take(MAX_CONFIG + 1)
            .read_to_string(&mut text)
            .map_err(cannot_read)?;
        if text.len() as u64 > MAX_CONFIG {
            return Err(usage(format!(
                "the config {} is larger than 1 MiB; arca reads no more",
                path.display()
            ))
            .into());
        }
        let config: Config = toml::from_str(&text).map_err(|e| {
            let line = e
                .span()
                .map(|span| text[..span.start].matches('\n').count() + 1)
                .unwrap_or(1);
            usage(format!(
                "config {}, line {line}: {}",
                path.display(),
                e.message().trim()
            ))
        })?;
        for (name, hook) in &config.hooks {
            hook.check(name, path)?;
        }
        crate::verbose!(
            "config: {} ({} hook(s))",
            path.display(),
            config.hooks.len()
        );
        Ok(config)
    }

    /// The hook with this name; naming one the config lacks is an error.
    pub fn hook(&self, name: &str, path: &Path) -> Result<Hook> {
        let config = self.hooks.get(name).ok_or_else(|| {
            usage(format!("no hook '{name}' in the config {}", path.display())).hint(format!(
                "define [hooks.{name}] with a command there; hooks are never read from the vault"
            ))
        })?;
        Ok(Hook {
            name: name.to_owned(),
            steps: match &config.command {
                Some(command) => std::array::from_fn(|_| Some(command.clone())),
                None => [
                    config.create.clone(),
                    config.set.clone(),
                    config.test.clone(),
                    config.finish.clone(),
                ],
            },
            timeout: match &config.timeout {
                Some(t) => parse_duration(t).map_err(usage)?,
                None => DEFAULT_TIMEOUT,
            },
        })
    }
}

/// As ssh's StrictModes: the config makes arca run commands, so it must be
/// owned by this user (or root) and writable by no one else; otherwise
/// another local user could run code as this one.
fn check_owner_and_mode(meta: &Metadata, path: &Path, what: &str) -> Result<()> {
    // SAFETY: geteuid(2) has no arguments and cannot fail.
    let me = unsafe { libc::geteuid() };
    let shown = path.display();
    if meta.uid() != me && meta.uid() != 0 {
        return Err(usage(format!(
            "{what} {shown} belongs to another user (uid {}); its hooks would run as you",
            meta.uid()
        ))
        .hint(format!(
            "chown $(id -u) {shown}, or use a config of your own"
        ))
        .into());
    }
    let sticky_dir = meta.is_dir() && meta.mode() & 0o1000 != 0;
    if meta.mode() & 0o022 != 0 && !sticky_dir {
        return Err(usage(format!(
            "{what} {shown} can be written by others (mode {:o}); its hooks would run as you",
            meta.mode() & 0o7777
        ))
        .hint(format!("chmod go-w {shown}"))
        .into());
    }
    Ok(())
}

/// Every folder above the config, checked as the config is: whoever can
/// write one of them can replace the file (a sticky folder such as /tmp
/// protects the files of others).
fn check_folders(path: &Path) -> Result<()> {
    let Ok(full) = std::fs::canonicalize(path) else {
        return Ok(());
    };
    for dir in full.ancestors().skip(1) {
        let meta = std::fs::metadata(dir)
            .map_err(|e| usage(format!("cannot read the folder {}: {e}", dir.display())))?;
        check_owner_and_mode(&meta, dir, "the folder")?;
    }
    Ok(())
}

impl HookConfig {
    fn check(&self, name: &str, path: &Path) -> Result<()> {
        let at = |key: &str| format!("config {}, [hooks.{name}] {key}", path.display());
        let per_step = [&self.create, &self.set, &self.test, &self.finish]
            .iter()
            .any(|s| s.is_some());
        if self.command.is_some() && per_step {
            return Err(usage(format!(
                "{}: give either command or create/set/test/finish, not both",
                at("command")
            ))
            .into());
        }
        if self.command.is_none() && !per_step {
            return Err(usage(format!("{}: a hook needs a command", at("command"))).into());
        }
        if let Some(timeout) = &self.timeout {
            parse_duration(timeout).map_err(|e| usage(format!("{}: {e}", at("timeout"))))?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn load(text: &str) -> Result<Config> {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("config.toml");
        std::fs::write(&path, text).unwrap();
        Config::load(&path)
    }

    #[test]
    fn hooks_in_both_forms() {
        let config =
            load("[hooks.pg]\ncommand = \"x.sh\"\ntimeout = \"5s\"\n[hooks.split]\nset = \"s\"\n")
                .unwrap();
        let pg = config.hook("pg", Path::new("c")).unwrap();
        assert!(pg.steps.iter().all(|s| s.as_deref() == Some("x.sh")));
        assert_eq!(pg.timeout, Duration::from_secs(5));
        let split = config.hook("split", Path::new("c")).unwrap();
        assert_eq!(split.steps[1].as_deref(), Some("s"));
        assert_eq!(split.timeout, DEFAULT_TIMEOUT);
        assert!(config.hook("missing", Path::new("c")).is_err());
    }

    #[test]
    fn remotes_read_back_and_a_typo_names_its_line() {
        let config = load(
            "[remotes.prod]\ntype = \"aws\"\nregion = \"eu-west-1\"\nfilters = [\"tag-key=x\"]\n[remotes.ci]\ntype = \"vault\"\npath = \"/v.age\"\n",
        )
        .unwrap();
        assert_eq!(config.remotes["prod"].kind, RemoteKind::Aws);
        assert_eq!(config.remotes["prod"].filters, ["tag-key=x"]);
        assert_eq!(
            config.remotes["ci"].path.as_deref(),
            Some(Path::new("/v.age"))
        );
        let err = load("[remotes.prod]\ntype = \"aws\"\nregon = \"x\"\n")
            .err()
            .unwrap();
        let msg = err.to_string();
        assert!(msg.contains("line 3") && msg.contains("regon"), "{msg}");
        assert!(load("[remotes.x]\ntype = \"s3\"\n").is_err());
    }

    #[test]
    fn errors_name_the_line_and_key() {
        let err = load("[hooks.pg]\ncommand = \"x\"\ncomand = \"y\"\n")
            .err()
            .unwrap();
        let msg = err.to_string();
        assert!(msg.contains("line 3"), "{msg}");
        assert!(msg.contains("comand"), "{msg}");
        let err = load("[hooks.pg]\ncommand = \"x\"\ntimeout = \"soon\"\n")
            .err()
            .unwrap();
        assert!(err.to_string().contains("timeout"));
        assert!(load("[hooks.pg]\ncommand = \"x\"\nset = \"y\"\n").is_err());
        assert!(load("[hooks.pg]\n").is_err());
        assert!(load("not toml").is_err());
    }
}
