//! Fault injection (SPEC §7, issue 9): for each writing command, every
//! occurrence of each write-path syscall after the vault's lock is taken is
//! made to fail once (EIO, ENOSPC, EINTR) or the process is killed there,
//! with strace. After every run: the exit status agrees with the vault (old
//! vault byte-identical, or the new one opening with `age -d` and holding the
//! change), one clean `error:` line and no panic, no temp file left behind
//! (but by a kill), and the next writer succeeds.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::os::unix::process::ExitStatusExt;
use std::path::Path;
use std::process::{Command, Output};

use crate::harden::{have_strace, under_strace};
use crate::util::*;

/// The write path: files, renames, syncs, and the threads it starts.
const SYSCALLS: &[&str] = &[
    "openat",
    "write",
    "fsync",
    "fdatasync",
    "close",
    "rename",
    "renameat",
    "renameat2",
    "link",
    "linkat",
    "fchmod",
    "fchown",
    "clone3",
];

struct Case {
    name: &'static str,
    /// The arguments; `{v}` is a file holding a new value, `{r}` a recipient.
    args: &'static [&'static str],
    /// Whether a payload holds the command's change.
    changed: fn(&str) -> bool,
}

/// The value of AWSCURRENT of secret `s` in a payload.
fn current_of_s(payload: &str) -> Option<String> {
    let line = payload.lines().find(|l| l.contains("\"name\":\"s\""))?;
    let secret: serde_json::Value = serde_json::from_str(line).ok()?;
    let current = secret["versions"].as_array()?.iter().find(|v| {
        v["stages"]
            .as_array()
            .is_some_and(|s| s.iter().any(|l| l == "AWSCURRENT"))
    })?;
    current["value"]["string"].as_str().map(str::to_owned)
}

const CASES: &[Case] = &[
    Case {
        name: "put",
        args: &["put", "s", "--value-file", "{v}"],
        changed: |p| current_of_s(p).as_deref() == Some("two-value"),
    },
    Case {
        name: "create",
        args: &["create", "n", "--value-file", "{v}"],
        changed: |p| p.contains("{\"name\":\"n\""),
    },
    Case {
        name: "delete",
        args: &["delete", "s"],
        changed: |p| {
            p.lines()
                .any(|l| l.contains("\"name\":\"s\"") && l.contains("\"deletion\""))
        },
    },
    Case {
        name: "update",
        args: &["update", "s", "--description", "new-words"],
        changed: |p| p.contains("\"description\":\"new-words\""),
    },
    Case {
        name: "restore",
        args: &["restore", "gone"],
        changed: |p| {
            p.lines()
                .any(|l| l.contains("\"name\":\"gone\"") && !l.contains("\"deletion\""))
        },
    },
    Case {
        name: "tag",
        args: &["tag", "s", "team=ops"],
        changed: |p| p.contains("\"team\":\"ops\""),
    },
    Case {
        name: "import",
        args: &["import", "{i}", "--format", "dotenv"],
        // One transaction: both or neither.
        changed: |p| {
            p.contains("{\"name\":\"IMPORTED_A\"") && p.contains("{\"name\":\"IMPORTED_B\"")
        },
    },
    Case {
        name: "recipients add",
        args: &["recipients", "add", "{r}"],
        changed: |p| {
            p.lines()
                .next()
                .is_some_and(|h| h.matches("age1").count() == 2)
        },
    },
    Case {
        name: "rotate",
        args: &["rotate", "s"],
        changed: |p| current_of_s(p).is_some_and(|v| v != "one"),
    },
    Case {
        name: "init",
        args: &["init"],
        changed: |p| p.starts_with("{\"format\":1"),
    },
];

