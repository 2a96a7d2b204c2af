//! Issue 9, black-box: every fault gives a true exit status, and the key,
//! config and terminal boundaries hold (SPEC §7). Faults are injected with
//! strace (`-e inject=…`), which `.ci/run` installs.

use std::fs;
use std::os::unix::fs::{symlink, MetadataExt};
use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::Duration;

use assert_cmd::assert::OutputAssertExt;

use crate::util::*;

/// Whether strace can run and trace here; without it (and without
/// `ARCA_REQUIRE_STRACE`), a note and the test is skipped.
pub fn have_strace() -> bool {
    let ok = Command::new("strace")
        .args(["-qq", "-o", "/dev/null", "true"])
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if !ok {
        assert!(
            std::env::var_os("ARCA_REQUIRE_STRACE").is_none(),
            "ARCA_REQUIRE_STRACE is set, and strace cannot run"
        );
        eprintln!("note: strace is missing or cannot trace here; fault test skipped (apt-get install strace)");
    }
    ok
}

/// `arca ARGS` in `env` under `strace -f` with `options` (`-e inject=…`,
/// `-P path`), stdin closed.
pub fn under_strace(env: &TestEnv, options: &[&str], args: &[&str]) -> Output {
    let base = env.std_cmd();
    let mut cmd = Command::new("strace");
    cmd.args(["-f", "-qq", "-o", "/dev/null"])
        .args(options)
        .arg(BIN)
        .args(args);
    for (k, v) in base.get_envs() {
        match v {
            Some(v) => cmd.env(k, v),
            None => cmd.env_remove(k),
        };
    }
    cmd.current_dir(env.home()).stdin(Stdio::null());
    cmd.output().unwrap()
}

/// SPEC §4's error shape on a finished run.
#[track_caller]
fn error_shape(out: Output) -> String {
    assert_error_shape(&out.assert())
}

fn no_panic(out: &Output) {
    let err = String::from_utf8_lossy(&out.stderr);
    for bad in ["panicked", "internal error", "RUST_BACKTRACE"] {
        assert!(!err.contains(bad), "{bad}: {err}");
    }
    assert!(
        matches!(out.status.code(), Some(c) if c < 100),
        "status {:?}: {err}",
        out.status
    );
}

fn files_named(dir: &Path, prefix: &str) -> Vec<String> {
    fs::read_dir(dir)
        .map(|entries| {
            entries
                .flatten()
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .filter(|n| n.starts_with(prefix))
                .collect()
        })
        .unwrap_or_default()
}

// 1. The identity file is written like the vault.
#[test]
fn init_that_fails_writing_the_identity_leaves_none_and_a_rerun_just_works() {
    if !have_strace() {
        return;
    }
    for fault in [
        "inject=write:error=ENOSPC:when=1",
        "inject=write:error=EIO:when=1",
        "inject=fsync:error=EIO:when=1",
        "inject=write:signal=KILL:when=1",
    ] {
        let env = TestEnv::new();
        let out = under_strace(&env, &["-e", fault], &["init"]);
        assert!(!out.status.success(), "{fault}: {out:?}");
        if out.status.code().is_some() {
            error_shape(out);
        }
        assert!(!env.vault_path().exists(), "{fault}");
        // No identity, or a whole one: never an empty or partial file.
        if let Ok(text) = fs::read_to_string(env.identity_path()) {
            assert!(text.contains("AGE-SECRET-KEY-1"), "{fault}: {text:?}");
        }
        env.arca(&["init"]).success();
        env.create("s", b"v");
        assert_eq!(env.get(&["s"]), b"v");
        let dir = env.identity_path().parent().unwrap().to_owned();
        assert_eq!(files_named(&dir, ".identity.txt"), Vec::<String>::new());
    }
}

// 2. Once renamed, the change is in: a failed folder sync is a warning.
#[test]
fn a_failed_folder_sync_after_the_rename_is_a_warning_and_exit_0() {
    if !have_strace() {
        return;
    }
    let env = TestEnv::initialized();
    env.create("s", b"one");
    let two = env.write_file("two", b"two");
    // fsync 1: the temp file; fsync 2: the folder, after the rename.
    let out = under_strace(
        &env,
        &["-e", "inject=fsync:error=EIO:when=2"],
        &["put", "s", "--value-file", two.to_str().unwrap()],
    );
    let err = String::from_utf8_lossy(&out.stderr).into_owned();
    assert_eq!(out.status.code(), Some(0), "{err}");
    assert!(err.contains("warning: ") && err.contains("sync"), "{err}");
    assert!(!err.contains("error:"), "{err}");
    assert_eq!(env.get(&["s"]), b"two");
}

