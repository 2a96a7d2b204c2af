//! The rough edges of everyday use (issue 10, items 7–16): -o honoured or
//! refused, dates people read, delete's output, prompts, aliases and
//! "did you mean", help, empty lists, hook hints, the CI shell pattern,
//! --verbose.

use std::fs;

use crate::util::*;

const NOW: &str = "2030-01-10T12:00:00.5Z";

/// `2030-01-10 12:00:00 UTC`: the fixed human form.
fn is_human_date(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 23
        && s.ends_with(" UTC")
        && b[4] == b'-'
        && b[10] == b' '
        && b[13] == b':'
        && b[16] == b':'
        && s[..19]
            .replace(['-', ' ', ':'], "")
            .bytes()
            .all(|c| c.is_ascii_digit())
}

#[test]
fn o_is_honoured_or_refused_with_exit_2() {
    let env = TestEnv::initialized();
    env.create("dev/a", b"value-a");
    let before = env.vault_bytes();
    for (args, says) in [
        (vec!["env", "--prefix", "dev/", "-o", "json"], "--format"),
        (vec!["export", "-o", "json"], "--format"),
        (vec!["get", "dev/a", "-o", "table"], "text or json"),
        (vec!["describe", "dev/a", "-o", "table"], "text or json"),
        (
            vec!["exec", "-o", "json", "--env", "A=dev/a", "--", "true"],
            "text",
        ),
        (vec!["completions", "bash", "-o", "json"], "text"),
        (vec!["init", "-o", "json"], "text"),
        (vec!["inject", "-o", "json"], "--out-file"),
        (vec!["edit", "dev/a", "-o", "json"], "text"),
        (vec!["tag", "dev/a", "k=v", "-o", "table"], "text or json"),
    ] {
        let err = assert_fails(env.arca(&args), 2, &["value-a"]);
        assert!(err.contains("does not apply to"), "{args:?}: {err}");
        assert!(err.contains(says), "{args:?}: {err}");
    }
    assert_eq!(env.vault_bytes(), before);

    // Where it applies, it is honoured, in a pipe as on a terminal.
    let table = String::from_utf8(env.get_stdout(&["list", "-o", "table"])).unwrap();
    assert!(table.contains('│') && table.contains("dev/a"), "{table}");
    let table = String::from_utf8(env.get_stdout(&["recipients", "list", "-o", "table"])).unwrap();
    assert!(
        table.contains("RECIPIENT") && table.contains("age1"),
        "{table}"
    );
    assert_eq!(env.json(&["get", "dev/a"])["SecretString"], "value-a");
    assert_eq!(env.get(&["dev/a", "-o", "text"]), b"value-a");
}

#[test]
fn describe_prints_fixed_width_dates_with_their_zone_and_the_window() {
    let env = TestEnv::initialized();
    env.create("s", b"v");
    env.arca_env(
        &[
            "rotate",
            "s",
            "--schedule",
            "cron(0 16 1,15 * ? *)",
            "--window",
            "2h",
        ],
        &[("ARCA_TEST_NOW", NOW)],
    )
    .success();
    let text = String::from_utf8(env.get_stdout(&["describe", "s"])).unwrap();
    // Where each value starts: after the key's colon and the spaces.
    let value_column = |line: &str| {
        let after = line.find(':').unwrap() + 1;
        after + line[after..].len() - line[after..].trim_start().len()
    };
    let fields: Vec<&str> = text
        .lines()
        .take_while(|l| !l.starts_with("Versions:"))
        .collect();
    let columns: Vec<_> = fields.iter().map(|l| value_column(l)).collect();
    assert!(
        columns.windows(2).all(|w| w[0] == w[1]),
        "values not aligned:\n{text}"
    );
    for key in [
        "Created:",
        "Last changed:",
        "Last rotated:",
        "Next rotation:",
    ] {
        let line = fields
            .iter()
            .find(|l| l.starts_with(key))
            .unwrap_or_else(|| panic!("no {key}:\n{text}"));
        let value = line[key.len()..].trim_start();
        assert!(is_human_date(value), "{key} {value:?}\n{text}");
        assert!(
            line[key.len()..].starts_with(' '),
            "no space after {key}\n{text}"
        );
    }
    assert!(text.contains("Window:") && text.contains("2h"), "{text}");
    assert!(
        text.contains("Next rotation: 2030-01-15 16:00:00 UTC"),
        "{text}"
    );
    // Version lines too.
    let version = text
        .lines()
        .skip_while(|l| !l.starts_with("Versions:"))
        .nth(1)
        .unwrap();
    assert!(version.contains(" UTC"), "{version}");
}

