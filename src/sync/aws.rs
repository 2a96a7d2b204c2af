//! The `aws` transport: AWS Secrets Manager through the official Rust SDK
//! (cargo feature `aws`, on by default).
//!
//! The sync speaks AWS's JSON operations; this turns each request into the
//! SDK's builder and the SDK's output back into AWS's response JSON
//! (`ops.rs`), and the SDK's failures into [`AwsError`]s: the service's
//! errors keep AWS's code and message, a failure to reach AWS or to find
//! credentials becomes a local error in arca's words. The async runtime
//! stays here: a current-thread tokio runtime owned by the remote, and
//! `call` blocks on it.

use super::remote::{AwsTarget, Remote};

#[cfg(feature = "aws")]
mod ops;
#[cfg(all(test, feature = "aws"))]
mod tests;

/// Connects to AWS Secrets Manager as `target` says: aws-config's default
/// chain (env, profile, SSO, web identity, instance metadata), with the
/// target's region, profile and endpoint URL first.
#[cfg(feature = "aws")]
pub fn connect(target: &AwsTarget) -> anyhow::Result<Box<dyn Remote>> {
    Ok(Box::new(AwsRemote::new(target, None)?))
}

#[cfg(not(feature = "aws"))]
pub fn connect(target: &AwsTarget) -> anyhow::Result<Box<dyn Remote>> {
    let _ = target;
    Err(
        crate::error::usage("this arca was built without AWS support (cargo feature `aws`)")
            .hint("install a build with it: cargo install arca-secrets")
            .into(),
    )
}

#[cfg(all(test, not(feature = "aws")))]
mod without_sdk {
    #[test]
    fn connect_says_arca_was_built_without_aws_support() {
        let err = super::connect(&super::AwsTarget::default())
            .err()
            .expect("no transport without the feature");
        assert_eq!(
            err.to_string(),
            "this arca was built without AWS support (cargo feature `aws`)"
        );
    }
}

#[cfg(feature = "aws")]
pub use sdk::AwsRemote;

#[cfg(feature = "aws")]
mod sdk {
    use std::error::Error as _;

    use anyhow::Context as _;
    use aws_sdk_secretsmanager as sm;
    use serde_json::Value as Json;
    use sm::error::{ProvideErrorMetadata, SdkError};

    use super::{AwsTarget, Remote};
    use crate::aws::AwsError;

    /// The SDK's client and the runtime its futures run on.
    pub struct AwsRemote {
        runtime: tokio::runtime::Runtime,
        client: sm::Client,
        /// Where requests go: the endpoint URL set, or AWS's own for the
        /// region (for messages).
        url: String,
        name: String,
    }

    impl AwsRemote {
        /// `credentials` replaces the default chain (tests).
        pub(super) fn new(
            target: &AwsTarget,
            credentials: Option<aws_credential_types::provider::SharedCredentialsProvider>,
        ) -> anyhow::Result<AwsRemote> {
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .context("cannot start the runtime for the AWS SDK")?;
            // HTTPS through hyper and rustls with ring (no aws-lc-sys).
            let http = aws_smithy_http_client::Builder::new()
                .tls_provider(aws_smithy_http_client::tls::Provider::Rustls(
                    aws_smithy_http_client::tls::rustls_provider::CryptoMode::Ring,
                ))
                .build_https();
            let mut loader =
                aws_config::defaults(aws_config::BehaviorVersion::latest()).http_client(http);
            if let Some(profile) = &target.profile {
                loader = loader.profile_name(profile);
            }
            if let Some(region) = &target.region {
                loader = loader.region(aws_config::Region::new(region.clone()));
            }
            if let Some(credentials) = credentials {
                loader = loader.credentials_provider(credentials);
            }
            let shared = runtime.block_on(loader.load());
            let Some(region) = shared.region().map(|r| r.to_string()) else {
                return Err(crate::error::usage("no AWS region for Secrets Manager")
                    .hint("give the remote --region, or set AWS_REGION or a region in the AWS profile")
                    .into());
            };
            // AWS_ENDPOINT_URL_SECRETS_MANAGER, AWS_ENDPOINT_URL and the
            // profile's endpoint_url are applied by the SDK's config builder;
            // the remote's --endpoint-url goes before them.
            let mut config = sm::config::Builder::from(&shared);
            let endpoint = match &target.endpoint_url {
                Some(url) => Some(url.clone()),
                None => configured_endpoint(&shared),
            };
            if let Some(url) = &target.endpoint_url {
                config = config.endpoint_url(url);
            }
            let url = endpoint
                .as_deref()
                .map(without_userinfo)
                .unwrap_or_else(|| format!("https://secretsmanager.{region}.amazonaws.com"));
            let name = match endpoint {
                Some(_) => format!("AWS Secrets Manager at {url}"),
                None => format!("AWS {region}"),
            };
            Ok(AwsRemote {
                runtime,
                client: sm::Client::from_conf(config.build()),
                url,
                name,
            })
        }
    }

