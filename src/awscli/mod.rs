//! The AWS-grammar command line (SPEC §8): `arca get-secret-value
//! --secret-id x --query SecretString --output text` behaves as `aws
//! secretsmanager get-secret-value …`. A front only: it turns the aws CLI's
//! flags into AWS's request JSON, calls the core (`aws::call`), and prints
//! the response or error as the aws CLI v2 does, with its exit codes (252
//! usage, 254 service error, 255 anything else).

mod format;
mod params;

use std::ffi::OsString;
use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use serde_json::{json, Map, Value as Json};

use crate::aws::{self, AwsError};
use crate::cli::{ColorChoice, OutputFormat};
use crate::cmd::Ctx;
use crate::output::{to_stderr, Output};
use crate::paths::Paths;
use params::{Kind, Operation};

/// The aws CLI v2's exit codes.
const USAGE: u8 = 252;
const SERVICE: u8 = 254;
const OTHER: u8 = 255;

/// arca's global options as clap parsed them before the operation.
pub struct Globals {
    pub vault: Option<PathBuf>,
    pub identity: Vec<PathBuf>,
    pub config: Option<PathBuf>,
    pub output: Option<OutputFormat>,
    pub color: ColorChoice,
}

/// What the words after the operation asked for.
#[derive(Default)]
struct Parsed {
    request: Map<String, Json>,
    input_json: Option<String>,
    output: Option<String>,
    query: Option<String>,
    no_paginate: bool,
    starting_token: Option<String>,
    page_size: Option<i64>,
    max_items: Option<i64>,
    skeleton: bool,
    help: bool,
    vault: Option<PathBuf>,
    identity: Vec<PathBuf>,
    config: Option<PathBuf>,
}

/// The aws CLI's global options that mean nothing for a local vault: taken
/// (with their value) and ignored, so that scripts carry over.
const IGNORED_WITH_VALUE: &[&str] = &[
    "--region",
    "--profile",
    "--endpoint-url",
    "--ca-bundle",
    "--cli-read-timeout",
    "--cli-connect-timeout",
    "--cli-binary-format",
    "--color",
];
const IGNORED_FLAGS: &[&str] = &[
    "--no-cli-pager",
    "--no-verify-ssl",
    "--no-sign-request",
    "--debug",
    "--no-cli-auto-prompt",
];

pub fn run(command: &str, args: Vec<OsString>, globals: Globals) -> ExitCode {
    let Some(op) = params::operation(command) else {
        return usage_error(&format!("unknown operation {command}"));
    };
    let mut words = Vec::new();
    for arg in args {
        match arg.into_string() {
            Ok(word) => words.push(word),
            Err(bad) => {
                return usage_error(&format!("argument {}: not UTF-8", bad.to_string_lossy()))
            }
        }
    }
    let parsed = match parse(op, &words) {
        Ok(parsed) => parsed,
        Err(Usage::Unknown(unknown)) => {
            to_stderr(&format!(
                "{}\nUnknown options: {}",
                usage_text(),
                unknown.join(", ")
            ));
            return ExitCode::from(USAGE);
        }
        Err(Usage::Error(message)) => return usage_error(&message),
    };
    if parsed.help {
        let _ = std::io::stdout().lock().write_all(help(op).as_bytes());
        return ExitCode::SUCCESS;
    }
    if parsed.skeleton {
        let mut out = std::io::stdout().lock();
        let _ = format::json(&mut out, &params::skeleton(op));
        return ExitCode::SUCCESS;
    }
    let request = match request(op, &parsed) {
        Ok(request) => request,
        Err(message) => return usage_error(&message),
    };
    let output = match parsed.output.as_deref() {
        None => globals.output.unwrap_or(OutputFormat::Json),
        Some("json") => OutputFormat::Json,
        Some("text") => OutputFormat::Text,
        Some("table") => OutputFormat::Table,
        Some(other) => {
            return usage_error(&format!(
            "argument --output: Invalid choice '{other}', valid choices are: json | text | table"
        ))
        }
    };
    let paths = match Paths::resolve(
        parsed.vault.clone().or(globals.vault),
        if parsed.identity.is_empty() {
            globals.identity
        } else {
            parsed.identity.clone()
        },
        parsed.config.clone().or(globals.config),
    ) {
        Ok(paths) => paths,
        Err(err) => return local_error(&err, globals.color),
    };
    let ctx = Ctx::new(paths, Output::new(Some(output), globals.color));
    let response = match call(&ctx, op, &parsed, &request) {
        Ok(response) => response,
        Err(err) => match err.local {
            Some(local) => return local_error(&local, globals.color),
            None => {
                to_stderr(&format!(
                    "\nAn error occurred ({}) when calling the {} operation: {}",
                    err.code,
                    op.name,
                    crate::output::sanitize(&err.message)
                ));
                return ExitCode::from(SERVICE);
            }
        },
    };
    let response = match &parsed.query {
        Some(expression) => match format::query(expression, &response) {
            Ok(found) => found,
            Err(message) => return usage_error(&message),
        },
        None => response,
    };
    match print(op, output, &response) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(e) => local_error(
            &anyhow::Error::from(e).context("writing the output"),
            globals.color,
        ),
    }
}