fn dev_full() -> Stdio {
    Stdio::from(
        fs::OpenOptions::new()
            .write(true)
            .open("/dev/full")
            .unwrap(),
    )
}

/// A pipe whose reading end is closed: writes fail with EPIPE.
fn closed_pipe() -> Stdio {
    let (reader, writer) = std::io::pipe().unwrap();
    drop(reader);
    Stdio::from(writer)
}

// 3. Output that cannot be written never panics; a committed change whose
// confirmation line is lost is exit 0.
#[test]
fn failing_stdout_or_stderr_never_panics_and_the_status_says_whether_the_change_is_in() {
    let env = TestEnv::initialized();
    env.create("s", b"one");
    let two = env.write_file("two", b"two");
    let two = two.to_str().unwrap();

    let out = env
        .std_cmd()
        .args(["put", "s", "--value-file", two])
        .stderr(dev_full())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    assert_eq!(env.get(&["s"]), b"two");

    let out = env
        .std_cmd()
        .args(["delete", "s"])
        .stdout(dev_full())
        .output()
        .unwrap();
    no_panic(&out);
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let doc = env.json(&["describe", "s"]);
    assert!(
        doc["DeletedDate"].is_string() || doc["DeletionDate"].is_string(),
        "{doc}"
    );
    env.arca(&["restore", "s"]).success();

    for args in [
        vec!["create", "t", "--value-file", two, "-o", "json"],
        vec!["tag", "t", "k=v", "-o", "json"],
    ] {
        let out = env
            .std_cmd()
            .args(&args)
            .stdout(dev_full())
            .output()
            .unwrap();
        no_panic(&out);
        assert_eq!(out.status.code(), Some(0), "{args:?}: {out:?}");
    }
    assert_eq!(env.get(&["t"]), b"two");

    // stderr a closed pipe: the exit status is still the command's.
    let out = env
        .std_cmd()
        .args(["put", "s", "--value-file", two])
        .stderr(closed_pipe())
        .status()
        .unwrap();
    assert_eq!(out.code(), Some(0));
    let out = env
        .std_cmd()
        .args(["get", "missing"])
        .stderr(closed_pipe())
        .status()
        .unwrap();
    assert_eq!(out.code(), Some(3));

    // A read whose output is lost failed: exit 1, said on stderr.
    let out = env
        .std_cmd()
        .args(["get", "s"])
        .stdout(dev_full())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    error_shape(out);
}

// 4. No thread to be had (EAGAIN under a limit on processes).
#[test]
fn a_thread_that_cannot_start_is_a_clean_error_with_the_vault_unchanged() {
    if !have_strace() {
        return;
    }
    let env = TestEnv::initialized();
    env.create("s", b"one");
    let two = env.write_file("two", b"two");
    let before = env.vault_bytes();
    for args in [
        vec!["put", "s", "--value-file", two.to_str().unwrap()],
        vec!["list"],
    ] {
        let out = under_strace(&env, &["-e", "inject=clone,clone3:error=EAGAIN"], &args);
        no_panic(&out);
        let err = error_shape(out);
        assert!(err.contains("thread"), "{err}");
        assert_eq!(env.vault_bytes(), before);
        assert!(env.temp_files().is_empty(), "{:?}", env.temp_files());
    }
    // A get through the payload's index starts no thread at all.
    let out = under_strace(
        &env,
        &["-e", "inject=clone,clone3:error=EAGAIN"],
        &["get", "s"],
    );
    no_panic(&out);
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    assert_eq!(out.stdout, b"one");
}

