//! `arca completions SHELL`: the completion script, generated from the clap
//! definition exactly as the committed files under completions/ are.

use std::io::{self, Write};

use anyhow::Result;
use clap::CommandFactory;

use crate::cli::{Cli, CompletionsArgs, Shell};

pub fn run(args: CompletionsArgs) -> Result<()> {
    let shell = match args.shell {
        Shell::Bash => clap_complete::Shell::Bash,
        Shell::Zsh => clap_complete::Shell::Zsh,
        Shell::Fish => clap_complete::Shell::Fish,
        Shell::Elvish => clap_complete::Shell::Elvish,
        Shell::Powershell => clap_complete::Shell::PowerShell,
    };
    // Rendered into memory first: the generator panics on a write error,
    // and a closed pipe must stay a quiet exit 0.
    let mut text = Vec::new();
    let mut cli = Cli::command();
    clap_complete::generate(shell, &mut cli, "arca", &mut text);
    let text = crate::complete_names::finish(shell_name(shell), &cli, text);
    let mut out = io::stdout().lock();
    out.write_all(&text)?;
    out.flush()?;
    Ok(())
}

fn shell_name(shell: clap_complete::Shell) -> &'static str {
    match shell {
        clap_complete::Shell::Bash => "bash",
        clap_complete::Shell::Zsh => "zsh",
        clap_complete::Shell::Fish => "fish",
        _ => "",
    }
}
