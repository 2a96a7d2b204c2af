//! The payload's index and the seeking `get` (README, "The vault format"):
//! names found at chunk boundaries, an index that does not describe its
//! payload ignored, and every chunk that is read authenticated.

use std::fs;
use std::ops::Range;

use crate::bugs::rewrite_payload;
use crate::util::*;

/// The plaintext size of an age STREAM chunk, and its size encrypted.
const CHUNK: usize = 65_536;
const SEALED: usize = CHUNK + 16;

/// A value of `len` bytes that says whose it is.
fn value_of(name: &str, len: usize) -> String {
    let mut v = format!("{name}:");
    while v.len() < len {
        v.push(char::from(b'a' + (v.len() % 26) as u8));
    }
    v.truncate(len);
    v
}

/// A vault of `count` secrets `k00`, `k01`, … of `len`-byte values, made
/// by one `arca import`.
fn vault(count: usize, len: usize) -> (TestEnv, Vec<(String, String)>) {
    let env = TestEnv::initialized();
    let secrets: Vec<(String, String)> = (0..count)
        .map(|i| {
            let name = format!("k{i:02}");
            let value = value_of(&name, len);
            (name, value)
        })
        .collect();
    let dotenv: String = secrets.iter().map(|(n, v)| format!("{n}={v}\n")).collect();
    env.arca_stdin(&["import", "-", "--format", "dotenv"], dotenv)
        .success();
    (env, secrets)
}

fn plaintext(env: &TestEnv) -> Option<Vec<u8>> {
    payload(env, "index").map(String::into_bytes)
}

/// Where the line of `name` begins and ends (newline excluded) in the plaintext.
fn find_line(plain: &[u8], name: &str) -> Option<Range<usize>> {
    let needle = format!("\n{{\"name\":\"{name}\"");
    let at = plain
        .windows(needle.len())
        .position(|w| w == needle.as_bytes())?
        + 1;
    let end = at + plain[at..].iter().position(|&b| b == b'\n').unwrap();
    Some(at..end)
}

fn line_of(plain: &[u8], name: &str) -> Range<usize> {
    find_line(plain, name).unwrap_or_else(|| panic!("no line for {name}"))
}

/// Where the encrypted chunks begin in the vault file: after the header's
/// MAC line and the 16-byte nonce.
fn sealed_start(file: &[u8]) -> usize {
    let mac = file.windows(5).position(|w| w == b"\n--- ").unwrap() + 1;
    mac + file[mac..].iter().position(|&b| b == b'\n').unwrap() + 1 + 16
}

/// The vault file with one bit flipped in encrypted chunk `chunk`.
fn flip_in_chunk(env: &TestEnv, original: &[u8], chunk: usize) {
    let mut bytes = original.to_vec();
    let at = sealed_start(&bytes) + chunk * SEALED + 100;
    assert!(at < bytes.len(), "no chunk {chunk}");
    bytes[at] ^= 0x10;
    fs::write(env.vault_path(), bytes).unwrap();
}

#[test]
fn every_name_is_found_first_last_and_across_a_chunk_boundary() {
    let (env, secrets) = vault(40, 9_000);
    for (name, value) in &secrets {
        assert_eq!(env.get(&[name]), value.as_bytes(), "{name}");
    }
    for missing in ["a", "k", "k05x", "k39a", "zzz"] {
        assert_fails(env.arca(&["get", missing]), 3, &[]);
    }
    let Some(plain) = plaintext(&env) else { return };
    let chunks = plain.len().div_ceil(CHUNK);
    assert!(chunks >= 5, "{chunks} chunks");
    let straddling = secrets
        .iter()
        .filter(|(name, _)| {
            let line = line_of(&plain, name);
            line.start / CHUNK != line.end / CHUNK
        })
        .count();
    assert!(straddling >= 3, "only {straddling} lines cross a boundary");
    assert!(is_index(
        std::str::from_utf8(&plain[line_of(&plain, "k39").end + 1..]).unwrap()
    ));
}

