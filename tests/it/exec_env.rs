//! `arca exec`, `arca env` and keys from the environment, black-box: the
//! real binary in a temp HOME (SPEC §6).

use std::os::unix::process::ExitStatusExt;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use crate::util::*;

/// `arca ARGS` with stdin closed; no value in `values` may reach stderr.
fn run<V: AsRef<[u8]>>(env: &TestEnv, values: &[V], args: &[&str]) -> Output {
    output_no_leak(env.cmd().args(args), values)
}

/// Creates text secrets from stdin and returns their values: those that no
/// run of the test may show on stderr.
fn create_all(env: &TestEnv, secrets: &[(&str, &[u8])]) -> Vec<Vec<u8>> {
    let values: Vec<Vec<u8>> = secrets.iter().map(|(_, v)| v.to_vec()).collect();
    for (name, value) in secrets {
        let out = output_no_leak(
            env.cmd().args(["create", name]).write_stdin(*value),
            &values,
        );
        assert!(out.status.success(), "create {name}: {out:?}");
    }
    values
}

/// Values that break naive quoting, by variable name under `t/`.
const TRICKY: &[(&str, &str)] = &[
    ("spaces", "with  spaces and\ttab"),
    ("squote", "it's 'quoted'"),
    ("dquote", "say \"hi\""),
    ("dollar", "$HOME ${HOME} $(echo no) `echo no`"),
    ("backslash", "back\\slash \\n \\\\ end"),
    ("newlines", "line one\nline two\n"),
    ("unicode", "é 日本 🔐"),
    ("mixed", "'\\''\"$x\"\n\\"),
];

/// An initialised vault holding `TRICKY`, and the values.
fn tricky_env() -> (TestEnv, Vec<Vec<u8>>) {
    let env = TestEnv::initialized();
    let names: Vec<String> = TRICKY.iter().map(|(name, _)| format!("t/{name}")).collect();
    let secrets: Vec<(&str, &[u8])> = names
        .iter()
        .zip(TRICKY)
        .map(|(name, (_, value))| (name.as_str(), value.as_bytes()))
        .collect();
    let values = create_all(&env, &secrets);
    (env, values)
}

#[test]
fn shell_format_evals_byte_exact_in_bash_and_dash() {
    let (env, values) = tricky_env();
    let out = run(
        &env,
        &values,
        &["env", "--prefix", "t/", "--format", "shell"],
    );
    assert!(out.status.success(), "{out:?}");
    let script: String = TRICKY
        .iter()
        .map(|(name, _)| format!("printf '%s\\0' \"${}\"; ", name.to_uppercase()))
        .collect();
    for shell in ["bash", "dash"] {
        if shell == "dash" && Command::new("dash").arg("-c").arg(":").status().is_err() {
            eprintln!("note: dash not installed; skipping it");
            continue;
        }
        let got = Command::new(shell)
            .arg("-c")
            .arg(format!("eval \"$1\"; {script}"))
            .arg(shell)
            .arg(String::from_utf8(out.stdout.clone()).unwrap())
            .output()
            .unwrap();
        assert!(got.status.success(), "{shell}: {got:?}");
        let values: Vec<&[u8]> = got.stdout.split(|&b| b == 0).collect();
        for (i, (name, value)) in TRICKY.iter().enumerate() {
            assert_eq!(values[i], value.as_bytes(), "{shell}: {name}");
        }
    }
}

#[test]
fn json_format_round_trips() {
    let (env, values) = tricky_env();
    let out = run(
        &env,
        &values,
        &["env", "--prefix", "t/", "--format", "json"],
    );
    assert!(out.status.success(), "{out:?}");
    let doc: serde_json::Map<String, serde_json::Value> =
        serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(doc.len(), TRICKY.len());
    for (name, value) in TRICKY {
        assert_eq!(doc[&name.to_uppercase()], *value, "{name}");
    }
}

/// The TRICKY values no dotenv quoting carries unchanged to both
/// python-dotenv and Node's dotenv: `${HOME}` (python-dotenv expands it),
/// a double backslash or `"` with `\`, and `'` with `"` and `\`.
const NOT_DOTENV: [&str; 3] = ["dollar", "backslash", "mixed"];

