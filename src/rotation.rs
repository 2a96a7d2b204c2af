//! Running rotation steps (SPEC §5): a hook command per step through
//! `sh -c`, values on stdin as JSON (never in argv or env), a timeout that
//! kills the step's whole process group, and the default create step.

use std::io::{Read, Write};
use std::os::unix::process::{CommandExt, ExitStatusExt};
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

use anyhow::Result;
use serde_json::json;
use zeroize::Zeroizing;

use crate::config::Hook;
use crate::error::{ArcaError, Exit};
use crate::password;
use crate::secret::{Value, MAX_VALUE_LEN};

/// How much of a failed step's stderr the error repeats.
const STDERR_TAIL_LINES: usize = 10;
const STDERR_TAIL_BYTES: usize = 4096;

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Step {
    Create,
    Set,
    Test,
    Finish,
}

impl Step {
    pub fn as_str(self) -> &'static str {
        match self {
            Step::Create => "create",
            Step::Set => "set",
            Step::Test => "test",
            Step::Finish => "finish",
        }
    }

    fn index(self) -> usize {
        self as usize
    }
}

/// What a step is told about the secret.
pub struct StepInput<'a> {
    pub secret_name: &'a str,
    pub secret_id: &'a str,
    pub vault: &'a std::path::Path,
    /// Passed on so that `arca` called by the hook opens the same vault.
    pub identity: Option<&'a std::path::Path>,
    pub current: (&'a str, &'a Value),
    /// None during create.
    pub pending: Option<(&'a str, &'a Value)>,
    /// The pending version's id (known before create runs).
    pub pending_id: &'a str,
}

/// The document a step reads on stdin. It borrows the values, so no copy
/// of them outlives the wiped buffer it is serialized into (a binary value's
/// base64 text is itself wiped).
#[derive(serde::Serialize)]
struct Document<'a> {
    step: &'static str,
    secret_name: &'a str,
    secret_id: &'a str,
    version_id: &'a str,
    current: DocVersion<'a>,
    pending: Option<DocVersion<'a>>,
}

#[derive(serde::Serialize)]
struct DocVersion<'a> {
    version_id: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    value: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    binary: Option<&'a str>,
}

fn doc_version<'a>((id, value): (&'a str, &'a Value), base64: &'a str) -> DocVersion<'a> {
    match value {
        Value::String(s) => DocVersion {
            version_id: id,
            value: Some(s.as_str()),
            binary: None,
        },
        Value::Binary(_) => DocVersion {
            version_id: id,
            value: None,
            binary: Some(base64),
        },
    }
}

impl StepInput<'_> {
    fn document(&self, step: Step) -> Zeroizing<Vec<u8>> {
        use base64::Engine;
        let base64 = |(_, value): (&str, &Value)| match value {
            Value::Binary(b) => {
                Zeroizing::new(base64::engine::general_purpose::STANDARD.encode(b.as_slice()))
            }
            Value::String(_) => Zeroizing::new(String::new()),
        };
        let (current_b64, pending_b64) = (base64(self.current), self.pending.map(base64));
        let doc = Document {
            step: step.as_str(),
            secret_name: self.secret_name,
            secret_id: self.secret_id,
            version_id: self.pending_id,
            current: doc_version(self.current, &current_b64),
            pending: self
                .pending
                .zip(pending_b64.as_deref())
                .map(|(p, b)| doc_version(p, b)),
        };
        // Sized for the usual escaping, so the buffer rarely moves (a move
        // would leave an unwiped copy).
        let values =
            self.current.1.as_bytes().len() + self.pending.map_or(0, |p| p.1.as_bytes().len());
        let mut out = Zeroizing::new(Vec::with_capacity(2 * values + 1024));
        serde_json::to_writer(&mut *out, &doc).expect("the document serializes");
        out
    }

    /// A masker for what the step prints on stderr: the values as they are
    /// and as they appear inside the JSON document the step was given.
    fn masker(&self) -> crate::mask::Masker {
        let values: Vec<&Value> = std::iter::once(self.current.1)
            .chain(self.pending.map(|p| p.1))
            .collect();
        let escaped: Vec<Zeroizing<Vec<u8>>> = values
            .iter()
            .filter_map(|v| match v {
                Value::String(s) => {
                    let json = Zeroizing::new(
                        serde_json::to_vec(s.as_str()).expect("a string serializes"),
                    );
                    Some(Zeroizing::new(json[1..json.len() - 1].to_vec()))
                }
                Value::Binary(_) => None,
            })
            .collect();
        let patterns: Vec<&[u8]> = values
            .iter()
            .map(|v| v.as_bytes())
            .chain(escaped.iter().map(|e| e.as_slice()))
            .collect();
        crate::mask::Masker::new(&patterns)
    }
}

