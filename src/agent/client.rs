//! Talking to an agent: checks on the socket before anything is sent, the
//! handshake, and requests.

use std::io;
use std::os::unix::net::UnixStream;
use std::path::Path;
use std::time::Duration;

use super::proto::{self, Request, Response};
use super::{check_dir, check_socket};
use crate::error::{self, ArcaError};

/// Long enough for the agent to decrypt a large vault into its cache.
const IO_TIMEOUT: Duration = Duration::from_secs(60);

pub struct Client {
    pub stream: UnixStream,
    pub pid: u32,
}

impl Client {
    /// Connects and shakes hands. None when no agent listens there (no
    /// socket, or one left by a killed agent); an error for a socket this
    /// user must not trust, or an agent that speaks another version.
    pub fn connect(socket: &Path) -> Result<Option<Client>, ArcaError> {
        if let Some(dir) = socket.parent() {
            if !dir.exists() {
                return Ok(None);
            }
            check_dir(dir)?;
        }
        match std::fs::symlink_metadata(socket) {
            Err(_) => return Ok(None),
            Ok(_) => check_socket(socket)?,
        }
        let Ok(mut stream) = UnixStream::connect(socket) else {
            return Ok(None);
        };
        let _ = stream.set_read_timeout(Some(IO_TIMEOUT));
        let _ = stream.set_write_timeout(Some(IO_TIMEOUT));
        let hello = proto::write_frame(
            &mut stream,
            &Request::Hello {
                version: proto::VERSION,
            },
        )
        .and_then(|()| proto::read_frame::<Response>(&mut stream));
        match hello {
            Ok(Response::Hello { version, pid }) if version == proto::VERSION => {
                Ok(Some(Client { stream, pid }))
            }
            Ok(Response::Hello { version, pid }) => Err(error::vault(format!(
                "the agent at {} (pid {pid}) speaks protocol {version}, this arca {}",
                socket.display(),
                proto::VERSION
            ))
            .hint(format!(
                "an agent from another arca release is running: 'kill {pid}', then 'arca unlock'"
            ))),
            // Not an agent, or one that went away mid-handshake.
            _ => Ok(None),
        }
    }

    pub fn call(&mut self, request: &Request) -> io::Result<Response> {
        proto::write_frame(&mut self.stream, request)?;
        proto::read_frame(&mut self.stream)
    }
}
