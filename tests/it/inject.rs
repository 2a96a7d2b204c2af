//! `arca inject` and `exec`/`env --env-file`: references instead of copies,
//! every form, and nothing written or run when a reference is missing.

use crate::util::*;

const DB_OLD: &str = r#"{"username":"app","password":"old-pw-1","conn":{"port":5432}}"#;
const DB_NEW: &str = r#"{"username":"app","password":"new-pw-2","conn":{"port":5432}}"#;

fn vault_with_refs() -> TestEnv {
    let env = TestEnv::initialized();
    env.create("dev/db", DB_OLD.as_bytes());
    env.put("dev/db", DB_NEW.as_bytes());
    env.create("dev/token", b"tok-123456");
    // '@' may be part of a name: the whole name wins over NAME@LABEL.
    env.create("ops@example.com", b"mail-pw");
    env
}

const TEMPLATE: &str = "token: {{ arca:dev/token }}\n\
    url: postgres://{{arca:dev/db#username}}:{{ arca:dev/db#password }}@db/app\n\
    port: {{ arca:dev/db#/conn/port }}\n\
    previous: {{ arca:dev/db@AWSPREVIOUS#password }}\n\
    whole-previous: {{ arca:dev/db@AWSPREVIOUS }}\n\
    mail: {{\tarca:ops@example.com }}\n\
    untouched: {{ .Values.other }} {{not arca}}\n";

fn rendered() -> String {
    format!(
        "token: tok-123456\n\
         url: postgres://app:new-pw-2@db/app\n\
         port: 5432\n\
         previous: old-pw-1\n\
         whole-previous: {DB_OLD}\n\
         mail: mail-pw\n\
         untouched: {{{{ .Values.other }}}} {{{{not arca}}}}\n"
    )
}

#[test]
fn inject_renders_every_reference_form_from_stdin() {
    let env = vault_with_refs();
    let out = output_no_leak(
        env.cmd().arg("inject").write_stdin(TEMPLATE),
        &["new-pw-2", "old-pw-1", "tok-123456"],
    );
    assert!(out.status.success(), "{out:?}");
    assert!(out.stderr.is_empty(), "{out:?}");
    assert_eq!(String::from_utf8(out.stdout).unwrap(), rendered());
}

#[test]
fn inject_reads_a_file_and_writes_a_private_file() {
    let env = vault_with_refs();
    let tpl = env.write_file("app.yml.tpl", TEMPLATE.as_bytes());
    let dest = env.path("app.yml");
    // An existing, world-readable file is made private before it is written.
    std::fs::write(&dest, "old contents that are longer than nothing\n").unwrap();
    set_mode(&dest, 0o644);
    env.arca(&[
        "inject",
        "-i",
        tpl.to_str().unwrap(),
        "--out-file",
        dest.to_str().unwrap(),
    ])
    .success()
    .stdout("");
    assert_eq!(std::fs::read_to_string(&dest).unwrap(), rendered());
    assert_eq!(mode(&dest), 0o600);

    let fresh = env.path("fresh.yml");
    env.arca(&[
        "inject",
        "--in-file",
        tpl.to_str().unwrap(),
        "--out-file",
        fresh.to_str().unwrap(),
    ])
    .success();
    assert_eq!(mode(&fresh), 0o600);
}

#[test]
fn inject_missing_reference_writes_nothing() {
    let env = vault_with_refs();
    let dest = env.path("out.txt");
    let tpl = "a: {{ arca:dev/token }}\nb: {{ arca:dev/nope#x }}\n";
    let msg = assert_fails(
        env.cmd()
            .args(["inject", "--out-file", dest.to_str().unwrap()])
            .write_stdin(tpl)
            .assert(),
        3,
        &["tok-123456"],
    );
    assert!(
        msg.contains("secret 'dev/nope' not found (from arca:dev/nope#x on line 2)"),
        "{msg}"
    );
    assert!(!dest.exists());

    // To stdout: nothing printed either.
    let out = env.cmd().arg("inject").write_stdin(tpl).output().unwrap();
    assert_eq!(out.status.code(), Some(3));
    assert!(out.stdout.is_empty());

    // A missing label, a missing field, a malformed reference.
    for (tpl, code, what) in [
        ("{{ arca:dev/db@NOPE }}", 3, "label NOPE"),
        ("{{ arca:dev/db#nope }}", 3, "no field 'nope'"),
        ("x\n{{ arca:#f }}", 2, "line 2"),
        ("{{ arca:dev/token", 2, "closing"),
    ] {
        let msg = assert_fails(
            env.cmd().arg("inject").write_stdin(tpl).assert(),
            code,
            &["tok-123456", "new-pw-2"],
        );
        assert!(msg.contains(what), "{tpl}: {msg}");
    }
}

