//! `arca agent start|stop|status`, `arca unlock`, `arca lock`, and how every
//! other command finds its identities when an agent may be running.

use std::os::unix::process::CommandExt;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use age::Identity;
use anyhow::{Context, Result};
use serde_json::json;

use crate::agent::{self, proto, Client};
use crate::cli::{AgentCommand, AgentStartArgs};
use crate::error::{self, not_found, usage};
use crate::secret::Secret;
use crate::{keys, schedule, vault};

use super::Ctx;

/// How long `agent start` waits for the new agent to answer.
const START_WAIT: Duration = Duration::from_secs(10);

/// The identities for a command: through the agent when one answers (see
/// [`agent::identities`]), else read from the files as always.
pub fn identities(ctx: &Ctx) -> Result<Vec<Box<dyn Identity>>> {
    let files = ctx.paths.identities.clone();
    let load = move || keys::load_identities(&files);
    if !ctx.use_agent || keys::arca_key()?.is_some() {
        return load();
    }
    if let Some(warning) = agent::connect_session(&agent::socket_path()) {
        ctx.out.warn(&warning);
    }
    agent::identities(&ctx.paths.vault, load)
}

/// A secret from the agent's cached vault (`--cache-vault`), without
/// reading the vault file: Some(None) if it has no such secret; None when
/// the agent cannot answer for this file.
pub fn cached(ctx: &Ctx, name: &str) -> Result<Option<Option<Secret>>> {
    if !ctx.use_agent || keys::arca_key()?.is_some() {
        return Ok(None);
    }
    if let Some(warning) = agent::connect_session(&agent::socket_path()) {
        ctx.out.warn(&warning);
    }
    match agent::cached_line(&ctx.paths.vault, name) {
        Some(Some(line)) => Ok(Some(vault::secret_from_line(&line, ctx.now)?)),
        Some(None) => Ok(Some(None)),
        None => Ok(None),
    }
}

pub fn run(ctx: &Ctx, command: AgentCommand) -> Result<()> {
    match command {
        AgentCommand::Start(args) => start(ctx, &args),
        AgentCommand::Stop => stop(ctx),
        AgentCommand::Status => status(ctx),
    }
}

fn durations(args: &AgentStartArgs) -> Result<agent::Options> {
    let parse = |flag: &str, text: &str| {
        schedule::parse_duration(text).map_err(|e| usage(format!("{flag}: {e}")))
    };
    Ok(agent::Options {
        ttl: parse("--ttl", &args.ttl)?,
        max_ttl: parse("--max-ttl", &args.max_ttl)?,
        cache_vault: args.cache_vault,
    })
}

/// The agent at the socket, if one runs; an error for one that must not be used.
fn running(socket: &Path) -> Result<Option<Client>> {
    Ok(Client::connect(socket)?)
}

fn start(ctx: &Ctx, args: &AgentStartArgs) -> Result<()> {
    let options = durations(args)?;
    let socket = agent::socket_path();
    if args.foreground {
        return agent::serve(&socket, options, || {
            agent::log(&format!(
                "listening on {} (pid {})",
                socket.display(),
                std::process::id()
            ))
        });
    }
    if let Some(client) = running(&socket)? {
        return Err(already_running(&socket, client.pid).into());
    }
    let pid = spawn(&socket, args)?;
    ctx.out.note(&format!("started the agent (pid {pid})"));
    print_export(&socket);
    Ok(())
}

fn already_running(socket: &Path, pid: u32) -> error::ArcaError {
    error::conflict(format!(
        "an agent is already running at {} (pid {pid})",
        socket.display()
    ))
    .hint("'arca agent stop' ends it; then start one with other options")
}

/// The line for `eval "$(arca agent start)"`, in sh syntax.
fn print_export(socket: &Path) {
    let path = socket.to_string_lossy().replace('\'', r"'\''");
    println!("{}='{path}'; export {};", agent::SOCK_ENV, agent::SOCK_ENV);
}

/// Starts `arca agent start --foreground` in a session of its own, detached
/// from this terminal, and waits until it answers; returns its pid.
fn spawn(socket: &Path, args: &AgentStartArgs) -> Result<u32> {
    let exe = std::env::current_exe().context("finding the arca binary")?;
    let mut cmd = Command::new(exe);
    cmd.args(["agent", "start", "--foreground", "--ttl", &args.ttl])
        .args(["--max-ttl", &args.max_ttl])
        .env(agent::SOCK_ENV, socket)
        .current_dir("/")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    if args.cache_vault {
        cmd.arg("--cache-vault");
    }
    // SAFETY: setsid is async-signal-safe and touches no memory of ours.
    unsafe {
        cmd.pre_exec(|| {
            libc::setsid();
            Ok(())
        });
    }
    let mut child = cmd.spawn().context("starting the agent")?;
    let deadline = Instant::now() + START_WAIT;
    loop {
        if let Some(client) = running(socket)? {
            return Ok(client.pid);
        }
        if let Some(status) = child.try_wait()? {
            return Err(anyhow::anyhow!(
                "the agent exited at once ({status}); run 'arca agent start --foreground' to see why"
            ));
        }
        if Instant::now() > deadline {
            return Err(anyhow::anyhow!(
                "the agent did not answer on {}",
                socket.display()
            ));
        }
        std::thread::sleep(Duration::from_millis(10));
    }
}

