//! `arca scan`'s search: every kept value of the vault, its JSON string
//! fields and their usual encodings, as literal patterns of one
//! Aho-Corasick automaton run over each file once. A finding names the
//! secret, version and encoding, never the value.

use aho_corasick::{AhoCorasick, MatchKind};
use anyhow::{Context, Result};
use base64::engine::general_purpose::{STANDARD_NO_PAD, URL_SAFE_NO_PAD};
use base64::Engine;
use zeroize::Zeroizing;

use crate::secret::{Secret, Value};

/// Values (and JSON fields) shorter than this are not searched: a port or
/// `true` would match ordinary text everywhere.
pub const MIN_LEN: usize = 8;

/// Where a pattern comes from.
#[derive(Clone, Debug)]
pub struct Origin {
    pub secret: String,
    /// The version's labels, or its id when it has none.
    pub version: String,
    /// `/a/b`: a string field of a JSON value; None: the whole value.
    pub field: Option<String>,
    pub encoding: &'static str,
}

pub struct Needles {
    automaton: Option<AhoCorasick>,
    /// Per pattern, every place it comes from (two secrets may share a value).
    origins: Vec<Vec<Origin>>,
    pub skipped_short: usize,
}

/// One match: the byte offset where it starts and what it is.
pub struct Hit<'a> {
    pub line: usize,
    pub column: usize,
    pub origins: &'a [Origin],
}

impl Needles {
    pub fn build<'a>(secrets: impl IntoIterator<Item = &'a Secret>) -> Result<Needles> {
        let mut found: Vec<(Zeroizing<Vec<u8>>, Origin)> = Vec::new();
        let mut skipped_short = 0;
        for secret in secrets {
            for version in &secret.versions {
                let label = if version.stages.is_empty() {
                    version.id.clone()
                } else {
                    version.stages.join(",")
                };
                let mut bases: Vec<(Option<String>, Zeroizing<Vec<u8>>)> =
                    vec![(None, Zeroizing::new(version.value.as_bytes().to_vec()))];
                if let Value::String(text) = &version.value {
                    if let Ok(doc) = serde_json::from_str::<serde_json::Value>(text) {
                        string_leaves(&doc, String::new(), &mut bases);
                    }
                }
                for (field, base) in bases {
                    // Connection metadata (host, port, username, …) is not
                    // secret: the same rule as `exec --mask`.
                    if field.as_deref().is_some_and(crate::mask::is_public_field) {
                        continue;
                    }
                    if base.len() < MIN_LEN {
                        skipped_short += 1;
                        continue;
                    }
                    for (encoding, bytes) in encodings(&base) {
                        let origin = Origin {
                            secret: secret.name.clone(),
                            version: label.clone(),
                            field: field.clone(),
                            encoding,
                        };
                        found.push((bytes, origin));
                    }
                }
            }
        }
        // One pattern per distinct byte string, with all its origins.
        found.sort_by(|a, b| a.0.cmp(&b.0));
        let mut patterns: Vec<Zeroizing<Vec<u8>>> = Vec::new();
        let mut origins: Vec<Vec<Origin>> = Vec::new();
        for (bytes, origin) in found {
            match patterns.last() {
                Some(last) if *last == bytes => {
                    if let Some(o) = origins.last_mut() {
                        o.push(origin);
                    }
                }
                _ => {
                    patterns.push(bytes);
                    origins.push(vec![origin]);
                }
            }
        }
        let automaton = match patterns.is_empty() {
            true => None,
            false => Some(
                AhoCorasick::builder()
                    .match_kind(MatchKind::LeftmostLongest)
                    .build(patterns.iter().map(|p| p.as_slice()))
                    .context("building the search automaton")?,
            ),
        };
        Ok(Needles {
            automaton,
            origins,
            skipped_short,
        })
    }

    /// Every match in `bytes`, with its 1-based line and byte column.
    pub fn find(&self, bytes: &[u8], mut hit: impl FnMut(Hit<'_>)) {
        let Some(automaton) = &self.automaton else {
            return;
        };
        let (mut line, mut line_start, mut counted) = (1, 0, 0);
        for m in automaton.find_iter(bytes) {
            for nl in memchr::memchr_iter(b'\n', &bytes[counted..m.start()]) {
                line += 1;
                line_start = counted + nl + 1;
            }
            counted = m.start();
            hit(Hit {
                line,
                column: m.start() - line_start + 1,
                origins: &self.origins[m.pattern().as_usize()],
            });
        }
    }
}

