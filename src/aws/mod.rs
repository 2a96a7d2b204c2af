//! AWS Secrets Manager's operations over the vault: the one core that every
//! front translates to (STYLE §4, moto's `models.py`). A front turns its
//! input into AWS's request JSON, calls [`call`], and shapes AWS's response
//! JSON or [`AwsError`] for its output:
//!
//! - the AWS-grammar command line (`arca get-secret-value …`, `awscli/`),
//! - the short verbs' `-o json` (`arca get -o json`, …),
//! - the HTTP server (`arca serve`), which passes request bodies as they come.
//!
//! Every rule, error code and limit lives here or below (`secret.rs`,
//! `filter.rs`, `password.rs`, `cmd/rotate.rs`), never in a front.
//!
//! ```ignore
//! let response = aws::call(&ctx, "GetSecretValue", &json!({"SecretId": "prod/db"}))?;
//! ```
//!
//! `ctx` gives the vault, the identities (loaded once per Ctx) and the
//! time of the call (`Ctx::now`, a public field): a long-running front
//! keeps one Ctx (`Ctx::new`) and sets `ctx.now = clock::now()` before each
//! request. Errors: [`AwsError`] has AWS's code, message and HTTP status;
//! one with `local` set is arca's own failure (the vault cannot be opened,
//! the lock is busy, a hook failed), status 500, whose `local` error a
//! front may report in arca's words. Requests are AWS's JSON 1.1 bodies (SecretBinary in base64),
//! plus one member of arca's own: `Hook` in RotateSecret, the config hook
//! that rotates (AWS's RotationLambdaARN is refused with a hint). Dates in
//! responses are the aws CLI's strings (`output::date`).

mod error;
mod meta;
mod request;
pub mod shape;
mod values;

use base64::{engine::general_purpose::STANDARD, Engine};
use serde_json::Value as Json;

use crate::cmd::Ctx;
use crate::secret::{self, Secret};

pub use error::AwsError;
use request::Request;

/// The operations, as AWS names them.
pub const OPERATIONS: [&str; 16] = [
    "CreateSecret",
    "GetSecretValue",
    "BatchGetSecretValue",
    "PutSecretValue",
    "UpdateSecret",
    "DescribeSecret",
    "ListSecrets",
    "ListSecretVersionIds",
    "UpdateSecretVersionStage",
    "TagResource",
    "UntagResource",
    "DeleteSecret",
    "RestoreSecret",
    "RotateSecret",
    "CancelRotateSecret",
    "GetRandomPassword",
];

/// Runs one operation: AWS's request JSON in, AWS's response JSON out.
pub fn call(ctx: &Ctx, operation: &str, request: &Json) -> Result<Json, AwsError> {
    let req = Request::new(request)?;
    match operation {
        "CreateSecret" => values::create(ctx, &req),
        "GetSecretValue" => values::get(ctx, &req),
        "BatchGetSecretValue" => values::batch_get(ctx, &req),
        "PutSecretValue" => values::put(ctx, &req),
        "UpdateSecret" => values::update(ctx, &req),
        "GetRandomPassword" => values::random_password(&req),
        "DescribeSecret" => meta::describe(ctx, &req),
        "ListSecrets" => meta::list(ctx, &req),
        "ListSecretVersionIds" => meta::versions(ctx, &req),
        "UpdateSecretVersionStage" => meta::stage(ctx, &req),
        "TagResource" => meta::tag(ctx, &req),
        "UntagResource" => meta::untag(ctx, &req),
        "DeleteSecret" => meta::delete(ctx, &req),
        "RestoreSecret" => meta::restore(ctx, &req),
        "RotateSecret" => meta::rotate(ctx, &req),
        "CancelRotateSecret" => meta::cancel_rotate(ctx, &req),
        other => Err(AwsError::new(
            "UnknownOperationException",
            format!(
                "arca does not implement the operation {other}; it implements {}",
                OPERATIONS.join(", ")
            ),
        )),
    }
}

/// The list member of a paginated operation's response.
pub fn result_key(operation: &str) -> Option<&'static str> {
    match operation {
        "ListSecrets" => Some("SecretList"),
        "ListSecretVersionIds" => Some("Versions"),
        "BatchGetSecretValue" => Some("SecretValues"),
        _ => None,
    }
}

