//! `arca list`: secrets, filtered and sorted; never a value.

use anyhow::Result;
use serde_json::json;

use crate::cli::{ListArgs, OutputFormat, SortOrder};
use crate::filter::{self, Filter};
use crate::output::date_for;
use crate::secret::Secret;

use super::describe::{describe_json, rotation_text, tags_text};
use super::Ctx;

pub fn run(ctx: &Ctx, args: ListArgs) -> Result<()> {
    let filters = Filter::parse_all(&args.filters)?;
    let wanted = |s: &Secret| {
        (args.include_planned_deletion || s.deletion.is_none()) && filter::matches_all(&filters, s)
    };
    let format = ctx.out.list_format();
    if format == OutputFormat::Json {
        // JSON carries VersionIdsToStages, so every version is parsed.
        let mut vault = ctx.load()?;
        let mut secrets: Vec<_> = vault.secrets()?.into_iter().filter(|s| wanted(s)).collect();
        if args.sort == SortOrder::Desc {
            secrets.reverse();
        }
        let list: Vec<_> = secrets.iter().map(|s| describe_json(s)).collect();
        return ctx.out.json(&json!({ "SecretList": list }));
    }

    let date = date_for(format);
    let mut rows = Vec::new();
    ctx.scan(|listing| {
        let s = &listing.secret;
        if !wanted(s) {
            return;
        }
        let next = match s.rotation.as_ref().filter(|r| r.enabled) {
            Some(r) => r
                .next_rotation
                .map(date)
                .unwrap_or_else(|| rotation_text(s)),
            None => "-".into(),
        };
        let status = match s.deletion {
            Some(d) => format!("deleting {}", date(d.at)),
            None if listing.pending => "rotating".into(),
            None => "active".into(),
        };
        rows.push(vec![
            s.name.clone(),
            s.description.clone().unwrap_or_default(),
            tags_text(s),
            date(s.changed),
            next,
            status,
        ]);
    })?;
    if args.sort == SortOrder::Desc {
        rows.reverse();
    }
    ctx.out.rows(
        format,
        &[
            "NAME",
            "DESCRIPTION",
            "TAGS",
            "CHANGED",
            "ROTATION",
            "STATUS",
        ],
        rows,
    )
}