    /// The endpoint URL the environment or the profile sets for Secrets
    /// Manager, as the SDK reads it.
    fn configured_endpoint(shared: &aws_config::SdkConfig) -> Option<String> {
        let key = aws_types::service_config::ServiceConfigKey::builder()
            .service_id("Secrets Manager")
            .env("AWS_ENDPOINT_URL")
            .profile("endpoint_url")
            .build()
            .ok()?;
        shared
            .service_config()
            .and_then(|c| c.load_config(key))
            .or_else(|| shared.endpoint_url().map(str::to_owned))
    }

    impl Remote for AwsRemote {
        fn call(&mut self, operation: &str, request: &Json) -> Result<Json, AwsError> {
            let failure = |err| Failure {
                operation,
                url: &self.url,
                err,
            };
            self.runtime
                .block_on(super::ops::run(&self.client, operation, request))
                .map_err(|e| match e {
                    super::ops::Error::Aws(e) => e,
                    super::ops::Error::Sdk(err) => failure(*err).into(),
                })
        }

        fn describe(&self) -> String {
            self.name.clone()
        }
    }

    /// An SDK error with its operation's error type erased: what the
    /// mapping below needs of it.
    pub type Sdk = SdkError<ServiceError, sm::config::http::HttpResponse>;

    /// The service's error: AWS's code and message.
    #[derive(Debug)]
    pub struct ServiceError {
        code: Option<String>,
        message: Option<String>,
    }

