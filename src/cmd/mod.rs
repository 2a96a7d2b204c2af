//! One file per subcommand; this one holds what they share: resolved paths,
//! the identities (loaded once), and the read and write paths to the vault.

mod agent;
mod batch_get;
pub mod complete;
mod completions;
mod conflicts;
mod create;
mod delete;
mod describe;
mod edit;
mod env;
mod exec;
mod export;
mod formats;
mod get;
mod git;
mod import;
mod init;
mod inject;
mod list;
mod put;
mod random_password;
mod recipients;
mod remote;
pub mod rotate;
mod scan;
mod select;
mod serve;
mod stage;
mod sync;
mod tag;
mod update;
mod versions;

use std::cell::{OnceCell, RefCell, RefMut};
use std::process::ExitCode;
use std::rc::Rc;

use age::Identity;
use anyhow::Result;
use jiff::Timestamp;

use crate::cli::{Cli, Command};
use crate::clock;
use crate::error::{conflict, not_found, Exit};
use crate::output::Output;
use crate::paths::Paths;
use crate::secret::{self, Secret};
use crate::vault::{Cache, FileKeys, Held, Lock, Scanned, Vault};

/// Runs a command; the exit code is 0 unless the command decides it
/// (`exec --mask` exits with the child's code).
pub fn run(mut cli: Cli) -> Result<ExitCode> {
    formats::check(&cli.command, cli.output)?;
    // Needs no paths, vault or key.
    if let Command::Completions(args) = cli.command {
        return completions::run(args).map(|()| ExitCode::SUCCESS);
    }
    // The AWS grammar parses its own words (and reports its own errors).
    if let Some((operation, args)) = cli.command.aws_operation() {
        let globals = crate::awscli::Globals {
            vault: cli.vault,
            identity: cli.identity,
            config: cli.config,
            output: cli.output,
            color: cli.color,
        };
        return Ok(crate::awscli::run(operation, args, globals));
    }
    let mut ctx = Ctx::new(
        Paths::resolve(cli.vault, cli.identity, cli.config)?,
        Output::new(cli.output, cli.color),
    );
    ctx.use_agent &= !cli.no_agent;
    if !matches!(cli.command, Command::Git(_)) {
        if let Some(warning) = crate::git::missing_driver(&ctx.paths.vault) {
            ctx.out.warn(&warning);
        }
    }
    let done = match cli.command {
        Command::Exec(args) => return exec::run(&ctx, args),
        Command::Serve(args) => serve::run(&ctx, args),
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
        Command::Inject(args) => inject::run(&ctx, args),
        Command::Edit(args) => edit::run(&ctx, args),
        Command::Git(command) => return git::run(&ctx, command),
        Command::Conflicts(args) => conflicts::run(&ctx, args),
        Command::Scan(args) => return scan::run(&ctx, args),
        Command::Agent(command) => agent::run(&ctx, command),
        Command::Unlock => agent::unlock(&ctx),
        Command::Lock => agent::lock(&ctx),
        Command::Remote(command) => remote::run(&ctx, command),
        Command::Sync(args) => return sync::run(&ctx, args, crate::sync::Mode::Sync),
        Command::Push(args) => return sync::run(&ctx, args, crate::sync::Mode::Push),
        Command::Pull(args) => return sync::run(&ctx, args, crate::sync::Mode::Pull),
        Command::Completions(_) => unreachable!("handled before the vault paths"),
        _ => unreachable!("the AWS operations are handled before the vault paths"),
    };
    done.map(|()| ExitCode::SUCCESS)
}

pub struct Ctx {
    pub paths: Paths,
    pub out: Output,
    keys: OnceCell<Rc<FileKeys>>,
    pub now: Timestamp,
    /// Whether to ask an agent (not --no-agent, not ARCA_AGENT=off).
    pub use_agent: bool,
    /// The decrypted vault kept between requests by `arca serve`.
    cache: Option<Rc<Cache>>,
    /// Whether this may change a replica's replicated secrets: only a
    /// sync from its primary does (`sync::vault_remote`).
    pub replica_writes: bool,
    /// The vault loaded once under its lock for a run of operations
    /// ([`Ctx::hold`]): every read and write below goes to it.
    held: Option<RefCell<Held>>,
}