/// Runs one step. Returns the step's stdout (the new value, for create), or
/// None when the hook has no command for this step.
pub fn run_step(hook: &Hook, step: Step, input: &StepInput) -> Result<Option<Zeroizing<Vec<u8>>>> {
    let Some(command) = hook.steps[step.index()].as_ref() else {
        return Ok(None);
    };
    let fail = |why: String, stderr: &[u8]| -> anyhow::Error {
        let mut err = ArcaError::new(
            Exit::Hook,
            format!(
                "rotation of '{}' failed at step {} (hook {}): {why}",
                input.secret_name,
                step.as_str(),
                hook.name
            ),
        )
        .hint(format!(
            "AWSCURRENT did not move and the pending version is kept: fix the hook, then 'arca rotate {}' resumes (or 'arca cancel-rotation {}')",
            input.secret_name, input.secret_name
        ));
        let tail = stderr_tail(stderr);
        if !tail.is_empty() {
            err = err.detail(tail);
        }
        err.into()
    };

    let mut command_line = Command::new("sh");
    if let Some(identity) = input.identity {
        command_line.env("ARCA_IDENTITY", identity);
    }
    let mut child = command_line
        .arg("-c")
        .arg(command)
        .env("ARCA_STEP", step.as_str())
        .env("ARCA_SECRET_NAME", input.secret_name)
        .env("ARCA_SECRET_ID", input.secret_id)
        .env("ARCA_VERSION_ID", input.pending_id)
        .env("ARCA_VAULT", input.vault)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        // Its own process group, so a timeout kills the step and its children.
        .process_group(0)
        .spawn()
        .map_err(|e| fail(format!("cannot start sh: {e}"), b""))?;
    let pid = child.id() as libc::pid_t;

    let document = input.document(step);
    let mut stdin = child.stdin.take().expect("stdin is piped");
    let mut stdout = child.stdout.take().expect("stdout is piped");
    let mut stderr = child.stderr.take().expect("stderr is piped");
    let (out_tx, out_rx) = mpsc::channel();
    let (err_tx, err_rx) = mpsc::channel();
    let mut masker = input.masker();
    let threads = (|| -> std::io::Result<_> {
        let writer = crate::threads::spawn(move || {
            // A step that does not read its stdin is fine.
            let _ = stdin.write_all(&document);
        })?;
        crate::threads::spawn(move || {
            let mut buf = Zeroizing::new(Vec::new());
            let _ = (&mut stdout)
                .take(MAX_VALUE_LEN as u64 + 2)
                .read_to_end(&mut buf);
            // Drain the rest so the step never blocks on a full pipe.
            let _ = std::io::copy(&mut stdout, &mut std::io::sink());
            let _ = out_tx.send(buf);
        })?;
        crate::threads::spawn(move || {
            // Pass the hook's stderr through with the values masked and
            // control characters escaped (it may be a terminal), keeping
            // the end for the error message.
            let mut tail = Vec::new();
            let mut chunk = [0u8; 4096];
            let mut safe = crate::output::Relay::default();
            let mut relay = |bytes: Vec<u8>| {
                let _ = std::io::stderr().write_all(&bytes);
                tail.extend_from_slice(&bytes);
                if tail.len() > 2 * STDERR_TAIL_BYTES {
                    tail.drain(..tail.len() - STDERR_TAIL_BYTES);
                }
            };
            while let Ok(n) = stderr.read(&mut chunk) {
                if n == 0 {
                    break;
                }
                relay(safe.push(&masker.push(&chunk[..n])));
            }
            let mut rest = safe.push(&masker.finish());
            rest.extend(safe.finish());
            relay(rest);
            // arca's own messages start on a line of their own.
            if tail.last().is_some_and(|&b| b != b'\n') {
                let _ = std::io::stderr().write_all(b"\n");
            }
            let _ = err_tx.send(tail);
        })?;
        Ok(writer)
    })();
    let writer = match threads {
        Ok(writer) => writer,
        Err(e) => {
            // SAFETY: kill(2) on the step's own process group; no memory.
            unsafe {
                libc::kill(-pid, libc::SIGKILL);
            }
            let _ = child.wait();
            return Err(fail(e.to_string(), b""));
        }
    };

    let deadline = crate::vault::deadline_after(hook.timeout);
    let status = loop {
        if let Some(status) = child.try_wait()? {
            break Some(status);
        }
        if crate::vault::passed(deadline) {
            // SAFETY: kill(2) with a negative pid signals the process group
            // created above; it touches no memory.
            unsafe {
                libc::kill(-pid, libc::SIGKILL);
            }
            let _ = child.wait();
            break None;
        }
        std::thread::sleep(Duration::from_millis(10));
    };
    let _ = writer.join();
    // Background processes of the hook may hold the pipes open: do not wait for them long.
    let grace = Duration::from_secs(1);
    let stderr_tail = err_rx.recv_timeout(grace).unwrap_or_default();
    let stdout = out_rx.recv_timeout(grace).unwrap_or_default();

    match status {
        None => Err(fail(
            format!("timed out after {:?}", hook.timeout),
            &stderr_tail,
        )),
        Some(status) if !status.success() => {
            let why = match (status.code(), status.signal()) {
                (Some(code), _) => format!("exit status {code}"),
                (None, Some(signal)) => format!("killed by signal {signal}"),
                _ => "failed".to_owned(),
            };
            Err(fail(why, &stderr_tail))
        }
        Some(_) => Ok(Some(stdout)),
    }
}

