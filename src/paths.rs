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
        crate::verbose!("vault: {}", vault.display());
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

/// Writes a new private file (0600) all at once: a temp file beside it,
/// fsync, a hard link to its name (which, unlike a rename, never replaces a
/// file that appeared meanwhile), fsync of the folder. A failure or a crash
/// leaves no file or the whole one, never an empty or partial one; a temp
/// file left by a crash is removed by the next call.
pub fn write_new_file(path: &Path, contents: &[u8]) -> io::Result<()> {
    use std::io::Write;
    let (dir, name) = match (path.parent(), path.file_name()) {
        (Some(dir), Some(name)) => (dir, name.to_string_lossy()),
        _ => return Err(io::Error::other("not a file path")),
    };
    remove_temps_of(path);
    let prefix = format!(".{name}.tmp-");
    let temp = dir.join(format!(
        "{prefix}{}-{}",
        std::process::id(),
        crate::password::random_from(b"abcdefghijklmnopqrstuvwxyz0123456789", 8)
    ));
    let written = create_private_file(&temp).and_then(|mut file| {
        file.write_all(contents)?;
        file.sync_all()?;
        match fs::hard_link(&temp, path) {
            // A file system without hard links (vfat, some FUSE): a rename,
            // after checking that the name is still free.
            Err(e) if matches!(e.raw_os_error(), Some(libc::EPERM | libc::EOPNOTSUPP)) => {
                if path.symlink_metadata().is_ok() {
                    return Err(io::ErrorKind::AlreadyExists.into());
                }
                fs::rename(&temp, path)
            }
            linked => linked,
        }
    });
    let _ = fs::remove_file(&temp);
    written?;
    sync_dir(dir)
}

/// Removes the temp files `.NAME.tmp-*` that writers of `path` killed
/// mid-write left beside it ([`write_new_file`], the vault's save): they
/// are whole or partial copies (the vault's hold only ciphertext), and
/// clutter. Call it holding the lock, so that none is in use.
pub fn remove_temps_of(path: &Path) {
    let (Some(dir), Some(name)) = (path.parent(), path.file_name()) else {
        return;
    };
    let dir = if dir.as_os_str().is_empty() {
        Path::new(".")
    } else {
        dir
    };
    let prefix = format!(".{}.tmp-", name.to_string_lossy());
    for entry in list_dir(dir) {
        if entry.to_string_lossy().starts_with(&prefix) {
            let _ = fs::remove_file(dir.join(entry));
        }
    }
}

/// The names in a folder, best effort (empty if it cannot be read).
///
/// Not `std::fs::read_dir`: dropping its iterator panics when closedir(3)
/// fails (EIO, say on a network file system), and no fault may panic.
pub fn list_dir(dir: &Path) -> Vec<std::ffi::OsString> {
    use std::ffi::{CStr, CString, OsStr};
    use std::os::unix::ffi::OsStrExt;
    let Ok(path) = CString::new(dir.as_os_str().as_bytes()) else {
        return Vec::new();
    };
    let mut names = Vec::new();
    // SAFETY: opendir/readdir/closedir on a stream this function owns;
    // each entry's name is a NUL-terminated string valid until the next
    // readdir, and is copied before it.
    unsafe {
        let stream = libc::opendir(path.as_ptr());
        if stream.is_null() {
            return names;
        }
        loop {
            let entry = libc::readdir(stream);
            if entry.is_null() {
                break;
            }
            let name = CStr::from_ptr((*entry).d_name.as_ptr()).to_bytes();
            if name != b"." && name != b".." {
                names.push(OsStr::from_bytes(name).to_owned());
            }
        }
        // An error closing a listing that was read loses nothing.
        libc::closedir(stream);
    }
    names
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
