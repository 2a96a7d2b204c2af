//! The payload's sparse index: a trailer line that says, for each 64 KiB
//! chunk of plaintext in which a secret's line begins, where the first such
//! line begins and whose it is, so that `get` decrypts the chunk of the
//! name it looks for (and the first and last chunks) instead of the file.
//!
//! ```text
//! {"index":{"key":"<base64>","length":70512345,"lines":[[36,"a"],[65602,"b"],…]}}
//! ```
//!
//! `length` is where the trailer line begins; `key` is [`index_tag`] of the
//! file key of the encryption that wrote it, so an index carried over by
//! anything but arca's writer (a hand edit re-encrypted with `age`) is not
//! believed. A read that does not believe the index, or finds at an
//! offset a line other than the one the index names, falls back to the
//! scan from the start.
//!
//! [`index_tag`]: super::filekey::index_tag

use std::io::BufRead;

use anyhow::Result;
use base64::prelude::{Engine, BASE64_STANDARD};
use serde::{Deserialize, Serialize};
use zeroize::Zeroizing;

use super::line_name;
use super::read::{corrupt, PayloadReader, Seeking, CHUNK};
use crate::suggest::Nearest;

/// How every trailer line begins; no secret's line can (they begin with
/// their name).
const TRAILER_PREFIX: &[u8] = b"{\"index\":";

/// A trailer longer than this is not looked for (about 2.6 million chunks
/// of payload: 170 GB).
const MAX_TRAILER: u64 = 64 << 20;

#[derive(Serialize, Deserialize)]
struct Trailer {
    index: Index,
}

#[derive(Serialize, Deserialize)]
struct Index {
    key: String,
    length: u64,
    /// Offset and name of the first line that begins in each chunk that
    /// has one, in order.
    lines: Vec<(u64, String)>,
}

/// Whether a payload line is the index trailer (which holds no secret).
pub(super) fn is_trailer(line: &[u8]) -> bool {
    line.starts_with(TRAILER_PREFIX)
}

/// The index of a payload being written, line by line.
#[derive(Default)]
pub(super) struct Builder {
    lines: Vec<(u64, String)>,
}

impl Builder {
    /// Notes that `line` begins at offset `at` of the payload.
    pub(super) fn line(&mut self, at: u64, line: &[u8]) {
        let Some(name) = line_name(line) else {
            // Not indexed: a read that meets it falls back to the scan.
            return;
        };
        let new_chunk = self
            .lines
            .last()
            .is_none_or(|(last, _)| last / CHUNK != at / CHUNK);
        if new_chunk {
            self.lines
                .push((at, String::from_utf8_lossy(name).into_owned()));
        }
    }

    /// The trailer line, newline included, for a payload whose lines end
    /// at `length`, encrypted with the file key of `tag`.
    pub(super) fn trailer(self, length: u64, tag: &[u8; 32]) -> serde_json::Result<Vec<u8>> {
        let mut line = serde_json::to_vec(&Trailer {
            index: Index {
                key: BASE64_STANDARD.encode(tag),
                length,
                lines: self.lines,
            },
        })?;
        line.push(b'\n');
        Ok(line)
    }
}

/// What the index says about a name.
pub(super) enum Lookup {
    /// The secret's line (without its newline).
    Found(Zeroizing<Vec<u8>>),
    Missing,
    /// No index to believe: the caller scans.
    Unknown,
}

