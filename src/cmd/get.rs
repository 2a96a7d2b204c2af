//! `arca get`: a value, byte-exact.

use anyhow::Result;
use zeroize::Zeroizing;

use crate::cli::GetArgs;
use crate::error::{conflict, not_found, usage, ArcaError, Exit};
use crate::secret::{Secret, Value, Version};

use super::Ctx;

pub fn run(ctx: &Ctx, args: GetArgs) -> Result<()> {
    let secret = ctx.find(&args.name, false)?;
    let version = secret.select(args.version_id.as_deref(), args.version_stage.as_deref())?;
    if args.clip {
        return clip(ctx, &args, &secret, &version.value);
    }
    if let Some(field) = &args.field {
        let text = json_field(&version.value, field, &secret.name)?;
        return ctx.out.value(text.as_bytes());
    }
    if ctx.out.is_json() {
        return ctx.out.json(&value_json(&secret, version));
    }
    if ctx.out.stdout_is_terminal && matches!(version.value, Value::Binary(_)) {
        return Err(ArcaError::new(
            Exit::Other,
            format!(
                "'{}' holds binary data; not printing it to a terminal",
                secret.name
            ),
        )
        .hint(format!("redirect it: arca get {} > FILE", secret.name))
        .into());
    }
    ctx.out.value(version.value.as_bytes())
}

/// `--clip`: the value (or field) to the clipboard, never to stdout.
fn clip(ctx: &Ctx, args: &GetArgs, secret: &Secret, value: &Value) -> Result<()> {
    if ctx.out.is_json() {
        return Err(usage("--clip copies the value; it prints no JSON")
            .hint("leave out -o json")
            .into());
    }
    let text = match (&args.field, value) {
        (Some(field), _) => json_field(value, field, &secret.name)?,
        (None, Value::String(text)) => text.clone(),
        (None, Value::Binary(_)) => {
            return Err(conflict(format!(
                "'{}' holds binary data, which the clipboard cannot take as text",
                secret.name
            ))
            .hint(format!(
                "write it to a file: arca get {} > FILE",
                secret.name
            ))
            .into())
        }
    };
    let seconds = args.clip_seconds;
    let tool = crate::clip::copy(text.as_bytes(), std::time::Duration::from_secs(seconds))?;
    let what = match &args.field {
        Some(field) => format!("field '{field}' of '{}'", secret.name),
        None => format!("'{}'", secret.name),
    };
    ctx.out.note(&format!(
        "copied {what} to the clipboard ({tool}); clearing it in {seconds} s unless something else is copied"
    ));
    Ok(())
}

/// GetSecretValue's JSON for one version, as the AWS grammar gives it.
pub fn value_json(secret: &Secret, version: &Version) -> serde_json::Value {
    crate::aws::shape::value(secret, version)
}

/// One field of a JSON value: a top-level key, or a JSON pointer (`/a/b`).
/// Strings print bare; anything else as compact JSON.
pub(super) fn json_field(value: &Value, field: &str, name: &str) -> Result<Zeroizing<String>> {
    let not_json = || {
        conflict(format!(
            "the value of '{name}' is not a JSON object, so it has no fields"
        ))
    };
    let Value::String(text) = value else {
        return Err(not_json().into());
    };
    let doc: serde_json::Value = serde_json::from_str(text).map_err(|_| not_json())?;
    // A pointer may index an array; a plain key needs an object.
    let found = match field.starts_with('/') {
        true if doc.is_object() || doc.is_array() => doc.pointer(field),
        false if doc.is_object() => doc.get(field),
        _ => return Err(not_json().into()),
    };
    let found = found.ok_or_else(|| not_found(format!("'{name}' has no field '{field}'")))?;
    Ok(Zeroizing::new(match found {
        serde_json::Value::String(s) => s.clone(),
        other => other.to_string(),
    }))
}
