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
/// "arca" on AWS; on a replica, the primary vault's path and the remote's
/// name ([`replica_owner`]: the replica refuses other writes to it, naming
/// that vault and the push that changes it). Never pulled into a vault
/// that syncs.
pub const OWNER_TAG: &str = "arca:managed";
/// The label a new version carries on the remote until its real labels
/// are moved to it; a run interrupted in between leaves it, and the next
/// run removes it.
pub const TEMP_LABEL: &str = "arca-sync";

/// The ownership tag's value on a replica's secrets: the primary vault's
/// path and the remote's name there, `PATH#REMOTE` (tag values hold 256
/// characters: a longer path keeps its end).
pub fn replica_owner(primary: &std::path::Path, remote: &str) -> String {
    let value = format!("{}#{remote}", primary.display());
    let extra = value.chars().count().saturating_sub(256);
    value.chars().skip(extra).collect()
}

/// What a replica's ownership tag says: the primary vault and the remote
/// that pushes to this replica. None for any other value: "arca" is the
/// tag of a secret arca created on AWS, which a vault behind `arca serve`
/// holds too, and which is no replica.
pub fn replica_of(owner: &str) -> Option<(&str, &str)> {
    owner
        .rsplit_once('#')
        .filter(|(path, remote)| !path.is_empty() && remotes::validate_name(remote).is_ok())
}

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
