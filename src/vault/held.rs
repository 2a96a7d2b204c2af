//! A vault held for a run of changes: loaded once under its lock, read and
//! changed in memory by each operation of the run, saved once at the end.
//! A sync to a replica vault (`sync::vault_remote`) holds the replica, so
//! that a run of N operations costs one rewrite of the file, not N; every
//! other arca process that writes the file meanwhile waits for the lock.

use std::path::Path;

use anyhow::Result;
use jiff::Timestamp;

use super::{is_gone, FileKeys, Listing, Lock, Vault};
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

    /// Every live secret's listing, in name order, as [`Vault::scan`] gives.
    pub fn listings(&mut self, now: Timestamp) -> Result<Vec<Listing>> {
        Ok(self
            .vault
            .secrets()?
            .into_iter()
            .filter(|s| !is_gone(s, now))
            .map(|s| Listing::of(s.clone()))
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