/// A dotenv file read back by python-dotenv (default settings) or Node's
/// dotenv, as JSON; None when that reader is missing and `require` unset.
fn read_dotenv(
    reader: &str,
    path: &std::path::Path,
    require: &str,
) -> Option<serde_json::Map<String, serde_json::Value>> {
    let python = "import sys, json, dotenv\n\
                  sys.stdout.write(json.dumps(dotenv.dotenv_values(sys.argv[1])))";
    let node = "const d = require('dotenv'); const fs = require('fs');\n\
                process.stdout.write(JSON.stringify(d.parse(fs.readFileSync(process.argv[1]))))";
    let mut cmd = if reader == "node" {
        let mut cmd = Command::new("node");
        cmd.args(["-e", node])
            .env("NODE_PATH", "/opt/arca-node/node_modules");
        cmd
    } else {
        let mut cmd = Command::new("python3");
        cmd.args(["-c", python]);
        cmd
    };
    match cmd.arg(path).output() {
        Ok(out) if out.status.success() => Some(serde_json::from_slice(&out.stdout).unwrap()),
        out if std::env::var_os(require).is_some() => {
            panic!("{require} is set, and {reader} cannot read dotenv: {out:?}")
        }
        _ => {
            eprintln!("note: {reader}'s dotenv reader is not installed; round trip skipped (.ci/run installs it)");
            None
        }
    }
}

#[test]
fn dotenv_format_round_trips_through_python_dotenv_and_node_dotenv_into_a_private_file() {
    let (env, _) = tricky_env();
    // The shell creates `> .env.local` with the umask; arca makes it 0600.
    let path = env.path(".env.local");
    let file = std::fs::File::create(&path).unwrap();
    set_mode(&path, 0o644);
    let mut cmd = env.std_cmd();
    cmd.args(["env", "--prefix", "t/"]);
    for name in NOT_DOTENV {
        cmd.args(["--filter", &format!("name=!t/{name}")]);
    }
    let status = cmd
        .args(["--format", "dotenv"])
        .stdout(file)
        .status()
        .unwrap();
    assert!(status.success());
    assert_eq!(mode(&path), 0o600);

    let wanted: Vec<_> = TRICKY
        .iter()
        .filter(|(name, _)| !NOT_DOTENV.contains(name))
        .collect();
    for (reader, require) in [
        ("python3", "ARCA_REQUIRE_DOTENV"),
        ("node", "ARCA_REQUIRE_NODE_DOTENV"),
    ] {
        let Some(doc) = read_dotenv(reader, &path, require) else {
            continue;
        };
        assert_eq!(doc.len(), wanted.len(), "{reader}: {doc:?}");
        for (name, value) in &wanted {
            assert_eq!(doc[&name.to_uppercase()], *value, "{reader}: {name}");
        }
    }
}