impl Ctx {
    /// A context for one command (or, with `now` refreshed, for each
    /// request of a long-running front).
    pub fn new(paths: Paths, out: Output) -> Ctx {
        Ctx {
            paths,
            out,
            keys: OnceCell::new(),
            now: clock::now(),
            use_agent: !crate::agent::disabled_by_env(),
            cache: None,
            replica_writes: false,
            held: None,
        }
    }

    /// The identities, read (and a passphrase asked for) at most once.
    pub fn identities(&self) -> Result<&[Box<dyn Identity>]> {
        Ok(self.keys()?.identities())
    }

    /// The identities as one that unwraps each header once, however many
    /// readers open the vault (see [`FileKeys`]).
    pub fn keys(&self) -> Result<&FileKeys> {
        if let Some(keys) = self.keys.get() {
            return Ok(keys);
        }
        let keys = Rc::new(FileKeys::new(agent::identities(self)?));
        Ok(self.keys.get_or_init(|| keys))
    }

    /// The same vault and identities (unlocked once, here) at `now`,
    /// reading through `cache`: what a long-running front such as
    /// `arca serve` makes for each request.
    pub fn serving(&self, now: Timestamp, cache: &Rc<Cache>) -> Result<Ctx> {
        self.identities()?;
        Ok(Ctx {
            paths: self.paths.clone(),
            out: self.out.clone(),
            keys: self.keys.clone(),
            now,
            use_agent: self.use_agent,
            cache: Some(Rc::clone(cache)),
            replica_writes: false,
            held: None,
        })
    }

    /// The same identities (unlocked once) on another vault file: a
    /// replica that a sync writes.
    pub fn for_vault(&self, path: &std::path::Path) -> Ctx {
        Ctx {
            paths: Paths {
                vault: path.to_owned(),
                ..self.paths.clone()
            },
            out: self.out.clone(),
            keys: self.keys.clone(),
            now: self.now,
            use_agent: self.use_agent,
            cache: None,
            replica_writes: false,
            held: None,
        }
    }

    /// Takes the vault's lock and loads it, once: until [`Ctx::release`],
    /// every read and write of this Ctx is made to that copy in memory, with
    /// the same rules, and the file is written once, by `release`. For a
    /// sync writing a replica (`replica_writes`), whose run of operations
    /// would otherwise rewrite the file once per operation.
    pub fn hold(&mut self) -> Result<()> {
        anyhow::ensure!(
            self.replica_writes,
            "internal error: only a sync to a replica holds a vault"
        );
        if self.held.is_none() {
            let held = Held::acquire(&self.paths.vault, self.keys()?, self.now)?;
            self.held = Some(RefCell::new(held));
        }
        Ok(())
    }

    /// Saves the held vault if the run changed it, and lets its lock go.
    pub fn release(&mut self) -> Result<()> {
        match self.held.take() {
            Some(held) => held.into_inner().save(&self.paths.vault).map(drop),
            None => Ok(()),
        }
    }

