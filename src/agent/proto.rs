//! The agent's wire protocol: frames of a 4-byte big-endian length and a
//! JSON body, capped in size. A connection begins with `Hello` both ways so
//! that a client and an agent of different versions stop there.
//!
//! Secret bytes (file keys, identity text, a cached secret's line) travel
//! base64-encoded in [`Zeroizing`] strings, and every frame buffer is wiped.

use std::io::{self, Read, Write};
use std::path::PathBuf;

use base64::Engine;
use serde::{de::DeserializeOwned, Deserialize, Serialize};
use zeroize::Zeroizing;

/// Bumped on any change to the messages below.
pub const VERSION: u32 = 1;
/// The largest frame either side accepts: a secret's line with its versions
/// fits many times over; anything bigger is refused before it is read.
pub const MAX_FRAME: usize = 16 << 20;

/// An age header stanza as sent over the socket (its body base64).
#[derive(Clone, Serialize, Deserialize)]
pub struct WireStanza {
    pub tag: String,
    pub args: Vec<String>,
    pub body: String,
}

#[derive(Serialize, Deserialize)]
#[serde(tag = "op", rename_all = "snake_case")]
pub enum Request {
    Hello {
        version: u32,
    },
    /// The file key of the header these stanzas come from, if known.
    Unwrap {
        stanzas: Vec<WireStanza>,
    },
    /// The file key of a header the client unwrapped or wrote itself.
    Register {
        stanzas: Vec<WireStanza>,
        file_key: Zeroizing<String>,
    },
    /// Unlocked identity text to hold (age identity file format).
    Add {
        identities: Zeroizing<String>,
    },
    /// One secret's line from the cached vault (`--cache-vault`): `header`
    /// is the file's age header and payload nonce, so that a vault changed
    /// since it was cached is never answered from the cache.
    Find {
        vault: PathBuf,
        header: String,
        name: String,
    },
    Lock,
    Status,
    Stop,
}

#[derive(Serialize, Deserialize)]
#[serde(tag = "reply", rename_all = "snake_case")]
pub enum Response {
    Hello {
        version: u32,
        pid: u32,
    },
    FileKey {
        file_key: Zeroizing<String>,
    },
    /// The agent cannot answer this one; the client goes its own way.
    Unknown,
    Added {
        public_keys: Vec<String>,
    },
    Line {
        line: Zeroizing<String>,
    },
    /// The cached vault has no such secret.
    Missing,
    Done,
    Status(Status),
    Error {
        message: String,
    },
}

/// What `arca agent status` shows: no secret, and asking for it does not
/// count as use (no timer is extended).
#[derive(Serialize, Deserialize)]
pub struct Status {
    pub pid: u32,
    /// Public keys of the identities held.
    pub identities: Vec<String>,
    pub file_keys: usize,
    /// Secrets in the cached vault, with `--cache-vault`.
    pub cached_secrets: Option<usize>,
    pub cache_vault: bool,
    pub ttl_secs: u64,
    pub max_ttl_secs: u64,
    /// Seconds until the idle timer and the lifetime run out, while unlocked.
    pub idle_left_secs: Option<u64>,
    pub max_left_secs: Option<u64>,
    /// Why held secrets may be swapped out, if they may.
    pub memory_warning: Option<String>,
}

impl Status {
    pub fn unlocked(&self) -> bool {
        !self.identities.is_empty() || self.file_keys > 0 || self.cached_secrets.is_some()
    }
}

pub fn encode(bytes: &[u8]) -> Zeroizing<String> {
    Zeroizing::new(base64::engine::general_purpose::STANDARD.encode(bytes))
}

pub fn decode(text: &str) -> io::Result<Zeroizing<Vec<u8>>> {
    let mut out = Zeroizing::new(Vec::new());
    base64::engine::general_purpose::STANDARD
        .decode_vec(text, &mut out)
        .map_err(|_| bad("invalid base64 in a frame"))?;
    Ok(out)
}

pub fn write_frame(out: &mut impl Write, message: &impl Serialize) -> io::Result<()> {
    let mut body = Zeroizing::new(Vec::with_capacity(256));
    serde_json::to_writer(&mut *body, message)?;
    if body.len() > MAX_FRAME {
        return Err(bad("frame too large"));
    }
    let mut frame = Zeroizing::new(Vec::with_capacity(4 + body.len()));
    frame.extend_from_slice(&(body.len() as u32).to_be_bytes());
    frame.extend_from_slice(&body);
    out.write_all(&frame)?;
    out.flush()
}

/// The next frame; an error at a clean end of stream is `UnexpectedEof`.
pub fn read_frame<T: DeserializeOwned>(input: &mut impl Read) -> io::Result<T> {
    let mut len = [0u8; 4];
    input.read_exact(&mut len)?;
    let len = u32::from_be_bytes(len) as usize;
    if len > MAX_FRAME {
        return Err(bad("frame too large"));
    }
    let mut body = Zeroizing::new(vec![0u8; len]);
    input.read_exact(&mut body)?;
    serde_json::from_slice(&body).map_err(|_| bad("malformed frame"))
}

fn bad(what: &str) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidData, what)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn frames_round_trip_and_oversized_ones_are_refused_unread() {
        let mut buf = Vec::new();
        write_frame(&mut buf, &Request::Hello { version: VERSION }).unwrap();
        let back: Request = read_frame(&mut &buf[..]).unwrap();
        assert!(matches!(back, Request::Hello { version: VERSION }));

        let mut huge = ((MAX_FRAME + 1) as u32).to_be_bytes().to_vec();
        huge.extend_from_slice(b"{}");
        let err = read_frame::<Request>(&mut &huge[..]).err().unwrap();
        assert_eq!(err.kind(), io::ErrorKind::InvalidData);

        let mut truncated = Vec::new();
        write_frame(&mut truncated, &Request::Status).unwrap();
        truncated.pop();
        let err = read_frame::<Request>(&mut &truncated[..]).err().unwrap();
        assert_eq!(err.kind(), io::ErrorKind::UnexpectedEof);
    }

    #[test]
    fn bytes_survive_base64() {
        let key = [7u8; 16];
        assert_eq!(&decode(&encode(&key)).unwrap()[..], &key);
        assert!(decode("not base64!").is_err());
    }
}
