//! Completions and man pages are generated from the clap definition and
//! committed; this test regenerates them in memory and fails when a
//! committed file differs. `ARCA_BLESS=1 cargo test` rewrites them.
//!
//! It also checks what the generated files are for: `arca completions SHELL`
//! prints the committed text, bash can source the script, and the man pages
//! pass `mandoc -T lint` (or `man -l`).

#[allow(dead_code)]
#[path = "../src/cli.rs"]
mod cli;

#[path = "../src/complete_names.rs"]
mod complete_names;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use clap::CommandFactory;
use clap_complete::Shell;

const COMPLETIONS: [(Shell, &str, &str); 5] = [
    (Shell::Bash, "bash", "completions/arca.bash"),
    (Shell::Zsh, "zsh", "completions/_arca"),
    (Shell::Fish, "fish", "completions/arca.fish"),
    (Shell::Elvish, "elvish", "completions/arca.elv"),
    (Shell::PowerShell, "powershell", "completions/_arca.ps1"),
];

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn completion(shell: Shell) -> Vec<u8> {
    let mut out = Vec::new();
    let mut cmd = cli::Cli::command();
    clap_complete::generate(shell, &mut cmd, "arca", &mut out);
    let name = match shell {
        Shell::Bash => "bash",
        Shell::Zsh => "zsh",
        Shell::Fish => "fish",
        _ => "",
    };
    complete_names::finish(name, &cmd, out)
}

/// `man/arca.1` and `man/arca-<command>.1` for every visible subcommand,
/// nested ones as `arca-<command>-<sub>.1`.
fn man_pages() -> BTreeMap<String, Vec<u8>> {
    fn walk(cmd: &clap::Command, pages: &mut BTreeMap<String, Vec<u8>>) {
        for sub in cmd.get_subcommands().filter(|s| !s.is_hide_set()) {
            walk(sub, pages);
        }
        let source = format!("arca {}", cmd.get_version().unwrap_or_default());
        let man = clap_mangen::Man::new(cmd.clone()).source(source);
        let mut text = Vec::new();
        man.render(&mut text).expect("rendering into memory");
        pages.insert(format!("man/{}", man.get_filename()), text);
    }
    let mut cmd = cli::Cli::command().disable_help_subcommand(true);
    cmd.build();
    let mut pages = BTreeMap::new();
    walk(&cmd, &mut pages);
    pages
}

/// Every generated file, by path relative to the package root.
fn expected() -> BTreeMap<String, Vec<u8>> {
    let mut files = man_pages();
    for (shell, _, path) in COMPLETIONS {
        files.insert(path.to_owned(), completion(shell));
    }
    files
}

/// Committed files in a generated folder that the generator no longer makes.
fn leftovers(expected: &BTreeMap<String, Vec<u8>>) -> Vec<String> {
    let mut extra = Vec::new();
    for dir in ["completions", "man"] {
        let Ok(entries) = std::fs::read_dir(root().join(dir)) else {
            continue;
        };
        for entry in entries.flatten() {
            let rel = format!("{dir}/{}", entry.file_name().to_string_lossy());
            if !expected.contains_key(&rel) {
                extra.push(rel);
            }
        }
    }
    extra
}

#[test]
fn committed_completions_and_man_pages_are_current() {
    let expected = expected();
    let bless = std::env::var_os("ARCA_BLESS").is_some_and(|v| v == "1");
    let mut stale = Vec::new();
    for (rel, text) in &expected {
        let path = root().join(rel);
        if std::fs::read(&path).ok().as_deref() == Some(text.as_slice()) {
            continue;
        }
        if bless {
            std::fs::create_dir_all(path.parent().expect("a file in a folder")).unwrap();
            std::fs::write(&path, text).unwrap();
        } else {
            stale.push(format!(
                "{rel} is stale; rerun with ARCA_BLESS=1 cargo test"
            ));
        }
    }
    for rel in leftovers(&expected) {
        if bless {
            std::fs::remove_file(root().join(&rel)).unwrap();
        } else {
            stale.push(format!(
                "{rel} is no longer generated; rerun with ARCA_BLESS=1 cargo test"
            ));
        }
    }
    assert!(stale.is_empty(), "\n{}\n", stale.join("\n"));
}

#[test]
fn the_completions_command_prints_the_committed_text() {
    for (shell, name, _) in COMPLETIONS {
        let out = Command::new(env!("CARGO_BIN_EXE_arca"))
            .args(["completions", name])
            .env_remove("ARCA_KEY")
            .output()
            .unwrap();
        assert!(out.status.success(), "{name}: {out:?}");
        assert!(
            out.stdout == completion(shell),
            "arca completions {name} differs from the generator"
        );
    }
}

#[test]
fn bash_sources_the_completion_script() {
    let script = root().join("completions/arca.bash");
    let out = Command::new("bash")
        .arg("-c")
        .arg("source \"$1\" && complete -p arca")
        .arg("bash")
        .arg(&script)
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    assert!(String::from_utf8_lossy(&out.stdout).contains("arca"));
}

fn have(program: &str, arg: &str) -> bool {
    Command::new(program)
        .arg(arg)
        .output()
        .is_ok_and(|o| o.status.success() || !o.stdout.is_empty() || !o.stderr.is_empty())
}

#[test]
fn man_pages_render() {
    let pages = man_pages();
    assert!(pages.contains_key("man/arca.1"));
    for sub in ["exec", "env", "completions", "get"] {
        assert!(pages.contains_key(&format!("man/arca-{sub}.1")), "{sub}");
    }
    let dir = tempfile::tempdir().unwrap();
    let paths: Vec<PathBuf> = pages
        .iter()
        .map(|(rel, text)| {
            let path = dir.path().join(Path::new(rel).file_name().unwrap());
            std::fs::write(&path, text).unwrap();
            path
        })
        .collect();
    if have("mandoc", "-V") {
        // Only errors fail: clap_mangen leaves the date empty and puts
        // .br beside .sp, which mandoc reports as warnings.
        let out = Command::new("mandoc")
            .args(["-T", "lint", "-W", "error"])
            .args(&paths)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "mandoc -T lint:\n{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
    } else if have("man", "--version") {
        for path in &paths {
            let out = Command::new("man")
                .arg("-l")
                .arg(path)
                .env("MANPAGER", "cat")
                .env("MANWIDTH", "80")
                .output()
                .unwrap();
            assert!(
                out.status.success() && !out.stdout.is_empty(),
                "{path:?}: {out:?}"
            );
        }
    } else {
        eprintln!("note: neither mandoc nor man is installed; man pages not rendered (apt-get install mandoc)");
    }
}
