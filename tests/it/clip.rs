//! `arca get --clip`: xclip under a real X server (Xvfb); skipped with a
//! note when either is missing, unless ARCA_REQUIRE_CLIP=1.

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::thread::sleep;
use std::time::{Duration, Instant};

use crate::util::*;

/// An Xvfb on a display it picks itself; killed when dropped.
struct Xvfb {
    child: Child,
    display: String,
}

impl Drop for Xvfb {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn have(program: &str, arg: &str) -> bool {
    Command::new(program)
        .arg(arg)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok()
}

fn xvfb(test: &str) -> Option<Xvfb> {
    if !have("Xvfb", "-help") || !have("xclip", "-version") {
        assert!(
            std::env::var_os("ARCA_REQUIRE_CLIP").is_none(),
            "ARCA_REQUIRE_CLIP is set but Xvfb or xclip is missing"
        );
        eprintln!("note: {test}: skipped, Xvfb and xclip are needed");
        return None;
    }
    let mut child = Command::new("Xvfb")
        .args([
            "-displayfd",
            "1",
            "-nolisten",
            "tcp",
            "-screen",
            "0",
            "640x480x24",
        ])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    Some(Xvfb {
        child,
        display: format!(":{}", line.trim()),
    })
}

fn clipboard(display: &str) -> String {
    let out = Command::new("xclip")
        .args(["-selection", "clipboard", "-out"])
        .env("DISPLAY", display)
        .output()
        .unwrap();
    String::from_utf8(out.stdout).unwrap()
}

fn set_clipboard(display: &str, text: &str) {
    let mut child = Command::new("xclip")
        .args(["-selection", "clipboard", "-in"])
        .env("DISPLAY", display)
        .stdin(Stdio::piped())
        .spawn()
        .unwrap();
    use std::io::Write;
    child
        .stdin
        .take()
        .unwrap()
        .write_all(text.as_bytes())
        .unwrap();
    assert!(child.wait().unwrap().success());
}

/// Whether an `arca __clip-clear` for this display is still running.
fn clearer_running(display: &str) -> bool {
    let want = format!("DISPLAY={display}\0");
    std::fs::read_dir("/proc").unwrap().flatten().any(|p| {
        let cmdline = std::fs::read(p.path().join("cmdline")).unwrap_or_default();
        let environ = std::fs::read(p.path().join("environ")).unwrap_or_default();
        cmdline.windows(12).any(|w| w == b"__clip-clear")
            && environ.windows(want.len()).any(|w| w == want.as_bytes())
    })
}

/// Waits (up to 30 s) for the clearer to finish.
/// (Tests copy for 5 s: a window a loaded CI machine still reads within.)
fn wait_for_clearer(display: &str) {
    let deadline = Instant::now() + Duration::from_secs(30);
    while clearer_running(display) {
        assert!(Instant::now() < deadline, "the clearer is still running");
        sleep(Duration::from_millis(100));
    }
}

#[test]
fn clip_copies_then_clears() {
    let Some(x) = xvfb("clip_copies_then_clears") else {
        return;
    };
    let env = TestEnv::initialized();
    env.create("dev/db", br#"{"user":"app","password":"pw-clip-1"}"#);
    let out = env
        .cmd()
        .args([
            "get",
            "dev/db",
            "--clip",
            "--field",
            "password",
            "--clip-seconds",
            "5",
        ])
        .env("DISPLAY", &x.display)
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    assert!(out.stdout.is_empty(), "{out:?}");
    assert_no_leak(&out.stderr, &["pw-clip-1"]);
    assert!(
        stderr(&out).contains(
            "copied field 'password' of 'dev/db' to the clipboard (xclip); clearing it in 5 s"
        ),
        "{out:?}"
    );
    assert_eq!(clipboard(&x.display), "pw-clip-1");
    wait_for_clearer(&x.display);
    assert_eq!(clipboard(&x.display), "");

    // The whole value, with -c.
    env.cmd()
        .args(["get", "dev/db", "-c", "--clip-seconds", "5"])
        .env("DISPLAY", &x.display)
        .assert()
        .success()
        .stdout("");
    assert_eq!(
        clipboard(&x.display),
        r#"{"user":"app","password":"pw-clip-1"}"#
    );
    wait_for_clearer(&x.display);
    assert_eq!(clipboard(&x.display), "");
}

#[test]
fn clip_leaves_what_was_copied_since() {
    let Some(x) = xvfb("clip_leaves_what_was_copied_since") else {
        return;
    };
    let env = TestEnv::initialized();
    env.create("dev/t", b"tok-clip-2");
    env.cmd()
        .args(["get", "dev/t", "--clip", "--clip-seconds", "5"])
        .env("DISPLAY", &x.display)
        .assert()
        .success();
    assert_eq!(clipboard(&x.display), "tok-clip-2");
    set_clipboard(&x.display, "copied by the user");
    wait_for_clearer(&x.display);
    assert_eq!(clipboard(&x.display), "copied by the user");
}

#[test]
fn clip_without_a_clipboard_is_a_clear_error() {
    let env = TestEnv::initialized();
    env.create("dev/t", b"tok-clip-3");
    let msg = assert_fails(
        env.cmd()
            .args(["get", "dev/t", "--clip"])
            .env_remove("DISPLAY")
            .env_remove("WAYLAND_DISPLAY")
            .assert(),
        1,
        &["tok-clip-3"],
    );
    assert!(msg.contains("no clipboard"), "{msg}");
    // A display but no tool on PATH.
    let empty = env.path("empty-bin");
    std::fs::create_dir(&empty).unwrap();
    let msg = assert_fails(
        env.cmd()
            .args(["get", "dev/t", "--clip"])
            .env("DISPLAY", ":99")
            .env_remove("WAYLAND_DISPLAY")
            .env("PATH", &empty)
            .assert(),
        1,
        &["tok-clip-3"],
    );
    assert!(msg.contains("install xclip or xsel"), "{msg}");

    let bin = env.write_file("blob", b"\xff\x00");
    env.arca(&["create", "dev/bin", "--binary-file", bin.to_str().unwrap()])
        .success();
    assert_fails(env.arca(&["get", "dev/bin", "--clip"]), 4, &[]);
    assert_fails(
        env.arca(&["get", "dev/t", "--clip", "-o", "json"]),
        2,
        &["tok-clip-3"],
    );
    env.arca(&["get", "dev/t", "--clip-seconds", "5"]).code(2);
}
