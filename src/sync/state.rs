//! The last-synced state of a secret with one remote, kept in the secret's
//! payload line (`"sync":{"<remote>":{…}}`): what both sides agreed on
//! at the end of the last sync, the base of the next three-way merge.
//! Metadata only, never a value: version ids and their labels, the
//! description and the tags.

use std::collections::BTreeMap;

use jiff::Timestamp;
use serde::{Deserialize, Serialize};
use serde_json::{json, Value as Json};

use crate::output::{date, human_date};

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

    /// One line for `describe`: "in sync (last synced 2026-…)" or
    /// "failed: reason (…)".
    pub fn status_text(&self) -> String {
        match &self.failed {
            None => format!("in sync (last synced {})", human_date(self.at)),
            Some(why) => format!("failed at {}: {why}", human_date(self.at)),
        }
    }

    /// The entry of AWS's `ReplicationStatus` list for this remote: the
    /// remote's name stands where AWS puts the replica's region.
    pub fn replication_status(&self, remote: &str) -> Json {
        let mut doc = json!({
            "Region": remote,
            "Status": if self.failed.is_some() { "Failed" } else { "InSync" },
        });
        doc["StatusMessage"] = json!(match &self.failed {
            Some(why) => why.clone(),
            None => "Replication succeeded".to_owned(),
        });
        doc["LastAccessedDate"] = json!(date(self.at));
        doc
    }
}

/// Three-way merge of the sync states of two sides of a git merge: a
/// remote's state that one side changed is taken from it; both changed,
/// the later one (it saw the most recent remote).
pub fn merge(
    base: Option<&BTreeMap<String, SyncState>>,
    ours: &BTreeMap<String, SyncState>,
    theirs: &BTreeMap<String, SyncState>,
) -> BTreeMap<String, SyncState> {
    let empty = BTreeMap::new();
    let base = base.unwrap_or(&empty);
    let remotes: std::collections::BTreeSet<&String> = ours.keys().chain(theirs.keys()).collect();
    let mut out = BTreeMap::new();
    for remote in remotes {
        let [b, o, t] = [base, ours, theirs].map(|side| side.get(remote));
        let merged = match crate::merge::trivial_merge(&b, &o, &t) {
            crate::merge::Merge::Resolved(state) => state,
            crate::merge::Merge::Conflict => match (o, t) {
                (Some(o), Some(t)) if t.at > o.at => Some(t),
                (Some(o), _) => Some(o),
                (None, t) => t,
            },
        };
        if let Some(state) = merged {
            out.insert(remote.clone(), state.clone());
        }
    }
    out
}
