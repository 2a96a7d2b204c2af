//! `arca edit`: a value in `$VISUAL`/`$EDITOR`, through a temporary file
//! that only ever lives in memory (as `pass edit` does with /dev/shm).

use std::fs::{self, DirBuilder, OpenOptions};
use std::io::{self, BufRead, Read, Write};
use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt};
use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{Context, Result};
use zeroize::Zeroizing;

use crate::cli::NameArgs;
use crate::error::{conflict, usage, ArcaError, Exit};
use crate::secret::{new_version_id, Value, CURRENT};

use super::{live, Ctx};

/// vi-family editors, given flags that keep the value out of swap, backup,
/// undo and viminfo/shada files.
const VI_LIKE: [&str; 8] = [
    "vi",
    "vim",
    "nvim",
    "vim.tiny",
    "vim.basic",
    "vim.nox",
    "vim.gtk3",
    "view",
];
const VI_FLAGS: [&str; 5] = [
    "-n",
    "-i",
    "NONE",
    "-c",
    "set nobackup nowritebackup noundofile",
];

pub fn run(ctx: &Ctx, args: NameArgs) -> Result<()> {
    let secret = ctx.find(&args.name, false)?;
    let version = secret.current_value()?;
    let Value::String(old) = &version.value else {
        return Err(conflict(format!(
            "'{}' holds binary data, which a text editor cannot edit",
            secret.name
        ))
        .hint(format!(
            "replace it with 'arca put {} --binary-file FILE'",
            secret.name
        ))
        .into());
    };
    let base = memory_dir()?;
    let is_json = serde_json::from_str::<serde_json::Value>(old).is_ok();
    let dir = EditDir::create(&base)?;
    let file = dir
        .path
        .join(if is_json { "value.json" } else { "value.txt" });
    write_new(&file, old.as_bytes())?;

    run_editor(&file)?;
    let mut new = read_back(&file)?;
    drop(dir);

    // Editors end the last line with a newline; a value that had none
    // does not get one from opening and saving it.
    if !old.ends_with('\n') && new.ends_with('\n') {
        new.pop();
        if !old.ends_with('\r') && new.ends_with('\r') {
            new.pop();
        }
    }
    if new.is_empty() {
        ctx.out.note(&format!(
            "the edited value is empty; '{}' is unchanged",
            secret.name
        ));
        return Ok(());
    }
    if *new == **old {
        ctx.out
            .note(&format!("no change; '{}' is unchanged", secret.name));
        return Ok(());
    }
    if is_json {
        if let Err(e) = serde_json::from_str::<serde_json::Value>(&new) {
            let question = format!(
                "The edited value is not valid JSON any more ({e}). Store it as text anyway? [y/N] "
            );
            if !confirm(&question)? {
                return Err(usage(format!(
                    "the edited value of '{}' is not valid JSON; nothing stored",
                    secret.name
                ))
                .hint("run 'arca edit' again and fix the JSON")
                .into());
            }
        }
    }

    let expected = version.id.clone();
    let version_id = new_version_id();
    let value = Value::String(new);
    let name = ctx.write_one(&args.name, |slot| {
        let secret = live(slot, &args.name)?;
        if secret.current().map(|v| v.id.as_str()) != Some(expected.as_str()) {
            return Err(conflict(format!(
                "'{}' got a new current version while you were editing; your edit is not stored",
                secret.name
            ))
            .hint(format!("run 'arca edit {}' again", secret.name))
            .into());
        }
        secret.put_version(
            value.clone(),
            Some(version_id.clone()),
            &[CURRENT.to_owned()],
            ctx.now,
        )?;
        Ok(secret.name.clone())
    })?;
    ctx.out.note(&format!(
        "stored version {version_id} of '{name}' ({CURRENT})"
    ));
    Ok(())
}

/// `$XDG_RUNTIME_DIR` or `/dev/shm`, whichever is memory-backed (tmpfs or
/// ramfs); anything else is refused, so the value never reaches a disk.
fn memory_dir() -> Result<PathBuf> {
    let candidates = std::env::var_os("XDG_RUNTIME_DIR")
        .filter(|d| !d.is_empty())
        .map(PathBuf::from)
        .into_iter()
        .chain([PathBuf::from("/dev/shm")]);
    let mut tried = Vec::new();
    for dir in candidates {
        if is_memory_backed(&dir) {
            return Ok(dir);
        }
        tried.push(dir.display().to_string());
    }
    Err(ArcaError::new(
        Exit::Other,
        format!(
            "no memory-backed directory for the temporary file ({} {} not tmpfs)",
            tried.join(" and "),
            if tried.len() == 1 { "is" } else { "are" }
        ),
    )
    .hint("set XDG_RUNTIME_DIR to a tmpfs directory, or use 'arca get NAME' and 'arca put NAME'")
    .into())
}

#[cfg(target_os = "linux")]
fn is_memory_backed(dir: &Path) -> bool {
    use std::os::unix::ffi::OsStrExt;
    const TMPFS_MAGIC: i64 = 0x0102_1994;
    const RAMFS_MAGIC: i64 = 0x8584_58f6;
    let Ok(c_path) = std::ffi::CString::new(dir.as_os_str().as_bytes()) else {
        return false;
    };
    // SAFETY: an all-zero statfs is a valid out-parameter; the path is a
    // NUL-terminated C string that outlives the call.
    let mut st: libc::statfs = unsafe { std::mem::zeroed() };
    if unsafe { libc::statfs(c_path.as_ptr(), &mut st) } != 0 {
        return false;
    }
    #[allow(clippy::unnecessary_cast)] // f_type's width differs by target.
    let kind = st.f_type as i64;
    dir.is_dir() && (kind == TMPFS_MAGIC || kind == RAMFS_MAGIC)
}

