//! `arca get`: a value, byte-exact.

use anyhow::Result;
use zeroize::Zeroizing;

use crate::cli::GetArgs;
use crate::error::{conflict, not_found, ArcaError, Exit};
use crate::secret::{Secret, Value, Version};

use super::Ctx;

pub fn run(ctx: &Ctx, args: GetArgs) -> Result<()> {
    let secret = ctx.find(&args.name, false)?;
    let version = secret.select(args.version_id.as_deref(), args.version_stage.as_deref())?;
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
