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
    clap_complete::generate(shell, &mut Cli::command(), "arca", &mut text);
    let mut out = io::stdout().lock();
    out.write_all(&text)?;
    out.flush()?;
    Ok(())
}
