//! The selection `exec` and `env` share (SPEC §6): `--env VAR=NAME[#FIELD]`,
//! `--prefix P/`, `--filter F`, `--version-stage L`, resolved against one
//! load of the vault into environment variables, every check done before
//! anything runs or is printed.

use std::collections::HashMap;

use anyhow::Result;
use zeroize::Zeroizing;

use crate::cli::SelectionArgs;
use crate::envfmt::{self, EnvVar};
use crate::error::{conflict, not_found, usage};
use crate::filter::{self, Filter};
use crate::secret::{self, Secret, Value};

use super::Ctx;

/// Where a variable came from, for error messages (never a value).
struct Source {
    /// `--env A=x#f` or `--prefix p/`, as given.
    arg: String,
    secret: String,
    field: Option<String>,
}

impl Source {
    fn describe(&self) -> String {
        let what = match &self.field {
            Some(field) => format!("field '{field}' of secret '{}'", self.secret),
            None => format!("secret '{}'", self.secret),
        };
        format!("{what} (from {})", self.arg)
    }
}

/// The variables a selection gives, in order: `--env` as given, then each
/// `--prefix` in name order, then a `--filter`-only selection.
pub fn resolve(ctx: &Ctx, args: &SelectionArgs) -> Result<Vec<EnvVar>> {
    let wanted = args
        .env
        .iter()
        .map(|arg| parse_env_arg(arg))
        .collect::<Result<Vec<_>>>()?;
    let filters = Filter::parse_all(&args.filters)?;
    if let Some(label) = &args.version_stage {
        secret::validate_label(label)?;
    }
    let label = args.version_stage.as_deref();

    let mut vault = ctx.load()?;
    let mut out = Vars::default();

    for want in &wanted {
        if vault.by_name_or_id(want.secret)?.is_none() {
            let mut nearest = crate::suggest::Nearest::new(secret::name_of(want.secret));
            for name in vault.names() {
                nearest.consider(name.as_bytes());
            }
            return Err(not_found(format!(
                "secret '{}' not found (from --env {})",
                want.secret, want.arg
            ))
            .hint(crate::suggest::hint(nearest.best()))
            .into());
        }
        let secret = vault.by_name_or_id(want.secret)?.expect("found just above");
        super::check_not_scheduled(secret)?;
        let value = text_of(secret, label)?;
        let value = match want.field {
            Some(field) => {
                let text = super::get::json_field(&Value::String(value), field, &secret.name)?;
                check_env_safe(&text, secret, Some(field))?;
                text
            }
            None => value,
        };
        out.push(
            want.var.to_owned(),
            value,
            Source {
                arg: format!("--env {}", want.arg),
                secret: secret.name.clone(),
                field: want.field.map(str::to_owned),
            },
        )?;
    }

    if args.prefixes.is_empty() && filters.is_empty() {
        return Ok(out.vars);
    }
    let secrets: Vec<&Secret> = vault
        .secrets()?
        .into_iter()
        .filter(|s| s.deletion.is_none() && filter::matches_all(&filters, s))
        .collect();
    let groups: Vec<(String, &str)> = if args.prefixes.is_empty() {
        let arg = args
            .filters
            .iter()
            .map(|f| format!("--filter {f}"))
            .collect::<Vec<_>>()
            .join(" ");
        vec![(arg, "")]
    } else {
        args.prefixes
            .iter()
            .map(|p| (format!("--prefix {p}"), p.as_str()))
            .collect()
    };
    for (arg, prefix) in &groups {
        for secret in &secrets {
            let Some(rest) = secret.name.strip_prefix(prefix) else {
                continue;
            };
            if rest.is_empty() {
                return Err(usage(format!(
                    "secret '{}' is the prefix itself, so {arg} leaves no variable name for it",
                    secret.name
                ))
                .hint(format!(
                    "select it with --env VAR={} or end the prefix with /",
                    secret.name
                ))
                .into());
            }
            expand(&mut out, secret, rest, arg, label)?;
        }
    }
    Ok(out.vars)
}

/// One `--env VAR=NAME[#FIELD]`, split and checked.
struct Wanted<'a> {
    arg: &'a str,
    var: &'a str,
    secret: &'a str,
    field: Option<&'a str>,
}