    /// The held vault, if any, for one read or write.
    fn held(&self) -> Result<Option<RefMut<'_, Held>>> {
        let Some(held) = &self.held else {
            return Ok(None);
        };
        let held = held.try_borrow_mut().map_err(|_| {
            anyhow::anyhow!("internal error: the held vault is read while it is changed")
        })?;
        Ok(Some(held))
    }

    /// One secret for a read, decrypting no further than its line.
    /// Missing is exit 3; scheduled for deletion is exit 4 unless `allow_scheduled`.
    pub fn find(&self, name_or_id: &str, allow_scheduled: bool) -> Result<Secret> {
        let (found, nearest) = self.look_up(name_or_id)?;
        let secret = match found.filter(|s| s.is_named(name_or_id)) {
            Some(secret) => secret,
            None => return Err(missing_near(name_or_id, nearest)),
        };
        if !allow_scheduled {
            check_not_scheduled(&secret)?;
        }
        Ok(secret)
    }

    /// The secret of that name (the id is not checked) and, for a miss, the
    /// nearest name the read passed.
    fn look_up(&self, name_or_id: &str) -> Result<(Option<Secret>, Option<String>)> {
        let name = secret::name_of(name_or_id);
        let mut nearest = crate::suggest::Nearest::new(name);
        if let Some(held) = self.held()? {
            let (found, conflicts) = held.find(name, self.now, &mut nearest)?;
            drop(held);
            self.warn_conflicted(name, &conflicts);
            return Ok((found, nearest.best()));
        }
        // The agent's cached vault (--cache-vault) answers without the
        // header's recorded conflicts; the file itself is read otherwise.
        let (path, keys) = (&self.paths.vault, self.keys()?);
        // `arca serve` reads through its in-memory vault.
        if let Some(cache) = &self.cache {
            let found = cache.find(path, keys, name, self.now, &mut nearest)?;
            return Ok((found, nearest.best()));
        }
        let (found, conflicts) = match agent::cached(self, name)? {
            Some(found) => (found, Vec::new()),
            None => Vault::find_with_conflicts(path, keys, name, self.now, &mut nearest)?,
        };
        self.warn_conflicted(name, &conflicts);
        Ok((found, nearest.best()))
    }

    fn warn_conflicted(&self, name: &str, conflicts: &[crate::merge::Conflict]) {
        if !conflicts.is_empty() {
            self.out.warn(&format!(
                "'{name}' has an unresolved merge conflict ({}); this is the provisional result: see 'arca conflicts'",
                conflicts::fields(conflicts)
            ));
        }
    }

    /// Refuses what needs a settled secret (a rotation) while a merge
    /// conflict is recorded on it: exit 4.
    pub fn refuse_if_conflicted(&self, name_or_id: &str) -> Result<()> {
        let name = secret::name_of(name_or_id);
        let recorded = match self.held()? {
            Some(mut held) => held.vault().conflicts.clone(),
            None => Vault::recorded_conflicts(&self.paths.vault, self.keys()?)?,
        };
        let mine: Vec<_> = recorded.into_iter().filter(|c| c.secret == name).collect();
        if mine.is_empty() {
            return Ok(());
        }
        Err(conflict(format!(
            "'{name}' has an unresolved merge conflict ({})",
            conflicts::fields(&mine)
        ))
        .hint(format!(
            "settle it first: arca conflicts resolve {name} --take ours|theirs|VERSION_ID"
        ))
        .into())
    }

    /// The whole vault, for reads that list.
    pub fn load(&self) -> Result<Vault> {
        if let Some(mut held) = self.held()? {
            return Ok(held.vault().clone());
        }
        Vault::load(&self.paths.vault, self.keys()?, self.now)
    }

    /// `read` on the whole vault: a held one in place (its lines parsed
    /// once for the run, not once per page of a listing), else one loaded
    /// for it.
    pub fn read_whole<T, E: From<anyhow::Error>>(
        &self,
        read: impl FnOnce(&mut Vault) -> Result<T, E>,
    ) -> Result<T, E> {
        if let Some(mut held) = self.held()? {
            return read(held.vault());
        }
        read(&mut self.load()?)
    }

    /// Every live secret's metadata, folded on the decrypting threads (see
    /// [`Vault::scan_fold`]); a held vault's, in memory.
    pub fn scan_fold<A: Default + Send>(
        &self,
        fold: impl Fn(&mut A, Scanned<'_>) + Sync,
        mut visit: impl FnMut(A),
    ) -> Result<()> {
        // Taken before `fold` and `visit` run, which may read it again.
        let held = self.held()?.map(|mut held| held.scan(self.now));
        if let Some(scanned) = held.transpose()? {
            let mut folded = A::default();
            scanned.into_iter().for_each(|s| fold(&mut folded, s));
            visit(folded);
            return Ok(());
        }
        Vault::scan_fold(&self.paths.vault, self.keys()?, self.now, fold, visit)
    }

    /// A read-modify-write under the vault lock; saved only when `change`
    /// succeeds and changed something, so a failed command leaves the file
    /// byte-for-byte as it was.
    pub fn write<T>(&self, change: impl FnOnce(&mut Vault) -> Result<T>) -> Result<T> {
        let refuse = !self.replica_writes;
        let change = |vault: &mut Vault| {
            let replicas = match refuse {
                false => Vec::new(),
                true => vault.tagged(crate::sync::OWNER_TAG)?,
            };
            let replicas = replicas
                .into_iter()
                .filter(|(_, owner)| crate::sync::replica_of(owner).is_some());
            let result = change(vault)?;
            for (name, primary) in replicas {
                if vault.changed_since_load(&name)? {
                    return Err(replica_write(&name, &primary));
                }
            }
            Ok(result)
        };
        // A held vault is a replica's, which its sync may write (`hold`).
        if let Some(mut held) = self.held()? {
            return held.write(change);
        }
        let keys = self.keys()?;
        let _lock = Lock::acquire(&self.paths.vault)?;
        let mut vault = Vault::load(&self.paths.vault, keys, self.now)?;
        let result = change(&mut vault)?;
        if vault.is_dirty()? {
            vault.save(&self.paths.vault)?;
        }
        Ok(result)
    }

    /// A change to the one secret named `name` under the vault lock, which
    /// `change` may edit, add (Some) or remove (None). Streamed (see
    /// [`Vault::rewrite_one`]) unless the payload is out of order, when the
    /// whole vault is loaded and `change` runs again, so it must have no
    /// effect beyond the secret and its result.
    pub fn write_slot<T>(
        &self,
        name: &str,
        mut change: impl FnMut(&mut Option<Secret>) -> Result<T>,
    ) -> Result<T> {
        let refuse = !self.replica_writes;
        let mut change = |slot: &mut Option<Secret>| {
            if let Some(primary) = slot
                .as_ref()
                .filter(|_| refuse)
                .and_then(|s| s.tags.get(crate::sync::OWNER_TAG))
                .filter(|owner| crate::sync::replica_of(owner).is_some())
            {
                return Err(replica_write(name, primary));
            }
            change(slot)
        };
        if let Some(mut held) = self.held()? {
            return held.change_one(name, change);
        }
        let keys = self.keys()?;
        let _lock = Lock::acquire(&self.paths.vault)?;
        let path = &self.paths.vault;
        if let Some(result) = Vault::rewrite_one(path, keys, self.now, name, &mut change)? {
            return Ok(result);
        }
        let mut vault = Vault::load(path, keys, self.now)?;
        let result = vault.change_one(name, change)?;
        if vault.is_dirty()? {
            vault.save(path)?;
        }
        Ok(result)
    }

    /// A change to the secret a NAME argument names (None if there is no
    /// such secret), streamed as [`Ctx::write_slot`] does.
    pub fn write_one<T>(
        &self,
        name_or_id: &str,
        mut change: impl FnMut(Option<&mut Secret>) -> Result<T>,
    ) -> Result<T> {
        let missed = std::cell::Cell::new(false);
        let result = self.write_slot(secret::name_of(name_or_id), |slot| {
            let secret = slot.as_mut().filter(|s| s.is_named(name_or_id));
            missed.set(secret.is_none());
            change(secret)
        });
        match result {
            // No such secret, and the vault unchanged: on this error path
            // only, a seeking read (the index's names and one chunk) finds
            // the nearest name, as `get` does.
            Err(e) if missed.get() && crate::error::classify(&e).0 == Exit::NotFound as i32 => {
                let nearest = self.look_up(name_or_id).map_or(None, |(_, n)| n);
                Err(missing_near(name_or_id, nearest))
            }
            other => other,
        }
    }
}

