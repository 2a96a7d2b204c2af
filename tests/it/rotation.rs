//! Rotation through config hooks (SPEC §5).

use std::fs;
use std::path::Path;

use crate::util::*;

const NOW: &str = "2026-03-01T08:00:00Z";

/// A hook script that logs each step's environment and stdin, and does what
/// the files in HOME say: `fail-<step>` makes that step fail.
const LOGGING_HOOK: &str = r#"#!/bin/sh
log="$HOME/hook.log"
echo "$ARCA_STEP|$ARCA_SECRET_NAME|$ARCA_SECRET_ID|$ARCA_VERSION_ID|$ARCA_VAULT" >> "$log"
cat > "$HOME/stdin-$ARCA_STEP.json"
if [ -f "$HOME/fail-$ARCA_STEP" ]; then
  echo "step $ARCA_STEP: cannot reach the service" >&2
  exit 3
fi
if [ "$ARCA_STEP" = create ]; then
  printf 'generated-%s\n' "$(date +%s%N)"
fi
"#;

fn with_hook(script: &str, extra: &str) -> TestEnv {
    let env = TestEnv::initialized();
    let hook = env.write_file("hook.sh", script.as_bytes());
    set_mode(&hook, 0o755);
    env.write_file(
        ".config/arca/config.toml",
        format!(
            "[hooks.t]\ncommand = \"{}\"\ntimeout = \"20s\"\n{extra}",
            hook.display()
        )
        .as_bytes(),
    );
    env
}

fn log_steps(env: &TestEnv) -> Vec<String> {
    fs::read_to_string(env.path("hook.log"))
        .unwrap_or_default()
        .lines()
        .map(|l| l.split('|').next().unwrap().to_owned())
        .collect()
}

fn stdin_doc(env: &TestEnv, step: &str) -> serde_json::Value {
    serde_json::from_slice(&fs::read(env.path(&format!("stdin-{step}.json"))).unwrap()).unwrap()
}

fn current_id(env: &TestEnv, name: &str) -> String {
    let doc = env.json(&["get", name]);
    doc["VersionId"].as_str().unwrap().to_owned()
}

fn pending_id(env: &TestEnv, name: &str) -> Option<String> {
    let doc = env.json(&["describe", name]);
    doc["VersionIdsToStages"]
        .as_object()
        .unwrap()
        .iter()
        .find(|(_, stages)| stages.as_array().unwrap().iter().any(|s| s == "AWSPENDING"))
        .map(|(id, _)| id.clone())
}

#[test]
fn four_steps_in_order_with_their_environment_and_stdin() {
    let env = with_hook(LOGGING_HOOK, "");
    env.create("app/db", b"old-value");
    let old = current_id(&env, "app/db");
    let arn = env.json(&["describe", "app/db"])["ARN"]
        .as_str()
        .unwrap()
        .to_owned();
    let out = env
        .arca(&["rotate", "app/db", "--hook", "t", "-o", "json"])
        .success();
    let new = json_of(&out)["VersionId"].as_str().unwrap().to_owned();
    assert_eq!(log_steps(&env), ["create", "set", "test", "finish"]);
    let vault = fs::canonicalize(env.vault_path()).unwrap();
    for line in fs::read_to_string(env.path("hook.log")).unwrap().lines() {
        let fields: Vec<&str> = line.split('|').collect();
        assert_eq!(
            fields[1..],
            [
                "app/db",
                arn.as_str(),
                new.as_str(),
                vault.to_str().unwrap()
            ]
        );
    }
    let create = stdin_doc(&env, "create");
    assert_eq!(create["step"], "create");
    assert_eq!(create["current"]["value"], "old-value");
    assert_eq!(create["current"]["version_id"], old.as_str());
    assert!(create["pending"].is_null());
    let set = stdin_doc(&env, "set");
    assert_eq!(set["pending"]["version_id"], new.as_str());
    let pending_value = set["pending"]["value"].as_str().unwrap().to_owned();
    assert!(pending_value.starts_with("generated-") && !pending_value.ends_with('\n'));
    assert_eq!(env.get(&["app/db"]), pending_value.as_bytes());
    assert_eq!(
        env.get(&["app/db", "--version-stage", "AWSPREVIOUS"]),
        b"old-value"
    );
    assert_eq!(pending_id(&env, "app/db"), None);
    let doc = env.json(&["describe", "app/db"]);
    assert!(is_rfc3339(doc["LastRotatedDate"].as_str().unwrap()));
    assert_eq!(doc["RotationHook"], "t");
}

