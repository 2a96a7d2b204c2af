//! Secrets Manager's HTTP API on a socket (SPEC §9): `arca serve` and
//! `arca exec --aws`. A thin front: every request goes to [`aws::call`],
//! the core the command line uses too, so the two cannot drift.
//!
//! Two threads. The network side (`http.rs`) runs on a current-thread tokio
//! runtime on a thread of its own (async stays here, at the edge): it
//! accepts, speaks TLS and HTTP/1.1, checks signatures (`sigv4.rs`) and
//! parses bodies, so a slow or malformed client costs a task, not a thread.
//! The vault side runs on the thread that unlocked the identities (they
//! are not `Send`): it takes one request at a time from a bounded queue and
//! answers through [`aws::call`], reading through a [`Cache`] of the
//! decrypted vault that is loaded again whenever the file is replaced.
//! Writes take the vault lock and go through the same atomic save as the
//! CLI, so serving and the CLI can be used at once.

pub mod agent;
pub mod exec;
mod http;
pub mod sigv4;
mod tls;

use std::net::{SocketAddr, TcpListener};
use std::path::PathBuf;
use std::rc::Rc;
use std::sync::{mpsc, Arc, Mutex};
use std::thread;

use anyhow::{Context, Result};
use serde_json::Value as Json;
use tokio::sync::{oneshot, watch};

use crate::aws::{self, AwsError};
use crate::clock;
use crate::cmd::Ctx;
use crate::vault::Cache;

pub use sigv4::Credentials;

/// Requests waiting for the vault thread; more are answered with AWS's
/// ThrottlingException, which the SDKs retry.
const QUEUE: usize = 64;

/// What the server is told at start.
pub struct Options {
    pub credentials: Credentials,
    /// TLS certificate chain and key (PEM files).
    pub tls: Option<(PathBuf, PathBuf)>,
    /// The Secrets Manager Agent's SSRF token, when its protocol is served.
    pub agent_token: Option<String>,
    pub signals: Signals,
}

/// What SIGINT and SIGTERM do while serving.
pub enum Signals {
    /// Stop serving (`arca serve`).
    Stop,
    /// Pass them on to the process in the slot, while there is one
    /// (`arca exec --aws`: the command decides when to stop).
    ForwardTo(Arc<Mutex<Option<u32>>>),
    /// Leave them alone (`exec --aws --mask` forwards them itself).
    Leave,
}

/// One request for the vault thread.
struct Job {
    operation: String,
    request: Json,
    reply: oneshot::Sender<Result<Json, AwsError>>,
}

/// A running network side: [`Server::run`] serves its requests until it
/// stops; [`Stopper::stop`] stops it from another thread.
pub struct Server {
    jobs: mpsc::Receiver<Job>,
    network: thread::JoinHandle<Result<()>>,
    stop: watch::Sender<bool>,
    pub addr: SocketAddr,
    pub scheme: &'static str,
}

/// Stops a [`Server`] from any thread.
#[derive(Clone)]
pub struct Stopper(watch::Sender<bool>);

impl Stopper {
    pub fn stop(&self) {
        let _ = self.0.send(true);
    }
}

impl Server {
    /// Starts the network side on `listener` (bound by the caller, so that
    /// a refused address is reported before anything is printed).
    pub fn start(listener: TcpListener, options: Options) -> Result<Server> {
        let addr = listener
            .local_addr()
            .context("reading the listening address")?;
        let tls = match &options.tls {
            Some((cert, key)) => Some(tls::acceptor(cert, key)?),
            None => None,
        };
        let scheme = if tls.is_some() { "https" } else { "http" };
        listener
            .set_nonblocking(true)
            .context("configuring the listening socket")?;
        let (jobs_tx, jobs) = mpsc::sync_channel(QUEUE);
        let (stop, stopped) = watch::channel(false);
        let state = http::State {
            credentials: options.credentials,
            agent_token: options.agent_token,
            jobs: jobs_tx,
        };
        let signals = match options.signals {
            Signals::Stop => http::OnSignal::Stop(stop.clone()),
            Signals::ForwardTo(slot) => http::OnSignal::Forward(slot),
            Signals::Leave => http::OnSignal::Nothing,
        };
        let (ready_tx, ready) = mpsc::channel();
        let network = thread::Builder::new()
            .name("arca-serve-net".into())
            .spawn(move || {
                let runtime = tokio::runtime::Builder::new_current_thread()
                    .enable_all()
                    .build()
                    .context("starting the server's runtime")?;
                runtime.block_on(http::serve(
                    listener, tls, state, stopped, signals, ready_tx,
                ))
            })
            .context("starting the server's thread")?;
        // Started, with its signal handlers in place, before anything is
        // printed; or the reason it could not start.
        if ready.recv().is_err() {
            return Err(match network.join() {
                Ok(Err(err)) => err,
                _ => anyhow::anyhow!("the server's thread stopped at start"),
            });
        }
        Ok(Server {
            jobs,
            network,
            stop,
            addr,
            scheme,
        })
    }

