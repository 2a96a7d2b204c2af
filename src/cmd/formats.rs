//! Which `-o` formats each command honours; any other is refused (exit 2)
//! rather than silently ignored.

use anyhow::Result;

use crate::cli::{AgentCommand, Command, OutputFormat, RecipientsCommand};
use crate::error::usage;

use OutputFormat::{Json, Table, Text};

const ALL: &[OutputFormat] = &[Text, Json, Table];
const TEXT_JSON: &[OutputFormat] = &[Text, Json];
const TEXT: &[OutputFormat] = &[Text];

/// The command's name as typed in messages, the formats it honours, and
/// where to look instead.
fn accepted(
    command: &Command,
) -> Option<(&'static str, &'static [OutputFormat], Option<&'static str>)> {
    Some(match command {
        Command::List(_) => ("list", ALL, None),
        Command::Versions(_) => ("versions", ALL, None),
        Command::Recipients(RecipientsCommand::List) => ("recipients list", ALL, None),
        Command::Recipients(_) => ("recipients add/remove", TEXT, None),
        Command::Init(_) => ("init", TEXT, None),
        Command::Exec(_) => ("exec", TEXT, None),
        Command::Completions(_) => ("completions", TEXT, None),
        Command::Edit(_) => ("edit", TEXT, None),
        Command::Inject(_) => (
            "inject",
            TEXT,
            Some("inject writes its template's text; --out-file names a file"),
        ),
        Command::Env(_) => (
            "env",
            TEXT,
            Some("env chooses its output with --format shell|dotenv|json|github"),
        ),
        Command::Export(_) => (
            "export",
            TEXT,
            Some("export chooses its output with --format json|dotenv"),
        ),
        Command::Get(_) => ("get", TEXT_JSON, None),
        Command::Describe(_) => ("describe", TEXT_JSON, None),
        Command::Create(_) => ("create", TEXT_JSON, None),
        Command::Put(_) => ("put", TEXT_JSON, None),
        Command::Update(_) => ("update", TEXT_JSON, None),
        Command::Stage(_) => ("stage", TEXT_JSON, None),
        Command::Tag(_) => ("tag", TEXT_JSON, None),
        Command::Untag(_) => ("untag", TEXT_JSON, None),
        Command::Delete(_) => ("delete", TEXT_JSON, None),
        Command::Restore(_) => ("restore", TEXT_JSON, None),
        Command::BatchGet(_) => ("batch-get", TEXT_JSON, None),
        Command::Rotate(_) => ("rotate", TEXT_JSON, None),
        Command::CancelRotation(_) => ("cancel-rotation", TEXT_JSON, None),
        Command::RandomPassword(_) => ("random-password", TEXT_JSON, None),
        Command::Import(_) => ("import", TEXT_JSON, None),
        Command::Agent(AgentCommand::Status) => ("agent status", TEXT_JSON, None),
        Command::Agent(_) => ("agent start/stop", TEXT, None),
        Command::Unlock => ("unlock", TEXT, None),
        Command::Lock => ("lock", TEXT, None),
        Command::Remote(crate::cli::RemoteCommand::List) => ("remote list", ALL, None),
        Command::Remote(_) => ("remote add/remove", TEXT, None),
        Command::Sync(_) => ("sync", TEXT_JSON, None),
        Command::Push(_) => ("push", TEXT_JSON, None),
        Command::Pull(_) => ("pull", TEXT_JSON, None),
        #[allow(unreachable_patterns)]
        _ => return None,
    })
}

/// Refuses an `-o` the command cannot honour.
pub fn check(command: &Command, format: Option<OutputFormat>) -> Result<()> {
    let (Some(format), Some((name, allowed, instead))) = (format, accepted(command)) else {
        return Ok(());
    };
    if allowed.contains(&format) {
        return Ok(());
    }
    let names: Vec<&str> = allowed.iter().map(|f| label(*f)).collect();
    let hint = instead.map_or_else(
        || format!("'{name}' prints {}", names.join(" or ")),
        str::to_owned,
    );
    Err(
        usage(format!("-o {} does not apply to '{name}'", label(format)))
            .hint(hint)
            .into(),
    )
}

fn label(format: OutputFormat) -> &'static str {
    match format {
        Text => "text",
        Json => "json",
        Table => "table",
    }
}
