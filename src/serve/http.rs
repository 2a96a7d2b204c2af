//! The network side: HTTP/1.1 (hyper) on one current-thread runtime, with
//! every bound a server off a trusted network needs. Each request is
//! authenticated, parsed and handed to the vault thread; the answer is
//! AWS's JSON 1.1 response or error (`__type`, `message`, status).

use std::convert::Infallible;
use std::net::SocketAddr;
use std::sync::{mpsc, Arc, Mutex};
use std::time::{Duration, SystemTime};

use anyhow::{Context, Result};
use http::{header, HeaderMap, Method, Request, Response, StatusCode};
use http_body_util::{BodyExt, Full, Limited};
use hyper::body::{Bytes, Incoming};
use hyper::service::service_fn;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use serde_json::{json, Value as Json};
use tokio::sync::{oneshot, watch, Semaphore};
use tokio::time::timeout;
use tokio_rustls::TlsAcceptor;

use super::sigv4::{self, same};
use super::{agent, Credentials, Job};

/// Largest request body: a CreateSecret with 64 KiB of SecretBinary
/// (base64), the longest description and 50 tags fits with room to spare.
pub const MAX_BODY: usize = 256 * 1024;
/// Connections served at once; more wait in the kernel's accept queue.
const MAX_CONNECTIONS: usize = 256;
/// How long a client may take to send its headers, its body, or to finish
/// a TLS handshake: a slow client loses its connection, nobody else waits.
const CLIENT_TIME: Duration = Duration::from_secs(10);
/// Largest header block (hyper's read buffer).
const MAX_HEADERS: usize = 64 * 1024;
/// How long a stop waits for requests in flight.
const DRAIN_TIME: Duration = Duration::from_secs(5);

const JSON_1_1: &str = "application/x-amz-json-1.1";
const TARGET_PREFIX: &str = "secretsmanager.";

pub struct State {
    pub credentials: Credentials,
    pub agent_token: Option<String>,
    pub jobs: mpsc::SyncSender<Job>,
}

/// Accepts connections until `stopped` says so, then lets the requests in
/// flight finish (for at most [`DRAIN_TIME`]).
pub async fn serve(
    listener: std::net::TcpListener,
    tls: Option<TlsAcceptor>,
    state: State,
    mut stopped: watch::Receiver<bool>,
    signals: OnSignal,
    ready: std::sync::mpsc::Sender<()>,
) -> Result<()> {
    let listener =
        tokio::net::TcpListener::from_std(listener).context("listening on the socket")?;
    signals.install()?;
    // From here on a signal stops the server (or goes to the command).
    let _ = ready.send(());
    let state = Arc::new(state);
    let connections = Arc::new(Semaphore::new(MAX_CONNECTIONS));
    let graceful = GracefulShutdown::new();
    loop {
        let permit = tokio::select! {
            _ = stopped.wait_for(|s| *s) => break,
            permit = Arc::clone(&connections).acquire_owned() => permit.context("connection limit")?,
        };
        let (stream, peer) = tokio::select! {
            _ = stopped.wait_for(|s| *s) => break,
            accepted = listener.accept() => match accepted {
                Ok(accepted) => accepted,
                Err(e) => {
                    // Out of file descriptors, a connection reset before
                    // accept: wait a little, and go on serving.
                    crate::output::to_stderr(&format!("arca serve: cannot accept a connection: {e}"));
                    tokio::time::sleep(Duration::from_millis(100)).await;
                    continue;
                }
            },
        };
        let _ = stream.set_nodelay(true);
        let state = Arc::clone(&state);
        let tls = tls.clone();
        let watcher = graceful.watcher();
        tokio::spawn(async move {
            let _permit = permit;
            let service = service_fn(move |req| {
                let state = Arc::clone(&state);
                async move { Ok::<_, Infallible>(respond(req, &state, peer).await) }
            });
            let mut http = hyper::server::conn::http1::Builder::new();
            http.timer(TokioTimer::new())
                .header_read_timeout(CLIENT_TIME)
                .max_buf_size(MAX_HEADERS);
            // Errors here are the client's (it closed, it was too slow, it
            // spoke no HTTP); hyper has answered what can be answered.
            match tls {
                None => {
                    let _ = watcher
                        .watch(http.serve_connection(TokioIo::new(stream), service))
                        .await;
                }
                Some(tls) => {
                    if let Ok(Ok(stream)) = timeout(CLIENT_TIME, tls.accept(stream)).await {
                        let _ = watcher
                            .watch(http.serve_connection(TokioIo::new(stream), service))
                            .await;
                    }
                }
            }
        });
    }
    drop(listener);
    let _ = timeout(DRAIN_TIME, graceful.shutdown()).await;
    Ok(())
}

