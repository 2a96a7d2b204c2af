//! `arca init`: keys, files, modes, never overwriting, extra recipients.

use std::fs;

use crate::util::*;

#[test]
fn init_prints_the_public_key_and_writes_private_files() {
    let env = TestEnv::new();
    let out = env.arca(&["init"]).success();
    let stdout = String::from_utf8(stdout(&out)).unwrap();
    assert!(stdout.starts_with("age1"), "stdout: {stdout:?}");
    assert!(
        stdout.ends_with('\n') && stdout.lines().count() == 1,
        "one line: {stdout:?}"
    );
    let public = stdout.trim_end();
    assert_eq!(public.len(), 62, "an X25519 recipient: {public}");

    // Files 0600 in folders 0700.
    assert_eq!(mode(&env.identity_path()), 0o600);
    assert_eq!(mode(&env.vault_path()), 0o600);
    assert_eq!(mode(env.identity_path().parent().unwrap()), 0o700);
    assert_eq!(mode(&env.vault_dir()), 0o700);

    // age-keygen format: comments, a `# public key:` line, one secret key.
    let identity = env.identity_text();
    assert!(
        identity.contains(&format!("# public key: {public}\n")),
        "{identity}"
    );
    let keys: Vec<&str> = identity
        .lines()
        .filter(|l| !l.starts_with('#') && !l.is_empty())
        .collect();
    assert_eq!(keys.len(), 1, "{identity}");
    assert!(keys[0].starts_with("AGE-SECRET-KEY-1"), "{identity}");
    assert!(identity.ends_with('\n'));

    // Nothing on stdout but the key; the vault is an age file.
    assert!(env.vault_bytes().starts_with(b"age-encryption.org/v1\n"));
}

#[test]
fn init_twice_fails_with_exit_4_and_changes_nothing() {
    let env = TestEnv::initialized();
    env.create("keep", b"v");
    let vault = env.vault_bytes();
    let identity = env.identity_text();
    let vault_mtime = fs::metadata(env.vault_path()).unwrap().modified().unwrap();
    let id_mtime = fs::metadata(env.identity_path())
        .unwrap()
        .modified()
        .unwrap();

    let err = assert_fails(env.arca(&["init"]), 4, &[]);
    assert!(err.contains("already exists"), "{err}");
    assert_eq!(env.vault_bytes(), vault);
    assert_eq!(env.identity_text(), identity);
    assert_eq!(
        fs::metadata(env.vault_path()).unwrap().modified().unwrap(),
        vault_mtime
    );
    assert_eq!(
        fs::metadata(env.identity_path())
            .unwrap()
            .modified()
            .unwrap(),
        id_mtime
    );
    assert!(env.temp_files().is_empty());
    assert_eq!(env.get(&["keep"]), b"v");
}

#[test]
fn init_with_an_existing_identity_only_creates_the_vault() {
    let env = TestEnv::new();
    let public = env.init();
    let identity = env.identity_text();
    fs::remove_file(env.vault_path()).unwrap();
    let out = env.arca(&["init"]).success();
    assert_eq!(
        String::from_utf8(stdout(&out)).unwrap(),
        format!("{public}\n")
    );
    assert_eq!(env.identity_text(), identity);
    env.create("x", b"1");
    assert_eq!(env.get(&["x"]), b"1");
}

#[test]
fn a_second_recipient_can_read_the_vault() {
    let alice = TestEnv::new();
    let bob = TestEnv::new();
    let bob_key = bob.init();
    let alice_key = String::from_utf8(stdout(
        &alice.arca(&["init", "--recipient", &bob_key]).success(),
    ))
    .unwrap();
    assert!(alice_key.starts_with("age1"));
    alice.create("shared", b"for bob");

    let vault = alice.vault_path();
    let vault = vault.to_str().unwrap();
    assert_eq!(bob.get(&["--vault", vault, "shared"]), b"for bob");
    // A write by bob re-encrypts to both, so alice still reads it.
    bob.arca_stdin(&["--vault", vault, "put", "shared"], "from bob")
        .success();
    assert_eq!(alice.get(&["shared"]), b"from bob");
    assert_eq!(bob.get(&["--vault", vault, "shared"]), b"from bob");

    // A third identity cannot.
    let eve = TestEnv::initialized();
    assert_fails(
        eve.arca(&["--vault", vault, "get", "shared"]),
        5,
        &["from bob"],
    );
}

#[test]
fn an_invalid_recipient_is_exit_2_and_creates_no_files() {
    let env = TestEnv::new();
    for bad in ["age1notakey", "ssh-ed25519 AAAA", "hello"] {
        let err = assert_fails(env.arca(&["init", "--recipient", bad]), 2, &[]);
        assert!(err.contains("recipient"), "{err}");
    }
    assert!(
        !env.identity_path().exists(),
        "no identity after a refused init"
    );
    assert!(!env.vault_path().exists(), "no vault after a refused init");
}

#[test]
fn init_passphrase_without_a_terminal_is_exit_2_and_creates_nothing() {
    let env = TestEnv::new();
    assert_fails(env.arca(&["init", "--passphrase"]), 2, &[]);
    assert!(!env.identity_path().exists());
    assert!(!env.vault_path().exists());
}

#[test]
fn version_alone_answers_as_clap_does_with_other_arguments() {
    let env = TestEnv::new();
    // `--version` alone is answered before clap; with another argument,
    // clap answers: the same bytes either way.
    let alone = env.cmd().arg("--version").assert().success();
    let short = env.cmd().arg("-V").assert().success();
    let by_clap = env
        .cmd()
        .args(["--color", "never", "--version"])
        .assert()
        .success();
    let expected = format!("arca {}\n", env!("CARGO_PKG_VERSION"));
    for out in [alone, short, by_clap] {
        assert_eq!(String::from_utf8(stdout(&out)).unwrap(), expected);
    }
}
