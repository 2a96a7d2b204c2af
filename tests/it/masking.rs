//! The masking rule (README "What --mask hides"): connection metadata and
//! short values are not masked; passwords, their base64 and URLs holding
//! them are. Through `exec --mask`, `env --format github` and the example
//! pre-commit hook.

use std::path::Path;
use std::process::Command;

use crate::util::*;

const DB: &str = r#"{"username":"app","port":5432,"host":"db.local","dbname":"appdb","password":"S3cret-pw-99"}"#;

fn with_db(env: &TestEnv) {
    env.create("dev/db/app", DB.as_bytes());
}

#[test]
fn mask_spares_connection_metadata_and_masks_the_password_everywhere() {
    let env = TestEnv::initialized();
    with_db(&env);
    // base64 of the password, and a URL holding it.
    let b64 = "UzNjcmV0LXB3LTk5";
    let script = format!(
        "echo \"application started; listening on :5432 (db.local)\"; \
         echo \"user=$APP_USERNAME db=$APP_DBNAME\"; \
         echo \"url=postgres://app:$APP_PASSWORD@db.local:5432/appdb\"; \
         echo \"b64={b64}\"; printf '%s\\n' \"$APP_PASSWORD\" >&2"
    );
    let out = output_no_leak(
        env.cmd().args([
            "exec", "--mask", "--prefix", "dev/db/", "--", "sh", "-c", &script,
        ]),
        &["S3cret-pw-99"],
    );
    assert!(out.status.success(), "{out:?}");
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "application started; listening on :5432 (db.local)\n\
         user=app db=appdb\n\
         url=postgres://app:***@db.local:5432/appdb\n\
         b64=***\n"
    );
    assert_eq!(String::from_utf8_lossy(&out.stderr), "***\n");
}

#[test]
fn a_whole_json_value_masks_its_secret_fields_too() {
    let env = TestEnv::initialized();
    with_db(&env);
    let out = output_no_leak(
        env.cmd().args([
            "exec",
            "--mask",
            "--env",
            "DB=dev/db/app",
            "--",
            "sh",
            "-c",
            "printf '%s|' \"$DB\"; echo \"$DB\" | sed 's/.*password\":\"\\([^\"]*\\)\".*/pw=\\1/'",
        ]),
        &["S3cret-pw-99"],
    );
    assert!(out.status.success(), "{out:?}");
    assert_eq!(String::from_utf8_lossy(&out.stdout), "***|pw=***\n");
}

#[test]
fn short_values_are_not_masked_and_mask_says_so_once() {
    let env = TestEnv::initialized();
    env.create("dev/flag", b"on");
    env.create("dev/token", b"tok-123456");
    let out = output_no_leak(
        env.cmd().args([
            "exec",
            "--mask",
            "--prefix",
            "dev/",
            "--",
            "sh",
            "-c",
            "echo \"$FLAG $TOKEN\"; echo on",
        ]),
        &["tok-123456"],
    );
    assert!(out.status.success(), "{out:?}");
    assert_eq!(String::from_utf8_lossy(&out.stdout), "on ***\non\n");
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "note: --mask leaves values shorter than 6 characters unmasked: FLAG\n"
    );
}

#[test]
fn github_format_adds_no_mask_for_metadata_or_short_values() {
    let env = TestEnv::initialized();
    with_db(&env);
    env.create("dev/flag", b"on");
    let github_env = env.path("github_env");
    let out = output_no_leak(
        env.cmd()
            .args(["env", "--prefix", "dev/", "--format", "github"])
            .env("GITHUB_ENV", &github_env),
        &["S3cret-pw-99"],
    );
    assert!(out.status.success(), "{out:?}");
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "::add-mask::S3cret-pw-99\n"
    );
    assert!(
        stderr(&out).contains("get no ::add-mask::: FLAG"),
        "{out:?}"
    );
    let text = std::fs::read_to_string(&github_env).unwrap();
    for entry in ["DB_APP_PORT<<", "DB_APP_PASSWORD<<", "FLAG<<"] {
        assert!(text.contains(entry), "{entry}");
    }
}

fn git(dir: &Path, args: &[&str]) -> std::process::Output {
    let out = Command::new("git")
        .args(args)
        .current_dir(dir)
        .output()
        .expect("git runs");
    assert!(out.status.success(), "git {args:?}: {out:?}");
    out
}