/// What SIGINT and SIGTERM do (see [`super::Signals`]).
pub enum OnSignal {
    Stop(watch::Sender<bool>),
    Forward(Arc<Mutex<Option<u32>>>),
    Nothing,
}

impl OnSignal {
    fn install(self) -> Result<()> {
        use tokio::signal::unix::{signal, SignalKind};
        if let OnSignal::Nothing = self {
            return Ok(());
        }
        let mut interrupt = signal(SignalKind::interrupt()).context("handling SIGINT")?;
        let mut terminate = signal(SignalKind::terminate()).context("handling SIGTERM")?;
        tokio::spawn(async move {
            loop {
                let sig = tokio::select! {
                    _ = interrupt.recv() => libc::SIGINT,
                    _ = terminate.recv() => libc::SIGTERM,
                };
                match &self {
                    OnSignal::Stop(stop) => {
                        let _ = stop.send(true);
                        return;
                    }
                    OnSignal::Forward(slot) => {
                        // Held while signalling, so the process cannot be
                        // reaped (and its pid reused) in between.
                        let slot = slot.lock().unwrap_or_else(|e| e.into_inner());
                        if let Some(pid) = *slot {
                            // SAFETY: kill(2) with a pid and a signal number.
                            unsafe { libc::kill(pid as libc::pid_t, sig) };
                        }
                    }
                    OnSignal::Nothing => return,
                }
            }
        });
        Ok(())
    }
}

/// One request's answer.
async fn respond(req: Request<Incoming>, state: &State, peer: SocketAddr) -> Response<Full<Bytes>> {
    let (parts, body) = req.into_parts();
    if parts.method == Method::GET
        && state.agent_token.is_some()
        && agent::is_agent_path(parts.uri.path())
    {
        return agent_get(&parts.uri, &parts.headers, state).await;
    }
    if parts.method != Method::POST || parts.uri.path() != "/" {
        return error(
            StatusCode::NOT_FOUND,
            "UnknownOperationException",
            "Secrets Manager's API is POST / with X-Amz-Target",
        );
    }
    let declared = parts
        .headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok()?.parse::<u64>().ok());
    if declared.is_some_and(|n| n > MAX_BODY as u64) {
        return too_large();
    }
    let body = match timeout(CLIENT_TIME, Limited::new(body, MAX_BODY).collect()).await {
        Ok(Ok(collected)) => collected.to_bytes(),
        Ok(Err(e)) if e.is::<http_body_util::LengthLimitError>() => return too_large(),
        Ok(Err(_)) => {
            return error(
                StatusCode::BAD_REQUEST,
                "SerializationException",
                "The request body could not be read.",
            )
        }
        Err(_) => {
            return error(
                StatusCode::REQUEST_TIMEOUT,
                "RequestTimeoutException",
                "The request body was not received in time.",
            )
        }
    };
    let path_and_query = parts.uri.path_and_query().map_or("/", |p| p.as_str());
    let signed = sigv4::verify(
        &state.credentials,
        parts.method.as_str(),
        path_and_query,
        &parts.headers,
        &body,
        SystemTime::now(),
    );
    if let Err(refusal) = signed {
        crate::output::to_stderr(&format!(
            "arca serve: refused a request from {peer}: {}",
            refusal.code
        ));
        let status = if refusal.code == "MissingAuthenticationTokenException" {
            StatusCode::FORBIDDEN
        } else {
            StatusCode::BAD_REQUEST
        };
        return error(status, refusal.code, &refusal.message);
    }
    let operation =
        match target(&parts.headers) {
            Some(op) => op,
            None => return error(
                StatusCode::BAD_REQUEST,
                "UnknownOperationException",
                "X-Amz-Target must name a Secrets Manager operation (secretsmanager.<Operation>).",
            ),
        };
    let request = match parse_body(&body) {
        Some(request) => request,
        None => {
            return error(
                StatusCode::BAD_REQUEST,
                "SerializationException",
                "The request body is not a JSON object.",
            )
        }
    };
    call(state, operation, request).await
}

