//! The agent: a process that holds unlocked identities and the file keys
//! of vault headers for a while, so that a passphrase or a hardware key is
//! asked for once per session instead of once per command (SPEC §10).
//!
//! Split as rbw splits its agent: `proto` (frames and messages), `server`
//! (the socket, its peers, the request loop and the actions), `state` (what
//! is held, in locked memory), `timer` (idle and lifetime timers on
//! CLOCK_BOOTTIME), `client` (connecting and asking) and `session` (what a
//! command does with an agent: identities that ask it first, and file keys
//! registered after a write). Every command works without an agent; it is
//! asked only when it answers, and `--no-agent` or `ARCA_AGENT=off` leave it
//! out altogether.

mod cache;
mod client;
mod header;
pub mod proto;
mod server;
mod session;
mod state;
mod timer;

use std::fs;
use std::os::unix::fs::{DirBuilderExt, MetadataExt, PermissionsExt};
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};

pub use client::Client;
pub use server::{serve, Options};
pub use session::{
    add_identities, agent_opens, cached_line, capture, connect_session, identities, register_with,
    Written,
};

use crate::error::{self, ArcaError};

/// The variable that points commands at an agent's socket.
pub const SOCK_ENV: &str = "ARCA_AGENT_SOCK";

/// The agent's socket: `ARCA_AGENT_SOCK`, else `$XDG_RUNTIME_DIR/arca/agent.sock`,
/// else `/tmp/arca-UID/agent.sock`.
pub fn socket_path() -> PathBuf {
    let var = |name| std::env::var_os(name).filter(|v| !v.is_empty());
    if let Some(path) = var(SOCK_ENV) {
        return PathBuf::from(path);
    }
    match var("XDG_RUNTIME_DIR").map(PathBuf::from) {
        Some(dir) if dir.is_absolute() => dir.join("arca/agent.sock"),
        _ => std::env::temp_dir()
            .join(format!("arca-{}", server_euid()))
            .join("agent.sock"),
    }
}

/// A line on the agent's stderr (never a value). Writing to a closed
/// stderr is not an error: a detached agent's goes to /dev/null anyway.
pub fn log(message: &str) {
    use std::io::Write;
    let _ = writeln!(std::io::stderr(), "arca agent: {message}");
}

/// `ARCA_AGENT=off` (or 0, no, false): commands leave any agent alone.
pub fn disabled_by_env() -> bool {
    std::env::var("ARCA_AGENT").is_ok_and(|v| {
        matches!(
            v.to_ascii_lowercase().as_str(),
            "off" | "0" | "no" | "false"
        )
    })
}

fn server_euid() -> u32 {
    // SAFETY: geteuid cannot fail.
    unsafe { libc::geteuid() }
}

/// Creates the socket's folder (0700) if missing, then checks it.
fn prepare_dir(socket: &Path) -> Result<()> {
    let dir = socket
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    if fs::symlink_metadata(dir).is_err() {
        fs::DirBuilder::new()
            .recursive(true)
            .mode(0o700)
            .create(dir)
            .with_context(|| format!("creating {}", dir.display()))?;
    }
    Ok(check_dir(dir)?)
}

/// The socket's folder must be a real folder of this user that no one else
/// can enter: otherwise another user could put a socket of their own there.
fn check_dir(dir: &Path) -> Result<(), ArcaError> {
    let refuse = |why: String| {
        error::vault(format!(
            "refusing the agent folder {}: {why}",
            dir.display()
        ))
        .hint(format!(
            "remove it, or 'chmod 700 {}' if it is yours",
            dir.display()
        ))
    };
    let meta = fs::symlink_metadata(dir).map_err(|e| refuse(e.to_string()))?;
    if meta.file_type().is_symlink() {
        return Err(refuse("it is a symbolic link".into()));
    }
    if !meta.is_dir() {
        return Err(refuse("it is not a folder".into()));
    }
    if meta.uid() != server_euid() {
        return Err(refuse(format!("it belongs to uid {}", meta.uid())));
    }
    let mode = meta.permissions().mode() & 0o777;
    if mode & 0o077 != 0 {
        return Err(refuse(format!("others can enter it (mode {mode:o})")));
    }
    Ok(())
}

/// The socket itself must be this user's socket.
fn check_socket(socket: &Path) -> Result<(), ArcaError> {
    use std::os::unix::fs::FileTypeExt;
    let refuse = |why: &str| {
        error::vault(format!(
            "refusing the agent socket {}: {why}",
            socket.display()
        ))
        .hint("remove it and start the agent again")
    };
    let meta = fs::symlink_metadata(socket).map_err(|e| refuse(&e.to_string()))?;
    if !meta.file_type().is_socket() {
        return Err(refuse("it is not a socket"));
    }
    if meta.uid() != server_euid() {
        return Err(refuse("it belongs to another user"));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_private_folder_of_this_user_is_trusted() {
        let base = tempfile::tempdir().unwrap();
        let dir = base.path().join("arca");
        prepare_dir(&dir.join("agent.sock")).unwrap();
        assert_eq!(
            fs::metadata(&dir).unwrap().permissions().mode() & 0o777,
            0o700
        );
        check_dir(&dir).unwrap();

        fs::set_permissions(&dir, fs::Permissions::from_mode(0o755)).unwrap();
        let err = check_dir(&dir).unwrap_err();
        assert!(err.message.contains("mode 755"), "{}", err.message);

        let link = base.path().join("link");
        std::os::unix::fs::symlink(&dir, &link).unwrap();
        fs::set_permissions(&dir, fs::Permissions::from_mode(0o700)).unwrap();
        let err = check_dir(&link).unwrap_err();
        assert!(err.message.contains("symbolic link"), "{}", err.message);

        fs::write(dir.join("agent.sock"), b"").unwrap();
        let err = check_socket(&dir.join("agent.sock")).unwrap_err();
        assert!(err.message.contains("not a socket"), "{}", err.message);
    }
}
