//! The last-synced state of a secret with one remote, kept in the secret's
//! payload line (`"sync":{"<remote>":{…}}`): what both sides agreed on
//! at the end of the last sync, the base of the next three-way merge.
//! Metadata only, never a value: version ids and their labels, the
//! description and the tags. Plain data (its parser is fuzzed with the
//! payload's); how it shows is in `status.rs`, how it merges in `merge`.

use std::collections::BTreeMap;

use jiff::Timestamp;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SyncState {
    /// The secret's ARN on the remote; None until a sync succeeded (the
    /// state then only records a failure).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub arn: Option<String>,
    /// Every version both sides held, by id, with its labels.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub versions: BTreeMap<String, Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub tags: BTreeMap<String, String>,
    /// When this record last changed: the last sync that changed something
    /// or failed (a run that finds both sides in sync writes nothing).
    pub at: Timestamp,
    /// Why the last sync of this secret failed; absent when it succeeded.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub failed: Option<String>,
}

impl SyncState {
    /// Whether a sync ever completed: only then is it a merge base.
    pub fn is_base(&self) -> bool {
        self.arn.is_some()
    }
}
