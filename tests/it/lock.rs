//! The writer lock (SPEC §7): busy is exit 7 after ARCA_LOCK_TIMEOUT, and
//! parallel writers lose nothing.

use std::fs::{self, File};
use std::time::{Duration, Instant};

use crate::util::*;

const MARK: &str = "locked-out-value-41b";

fn hold_lock(env: &TestEnv) -> File {
    let file = File::options()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .open(env.lock_path())
        .unwrap();
    file.lock().unwrap();
    file
}

#[test]
fn a_held_lock_is_exit_7_after_the_timeout() {
    let env = TestEnv::initialized();
    env.create("x", b"v");
    let before = env.vault_bytes();
    let lock = hold_lock(&env);

    let start = Instant::now();
    let err = assert_fails(
        env.cmd()
            .env("ARCA_LOCK_TIMEOUT", "300ms")
            .args(["put", "x"])
            .write_stdin(MARK)
            .assert(),
        7,
        &[MARK],
    );
    let waited = start.elapsed();
    assert!(err.contains("busy"), "{err}");
    assert!(
        waited >= Duration::from_millis(300),
        "waited only {waited:?}"
    );
    assert!(waited < Duration::from_secs(5), "waited {waited:?}");
    for args in [
        &["create", "y"][..],
        &["stage", "x", "L", "--move-to", "nope"],
    ] {
        assert_fails(
            env.cmd()
                .env("ARCA_LOCK_TIMEOUT", "100ms")
                .args(args)
                .write_stdin(MARK)
                .assert(),
            7,
            &[MARK],
        );
    }
    assert_eq!(env.vault_bytes(), before);
    assert!(env.temp_files().is_empty(), "{:?}", env.temp_files());

    // Readers need no lock.
    assert_eq!(env.get(&["x"]), b"v");

    drop(lock);
    env.cmd()
        .env("ARCA_LOCK_TIMEOUT", "300ms")
        .args(["put", "x"])
        .write_stdin("after")
        .assert()
        .success();
    assert_eq!(env.get(&["x"]), b"after");
}

#[test]
fn a_writer_waits_for_the_lock() {
    let env = TestEnv::initialized();
    env.create("x", b"v");
    let lock = hold_lock(&env);
    let releaser = std::thread::spawn(move || {
        std::thread::sleep(Duration::from_millis(300));
        drop(lock);
    });
    env.cmd()
        .env("ARCA_LOCK_TIMEOUT", "10s")
        .args(["put", "x"])
        .write_stdin("waited")
        .assert()
        .success();
    releaser.join().unwrap();
    assert_eq!(env.get(&["x"]), b"waited");
}

#[test]
fn a_bad_lock_timeout_is_exit_2() {
    let env = TestEnv::initialized();
    env.create("x", b"v");
    let before = env.vault_bytes();
    for bogus in ["bogus", "10 parsecs", "-1s", ""] {
        let err = assert_fails(
            env.cmd()
                .env("ARCA_LOCK_TIMEOUT", bogus)
                .args(["put", "x"])
                .write_stdin(MARK)
                .assert(),
            2,
            &[MARK],
        );
        assert!(err.contains("ARCA_LOCK_TIMEOUT"), "{err}");
    }
    // A bare number is seconds.
    env.cmd()
        .env("ARCA_LOCK_TIMEOUT", "2")
        .args(["put", "x"])
        .write_stdin("ok")
        .assert()
        .success();
    assert_ne!(env.vault_bytes(), before);
}

#[test]
fn eight_parallel_writers_lose_nothing() {
    let env = TestEnv::initialized();
    let threads: Vec<_> = (0..8)
        .map(|w| {
            let mut cmd = env.std_cmd();
            cmd.env("ARCA_LOCK_TIMEOUT", "60s");
            let script = (0..10)
                .map(|i| format!("printf 'value-{w}-{i}' | \"$0\" create w{w}/s{i} || exit 1"))
                .collect::<Vec<_>>()
                .join("\n");
            let mut sh = std::process::Command::new("sh");
            sh.arg("-c").arg(script).arg(BIN);
            for (k, v) in cmd.get_envs() {
                match v {
                    Some(v) => sh.env(k, v),
                    None => sh.env_remove(k),
                };
            }
            sh.stdin(std::process::Stdio::null())
                .current_dir(env.home());
            std::thread::spawn(move || sh.output().unwrap())
        })
        .collect();
    for t in threads {
        let out = t.join().unwrap();
        assert!(
            out.status.success(),
            "a writer failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    for w in 0..8 {
        for i in 0..10 {
            let name = format!("w{w}/s{i}");
            assert_eq!(
                env.get(&[&name]),
                format!("value-{w}-{i}").as_bytes(),
                "{name}"
            );
        }
    }
    assert!(env.temp_files().is_empty(), "{:?}", env.temp_files());
    if let Some(text) = payload(&env, "eight_parallel_writers_lose_nothing (payload count)") {
        assert_eq!(text.lines().filter(|l| !is_index(l)).count(), 81);
    }
}

#[test]
fn parallel_puts_to_one_secret_keep_every_version() {
    let env = TestEnv::initialized();
    env.create("c", b"v0");
    let children: Vec<_> = (0..6)
        .map(|i| {
            let mut cmd = env.std_cmd();
            cmd.env("ARCA_LOCK_TIMEOUT", "60s")
                .args(["put", "c", "--value-file", "-"])
                .stdin(std::process::Stdio::piped());
            let mut child = cmd.spawn().unwrap();
            use std::io::Write;
            child
                .stdin
                .take()
                .unwrap()
                .write_all(format!("p{i}").as_bytes())
                .unwrap();
            child
        })
        .collect();
    for child in children {
        assert!(child.wait_with_output().unwrap().status.success());
    }
    assert_eq!(env.version_ids("c").len(), 7);
    let _ = fs::metadata(env.lock_path()).unwrap();
}

#[test]
fn parallel_creates_of_one_name_have_exactly_one_winner() {
    let env = TestEnv::initialized();
    let children: Vec<_> = (0..6)
        .map(|i| {
            let mut cmd = env.std_cmd();
            cmd.env("ARCA_LOCK_TIMEOUT", "60s")
                .args(["create", "same", "--secret-string", &format!("c{i}")])
                .stderr(std::process::Stdio::piped());
            cmd.spawn().unwrap()
        })
        .collect();
    let codes: Vec<i32> = children
        .into_iter()
        .map(|c| c.wait_with_output().unwrap().status.code().unwrap())
        .collect();
    assert_eq!(codes.iter().filter(|c| **c == 0).count(), 1, "{codes:?}");
    assert_eq!(codes.iter().filter(|c| **c == 4).count(), 5, "{codes:?}");
    assert_eq!(env.version_ids("same").len(), 1);
}

#[test]
fn writes_keep_the_files_private() {
    let env = TestEnv::initialized();
    env.create("x", b"v");
    env.put("x", b"w");
    assert_eq!(mode(&env.vault_path()), 0o600);
    assert_eq!(mode(&env.lock_path()), 0o600);
    assert_eq!(mode(&env.vault_dir()), 0o700);
}
