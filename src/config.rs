//! The local config file: rotation hooks (SPEC §5). Hooks live only here,
//! never in the vault, so a vault written by someone else cannot make this
//! machine run a command.

use std::collections::BTreeMap;
use std::path::Path;
use std::time::Duration;

use anyhow::Result;
use serde::Deserialize;

use crate::error::usage;
use crate::schedule::parse_duration;

const DEFAULT_TIMEOUT: Duration = Duration::from_secs(60);

#[derive(Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    #[serde(default)]
    hooks: BTreeMap<String, HookConfig>,
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

/// A rotation hook: the command of each step (create, set, test, finish),
/// the same one for all when the config gives a single `command` (ARCA_STEP
/// tells which step runs).
pub struct Hook {
    pub name: String,
    pub steps: [Option<String>; 4],
    pub timeout: Duration,
}

impl Config {
    /// Reads the config; a missing file is an empty config.
    pub fn load(path: &Path) -> Result<Config> {
        let text = match std::fs::read_to_string(path) {
            Ok(text) => text,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                crate::verbose!("config: {} (none; no hooks)", path.display());
                return Ok(Config::default());
            }
            Err(e) => {
                return Err(usage(format!("cannot read the config {}: {e}", path.display())).into())
            }
        };
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
