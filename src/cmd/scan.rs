//! `arca scan`: the vault's values in files, in the git index or in the
//! whole history. Exit 0 clean, 1 with findings.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

use anyhow::{Context, Result};
use serde_json::json;

use crate::cli::ScanArgs;
use crate::error::usage;
use crate::git;
use crate::output::sanitize;
use crate::scan::{Needles, MIN_LEN};

use super::Ctx;

struct Finding {
    place: String,
    line: usize,
    column: usize,
    secret: String,
    version: String,
    field: Option<String>,
    encoding: &'static str,
}

#[derive(Default)]
struct Tally {
    findings: Vec<Finding>,
    files: usize,
    bytes: u64,
}

impl Tally {
    fn search(&mut self, needles: &Needles, place: &str, bytes: &[u8]) {
        self.files += 1;
        self.bytes += bytes.len() as u64;
        needles.find(bytes, |hit| {
            for o in hit.origins {
                self.findings.push(Finding {
                    place: place.to_owned(),
                    line: hit.line,
                    column: hit.column,
                    secret: o.secret.clone(),
                    version: o.version.clone(),
                    field: o.field.clone(),
                    encoding: o.encoding,
                });
            }
        });
    }
}

pub fn run(ctx: &Ctx, args: ScanArgs) -> Result<ExitCode> {
    let mut vault = ctx.load()?;
    let needles = Needles::build(vault.secrets()?)?;
    drop(vault);
    let mut tally = Tally::default();
    let paths: Vec<String> = args
        .paths
        .iter()
        .map(|p| p.to_string_lossy().into_owned())
        .collect();
    if args.staged || args.all_history {
        git::toplevel()?;
        let here = std::env::current_dir()?;
        let wanted = match args.staged {
            true => git::staged(&here, &paths)?,
            false => git::history(&here, &paths)?,
        };
        let wanted = wanted
            .into_iter()
            .filter(|(_, p)| !is_age(Path::new(p)))
            .collect();
        git::read_blobs(&here, wanted, |blob| {
            let place = match args.all_history {
                true => format!("{}:{}", &blob.id[..blob.id.len().min(10)], blob.path),
                false => blob.path,
            };
            tally.search(&needles, &place, &blob.bytes);
            Ok(())
        })?;
    } else {
        let roots = match args.paths.is_empty() {
            true => vec![PathBuf::from(".")],
            false => args.paths.clone(),
        };
        let mut files = Vec::new();
        if let Some(missing) = roots.iter().find(|r| fs::symlink_metadata(r).is_err()) {
            return Err(usage(format!("no file or folder {}", missing.display())).into());
        }
        for root in &roots {
            walk(root, &ctx.paths.vault, &mut files)?;
        }
        tally = scan_files(&needles, &files)?;
    }
    tally.findings.sort_by(|a, b| {
        (&a.place, a.line, a.column, &a.secret).cmp(&(&b.place, b.line, b.column, &b.secret))
    });
    report(ctx, &tally, needles.skipped_short)?;
    Ok(match tally.findings.is_empty() {
        true => ExitCode::SUCCESS,
        false => ExitCode::from(1),
    })
}

fn report(ctx: &Ctx, tally: &Tally, skipped: usize) -> Result<()> {
    if ctx.out.is_json() {
        let findings: Vec<_> = tally
            .findings
            .iter()
            .map(|f| {
                json!({
                    "Path": f.place, "Line": f.line, "Column": f.column,
                    "Secret": f.secret, "Version": f.version,
                    "Field": f.field, "Encoding": f.encoding,
                })
            })
            .collect();
        ctx.out.json(&json!({
            "Findings": findings,
            "FilesScanned": tally.files,
            "BytesScanned": tally.bytes,
            "ShortValuesSkipped": skipped,
        }))?;
    } else {
        let mut text = String::new();
        for f in &tally.findings {
            let field = f
                .field
                .as_ref()
                .map(|p| format!(" field {p}"))
                .unwrap_or_default();
            text.push_str(&sanitize(&format!(
                "{}:{}:{}: secret '{}' ({}{field}, {})",
                f.place, f.line, f.column, f.secret, f.version, f.encoding
            )));
            text.push('\n');
        }
        use std::io::Write;
        let mut out = std::io::stdout().lock();
        out.write_all(text.as_bytes())?;
        out.flush()?;
    }
    let found = tally.findings.len();
    ctx.out.note(&format!(
        "arca scan: {} file(s), {} bytes scanned; {found} finding(s); {skipped} value(s) shorter than {MIN_LEN} bytes not searched",
        tally.files, tally.bytes
    ));
    Ok(())
}

/// Vaults and other age files hold ciphertext only.
fn is_age(path: &Path) -> bool {
    path.extension().is_some_and(|e| e == "age")
}

/// The regular files under `root` (not following symlinks), leaving out
/// .git folders, age files and the vault's own lock and temp files.
fn walk(root: &Path, vault: &Path, files: &mut Vec<PathBuf>) -> Result<()> {
    let meta = fs::symlink_metadata(root).with_context(|| format!("reading {}", root.display()))?;
    if meta.is_file() {
        if !is_age(root) && !is_vault_file(root, vault) {
            files.push(root.to_owned());
        }
        return Ok(());
    }
    if !meta.is_dir() || root.file_name().is_some_and(|n| n == ".git") {
        return Ok(());
    }
    let mut entries: Vec<PathBuf> = fs::read_dir(root)
        .with_context(|| format!("reading {}", root.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    entries.sort();
    for entry in entries {
        walk(&entry, vault, files)?;
    }
    Ok(())
}

fn is_vault_file(path: &Path, vault: &Path) -> bool {
    let (Some(name), Some(vault_name)) = (path.file_name(), vault.file_name()) else {
        return false;
    };
    let (name, vault_name) = (name.to_string_lossy(), vault_name.to_string_lossy());
    name == format!("{vault_name}.lock") || name.starts_with(&format!(".{vault_name}.tmp-"))
}

/// Reads and searches the files on every core.
fn scan_files(needles: &Needles, files: &[PathBuf]) -> Result<Tally> {
    let next = AtomicUsize::new(0);
    let total = Mutex::new(Tally::default());
    let threads = std::thread::available_parallelism().map_or(2, |n| n.get().min(8));
    std::thread::scope(|scope| -> Result<()> {
        let mut workers = Vec::new();
        for _ in 0..threads {
            // A thread that cannot start is an error, not a panic (SPEC §7).
            let worker = std::thread::Builder::new().spawn_scoped(scope, || -> Result<()> {
                let mut mine = Tally::default();
                let mut buf = Vec::new();
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some(path) = files.get(i) else { break };
                    buf.clear();
                    let read = fs::File::open(path)
                        .and_then(|mut f| std::io::Read::read_to_end(&mut f, &mut buf));
                    // A file gone or unreadable since the walk: not ours to judge.
                    if read.is_err() {
                        continue;
                    }
                    let shown = path.strip_prefix(".").unwrap_or(path);
                    mine.search(needles, &shown.to_string_lossy(), &buf);
                }
                let mut total = total
                    .lock()
                    .map_err(|_| anyhow::anyhow!("a scan thread failed"))?;
                total.files += mine.files;
                total.bytes += mine.bytes;
                total.findings.append(&mut mine.findings);
                Ok(())
            })?;
            workers.push(worker);
        }
        for worker in workers {
            worker
                .join()
                .map_err(|_| anyhow::anyhow!("a scan thread panicked"))??;
        }
        Ok(())
    })?;
    total
        .into_inner()
        .map_err(|_| anyhow::anyhow!("a scan thread failed"))
}
