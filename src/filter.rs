//! `--filter KEY=VALUE` as AWS ListSecrets takes it: prefix matches, a
//! leading `!` negates, several filters must all match.

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
    value: String,
    negate: bool,
}

impl Filter {
    pub fn parse(arg: &str) -> Result<Filter> {
        let (key, value) = arg.split_once('=').ok_or_else(|| {
            usage(format!(
                "filter '{arg}' is not KEY=VALUE (KEY: name, description, tag-key, tag-value, all)"
            ))
        })?;
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
        let (negate, value) = match value.strip_prefix('!') {
            Some(rest) => (true, rest),
            None => (false, value),
        };
        Ok(Filter {
            key,
            value: value.to_owned(),
            negate,
        })
    }

    pub fn parse_all(args: &[String]) -> Result<Vec<Filter>> {
        args.iter().map(|a| Filter::parse(a)).collect()
    }

    pub fn matches(&self, secret: &Secret) -> bool {
        let v = self.value.as_str();
        let hit = match self.key {
            // As AWS: name and tags case-sensitive, description and all not.
            Attribute::Name => secret.name.starts_with(v),
            Attribute::Description => secret
                .description
                .as_deref()
                .is_some_and(|d| starts_with_ignore_case(d, v)),
            Attribute::TagKey => secret.tags.keys().any(|k| k.starts_with(v)),
            Attribute::TagValue => secret.tags.values().any(|x| x.starts_with(v)),
            Attribute::All => {
                let words = words_of(secret);
                v.split_whitespace()
                    .all(|w| words.iter().any(|word| starts_with_ignore_case(word, w)))
            }
        };
        hit != self.negate
    }
}

pub fn matches_all(filters: &[Filter], secret: &Secret) -> bool {
    filters.iter().all(|f| f.matches(secret))
}

fn starts_with_ignore_case(text: &str, prefix: &str) -> bool {
    text.to_lowercase().starts_with(&prefix.to_lowercase())
}

/// What `all=` searches: the name and its path segments, description
/// words, tag keys and values.
fn words_of(secret: &Secret) -> Vec<&str> {
    let mut words = vec![secret.name.as_str()];
    words.extend(secret.name.split('/'));
    if let Some(d) = &secret.description {
        words.extend(d.split_whitespace());
    }
    for (k, v) in &secret.tags {
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
