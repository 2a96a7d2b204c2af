//! Masking secret values in output: which values of a selection are
//! secret ([`secret_values`]), and the streaming [`Masker`] that replaces
//! them. The child runner behind `arca exec --mask` is in [`run`].

mod pty;
mod run;

pub use run::{run_masked, EnvSpec};

use aho_corasick::{AhoCorasick, MatchKind};
use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use zeroize::Zeroizing;

use crate::envfmt::EnvVar;

/// Fields of AWS's database-credential JSON that are connection metadata,
/// not secrets: never masked (compared ignoring ASCII case).
pub const PUBLIC_FIELDS: [&str; 7] = [
    "engine",
    "host",
    "port",
    "username",
    "dbname",
    "dbInstanceIdentifier",
    "dbClusterIdentifier",
];

/// The values of a selection that `exec --mask` and `env --format github`
/// mask, and the variables left unmasked for being shorter than
/// [`MIN_LEN`] (to say so once). The rule:
/// - a variable from one of the [`PUBLIC_FIELDS`] (`--env V=NAME#port`, or
///   `--prefix` expanding a JSON object) is not masked;
/// - any other value of at least [`MIN_LEN`] bytes is;
/// - a whole JSON object value also masks each of its top-level fields
///   that is not public and has at least [`MIN_LEN`] bytes (so a child that
///   prints only the password is still masked).
pub fn secret_values(vars: &[EnvVar]) -> (Vec<Zeroizing<String>>, Vec<String>) {
    let mut secrets = Vec::new();
    let mut short = Vec::new();
    for var in vars {
        if var.field.as_deref().is_some_and(is_public_field) {
            continue;
        }
        if var.value.len() < MIN_LEN {
            short.push(var.name.clone());
            continue;
        }
        secrets.push(var.value.clone());
        if let Ok(serde_json::Value::Object(map)) = serde_json::from_str(&var.value) {
            for (key, value) in map {
                let text = Zeroizing::new(match value {
                    serde_json::Value::String(s) => s,
                    other => other.to_string(),
                });
                if !is_public_field(&key) && text.len() >= MIN_LEN {
                    secrets.push(text);
                }
            }
        }
    }
    (secrets, short)
}

/// Whether a field (a key, or a JSON pointer ending in one) is public.
fn is_public_field(field: &str) -> bool {
    let key = field.rsplit('/').next().unwrap_or(field);
    PUBLIC_FIELDS.iter().any(|p| p.eq_ignore_ascii_case(key))
}

/// What replaces every masked occurrence.
pub const MASK: &[u8] = b"***";

/// Shortest value ([`secret_values`]), or line of a multi-line value, that
/// is masked: shorter ones (`{`, `ok`, `true`, a port) would mask unrelated
/// output everywhere.
pub const MIN_LEN: usize = 6;

/// Streaming replacer of secret values with `***`.
///
/// Masks each non-empty value, its standard base64
/// encoding (padded and unpadded), and each line of at least [`MIN_LEN`]
/// bytes of a multi-line value. Matching is leftmost-longest (aho-corasick):
/// at the leftmost position where a pattern starts, the longest one wins.
/// Output is the same however the input is split into chunks. No `Debug`: it
/// holds the values.
///
/// The automaton's tables encode the patterns and are freed without being
/// wiped (aho-corasick has no zeroizing); the pattern list, the held tail
/// and every buffer here are wiped.
pub struct Masker {
    /// `None` when there is nothing to mask.
    matcher: Option<AhoCorasick>,
    /// The patterns, sorted, to tell whether a tail could grow into one.
    sorted: Vec<Zeroizing<Vec<u8>>>,
    /// Longest pattern's length.
    longest: usize,
    /// Undecided tail from the last `push`: a proper prefix of a pattern.
    held: Zeroizing<Vec<u8>>,
}

impl Masker {
    /// A masker for these values (empty ones are ignored; [`plan`] decides
    /// which values of a selection are secret).
    pub fn new(values: &[&[u8]]) -> Masker {
        let mut patterns: Vec<Zeroizing<Vec<u8>>> = Vec::new();
        let mut add = |p: &[u8]| {
            if !p.is_empty() && !patterns.iter().any(|q| q.as_slice() == p) {
                patterns.push(Zeroizing::new(p.to_vec()));
            }
        };
        for v in values {
            if v.is_empty() {
                continue;
            }
            add(v);
            let b64 = base64(v);
            add(&b64);
            let unpadded_len = b64.iter().rposition(|&b| b != b'=').map_or(0, |i| i + 1);
            add(&b64[..unpadded_len]);
            if v.contains(&b'\n') {
                for line in v.split(|&b| b == b'\n') {
                    let line = line.strip_suffix(b"\r").unwrap_or(line);
                    if line.len() >= MIN_LEN {
                        add(line);
                    }
                }
            }
        }
        patterns.sort_unstable_by(|a, b| a.as_slice().cmp(b.as_slice()));
        let matcher = if patterns.is_empty() {
            None
        } else {
            AhoCorasick::builder()
                .match_kind(MatchKind::LeftmostLongest)
                .build(patterns.iter().map(|p| p.as_slice()))
                .ok()
        };
        Masker {
            matcher,
            longest: patterns.iter().map(|p| p.len()).max().unwrap_or(0),
            sorted: patterns,
            held: Zeroizing::new(Vec::new()),
        }
    }

