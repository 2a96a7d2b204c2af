//! The agent (SPEC §10): one prompt per session, timers, locking, the
//! socket's defences, and a clean fallback whenever it is gone.

use std::fs;
use std::io::{Read, Write};
use std::os::unix::net::{UnixListener, UnixStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Output, Stdio};
use std::thread;
use std::time::{Duration, Instant};

use crate::util::*;

const PASSPHRASE: &str = "agent-test-passphrase-91c2";
/// age asks on the terminal when no pinentry program can be found.
const NO_PINENTRY: (&str, &str) = ("PINENTRY_PROGRAM", "/nonexistent/pinentry");

/// The agent's runtime folder for this HOME (0700, as a session's is).
fn run_dir(env: &TestEnv) -> PathBuf {
    let dir = env.path("run");
    if !dir.exists() {
        fs::create_dir(&dir).unwrap();
        set_mode(&dir, 0o700);
    }
    dir
}

fn socket(env: &TestEnv) -> PathBuf {
    run_dir(env).join("arca/agent.sock")
}

/// Variables that point arca at this HOME's agent (and make age ask for a
/// passphrase on the terminal).
fn vars(env: &TestEnv) -> Vec<(&'static str, String)> {
    vec![
        ("XDG_RUNTIME_DIR", run_dir(env).display().to_string()),
        (NO_PINENTRY.0, NO_PINENTRY.1.to_owned()),
        ("ARCA_AGENT", "on".to_owned()),
    ]
}

