//! The selection `exec` and `env` share (SPEC §6): `--env VAR=NAME[#FIELD]`,
//! `--prefix P/`, `--filter F`, `--version-stage L`, resolved against one
//! load of the vault into environment variables, every check done before
//! anything runs or is printed.

use std::collections::HashMap;

use anyhow::Result;
use zeroize::Zeroizing;

use std::path::{Path, PathBuf};

use crate::cli::SelectionArgs;
use crate::envfmt::{self, EnvVar};
use crate::error::{conflict, not_found, usage};
use crate::filter::{self, Filter};
use crate::secret::{self, Secret, Value};
use crate::template::{self, EnvLine, EnvValue, Reference};
use crate::vault::Vault;

use super::Ctx;

/// Where a variable came from, for error messages (never a value).
struct Source {
    /// `--env A=x#f`, `--prefix p/`, `--env-file F: line 3 (A)`, as given.
    arg: String,
    /// The secret it was read from; `None` for a plain env-file value.
    secret: Option<String>,
    field: Option<String>,
}

impl Source {
    fn describe(&self) -> String {
        let what = match (&self.secret, &self.field) {
            (Some(secret), Some(field)) => format!("field '{field}' of secret '{secret}'"),
            (Some(secret), None) => format!("secret '{secret}'"),
            (None, _) => "a plain value".to_owned(),
        };
        format!("{what} (from {})", self.arg)
    }
}

/// The variables a selection gives, in order: `--env` as given, then each
/// `--env-file` line, then each `--prefix` in name order, then a
/// `--filter`-only selection.
pub fn resolve(ctx: &Ctx, args: &SelectionArgs) -> Result<Vec<EnvVar>> {
    let wanted = args
        .env
        .iter()
        .map(|arg| parse_env_arg(arg))
        .collect::<Result<Vec<_>>>()?;
    let env_files = args
        .env_files
        .iter()
        .map(|path| read_env_file(path))
        .collect::<Result<Vec<_>>>()?;
    let filters = Filter::parse_all(&args.filters)?;
    if let Some(label) = &args.version_stage {
        secret::validate_label(label)?;
    }
    let label = args.version_stage.as_deref();

    let mut vault = ctx.load()?;
    let mut out = Vars::default();

    for want in &wanted {
        let arg = format!("--env {}", want.arg);
        let (secret, value) = lookup(
            &mut vault,
            &want.reference,
            label,
            &arg,
            "an environment variable",
        )?;
        check_env_safe(&value, &secret, want.reference.field.as_deref())?;
        out.push(
            want.var.to_owned(),
            value,
            Source {
                arg,
                secret: Some(secret),
                field: want.reference.field.clone(),
            },
        )?;
    }
    for (path, lines) in &env_files {
        for line in lines {
            let arg = format!("--env-file {}: {}", path.display(), line.place);
            let (value, secret, field) = match &line.value {
                EnvValue::Plain(v) => (v.clone(), None, None),
                EnvValue::Ref(r) => {
                    let (secret, value) =
                        lookup(&mut vault, r, label, &arg, "an environment variable")?;
                    check_env_safe(&value, &secret, r.field.as_deref())?;
                    (value, Some(secret), r.field.clone())
                }
            };
            out.push(line.var.clone(), value, Source { arg, secret, field })?;
        }
    }
    if args.prefixes.is_empty() && filters.is_empty() {
        return Ok(out.vars);
    }
    let secrets: Vec<&Secret> = vault
        .secrets()?
        .into_iter()
        .filter(|s| s.deletion.is_none() && filter::matches_all(&filters, *s))
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

/// One `--env VAR=NAME[@LABEL][#FIELD]`, split and checked.
struct Wanted<'a> {
    arg: &'a str,
    var: &'a str,
    reference: Reference,
}

fn parse_env_arg(arg: &str) -> Result<Wanted<'_>> {
    let bad = || usage(format!("--env {arg}: expected VAR=NAME or VAR=NAME#FIELD"));
    let (var, target) = arg.split_once('=').ok_or_else(bad)?;
    envfmt::check_var_name(var).map_err(|e| usage(format!("--env {arg}: {e}")))?;
    let reference = Reference::parse(target).map_err(|_| bad())?;
    Ok(Wanted {
        arg,
        var,
        reference,
    })
}