/// Before, `${HOME}` was written inside double quotes, where python-dotenv
/// expands it: the value read back was another one, silently.
#[test]
fn dotenv_refuses_a_value_no_reader_gets_back_unchanged_and_names_it() {
    let (env, values) = tricky_env();
    for name in NOT_DOTENV {
        let out = run(
            &env,
            &values,
            &[
                "env",
                "--prefix",
                "t/",
                "--filter",
                &format!("name=t/{name}"),
                "--format",
                "dotenv",
            ],
        );
        assert_eq!(out.status.code(), Some(2), "{name}: {out:?}");
        assert!(out.stdout.is_empty(), "{name}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.starts_with("error: cannot write dotenv: "), "{err}");
        assert!(err.contains(&name.to_uppercase()), "{err}");
    }
    // export writes the same dotenv, and refuses the same values.
    let out = run(&env, &values, &["export", "--format", "dotenv"]);
    assert_eq!(out.status.code(), Some(2), "{out:?}");
}

/// `NAME<<DELIM` … `DELIM` entries, read as the Actions runner reads them.
fn parse_github_env(text: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut lines = text.split('\n');
    while let Some(line) = lines.next() {
        if line.is_empty() {
            continue;
        }
        let (name, delim) = line.split_once("<<").expect("heredoc form");
        let mut value = Vec::new();
        for l in lines.by_ref() {
            if l == delim {
                break;
            }
            value.push(l);
        }
        out.push((name.to_owned(), value.join("\n")));
    }
    out
}

#[test]
fn github_format_masks_then_appends_to_github_env() {
    let env = TestEnv::initialized();
    let tricky = "ghadelimiter_\nEOF\nghadelimiter_0000\n";
    let values = create_all(
        &env,
        &[("ci/token", b"tok-123456"), ("ci/multi", tricky.as_bytes())],
    );
    let github_env = env.path("github_env");
    std::fs::write(&github_env, "EXISTING=1\n").unwrap();

    let out = output_no_leak(
        env.cmd()
            .args(["env", "--prefix", "ci/", "--format", "github"])
            .env("GITHUB_ENV", &github_env),
        &values,
    );
    assert!(out.status.success(), "{out:?}");
    let stdout = String::from_utf8(out.stdout).unwrap();
    for line in stdout.lines() {
        assert!(line.starts_with("::add-mask::"), "{line}");
    }
    // "EOF" is shorter than the masking minimum (6).
    assert!(!stdout.contains("::add-mask::EOF\n"));
    for mask in ["tok-123456", "ghadelimiter_", "ghadelimiter_0000"] {
        assert!(stdout.contains(&format!("::add-mask::{mask}\n")), "{mask}");
    }
    let text = std::fs::read_to_string(&github_env).unwrap();
    let rest = text
        .strip_prefix("EXISTING=1\n")
        .expect("appended, not replaced");
    let parsed = parse_github_env(rest);
    assert_eq!(
        parsed,
        [
            ("MULTI".to_owned(), tricky.to_owned()),
            ("TOKEN".to_owned(), "tok-123456".to_owned())
        ]
    );

    // Outside Actions it is a usage error, before any value is printed.
    let out = run(
        &env,
        &values,
        &["env", "--prefix", "ci/", "--format", "github"],
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    assert!(stderr(&out).contains("GITHUB_ENV"), "{}", stderr(&out));
}

#[test]
fn selection_expands_json_fields_and_picks_fields() {
    let env = TestEnv::initialized();
    let values = create_all(
        &env,
        &[
            (
                "prod/db",
                br#"{"user":"bob","pass":"s3cr3t!","port":5432,"opts":{"ssl":true}}"#,
            ),
            ("prod/api-key", b"key-abcdef"),
            ("prod/list", b"[1,2]"),
            ("other/x", b"elsewhere"),
        ],
    );
    let out = run(
        &env,
        &values,
        &[
            "env",
            "--format",
            "json",
            "--prefix",
            "prod/",
            "--env",
            "DB_HOST_PORT=prod/db#port",
            "--env",
            "SSL=prod/db#/opts/ssl",
            "--env",
            "WHOLE=other/x",
        ],
    );
    assert!(out.status.success(), "{out:?}");
    let text = String::from_utf8(out.stdout).unwrap();
    let doc: serde_json::Value = serde_json::from_str(&text).unwrap();
    let expect = serde_json::json!({
        "DB_HOST_PORT": "5432",
        "SSL": "true",
        "WHOLE": "elsewhere",
        "API_KEY": "key-abcdef",
        "DB_USER": "bob",
        "DB_PASS": "s3cr3t!",
        "DB_PORT": "5432",
        "DB_OPTS": "{\"ssl\":true}",
        "LIST": "[1,2]",
    });
    assert_eq!(doc, expect);
    // --env first, in order; then the prefix in name order.
    assert!(text.find("DB_HOST_PORT").unwrap() < text.find("API_KEY").unwrap());

    // --filter narrows a prefix; a selection of nothing is fine.
    let out = run(
        &env,
        &values,
        &[
            "env",
            "--format",
            "json",
            "--prefix",
            "prod/",
            "--filter",
            "name=prod/api",
        ],
    );
    assert_eq!(
        serde_json::from_slice::<serde_json::Value>(&out.stdout).unwrap(),
        serde_json::json!({"API_KEY": "key-abcdef"})
    );
    let out = run(&env, &values, &["env", "--prefix", "nothing/"]);
    assert!(out.status.success() && out.stdout.is_empty(), "{out:?}");
    // --filter alone names variables from the whole name.
    let out = run(&env, &values, &["env", "--filter", "name=other/"]);
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "export OTHER_X='elsewhere'\n"
    );
}

#[test]
fn version_stage_selects_another_version() {
    let env = TestEnv::initialized();
    let mut values = create_all(&env, &[("app/token", b"current-value")]);
    values.push(b"pending-value".to_vec());
    let out = output_no_leak(
        env.cmd()
            .args(["put", "app/token", "--version-stage", "AWSPENDING"])
            .write_stdin("pending-value"),
        &values,
    );
    assert!(out.status.success(), "{out:?}");
    let out = run(
        &env,
        &values,
        &["env", "--prefix", "app/", "--version-stage", "AWSPENDING"],
    );
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "export TOKEN='pending-value'\n"
    );
    let out = run(
        &env,
        &values,
        &[
            "env",
            "--env",
            "T=app/token",
            "--version-stage",
            "AWSPREVIOUS",
        ],
    );
    assert_eq!(out.status.code(), Some(3), "{out:?}");
}