#[test]
fn pre_commit_hook_allows_the_port_and_refuses_the_password() {
    if Command::new("git").arg("--version").output().is_err() {
        eprintln!("note: git not installed; skipping the pre-commit hook test");
        return;
    }
    let env = TestEnv::initialized();
    with_db(&env);
    let repo = env.path("repo");
    std::fs::create_dir(&repo).unwrap();
    git(&repo, &["init", "-q"]);
    let hook = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/git-hooks/pre-commit");
    // arca on PATH for the hook.
    let bin_dir = Path::new(BIN).parent().unwrap();
    let path = format!(
        "{}:{}",
        bin_dir.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let run_hook = || {
        env.program(&hook)
            .current_dir(&repo)
            .env("PATH", &path)
            .env("ARCA_HOOK_PREFIX", "dev/db/")
            .output()
            .unwrap()
    };

    std::fs::write(
        repo.join("NOTES.md"),
        "The app user connects to db.local on port 5432.\n",
    )
    .unwrap();
    git(&repo, &["add", "NOTES.md"]);
    let out = run_hook();
    assert_eq!(out.status.code(), Some(0), "{out:?}");

    std::fs::write(repo.join("config.env"), "DB_PASSWORD=S3cret-pw-99\n").unwrap();
    git(&repo, &["add", "config.env"]);
    let out = run_hook();
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    let err = stderr(&out);
    assert!(err.contains("contain the value of a secret"), "{err}");
    assert!(err.contains("DB_PASSWORD=***"), "{err}");
    assert_no_leak(&out.stderr, &["S3cret-pw-99"]);
}

#[test]
fn on_a_terminal_mask_gives_the_command_a_terminal() {
    let env = TestEnv::initialized();
    with_db(&env);
    let script = "if [ -t 1 ]; then echo out-is-tty; else echo out-is-pipe; fi; \
                  if [ -t 2 ]; then echo err-is-tty >&2; fi; \
                  echo \"pw=$PW\"; printf '%s\\n' \"$PW\" >&2; \
                  printf 'size='; stty size <&1";
    let Some((code, screen)) = on_tty(
        &env,
        "stty cols 123",
        &[
            "exec",
            "--mask",
            "--env",
            "PW=dev/db/app#password",
            "--",
            "sh",
            "-c",
            script,
        ],
        &[],
    ) else {
        return;
    };
    let screen = String::from_utf8_lossy(&screen).replace('\r', "");
    assert_eq!(code, 0, "{screen}");
    assert!(screen.contains("out-is-tty\n"), "{screen}");
    assert!(screen.contains("err-is-tty\n"), "{screen}");
    assert!(screen.contains("pw=***\n"), "{screen}");
    assert!(!screen.contains("S3cret-pw-99"), "{screen}");
    // The terminal's width reaches the command.
    assert!(screen.contains(" 123\n"), "{screen}");

    // In a pipe it stays a pipe.
    let out = output_no_leak(
        env.cmd().args([
            "exec",
            "--mask",
            "--env",
            "PW=dev/db/app#password",
            "--",
            "sh",
            "-c",
            script,
        ]),
        &["S3cret-pw-99"],
    );
    assert!(String::from_utf8_lossy(&out.stdout).starts_with("out-is-pipe\npw=***\n"));
}

#[test]
fn on_a_terminal_a_resize_reaches_the_command() {
    let env = TestEnv::initialized();
    with_db(&env);
    let tty_file = env.path("tty-name");
    // The command names its terminal (stdin is arca's own), then waits
    // for SIGWINCH and prints the size of its stdout, the pty.
    let script = format!(
        "tty > '{}'; trap 'printf \"resized: \"; stty size <&1; exit 0' WINCH; \
         echo started; i=0; while [ $i -lt 200 ]; do sleep 0.1; i=$((i+1)); done",
        tty_file.display()
    );
    let Some(mut tty) = Tty::start(
        &env,
        &[
            "exec",
            "--mask",
            "--env",
            "PW=dev/db/app#password",
            "--",
            "sh",
            "-c",
            &script,
        ],
        &[],
    ) else {
        return;
    };
    tty.answer("started", "");
    let name = std::fs::read_to_string(&tty_file).unwrap();
    let status = std::process::Command::new("stty")
        .args(["-F", name.trim(), "cols", "77", "rows", "20"])
        .status()
        .unwrap();
    assert!(status.success());
    let (code, screen) = tty.finish();
    let screen = String::from_utf8_lossy(&screen).replace('\r', "");
    assert_eq!(code, 0, "{screen}");
    assert!(screen.contains("resized: 20 77\n"), "{screen}");
}
