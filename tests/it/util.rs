//! A throwaway HOME per test and helpers to run the real `arca` binary in it.
//!
//! Every `ARCA_*`, `XDG_*` and `GITHUB_*` variable, `NO_COLOR` and `EDITOR`
//! are removed, so no test can see or touch a developer's real vault (or a CI
//! runner's `GITHUB_ENV`).

#![allow(dead_code)]

use std::ffi::OsStr;
use std::fs;
use std::io::{Read, Write};
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Output, Stdio};
use std::sync::{Arc, Mutex};
use std::thread::{self, JoinHandle};
use std::time::{Duration, Instant};

use assert_cmd::assert::Assert;
use assert_cmd::Command;
use tempfile::TempDir;

pub const BIN: &str = env!("CARGO_BIN_EXE_arca");

pub struct TestEnv {
    pub home: TempDir,
}

impl Default for TestEnv {
    fn default() -> Self {
        Self::new()
    }
}

impl TestEnv {
    pub fn new() -> TestEnv {
        TestEnv {
            home: tempfile::Builder::new()
                .prefix("arca-it-")
                .tempdir()
                .expect("temp dir"),
        }
    }

    /// A fresh HOME with an identity and an empty vault.
    pub fn initialized() -> TestEnv {
        let env = TestEnv::new();
        env.init();
        env
    }

    pub fn home(&self) -> &Path {
        self.home.path()
    }

    /// A path inside HOME.
    pub fn path(&self, rel: &str) -> PathBuf {
        self.home().join(rel)
    }

    pub fn config_home(&self) -> PathBuf {
        self.path(".config")
    }

    pub fn data_home(&self) -> PathBuf {
        self.path(".local/share")
    }

    pub fn vault_path(&self) -> PathBuf {
        self.data_home().join("arca/vault.age")
    }

    pub fn vault_dir(&self) -> PathBuf {
        self.data_home().join("arca")
    }

    pub fn lock_path(&self) -> PathBuf {
        self.data_home().join("arca/vault.age.lock")
    }

    pub fn identity_path(&self) -> PathBuf {
        self.config_home().join("arca/identity.txt")
    }

    pub fn vault_bytes(&self) -> Vec<u8> {
        fs::read(self.vault_path()).expect("reading the vault")
    }

    pub fn identity_text(&self) -> String {
        fs::read_to_string(self.identity_path()).expect("reading the identity")
    }

