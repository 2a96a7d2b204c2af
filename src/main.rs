//! arca: AWS Secrets Manager's model on one age-encrypted file.

mod agent;
mod aws;
mod awscli;
mod bulk;
mod cli;
mod clip;
mod clock;
mod cmd;
mod complete_names;
mod config;
mod dates;
mod envfmt;
mod error;
mod filter;
mod git;
mod input;
mod keys;
mod mask;
mod merge;
mod output;
mod password;
mod paths;
mod prompt;
mod rotation;
mod scan;
mod schedule;
mod secret;
mod serve;
mod suggest;
#[allow(dead_code)] // until the sync commands use it
mod sync;
mod template;
mod threads;
mod usage;
mod vault;
mod verbose;

use std::process::ExitCode;

fn main() -> ExitCode {
    harden_process();
    // A bug is still one line on stderr, without a backtrace (SPEC §4).
    // (written so that a failing stderr cannot panic again and abort)
    std::panic::set_hook(Box::new(|info| {
        output::to_stderr(&format!("error: internal error ({info}); please report it"));
    }));
    // `arca --version` alone answers before clap builds the parser of every
    // command, which is most of its start-up time.
    if let Some(code) = version_only() {
        return code;
    }
    // Internal helpers (completion names, the clipboard clearer), before
    // clap so they stay out of help and completion scripts.
    if let Some(code) = cmd::complete::intercept().or_else(clip::intercept) {
        return code;
    }
    let cli = usage::parse();
    verbose::init(cli.verbose);
    let color = output::use_color(cli.color);
    let done = cmd::run(cli);
    verbose!("done");
    match done {
        Ok(code) => code,
        Err(err) if error::is_broken_pipe(&err) => ExitCode::SUCCESS,
        Err(err) => ExitCode::from(error::report(&err, color) as u8),
    }
}

/// `arca --version` (or `-V`) and nothing else: clap's answer, `arca X.Y.Z`.
fn version_only() -> Option<ExitCode> {
    let mut args = std::env::args_os().skip(1);
    args.next().filter(|a| a == "--version" || a == "-V")?;
    if args.next().is_some() {
        return None;
    }
    use std::io::Write;
    let _ = writeln!(std::io::stdout(), "arca {}", env!("CARGO_PKG_VERSION"));
    Some(ExitCode::SUCCESS)
}

/// Keeps values out of core dumps and away from ptrace by other processes
/// of the same user (as ssh-agent does). Resource limits are left alone, so
/// a child started by `arca exec` inherits the user's own.
fn harden_process() {
    // SAFETY: prctl with PR_SET_DUMPABLE takes plain integers and touches no memory.
    #[cfg(target_os = "linux")]
    unsafe {
        libc::prctl(libc::PR_SET_DUMPABLE, 0, 0, 0, 0);
    }
}
