//! AWS's errors: a code (`ResourceNotFoundException`, …), a message and an
//! HTTP status, as Secrets Manager returns them (moto's `exceptions.py`).
//!
//! The rules of `secret.rs` and the vault report [`ArcaError`]s; this is
//! where they get AWS's code: the one a rule set with `ArcaError::aws`, or
//! one that follows from the exit code. Errors that are not the service's
//! (the vault cannot be opened, the lock is busy, a hook failed) keep the
//! original error, so a front can report it in arca's own words.

use std::fmt;

use crate::error::{ArcaError, Exit};

pub const NOT_FOUND: &str = "ResourceNotFoundException";
pub const EXISTS: &str = "ResourceExistsException";
pub const INVALID_REQUEST: &str = "InvalidRequestException";
pub const INVALID_PARAMETER: &str = "InvalidParameterException";
pub const VALIDATION: &str = "ValidationException";
pub const INVALID_NEXT_TOKEN: &str = "InvalidNextTokenException";
pub const SERIALIZATION: &str = "SerializationException";
pub const INTERNAL: &str = "InternalServiceError";

pub struct AwsError {
    pub code: &'static str,
    pub message: String,
    /// 400 for the caller's errors, 500 for arca's own.
    pub status: u16,
    /// For an error that is not the service's: what really failed.
    pub local: Option<anyhow::Error>,
}

impl AwsError {
    pub fn new(code: &'static str, message: impl Into<String>) -> AwsError {
        AwsError {
            code,
            message: message.into(),
            status: 400,
            local: None,
        }
    }

    /// AWS's own message for a secret that does not exist.
    pub fn no_secret() -> AwsError {
        AwsError::new(
            NOT_FOUND,
            "Secrets Manager can't find the specified secret.",
        )
    }

    /// AWS's own message for a secret scheduled for deletion.
    pub fn deleted() -> AwsError {
        AwsError::new(
            INVALID_REQUEST,
            "You can't perform this operation on the secret because it was marked for deletion.",
        )
    }

    pub fn parameter(message: impl Into<String>) -> AwsError {
        AwsError::new(INVALID_PARAMETER, message)
    }
}

impl fmt::Debug for AwsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} ({}): {}", self.code, self.status, self.message)
    }
}

impl fmt::Display for AwsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.code, self.message)
    }
}

impl std::error::Error for AwsError {}

impl From<anyhow::Error> for AwsError {
    fn from(err: anyhow::Error) -> AwsError {
        // An AwsError that travelled through a vault transaction.
        let err = match err.downcast::<AwsError>() {
            Ok(aws) => return aws,
            Err(err) => err,
        };
        let arca = err.chain().find_map(|c| c.downcast_ref::<ArcaError>());
        let code = match arca {
            Some(e) if e.aws.is_some() => e.aws,
            Some(e) => match e.exit {
                Exit::NotFound => Some(NOT_FOUND),
                Exit::Conflict => Some(INVALID_REQUEST),
                Exit::Usage => Some(INVALID_PARAMETER),
                _ => None,
            },
            None => None,
        };
        match code {
            Some(code) => AwsError::new(code, format!("{err:#}")),
            None => AwsError {
                code: INTERNAL,
                message: format!("{err:#}"),
                status: 500,
                local: Some(err),
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::{conflict, not_found, usage, vault};

    fn code(err: crate::error::ArcaError) -> &'static str {
        AwsError::from(anyhow::Error::from(err)).code
    }

    #[test]
    fn arca_errors_get_aws_codes_from_the_rule_or_the_exit_code() {
        assert_eq!(code(not_found("x")), NOT_FOUND);
        assert_eq!(code(conflict("scheduled")), INVALID_REQUEST);
        assert_eq!(code(usage("bad")), INVALID_PARAMETER);
        assert_eq!(code(usage("too long").aws(VALIDATION)), VALIDATION);
        let local = AwsError::from(anyhow::Error::from(vault("cannot open")));
        assert_eq!((local.code, local.status), (INTERNAL, 500));
        assert!(local.local.is_some());
    }

    #[test]
    fn an_aws_error_survives_a_trip_through_anyhow() {
        let err = AwsError::no_secret();
        let back = AwsError::from(anyhow::Error::from(err));
        assert_eq!(back.code, NOT_FOUND);
        assert_eq!(
            back.message,
            "Secrets Manager can't find the specified secret."
        );
    }
}
