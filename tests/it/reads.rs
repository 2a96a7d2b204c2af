//! Reads never write (SPEC §2): no lock file, no temp file, no change.

use std::fs;

use crate::util::*;

fn read_commands(env: &TestEnv) -> Vec<Vec<String>> {
    let v1 = env.version_ids("s").last().unwrap().clone();
    [
        vec!["get", "s"],
        vec!["get", "s", "-o", "json"],
        vec!["get", "s", "--version-stage", "AWSPREVIOUS"],
        vec!["get", "s", "--version-id", &v1],
        vec!["get", "j", "--field", "k"],
        vec!["versions", "s"],
        vec!["versions", "s", "--include-deprecated", "-o", "json"],
        vec!["get-secret-value", "--secret-id", "s"],
    ]
    .into_iter()
    .map(|args| args.into_iter().map(String::from).collect())
    .collect()
}

#[test]
fn reads_leave_the_vault_folder_untouched() {
    let env = TestEnv::initialized();
    env.create("s", b"v1");
    env.put("s", b"v2");
    env.create("j", br#"{"k":"v"}"#);
    let commands = read_commands(&env);
    // Setup took the lock; remove the lock file to see whether a read makes one.
    fs::remove_file(env.lock_path()).unwrap();
    let dir_before = listing(&env.vault_dir());
    let config_before = listing(env.identity_path().parent().unwrap());
    let bytes = env.vault_bytes();
    std::thread::sleep(std::time::Duration::from_millis(20));
    for args in &commands {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        env.arca(&args).success();
        assert_eq!(
            listing(&env.vault_dir()),
            dir_before,
            "{args:?} touched the vault folder"
        );
    }
    assert_eq!(env.vault_bytes(), bytes);
    assert_eq!(
        listing(env.identity_path().parent().unwrap()),
        config_before
    );
    assert!(!env.lock_path().exists());
}

#[test]
fn reads_work_on_a_read_only_vault() {
    let env = TestEnv::initialized();
    env.create("s", b"v1");
    env.put("s", b"v2");
    env.create("j", br#"{"k":"v"}"#);
    let commands = read_commands(&env);
    fs::remove_file(env.lock_path()).unwrap();
    set_mode(&env.vault_path(), 0o400);
    set_mode(&env.vault_dir(), 0o500);
    let results: Vec<_> = commands
        .iter()
        .map(|args| {
            let args: Vec<&str> = args.iter().map(String::as_str).collect();
            env.cmd().args(&args).output().unwrap()
        })
        .collect();
    set_mode(&env.vault_dir(), 0o700);
    set_mode(&env.vault_path(), 0o600);
    for (args, out) in commands.iter().zip(results) {
        assert!(
            out.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    assert_eq!(env.get(&["s"]), b"v2");
}

#[test]
fn a_closed_stdout_pipe_is_not_an_error() {
    let env = TestEnv::initialized();
    env.create("s", &vec![b'x'; 65_536]);
    let mut child = env
        .std_cmd()
        .args(["get", "s"])
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let status = child.wait().unwrap();
    assert_eq!(status.code(), Some(0));
}
