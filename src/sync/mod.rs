//! Sync with a remote: AWS Secrets Manager itself, or another vault file
//! kept as a replica (SPEC §10). One reconciliation core (`crate::merge`'s
//! rules, secret by secret, against the last-synced state kept in the
//! vault), two transports behind one trait: both speak AWS's JSON
//! operations, so the sync cannot tell them apart.
//!
//! - `plan.rs`: the pure reconciliation of one secret (no network, no file),
//!   with `listing.rs` (remote secrets, ownership) and `ops.rs` (the
//!   remote's operations, played on a model of AWS's label rules),
//! - `engine.rs`: reads both sides, plans, applies, records the state,
//! - `state.rs`: the last-synced state kept in each secret's line,
//! - `remotes.rs`: the remotes in the local config,
//! - `vault_remote.rs` and `aws.rs`: the two transports.

pub mod aws;
pub mod engine;
mod listing;
mod ops;
pub mod plan;
pub mod remote;
pub mod remotes;
pub mod state;
mod status;
pub mod vault_remote;

/// The tag on every remote secret arca created (or adopted). Its value:
/// "arca" on AWS; on a replica, the primary vault's path (the replica
/// refuses other writes to it, naming that vault). Never pulled into a
/// vault that syncs.
pub const OWNER_TAG: &str = "arca:managed";
/// The label a new version carries on the remote until its real labels
/// are moved to it; a run interrupted in between leaves it, and the next
/// run removes it.
pub const TEMP_LABEL: &str = "arca-sync";

/// Which sides a run may change.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    /// Both: each gets the merge.
    Sync,
    /// Only the remote gets the merge (it keeps its own changes).
    Push,
    /// Only this vault gets the merge (its own changes stay here).
    Pull,
}

impl Mode {
    pub fn as_str(self) -> &'static str {
        match self {
            Mode::Sync => "sync",
            Mode::Push => "push",
            Mode::Pull => "pull",
        }
    }
}
