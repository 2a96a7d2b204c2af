//! The agent process: the socket, its peers, the request loop and what
//! each request does. One thread per connection, so a client that waits
//! (say, on a prompt) holds up nobody; the state sits behind one mutex.

use std::io;
use std::os::fd::AsRawFd;
use std::os::unix::fs::MetadataExt;
use std::os::unix::net::{UnixListener, UnixStream};
use std::path::Path;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use age_core::format::Stanza;
use anyhow::{Context, Result};

use super::proto::{self, Request, Response, Status, WireStanza};
use super::state::State;
use super::timer::Alarm;
use super::{prepare_dir, Client};
use crate::error::{self, conflict};

pub struct Options {
    pub ttl: Duration,
    pub max_ttl: Duration,
    pub cache_vault: bool,
}

/// How long a connected client may take to send a whole frame.
const IO_TIMEOUT: Duration = Duration::from_secs(30);

struct Shared {
    state: Mutex<State>,
    alarm: Alarm,
}

impl Shared {
    fn state(&self) -> MutexGuard<'_, State> {
        // A thread that panicked holding the lock left the state as it was:
        // still wiped on lock and exit.
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Re-arms the alarm for the state's next deadline.
    fn rearm(&self, state: &State) {
        let _ = self.alarm.set(state.timer.deadline());
    }
}

/// Serves on `socket` until stopped or signalled; `ready` runs once the
/// socket accepts connections.
pub fn serve(socket: &Path, options: Options, ready: impl FnOnce()) -> Result<()> {
    // The socket file and anything else made from here on: owner only.
    // SAFETY: umask takes and returns a mode.
    unsafe { libc::umask(0o077) };
    prepare_dir(socket)?;
    let listener = bind(socket)?;
    let bound = std::fs::symlink_metadata(socket).map(|m| (m.dev(), m.ino()))?;
    let signals = SignalFd::new().context("blocking signals for the agent")?;
    let shared = Arc::new(Shared {
        state: Mutex::new(State::new(
            options.ttl,
            options.max_ttl,
            options.cache_vault,
        )?),
        alarm: Alarm::new()?,
    });
    ready();
    loop {
        let mut fds =
            [listener.as_raw_fd(), shared.alarm.fd(), signals.fd()].map(|fd| libc::pollfd {
                fd,
                events: libc::POLLIN,
                revents: 0,
            });
        // SAFETY: fds is an array of three pollfd we own.
        let n = unsafe { libc::poll(fds.as_mut_ptr(), 3, -1) };
        if n < 0 {
            let err = io::Error::last_os_error();
            if err.kind() == io::ErrorKind::Interrupted {
                continue;
            }
            return Err(err.into());
        }
        if fds[2].revents != 0 {
            break;
        }
        if fds[1].revents != 0 {
            shared.alarm.drain();
            let mut state = shared.state();
            if state.expire_if_due() {
                super::log("timed out, locked");
            }
            shared.rearm(&state);
        }
        if fds[0].revents != 0 {
            let Ok((stream, _)) = listener.accept() else {
                continue;
            };
            if peer_uid(&stream) != Some(euid()) {
                super::log("refused a connection from another user");
                continue;
            }
            let shared = shared.clone();
            std::thread::spawn(move || connection(stream, &shared));
        }
    }
    shared.state().lock();
    // Leave the path alone if another agent has taken it since.
    if std::fs::symlink_metadata(socket).is_ok_and(|m| (m.dev(), m.ino()) == bound) {
        let _ = std::fs::remove_file(socket);
    }
    super::log("stopped, memory wiped");
    Ok(())
}

/// Binds the socket: a live agent there is an error; a socket left by a
/// killed one is removed first.
fn bind(socket: &Path) -> Result<UnixListener> {
    // An agent of another version is running too: its error says so.
    if let Some(client) = Client::connect(socket)? {
        return Err(conflict(format!(
            "an agent is already running at {} (pid {})",
            socket.display(),
            client.pid
        ))
        .hint("'arca agent stop' ends it; then start one with other options")
        .into());
    }
    match std::fs::symlink_metadata(socket) {
        Ok(meta) if meta.file_type_is_socket() && meta.uid() == euid() => {
            std::fs::remove_file(socket)
                .with_context(|| format!("removing the stale socket {}", socket.display()))?;
        }
        Ok(_) => {
            return Err(error::vault(format!(
                "{} exists and is not this user's agent socket",
                socket.display()
            ))
            .into())
        }
        Err(_) => {}
    }
    UnixListener::bind(socket).map_err(|e| {
        if e.kind() == io::ErrorKind::AddrInUse {
            conflict(format!(
                "an agent is already running at {}",
                socket.display()
            ))
            .into()
        } else {
            anyhow::Error::new(e).context(format!("listening on {}", socket.display()))
        }
    })
}

trait SocketType {
    fn file_type_is_socket(&self) -> bool;
}

impl SocketType for std::fs::Metadata {
    fn file_type_is_socket(&self) -> bool {
        use std::os::unix::fs::FileTypeExt;
        self.file_type().is_socket()
    }
}