// 5. A read error of the disk is not a corrupt vault.
#[test]
fn an_io_error_reading_the_vault_is_not_reported_as_corruption() {
    let env = TestEnv::initialized();
    // Several 64 KiB chunks of payload.
    let big = env.write_file("big", &vec![b'x'; 60_000]);
    for name in ["a", "b", "c"] {
        env.arca(&["create", name, "--value-file", big.to_str().unwrap()])
            .success();
    }
    let vault = env.vault_path();
    let vault = vault.to_str().unwrap();
    let log = env.path("reads.log");
    // The vault is read with pread (each decrypting thread at its own
    // position in the one file opened).
    let traced = under_strace(
        &env,
        &[
            "-e",
            "trace=read,pread64",
            "-P",
            vault,
            "-o",
            log.to_str().unwrap(),
        ],
        &["list"],
    );
    assert!(traced.status.success(), "{traced:?}");
    // strace counts per thread: the header, the nonce and the last chunk
    // are read on the main thread, the payload on the decrypting ones.
    let log = fs::read_to_string(&log).unwrap();
    let mut per_thread = std::collections::HashMap::new();
    for line in log.lines() {
        *per_thread
            .entry(line.split(' ').next().unwrap())
            .or_insert(0) += 1;
    }
    let reads = per_thread.values().copied().max().unwrap();
    assert!(per_thread.len() >= 2 && reads >= 3, "{per_thread:?}");
    for n in 1..=reads {
        let inject = format!("inject=read,pread64:error=EIO:when={n}");
        let out = under_strace(&env, &["-P", vault, "-e", &inject], &["list"]);
        assert_eq!(out.status.code(), Some(5), "read {n}: {out:?}");
        let err = error_shape(out);
        assert!(!err.contains("backup"), "read {n}: {err}");
        assert!(!err.contains("corrupt"), "read {n}: {err}");
    }
    // A damaged vault still is one, with the backup hint.
    let mut bytes = env.vault_bytes();
    let at = bytes.len() - 1000;
    bytes[at] ^= 1;
    fs::write(env.vault_path(), bytes).unwrap();
    let err = assert_fails(env.arca(&["list"]), 5, &[]);
    assert!(err.contains("corrupt") && err.contains("backup"), "{err}");
}

// 6. exec's command gets what it asked for, not the key to the vault.
#[test]
fn exec_removes_arca_key_from_the_command_unless_pass_key() {
    let env = TestEnv::initialized();
    env.create("app/s", b"the-value");
    let key = env.identity_text();
    let script = r#"printf 'key=%s x=%s' "${ARCA_KEY:-none}" "$X""#;
    for mask in [&[][..], &["--mask"][..]] {
        let out = env
            .cmd()
            .env("ARCA_KEY", &key)
            .arg("exec")
            .args(mask)
            .args(["--env", "X=app/s", "--", "sh", "-c", script])
            .assert()
            .success();
        let text = String::from_utf8(stdout(&out)).unwrap();
        let x = if mask.is_empty() { "the-value" } else { "***" };
        assert_eq!(text, format!("key=none x={x}"), "{mask:?}");
    }
    let out = env
        .cmd()
        .env("ARCA_KEY", &key)
        .args([
            "exec",
            "--pass-key",
            "--env",
            "X=app/s",
            "--",
            "sh",
            "-c",
            script,
        ])
        .assert()
        .success();
    let text = String::from_utf8(stdout(&out)).unwrap();
    assert!(text.starts_with("key=# created"), "{text}");
}

/// A config with one hook that leaves a mark in HOME when it runs.
fn hook_config(env: &TestEnv) -> std::path::PathBuf {
    env.write_file(
        ".config/arca/config.toml",
        b"[hooks.h]\ncreate = \"touch \\\"$HOME/ran\\\"; echo new-value\"\n",
    )
}

// 6 (hooks keep it), 7. A config others can write is refused, as ssh does.
#[test]
fn a_config_others_can_write_is_refused_and_hooks_still_get_arca_key() {
    let env = TestEnv::initialized();
    env.create("s", b"one");
    let config = hook_config(&env);
    let dir = config.parent().unwrap().to_owned();
    let before = env.vault_bytes();
    let refused = |hint: &str| {
        let err = assert_fails(env.arca(&["rotate", "s", "--hook", "h"]), 2, &["one"]);
        assert!(err.contains(hint), "{err}");
        assert!(!env.path("ran").exists(), "the hook ran");
        assert_eq!(env.vault_bytes(), before);
    };
    set_mode(&config, 0o666);
    refused("chmod go-w");
    set_mode(&config, 0o620);
    refused("chmod go-w");
    set_mode(&config, 0o600);
    set_mode(&dir, 0o777);
    refused(&format!("chmod go-w {}", dir.display()));
    set_mode(&dir, 0o700);
    if unsafe { libc::geteuid() } == 0 {
        std::os::unix::fs::chown(&config, Some(65534), None).unwrap();
        refused("belongs to another user");
        std::os::unix::fs::chown(&config, Some(0), None).unwrap();
    }
    // A sticky folder (as /tmp) protects the files in it.
    set_mode(&dir, 0o1777);
    let key = env.identity_text();
    env.write_file(
        ".config/arca/config.toml",
        b"[hooks.h]\ncreate = \"[ -n \\\"$ARCA_KEY\\\" ] && touch \\\"$HOME/ran\\\"; echo new-value\"\n",
    );
    set_mode(&config, 0o644);
    env.cmd()
        .env("ARCA_KEY", &key)
        .args(["rotate", "s", "--hook", "h"])
        .assert()
        .success();
    assert!(env.path("ran").exists(), "the hook got no ARCA_KEY");
    assert_eq!(env.get(&["s"]), b"new-value");
}

