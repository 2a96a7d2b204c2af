//! `arca exec --aws -- CMD`: a server on a random loopback port for one
//! command. Only the command gets its endpoint and fresh credentials; the
//! server stops when the command exits, and arca exits with its status.

use std::ffi::{OsStr, OsString};
use std::io;
use std::net::{Ipv4Addr, SocketAddr};
use std::os::unix::process::ExitStatusExt;
use std::process::Command;
use std::sync::{Arc, Mutex};
use std::thread;

use anyhow::{Context, Result};
use zeroize::Zeroizing;

use super::{bind, client_env, Credentials, Options, Server, Signals};
use crate::cmd::Ctx;
use crate::mask::{self, EnvSpec};

/// What the command must not inherit: the parts of real AWS credentials
/// that the injected ones do not replace. (`ARCA_KEY` is withheld by
/// [`EnvSpec::apply`] unless `--pass-key`.)
const WITHHELD: [&str; 2] = ["AWS_SESSION_TOKEN", "AWS_SECURITY_TOKEN"];

/// Runs the command against a server of its own. The outer error is the
/// server's; the inner one says the command could not be started. The code
/// is the command's, or 128 + the signal that killed it.
pub fn run(
    ctx: &Ctx,
    program: &OsStr,
    args: &[OsString],
    mut env: EnvSpec,
    mask_values: Option<&[&[u8]]>,
) -> Result<io::Result<i32>> {
    // Unlocked before the command starts, once.
    ctx.identities()?;
    let listener = bind(SocketAddr::from((Ipv4Addr::LOCALHOST, 0)), false)?;
    let addr = listener
        .local_addr()
        .context("reading the listening address")?;
    let credentials = Credentials::generate().context("generating credentials")?;
    for (name, value) in client_env(&format!("http://{addr}"), &credentials) {
        env.set.push((name.to_owned(), Zeroizing::new(value)));
    }
    let child = Arc::new(Mutex::new(None));
    let server = Server::start(
        listener,
        Options {
            credentials,
            tls: None,
            agent_token: None,
            // --mask forwards signals itself.
            signals: match mask_values {
                Some(_) => Signals::Leave,
                None => Signals::ForwardTo(Arc::clone(&child)),
            },
        },
    )?;
    let stopper = server.stopper();
    thread::scope(|s| {
        let command = thread::Builder::new()
            .name("arca-exec-child".into())
            .spawn_scoped(s, || {
                let code = match mask_values {
                    Some(values) => mask::run_masked(program, args, env, values),
                    None => run_forwarding(program, args, &env, &child),
                };
                stopper.stop();
                code
            })
            .context("starting the command's thread")?;
        let served = server.run(ctx);
        let code = command
            .join()
            .unwrap_or_else(|_| Err(io::Error::other("the command's thread panicked")));
        served.map(|()| code)
    })
}

/// Runs the command with our stdin, stdout and stderr; the server passes
/// SIGINT and SIGTERM on to it through `slot` while it runs.
fn run_forwarding(
    program: &OsStr,
    args: &[OsString],
    env: &EnvSpec,
    slot: &Mutex<Option<u32>>,
) -> io::Result<i32> {
    let mut cmd = Command::new(program);
    cmd.args(args);
    env.apply(&mut cmd);
    for name in WITHHELD {
        if !env.set.iter().any(|(set, _)| set == name) {
            cmd.env_remove(name);
        }
    }
    let mut child = cmd.spawn()?;
    let pid = child.id();
    *slot.lock().unwrap_or_else(|e| e.into_inner()) = Some(pid);
    wait_exited(pid);
    // No more signals once it has exited, before its pid can be reused.
    *slot.lock().unwrap_or_else(|e| e.into_inner()) = None;
    let status = child.wait()?;
    Ok(status
        .code()
        .or_else(|| status.signal().map(|sig| 128 + sig))
        .unwrap_or(1))
}

/// Waits until `pid` has exited, without reaping it.
fn wait_exited(pid: u32) {
    loop {
        // SAFETY: waitid fills a zeroed siginfo_t that lives on this stack.
        let mut info: libc::siginfo_t = unsafe { std::mem::zeroed() };
        let done = unsafe {
            libc::waitid(
                libc::P_PID,
                pid as libc::id_t,
                &mut info,
                libc::WEXITED | libc::WNOWAIT,
            )
        };
        if done == 0 || io::Error::last_os_error().kind() != io::ErrorKind::Interrupted {
            return;
        }
    }
}
