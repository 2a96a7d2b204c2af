//! The payload's sparse index, in two levels: after the secrets' lines,
//! block lines that say, for each 64 KiB chunk of plaintext in which a
//! secret's line begins, where the first such line begins and whose it is;
//! then a last line (the top) that says where each block line begins and
//! the first name it holds. `get` decrypts the last chunk (the top), the
//! chunk of one block line and the chunk of its name, whatever the size
//! of the vault.
//!
//! ```text
//! {"index":{"chunks":[[36,"a"],[65602,"b"],…]}}        ← up to 128 chunks a line
//! {"index":{"chunks":[[8388644,"m"],…]}}
//! {"index":{"key":"<base64>","length":70512345,"blocks":[[70512345,"a"],[70515871,"m"]]}}
//! ```
//!
//! `length` is where the secrets' lines end (the first block line
//! begins); `key` is [`index_tag`] of the file key of the encryption that
//! wrote it, so an index carried over by anything but arca's writer (a
//! hand edit re-encrypted with `age`) is not believed. Every index line
//! begins with `{"index":`, which readers skip as holding no secret. An
//! earlier arca wrote one level: a last line with the chunks themselves
//! (`"lines":[[36,"a"],…]`, `length` where that line begins), read as it
//! was. A read that does not believe the index, or finds at an offset a
//! line other than the one the index names, falls back to the scan from
//! the start; a payload with a line not in arca's form gets no index.
//!
//! [`index_tag`]: super::filekey::index_tag

use std::io::{BufRead, Read};

use anyhow::Result;
use base64::prelude::{Engine, BASE64_STANDARD};
use serde::{Deserialize, Serialize};
use zeroize::Zeroizing;

use super::line_name;
use super::read::{corrupt, PayloadReader, Seeking};
use super::stream::CHUNK;
use crate::suggest::Nearest;

/// How every index line begins; no secret's line can (they begin with
/// their name).
const TRAILER_PREFIX: &[u8] = b"{\"index\":";

/// A top line longer than this is not looked for (about 170 million
/// chunks of payload: 11 PB).
const MAX_TRAILER: u64 = 64 << 20;

/// Chunks per block line: at a million secrets (10,800 chunks) the top and
/// a block line are a few KB each.
const BLOCK: usize = 128;

/// A block line is at most this long (128 names of up to 512 bytes).
const MAX_BLOCK: u64 = 1 << 20;

/// An entry: an offset in the payload and the name of the line there.
type Entry = (u64, String);

#[derive(Serialize, Deserialize)]
struct Trailer<T> {
    index: T,
}

/// The last line.
#[derive(Serialize, Deserialize)]
struct Top {
    key: String,
    length: u64,
    /// Where each block line begins, and the first name it holds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    blocks: Option<Vec<Entry>>,
    /// The one-level index of an earlier arca: the chunks themselves.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    lines: Option<Vec<Entry>>,
}

/// A block line: offset and name of the first line that begins in each
/// chunk that has one, in order.
#[derive(Serialize, Deserialize)]
struct Block {
    chunks: Vec<Entry>,
}

/// Whether a payload line is an index line (which holds no secret).
pub(super) fn is_trailer(line: &[u8]) -> bool {
    line.starts_with(TRAILER_PREFIX)
}

/// The index of a payload being written, line by line.
pub(super) struct Builder {
    chunks: Vec<Entry>,
    /// A line not in arca's form was written: no index (a read would not
    /// find that line through one).
    unindexed: bool,
    block: usize,
}

impl Default for Builder {
    fn default() -> Builder {
        Builder {
            chunks: Vec::new(),
            unindexed: false,
            block: BLOCK,
        }
    }
}

impl Builder {
    /// Notes that `line` begins at offset `at` of the payload.
    pub(super) fn line(&mut self, at: u64, line: &[u8]) {
        let Some(name) = line_name(line) else {
            self.unindexed = true;
            return;
        };
        let new_chunk = self
            .chunks
            .last()
            .is_none_or(|(last, _)| last / CHUNK != at / CHUNK);
        if new_chunk {
            self.chunks
                .push((at, String::from_utf8_lossy(name).into_owned()));
        }
    }