/// Each string inside a JSON document, with its JSON pointer.
fn string_leaves(
    doc: &serde_json::Value,
    at: String,
    out: &mut Vec<(Option<String>, Zeroizing<Vec<u8>>)>,
) {
    let escape = |k: &str| k.replace('~', "~0").replace('/', "~1");
    match doc {
        serde_json::Value::String(s) if !at.is_empty() => {
            out.push((Some(at), Zeroizing::new(s.as_bytes().to_vec())))
        }
        serde_json::Value::Object(map) => {
            for (k, v) in map {
                string_leaves(v, format!("{at}/{}", escape(k)), out);
            }
        }
        serde_json::Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                string_leaves(v, format!("{at}/{i}"), out);
            }
        }
        _ => {}
    }
}

/// The forms a value takes when written into a file: as is, base64
/// (standard and URL-safe, without padding so that a padded copy matches
/// too), percent-encoded and JSON-escaped. Forms equal to the plain one
/// are left out.
fn encodings(value: &[u8]) -> Vec<(&'static str, Zeroizing<Vec<u8>>)> {
    let mut forms = vec![("plain", Zeroizing::new(value.to_vec()))];
    let mut add = |name, form: Zeroizing<Vec<u8>>| {
        if !forms.iter().any(|(_, f)| *f == form) {
            forms.push((name, form));
        }
    };
    add(
        "base64",
        Zeroizing::new(STANDARD_NO_PAD.encode(value).into_bytes()),
    );
    add(
        "base64url",
        Zeroizing::new(URL_SAFE_NO_PAD.encode(value).into_bytes()),
    );
    let mut percent = Zeroizing::new(Vec::with_capacity(value.len() * 3));
    for &b in value {
        if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
            percent.push(b);
        } else {
            percent.extend_from_slice(format!("%{b:02X}").as_bytes());
        }
    }
    add("percent-encoded", percent);
    if let Ok(text) = std::str::from_utf8(value) {
        if let Ok(quoted) = serde_json::to_string(text) {
            let quoted = Zeroizing::new(quoted);
            add(
                "JSON-escaped",
                Zeroizing::new(quoted.as_bytes()[1..quoted.len() - 1].to_vec()),
            );
        }
    }
    forms
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::Timestamp;

    fn secret(name: &str, value: &str) -> Secret {
        let value = Value::String(Zeroizing::new(value.to_owned()));
        Secret::new(name, value, None, Timestamp::UNIX_EPOCH).unwrap()
    }

    fn found(needles: &Needles, text: &str) -> Vec<(usize, usize, String)> {
        let mut out = Vec::new();
        needles.find(text.as_bytes(), |h| {
            out.push((h.line, h.column, h.origins[0].encoding.to_owned()))
        });
        out
    }

    #[test]
    fn finds_every_form_at_its_line_and_column() {
        let s = secret("db", "p@ss w/rd\"42");
        let n = Needles::build([&s]).unwrap();
        let b64 = STANDARD_NO_PAD.encode("p@ss w/rd\"42");
        let text = format!("a\nxx p@ss w/rd\"42\n{b64}==\np%40ss%20w%2Frd%2242 p@ss w/rd\\\"42\n");
        let hits = found(&n, &text);
        assert_eq!(
            hits,
            [
                (2, 4, "plain".into()),
                (3, 1, "base64".into()),
                (4, 1, "percent-encoded".into()),
                (4, 22, "JSON-escaped".into())
            ]
        );
    }

    #[test]
    fn connection_metadata_is_not_searched() {
        let s = secret(
            "db",
            r#"{"host":"db.internal.example","password":"hunter2hunter2"}"#,
        );
        let n = Needles::build([&s]).unwrap();
        assert!(found(&n, "connect to db.internal.example").is_empty());
        assert_eq!(found(&n, "hunter2hunter2").len(), 1);
    }

    #[test]
    fn json_fields_are_searched_and_short_values_counted() {
        let s = secret("app", r#"{"user":"app","password":"hunter2hunter2"}"#);
        let n = Needles::build([&s]).unwrap();
        assert_eq!(n.skipped_short, 1, "user=app is too short");
        let mut fields = Vec::new();
        n.find(b"PASSWORD=hunter2hunter2", |h| {
            fields.push(h.origins[0].field.clone())
        });
        assert_eq!(fields, [Some("/password".to_owned())]);
    }
}
