//! `arca env`: selected secrets as shell, dotenv, JSON or GitHub Actions
//! variables (SPEC §6).

use std::io::{self, Write};
use std::os::fd::AsFd;
use std::os::unix::fs::PermissionsExt;
use std::path::PathBuf;

use anyhow::{Context, Result};
use zeroize::Zeroizing;

use crate::cli::{EnvArgs, EnvFormat};
use crate::envfmt;
use crate::error::usage;
use crate::mask;

use super::{select, Ctx};

pub fn run(ctx: &Ctx, args: EnvArgs) -> Result<()> {
    // Checked first: without it nothing can be exported, so fail before
    // asking for a key.
    let github_env = match args.format {
        EnvFormat::Github => Some(github_env_path()?),
        _ => None,
    };
    let vars = select::resolve(ctx, &args.selection)?;
    // Every format prints values (github prints them in its mask lines).
    make_stdout_private(ctx);
    let text = Zeroizing::new(match args.format {
        EnvFormat::Shell => envfmt::format_shell(&vars),
        EnvFormat::Dotenv => envfmt::format_dotenv(&vars).map_err(envfmt::not_dotenv)?,
        EnvFormat::Json => envfmt::format_json(&vars),
        EnvFormat::Github => {
            let (secrets, short) = mask::secret_values(&vars);
            if !short.is_empty() {
                ctx.out.note(&format!(
                    "note: values shorter than {} characters get no ::add-mask::: {}",
                    mask::MIN_LEN,
                    short.join(", ")
                ));
            }
            let secrets: Vec<&str> = secrets.iter().map(|s| s.as_str()).collect();
            let (masks, entries) = envfmt::format_github(&vars, &secrets);
            let (masks, entries) = (Zeroizing::new(masks), Zeroizing::new(entries));
            // Masks first, so the runner hides the values before it reads them.
            let mut out = io::stdout().lock();
            out.write_all(masks.as_bytes())?;
            out.flush()?;
            if let Some(path) = github_env {
                envfmt::append_github_env(&path, &entries)
                    .with_context(|| format!("appending to $GITHUB_ENV ({})", path.display()))?;
            }
            return Ok(());
        }
    });
    let mut out = io::stdout().lock();
    out.write_all(text.as_bytes())?;
    out.flush()?;
    Ok(())
}

fn github_env_path() -> Result<PathBuf> {
    match std::env::var_os("GITHUB_ENV").filter(|v| !v.is_empty()) {
        Some(path) => Ok(PathBuf::from(path)),
        None => Err(usage("--format github needs $GITHUB_ENV, which is not set")
            .hint("use it in a GitHub Actions step; elsewhere use --format shell or dotenv")
            .into()),
    }
}

/// `arca env > .env.local`: the shell created the file with the umask, so
/// take group and other access away before writing values into it.
fn make_stdout_private(ctx: &Ctx) {
    let Ok(fd) = io::stdout().as_fd().try_clone_to_owned() else {
        return;
    };
    let file = std::fs::File::from(fd);
    let Ok(meta) = file.metadata() else {
        return;
    };
    let mode = meta.permissions().mode();
    if !meta.is_file() || mode & 0o077 == 0 {
        return;
    }
    let private = std::fs::Permissions::from_mode(mode & 0o700);
    if let Err(e) = file.set_permissions(private) {
        ctx.out.warn(&format!(
            "standard output is a file others can read (mode {:o}) and arca cannot change that: {e}",
            mode & 0o777
        ));
    }
}