#[test]
fn a_flipped_bit_in_a_chunk_read_is_exit_5_and_in_one_not_read_is_seen_by_the_next_full_read() {
    let (env, secrets) = vault(40, 9_000);
    let Some(plain) = plaintext(&env) else { return };
    let original = env.vault_bytes();
    let last = plain.len().div_ceil(CHUNK) - 1;
    // A chunk in the middle, and a secret whose line is wholly elsewhere.
    let middle = last / 2;
    let inside = secrets
        .iter()
        .find(|(n, _)| line_of(&plain, n).start / CHUNK == middle)
        .unwrap();
    let (far, far_value) = secrets
        .iter()
        .find(|(n, _)| {
            let line = line_of(&plain, n);
            line.start / CHUNK > middle + 1 && line.end / CHUNK < last
        })
        .unwrap();

    flip_in_chunk(&env, &original, middle);
    // The chunk read is authenticated.
    assert_fails(env.arca(&["get", &inside.0]), 5, &[&inside.1]);
    // A get that does not read that chunk does not see it: it uses no byte
    // of it (the header chunk, its line's chunks and the last chunk, which
    // fixes the length, are authenticated)...
    assert_eq!(env.get(&[far]), far_value.as_bytes());
    // ...and every read of the whole payload, or a write, refuses the file.
    assert_fails(env.arca(&["list"]), 5, &[]);
    assert_fails(env.arca(&["export", "--format", "dotenv"]), 5, &[far_value]);
    let flipped = env.vault_bytes();
    assert_fails(env.arca_stdin(&["put", far], "new-value"), 5, &[far_value]);
    assert_eq!(env.vault_bytes(), flipped, "a failed write changes nothing");

    // The first chunk (the header) and the last (the index, the length):
    // every get reads them.
    for chunk in [0, last] {
        flip_in_chunk(&env, &original, chunk);
        for name in ["k00", far.as_str(), "k39", "missing"] {
            assert_fails(env.arca(&["get", name]), 5, &[]);
        }
    }
}

#[test]
fn a_vault_truncated_at_a_chunk_boundary_is_exit_5_for_every_get() {
    let (env, _) = vault(40, 9_000);
    let original = env.vault_bytes();
    let start = sealed_start(&original);
    let chunks = (original.len() - start).div_ceil(SEALED);
    for keep in [chunks - 1, chunks / 2, 1] {
        fs::write(env.vault_path(), &original[..start + keep * SEALED]).unwrap();
        for name in ["k00", "k20", "k39", "missing"] {
            assert_fails(env.arca(&["get", name]), 5, &[]);
        }
        assert_fails(env.arca(&["list"]), 5, &[]);
    }
}

/// Grows the payload to exactly `target` bytes with secrets named `zz…`
/// (sorted last), adjusting the last one's value until it fits.
fn pad_to(env: &TestEnv, target: usize) -> Option<Vec<u8>> {
    let mut pad = 0;
    for _ in 0..40 {
        let plain = plaintext(env)?;
        if plain.len() == target {
            return Some(plain);
        }
        let name = format!("zz{pad}");
        let current = find_line(&plain, &name).map(|line| {
            let doc: serde_json::Value = serde_json::from_slice(&plain[line]).unwrap();
            doc["versions"][0]["value"]["string"]
                .as_str()
                .unwrap()
                .len()
        });
        let wanted = current.unwrap_or(0) as isize + target as isize - plain.len() as isize;
        assert!(wanted >= 0, "overshot {target}");
        if current.is_some() {
            env.arca(&["delete", &name, "--force-delete-without-recovery"])
                .success();
        }
        if wanted > 50_000 {
            env.arca_stdin(&["create", &name], value_of(&name, 50_000))
                .success();
            pad += 1;
        } else {
            env.arca_stdin(&["create", &name], value_of(&name, wanted.max(1) as usize))
                .success();
        }
    }
    panic!("the payload does not come to {target} bytes");
}

