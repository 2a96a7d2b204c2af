//! `arca describe`: metadata, versions→labels, rotation, dates; never a value.

use std::io::Write;

use anyhow::Result;
use serde_json::{json, Map, Value as Json};

use crate::cli::NameArgs;
use crate::output::{date, human_date};
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
        lines.push(("Tags", tags_text(&secret)));
    }
    lines.push(("Created", human_date(secret.created)));
    lines.push(("Last changed", human_date(secret.changed)));
    lines.push(("Rotation", rotation_text(&secret)));
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

pub fn tags_text(secret: &Secret) -> String {
    secret
        .tags
        .iter()
        .map(|(k, v)| format!("{k}={v}"))
        .collect::<Vec<_>>()
        .join(", ")
}

pub fn rotation_text(secret: &Secret) -> String {
    match &secret.rotation {
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

/// DescribeSecret's JSON, with the fields that apply to arca.
pub fn describe_json(secret: &Secret) -> Json {
    let mut doc = Map::new();
    doc.insert("ARN".into(), json!(secret.id));
    doc.insert("Name".into(), json!(secret.name));
    if let Some(d) = &secret.description {
        doc.insert("Description".into(), json!(d));
    }
    let rotation = secret.rotation.clone().unwrap_or_default();
    doc.insert("RotationEnabled".into(), json!(rotation.enabled));
    if let Some(hook) = &rotation.hook {
        doc.insert("RotationHook".into(), json!(hook));
    }
    if rotation.schedule.is_some() || rotation.window.is_some() {
        let mut rules = Map::new();
        if let Some(schedule) = &rotation.schedule {
            rules.insert("ScheduleExpression".into(), json!(schedule.to_string()));
            if let crate::schedule::Schedule::Every { days } = schedule {
                rules.insert("AutomaticallyAfterDays".into(), json!(days));
            }
        }
        if let Some(window) = &rotation.window {
            rules.insert("Duration".into(), json!(window));
        }
        doc.insert("RotationRules".into(), Json::Object(rules));
    }
    if let Some(last) = rotation.last_rotated {
        doc.insert("LastRotatedDate".into(), json!(date(last)));
    }
    doc.insert("LastChangedDate".into(), json!(date(secret.changed)));
    if let Some(next) = rotation.next_rotation.filter(|_| rotation.enabled) {
        doc.insert("NextRotationDate".into(), json!(date(next)));
    }
    if let Some(d) = secret.deletion {
        doc.insert("DeletedDate".into(), json!(date(d.requested)));
        doc.insert("DeletionDate".into(), json!(date(d.at)));
    }
    doc.insert(
        "Tags".into(),
        json!(secret
            .tags
            .iter()
            .map(|(k, v)| json!({ "Key": k, "Value": v }))
            .collect::<Vec<_>>()),
    );
    let stages: Map<String, Json> = secret
        .versions
        .iter()
        .filter(|v| !v.stages.is_empty())
        .map(|v| (v.id.clone(), json!(v.stages)))
        .collect();
    doc.insert("VersionIdsToStages".into(), Json::Object(stages));
    doc.insert("CreatedDate".into(), json!(date(secret.created)));
    Json::Object(doc)
}