fn borrowed<'a>(vars: &'a [(&'static str, String)]) -> Vec<(&'static str, &'a str)> {
    vars.iter().map(|(k, v)| (*k, v.as_str())).collect()
}

/// `arca ARGS` on a terminal with the agent's variables.
fn tty(env: &TestEnv, args: &[&str]) -> Tty {
    Tty::start(env, args, &borrowed(&vars(env))).unwrap()
}

/// `arca ARGS` with the agent's variables.
fn arca(env: &TestEnv, args: &[&str]) -> assert_cmd::assert::Assert {
    env.arca_env(args, &vars(env))
}

/// `arca ARGS` with the agent's variables and `input` on stdin.
fn arca_stdin(env: &TestEnv, args: &[&str], input: &[u8]) -> assert_cmd::assert::Assert {
    env.cmd()
        .envs(vars(env))
        .args(args)
        .write_stdin(input)
        .assert()
}

/// `arca ARGS` with no controlling terminal and stdin closed: it cannot ask
/// for a passphrase anywhere, so success means nothing needed asking.
fn detached(env: &TestEnv, args: &[&str], extra: &[(&str, &str)]) -> Output {
    let base = env.std_cmd();
    let mut cmd = std::process::Command::new("setsid");
    cmd.arg("-w").arg(BIN).args(args);
    for (k, v) in base.get_envs() {
        match v {
            Some(v) => cmd.env(k, v),
            None => cmd.env_remove(k),
        };
    }
    for (k, v) in vars(env) {
        cmd.env(k, v);
    }
    for (k, v) in extra {
        cmd.env(k, v);
    }
    cmd.current_dir(env.home())
        .stdin(Stdio::null())
        .output()
        .unwrap()
}

#[track_caller]
fn detached_get(env: &TestEnv, name: &str) -> Vec<u8> {
    let out = detached(env, &["get", name], &[]);
    assert!(
        out.status.success(),
        "get {name}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out.stdout
}

/// An agent in the foreground, killed when dropped.
struct Agent {
    child: Child,
    pid: u32,
}

impl Agent {
    fn start(env: &TestEnv, args: &[&str]) -> Agent {
        let log = fs::File::create(env.path("agent.log")).unwrap();
        let mut cmd = env.std_cmd();
        for (k, v) in vars(env) {
            cmd.env(k, v);
        }
        let child = cmd
            .args(["agent", "start", "--foreground"])
            .args(args)
            .stderr(log)
            .spawn()
            .unwrap();
        let pid = child.id();
        let agent = Agent { child, pid };
        let deadline = Instant::now() + Duration::from_secs(20);
        while status(env).is_none() {
            assert!(Instant::now() < deadline, "the agent did not start");
            thread::sleep(Duration::from_millis(20));
        }
        agent
    }

    fn kill9(&mut self) {
        self.child.kill().unwrap();
        self.child.wait().unwrap();
    }
}

impl Drop for Agent {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// `arca agent status -o json`, or None when no agent answers.
fn status(env: &TestEnv) -> Option<serde_json::Value> {
    let out = env
        .cmd()
        .envs(vars(env))
        .args(["agent", "status", "-o", "json"])
        .output()
        .unwrap();
    out.status
        .success()
        .then(|| serde_json::from_slice(&out.stdout).unwrap())
}

fn unlocked(env: &TestEnv) -> bool {
    status(env).expect("an agent")["Unlocked"] == true
}

/// A HOME whose identity is protected by PASSPHRASE, with one secret.
fn passphrase_env() -> Option<TestEnv> {
    let env = TestEnv::new();
    let mut tty = Tty::start(&env, &["init", "--passphrase"], &[])?;
    tty.answer("Passphrase for the new identity", PASSPHRASE);
    tty.answer("Again", PASSPHRASE);
    assert_eq!(tty.finish().0, 0);
    let file = env.write_file("value.txt", b"value-one-5d1e");
    let mut tty = Tty::start(
        &env,
        &["create", "s", "--value-file", file.to_str().unwrap()],
        &[NO_PINENTRY],
    )?;
    tty.answer("passphrase", PASSPHRASE);
    assert_eq!(tty.finish().0, 0);
    fs::remove_file(file).unwrap();
    Some(env)
}

/// `arca unlock` on a terminal, answering the one passphrase prompt.
fn unlock(env: &TestEnv) {
    let mut tty = tty(env, &["unlock"]);
    tty.answer("passphrase", PASSPHRASE);
    let (code, transcript) = tty.finish();
    assert_eq!(code, 0, "{}", String::from_utf8_lossy(&transcript));
}

fn count(haystack: &[u8], needle: &[u8]) -> usize {
    haystack
        .windows(needle.len())
        .filter(|w| *w == needle)
        .count()
}

#[test]
fn one_prompt_for_a_hundred_gets() {
    let Some(env) = passphrase_env() else { return };
    let _agent = Agent::start(&env, &[]);
    // One terminal session: unlock, then 100 gets, each of which would
    // show a prompt on this terminal if it needed the passphrase.
    let out = env.path("values.txt");
    let pre = format!(
        "{BIN} unlock && for i in $(seq 100); do {BIN} get s >> '{}' || exit 9; done",
        out.display()
    );
    let mut tty =
        Tty::start_after(&env, &pre, &["agent", "status"], &borrowed(&vars(&env))).unwrap();
    tty.answer("passphrase", PASSPHRASE);
    let (code, transcript) = tty.finish();
    let text = String::from_utf8_lossy(&transcript);
    assert_eq!(code, 0, "{text}");
    assert_eq!(count(&transcript, b"passphrase"), 1, "{text}");
    assert!(text.contains("state: unlocked"), "{text}");
    assert_eq!(fs::read(&out).unwrap(), b"value-one-5d1e".repeat(100));
}

#[test]
fn lock_and_stop_make_the_next_get_ask_again() {
    let Some(env) = passphrase_env() else { return };
    let agent = Agent::start(&env, &[]);
    // Locked (nothing held yet): no terminal, no passphrase, exit 5.
    let out = detached(&env, &["get", "s"], &[]);
    assert_eq!(out.status.code(), Some(5));
    unlock(&env);
    assert_eq!(detached_get(&env, "s"), b"value-one-5d1e");
    let s = status(&env).unwrap();
    assert_eq!(s["Identities"].as_array().unwrap().len(), 1, "{s}");
    assert!(s["Identities"][0].as_str().unwrap().starts_with("age1"));

    arca(&env, &["lock"]).success();
    assert!(!unlocked(&env));
    let out = detached(&env, &["get", "s"], &[]);
    assert_eq!(
        out.status.code(),
        Some(5),
        "locked: the passphrase is needed again"
    );

    // Asked on a terminal, the get opens the vault, and the agent keeps
    // that vault's file key (not the identity): the next get needs nothing.
    let mut tty = tty(&env, &["get", "s"]);
    tty.answer("passphrase", PASSPHRASE);
    assert_eq!(tty.finish().0, 0);
    assert_eq!(detached_get(&env, "s"), b"value-one-5d1e");

    arca(&env, &["agent", "stop"]).success();
    let mut agent = agent;
    assert!(
        agent.child.wait().unwrap().success(),
        "SIGTERM path: a clean exit"
    );
    assert!(!socket(&env).exists(), "the socket is removed");
    assert_eq!(status(&env), None);
    let out = detached(&env, &["get", "s"], &[]);
    assert_eq!(
        out.status.code(),
        Some(5),
        "stopped: the passphrase is needed again"
    );
}

#[test]
fn the_bypasses_leave_the_agent_out() {
    let Some(env) = passphrase_env() else { return };
    let _agent = Agent::start(&env, &[]);
    unlock(&env);
    assert_eq!(detached_get(&env, "s"), b"value-one-5d1e");
    let out = detached(&env, &["--no-agent", "get", "s"], &[]);
    assert_eq!(
        out.status.code(),
        Some(5),
        "--no-agent reads the identity file"
    );
    let out = detached(&env, &["get", "s"], &[("ARCA_AGENT", "off")]);
    assert_eq!(
        out.status.code(),
        Some(5),
        "ARCA_AGENT=off reads the identity file"
    );
}

#[test]
fn status_does_not_extend_the_ttl_and_a_short_ttl_expires() {
    let env = TestEnv::initialized();
    env.create("s", b"v");
    let _agent = Agent::start(&env, &["--ttl", "2s"]);
    arca(&env, &["unlock"]).success();
    // Asked again and again for longer than the TTL, status keeps nothing alive.
    let until = Instant::now() + Duration::from_millis(3500);
    while Instant::now() < until {
        status(&env).unwrap();
        thread::sleep(Duration::from_millis(100));
    }
    let s = status(&env).unwrap();
    assert_eq!(s["Unlocked"], false, "{s}");
    assert_eq!(s["FileKeys"], 0, "{s}");
    let log = fs::read_to_string(env.path("agent.log")).unwrap();
    assert!(log.contains("timed out, locked"), "{log}");
}

#[test]
fn use_extends_the_idle_ttl_but_not_the_lifetime() {
    let env = TestEnv::initialized();
    env.create("s", b"v");
    let _agent = Agent::start(&env, &["--ttl", "3s", "--max-ttl", "6s"]);
    arca(&env, &["unlock"]).success();
    // Gets every 300 ms for 4 s: past the idle TTL, still unlocked.
    let until = Instant::now() + Duration::from_secs(4);
    while Instant::now() < until {
        arca(&env, &["get", "s"]).success();
        thread::sleep(Duration::from_millis(300));
    }
    assert!(unlocked(&env), "use extends the idle timer");
    // The lifetime (6 s) ends it however busy it is.
    let until = Instant::now() + Duration::from_secs(3);
    while Instant::now() < until {
        arca(&env, &["get", "s"]).success();
        thread::sleep(Duration::from_millis(300));
    }
    let s = status(&env).unwrap();
    assert!(
        s["Unlocked"] == false || s["LifetimeSecondsLeft"].as_u64().unwrap() > 0,
        "{s}"
    );
    thread::sleep(Duration::from_millis(500));
    // Within the last get's own idle TTL, but past the lifetime.
    let deadline = Instant::now() + Duration::from_secs(5);
    while unlocked(&env) {
        assert!(Instant::now() < deadline, "the lifetime did not end it");
        thread::sleep(Duration::from_millis(200));
    }
}

#[test]
fn a_vault_rewritten_elsewhere_is_read_correctly() {
    let Some(env) = passphrase_env() else { return };
    let _agent = Agent::start(&env, &[]);
    unlock(&env);
    assert_eq!(detached_get(&env, "s"), b"value-one-5d1e");
    // Another process (no agent) writes a new vault: new header, new file key.
    let file = env.write_file("v2.txt", b"value-two-77aa");
    let mut tty = tty(
        &env,
        &[
            "--no-agent",
            "put",
            "s",
            "--value-file",
            file.to_str().unwrap(),
        ],
    );
    tty.answer("passphrase", PASSPHRASE);
    assert_eq!(tty.finish().0, 0);
    // The agent unwraps the new header with the identity it holds.
    assert_eq!(detached_get(&env, "s"), b"value-two-77aa");
}

#[test]
fn arcas_own_writes_register_their_file_key() {
    let env = TestEnv::initialized();
    env.create("s", b"v1");
    let _agent = Agent::start(&env, &[]);
    arca(&env, &["unlock"]).success();
    assert_eq!(status(&env).unwrap()["FileKeys"], 1, "the vault's file key");
    arca_stdin(&env, &["put", "s"], b"v2").success();
    assert_eq!(status(&env).unwrap()["FileKeys"], 2, "the new header's key");
    // With the identity file gone, only the agent can open the vault.
    let identity = env.identity_path();
    let saved = fs::read(&identity).unwrap();
    fs::remove_file(&identity).unwrap();
    assert_eq!(stdout(&arca(&env, &["get", "s"]).success()), b"v2");
    arca_stdin(&env, &["put", "s"], b"v3").success();
    assert_eq!(stdout(&arca(&env, &["get", "s"]).success()), b"v3");
    // Without the agent, nothing can.
    assert_fails(arca(&env, &["--no-agent", "get", "s"]), 5, &["v3"]);
    fs::write(&identity, saved).unwrap();
    set_mode(&identity, 0o600);
}

#[test]
fn a_second_start_says_one_is_running_and_a_killed_agent_is_recovered_from() {
    let env = TestEnv::initialized();
    env.create("s", b"v");
    let mut agent = Agent::start(&env, &[]);
    let err = assert_fails(arca(&env, &["agent", "start"]), 4, &[]);
    assert!(
        err.contains("already running") && err.contains(&agent.pid.to_string()),
        "{err}"
    );
    arca(&env, &["unlock"]).success();

    agent.kill9();
    assert!(socket(&env).exists(), "kill -9 leaves the socket behind");
    // Commands carry on without it, and say nothing about it.
    let out = arca(&env, &["get", "s"]).success();
    assert_eq!(stdout(&out), b"v");
    assert_eq!(stderr(&out), "");
    assert_fails(arca(&env, &["agent", "status"]), 3, &[]);
    // A new agent takes the stale socket's place, holding nothing.
    let _again = Agent::start(&env, &[]);
    assert!(!unlocked(&env));
}

#[test]
fn background_start_prints_the_socket_for_eval_and_stop_ends_it() {
    let env = TestEnv::initialized();
    let out = arca(&env, &["agent", "start", "--ttl", "1m"]).success();
    let line = String::from_utf8(stdout(&out)).unwrap();
    assert_eq!(
        line,
        format!(
            "ARCA_AGENT_SOCK='{}'; export ARCA_AGENT_SOCK;\n",
            socket(&env).display()
        )
    );
    let s = status(&env).unwrap();
    assert_eq!(s["TtlSeconds"], 60);
    assert_eq!(s["MaxTtlSeconds"], 8 * 3600);
    arca(&env, &["agent", "stop"]).success();
    let deadline = Instant::now() + Duration::from_secs(10);
    while socket(&env).exists() {
        assert!(Instant::now() < deadline, "the agent did not stop");
        thread::sleep(Duration::from_millis(20));
    }
    assert_eq!(status(&env), None);
}

#[test]
fn an_unsafe_socket_folder_is_refused_by_both_sides() {
    let env = TestEnv::initialized();
    env.create("s", b"v");
    let dir = run_dir(&env).join("arca");
    fs::create_dir(&dir).unwrap();
    set_mode(&dir, 0o755);
    let err = assert_fails(arca(&env, &["agent", "start", "--foreground"]), 5, &[]);
    assert!(err.contains("others can enter it (mode 755)"), "{err}");
    // The client: a socket there is not used; commands fall back and warn.
    set_mode(&dir, 0o700);
    let agent = Agent::start(&env, &[]);
    set_mode(&dir, 0o755);
    let err = assert_fails(arca(&env, &["agent", "status"]), 5, &[]);
    assert!(err.contains("refusing the agent folder"), "{err}");
    let out = arca(&env, &["get", "s"]).success();
    assert_eq!(stdout(&out), b"v");
    assert!(
        stderr(&out).contains("not using the agent"),
        "{}",
        stderr(&out)
    );
    set_mode(&dir, 0o700);
    drop(agent);

    // A symbolic link to a good folder is refused too.
    let real = env.path("real");
    fs::create_dir(&real).unwrap();
    set_mode(&real, 0o700);
    let link = env.path("link");
    std::os::unix::fs::symlink(&real, &link).unwrap();
    let sock = link.join("agent.sock");
    let err = assert_fails(
        env.arca_env(
            &["agent", "start", "--foreground"],
            &[("ARCA_AGENT_SOCK", sock.to_str().unwrap())],
        ),
        5,
        &[],
    );
    assert!(err.contains("symbolic link"), "{err}");
}

/// A user other than root to run as, when the tests run as root.
fn as_nobody() -> Option<std::process::Command> {
    let root = std::process::Command::new("id").arg("-u").output().ok()?;
    if root.stdout != b"0\n" || !Path::new("/usr/bin/setpriv").exists() {
        eprintln!("note: skipping a second-user test: it needs root and setpriv");
        return None;
    }
    let mut cmd = std::process::Command::new("setpriv");
    cmd.args(["--reuid=65534", "--regid=65534", "--clear-groups", "--"]);
    Some(cmd)
}

/// A child process killed when dropped, even by a failed assertion.
struct Killed(Child);

impl Drop for Killed {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// An agent run as uid 65534 in a runtime folder of its own.
fn nobody_agent() -> Option<(tempfile::TempDir, Killed, PathBuf)> {
    let mut cmd = as_nobody()?;
    let run = tempfile::Builder::new()
        .prefix("arca-run-")
        .tempdir()
        .unwrap();
    std::os::unix::fs::chown(run.path(), Some(65534), Some(65534)).unwrap();
    set_mode(run.path(), 0o700);
    let sock = run.path().join("arca/agent.sock");
    let child = cmd
        .args([BIN, "agent", "start", "--foreground"])
        .env_clear()
        .env("ARCA_AGENT_SOCK", &sock)
        .env("HOME", run.path())
        .stdin(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let child = Killed(child);
    let deadline = Instant::now() + Duration::from_secs(20);
    while UnixStream::connect(&sock).is_err() {
        assert!(Instant::now() < deadline, "the agent did not start");
        thread::sleep(Duration::from_millis(20));
    }
    Some((run, child, sock))
}

#[test]
fn another_user_is_refused_by_the_agent_and_the_client() {
    let Some((_run, mut child, sock)) = nobody_agent() else {
        return;
    };
    // Root can reach the socket; the agent checks the peer's uid and hangs
    // up without a word.
    let mut stream = UnixStream::connect(&sock).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    let hello = br#"{"op":"hello","version":1}"#;
    let mut frame = (hello.len() as u32).to_be_bytes().to_vec();
    frame.extend_from_slice(hello);
    // The agent may have hung up already: then the write fails, as it should.
    let _ = stream.write_all(&frame);
    let mut answer = Vec::new();
    let _ = stream.read_to_end(&mut answer);
    assert!(answer.is_empty(), "answered: {answer:?}");
    // And arca, as root, does not trust another user's folder.
    let env = TestEnv::initialized();
    let err = assert_fails(
        env.arca_env(&["agent", "status"], &[("ARCA_AGENT_SOCK", &sock)]),
        5,
        &[],
    );
    assert!(err.contains("belongs to uid 65534"), "{err}");
    child.0.kill().unwrap();
    let mut log = String::new();
    child
        .0
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut log)
        .unwrap();
    assert!(
        log.contains("refused a connection from another user"),
        "{log}"
    );
}

#[test]
fn the_agents_memory_and_environment_are_closed_to_its_own_user() {
    let Some((_run, agent, _sock)) = nobody_agent() else {
        return;
    };
    let pid = agent.0.id();
    // A process of the same uid that is not hardened: readable, so the
    // check below can tell.
    let sleeper = Killed(as_nobody().unwrap().args(["sleep", "30"]).spawn().unwrap());
    let read = |pid: u32, what: &str| {
        as_nobody()
            .unwrap()
            .args([
                "dd",
                &format!("if=/proc/{pid}/{what}"),
                "of=/dev/null",
                "bs=1",
                "count=1",
            ])
            .stderr(Stdio::piped())
            .output()
            .unwrap()
    };
    assert!(read(sleeper.0.id(), "environ").status.success());
    for what in ["environ", "mem"] {
        let out = read(pid, what);
        assert!(!out.status.success(), "/proc/{pid}/{what} was readable");
        assert!(
            String::from_utf8_lossy(&out.stderr).contains("Permission denied"),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

#[test]
fn an_agent_killed_mid_command_leaves_a_clean_fallback() {
    let env = TestEnv::initialized();
    env.create("s", b"before");
    let agent = Agent::start(&env, &[]);
    arca(&env, &["unlock"]).success();
    // The rotation hook kills the agent while `rotate` is between reading
    // and writing the vault.
    let hook = env.write_file(
        "hook.sh",
        format!(
            "#!/bin/sh\ncat > /dev/null\nif [ \"$ARCA_STEP\" = create ]; then kill -9 {}; printf rotated-value; fi\n",
            agent.pid
        )
        .as_bytes(),
    );
    set_mode(&hook, 0o755);
    env.write_file(
        ".config/arca/config.toml",
        format!("[hooks.k]\ncommand = \"{}\"\n", hook.display()).as_bytes(),
    );
    let out = arca(&env, &["rotate", "s", "--hook", "k"]).success();
    assert!(!stderr(&out).contains("agent"), "{}", stderr(&out));
    assert_eq!(
        stdout(&arca(&env, &["get", "s"]).success()),
        b"rotated-value"
    );
    assert_eq!(
        stdout(&arca(&env, &["get", "s", "--version-stage", "AWSPREVIOUS"]).success()),
        b"before"
    );
    drop(agent);
}

#[test]
fn no_secret_bytes_reach_any_file() {
    let Some(env) = passphrase_env() else { return };
    let _agent = Agent::start(&env, &[]);
    unlock(&env);
    arca_stdin(&env, &["put", "s"], b"second-value-c0ffee").success();
    assert_eq!(detached_get(&env, "s"), b"second-value-c0ffee");
    // The agent holds the identity in memory only: neither its key nor a
    // value is in any file under HOME (run folder and socket included).
    let status = status(&env).unwrap();
    assert_eq!(status["Identities"].as_array().unwrap().len(), 1);
    let mut files = vec![env.home().to_path_buf()];
    let mut seen = 0;
    while let Some(path) = files.pop() {
        let meta = fs::symlink_metadata(&path).unwrap();
        if meta.is_dir() {
            for entry in fs::read_dir(&path).unwrap() {
                files.push(entry.unwrap().path());
            }
        } else if meta.is_file() {
            seen += 1;
            let bytes = fs::read(&path).unwrap();
            for secret in [
                &b"AGE-SECRET-KEY-1"[..],
                b"second-value-c0ffee",
                b"value-one-5d1e",
            ] {
                assert_eq!(
                    count(&bytes, secret),
                    0,
                    "{} holds a secret",
                    path.display()
                );
            }
        }
    }
    assert!(
        seen >= 3,
        "the identity, the vault and the agent log were checked"
    );
}

#[test]
fn exec_does_not_hand_the_agent_socket_to_its_command() {
    let env = TestEnv::initialized();
    env.create("s", b"v");
    let out = env
        .cmd()
        .env("ARCA_AGENT_SOCK", "/nonexistent/agent.sock")
        .args([
            "exec",
            "--env",
            "S=s",
            "--",
            "sh",
            "-c",
            "echo \"[${ARCA_AGENT_SOCK-unset}] $S\"",
        ])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(out.stdout, b"[unset] v\n");
}

#[test]
fn an_agent_of_another_version_is_left_alone_with_a_hint() {
    let env = TestEnv::initialized();
    env.create("s", b"v");
    let dir = run_dir(&env).join("arca");
    fs::create_dir(&dir).unwrap();
    set_mode(&dir, 0o700);
    let listener = UnixListener::bind(dir.join("agent.sock")).unwrap();
    // A stand-in for a future agent: it answers the hello with version 99.
    let server = thread::spawn(move || {
        for _ in 0..2 {
            let (mut stream, _) = listener.accept().unwrap();
            let mut len = [0u8; 4];
            stream.read_exact(&mut len).unwrap();
            let mut body = vec![0; u32::from_be_bytes(len) as usize];
            stream.read_exact(&mut body).unwrap();
            let reply = br#"{"reply":"hello","version":99,"pid":4242}"#;
            stream
                .write_all(&(reply.len() as u32).to_be_bytes())
                .unwrap();
            stream.write_all(reply).unwrap();
        }
    });
    let out = arca(&env, &["get", "s"]).success();
    assert_eq!(stdout(&out), b"v");
    let err = stderr(&out);
    assert!(
        err.contains("speaks protocol 99") && err.contains("kill 4242"),
        "{err}"
    );
    let err = assert_fails(arca(&env, &["agent", "status"]), 5, &[]);
    assert!(err.contains("speaks protocol 99"), "{err}");
    server.join().unwrap();
}

#[test]
fn cache_vault_answers_gets_from_memory_and_never_a_stale_value() {
    let env = TestEnv::initialized();
    env.create("a", b"a1");
    env.create("b", b"b1");
    let _agent = Agent::start(&env, &["--cache-vault"]);
    arca(&env, &["unlock"]).success();
    assert_eq!(stdout(&arca(&env, &["get", "a"]).success()), b"a1");
    let s = status(&env).unwrap();
    assert_eq!(s["CachedSecrets"], 2, "{s}");
    assert_fails(arca(&env, &["get", "nope"]), 3, &[]);

    // arca's own write: a new header, so the cache is read again.
    arca_stdin(&env, &["put", "a"], b"a2").success();
    assert_eq!(stdout(&arca(&env, &["get", "a"]).success()), b"a2");
    assert_eq!(
        stdout(&arca(&env, &["get", "a", "--version-stage", "AWSPREVIOUS"]).success()),
        b"a1"
    );
    // Another process's write, whose file key the agent has never seen.
    env.arca_stdin(&["--no-agent", "put", "b"], b"b2").success();
    assert_eq!(stdout(&arca(&env, &["get", "b"]).success()), b"b2");
    // A secret scheduled for deletion is refused as without the cache.
    arca(&env, &["delete", "b"]).success();
    assert_fails(arca(&env, &["get", "b"]), 4, &["b2"]);

    // With the identity gone, only the cache can answer.
    fs::remove_file(env.identity_path()).unwrap();
    assert_eq!(stdout(&arca(&env, &["get", "a"]).success()), b"a2");
    arca(&env, &["lock"]).success();
    assert_eq!(
        status(&env).unwrap()["CachedSecrets"],
        serde_json::Value::Null
    );
    assert_fails(arca(&env, &["get", "a"]), 5, &["a2"]);
}

#[test]
fn a_plugin_identity_is_used_once_per_vault_version() {
    let env = TestEnv::initialized();
    env.create("s", b"v1");
    let bin = env.path("bin");
    fs::create_dir(&bin).unwrap();
    let plugin = bin.join("age-plugin-fake");
    fs::copy(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/it/age-plugin-fake.py"),
        &plugin,
    )
    .unwrap();
    set_mode(&plugin, 0o755);
    let log = env.path("plugin.log");
    let path = format!("{}:{}", bin.display(), std::env::var("PATH").unwrap());
    // Through the interpreter: executing a file just written can fail with
    // ETXTBSY while another test's fork still holds it open.
    let keys = std::process::Command::new("python3")
        .arg(&plugin)
        .arg("--keys")
        .output()
        .unwrap();
    let keys = String::from_utf8(keys.stdout).unwrap();
    let (recipient, identity) = keys.trim().split_once('\n').unwrap();
    let with = |args: &[&str], input: &[u8]| {
        env.cmd()
            .envs(vars(&env))
            .env("PATH", &path)
            .env("FAKE_PLUGIN_LOG", &log)
            .args(args)
            .write_stdin(input)
            .assert()
    };
    with(&["recipients", "add", recipient], b"").success();
    // From now on the only identity is the plugin's.
    let id_file = env.write_file("plugin-identity.txt", format!("{identity}\n").as_bytes());
    set_mode(&id_file, 0o600);
    let id = id_file.to_str().unwrap();
    let unwraps = || {
        fs::read_to_string(&log)
            .unwrap_or_default()
            .lines()
            .filter(|l| *l == "identity-v1")
            .count()
    };
    let get = |expected: &[u8]| {
        let out = with(&["--identity", id, "get", "s"], b"").success();
        assert_eq!(stdout(&out), expected);
    };
    get(b"v1");
    assert_eq!(unwraps(), 1, "without an agent: once per command");

    let _agent = Agent::start(&env, &[]);
    with(&["--identity", id, "unlock"], b"").success();
    assert_eq!(unwraps(), 2, "unlock: one touch");
    for _ in 0..5 {
        get(b"v1");
    }
    assert_eq!(unwraps(), 2, "gets: none");
    // arca's own write: its new file key is registered, no touch to read it.
    with(&["--identity", id, "put", "s"], b"v2").success();
    get(b"v2");
    assert_eq!(unwraps(), 2, "after arca's own write: none");
    // Another process's write: one touch for the new version, then none.
    with(&["--no-agent", "--identity", id, "put", "s"], b"v3").success();
    assert_eq!(unwraps(), 3);
    for _ in 0..3 {
        get(b"v3");
    }
    assert_eq!(unwraps(), 4, "one touch per vault version");
}
