//! Completion of secret names: the committed bash script, run by a real
//! bash with the COMP_* variables readline would set, asks
//! `arca __complete`, which never prompts.

use std::path::Path;

use crate::util::*;

fn vault_with_names() -> TestEnv {
    let env = TestEnv::initialized();
    for name in ["dev/db", "dev/api-token", "prod/db", "ops@example.com"] {
        env.create(name, b"some-value");
    }
    env.create("dev/gone", b"x");
    env.arca(&["delete", "dev/gone"]).success();
    env
}

/// For each command line (the cursor at its end), what bash offers.
fn bash_completes(env: &TestEnv, lines: &[&str], vars: &[(&str, &str)]) -> Vec<String> {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("completions/arca.bash");
    let bin_dir = Path::new(BIN).parent().unwrap();
    // COMP_WORDS split as readline does: at blanks and at = (a word-break
    // character), which becomes a word of its own.
    let driver = r#"
source "$1"; shift
for line in "$@"; do
    COMP_LINE="$line"; COMP_POINT=${#line}
    spaced=$(printf '%s' "$line" | sed 's/=/ = /g')
    read -ra COMP_WORDS <<< "$spaced"
    [[ "$line" == *[[:space:]] || "$line" == *= ]] && COMP_WORDS+=("")
    COMP_CWORD=$(( ${#COMP_WORDS[@]} - 1 ))
    COMPREPLY=()
    _arca_names arca "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD-1]}"
    echo "${COMPREPLY[*]}"
done
"#;
    let mut cmd = env.program("bash");
    cmd.args(["--norc", "-c", driver, "bash"])
        .arg(&script)
        .args(lines)
        .env(
            "PATH",
            format!("{}:{}", bin_dir.display(), std::env::var("PATH").unwrap()),
        );
    for (k, v) in vars {
        cmd.env(k, v);
    }
    let out = cmd.output().unwrap();
    assert!(out.status.success(), "{out:?}");
    String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(str::to_owned)
        .collect()
}

#[test]
fn bash_completes_names_where_names_go() {
    let env = vault_with_names();
    let vault = env.vault_path();
    let vault = vault.to_str().unwrap();
    let with_vault = format!("arca --vault {vault} describe d");
    let got = bash_completes(
        &env,
        &[
            "arca get ",
            "arca get dev/",
            "arca get-secret-value --version-stage AWSCURRENT --secret-id p",
            &with_vault,
            "arca edit o",
            "arca exec --env DB=dev/",
            "arca env --prefix pr",
            "arca batch-get dev/db dev/a",
            "arca tag dev/db ",
            "arca ge",
        ],
        &[],
    );
    assert_eq!(
        got,
        [
            "dev/api-token dev/db ops@example.com prod/db",
            "dev/api-token dev/db",
            "prod/db",
            "dev/api-token dev/db",
            // After the last word-break character (@ is not one).
            "ops@example.com",
            // Readline replaces the text after "=", so only the name.
            "dev/api-token dev/db",
            "prod/db",
            "dev/api-token",
            // tag's second argument is K=V, not a name: clap's own options.
            "-o -v -h -V --vault --identity --config --output --color --verbose --help --version",
            "get get-secret-value get-random-password",
        ]
    );
}

#[test]
fn names_need_a_key_that_asks_nothing() {
    let env = vault_with_names();
    // ARCA_KEY is used as is.
    let key = env.identity_text();
    let got = bash_completes(&env, &["arca get prod/"], &[("ARCA_KEY", key.as_str())]);
    assert_eq!(got, ["prod/db"]);

    // A passphrase-protected identity file: nothing, and no prompt even on
    // a terminal.
    std::fs::write(
        env.identity_path(),
        "-----BEGIN AGE ENCRYPTED FILE-----\n\
         YWdlLWVuY3J5cHRpb24ub3JnL3YxCi0+IHNjcnlwdCBnYXJiYWdlIDE4CmdhcmJh\n\
         -----END AGE ENCRYPTED FILE-----\n",
    )
    .unwrap();
    assert_eq!(bash_completes(&env, &["arca get "], &[]), [""]);
    if let Some((code, screen)) = on_tty(&env, "", &["__complete", "names", ""], &[]) {
        assert_eq!(code, 0);
        assert!(
            String::from_utf8_lossy(&screen).trim().is_empty(),
            "{:?}",
            String::from_utf8_lossy(&screen)
        );
    }

    // An identity others can read is not used either; nor a missing one.
    std::fs::write(env.identity_path(), key.as_bytes()).unwrap();
    set_mode(&env.identity_path(), 0o644);
    assert_eq!(bash_completes(&env, &["arca get "], &[]), [""]);
    let out = env
        .cmd()
        .args(["__complete", "names", ""])
        .env("ARCA_IDENTITY", env.path("missing.txt"))
        .output()
        .unwrap();
    assert!(out.status.success() && out.stdout.is_empty() && out.stderr.is_empty());
}

#[test]
fn the_helper_prints_names_and_env_pairs() {
    let env = vault_with_names();
    env.arca(&["__complete", "names", "dev/"])
        .success()
        .stdout("dev/api-token\ndev/db\n");
    env.arca(&["__complete", "env", "TOKEN=dev/a"])
        .success()
        .stdout("TOKEN=dev/api-token\n");
    // Still typing the variable: nothing.
    env.arca(&["__complete", "env", "TOK"]).success().stdout("");
    // It is not a command people see.
    let help = stdout(&env.arca(&["--help"]).success());
    assert!(!String::from_utf8_lossy(&help).contains("__complete"));
}

fn have(program: &str) -> bool {
    std::process::Command::new(program)
        .arg("--version")
        .output()
        .is_ok()
}

fn path_with_arca() -> String {
    let bin_dir = Path::new(BIN).parent().unwrap();
    format!("{}:{}", bin_dir.display(), std::env::var("PATH").unwrap())
}

/// An interactive zsh on a pseudo-terminal (zsh's own zpty) with the
/// committed `_arca` on its fpath: types each line, presses Tab, and
/// returns the line as the completion left it.
fn zsh_completes(env: &TestEnv, lines: &[&str]) -> Vec<String> {
    let fpath = env.path("zfunc");
    std::fs::create_dir_all(&fpath).unwrap();
    std::fs::copy(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("completions/_arca"),
        fpath.join("_arca"),
    )
    .unwrap();
    let driver = r#"
zmodload zsh/zpty
zpty -b z "zsh -f -i"
zpty -w z "PS1='>'; fpath=($1 \$fpath); autoload -U compinit; compinit -u -D"
shift
for line in "$@"; do
    zpty -w z "echo READY"
    zpty -r z out '*READY*'
    zpty -r z out '*READY*'
    zpty -w -n z "$line"$'\t'
    sleep 1
    # Back to the start of the line and print what is on it.
    zpty -w -n z $'\C-a echo GOT:\n'
    zpty -r z out '*GOT:*'
    zpty -r z out $'*\n'
    print -r -- "${${out%%$'\r'*}%%$'\n'*}"
done
zpty -d z
"#;
    let out = env
        .program("zsh")
        .args(["-f", "-c", driver, "zsh"])
        .arg(&fpath)
        .args(lines)
        .env("PATH", path_with_arca())
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| l.trim().to_owned())
        .collect()
}

#[test]
fn zsh_completes_names_on_a_terminal() {
    if !have("zsh") {
        eprintln!("note: zsh not installed; skipping the zsh completion test");
        return;
    }
    let env = vault_with_names();
    let got = zsh_completes(
        &env,
        &[
            "arca get prod/",
            "arca describe ops",
            "arca exec --env X=dev/api",
            "arca env --prefix pro",
        ],
    );
    assert_eq!(
        got,
        [
            "arca get prod/db",
            "arca describe ops@example.com",
            "arca exec --env X=dev/api-token",
            "arca env --prefix prod/db",
        ]
    );
}

#[test]
fn fish_completes_names() {
    if !have("fish") {
        eprintln!("note: fish not installed; skipping the fish completion test");
        return;
    }
    let env = vault_with_names();
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("completions/arca.fish");
    let out = env
        .program("fish")
        .args(["--no-config", "-c"])
        .arg(format!(
            "source {}; complete -C 'arca get dev/'; echo ==; complete -C 'arca exec --env X=pr'; echo ==; complete -C 'arca env --prefix o'",
            script.display()
        ))
        .env("PATH", path_with_arca())
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "dev/api-token\ndev/db\n==\nX=prod/db\n==\nops@example.com\n"
    );
}
