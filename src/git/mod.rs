//! Vaults in git: this repository's attributes and this clone's config
//! (`arca git setup`), the check that a clone can merge its vault, and
//! reading what git holds (the index, the history) for `arca scan`.
//! The merge itself is `crate::merge`, which knows nothing of git.

pub mod text;

use std::fs;
use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use anyhow::{anyhow, Context, Result};

use crate::error::usage;

/// The merge driver and textconv commands this clone's config names.
pub const DRIVER: &str = "arca git merge-driver %O %A %B %P";
pub const TEXTCONV: &str = "arca git textconv";
const HOOK_MARK: &str = "installed by 'arca git setup --pre-commit'";

/// The repository a path is in: its top folder and its git folder (the
/// common one, for a worktree). Found without running git, so that every
/// command can afford it.
fn repository_of(path: &Path) -> Option<(PathBuf, PathBuf)> {
    let start = path.parent()?;
    for dir in start.ancestors() {
        let dot_git = dir.join(".git");
        if dot_git.is_dir() {
            return Some((dir.to_owned(), dot_git));
        }
        if dot_git.is_file() {
            let text = fs::read_to_string(&dot_git).ok()?;
            let git_dir = dir.join(text.strip_prefix("gitdir:")?.trim());
            let common = match fs::read_to_string(git_dir.join("commondir")) {
                Ok(rel) => git_dir.join(rel.trim()),
                Err(_) => git_dir,
            };
            return Some((dir.to_owned(), common));
        }
    }
    None
}

/// A warning when the vault is in a repository whose .gitattributes asks
/// for `merge=arca` but no git config this clone reads defines the driver:
/// git would then merge the vault as a binary file and report a conflict.
pub fn missing_driver(vault: &Path) -> Option<String> {
    let (top, git_dir) = repository_of(vault)?;
    let attributes = fs::read_to_string(top.join(".gitattributes")).ok()?;
    if !attributes.contains("merge=arca") {
        return None;
    }
    let home = std::env::var_os("HOME").map(PathBuf::from);
    let xdg = std::env::var_os("XDG_CONFIG_HOME")
        .map(PathBuf::from)
        .or_else(|| home.as_ref().map(|h| h.join(".config")));
    let mut configs = vec![git_dir.join("config"), git_dir.join("config.worktree")];
    configs.extend(home.map(|h| h.join(".gitconfig")));
    configs.extend(xdg.map(|x| x.join("git/config")));
    if std::env::var_os("GIT_CONFIG_NOSYSTEM").is_none() {
        configs.push("/etc/gitconfig".into());
    }
    let defined = configs.iter().any(|config| {
        fs::read_to_string(config).is_ok_and(|text| {
            text.contains("[merge \"arca\"]") || text.contains("merge.arca.driver")
        })
    });
    (!defined).then(|| {
        format!(
            "{} marks the vault merge=arca, but this clone has no arca merge driver: git would report every concurrent change as a conflict; run 'arca git setup' here (git never takes a driver from the repository)",
            top.join(".gitattributes").display()
        )
    })
}

/// Runs git in `dir`; its stdout, or an error with its stderr.
pub fn git(dir: &Path, args: &[&str]) -> Result<String> {
    let out = Command::new("git")
        .args(args)
        .current_dir(dir)
        .stdin(Stdio::null())
        .output()
        .context("running git (is it installed?)")?;
    if !out.status.success() {
        let stderr = String::from_utf8_lossy(&out.stderr);
        return Err(usage(format!(
            "git {} failed: {}",
            args.join(" "),
            stderr.lines().next().unwrap_or("").trim()
        ))
        .into());
    }
    Ok(String::from_utf8_lossy(&out.stdout).trim_end().to_owned())
}

/// What `arca git setup` did, for its report.
pub struct Setup {
    pub top: PathBuf,
    pub vault: String,
    pub hook: Option<PathBuf>,
}