    /// Writes a file inside HOME (parents created) and returns its path.
    pub fn write_file(&self, rel: &str, bytes: &[u8]) -> PathBuf {
        let path = self.path(rel);
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent).unwrap();
        }
        fs::write(&path, bytes).unwrap();
        path
    }

    /// `arca` as a std Command with the clean environment, stdin closed.
    pub fn std_cmd(&self) -> std::process::Command {
        self.program(BIN)
    }

    /// Any program (a hook script, an editor wrapper, a shell) with the
    /// same clean environment as `arca`, stdin closed.
    pub fn program(&self, program: impl AsRef<OsStr>) -> std::process::Command {
        let mut cmd = std::process::Command::new(program);
        for (key, _) in std::env::vars_os() {
            let k = key.to_string_lossy();
            if k.starts_with("ARCA_") || k.starts_with("XDG_") || k.starts_with("GITHUB_") {
                cmd.env_remove(&key);
            }
        }
        cmd.env_remove("NO_COLOR")
            .env_remove("PINENTRY_PROGRAM")
            .env_remove("EDITOR")
            .env_remove("VISUAL")
            .env_remove("RUST_BACKTRACE")
            .env_remove("RUST_LIB_BACKTRACE")
            .env("HOME", self.home())
            .env("XDG_CONFIG_HOME", self.config_home())
            .env("XDG_DATA_HOME", self.data_home())
            .env("TERM", "dumb")
            .current_dir(self.home())
            .stdin(Stdio::null());
        // A session of its own: no controlling terminal, as in CI, even when
        // the tests run from one (arca asks for passphrases on /dev/tty).
        // SAFETY: setsid is async-signal-safe and touches no memory.
        unsafe {
            std::os::unix::process::CommandExt::pre_exec(&mut cmd, || {
                libc::setsid();
                Ok(())
            });
        }
        cmd
    }

    pub fn cmd(&self) -> Command {
        Command::from_std(self.std_cmd())
    }

    /// Runs `arca ARGS` with stdin closed.
    pub fn arca(&self, args: &[&str]) -> Assert {
        self.cmd().args(args).assert()
    }

    /// Runs `arca ARGS` with `stdin` as standard input.
    pub fn arca_stdin(&self, args: &[&str], stdin: impl Into<Vec<u8>>) -> Assert {
        self.cmd().args(args).write_stdin(stdin).assert()
    }

    /// Runs `arca ARGS` with extra environment variables.
    pub fn arca_env<K: AsRef<OsStr>, V: AsRef<OsStr>>(
        &self,
        args: &[&str],
        vars: &[(K, V)],
    ) -> Assert {
        let mut cmd = self.cmd();
        for (k, v) in vars {
            cmd.env(k, v);
        }
        cmd.args(args).assert()
    }

    /// `arca init`; returns the public key it printed.
    pub fn init(&self) -> String {
        let out = self.arca(&["init"]).success();
        let key = String::from_utf8(stdout(&out)).unwrap();
        key.trim_end().to_owned()
    }

    /// `arca create NAME` with `value` on stdin.
    pub fn create(&self, name: &str, value: &[u8]) {
        self.arca_stdin(&["create", name], value).success();
    }

    /// `arca put NAME` with `value` on stdin; returns the new version id.
    pub fn put(&self, name: &str, value: &[u8]) -> String {
        let out = self
            .arca_stdin(&["put", name, "-o", "json"], value)
            .success();
        json_of(&out)["VersionId"].as_str().unwrap().to_owned()
    }

    /// `arca get ARGS…`: stdout bytes of a successful run.
    pub fn get(&self, args: &[&str]) -> Vec<u8> {
        let mut full = vec!["get"];
        full.extend_from_slice(args);
        stdout(&self.arca(&full).success())
    }

    /// Stdout of a successful `arca ARGS`.
    pub fn get_stdout(&self, args: &[&str]) -> Vec<u8> {
        stdout(&self.arca(args).success())
    }

    /// A successful `arca ARGS -o json`, parsed.
    pub fn json(&self, args: &[&str]) -> serde_json::Value {
        let mut full = args.to_vec();
        full.extend_from_slice(&["-o", "json"]);
        json_of(&self.arca(&full).success())
    }

    /// Version ids of NAME, newest first, deprecated included.
    pub fn version_ids(&self, name: &str) -> Vec<String> {
        self.json(&["versions", name, "--include-deprecated"])["Versions"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v["VersionId"].as_str().unwrap().to_owned())
            .collect()
    }

    /// The staging labels of one version (sorted), from `versions -o json`.
    pub fn stages_of(&self, name: &str, version_id: &str) -> Vec<String> {
        let doc = self.json(&["versions", name, "--include-deprecated"]);
        let version = doc["Versions"]
            .as_array()
            .unwrap()
            .iter()
            .find(|v| v["VersionId"] == version_id)
            .unwrap_or_else(|| panic!("no version {version_id} in {doc}"));
        let mut stages: Vec<String> = version["VersionStages"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s.as_str().unwrap().to_owned())
            .collect();
        stages.sort();
        stages
    }

    /// Names of the entries of a folder with their size and mtime, sorted.
    pub fn listing(&self, dir: &Path) -> Vec<(String, u64, std::time::SystemTime)> {
        listing(dir)
    }

    /// Names of leftover temp files beside the vault.
    pub fn temp_files(&self) -> Vec<String> {
        fs::read_dir(self.vault_dir())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.contains(".tmp"))
            .collect()
    }
}

pub fn listing(dir: &Path) -> Vec<(String, u64, std::time::SystemTime)> {
    let mut entries: Vec<_> = fs::read_dir(dir)
        .unwrap()
        .map(|e| {
            let e = e.unwrap();
            let meta = e.metadata().unwrap();
            (
                e.file_name().to_string_lossy().into_owned(),
                meta.len(),
                meta.modified().unwrap(),
            )
        })
        .collect();
    entries.sort();
    entries
}

/// What a finished run left: an assert_cmd `Assert` or a plain `Output`.
pub trait Ran {
    fn output(&self) -> &Output;
}

impl Ran for Assert {
    fn output(&self) -> &Output {
        self.get_output()
    }
}

impl Ran for Output {
    fn output(&self) -> &Output {
        self
    }
}

pub fn stdout(ran: &impl Ran) -> Vec<u8> {
    ran.output().stdout.clone()
}

pub fn stderr(ran: &impl Ran) -> String {
    String::from_utf8_lossy(&ran.output().stderr).into_owned()
}