/// One call, or every page of a paginated listing as the aws CLI fetches
/// them when neither --max-results nor --next-token is given.
fn call(ctx: &Ctx, op: &Operation, parsed: &Parsed, request: &Json) -> Result<Json, AwsError> {
    let paginate = op.paginated
        && !parsed.no_paginate
        && request.get("MaxResults").is_none()
        && request.get("NextToken").is_none();
    if !paginate {
        return aws::call(ctx, op.name, request);
    }
    let key = aws::result_key(op.name).unwrap_or("SecretList");
    let mut request = request.clone();
    if let Some(token) = &parsed.starting_token {
        request["NextToken"] = json!(token);
    }
    let Some(max_items) = parsed.max_items else {
        if let Some(size) = parsed.page_size {
            request["MaxResults"] = json!(size);
        }
        return aws::call_all(ctx, op.name, &request);
    };
    // --max-items: pages cut to end at exactly that many items, so that the
    // last page's NextToken resumes after them.
    let mut items = Vec::new();
    let mut whole;
    loop {
        let left = max_items - items.len() as i64;
        request["MaxResults"] = json!(parsed.page_size.unwrap_or(100).min(left.max(1)));
        let page = aws::call(ctx, op.name, &request)?;
        let Json::Object(mut page) = page else {
            return Ok(page);
        };
        if let Some(Json::Array(list)) = page.remove(key) {
            items.extend(list);
        }
        let next = page.remove("NextToken");
        whole = page;
        match next {
            Some(token) if (items.len() as i64) < max_items => request["NextToken"] = token,
            Some(token) => {
                whole.insert("NextToken".into(), token);
                break;
            }
            None => break,
        }
    }
    let mut doc = Map::new();
    doc.insert(key.into(), Json::Array(items));
    doc.extend(whole);
    Ok(Json::Object(doc))
}

fn print(op: &Operation, output: OutputFormat, response: &Json) -> std::io::Result<()> {
    let mut out = std::io::stdout().lock();
    match output {
        OutputFormat::Json => format::json(&mut out, response)?,
        OutputFormat::Text => {
            let mut text = String::new();
            format::text(&mut text, response);
            out.write_all(text.as_bytes())?;
        }
        OutputFormat::Table => {
            let mut text = String::new();
            format::table(&mut text, op.name, response, terminal_width());
            out.write_all(text.as_bytes())?;
        }
    }
    out.flush()
}

/// The terminal's width for tables, 80 when stdout is not a terminal.
fn terminal_width() -> usize {
    if !std::io::stdout().is_terminal() {
        return 80;
    }
    let mut size = libc::winsize {
        ws_row: 0,
        ws_col: 0,
        ws_xpixel: 0,
        ws_ypixel: 0,
    };
    // SAFETY: TIOCGWINSZ fills the winsize struct it is given.
    let ok = unsafe { libc::ioctl(libc::STDOUT_FILENO, libc::TIOCGWINSZ, &mut size) } == 0;
    if ok && size.ws_col > 0 {
        usize::from(size.ws_col)
    } else {
        80
    }
}