    pub fn endpoint(&self) -> String {
        format!("{}://{}", self.scheme, self.addr)
    }

    pub fn stopper(&self) -> Stopper {
        Stopper(self.stop.clone())
    }

    /// Answers requests on this thread, the one holding the unlocked
    /// identities, until the network side has stopped.
    pub fn run(self, ctx: &Ctx) -> Result<()> {
        let cache = Rc::new(Cache::default());
        for job in self.jobs.iter() {
            let answer = ctx
                .serving(clock::now(), &cache)
                .map_err(AwsError::from)
                .and_then(|ctx| aws::call(&ctx, &job.operation, &job.request));
            if let Err(err) = &answer {
                if let Some(local) = &err.local {
                    // arca's own failure (vault, lock, hook): the reason,
                    // never a value (SPEC §4).
                    crate::output::to_stderr(&format!("arca serve: {}: {local:#}", job.operation));
                }
            }
            // A client that went away no longer waits for its answer.
            let _ = job.reply.send(answer);
        }
        self.network
            .join()
            .map_err(|_| anyhow::anyhow!("the server's thread panicked"))?
    }
}

/// Plain HTTP is for loopback only (SPEC §9).
pub fn check_plain_is_loopback(addr: SocketAddr, tls: bool) -> Result<()> {
    if !tls && !addr.ip().is_loopback() {
        return Err(crate::error::usage(format!(
            "refusing to serve plain HTTP on {addr}: only loopback addresses may go without TLS"
        ))
        .hint("give --tls-cert and --tls-key, or listen on 127.0.0.1")
        .into());
    }
    Ok(())
}

/// Binds `addr`, refusing plain HTTP anywhere but loopback.
pub fn bind(addr: SocketAddr, tls: bool) -> Result<TcpListener> {
    check_plain_is_loopback(addr, tls)?;
    TcpListener::bind(addr).map_err(|e| {
        crate::error::ArcaError::new(
            crate::error::Exit::Other,
            format!("cannot listen on {addr}: {e}"),
        )
        .hint("choose another port with --listen, e.g. --listen 127.0.0.1:0 for any free one")
        .into()
    })
}

/// The environment that points an AWS SDK or the aws CLI at this server.
pub fn client_env(endpoint: &str, creds: &Credentials) -> Vec<(&'static str, String)> {
    vec![
        ("AWS_ENDPOINT_URL_SECRETS_MANAGER", endpoint.to_owned()),
        ("AWS_ACCESS_KEY_ID", creds.access_key_id.clone()),
        ("AWS_SECRET_ACCESS_KEY", creds.secret_access_key.to_string()),
        ("AWS_REGION", REGION.to_owned()),
        // boto3 and the aws CLI v1 read this one.
        ("AWS_DEFAULT_REGION", REGION.to_owned()),
    ]
}

/// Any region signs; this one is what the printed environment says.
pub const REGION: &str = "us-east-1";

/// The Secrets Manager Agent's SSRF token: `AWS_TOKEN` from our own
/// environment, as the agent reads it, or a fresh random one.
pub fn agent_token() -> Result<String> {
    if let Some(token) = std::env::var(agent::TOKEN_ENV)
        .ok()
        .filter(|t| !t.is_empty())
    {
        return Ok(token);
    }
    let mut bytes = zeroize::Zeroizing::new([0u8; 24]);
    getrandom::fill(&mut bytes[..])
        .map_err(|e| anyhow::anyhow!("generating the agent token: {e}"))?;
    Ok(bytes.iter().map(|b| format!("{b:02x}")).collect())
}