/// Runs `cmd` (an `env.cmd()` with its args, variables and stdin set) and
/// returns its output, success or not; fails if any of `values` reaches stderr.
#[track_caller]
pub fn output_no_leak<V: AsRef<[u8]>>(cmd: &mut Command, values: &[V]) -> Output {
    let out = cmd.output().expect("running arca");
    assert_no_leak(&out.stderr, values);
    out
}

/// Fails if any of `values` is in `stderr`. Values shorter than 4 bytes are
/// not checked: they would match by accident.
#[track_caller]
pub fn assert_no_leak<V: AsRef<[u8]>>(stderr: &[u8], values: &[V]) {
    for value in values {
        let v = value.as_ref();
        assert!(
            v.len() < 4 || !stderr.windows(v.len()).any(|w| w == v),
            "a value leaked to stderr: {}",
            String::from_utf8_lossy(stderr)
        );
    }
}

pub fn json_of(assert: &Assert) -> serde_json::Value {
    let out = stdout(assert);
    serde_json::from_slice(&out).unwrap_or_else(|e| {
        panic!(
            "stdout is not JSON ({e}): {}",
            String::from_utf8_lossy(&out)
        )
    })
}

/// The error contract of SPEC §4: the first line is `error: …`, there is
/// exactly one such line, and no panic or backtrace text. Returns stderr.
#[track_caller]
pub fn assert_error_shape(assert: &Assert) -> String {
    let err = stderr(assert);
    let first = err.lines().next().unwrap_or("");
    assert!(
        first.starts_with("error: "),
        "first stderr line is not 'error: …':\n{err}"
    );
    assert_eq!(
        err.lines().filter(|l| l.starts_with("error")).count(),
        1,
        "more than one error line:\n{err}"
    );
    for bad in [
        "panicked",
        "thread 'main'",
        "RUST_BACKTRACE",
        "stack backtrace",
    ] {
        assert!(!err.contains(bad), "stderr contains {bad:?}:\n{err}");
    }
    // clap's usage errors carry a usage block; arca's own are `hint:` or indented detail.
    let from_clap = err.contains("\nUsage: ") || err.contains("For more information, try '--help'");
    for line in err.lines().skip(1).filter(|_| !from_clap) {
        assert!(
            line.starts_with("hint: ") || line.starts_with("    "),
            "unexpected stderr line {line:?}:\n{err}"
        );
    }
    err
}

/// Exit code `code`, the error shape, and none of `secrets` in stderr or stdout.
#[track_caller]
pub fn assert_fails(assert: Assert, code: i32, secrets: &[&str]) -> String {
    let assert = assert.code(code);
    let err = assert_error_shape(&assert);
    let out = String::from_utf8_lossy(&assert.get_output().stdout).into_owned();
    for secret in secrets {
        assert!(!err.contains(secret), "stderr leaks a value:\n{err}");
        assert!(!out.contains(secret), "stdout leaks a value:\n{out}");
    }
    err
}

/// A failed rotation: exit 6 with one `error:` line, which may follow the
/// hook's own stderr (passed through as it runs), and none of `secrets`.
#[track_caller]
pub fn assert_hook_fails(assert: Assert, secrets: &[&str]) -> String {
    let assert = assert.code(6);
    let err = stderr(&assert);
    assert_eq!(
        err.lines().filter(|l| l.starts_with("error: ")).count(),
        1,
        "{err}"
    );
    for bad in ["panicked", "thread 'main'", "stack backtrace"] {
        assert!(!err.contains(bad), "stderr contains {bad:?}:\n{err}");
    }
    for secret in secrets {
        assert!(!err.contains(secret), "stderr leaks a value:\n{err}");
    }
    err
}

pub fn mode(path: &Path) -> u32 {
    fs::metadata(path).unwrap().permissions().mode() & 0o777
}

pub fn set_mode(path: &Path, mode: u32) {
    fs::set_permissions(path, fs::Permissions::from_mode(mode)).unwrap();
}

/// Whether a payload line is the index trailer that ends every payload
/// arca writes (README, "The vault format").
pub fn is_index(line: &str) -> bool {
    line.starts_with("{\"index\":")
}

/// The vault's plaintext payload as `age -d` shows it, or None (with a
/// note) when the `age` CLI is not installed.
pub fn payload(env: &TestEnv, test: &str) -> Option<String> {
    let age = age_cli(test)?;
    let out = std::process::Command::new(age)
        .args(["-d", "-i"])
        .arg(env.identity_path())
        .arg(env.vault_path())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "age -d failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    Some(String::from_utf8(out.stdout).unwrap())
}

