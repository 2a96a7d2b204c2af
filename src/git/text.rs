//! A vault as deterministic, sorted text for `git diff` (the textconv):
//! recipients, recorded conflicts, then each secret's metadata and
//! versions. Never a value, a hash of a value or a length; a JSON value
//! shows its top-level keys only.

use std::fmt::Write;

use crate::merge::Snapshot;
use crate::output::sanitize;
use crate::secret::{Secret, Value};

pub fn render(vault: &Snapshot) -> anyhow::Result<String> {
    let mut out = String::new();
    let mut recipients = vault.recipients.clone();
    recipients.sort();
    for r in &recipients {
        match vault.labels.get(r) {
            Some(label) => line(&mut out, &format!("recipient {r} ({label})")),
            None => line(&mut out, &format!("recipient {r}")),
        }
    }
    for c in &vault.conflicts {
        line(
            &mut out,
            &format!(
                "conflict {} {}: ours {}, theirs {}, provisional {}",
                c.secret,
                c.field,
                c.ours,
                c.theirs,
                if c.winner == crate::merge::Side::Ours {
                    "ours"
                } else {
                    "theirs"
                }
            ),
        );
    }
    for stored in vault.secrets.values() {
        render_secret(&mut out, &stored.secret()?);
    }
    Ok(out)
}

fn render_secret(out: &mut String, s: &Secret) {
    line(out, "");
    line(out, &format!("secret {}", s.name));
    line(out, &format!("  id {}", s.id));
    if let Some(d) = &s.description {
        line(out, &format!("  description {d}"));
    }
    for (k, v) in &s.tags {
        line(out, &format!("  tag {k}={v}"));
    }
    if let Some(r) = &s.rotation {
        let mut text = format!("  rotation {}", if r.enabled { "on" } else { "off" });
        if let Some(hook) = &r.hook {
            let _ = write!(text, ", hook {hook}");
        }
        if let Some(schedule) = &r.schedule {
            let _ = write!(text, ", schedule {schedule}");
        }
        if let Some(window) = &r.window {
            let _ = write!(text, ", window {window}");
        }
        line(out, &text);
    }
    if let Some(d) = s.deletion {
        line(
            out,
            &format!("  deletion scheduled for {} (asked {})", d.at, d.requested),
        );
    }
    // The last-synced state with each remote (never a value).
    for (remote, state) in &s.sync {
        let mut text = format!("  sync {remote} at {}", state.at);
        if let Some(arn) = &state.arn {
            let _ = write!(text, ", {arn}, {} version(s)", state.versions.len());
        }
        if let Some(why) = &state.failed {
            let _ = write!(text, ", failed: {why}");
        }
        line(out, &text);
    }
    let mut versions: Vec<_> = s.versions.iter().collect();
    versions.sort_by(|a, b| (a.created, &a.id).cmp(&(b.created, &b.id)));
    for v in versions {
        let mut labels = v.stages.clone();
        labels.sort();
        let labels = if labels.is_empty() {
            "(no label)".to_owned()
        } else {
            labels.join(",")
        };
        line(
            out,
            &format!(
                "  version {} {} {labels} {}",
                v.id,
                v.created,
                kind(&v.value)
            ),
        );
    }
}

/// string, binary, or JSON with its top-level keys.
fn kind(value: &Value) -> String {
    match value {
        Value::Binary(_) => "binary".into(),
        Value::String(text) => match serde_json::from_str::<serde_json::Value>(text) {
            Ok(serde_json::Value::Object(map)) => {
                let mut keys: Vec<&String> = map.keys().collect();
                keys.sort();
                let keys: Vec<&str> = keys.iter().map(|k| k.as_str()).collect();
                format!("JSON {{{}}}", keys.join(", "))
            }
            Ok(serde_json::Value::Array(_)) => "JSON array".into(),
            _ => "string".into(),
        },
    }
}

fn line(out: &mut String, text: &str) {
    out.push_str(&sanitize(text));
    out.push('\n');
}
