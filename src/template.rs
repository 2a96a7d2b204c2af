//! References to secrets instead of copies: `arca:NAME[@LABEL][#FIELD]`, as
//! `arca inject` finds them in a template (`{{ arca:NAME }}`) and
//! `exec`/`env --env-file` in `VAR=arca:NAME` lines. Parsing only; the
//! lookup is the selection's (`cmd/select.rs`), shared with `--env`.

use zeroize::Zeroizing;

/// What a reference starts with, in a template and in an env file.
pub const SCHEME: &str = "arca:";

/// `NAME[@LABEL][#FIELD]`, split at the first `#` (never in a name). The
/// `@LABEL` part is decided at lookup ([`Reference::candidates`]), since `@`
/// may also be part of a name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reference {
    /// Everything before `#`: a name, or `NAME@LABEL`.
    pub target: String,
    pub field: Option<String>,
}

impl Reference {
    /// Parses the text after `arca:`.
    pub fn parse(text: &str) -> Result<Reference, String> {
        let (target, field) = match text.split_once('#') {
            Some((t, f)) => (t, Some(f)),
            None => (text, None),
        };
        if target.is_empty() || target.starts_with('@') || target.ends_with('@') {
            return Err(format!(
                "'{SCHEME}{text}' names no secret: expected {SCHEME}NAME[@LABEL][#FIELD]"
            ));
        }
        if field.is_some_and(str::is_empty) {
            return Err(format!("'{SCHEME}{text}' has an empty field after #"));
        }
        Ok(Reference {
            target: target.to_owned(),
            field: field.map(str::to_owned),
        })
    }

    /// The (name, label) readings to try, in order: the whole target as a
    /// name (a label from elsewhere applies), then `NAME@LABEL` split at the
    /// last `@`.
    pub fn candidates(&self) -> Vec<(&str, Option<&str>)> {
        let mut out = vec![(self.target.as_str(), None)];
        if let Some((name, label)) = self.target.rsplit_once('@') {
            out.push((name, Some(label)));
        }
        out
    }
}

impl std::fmt::Display for Reference {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{SCHEME}{}", self.target)?;
        if let Some(field) = &self.field {
            write!(f, "#{field}")?;
        }
        Ok(())
    }
}

/// A template split into literal text and references (no values).
#[derive(Debug)]
pub enum Piece<'a> {
    Text(&'a str),
    /// A `{{ arca:… }}` on this line (1-based).
    Ref(Reference, usize),
}

/// Splits a template at each `{{ arca:REF }}` (spaces inside the braces
/// optional). Other `{{ … }}` are left as text, so templates of other tools
/// pass through. Every malformed reference is reported, with its line.
pub fn parse_template(text: &str) -> Result<Vec<Piece<'_>>, Vec<String>> {
    let mut pieces = Vec::new();
    let mut problems = Vec::new();
    let mut rest = text;
    let mut consumed = 0;
    while let Some(open) = rest.find("{{") {
        let inner_start = open + 2;
        let after = &rest[inner_start..];
        let trimmed = after.trim_start_matches([' ', '\t']);
        if !trimmed.starts_with(SCHEME) {
            pieces.push(Piece::Text(&rest[..inner_start]));
            consumed += inner_start;
            rest = &rest[inner_start..];
            continue;
        }
        let line = 1 + text[..consumed + open].matches('\n').count();
        let Some(close) = after.find("}}") else {
            problems.push(format!(
                "line {line}: '{{{{ {SCHEME}' without a closing '}}}}'"
            ));
            break;
        };
        let inner = after[..close].trim_matches([' ', '\t']);
        match Reference::parse(&inner[SCHEME.len()..]) {
            Ok(r) if !inner.contains(char::is_whitespace) => {
                pieces.push(Piece::Text(&rest[..open]));
                pieces.push(Piece::Ref(r, line));
            }
            Ok(_) => problems.push(format!(
                "line {line}: a reference has no spaces inside: '{{{{ {SCHEME}NAME }}}}'"
            )),
            Err(e) => problems.push(format!("line {line}: {e}")),
        }
        let end = inner_start + close + 2;
        consumed += end;
        rest = &rest[end..];
    }
    pieces.push(Piece::Text(rest));
    if problems.is_empty() {
        Ok(pieces)
    } else {
        Err(problems)
    }
}