fn parse_env_arg(arg: &str) -> Result<Wanted<'_>> {
    let (var, target) = arg
        .split_once('=')
        .ok_or_else(|| usage(format!("--env {arg}: expected VAR=NAME or VAR=NAME#FIELD")))?;
    envfmt::check_var_name(var).map_err(|e| usage(format!("--env {arg}: {e}")))?;
    // `#` is not allowed in secret names, so the first one starts the field.
    let (secret, field) = match target.split_once('#') {
        Some((secret, field)) => (secret, Some(field)),
        None => (target, None),
    };
    if secret.is_empty() || field.is_some_and(str::is_empty) {
        return Err(usage(format!("--env {arg}: expected VAR=NAME or VAR=NAME#FIELD")).into());
    }
    Ok(Wanted {
        arg,
        var,
        secret,
        field,
    })
}

/// A secret under --prefix/--filter: one variable, or one per top-level
/// field of a JSON object value.
fn expand(
    out: &mut Vars,
    secret: &Secret,
    rest: &str,
    arg: &str,
    label: Option<&str>,
) -> Result<()> {
    let text = text_of(secret, label)?;
    let source = |field: Option<&str>| Source {
        arg: arg.to_owned(),
        secret: secret.name.clone(),
        field: field.map(str::to_owned),
    };
    // Only an object expands; a value that merely parses as JSON (a number,
    // a quoted string) is taken whole.
    let fields = match serde_json::from_str::<serde_json::Value>(&text) {
        Ok(serde_json::Value::Object(map)) => map,
        _ => return out.push(envfmt::var_name(rest), text, source(None)),
    };
    for (key, value) in fields {
        let value = Zeroizing::new(match value {
            serde_json::Value::String(s) => s,
            other => other.to_string(),
        });
        check_env_safe(&value, secret, Some(&key))?;
        out.push(
            envfmt::field_var_name(rest, &key),
            value,
            source(Some(&key)),
        )?;
    }
    Ok(())
}

/// The selected version's text; binary values and NUL bytes cannot be
/// environment variables.
fn text_of(secret: &Secret, label: Option<&str>) -> Result<Zeroizing<String>> {
    let version = secret.select(None, label)?;
    match &version.value {
        Value::String(text) => {
            check_env_safe(text, secret, None)?;
            Ok(text.clone())
        }
        Value::Binary(_) => Err(conflict(format!(
            "secret '{}' holds binary data, which an environment variable cannot hold",
            secret.name
        ))
        .hint(format!(
            "leave it out of the selection, or read it with 'arca get {} > FILE'",
            secret.name
        ))
        .into()),
    }
}

fn check_env_safe(text: &str, secret: &Secret, field: Option<&str>) -> Result<()> {
    if !text.contains('\0') {
        return Ok(());
    }
    let what = match field {
        Some(field) => format!("field '{field}' of secret '{}'", secret.name),
        None => format!("the value of secret '{}'", secret.name),
    };
    Err(conflict(format!(
        "{what} contains a NUL byte, which an environment variable cannot hold"
    ))
    .into())
}

/// Variables collected so far, refusing a second one with the same name.
#[derive(Default)]
struct Vars {
    vars: Vec<EnvVar>,
    sources: HashMap<String, Source>,
}

impl Vars {
    fn push(&mut self, name: String, value: Zeroizing<String>, source: Source) -> Result<()> {
        // --env names are checked when parsed; derived names are valid by construction.
        debug_assert!(envfmt::check_var_name(&name).is_ok(), "{name}");
        if let Some(first) = self.sources.get(&name) {
            return Err(usage(format!(
                "two selections give the variable {name}: {} and {}",
                first.describe(),
                source.describe()
            ))
            .hint("rename one with --env VAR=NAME, or narrow the selection with --filter")
            .into());
        }
        self.sources.insert(name.clone(), source);
        self.vars.push(EnvVar { name, value });
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn env_args_split_at_the_first_equals_and_hash() {
        let w = parse_env_arg("DB=prod/db#/a/b#c").unwrap();
        assert_eq!(
            (w.var, w.secret, w.field),
            ("DB", "prod/db", Some("/a/b#c"))
        );
        let w = parse_env_arg("T=x=y").unwrap();
        assert_eq!((w.var, w.secret, w.field), ("T", "x=y", None));
        for bad in ["nope", "=x", "1A=x", "A=", "A=x#", "A-B=x"] {
            assert!(parse_env_arg(bad).is_err(), "{bad}");
        }
    }
}