/// The operation named by `X-Amz-Target: secretsmanager.<Operation>`.
fn target(headers: &HeaderMap) -> Option<String> {
    let target = headers.get("x-amz-target")?.to_str().ok()?;
    let op = target.strip_prefix(TARGET_PREFIX)?;
    (!op.is_empty()).then(|| op.to_owned())
}

/// A JSON 1.1 body: an object (an empty body counts as `{}`).
fn parse_body(body: &[u8]) -> Option<Json> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return Some(json!({}));
    }
    match serde_json::from_slice(body) {
        Ok(request @ Json::Object(_)) => Some(request),
        _ => None,
    }
}

/// The agent's GET: its token checked, then GetSecretValue.
async fn agent_get(uri: &http::Uri, headers: &HeaderMap, state: &State) -> Response<Full<Bytes>> {
    let expected = state.agent_token.as_deref().unwrap_or_default();
    let given = headers.get(agent::TOKEN_HEADER).map(|v| v.as_bytes());
    if !given.is_some_and(|g| same(g, expected.as_bytes())) || expected.is_empty() {
        return error(StatusCode::FORBIDDEN, "AccessDeniedException", "Bad Token");
    }
    // The agent serves its own machine only: a proxied request is refused.
    if headers.contains_key("x-forwarded-for") {
        return error(
            StatusCode::BAD_REQUEST,
            "InvalidRequestException",
            "Forwarded requests are not accepted.",
        );
    }
    match agent::request(uri.path(), uri.query()) {
        Ok(request) => call(state, "GetSecretValue".to_owned(), request).await,
        Err(message) => error(
            StatusCode::BAD_REQUEST,
            "InvalidParameterException",
            &message,
        ),
    }
}

/// Hands a request to the vault thread and waits for its answer.
async fn call(state: &State, operation: String, request: Json) -> Response<Full<Bytes>> {
    let (reply, answer) = oneshot::channel();
    let job = Job {
        operation,
        request,
        reply,
    };
    match state.jobs.try_send(job) {
        Ok(()) => {}
        Err(mpsc::TrySendError::Full(_)) => {
            return error(
                StatusCode::BAD_REQUEST,
                "ThrottlingException",
                "Rate exceeded",
            )
        }
        Err(mpsc::TrySendError::Disconnected(_)) => {
            return error(
                StatusCode::SERVICE_UNAVAILABLE,
                "ServiceUnavailable",
                "The server is stopping.",
            )
        }
    }
    match answer.await {
        Ok(Ok(mut response)) => match serde_json::to_vec(wire_dates(&mut response)) {
            Ok(body) => reply_with(StatusCode::OK, body, None),
            Err(_) => error(
                StatusCode::INTERNAL_SERVER_ERROR,
                "InternalServiceError",
                "The response could not be written.",
            ),
        },
        Ok(Err(err)) => error(
            StatusCode::from_u16(err.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR),
            err.code,
            &err.message,
        ),
        Err(_) => error(
            StatusCode::SERVICE_UNAVAILABLE,
            "ServiceUnavailable",
            "The server is stopping.",
        ),
    }
}