/// One line of an env file: `VAR=arca:REF`, or `VAR=value` taken as is.
pub enum EnvValue {
    Ref(Reference),
    Plain(Zeroizing<String>),
}

/// One variable of an env file. No Debug: a plain value may be anything.
pub struct EnvLine {
    /// `line 3 (VAR)`, for messages.
    pub place: String,
    pub var: String,
    pub value: EnvValue,
}

/// The variables of an env file: dotenv lines (`import`'s reader: quotes,
/// `export`, comments), each value either a reference or plain text.
pub fn parse_env_file(text: &[u8]) -> Result<Vec<EnvLine>, Vec<String>> {
    let entries = crate::bulk::parse_dotenv(text, "")?;
    let mut lines = Vec::new();
    let mut problems = Vec::new();
    for entry in entries {
        let crate::secret::Value::String(value) = entry.value else {
            unreachable!("dotenv values are text");
        };
        if let Err(e) = crate::envfmt::check_var_name(&entry.name) {
            problems.push(format!("{}: {e}", entry.place));
            continue;
        }
        let value = match value.strip_prefix(SCHEME) {
            Some(r) => match Reference::parse(r) {
                Ok(r) => EnvValue::Ref(r),
                Err(e) => {
                    problems.push(format!("{}: {e}", entry.place));
                    continue;
                }
            },
            None => EnvValue::Plain(value),
        };
        lines.push(EnvLine {
            place: entry.place,
            var: entry.name,
            value,
        });
    }
    if problems.is_empty() {
        Ok(lines)
    } else {
        Err(problems)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn r(target: &str, field: Option<&str>) -> Reference {
        Reference {
            target: target.into(),
            field: field.map(Into::into),
        }
    }

    #[test]
    fn references() {
        assert_eq!(Reference::parse("a/b").unwrap(), r("a/b", None));
        assert_eq!(
            Reference::parse("a@AWSPREVIOUS#/x/y#z").unwrap(),
            r("a@AWSPREVIOUS", Some("/x/y#z"))
        );
        assert_eq!(
            r("a@b@L", None).candidates(),
            [("a@b@L", None), ("a@b", Some("L"))]
        );
        for bad in ["", "#f", "a#", "@L", "a@"] {
            assert!(Reference::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn templates() {
        let t = "a {{ arca:x }} b {{arca:y#f}}\n{{ other }} {{\tarca:z@L }}";
        let pieces = parse_template(t).unwrap();
        let mut text = String::new();
        let mut refs = Vec::new();
        for p in pieces {
            match p {
                Piece::Text(s) => text.push_str(s),
                Piece::Ref(r, line) => {
                    text.push('|');
                    refs.push((r.to_string(), line));
                }
            }
        }
        assert_eq!(text, "a | b |\n{{ other }} |");
        assert_eq!(
            refs,
            [
                ("arca:x".to_owned(), 1),
                ("arca:y#f".to_owned(), 1),
                ("arca:z@L".to_owned(), 2)
            ]
        );
        let errs = parse_template("ok\n{{ arca: }}\n{{ arca:a b }}\n{{ arca:x").unwrap_err();
        assert_eq!(errs.len(), 3, "{errs:?}");
        assert!(errs[0].starts_with("line 2:"), "{errs:?}");
        assert!(errs[2].contains("closing"), "{errs:?}");
    }

    #[test]
    fn env_files() {
        let lines =
            parse_env_file(b"# comment\nDB=arca:dev/db#password\nexport MODE=\"plain value\"\n")
                .unwrap();
        assert_eq!(lines.len(), 2);
        assert!(
            matches!(&lines[0].value, EnvValue::Ref(r) if r == &Reference::parse("dev/db#password").unwrap())
        );
        assert!(matches!(&lines[1].value, EnvValue::Plain(v) if v.as_str() == "plain value"));
        let Err(errs) = parse_env_file(b"1X=a\nY=arca:\n") else {
            panic!("bad lines accepted");
        };
        assert_eq!(errs.len(), 2, "{errs:?}");
        assert!(parse_env_file(b"Z\n").is_err());
    }
}