    impl std::fmt::Display for ServiceError {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            let code = self.code.as_deref().unwrap_or("UnknownError");
            write!(f, "{code}: {}", self.message.as_deref().unwrap_or_default())
        }
    }

    impl std::error::Error for ServiceError {}

    /// Erases an operation's error type.
    pub fn erase<E>(err: SdkError<E, sm::config::http::HttpResponse>) -> Sdk
    where
        E: ProvideErrorMetadata + std::error::Error + Send + Sync + 'static,
    {
        err.map_service_error(|e| ServiceError {
            code: e.code().map(str::to_owned),
            message: e.message().map(str::to_owned),
        })
    }

    struct Failure<'a> {
        operation: &'a str,
        url: &'a str,
        err: Sdk,
    }

    /// Error codes AWS uses for a caller without the right to an operation
    /// or with credentials it does not accept.
    const DENIED: [&str; 5] = [
        "AccessDeniedException",
        "UnrecognizedClientException",
        "InvalidSignatureException",
        "ExpiredTokenException",
        "IncompleteSignature",
    ];

    impl From<Failure<'_>> for AwsError {
        fn from(f: Failure<'_>) -> AwsError {
            let Failure {
                operation,
                url,
                err,
            } = f;
            if let SdkError::ServiceError(service) = &err {
                let status = service.raw().status().as_u16();
                let e = service.err();
                let code = intern(e.code.clone().unwrap_or_else(|| "UnknownError".into()));
                let message = e.message.clone().unwrap_or_default();
                let message = if DENIED.contains(&code) {
                    format!("AWS refused {operation}: {message}")
                } else if code.contains("Throttl") || code == "TooManyRequestsException" {
                    format!(
                        "AWS Secrets Manager kept throttling {operation}, still after the SDK's retries: {message}"
                    )
                } else {
                    message
                };
                return AwsError {
                    code,
                    message,
                    status,
                    local: None,
                };
            }
            AwsError::from(anyhow::Error::msg(local_message(operation, url, &err)))
        }
    }

    /// AWS's error code as the `&'static str` that [`AwsError`] and every
    /// caller matching on it use: arca's own constants and the codes
    /// Secrets Manager documents as they are; any other code AWS sends is
    /// kept once for the life of the process (a handful at most).
    fn intern(code: String) -> &'static str {
        const KNOWN: [&str; 22] = [
            "ResourceNotFoundException",
            "ResourceExistsException",
            "InvalidRequestException",
            "InvalidParameterException",
            "InvalidNextTokenException",
            "LimitExceededException",
            "EncryptionFailure",
            "DecryptionFailure",
            "MalformedPolicyDocumentException",
            "PreconditionNotMetException",
            "PublicPolicyException",
            "InternalServiceError",
            "ValidationException",
            "SerializationException",
            "AccessDeniedException",
            "UnrecognizedClientException",
            "InvalidSignatureException",
            "ExpiredTokenException",
            "IncompleteSignature",
            "ThrottlingException",
            "TooManyRequestsException",
            "UnknownError",
        ];
        if let Some(known) = KNOWN.iter().find(|k| **k == code) {
            return known;
        }
        static OTHERS: std::sync::Mutex<Vec<&'static str>> = std::sync::Mutex::new(Vec::new());
        let mut others = OTHERS.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(seen) = others.iter().find(|k| **k == code) {
            return seen;
        }
        let leaked: &'static str = Box::leak(code.into_boxed_str());
        others.push(leaked);
        leaked
    }

    /// An endpoint URL as messages show it: without a `user:password@`
    /// (a proxy's, say), which is a credential.
    pub(super) fn without_userinfo(url: &str) -> String {
        let Some((scheme, rest)) = url.split_once("://") else {
            return url.to_owned();
        };
        let authority_end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
        match rest[..authority_end].rfind('@') {
            Some(at) => format!("{scheme}://{}", &rest[at + 1..]),
            None => url.to_owned(),
        }
    }

    /// A failure that is not the service's answer, in arca's words.
    fn local_message(operation: &str, url: &str, err: &Sdk) -> String {
        let mut chain = Vec::new();
        let mut source = err.source();
        while let Some(e) = source {
            chain.push(e);
            source = e.source();
        }
        let credentials = chain.iter().copied().find_map(|e| {
            e.downcast_ref::<aws_credential_types::provider::error::CredentialsError>()
        });
        if let Some(e) = credentials {
            use aws_credential_types::provider::error::CredentialsError::CredentialsNotLoaded;
            let why = match e {
                CredentialsNotLoaded(_) => String::new(),
                other => format!(" ({})", innermost(other)),
            };
            return format!(
                "no AWS credentials{why}: set AWS_PROFILE (or the remote's --profile), AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or sign in with `aws sso login`"
            );
        }
        if let Some(io) = chain
            .iter()
            .copied()
            .find_map(|e| e.downcast_ref::<std::io::Error>())
        {
            let why = match io.kind() {
                std::io::ErrorKind::ConnectionRefused => "connection refused".to_owned(),
                std::io::ErrorKind::ConnectionReset => "connection reset".to_owned(),
                _ => io.to_string(),
            };
            return format!("cannot reach AWS Secrets Manager at {url}: {why}");
        }
        match err {
            SdkError::TimeoutError(_) => {
                format!("AWS Secrets Manager at {url} did not answer {operation} in time")
            }
            SdkError::DispatchFailure(d) if d.is_timeout() => {
                format!("AWS Secrets Manager at {url} did not answer {operation} in time")
            }
            SdkError::DispatchFailure(d) if d.is_io() => {
                format!(
                    "cannot reach AWS Secrets Manager at {url}: {}",
                    innermost(err as &(dyn std::error::Error + 'static))
                )
            }
            SdkError::ResponseError(_) => format!(
                "AWS Secrets Manager at {url} gave an answer to {operation} that is not AWS's: {}",
                innermost(err as &(dyn std::error::Error + 'static))
            ),
            _ => format!(
                "{operation} on AWS Secrets Manager at {url} failed: {}",
                innermost(err as &(dyn std::error::Error + 'static))
            ),
        }
    }

    /// The last error of a chain: the one that says what really happened
    /// (the SDK's outer ones say "dispatch failure").
    fn innermost(err: &(dyn std::error::Error + 'static)) -> String {
        let mut last = err;
        while let Some(next) = last.source() {
            last = next;
        }
        last.to_string()
    }
}
