//! Parsing the command line, with the tips clap cannot know: the `--` that
//! `exec` needs before its command.

use clap::error::{ContextKind, ContextValue, ErrorKind};

use crate::cli::Cli;

/// The parsed command line; a usage error is printed and exits 2.
pub fn parse() -> Cli {
    Cli::try_parse_all(std::env::args_os().collect()).unwrap_or_else(|mut err| {
        if err.kind() == ErrorKind::UnknownArgument && exec_without_separator() {
            err.insert(
                ContextKind::Suggested,
                ContextValue::StyledStrs(vec![
                    "the command to run goes after --: arca exec --env VAR=NAME -- sh -c '…'"
                        .into(),
                ]),
            );
        }
        err.exit()
    })
}

/// `arca … exec …` with no `--` anywhere: an unknown argument there is the
/// command itself.
fn exec_without_separator() -> bool {
    let args: Vec<_> = std::env::args_os().skip(1).collect();
    args.iter().any(|a| a == "exec") && !args.iter().any(|a| a == "--")
}
