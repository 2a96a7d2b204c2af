//! Vaults in git, with real git: a bare origin and clones in a temp HOME
//! (the developer's git config never counts: GIT_CONFIG_NOSYSTEM and a
//! HOME of our own), `arca git setup` done in each clone, then concurrent
//! changes merged by pull, rebase and cherry-pick through arca's driver.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use base64::{engine::general_purpose::STANDARD, Engine};

use crate::util::{json_of, stderr, stdout, TestEnv, BIN};

pub fn have_git(test: &str) -> bool {
    let found = Command::new("git").arg("--version").output().is_ok();
    if !found && std::env::var_os("ARCA_REQUIRE_GIT").is_some_and(|v| v == "1") {
        panic!("{test}: git is not installed and ARCA_REQUIRE_GIT=1");
    }
    if !found {
        eprintln!("note: skipping {test}: git is not installed");
    }
    found
}

/// A HOME with an identity, a bare origin and clones of it.
pub struct Team {
    pub env: TestEnv,
}

impl Team {
    /// An origin whose first commit holds an empty vault at
    /// secrets/vault.age (set up for arca), cloned as `a`.
    pub fn new() -> Team {
        let team = Team {
            env: TestEnv::initialized(),
        };
        std::fs::write(
            team.env.path(".gitconfig"),
            "[user]\n\tname = Tester\n\temail = t@example.com\n[init]\n\tdefaultBranch = main\n[advice]\n\tdetachedHead = false\n",
        )
        .unwrap();
        team.git_in(team.env.home(), &["init", "-q", "--bare", "origin.git"]);
        team.git_in(team.env.home(), &["clone", "-q", "origin.git", "a"]);
        std::fs::create_dir(team.dir("a").join("secrets")).unwrap();
        team.arca("a", &["init"]).success();
        team.arca("a", &["git", "setup"]).success();
        team.git("a", &["add", "-A"]);
        team.git("a", &["commit", "-qm", "an empty vault"]);
        team.git("a", &["push", "-q", "origin", "main"]);
        team
    }

    /// Another clone of origin, set up (or not) for arca.
    pub fn clone(&self, name: &str, setup: bool) {
        self.git_in(self.env.home(), &["clone", "-q", "origin.git", name]);
        if setup {
            self.arca(name, &["git", "setup"]).success();
        }
    }

    pub fn dir(&self, clone: &str) -> PathBuf {
        self.env.path(clone)
    }

    pub fn vault(&self, clone: &str) -> PathBuf {
        self.dir(clone).join("secrets/vault.age")
    }

    /// git with a clean environment: only our HOME's config, arca on PATH.
    pub fn git_cmd(&self, dir: &Path) -> Command {
        let mut cmd = Command::new("git");
        for (key, _) in std::env::vars_os() {
            let k = key.to_string_lossy();
            if k.starts_with("ARCA_") || k.starts_with("XDG_") || k.starts_with("GIT_") {
                cmd.env_remove(&key);
            }
        }
        let bin_dir = Path::new(BIN).parent().unwrap();
        let path = std::env::join_paths(std::iter::once(bin_dir.to_owned()).chain(
            std::env::split_paths(&std::env::var_os("PATH").unwrap_or_default()),
        ))
        .unwrap();
        cmd.env("HOME", self.env.home())
            .env("XDG_CONFIG_HOME", self.env.config_home())
            .env("XDG_DATA_HOME", self.env.data_home())
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env("GIT_PAGER", "cat")
            .env("PATH", path)
            .env("TERM", "dumb")
            .current_dir(dir);
        cmd
    }