/// Looks `name` up through the index: reads the trailer from the last
/// chunk(s), then the lines from the first one the index places at or
/// before `name` until `name` or a name past it. The names seen on the way
/// (those of the index and of the chunk read) go to `nearest`.
pub(super) fn lookup(
    reader: &mut PayloadReader<Seeking>,
    name: &[u8],
    nearest: &mut Nearest,
) -> Result<Lookup> {
    let Some(index) = read_index(reader)? else {
        return Ok(Lookup::Unknown);
    };
    for (_, indexed) in &index.lines {
        nearest.consider(indexed.as_bytes());
    }
    let k = index.lines.partition_point(|(_, n)| n.as_bytes() <= name);
    let Some((at, first)) = k.checked_sub(1).map(|k| &index.lines[k]) else {
        // Before the first secret.
        return Ok(Lookup::Missing);
    };
    // A line begins after a newline: the index must point at one.
    let mut newline = [0];
    reader.read_at(at - 1, &mut newline)?;
    if newline != *b"\n" {
        return Ok(Lookup::Unknown);
    }
    let mut at = *at;
    let mut previous: Option<Vec<u8>> = None;
    let mut line = Zeroizing::new(Vec::new());
    while at < index.length {
        line.clear();
        let n = reader
            .lines
            .read_until(b'\n', &mut line)
            .map_err(|e| corrupt(&e))?;
        if n == 0 {
            break;
        }
        at += n as u64;
        if line.last() == Some(&b'\n') {
            line.pop();
        }
        if line.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        // Not arca's own line, the wrong name where the index points, or
        // lines out of order: the index does not describe this payload.
        let Some(found) = line_name(&line) else {
            return Ok(Lookup::Unknown);
        };
        let in_place = match &previous {
            None => found == first.as_bytes(),
            Some(previous) => found > &previous[..],
        };
        if !in_place {
            return Ok(Lookup::Unknown);
        }
        nearest.consider(found);
        match found.cmp(name) {
            std::cmp::Ordering::Equal => return Ok(Lookup::Found(line)),
            std::cmp::Ordering::Greater => {
                // The rest of the chunk is decrypted already: its names too.
                let rest = reader.lines.buffer();
                if let Some(next) = line_name(rest) {
                    nearest.consider(next);
                }
                nearest.scan(rest);
                return Ok(Lookup::Missing);
            }
            std::cmp::Ordering::Less => previous = Some(found.to_vec()),
        }
    }
    // Past the last line: the lines end where the index says.
    Ok(if at == index.length {
        Lookup::Missing
    } else {
        Lookup::Unknown
    })
}

/// The index in the payload's last line, if there is one to believe: its
/// key is this file's, it begins where it says the lines end, and its
/// entries are in order and within the payload.
fn read_index(reader: &mut PayloadReader<Seeking>) -> Result<Option<Index>> {
    let len = reader.len;
    // The last line, read back from the end a chunk at a time.
    let mut start = len;
    let mut window = Zeroizing::new(Vec::new());
    let begins = loop {
        if let Some(i) = memchr::memrchr(b'\n', &window[..window.len().saturating_sub(1)]) {
            break i + 1;
        }
        if start == 0 || len - start >= MAX_TRAILER {
            return Ok(None);
        }
        let from = (start - 1) / CHUNK * CHUNK;
        let mut chunk = Zeroizing::new(vec![0; (start - from) as usize]);
        reader.read_at(from, &mut chunk)?;
        chunk.extend_from_slice(&window);
        window = chunk;
        start = from;
    };
    let line = &window[begins..];
    if !is_trailer(line) || line.last() != Some(&b'\n') {
        return Ok(None);
    }
    let Ok(Trailer { index }) = serde_json::from_slice::<Trailer>(line) else {
        return Ok(None);
    };
    let believed = index.key == BASE64_STANDARD.encode(reader.tag)
        && index.length == start + begins as u64
        && index
            .lines
            .windows(2)
            .all(|w| w[0].0 < w[1].0 && w[0].1 < w[1].1)
        && index
            .lines
            .iter()
            .all(|(at, _)| *at > 0 && *at < index.length);
    Ok(believed.then_some(index))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_line_beginning_in_each_chunk_is_indexed() {
        let mut b = Builder::default();
        let line = |name: &str| format!("{{\"name\":\"{name}\",\"id\":\"x\"}}");
        b.line(30, line("a").as_bytes());
        b.line(CHUNK - 1, line("b").as_bytes());
        // A line that begins exactly at a chunk's start belongs to it.
        b.line(CHUNK, line("c").as_bytes());
        b.line(CHUNK + 10, line("d").as_bytes());
        // A long line spans chunk 2: chunk 3 is the next with a beginning.
        b.line(3 * CHUNK + 5, line("e").as_bytes());
        b.line(3 * CHUNK + 6, b"{\"id\":\"not arca's\"}");
        let trailer = b.trailer(4 * CHUNK, &[7; 32]).unwrap();
        assert!(is_trailer(&trailer));
        assert_eq!(trailer.last(), Some(&b'\n'));
        let Trailer { index } = serde_json::from_slice(&trailer).unwrap();
        assert_eq!(
            index.lines,
            [
                (30, "a".to_owned()),
                (CHUNK, "c".to_owned()),
                (3 * CHUNK + 5, "e".to_owned())
            ]
        );
        assert_eq!(index.length, 4 * CHUNK);
        assert_eq!(index.key, BASE64_STANDARD.encode([7; 32]));
        assert!(!is_trailer(line("index").as_bytes()));
    }
}

#[cfg(test)]
mod lookups {
    use super::*;
    use crate::vault::read::tests::sealed;
    use crate::vault::FileKeys;

    const HEADER: &[u8] = b"{\"format\":1,\"recipients\":[]}\n";

