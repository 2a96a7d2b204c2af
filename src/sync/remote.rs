//! What the sync needs of a remote: AWS Secrets Manager's operations, as
//! AWS's request and response JSON (the shapes of `crate::aws`: dates as
//! `output::date` strings, SecretBinary in base64).
//!
//! Two transports implement it: AWS through the official SDK (`aws.rs`,
//! behind the cargo feature `aws`), and a replica vault through arca's own
//! core (`crate::aws::call` over the other file).

use serde_json::Value as Json;

use crate::aws::AwsError;

/// A remote, one AWS operation at a time.
pub trait Remote {
    /// Runs `operation` ("ListSecrets", "PutSecretValue", …) with AWS's
    /// request JSON; AWS's response JSON or error.
    fn call(&mut self, operation: &str, request: &Json) -> Result<Json, AwsError>;

    /// Makes the run's operations durable, once they have all been
    /// called, before this vault records them: a replica vault is written
    /// here (AWS has nothing left to do). An error fails the remote.
    fn finish(&mut self) -> Result<(), AwsError> {
        Ok(())
    }

    /// How messages name it: "AWS eu-west-1", "vault ~/ci/ci.vault.age".
    fn describe(&self) -> String;
}

/// Where an `aws` remote is, as `arca remote add NAME aws …` keeps it.
/// Unset fields come from aws-config's default chain (env, profile, SSO,
/// web identity, instance metadata; AWS_ENDPOINT_URL_SECRETS_MANAGER).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct AwsTarget {
    pub region: Option<String>,
    pub profile: Option<String>,
    pub endpoint_url: Option<String>,
}
