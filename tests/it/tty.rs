//! Behaviour on a terminal (SPEC §4), through a pseudo-terminal.

use crate::util::*;

#[test]
fn get_adds_a_newline_only_on_a_terminal() {
    let env = TestEnv::initialized();
    env.create("s", b"no-newline");
    env.create("n", b"has-newline\n");
    let Some((code, out)) = on_tty(&env, "", &["get", "s"], &[]) else {
        return;
    };
    assert_eq!(code, 0);
    assert_eq!(out, b"no-newline\r\n");
    let (_, out) = on_tty(&env, "", &["get", "n"], &[]).unwrap();
    assert_eq!(out, b"has-newline\r\n", "no second newline");
    // In a pipe: the bytes, nothing added.
    assert_eq!(env.get(&["s"]), b"no-newline");
}

#[test]
fn binary_values_are_not_printed_to_a_terminal() {
    let env = TestEnv::initialized();
    let file = env.write_file("b", b"\x1b[2J\x00binary");
    env.arca(&["create", "b", "--binary-file", file.to_str().unwrap()])
        .success();
    let Some((code, out)) = on_tty(&env, "", &["get", "b"], &[("NO_COLOR", "1")]) else {
        return;
    };
    let text = String::from_utf8_lossy(&out);
    assert_eq!(code, 1, "{text}");
    assert!(
        text.starts_with("error: ") && text.contains("binary"),
        "{text}"
    );
    assert!(!text.contains("\x1b[2J"), "{text:?}");
}

#[test]
fn versions_is_a_table_on_a_terminal() {
    let env = TestEnv::initialized();
    env.create("s", b"v");
    let Some((code, out)) = on_tty(&env, "stty cols 120", &["versions", "s"], &[]) else {
        return;
    };
    let text = String::from_utf8(out).unwrap();
    assert_eq!(code, 0);
    assert!(
        text.contains("VERSION ID") && text.contains("AWSCURRENT") && text.contains('│'),
        "{text}"
    );
}

#[test]
fn no_color_means_no_escape_codes() {
    let env = TestEnv::initialized();
    let Some((code, out)) = on_tty(&env, "", &["get", "nope"], &[("NO_COLOR", "1")]) else {
        return;
    };
    assert_eq!(code, 3);
    assert!(!out.contains(&0x1b), "{:?}", String::from_utf8_lossy(&out));
    assert!(out.starts_with(b"error: "));
}

#[test]

fn color_never_and_term_dumb_mean_no_escape_codes() {
    let env = TestEnv::initialized();
    let Some((code, out)) = on_tty(
        &env,
        "",
        &["--color", "never", "get", "nope"],
        &[("TERM", "xterm")],
    ) else {
        return;
    };
    assert_eq!(code, 3);
    assert!(
        !out.contains(&0x1b),
        "--color never: {:?}",
        String::from_utf8_lossy(&out)
    );
    let (_, out) = on_tty(&env, "", &["get", "nope"], &[("TERM", "dumb")]).unwrap();
    assert!(
        !out.contains(&0x1b),
        "TERM=dumb: {:?}",
        String::from_utf8_lossy(&out)
    );
}

/// Typed on a terminal, a value or passphrase must never show in the transcript.
#[track_caller]
fn assert_hidden(transcript: &[u8], typed: &str) {
    assert!(
        !transcript
            .windows(typed.len())
            .any(|w| w == typed.as_bytes()),
        "{typed:?} was echoed: {:?}",
        String::from_utf8_lossy(transcript)
    );
}

#[test]
fn create_prompts_twice_hidden_and_stores_the_value_byte_exact() {
    let env = TestEnv::initialized();
    let value = "correct horse $battery 'staple' #1";
    let Some(mut tty) = Tty::start(&env, &["create", "typed"], &[]) else {
        return;
    };
    tty.answer("Value", value);
    tty.answer("Again", value);
    let (code, transcript) = tty.finish();
    let text = String::from_utf8_lossy(&transcript);
    assert_eq!(code, 0, "{text}");
    assert_hidden(&transcript, value);
    // No newline from the Enter key: the bytes typed, nothing more.
    assert_eq!(env.get(&["typed"]), value.as_bytes());
}