    /// Masks `chunk` and returns what is safe to emit now. Only a trailing
    /// part that could still grow into a secret is held back (at most the
    /// longest pattern's length minus one).
    pub fn push(&mut self, chunk: &[u8]) -> Vec<u8> {
        let Some(matcher) = &self.matcher else {
            return chunk.to_vec();
        };
        // Sized exactly, so no reallocation leaves a copy behind.
        let mut buf = Zeroizing::new(Vec::with_capacity(self.held.len() + chunk.len()));
        buf.extend_from_slice(&self.held);
        buf.extend_from_slice(chunk);
        let mut out = Vec::with_capacity(buf.len());

        // A match is final only if no earlier or longer one can appear with
        // more input, i.e. it starts before the first "open" position: one
        // whose rest of the buffer is a proper prefix of a pattern. Only the
        // last `longest - 1` positions can be open.
        let tail_from = buf.len().saturating_sub(self.longest.saturating_sub(1));
        let open: Vec<usize> = (tail_from..buf.len())
            .filter(|&p| self.could_grow(&buf[p..]))
            .collect();
        let open_from = |pos: usize| {
            open.iter()
                .copied()
                .find(|&p| p >= pos)
                .unwrap_or(buf.len())
        };
        let mut pos = 0;
        for m in matcher.find_iter(buf.as_slice()) {
            if m.start() >= open_from(pos) {
                break;
            }
            out.extend_from_slice(&buf[pos..m.start()]);
            out.extend_from_slice(MASK);
            pos = m.end();
        }
        let cut = open_from(pos);
        out.extend_from_slice(&buf[pos..cut]);
        self.held = Zeroizing::new(buf[cut..].to_vec());
        out
    }

    /// Flushes the held-back tail at end of input.
    pub fn finish(&mut self) -> Vec<u8> {
        let held = std::mem::take(&mut self.held);
        let Some(matcher) = &self.matcher else {
            return held.to_vec();
        };
        let mut out = Vec::with_capacity(held.len());
        let mut pos = 0;
        for m in matcher.find_iter(held.as_slice()) {
            out.extend_from_slice(&held[pos..m.start()]);
            out.extend_from_slice(MASK);
            pos = m.end();
        }
        out.extend_from_slice(&held[pos..]);
        out
    }

    /// Whether `tail` is a proper prefix of some pattern.
    fn could_grow(&self, tail: &[u8]) -> bool {
        // Patterns starting with `tail` sort together from the first one not
        // below it: `tail` itself (if a pattern) and then the longer ones.
        let i = self.sorted.partition_point(|p| p.as_slice() <= tail);
        self.sorted.get(i).is_some_and(|p| p.starts_with(tail))
    }
}

