//! `arca describe`: metadata, versions→labels, rotation, dates; never a value.

use std::io::Write;

use anyhow::Result;

use crate::cli::NameArgs;
use crate::output::human_date;
use crate::secret::Secret;

use super::Ctx;

pub fn run(ctx: &Ctx, args: NameArgs) -> Result<()> {
    let secret = ctx.find(&args.name, true)?;
    if ctx.out.is_json() {
        return ctx.out.json(&describe_json(&secret));
    }
    let mut lines = vec![("Name", secret.name.clone()), ("ARN", secret.id.clone())];
    if let Some(d) = &secret.description {
        lines.push(("Description", d.clone()));
    }
    if !secret.tags.is_empty() {
        lines.push(("Tags", tags_text(&secret.tags)));
    }
    lines.push(("Created", human_date(secret.created)));
    lines.push(("Last changed", human_date(secret.changed)));
    lines.push(("Rotation", rotation_text(secret.rotation.as_ref())));
    if let Some(r) = &secret.rotation {
        if let Some(window) = r.window.as_ref().filter(|_| r.enabled) {
            lines.push(("Window", format!("{window} after each scheduled start")));
        }
        if let Some(last) = r.last_rotated {
            lines.push(("Last rotated", human_date(last)));
        }
        if let Some(next) = r.next_rotation.filter(|_| r.enabled) {
            lines.push(("Next rotation", human_date(next)));
        }
    }
    if let Some(d) = secret.deletion {
        lines.push((
            "Deletion",
            format!(
                "scheduled for {} (asked {})",
                human_date(d.at),
                human_date(d.requested)
            ),
        ));
    }
    for (remote, state) in &secret.sync {
        lines.push(("Sync", format!("{remote}: {}", state.status_text())));
    }
    // Every value starts in the same column, one space after the longest key.
    let width = lines.iter().map(|(k, _)| k.len()).max().unwrap_or(0) + 2;
    let mut text = String::new();
    for (key, value) in lines {
        text.push_str(&format!(
            "{:<width$}{}\n",
            format!("{key}:"),
            crate::output::sanitize(&value)
        ));
    }
    text.push_str("Versions:\n");
    for v in secret
        .versions
        .iter()
        .rev()
        .filter(|v| !v.stages.is_empty())
    {
        let line = format!(
            "  {}  {}  {}",
            v.id,
            human_date(v.created),
            v.stages.join(",")
        );
        text.push_str(&crate::output::sanitize(&line));
        text.push('\n');
    }
    let mut out = std::io::stdout().lock();
    out.write_all(text.as_bytes())?;
    out.flush()?;
    Ok(())
}

pub fn tags_text<K: std::fmt::Display, V: std::fmt::Display>(
    tags: impl IntoIterator<Item = (K, V)>,
) -> String {
    tags.into_iter()
        .map(|(k, v)| format!("{k}={v}"))
        .collect::<Vec<_>>()
        .join(", ")
}

pub fn rotation_text(rotation: Option<&crate::secret::Rotation>) -> String {
    match rotation {
        Some(r) if r.enabled => {
            let mut text = r
                .schedule
                .as_ref()
                .map(|s| s.describe())
                .unwrap_or_else(|| "on".into());
            if let Some(hook) = &r.hook {
                text.push_str(&format!(" with hook {hook}"));
            }
            text
        }
        _ => "off".into(),
    }
}

/// DescribeSecret's JSON, as the AWS grammar gives it.
pub fn describe_json(secret: &Secret) -> serde_json::Value {
    crate::aws::shape::describe(secret)
}
