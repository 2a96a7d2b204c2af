//! Identities and passphrases (issue 10, items 1–3): asked on the
//! controlling terminal whatever stdin is; pinentry only without a terminal;
//! ARCA_KEY trimmed, and an empty one named.

use std::fs;

use crate::util::*;

const PASSPHRASE: &str = "pipe-passphrase-4e1d";

/// A vault whose identity `init --passphrase` protected (through a pty);
/// None when `script` is missing.
fn protected_env() -> Option<TestEnv> {
    let env = TestEnv::new();
    let mut tty = Tty::start(&env, &["init", "--passphrase"], &[])?;
    tty.answer("Passphrase for the new identity", PASSPHRASE);
    tty.answer("Again", PASSPHRASE);
    let (code, transcript) = tty.finish();
    assert_eq!(code, 0, "{}", String::from_utf8_lossy(&transcript));
    Some(env)
}

/// A pinentry in a configuration that must never be used while a terminal
/// exists: it fails every request.
const BROKEN_PINENTRY: (&str, &str) = ("PINENTRY_PROGRAM", "/bin/false");

#[test]
fn the_passphrase_is_asked_on_the_terminal_when_stdin_is_a_pipe() {
    let Some(env) = protected_env() else { return };
    // `printf 'v' | arca create pp/one` at a terminal.
    let mut tty = Tty::start_piped(
        &env,
        Some("piped-value"),
        &["create", "pp/one"],
        &[BROKEN_PINENTRY],
    )
    .unwrap();
    tty.answer("Enter passphrase for identity", PASSPHRASE);
    let (code, transcript) = tty.finish();
    let text = String::from_utf8_lossy(&transcript);
    assert_eq!(code, 0, "{text}");
    assert!(!text.contains(PASSPHRASE), "echoed: {text}");
    // Asked inline: no pinentry dialog, no bidi marks around the path.
    assert!(
        !text.contains('\u{2068}') && !text.contains("LC_CTYPE"),
        "{text:?}"
    );

    // Read back, stdin a pipe again: the value as piped, byte-exact.
    let mut tty = Tty::start_piped(&env, Some(""), &["get", "pp/one"], &[BROKEN_PINENTRY]).unwrap();
    tty.answer("Enter passphrase for identity", PASSPHRASE);
    let (code, transcript) = tty.finish();
    let text = String::from_utf8_lossy(&transcript);
    assert_eq!(code, 0, "{text}");
    assert!(text.ends_with("piped-value\r\n"), "{text:?}");
}

#[test]
fn a_wrong_passphrase_is_asked_again_then_exit_5() {
    let Some(env) = protected_env() else { return };
    let before = env.vault_bytes();
    let mut tty =
        Tty::start_piped(&env, Some("x"), &["create", "s"], &[("NO_COLOR", "1")]).unwrap();
    tty.answer("Enter passphrase", "wrong-one");
    tty.answer("try again (2 left)", "wrong-two");
    tty.answer("try again (1 left)", "wrong-three");
    let (code, transcript) = tty.finish();
    let text = String::from_utf8_lossy(&transcript);
    assert_eq!(code, 5, "{text}");
    assert!(
        text.contains("error: wrong passphrase for identity"),
        "{text}"
    );
    assert_eq!(env.vault_bytes(), before);

    // The right one on the second try.
    let mut tty = Tty::start_piped(&env, Some("x"), &["create", "s"], &[]).unwrap();
    tty.answer("Enter passphrase", "wrong-one");
    tty.answer("try again", PASSPHRASE);
    let (code, transcript) = tty.finish();
    assert_eq!(code, 0, "{}", String::from_utf8_lossy(&transcript));
}

#[test]
fn an_empty_passphrase_entry_says_so() {
    let Some(env) = protected_env() else { return };
    let mut tty = Tty::start_piped(&env, Some(""), &["get", "s"], &[("NO_COLOR", "1")]).unwrap();
    tty.answer("Enter passphrase", "");
    let (code, transcript) = tty.finish();
    let text = String::from_utf8_lossy(&transcript);
    assert_eq!(code, 5, "{text}");
    assert!(text.contains("error: no passphrase was entered"), "{text}");
    assert!(!text.contains("wrong passphrase"), "{text}");
}

