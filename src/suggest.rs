//! "Did you mean …": the nearest name to one that was not found, from the
//! names a read passes on its way through the vault (no extra decryption).

/// The closest name seen so far within a few edits of the wanted one.
pub struct Nearest<'a> {
    wanted: &'a [u8],
    /// Edits allowed: one per five characters, at least one, at most three.
    limit: usize,
    best: Option<(usize, Vec<u8>)>,
}

const MAX_NAME: usize = 512;

/// What every secret line begins with, after the newline before it.
const PREFIX: &[u8] = b"\n{\"name\":\"";

impl<'a> Nearest<'a> {
    pub fn new(wanted: &'a str) -> Nearest<'a> {
        Nearest {
            wanted: wanted.as_bytes(),
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
        if name == self.wanted || name.len().abs_diff(self.wanted.len()) > limit {
            return;
        }
        if let Some(d) = distance(self.wanted, name, limit) {
            if self.best.as_ref().is_none_or(|(best, _)| d < *best) && d > 0 {
                self.best = Some((d, name.to_vec()));
            }
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

/// Levenshtein distance between `a` and `b` if it is at most `limit`.
fn distance(a: &[u8], b: &[u8], limit: usize) -> Option<usize> {
    // Names are at most 512 bytes: one row on the stack, no allocation.
    let mut buf = [0usize; MAX_NAME + 1];
    let row = buf.get_mut(..=b.len())?;
    for (j, cell) in row.iter_mut().enumerate() {
        *cell = j;
    }
    for (i, ca) in a.iter().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        let mut smallest = row[0];
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != cb);
            let next = (prev + cost).min(row[j] + 1).min(row[j + 1] + 1);
            prev = row[j + 1];
            row[j + 1] = next;
            smallest = smallest.min(next);
        }
        if smallest > limit {
            return None;
        }
    }
    Some(row[b.len()]).filter(|d| *d <= limit)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_nearest_name_within_the_limit_wins() {
        let mut n = Nearest::new("dev/db/ap");
        n.scan(b"{\"format\":1}\n{\"name\":\"dev/api\",\"x\":1}\n{\"name\":\"dev/db/app\",\"x\":1}\n{\"name\":\"dev/db/ap\",\"x\":1}\n");
        assert_eq!(n.best().as_deref(), Some("dev/db/app"));
        let mut n = Nearest::new("prod/token");
        n.consider(b"dev/other");
        assert_eq!(n.best(), None, "too far");
        assert_eq!(distance(b"kitten", b"sitting", 3), Some(3));
        assert_eq!(distance(b"kitten", b"sitting", 2), None);
        assert_eq!(distance(b"", b"ab", 2), Some(2));
    }
}
