//! SECURITY.md's promise: no plaintext value lands in any file under HOME,
//! the vault's folder or TMPDIR while arca works.

use std::path::Path;

use crate::util::{stderr, TestEnv};

/// Every file under `dir` (the whole temp tree: HOME, XDG dirs, TMPDIR and
/// the vault's folder), with the first that contains `needle`.
fn find_in_tree(dir: &Path, needle: &[u8]) -> Option<String> {
    for entry in std::fs::read_dir(dir).ok()? {
        let path = entry.ok()?.path();
        if path.is_dir() {
            if let Some(hit) = find_in_tree(&path, needle) {
                return Some(hit);
            }
        } else if let Ok(bytes) = std::fs::read(&path) {
            if bytes.windows(needle.len()).any(|w| w == needle) {
                return Some(path.display().to_string());
            }
        }
    }
    None
}

#[test]
fn no_value_is_ever_written_in_plaintext() {
    let env = TestEnv::initialized();
    // TMPDIR inside the tree that is searched, as are HOME, the XDG dirs
    // (defaults under HOME) and the vault's folder.
    let tmp = env.path("tmp");
    std::fs::create_dir(&tmp).unwrap();
    let values = [
        "PLAINTEXT-CANARY-create-7f3a",
        "PLAINTEXT-CANARY-put-91bc",
        "PLAINTEXT-CANARY-import-22de",
        "PLAINTEXT-CANARY-json-0a0a",
    ];
    let steps: Vec<(Vec<&str>, Vec<u8>)> = vec![
        (
            vec!["create", "db/pw", "--description", "d"],
            values[0].into(),
        ),
        (vec!["put", "db/pw"], values[1].into()),
        (vec!["get", "db/pw"], vec![]),
        (vec!["list"], vec![]),
        (vec!["describe", "db/pw"], vec![]),
        (vec!["versions", "db/pw"], vec![]),
        (
            vec!["import", "-", "--format", "dotenv"],
            format!("APP={}\n", values[2]).into(),
        ),
        (
            vec!["import", "-", "--format", "json"],
            format!("{{\"obj\": {{\"k\": \"{}\"}}}}", values[3]).into(),
        ),
        (vec!["export", "--format", "json"], vec![]),
        (vec!["export", "--format", "dotenv"], vec![]),
        (vec!["batch-get", "db/pw", "APP"], vec![]),
        (
            vec!["get", "db/pw", "--version-stage", "AWSPREVIOUS"],
            vec![],
        ),
        (vec!["delete", "APP"], vec![]),
        (vec!["restore", "APP"], vec![]),
    ];
    for (args, stdin) in steps {
        let out = env
            .cmd()
            .env("TMPDIR", &tmp)
            .args(&args)
            .write_stdin(stdin)
            .assert();
        assert!(
            out.get_output().status.success(),
            "{args:?}: {}",
            stderr(&out)
        );
        for value in values {
            let err = stderr(&out);
            assert!(!err.contains(value), "{args:?} printed a value on stderr");
            if let Some(file) = find_in_tree(env.home(), value.as_bytes()) {
                panic!("after {args:?}, {file} holds a value in plaintext");
            }
        }
    }
}
