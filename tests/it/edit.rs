//! `arca edit`: the value in $EDITOR through a 0600 file in a private
//! directory of a memory-backed filesystem, gone afterwards.

use std::path::{Path, PathBuf};

use crate::util::*;

const OLD: &str = r#"{"user":"app","password":"old-pw-1"}"#;

/// An editor script: checks where and how the file is, records its path,
/// then runs `action` on it ("$1").
fn editor(env: &TestEnv, action: &str) -> PathBuf {
    let script = format!(
        "#!/bin/sh\n\
         set -e\n\
         f=\"$1\"\n\
         d=$(dirname \"$f\")\n\
         case \"$d\" in \"${{XDG_RUNTIME_DIR:-/dev/shm}}\"/arca-edit.*|/dev/shm/arca-edit.*) ;; *) echo \"editor: bad dir $d\" >&2; exit 9;; esac\n\
         [ \"$(stat -c %a \"$f\")\" = 600 ] || {{ echo 'editor: file not 0600' >&2; exit 10; }}\n\
         [ \"$(stat -c %a \"$d\")\" = 700 ] || {{ echo 'editor: dir not 0700' >&2; exit 11; }}\n\
         [ -z \"${{ARCA_KEY+set}}\" ] || {{ echo 'editor: got ARCA_KEY' >&2; exit 12; }}\n\
         printf '%s' \"$f\" > \"$HOME/edited-path\"\n\
         {action}\n"
    );
    let path = env.write_file("editor.sh", script.as_bytes());
    set_mode(&path, 0o700);
    path
}

fn edited_path(env: &TestEnv) -> PathBuf {
    PathBuf::from(std::fs::read_to_string(env.path("edited-path")).unwrap())
}

fn assert_gone(file: &Path) {
    assert!(!file.exists(), "{} is left behind", file.display());
    assert!(
        !file.parent().unwrap().exists(),
        "the directory is left behind"
    );
}

#[test]
fn edit_stores_the_edited_value_and_leaves_nothing_behind() {
    let env = TestEnv::initialized();
    env.create("dev/db", OLD.as_bytes());
    let ed = editor(&env, "sed -i 's/old-pw-1/new-pw-2/' \"$f\"");
    let out = output_no_leak(
        env.cmd()
            .args(["edit", "dev/db"])
            .env("EDITOR", &ed)
            .env("ARCA_KEY", env.identity_text()),
        &["old-pw-1", "new-pw-2"],
    );
    assert!(out.status.success(), "{out:?}");
    assert!(stderr(&out).contains("stored version"), "{out:?}");
    let file = edited_path(&env);
    assert!(file.starts_with("/dev/shm"), "{}", file.display());
    assert_eq!(file.extension().unwrap(), "json");
    assert_gone(&file);
    assert_eq!(
        env.get(&["dev/db"]),
        br#"{"user":"app","password":"new-pw-2"}"#
    );
    assert_eq!(
        env.get(&["dev/db", "--version-stage", "AWSPREVIOUS"]),
        OLD.as_bytes()
    );
}

#[test]
fn visual_wins_and_xdg_runtime_dir_is_used_when_memory_backed() {
    let env = TestEnv::initialized();
    env.create("dev/t", b"text-value");
    let runtime = tempfile::Builder::new()
        .prefix("arca-it-runtime")
        .tempdir_in("/dev/shm")
        .unwrap();
    let ed = editor(&env, "printf 'changed' > \"$f\"");
    env.cmd()
        .args(["edit", "dev/t"])
        .env("VISUAL", &ed)
        .env("EDITOR", "false")
        .env("XDG_RUNTIME_DIR", runtime.path())
        .assert()
        .success();
    let file = edited_path(&env);
    assert!(file.starts_with(runtime.path()), "{}", file.display());
    assert_eq!(file.extension().unwrap(), "txt");
    assert_gone(&file);
    assert_eq!(env.get(&["dev/t"]), b"changed");

    // A runtime dir on disk is passed over for /dev/shm.
    let ed = editor(&env, "printf 'again' > \"$f\"");
    env.cmd()
        .args(["edit", "dev/t"])
        .env("EDITOR", &ed)
        .env("XDG_RUNTIME_DIR", env.home())
        .assert()
        .success();
    let file = edited_path(&env);
    assert!(
        file.to_string_lossy().starts_with("/dev/shm/arca-edit."),
        "{}",
        file.display()
    );
    assert_eq!(env.get(&["dev/t"]), b"again");
}

