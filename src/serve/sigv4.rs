//! SigV4 authentication, as Secrets Manager checks it: the request must be
//! signed with the access key pair this server made, within AWS's 5 minutes
//! of clock skew. The expected signature is computed by aws-sigv4, the AWS
//! SDKs' own implementation, over the headers the client says it signed.
//!
//! Depends on no other arca module, so the fuzz target can include it.

use std::time::{Duration, SystemTime};

use aws_sigv4::http_request::{sign, SignableBody, SignableRequest, SigningSettings};
use aws_sigv4::sign::v4;
use http::HeaderMap;
use jiff::Timestamp;
use zeroize::Zeroizing;

/// The service name in the credential scope.
pub const SERVICE: &str = "secretsmanager";
/// How far a request's date may be from ours, as AWS allows.
const SKEW: Duration = Duration::from_secs(5 * 60);
const ALGORITHM: &str = "AWS4-HMAC-SHA256";

/// An access key pair. No `Debug`: it holds the secret key.
pub struct Credentials {
    pub access_key_id: String,
    pub secret_access_key: Zeroizing<String>,
}

impl Credentials {
    /// A fresh random pair, shaped like AWS's: a 20-character key id
    /// starting with AKIA and a 40-character secret key.
    pub fn generate() -> std::io::Result<Credentials> {
        const ID: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        const KEY: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        let mut bytes = Zeroizing::new([0u8; 56]);
        getrandom::fill(&mut bytes[..]).map_err(|e| std::io::Error::other(e.to_string()))?;
        let pick = |alphabet: &[u8], b: &u8| char::from(alphabet[usize::from(*b) % alphabet.len()]);
        let mut access_key_id = String::from("AKIA");
        access_key_id.extend(bytes[..16].iter().map(|b| pick(ID, b)));
        let mut secret_access_key = Zeroizing::new(String::with_capacity(40));
        secret_access_key.extend(bytes[16..].iter().map(|b| pick(KEY, b)));
        Ok(Credentials {
            access_key_id,
            secret_access_key,
        })
    }
}

/// Why a request is refused: AWS's error code and message (HTTP 400).
#[derive(Debug, PartialEq, Eq)]
pub struct Refusal {
    pub code: &'static str,
    pub message: String,
}

fn refuse(code: &'static str, message: impl Into<String>) -> Refusal {
    Refusal {
        code,
        message: message.into(),
    }
}

fn incomplete(message: impl Into<String>) -> Refusal {
    refuse("IncompleteSignatureException", message)
}

fn invalid(message: impl Into<String>) -> Refusal {
    refuse("InvalidSignatureException", message)
}

fn mismatch() -> Refusal {
    invalid(
        "The request signature we calculated does not match the signature you provided. \
         Check your AWS Secret Access Key and signing method. Consult the service \
         documentation for details.",
    )
}

/// The parts of an `Authorization: AWS4-HMAC-SHA256 Credential=…,
/// SignedHeaders=…, Signature=…` header.
struct Authorization<'a> {
    access_key_id: &'a str,
    date: &'a str,
    region: &'a str,
    service: &'a str,
    signed_headers: Vec<&'a str>,
    signature: &'a str,
}

