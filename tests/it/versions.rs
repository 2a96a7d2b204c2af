//! `arca versions`: text in a pipe, deprecated versions on request.

use crate::util::*;

#[test]
fn in_a_pipe_versions_are_tab_separated_lines() {
    let env = TestEnv::initialized();
    env.create("s", b"v1");
    let v2 = env.put("s", b"v2");
    let v3 = env.put("s", b"v3");
    let text = String::from_utf8(env.get_stdout(&["versions", "s"])).unwrap();
    let lines: Vec<Vec<&str>> = text.lines().map(|l| l.split('\t').collect()).collect();
    assert_eq!(lines.len(), 2, "only labelled versions: {text:?}");
    assert!(text.ends_with('\n'));
    assert!(
        !text.contains('│') && !text.contains("VERSION ID"),
        "no table in a pipe: {text}"
    );
    assert_eq!(lines[0][..2], [v3.as_str(), "AWSCURRENT"]);
    assert_eq!(lines[1][..2], [v2.as_str(), "AWSPREVIOUS"]);
    for line in &lines {
        assert_eq!(line.len(), 3, "{line:?}");
        assert!(is_rfc3339(line[2]), "{line:?}");
    }

    let all =
        String::from_utf8(env.get_stdout(&["versions", "s", "--include-deprecated"])).unwrap();
    let all: Vec<Vec<&str>> = all.lines().map(|l| l.split('\t').collect()).collect();
    assert_eq!(all.len(), 3);
    assert_eq!(all[2][1], "", "a deprecated version has no labels");

    // Several labels on one version are comma-separated.
    env.arca(&["stage", "s", "MINE", "--move-to", &v3])
        .success();
    let text = String::from_utf8(env.get_stdout(&["versions", "s"])).unwrap();
    let first: Vec<&str> = text.lines().next().unwrap().split('\t').collect();
    let mut labels: Vec<&str> = first[1].split(',').collect();
    labels.sort();
    assert_eq!(labels, ["AWSCURRENT", "MINE"]);
}

#[test]
fn table_output_on_request() {
    let env = TestEnv::initialized();
    env.create("s", b"v1");
    let text = String::from_utf8(env.get_stdout(&["versions", "s", "-o", "table"])).unwrap();
    assert!(
        text.contains("VERSION ID") && text.contains("AWSCURRENT"),
        "{text}"
    );
    assert!(
        !text.contains('\x1b'),
        "no colour outside a terminal: {text:?}"
    );
}

#[test]
fn include_deprecated_in_json() {
    let env = TestEnv::initialized();
    env.create("s", b"v1");
    env.put("s", b"v2");
    env.put("s", b"v3");
    assert_eq!(
        env.json(&["versions", "s"])["Versions"]
            .as_array()
            .unwrap()
            .len(),
        2
    );
    let all = env.json(&["versions", "s", "--include-deprecated"]);
    let all = all["Versions"].as_array().unwrap();
    assert_eq!(all.len(), 3);
    assert_eq!(all[2]["VersionStages"], serde_json::json!([]));
    // The AWS spelling lists them oldest first, as AWS does.
    let aws = json_of(
        &env.arca(&[
            "list-secret-version-ids",
            "--secret-id",
            "s",
            "--include-deprecated",
        ])
        .success(),
    );
    let aws_ids: Vec<_> = aws["Versions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v["VersionId"].clone())
        .collect();
    let mut short_ids: Vec<_> = all.iter().map(|v| v["VersionId"].clone()).collect();
    short_ids.reverse();
    assert_eq!(aws_ids, short_ids);
}

#[test]
fn versions_never_print_values() {
    let env = TestEnv::initialized();
    env.create("s", b"needle-value-1");
    env.put("s", b"needle-value-2");
    for args in [
        &["versions", "s", "--include-deprecated"][..],
        &["versions", "s", "-o", "json"],
        &["versions", "s", "-o", "table"],
    ] {
        let out = env.arca(args).success();
        assert!(!String::from_utf8_lossy(&stdout(&out)).contains("needle"));
        assert!(!stderr(&out).contains("needle"));
    }
}
