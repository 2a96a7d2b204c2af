//! The formats `import` reads and `export` writes: dotenv lines, a JSON
//! object of name → value, and the JSON the AWS CLI prints.
//!
//! Parsing checks every entry and reports each problem with its place
//! (`line 3`, `key 'x'`, `entry 2`), never with a value.

use std::collections::BTreeMap;

use base64::{engine::general_purpose::STANDARD, Engine};
use serde_json::Value as Json;
use zeroize::{Zeroize, Zeroizing};

use crate::secret::{self, Value, MAX_TAGS};

/// One secret to create or update. No Debug: it holds a value.
pub struct Entry {
    /// Where it came from, for messages: `line 3 (KEY)`, `key 'x'`, `entry 2 ('x')`.
    pub place: String,
    pub name: String,
    pub value: Value,
    pub description: Option<String>,
    pub tags: Vec<(String, String)>,
}

/// Every entry of a dotenv text, or every problem found in it.
pub fn parse_dotenv(text: &[u8], prefix: &str) -> Result<Vec<Entry>, Vec<String>> {
    let mut entries = Vec::new();
    let mut problems = Vec::new();
    let mut lines = Lines {
        text,
        pos: 0,
        line: 0,
    };
    while let Some((number, line)) = lines.next_line() {
        let trimmed = trim_start(line);
        if trimmed.is_empty() || trimmed[0] == b'#' {
            continue;
        }
        let rest = match trimmed.strip_prefix(b"export") {
            Some(r) if r.first().is_some_and(|b| *b == b' ' || *b == b'\t') => trim_start(r),
            _ => trimmed,
        };
        let Some(eq) = rest.iter().position(|&b| b == b'=') else {
            problems.push(format!("line {number}: no '=' (expected KEY=value)"));
            continue;
        };
        let key = trim_end(&rest[..eq]);
        let Ok(key) = std::str::from_utf8(key) else {
            problems.push(format!("line {number}: the key is not UTF-8"));
            continue;
        };
        let place = format!("line {number} ({})", crate::output::sanitize(key));
        let raw = trim_start(&rest[eq + 1..]);
        let value = match raw.first() {
            Some(&q @ (b'"' | b'\'')) => match quoted(&raw[1..], q, &mut lines) {
                Ok(v) => v,
                Err(e) => {
                    problems.push(format!("{place}: {e}"));
                    continue;
                }
            },
            _ => Zeroizing::new(unquoted(raw).to_vec()),
        };
        let value = match String::from_utf8(value.to_vec()) {
            Ok(s) => Value::String(Zeroizing::new(s)),
            Err(e) => {
                drop(Zeroizing::new(e.into_bytes()));
                problems.push(format!("{place}: the value is not UTF-8"));
                continue;
            }
        };
        entries.push(Entry {
            place,
            name: format!("{prefix}{key}"),
            value,
            description: None,
            tags: Vec::new(),
        });
    }
    finish(entries, problems)
}

/// A JSON object of name → string, or name → JSON value stored as its text.
pub fn parse_json(text: &[u8], prefix: &str) -> Result<Vec<Entry>, Vec<String>> {
    let mut doc = parse_document(text)?;
    let mut entries = Vec::new();
    let mut problems = Vec::new();
    match &doc {
        Json::Object(map) => {
            for (key, value) in map {
                let place = format!("key '{}'", crate::output::sanitize(key));
                let value = match value {
                    Json::String(s) => Zeroizing::new(s.clone()),
                    Json::Object(_) | Json::Array(_) => Zeroizing::new(value.to_string()),
                    _ => {
                        problems.push(format!(
                            "{place}: the value must be a string or a JSON object"
                        ));
                        continue;
                    }
                };
                entries.push(Entry {
                    place,
                    name: format!("{prefix}{key}"),
                    value: Value::String(value),
                    description: None,
                    tags: Vec::new(),
                });
            }
        }
        _ => problems.push("expected a JSON object of name → value".into()),
    }
    wipe(&mut doc);
    finish(entries, problems)
}

