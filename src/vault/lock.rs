//! The vault's lock.

use std::fs::{self, File};
use std::os::unix::fs::OpenOptionsExt;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use anyhow::{Context, Result};

use crate::error::{self, ArcaError, Exit};
use crate::paths;

const DEFAULT_LOCK_TIMEOUT: Duration = Duration::from_secs(10);

/// The exclusive lock every read-modify-write holds: `flock` on
/// `<vault>.lock`, waited for up to `ARCA_LOCK_TIMEOUT`.
pub struct Lock {
    _file: File,
}

impl Lock {
    pub fn acquire(vault: &Path) -> Result<Lock> {
        let timeout = match std::env::var("ARCA_LOCK_TIMEOUT") {
            Ok(text) => crate::schedule::parse_duration(&text)
                .map_err(|e| error::usage(format!("ARCA_LOCK_TIMEOUT: {e}")))?,
            Err(_) => DEFAULT_LOCK_TIMEOUT,
        };
        paths::create_parent_dir(vault)?;
        let mut name = vault.as_os_str().to_owned();
        name.push(".lock");
        let path = PathBuf::from(name);
        let file = fs::OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .mode(0o600)
            // A symlink here would make arca create or lock a file elsewhere.
            .custom_flags(libc::O_NOFOLLOW)
            .open(&path)
            .map_err(|e| match e.raw_os_error() {
                Some(libc::ELOOP) => anyhow::Error::new(
                    error::usage(format!(
                        "the lock file {} is a symbolic link; arca does not follow it",
                        path.display()
                    ))
                    .hint(format!("remove the link: rm {}", path.display())),
                ),
                _ => anyhow::Error::new(e)
                    .context(format!("opening the lock file {}", path.display())),
            })?;
        let deadline = deadline_after(timeout);
        let started = Instant::now();
        let mut waited = false;
        loop {
            match file.try_lock() {
                Ok(()) => {
                    if waited {
                        crate::verbose!(
                            "lock: {} taken after waiting {:?}",
                            path.display(),
                            started.elapsed()
                        );
                    } else {
                        crate::verbose!("lock: {}", path.display());
                    }
                    return Ok(Lock { _file: file });
                }
                Err(fs::TryLockError::WouldBlock) if !waited => {
                    waited = true;
                    crate::verbose!(
                        "lock: {} is held by another arca; waiting up to {timeout:?}",
                        path.display()
                    );
                }
                Err(fs::TryLockError::WouldBlock) if !passed(deadline) => {
                    std::thread::sleep(Duration::from_millis(5))
                }
                Err(fs::TryLockError::WouldBlock) => {
                    return Err(ArcaError::new(
                        Exit::Busy,
                        format!("the vault is busy: another arca holds {}", path.display()),
                    )
                    .hint("retry, or wait longer with ARCA_LOCK_TIMEOUT=30s")
                    .into())
                }
                Err(fs::TryLockError::Error(e)) => {
                    return Err(e).with_context(|| format!("locking {}", path.display()))
                }
            }
        }
    }
}

/// When a wait of `timeout` from now ends; None for a wait too long to
/// represent, which never ends.
pub fn deadline_after(timeout: Duration) -> Option<Instant> {
    Instant::now().checked_add(timeout)
}

pub fn passed(deadline: Option<Instant>) -> bool {
    deadline.is_some_and(|d| Instant::now() >= d)
}