    pub fn git_in(&self, dir: &Path, args: &[&str]) -> Output {
        let out = self.git_cmd(dir).args(args).output().unwrap();
        assert!(
            out.status.success(),
            "git {args:?} failed: {}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        out
    }

    /// git in a clone; must succeed.
    pub fn git(&self, clone: &str, args: &[&str]) -> String {
        String::from_utf8(self.git_in(&self.dir(clone), args).stdout).unwrap()
    }

    /// git in a clone, success or not.
    pub fn try_git(&self, clone: &str, args: &[&str]) -> Output {
        self.git_cmd(&self.dir(clone)).args(args).output().unwrap()
    }

    /// arca in a clone, on its vault.
    pub fn arca(&self, clone: &str, args: &[&str]) -> assert_cmd::assert::Assert {
        self.arca_stdin(clone, args, "")
    }

    pub fn arca_stdin(
        &self,
        clone: &str,
        args: &[&str],
        stdin: &str,
    ) -> assert_cmd::assert::Assert {
        let mut cmd = self.env.cmd();
        cmd.current_dir(self.dir(clone))
            .env("ARCA_VAULT", self.vault(clone))
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .args(args)
            .write_stdin(stdin);
        cmd.assert()
    }

    pub fn json(&self, clone: &str, args: &[&str]) -> serde_json::Value {
        let mut full = args.to_vec();
        full.extend(["-o", "json"]);
        json_of(&self.arca(clone, &full).success())
    }

    /// Commits everything in a clone.
    pub fn commit(&self, clone: &str, message: &str) {
        self.git(clone, &["add", "-A"]);
        self.git(clone, &["commit", "-qm", message]);
    }

    pub fn create(&self, clone: &str, name: &str, value: &str) {
        self.arca_stdin(clone, &["create", name], value).success();
    }

    pub fn put(&self, clone: &str, name: &str, value: &str) -> String {
        let out = self
            .arca_stdin(clone, &["put", name, "-o", "json"], value)
            .success();
        json_of(&out)["VersionId"].as_str().unwrap().to_owned()
    }

    pub fn names(&self, clone: &str) -> Vec<String> {
        self.json(clone, &["list", "--include-planned-deletion"])["SecretList"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s["Name"].as_str().unwrap().to_owned())
            .collect()
    }

    pub fn current(&self, clone: &str, name: &str) -> String {
        self.json(clone, &["get", name])["VersionId"]
            .as_str()
            .unwrap()
            .to_owned()
    }

    pub fn version_ids(&self, clone: &str, name: &str) -> Vec<String> {
        let mut ids: Vec<String> = self.json(clone, &["versions", name, "--include-deprecated"])
            ["Versions"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v["VersionId"].as_str().unwrap().to_owned())
            .collect();
        ids.sort();
        ids
    }

    /// `git status --porcelain` of a clone.
    pub fn status(&self, clone: &str) -> String {
        self.git(clone, &["status", "--porcelain"])
    }

    /// The base for two clones: commits what `a` did, pushes, and clones `b`.
    pub fn share_and_clone_b(&self, message: &str) {
        self.commit("a", message);
        self.git("a", &["push", "-q", "origin", "main"]);
        self.clone("b", true);
    }
}

fn sorted(mut v: Vec<String>) -> Vec<String> {
    v.sort();
    v
}

/// Another identity's public key (a recipient that is not us).
fn stranger() -> String {
    TestEnv::new().init()
}

#[test]
fn pull_merges_secrets_fields_versions_and_recipients() {
    if !have_git("pull_merges_secrets_fields_versions_and_recipients") {
        return;
    }
    let team = Team::new();
    let (old_friend, new_friend) = (stranger(), stranger());
    team.arca("a", &["recipients", "add", &old_friend])
        .success();
    team.create("a", "shared", "base-value-0001");
    team.share_and_clone_b("base");
    let base_version = team.current("a", "shared");

    // a: a new secret, a new version and a tag on the shared one, a
    // recipient removed.
    team.create("a", "from-a", "value-from-a-01");
    let a_version = team.put("a", "shared", "value-put-by-a");
    team.arca("a", &["tag", "shared", "team=payments"])
        .success();
    team.arca("a", &["recipients", "remove", &old_friend])
        .success();
    team.commit("a", "a's changes");
    team.git("a", &["push", "-q"]);

    // b: another secret, the shared one's description, a recipient added.
    team.create("b", "from-b", "value-from-b-01");
    team.arca("b", &["update", "shared", "--description", "set by b"])
        .success();
    team.arca(
        "b",
        &["recipients", "add", &new_friend, "--label", "newbie"],
    )
    .success();
    team.commit("b", "b's changes");

    let pull = team.try_git("b", &["pull", "-q", "--no-rebase", "--no-edit"]);
    assert!(
        pull.status.success(),
        "{}",
        String::from_utf8_lossy(&pull.stderr)
    );
    assert_eq!(team.status("b"), "");
    assert_eq!(team.names("b"), ["from-a", "from-b", "shared"]);
    let shared = team.json("b", &["describe", "shared"]);
    assert_eq!(shared["Description"], "set by b");
    assert_eq!(shared["Tags"][0]["Value"], "payments");
    assert_eq!(team.current("b", "shared"), a_version);
    assert_eq!(
        team.version_ids("b", "shared"),
        sorted(vec![base_version, a_version])
    );
    assert_eq!(team.get_value("b", "from-a"), "value-from-a-01");
    // The removed recipient stays removed; the added one is in.
    let recipients = team.json("b", &["recipients", "list"])["Recipients"].clone();
    let recipients: Vec<&str> = recipients
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r.as_str().unwrap())
        .collect();
    assert!(!recipients.contains(&old_friend.as_str()), "{recipients:?}");
    assert!(recipients.contains(&new_friend.as_str()), "{recipients:?}");
    assert_eq!(recipients.len(), 2);
    let labels = team.json("b", &["recipients", "list"])["Labels"].clone();
    assert_eq!(labels, serde_json::json!({ new_friend.as_str(): "newbie" }));
    let log = team.git("b", &["log", "-p", "-1", "--first-parent", "HEAD~1"]);
    assert!(
        log.contains(&format!("+recipient {new_friend} (newbie)")),
        "{log}"
    );
}