/// Configures the repository holding `vault` and this clone (idempotent).
pub fn setup(vault: &Path, pre_commit: bool) -> Result<Setup> {
    let vault = std::path::absolute(vault).context("resolving the vault path")?;
    let dir = vault
        .parent()
        .ok_or_else(|| anyhow!("the vault has no folder"))?;
    let dir = fs::canonicalize(dir)
        .map_err(|_| usage(format!("no folder {} for the vault", dir.display())))?;
    let top = PathBuf::from(git(&dir, &["rev-parse", "--show-toplevel"]).map_err(|_| {
        usage(format!(
            "the vault {} is not in a git repository",
            vault.display()
        ))
        .hint("pass --vault PATH (or set ARCA_VAULT) to the vault inside your repository")
    })?);
    let file = vault
        .file_name()
        .ok_or_else(|| anyhow!("the vault has no file name"))?;
    let rel = dir
        .join(file)
        .strip_prefix(&top)
        .map_err(|_| anyhow!("the vault is outside {}", top.display()))?
        .to_string_lossy()
        .into_owned();
    if rel
        .chars()
        .any(|c| c.is_whitespace() || "\"'\\#!*?[]".contains(c))
    {
        return Err(usage(format!(
            "the vault path '{rel}' has characters .gitattributes patterns cannot hold"
        ))
        .into());
    }
    let name = file.to_string_lossy();
    let folder = rel.strip_suffix(name.as_ref()).unwrap_or("");
    ensure_line(
        &top.join(".gitattributes"),
        &format!("/{rel} "),
        &format!("/{rel} diff=arca merge=arca -text"),
    )?;
    let ignore = top.join(".gitignore");
    ensure_line(&ignore, &format!("/{rel}.lock"), &format!("/{rel}.lock"))?;
    let temps = format!("/{folder}.{name}.tmp-*");
    ensure_line(&ignore, &temps, &temps)?;
    for (key, value) in [
        ("merge.arca.name", "arca vault merge"),
        ("merge.arca.driver", DRIVER),
        ("diff.arca.textconv", TEXTCONV),
        ("diff.arca.cachetextconv", "false"),
    ] {
        git(&top, &["config", "--local", key, value])?;
    }
    let hook = pre_commit.then(|| install_hook(&top, &rel)).transpose()?;
    Ok(Setup {
        top,
        vault: rel,
        hook,
    })
}

/// Replaces the line starting with `prefix`, or appends `line`.
fn ensure_line(path: &Path, prefix: &str, line: &str) -> Result<()> {
    let text = match fs::read_to_string(path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => String::new(),
        Err(e) => return Err(e).with_context(|| format!("reading {}", path.display())),
    };
    let mut lines: Vec<&str> = text.lines().collect();
    match lines.iter().position(|l| l.starts_with(prefix)) {
        Some(i) if lines[i] == line => return Ok(()),
        Some(i) => lines[i] = line,
        None => lines.push(line),
    }
    let mut out = lines.join("\n");
    out.push('\n');
    fs::write(path, out).with_context(|| format!("writing {}", path.display()))
}

/// Installs the pre-commit hook; a hook that was there (not arca's) is
/// kept beside it and run after the scan passes.
fn install_hook(top: &Path, vault: &str) -> Result<PathBuf> {
    let hook = top.join(git(top, &["rev-parse", "--git-path", "hooks/pre-commit"])?);
    if let Some(dir) = hook.parent() {
        fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    }
    let chained = hook.with_file_name("pre-commit.before-arca");
    if let Ok(existing) = fs::read_to_string(&hook) {
        if !existing.contains(HOOK_MARK) {
            if chained.exists() {
                return Err(usage(format!(
                    "{} and {} both exist; remove one and run setup again",
                    hook.display(),
                    chained.display()
                ))
                .into());
            }
            fs::rename(&hook, &chained)
                .with_context(|| format!("moving {} aside", hook.display()))?;
        }
    }
    let script = format!(
        "#!/bin/sh\n\
         # Refuses a commit whose staged files hold a value of the vault;\n\
         # {HOOK_MARK}. Skip once with 'git commit --no-verify'.\n\
         arca --vault '{vault}' scan --staged || exit $?\n\
         chained=\"$(dirname \"$0\")/pre-commit.before-arca\"\n\
         if [ -x \"$chained\" ]; then exec \"$chained\" \"$@\"; fi\n"
    );
    fs::write(&hook, script).with_context(|| format!("writing {}", hook.display()))?;
    use std::os::unix::fs::PermissionsExt;
    fs::set_permissions(&hook, fs::Permissions::from_mode(0o755))?;
    Ok(hook)
}