#[test]
fn payloads_of_exactly_one_and_two_chunks_are_read_by_seeking_and_whole() {
    let (env, secrets) = vault(3, 100);
    for target in [CHUNK, 2 * CHUNK] {
        let Some(plain) = pad_to(&env, target) else {
            return;
        };
        assert_eq!(plain.len(), target);
        for (name, value) in &secrets {
            assert_eq!(env.get(&[name]), value.as_bytes(), "{name} at {target}");
        }
        assert_fails(env.arca(&["get", "k99"]), 3, &[]);
        assert_fails(env.arca(&["get", "zzz"]), 3, &[]);
        let listed = String::from_utf8(env.get_stdout(&["list"])).unwrap();
        assert!(listed.contains("k02") && listed.contains("zz0"), "{listed}");
        // A write reads the exact multiple whole and writes it back.
        env.put("k01", b"changed");
        assert_eq!(env.get(&["k01"]), b"changed");
        env.put("k01", secrets[1].1.as_bytes());
    }
}

#[test]
fn an_index_that_does_not_describe_its_payload_is_not_believed() {
    let (env, secrets) = vault(40, 9_000);
    let value = |name: &str| secrets.iter().find(|(n, _)| n == name).unwrap().1.clone();
    let Some(text) = payload(&env, "index") else {
        return;
    };
    let index = text.lines().last().unwrap().to_owned();
    assert!(is_index(&index));
    // Hand edits re-encrypted with `age`, the old index kept: a line
    // inserted, one removed, two out of order, the index not last or
    // garbled. `get` must see the payload as it is.
    type Edit = Box<dyn Fn(Vec<String>) -> Vec<String>>;
    let edits: Vec<(&str, Edit)> = vec![
        (
            "inserted",
            Box::new(|mut lines: Vec<String>| {
                let at = lines.iter().position(|l| l.contains("\"k10\"")).unwrap();
                let added = lines[at].replace("k10", "k10a");
                lines.insert(at + 1, added);
                lines
            }),
        ),
        (
            "removed",
            Box::new(|mut lines: Vec<String>| {
                lines.retain(|l| !l.starts_with("{\"name\":\"k05\""));
                lines
            }),
        ),
        (
            "swapped",
            Box::new(|mut lines: Vec<String>| {
                let a = lines.iter().position(|l| l.contains("\"k03\"")).unwrap();
                let b = lines.iter().position(|l| l.contains("\"k30\"")).unwrap();
                lines.swap(a, b);
                lines
            }),
        ),
        (
            "garbled",
            Box::new(|mut lines: Vec<String>| {
                let last = lines.len() - 1;
                lines[last].truncate(40);
                lines
            }),
        ),
    ];
    for (what, edit) in edits {
        let kept = index.clone();
        let original = text.clone();
        // rewrite_payload drops the index: put it back (or edit it) after.
        assert!(rewrite_payload(&env, move |_| {
            let mut lines: Vec<String> = original.lines().map(str::to_owned).collect();
            assert_eq!(lines.last(), Some(&kept));
            lines = edit(lines);
            lines
        }));
        let edited = payload(&env, "index").unwrap();
        match what {
            "inserted" => {
                assert_eq!(
                    env.get(&["k10a"]),
                    value("k10").replace("k10", "k10a").as_bytes(),
                    "{what}"
                );
                assert!(is_index(edited.lines().last().unwrap()));
            }
            "removed" => {
                assert_fails(env.arca(&["get", "k05"]), 3, &[]);
            }
            "swapped" => {
                assert_eq!(env.get(&["k03"]), value("k03").as_bytes(), "{what}");
                assert_eq!(env.get(&["k30"]), value("k30").as_bytes(), "{what}");
            }
            _ => {}
        }
        for name in ["k00", "k06", "k20", "k39"] {
            assert_eq!(env.get(&[name]), value(name).as_bytes(), "{what}: {name}");
        }
        assert_fails(env.arca(&["get", "k39z"]), 3, &[]);
    }
    // A secret added after the index (no longer last): found by the scan.
    let original = text.clone();
    assert!(rewrite_payload(&env, move |_| {
        let mut lines: Vec<String> = original.lines().map(str::to_owned).collect();
        let added = lines[1].replace("k00", "zz-after");
        lines.push(added);
        lines
    }));
    assert_eq!(
        env.get(&["zz-after"]),
        value("k00").replace("k00", "zz-after").as_bytes()
    );

    // Any write puts a true index back.
    env.put("k07", b"new");
    let after = payload(&env, "index").unwrap();
    let last = after.lines().last().unwrap();
    assert!(is_index(last) && last != index, "{last}");
    // The index lines (blocks and top) are the last ones, and only they.
    let first = after.lines().position(is_index).unwrap();
    assert!(after.lines().skip(first).all(is_index), "{after}");
    assert_eq!(
        env.get(&["zz-after"]),
        value("k00").replace("k00", "zz-after").as_bytes()
    );
}

