//! `arca list`: secrets, filtered and sorted; never a value.

use anyhow::Result;
use serde_json::json;

use crate::cli::{ListArgs, OutputFormat, SortOrder};
use crate::filter::{self, Filter};
use crate::output::date_for;

use super::describe::{describe_json, rotation_text, tags_text};
use super::Ctx;

pub fn run(ctx: &Ctx, args: ListArgs) -> Result<()> {
    let filters = Filter::parse_all(&args.filters)?;
    let mut vault = ctx.load()?;
    let mut secrets: Vec<_> = vault
        .secrets()?
        .into_iter()
        .filter(|s| args.include_planned_deletion || s.deletion.is_none())
        .filter(|s| filter::matches_all(&filters, s))
        .collect();
    if args.sort == SortOrder::Desc {
        secrets.reverse();
    }
    match ctx.out.list_format() {
        OutputFormat::Json => ctx.out.json(&json!({
            "SecretList": secrets.iter().map(|s| describe_json(s)).collect::<Vec<_>>()
        })),
        format => {
            let date = date_for(format);
            ctx.out.rows(
                format,
                &[
                    "NAME",
                    "DESCRIPTION",
                    "TAGS",
                    "LAST CHANGED",
                    "NEXT ROTATION",
                    "STATUS",
                ],
                secrets
                    .iter()
                    .map(|s| {
                        let rotation = s.rotation.as_ref().filter(|r| r.enabled);
                        let next = match rotation {
                            Some(r) => r
                                .next_rotation
                                .map(date)
                                .unwrap_or_else(|| rotation_text(s)),
                            None => "-".into(),
                        };
                        let status = match s.deletion {
                            Some(d) => format!("deleting {}", date(d.at)),
                            None if s.version_with_label(crate::secret::PENDING).is_some() => {
                                "rotating".into()
                            }
                            None => "active".into(),
                        };
                        vec![
                            s.name.clone(),
                            s.description.clone().unwrap_or_default(),
                            tags_text(s),
                            date(s.changed),
                            next,
                            status,
                        ]
                    })
                    .collect(),
            )
        }
    }
}