/// A write to a replicated secret outside a sync from its primary.
fn replica_write(name: &str, owner: &str) -> anyhow::Error {
    let (primary, remote) = crate::sync::replica_of(owner).unwrap_or((owner, "REMOTE"));
    conflict(format!(
        "'{name}' is a replica of {primary}: change it there and run arca push {remote}"
    ))
    .hint("a replica changes only through 'arca push' or 'arca sync' from its primary vault")
    .into()
}

/// The live secret a NAME argument names, for a change: missing is exit 3,
/// scheduled for deletion exit 4.
pub fn live<'s>(secret: Option<&'s mut Secret>, name_or_id: &str) -> Result<&'s mut Secret> {
    let secret = found(secret, name_or_id)?;
    check_not_scheduled(secret)?;
    Ok(secret)
}

/// Like [`live`], but a secret scheduled for deletion is returned too.
pub fn found<'s>(secret: Option<&'s mut Secret>, name_or_id: &str) -> Result<&'s mut Secret> {
    secret.ok_or_else(|| missing(name_or_id))
}

fn missing(name_or_id: &str) -> anyhow::Error {
    missing_near(name_or_id, None)
}

/// Not found, with the nearest name when a read saw one close enough.
fn missing_near(name_or_id: &str, nearest: Option<String>) -> anyhow::Error {
    not_found(format!("secret '{name_or_id}' not found"))
        .hint(crate::suggest::hint(nearest))
        .into()
}

pub fn check_not_scheduled(secret: &Secret) -> Result<()> {
    if let Some(deletion) = secret.deletion {
        return Err(conflict(format!(
            "secret '{}' is scheduled for deletion on {}",
            secret.name,
            crate::output::human_date(deletion.at)
        ))
        .hint(format!("run 'arca restore {}' to keep it", secret.name))
        .into());
    }
    Ok(())
}
