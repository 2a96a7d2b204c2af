//! The request path of `arca serve` before the core (src/serve/sigv4.rs,
//! src/serve/agent.rs): any method, path, headers and body are refused or
//! accepted without a panic; only a request signed with the server's key
//! is accepted, and only within the clock skew.
//!
//! Input: `METHOD\nPATH?QUERY\nName: value\n…\n\nBODY`.
#![no_main]
#![allow(dead_code)]

use std::time::{Duration, SystemTime};

use libfuzzer_sys::fuzz_target;

#[path = "../../src/serve/agent.rs"]
mod agent;
#[path = "../../src/serve/sigv4.rs"]
mod sigv4;

/// 2026-11-30T12:00:00Z, the time the seeds were signed at.
fn now() -> SystemTime {
    SystemTime::UNIX_EPOCH + Duration::from_secs(1_796_040_000)
}

fuzz_target!(|data: &[u8]| {
    let (head, body) = match data.windows(2).position(|w| w == b"\n\n") {
        Some(at) => (&data[..at], &data[at + 2..]),
        None => (data, &[][..]),
    };
    let mut lines = head.split(|&b| b == b'\n');
    let method = String::from_utf8_lossy(lines.next().unwrap_or_default()).into_owned();
    let target = String::from_utf8_lossy(lines.next().unwrap_or_default()).into_owned();
    let mut headers = http::HeaderMap::new();
    for line in lines {
        let Some(colon) = line.iter().position(|&b| b == b':') else { continue };
        let (Ok(name), Ok(value)) = (
            http::HeaderName::from_bytes(&line[..colon]),
            http::HeaderValue::from_bytes(line[colon + 1..].trim_ascii()),
        ) else {
            continue;
        };
        headers.append(name, value);
    }
    let creds = sigv4::Credentials {
        access_key_id: "AKIDEXAMPLE".into(),
        secret_access_key: zeroize::Zeroizing::new("wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY".into()),
    };
    if sigv4::verify(&creds, &method, &target, &headers, body, now()).is_ok() {
        let auth = headers[http::header::AUTHORIZATION].to_str().unwrap_or_default();
        assert!(auth.contains("Credential=AKIDEXAMPLE/"), "accepted another key: {auth}");
        // The same request an hour later is refused.
        assert!(sigv4::verify(&creds, &method, &target, &headers, body, now() + Duration::from_secs(3600)).is_err());
    }
    let (path, query) = match target.split_once('?') {
        Some((p, q)) => (p, Some(q)),
        None => (target.as_str(), None),
    };
    if agent::is_agent_path(path) {
        if let Ok(request) = agent::request(path, query) {
            assert!(request["SecretId"].is_string());
        }
    }
});
