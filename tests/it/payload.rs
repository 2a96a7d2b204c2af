//! The vault is a plain age file with a documented payload (SPEC §1):
//! `age -d -i identity.txt vault.age` reveals it.

use std::process::Command;

use crate::util::*;

#[test]
fn age_reveals_a_header_and_one_sorted_line_per_secret() {
    if age_cli("age_reveals_a_header_and_one_sorted_line_per_secret").is_none() {
        return;
    }
    let env = TestEnv::new();
    let public = env.init();
    let empty = payload(&env, "payload").expect("age was found above");
    let header: serde_json::Value = serde_json::from_str(empty.lines().next().unwrap()).unwrap();
    assert_eq!(
        header,
        serde_json::json!({"format": 1, "recipients": [public]})
    );
    assert_eq!(empty.lines().count(), 2, "the header and the index's top");
    assert!(is_index(empty.lines().nth(1).unwrap()), "{empty}");
    assert!(
        empty.starts_with("{\"format\":1,\"recipients\":["),
        "{empty}"
    );

    for (name, value) in [
        ("zeta", "z"),
        ("alpha", "a\nmultiline\n"),
        ("m/x", "{\"k\":\"v\"}"),
        ("Beta", "B"),
        ("al", "al"),
    ] {
        env.create(name, value.as_bytes());
    }
    env.put("alpha", b"a2");
    let payload = payload(&env, "payload").expect("age was found above");
    assert!(payload.ends_with('\n'));
    let mut lines: Vec<&str> = payload.lines().collect();
    assert_eq!(lines.len(), 8, "{payload}");
    let top: serde_json::Value = serde_json::from_str(lines.pop().unwrap()).unwrap();
    let block: serde_json::Value = serde_json::from_str(lines.pop().unwrap()).unwrap();
    // One 64 KiB chunk: one block line names its first line, which begins
    // right after the header; the top says where the lines end (the block
    // begins there) and names the block's first line too.
    let header_len = lines[0].len() as u64 + 1;
    let lines_len: u64 = lines.iter().map(|l| l.len() as u64 + 1).sum();
    assert_eq!(
        block,
        serde_json::json!({"index": {"chunks": [[header_len, "Beta"]]}})
    );
    assert_eq!(top["index"]["length"], lines_len);
    assert_eq!(
        top["index"]["blocks"],
        serde_json::json!([[lines_len, "Beta"]])
    );
    let index = top;
    assert!(index["index"]["key"].as_str().unwrap().len() == 44);
    assert!(
        lines[0].starts_with("{\"format\":1,\"recipients\":["),
        "{}",
        lines[0]
    );
    let mut names = Vec::new();
    for line in &lines[1..] {
        assert!(line.starts_with("{\"name\":\""), "{line}");
        let doc: serde_json::Value = serde_json::from_str(line).unwrap();
        names.push(doc["name"].as_str().unwrap().to_owned());
    }
    assert_eq!(
        names,
        ["Beta", "al", "alpha", "m/x", "zeta"],
        "sorted by name (bytes)"
    );
    // Values are in the payload as documented, multi-line values escaped on one line.
    assert!(payload.contains("a\\nmultiline\\n"), "{payload}");
}

#[test]
fn a_vault_written_by_age_is_read_and_an_unknown_format_is_exit_5() {
    let Some(age) = age_cli("a_vault_written_by_age_is_read_and_an_unknown_format_is_exit_5")
    else {
        return;
    };
    let env = TestEnv::new();
    let public = env.init();
    env.create("x", b"hello");
    let payload = payload(&env, "payload").expect("age was found above");

    let encrypt = |plaintext: &str| {
        let path = env.path("plain");
        std::fs::write(&path, plaintext).unwrap();
        let _ = std::fs::remove_file(env.vault_path());
        let out = Command::new(&age)
            .args(["-e", "-r", &public, "-o"])
            .arg(env.vault_path())
            .arg(&path)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    };

    // Round trip through age: still a vault arca reads.
    encrypt(&payload);
    assert_eq!(env.get(&["x"]), b"hello");

    // A future payload format.
    encrypt(&payload.replacen("\"format\":1", "\"format\":3", 1));
    let err = assert_fails(env.arca(&["get", "x"]), 5, &["hello"]);
    assert!(err.contains("format 3"), "{err}");
    assert_fails(
        env.arca_stdin(&["put", "x"], "new-value"),
        5,
        &["new-value", "hello"],
    );

    // Not an arca payload at all.
    encrypt("just text\n");
    assert_fails(env.arca(&["get", "x"]), 5, &[]);

    // A malformed secret line: exit 5 without echoing the line.
    let broken = payload.replace("\"hello\"", "\"hello");
    encrypt(&broken);
    assert_fails(env.arca(&["get", "x"]), 5, &["hello"]);
    assert_fails(
        env.arca_stdin(&["put", "x"], "new-value"),
        5,
        &["hello", "new-value"],
    );
}