#[test]
fn create_with_two_different_entries_fails_and_leaves_the_vault_alone() {
    let env = TestEnv::initialized();
    let before = env.vault_bytes();
    let Some(mut tty) = Tty::start(&env, &["create", "typed"], &[("NO_COLOR", "1")]) else {
        return;
    };
    tty.answer("Value", "first-entry-1234");
    tty.answer("Again", "second-entry-5678");
    let (code, transcript) = tty.finish();
    let text = String::from_utf8_lossy(&transcript);
    assert_eq!(code, 2, "{text}");
    assert!(text.contains("error: the two entries differ"), "{text}");
    assert_hidden(&transcript, "first-entry-1234");
    assert_hidden(&transcript, "second-entry-5678");
    assert_eq!(env.vault_bytes(), before);
    assert_fails(env.arca(&["get", "typed"]), 3, &[]);
}

/// age asks through a `pinentry` program when one is on PATH, else on the
/// terminal itself; a missing PINENTRY_PROGRAM picks the terminal, whatever
/// this machine has installed.
const NO_PINENTRY: (&str, &str) = ("PINENTRY_PROGRAM", "/nonexistent/pinentry");

#[test]
fn init_passphrase_on_a_terminal_protects_the_identity_and_get_asks_for_it() {
    let env = TestEnv::new();
    let passphrase = "tty-passphrase-7f3a";
    let Some(mut tty) = Tty::start(&env, &["init", "--passphrase"], &[]) else {
        return;
    };
    tty.answer("Passphrase for the new identity", passphrase);
    tty.answer("Again", passphrase);
    let (code, transcript) = tty.finish();
    let text = String::from_utf8_lossy(&transcript);
    assert_eq!(code, 0, "{text}");
    assert!(text.contains("age1"), "the public key is printed: {text}");
    assert_hidden(&transcript, passphrase);
    let identity = env.identity_text();
    assert!(
        identity.starts_with("-----BEGIN AGE ENCRYPTED FILE-----\n"),
        "{identity}"
    );
    assert!(!identity.contains("AGE-SECRET-KEY"), "{identity}");
    assert_eq!(mode(&env.identity_path()), 0o600);

    // Writing needs the identity too: asked once, after the value.
    let file = env.write_file("value.txt", b"behind-a-passphrase");
    let mut tty = Tty::start(
        &env,
        &["create", "s", "--value-file", file.to_str().unwrap()],
        &[NO_PINENTRY],
    )
    .unwrap();
    tty.answer("passphrase", passphrase);
    let (code, transcript) = tty.finish();
    assert_eq!(code, 0, "{}", String::from_utf8_lossy(&transcript));
    assert_hidden(&transcript, passphrase);

    let mut tty = Tty::start(&env, &["get", "s"], &[NO_PINENTRY]).unwrap();
    tty.answer("passphrase", passphrase);
    let (code, transcript) = tty.finish();
    let text = String::from_utf8_lossy(&transcript);
    assert_eq!(code, 0, "{text}");
    assert!(text.ends_with("behind-a-passphrase\r\n"), "{text:?}");
    assert_hidden(&transcript, passphrase);

    // A wrong passphrase cannot open the vault.
    let mut tty = Tty::start(&env, &["get", "s"], &[NO_PINENTRY]).unwrap();
    tty.answer("passphrase", "not-the-passphrase");
    tty.answer("try again", "not-the-passphrase");
    tty.answer("try again", "not-the-passphrase");
    let (code, transcript) = tty.finish();
    let text = String::from_utf8_lossy(&transcript);
    assert_eq!(code, 5, "{text}");
    assert!(!text.contains("behind-a-passphrase"), "{text}");

    // The identity arca wrote, with stdin not a terminal: exit 5, no prompt.
    let err = assert_fails(env.arca(&["get", "s"]), 5, &["behind-a-passphrase"]);
    assert!(err.contains("ARCA_KEY"), "{err}");
}

#[test]
fn init_passphrase_with_two_different_entries_creates_nothing() {
    let env = TestEnv::new();
    let Some(mut tty) = Tty::start(&env, &["init", "--passphrase"], &[("NO_COLOR", "1")]) else {
        return;
    };
    tty.answer("Passphrase for the new identity", "one-passphrase");
    tty.answer("Again", "another-passphrase");
    let (code, transcript) = tty.finish();
    let text = String::from_utf8_lossy(&transcript);
    assert_eq!(code, 2, "{text}");
    assert!(text.contains("error: the two entries differ"), "{text}");
    assert!(!env.identity_path().exists() && !env.vault_path().exists());
}