/// Copies a folder tree with its files' modes.
fn copy_tree(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    fs::set_permissions(to, fs::metadata(from).unwrap().permissions()).unwrap();
    for entry in fs::read_dir(from).unwrap().flatten() {
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_tree(&entry.path(), &target);
        } else {
            fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// The payload as `age -d` reads it, or why it cannot.
fn decrypt(env: &TestEnv, identity: &Path) -> Result<String, String> {
    let out = Command::new("age")
        .arg("-d")
        .arg("-i")
        .arg(identity)
        .arg(env.vault_path())
        .output()
        .map_err(|e| e.to_string())?;
    if !out.status.success() {
        return Err(String::from_utf8_lossy(&out.stderr).into_owned());
    }
    String::from_utf8(out.stdout).map_err(|e| e.to_string())
}

fn temps(env: &TestEnv) -> Vec<String> {
    let mut found = Vec::new();
    for dir in [
        env.vault_dir(),
        env.identity_path().parent().unwrap().to_owned(),
    ] {
        if let Ok(entries) = fs::read_dir(&dir) {
            for entry in entries.flatten() {
                let name = entry.file_name().to_string_lossy().into_owned();
                if name.contains(".tmp-") {
                    found.push(name);
                }
            }
        }
    }
    found
}

/// For each syscall, the occurrence numbers to fail, from one traced run:
/// those after the lock file is opened. strace counts per syscall and per
/// thread, so `when=N` also fails the main thread's Nth call: numbers the
/// main thread reaches before the lock (the loader's, reading the identity)
/// are left out, also for other threads, as that run would fail before the
/// write path (a thread's early `close` or `openat` of /proc go untested).
fn occurrences(log: &str) -> BTreeMap<String, BTreeSet<u32>> {
    let mut main = None;
    let mut locked = false;
    let mut counts: BTreeMap<(String, String), u32> = BTreeMap::new();
    let mut before_lock: BTreeMap<String, u32> = BTreeMap::new();
    let mut wanted: BTreeMap<String, BTreeSet<u32>> = BTreeMap::new();
    for line in log.lines() {
        let Some((pid, call)) = line.split_once(' ') else {
            continue;
        };
        let call = call.trim_start();
        if call.starts_with("<...") || call.starts_with("+++") || call.starts_with("---") {
            continue;
        }
        let Some(name) = call.split('(').next().filter(|n| SYSCALLS.contains(n)) else {
            continue;
        };
        let main = *main.get_or_insert(pid.to_owned()) == pid;
        let n = counts.entry((pid.to_owned(), name.to_owned())).or_insert(0);
        *n += 1;
        if main && !locked {
            before_lock.insert(name.to_owned(), *n);
        }
        if main && name == "openat" && call.contains(".lock\"") {
            locked = true;
        }
        if *n > before_lock.get(name).copied().unwrap_or(0) {
            wanted.entry(name.to_owned()).or_default().insert(*n);
        }
    }
    wanted
}

#[derive(Default, Debug)]
struct Tally {
    runs: u32,
    ok_changed: u32,
    failed_unchanged: u32,
    killed_old: u32,
    killed_new: u32,
}

/// Runs every injection for one command; returns the tally.
fn inject_all(case: &Case, faults: &[&str]) -> Tally {
    // The starting state: a vault with `s` = "one" (no vault for init).
    let template = TestEnv::new();
    if case.name != "init" {
        template.init();
        template.create("s", b"one");
        template.create("gone", b"old");
        template.arca(&["delete", "gone"]).success();
    }
    template.write_file("value", b"two-value");
    template.write_file("import.env", b"IMPORTED_A=1\nIMPORTED_B=2\n");
    let other = TestEnv::new();
    let recipient = other.init();
    let args: Vec<String> = case
        .args
        .iter()
        .map(|a| match *a {
            "{v}" => "value".to_owned(),
            "{i}" => "import.env".to_owned(),
            "{r}" => recipient.clone(),
            a => a.to_owned(),
        })
        .collect();
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let fresh = || {
        let env = TestEnv::new();
        copy_tree(template.home(), env.home());
        env
    };

    // One traced run: which occurrences come after the lock.
    let env = fresh();
    let log = env.path("trace.log");
    let traced = under_strace(
        &env,
        &[
            "-e",
            &format!("trace={}", SYSCALLS.join(",")),
            "-o",
            log.to_str().unwrap(),
        ],
        &args,
    );
    assert!(traced.status.success(), "{}: {traced:?}", case.name);
    let occurrences = occurrences(&fs::read_to_string(&log).unwrap());
    assert!(
        occurrences.contains_key("fsync"),
        "{}: {occurrences:?}",
        case.name
    );

    let mut tally = Tally::default();
    for (syscall, numbers) in &occurrences {
        for n in numbers {
            for fault in faults {
                // Errors that a syscall cannot return are left out.
                let fit = match *fault {
                    "ENOSPC" => matches!(
                        syscall.as_str(),
                        "write" | "fsync" | "fdatasync" | "openat" | "rename" | "link" | "linkat"
                    ),
                    "EINTR" => matches!(syscall.as_str(), "write" | "close" | "fsync" | "openat"),
                    _ => true,
                };
                if !fit {
                    continue;
                }
                let inject = if *fault == "KILL" {
                    format!("inject={syscall}:signal=KILL:when={n}")
                } else {
                    format!("inject={syscall}:error={fault}:when={n}")
                };
                let env = fresh();
                let before = fs::read(env.vault_path()).ok();
                let out = under_strace(
                    &env,
                    &["-e", &format!("trace={syscall}"), "-e", &inject],
                    &args,
                );
                check(case, &env, &before, &out, &inject, &mut tally);
            }
        }
    }
    tally
}

#[track_caller]
fn check(
    case: &Case,
    env: &TestEnv,
    before: &Option<Vec<u8>>,
    out: &Output,
    inject: &str,
    tally: &mut Tally,
) {
    let what = format!("{} under {inject}", case.name);
    let err = String::from_utf8_lossy(&out.stderr);
    for bad in ["panicked", "internal error", "RUST_BACKTRACE"] {
        assert!(!err.contains(bad), "{what}: {err}");
    }
    let identity = env.identity_path();
    let after = fs::read(env.vault_path()).ok();
    let payload = || decrypt(env, &identity);
    tally.runs += 1;
    match (out.status.code(), out.status.signal()) {
        (Some(0), _) => {
            let payload = payload().unwrap_or_else(|e| panic!("{what}: exit 0, and age -d: {e}"));
            assert!(
                (case.changed)(&payload),
                "{what}: exit 0 without the change:\n{payload}"
            );
            assert!(!err.contains("error:"), "{what}: {err}");
            assert_eq!(temps(env), Vec::<String>::new(), "{what}");
            tally.ok_changed += 1;
        }
        (Some(code), _) => {
            assert!(code < 100, "{what}: exit {code}: {err}");
            // strace counts per thread: `write` N may fail in two threads,
            // the second being the error line itself, lost then (and that
            // must not panic either).
            let lines = err.lines().filter(|l| l.starts_with("error: ")).count();
            let lost = lines == 0 && inject.starts_with("inject=write:");
            assert!(lines == 1 || lost, "{what}: {err}");
            if case.name == "rotate" {
                // Each step is its own transaction (SPEC §5): a failure may
                // leave a pending version, never a moved AWSCURRENT.
                let payload = payload().unwrap_or_else(|e| panic!("{what}: age -d: {e}"));
                assert_eq!(current_of_s(&payload).as_deref(), Some("one"), "{what}");
            } else {
                assert!(
                    after == *before,
                    "{what}: exit {code} and the vault changed: {err}"
                );
            }
            assert_eq!(temps(env), Vec::<String>::new(), "{what}");
            tally.failed_unchanged += 1;
        }
        (None, _) => {
            // Killed: no claim was made; the vault is the old one or the new.
            if after == *before {
                tally.killed_old += 1;
            } else {
                let payload =
                    payload().unwrap_or_else(|e| panic!("{what}: killed, and age -d: {e}"));
                assert!(
                    (case.changed)(&payload) || case.name == "rotate",
                    "{what}:\n{payload}"
                );
                tally.killed_new += 1;
            }
        }
    }
    // The next writer succeeds and leaves no temp file (it removes a killed
    // writer's).
    if !env.vault_path().exists() {
        env.arca(&["init"]).success();
    }
    env.arca_stdin(&["create", "next-writer"], "x").success();
    assert_eq!(
        temps(env),
        Vec::<String>::new(),
        "{what}: after the next writer"
    );
    decrypt(env, &env.identity_path())
        .unwrap_or_else(|e| panic!("{what}: next writer's vault: {e}"));
}

fn ready() -> bool {
    have_strace() && age_cli("faults").is_some()
}

fn run(names: &[&str], faults: &[&str]) {
    for case in CASES.iter().filter(|c| names.contains(&c.name)) {
        let tally = inject_all(case, faults);
        eprintln!("faults: {:<15} {tally:?}", case.name);
        assert!(
            tally.failed_unchanged > 0 && tally.ok_changed > 0,
            "{}: {tally:?}",
            case.name
        );
    }
}

/// The light run, in every `cargo test`: put, with EIO and a kill at each
/// syscall of its write path.
#[test]
fn put_under_every_injected_fault_tells_the_truth() {
    if ready() {
        run(&["put"], &["EIO", "KILL"]);
    }
}

#[test]
#[ignore = "heavy: hundreds of strace runs; .ci/run runs it"]
fn writing_commands_under_every_injected_fault_tell_the_truth() {
    if ready() {
        run(
            &["create", "update", "delete", "restore", "tag", "import"],
            &["EIO", "ENOSPC", "EINTR", "KILL"],
        );
    }
}

#[test]
#[ignore = "heavy: hundreds of strace runs; .ci/run runs it"]
fn init_recipients_and_rotate_under_every_injected_fault_tell_the_truth() {
    if ready() {
        run(
            &["init", "recipients add", "rotate", "put"],
            &["EIO", "ENOSPC", "EINTR", "KILL"],
        );
    }
}

#[test]
fn occurrences_after_the_lock_are_counted_per_thread() {
    let log = "10 openat(AT_FDCWD, \"/x/identity.txt\", O_RDONLY) = 3\n\
               10 close(3) = 0\n\
               10 openat(AT_FDCWD, \"/x/vault.age.lock\", O_RDWR) = 3\n\
               10 openat(AT_FDCWD, \"/x/vault.age\", O_RDONLY) = 4\n\
               11 write(5, \"age\"..., 954 <unfinished ...>\n\
               10 close(4) = 0\n\
               11 <... write resumed>) = 954\n\
               11 close(5) = 0\n\
               10 +++ exited with 0 +++\n";
    let got = occurrences(log);
    assert_eq!(got["openat"], BTreeSet::from([3]));
    // The thread's close 1 is left out: it would fail the main thread's
    // close 1 too, before the lock.
    assert_eq!(got["close"], BTreeSet::from([2]));
    assert_eq!(got["write"], BTreeSet::from([1]));
}