/// One blob from git: where it was found and its bytes.
pub struct Blob {
    pub path: String,
    pub id: String,
    pub bytes: Vec<u8>,
}

/// The top folder of the repository around the current folder.
pub fn toplevel() -> Result<PathBuf> {
    let here = std::env::current_dir()?;
    Ok(PathBuf::from(
        git(&here, &["rev-parse", "--show-toplevel"])
            .map_err(|_| usage("not in a git repository (--staged and --all-history read one)"))?,
    ))
}

/// The staged files (the index, stage 0), limited to `paths`: the blob ids
/// and paths, files only (no submodules or symlinks).
pub fn staged(top: &Path, paths: &[String]) -> Result<Vec<(String, String)>> {
    let mut args = vec!["ls-files", "-s", "-z", "--"];
    args.extend(paths.iter().map(String::as_str));
    let listing = git(top, &args)?;
    Ok(listing
        .split('\0')
        .filter_map(|entry| {
            let (meta, path) = entry.split_once('\t')?;
            let mut meta = meta.split(' ');
            let mode = meta.next()?;
            let id = meta.next()?;
            (mode.starts_with("100")).then(|| (id.to_owned(), path.to_owned()))
        })
        .collect())
}

/// Every blob reachable from any ref, once, with a path it had.
pub fn history(top: &Path, paths: &[String]) -> Result<Vec<(String, String)>> {
    let mut args = vec!["rev-list", "--objects", "--all", "--"];
    args.extend(paths.iter().map(String::as_str));
    let listing = git(top, &args)?;
    let mut seen = std::collections::HashSet::new();
    Ok(listing
        .lines()
        .filter_map(|line| {
            let (id, path) = line.split_once(' ')?;
            seen.insert(id.to_owned())
                .then(|| (id.to_owned(), path.to_owned()))
        })
        .collect())
}

/// Reads objects through one `git cat-file --batch`, calling `visit` with
/// each blob (trees and commits are skipped).
pub fn read_blobs(
    top: &Path,
    wanted: Vec<(String, String)>,
    mut visit: impl FnMut(Blob) -> Result<()>,
) -> Result<()> {
    let mut child = Command::new("git")
        .args(["cat-file", "--batch"])
        .current_dir(top)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .context("running git cat-file")?;
    let mut stdin = child.stdin.take().ok_or_else(|| anyhow!("no stdin"))?;
    let ids: Vec<String> = wanted.iter().map(|(id, _)| id.clone()).collect();
    // Fed from a thread: git's output would otherwise fill while we write.
    let feeder = crate::threads::spawn(move || -> std::io::Result<()> {
        for id in ids {
            writeln!(stdin, "{id}")?;
        }
        Ok(())
    })?;
    let mut out = BufReader::new(child.stdout.take().ok_or_else(|| anyhow!("no stdout"))?);
    let mut header = String::new();
    for (id, path) in wanted {
        header.clear();
        out.read_line(&mut header)?;
        let mut parts = header.split_whitespace();
        let (_, kind, size) = (parts.next(), parts.next(), parts.next());
        let Some(size) = size.and_then(|s| s.parse::<usize>().ok()) else {
            continue; // "<id> missing"
        };
        let mut bytes = vec![0; size + 1];
        out.read_exact(&mut bytes)?;
        bytes.pop();
        if kind == Some("blob") {
            visit(Blob { path, id, bytes })?;
        }
    }
    let _ = feeder.join();
    child.wait()?;
    Ok(())
}
