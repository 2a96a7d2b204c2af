//! A temp HOME for black-box tests of the real binary: every `ARCA_*`
//! variable and `NO_COLOR` cleared, HOME, XDG_* and TMPDIR inside a temp dir.

#![allow(dead_code)]

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use tempfile::TempDir;

pub const BIN: &str = env!("CARGO_BIN_EXE_arca");

pub struct Env {
    pub dir: TempDir,
}

impl Env {
    /// A fresh HOME with an identity and an empty vault.
    pub fn new() -> Env {
        let env = Env::bare();
        let out = env.run(&["init"], b"");
        assert!(out.status.success(), "init: {}", stderr(&out));
        env
    }

    /// A fresh HOME with nothing in it.
    pub fn bare() -> Env {
        let dir = tempfile::Builder::new()
            .prefix("arca-test-")
            .tempdir()
            .expect("temp dir");
        for sub in ["home", "config", "data", "cache", "state", "tmp"] {
            std::fs::create_dir_all(dir.path().join(sub)).expect("mkdir");
        }
        Env { dir }
    }

    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    pub fn vault(&self) -> PathBuf {
        self.root().join("data/arca/vault.age")
    }

    pub fn identity(&self) -> PathBuf {
        self.root().join("config/arca/identity.txt")
    }

    pub fn cmd(&self) -> Command {
        let mut cmd = Command::new(BIN);
        for (key, _) in std::env::vars_os() {
            if key.to_string_lossy().starts_with("ARCA_") {
                cmd.env_remove(&key);
            }
        }
        let root = self.root();
        cmd.env_remove("NO_COLOR")
            .env("HOME", root.join("home"))
            .env("XDG_CONFIG_HOME", root.join("config"))
            .env("XDG_DATA_HOME", root.join("data"))
            .env("XDG_CACHE_HOME", root.join("cache"))
            .env("XDG_STATE_HOME", root.join("state"))
            .env("TMPDIR", root.join("tmp"));
        cmd
    }

    /// Runs arca with `stdin` and waits for it.
    pub fn run(&self, args: &[&str], stdin: &[u8]) -> Output {
        self.run_with(self.cmd(), args, stdin)
    }

    /// Like [`Env::run`], with a command prepared by the caller.
    pub fn run_with(&self, mut cmd: Command, args: &[&str], stdin: &[u8]) -> Output {
        let mut child = cmd
            .args(args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("spawn arca");
        let mut input = child.stdin.take().expect("stdin");
        // A command that does not read stdin may close it early.
        let _ = input.write_all(stdin);
        drop(input);
        child.wait_with_output().expect("wait for arca")
    }

    /// Runs arca, asserting success; returns stdout.
    pub fn ok(&self, args: &[&str], stdin: &[u8]) -> Vec<u8> {
        let out = self.run(args, stdin);
        assert!(
            out.status.success(),
            "arca {args:?} failed: {}",
            stderr(&out)
        );
        out.stdout
    }
}

pub fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

pub fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// The contract for a failure: the exit code, a first line `error: …`, and
/// no panic text.
pub fn assert_fails(out: &Output, code: i32) {
    let err = stderr(out);
    assert_eq!(out.status.code(), Some(code), "stderr: {err}");
    assert!(err.starts_with("error: "), "stderr: {err}");
    assert!(!err.contains("panicked"), "stderr: {err}");
    assert!(!err.contains("RUST_BACKTRACE"), "stderr: {err}");
}
