//! Where output goes and how it looks: values byte-exact on stdout, AWS
//! JSON, tables on a terminal, tab-separated lines in a pipe, colour only on
//! a terminal and never with NO_COLOR (SPEC §4).

use std::borrow::Cow;
use std::io::{self, IsTerminal, Write};

use anyhow::Result;
use comfy_table::{presets, Cell, ContentArrangement, Table};

use crate::cli::{ColorChoice, OutputFormat};

#[derive(Clone)]
pub struct Output {
    /// What -o asked for, if anything.
    pub format: Option<OutputFormat>,
    pub stdout_is_terminal: bool,
    pub color: bool,
}

impl Output {
    pub fn new(format: Option<OutputFormat>, color: ColorChoice) -> Output {
        Output {
            format,
            stdout_is_terminal: io::stdout().is_terminal(),
            color: use_color(color),
        }
    }

    /// The format for commands whose natural shape is a list.
    pub fn list_format(&self) -> OutputFormat {
        self.format.unwrap_or(if self.stdout_is_terminal {
            OutputFormat::Table
        } else {
            OutputFormat::Text
        })
    }

    pub fn is_json(&self) -> bool {
        self.format == Some(OutputFormat::Json)
    }

    /// A value's bytes exactly; a newline only for a person at a terminal.
    pub fn value(&self, bytes: &[u8]) -> Result<()> {
        let mut out = io::stdout().lock();
        out.write_all(bytes)?;
        if self.stdout_is_terminal && !bytes.ends_with(b"\n") {
            out.write_all(b"\n")?;
        }
        out.flush()?;
        Ok(())
    }

    /// JSON as the AWS CLI prints it (4-space indent).
    pub fn json(&self, value: &serde_json::Value) -> Result<()> {
        let mut out = io::stdout().lock();
        let formatter = serde_json::ser::PrettyFormatter::with_indent(b"    ");
        let mut ser = serde_json::Serializer::with_formatter(&mut out, formatter);
        serde::Serialize::serialize(value, &mut ser)?;
        out.write_all(b"\n")?;
        out.flush()?;
        Ok(())
    }

    /// Rows as a table (`table`) or tab-separated lines (`text`).
    pub fn rows(
        &self,
        format: OutputFormat,
        header: &[&str],
        rows: Vec<Vec<String>>,
    ) -> Result<()> {
        // Buffered: stdout alone would make a write per line.
        let mut out = io::BufWriter::with_capacity(1 << 16, io::stdout().lock());
        if format == OutputFormat::Table {
            let mut table = Table::new();
            table
                .load_preset(presets::UTF8_FULL_CONDENSED)
                .set_content_arrangement(ContentArrangement::Dynamic)
                .set_header(header.iter().map(Cell::new));
            // No terminal, or one that reports no width: keep to 80 columns.
            if !self.stdout_is_terminal {
                table.force_no_tty().set_width(80);
            } else if table.width().is_none_or(|w| w == 0) {
                table.set_width(80);
            }
            for row in rows {
                table.add_row(row.iter().map(|c| sanitize(c)));
            }
            writeln!(out, "{table}")?;
        } else {
            for row in rows {
                // A tab inside a cell would shift the columns.
                let cells: Vec<String> =
                    row.iter().map(|c| sanitize(c).replace('\t', " ")).collect();
                writeln!(out, "{}", cells.join("\t"))?;
            }
        }
        out.flush()?;
        Ok(())
    }

    /// A message for a person, on stderr.
    pub fn note(&self, message: &str) {
        eprintln!("{message}");
    }

    pub fn warn(&self, message: &str) {
        eprintln!("{}{message}", self.paint("warning: ", "33"));
    }

    pub fn paint(&self, text: &str, code: &str) -> String {
        if self.color {
            format!("\x1b[{code}m{text}\x1b[0m")
        } else {
            text.to_owned()
        }
    }
}

/// Whether messages on stderr get colour: never with NO_COLOR; otherwise
/// when asked for, or on a terminal that is not TERM=dumb.
pub fn use_color(choice: ColorChoice) -> bool {
    let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
    let dumb = std::env::var("TERM").is_ok_and(|t| t == "dumb");
    match choice {
        _ if no_color => false,
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => io::stderr().is_terminal() && !dumb,
    }
}

/// Control characters shown as escapes, so that text from a vault cannot
/// repaint the terminal.
pub fn sanitize(text: &str) -> Cow<'_, str> {
    let printable_ascii = |b: u8| (0x20..0x7f).contains(&b);
    if text.bytes().all(printable_ascii) || !text.chars().any(char::is_control) {
        return Cow::Borrowed(text);
    }
    Cow::Owned(
        text.chars()
            .map(|c| {
                if c.is_control() {
                    c.escape_default().to_string()
                } else {
                    c.to_string()
                }
            })
            .collect(),
    )
}

/// A date as the AWS CLI prints it in JSON: RFC 3339 in UTC with six
/// fraction digits, `2026-11-30T14:02:54.123000+00:00` (arca keeps
/// milliseconds).
pub fn date(ts: jiff::Timestamp) -> String {
    ts.strftime("%Y-%m-%dT%H:%M:%S.%6f+00:00").to_string()
}

/// A date for a table cell: to the minute, UTC.
pub fn short_date(ts: jiff::Timestamp) -> String {
    ts.strftime("%Y-%m-%d %H:%M").to_string()
}

/// The date formatter for a list format: short in tables, as in JSON elsewhere.
pub fn date_for(format: OutputFormat) -> fn(jiff::Timestamp) -> String {
    if format == OutputFormat::Table {
        short_date
    } else {
        date
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn dates_are_the_aws_cli_form_with_six_fraction_digits() {
        let ts: jiff::Timestamp = "2026-11-30T14:02:54.123Z".parse().unwrap();
        assert_eq!(super::date(ts), "2026-11-30T14:02:54.123000+00:00");
        let whole: jiff::Timestamp = "2026-11-30T14:02:54Z".parse().unwrap();
        assert_eq!(super::date(whole), "2026-11-30T14:02:54.000000+00:00");
    }
}
