//! Where the vault, identity and config files live (SPEC §1), and creating
//! files and folders with private modes.

use std::fs::{self, DirBuilder, File, OpenOptions};
use std::io;
use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt};
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};

#[derive(Clone)]
pub struct Paths {
    pub vault: PathBuf,
    /// Identity files named with --identity or ARCA_IDENTITY, else the default one.
    pub identities: Vec<PathBuf>,
    pub config: PathBuf,
}

impl Paths {
    pub fn resolve(
        vault: Option<PathBuf>,
        identities: Vec<PathBuf>,
        config: Option<PathBuf>,
    ) -> Result<Paths> {
        let base = directories::BaseDirs::new();
        let dir = |pick: fn(&directories::BaseDirs) -> &Path| -> Result<PathBuf> {
            Ok(pick(base.as_ref().context(
                "cannot find the home directory; set HOME or pass --vault, --identity and --config",
            )?)
            .join("arca"))
        };
        let vault = match vault {
            Some(path) => path,
            None => dir(|b| b.data_dir())?.join("vault.age"),
        };
        // A vault reached through a symlink is saved (renamed over) and
        // locked where it really is, so the link stays a link.
        let vault = std::fs::canonicalize(&vault).unwrap_or(vault);
        let identities = if identities.is_empty() {
            vec![dir(|b| b.config_dir())?.join("identity.txt")]
        } else {
            identities
        };
        let config = match config {
            Some(path) => path,
            None => dir(|b| b.config_dir())?.join("config.toml"),
        };
        Ok(Paths {
            vault,
            identities,
            config,
        })
    }
}

/// Creates the parent folder of `path` (mode 0700) if it is missing.
pub fn create_parent_dir(path: &Path) -> Result<()> {
    if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        if !parent.exists() {
            DirBuilder::new()
                .recursive(true)
                .mode(0o700)
                .create(parent)
                .with_context(|| format!("creating {}", parent.display()))?;
        }
    }
    Ok(())
}

/// Creates a new file with mode 0600; fails if it exists.
pub fn create_private_file(path: &Path) -> io::Result<File> {
    OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path)
}

/// Flushes a folder's entries (a rename inside it) to disk.
pub fn sync_dir(dir: &Path) -> io::Result<()> {
    let dir = if dir.as_os_str().is_empty() {
        Path::new(".")
    } else {
        dir
    };
    fs::File::open(dir)?.sync_all()
}