// 8. A write keeps the vault's mode, owner and group.
#[test]
fn a_write_keeps_the_vault_files_mode_owner_and_group() {
    let env = TestEnv::initialized();
    env.create("s", b"one");
    let vault = env.vault_path();
    set_mode(&vault, 0o640);
    let root = unsafe { libc::geteuid() } == 0;
    if root {
        std::os::unix::fs::chown(&vault, Some(65534), Some(65534)).unwrap();
    }
    env.arca_stdin(&["put", "s"], "two").success();
    env.arca_stdin(&["create", "t"], "x").success();
    let meta = fs::metadata(&vault).unwrap();
    assert_eq!(meta.mode() & 0o7777, 0o640);
    if root {
        assert_eq!((meta.uid(), meta.gid()), (65534, 65534));
    }
    assert_eq!(env.get(&["s"]), b"two");
}

/// Rewrites the vault's payload as another recipient (or a hand edit)
/// could: decrypted and re-encrypted with the `age` CLI. False when the
/// CLI is missing.
fn edit_payload(env: &TestEnv, public: &str, edit: impl Fn(String) -> String) -> bool {
    let Some(text) = payload(env, "edit_payload") else {
        return false;
    };
    let plain = env.path("payload.txt");
    fs::write(&plain, edit(text)).unwrap();
    let status = Command::new("age")
        .args(["-e", "-r", public, "-o"])
        .arg(env.vault_path())
        .arg(&plain)
        .status()
        .unwrap();
    assert!(status.success());
    fs::remove_file(plain).unwrap();
    true
}

// 9. Names are checked at load, and every read finds what list shows.
#[test]
fn a_name_from_the_payload_is_validated_as_the_command_lines_are() {
    for bad in [
        r"s\u001b]0;pwned\u0007",
        r"s\nfake\tline",
        "s\u{202e}gpj.exe",
        "s x",
    ] {
        let env = TestEnv::new();
        let public = env.init();
        env.create("s", b"one");
        env.create("z", b"two");
        let edited = edit_payload(&env, &public, |p| {
            p.replace("\"name\":\"s\"", &format!("\"name\":\"{bad}\""))
        });
        if !edited {
            return;
        }
        let before = env.vault_bytes();
        for args in [
            vec!["list"],
            vec!["list", "-o", "json"],
            vec!["batch-get", "--filter", "name=s"],
            vec!["get", "missing"],
            vec!["put", "z"],
            vec!["env", "--prefix", "s"],
        ] {
            let out = env.cmd().args(&args).write_stdin("new").output().unwrap();
            assert!(!out.stdout.contains(&0x1b), "{args:?}");
            let err = assert_fails(out.assert(), 5, &["one", "two"]);
            assert!(err.contains("line 2"), "{args:?}: {err}");
            assert!(!err.contains('\x1b') && !err.contains('\u{202e}'), "{err}");
        }
        assert_eq!(env.vault_bytes(), before);
    }
}