/// One client: the handshake, then requests until it hangs up.
fn connection(mut stream: UnixStream, shared: &Shared) {
    let _ = stream.set_read_timeout(Some(IO_TIMEOUT));
    let _ = stream.set_write_timeout(Some(IO_TIMEOUT));
    let hello = Response::Hello {
        version: proto::VERSION,
        pid: std::process::id(),
    };
    match proto::read_frame::<Request>(&mut stream) {
        Ok(Request::Hello { version }) => {
            if proto::write_frame(&mut stream, &hello).is_err() || version != proto::VERSION {
                return;
            }
        }
        _ => return,
    }
    while let Ok(request) = proto::read_frame::<Request>(&mut stream) {
        let stop = matches!(request, Request::Stop);
        let response = answer(request, shared);
        if proto::write_frame(&mut stream, &response).is_err() {
            return;
        }
        if stop {
            // The main loop wakes on the signal, wipes and exits.
            // SAFETY: kill with our own pid and a signal number.
            unsafe { libc::kill(libc::getpid(), libc::SIGTERM) };
            return;
        }
    }
}

/// What each request does. Nothing here returns an identity.
fn answer(request: Request, shared: &Shared) -> Response {
    let mut state = shared.state();
    // A machine that slept past a deadline is locked before it answers.
    state.expire_if_due();
    let response = match request {
        Request::Hello { .. } => Response::Error {
            message: "hello twice".into(),
        },
        Request::Unwrap { stanzas } => match stanzas_of(&stanzas) {
            Some(stanzas) => match state.unwrap(&stanzas) {
                Some(key) => Response::FileKey {
                    file_key: proto::encode(&key),
                },
                None => Response::Unknown,
            },
            None => bad_request(),
        },
        Request::Register { stanzas, file_key } => {
            match (stanzas_of(&stanzas), proto::decode(&file_key)) {
                (Some(stanzas), Ok(key)) => {
                    state.register(&stanzas, &key);
                    Response::Done
                }
                _ => bad_request(),
            }
        }
        Request::Add { identities } => match state.add(&identities) {
            Ok(public_keys) => Response::Added { public_keys },
            Err(message) => Response::Error { message },
        },
        Request::Find {
            vault,
            header,
            name,
        } => match proto::decode(&header)
            .ok()
            .and_then(|header| state.find(&vault, &header, &name))
        {
            Some(Some(line)) => Response::Line {
                line: proto::encode(&line),
            },
            Some(None) => Response::Missing,
            // Not started with --cache-vault, or not this file: the client
            // reads the file itself.
            None => Response::Unknown,
        },
        Request::Lock | Request::Stop => {
            state.lock();
            Response::Done
        }
        Request::Status => {
            let (idle_left_secs, max_left_secs) = state.timer.left();
            Response::Status(Status {
                pid: std::process::id(),
                identities: state.public_keys().to_vec(),
                file_keys: state.file_keys(),
                cached_secrets: state.cached_secrets(),
                cache_vault: state.cache_vault,
                ttl_secs: state.timer.ttl.as_secs(),
                max_ttl_secs: state.timer.max_ttl.as_secs(),
                idle_left_secs,
                max_left_secs,
                memory_warning: state.memory_warning().map(str::to_owned),
            })
        }
    };
    shared.rearm(&state);
    response
}

fn bad_request() -> Response {
    Response::Error {
        message: "malformed request".into(),
    }
}

fn stanzas_of(wire: &[WireStanza]) -> Option<Vec<Stanza>> {
    wire.iter()
        .map(|s| {
            Some(Stanza {
                tag: s.tag.clone(),
                args: s.args.clone(),
                body: proto::decode(&s.body).ok()?.to_vec(),
            })
        })
        .collect()
}

fn euid() -> u32 {
    // SAFETY: geteuid cannot fail.
    unsafe { libc::geteuid() }
}

/// The uid of the process at the other end, from the kernel (SO_PEERCRED).
fn peer_uid(stream: &UnixStream) -> Option<u32> {
    let mut cred = libc::ucred {
        pid: 0,
        uid: u32::MAX,
        gid: u32::MAX,
    };
    let mut len = std::mem::size_of::<libc::ucred>() as libc::socklen_t;
    // SAFETY: getsockopt writes at most len bytes into cred, which we own.
    let r = unsafe {
        libc::getsockopt(
            stream.as_raw_fd(),
            libc::SOL_SOCKET,
            libc::SO_PEERCRED,
            (&mut cred as *mut libc::ucred).cast(),
            &mut len,
        )
    };
    (r == 0).then_some(cred.uid)
}

/// SIGTERM, SIGINT and SIGHUP as a readable fd: blocked for every thread
/// (threads started later inherit the mask), so the main loop handles
/// them and wipes the state before exiting.
struct SignalFd(std::os::fd::OwnedFd);

impl SignalFd {
    fn new() -> io::Result<SignalFd> {
        use std::os::fd::FromRawFd;
        // SAFETY: a sigset_t we own, filled by sigemptyset/sigaddset; then
        // handed to pthread_sigmask and signalfd, which only read it.
        unsafe {
            let mut set: libc::sigset_t = std::mem::zeroed();
            libc::sigemptyset(&mut set);
            for sig in [libc::SIGTERM, libc::SIGINT, libc::SIGHUP] {
                libc::sigaddset(&mut set, sig);
            }
            if libc::pthread_sigmask(libc::SIG_BLOCK, &set, std::ptr::null_mut()) != 0 {
                return Err(io::Error::last_os_error());
            }
            let fd = libc::signalfd(-1, &set, libc::SFD_CLOEXEC);
            if fd < 0 {
                return Err(io::Error::last_os_error());
            }
            Ok(SignalFd(std::os::fd::OwnedFd::from_raw_fd(fd)))
        }
    }

    fn fd(&self) -> i32 {
        self.0.as_raw_fd()
    }
}