    /// The index lines, newlines included, for a payload whose secrets'
    /// lines end at `length`, encrypted with the file key of `tag`; none
    /// when a line is not arca's.
    pub(super) fn trailer(self, length: u64, tag: &[u8; 32]) -> serde_json::Result<Vec<u8>> {
        let mut out = Vec::new();
        if self.unindexed {
            return Ok(out);
        }
        let mut blocks = Vec::new();
        for block in self.chunks.chunks(self.block) {
            blocks.push((length + out.len() as u64, block[0].1.clone()));
            serde_json::to_writer(
                &mut out,
                &Trailer {
                    index: Block {
                        chunks: block.to_vec(),
                    },
                },
            )?;
            out.push(b'\n');
        }
        serde_json::to_writer(
            &mut out,
            &Trailer {
                index: Top {
                    key: BASE64_STANDARD.encode(tag),
                    length,
                    blocks: Some(blocks),
                    lines: None,
                },
            },
        )?;
        out.push(b'\n');
        Ok(out)
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

/// The part of an index a lookup needs: the chunks of one block (or all,
/// in a one-level index), and where the secrets' lines end.
struct Located {
    chunks: Vec<Entry>,
    length: u64,
}

/// Looks `name` up through the index: reads the top from the last
/// chunk(s), the block line it points to, then the lines from the first
/// one the block places at or before `name` until `name` or a name past
/// it. The names seen on the way (those of the index and of the chunk
/// read) go to `nearest`.
pub(super) fn lookup(
    reader: &mut PayloadReader<Seeking>,
    name: &[u8],
    nearest: &mut Nearest,
) -> Result<Lookup> {
    let Some(index) = read_index(reader, name, nearest)? else {
        return Ok(Lookup::Unknown);
    };
    for (_, indexed) in &index.chunks {
        nearest.consider(indexed.as_bytes());
    }
    let k = index.chunks.partition_point(|(_, n)| n.as_bytes() <= name);
    let Some((at, first)) = k.checked_sub(1).map(|k| &index.chunks[k]) else {
        // Before the first secret.
        return Ok(Lookup::Missing);
    };
    // A line begins after a newline: the index must point at one.
    if !after_newline(reader, *at)? {
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

/// Whether the byte before `at` is a newline (a line begins at `at`); the
/// reader is left at `at`.
fn after_newline(reader: &mut PayloadReader<Seeking>, at: u64) -> Result<bool> {
    if at == 0 {
        return Ok(false);
    }
    let mut newline = [0];
    reader.read_at(at - 1, &mut newline)?;
    Ok(newline == *b"\n")
}

/// Entries strictly increasing in offset and name, within `bounds`.
fn ordered(entries: &[Entry], bounds: std::ops::Range<u64>) -> bool {
    entries
        .windows(2)
        .all(|w| w[0].0 < w[1].0 && w[0].1 < w[1].1)
        && entries.iter().all(|(at, _)| bounds.contains(at))
}

/// The chunks of the index where `name` would be, if there is an index to
/// believe: its key is this file's, its top begins where it says, its
/// entries are in order and within the payload, and the block line is
/// where the top says, holding the name the top gives it.
fn read_index(
    reader: &mut PayloadReader<Seeking>,
    name: &[u8],
    nearest: &mut Nearest,
) -> Result<Option<Located>> {
    let Some((top, begins)) = read_top(reader)? else {
        return Ok(None);
    };
    if top.key != BASE64_STANDARD.encode(reader.tag) {
        return Ok(None);
    }
    let length = top.length;
    let blocks = match (top.blocks, top.lines) {
        // One level: the chunks are in the top, which begins at `length`.
        (None, Some(chunks)) => {
            let believed = length == begins && ordered(&chunks, 1..length);
            return Ok(believed.then_some(Located { chunks, length }));
        }
        (Some(blocks), None) => blocks,
        _ => return Ok(None),
    };
    let believed = length <= begins
        && ordered(&blocks, length..begins)
        && blocks.first().is_none_or(|(at, _)| *at == length);
    if !believed {
        return Ok(None);
    }
    for (_, first) in &blocks {
        nearest.consider(first.as_bytes());
    }
    let k = blocks.partition_point(|(_, n)| n.as_bytes() <= name);
    let Some(k) = k.checked_sub(1) else {
        // Before the first secret (or there is none).
        return Ok(Some(Located {
            chunks: Vec::new(),
            length,
        }));
    };
    let (at, first) = &blocks[k];
    let end = blocks.get(k + 1).map_or(begins, |(at, _)| *at);
    if !after_newline(reader, *at)? {
        return Ok(None);
    }
    let mut line = Zeroizing::new(Vec::new());
    (&mut reader.lines)
        .take((end - at).min(MAX_BLOCK))
        .read_until(b'\n', &mut line)
        .map_err(|e| corrupt(&e))?;
    if line.len() as u64 != end - at || !is_trailer(&line) {
        return Ok(None);
    }
    let Ok(Trailer { index: block }) = serde_json::from_slice::<Trailer<Block>>(&line) else {
        return Ok(None);
    };
    let believed = ordered(&block.chunks, 1..length)
        && block.chunks.first().map(|(_, n)| n) == Some(first)
        && blocks
            .get(k + 1)
            .is_none_or(|(_, next)| block.chunks.last().is_some_and(|(_, n)| n < next));
    Ok(believed.then_some(Located {
        chunks: block.chunks,
        length,
    }))
}

/// The payload's last line parsed as a top, and where it begins.
fn read_top(reader: &mut PayloadReader<Seeking>) -> Result<Option<(Top, u64)>> {
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
    Ok(serde_json::from_slice::<Trailer<Top>>(line)
        .ok()
        .map(|t| (t.index, start + begins as u64)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(name: &str) -> String {
        format!("{{\"name\":\"{name}\",\"id\":\"x\"}}")
    }

    #[test]
    fn the_first_line_beginning_in_each_chunk_is_indexed_in_blocks() {
        let mut b = Builder {
            block: 2,
            ..Builder::default()
        };
        b.line(30, line("a").as_bytes());
        b.line(CHUNK - 1, line("b").as_bytes());
        // A line that begins exactly at a chunk's start belongs to it.
        b.line(CHUNK, line("c").as_bytes());
        b.line(CHUNK + 10, line("d").as_bytes());
        // A long line spans chunk 2: chunk 3 is the next with a beginning.
        b.line(3 * CHUNK + 5, line("e").as_bytes());
        let length = 4 * CHUNK;
        let trailer = b.trailer(length, &[7; 32]).unwrap();
        let lines: Vec<&[u8]> = trailer[..trailer.len() - 1]
            .split(|&b| b == b'\n')
            .collect();
        assert_eq!(lines.len(), 3);
        assert!(lines.iter().all(|l| is_trailer(l)));
        let block = |l: &[u8]| serde_json::from_slice::<Trailer<Block>>(l).unwrap().index;
        assert_eq!(
            block(lines[0]).chunks,
            [(30, "a".to_owned()), (CHUNK, "c".to_owned())]
        );
        assert_eq!(block(lines[1]).chunks, [(3 * CHUNK + 5, "e".to_owned())]);
        let top = serde_json::from_slice::<Trailer<Top>>(lines[2])
            .unwrap()
            .index;
        assert_eq!(top.length, length);
        assert_eq!(top.key, BASE64_STANDARD.encode([7; 32]));
        assert_eq!(
            top.blocks.unwrap(),
            [
                (length, "a".to_owned()),
                (length + lines[0].len() as u64 + 1, "e".to_owned())
            ]
        );
        assert!(top.lines.is_none());
        assert!(!is_trailer(line("index").as_bytes()));
    }

    #[test]
    fn a_line_not_in_arcas_form_leaves_the_payload_without_an_index() {
        let mut b = Builder::default();
        b.line(30, line("a").as_bytes());
        b.line(60, b"{\"id\":\"x\",\"name\":\"b\"}");
        assert!(b.trailer(100, &[7; 32]).unwrap().is_empty());
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

    type Edit = fn(&mut Vec<Block>, &mut Top);

    /// A payload of `lines` with an index of blocks of two chunks, which
    /// `edit` may change before it is written (the top's offsets follow
    /// the block lines as edited; its names are the true ones).
    fn payload(tag: &[u8; 32], lines: &[(String, Vec<u8>)], edit: Edit) -> Vec<u8> {
        let mut out = HEADER.to_vec();
        let mut builder = Builder {
            block: 2,
            ..Builder::default()
        };
        for (_, line) in lines {
            builder.line(out.len() as u64, line);
            out.extend_from_slice(line);
            out.push(b'\n');
        }
        let length = out.len() as u64;
        let trailer = builder.trailer(length, tag).unwrap();
        let parts: Vec<&[u8]> = trailer[..trailer.len() - 1]
            .split(|&b| b == b'\n')
            .collect();
        let (top, blocks) = parts.split_last().unwrap();
        let mut blocks: Vec<Block> = blocks
            .iter()
            .map(|l| serde_json::from_slice::<Trailer<Block>>(l).unwrap().index)
            .collect();
        let mut top = serde_json::from_slice::<Trailer<Top>>(top).unwrap().index;
        let names: Vec<String> = blocks.iter().map(|b| b.chunks[0].1.clone()).collect();
        let mut edited = Vec::new();
        let mut laid = Vec::new();
        // Block edits first (the top's edits go to a copy), then the top's.
        edit(&mut blocks, &mut clone_top(&top));
        for (block, name) in blocks.into_iter().zip(names) {
            laid.push((length + edited.len() as u64, name));
            serde_json::to_writer(&mut edited, &Trailer { index: block }).unwrap();
            edited.push(b'\n');
        }
        top.blocks = Some(laid);
        edit(&mut Vec::new(), &mut top);
        out.extend_from_slice(&edited);
        serde_json::to_writer(&mut out, &Trailer { index: top }).unwrap();
        out.push(b'\n');
        out
    }

    fn clone_top(top: &Top) -> Top {
        Top {
            key: top.key.clone(),
            length: top.length,
            blocks: top.blocks.clone(),
            lines: top.lines.clone(),
        }
    }

    /// Every third secret, the first and the last.
    fn probes(all: &[(String, Vec<u8>)]) -> impl Iterator<Item = &(String, Vec<u8>)> {
        all.iter()
            .enumerate()
            .filter(|(i, _)| i % 3 == 0 || *i == all.len() - 1)
            .map(|(_, s)| s)
    }

    const MISSING: [&str; 8] = ["a", "n", "n001", "n100", "n190", "n4", "z", "n1"];

    /// Looks every secret of `all` and every missing name up in the vault
    /// at `path`: never a wrong answer; how many said Unknown.
    fn look_all(
        path: &std::path::Path,
        keys: &FileKeys,
        all: &[(String, Vec<u8>)],
        which: &str,
    ) -> usize {
        let mut reader = PayloadReader::open_seeking(path, keys).unwrap();
        let mut unknown = 0;
        for (name, line) in all {
            match lookup(&mut reader, name.as_bytes(), &mut Nearest::new(name)).unwrap() {
                Lookup::Found(found) => assert_eq!(&found[..], &line[..], "{which}: {name}"),
                Lookup::Missing => panic!("{which}: {name} said missing"),
                Lookup::Unknown => unknown += 1,
            }
        }
        for missing in MISSING {
            match lookup(&mut reader, missing.as_bytes(), &mut Nearest::new(missing)).unwrap() {
                Lookup::Found(_) => panic!("{which}: {missing} found"),
                Lookup::Missing => {}
                Lookup::Unknown => unknown += 1,
            }
        }
        unknown
    }

    #[test]
    fn a_true_index_finds_every_line_and_says_what_is_missing() {
        let all = lines();
        let (_dir, path, keys) = sealed(|tag| payload(tag, &all, |_, _| {}));
        let mut reader = PayloadReader::open_seeking(&path, &keys).unwrap();
        for (name, line) in probes(&all) {
            match lookup(&mut reader, name.as_bytes(), &mut Nearest::new(name)).unwrap() {
                Lookup::Found(found) => assert_eq!(&found[..], &line[..], "{name}"),
                _ => panic!("{name} not found"),
            }
        }
        assert_eq!(look_all(&path, &keys, &all, "true"), 0);
    }

    #[test]
    fn the_one_level_index_of_an_earlier_arca_is_read() {
        let all = lines();
        let (_dir, path, keys) = sealed(|tag| {
            let mut out = payload(tag, &all, |_, _| {});
            // The chunks of every block, in the top, which begins at `length`.
            let end = out.len() - 1;
            let begins = out[..end].iter().rposition(|&b| b == b'\n').unwrap() + 1;
            let top = serde_json::from_slice::<Trailer<Top>>(&out[begins..]).unwrap();
            let length = top.index.length as usize;
            let chunks: Vec<Entry> = out[length..begins - 1]
                .split(|&b| b == b'\n')
                .flat_map(|l| {
                    serde_json::from_slice::<Trailer<Block>>(l)
                        .unwrap()
                        .index
                        .chunks
                })
                .collect();
            out.truncate(length);
            let old = format!(
                "{{\"index\":{{\"key\":{},\"length\":{length},\"lines\":{}}}}}\n",
                serde_json::to_string(&top.index.key).unwrap(),
                serde_json::to_string(&chunks).unwrap()
            );
            out.extend_from_slice(old.as_bytes());
            out
        });
        assert_eq!(look_all(&path, &keys, &all, "one level"), 0);
    }

    #[test]
    fn an_index_that_points_wrong_is_not_believed() {
        let all = lines();
        // Each edit keeps the key (what only arca's writer has) but breaks
        // something else: some lookups then say Unknown (the caller scans),
        // none a wrong Missing or Found.
        let edits: [(&str, Edit); 11] = [
            ("chunk offset one off", |b, _| {
                if let Some(b) = b.get_mut(1) {
                    b.chunks[0].0 += 1
                }
            }),
            ("chunk name", |b, _| {
                if let Some(b) = b.get_mut(1) {
                    b.chunks[1].1.push('0')
                }
            }),
            ("first chunk name", |b, _| {
                if let Some(b) = b.get_mut(1) {
                    b.chunks[0].1.push('0')
                }
            }),
            ("chunks out of order", |b, _| {
                if let Some(b) = b.get_mut(0) {
                    b.chunks.swap(0, 1)
                }
            }),
            ("a chunk moved to the next block", |b, _| {
                if b.len() > 1 {
                    let moved = b[0].chunks.pop().unwrap();
                    b[1].chunks.insert(0, moved);
                }
            }),
            ("length", |_, t| t.length += 1),
            ("key", |_, t| t.key = BASE64_STANDARD.encode([0; 32])),
            ("block offset one off", |_, t| {
                if let Some(b) = t.blocks.as_mut().and_then(|b| b.get_mut(1)) {
                    b.0 += 1
                }
            }),
            ("block name", |_, t| {
                if let Some(b) = t.blocks.as_mut().and_then(|b| b.get_mut(1)) {
                    b.1.push('0')
                }
            }),
            ("blocks out of order", |_, t| {
                if let Some(b) = t.blocks.as_mut() {
                    b.swap(0, 1)
                }
            }),
            ("both levels", |_, t| t.lines = Some(Vec::new())),
        ];
        for (what, edit) in edits {
            let (_dir, path, keys) = sealed(|tag| payload(tag, &all, edit));
            assert!(look_all(&path, &keys, &all, what) > 0, "{what}: believed");
        }
        // Lines out of order under a true index: noticed where met.
        let mut swapped = all.clone();
        swapped.swap(40, 41);
        assert!(all[40].0 < all[41].0);
        let (_dir, path, keys) = sealed(|tag| payload(tag, &swapped, |_, _| {}));
        let name = &all[41].0;
        let mut reader = PayloadReader::open_seeking(&path, &keys).unwrap();
        assert!(!matches!(
            lookup(&mut reader, name.as_bytes(), &mut Nearest::new(name)).unwrap(),
            Lookup::Missing
        ));
    }
}
