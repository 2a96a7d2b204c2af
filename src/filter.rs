//! `--filter KEY=VALUE` as AWS ListSecrets takes it: prefix matches, a
//! leading `!` negates, several filters must all match; the values of one
//! filter (AWS's `Values` list) are OR-ed.

use anyhow::Result;

use crate::error::usage;
use crate::secret::Secret;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Attribute {
    Name,
    Description,
    TagKey,
    TagValue,
    All,
}

#[derive(Clone, Debug)]
pub struct Filter {
    key: Attribute,
    /// Any one matching is enough.
    values: Vec<Value>,
}

#[derive(Clone, Debug)]
struct Value {
    text: String,
    negate: bool,
}

impl Filter {
    pub fn parse(arg: &str) -> Result<Filter> {
        let (key, value) = arg.split_once('=').ok_or_else(|| {
            usage(format!(
                "filter '{arg}' is not KEY=VALUE (KEY: name, description, tag-key, tag-value, all)"
            ))
        })?;
        Filter::new(key, &[value])
    }

    /// AWS's `{"Key": …, "Values": […]}`: 1 to 10 values, each at most 512
    /// characters.
    pub fn new(key: &str, values: &[&str]) -> Result<Filter> {
        let key = match key {
            "name" => Attribute::Name,
            "description" => Attribute::Description,
            "tag-key" => Attribute::TagKey,
            "tag-value" => Attribute::TagValue,
            "all" => Attribute::All,
            other => {
                return Err(usage(format!(
                    "unknown filter key '{other}': use name, description, tag-key, tag-value or all"
                ))
                .into())
            }
        };
        if values.is_empty() || values.len() > 10 {
            return Err(usage("a filter has 1 to 10 values").into());
        }
        if values.iter().any(|v| v.chars().count() > 512) {
            return Err(usage("filter values are at most 512 characters").into());
        }
        let values = values
            .iter()
            .map(|value| match value.strip_prefix('!') {
                Some(rest) => Value {
                    text: rest.to_owned(),
                    negate: true,
                },
                None => Value {
                    text: (*value).to_owned(),
                    negate: false,
                },
            })
            .collect();
        Ok(Filter { key, values })
    }

    pub fn parse_all(args: &[String]) -> Result<Vec<Filter>> {
        args.iter().map(|a| Filter::parse(a)).collect()
    }

    pub fn matches(&self, secret: &impl Filtered) -> bool {
        self.values
            .iter()
            .any(|value| self.hits(secret, &value.text) != value.negate)
    }

    fn hits(&self, secret: &impl Filtered, v: &str) -> bool {
        match self.key {
            // As AWS: name and tags case-sensitive, description and all not.
            Attribute::Name => secret.name().starts_with(v),
            // As AWS's guide: the words of the value match words of the
            // description (or the value is a prefix of the whole text).
            Attribute::Description => secret.description().is_some_and(|d| {
                starts_with_ignore_case(d, v)
                    || v.split_whitespace().all(|w| {
                        d.split_whitespace()
                            .any(|word| starts_with_ignore_case(word, w))
                    })
            }),
            Attribute::TagKey => secret.tags().any(|(k, _)| k.starts_with(v)),
            Attribute::TagValue => secret.tags().any(|(_, x)| x.starts_with(v)),
            Attribute::All => {
                let words = words_of(secret);
                v.split_whitespace()
                    .all(|w| words.iter().any(|word| starts_with_ignore_case(word, w)))
            }
        }
    }
}

pub fn matches_all(filters: &[Filter], secret: &impl Filtered) -> bool {
    filters.iter().all(|f| f.matches(secret))
}

/// What a filter reads of a secret: a whole one, or a listing's entry
/// (`vault::Scanned`), which need not build one.
pub trait Filtered {
    fn name(&self) -> &str;
    fn description(&self) -> Option<&str>;
    fn tags(&self) -> impl Iterator<Item = (&str, &str)>;
}

impl Filtered for Secret {
    fn name(&self) -> &str {
        &self.name
    }

    fn description(&self) -> Option<&str> {
        self.description.as_deref()
    }

    fn tags(&self) -> impl Iterator<Item = (&str, &str)> {
        self.tags.iter().map(|(k, v)| (k.as_str(), v.as_str()))
    }
}

fn starts_with_ignore_case(text: &str, prefix: &str) -> bool {
    text.to_lowercase().starts_with(&prefix.to_lowercase())
}

/// What `all=` searches: the name and its path segments, description
/// words, tag keys and values.
fn words_of(secret: &impl Filtered) -> Vec<&str> {
    let mut words = vec![secret.name()];
    words.extend(secret.name().split('/'));
    if let Some(d) = secret.description() {
        words.extend(d.split_whitespace());
    }
    for (k, v) in secret.tags() {
        words.push(k);
        words.push(v);
    }
    words
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::secret::Value;
    use zeroize::Zeroizing;

    fn secret() -> Secret {
        let mut s = Secret::new(
            "prod/db/password",
            Value::String(Zeroizing::new("x".into())),
            None,
            jiff::Timestamp::UNIX_EPOCH,
        )
        .unwrap();
        s.description = Some("Primary Database".into());
        s.tags.insert("team".into(), "payments".into());
        s
    }

    fn m(f: &str) -> bool {
        Filter::parse(f).unwrap().matches(&secret())
    }

    #[test]
    fn each_key_matches_by_prefix() {
        assert!(m("name=prod/"));
        assert!(!m("name=Prod/"));
        assert!(!m("name=db"));
        assert!(m("description=primary"));
        assert!(m("tag-key=te"));
        assert!(!m("tag-key=payments"));
        assert!(m("tag-value=pay"));
        assert!(m("all=db PAY"));
        assert!(!m("all=db staging"));
    }

    #[test]
    fn description_words_match_and_values_are_ored() {
        assert!(m("description=database"));
        assert!(m("description=data prim"));
        assert!(!m("description=base"));
        let f = |key: &str, values: &[&str]| Filter::new(key, values).unwrap().matches(&secret());
        assert!(f("name", &["dev/", "prod/"]));
        assert!(!f("name", &["dev/", "qa/"]));
        assert!(f("tag-key", &["nope", "team"]));
        assert!(Filter::new("name", &[]).is_err());
    }

    #[test]
    fn a_bang_negates() {
        assert!(m("name=!dev/"));
        assert!(!m("name=!prod/"));
        assert!(m("tag-key=!env"));
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(256))]
        #[test]
        fn arbitrary_filters_never_panic(bytes in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..48)) {
            let arg = String::from_utf8_lossy(&bytes);
            for text in [arg.to_string(), format!("name={arg}"), format!("all=!{arg}")] {
                if let Ok(filter) = Filter::parse(&text) {
                    let _ = filter.matches(&secret());
                }
            }
        }
    }

    #[test]
    fn bad_filters_are_usage_errors() {
        assert!(Filter::parse("nope").is_err());
        assert!(Filter::parse("owner=me").is_err());
    }
}
