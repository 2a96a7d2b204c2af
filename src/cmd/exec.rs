//! `arca exec`: a command with secrets in its environment (SPEC §6).

use std::ffi::OsStr;
use std::io;
use std::os::unix::process::CommandExt;
use std::process::{Command, ExitCode};

use anyhow::Result;

use crate::cli::ExecArgs;
use crate::error::{usage, ArcaError, Exit};
use crate::mask::{self, EnvSpec};

use super::{select, Ctx};

/// What `--no-inherit-env` keeps from arca's own environment.
const BASE_ENV: [&str; 5] = ["PATH", "HOME", "USER", "LANG", "TERM"];

pub fn run(ctx: &Ctx, args: ExecArgs) -> Result<ExitCode> {
    let (program, rest) = args
        .command
        .split_first()
        .ok_or_else(|| usage("no command to run after --"))?;
    let vars = select::resolve(ctx, &args.selection)?;

    let env = EnvSpec {
        clear: args.no_inherit_env,
        keep: BASE_ENV.map(String::from).to_vec(),
        set: vars
            .iter()
            .map(|v| (v.name.clone(), v.value.clone()))
            .collect(),
        pass_key: args.pass_key,
    };
    // --mask hides the same values with or without --aws (SPEC §6).
    let secrets = args.mask.then(|| {
        let (secrets, short) = mask::secret_values(&vars);
        if !short.is_empty() {
            ctx.out.note(&format!(
                "note: --mask leaves values shorter than {} characters unmasked: {}",
                mask::MIN_LEN,
                short.join(", ")
            ));
        }
        secrets
    });
    let masked: Option<Vec<&[u8]>> = secrets
        .as_ref()
        .map(|secrets| secrets.iter().map(|s| s.as_bytes()).collect());
    let code = if args.aws {
        crate::serve::exec::run(ctx, program, rest, env, masked.as_deref())?
    } else if let Some(values) = &masked {
        mask::run_masked(program, rest, env, values)
    } else {
        let mut cmd = Command::new(program);
        cmd.args(rest);
        env.apply(&mut cmd);
        // Only returns on failure; on success this process is the command now.
        let err = cmd.exec();
        return Err(cannot_run(program, &err).into());
    };
    let code = code.map_err(|e| cannot_run(program, &e))?;
    Ok(ExitCode::from(u8::try_from(code).unwrap_or(1)))
}

/// A command that could not be started: 127 when it does not exist, 126
/// otherwise, as env(1) and shells report it.
fn cannot_run(program: &OsStr, err: &io::Error) -> ArcaError {
    let (exit, hint) = if err.kind() == io::ErrorKind::NotFound {
        (Exit::CommandNotFound, "check the command's name and PATH")
    } else {
        (
            Exit::CannotRun,
            "check that the command is an executable file",
        )
    };
    ArcaError::new(
        exit,
        format!("cannot run '{}': {err}", program.to_string_lossy()),
    )
    .hint(hint)
}
