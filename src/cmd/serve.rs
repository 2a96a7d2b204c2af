//! `arca serve`: Secrets Manager's API on a socket, from the vault (SPEC §9).

use std::fs;
use std::io::{self, Write};
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use zeroize::Zeroizing;

use crate::cli::ServeArgs;
use crate::envfmt::{format_shell, EnvVar};
use crate::error::usage;
use crate::serve::{self, agent_token, client_env, Credentials, Options, Server, Signals};

use super::Ctx;

pub fn run(ctx: &Ctx, args: ServeArgs) -> Result<()> {
    let tls = args.tls_cert.zip(args.tls_key);
    // Refused before anything else happens (no passphrase asked, no port taken).
    serve::check_plain_is_loopback(args.listen, tls.is_some())?;
    // The identity is unlocked once, here, and the vault checked to open.
    ctx.scan_fold(|_: &mut (), _| (), |()| ())?;
    let credentials_file = args
        .credentials_file
        .map(|path| path.unwrap_or_else(|| default_credentials_file(ctx)));
    let credentials = match &credentials_file {
        Some(path) => stored_credentials(path)?,
        None => Credentials::generate().context("generating credentials")?,
    };
    let agent_token = match args.agent_protocol {
        true => Some(agent_token()?),
        false => None,
    };
    let listener = serve::bind(args.listen, tls.is_some())?;
    let mut env = Vec::new();
    let server = {
        let addr = listener
            .local_addr()
            .context("reading the listening address")?;
        let scheme = if tls.is_some() { "https" } else { "http" };
        let endpoint = format!("{scheme}://{addr}");
        for (name, value) in client_env(&endpoint, &credentials) {
            let value = match (&credentials_file, name) {
                (Some(_), "AWS_ACCESS_KEY_ID" | "AWS_SECRET_ACCESS_KEY") => continue,
                _ => value,
            };
            env.push(var(name, value));
        }
        if let Some(path) = &credentials_file {
            env.push(var(
                "AWS_SHARED_CREDENTIALS_FILE",
                path.display().to_string(),
            ));
        }
        if let Some(token) = &agent_token {
            env.push(var(serve::agent::TOKEN_ENV, token.clone()));
        }
        Server::start(
            listener,
            Options {
                credentials,
                tls,
                agent_token,
                signals: Signals::Stop,
            },
        )?
    };
    announce(ctx, &server, args.agent_protocol);
    // The one place the credentials are shown (unless they are in a file),
    // as `arca env` prints variables.
    let lines = Zeroizing::new(format_shell(&env));
    let mut out = io::stdout().lock();
    out.write_all(lines.as_bytes())
        .and_then(|()| out.flush())
        .context("writing the environment to stdout")?;
    drop(out);
    server.run(ctx)?;
    crate::output::to_stderr("arca serve: stopped");
    Ok(())
}

/// What is being served, and to whom, on stderr.
fn announce(ctx: &Ctx, server: &Server, agent: bool) {
    let vault = ctx.paths.vault.display();
    let endpoint = server.endpoint();
    let also = if agent {
        " and the Secrets Manager Agent's GET /secretsmanager/get"
    } else {
        ""
    };
    crate::output::to_stderr(&format!(
        "arca serve: Secrets Manager's API{also} for {vault} on {endpoint}"
    ));
    if !server.addr.ip().is_loopback() {
        crate::output::to_stderr(&format!(
            "arca serve: warning: {} is reachable from other machines: anyone holding these \
             credentials can read and change every secret in {vault}",
            server.addr
        ));
    }
    crate::output::to_stderr(
        "arca serve: point a client at it with the export lines below; stop with Ctrl-C",
    );
}

fn default_credentials_file(ctx: &Ctx) -> PathBuf {
    let dir = ctx.paths.config.parent().unwrap_or(Path::new("."));
    dir.join("serve-credentials")
}

/// The key pair in an AWS shared credentials file (profile `default`),
/// made (0600) with a fresh pair if it does not exist yet, so that clients
/// configured once keep working across restarts.
fn stored_credentials(path: &Path) -> Result<Credentials> {
    match fs::read_to_string(path) {
        Ok(text) => {
            let meta = fs::metadata(path)?;
            if meta.permissions().mode() & 0o077 != 0 {
                return Err(crate::error::vault(format!(
                    "{} can be read by others; refusing to use it",
                    path.display()
                ))
                .hint(format!("chmod 600 {}", path.display()))
                .into());
            }
            let text = Zeroizing::new(text);
            let field = |key: &str| {
                text.lines().find_map(|line| {
                    let (k, v) = line.split_once('=')?;
                    (k.trim() == key).then(|| v.trim().to_owned())
                })
            };
            match (field("aws_access_key_id"), field("aws_secret_access_key")) {
                (Some(id), Some(key)) if !id.is_empty() && !key.is_empty() => Ok(Credentials {
                    access_key_id: id,
                    secret_access_key: Zeroizing::new(key),
                }),
                _ => Err(usage(format!(
                    "{} has no aws_access_key_id and aws_secret_access_key",
                    path.display()
                ))
                .hint("remove it, and arca serve writes a new one")
                .into()),
            }
        }
        Err(e) if e.kind() == io::ErrorKind::NotFound => {
            let creds = Credentials::generate().context("generating credentials")?;
            let text = Zeroizing::new(format!(
                "[default]\naws_access_key_id = {}\naws_secret_access_key = {}\n",
                creds.access_key_id,
                creds.secret_access_key.as_str()
            ));
            crate::paths::create_parent_dir(path)?;
            crate::paths::create_private_file(path)
                .and_then(|mut file| file.write_all(text.as_bytes()))
                .with_context(|| format!("writing {}", path.display()))?;
            Ok(creds)
        }
        Err(e) => Err(e).with_context(|| format!("reading {}", path.display())),
    }
}

fn var(name: &str, value: String) -> EnvVar {
    EnvVar {
        name: name.to_owned(),
        field: None,
        value: Zeroizing::new(value),
    }
}