#[test]
fn every_read_finds_a_secret_whose_line_is_valid_json_but_not_arcas_compact_form() {
    let env = TestEnv::new();
    let public = env.init();
    env.create("a/b", b"slash");
    env.create("s", b"spaced");
    let edited = edit_payload(&env, &public, |p| {
        p.replace("{\"name\":\"s\",", "{\"name\": \"s\", ")
            .replace("\"name\":\"a/b\"", "\"name\":\"a\\/b\"")
    });
    if !edited {
        return;
    }
    let list = String::from_utf8(env.get_stdout(&["list"])).unwrap();
    assert!(
        list.starts_with("a/b\t") && list.contains("\ns\t"),
        "{list}"
    );
    assert_eq!(env.get(&["s"]), b"spaced");
    assert_eq!(env.get(&["a/b"]), b"slash");
    env.arca(&["describe", "s"]).success();
    env.arca(&["versions", "a/b"]).success();
    env.arca_stdin(&["put", "s"], "next").success();
    assert_eq!(env.get(&["s"]), b"next");
    assert_eq!(env.get(&["a/b"]), b"slash");
    assert_fails(env.arca(&["get", "missing"]), 3, &[]);
}

// 10. Text from the vault or a hook reaches a terminal escaped.
#[test]
fn control_and_bidi_characters_from_the_vault_are_escaped_and_list_fields_stay_on_their_line() {
    let env = TestEnv::initialized();
    let description = "a\tb\\c\nd\u{202e}txt.exe\x1b[2J";
    env.arca_stdin(
        &[
            "create",
            "s",
            "--description",
            description,
            "--tag",
            "k=v\u{202e}w",
        ],
        "v",
    )
    .success();
    let described = String::from_utf8(env.get_stdout(&["describe", "s"])).unwrap();
    assert!(
        !described.contains('\u{202e}') && !described.contains('\x1b'),
        "{described}"
    );
    assert!(
        described.contains(r"d\u{202e}txt.exe\u{1b}[2J"),
        "{described}"
    );
    // In a pipe, list's fields escape tab, newline and backslash.
    let list = String::from_utf8(env.get_stdout(&["list"])).unwrap();
    assert_eq!(list.lines().count(), 1, "{list}");
    let fields: Vec<&str> = list.trim_end().split('\t').collect();
    assert_eq!(fields.len(), 6, "{list}");
    assert_eq!(fields[1], r"a\tb\\c\nd\u{202e}txt.exe\u{1b}[2J");
    assert_eq!(fields[2], r"k=v\u{202e}w");
    if let Some((code, shown)) = on_tty(&env, "stty cols 200", &["describe", "s"], &[]) {
        assert_eq!(code, 0);
        let shown = String::from_utf8_lossy(&shown);
        assert!(
            !shown.contains('\u{202e}') && !shown.contains("\x1b[2J"),
            "{shown}"
        );
    }
    if let Some((code, shown)) = on_tty(&env, "stty cols 200", &["list"], &[]) {
        assert_eq!(code, 0);
        let shown = String::from_utf8_lossy(&shown);
        assert!(
            !shown.contains('\u{202e}') && !shown.contains("\x1b[2J"),
            "{shown}"
        );
    }
}

#[test]
fn a_hooks_stderr_is_relayed_with_escape_sequences_escaped() {
    let env = TestEnv::initialized();
    env.create("s", b"one");
    env.write_file(
        ".config/arca/config.toml",
        b"[hooks.h]\ncreate = \"printf 'title\\\\033]0;pwned\\\\007 clear\\\\033[2J bidi\\\\342\\\\200\\\\256x\\\\ttab\\\\n' >&2; exit 1\"\n",
    );
    let err = assert_hook_fails(env.arca(&["rotate", "s", "--hook", "h"]), &["one"]);
    assert!(
        !err.contains('\x1b') && !err.contains('\x07') && !err.contains('\u{202e}'),
        "{err:?}"
    );
    assert!(
        err.contains(r"title\u{1b}]0;pwned\u{7} clear\u{1b}[2J bidi\u{202e}x"),
        "{err}"
    );
    assert!(err.contains("x\ttab"), "{err}");
}

// 11. Symlinks where arca creates files.
#[test]
fn a_symlinked_lock_file_and_a_dangling_vault_link_are_refused() {
    let env = TestEnv::initialized();
    env.create("s", b"one");
    let before = env.vault_bytes();
    let elsewhere = env.path("elsewhere");
    let _ = fs::remove_file(env.lock_path());
    symlink(&elsewhere, env.lock_path()).unwrap();
    let err = assert_fails(env.arca_stdin(&["put", "s"], "two"), 2, &["one", "two"]);
    assert!(err.contains("symbolic link"), "{err}");
    assert!(!elsewhere.exists());
    assert_eq!(env.vault_bytes(), before);

    let env = TestEnv::new();
    let target = env.path("missing/vault.age");
    fs::create_dir_all(env.vault_dir()).unwrap();
    symlink(&target, env.vault_path()).unwrap();
    let err = assert_fails(env.arca(&["init"]), 4, &[]);
    assert!(
        err.contains("symbolic link") && err.contains("does not exist"),
        "{err}"
    );
    assert!(fs::symlink_metadata(env.vault_path()).unwrap().is_symlink());
    assert!(!target.exists());
}

