//! A vault held for a run of changes: loaded once under its lock, read and
//! changed in memory by each operation of the run, saved once at the end.
//! A sync to a replica vault (`sync::vault_remote`) holds the replica, so
//! that a run of N operations costs one rewrite of the file, not N; every
//! other arca process that writes the file meanwhile waits for the lock.

use std::path::Path;

use anyhow::Result;
use jiff::Timestamp;

use super::{is_gone, FileKeys, Lock, Scanned, Vault};
use crate::merge::Conflict;
use crate::secret::Secret;
use crate::suggest::Nearest;

pub struct Held {
    vault: Vault,
    /// Whether a change of the run succeeded: a run of reads saves nothing
    /// (not even the purge of expired secrets that loading made, which the
    /// next write saves, as any read leaves it).
    changed: bool,
    _lock: Lock,
}

impl Held {
    pub fn acquire(path: &Path, keys: &FileKeys, now: Timestamp) -> Result<Held> {
        let lock = Lock::acquire(path)?;
        Ok(Held {
            vault: Vault::load(path, keys, now)?,
            changed: false,
            _lock: lock,
        })
    }

    /// The vault as the run's changes left it, for reads (mutable only
    /// because reading parses lines in place).
    pub fn vault(&mut self) -> &mut Vault {
        &mut self.vault
    }

    /// [`Vault::find_with_conflicts`] in memory: the secret, and the merge
    /// conflicts recorded on it.
    pub fn find(
        &self,
        name: &str,
        now: Timestamp,
        nearest: &mut Nearest,
    ) -> Result<(Option<Secret>, Vec<Conflict>)> {
        let Some(found) = self.vault.get(name, now)? else {
            self.vault
                .names()
                .for_each(|n| nearest.consider(n.as_bytes()));
            return Ok((None, Vec::new()));
        };
        let conflicts = self.vault.conflicts.iter().filter(|c| c.secret == name);
        Ok((Some(found), conflicts.cloned().collect()))
    }

    /// Every live secret, in name order, as [`Vault::scan_fold`] meets it.
    pub fn scan(&mut self, now: Timestamp) -> Result<Vec<Scanned<'static>>> {
        let live = self
            .vault
            .secrets()?
            .into_iter()
            .filter(|s| !is_gone(s, now));
        Ok(live
            .map(|s| {
                let pending = s.version_with_label(crate::secret::PENDING).is_some();
                let mut secret = Box::new(s.clone());
                secret.versions.clear();
                Scanned::Parsed { secret, pending }
            })
            .collect())
    }

    /// `change` to the whole vault; when it fails, the vault is as it was.
    pub fn write<T>(&mut self, change: impl FnOnce(&mut Vault) -> Result<T>) -> Result<T> {
        let before = self.vault.clone();
        match change(&mut self.vault) {
            Ok(result) => {
                self.changed = true;
                Ok(result)
            }
            Err(e) => {
                self.vault = before;
                Err(e)
            }
        }
    }

    /// [`Vault::change_one`] (which leaves the secret as it was when
    /// `change` fails).
    pub fn change_one<T>(
        &mut self,
        name: &str,
        change: impl FnOnce(&mut Option<Secret>) -> Result<T>,
    ) -> Result<T> {
        let result = self.vault.change_one(name, change)?;
        self.changed = true;
        Ok(result)
    }

    /// Saves the vault to `path` if the run changed it, then lets the lock
    /// go. Whether it saved.
    pub fn save(self, path: &Path) -> Result<bool> {
        let saved = self.changed && self.vault.is_dirty()?;
        if saved {
            self.vault.save(path)?;
        }
        Ok(saved)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::secret::Value;

    fn value(text: &str) -> Value {
        Value::String(zeroize::Zeroizing::new(text.to_owned()))
    }

    /// A vault file holding `a` (one version), and the keys to open it.
    fn vault_file(dir: &Path) -> (std::path::PathBuf, FileKeys) {
        let identity = age::x25519::Identity::generate();
        let now = crate::clock::now();
        let mut vault = Vault::new(vec![identity.to_public().to_string()], now);
        vault.insert(Secret::new("a", value("one"), None, now).unwrap());
        let path = dir.join("vault.age");
        vault.save(&path).unwrap();
        (path, FileKeys::new(vec![Box::new(identity)]))
    }

    #[test]
    fn a_failed_change_leaves_the_held_vault_as_the_run_left_it() {
        let dir = tempfile::tempdir().unwrap();
        let (path, keys) = vault_file(dir.path());
        let now = crate::clock::now();
        let mut held = Held::acquire(&path, &keys, now).unwrap();
        // A change of the run, then one that fails halfway through.
        held.change_one("a", |s| {
            let s = s.as_mut().unwrap();
            s.description = Some("first".into());
            Ok(())
        })
        .unwrap();
        let before = held.vault().get("a", now).unwrap();
        let failed: Result<()> = held.change_one("a", |s| {
            s.as_mut().unwrap().description = Some("lost".into());
            *s = None;
            anyhow::bail!("refused")
        });
        assert!(failed.is_err());
        assert_eq!(
            held.vault().get("a", now).unwrap().map(|s| s.description),
            before.map(|s| s.description)
        );
        let failed: Result<()> = held.write(|vault| {
            vault.insert(Secret::new("b", value("two"), None, now)?);
            anyhow::bail!("refused")
        });
        assert!(failed.is_err());
        assert_eq!(held.vault().names().collect::<Vec<_>>(), ["a"]);
        // Saved once, with the change that succeeded.
        assert!(held.save(&path).unwrap());
        let saved = Vault::load(&path, &keys, now).unwrap();
        let a = saved.get("a", now).unwrap().unwrap();
        assert_eq!(a.description.as_deref(), Some("first"));
        assert_eq!(saved.names().count(), 1);
    }

    #[test]
    fn a_run_of_reads_saves_nothing_and_waits_for_no_one_after() {
        let dir = tempfile::tempdir().unwrap();
        let (path, keys) = vault_file(dir.path());
        let bytes = std::fs::read(&path).unwrap();
        let now = crate::clock::now();
        let mut held = Held::acquire(&path, &keys, now).unwrap();
        let mut nearest = Nearest::new("b");
        assert!(held.find("a", now, &mut nearest).unwrap().0.is_some());
        assert_eq!(held.scan(now).unwrap().len(), 1);
        assert!(!held.save(&path).unwrap());
        assert_eq!(std::fs::read(&path).unwrap(), bytes);
        // The lock went with it.
        drop(Lock::acquire(&path).unwrap());
    }
}