impl<'a> Authorization<'a> {
    fn parse(header: &'a str) -> Result<Authorization<'a>, Refusal> {
        let rest = header
            .strip_prefix(ALGORITHM)
            .filter(|r| r.starts_with(' '))
            .ok_or_else(|| {
                incomplete(format!(
                    "Unsupported AWS 'algorithm': only {ALGORITHM} is accepted."
                ))
            })?;
        let (mut credential, mut signed, mut signature) = (None, None, None);
        for part in rest.split(',') {
            let (key, value) = part.trim().split_once('=').unwrap_or((part.trim(), ""));
            match key {
                "Credential" => credential = Some(value),
                "SignedHeaders" => signed = Some(value),
                "Signature" => signature = Some(value),
                _ => {}
            }
        }
        let required =
            |name: &str| incomplete(format!("Authorization header requires '{name}' parameter."));
        let credential = credential.ok_or_else(|| required("Credential"))?;
        let signed = signed.ok_or_else(|| required("SignedHeaders"))?;
        let signature = signature.ok_or_else(|| required("Signature"))?;
        let scope: Vec<&str> = credential.split('/').collect();
        let [access_key_id, date, region, service, terminator] = scope[..] else {
            return Err(incomplete(
                "Credential should be scoped to a valid region, service and date.",
            ));
        };
        if terminator != "aws4_request" {
            return Err(incomplete(
                "Credential should be scoped with a valid terminator: 'aws4_request'.",
            ));
        }
        Ok(Authorization {
            access_key_id,
            date,
            region,
            service,
            signed_headers: signed.split(';').collect(),
            signature,
        })
    }
}

/// Checks a request's signature: `path_and_query` as sent, `headers` as
/// received, `body` whole. Ok means it was signed with `creds` within the
/// allowed skew of `now`.
pub fn verify(
    creds: &Credentials,
    method: &str,
    path_and_query: &str,
    headers: &HeaderMap,
    body: &[u8],
    now: SystemTime,
) -> Result<(), Refusal> {
    let Some(header) = headers.get(http::header::AUTHORIZATION) else {
        return Err(refuse(
            "MissingAuthenticationTokenException",
            "Missing Authentication Token",
        ));
    };
    let header = header
        .to_str()
        .map_err(|_| incomplete("The Authorization header is not valid text."))?;
    let auth = Authorization::parse(header)?;
    // Only an origin-form target ("/…") is signable: aws-sigv4 panics on a
    // URI without a path ("host:443", "*").
    if !path_and_query.starts_with('/')
        || path_and_query.parse::<http::uri::PathAndQuery>().is_err()
    {
        return Err(mismatch());
    }
    if auth.access_key_id != creds.access_key_id {
        return Err(refuse(
            "UnrecognizedClientException",
            "The security token included in the request is invalid.",
        ));
    }
    if auth.service != SERVICE {
        return Err(invalid(format!(
            "Credential should be scoped to correct service: '{SERVICE}'."
        )));
    }
    for needed in ["host", "x-amz-date"] {
        if !auth.signed_headers.contains(&needed) {
            return Err(incomplete(format!("'{needed}' must be a signed header.")));
        }
    }
    let amz_date = headers
        .get("x-amz-date")
        .and_then(|v| v.to_str().ok())
        .ok_or_else(|| {
            incomplete("Authorization header requires existence of a 'X-Amz-Date' header.")
        })?;
    let signed_at = parse_amz_date(amz_date).ok_or_else(|| {
        incomplete(format!(
            "Date must be in ISO-8601 'basic format'. Got '{amz_date}'."
        ))
    })?;
    if !amz_date.starts_with(auth.date) || auth.date.len() != 8 {
        return Err(invalid(format!(
            "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '{}' != '{}', from '{amz_date}'.",
            auth.date,
            &amz_date[..8]
        )));
    }
    check_skew(signed_at, now)?;

    // Exactly the headers the client signed, every value of each.
    let mut signed = Vec::new();
    for name in &auth.signed_headers {
        let mut present = false;
        for value in headers.get_all(*name) {
            let value = value.to_str().map_err(|_| mismatch())?;
            signed.push((*name, value));
            present = true;
        }
        if !present {
            return Err(mismatch());
        }
    }
    let mut settings = SigningSettings::default();
    // Whatever the client signed counts (user-agent included, if it did).
    settings.excluded_headers = Some(Vec::new());
    let identity = aws_credential_types::Credentials::new(
        auth.access_key_id,
        creds.secret_access_key.as_str(),
        None,
        None,
        "arca serve",
    )
    .into();
    let params = v4::SigningParams::builder()
        .identity(&identity)
        .region(auth.region)
        .name(SERVICE)
        .time(signed_at)
        .settings(settings)
        .build()
        .map_err(|_| mismatch())?
        .into();
    let request = SignableRequest::new(
        method,
        path_and_query,
        signed.into_iter(),
        SignableBody::Bytes(body),
    )
    .map_err(|_| mismatch())?;
    let expected = sign(request, &params).map_err(|_| mismatch())?;
    if !same(expected.signature().as_bytes(), auth.signature.as_bytes()) {
        return Err(mismatch());
    }
    Ok(())
}

/// `20261130T140254Z`, as X-Amz-Date carries it.
fn parse_amz_date(text: &str) -> Option<SystemTime> {
    if text.len() != 16 || !text.is_ascii() {
        return None;
    }
    let civil = jiff::civil::DateTime::strptime("%Y%m%dT%H%M%SZ", text).ok()?;
    let ts = civil.to_zoned(jiff::tz::TimeZone::UTC).ok()?.timestamp();
    Some(SystemTime::from(ts))
}

fn amz_date(t: SystemTime) -> String {
    Timestamp::try_from(t)
        .map(|ts| ts.strftime("%Y%m%dT%H%M%SZ").to_string())
        .unwrap_or_default()
}

/// AWS's messages for a date outside the window, e.g. "Signature expired:
/// 20261130T100000Z is now earlier than 20261130T140500Z (20261130T141000Z - 5 min.)".
fn check_skew(signed_at: SystemTime, now: SystemTime) -> Result<(), Refusal> {
    if signed_at + SKEW < now {
        return Err(invalid(format!(
            "Signature expired: {} is now earlier than {} ({} - 5 min.)",
            amz_date(signed_at),
            amz_date(now - SKEW),
            amz_date(now)
        )));
    }
    if signed_at > now + SKEW {
        return Err(invalid(format!(
            "Signature not yet current: {} is still later than {} ({} + 5 min.)",
            amz_date(signed_at),
            amz_date(now + SKEW),
            amz_date(now)
        )));
    }
    Ok(())
}

/// Equal, in time that does not depend on where they differ.
pub fn same(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

#[cfg(test)]
mod tests {
    use super::*;
    use aws_sigv4::http_request::SigningInstructions;

    fn creds() -> Credentials {
        Credentials {
            access_key_id: "AKIDEXAMPLE".into(),
            secret_access_key: Zeroizing::new("wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY".into()),
        }
    }

    /// Signs as an SDK would (aws-sigv4 on the client side), returning the
    /// headers to send.
    fn signed(key: &Credentials, at: SystemTime, body: &[u8]) -> HeaderMap {
        let identity = aws_credential_types::Credentials::new(
            key.access_key_id.as_str(),
            key.secret_access_key.as_str(),
            None,
            None,
            "test",
        )
        .into();
        let params = v4::SigningParams::builder()
            .identity(&identity)
            .region("eu-west-1")
            .name(SERVICE)
            .time(at)
            .settings(SigningSettings::default())
            .build()
            .unwrap()
            .into();
        let base = [
            ("host", "127.0.0.1:4587"),
            ("content-type", "application/x-amz-json-1.1"),
            ("x-amz-target", "secretsmanager.GetSecretValue"),
        ];
        let req =
            SignableRequest::new("POST", "/", base.into_iter(), SignableBody::Bytes(body)).unwrap();
        let (instructions, _): (SigningInstructions, _) = sign(req, &params).unwrap().into_parts();
        let mut map = HeaderMap::new();
        for (k, v) in base {
            map.insert(k, v.parse().unwrap());
        }
        for (k, v) in instructions.headers() {
            map.insert(
                http::HeaderName::from_bytes(k.as_bytes()).unwrap(),
                v.parse().unwrap(),
            );
        }
        map
    }

    #[test]
    fn accepts_its_own_key_within_the_skew() {
        let now = SystemTime::now();
        for at in [
            now,
            now - Duration::from_secs(290),
            now + Duration::from_secs(290),
        ] {
            let h = signed(&creds(), at, b"{}");
            assert_eq!(verify(&creds(), "POST", "/", &h, b"{}", now), Ok(()));
        }
    }

    #[test]
    fn refuses_a_target_that_is_not_a_path_without_panicking() {
        // Found by fuzzing: aws-sigv4 panics on a URI without a path.
        let now = SystemTime::now();
        let h = signed(&creds(), now, b"{}");
        for target in ["a:1", "example.com:443", "*", "", "?x=1", "http://h"] {
            assert!(
                verify(&creds(), "POST", target, &h, b"{}", now).is_err(),
                "{target}"
            );
        }
    }

    #[test]
    fn refuses_others() {
        let now = SystemTime::now();
        let code = |r: Result<(), Refusal>| r.unwrap_err().code;
        let h = signed(&creds(), now, b"{}");
        assert_eq!(
            code(verify(&creds(), "POST", "/", &h, b"{ }", now)),
            "InvalidSignatureException"
        );
        assert_eq!(
            code(verify(&creds(), "GET", "/", &h, b"{}", now)),
            "InvalidSignatureException"
        );
        let other = Credentials::generate().unwrap();
        let h2 = signed(&other, now, b"{}");
        assert_eq!(
            code(verify(&creds(), "POST", "/", &h2, b"{}", now)),
            "UnrecognizedClientException"
        );
        let mut wrong_secret = creds();
        wrong_secret.secret_access_key = Zeroizing::new("x".repeat(40));
        let h3 = signed(&wrong_secret, now, b"{}");
        assert_eq!(
            code(verify(&creds(), "POST", "/", &h3, b"{}", now)),
            "InvalidSignatureException"
        );
        let old = signed(&creds(), now - Duration::from_secs(301), b"{}");
        let refusal = verify(&creds(), "POST", "/", &old, b"{}", now).unwrap_err();
        assert!(
            refusal.message.starts_with("Signature expired: "),
            "{}",
            refusal.message
        );
        let early = signed(&creds(), now + Duration::from_secs(400), b"{}");
        assert_eq!(
            code(verify(&creds(), "POST", "/", &early, b"{}", now)),
            "InvalidSignatureException"
        );
        assert_eq!(
            code(verify(&creds(), "POST", "/", &HeaderMap::new(), b"{}", now)),
            "MissingAuthenticationTokenException"
        );
        let mut bad = h.clone();
        bad.insert(
            "authorization",
            "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE".parse().unwrap(),
        );
        assert_eq!(
            code(verify(&creds(), "POST", "/", &bad, b"{}", now)),
            "IncompleteSignatureException"
        );
    }

    /// A request botocore signed (the fuzz target's seed), checked at the
    /// time it was signed and an hour later.
    #[test]
    fn accepts_what_botocore_signs() {
        let seed = include_bytes!("../../fuzz/corpus/serve_request/signed-get");
        let text = std::str::from_utf8(seed).unwrap();
        let (head, body) = text.split_once("\n\n").unwrap();
        let mut lines = head.lines();
        let (method, path) = (lines.next().unwrap(), lines.next().unwrap());
        let mut headers = HeaderMap::new();
        for line in lines {
            let (k, v) = line.split_once(": ").unwrap();
            headers.append(
                http::HeaderName::from_bytes(k.as_bytes()).unwrap(),
                v.parse().unwrap(),
            );
        }
        let signed_at = SystemTime::UNIX_EPOCH + Duration::from_secs(1_796_040_000);
        assert_eq!(
            verify(&creds(), method, path, &headers, body.as_bytes(), signed_at),
            Ok(())
        );
        let later = signed_at + Duration::from_secs(3600);
        let refusal = verify(&creds(), method, path, &headers, body.as_bytes(), later).unwrap_err();
        assert_eq!(
            refusal.message,
            "Signature expired: 20261130T120000Z is now earlier than 20261130T125500Z (20261130T130000Z - 5 min.)"
        );
    }

    #[test]
    fn generated_keys_look_like_aws_keys() {
        let c = Credentials::generate().unwrap();
        assert_eq!(c.access_key_id.len(), 20);
        assert!(c.access_key_id.starts_with("AKIA"));
        assert_eq!(c.secret_access_key.len(), 40);
        assert_ne!(
            c.access_key_id,
            Credentials::generate().unwrap().access_key_id
        );
    }
}