/// The lines of an `--env-file`, each problem reported with its line.
fn read_env_file(path: &Path) -> Result<(PathBuf, Vec<EnvLine>)> {
    let text = Zeroizing::new(
        std::fs::read(path).map_err(|e| usage(format!("--env-file {}: {e}", path.display())))?,
    );
    let lines = template::parse_env_file(&text).map_err(|problems| {
        usage(format!(
            "--env-file {}: {}",
            path.display(),
            problems.join("; ")
        ))
        .hint("each line is VAR=arca:NAME[@LABEL][#FIELD] or VAR=value")
    })?;
    Ok((path.to_owned(), lines))
}

/// The text a reference names (the value of the version with its own
/// `@LABEL`, else `label`, else AWSCURRENT; or one field of it) and the
/// secret's name. Missing is exit 3 naming `from`; binary is exit 4, as
/// `into` (what the text goes into) cannot hold it.
pub fn lookup(
    vault: &mut Vault,
    reference: &Reference,
    label: Option<&str>,
    from: &str,
    into: &str,
) -> Result<(String, Zeroizing<String>)> {
    let mut found = None;
    for (name, own_label) in reference.candidates() {
        if vault.by_name_or_id(name)?.is_some() {
            found = Some((name, own_label));
            break;
        }
    }
    let Some((name, own_label)) = found else {
        let mut nearest = crate::suggest::Nearest::new(secret::name_of(&reference.target));
        for name in vault.names() {
            nearest.consider(name.as_bytes());
        }
        return Err(not_found(format!(
            "secret '{}' not found (from {from})",
            reference.target
        ))
        .hint(crate::suggest::hint(nearest.best()))
        .into());
    };
    if let Some(l) = own_label {
        secret::validate_label(l)?;
    }
    let secret = vault
        .by_name_or_id(name)?
        .expect("found above in the same vault");
    super::check_not_scheduled(secret)?;
    let value = text_of(secret, own_label.or(label), into)?;
    let value = match &reference.field {
        Some(field) => super::get::json_field(&Value::String(value), field, &secret.name)?,
        None => value,
    };
    Ok((secret.name.clone(), value))
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
    // A secret with no value yet gives no variable (only --env names it).
    if secret.current().is_none() {
        return Ok(());
    }
    let text = text_of(secret, label, "an environment variable")?;
    let source = |field: Option<&str>| Source {
        arg: arg.to_owned(),
        secret: Some(secret.name.clone()),
        field: field.map(str::to_owned),
    };
    // Only an object expands; a value that merely parses as JSON (a number,
    // a quoted string) is taken whole.
    let fields = match serde_json::from_str::<serde_json::Value>(&text) {
        Ok(serde_json::Value::Object(map)) => map,
        _ => {
            check_env_safe(&text, &secret.name, None)?;
            return out.push(envfmt::var_name(rest), text, source(None));
        }
    };
    for (key, value) in fields {
        let value = Zeroizing::new(match value {
            serde_json::Value::String(s) => s,
            other => other.to_string(),
        });
        check_env_safe(&value, &secret.name, Some(&key))?;
        out.push(
            envfmt::field_var_name(rest, &key),
            value,
            source(Some(&key)),
        )?;
    }
    Ok(())
}

/// The selected version's text; a binary value cannot go `into` text.
fn text_of(secret: &Secret, label: Option<&str>, into: &str) -> Result<Zeroizing<String>> {
    let version = secret.select(None, label)?;
    match &version.value {
        Value::String(text) => Ok(text.clone()),
        Value::Binary(_) => Err(conflict(format!(
            "secret '{}' holds binary data, which {into} cannot hold",
            secret.name
        ))
        .hint(format!(
            "leave it out of the selection, or read it with 'arca get {} > FILE'",
            secret.name
        ))
        .into()),
    }
}

/// NUL bytes cannot be in an environment variable.
fn check_env_safe(text: &str, secret: &str, field: Option<&str>) -> Result<()> {
    if !text.contains('\0') {
        return Ok(());
    }
    let what = match field {
        Some(field) => format!("field '{field}' of secret '{secret}'"),
        None => format!("the value of secret '{secret}'"),
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
        let field = source.field.clone();
        self.sources.insert(name.clone(), source);
        self.vars.push(EnvVar { name, field, value });
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
            (
                w.var,
                w.reference.target.as_str(),
                w.reference.field.as_deref()
            ),
            ("DB", "prod/db", Some("/a/b#c"))
        );
        let w = parse_env_arg("T=x=y").unwrap();
        assert_eq!(
            (w.var, w.reference.target.as_str(), w.reference.field),
            ("T", "x=y", None)
        );
        for bad in ["nope", "=x", "1A=x", "A=", "A=x#", "A-B=x"] {
            assert!(parse_env_arg(bad).is_err(), "{bad}");
        }
    }
}
