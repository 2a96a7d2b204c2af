//! How a secret's sync state shows: a line of `describe`, and AWS's
//! `ReplicationStatus` entry in DescribeSecret's response.

use serde_json::{json, Value as Json};

use super::state::SyncState;
use crate::output::{date, human_date};

impl SyncState {
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
