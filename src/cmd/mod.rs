//! One file per subcommand; this one holds what they share: resolved paths,
//! the identities (loaded once), and the read and write paths to the vault.

mod batch_get;
mod completions;
mod create;
mod delete;
mod describe;
mod env;
mod exec;
mod export;
mod get;
mod import;
mod init;
mod list;
mod put;
mod random_password;
mod recipients;
mod rotate;
mod select;
mod stage;
mod tag;
mod update;
mod versions;

use std::cell::OnceCell;
use std::process::ExitCode;

use age::Identity;
use anyhow::Result;
use jiff::Timestamp;

use crate::cli::{Cli, Command};
use crate::error::{conflict, not_found};
use crate::output::Output;
use crate::paths::Paths;
use crate::secret::{self, Secret};
use crate::vault::{Listing, Lock, Vault};
use crate::{clock, keys};

/// Runs a command; the exit code is 0 unless the command decides it
/// (`exec --mask` exits with the child's code).
pub fn run(cli: Cli) -> Result<ExitCode> {
    // Needs no paths, vault or key.
    if let Command::Completions(args) = cli.command {
        return completions::run(args).map(|()| ExitCode::SUCCESS);
    }
    let ctx = Ctx {
        paths: Paths::resolve(cli.vault, cli.identity, cli.config)?,
        out: Output::new(cli.output, cli.color),
        identities: OnceCell::new(),
        now: clock::now(),
    };
    let done = match cli.command {
        Command::Exec(args) => return exec::run(&ctx, args),
        Command::Init(args) => init::run(&ctx, args),
        Command::Create(args) => create::run(&ctx, args),
        Command::Get(args) => get::run(&ctx, args),
        Command::Put(args) => put::run(&ctx, args),
        Command::Versions(args) => versions::run(&ctx, args),
        Command::Stage(args) => stage::run(&ctx, args),
        Command::Update(args) => update::run(&ctx, args),
        Command::Describe(args) => describe::run(&ctx, args),
        Command::List(args) => list::run(&ctx, args),
        Command::Tag(args) => tag::tag(&ctx, args),
        Command::Untag(args) => tag::untag(&ctx, args),
        Command::Delete(args) => delete::delete(&ctx, args),
        Command::Restore(args) => delete::restore(&ctx, args),
        Command::BatchGet(args) => batch_get::run(&ctx, args),
        Command::Rotate(args) => rotate::run(&ctx, args),
        Command::CancelRotation(args) => rotate::cancel(&ctx, args),
        Command::Recipients(command) => recipients::run(&ctx, command),
        Command::RandomPassword(args) => random_password::run(&ctx, args),
        Command::Env(args) => env::run(&ctx, args),
        Command::Import(args) => import::run(&ctx, args),
        Command::Export(args) => export::run(&ctx, args),
        Command::Completions(_) => unreachable!("handled before the vault paths"),
    };
    done.map(|()| ExitCode::SUCCESS)
}

pub struct Ctx {
    pub paths: Paths,
    pub out: Output,
    identities: OnceCell<Vec<Box<dyn Identity>>>,
    pub now: Timestamp,
}

impl Ctx {
    /// The identities, read (and a passphrase asked for) at most once.
    pub fn identities(&self) -> Result<&[Box<dyn Identity>]> {
        if let Some(ids) = self.identities.get() {
            return Ok(ids);
        }
        let ids = keys::load_identities(&self.paths.identities)?;
        Ok(self.identities.get_or_init(|| ids))
    }

    /// One secret for a read, decrypting no further than its line.
    /// Missing is exit 3; scheduled for deletion is exit 4 unless `allow_scheduled`.
    pub fn find(&self, name_or_id: &str, allow_scheduled: bool) -> Result<Secret> {
        let name = secret::name_of(name_or_id);
        let found = Vault::find(&self.paths.vault, self.identities()?, name, self.now)?;
        let secret = found
            .filter(|s| s.name == name_or_id || s.id == name_or_id)
            .ok_or_else(|| missing(name_or_id))?;
        if !allow_scheduled {
            check_not_scheduled(&secret)?;
        }
        Ok(secret)
    }

    /// The whole vault, for reads that list.
    pub fn load(&self) -> Result<Vault> {
        Vault::load(&self.paths.vault, self.identities()?, self.now)
    }

    /// Every live secret's metadata, streamed (see [`Vault::scan`]).
    pub fn scan(&self, visit: impl FnMut(Listing)) -> Result<()> {
        Vault::scan(&self.paths.vault, self.identities()?, self.now, visit)
    }

    /// A read-modify-write under the vault lock; saved only when `change`
    /// succeeds and changed something, so a failed command leaves the file
    /// byte-for-byte as it was.
    pub fn write<T>(&self, change: impl FnOnce(&mut Vault) -> Result<T>) -> Result<T> {
        let identities = self.identities()?;
        let _lock = Lock::acquire(&self.paths.vault)?;
        let mut vault = Vault::load(&self.paths.vault, identities, self.now)?;
        let result = change(&mut vault)?;
        if vault.is_dirty()? {
            vault.save(&self.paths.vault)?;
        }
        Ok(result)
    }
}

/// The secret a NAME argument names in a loaded vault, for a change.
pub fn live_secret<'v>(vault: &'v mut Vault, name_or_id: &str) -> Result<&'v mut Secret> {
    let secret = lookup(vault, name_or_id)?;
    check_not_scheduled(secret)?;
    Ok(secret)
}

/// Like [`live_secret`], but a secret scheduled for deletion is returned too.
pub fn lookup<'v>(vault: &'v mut Vault, name_or_id: &str) -> Result<&'v mut Secret> {
    vault
        .by_name_or_id(name_or_id)?
        .ok_or_else(|| missing(name_or_id))
}

fn missing(name_or_id: &str) -> anyhow::Error {
    not_found(format!("secret '{name_or_id}' not found"))
        .hint("'arca list' shows the secrets in this vault")
        .into()
}

pub fn check_not_scheduled(secret: &Secret) -> Result<()> {
    if let Some(deletion) = secret.deletion {
        return Err(conflict(format!(
            "secret '{}' is scheduled for deletion on {}",
            secret.name,
            crate::output::date(deletion.at)
        ))
        .hint(format!("run 'arca restore {}' to keep it", secret.name))
        .into());
    }
    Ok(())
}
