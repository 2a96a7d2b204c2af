//! GetSecretValue as fast as one AWS SDK client can ask, 8 requests in
//! flight, for SECONDS; prints requests per second.
//!
//!   serve-client ENDPOINT ACCESS_KEY SECRET_KEY SECONDS NAME_PREFIX COUNT
//!
//! Names are NAME_PREFIX0 … NAME_PREFIX{COUNT-1}, each task walking them
//! from its own offset.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use aws_sdk_secretsmanager::config::{BehaviorVersion, Credentials, Region};

const IN_FLIGHT: usize = 8;

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let args: Vec<String> = std::env::args().collect();
    let [_, endpoint, key, secret, seconds, prefix, count] = &args[..] else {
        eprintln!("usage: serve-client ENDPOINT ACCESS_KEY SECRET_KEY SECONDS NAME_PREFIX COUNT");
        std::process::exit(2);
    };
    let seconds: u64 = seconds.parse().expect("SECONDS");
    let count: usize = count.parse().expect("COUNT");
    let http = aws_smithy_http_client::Builder::new()
        .tls_provider(aws_smithy_http_client::tls::Provider::Rustls(
            aws_smithy_http_client::tls::rustls_provider::CryptoMode::Ring,
        ))
        .build_https();
    let config = aws_sdk_secretsmanager::Config::builder()
        .behavior_version(BehaviorVersion::latest())
        .endpoint_url(endpoint)
        .region(Region::new("us-east-1"))
        .credentials_provider(Credentials::new(key, secret, None, None, "bench"))
        .http_client(http)
        .build();
    let client = aws_sdk_secretsmanager::Client::from_conf(config);
    let done = Arc::new(AtomicU64::new(0));
    let errors = Arc::new(AtomicU64::new(0));
    let end = Instant::now() + Duration::from_secs(seconds);
    let mut tasks = Vec::new();
    for t in 0..IN_FLIGHT {
        let (client, done, errors, prefix) = (client.clone(), done.clone(), errors.clone(), prefix.clone());
        tasks.push(tokio::spawn(async move {
            let mut i = t * count / IN_FLIGHT;
            while Instant::now() < end {
                let name = format!("{prefix}{}", i % count);
                match client.get_secret_value().secret_id(name).send().await {
                    Ok(_) => done.fetch_add(1, Ordering::Relaxed),
                    Err(e) => {
                        if errors.fetch_add(1, Ordering::Relaxed) == 0 {
                            eprintln!("error: {e:?}");
                        }
                        0
                    }
                };
                i += 7;
            }
        }));
    }
    for t in tasks {
        t.await.expect("task");
    }
    let n = done.load(Ordering::Relaxed);
    println!(
        "{:.0} req/s ({n} in {seconds} s, {} errors)",
        n as f64 / seconds as f64,
        errors.load(Ordering::Relaxed)
    );
}