#[test]
fn without_a_hook_create_makes_a_password_or_a_new_json_password_field() {
    let env = TestEnv::initialized();
    env.create("plain", b"old");
    env.arca(&["rotate-secret", "--secret-id", "plain"])
        .success();
    let new = env.get(&["plain"]);
    assert_eq!(new.len(), 32);
    assert_ne!(new, b"old");

    env.create(
        "json",
        br#"{"username":"app","password":"old","port":5432}"#,
    );
    env.arca(&["rotate", "json"]).success();
    let doc: serde_json::Value = serde_json::from_slice(&env.get(&["json"])).unwrap();
    assert_eq!(doc["username"], "app");
    assert_eq!(doc["port"], 5432);
    assert_eq!(doc["password"].as_str().unwrap().len(), 32);

    // A per-step hook without create gets the default create too.
    let env = with_hook(
        LOGGING_HOOK,
        "[hooks.split]\nset = \"echo set >> $HOME/split.log\"\n",
    );
    env.create("s", b"old");
    env.arca(&["rotate", "s", "--hook", "split"]).success();
    assert_eq!(env.get(&["s"]).len(), 32);
    assert_eq!(fs::read_to_string(env.path("split.log")).unwrap(), "set\n");
}

#[test]
fn a_failure_at_each_step_keeps_awscurrent_and_the_pending_version() {
    for step in ["create", "set", "test", "finish"] {
        let env = with_hook(LOGGING_HOOK, "");
        env.create("app/db", b"old-value");
        let old = current_id(&env, "app/db");
        env.write_file(&format!("fail-{step}"), b"");
        let err = assert_hook_fails(
            env.arca(&["rotate", "app/db", "--hook", "t"]),
            &["old-value", "generated-"],
        );
        assert!(
            err.contains(&format!("step {step}")) && err.contains("hook t"),
            "{err}"
        );
        assert!(
            err.contains("    step ") && err.contains("cannot reach the service"),
            "no stderr tail: {err}"
        );
        assert_eq!(current_id(&env, "app/db"), old, "{step}");
        assert_eq!(env.get(&["app/db"]), b"old-value");
        assert_eq!(
            pending_id(&env, "app/db").is_some(),
            step != "create",
            "{step}"
        );
    }
}

#[test]
fn a_rerun_resumes_with_the_same_pending_value() {
    let env = with_hook(LOGGING_HOOK, "");
    env.create("app/db", b"old-value");
    env.write_file("fail-test", b"");
    env.arca(&["rotate", "app/db", "--hook", "t"]).code(6);
    let pending = pending_id(&env, "app/db").unwrap();
    let pending_value = env.get(&["app/db", "--version-stage", "AWSPENDING"]);
    fs::remove_file(env.path("fail-test")).unwrap();
    let out = env.arca(&["rotate", "app/db"]).success();
    assert!(stderr(&out).contains("resuming"));
    assert_eq!(
        log_steps(&env),
        ["create", "set", "test", "set", "test", "finish"]
    );
    assert_eq!(current_id(&env, "app/db"), pending);
    assert_eq!(env.get(&["app/db"]), pending_value);
    // Another token while one is pending is a conflict.
    env.write_file("fail-set", b"");
    env.arca(&["rotate", "app/db"]).code(6);
    let token = "0123456789abcdef0123456789abcdef";
    assert_fails(
        env.arca(&["rotate", "app/db", "--client-request-token", token]),
        4,
        &[],
    );
}

#[test]
fn the_client_request_token_names_the_pending_version() {
    let env = TestEnv::initialized();
    env.create("x", b"v");
    let token = "a1b2c3d4e5f6a7b8c9d0a1b2c3d4e5f6";
    env.arca(&["rotate", "x", "--client-request-token", token])
        .success();
    assert_eq!(current_id(&env, "x"), token);
}

