//! "Did you mean …": the nearest name to one that was not found, from the
//! names a read passes on its way through the vault (no extra decryption).
//!
//! A read that finds its secret has passed the names before it too, so the
//! distance is computed for each: with Myers' bit-parallel algorithm (one
//! pass of a few word operations per character) for a wanted name of up to
//! 64 bytes, so that a hit pays next to nothing for it.

/// The closest name seen so far within a few edits of the wanted one.
pub struct Nearest<'a> {
    wanted: &'a [u8],
    /// For each byte, the positions where it occurs in `wanted` (≤ 64 bytes).
    peq: Option<Box<[u64; 256]>>,
    /// Edits allowed: one per five characters, at least one, at most three.
    limit: usize,
    best: Option<(usize, Vec<u8>)>,
}

/// What every secret line begins with, after the newline before it.
const PREFIX: &[u8] = b"\n{\"name\":\"";

impl<'a> Nearest<'a> {
    pub fn new(wanted: &'a str) -> Nearest<'a> {
        let wanted = wanted.as_bytes();
        let peq = (!wanted.is_empty() && wanted.len() <= 64).then(|| {
            let mut peq = Box::new([0u64; 256]);
            for (i, &c) in wanted.iter().enumerate() {
                peq[usize::from(c)] |= 1 << i;
            }
            peq
        });
        Nearest {
            wanted,
            peq,
            limit: (1 + wanted.len() / 5).min(3),
            best: None,
        }
    }

    /// Considers every whole name in a run of payload bytes (names are
    /// plain JSON strings: their characters need no escaping).
    pub fn scan(&mut self, bytes: &[u8]) {
        for at in memchr::memmem::find_iter(bytes, PREFIX) {
            let start = at + PREFIX.len();
            if let Some(len) = memchr::memchr(b'"', &bytes[start..]) {
                self.consider(&bytes[start..start + len]);
            }
        }
    }

    pub fn consider(&mut self, name: &[u8]) {
        let limit = self.best.as_ref().map_or(self.limit, |(d, _)| d - 1);
        let len_gap = name.len().abs_diff(self.wanted.len());
        if self.wanted.is_empty() || name == self.wanted || len_gap > limit {
            return;
        }
        let d = match &self.peq {
            Some(peq) => myers(peq, self.wanted.len(), name),
            None => distance(self.wanted, name),
        };
        if d > 0 && d <= limit {
            self.best = Some((d, name.to_vec()));
        }
    }

    pub fn best(self) -> Option<String> {
        self.best
            .map(|(_, name)| String::from_utf8_lossy(&name).into_owned())
    }
}

/// The hint for a secret that was not found, with the nearest name if any.
pub fn hint(nearest: Option<String>) -> String {
    match nearest {
        Some(name) => format!(
            "did you mean '{}'? ('arca list' shows the secrets in this vault)",
            crate::output::sanitize(&name)
        ),
        None => "'arca list' shows the secrets in this vault".to_owned(),
    }
}

/// Levenshtein distance between a pattern of `m` (1–64) bytes, given by its
/// position masks `peq`, and `text`: Myers (1999) as Hyyrö (2001) states it
/// for whole-string distance.
fn myers(peq: &[u64; 256], m: usize, text: &[u8]) -> usize {
    let last = 1u64 << (m - 1);
    let mut pv = u64::MAX;
    let mut mv = 0u64;
    let mut score = m;
    for &c in text {
        let eq = peq[usize::from(c)];
        let xv = eq | mv;
        let xh = ((eq & pv).wrapping_add(pv) ^ pv) | eq;
        let mut ph = mv | !(xh | pv);
        let mut mh = pv & xh;
        if ph & last != 0 {
            score += 1;
        } else if mh & last != 0 {
            score -= 1;
        }
        ph = (ph << 1) | 1;
        mh <<= 1;
        pv = mh | !(xv | ph);
        mv = ph & xv;
    }
    score
}

/// Levenshtein distance by the textbook table, one row at a time: for a
/// wanted name longer than 64 bytes.
fn distance(a: &[u8], b: &[u8]) -> usize {
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let next = (prev + usize::from(ca != cb))
                .min(row[j] + 1)
                .min(row[j + 1] + 1);
            prev = row[j + 1];
            row[j + 1] = next;
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn the_nearest_name_within_the_limit_wins() {
        let mut n = Nearest::new("dev/db/ap");
        n.scan(b"{\"format\":1}\n{\"name\":\"dev/api\",\"x\":1}\n{\"name\":\"dev/db/app\",\"x\":1}\n{\"name\":\"dev/db/ap\",\"x\":1}\n");
        assert_eq!(n.best().as_deref(), Some("dev/db/app"));
        let mut n = Nearest::new("prod/token");
        n.consider(b"dev/other");
        assert_eq!(n.best(), None, "too far");
        assert_eq!(distance(b"kitten", b"sitting"), 3);
        assert_eq!(distance(b"", b"ab"), 2);
        let long = "x".repeat(80);
        let mut n = Nearest::new(&long);
        n.consider(format!("{long}y").as_bytes());
        assert!(n.best().is_some(), "names past 64 bytes use the table");
    }

    fn peq_of(p: &[u8]) -> Box<[u64; 256]> {
        let mut peq = Box::new([0u64; 256]);
        for (i, &c) in p.iter().enumerate() {
            peq[usize::from(c)] |= 1 << i;
        }
        peq
    }

    proptest! {
        #[test]
        fn myers_agrees_with_the_table(a in "[a-d/]{1,64}", b in "[a-d/]{0,70}") {
            let (a, b) = (a.as_bytes(), b.as_bytes());
            prop_assert_eq!(myers(&peq_of(a), a.len(), b), distance(a, b));
        }
    }
}