impl Team {
    pub fn get_value(&self, clone: &str, name: &str) -> String {
        String::from_utf8(stdout(&self.arca(clone, &["get", name]).success())).unwrap()
    }
}

#[test]
fn both_moving_current_is_a_recorded_conflict_in_a_vault_that_opens() {
    if !have_git("both_moving_current_is_a_recorded_conflict_in_a_vault_that_opens") {
        return;
    }
    let team = Team::new();
    team.create("a", "db", "base-value-0001");
    team.share_and_clone_b("base");
    let base_version = team.current("a", "db");
    let theirs = team.put("a", "db", "value-put-by-a");
    team.arca("a", &["update", "db", "--description", "a's words"])
        .success();
    team.commit("a", "a moves AWSCURRENT");
    team.git("a", &["push", "-q"]);
    let ours = team.put("b", "db", "value-put-by-b");
    team.arca("b", &["update", "db", "--description", "b's words"])
        .success();
    team.commit("b", "b moves AWSCURRENT");

    let pull = team.try_git("b", &["pull", "--no-rebase", "--no-edit"]);
    assert_eq!(pull.status.code(), Some(1));
    let said =
        String::from_utf8_lossy(&pull.stdout).into_owned() + &String::from_utf8_lossy(&pull.stderr);
    assert!(said.contains("CONFLICT"), "{said}");
    assert!(said.contains("label:AWSCURRENT"), "{said}");
    assert!(team.status("b").contains("UU secrets/vault.age"));

    // The vault opens, holds every version, and says what conflicts.
    assert_eq!(
        team.version_ids("b", "db"),
        sorted(vec![base_version, theirs.clone(), ours.clone()])
    );
    let conflicts = team.json("b", &["conflicts"])["Conflicts"].clone();
    let fields: Vec<&str> = conflicts
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["Field"].as_str().unwrap())
        .collect();
    assert_eq!(fields, ["description", "label:AWSCURRENT"]);
    let label = &conflicts[1];
    assert_eq!(label["Ours"], ours.as_str());
    assert_eq!(label["Theirs"], theirs.as_str());
    // b's version is the newer one: the provisional winner.
    assert_eq!(label["Provisional"], "ours");
    assert_eq!(team.current("b", "db"), ours);

    // The record is in the header, as format 2; no value in it.
    if let Some(payload) = age_payload(&team, "b") {
        let header = payload.lines().next().unwrap();
        assert!(header.starts_with(r#"{"format":2,"#), "{header}");
        assert!(header.contains(r#""field":"label:AWSCURRENT""#), "{header}");
        assert!(!header.contains("value-put-by"), "{header}");
    }
    let get = team.arca("b", &["get", "db"]).success();
    assert!(
        stderr(&get).contains("unresolved merge conflict"),
        "{}",
        stderr(&get)
    );
    let describe = team.arca("b", &["describe", "db"]).success();
    assert!(stderr(&describe).contains("unresolved merge conflict"));
    let rotate = team.arca("b", &["rotate", "db"]).code(4);
    assert!(
        stderr(&rotate).contains("unresolved merge conflict"),
        "{}",
        stderr(&rotate)
    );

    // Writes to other secrets (streamed or not) keep the record.
    team.create("b", "other", "value-of-other-1");
    team.arca("b", &["tag", "other", "k=v"]).success();
    assert_eq!(
        team.json("b", &["conflicts"])["Conflicts"]
            .as_array()
            .unwrap()
            .len(),
        2
    );
    team.arca("b", &["conflicts", "resolve", "db", "--take", "theirs"])
        .success();
    assert_eq!(team.current("b", "db"), theirs);
    assert_eq!(
        team.json("b", &["describe", "db"])["Description"],
        "a's words"
    );
    assert_eq!(
        team.json("b", &["conflicts"])["Conflicts"],
        serde_json::json!([])
    );
    let get = team.arca("b", &["get", "db"]).success();
    assert!(!stderr(&get).contains("conflict"));
    if let Some(payload) = age_payload(&team, "b") {
        assert!(payload.starts_with(r#"{"format":1,"#), "{payload}");
    }
    team.git("b", &["add", "secrets/vault.age"]);
    team.git("b", &["commit", "-q", "--no-edit"]);
    assert_eq!(team.status("b"), "");
}

#[test]
fn resolve_takes_a_version_id_or_the_newest_for_all() {
    if !have_git("resolve_takes_a_version_id_or_the_newest_for_all") {
        return;
    }
    let team = Team::new();
    team.create("a", "x", "base-value-x-01");
    team.create("a", "y", "base-value-y-01");
    team.share_and_clone_b("base");
    let base_x = team.current("a", "x");
    team.put("a", "x", "a-value-x-0001");
    let a_y = team.put("a", "y", "a-value-y-0001");
    team.commit("a", "a");
    team.git("a", &["push", "-q"]);
    team.put("b", "x", "b-value-x-0001");
    let b_y = team.put("b", "y", "b-value-y-0001");
    team.commit("b", "b");
    assert_eq!(
        team.try_git("b", &["pull", "-q", "--no-rebase", "--no-edit"])
            .status
            .code(),
        Some(1)
    );
    // A version id: that version becomes AWSCURRENT.
    team.arca("b", &["conflicts", "resolve", "x", "--take", &base_x])
        .success();
    assert_eq!(team.current("b", "x"), base_x);
    // A version id is for labels only, and --all takes none.
    let all = team.arca("b", &["conflicts", "resolve", "--all", "--take", &base_x]);
    all.code(2);
    team.arca("b", &["conflicts", "resolve", "nope", "--take", "ours"])
        .code(3);
    team.arca("b", &["conflicts", "resolve", "--all", "--take", "newest"])
        .success();
    assert_eq!(team.current("b", "y"), b_y);
    assert_ne!(a_y, b_y);
    assert_eq!(
        team.json("b", &["conflicts"])["Conflicts"],
        serde_json::json!([])
    );
}

#[test]
fn a_deletion_on_one_side_gives_way_to_a_change_on_the_other() {
    if !have_git("a_deletion_on_one_side_gives_way_to_a_change_on_the_other") {
        return;
    }
    let team = Team::new();
    team.create("a", "old", "base-value-old1");
    team.create("a", "gone", "base-value-gone");
    team.share_and_clone_b("base");
    team.arca("a", &["delete", "old"]).success();
    team.arca("a", &["delete", "gone", "--force-delete-without-recovery"])
        .success();
    team.commit("a", "a deletes");
    team.git("a", &["push", "-q"]);
    let changed = team.put("b", "old", "b-still-uses-it");
    team.create("b", "new-in-b", "value-new-in-b1");
    team.commit("b", "b changes old");
    let pull = team.try_git("b", &["pull", "--no-rebase", "--no-edit"]);
    assert!(
        pull.status.success(),
        "{}",
        String::from_utf8_lossy(&pull.stderr)
    );
    let said = String::from_utf8_lossy(&pull.stderr);
    assert!(
        said.contains("deletion on one side and changed on the other"),
        "{said}"
    );
    // The change is kept and live; the untouched one is deleted for good.
    assert_eq!(team.names("b"), ["new-in-b", "old"]);
    assert_eq!(team.current("b", "old"), changed);
    assert!(team
        .json("b", &["describe", "old"])
        .get("DeletionDate")
        .is_none());
}

#[test]
fn rebase_and_cherry_pick_merge_through_the_driver() {
    if !have_git("rebase_and_cherry_pick_merge_through_the_driver") {
        return;
    }
    let team = Team::new();
    team.create("a", "shared", "base-value-0001");
    team.share_and_clone_b("base");
    team.create("a", "from-a", "value-from-a-01");
    team.commit("a", "a");
    team.git("a", &["push", "-q"]);
    team.create("b", "from-b", "value-from-b-01");
    team.arca("b", &["tag", "shared", "k=v"]).success();
    team.commit("b", "b");
    team.git("b", &["fetch", "-q"]);
    let rebase = team.try_git("b", &["rebase", "origin/main"]);
    assert!(
        rebase.status.success(),
        "{}",
        String::from_utf8_lossy(&rebase.stderr)
    );
    assert_eq!(team.status("b"), "");
    assert_eq!(team.names("b"), ["from-a", "from-b", "shared"]);
    assert_eq!(
        team.json("b", &["describe", "shared"])["Tags"][0]["Key"],
        "k"
    );

    // Cherry-pick one commit of a side branch onto main.
    team.git("b", &["checkout", "-q", "-b", "side", "HEAD~1"]);
    team.create("b", "picked", "value-picked-01");
    team.commit("b", "side");
    team.git("b", &["checkout", "-q", "main"]);
    let pick = team.try_git("b", &["cherry-pick", "side"]);
    assert!(
        pick.status.success(),
        "{}",
        String::from_utf8_lossy(&pick.stderr)
    );
    assert_eq!(team.names("b"), ["from-a", "from-b", "picked", "shared"]);
}

#[test]
fn a_criss_cross_history_with_two_merge_bases_merges() {
    if !have_git("a_criss_cross_history_with_two_merge_bases_merges") {
        return;
    }
    let team = Team::new();
    team.create("a", "root", "base-value-root");
    team.commit("a", "root");
    team.git("a", &["branch", "x"]);
    team.git("a", &["branch", "y"]);
    team.git("a", &["checkout", "-q", "x"]);
    team.create("a", "x1", "value-of-x1-001");
    team.commit("a", "x1");
    team.git("a", &["checkout", "-q", "y"]);
    team.create("a", "y1", "value-of-y1-001");
    team.commit("a", "y1");
    // Criss-cross: each branch merges the other's first commit.
    team.git("a", &["merge", "-q", "--no-edit", "x"]);
    team.git("a", &["checkout", "-q", "x"]);
    team.git("a", &["merge", "-q", "--no-edit", "y~1"]);
    team.create("a", "x2", "value-of-x2-001");
    team.commit("a", "x2");
    team.git("a", &["checkout", "-q", "y"]);
    team.put("a", "root", "y-changes-root1");
    team.commit("a", "y2");
    let bases = team.git("a", &["merge-base", "--all", "x", "y"]);
    assert_eq!(bases.lines().count(), 2, "{bases}");
    let merge = team.try_git("a", &["merge", "--no-edit", "x"]);
    assert!(
        merge.status.success(),
        "{}",
        String::from_utf8_lossy(&merge.stderr)
    );
    assert_eq!(team.names("a"), ["root", "x1", "x2", "y1"]);
    assert_eq!(team.get_value("a", "root"), "y-changes-root1");
}

#[test]
fn a_clone_without_setup_keeps_ours_and_reports_a_conflict() {
    if !have_git("a_clone_without_setup_keeps_ours_and_reports_a_conflict") {
        return;
    }
    let team = Team::new();
    // Over 8,000 bytes of ciphertext: git then surely sees a binary file
    // (a NUL in its first 8,000 bytes). A smaller vault may look like text
    // to a clone without the driver (see README, "Vaults in git").
    team.create("a", "shared", &"big-value-".repeat(1000));
    team.commit("a", "base");
    team.git("a", &["push", "-q"]);
    team.clone("c", false);
    // arca commands in that clone say what is missing.
    let warned = team.arca("c", &["list"]).success();
    assert!(
        stderr(&warned).contains("no arca merge driver"),
        "{}",
        stderr(&warned)
    );
    assert!(stderr(&warned).contains("arca git setup"));
    team.create("a", "from-a", "value-from-a-01");
    team.commit("a", "a");
    team.git("a", &["push", "-q"]);
    team.create("c", "from-c", "value-from-c-01");
    team.commit("c", "c");
    let ours = std::fs::read(team.vault("c")).unwrap();
    let pull = team.try_git("c", &["pull", "--no-rebase", "--no-edit"]);
    assert!(!pull.status.success());
    assert!(team.status("c").contains("UU secrets/vault.age"));
    assert_eq!(std::fs::read(team.vault("c")).unwrap(), ours);
    assert_eq!(team.names("c"), ["from-c", "shared"]);
    // Once set up, the driver is there and the warning gone.
    team.arca("c", &["git", "setup"]).success();
    let quiet = team.arca("c", &["list"]).success();
    assert!(
        !stderr(&quiet).contains("merge driver"),
        "{}",
        stderr(&quiet)
    );
    // ... and redoing that file's merge (as the README says) merges it.
    team.git("c", &["checkout", "-m", "secrets/vault.age"]);
    assert_eq!(team.names("c"), ["from-a", "from-c", "shared"]);
}

#[test]
fn diffs_and_logs_show_metadata_and_never_values() {
    if !have_git("diffs_and_logs_show_metadata_and_never_values") {
        return;
    }
    let team = Team::new();
    let planted = [
        "planted-string-value-1",
        r#"{"user":"app","password":"planted-json-password"}"#,
        "planted-string-value-2",
    ];
    team.create("a", "prod/db", planted[0]);
    team.create("a", "prod/app", planted[1]);
    team.arca("a", &["tag", "prod/db", "team=payments"])
        .success();
    team.commit("a", "first");
    team.put("a", "prod/db", planted[2]);
    team.arca("a", &["update", "prod/db", "--description", "the db"])
        .success();
    std::fs::write(team.dir("a").join("bin.dat"), b"binary-planted-bytes").unwrap();
    team.arca("a", &["create", "prod/bin", "--binary-file", "bin.dat"])
        .success();
    std::fs::remove_file(team.dir("a").join("bin.dat")).unwrap();
    let diff = team.git("a", &["diff"]);
    assert!(diff.contains("+  description the db"), "{diff}");
    assert!(diff.contains("+secret prod/bin"), "{diff}");
    team.commit("a", "second");
    let log = team.git("a", &["log", "-p"]);
    assert!(log.contains("secret prod/db"), "{log}");
    assert!(log.contains("tag team=payments"), "{log}");
    assert!(log.contains("AWSCURRENT string"), "{log}");
    assert!(log.contains("JSON {password, user}"), "{log}");
    assert!(log.contains("binary"), "{log}");
    assert!(log.contains(&team.current("a", "prod/db")), "{log}");
    let mut forbidden: Vec<String> = planted.iter().map(|p| p.to_string()).collect();
    forbidden.push("planted-json-password".into());
    forbidden.push("binary-planted-bytes".into());
    for value in forbidden.clone() {
        forbidden.push(STANDARD.encode(&value));
        forbidden.push(STANDARD.encode(&value).trim_end_matches('=').to_owned());
    }
    for value in &forbidden {
        assert!(!log.contains(value.as_str()), "git log -p shows {value}");
        assert!(!diff.contains(value.as_str()), "git diff shows {value}");
    }
}

#[test]
fn textconv_without_a_usable_key_prints_one_line_and_exits_0() {
    if !have_git("textconv_without_a_usable_key_prints_one_line_and_exits_0") {
        return;
    }
    let team = Team::new();
    team.create("a", "db", "planted-value-001");
    team.commit("a", "one");
    // Another HOME, with an identity that is not a recipient.
    let outsider = TestEnv::initialized();
    let out = outsider
        .cmd()
        .args(["git", "textconv"])
        .arg(team.vault("a"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8(out.stdout).unwrap();
    assert_eq!(text.lines().count(), 1, "{text}");
    assert!(text.contains("cannot be decrypted"), "{text}");
    // No identity at all, under git log -p.
    std::fs::remove_file(team.env.identity_path()).unwrap();
    let log = team.try_git("a", &["log", "-p"]);
    assert!(log.status.success());
    let log = String::from_utf8(log.stdout).unwrap();
    assert!(log.contains("cannot be decrypted"), "{log}");
    assert!(!log.contains("planted-value-001"));
}

#[test]
fn setup_is_idempotent_and_chains_an_existing_pre_commit_hook() {
    if !have_git("setup_is_idempotent_and_chains_an_existing_pre_commit_hook") {
        return;
    }
    let team = Team::new();
    team.create("a", "db", "planted-value-001");
    team.arca("a", &["git", "setup"]).success();
    let attributes = std::fs::read_to_string(team.dir("a").join(".gitattributes")).unwrap();
    assert_eq!(
        attributes,
        "/secrets/vault.age diff=arca merge=arca -text\n"
    );
    let ignore = std::fs::read_to_string(team.dir("a").join(".gitignore")).unwrap();
    assert_eq!(
        ignore,
        "/secrets/vault.age.lock\n/secrets/.vault.age.tmp-*\n"
    );
    assert_eq!(
        team.git("a", &["config", "merge.arca.driver"]).trim(),
        "arca git merge-driver %O %A %B %P"
    );
    // An existing hook is kept and runs after the scan passes.
    let hooks = team.dir("a").join(".git/hooks");
    std::fs::write(
        hooks.join("pre-commit"),
        "#!/bin/sh\ntouch \"$(git rev-parse --show-toplevel)/chained-ran\"\n",
    )
    .unwrap();
    crate::util::set_mode(&hooks.join("pre-commit"), 0o755);
    team.arca("a", &["git", "setup", "--pre-commit"]).success();
    team.arca("a", &["git", "setup", "--pre-commit"]).success();
    assert!(hooks.join("pre-commit.before-arca").exists());
    std::fs::write(team.dir("a").join("notes.txt"), "nothing secret here\n").unwrap();
    team.git("a", &["add", "notes.txt"]);
    team.git("a", &["commit", "-qm", "clean"]);
    assert!(team.dir("a").join("chained-ran").exists());
    std::fs::remove_file(team.dir("a").join("chained-ran")).unwrap();
    std::fs::write(team.dir("a").join("leak.txt"), "pw=planted-value-001\n").unwrap();
    team.git("a", &["add", "leak.txt"]);
    let refused = team.try_git("a", &["commit", "-qm", "leak"]);
    assert!(!refused.status.success());
    let said = String::from_utf8_lossy(&refused.stdout).into_owned()
        + &String::from_utf8_lossy(&refused.stderr);
    assert!(said.contains("leak.txt:1:4: secret 'db'"), "{said}");
    assert!(!said.contains("planted-value-001"), "{said}");
    assert!(!team.dir("a").join("chained-ran").exists());
}

/// A clone's vault payload through the age CLI (None, with a note, without it).
fn age_payload(team: &Team, clone: &str) -> Option<String> {
    let age = crate::util::age_cli("the payload through age")?;
    let out = Command::new(age)
        .args(["-d", "-i"])
        .arg(team.env.identity_path())
        .arg(team.vault(clone))
        .output()
        .unwrap();
    assert!(out.status.success());
    Some(String::from_utf8(out.stdout).unwrap())
}

#[test]
fn the_driver_refuses_a_side_it_cannot_open_and_leaves_ours_alone() {
    let env = TestEnv::initialized();
    env.create("mine", b"planted-value-001");
    let ours = env.vault_path();
    let base = env.write_file("base.age", &std::fs::read(&ours).unwrap());
    let other = TestEnv::initialized();
    other.create("theirs", b"planted-value-002");
    let theirs = env.write_file("theirs.age", &other.vault_bytes());
    let before = std::fs::read(&ours).unwrap();
    let err = crate::util::assert_fails(
        env.arca(&[
            "git",
            "merge-driver",
            base.to_str().unwrap(),
            ours.to_str().unwrap(),
            theirs.to_str().unwrap(),
            "secrets/vault.age",
        ]),
        5,
        &["planted-value-001", "planted-value-002"],
    );
    assert!(err.contains("none of your identities"), "{err}");
    assert_eq!(std::fs::read(&ours).unwrap(), before);
}

#[test]
fn setup_outside_a_repository_is_exit_2() {
    if !have_git("setup_outside_a_repository_is_exit_2") {
        return;
    }
    let env = TestEnv::initialized();
    let err = crate::util::assert_fails(env.arca(&["git", "setup"]), 2, &[]);
    assert!(err.contains("not in a git repository"), "{err}");
}

#[test]
fn one_version_id_with_two_values_keeps_both() {
    if !have_git("one_version_id_with_two_values_keeps_both") {
        return;
    }
    let team = Team::new();
    team.create("a", "db", "base-value-0001");
    team.share_and_clone_b("base");
    let token = "0123456789abcdef0123456789abcdef";
    let put = |clone: &str, value: &str| {
        team.arca_stdin(
            clone,
            &["put", "db", "--client-request-token", token],
            value,
        )
        .success();
        team.commit(clone, value);
    };
    put("a", "value-from-a-001");
    team.git("a", &["push", "-q"]);
    put("b", "value-from-b-001");
    let pull = team.try_git("b", &["pull", "--no-rebase", "--no-edit"]);
    assert_eq!(pull.status.code(), Some(1));
    let conflicts = team.json("b", &["conflicts"])["Conflicts"].clone();
    assert_eq!(conflicts[0]["Field"], format!("version:{token}"));
    // Both values are there: b's (newer) under the id, a's under another.
    assert_eq!(team.get_value("b", "db"), "value-from-b-001");
    let other = conflicts[0]["Theirs"].as_str().unwrap();
    let a_value = stdout(
        &team
            .arca("b", &["get", "db", "--version-id", other])
            .success(),
    );
    assert_eq!(a_value, b"value-from-a-001");
    team.arca("b", &["conflicts", "resolve", "db", "--take", "theirs"])
        .success();
    assert_eq!(team.get_value("b", "db"), "value-from-a-001");
    let kept = stdout(
        &team
            .arca("b", &["get", "db", "--version-id", other])
            .success(),
    );
    assert_eq!(
        kept, b"value-from-b-001",
        "the other bytes stay in a version"
    );
}