#[test]
fn unchanged_empty_or_failed_edits_store_nothing() {
    let env = TestEnv::initialized();
    env.create("dev/db", OLD.as_bytes());
    let before = env.version_ids("dev/db");
    for (action, note) in [
        ("true", "no change"),
        // What an editor does on save: a final newline the value lacked.
        ("printf '\\n' >> \"$f\"", "no change"),
        (": > \"$f\"", "empty"),
    ] {
        let ed = editor(&env, action);
        let out = env
            .cmd()
            .args(["edit", "dev/db"])
            .env("EDITOR", &ed)
            .output()
            .unwrap();
        assert!(out.status.success(), "{action}: {out:?}");
        assert!(stderr(&out).contains(note), "{action}: {out:?}");
        assert_gone(&edited_path(&env));
        assert_eq!(env.version_ids("dev/db"), before, "{action}");
    }
    let ed = editor(&env, "sed -i 's/old/new/' \"$f\"; exit 3");
    let msg = assert_fails(
        env.cmd()
            .args(["edit", "dev/db"])
            .env("EDITOR", &ed)
            .assert(),
        1,
        &["old-pw-1"],
    );
    assert!(msg.contains("nothing stored"), "{msg}");
    assert_gone(&edited_path(&env));
    assert_eq!(env.version_ids("dev/db"), before);
}

#[test]
fn broken_json_is_refused_without_a_terminal_and_stored_when_confirmed() {
    let env = TestEnv::initialized();
    env.create("dev/db", OLD.as_bytes());
    let before = env.version_ids("dev/db");
    let ed = editor(&env, "printf '{\"user\": \"app\", oops' > \"$f\"");
    let msg = assert_fails(
        env.cmd()
            .args(["edit", "dev/db"])
            .env("EDITOR", &ed)
            .assert(),
        2,
        &["old-pw-1"],
    );
    assert!(msg.contains("not valid JSON"), "{msg}");
    assert_eq!(env.version_ids("dev/db"), before);

    let ed = ed.to_str().unwrap().to_owned();
    let Some(mut tty) = Tty::start(&env, &["edit", "dev/db"], &[("EDITOR", &ed)]) else {
        return;
    };
    tty.answer("Store it as text anyway? [y/N]", "y");
    let (code, screen) = tty.finish();
    assert_eq!(code, 0, "{}", String::from_utf8_lossy(&screen));
    assert_eq!(env.get(&["dev/db"]), b"{\"user\": \"app\", oops");
}

#[test]
fn binary_and_missing_secrets_are_refused() {
    let env = TestEnv::initialized();
    let bin = env.write_file("blob", b"\xff\x00");
    env.arca(&["create", "dev/bin", "--binary-file", bin.to_str().unwrap()])
        .success();
    let msg = assert_fails(
        env.cmd()
            .args(["edit", "dev/bin"])
            .env("EDITOR", "true")
            .assert(),
        4,
        &[],
    );
    assert!(msg.contains("binary data"), "{msg}");
    assert_fails(
        env.cmd()
            .args(["edit", "dev/none"])
            .env("EDITOR", "true")
            .assert(),
        3,
        &[],
    );
}

#[test]
fn vim_runs_without_viminfo_swap_or_backup() {
    if std::process::Command::new("vim")
        .arg("--version")
        .output()
        .is_err()
    {
        eprintln!("note: vim not installed; skipping the vim test");
        return;
    }
    let env = TestEnv::initialized();
    env.create("dev/db", OLD.as_bytes());
    let out = env
        .cmd()
        .args(["edit", "dev/db"])
        .env("EDITOR", "vim -c '%s/old-pw-1/new-pw-2/' -c wq")
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    assert_eq!(
        env.get(&["dev/db"]),
        br#"{"user":"app","password":"new-pw-2"}"#
    );
    // vim records the substitution (holding the value) in ~/.viminfo
    // unless told not to.
    let left: Vec<String> = std::fs::read_dir(env.home())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("vim") || n.ends_with(".swp") || n.ends_with('~'))
        .collect();
    assert!(left.is_empty(), "{left:?}");
}

#[test]
fn a_version_stored_meanwhile_is_not_overwritten() {
    let env = TestEnv::initialized();
    env.create("dev/t", b"first-value");
    let ed = editor(
        &env,
        &format!(
            "printf 'theirs-value' | '{BIN}' put dev/t 2>/dev/null; printf 'mine-value' > \"$f\""
        ),
    );
    let msg = assert_fails(
        env.cmd()
            .args(["edit", "dev/t"])
            .env("EDITOR", &ed)
            .assert(),
        4,
        &["mine-value", "first-value"],
    );
    assert!(msg.contains("while you were editing"), "{msg}");
    assert_gone(&edited_path(&env));
    assert_eq!(env.get(&["dev/t"]), b"theirs-value");
}