/// Runs `exec … -- sh -c 'touch MARKER'` and checks the child never ran.
fn exec_fails_before_child(env: &TestEnv, values: &[Vec<u8>], selection: &[&str]) -> Output {
    let marker = env.path("child-ran");
    let mut args = vec!["exec"];
    args.extend_from_slice(selection);
    let script = format!("touch '{}'", marker.display());
    args.extend_from_slice(&["--", "sh", "-c", &script]);
    let out = run(env, values, &args);
    assert!(!out.status.success());
    assert!(!marker.exists(), "the child ran: {args:?}");
    out
}

#[test]
fn collisions_and_missing_secrets_fail_before_the_child_starts() {
    let env = TestEnv::initialized();
    let mut values = create_all(
        &env,
        &[
            ("a/db-url", b"url-one-value"),
            ("b/db_url", b"url-two-value"),
            ("c/db", br#"{"url":"url-three-value"}"#),
            ("c/db_url", b"url-four-value"),
            ("gone/x", b"deleted-value"),
        ],
    );
    let blob = b"\x00\x01binary\xff";
    values.push(blob.to_vec());
    let out = output_no_leak(
        env.cmd()
            .args(["create", "bin/blob", "--binary-file", "-"])
            .write_stdin(blob),
        &values,
    );
    assert!(out.status.success(), "create bin/blob: {out:?}");
    let out = run(&env, &values, &["delete", "gone/x"]);
    assert!(out.status.success(), "{out:?}");

    let out = exec_fails_before_child(&env, &values, &["--prefix", "a/", "--prefix", "b/"]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(
        err.contains("DB_URL") && err.contains("'a/db-url'") && err.contains("'b/db_url'"),
        "{err}"
    );

    let out = exec_fails_before_child(&env, &values, &["--prefix", "c/"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("field 'url' of secret 'c/db'"),
        "{}",
        stderr(&out)
    );

    let out = exec_fails_before_child(
        &env,
        &values,
        &["--env", "X=a/db-url", "--env", "X=b/db_url"],
    );
    assert_eq!(out.status.code(), Some(2));

    let out = exec_fails_before_child(&env, &values, &["--prefix", "a/", "--env", "X=missing/one"]);
    assert_eq!(out.status.code(), Some(3));
    assert!(stderr(&out).contains("missing/one"));

    let out = exec_fails_before_child(&env, &values, &["--env", "X=gone/x"]);
    assert_eq!(out.status.code(), Some(4));
    assert!(stderr(&out).contains("scheduled for deletion"));

    let out = exec_fails_before_child(&env, &values, &["--env", "X=c/db#nope"]);
    assert_eq!(out.status.code(), Some(3));

    let out = exec_fails_before_child(&env, &values, &["--env", "1X=a/db-url"]);
    assert_eq!(out.status.code(), Some(2));

    // Binary values cannot be environment variables: named, never printed.
    let out = exec_fails_before_child(&env, &values, &["--prefix", "bin/"]);
    assert_eq!(out.status.code(), Some(4));
    assert!(stderr(&out).contains("'bin/blob'") && stderr(&out).contains("binary"));
    let out = run(
        &env,
        &values,
        &["env", "--env", "B=bin/blob", "--format", "json"],
    );
    assert_eq!(out.status.code(), Some(4));
    assert!(out.stdout.is_empty());

    // A scheduled secret under a prefix is simply not selected.
    let out = run(&env, &values, &["env", "--prefix", "gone/"]);
    assert!(out.status.success() && out.stdout.is_empty(), "{out:?}");
}

#[test]
fn exec_injects_and_propagates_exit_codes_and_signals() {
    let env = TestEnv::initialized();
    let values = create_all(&env, &[("app/token", b"tok en 'x' $y")]);
    let out = run(
        &env,
        &values,
        &[
            "exec",
            "--env",
            "T=app/token",
            "--",
            "sh",
            "-c",
            "printf %s \"$T\"; exit 3",
        ],
    );
    assert_eq!(out.status.code(), Some(3));
    assert_eq!(out.stdout, b"tok en 'x' $y");

    let out = run(
        &env,
        &values,
        &[
            "exec", "--mask", "--prefix", "app/", "--", "sh", "-c", "exit 3",
        ],
    );
    assert_eq!(out.status.code(), Some(3));

    // Without --mask arca is the command, so the signal is its own.
    let out = run(
        &env,
        &values,
        &[
            "exec",
            "--prefix",
            "app/",
            "--",
            "sh",
            "-c",
            "kill -TERM $$",
        ],
    );
    assert_eq!(out.status.signal(), Some(15), "{out:?}");
    let out = run(
        &env,
        &values,
        &[
            "exec",
            "--mask",
            "--prefix",
            "app/",
            "--",
            "sh",
            "-c",
            "kill -TERM $$",
        ],
    );
    assert_eq!(out.status.code(), Some(143), "{out:?}");

    for mask in [&[][..], &["--mask"][..]] {
        let mut args = vec!["exec"];
        args.extend_from_slice(mask);
        args.extend_from_slice(&["--prefix", "app/", "--", "/nonexistent/arca-cmd"]);
        let out = run(&env, &values, &args);
        assert_eq!(out.status.code(), Some(127), "{out:?}");
        assert!(stderr(&out).contains("cannot run '/nonexistent/arca-cmd'"));
    }
}

#[test]
fn mask_hides_values_split_across_writes_and_their_base64() {
    let env = TestEnv::initialized();
    let values = create_all(&env, &[("ci/password", b"hunter2-hunter2")]);
    // base64 of the value, printed by the child.
    let b64 = "aHVudGVyMi1odW50ZXIy";
    let script = format!(
        "printf 'pw=%s' \"${{PASSWORD%%-*}}\"; sleep 0.3; printf -- '-hunter2.\\n'; \
         echo b64={b64}; printf 'err=%s\\n' \"$PASSWORD\" >&2"
    );
    let out = run(
        &env,
        &values,
        &[
            "exec", "--mask", "--prefix", "ci/", "--", "sh", "-c", &script,
        ],
    );
    assert!(out.status.success(), "{out:?}");
    assert_eq!(String::from_utf8_lossy(&out.stdout), "pw=***.\nb64=***\n");
    assert_eq!(String::from_utf8_lossy(&out.stderr), "err=***\n");
}

fn env_names(stdout: &[u8]) -> Vec<String> {
    let mut names: Vec<String> = String::from_utf8_lossy(stdout)
        .split('\0')
        .filter_map(|kv| kv.split_once('=').map(|(k, _)| k.to_owned()))
        .collect();
    names.sort();
    names
}

#[test]
fn no_inherit_env_passes_only_the_injected_variables_and_a_base() {
    let env = TestEnv::initialized();
    let values = create_all(&env, &[("app/token", b"token-value")]);
    for mask in [false, true] {
        let mut cmd = env.cmd();
        cmd.arg("exec");
        if mask {
            cmd.arg("--mask");
        }
        cmd.args(["--no-inherit-env", "--prefix", "app/", "--", "env", "-0"])
            .env("LEAKY", "should-not-pass")
            .env("USER", "tester")
            .env("LANG", "C.UTF-8")
            .env_remove("TERM");
        let out = output_no_leak(&mut cmd, &values);
        assert!(out.status.success(), "{out:?}");
        assert_eq!(
            env_names(&out.stdout),
            ["HOME", "LANG", "PATH", "TOKEN", "USER"],
            "mask: {mask}"
        );
    }
    // Inheriting is the default.
    let mut cmd = env.cmd();
    cmd.args(["exec", "--prefix", "app/", "--", "env", "-0"])
        .env("LEAKY", "passes");
    let out = output_no_leak(&mut cmd, &values);
    assert!(env_names(&out.stdout).contains(&"LEAKY".to_owned()));
}

/// Runs arca with stdin an open pipe that never sends anything (so a prompt
/// would block) and fails if it does not finish within 10 s.
fn run_without_terminal(values: &[Vec<u8>], mut cmd: Command) -> Output {
    cmd.stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = cmd.spawn().unwrap();
    let _stdin = child.stdin.take();
    let deadline = Instant::now() + Duration::from_secs(10);
    while child.try_wait().unwrap().is_none() {
        if Instant::now() > deadline {
            let _ = child.kill();
            panic!("arca waited for input on a non-terminal stdin");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let out = child.wait_with_output().unwrap();
    assert_no_leak(&out.stderr, values);
    out
}

#[test]
fn arca_key_works_without_an_identity_file() {
    let env = TestEnv::initialized();
    let values = create_all(&env, &[("deploy/token", b"deploy-token-value")]);
    let key = env.identity_text();
    std::fs::remove_file(env.identity_path()).unwrap();

    // No identity and no ARCA_KEY: exit 5, naming ARCA_KEY.
    let mut cmd = env.std_cmd();
    cmd.args(["get", "deploy/token"]);
    let out = run_without_terminal(&values, cmd);
    assert_eq!(out.status.code(), Some(5));
    assert!(stderr(&out).contains("ARCA_KEY"), "{}", stderr(&out));

    let mut cmd = env.std_cmd();
    cmd.args(["get", "deploy/token"]).env("ARCA_KEY", &key);
    let out = run_without_terminal(&values, cmd);
    assert!(out.status.success(), "{out:?}");
    assert_eq!(out.stdout, b"deploy-token-value");

    let mut cmd = env.std_cmd();
    cmd.args([
        "exec",
        "--prefix",
        "deploy/",
        "--",
        "sh",
        "-c",
        "printf %s \"$TOKEN\"",
    ])
    .env("ARCA_KEY", &key);
    let out = run_without_terminal(&values, cmd);
    assert_eq!(out.stdout, b"deploy-token-value");
}

#[test]
fn a_passphrase_protected_identity_without_a_terminal_is_exit_5_not_a_prompt() {
    let env = TestEnv::initialized();
    let identity = env.identity_path();
    std::fs::write(
        &identity,
        "-----BEGIN AGE ENCRYPTED FILE-----\nYWdlLWVuY3J5cHRpb24ub3JnL3YxCg==\n-----END AGE ENCRYPTED FILE-----\n",
    )
    .unwrap();
    set_mode(&identity, 0o600);
    let started = Instant::now();
    for args in [&["get", "x"][..], &["env", "--prefix", "x/"][..]] {
        let mut cmd = env.std_cmd();
        cmd.args(args);
        let out = run_without_terminal(&[], cmd);
        assert_eq!(out.status.code(), Some(5), "{out:?}");
        let err = stderr(&out);
        assert!(
            err.contains("passphrase") && err.contains("ARCA_KEY"),
            "{err}"
        );
    }
    assert!(started.elapsed() < Duration::from_secs(10));
}