/// Dates as the JSON 1.1 protocol carries them: epoch seconds, a number
/// (`1796050894.83`). The core answers with the aws CLI's strings, which
/// boto3 happens to read too, but the other SDKs (Rust, Go, Java,
/// JavaScript) take only numbers.
fn wire_dates(value: &mut Json) -> &mut Json {
    match value {
        Json::Object(map) => {
            for (key, member) in map.iter_mut() {
                let date = match &*member {
                    Json::String(text) if key.ends_with("Date") => {
                        text.parse::<jiff::Timestamp>().ok()
                    }
                    _ => None,
                };
                match date {
                    Some(ts) => *member = json!(ts.as_millisecond() as f64 / 1000.0),
                    None => {
                        wire_dates(member);
                    }
                }
            }
        }
        Json::Array(items) => items.iter_mut().for_each(|item| {
            wire_dates(item);
        }),
        _ => {}
    }
    value
}

fn too_large() -> Response<Full<Bytes>> {
    error(
        StatusCode::PAYLOAD_TOO_LARGE,
        "RequestEntityTooLargeException",
        &format!("Request must be smaller than {MAX_BODY} bytes."),
    )
}

/// AWS's JSON 1.1 error: `{"__type": CODE, "message": …}`, with the code in
/// `x-amzn-ErrorType` too.
fn error(status: StatusCode, code: &str, message: &str) -> Response<Full<Bytes>> {
    let body = json!({"__type": code, "message": message}).to_string();
    reply_with(status, body.into_bytes(), Some(code))
}

fn reply_with(
    status: StatusCode,
    body: Vec<u8>,
    error_type: Option<&str>,
) -> Response<Full<Bytes>> {
    let mut response = Response::new(Full::new(Bytes::from(body)));
    *response.status_mut() = status;
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        header::HeaderValue::from_static(JSON_1_1),
    );
    if let Ok(id) = header::HeaderValue::from_str(&uuid::Uuid::new_v4().to_string()) {
        headers.insert("x-amzn-requestid", id);
    }
    if let Some(code) = error_type.and_then(|c| header::HeaderValue::from_str(c).ok()) {
        headers.insert("x-amzn-errortype", code);
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bodies() {
        assert_eq!(parse_body(b""), Some(json!({})));
        assert_eq!(
            parse_body(b"{\"SecretId\":\"a\"}"),
            Some(json!({"SecretId": "a"}))
        );
        assert_eq!(parse_body(b"[1]"), None);
        assert_eq!(parse_body(b"{"), None);
    }

    #[test]
    fn dates_go_on_the_wire_as_epoch_seconds() {
        let mut response = json!({
            "CreatedDate": "2026-11-30T12:00:00.250000+00:00",
            "Name": "app/db",
            "SecretList": [{"LastChangedDate": "2026-11-30T12:00:01.000000+00:00", "Description": "2026-11-30T12:00:00Z"}],
        });
        assert_eq!(
            *wire_dates(&mut response),
            json!({
                "CreatedDate": 1_796_040_000.25,
                "Name": "app/db",
                "SecretList": [{"LastChangedDate": 1_796_040_001.0, "Description": "2026-11-30T12:00:00Z"}],
            })
        );
    }

    #[test]
    fn targets() {
        let mut h = HeaderMap::new();
        assert_eq!(target(&h), None);
        h.insert(
            "x-amz-target",
            "secretsmanager.ListSecrets".parse().unwrap(),
        );
        assert_eq!(target(&h).as_deref(), Some("ListSecrets"));
        h.insert("x-amz-target", "kms.Decrypt".parse().unwrap());
        assert_eq!(target(&h), None);
    }
}
