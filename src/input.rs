//! Where a new value comes from (SPEC §3, value sources).

use std::fs::File;
use std::io::{self, IsTerminal, Read};
use std::path::Path;

use anyhow::{Context, Result};
use zeroize::Zeroizing;

use crate::cli::{PasswordArgs, ValueArgs};
use crate::error::usage;
use crate::output::Output;
use crate::password;
use crate::secret::{Value, MAX_VALUE_LEN};

/// The value named by the flags: a file, stdin, a generated password,
/// `--secret-string`, or a hidden prompt on a terminal.
pub fn read_value(args: &ValueArgs, out: &Output) -> Result<Value> {
    if !args.generate && args.password != PasswordArgs::default() {
        return Err(usage("the password flags (--length, --exclude-…) go with --generate").into());
    }
    let value = if let Some(path) = &args.value_file {
        text(read_limited(path)?)?
    } else if let Some(path) = &args.binary_file {
        Value::Binary(read_limited(path)?)
    } else if args.generate {
        Value::String(password::generate(&args.password)?)
    } else if let Some(text) = &args.secret_string {
        out.warn("--secret-string puts the value in argv, where other processes can read it; pipe it on stdin instead");
        Value::String(Zeroizing::new(text.clone()))
    } else if io::stdin().is_terminal() {
        prompt()?
    } else {
        text(read_limited(Path::new("-"))?)?
    };
    value.check_size()?;
    Ok(value)
}

fn text(bytes: Zeroizing<Vec<u8>>) -> Result<Value> {
    match String::from_utf8(bytes.to_vec()) {
        Ok(s) => Ok(Value::String(Zeroizing::new(s))),
        Err(e) => {
            // Wipe the copy that from_utf8 hands back.
            drop(Zeroizing::new(e.into_bytes()));
            Err(usage("the value is not UTF-8 text")
                .hint("store bytes with --binary-file PATH")
                .into())
        }
    }
}

/// Reads a file or stdin (`-`), refusing more than the value limit without
/// reading all of it.
fn read_limited(path: &Path) -> Result<Zeroizing<Vec<u8>>> {
    let mut buf = Zeroizing::new(Vec::new());
    let limit = MAX_VALUE_LEN as u64 + 1;
    if path == Path::new("-") {
        io::stdin().lock().take(limit).read_to_end(&mut buf)
    } else {
        File::open(path).and_then(|f| f.take(limit).read_to_end(&mut buf))
    }
    .with_context(|| format!("reading {}", path.display()))?;
    if buf.len() > MAX_VALUE_LEN {
        let what = if path == Path::new("-") {
            "standard input".to_owned()
        } else {
            path.display().to_string()
        };
        return Err(usage(format!(
            "{what} holds more than {MAX_VALUE_LEN} bytes, the most a value can have"
        ))
        .into());
    }
    Ok(buf)
}

fn prompt() -> Result<Value> {
    let value = ask_twice("Value", "the value")?;
    Ok(Value::String(value))
}

/// Asks for `what` on the terminal, hidden, then once more to confirm.
/// Two different entries are an error (exit 2), as with `pass insert` or
/// `age -p`: dialoguer's own confirmation would print `error: …` and ask
/// again forever, which hangs anything driving the terminal.
pub fn ask_twice(prompt: &str, what: &str) -> Result<Zeroizing<String>> {
    // An empty first entry is asked again with the reason (dialoguer's own
    // re-asking says nothing, which looks like a hang).
    let ask = |prompt: &str, first: bool| -> Result<Zeroizing<String>> {
        loop {
            let entry = Zeroizing::new(
                dialoguer::Password::new()
                    .with_prompt(prompt)
                    .allow_empty_password(true)
                    .interact()
                    .with_context(|| format!("reading {what} from the terminal"))?,
            );
            if !entry.is_empty() || !first {
                return Ok(entry);
            }
            crate::output::to_stderr(&format!(
                "{what} cannot be empty: type it and press Enter, or press Ctrl-C to cancel"
            ));
        }
    };
    let first = ask(prompt, true)?;
    let second = ask("Again", false)?;
    if *first != *second {
        return Err(usage("the two entries differ")
            .hint("run the command again and type the same thing twice")
            .into());
    }
    Ok(first)
}
