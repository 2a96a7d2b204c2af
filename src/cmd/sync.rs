//! `arca sync|push|pull REMOTE`: plan, apply, report. Exit 0 when every
//! secret in scope is in sync or skipped, 4 when one conflicts, 1 when one
//! failed (the others are synced either way).

use std::io::Write;
use std::process::ExitCode;

use anyhow::Result;

use crate::cli::{Prefer, SyncArgs};
use crate::config::Config;
use crate::error::Exit;
use crate::merge::Side;
use crate::sync::engine::{self, Report};
use crate::sync::plan::{self, Action, Options, SecretPlan};
use crate::sync::remote::Remote;
use crate::sync::remotes::{self, Kind};
use crate::sync::{vault_remote, Mode};

use super::Ctx;

pub fn run(ctx: &Ctx, args: SyncArgs, mode: Mode) -> Result<ExitCode> {
    let config = Config::load(&ctx.paths.config)?;
    let remote_config = remotes::find(&config, &args.remote, &ctx.paths.config)?;
    for name in &args.names {
        crate::secret::validate_name(name)?;
    }
    let (mut remote, owner): (Box<dyn Remote>, String) = match remote_config.kind {
        Kind::Aws => (
            crate::sync::aws::connect(&remote_config.aws_target())?,
            "arca".to_owned(),
        ),
        Kind::Vault => (
            Box::new(vault_remote::connect(ctx, &remote_config, args.dry_run)?),
            crate::sync::replica_owner(&ctx.paths.vault, &args.remote),
        ),
    };
    let opts = Options {
        mode,
        prefer: args.prefer.map(|p| match p {
            Prefer::Local => Side::Ours,
            Prefer::Remote => Side::Theirs,
        }),
        adopt: args.adopt,
        prune: args.prune,
        owner,
        kms_key_id: remote_config.kms_key_id.clone(),
        now: ctx.now,
    };
    let report = engine::run(
        ctx,
        remote.as_mut(),
        &args.remote,
        &remote_config,
        &opts,
        &args.names,
        args.dry_run,
    )?;
    if ctx.out.is_json() {
        ctx.out.json(&plan::to_json(
            &args.remote,
            mode,
            &report.plans,
            args.dry_run,
        ))?;
    } else {
        print_text(&report, args.dry_run)?;
    }
    summary(ctx, &report, &args.remote, args.dry_run);
    explain(&report);
    Ok(exit_code(&report))
}

fn exit_code(report: &Report) -> ExitCode {
    if report.count(Action::Conflict) > 0 {
        ExitCode::from(Exit::Conflict as u8)
    } else if report.count(Action::Failed) > 0 {
        ExitCode::from(Exit::Other as u8)
    } else {
        ExitCode::SUCCESS
    }
}

/// One line per secret that is not in sync: what was (or would be) done.
fn print_text(report: &Report, dry_run: bool) -> Result<()> {
    let mut out = std::io::stdout().lock();
    for p in report.plans.iter().filter(|p| p.action != Action::InSync) {
        let line = describe(p, dry_run);
        writeln!(
            out,
            "{}\t{}",
            crate::output::field(&p.name),
            crate::output::field(&line)
        )?;
    }
    out.flush()?;
    Ok(())
}

fn describe(p: &SecretPlan, dry_run: bool) -> String {
    let mut parts = Vec::new();
    if !p.pushed.is_empty() {
        parts.push(format!("push {}", p.pushed.join(" ")));
    }
    if !p.pulled.is_empty() {
        parts.push(format!("pull {}", p.pulled.join(" ")));
    }
    for op in &p.ops {
        let r = &op.request;
        let text = |k: &str| r.get(k).and_then(|v| v.as_str()).unwrap_or("-").to_owned();
        match op.operation {
            "CreateSecret" => parts.push("create on the remote".into()),
            "UpdateSecretVersionStage" => parts.push(match r.get("MoveToVersionId") {
                Some(_) => format!(
                    "label {} -> {}",
                    text("VersionStage"),
                    text("MoveToVersionId")
                ),
                None => format!("label {} removed", text("VersionStage")),
            }),
            "UpdateSecret" => parts.push("remote description".into()),
            "TagResource" | "UntagResource" => parts.push("remote tags".into()),
            "DeleteSecret" => parts.push(format!(
                "schedule deletion on the remote ({} days)",
                r["RecoveryWindowInDays"]
            )),
            _ => {}
        }
    }
    for c in &p.local_changes {
        parts.push(format!("local {c}"));
    }
    parts.dedup();
    let head = match p.action {
        Action::InSync => "in sync",
        Action::Sync if dry_run => "would sync",
        Action::Sync => "synced",
        Action::Skip => "skipped",
        Action::Conflict => "conflict",
        Action::Failed => "failed",
    };
    let mut line = head.to_owned();
    if !p.conflicts.is_empty() {
        line.push_str(&format!(": {}", p.conflicts.join(", ")));
    }
    if !parts.is_empty() {
        line.push_str(&format!(": {}", parts.join(", ")));
    }
    if let Some(reason) = &p.reason {
        line.push_str(&format!(" ({reason})"));
    }
    for note in &p.notes {
        line.push_str(&format!(" [{note}]"));
    }
    line
}

/// The line that explains a non-zero exit (SPEC §4: `error:`, `hint:`).
fn explain(report: &Report) {
    let names = |action| -> Vec<&str> {
        report
            .plans
            .iter()
            .filter(|p| p.action == action)
            .map(|p| p.name.as_str())
            .collect()
    };
    let (conflicts, failed) = (names(Action::Conflict), names(Action::Failed));
    let say = |line: String| crate::output::to_stderr(&crate::output::sanitize(&line));
    if !conflicts.is_empty() {
        say(format!(
            "error: changed on both sides, left as they are on both: {}",
            conflicts.join(", ")
        ));
        say("hint: --prefer local|remote settles them; the rest is synced".to_owned());
    } else if !failed.is_empty() {
        say(format!(
            "error: the remote's copy could not be read or written: {}",
            failed.join(", ")
        ));
        say(
            "hint: the reasons are above and in 'arca describe NAME'; run again once fixed"
                .to_owned(),
        );
    }
}

fn summary(ctx: &Ctx, report: &Report, remote: &str, dry_run: bool) {
    let n = |a| report.count(a);
    let changed = n(Action::Sync);
    let verb = if dry_run { "to sync" } else { "synced" };
    ctx.out.note(&format!(
        "{remote}: {changed} {verb}, {} in sync, {} skipped, {} conflicts, {} failed",
        n(Action::InSync),
        n(Action::Skip),
        n(Action::Conflict),
        n(Action::Failed)
    ));
}