enum Usage {
    Unknown(Vec<String>),
    Error(String),
}

fn parse(op: &Operation, words: &[String]) -> Result<Parsed, Usage> {
    let mut parsed = Parsed::default();
    let mut unknown = Vec::new();
    let mut i = 0;
    while i < words.len() {
        let word = &words[i];
        i += 1;
        if word == "help" && i == 1 || word == "--help" || word == "-h" {
            parsed.help = true;
            continue;
        }
        if !word.starts_with("--") {
            unknown.push(word.clone());
            continue;
        }
        let (flag, inline) = match word.split_once('=') {
            Some((flag, value)) => (flag, Some(value.to_owned())),
            None => (word.as_str(), None),
        };
        // The words that follow a flag, up to the next flag.
        let mut take_values = |many: bool| -> Vec<String> {
            if let Some(v) = &inline {
                return vec![v.clone()];
            }
            let mut values = Vec::new();
            while i < words.len() && !words[i].starts_with("--") {
                values.push(words[i].clone());
                i += 1;
                if !many {
                    break;
                }
            }
            values
        };
        let one = |values: Vec<String>| -> Result<String, Usage> {
            match values.as_slice() {
                [v] => Ok(v.clone()),
                [] => Err(Usage::Error(format!(
                    "argument {flag}: expected one argument"
                ))),
                _ => Err(Usage::Unknown(values[1..].to_vec())),
            }
        };
        match flag {
            "--output" => parsed.output = Some(one(take_values(false))?),
            "--query" => parsed.query = Some(one(take_values(false))?),
            "--cli-input-json" => parsed.input_json = Some(one(take_values(false))?),
            "--vault" => parsed.vault = Some(one(take_values(false))?.into()),
            "--identity" => parsed.identity.push(one(take_values(false))?.into()),
            "--config" => parsed.config = Some(one(take_values(false))?.into()),
            "--generate-cli-skeleton" => {
                let v = take_values(false);
                if v.first().is_some_and(|v| v != "input") {
                    return Err(Usage::Error(format!(
                        "argument --generate-cli-skeleton: only 'input' is supported, not '{}'",
                        v[0]
                    )));
                }
                parsed.skeleton = true;
            }
            "--no-paginate" => parsed.no_paginate = true,
            "--starting-token" if op.paginated => {
                parsed.starting_token = Some(one(take_values(false))?)
            }
            "--page-size" | "--max-items" if op.paginated => {
                let text = one(take_values(false))?;
                let n = text.parse::<i64>().ok().filter(|n| *n > 0).ok_or_else(|| {
                    Usage::Error(format!("argument {flag}: invalid int value: '{text}'"))
                })?;
                if flag == "--page-size" {
                    parsed.page_size = Some(n);
                } else {
                    parsed.max_items = Some(n);
                }
            }
            f if IGNORED_WITH_VALUE.contains(&f) => {
                one(take_values(false))?;
            }
            f if IGNORED_FLAGS.contains(&f) => {}
            f => {
                let param = op.params.iter().find(|p| {
                    let name = params::flag(p.member);
                    f == name || (p.kind == Kind::Bool && f == format!("--no-{}", &name[2..]))
                });
                let Some(param) = param else {
                    unknown.push(word.clone());
                    // argparse counts the words after an unknown flag as unknown too.
                    while i < words.len() && !words[i].starts_with("--") {
                        unknown.push(words[i].clone());
                        i += 1;
                    }
                    continue;
                };
                let value = match param.kind {
                    Kind::Bool => {
                        if inline.is_some() {
                            return Err(Usage::Error(format!(
                                "argument {f}: ignored explicit argument"
                            )));
                        }
                        json!(!f.starts_with("--no-"))
                    }
                    Kind::Strings | Kind::Structs(_) => {
                        let values = take_values(true);
                        if values.is_empty() {
                            return Err(Usage::Error(format!(
                                "argument {f}: expected at least one argument"
                            )));
                        }
                        params::value(param.kind, f, &values).map_err(Usage::Error)?
                    }
                    kind => {
                        params::value(kind, f, &[one(take_values(false))?]).map_err(Usage::Error)?
                    }
                };
                parsed.request.insert(param.member.to_owned(), value);
            }
        }
    }
    if !unknown.is_empty() {
        return Err(Usage::Unknown(unknown));
    }
    Ok(parsed)
}