/// What the AWS CLI prints: `batch-get-secret-value` (`{"SecretValues":[…]}`),
/// a list of `get-secret-value` outputs, or one of them. `Description` and
/// `Tags` (`[{"Key":…,"Value":…}]`, as `create-secret` takes them) are kept
/// when present; other fields are ignored.
pub fn parse_aws(text: &[u8], prefix: &str) -> Result<Vec<Entry>, Vec<String>> {
    let mut doc = parse_document(text)?;
    let mut entries = Vec::new();
    let mut problems = Vec::new();
    let list: Vec<&Json> = match &doc {
        Json::Array(items) => items.iter().collect(),
        Json::Object(map) => match map.get("SecretValues") {
            Some(Json::Array(items)) => items.iter().collect(),
            Some(_) => vec![],
            None if map.contains_key("Name") => vec![&doc],
            None => vec![],
        },
        _ => vec![],
    };
    let recognised = match &doc {
        Json::Array(_) => true,
        Json::Object(map) => {
            matches!(map.get("SecretValues"), Some(Json::Array(_))) || map.contains_key("Name")
        }
        _ => false,
    };
    if !recognised {
        problems.push(
            "expected the output of 'aws secretsmanager batch-get-secret-value' \
             ({\"SecretValues\":[…]}) or a JSON array of get-secret-value outputs"
                .into(),
        );
    }
    for (i, item) in list.into_iter().enumerate() {
        match aws_entry(item, i + 1, prefix) {
            Ok(entry) => entries.push(entry),
            Err(e) => problems.push(e),
        }
    }
    wipe(&mut doc);
    finish(entries, problems)
}

fn aws_entry(item: &Json, index: usize, prefix: &str) -> Result<Entry, String> {
    let Json::Object(map) = item else {
        return Err(format!("entry {index}: not a JSON object"));
    };
    let name = match map.get("Name") {
        Some(Json::String(name)) => name,
        _ => return Err(format!("entry {index}: no \"Name\"")),
    };
    let place = format!("entry {index} ('{}')", crate::output::sanitize(name));
    let value = match (map.get("SecretString"), map.get("SecretBinary")) {
        (Some(Json::String(s)), None) => Value::String(Zeroizing::new(s.clone())),
        (None, Some(Json::String(b))) => match STANDARD.decode(b.as_bytes()) {
            Ok(bytes) => Value::Binary(Zeroizing::new(bytes)),
            Err(_) => return Err(format!("{place}: SecretBinary is not base64")),
        },
        (Some(_), Some(_)) => {
            return Err(format!(
                "{place}: has both SecretString and SecretBinary; keep one"
            ))
        }
        (None, None) => return Err(format!("{place}: no SecretString or SecretBinary")),
        _ => return Err(format!("{place}: the value must be a JSON string")),
    };
    let description = match map.get("Description") {
        None | Some(Json::Null) => None,
        Some(Json::String(d)) => Some(d.clone()),
        Some(_) => return Err(format!("{place}: Description must be a string")),
    };
    let mut tags = Vec::new();
    match map.get("Tags") {
        None | Some(Json::Null) => {}
        Some(Json::Array(items)) => {
            for tag in items {
                match (tag.get("Key"), tag.get("Value")) {
                    (Some(Json::String(k)), Some(Json::String(v))) => {
                        tags.push((k.clone(), v.clone()))
                    }
                    _ => {
                        return Err(format!(
                            "{place}: each tag must be {{\"Key\": \"…\", \"Value\": \"…\"}}"
                        ))
                    }
                }
            }
        }
        Some(_) => return Err(format!("{place}: Tags must be a list")),
    }
    Ok(Entry {
        place,
        name: format!("{prefix}{name}"),
        value,
        description,
        tags,
    })
}

/// Checks what every entry must satisfy: a valid name, a value within the
/// limits, valid tags, and no name twice.
fn finish(entries: Vec<Entry>, mut problems: Vec<String>) -> Result<Vec<Entry>, Vec<String>> {
    let mut seen: BTreeMap<&str, &str> = BTreeMap::new();
    for entry in &entries {
        let mut check = |result: anyhow::Result<()>| {
            if let Err(e) = result {
                problems.push(format!("{}: {e}", entry.place));
            }
        };
        check(secret::validate_name(&entry.name));
        check(entry.value.check_size());
        if entry.tags.len() > MAX_TAGS {
            check(Err(anyhow::anyhow!(
                "a secret has at most {MAX_TAGS} tags; this one has {}",
                entry.tags.len()
            )));
        }
        for (key, value) in &entry.tags {
            check(secret::parse_tag(&format!("{key}={value}")).map(|_| ()));
        }
        if let Some(first) = seen.insert(&entry.name, &entry.place) {
            problems.push(format!(
                "{}: '{}' is already given by {first}",
                entry.place,
                crate::output::sanitize(&entry.name)
            ));
        }
    }
    if problems.is_empty() {
        Ok(entries)
    } else {
        Err(problems)
    }
}