#[test]
fn delete_reads_as_one_message_on_a_terminal_and_stays_scriptable_in_a_pipe() {
    let env = TestEnv::initialized();
    env.create("a", b"v");
    env.create("b", b"v");
    let out = env
        .arca_env(
            &["delete", "a", "--recovery-window-days", "7"],
            &[("ARCA_TEST_NOW", NOW)],
        )
        .success();
    let date = String::from_utf8(stdout(&out)).unwrap();
    assert!(
        date.ends_with('\n') && is_rfc3339(date.trim_end()),
        "{date:?}"
    );
    assert!(date.starts_with("2030-01-17T12:00:00"), "{date:?}");
    assert!(
        stderr(&out).contains("'a' will be deleted on 2030-01-17 12:00:00 UTC"),
        "{}",
        stderr(&out)
    );

    let Some((code, out)) = on_tty(&env, "", &["delete", "b"], &[("ARCA_TEST_NOW", NOW)]) else {
        return;
    };
    let text = String::from_utf8(out).unwrap();
    assert_eq!(code, 0, "{text}");
    assert_eq!(
        text,
        "'b' will be deleted on 2030-02-09 12:00:00 UTC; 'arca restore b' keeps it until then\r\n"
    );
}

#[test]
fn an_empty_hidden_value_says_why_and_asks_again() {
    let env = TestEnv::initialized();
    let Some(mut tty) = Tty::start(&env, &["create", "typed"], &[]) else {
        return;
    };
    tty.answer("Value", "");
    tty.answer("cannot be empty", "");
    tty.answer("Ctrl-C", "now-typed");
    tty.answer("Again", "now-typed");
    let (code, transcript) = tty.finish();
    assert_eq!(code, 0, "{}", String::from_utf8_lossy(&transcript));
    assert_eq!(env.get(&["typed"]), b"now-typed");
}

#[test]
fn aliases_did_you_mean_and_the_exec_separator_tip() {
    let env = TestEnv::initialized();
    env.create("dev/db/app", b"app-value");
    env.create("dev/api", b"api-value");
    let err = assert_fails(env.arca(&["get", "dev/db/ap"]), 3, &["app-value"]);
    assert!(err.contains("did you mean 'dev/db/app'?"), "{err}");
    let err = assert_fails(env.arca(&["describe", "dev/dbapp"]), 3, &[]);
    assert!(err.contains("did you mean 'dev/db/app'?"), "{err}");
    let err = assert_fails(
        env.arca(&["env", "--env", "X=dev/db/ap"]),
        3,
        &["app-value"],
    );
    assert!(err.contains("did you mean 'dev/db/app'?"), "{err}");
    // Nothing near: the plain hint.
    let err = assert_fails(env.arca(&["get", "prod/other/thing"]), 3, &[]);
    assert!(!err.contains("did you mean"), "{err}");

    assert_eq!(env.get_stdout(&["show", "dev/api"]), b"api-value");
    assert_eq!(env.get_stdout(&["cat", "dev/api"]), b"api-value");
    let listed = String::from_utf8(env.get_stdout(&["ls"])).unwrap();
    assert_eq!(listed.lines().count(), 2, "{listed}");
    // rm schedules a deletion, with the recovery window: restore works.
    env.arca(&["rm", "dev/api"]).success();
    assert_fails(env.arca(&["get", "dev/api"]), 4, &[]);
    env.arca(&["restore", "dev/api"]).success();

    let err = assert_fails(
        env.arca(&["exec", "--env", "X=dev/api", "sh", "-c", "echo $X"]),
        2,
        &["api-value"],
    );
    assert!(
        err.contains("tip: the command to run goes after --"),
        "{err}"
    );
}

#[test]
fn help_puts_global_options_under_their_own_heading_without_env_values() {
    let env = TestEnv::initialized();
    for args in [vec!["get", "-h"], vec!["get", "--help"], vec!["list", "-h"]] {
        let out = env
            .cmd()
            .args(&args)
            .env("ARCA_VAULT", "/some/where/vault.age")
            .assert()
            .success();
        let help = String::from_utf8(stdout(&out)).unwrap();
        let (own, global) = help
            .split_once("Global options:")
            .unwrap_or_else(|| panic!("{help}"));
        assert!(
            !own.contains("--vault") && !own.contains("--output"),
            "{own}"
        );
        assert!(
            global.contains("--vault") && global.contains("--verbose"),
            "{global}"
        );
        assert!(!help.contains("ARCA_VAULT="), "{help}");
        assert!(!help.contains("/some/where"), "{help}");
    }
}

#[test]
fn export_defaults_to_json_and_an_empty_list_says_so_on_a_terminal() {
    let env = TestEnv::initialized();
    let Some((code, out)) = on_tty(&env, "stty cols 120", &["list"], &[]) else {
        return;
    };
    let text = String::from_utf8(out).unwrap();
    assert_eq!(code, 0, "{text}");
    assert_eq!(text, "no secrets\r\n");
    // In a pipe: nothing at all, as before.
    assert!(env.get_stdout(&["list"]).is_empty());

    env.create("app/k", b"v1");
    let (_, out) = on_tty(&env, "stty cols 120", &["list"], &[]).unwrap();
    let text = String::from_utf8(out).unwrap();
    assert!(
        text.contains(" UTC"),
        "table dates carry their zone: {text}"
    );
    let (_, out) = on_tty(
        &env,
        "stty cols 120",
        &["list", "--filter", "name=zzz"],
        &[],
    )
    .unwrap();
    assert_eq!(
        String::from_utf8(out).unwrap(),
        "no secrets match these filters\r\n"
    );

    let json: serde_json::Value = serde_json::from_slice(&env.get_stdout(&["export"])).unwrap();
    assert_eq!(json["app/k"], "v1");
}

