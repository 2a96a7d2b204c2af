//! `arca list`: secrets, filtered and sorted; never a value.

use std::borrow::Cow;
use std::io::Write;

use anyhow::Result;
use jiff::Timestamp;
use serde_json::json;

use crate::cli::{ListArgs, OutputFormat, SortOrder};
use crate::filter::{self, Filter};
use crate::output::{date, short_date, write_date};
use crate::secret::Secret;
use crate::vault::Scanned;

use super::describe::{rotation_text, tags_text};
use super::Ctx;

pub fn run(ctx: &Ctx, args: ListArgs) -> Result<()> {
    let filters = Filter::parse_all(&args.filters)?;
    let wanted = |s: &Secret| {
        (args.include_planned_deletion || s.deletion.is_none()) && filter::matches_all(&filters, s)
    };
    let format = ctx.out.list_format();
    if format == OutputFormat::Json {
        // JSON carries SecretVersionsToStages, so every version is parsed.
        let mut vault = ctx.load()?;
        let mut secrets: Vec<_> = vault.secrets()?.into_iter().filter(|s| wanted(s)).collect();
        if args.sort == SortOrder::Desc {
            secrets.reverse();
        }
        let list: Vec<_> = secrets
            .iter()
            .map(|s| crate::aws::shape::list_entry(s))
            .collect();
        return ctx.out.json(&json!({ "SecretList": list }));
    }

    // Rows are formatted on the threads that decrypt and parse the vault,
    // and written here in order: nothing of a large vault is held (but for
    // --sort desc and tables).
    let keep = |entry: &Scanned<'_>| {
        (args.include_planned_deletion || entry.deletion().is_none())
            && filter::matches_all(&filters, entry)
    };
    if format == OutputFormat::Text {
        let mut out = std::io::BufWriter::with_capacity(1 << 16, std::io::stdout().lock());
        match args.sort {
            SortOrder::Asc => {
                let mut written = Ok(());
                ctx.scan_fold(
                    |lines: &mut Vec<u8>, entry| {
                        if keep(&entry) {
                            text_line(lines, &entry);
                        }
                    },
                    |lines| {
                        if written.is_ok() {
                            written = out.write_all(&lines);
                        }
                    },
                )?;
                written?;
            }
            SortOrder::Desc => {
                let mut held = Vec::new();
                ctx.scan_fold(
                    |lines: &mut Vec<Vec<u8>>, entry| {
                        if keep(&entry) {
                            let mut line = Vec::new();
                            text_line(&mut line, &entry);
                            lines.push(line);
                        }
                    },
                    |lines| held.extend(lines),
                )?;
                for line in held.iter().rev() {
                    out.write_all(line)?;
                }
            }
        }
        out.flush()?;
        return Ok(());
    }
    let mut rows = Vec::new();
    ctx.scan_fold(
        |rows: &mut Vec<Vec<String>>, entry| {
            if keep(&entry) {
                let (rotation, status) = rotation_and_status(&entry, short_date);
                rows.push(vec![
                    entry.name().to_owned(),
                    entry.description().unwrap_or_default().to_owned(),
                    tags_text(entry.tags()),
                    short_date(entry.changed()),
                    rotation.into_owned(),
                    status.into_owned(),
                ]);
            }
        },
        |more| rows.extend(more),
    )?;
    if args.sort == SortOrder::Desc {
        rows.reverse();
    }
    let what = if filters.is_empty() {
        "secrets"
    } else {
        "secrets match these filters"
    };
    if ctx.out.empty_table(format, rows.len(), what) {
        return Ok(());
    }
    ctx.out.rows(format, &HEADER, rows)
}

/// The ROTATION and STATUS cells, with dates as `date` writes them.
fn rotation_and_status(
    entry: &Scanned<'_>,
    date: fn(Timestamp) -> String,
) -> (Cow<'static, str>, Cow<'static, str>) {
    let rotation = match entry.rotation().filter(|r| r.enabled) {
        Some(r) => r
            .next_rotation
            .map_or_else(|| rotation_text(Some(r)), date)
            .into(),
        None => "-".into(),
    };
    let status = match entry.deletion() {
        Some(d) => format!("deleting {}", date(d.at)).into(),
        None if entry.pending() => "rotating".into(),
        None => "active".into(),
    };
    (rotation, status)
}

/// One `list` text line: the same fields as the table, tab-separated, dates
/// in RFC 3339.
fn text_line(out: &mut Vec<u8>, entry: &Scanned<'_>) {
    out.extend_from_slice(entry.name().as_bytes());
    out.push(b'\t');
    write_cell(out, entry.description().unwrap_or(""));
    out.push(b'\t');
    for (i, (k, v)) in entry.tags().enumerate() {
        if i > 0 {
            out.extend_from_slice(b", ");
        }
        write_cell(out, k);
        out.push(b'=');
        write_cell(out, v);
    }
    out.push(b'\t');
    write_date(out, entry.changed());
    let (rotation, status) = rotation_and_status(entry, date);
    for cell in [rotation, status] {
        out.push(b'\t');
        out.extend_from_slice(cell.as_bytes());
    }
    out.push(b'\n');
}

/// Text from the vault in a text cell: tab, newline and backslash escaped
/// (`\t \n \\`), as control and bidi characters are, so that a field never
/// splits its line or shifts the columns, and reads back unambiguously.
fn write_cell(out: &mut Vec<u8>, text: &str) {
    out.extend_from_slice(crate::output::field(text).as_bytes());
}

const HEADER: [&str; 6] = [
    "NAME",
    "DESCRIPTION",
    "TAGS",
    "CHANGED",
    "ROTATION",
    "STATUS",
];
