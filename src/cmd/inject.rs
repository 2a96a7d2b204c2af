//! `arca inject`: a template with `{{ arca:NAME[@LABEL][#FIELD] }}`
//! references, rendered with the values (as `op inject`). Every reference
//! is looked up before anything is written.

use std::fs::{File, OpenOptions};
use std::io::{self, Read, Write};
use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
use std::path::Path;

use anyhow::{Context, Result};
use zeroize::Zeroizing;

use crate::cli::InjectArgs;
use crate::error::usage;
use crate::template::{self, Piece};

use super::{select, Ctx};

pub fn run(ctx: &Ctx, args: InjectArgs) -> Result<()> {
    let input = read_template(args.in_file.as_deref())?;
    let text = std::str::from_utf8(&input).map_err(|_| usage("the template is not UTF-8 text"))?;
    let pieces = template::parse_template(text).map_err(|problems| {
        usage(format!(
            "the template has bad references: {}",
            problems.join("; ")
        ))
        .hint(
            "write a reference as {{ arca:NAME }}, {{ arca:NAME#FIELD }} or {{ arca:NAME@LABEL }}",
        )
    })?;

    let mut vault = ctx.load()?;
    let mut values = Vec::new();
    for piece in &pieces {
        if let Piece::Ref(reference, line) = piece {
            let from = format!("{reference} on line {line}");
            let (_, value) = select::lookup(&mut vault, reference, None, &from, "a text template")?;
            values.push(value);
        }
    }
    let size = pieces
        .iter()
        .map(|p| match p {
            Piece::Text(t) => t.len(),
            Piece::Ref(..) => 0,
        })
        .sum::<usize>()
        + values.iter().map(|v| v.len()).sum::<usize>();
    // Sized up front, so growing it leaves no copy of a value behind.
    let mut out = Zeroizing::new(String::with_capacity(size));
    let mut values = values.iter();
    for piece in &pieces {
        match piece {
            Piece::Text(t) => out.push_str(t),
            Piece::Ref(..) => out.push_str(values.next().expect("one value per reference")),
        }
    }

    match &args.out_file {
        Some(path) => write_private(path, out.as_bytes())
            .with_context(|| format!("writing {}", path.display())),
        None => {
            let mut stdout = io::stdout().lock();
            stdout.write_all(out.as_bytes())?;
            stdout.flush()?;
            Ok(())
        }
    }
}

fn read_template(path: Option<&Path>) -> Result<Zeroizing<Vec<u8>>> {
    let mut buf = Zeroizing::new(Vec::new());
    match path {
        None => {
            io::stdin().lock().read_to_end(&mut buf)?;
        }
        Some(path) => {
            let mut file = File::open(path)
                .map_err(|e| usage(format!("cannot read {}: {e}", path.display())))?;
            // Sized from the file, so reading does not reallocate.
            let len = file.metadata().map(|m| m.len()).unwrap_or(0);
            buf.reserve_exact(usize::try_from(len).unwrap_or(0));
            file.read_to_end(&mut buf)?;
        }
    }
    Ok(buf)
}

/// Writes `bytes` to `path`, created 0600, or made 0600 before it is
/// truncated and written if it exists.
fn write_private(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let mut file = OpenOptions::new()
        .write(true)
        .create(true)
        .truncate(false)
        .mode(0o600)
        .open(path)?;
    file.set_permissions(std::fs::Permissions::from_mode(0o600))?;
    file.set_len(0)?;
    file.write_all(bytes)?;
    file.sync_all()
}
