//! TLS for a listener off loopback: rustls with its ring provider, TLS 1.2
//! and 1.3. Every suite rustls offers is forward-secret (ECDHE or TLS 1.3;
//! it has no static-RSA key exchange), as AWS's endpoints require.

use std::path::Path;
use std::sync::Arc;

use anyhow::Result;
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, PrivateKeyDer};
use tokio_rustls::TlsAcceptor;

use crate::error::usage;

pub fn acceptor(cert: &Path, key: &Path) -> Result<TlsAcceptor> {
    let unreadable = |what: &str, path: &Path, e: &dyn std::fmt::Display| {
        usage(format!("cannot read the TLS {what} {}: {e}", path.display()))
            .hint("give PEM files, e.g. made with: openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout key.pem -out cert.pem -subj /CN=localhost")
    };
    let chain = CertificateDer::pem_file_iter(cert)
        .and_then(|certs| certs.collect::<Result<Vec<_>, _>>())
        .map_err(|e| unreadable("certificate", cert, &e))?;
    if chain.is_empty() {
        return Err(unreadable("certificate", cert, &"no certificate in it").into());
    }
    let private = PrivateKeyDer::from_pem_file(key).map_err(|e| unreadable("key", key, &e))?;
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let config = rustls::ServerConfig::builder_with_provider(provider)
        .with_protocol_versions(&[&rustls::version::TLS13, &rustls::version::TLS12])
        .map_err(|e| usage(format!("TLS: {e}")))?
        .with_no_client_auth()
        .with_single_cert(chain, private)
        .map_err(|e| {
            usage(format!(
                "the TLS certificate and key do not go together: {e}"
            ))
        })?;
    Ok(TlsAcceptor::from(Arc::new(config)))
}
