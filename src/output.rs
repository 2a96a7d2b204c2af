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

    /// JSON that confirms a change already in the vault: a failed write is
    /// a warning, not a failure (see [`confirm`]).
    pub fn confirm_json(&self, value: &serde_json::Value) -> Result<()> {
        if let Err(e) = self.json(value) {
            if !crate::error::is_broken_pipe(&e) {
                warning(&format!("the change is saved, but stdout failed: {e:#}"));
            }
        }
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
                let cells: Vec<Cow<str>> = row.iter().map(|c| field(c)).collect();
                writeln!(out, "{}", cells.join("\t"))?;
            }
        }
        out.flush()?;
        Ok(())
    }

    /// Says on stderr that a table has no rows, rather than drawing a
    /// header alone; true when it did (only on a terminal: a pipe gets
    /// nothing, as `grep` gives).
    pub fn empty_table(&self, format: OutputFormat, rows: usize, what: &str) -> bool {
        if format != OutputFormat::Table || rows > 0 {
            return false;
        }
        self.note(&format!("no {what}"));
        true
    }

    /// A message for a person, on stderr.
    pub fn note(&self, message: &str) {
        to_stderr(message);
    }

    pub fn warn(&self, message: &str) {
        to_stderr(&format!("{}{message}", self.paint("warning: ", "33")));
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

/// One line on stderr. A full, closed or failing stderr loses the line but
/// never panics: the exit status alone must still tell the truth (SPEC §7).
pub fn to_stderr(line: &str) {
    let mut err = io::stderr().lock();
    let _ = err
        .write_all(line.as_bytes())
        .and_then(|()| err.write_all(b"\n"));
}

/// A warning on stderr from code that has no [`Output`] (the vault's).
pub fn warning(message: &str) {
    to_stderr(&format!("warning: {message}"));
}

/// One line on stdout that confirms a change already in the vault: if it
/// cannot be written, the change still happened, so that is a warning on
/// stderr, not a failure (exit 0 means the change is in the vault).
pub fn confirm(line: &str) {
    let mut out = io::stdout().lock();
    let written = out
        .write_all(line.as_bytes())
        .and_then(|()| out.write_all(b"\n"))
        .and_then(|()| out.flush());
    if let Err(e) = written {
        if e.kind() != io::ErrorKind::BrokenPipe {
            warning(&format!("the change is saved, but stdout failed: {e}"));
        }
    }
}

/// Characters that must not reach a terminal raw: controls (they move the
/// cursor, retitle the window, ...) and the bidi controls that reorder
/// what is shown (U+202E makes `txt.exe` look like `exe.txt`).
fn is_unsafe(c: char) -> bool {
    c.is_control()
        || matches!(c, '\u{061c}' | '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// Text from a vault or a hook as it may be shown: control and bidi
/// characters as escapes (`\u{1b}`, `\n`, `\u{202e}`), so it cannot
/// repaint the terminal or reorder itself (SPEC §7).
pub fn sanitize(text: &str) -> Cow<'_, str> {
    escape(text, false)
}

/// A field of a tab-separated line: as [`sanitize`], and a backslash is
/// doubled, so a tab, newline or backslash in a field reads back unambiguously
/// and never splits the line.
pub fn field(text: &str) -> Cow<'_, str> {
    escape(text, true)
}

fn escape(text: &str, backslash: bool) -> Cow<'_, str> {
    let plain = |c: char| !(is_unsafe(c) || backslash && c == '\\');
    // Printable ASCII, the common case, without decoding characters.
    let printable = |b: &u8| b.is_ascii_graphic() && !(backslash && *b == b'\\') || *b == b' ';
    if text.as_bytes().iter().all(printable) || text.chars().all(plain) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if plain(c) {
            out.push(c);
        } else if c == '\\' {
            out.push_str("\\\\");
        } else {
            out.extend(c.escape_default());
        }
    }
    Cow::Owned(out)
}

/// Bytes relayed live from a hook's stderr, made safe for a terminal as
/// [`sanitize`] does, except that newlines and tabs stay: it is the hook's
/// own text, line by line. A UTF-8 sequence cut between two reads is kept
/// for the next one.
#[derive(Default)]
pub struct Relay {
    carry: Vec<u8>,
}

impl Relay {
    pub fn push(&mut self, bytes: &[u8]) -> Vec<u8> {
        self.carry.extend_from_slice(bytes);
        let mut out = Vec::with_capacity(self.carry.len());
        let mut rest = &self.carry[..];
        loop {
            match std::str::from_utf8(rest) {
                Ok(text) => {
                    relay_text(text, &mut out);
                    rest = &[];
                    break;
                }
                Err(e) => {
                    let (good, bad) = rest.split_at(e.valid_up_to());
                    relay_text(std::str::from_utf8(good).unwrap_or_default(), &mut out);
                    match e.error_len() {
                        Some(n) => {
                            for b in &bad[..n] {
                                out.extend_from_slice(format!("\\x{b:02x}").as_bytes());
                            }
                            rest = &bad[n..];
                        }
                        // An incomplete sequence at the end: wait for the rest.
                        None => {
                            rest = bad;
                            break;
                        }
                    }
                }
            }
        }
        self.carry = rest.to_vec();
        out
    }