fn no_agent(socket: &Path) -> error::ArcaError {
    not_found(format!("no agent is running at {}", socket.display()))
        .hint("'arca unlock' starts one")
}

fn stop(ctx: &Ctx) -> Result<()> {
    let socket = agent::socket_path();
    let Some(mut client) = running(&socket)? else {
        ctx.out
            .note(&format!("no agent is running at {}", socket.display()));
        return Ok(());
    };
    client.call(&proto::Request::Stop)?;
    ctx.out.note(&format!(
        "stopped the agent (pid {}); its memory is wiped",
        client.pid
    ));
    Ok(())
}

fn status(ctx: &Ctx) -> Result<()> {
    let socket = agent::socket_path();
    let Some(mut client) = running(&socket)? else {
        return Err(no_agent(&socket).into());
    };
    let proto::Response::Status(s) = client.call(&proto::Request::Status)? else {
        return Err(anyhow::anyhow!("the agent gave no status"));
    };
    if ctx.out.is_json() {
        return ctx.out.json(&json!({
            "Pid": s.pid,
            "Socket": socket.to_string_lossy(),
            "Unlocked": s.unlocked(),
            "Identities": s.identities,
            "FileKeys": s.file_keys,
            "CachedSecrets": s.cached_secrets,
            "TtlSeconds": s.ttl_secs,
            "MaxTtlSeconds": s.max_ttl_secs,
            "IdleSecondsLeft": s.idle_left_secs,
            "LifetimeSecondsLeft": s.max_left_secs,
            "MemoryWarning": s.memory_warning,
        }));
    }
    let mut lines = vec![
        format!("agent: running (pid {}) at {}", s.pid, socket.display()),
        format!(
            "state: {}",
            if s.unlocked() { "unlocked" } else { "locked" }
        ),
    ];
    for key in &s.identities {
        lines.push(format!("identity: {key}"));
    }
    lines.push(format!("file keys: {}", s.file_keys));
    if let Some(n) = s.cached_secrets {
        lines.push(format!("cached vault: {n} secrets"));
    }
    let left = |secs: Option<u64>, of: u64| match secs {
        Some(secs) => format!("{} left of {}", human(secs), human(of)),
        None => human(of),
    };
    lines.push(format!(
        "idle timeout: {}",
        left(s.idle_left_secs, s.ttl_secs)
    ));
    lines.push(format!(
        "lifetime: {}",
        left(s.max_left_secs, s.max_ttl_secs)
    ));
    for line in lines {
        println!("{line}");
    }
    if let Some(warning) = &s.memory_warning {
        ctx.out.warn(warning);
    }
    Ok(())
}

/// 1h2m3s, 15m, 2s.
fn human(secs: u64) -> String {
    let (h, m, s) = (secs / 3600, secs / 60 % 60, secs % 60);
    let mut out = String::new();
    if h > 0 {
        out.push_str(&format!("{h}h"));
    }
    if m > 0 {
        out.push_str(&format!("{m}m"));
    }
    if s > 0 || out.is_empty() {
        out.push_str(&format!("{s}s"));
    }
    out
}

pub fn unlock(ctx: &Ctx) -> Result<()> {
    if keys::arca_key()?.is_some() {
        return Err(usage("ARCA_KEY is set: its identity needs no unlocking").into());
    }
    if !ctx.use_agent {
        return Err(usage(
            "unlock hands identities to the agent, and --no-agent or ARCA_AGENT=off leave it out",
        )
        .into());
    }
    let socket = agent::socket_path();
    if running(&socket)?.is_none() {
        let defaults = AgentStartArgs {
            ttl: "15m".into(),
            max_ttl: "8h".into(),
            foreground: false,
            cache_vault: false,
        };
        let pid = spawn(&socket, &defaults)?;
        ctx.out.note(&format!(
            "started the agent (pid {pid}) at {}",
            socket.display()
        ));
    }
    if let Some(warning) = agent::connect_session(&socket) {
        return Err(error::vault(warning).into());
    }
    let mut held = Vec::new();
    for path in &ctx.paths.identities {
        if let Some(text) = keys::unlocked_text(path)? {
            held.extend(agent::add_identities(&text)?);
        }
    }
    // Identities the agent cannot hold (a plugin's, an unprotected file's):
    // open the vault once with them and hand the agent its file key.
    let vault = &ctx.paths.vault;
    let registered = vault.exists() && !agent::agent_opens(vault);
    if registered {
        let ids = keys::load_identities(&ctx.paths.identities)?;
        if !agent::register_with(vault, &ids) {
            return Err(error::vault(format!(
                "none of your identities can open {}",
                vault.display()
            ))
            .into());
        }
        ctx.out.note(&format!(
            "the agent holds the file key of {}",
            vault.display()
        ));
    }
    if held.is_empty() && !registered {
        ctx.out
            .note("the agent already holds what opens this vault");
    }
    for key in held {
        ctx.out.note(&format!("unlocked {key}"));
    }
    Ok(())
}

pub fn lock(ctx: &Ctx) -> Result<()> {
    let socket = agent::socket_path();
    match running(&socket)? {
        Some(mut client) => {
            client.call(&proto::Request::Lock)?;
            ctx.out.note("locked: the agent holds nothing now");
        }
        None => ctx.out.note("no agent is running: nothing to lock"),
    }
    Ok(())
}
