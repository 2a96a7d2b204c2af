//! `arca versions`: version ids, labels and dates, newest first.

use anyhow::Result;
use serde_json::json;

use crate::cli::{OutputFormat, VersionsArgs};
use crate::output::date_for;

use super::Ctx;

pub fn run(ctx: &Ctx, args: VersionsArgs) -> Result<()> {
    let secret = ctx.find(&args.name, true)?;
    let versions: Vec<_> = secret
        .versions
        .iter()
        .rev()
        .filter(|v| args.include_deprecated || !v.stages.is_empty())
        .collect();
    match ctx.out.list_format() {
        // Newest first, as the table (the AWS spelling lists oldest first).
        OutputFormat::Json => ctx.out.json(&json!({
            "Versions": versions.iter().map(|v| crate::aws::shape::version_entry(v)).collect::<Vec<_>>(),
            "ARN": secret.id,
            "Name": secret.name,
        })),
        format => ctx.out.rows(
            format,
            &["VERSION ID", "STAGES", "CREATED"],
            versions
                .iter()
                .map(|v| {
                    vec![
                        v.id.clone(),
                        v.stages.join(","),
                        date_for(format)(v.created),
                    ]
                })
                .collect(),
        ),
    }
}