#[test]
fn empty_create_output_is_a_failure() {
    let env = with_hook("#!/bin/sh\ncat >/dev/null\n", "");
    env.create("x", b"v");
    let err = assert_hook_fails(env.arca(&["rotate", "x", "--hook", "t"]), &[]);
    assert!(
        err.contains("step create") && err.contains("no value"),
        "{err}"
    );
    assert_eq!(env.version_ids("x").len(), 1);
}

#[test]
fn cancel_rotation_drops_the_pending_label_and_turns_rotation_off() {
    let env = with_hook(LOGGING_HOOK, "");
    env.create("app/db", b"old");
    env.write_file("fail-test", b"");
    env.arca(&["rotate", "app/db", "--hook", "t", "--every", "30d"])
        .code(6);
    assert!(pending_id(&env, "app/db").is_some());
    env.arca(&["cancel-rotate-secret", "--secret-id", "app/db"])
        .success();
    assert_eq!(pending_id(&env, "app/db"), None);
    assert_eq!(env.json(&["describe", "app/db"])["RotationEnabled"], false);
    assert_eq!(env.get(&["app/db"]), b"old");
    // A no-op on a secret without rotation.
    env.create("plain", b"p");
    env.arca(&["cancel-rotation", "plain"]).success();
}

#[test]
fn a_timeout_kills_the_hook_and_its_children() {
    let script = "#!/bin/sh\nsleep 300 &\necho $! > \"$HOME/child.pid\"\nsleep 300\n";
    let env = TestEnv::initialized();
    let hook = env.write_file("hook.sh", script.as_bytes());
    set_mode(&hook, 0o755);
    env.write_file(
        ".config/arca/config.toml",
        format!(
            "[hooks.slow]\ncommand = \"{}\"\ntimeout = \"1s\"\n",
            hook.display()
        )
        .as_bytes(),
    );
    env.create("x", b"v");
    let err = assert_hook_fails(env.arca(&["rotate", "x", "--hook", "slow"]), &[]);
    assert!(err.contains("timed out"), "{err}");
    let pid = fs::read_to_string(env.path("child.pid")).unwrap();
    let proc_dir = format!("/proc/{}", pid.trim());
    // The group was SIGKILLed; give the kernel a moment to reap.
    for _ in 0..100 {
        let zombie_or_gone = fs::read_to_string(format!("{proc_dir}/stat"))
            .map(|stat| stat.split_whitespace().nth(2) == Some("Z"))
            .unwrap_or(true);
        if zombie_or_gone {
            return;
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    panic!("the hook's child {proc_dir} is still running");
}

#[test]
fn a_hook_can_call_arca_without_deadlock() {
    let bin_dir = Path::new(BIN).parent().unwrap().display().to_string();
    let script = format!(
        "#!/bin/sh\nexport PATH=\"{bin_dir}:$PATH\"\ncat >/dev/null\ncase \"$ARCA_STEP\" in\n  create) arca get app/master ; echo ;;\n  set) arca put app/log --secret-string \"set-ran\" 2>/dev/null ;;\nesac\n"
    );
    let env = with_hook(&script, "");
    env.create("app/master", b"master-password");
    env.create("app/log", b"-");
    env.create("app/db", b"old");
    env.arca_env(
        &["rotate", "app/db", "--hook", "t"],
        &[("ARCA_LOCK_TIMEOUT", "3s")],
    )
    .success();
    assert_eq!(env.get(&["app/db"]), b"master-password");
    assert_eq!(env.get(&["app/log"]), b"set-ran");
}

#[test]
fn a_hook_missing_from_the_config_runs_nothing() {
    let env = with_hook(LOGGING_HOOK, "");
    env.create("x", b"v");
    let before = env.vault_bytes();
    let err = assert_fails(env.arca(&["rotate", "x", "--hook", "nope"]), 2, &[]);
    assert!(err.contains("no hook 'nope'"), "{err}");
    assert_eq!(env.vault_bytes(), before);
    // A vault naming a hook the config lacks (written elsewhere) fails the same way.
    env.arca(&[
        "rotate",
        "x",
        "--hook",
        "t",
        "--no-rotate-immediately",
        "--every",
        "1d",
    ])
    .success();
    env.write_file(".config/arca/config.toml", b"");
    let before = env.vault_bytes();
    assert_fails(env.arca(&["rotate", "x"]), 2, &[]);
    assert_eq!(env.vault_bytes(), before);
    assert!(log_steps(&env).is_empty());
}

#[test]
fn config_errors_name_the_file_line_and_key() {
    let env = TestEnv::initialized();
    env.create("x", b"v");
    env.write_file(
        ".config/arca/config.toml",
        b"[hooks.t]\ncommand = \"true\"\ntimeuot = \"5s\"\n",
    );
    let err = assert_fails(env.arca(&["rotate", "x", "--hook", "t"]), 2, &[]);
    assert!(
        err.contains("config.toml") && err.contains("line 3") && err.contains("timeuot"),
        "{err}"
    );
    env.write_file(
        ".config/arca/config.toml",
        b"[hooks.t]\ncommand = \"true\"\ntimeout = \"soon\"\n",
    );
    let err = assert_fails(env.arca(&["rotate", "x", "--hook", "t"]), 2, &[]);
    assert!(err.contains("[hooks.t] timeout"), "{err}");
}

#[test]
fn schedules_set_the_next_rotation_date() {
    let env = TestEnv::initialized();
    env.create("every", b"v");
    env.create("rate", b"v");
    env.create("cron", b"v");
    env.create("later", b"v");
    let run = |args: &[&str]| env.arca_env(args, &[("ARCA_TEST_NOW", NOW)]).success();
    run(&["rotate", "every", "--every", "30d"]);
    run(&["rotate", "rate", "--schedule", "rate(4 hours)"]);
    run(&[
        "rotate",
        "cron",
        "--schedule",
        "cron(0 16 1,15 * ? *)",
        "--window",
        "2h",
    ]);
    run(&[
        "rotate",
        "later",
        "--every",
        "7d",
        "--no-rotate-immediately",
    ]);
    let next = |name| {
        env.json(&["describe", name])["NextRotationDate"]
            .as_str()
            .unwrap()
            .to_owned()
    };
    assert_eq!(next("every"), "2026-03-31T08:00:00.000000+00:00");
    assert_eq!(next("rate"), "2026-03-01T12:00:00.000000+00:00");
    assert_eq!(next("cron"), "2026-03-01T16:00:00.000000+00:00");
    assert_eq!(next("later"), "2026-03-08T08:00:00.000000+00:00");
    assert_eq!(
        env.version_ids("later").len(),
        1,
        "--no-rotate-immediately rotates nothing"
    );
    let rules = env.json(&["describe", "cron"])["RotationRules"].clone();
    assert_eq!(rules["ScheduleExpression"], "cron(0 16 1,15 * ? *)");
    assert_eq!(rules["Duration"], "2h");
    assert_eq!(
        env.json(&["describe", "every"])["RotationRules"]["AutomaticallyAfterDays"],
        30
    );
    for bad in [
        vec!["--every", "0d"],
        vec!["--every", "1001d"],
        vec!["--schedule", "cron(0 16 * * * *)"],
        vec!["--schedule", "rate(1 hour)"],
        vec!["--every", "1d", "--window", "25h"],
    ] {
        let mut args = vec!["rotate", "every"];
        args.extend(bad.iter().copied());
        assert_fails(env.arca(&args), 2, &[]);
    }
}

#[test]
fn rotate_due_rotates_only_what_is_due_and_goes_on_past_failures() {
    let env = with_hook(LOGGING_HOOK, "[hooks.broken]\ncommand = \"exit 9\"\n");
    for name in ["due/a", "due/b", "not-yet", "manual"] {
        env.create(name, b"v");
    }
    let now = |t: &str| [("ARCA_TEST_NOW", t.to_owned())];
    for (name, schedule) in [
        (vec!["due/a"], "1d"),
        (vec!["due/b", "--hook", "broken"], "1d"),
        (vec!["not-yet"], "30d"),
    ] {
        let mut args = vec!["rotate"];
        args.extend(name);
        args.extend(["--every", schedule, "--no-rotate-immediately"]);
        env.arca_env(&args, &now(NOW)).success();
    }
    let two_days_later = "2026-03-03T08:00:00Z";
    let out = env
        .arca_env(&["rotate", "--due"], &now(two_days_later))
        .code(6);
    let err = stderr(&out);
    assert!(err.contains("rotated 'due/a'"), "{err}");
    assert!(
        err.contains("'due/b' failed at step create (hook broken)"),
        "{err}"
    );
    assert_eq!(env.version_ids("due/a").len(), 2);
    assert_eq!(env.version_ids("not-yet").len(), 1);
    assert_eq!(env.version_ids("manual").len(), 1);
    // Nothing due: exit 0.
    env.arca_env(&["rotate", "--due"], &now(NOW)).success();
}

#[test]
fn a_hooks_stderr_never_shows_a_value_even_escaped() {
    let env = with_hook("#!/bin/sh\ncat >&2\nexit 1\n", "");
    env.create("x", b"sh\"ort\nvalue");
    let err = assert_hook_fails(env.arca(&["rotate", "x", "--hook", "t"]), &[]);
    assert!(
        !err.contains(r#"sh\"ort\nvalue"#) && !err.contains("sh\"ort\nvalue"),
        "{err}"
    );
    assert!(err.contains("***"), "{err}");
}

#[test]
fn a_first_rotation_that_fails_is_due_for_a_retry() {
    let env = with_hook(LOGGING_HOOK, "");
    env.create("x", b"v");
    env.write_file("fail-create", b"");
    env.arca_env(
        &["rotate", "x", "--hook", "t", "--every", "7d"],
        &[("ARCA_TEST_NOW", NOW)],
    )
    .code(6);
    let doc = env.json(&["describe", "x"]);
    assert_eq!(doc["RotationEnabled"], true);
    assert_eq!(doc["NextRotationDate"], "2026-03-01T08:00:00.000000+00:00");
    fs::remove_file(env.path("fail-create")).unwrap();
    env.arca_env(
        &["rotate", "--due"],
        &[("ARCA_TEST_NOW", "2026-03-01T09:00:00Z")],
    )
    .success();
    assert_eq!(env.version_ids("x").len(), 2);
}

#[test]
fn a_hook_is_told_the_identity_file_when_arca_key_is_empty() {
    let bin_dir = Path::new(BIN).parent().unwrap().display().to_string();
    let script = format!(
        "#!/bin/sh\nexport PATH=\"{bin_dir}:$PATH\"\ncat >/dev/null\nif [ \"$ARCA_STEP\" = create ]; then arca get app/master; fi\n"
    );
    let env = with_hook(&script, "");
    env.create("app/master", b"from-master");
    env.create("app/db", b"old");
    // The identity lives elsewhere, named only on the command line.
    let moved = env.path("keys/id.txt");
    fs::create_dir_all(moved.parent().unwrap()).unwrap();
    fs::rename(env.identity_path(), &moved).unwrap();
    let moved = moved.to_str().unwrap();
    env.arca_env(
        &["--identity", moved, "rotate", "app/db", "--hook", "t"],
        &[("ARCA_KEY", "")],
    )
    .success();
    let got = env.arca_env(&["--identity", moved, "get", "app/db"], &[("ARCA_KEY", "")]);
    assert_eq!(stdout(&got.success()), b"from-master");
}

#[test]
fn a_binary_secret_rotates_as_binary_and_its_hook_reads_base64() {
    let env = with_hook(
        LOGGING_HOOK,
        "[hooks.split]\nset = \"cat > $HOME/stdin-set.json\"\n",
    );
    let blob = env.write_file("blob", &[0u8, 159, 255, 1]);
    env.arca(&["create", "bin", "--binary-file", blob.to_str().unwrap()])
        .success();
    env.arca(&["rotate", "bin", "--hook", "split"]).success();
    let doc = env.json(&["get", "bin"]);
    assert!(doc.get("SecretString").is_none(), "{doc}");
    assert_eq!(
        doc["SecretBinary"].as_str().unwrap().len(),
        44,
        "32 bytes in base64"
    );
    let set = stdin_doc(&env, "set");
    assert_eq!(set["current"]["binary"], "AJ//AQ==");
    assert!(set["current"].get("value").is_none());
    assert_eq!(set["pending"]["binary"], doc["SecretBinary"]);
}
