//! The decrypted vault kept between reads by a long-running front
//! (`arca serve`): loaded once, and again whenever the file is replaced, so
//! a write by the CLI (or by the server itself) is seen by the next read.
//! Writes never go through it: they take the lock and read the file.

use std::cell::RefCell;
use std::fs;
use std::os::unix::fs::MetadataExt;
use std::path::Path;

use anyhow::Result;
use jiff::Timestamp;

use super::{FileKeys, Vault};
use crate::secret::Secret;

/// What tells one version of the file from another. Every save renames a
/// new file over the old, so the inode changes; size and times catch an
/// inode number reused by a later save.
#[derive(PartialEq, Eq, Clone, Copy)]
struct Stamp {
    dev: u64,
    ino: u64,
    size: u64,
    mtime: (i64, i64),
    ctime: (i64, i64),
}

impl Stamp {
    fn of(path: &Path) -> Option<Stamp> {
        let m = fs::metadata(path).ok()?;
        Some(Stamp {
            dev: m.dev(),
            ino: m.ino(),
            size: m.size(),
            mtime: (m.mtime(), m.mtime_nsec()),
            ctime: (m.ctime(), m.ctime_nsec()),
        })
    }
}

/// Not `Sync`: one thread reads through it.
#[derive(Default)]
pub struct Cache {
    held: RefCell<Option<(Stamp, Vault)>>,
}

impl Cache {
    /// [`Vault::find`], from memory while the file is the one last loaded.
    pub fn find(
        &self,
        path: &Path,
        keys: &FileKeys,
        name: &str,
        now: Timestamp,
        nearest: &mut crate::suggest::Nearest,
    ) -> Result<Option<Secret>> {
        // Stamped before loading: a file replaced in between is loaded
        // again on the next read, never missed.
        let Some(stamp) = Stamp::of(path) else {
            // Let the uncached path report what is wrong with the file.
            *self.held.borrow_mut() = None;
            return Vault::find_with_conflicts(path, keys, name, now, nearest)
                .map(|(found, _)| found);
        };
        let mut held = self.held.borrow_mut();
        if held.as_ref().is_some_and(|(s, _)| *s != stamp) {
            // The old copy is dropped (and wiped) before the new one loads.
            *held = None;
        }
        let (_, vault) = match held.take() {
            Some(current) => held.insert(current),
            None => held.insert((stamp, Vault::load(path, keys, now)?)),
        };
        vault.get(name, now)
    }
}