/// The value a create step printed: one trailing newline removed; empty,
/// oversized or non-UTF-8 (for a text secret) output is a failure.
pub fn created_value(
    output: Zeroizing<Vec<u8>>,
    current: &Value,
    hook: &Hook,
    name: &str,
) -> Result<Value> {
    let fail = |why: &str| -> ArcaError {
        ArcaError::new(
            Exit::Hook,
            format!(
                "rotation of '{name}' failed at step create (hook {}): {why}",
                hook.name
            ),
        )
    };
    let mut bytes = output;
    if bytes.last() == Some(&b'\n') {
        bytes.pop();
    }
    if bytes.is_empty() {
        let single = hook
            .steps
            .iter()
            .all(|s| s.is_some() && *s == hook.steps[0]);
        let hint = if single {
            format!(
                "a hook with one command runs it for every step, so it must print the new value when ARCA_STEP=create; for arca's default (a random password) give the steps one by one without create: [hooks.{0}] set = \"…\", test = \"…\", finish = \"…\"",
                hook.name
            )
        } else {
            format!("the create step must print the new value on stdout; leave create out of [hooks.{}] to get a random password", hook.name)
        };
        return Err(fail("it printed no value").hint(hint).into());
    }
    if bytes.len() > MAX_VALUE_LEN {
        return Err(fail("it printed more than 65,536 bytes").into());
    }
    match current {
        Value::Binary(_) => Ok(Value::Binary(bytes)),
        Value::String(_) => match std::str::from_utf8(&bytes) {
            Ok(text) => Ok(Value::String(Zeroizing::new(text.to_owned()))),
            Err(_) => Err(fail("it printed bytes that are not UTF-8 text").into()),
        },
    }
}