/// Calls a paginated operation until it has no NextToken and joins the
/// pages' lists (and BatchGetSecretValue's Errors), as the aws CLI does
/// when neither --max-results nor --next-token is given.
pub fn call_all(ctx: &Ctx, operation: &str, request: &Json) -> Result<Json, AwsError> {
    let Some(key) = result_key(operation) else {
        return call(ctx, operation, request);
    };
    let mut request = request.clone();
    let mut whole = call(ctx, operation, &request)?;
    while let Some(token) = whole.as_object_mut().and_then(|o| o.remove("NextToken")) {
        request["NextToken"] = token;
        let mut page = call(ctx, operation, &request)?;
        for list in [key, "Errors"] {
            if let (Some(Json::Array(more)), Some(Json::Array(all))) =
                (page.get_mut(list).map(Json::take), whole.get_mut(list))
            {
                all.extend(more);
            }
        }
        if let Some(next) = page.get("NextToken") {
            whole["NextToken"] = next.clone();
        }
    }
    Ok(whole)
}

/// The secret a SecretId names (name or id), for a read; one scheduled for
/// deletion too.
fn read(ctx: &Ctx, secret_id: &str) -> Result<Secret, AwsError> {
    ctx.find(secret_id, true).map_err(not_found_is_aws)
}

/// A change to the live secret a SecretId names, under the vault lock.
fn write<T>(
    ctx: &Ctx,
    secret_id: &str,
    mut change: impl FnMut(&mut Secret) -> Result<T, AwsError>,
) -> Result<T, AwsError> {
    ctx.write_one(secret_id, |secret| {
        let secret = secret.ok_or_else(AwsError::no_secret)?;
        if secret.deletion.is_some() {
            return Err(AwsError::deleted().into());
        }
        Ok(change(secret)?)
    })
    .map_err(AwsError::from)
}

fn not_found_is_aws(err: anyhow::Error) -> AwsError {
    let err = AwsError::from(err);
    if err.code == error::NOT_FOUND {
        AwsError::no_secret()
    } else {
        err
    }
}

fn check_live(secret: &Secret) -> Result<(), AwsError> {
    match secret.deletion {
        Some(_) => Err(AwsError::deleted()),
        None => Ok(()),
    }
}

/// A page of `items` from NextToken's offset: the page and the next token.
fn page<T>(
    items: Vec<T>,
    req: &Request,
    max: i64,
    default: i64,
) -> Result<(Vec<T>, Option<String>), AwsError> {
    let size = req.int("MaxResults", 1..=max)?.unwrap_or(default) as usize;
    let start = match next_token(req, "")? {
        None => 0,
        Some(offset) => offset.parse::<usize>().map_err(|_| invalid_token())?,
    };
    let total = items.len();
    let page: Vec<T> = items.into_iter().skip(start).take(size).collect();
    let next = (start + size < total).then(|| new_token("", &(start + size).to_string()));
    Ok((page, next))
}

/// The text of the request's NextToken, made by [`new_token`] with `kind`.
fn next_token(req: &Request, kind: &str) -> Result<Option<String>, AwsError> {
    let Some(token) = req.str("NextToken")? else {
        return Ok(None);
    };
    STANDARD
        .decode(token)
        .ok()
        .and_then(|b| String::from_utf8(b).ok())
        .and_then(|s| Some(s.strip_prefix("arca:")?.strip_prefix(kind)?.to_owned()))
        .map(Some)
        .ok_or_else(invalid_token)
}

/// An opaque NextToken: `arca:`, `kind` and `text`, in base64.
fn new_token(kind: &str, text: &str) -> String {
    STANDARD.encode(format!("arca:{kind}{text}"))
}

fn invalid_token() -> AwsError {
    AwsError::new(error::INVALID_NEXT_TOKEN, "The NextToken value is invalid.")
}

/// A ClientRequestToken, checked as AWS does (32 to 64 characters).
fn token<'a>(req: &Request<'a>) -> Result<Option<&'a str>, AwsError> {
    let token = req.str("ClientRequestToken")?;
    if let Some(t) = token {
        secret::validate_token(t)?;
    }
    Ok(token)
}
