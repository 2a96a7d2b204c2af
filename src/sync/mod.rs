//! Sync with a remote: AWS Secrets Manager itself, or another vault file
//! kept as a replica (SPEC §10). One reconciliation core (`crate::merge`'s
//! rules, secret by secret, against the last-synced state kept in the
//! vault), two transports behind one trait: both speak AWS's JSON
//! operations, so the sync cannot tell them apart.

pub mod aws;
pub mod remote;