fn parse_document(text: &[u8]) -> Result<Json, Vec<String>> {
    // serde_json's messages can quote the input, so only the place is kept.
    serde_json::from_slice(text).map_err(|e| {
        vec![format!(
            "not valid JSON (line {}, column {})",
            e.line(),
            e.column()
        )]
    })
}

/// Overwrites the strings of a parsed document before it is dropped.
fn wipe(doc: &mut Json) {
    match doc {
        Json::String(s) => s.zeroize(),
        Json::Array(items) => items.iter_mut().for_each(wipe),
        Json::Object(map) => map.values_mut().for_each(wipe),
        _ => {}
    }
}

/// The text lines of a dotenv file, numbered from 1; a quoted value may
/// take more of them.
struct Lines<'a> {
    text: &'a [u8],
    pos: usize,
    line: usize,
}

impl<'a> Lines<'a> {
    fn next_line(&mut self) -> Option<(usize, &'a [u8])> {
        if self.pos >= self.text.len() {
            return None;
        }
        let rest = &self.text[self.pos..];
        let end = rest.iter().position(|&b| b == b'\n').unwrap_or(rest.len());
        self.pos += end + 1;
        self.line += 1;
        let line = &rest[..end];
        Some((self.line, line.strip_suffix(b"\r").unwrap_or(line)))
    }

    /// Everything after the current line's text, for a value that goes on.
    fn continuation(&mut self) -> Option<&'a [u8]> {
        self.next_line().map(|(_, l)| l)
    }
}

/// A quoted value: `"…"` with the escapes \n \r \t \\ \" \$ \` (others kept
/// as written), or `'…'` taken literally. Either may go on over several
/// lines. After the closing quote only blanks and a `# comment` may follow.
fn quoted<'a>(
    mut rest: &'a [u8],
    quote: u8,
    lines: &mut Lines<'a>,
) -> Result<Zeroizing<Vec<u8>>, String> {
    let mut out = Zeroizing::new(Vec::new());
    loop {
        let mut i = 0;
        while i < rest.len() {
            let b = rest[i];
            if b == quote {
                let after = trim_start(&rest[i + 1..]);
                if !after.is_empty() && after[0] != b'#' {
                    return Err("text after the closing quote".into());
                }
                return Ok(out);
            }
            if b == b'\\' && quote == b'"' && i + 1 < rest.len() {
                i += 1;
                match rest[i] {
                    b'n' => out.push(b'\n'),
                    b'r' => out.push(b'\r'),
                    b't' => out.push(b'\t'),
                    c @ (b'\\' | b'"' | b'$' | b'`') => out.push(c),
                    c => out.extend_from_slice(&[b'\\', c]),
                }
            } else {
                out.push(b);
            }
            i += 1;
        }
        match lines.continuation() {
            Some(next) => {
                out.push(b'\n');
                rest = next;
            }
            None => return Err("the quoted value has no closing quote".into()),
        }
    }
}

/// An unquoted value: up to a ` #` comment, blanks trimmed.
fn unquoted(raw: &[u8]) -> &[u8] {
    let mut end = raw.len();
    for i in 0..raw.len() {
        if raw[i] == b'#' && i > 0 && (raw[i - 1] == b' ' || raw[i - 1] == b'\t') {
            end = i;
            break;
        }
    }
    trim_end(&raw[..end])
}

fn trim_start(s: &[u8]) -> &[u8] {
    let n = s.iter().take_while(|b| **b == b' ' || **b == b'\t').count();
    &s[n..]
}