#[test]
fn a_vault_without_an_index_is_read_by_scanning_and_indexed_by_the_next_write() {
    let (env, secrets) = vault(30, 9_000);
    // rewrite_payload drops the index, as an older arca never wrote one.
    if !rewrite_payload(&env, |lines| lines) {
        return;
    }
    let text = payload(&env, "index").unwrap();
    assert!(!text.lines().any(is_index));
    for (name, value) in [&secrets[0], &secrets[17], &secrets[29]] {
        assert_eq!(env.get(&[name]), value.as_bytes());
    }
    assert_fails(env.arca(&["get", "k17x"]), 3, &[]);
    env.put("k17", b"new");
    let text = payload(&env, "index").unwrap();
    assert!(is_index(text.lines().last().unwrap()));
    assert_eq!(env.get(&["k17"]), b"new");
    assert_eq!(env.get(&["k29"]), secrets[29].1.as_bytes());
}

#[test]
fn a_vault_of_several_index_blocks_finds_names_in_each_and_between() {
    // 1,100 secrets of 9,000 bytes: ~150 chunks, two block lines of the
    // index (128 chunks each) under its top.
    let (env, mut secrets) = vault(1_100, 9_000);
    // In the payload's order.
    secrets.sort();
    let Some(text) = payload(&env, "index") else {
        return;
    };
    let index: Vec<&str> = text.lines().filter(|l| is_index(l)).collect();
    assert_eq!(index.len(), 3, "two blocks and the top");
    let top: serde_json::Value = serde_json::from_str(index[2]).unwrap();
    let second = top["index"]["blocks"][1][1].as_str().unwrap().to_owned();
    let at = secrets.iter().position(|(n, _)| *n == second).unwrap();
    // The first and last names, the first of the second block and those
    // either side of it, and a name between the two blocks' names.
    for i in [0, at - 1, at, at + 1, secrets.len() - 1] {
        let (name, value) = &secrets[i];
        assert_eq!(env.get(&[name]), value.as_bytes(), "{name}");
    }
    let between = format!("{}a", secrets[at - 1].0);
    for missing in [between.as_str(), "a", "zzz"] {
        assert_fails(env.arca(&["get", missing]), 3, &[]);
    }
    let listed = env.get_stdout(&["list"]);
    assert_eq!(
        listed.iter().filter(|&&b| b == b'\n').count(),
        secrets.len()
    );
}

/// `list` decrypts runs of chunks on several threads and joins the lines
/// that cross from one run into the next: here a line longer than a whole
/// run (20 versions of 60 kB, AWSPENDING on the sixth, in a chunk with no
/// newline), between lines read in place and one that needs serde (an
/// escaped description).
#[test]
fn list_joins_a_line_longer_than_a_run_of_chunks() {
    let (env, _) = vault(3, 100);
    let ids: Vec<String> = (0..20)
        .map(|i| env.put("k01", value_of(&format!("k01v{i}"), 60_000).as_bytes()))
        .collect();
    env.arca(&["stage", "k01", "AWSPENDING", "--move-to", &ids[5]])
        .success();
    env.arca(&["update", "k02", "--description", "a\ttab"])
        .success();
    let listed = String::from_utf8(env.get_stdout(&["list"])).unwrap();
    let rows: Vec<Vec<&str>> = listed.lines().map(|l| l.split('\t').collect()).collect();
    let cells = |i: usize| (rows[i][0], rows[i][1], rows[i][5]);
    assert_eq!(rows.len(), 3, "{listed}");
    assert_eq!(cells(0), ("k00", "", "active"));
    assert_eq!(cells(1), ("k01", "", "rotating"));
    assert_eq!(cells(2), ("k02", r"a\ttab", "active"));
    let desc = String::from_utf8(env.get_stdout(&["list", "--sort", "desc"])).unwrap();
    let reversed: Vec<&str> = desc.lines().rev().collect();
    assert_eq!(reversed, listed.lines().collect::<Vec<_>>());
}