/// A pinentry speaking the Assuan protocol: answers GETPIN with the
/// contents of the file next to it, or, for "cancel", as a person who
/// pressed Cancel.
fn fake_pinentry(env: &TestEnv, answer: &str) -> String {
    env.write_file("pinentry.answer", answer.as_bytes());
    let script = format!(
        r#"#!/bin/sh
echo "OK Pleased to meet you"
while read -r cmd rest; do
  case "$cmd" in
    GETPIN)
      if [ "$(cat '{answer}')" = cancel ]; then echo "ERR 83886179 Operation cancelled <Pinentry>"
      else printf 'D %s\nOK\n' "$(cat '{answer}')"; fi ;;
    BYE) echo OK; exit 0 ;;
    *) echo OK ;;
  esac
done
"#,
        answer = env.path("pinentry.answer").display()
    );
    let path = env.write_file("pinentry.sh", script.as_bytes());
    set_mode(&path, 0o755);
    path.to_str().unwrap().to_owned()
}

#[test]
fn without_a_terminal_a_configured_pinentry_is_asked_and_a_cancel_is_not_a_wrong_passphrase() {
    let Some(env) = protected_env() else { return };
    let pinentry = fake_pinentry(&env, PASSPHRASE);
    // No controlling terminal (the test helper starts a new session).
    let out = env
        .cmd()
        .args(["create", "p"])
        .env("PINENTRY_PROGRAM", &pinentry)
        .write_stdin("by-pinentry")
        .assert()
        .success();
    assert_no_leak(&out.get_output().stderr, &[PASSPHRASE]);
    let got = env
        .cmd()
        .args(["get", "p"])
        .env("PINENTRY_PROGRAM", &pinentry)
        .assert()
        .success();
    assert_eq!(stdout(&got), b"by-pinentry");

    fs::write(env.path("pinentry.answer"), "cancel").unwrap();
    let err = assert_fails(
        env.arca_env(&["get", "p"], &[("PINENTRY_PROGRAM", pinentry.as_str())]),
        5,
        &["by-pinentry"],
    );
    assert!(err.contains("cancelled"), "{err}");
    assert!(!err.contains("wrong passphrase"), "{err}");

    // Neither a terminal nor a pinentry: exit 5 naming ARCA_KEY, no prompt.
    let err = assert_fails(env.arca(&["get", "p"]), 5, &["by-pinentry"]);
    assert!(
        err.contains("no terminal") && err.contains("ARCA_KEY"),
        "{err}"
    );
}

/// The AGE-SECRET-KEY line of a fresh plain identity.
fn key_line(env: &TestEnv) -> String {
    env.identity_text()
        .lines()
        .find(|l| l.starts_with("AGE-SECRET-KEY-"))
        .unwrap()
        .to_owned()
}

#[test]
fn arca_key_with_surrounding_white_space_still_opens_the_vault() {
    let env = TestEnv::initialized();
    env.create("ci/token", b"t0ken");
    let line = key_line(&env);
    fs::remove_file(env.identity_path()).unwrap();
    for padded in [
        format!("  {line}  "),
        format!("\n{line}\n\n"),
        format!("\t{line}\r\n"),
        format!("    # created: yesterday\n    {line}\n"),
    ] {
        let out = env
            .arca_env(&["get", "ci/token"], &[("ARCA_KEY", padded.as_str())])
            .success();
        assert_eq!(stdout(&out), b"t0ken", "{padded:?}");
    }
}

#[test]
fn an_empty_arca_key_is_named_when_there_is_no_identity_file() {
    let env = TestEnv::initialized();
    env.create("s", b"empty-key-value");
    // With the identity file, an empty ARCA_KEY is as if unset.
    let out = env.arca_env(&["get", "s"], &[("ARCA_KEY", "")]).success();
    assert_eq!(stdout(&out), b"empty-key-value");
    fs::remove_file(env.identity_path()).unwrap();
    for empty in ["", "  \n"] {
        let err = assert_fails(
            env.arca_env(&["get", "s"], &[("ARCA_KEY", empty)]),
            5,
            &["empty-key-value"],
        );
        assert!(err.contains("ARCA_KEY is set but empty"), "{err}");
    }
}