/// Standard padded base64, into a buffer that is wiped when dropped.
fn base64(data: &[u8]) -> Zeroizing<Vec<u8>> {
    let mut out = Zeroizing::new(vec![0u8; data.len().div_ceil(3) * 4]);
    let n = STANDARD
        .encode_slice(data, out.as_mut_slice())
        .expect("the buffer is sized for the padded encoding");
    out.truncate(n);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn mask_all(values: &[&[u8]], input: &[u8]) -> Vec<u8> {
        let mut m = Masker::new(values);
        let mut out = m.push(input);
        out.extend(m.finish());
        out
    }

    fn contains(hay: &[u8], needle: &[u8]) -> bool {
        !needle.is_empty() && hay.windows(needle.len()).any(|w| w == needle)
    }

    fn var(name: &str, field: Option<&str>, value: &str) -> EnvVar {
        EnvVar {
            name: name.into(),
            field: field.map(str::to_owned),
            value: Zeroizing::new(value.into()),
        }
    }

    #[test]
    fn the_rule_spares_connection_metadata_and_short_values() {
        let json = r#"{"username":"app","port":5432,"host":"db.local","password":"pw-123456","pin":"1234","dbname":"appdb01"}"#;
        let vars = [
            var("DB", None, json),
            var("DB_HOST", Some("host"), "db.local"),
            var("DB_PORT", Some("/conn/Port"), "5432"),
            var("DB_PASSWORD", Some("password"), "pw-123456"),
            var("TOKEN", None, "tok"),
        ];
        let (secrets, short) = secret_values(&vars);
        let secrets: Vec<&str> = secrets.iter().map(|s| s.as_str()).collect();
        assert_eq!(secrets, [json, "pw-123456", "pw-123456"]);
        assert_eq!(short, ["TOKEN"]);
        let values: Vec<&[u8]> = secrets.iter().map(|s| s.as_bytes()).collect();
        assert_eq!(
            mask_all(&values, b"on :5432 (db.local) as app, pw=pw-123456"),
            b"on :5432 (db.local) as app, pw=***"
        );
    }

    #[test]
    fn basic() {
        assert_eq!(mask_all(&[b"hunter2"], b"pw=hunter2!"), b"pw=***!");
        assert_eq!(mask_all(&[b"ab"], b"ababxab"), b"******x***");
        assert_eq!(mask_all(&[b""], b"abc"), b"abc");
        assert_eq!(mask_all(&[], b"abc"), b"abc");
        assert_eq!(mask_all(&[b"abc"], b"ab"), b"ab");
    }

    #[test]
    fn longest_wins_and_prefix_values() {
        // One value is a prefix of another.
        assert_eq!(
            mask_all(&[b"pass", b"password"], b"password pass"),
            b"*** ***"
        );
        assert_eq!(mask_all(&[b"password", b"pass"], b"passwor"), b"***wor");
        // Overlapping values: leftmost wins, then longest.
        assert_eq!(mask_all(&[b"abcd", b"cdef"], b"abcdef"), b"***ef");
        assert_eq!(mask_all(&[b"bcd", b"abc"], b"abcd"), b"***d");
    }

    #[test]
    fn base64_forms_masked() {
        assert_eq!(&*base64(b"abcd"), b"YWJjZA==");
        assert_eq!(&*base64(b"abcde"), b"YWJjZGU=");
        assert_eq!(&*base64(b"abc"), b"YWJj");
        assert_eq!(&*base64(b"\xff\xfe"), b"//4=");
        assert_eq!(mask_all(&[b"abcd"], b"t=YWJjZA==;"), b"t=***;");
        assert_eq!(mask_all(&[b"abcd"], b"t=YWJjZA;"), b"t=***;");
    }

    #[test]
    fn lines_of_multiline_value() {
        let v: &[u8] = b"-----BEGIN KEY-----\r\nMIIEsecret\nab\n";
        let out = mask_all(&[v], b"x MIIEsecret y\nab\n-----BEGIN KEY-----\n");
        assert_eq!(out, b"x *** y\nab\n***\n");
        assert_eq!(mask_all(&[v], v), b"***");
    }

    #[test]
    fn every_split_point() {
        let values: [&[u8]; 3] = [b"secret", b"secretive", b"cret!"];
        let input = b"a secret, secretive secre secret! sssecretivesecret";
        let whole = mask_all(&values, input);
        for i in 0..=input.len() {
            for j in i..=input.len() {
                let mut m = Masker::new(&values);
                let mut out = m.push(&input[..i]);
                out.extend(m.push(&input[i..j]));
                out.extend(m.push(&input[j..]));
                out.extend(m.finish());
                assert_eq!(out, whole, "split at {i},{j}");
            }
        }
        assert!(!contains(&whole, b"secret"));
    }

    #[test]
    fn held_tail_is_bounded() {
        let mut m = Masker::new(&[b"abcdef"]);
        assert_eq!(m.push(b"xxabcde"), b"xx");
        assert_eq!(m.held.len(), 5);
        assert_eq!(m.push(b"a"), b"abcde");
        assert_eq!(m.push(b"bcdef"), b"***");
        assert!(m.held.is_empty());
        assert_eq!(m.finish(), b"");
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]
        #[test]
        fn chunking_does_not_matter(
            values in proptest::collection::vec(proptest::collection::vec(0u8..4, 1..6), 1..4),
            input in proptest::collection::vec(0u8..4, 0..80),
            cuts in proptest::collection::vec(0usize..80, 0..8),
        ) {
            // A tiny alphabet makes matches and overlaps frequent. Bytes are
            // 0..4, never `*`, so a value cannot be re-formed from `***`.
            let vals: Vec<&[u8]> = values.iter().map(|v| v.as_slice()).collect();
            let whole = mask_all(&vals, &input);
            let mut cuts: Vec<usize> = cuts.into_iter().map(|c| c.min(input.len())).collect();
            cuts.sort_unstable();
            let longest = vals.iter().map(|v| base64(v).len().max(v.len())).max().unwrap_or(0);
            let mut m = Masker::new(&vals);
            let mut out = Vec::new();
            let mut prev = 0;
            for c in cuts.into_iter().chain([input.len()]) {
                out.extend(m.push(&input[prev..c]));
                prop_assert!(m.held.len() < longest.max(1));
                prev = c;
            }
            out.extend(m.finish());
            prop_assert_eq!(&out, &whole);
            for v in &vals {
                prop_assert!(!contains(&out, v));
            }
        }
    }
}
