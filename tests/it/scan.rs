//! `arca scan`: planted values found in files, in the git index (staged,
//! not the working tree) and in history, in each encoding, and never
//! printed.

use std::path::Path;

use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use base64::Engine;

use crate::git::{have_git, Team};
use crate::util::{json_of, stderr, stdout, TestEnv};

const PLAIN: &str = "planted-plain-value";
const JSON_VALUE: &str = r#"{"user":"app","password":"planted-json-password?&"}"#;
const JSON_PASSWORD: &str = "planted-json-password?&";
const BINARY: &[u8] = b"\xfb\xffplanted-binary\xfe\xff";

fn all_values() -> Vec<Vec<u8>> {
    let mut values = vec![
        PLAIN.as_bytes().to_vec(),
        JSON_PASSWORD.as_bytes().to_vec(),
        BINARY.to_vec(),
        b"planted-old-version".to_vec(),
    ];
    for v in values.clone() {
        values.push(STANDARD.encode(&v).into_bytes());
    }
    values
}

#[track_caller]
fn assert_no_value(out: &[u8]) {
    for v in all_values() {
        assert!(
            !out.windows(v.len()).any(|w| w == v.as_slice()),
            "a value was printed: {}",
            String::from_utf8_lossy(out)
        );
    }
}

fn plant(env_create: impl Fn(&[&str], &[u8])) {
    env_create(&["create", "app/plain"], b"planted-old-version");
    env_create(&["put", "app/plain"], PLAIN.as_bytes());
    env_create(&["create", "app/json"], JSON_VALUE.as_bytes());
    env_create(&["create", "app/port"], b"5432");
}

#[test]
fn finds_values_in_every_encoding_in_files_and_never_prints_them() {
    let env = TestEnv::initialized();
    plant(|args, value| {
        env.arca_stdin(args, value).success();
    });
    env.write_file("bin.dat", BINARY);
    env.arca(&["create", "app/bin", "--binary-file", "bin.dat"])
        .success();
    std::fs::remove_file(env.path("bin.dat")).unwrap();
    let percent = "planted-json-password%3F%26";
    env.write_file(
        "tree/config.yml",
        format!(
            "a: 1\nb64: {}\nurl: https://x/?p={percent}\n",
            STANDARD.encode(PLAIN)
        )
        .as_bytes(),
    );
    env.write_file(
        "tree/sub/app.json",
        format!(
            "{{\"password\": \"{}\", \"old\": \"planted-old-version\", \"port\": 5432}}\n",
            JSON_PASSWORD
        )
        .as_bytes(),
    );
    env.write_file(
        "tree/blob.bin",
        &[
            b"xx",
            BINARY,
            b"\n",
            URL_SAFE_NO_PAD.encode(BINARY).as_bytes(),
        ]
        .concat(),
    );
    env.write_file("tree/clean.txt", b"nothing here 5432\n");
    // Age files (the vault among them) hold ciphertext only: skipped.
    env.write_file("tree/other.age", PLAIN.as_bytes());

    let out = env.arca(&["scan", "tree"]).code(1);
    let text = String::from_utf8(stdout(&out)).unwrap();
    assert_no_value(&stdout(&out));
    assert_no_value(stderr(&out).as_bytes());
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(
        lines,
        [
            "tree/blob.bin:1:3: secret 'app/bin' (AWSCURRENT, plain)",
            "tree/blob.bin:2:1: secret 'app/bin' (AWSCURRENT, base64url)",
            "tree/config.yml:2:6: secret 'app/plain' (AWSCURRENT, base64)",
            "tree/config.yml:3:19: secret 'app/json' (AWSCURRENT field /password, percent-encoded)",
            "tree/sub/app.json:1:15: secret 'app/json' (AWSCURRENT field /password, plain)",
            "tree/sub/app.json:1:49: secret 'app/plain' (AWSPREVIOUS, plain)",
        ],
        "{text}"
    );
    let err = stderr(&out);
    assert!(err.contains("4 file(s)"), "{err}");
    assert!(err.contains("6 finding(s)"), "{err}");
    // app/port (5432) and the user field (app) are too short to search.
    assert!(err.contains("2 value(s) shorter than 8 bytes"), "{err}");

    let json = json_of(&env.arca(&["scan", "tree", "-o", "json"]).code(1));
    assert_eq!(json["Findings"].as_array().unwrap().len(), 6);
    assert_eq!(json["Findings"][3]["Field"], "/password");
    assert_eq!(json["Findings"][3]["Encoding"], "percent-encoded");
    assert_eq!(json["FilesScanned"], 4);
    assert_eq!(json["ShortValuesSkipped"], 2);
    assert_no_value(json.to_string().as_bytes());

    let clean = env.arca(&["scan", "tree/clean.txt"]).success();
    assert!(stdout(&clean).is_empty());
    env.arca(&["scan", "tree/missing"]).code(2);
}