/// The Debian `age` CLI, if installed; else prints a note and returns None.
pub fn age_cli(test: &str) -> Option<PathBuf> {
    let found = std::env::var_os("PATH").and_then(|paths| {
        std::env::split_paths(&paths)
            .map(|dir| dir.join("age"))
            .find(|p| p.is_file())
    });
    if found.is_none() {
        eprintln!("note: skipping {test}: the `age` CLI is not on PATH (apt-get install age)");
    }
    found
}

/// True when `s` is an RFC 3339 date-time (`YYYY-MM-DDTHH:MM:SS[.frac](Z|±HH:MM)`)
/// that jiff also accepts as a timestamp.
pub fn is_rfc3339(s: &str) -> bool {
    let b = s.as_bytes();
    let digits = |r: std::ops::Range<usize>| {
        b.get(r.clone())
            .is_some_and(|d| d.iter().all(u8::is_ascii_digit))
    };
    let shape = b.len() >= 20
        && digits(0..4)
        && b[4] == b'-'
        && digits(5..7)
        && b[7] == b'-'
        && digits(8..10)
        && b[10] == b'T'
        && digits(11..13)
        && b[13] == b':'
        && digits(14..16)
        && b[16] == b':'
        && digits(17..19);
    if !shape {
        return false;
    }
    let mut rest = &s[19..];
    if let Some(frac) = rest.strip_prefix('.') {
        let n = frac.bytes().take_while(u8::is_ascii_digit).count();
        if n == 0 {
            return false;
        }
        rest = &frac[n..];
    }
    let zone_ok = rest == "Z" || {
        let z = rest.as_bytes();
        z.len() == 6
            && (z[0] == b'+' || z[0] == b'-')
            && z[1..3].iter().all(u8::is_ascii_digit)
            && z[3] == b':'
            && z[4..6].iter().all(u8::is_ascii_digit)
    };
    zone_ok && s.parse::<jiff::Timestamp>().is_ok()
}

/// `sh -c PRE; arca ARGS` under util-linux `script`, which gives arca a
/// pseudo-terminal; None (with a note) without `script`.
fn script_cmd(
    env: &TestEnv,
    pre: &str,
    args: &[&str],
    vars: &[(&str, &str)],
) -> Option<std::process::Command> {
    script_cmd_piped(env, pre, None, args, vars)
}

/// As [`script_cmd`], with arca's stdin a pipe from `printf '%s' INPUT`
/// when `input` is given: a terminal, but not on stdin.
fn script_cmd_piped(
    env: &TestEnv,
    pre: &str,
    input: Option<&str>,
    args: &[&str],
    vars: &[(&str, &str)],
) -> Option<std::process::Command> {
    if !Path::new("/usr/bin/script").exists() {
        eprintln!("note: skipping a terminal test: `script` (util-linux) is not installed");
        return None;
    }
    let quote = |s: &str| format!("'{}'", s.replace('\'', r"'\''"));
    let line = std::iter::once(BIN)
        .chain(args.iter().copied())
        .map(quote)
        .collect::<Vec<_>>()
        .join(" ");
    let line = match input {
        Some(input) => format!("printf '%s' {} | {line}", quote(input)),
        None => line,
    };
    let inner = if pre.is_empty() {
        line
    } else {
        format!("{pre}; {line}")
    };
    let base = env.std_cmd();
    // Bounded: a command that waits on the terminal must fail the test,
    // not hang the run.
    let mut cmd = std::process::Command::new("timeout");
    cmd.args(["120", "/usr/bin/script", "-qec", &inner, "/dev/null"]);
    for (k, v) in base.get_envs() {
        match v {
            Some(v) => cmd.env(k, v),
            None => cmd.env_remove(k),
        };
    }
    for (k, v) in vars {
        cmd.env(k, v);
    }
    cmd.current_dir(env.home());
    Some(cmd)
}

/// `arca ARGS` on a pseudo-terminal (util-linux `script`), stdout and
/// stderr merged as a person sees them; None (with a note) without `script`.
/// `pre` runs first in the same shell (e.g. `stty cols 120`).
pub fn on_tty(
    env: &TestEnv,
    pre: &str,
    args: &[&str],
    vars: &[(&str, &str)],
) -> Option<(i32, Vec<u8>)> {
    let out = script_cmd(env, pre, args, vars)?
        .stdin(Stdio::null())
        .output()
        .unwrap();
    Some((out.status.code().unwrap_or(-1), out.stdout))
}

