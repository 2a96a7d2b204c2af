//! Exit 5: the vault cannot be opened. Each case leaves the vault
//! byte-identical and prints one `error:` line without panic text.

use std::fs;

use crate::util::*;

const MARK: &str = "value-never-shown-7f3a";

/// An initialised HOME with one secret `x`.
fn setup() -> TestEnv {
    let env = TestEnv::initialized();
    env.create("x", b"stored-value-9c1e");
    env
}

/// `get x`, `versions x` and `put x` all fail with exit 5 and leave the vault as it was.
#[track_caller]
fn all_exit_5(env: &TestEnv, extra: &[&str]) -> String {
    let before = fs::read(env.vault_path()).ok();
    let mut last = String::new();
    for base in [
        &["get", "x"][..],
        &["versions", "x"],
        &["put", "x"],
        &["create", "y"],
        &["stage", "x", "L", "--move-to", "v"],
    ] {
        let mut args = extra.to_vec();
        args.extend_from_slice(base);
        last = assert_fails(env.arca_stdin(&args, MARK), 5, &[MARK, "stored-value-9c1e"]);
        assert_eq!(
            fs::read(env.vault_path()).ok(),
            before,
            "{args:?} changed the vault"
        );
        assert!(env.vault_dir().exists() && env.temp_files().is_empty());
    }
    last
}

#[test]
fn no_identity_file_names_arca_key_and_init() {
    let env = setup();
    fs::remove_file(env.identity_path()).unwrap();
    let err = all_exit_5(&env, &[]);
    assert!(
        err.contains("ARCA_KEY") && err.contains("arca init"),
        "{err}"
    );
    assert!(err.contains("identity"), "{err}");
}

#[test]
fn a_wrong_identity_is_exit_5() {
    let env = setup();
    let other = TestEnv::initialized();
    let other_id = other.identity_path();
    let err = all_exit_5(&env, &["--identity", other_id.to_str().unwrap()]);
    assert!(err.contains("identit"), "{err}");
    // ARCA_IDENTITY too.
    assert_fails(
        env.arca_env(&["get", "x"], &[("ARCA_IDENTITY", other_id.as_os_str())]),
        5,
        &["stored-value"],
    );
}

#[test]
fn a_truncated_vault_is_exit_5() {
    let env = setup();
    let bytes = env.vault_bytes();
    fs::write(env.vault_path(), &bytes[..bytes.len() / 2]).unwrap();
    all_exit_5(&env, &[]);
    // Cut off just the last byte.
    fs::write(env.vault_path(), &bytes[..bytes.len() - 1]).unwrap();
    all_exit_5(&env, &[]);
}

#[test]
fn a_flipped_byte_in_the_body_is_exit_5() {
    let env = setup();
    let mut bytes = env.vault_bytes();
    let last = bytes.len() - 20;
    bytes[last] ^= 1;
    fs::write(env.vault_path(), &bytes).unwrap();
    all_exit_5(&env, &[]);
}

#[test]
fn random_bytes_as_vault_are_exit_5() {
    let env = setup();
    let noise: Vec<u8> = (0..4096u32)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
        .collect();
    fs::write(env.vault_path(), noise).unwrap();
    all_exit_5(&env, &[]);
    fs::write(env.vault_path(), "just some text\n").unwrap();
    all_exit_5(&env, &[]);
}

#[test]
fn an_empty_vault_file_is_exit_5() {
    let env = setup();
    fs::write(env.vault_path(), b"").unwrap();
    all_exit_5(&env, &[]);
}

#[test]
fn a_missing_vault_is_exit_5_with_a_hint() {
    let env = setup();
    fs::remove_file(env.vault_path()).unwrap();
    for args in [&["get", "x"][..], &["versions", "x"]] {
        let err = assert_fails(env.arca(args), 5, &[]);
        assert!(err.contains("arca init"), "{err}");
    }
    assert_fails(env.arca_stdin(&["put", "x"], MARK), 5, &[MARK]);
    assert!(
        !env.vault_path().exists(),
        "a failed put does not create a vault"
    );
}

#[test]
fn an_identity_readable_by_others_is_refused() {
    let env = setup();
    set_mode(&env.identity_path(), 0o644);
    let err = all_exit_5(&env, &[]);
    assert!(err.contains("chmod 600"), "{err}");
    assert_eq!(
        mode(&env.identity_path()),
        0o644,
        "arca does not chmod it itself"
    );
    set_mode(&env.identity_path(), 0o640);
    assert_fails(env.arca(&["get", "x"]), 5, &[]);
    set_mode(&env.identity_path(), 0o600);
    assert_eq!(env.get(&["x"]), b"stored-value-9c1e");
}