/// The request: --cli-input-json first, the flags over it; then the
/// required members checked as the CLI does.
fn request(op: &Operation, parsed: &Parsed) -> Result<Json, String> {
    let mut request = Map::new();
    if let Some(input) = &parsed.input_json {
        let text = match input.strip_prefix("file://").or_else(|| input.strip_prefix("fileb://")) {
            Some(path) => std::fs::read_to_string(path)
                .map_err(|e| format!("Error parsing parameter 'cli-input-json': Unable to load paramfile {input}: {e}"))?,
            None => input.clone(),
        };
        match serde_json::from_str::<Json>(&text) {
            Ok(Json::Object(members)) => request = members,
            _ => {
                return Err(format!(
                    "Error parsing parameter 'cli-input-json': Invalid JSON received: {text}"
                ))
            }
        }
    }
    request.extend(parsed.request.clone());
    let missing: Vec<String> = op
        .params
        .iter()
        .filter(|p| p.required && !request.contains_key(p.member))
        .map(|p| params::flag(p.member))
        .collect();
    if !missing.is_empty() {
        return Err(format!(
            "the following arguments are required: {}",
            missing.join(", ")
        ));
    }
    Ok(Json::Object(request))
}

fn usage_text() -> String {
    "usage: arca [options] <operation> [parameters]\nTo see help text, you can run:\n\n  arca <operation> help\n  arca --help\n".to_owned()
}

fn usage_error(message: &str) -> ExitCode {
    to_stderr(&format!("{}arca: error: {message}", usage_text()));
    ExitCode::from(USAGE)
}

/// An error that is not the service's (the vault, the identity, a hook):
/// reported as arca reports it, with the aws CLI's "other" exit code.
fn local_error(err: &anyhow::Error, color: ColorChoice) -> ExitCode {
    crate::error::report(err, crate::output::use_color(color));
    ExitCode::from(OTHER)
}

/// `arca OPERATION help`: the parameters, as the aws CLI reference lists them.
fn help(op: &Operation) -> String {
    let mut text = format!(
        "arca {} — AWS {} with the aws CLI's parameters\n\nUsage: arca {} [parameters]\n\nParameters:\n",
        op.command, op.name, op.command
    );
    for p in op.params {
        let value = match p.kind {
            Kind::Bool => String::new(),
            Kind::Strings => " <value> [<value>...]".into(),
            Kind::Structs(fields) | Kind::Struct(fields) => {
                let shorthand: Vec<String> = fields.iter().map(|(n, _)| format!("{n}=…")).collect();
                format!(" {}", shorthand.join(","))
            }
            _ => " <value>".into(),
        };
        let name = params::flag(p.member);
        let flag = if p.kind == Kind::Bool {
            format!("{name} | --no-{}", &name[2..])
        } else {
            format!("{name}{value}")
        };
        let note = match p.member {
            "Hook" => "  (arca: the config hook that rotates)",
            _ if p.required => "  (required)",
            _ => "",
        };
        text.push_str(&format!("  {flag}{note}\n"));
    }
    text.push_str(
        "\nAlso: --cli-input-json <json|file://…>, --generate-cli-skeleton, --query <JMESPath>,\n\
         --output json|text|table, --vault, --identity, --config",
    );
    if op.paginated {
        text.push_str(", --starting-token, --page-size, --max-items, --no-paginate");
    }
    text.push_str(
        ".\nValues: JSON, shorthand (Key=a,Value=b), file://PATH (text), fileb://PATH (bytes).\n\
         Exit status: 0 ok, 252 usage, 254 service error, 255 other (as the aws CLI v2).\n",
    );
    text
}