fn trim_end(s: &[u8]) -> &[u8] {
    let n = s
        .iter()
        .rev()
        .take_while(|b| **b == b' ' || **b == b'\t')
        .count();
    &s[..s.len() - n]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn values(entries: &[Entry]) -> Vec<(String, String)> {
        entries
            .iter()
            .map(|e| {
                (
                    e.name.clone(),
                    String::from_utf8_lossy(e.value.as_bytes()).into_owned(),
                )
            })
            .collect()
    }

    #[test]
    fn dotenv_lines() {
        let text = b"# comment\n\nA=1\nexport B = two words # note\nC=\"q\\n\\\"x\\\" $ \\$\" # c\nD='lit\\n'\r\nE=\"multi\nline\"\nF=a#b\n";
        let got = parse_dotenv(text, "app/").unwrap_or_else(|e| panic!("{e:?}"));
        assert_eq!(
            values(&got),
            [
                ("app/A".into(), "1".into()),
                ("app/B".into(), "two words".into()),
                ("app/C".into(), "q\n\"x\" $ $".into()),
                ("app/D".into(), "lit\\n".into()),
                ("app/E".into(), "multi\nline".into()),
                ("app/F".into(), "a#b".into()),
            ]
        );
        assert_eq!(got[4].place, "line 7 (E)");
    }

    #[test]
    fn dotenv_problems_name_their_line_and_never_the_value() {
        let text = b"OK=1\nnovalue\nBAD KEY=secretvalue1\nEMPTY=\nQ=\"open secretvalue2\nOK=2\n";
        let problems = match parse_dotenv(text, "") {
            Err(p) => p,
            Ok(_) => panic!("accepted"),
        };
        let all = problems.join("\n");
        assert!(all.contains("line 2: no '='"), "{all}");
        assert!(all.contains("line 3 (BAD KEY)"), "{all}");
        assert!(all.contains("line 4 (EMPTY): the value is empty"), "{all}");
        assert!(
            all.contains("line 5 (Q): the quoted value has no closing quote"),
            "{all}"
        );
        assert!(!all.contains("secretvalue"), "{all}");
    }

    #[test]
    fn duplicates_are_refused() {
        let problems = match parse_dotenv(b"A=1\nA=2\n", "") {
            Err(p) => p,
            Ok(_) => panic!("accepted"),
        };
        assert_eq!(problems, ["line 2 (A): 'A' is already given by line 1 (A)"]);
    }

    #[test]
    fn json_objects() {
        let got = parse_json(br#"{"a":"x","b":{"user":"u","password":"p"}}"#, "")
            .unwrap_or_else(|e| panic!("{e:?}"));
        assert_eq!(
            values(&got),
            [
                ("a".into(), "x".into()),
                ("b".into(), r#"{"user":"u","password":"p"}"#.into())
            ]
        );
        let problems = parse_json(br#"{"a":1,"b c":"x"}"#, "")
            .err()
            .unwrap_or_default();
        assert_eq!(problems.len(), 2, "{problems:?}");
        let problems = parse_json(br#"{"a":"secretvalue"#, "")
            .err()
            .unwrap_or_default();
        assert!(problems[0].starts_with("not valid JSON"), "{problems:?}");
        assert!(!problems[0].contains("secretvalue"));
    }

    #[test]
    fn aws_shapes() {
        let batch = br#"{"SecretValues":[{"ARN":"arn:x","Name":"a","VersionId":"v","SecretString":"x","VersionStages":["AWSCURRENT"]},{"Name":"b","SecretBinary":"AAEC"}],"Errors":[]}"#;
        let got = parse_aws(batch, "").unwrap_or_else(|e| panic!("{e:?}"));
        assert_eq!(got[0].name, "a");
        assert!(matches!(&got[1].value, Value::Binary(b) if b.as_slice() == [0, 1, 2]));
        let list = br#"[{"Name":"a","SecretString":"x","Description":"d","Tags":[{"Key":"k","Value":"v"}]}]"#;
        let got = parse_aws(list, "p/").unwrap_or_else(|e| panic!("{e:?}"));
        assert_eq!(got[0].name, "p/a");
        assert_eq!(got[0].description.as_deref(), Some("d"));
        assert_eq!(got[0].tags, [("k".to_owned(), "v".to_owned())]);
        let bad = br#"[{"Name":"a"},{"SecretString":"x"},{"Name":"c","SecretBinary":"!!"}]"#;
        let problems = parse_aws(bad, "").err().unwrap_or_default();
        assert_eq!(problems.len(), 3, "{problems:?}");
        assert!(parse_aws(br#"{"x":1}"#, "").is_err());
    }

    #[test]
    fn what_env_and_export_write_in_dotenv_reads_back_exactly() {
        // One value in each of the two quotings format_dotenv uses.
        for value in ["a\"b\\c\n$d`e\tf", "a'b\r\n$d`e\tf"] {
            let vars = [crate::envfmt::EnvVar {
                name: "K".into(),
                field: None,
                value: Zeroizing::new(value.into()),
            }];
            let text = crate::envfmt::format_dotenv(&vars).unwrap();
            let got = parse_dotenv(text.as_bytes(), "").unwrap_or_else(|e| panic!("{e:?}"));
            assert_eq!(got[0].value.as_bytes(), value.as_bytes());
        }
    }
}
