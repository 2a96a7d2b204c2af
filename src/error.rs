//! Error kinds a user acts on, and the exit codes of SPEC §4.
//!
//! Plumbing errors travel as `anyhow::Error`; the cases that decide an exit
//! code are an [`ArcaError`] somewhere in the chain, so the code never depends
//! on matching message text.

use std::fmt;

/// Process exit codes, fixed by the contract (SPEC §4).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Exit {
    Other = 1,
    Usage = 2,
    NotFound = 3,
    Conflict = 4,
    Vault = 5,
    Hook = 6,
    Busy = 7,
    /// `exec`: the command exists but cannot be run (as env(1)).
    CannotRun = 126,
    /// `exec`: the command was not found (as env(1) and shells).
    CommandNotFound = 127,
}

/// An error with a fixed exit code and an optional next step for the user.
///
/// Messages name secrets and paths, never values.
#[derive(Debug)]
pub struct ArcaError {
    pub exit: Exit,
    pub message: String,
    pub hint: Option<String>,
    /// Extra lines printed indented after the message (a hook's stderr tail).
    pub detail: Option<String>,
    /// AWS's error code for this case, where the exit code alone does not
    /// tell it (see `aws::error`).
    pub aws: Option<&'static str>,
}

impl ArcaError {
    pub fn new(exit: Exit, message: impl Into<String>) -> Self {
        ArcaError {
            exit,
            message: message.into(),
            hint: None,
            detail: None,
            aws: None,
        }
    }

    pub fn aws(mut self, code: &'static str) -> Self {
        self.aws = Some(code);
        self
    }

    pub fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    pub fn detail(mut self, detail: impl Into<String>) -> Self {
        self.detail = Some(detail.into());
        self
    }
}

impl fmt::Display for ArcaError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for ArcaError {}

pub fn usage(message: impl Into<String>) -> ArcaError {
    ArcaError::new(Exit::Usage, message)
}

pub fn not_found(message: impl Into<String>) -> ArcaError {
    ArcaError::new(Exit::NotFound, message)
}

pub fn conflict(message: impl Into<String>) -> ArcaError {
    ArcaError::new(Exit::Conflict, message)
}

pub fn vault(message: impl Into<String>) -> ArcaError {
    ArcaError::new(Exit::Vault, message)
}

/// The exit code, hint and detail for an error chain: the first `ArcaError`
/// in the chain decides; anything else is exit 1.
pub fn classify(err: &anyhow::Error) -> (i32, Option<&str>, Option<&str>) {
    for cause in err.chain() {
        if let Some(e) = cause.downcast_ref::<ArcaError>() {
            return (e.exit as i32, e.hint.as_deref(), e.detail.as_deref());
        }
    }
    (Exit::Other as i32, None, None)
}

/// True when the error is a closed stdout pipe (`arca get x | head -c0`),
/// which is not a failure.
pub fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|cause| {
        cause
            .downcast_ref::<std::io::Error>()
            .is_some_and(|e| e.kind() == std::io::ErrorKind::BrokenPipe)
    })
}

/// Prints an error as SPEC §4 says: one `error:` line, the detail indented,
/// then a `hint:` line. Returns the exit code.
pub fn report(err: &anyhow::Error, color: bool) -> i32 {
    let (code, hint, detail) = classify(err);
    let label = if color {
        "\x1b[31merror:\x1b[0m"
    } else {
        "error:"
    };
    // A failing stderr loses the message, never the exit code.
    use crate::output::{sanitize, to_stderr};
    to_stderr(&format!("{label} {}", sanitize(&format!("{err:#}"))));
    if let Some(detail) = detail {
        for line in detail.lines() {
            to_stderr(&format!("    {}", sanitize(line)));
        }
    }
    if let Some(hint) = hint {
        to_stderr(&format!("hint: {}", sanitize(hint)));
    }
    code
}

#[cfg(test)]
mod tests {
    use super::*;
    use anyhow::Context;

    #[test]
    fn the_first_arca_error_in_the_chain_decides_the_exit_code() {
        let err = Err::<(), _>(not_found("secret 'x' not found").hint("arca list"))
            .context("reading x")
            .unwrap_err();
        assert_eq!(classify(&err), (3, Some("arca list"), None));
        assert_eq!(classify(&anyhow::anyhow!("plain")).0, 1);
    }
}