#[cfg(not(target_os = "linux"))]
fn is_memory_backed(_dir: &Path) -> bool {
    false
}

/// A private directory (0700) for the file; dropping it overwrites every
/// file in it (the editor's leftovers too) with zeros and removes it all.
struct EditDir {
    path: PathBuf,
}

impl EditDir {
    fn create(base: &Path) -> Result<EditDir> {
        let mut random = [0u8; 8];
        getrandom::fill(&mut random).map_err(|e| anyhow::anyhow!("no randomness: {e}"))?;
        let suffix: String = random.iter().map(|b| format!("{b:02x}")).collect();
        let path = base.join(format!("arca-edit.{suffix}"));
        DirBuilder::new()
            .mode(0o700)
            .create(&path)
            .with_context(|| format!("creating {}", path.display()))?;
        Ok(EditDir { path })
    }
}

impl Drop for EditDir {
    fn drop(&mut self) {
        if let Ok(entries) = fs::read_dir(&self.path) {
            for entry in entries.flatten() {
                let path = entry.path();
                if path.is_file() {
                    let _ = wipe(&path);
                }
                let _ = fs::remove_file(&path);
            }
        }
        let _ = fs::remove_dir(&self.path);
    }
}

/// Overwrites a file with zeros in place, to the disk... of memory.
fn wipe(path: &Path) -> io::Result<()> {
    let mut file = OpenOptions::new().write(true).open(path)?;
    let len = file.metadata()?.len();
    let zeros = [0u8; 4096];
    let mut left = len;
    while left > 0 {
        let n = usize::try_from(left.min(4096)).unwrap_or(4096);
        file.write_all(&zeros[..n])?;
        left -= n as u64;
    }
    file.sync_all()
}

fn write_new(path: &Path, bytes: &[u8]) -> Result<()> {
    let mut file = OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path)
        .with_context(|| format!("creating {}", path.display()))?;
    file.write_all(bytes)?;
    Ok(())
}

fn read_back(path: &Path) -> Result<Zeroizing<String>> {
    let mut buf = Zeroizing::new(Vec::new());
    let len = fs::metadata(path).map(|m| m.len()).unwrap_or(0);
    buf.reserve_exact(usize::try_from(len).unwrap_or(0));
    fs::File::open(path)
        .and_then(|mut f| f.read_to_end(&mut buf))
        .with_context(|| format!("reading the edited file {}", path.display()))?;
    match String::from_utf8(std::mem::take(&mut *buf)) {
        Ok(text) => Ok(Zeroizing::new(text)),
        Err(e) => {
            drop(Zeroizing::new(e.into_bytes()));
            Err(usage("the edited value is not UTF-8 text; nothing stored").into())
        }
    }
}

/// Runs `$VISUAL`, else `$EDITOR`, else `vi`, through `sh -c` as git does
/// (so `EDITOR="code --wait"` works), on the terminal, without `ARCA_KEY`.
fn run_editor(file: &Path) -> Result<()> {
    let editor = ["VISUAL", "EDITOR"]
        .iter()
        .filter_map(|v| std::env::var(v).ok())
        .find(|e| !e.trim().is_empty())
        .unwrap_or_else(|| "vi".to_owned());
    let program = editor.split_whitespace().next().unwrap_or("vi");
    let program = Path::new(program)
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or(program);
    let mut cmd = Command::new("sh");
    cmd.arg("-c")
        .arg(format!("{editor} \"$@\""))
        .arg(&editor)
        .env_remove("ARCA_KEY");
    if VI_LIKE.contains(&program) {
        cmd.args(VI_FLAGS);
    }
    let status = cmd
        .arg(file)
        .status()
        .with_context(|| format!("running the editor '{editor}'"))?;
    if !status.success() {
        return Err(ArcaError::new(
            Exit::Other,
            format!("the editor '{editor}' failed ({status}); nothing stored"),
        )
        .into());
    }
    Ok(())
}

/// Asks a yes/no question on the controlling terminal; no terminal is "no".
fn confirm(question: &str) -> Result<bool> {
    let Ok(tty) = OpenOptions::new().read(true).write(true).open("/dev/tty") else {
        return Ok(false);
    };
    let mut writer = &tty;
    writer.write_all(question.as_bytes())?;
    writer.flush()?;
    let mut answer = String::new();
    io::BufReader::new(&tty).read_line(&mut answer)?;
    Ok(matches!(answer.trim(), "y" | "Y" | "yes" | "Yes"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_tmpfs_and_ramfs_count_as_memory() {
        assert!(!is_memory_backed(Path::new("/proc")));
        assert!(!is_memory_backed(Path::new("/nonexistent/arca")));
        if Path::new("/dev/shm").is_dir() {
            // Where it exists on Linux it is a tmpfs.
            assert!(is_memory_backed(Path::new("/dev/shm")));
        }
    }
}