    /// What is left at the end (an incomplete sequence, escaped).
    pub fn finish(&mut self) -> Vec<u8> {
        let rest = std::mem::take(&mut self.carry);
        rest.iter()
            .flat_map(|b| format!("\\x{b:02x}").into_bytes())
            .collect()
    }
}

fn relay_text(text: &str, out: &mut Vec<u8>) {
    for c in text.chars() {
        if matches!(c, '\n' | '\t') || !is_unsafe(c) {
            let mut buf = [0u8; 4];
            out.extend_from_slice(c.encode_utf8(&mut buf).as_bytes());
        } else {
            out.extend(c.escape_default().to_string().bytes());
        }
    }
}

/// A date as the AWS CLI prints it in JSON: RFC 3339 in UTC with six
/// fraction digits, `2026-11-30T14:02:54.123000+00:00` (arca keeps
/// milliseconds).
pub fn date(ts: jiff::Timestamp) -> String {
    ts.strftime("%Y-%m-%dT%H:%M:%S.%6f+00:00").to_string()
}

/// [`date`], appended to `out`: `list` writes one per secret, and a format
/// string costs more than the rest of its line.
pub fn write_date(out: &mut Vec<u8>, ts: jiff::Timestamp) {
    if crate::dates::write_listed(out, ts).is_none() {
        out.extend_from_slice(date(ts).as_bytes());
    }
}

/// A date for people (describe, messages): to the second, with the zone,
/// always the same width: `2026-11-30 14:02:54 UTC`.
pub fn human_date(ts: jiff::Timestamp) -> String {
    ts.strftime("%Y-%m-%d %H:%M:%S UTC").to_string()
}

/// A date for a table cell: to the minute, with the zone:
/// `2026-11-30 14:02 UTC`.
pub fn short_date(ts: jiff::Timestamp) -> String {
    ts.strftime("%Y-%m-%d %H:%M UTC").to_string()
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
    use super::*;

    #[test]
    fn write_date_writes_what_date_does() {
        let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
        let mut stamps = vec![
            jiff::Timestamp::UNIX_EPOCH,
            jiff::Timestamp::MIN,
            jiff::Timestamp::MAX,
            jiff::Timestamp::new(-1, 999_999_999).unwrap(),
            jiff::Timestamp::new(-62_135_596_800, 0).unwrap(),
        ];
        for _ in 0..2_000 {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            let secs = (seed % 300_000_000_000) as i64 - 62_000_000_000;
            stamps.push(jiff::Timestamp::new(secs, (seed % 1_000_000_000) as i32).unwrap());
        }
        for ts in stamps {
            let mut out = Vec::new();
            write_date(&mut out, ts);
            assert_eq!(String::from_utf8(out).unwrap(), date(ts), "{ts:?}");
        }
    }

    #[test]
    fn controls_and_bidi_are_escaped_and_fields_double_backslashes() {
        assert_eq!(sanitize("plain é 日本"), "plain é 日本");
        assert_eq!(sanitize("a\x1b[2J\u{202e}b\n"), r"a\u{1b}[2J\u{202e}b\n");
        assert_eq!(sanitize(r"a\b"), r"a\b");
        assert_eq!(field("a\tb\\c\nd"), r"a\tb\\c\nd");
        assert!(matches!(field("no escapes"), Cow::Borrowed(_)));
    }

    #[test]
    fn a_relay_keeps_lines_and_tabs_and_joins_utf8_cut_between_reads() {
        let mut relay = Relay::default();
        let bidi = "\u{202e}".as_bytes();
        let mut out = relay.push(b"ok\tline\n\x1b]0;t\x07");
        out.extend(relay.push(&bidi[..1]));
        out.extend(relay.push(&bidi[1..]));
        out.extend(relay.push(b"\xff"));
        out.extend(relay.push(&bidi[..2]));
        out.extend(relay.finish());
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "ok\tline\n\\u{1b}]0;t\\u{7}\\u{202e}\\xff\\xe2\\x80"
        );
    }

    #[test]
    fn dates_are_the_aws_cli_form_with_six_fraction_digits() {
        let ts: jiff::Timestamp = "2026-11-30T14:02:54.123Z".parse().unwrap();
        assert_eq!(super::date(ts), "2026-11-30T14:02:54.123000+00:00");
        let whole: jiff::Timestamp = "2026-11-30T14:02:54Z".parse().unwrap();
        assert_eq!(super::date(whole), "2026-11-30T14:02:54.000000+00:00");
    }
}