// 12. The config is read up to 1 MiB.
#[test]
fn a_huge_or_endless_config_is_refused_at_once() {
    let env = TestEnv::initialized();
    env.create("s", b"one");
    let mut huge = b"[hooks.h]\ncommand = \"true\"\n".to_vec();
    huge.extend(std::iter::repeat_n(b"# padding\n", 120_000).flatten());
    env.write_file(".config/arca/config.toml", &huge);
    let err = assert_fails(env.arca(&["rotate", "s", "--hook", "h"]), 2, &[]);
    assert!(err.contains("larger than 1 MiB"), "{err}");
    // /dev/zero never ends; before, it was read until memory ran out.
    let out = env
        .cmd()
        .args(["--config", "/dev/zero", "rotate", "s", "--hook", "h"])
        .timeout(Duration::from_secs(30))
        .assert();
    assert_fails(out, 2, &[]);
}

/// A pinentry that answers GETPIN with `error` (Assuan), as a real one does
/// when the user cancels or the dialog times out.
fn fake_pinentry(env: &TestEnv, error: &str) -> String {
    let script = format!(
        "#!/bin/sh\necho 'OK Pleased to meet you'\nwhile read -r line; do\n  case \"$line\" in\n    GETPIN*) echo '{error}';;\n    BYE*) echo OK; exit 0;;\n    *) echo OK;;\n  esac\ndone\n"
    );
    let path = env.write_file("pinentry", script.as_bytes());
    set_mode(&path, 0o755);
    path.to_str().unwrap().to_owned()
}

// 13. A cancelled or timed-out prompt is not a wrong passphrase.
#[test]
fn a_cancelled_or_timed_out_pinentry_says_so() {
    let env = TestEnv::new();
    let Some(mut tty) = Tty::start(&env, &["init", "--passphrase"], &[]) else {
        return;
    };
    tty.answer("Passphrase for the new identity", "p4ss-phrase");
    tty.answer("Again", "p4ss-phrase");
    assert_eq!(tty.finish().0, 0);
    for (error, said) in [
        ("ERR 83886179 Operation cancelled <Pinentry>", "cancelled"),
        ("ERR 83886142 Timeout <Pinentry>", "timed out"),
    ] {
        let pinentry = fake_pinentry(&env, error);
        // Without a controlling terminal (the test helper starts a new
        // session), so the configured pinentry is what asks.
        let shown = assert_fails(
            env.arca_env(&["list"], &[("PINENTRY_PROGRAM", pinentry.as_str())]),
            5,
            &[],
        );
        assert!(shown.contains(said), "{shown}");
        assert!(!shown.contains("wrong passphrase"), "{shown}");
    }
}

// 16. Every install command names this package.
#[test]
fn every_install_command_in_the_docs_names_this_package() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let manifest = fs::read_to_string(root.join("Cargo.toml")).unwrap();
    let package = manifest
        .lines()
        .find_map(|l| l.strip_prefix("name = \""))
        .and_then(|l| l.strip_suffix('"'))
        .unwrap();
    assert_ne!(
        package, "arca",
        "the crate `arca` on crates.io is another project"
    );
    let mut seen = 0;
    for doc in ["README.md", "SECURITY.md"] {
        let text = fs::read_to_string(root.join(doc)).unwrap();
        // Every install (not `cargo install --list`, which only lists).
        let installs = text
            .lines()
            .filter(|l| l.contains("cargo install") && !l.contains("cargo install --list"));
        for line in installs {
            // `cargo install --locked --path .` installs this checkout.
            let words: Vec<&str> = line
                .split_whitespace()
                .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric() && c != '-' && c != '.'))
                .collect();
            let names_it =
                words.contains(&package) || words.windows(2).any(|w| w == ["--path", "."]);
            assert!(names_it, "{doc}: {line:?} does not install {package}");
            seen += 1;
        }
    }
    assert!(seen >= 3, "{seen}");
}