/// `arca ARGS` on a pseudo-terminal that the test types into as a person
/// would: wait for a prompt, then type a line. What `script` reads on its
/// stdin reaches arca as keystrokes; the terminal echoes them unless arca
/// turned echo off, so the transcript shows whether input was hidden.
pub struct Tty {
    child: Child,
    keys: Option<ChildStdin>,
    transcript: Arc<Mutex<Vec<u8>>>,
    reader: Option<JoinHandle<()>>,
    /// Where the next prompt is looked for: after the last one answered.
    seen: usize,
}

/// How long a prompt or the exit may take before the test fails.
const TTY_WAIT: Duration = Duration::from_secs(20);

impl Tty {
    /// Starts `arca ARGS` on a terminal; None (with a note) without `script`.
    pub fn start(env: &TestEnv, args: &[&str], vars: &[(&str, &str)]) -> Option<Tty> {
        Tty::start_piped(env, None, args, vars)
    }

    /// As [`Tty::start`], with arca's stdin a pipe carrying `input` (when
    /// given) while the terminal stays its controlling terminal.
    pub fn start_piped(
        env: &TestEnv,
        input: Option<&str>,
        args: &[&str],
        vars: &[(&str, &str)],
    ) -> Option<Tty> {
        let mut child = script_cmd_piped(env, "", input, args, vars)?
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("starting script");
        let keys = child.stdin.take();
        let mut out = child.stdout.take().expect("script stdout");
        let transcript = Arc::new(Mutex::new(Vec::new()));
        let sink = transcript.clone();
        let reader = thread::spawn(move || {
            let mut buf = [0u8; 4096];
            while let Ok(n) = out.read(&mut buf) {
                if n == 0 {
                    break;
                }
                sink.lock().unwrap().extend_from_slice(&buf[..n]);
            }
        });
        Some(Tty {
            child,
            keys,
            transcript,
            reader: Some(reader),
            seen: 0,
        })
    }

    /// Everything arca wrote to the terminal so far, echoes included.
    pub fn transcript(&self) -> Vec<u8> {
        self.transcript.lock().unwrap().clone()
    }

    /// Waits for `prompt` to appear after the last prompt answered, then
    /// types `line` and Enter.
    #[track_caller]
    pub fn answer(&mut self, prompt: &str, line: &str) {
        let deadline = Instant::now() + TTY_WAIT;
        loop {
            let text = self.transcript();
            let rest = &text[self.seen.min(text.len())..];
            if let Some(at) = rest
                .windows(prompt.len())
                .position(|w| w == prompt.as_bytes())
            {
                self.seen += at + prompt.len();
                break;
            }
            if Instant::now() > deadline {
                let _ = self.child.kill();
                panic!(
                    "no prompt {prompt:?} on the terminal: {:?}",
                    String::from_utf8_lossy(&text)
                );
            }
            thread::sleep(Duration::from_millis(10));
        }
        // A hidden prompt turns echo off with TCSAFLUSH just after printing
        // itself, which throws away whatever was typed before: let it.
        thread::sleep(Duration::from_millis(150));
        let keys = self.keys.as_mut().expect("still typing");
        keys.write_all(format!("{line}\r").as_bytes()).unwrap();
        keys.flush().unwrap();
    }

    /// Waits for arca to exit; returns its exit code and the transcript.
    #[track_caller]
    pub fn finish(mut self) -> (i32, Vec<u8>) {
        let deadline = Instant::now() + TTY_WAIT;
        let status = loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                break status;
            }
            if Instant::now() > deadline {
                let _ = self.child.kill();
                let _ = self.child.wait();
                panic!(
                    "arca did not exit; the terminal shows {:?}",
                    String::from_utf8_lossy(&self.transcript())
                );
            }
            thread::sleep(Duration::from_millis(10));
        };
        drop(self.keys.take());
        // script has exited: the reader gets the last bytes, then EOF.
        if let Some(reader) = self.reader.take() {
            reader.join().unwrap();
        }
        (status.code().unwrap_or(-1), self.transcript())
    }
}

impl Drop for Tty {
    /// A test that failed half-way leaves no `script` (nor arca) behind.
    fn drop(&mut self) {
        if let Ok(None) = self.child.try_wait() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}