#[test]
fn a_single_command_hook_that_prints_no_value_says_how_to_get_the_default() {
    let env = TestEnv::initialized();
    let hook = env.write_file("hook.sh", b"#!/bin/sh\ncat >/dev/null\n");
    set_mode(&hook, 0o755);
    env.write_file(
        ".config/arca/config.toml",
        format!(
            "[hooks.one]\ncommand = \"{0}\"\n[hooks.steps]\ncreate = \"{0}\"\nset = \"{0}\"\n",
            hook.display()
        )
        .as_bytes(),
    );
    env.create("x", b"hook-test-value");
    let err = assert_hook_fails(
        env.arca(&["rotate", "x", "--hook", "one"]),
        &["hook-test-value"],
    );
    assert!(err.contains("no value"), "{err}");
    assert!(
        err.contains("hint: a hook with one command") && err.contains("without create"),
        "{err}"
    );
    let err = assert_hook_fails(
        env.arca(&["rotate", "x", "--hook", "steps"]),
        &["hook-test-value"],
    );
    assert!(err.contains("hint: the create step must print"), "{err}");
    assert_eq!(env.version_ids("x").len(), 1);
}

/// The README's GitLab pattern: an assignment keeps the status of its
/// command substitution, so `set -e` stops on a failed `arca env`, where
/// `eval "$(arca env …)"` carries on.
#[test]
fn the_ci_env_pattern_stops_on_failure_under_set_e() {
    let env = TestEnv::initialized();
    env.create("ci/token", b"t0ken");
    let bin_dir = std::path::Path::new(BIN).parent().unwrap().to_owned();
    let run = |script: &str| {
        let base = env.std_cmd();
        let mut sh = std::process::Command::new("sh");
        sh.args(["-ec", script]).current_dir(env.home());
        for (k, v) in base.get_envs() {
            match v {
                Some(v) => sh.env(k, v),
                None => sh.env_remove(k),
            };
        }
        let path = format!("{}:{}", bin_dir.display(), std::env::var("PATH").unwrap());
        sh.env("PATH", path).output().unwrap()
    };
    let good = "arca_env=\"$(arca env --prefix ci/ --format shell)\"; eval \"$arca_env\"; unset arca_env; printf '%s' \"$TOKEN\"";
    let out = run(good);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(out.stdout, b"t0ken");
    // A missing secret: the pattern stops, exit 3 ...
    let out = run(&good.replace("--prefix ci/", "--env TOKEN=ci/missing"));
    assert_eq!(out.status.code(), Some(3));
    // ... where the old one went on.
    let out = run("eval \"$(arca env --env TOKEN=ci/missing)\"; echo went-on");
    assert_eq!(out.stdout, b"went-on\n");
}

#[test]
fn verbose_says_what_arca_uses_and_never_a_value() {
    let env = TestEnv::initialized();
    env.create("s", b"verbose-secret-value");
    let out = env.arca(&["--verbose", "get", "s"]).success();
    let err = stderr(&out);
    assert_eq!(stdout(&out), b"verbose-secret-value");
    assert!(
        err.contains(&format!("vault: {}", env.vault_path().display())),
        "{err}"
    );
    assert!(
        err.contains(&format!("identity: {}", env.identity_path().display())),
        "{err}"
    );
    assert!(err.contains(" ms] "), "{err}");
    assert_no_leak(err.as_bytes(), &["verbose-secret-value"]);

    // ARCA_VERBOSE=1, a write: the lock and the save.
    let out = env
        .cmd()
        .args(["put", "s"])
        .env("ARCA_VERBOSE", "1")
        .write_stdin("second-secret-value")
        .assert()
        .success();
    let err = stderr(&out);
    assert!(
        err.contains("lock: ") && err.contains("vault: saved"),
        "{err}"
    );
    assert_no_leak(
        err.as_bytes(),
        &["second-secret-value", "verbose-secret-value"],
    );

    // ARCA_KEY set: the identity files are skipped, and the line says why.
    let key = env.identity_text();
    let out = env
        .arca_env(&["-v", "get", "s"], &[("ARCA_KEY", key.as_str())])
        .success();
    let err = stderr(&out);
    assert!(
        err.contains("identity: ARCA_KEY (the identity files are not read)"),
        "{err}"
    );
    assert_no_leak(err.as_bytes(), &["AGE-SECRET-KEY", "second-secret-value"]);

    // The config, when a command reads it.
    fs::create_dir_all(env.path(".config/arca")).unwrap();
    let out = env.arca(&["-v", "rotate", "s"]).success();
    assert!(stderr(&out).contains("config: "), "{}", stderr(&out));
    assert!(
        env.arca(&["get", "s"])
            .success()
            .get_output()
            .stderr
            .is_empty(),
        "quiet without -v"
    );
}