/// The default create step: a new random password, or for a JSON object
/// value the same object with a new `password` field.
pub fn default_value(current: &Value, name: &str) -> Result<Value> {
    let password = password::generate(&crate::cli::PasswordArgs::default())?;
    let Value::String(text) = current else {
        // A binary secret stays binary (SecretBinary), holding the password's bytes.
        return Ok(Value::Binary(Zeroizing::new(password.as_bytes().to_vec())));
    };
    match serde_json::from_str::<serde_json::Value>(text) {
        Ok(serde_json::Value::Object(mut object)) => {
            if !object.contains_key("password") {
                return Err(ArcaError::new(
                    Exit::Hook,
                    format!("rotation of '{name}' failed at step create: its JSON value has no \"password\" field to regenerate"),
                )
                .hint("configure a hook with a create step that prints the new value")
                .into());
            }
            object.insert("password".into(), json!(password.as_str()));
            let text = serde_json::to_string(&object).expect("a JSON object serializes");
            // Wipe the parsed copy's strings too.
            for (_, v) in object.iter_mut() {
                if let serde_json::Value::String(s) = v {
                    zeroize::Zeroize::zeroize(s);
                }
            }
            Ok(Value::String(Zeroizing::new(text)))
        }
        _ => Ok(Value::String(password)),
    }
}

/// The last lines of a step's (already masked) stderr.
fn stderr_tail(stderr: &[u8]) -> String {
    let text = String::from_utf8_lossy(stderr);
    let lines: Vec<&str> = text.lines().filter(|l| !l.trim().is_empty()).collect();
    lines[lines.len().saturating_sub(STDERR_TAIL_LINES)..].join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(s: &str) -> Value {
        Value::String(Zeroizing::new(s.into()))
    }

    #[test]
    fn default_create_regenerates_only_the_json_password() {
        let current = text(r#"{"username":"app","password":"old","port":5432}"#);
        let Value::String(new) = default_value(&current, "x").unwrap() else {
            panic!()
        };
        let doc: serde_json::Value = serde_json::from_str(&new).unwrap();
        assert_eq!(doc["username"], "app");
        assert_eq!(doc["port"], 5432);
        assert_eq!(doc["password"].as_str().unwrap().len(), 32);
        assert!(new.starts_with(r#"{"username":"app","password":"#));
        assert!(default_value(&text(r#"{"user":"x"}"#), "x").is_err());
        let Value::String(plain) = default_value(&text("old"), "x").unwrap() else {
            panic!()
        };
        assert_eq!(plain.len(), 32);
    }

    #[test]
    fn the_stderr_tail_keeps_the_last_lines() {
        let stderr = (0..20).map(|i| format!("line {i}\n\n")).collect::<String>();
        let tail = stderr_tail(stderr.as_bytes());
        assert_eq!(tail.lines().count(), STDERR_TAIL_LINES);
        assert!(tail.ends_with("line 19"));
    }

    #[test]
    fn stderr_is_masked_raw_and_json_escaped() {
        let current = text("a\"b\nc");
        let pending = text("v2");
        let input = StepInput {
            secret_name: "x",
            secret_id: "id",
            vault: std::path::Path::new("v"),
            identity: None,
            current: ("c", &current),
            pending: Some(("p", &pending)),
            pending_id: "p",
        };
        let mut masker = input.masker();
        let mut out = masker.push(br#"{"value":"a\"b\nc"} then v2 and a"b"#);
        out.extend(masker.finish());
        let out = String::from_utf8(out).unwrap();
        assert!(!out.contains(r#"a\"b\nc"#) && !out.contains("v2"), "{out}");
    }
}