#[test]
fn staged_reads_the_index_not_the_working_tree() {
    if !have_git("staged_reads_the_index_not_the_working_tree") {
        return;
    }
    let team = Team::new();
    plant(|args, value| {
        team.arca_stdin("a", args, std::str::from_utf8(value).unwrap())
            .success();
    });
    team.commit("a", "vault");
    let dir = team.dir("a");
    // Staged with a value, then cleaned in the working tree: reported.
    std::fs::write(dir.join("staged.txt"), format!("token={PLAIN}\n")).unwrap();
    team.git("a", &["add", "staged.txt"]);
    std::fs::write(dir.join("staged.txt"), "token=from-env\n").unwrap();
    // In the working tree only: not reported with --staged.
    std::fs::write(dir.join("unstaged.txt"), format!("{JSON_PASSWORD}\n")).unwrap();
    std::fs::write(dir.join("tracked.txt"), "clean\n").unwrap();
    team.git("a", &["add", "tracked.txt"]);

    let out = team.arca("a", &["scan", "--staged"]).code(1);
    assert_eq!(
        String::from_utf8(stdout(&out)).unwrap(),
        "staged.txt:1:7: secret 'app/plain' (AWSCURRENT, plain)\n"
    );
    assert_no_value(&stdout(&out));
    assert_no_value(stderr(&out).as_bytes());
    // The working tree scan sees the other file and not the cleaned one.
    let tree = team.arca("a", &["scan"]).code(1);
    let text = String::from_utf8(stdout(&tree)).unwrap();
    assert!(
        text.contains("unstaged.txt:1:1: secret 'app/json'"),
        "{text}"
    );
    assert!(!text.contains("staged.txt:1:7"), "{text}");

    team.git("a", &["rm", "-q", "-f", "--cached", "staged.txt"]);
    team.arca("a", &["scan", "--staged"]).success();

    // --all-history: a value committed once and removed later is found.
    std::fs::write(dir.join("old.txt"), format!("{PLAIN}\n")).unwrap();
    team.git("a", &["add", "old.txt"]);
    team.git("a", &["commit", "-qm", "leak"]);
    team.git("a", &["rm", "-q", "old.txt"]);
    team.git("a", &["commit", "-qm", "unleak"]);
    let history = team.arca("a", &["scan", "--all-history"]).code(1);
    let text = String::from_utf8(stdout(&history)).unwrap();
    assert!(text.contains(":old.txt:1:1: secret 'app/plain'"), "{text}");
    assert_no_value(&stdout(&history));
}

#[test]
fn the_example_pre_commit_hook_refuses_a_staged_value() {
    if !have_git("the_example_pre_commit_hook_refuses_a_staged_value") {
        return;
    }
    let team = Team::new();
    plant(|args, value| {
        team.arca_stdin("a", args, std::str::from_utf8(value).unwrap())
            .success();
    });
    team.commit("a", "vault");
    let hook = team.dir("a").join(".git/hooks/pre-commit");
    std::fs::copy(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/git-hooks/pre-commit"),
        &hook,
    )
    .unwrap();
    crate::util::set_mode(&hook, 0o755);
    team.git("a", &["config", "arca.vault", "secrets/vault.age"]);
    std::fs::write(team.dir("a").join("leak.txt"), format!("{PLAIN}\n")).unwrap();
    team.git("a", &["add", "leak.txt"]);
    let refused = team.try_git("a", &["commit", "-qm", "leak"]);
    assert!(!refused.status.success());
    let said = [refused.stdout.clone(), refused.stderr.clone()].concat();
    let text = String::from_utf8_lossy(&said);
    assert!(text.contains("leak.txt:1:1: secret 'app/plain'"), "{text}");
    assert_no_value(&said);
    std::fs::write(team.dir("a").join("leak.txt"), "fine\n").unwrap();
    team.git("a", &["add", "leak.txt"]);
    team.git("a", &["commit", "-qm", "clean"]);
}