#[test]
fn inject_refuses_a_binary_value() {
    let env = vault_with_refs();
    let bin = env.write_file("blob", b"\xff\x00\xfe");
    env.arca(&["create", "dev/blob", "--binary-file", bin.to_str().unwrap()])
        .success();
    let msg = assert_fails(
        env.cmd()
            .arg("inject")
            .write_stdin("{{ arca:dev/blob }}")
            .assert(),
        4,
        &[],
    );
    assert!(
        msg.contains("binary data, which a text template cannot hold"),
        "{msg}"
    );
}

const ENV_FILE: &str = "# what the app gets; commit this file\n\
    TOKEN=arca:dev/token\n\
    DB_PASSWORD=arca:dev/db#password\n\
    DB_PORT=arca:dev/db#/conn/port\n\
    OLD_PASSWORD=arca:dev/db@AWSPREVIOUS#password\n\
    MAIL=arca:ops@example.com\n\
    export MODE=\"plain value\"\n\
    LEVEL=debug\n";

#[test]
fn env_file_gives_references_and_plain_values() {
    let env = vault_with_refs();
    let file = env.write_file("app.env", ENV_FILE.as_bytes());
    let out = output_no_leak(
        env.cmd().args([
            "exec",
            "--env-file",
            file.to_str().unwrap(),
            "--",
            "sh",
            "-c",
            "printf '%s|' \"$TOKEN\" \"$DB_PASSWORD\" \"$DB_PORT\" \"$OLD_PASSWORD\" \"$MAIL\" \"$MODE\" \"$LEVEL\"",
        ]),
        &["new-pw-2", "old-pw-1", "tok-123456"],
    );
    assert!(out.status.success(), "{out:?}");
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        "tok-123456|new-pw-2|5432|old-pw-1|mail-pw|plain value|debug|"
    );

    // env takes the same selection, mixed with --env.
    let out = env
        .cmd()
        .args([
            "env",
            "--format",
            "dotenv",
            "--env-file",
            file.to_str().unwrap(),
            "--env",
            "USER_NAME=dev/db#username",
        ])
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.starts_with("USER_NAME=\"app\"\nTOKEN=\"tok-123456\"\n"),
        "{text}"
    );
    assert!(text.contains("MODE=\"plain value\"\n"), "{text}");
}

#[test]
fn env_file_with_a_missing_reference_runs_nothing() {
    let env = vault_with_refs();
    let file = env.write_file("app.env", b"TOKEN=arca:dev/token\nGONE=arca:dev/gone#x\n");
    let marker = env.path("ran");
    let msg = assert_fails(
        env.cmd()
            .args([
                "exec",
                "--env-file",
                file.to_str().unwrap(),
                "--",
                "touch",
                marker.to_str().unwrap(),
            ])
            .assert(),
        3,
        &["tok-123456"],
    );
    assert!(msg.contains("secret 'dev/gone' not found"), "{msg}");
    assert!(msg.contains("app.env: line 2 (GONE)"), "{msg}");
    assert!(!marker.exists());

    // A bad line, and a variable given twice, are caught before anything runs.
    let bad = env.write_file("bad.env", b"1X=arca:dev/token\nY=arca:\n");
    let msg = assert_fails(
        env.cmd()
            .args([
                "exec",
                "--env-file",
                bad.to_str().unwrap(),
                "--",
                "touch",
                marker.to_str().unwrap(),
            ])
            .assert(),
        2,
        &[],
    );
    assert!(
        msg.contains("line 1 (1X)") && msg.contains("line 2 (Y)"),
        "{msg}"
    );
    let msg = assert_fails(
        env.cmd()
            .args([
                "exec",
                "--env-file",
                file.to_str().unwrap(),
                "--env",
                "TOKEN=dev/token",
                "--",
                "touch",
                marker.to_str().unwrap(),
            ])
            .assert(),
        2,
        &[],
    );
    assert!(
        msg.contains("two selections give the variable TOKEN"),
        "{msg}"
    );
    assert!(!marker.exists());
}