#[test]
fn arca_key_works_without_an_identity_file() {
    let env = setup();
    let key = env.identity_text();
    fs::remove_file(env.identity_path()).unwrap();
    let out = env
        .arca_env(&["get", "x"], &[("ARCA_KEY", key.as_str())])
        .success();
    assert_eq!(stdout(&out), b"stored-value-9c1e");
    // Just the secret-key line is enough, and writes work too.
    let line = key
        .lines()
        .find(|l| l.starts_with("AGE-SECRET-KEY-"))
        .unwrap();
    env.cmd()
        .env("ARCA_KEY", line)
        .args(["put", "x"])
        .write_stdin("via-key")
        .assert()
        .success();
    let out = env.arca_env(&["get", "x"], &[("ARCA_KEY", line)]).success();
    assert_eq!(stdout(&out), b"via-key");
    // ARCA_KEY wins over a wrong identity file.
    let other = TestEnv::initialized();
    let out = env
        .arca_env(
            &[
                "--identity",
                other.identity_path().to_str().unwrap(),
                "get",
                "x",
            ],
            &[("ARCA_KEY", line)],
        )
        .success();
    assert_eq!(stdout(&out), b"via-key");
}

#[test]
fn garbage_in_arca_key_is_exit_5() {
    let env = setup();
    let before = env.vault_bytes();
    for garbage in ["garbage", "AGE-SECRET-KEY-1NOTAKEY", "# only a comment\n"] {
        let err = assert_fails(
            env.arca_env(&["get", "x"], &[("ARCA_KEY", garbage)]),
            5,
            &["stored-value", garbage],
        );
        assert!(err.contains("ARCA_KEY"), "{err}");
        assert_fails(
            env.cmd()
                .env("ARCA_KEY", garbage)
                .args(["put", "x"])
                .write_stdin(MARK)
                .assert(),
            5,
            &[MARK],
        );
    }
    // Another valid key that is not a recipient.
    let other = TestEnv::initialized();
    assert_fails(
        env.arca_env(&["get", "x"], &[("ARCA_KEY", other.identity_text())]),
        5,
        &[],
    );
    assert_eq!(env.vault_bytes(), before);
}

#[test]
fn a_passphrase_protected_identity_without_a_terminal_is_exit_5() {
    let env = setup();
    // An armored age file: what `age -p -a` writes. arca must refuse it
    // before trying to prompt.
    let armored = "-----BEGIN AGE ENCRYPTED FILE-----\n\
        YWdlLWVuY3J5cHRpb24ub3JnL3YxCi0+IHNjcnlwdCBnYXJiYWdlIDE4CmdhcmJh\n\
        -----END AGE ENCRYPTED FILE-----\n";
    fs::write(env.identity_path(), armored).unwrap();
    let err = all_exit_5(&env, &[]);
    assert!(
        err.contains("ARCA_KEY") && err.contains("passphrase"),
        "{err}"
    );

    // The binary form as well.
    fs::write(
        env.identity_path(),
        b"age-encryption.org/v1\n-> scrypt abc 18\nxyz\n--- abc\n\x00\x01",
    )
    .unwrap();
    let err = all_exit_5(&env, &[]);
    assert!(err.contains("ARCA_KEY"), "{err}");
}

#[test]
fn a_real_age_passphrase_identity_is_refused_without_prompting() {
    let Some(_age) = age_cli("a_real_age_passphrase_identity_is_refused_without_prompting") else {
        return;
    };
    // `age -p` needs a terminal for the passphrase; `script` gives it one.
    if !std::path::Path::new("/usr/bin/script").exists() {
        eprintln!("note: skipping: `script` (util-linux) is not installed");
        return;
    }
    let env = setup();
    let plain = env.path("plain.txt");
    fs::copy(env.identity_path(), &plain).unwrap();
    let protected = env.path("protected.age");
    let status = std::process::Command::new("sh")
        .arg("-c")
        .arg(format!(
            "(printf 'pw\\n'; sleep 0.3; printf 'pw\\n'; sleep 0.5) | script -qec 'age -p -a -o {} {}' /dev/null >/dev/null 2>&1",
            protected.display(),
            plain.display()
        ))
        .status()
        .unwrap();
    if !status.success() || !protected.exists() {
        eprintln!("note: skipping: could not make a passphrase identity with age -p");
        return;
    }
    set_mode(&protected, 0o600);
    let err = all_exit_5(&env, &["--identity", protected.to_str().unwrap()]);
    assert!(err.contains("ARCA_KEY"), "{err}");
}

#[test]
fn any_one_of_several_identities_may_open_the_vault() {
    let env = setup();
    let other = TestEnv::initialized();
    let wrong = other.identity_path();
    let right = env.identity_path();
    let out = env
        .arca(&[
            "--identity",
            wrong.to_str().unwrap(),
            "--identity",
            right.to_str().unwrap(),
            "get",
            "x",
        ])
        .success();
    assert_eq!(stdout(&out), b"stored-value-9c1e");
    // ARCA_IDENTITY names a file too.
    let out = env
        .arca_env(&["get", "x"], &[("ARCA_IDENTITY", right.as_os_str())])
        .success();
    assert_eq!(stdout(&out), b"stored-value-9c1e");
}