    /// Secrets `n000`, `n003`, … (every third number) with lines of 5,000
    /// bytes or so: five chunks.
    fn lines() -> Vec<(String, Vec<u8>)> {
        (0..64)
            .map(|i| {
                let name = format!("n{:03}", i * 3);
                let pad = "p".repeat(4_000 + (i * 37) % 2_000);
                let line = format!("{{\"name\":\"{name}\",\"pad\":\"{pad}\"}}");
                (name, line.into_bytes())
            })
            .collect()
    }

    /// A payload of `lines` whose index `edit` may change before it is written.
    fn payload(
        tag: &[u8; 32],
        lines: &[(String, Vec<u8>)],
        edit: impl FnOnce(&mut Index),
    ) -> Vec<u8> {
        let mut out = HEADER.to_vec();
        let mut builder = Builder::default();
        for (_, line) in lines {
            builder.line(out.len() as u64, line);
            out.extend_from_slice(line);
            out.push(b'\n');
        }
        let trailer = builder.trailer(out.len() as u64, tag).unwrap();
        let Trailer { mut index } = serde_json::from_slice(&trailer).unwrap();
        edit(&mut index);
        out.extend_from_slice(&serde_json::to_vec(&Trailer { index }).unwrap());
        out.push(b'\n');
        out
    }

    fn look(path: &std::path::Path, keys: &FileKeys, name: &str) -> Lookup {
        let mut reader = PayloadReader::open_seeking(path, keys).unwrap();
        lookup(&mut reader, name.as_bytes(), &mut Nearest::new(name)).unwrap()
    }

    /// Every third secret, the first and the last.
    fn probes(all: &[(String, Vec<u8>)]) -> impl Iterator<Item = &(String, Vec<u8>)> {
        all.iter()
            .enumerate()
            .filter(|(i, _)| i % 3 == 0 || *i == all.len() - 1)
            .map(|(_, s)| s)
    }

    #[test]
    fn a_true_index_finds_every_line_and_says_what_is_missing() {
        let all = lines();
        let (_dir, path, keys) = sealed(|tag| payload(tag, &all, |_| {}));
        let mut reader = PayloadReader::open_seeking(&path, &keys).unwrap();
        for (name, line) in probes(&all) {
            match lookup(&mut reader, name.as_bytes(), &mut Nearest::new(name)).unwrap() {
                Lookup::Found(found) => assert_eq!(&found[..], &line[..], "{name}"),
                _ => panic!("{name} not found"),
            }
        }
        for missing in ["a", "n", "n001", "n100", "n190", "n4", "z"] {
            let found =
                lookup(&mut reader, missing.as_bytes(), &mut Nearest::new(missing)).unwrap();
            assert!(matches!(found, Lookup::Missing), "{missing}");
        }
    }

    #[test]
    fn an_index_that_points_wrong_is_not_believed() {
        let all = lines();
        // Each edit keeps the key (what only arca's writer has) but breaks
        // something else; every lookup then says Unknown (the caller scans),
        // never a wrong Missing or Found.
        type Edit = fn(&mut Index);
        let edits: [(&str, Edit); 5] = [
            ("offset one off", |i| i.lines[2].0 += 1),
            ("wrong name", |i| i.lines[2].1.push('0')),
            ("length", |i| i.length += 1),
            ("key", |i| i.key = BASE64_STANDARD.encode([0; 32])),
            ("out of order", |i| i.lines.swap(2, 3)),
        ];
        // The name of the entry edited, as a true index has it.
        let true_payload = payload(&[0; 32], &all, |_| {});
        let last = true_payload[..true_payload.len() - 1]
            .rsplit(|&b| b == b'\n')
            .next()
            .unwrap();
        let Trailer { index } = serde_json::from_slice(last).unwrap();
        let entry = index.lines[2].1.clone();
        for (what, edit) in edits {
            let (_dir, path, keys) = sealed(|tag| payload(tag, &all, edit));
            let probe = match what {
                "wrong name" => format!("{entry}0"),
                _ => entry.clone(),
            };
            assert!(
                matches!(look(&path, &keys, &probe), Lookup::Unknown),
                "{what}: {probe}"
            );
        }
        // Lines out of order under a true index: noticed where met.
        let mut swapped = all.clone();
        swapped.swap(40, 41);
        assert!(all[40].0 < all[41].0);
        let (_dir, path, keys) = sealed(|tag| payload(tag, &swapped, |_| {}));
        let name = &all[41].0;
        assert!(matches!(
            look(&path, &keys, name),
            Lookup::Unknown | Lookup::Found(_)
        ));
        assert!(
            !matches!(look(&path, &keys, name), Lookup::Missing),
            "{name}"
        );
    }
}
