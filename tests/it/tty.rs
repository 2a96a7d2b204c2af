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
