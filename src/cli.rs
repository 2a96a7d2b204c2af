//! The command line: clap derive types only (std and clap), so that the man
//! page and completion generator test can include this file on its own.

use std::ffi::OsString;
use std::path::PathBuf;

use clap::{ArgAction, ArgGroup, Args, Parser, Subcommand, ValueEnum};

/// The help heading of the options every command takes.
const GLOBAL: &str = "Global options";

const ENV_HELP: &str = "\
Output formats (-o):
  text, json, table  list, versions, recipients list, remote list
  text, json         get, describe, create, put, update, stage, tag, untag,
                     delete, restore, batch-get, rotate, cancel-rotation,
                     random-password, import, agent status, sync, push,
                     pull
  text               init, exec, env and export (these take --format),
                     recipients add/remove, completions, edit, inject,
                     agent start/stop, unlock, lock, remote add/remove
  The AWS spellings (get-secret-value, …) take the aws CLI's --output
  json|text|table after the operation (default json).

Environment:
  ARCA_VAULT         vault file (default: <data dir>/arca/vault.age)
  ARCA_IDENTITY      identity file (default: <config dir>/arca/identity.txt)
  ARCA_KEY           identity text itself, for CI; wins over identity files
  ARCA_CONFIG        config file (default: <config dir>/arca/config.toml)
  ARCA_LOCK_TIMEOUT  how long a writer waits for the vault lock (default: 10s)
  ARCA_AGENT_SOCK    the agent's socket (default: $XDG_RUNTIME_DIR/arca/agent.sock)
  ARCA_AGENT         'off' leaves the agent out, as --no-agent does
  ARCA_VERBOSE       1: as --verbose
  NO_COLOR           disable colour

Exit status:
  0 ok, 1 other error, 2 bad usage or input outside its limits, 3 secret or
  version not found, 4 conflict or invalid state, 5 vault cannot be opened,
  6 rotation hook failed, 7 vault busy";

/// AWS Secrets Manager's model on one age-encrypted file that you own.
///
/// Secrets with descriptions and tags, versions with staging labels
/// (AWSCURRENT, AWSPENDING, AWSPREVIOUS), rotation through your own hooks,
/// deletion with a recovery window, and exact values on stdout for scripts.
#[derive(Parser)]
#[command(
    name = "arca",
    version,
    propagate_version = true,
    max_term_width = 100,
    after_long_help = ENV_HELP
)]
pub struct Cli {
    /// Vault file to use
    #[arg(long, global = true, help_heading = GLOBAL, env = "ARCA_VAULT", hide_env_values = true, value_name = "PATH")]
    pub vault: Option<PathBuf>,

    /// Identity file to decrypt with (repeatable)
    #[arg(long, global = true, help_heading = GLOBAL, env = "ARCA_IDENTITY", hide_env_values = true, value_name = "PATH")]
    pub identity: Vec<PathBuf>,

    /// Config file (rotation hooks)
    #[arg(long, global = true, help_heading = GLOBAL, env = "ARCA_CONFIG", hide_env_values = true, value_name = "PATH")]
    pub config: Option<PathBuf>,

    /// Output format [default: text; table for list and versions on a terminal]
    ///
    /// A command refuses a format it cannot honour (exit 2); see "Output
    /// formats" in arca --help.
    #[arg(short, long, global = true, help_heading = GLOBAL, value_enum, value_name = "FORMAT")]
    pub output: Option<OutputFormat>,

    /// When to use colour
    #[arg(long, global = true, help_heading = GLOBAL, value_enum, default_value_t = ColorChoice::Auto, value_name = "WHEN")]
    pub color: ColorChoice,

    /// Say on stderr which vault, identities and config are used, and timings
    ///
    /// Also lock waits and why an identity file was skipped; never a value.
    /// ARCA_VERBOSE=1 does the same.
    #[arg(short, long, global = true, help_heading = GLOBAL)]
    pub verbose: bool,

    /// Read identity files directly, even if an agent is running
    #[arg(long, global = true, help_heading = GLOBAL)]
    pub no_agent: bool,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OutputFormat {
    /// Plain values and tab-separated lines
    Text,
    /// The AWS CLI's JSON for the same call
    Json,
    /// A table for people
    Table,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

#[derive(Subcommand)]
pub enum Command {
    /// Create an identity (unless one exists) and an empty vault
    ///
    /// Prints the public key. Never overwrites an existing vault or identity;
    /// with an existing identity, only the vault is created.
    Init(InitArgs),

    /// Create a secret whose first version is AWSCURRENT
    #[command(after_long_help = VALUE_HELP)]
    Create(CreateArgs),

    /// Print a secret's value, byte-exact
    ///
    /// Also spelled `show` and `cat`, as pass and gopass users type it.
    ///
    /// Prints AWSCURRENT unless --version-stage or --version-id says
    /// otherwise. A newline is added only when stdout is a terminal.
    #[command(visible_aliases = ["show", "cat"])]
    Get(GetArgs),

    /// Store a new version of a secret
    ///
    /// The new version gets AWSCURRENT unless --version-stage says otherwise;
    /// moving AWSCURRENT moves AWSPREVIOUS to the version that had it.
    #[command(after_long_help = VALUE_HELP)]
    Put(PutArgs),

    /// List a secret's versions with their staging labels
    Versions(VersionsArgs),

    /// Move or remove a staging label
    ///
    /// A label sits on at most one version. To move a label that is on
    /// another version, name that version with --remove-from. AWSCURRENT
    /// cannot be removed, only moved; moving it gives AWSPREVIOUS to the
    /// version it left.
    Stage(StageArgs),

    /// Change a secret's description and/or store a new value
    ///
    /// With --description alone only the metadata changes. Without
    /// --description, or with a value flag, a new version becomes AWSCURRENT.
    #[command(after_long_help = VALUE_HELP)]
    Update(UpdateArgs),

    /// Show a secret's metadata, versions, rotation and dates (never the value)
    Describe(NameArgs),

    /// List secrets
    ///
    /// Filters are KEY=VALUE with KEY one of name, description, tag-key,
    /// tag-value, all. Values match as prefixes (name and tags
    /// case-sensitively); a leading ! negates; several filters must all match.
    #[command(visible_alias = "ls")]
    List(ListArgs),

    /// Add or overwrite tags
    Tag(TagArgs),

    /// Remove tags by key
    Untag(UntagArgs),

    /// Schedule a secret's deletion, or delete it now
    ///
    /// The secret can be restored until the deletion date (7 to 30 days out,
    /// 30 by default). Prints the deletion date.
    #[command(visible_alias = "rm")]
    Delete(DeleteArgs),

    /// Cancel a scheduled deletion
    Restore(NameArgs),

    /// Print several values at once
    ///
    /// In text output each value is a line `NAME LENGTH`, then exactly
    /// LENGTH bytes of value, then a newline, so any bytes are unambiguous.
    /// Secrets that cannot be read are reported on stderr (in -o json, in
    /// Errors) and do not fail the call.
    BatchGet(BatchGetArgs),

    /// Rotate a secret now, configure its rotation, or rotate every due secret
    ///
    /// Runs AWS's four steps (create, set, test, finish) through the hook
    /// named by --hook, defined in the config file. Without a hook, create
    /// makes a random password (for a JSON value, a new "password" field)
    /// and the other steps do nothing. A failed step exits 6 and keeps the
    /// AWSPENDING version; running rotate again resumes from it.
    #[command(after_long_help = ROTATE_HELP)]
    Rotate(RotateArgs),

    /// Turn rotation off and drop an unfinished AWSPENDING version's label
    CancelRotation(NameArgs),

    /// Show or change who can open the vault
    #[command(subcommand)]
    Recipients(RecipientsCommand),

    /// Print a random password from the OS random generator
    RandomPassword(PasswordArgs),

    /// Run a command with secrets as environment variables
    ///
    /// Without --mask, arca replaces itself with the command (exec): its exit
    /// status and signals are the command's own and no arca process stays
    /// behind holding values. A command that cannot be found exits 127, one
    /// that cannot be run 126, as with env(1). Every selected secret is read
    /// and checked before the command starts: a missing secret is exit 3, one
    /// scheduled for deletion exit 4, two selections giving the same variable
    /// exit 2.
    #[command(after_long_help = EXEC_HELP)]
    Exec(ExecArgs),

    /// Answer Secrets Manager's API from the vault, for AWS SDKs and the aws CLI
    ///
    /// Listens on 127.0.0.1:4587 and prints export lines: the endpoint
    /// (AWS_ENDPOINT_URL_SECRETS_MANAGER), a fresh random access key pair and
    /// a region. Every request must be signed (SigV4) with that key pair;
    /// others get AWS's errors. All 16 operations of the AWS grammar are
    /// served, through the same code as the command line. The identity is
    /// unlocked once, at start; a change to the vault file (say, by
    /// 'arca put' meanwhile) is seen by the next request. Plain HTTP is for
    /// loopback only: any other address needs --tls-cert and --tls-key.
    /// SIGINT or SIGTERM stop it.
    #[command(after_long_help = SERVE_HELP)]
    Serve(ServeArgs),

    /// Print secrets as shell, dotenv, JSON or GitHub Actions variables
    ///
    /// Takes the same selection as exec, with the same checks. When standard
    /// output is a regular file, its mode is set to 0600 before anything is
    /// written (`> .env.local` creates it with your umask; `umask 077` closes
    /// even that short window).
    #[command(after_long_help = ENV_FORMAT_HELP)]
    Env(EnvArgs),

    /// Print a shell completion script
    ///
    /// The same text as the files under completions/ in the source tree.
    Completions(CompletionsArgs),

    /// Create or update many secrets in one transaction
    ///
    /// Every entry is checked first; if any is invalid, each problem is
    /// reported with its line or key and nothing is written. A secret that
    /// exists gets a new AWSCURRENT version unless its current value is
    /// already the same.
    #[command(after_long_help = IMPORT_HELP)]
    Import(ImportArgs),

    // The AWS spellings: the aws CLI's grammar (SPEC §8), not arca's.
    /// Create a secret (AWS CreateSecret), with or without a first value
    #[command(name = "create-secret", disable_help_flag = true, after_long_help = AWS_HELP)]
    CreateSecret(AwsArgs),

    /// Print a value as AWS GetSecretValue's response
    #[command(name = "get-secret-value", disable_help_flag = true, after_long_help = AWS_HELP)]
    GetSecretValue(AwsArgs),

    /// Several values at once (AWS BatchGetSecretValue)
    #[command(name = "batch-get-secret-value", disable_help_flag = true, after_long_help = AWS_HELP)]
    BatchGetSecretValue(AwsArgs),

    /// Store a new version (AWS PutSecretValue)
    #[command(name = "put-secret-value", disable_help_flag = true, after_long_help = AWS_HELP)]
    PutSecretValue(AwsArgs),

    /// Change the description and/or store a new value (AWS UpdateSecret)
    #[command(name = "update-secret", disable_help_flag = true, after_long_help = AWS_HELP)]
    UpdateSecret(AwsArgs),

    /// A secret's metadata (AWS DescribeSecret)
    #[command(name = "describe-secret", disable_help_flag = true, after_long_help = AWS_HELP)]
    DescribeSecret(AwsArgs),

    /// List secrets (AWS ListSecrets), every page unless --max-results
    #[command(name = "list-secrets", disable_help_flag = true, after_long_help = AWS_HELP)]
    ListSecrets(AwsArgs),

    /// A secret's versions (AWS ListSecretVersionIds)
    #[command(name = "list-secret-version-ids", disable_help_flag = true, after_long_help = AWS_HELP)]
    ListSecretVersionIds(AwsArgs),

    /// Move or remove a staging label (AWS UpdateSecretVersionStage)
    #[command(name = "update-secret-version-stage", disable_help_flag = true, after_long_help = AWS_HELP)]
    UpdateSecretVersionStage(AwsArgs),

    /// Add or overwrite tags (AWS TagResource)
    #[command(name = "tag-resource", disable_help_flag = true, after_long_help = AWS_HELP)]
    TagResource(AwsArgs),

    /// Remove tags (AWS UntagResource)
    #[command(name = "untag-resource", disable_help_flag = true, after_long_help = AWS_HELP)]
    UntagResource(AwsArgs),

    /// Schedule a deletion, or delete now (AWS DeleteSecret)
    #[command(name = "delete-secret", disable_help_flag = true, after_long_help = AWS_HELP)]
    DeleteSecret(AwsArgs),

    /// Cancel a scheduled deletion (AWS RestoreSecret)
    #[command(name = "restore-secret", disable_help_flag = true, after_long_help = AWS_HELP)]
    RestoreSecret(AwsArgs),

    /// Configure rotation and/or rotate now through a hook (AWS RotateSecret)
    #[command(name = "rotate-secret", disable_help_flag = true, after_long_help = AWS_HELP)]
    RotateSecret(AwsArgs),

    /// Turn rotation off (AWS CancelRotateSecret)
    #[command(name = "cancel-rotate-secret", disable_help_flag = true, after_long_help = AWS_HELP)]
    CancelRotateSecret(AwsArgs),

    /// A random password (AWS GetRandomPassword)
    #[command(name = "get-random-password", disable_help_flag = true, after_long_help = AWS_HELP)]
    GetRandomPassword(AwsArgs),

    /// Print the current values of all live secrets
    ///
    /// Values go to standard output only; redirect them, and mind where.
    /// Binary values cannot be exported (use 'arca get NAME > FILE').
    Export(ExportArgs),

    /// Keep the vault in git: diffs without values, a merge driver
    ///
    /// Run 'arca git setup' once per clone: git never takes a merge driver
    /// from the repository itself.
    #[command(subcommand, after_long_help = GIT_HELP)]
    Git(GitCommand),

    /// List the merge conflicts recorded in the vault, or resolve them
    ///
    /// A git merge in which both sides moved the same label or set the same
    /// field differently keeps every version, picks the newer side for now
    /// and records the conflict in the vault; get and describe warn and
    /// rotate refuses until it is resolved.
    Conflicts(ConflictsArgs),

    /// Look for the vault's values in files, or in what is staged for commit
    ///
    /// Exact matches of every kept version of every secret, each string
    /// field of a JSON value, and their base64 (standard and URL-safe),
    /// percent-encoded and JSON-escaped forms. Values shorter than 8 bytes
    /// are skipped (and counted). Reports file:line:column, the secret and
    /// the version, never the value. Exit 0 when nothing is found, 1 when
    /// something is.
    #[command(after_long_help = SCAN_HELP)]
    Scan(ScanArgs),

    /// Render a template, replacing {{ arca:NAME }} references with values
    ///
    /// References: {{ arca:NAME }}, {{ arca:NAME#FIELD }} (a JSON field or
    /// pointer), {{ arca:NAME@LABEL }} (another version, e.g. AWSPREVIOUS),
    /// or both as NAME@LABEL#FIELD. Other {{ … }} are left as they are. Every
    /// reference is looked up first: a missing one fails (exit 3) before
    /// anything is written.
    #[command(after_long_help = INJECT_HELP)]
    Inject(InjectArgs),

    /// Edit a secret's value in $VISUAL or $EDITOR (default vi)
    ///
    /// The value goes into a temporary file in a memory-backed directory
    /// ($XDG_RUNTIME_DIR or /dev/shm; anything else is refused), mode 0600,
    /// overwritten and removed afterwards; vi, vim and nvim run without
    /// swap, backup, undo and viminfo files. A changed value becomes a new
    /// AWSCURRENT version; an unchanged or empty one stores nothing, and a
    /// JSON value that no longer parses is stored as text only if you say
    /// so. A newline the editor adds at the end of a value that had none is
    /// dropped.
    Edit(NameArgs),

    /// Start, stop or ask the agent that holds unlocked identities
    #[command(subcommand, after_long_help = AGENT_HELP)]
    Agent(AgentCommand),

    /// Unlock the identities once, for the agent to hold (starts it if needed)
    ///
    /// Asks for the passphrase of each passphrase-protected identity file on
    /// the terminal and hands the unlocked identity to the agent. For other
    /// identities (a plugin such as a YubiKey), opens the vault once (a touch)
    /// and hands the agent its file key. Until the agent's timers run out,
    /// commands, scripts and git ask for nothing.
    #[command(after_long_help = AGENT_HELP)]
    Unlock,

    /// Make the agent forget every identity and file key it holds now
    Lock,

    /// Add, list or remove the remotes that sync, push and pull use
    ///
    /// A remote is AWS Secrets Manager (aws) or another vault file kept as a
    /// replica (vault). Remotes are kept in the config file: endpoints,
    /// profiles and paths belong to this machine, not to the vault.
    #[command(subcommand, after_long_help = SYNC_HELP)]
    Remote(RemoteCommand),

    /// Sync secrets with a remote both ways
    ///
    /// Secret by secret, a three-way merge between this vault, the remote
    /// and the state both had at the last sync (kept in the vault), with
    /// the rules of git merges: versions keep their ids on both sides, labels,
    /// descriptions and tags take the side that changed them. A secret
    /// changed differently on both sides (the same version id with other
    /// bytes, a label moved on both) is a conflict: it is left as it is on
    /// both sides and the command exits 4 after syncing the rest, unless
    /// --prefer says which side wins. Never a value in the plan or a message.
    #[command(after_long_help = SYNC_HELP)]
    Sync(SyncArgs),

    /// Send this vault's changes to a remote (the remote keeps its own)
    #[command(after_long_help = SYNC_HELP)]
    Push(SyncArgs),

    /// Bring a remote's changes into this vault (local changes stay here)
    #[command(after_long_help = SYNC_HELP)]
    Pull(SyncArgs),
}

const SYNC_HELP: &str = "\
Safety: a secret on AWS that arca did not create (no arca:managed tag) is
only read unless --adopt; one with AWS rotation enabled or owned by an AWS
service (rds!...) is only read. Nothing is deleted on either side without
--prune, and on AWS then only with a recovery window. Rotation hooks and
schedules, KMS keys, resource policies and dates are never synced.

Examples:
  arca remote add prod aws --region eu-west-1 --prefix app/
  arca sync prod --dry-run             # the plan; -o json for scripts
  arca push prod                       # this vault's changes to AWS
  arca remote add ci vault ~/ci/ci.vault.age --filter tag-key=ci
  arca push ci                         # the replica holds exactly those
  arca describe app/db                 # replication status per remote";

#[derive(Subcommand)]
pub enum RemoteCommand {
    /// Add a remote: `NAME aws [--region R …]` or `NAME vault PATH`
    ///
    /// A vault remote is a replica: another vault file with its own
    /// recipients (--recipient, else this vault's when the file is created),
    /// which arca refuses to change except by a push from this vault.
    Add(RemoteAddArgs),
    /// List the remotes
    #[command(visible_alias = "ls")]
    List,
    /// Remove a remote from the config (nothing is deleted anywhere)
    #[command(visible_alias = "rm")]
    Remove(RemoteNameArgs),
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum RemoteKind {
    /// AWS Secrets Manager
    Aws,
    /// Another arca vault file (a replica)
    Vault,
}

#[derive(Args)]
pub struct RemoteAddArgs {
    /// The remote's name (letters, digits, - and _)
    pub name: String,
    /// What it is
    #[arg(value_enum)]
    pub kind: RemoteKind,
    /// The replica's vault file (vault remotes)
    pub path: Option<PathBuf>,
    /// AWS region (default: the SDK's chain: AWS_REGION, the profile)
    #[arg(long)]
    pub region: Option<String>,
    /// AWS profile in ~/.aws/config
    #[arg(long)]
    pub profile: Option<String>,
    /// Secrets Manager endpoint (e.g. a local test server)
    #[arg(long, value_name = "URL")]
    pub endpoint_url: Option<String>,
    /// KMS key for the secrets arca creates on AWS
    #[arg(long, value_name = "KEY")]
    pub kms_key_id: Option<String>,
    /// Only secrets whose names start with this (same names on both sides)
    #[arg(long)]
    pub prefix: Option<String>,
    /// Only secrets matching KEY=VALUE, as list --filter (repeatable, all must match)
    #[arg(long = "filter", value_name = "KEY=VALUE")]
    pub filters: Vec<String>,
    /// Recipient of a replica file that does not exist yet (repeatable)
    #[arg(long = "recipient", value_name = "KEY")]
    pub recipients: Vec<String>,
}

#[derive(Args)]
pub struct RemoteNameArgs {
    /// The remote's name
    pub name: String,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Prefer {
    Local,
    Remote,
}

#[derive(Args)]
pub struct SyncArgs {
    /// The remote's name (see 'arca remote list')
    pub remote: String,
    /// Only these secrets (default: every secret the remote's --prefix and
    /// --filter select)
    pub names: Vec<String>,
    /// Print the plan and change nothing
    #[arg(long, short = 'n')]
    pub dry_run: bool,
    /// Settle conflicts for this side instead of skipping the secret
    #[arg(long, value_enum, value_name = "SIDE")]
    pub prefer: Option<Prefer>,
    /// Take over remote secrets that arca did not create (tags them)
    #[arg(long)]
    pub adopt: bool,
    /// Carry deletions over: a secret scheduled for deletion on one side is
    /// scheduled on the other (on AWS with a recovery window)
    #[arg(long)]
    pub prune: bool,
}

const AGENT_HELP: &str = "\
The agent holds unlocked identities and the file keys of vault headers (never
the vault, unless started with --cache-vault) for an idle time-to-live that
each use extends (default 15m) and a lifetime that nothing extends (default
8h); time spent suspended counts. Its socket is in $XDG_RUNTIME_DIR/arca/
(ARCA_AGENT_SOCK overrides). Commands use it when it answers and read the
identity files otherwise; --no-agent or ARCA_AGENT=off leave it out.

Examples:
  arca unlock                          # asks once, starts the agent if needed
  for s in a b c; do arca get \"$s\"; done
  arca agent status                    # never extends a timer
  arca lock                            # forget everything now
  eval \"$(arca agent start --ttl 1h)\"  # or --foreground for a systemd unit";

#[derive(Subcommand)]
pub enum AgentCommand {
    /// Start the agent (in the background unless --foreground)
    ///
    /// Prints a line for the shell to eval that sets ARCA_AGENT_SOCK. A
    /// second start while one runs exits 4 and says so.
    Start(AgentStartArgs),
    /// Stop the agent; its memory is wiped
    Stop,
    /// Show whether the agent is unlocked, what it holds and when it locks
    ///
    /// Exits 3 when no agent is running. Asking does not extend any timer.
    Status,
}

#[derive(Args)]
pub struct AgentStartArgs {
    /// Lock after this long without use (e.g. 30s, 15m, 1h)
    #[arg(long, value_name = "DURATION", default_value = "15m")]
    pub ttl: String,

    /// Lock this long after unlocking, however much it is used
    #[arg(long, value_name = "DURATION", default_value = "8h")]
    pub max_ttl: String,

    /// Stay in the foreground (for a systemd user unit or a terminal)
    #[arg(long)]
    pub foreground: bool,

    /// Also hold the decrypted vault, so that get answers from memory
    #[arg(long)]
    pub cache_vault: bool,
}

const GIT_HELP: &str = "\
Examples:
  arca git setup --vault secrets/vault.age       # once per clone
  arca git setup --vault secrets/vault.age --pre-commit
  git log -p secrets/vault.age                   # versions and labels, never values";

#[derive(Subcommand)]
pub enum GitCommand {
    /// Configure this repository and clone for the vault (idempotent)
    ///
    /// Writes .gitattributes (the vault: diff=arca merge=arca -text), puts
    /// the vault's lock and temp files in .gitignore, and sets this clone's
    /// merge.arca.driver and diff.arca.textconv. The vault is --vault (or
    /// ARCA_VAULT), inside the repository.
    Setup(GitSetupArgs),

    /// Print a vault as text for git diff: never a value, never a prompt
    ///
    /// Recipients, then each secret's id, description, tags, rotation,
    /// deletion and versions (id, date, labels, kind). Decrypts with
    /// ARCA_KEY or an identity file without a passphrase; otherwise prints
    /// one line saying so and exits 0.
    Textconv(TextconvArgs),

    /// Merge two versions of a vault (git's merge driver: %O %A %B %P)
    ///
    /// Writes the merged vault to OURS, encrypted to the merged recipients.
    /// Exit 1 when a conflict was recorded (see 'arca conflicts').
    MergeDriver(MergeDriverArgs),
}

#[derive(Args)]
pub struct GitSetupArgs {
    /// Also install a pre-commit hook running 'arca scan --staged'
    #[arg(long)]
    pub pre_commit: bool,
}

#[derive(Args)]
pub struct TextconvArgs {
    /// The vault file to print
    pub file: PathBuf,
}

#[derive(Args)]
pub struct MergeDriverArgs {
    /// The common ancestor (%O)
    pub base: PathBuf,
    /// Ours (%A): the merged vault is written here
    pub ours: PathBuf,
    /// Theirs (%B)
    pub theirs: PathBuf,
    /// The vault's path in the repository (%P), for messages
    pub path: Option<String>,
}

#[derive(Args)]
pub struct ConflictsArgs {
    #[command(subcommand)]
    pub command: Option<ConflictsCommand>,
}

#[derive(Subcommand)]
pub enum ConflictsCommand {
    /// Settle recorded conflicts: ours, theirs, the newest, or a version
    Resolve(ResolveArgs),
}

#[derive(Args)]
#[command(group(ArgGroup::new("which").required(true).args(["name", "all"])))]
pub struct ResolveArgs {
    /// The secret whose conflicts to settle
    pub name: Option<String>,

    /// Settle every recorded conflict
    #[arg(long)]
    pub all: bool,

    /// ours, theirs, newest (the provisional winner), or a VERSION_ID for a label
    #[arg(long, value_name = "ours|theirs|newest|VERSION_ID")]
    pub take: String,
}

const SCAN_HELP: &str = "\
Examples:
  arca scan                       # the current directory, recursively
  arca scan --staged              # what the next commit would hold (a pre-commit hook)
  arca scan --all-history -o json # every blob in the repository's history";

#[derive(Args)]
pub struct ScanArgs {
    /// Files or folders to scan (default: the current folder); with
    /// --staged or --all-history, paths in the repository to limit to
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,

    /// Scan the git index (what is about to be committed), not the files
    #[arg(long)]
    pub staged: bool,

    /// Scan every blob of the repository's history once
    #[arg(long, conflicts_with = "staged")]
    pub all_history: bool,
}

const INJECT_HELP: &str = "\
Examples:
  arca inject -i config.yml.tpl --out-file config.yml
  echo 'postgres://app:{{ arca:dev/db#password }}@db:5432/app' | arca inject";

#[derive(Args)]
pub struct InjectArgs {
    /// Template to read [default: standard input]
    #[arg(short = 'i', long = "in-file", value_name = "FILE")]
    pub in_file: Option<PathBuf>,

    /// Write here (created with mode 0600) instead of standard output
    ///
    /// -o is arca's output format everywhere, hence the long name.
    #[arg(long = "out-file", value_name = "FILE")]
    pub out_file: Option<PathBuf>,
}

const IMPORT_HELP: &str = "\
Formats:
  dotenv  KEY=value lines; 'export KEY=value', \"double\" quotes with \\n \\t \\\" \\$
          escapes, 'single' quotes taken literally, # comments and blank lines.
          The secret name is the key (after --prefix).
  json    {\"name\": \"value\", \"other\": {\"user\": \"u\"}}: a string is stored
          as is, an object or array as its JSON text.
  aws     what 'aws secretsmanager batch-get-secret-value' prints
          ({\"SecretValues\": [...]}), or a JSON array of get-secret-value outputs
          (Name, SecretString or SecretBinary in base64; Description and Tags
          as create-secret takes them are kept).

Examples:
  arca import .env --format dotenv --prefix app/
  aws secretsmanager batch-get-secret-value --filters Key=name,Values=prod/ \\
    | arca import - --format aws";

const VALUE_HELP: &str = "\
The value comes from exactly one of --value-file, --binary-file, --generate or
--secret-string; with none of them, from a hidden prompt (asked twice) on a
terminal, otherwise from standard input, byte-exact.";

#[derive(Args)]
pub struct InitArgs {
    /// Protect the new identity with a passphrase (asked twice)
    #[arg(long)]
    pub passphrase: bool,

    /// Also encrypt the vault to this recipient (age1…, ssh-ed25519 …; repeatable)
    #[arg(long, value_name = "KEY")]
    pub recipient: Vec<String>,
}

#[derive(Args)]
pub struct CreateArgs {
    /// Secret name: 1–512 of A-Z a-z 0-9 / _ + = . @ -
    pub name: String,

    /// What the secret is for
    #[arg(long)]
    pub description: Option<String>,

    /// A tag as KEY=VALUE (repeatable)
    #[arg(long = "tag", value_name = "KEY=VALUE")]
    pub tags: Vec<String>,

    #[command(flatten)]
    pub value: ValueArgs,

    /// Version id of the first version (32–64 chars); repeating the same call is a no-op
    #[arg(long, value_name = "TOKEN")]
    pub client_request_token: Option<String>,
}

#[derive(Args)]
#[group(id = "value-source", multiple = false)]
pub struct ValueArgs {
    /// Read the value from a file (- for standard input)
    #[arg(long, value_name = "PATH", group = "value-source")]
    pub value_file: Option<PathBuf>,

    /// Read a binary value (SecretBinary) from a file (- for standard input)
    #[arg(long, value_name = "PATH", group = "value-source")]
    pub binary_file: Option<PathBuf>,

    /// Generate a random password (takes the random-password flags)
    #[arg(long, group = "value-source")]
    pub generate: bool,

    /// The value itself, for AWS parity; other processes can read argv, so avoid it
    #[arg(long, value_name = "TEXT", group = "value-source")]
    pub secret_string: Option<String>,

    #[command(flatten)]
    pub password: PasswordArgs,
}

#[derive(Args)]
pub struct GetArgs {
    /// Secret name or id
    pub name: String,

    /// The version with this id
    #[arg(long, value_name = "ID", conflicts_with = "version_stage")]
    pub version_id: Option<String>,

    /// The version with this staging label
    #[arg(long, value_name = "LABEL")]
    pub version_stage: Option<String>,

    /// Print one field of a JSON value: a top-level key, or a JSON pointer like /db/host
    #[arg(long, value_name = "KEY")]
    pub field: Option<String>,

    /// Copy the value (or --field) to the clipboard instead of printing it
    ///
    /// Uses wl-copy, xclip, xsel or pbcopy, whichever the session has, and
    /// clears the clipboard after --clip-seconds unless something else was
    /// copied since (as pass -c does).
    #[arg(short = 'c', long)]
    pub clip: bool,

    /// Seconds before the clipboard is cleared
    #[arg(long, value_name = "SECONDS", default_value_t = 45, requires = "clip",
          value_parser = clap::value_parser!(u64).range(1..=86_400))]
    pub clip_seconds: u64,
}

#[derive(Args)]
pub struct PutArgs {
    /// Secret name or id
    pub name: String,

    /// Staging label for the new version (repeatable) [default: AWSCURRENT]
    #[arg(long, value_name = "LABEL")]
    pub version_stage: Vec<String>,

    #[command(flatten)]
    pub value: ValueArgs,

    /// Version id of the new version (32–64 chars); repeating the same call is a no-op
    #[arg(long, value_name = "TOKEN")]
    pub client_request_token: Option<String>,
}

#[derive(Args)]
pub struct VersionsArgs {
    /// Secret name or id
    pub name: String,

    /// Also list versions without a staging label
    #[arg(long)]
    pub include_deprecated: bool,
}

#[derive(Args)]
pub struct StageArgs {
    /// Secret name or id
    pub name: String,

    /// The staging label
    pub label: String,

    /// Put the label on this version
    #[arg(
        long,
        value_name = "VERSION_ID",
        required_unless_present = "remove_from"
    )]
    pub move_to: Option<String>,

    /// Take the label off this version
    #[arg(long, value_name = "VERSION_ID")]
    pub remove_from: Option<String>,
}

#[derive(Args, Clone, PartialEq, Eq)]
pub struct PasswordArgs {
    /// Password length
    #[arg(long, default_value_t = 32, value_parser = clap::value_parser!(u16).range(1..=4096))]
    pub length: u16,

    /// Characters never to use
    #[arg(long, value_name = "CHARS")]
    pub exclude_characters: Option<String>,

    /// No digits
    #[arg(long)]
    pub exclude_numbers: bool,

    /// No punctuation (!"#$%&'()*+,-./:;<=>?@[\]^_`{|}~)
    #[arg(long)]
    pub exclude_punctuation: bool,

    /// No upper-case letters
    #[arg(long)]
    pub exclude_uppercase: bool,

    /// No lower-case letters
    #[arg(long)]
    pub exclude_lowercase: bool,

    /// Also use the space character
    #[arg(long)]
    pub include_space: bool,

    /// At least one character of each included type [default]
    #[arg(long, overrides_with = "no_require_each_included_type")]
    pub require_each_included_type: bool,

    /// Characters of any included type, not necessarily each
    #[arg(long, action = ArgAction::SetTrue)]
    pub no_require_each_included_type: bool,
}

impl ValueArgs {
    /// Whether a flag names where the value comes from.
    pub fn given(&self) -> bool {
        self.value_file.is_some()
            || self.binary_file.is_some()
            || self.generate
            || self.secret_string.is_some()
    }
}

/// AWS GetRandomPassword's defaults, as the flags give them.
impl Default for PasswordArgs {
    fn default() -> Self {
        PasswordArgs {
            length: 32,
            exclude_characters: None,
            exclude_numbers: false,
            exclude_punctuation: false,
            exclude_uppercase: false,
            exclude_lowercase: false,
            include_space: false,
            require_each_included_type: false,
            no_require_each_included_type: false,
        }
    }
}

const ROTATE_HELP: &str = "\
Config (the hook runs through sh -c once per step; ARCA_STEP tells which):
  [hooks.postgres]
  command = \"~/bin/rotate-pg.sh\"   # or create/set/test/finish = \"…\"
  timeout = \"60s\"

Each step gets ARCA_STEP, ARCA_SECRET_NAME, ARCA_SECRET_ID, ARCA_VERSION_ID
(the pending version) and ARCA_VAULT, and on stdin a JSON document with the
current and pending versions and values. A create step prints the new value.

Examples:
  arca rotate prod/db --hook postgres --every 30d
  arca rotate prod/db --schedule 'cron(0 4 ? * SUN *)' --window 2h
  arca rotate --due        # from cron or a CI schedule";

#[derive(Args)]
pub struct RotateArgs {
    /// Secret name or id
    #[arg(required_unless_present = "due")]
    pub name: Option<String>,

    /// Rotate every secret whose next rotation date has passed
    #[arg(long, conflicts_with_all = ["name", "hook", "every", "schedule", "window", "no_rotate_immediately", "client_request_token"])]
    pub due: bool,

    /// The hook (from the config file) that carries out the steps
    #[arg(long, value_name = "NAME")]
    pub hook: Option<String>,

    /// Rotate every N days (1–1000), e.g. 30d
    #[arg(long, value_name = "DAYS", conflicts_with = "schedule")]
    pub every: Option<String>,

    /// 'rate(N days|hours)' or AWS's six-field 'cron(…)', in UTC
    #[arg(long, value_name = "EXPR")]
    pub schedule: Option<String>,

    /// How long after a scheduled start the rotation may run (1h–24h)
    #[arg(long, value_name = "DURATION")]
    pub window: Option<String>,

    /// Only configure; the next rotation counts from now
    #[arg(long)]
    pub no_rotate_immediately: bool,

    /// Version id for the pending version (32–64 chars)
    #[arg(long, value_name = "TOKEN")]
    pub client_request_token: Option<String>,
}

#[derive(Args)]
pub struct NameArgs {
    /// Secret name or id
    pub name: String,
}

#[derive(Args)]
pub struct UpdateArgs {
    /// Secret name or id
    pub name: String,

    /// New description
    #[arg(long)]
    pub description: Option<String>,

    #[command(flatten)]
    pub value: ValueArgs,

    /// Version id of the new version (32–64 chars); repeating the same call is a no-op
    #[arg(long, value_name = "TOKEN")]
    pub client_request_token: Option<String>,
}

#[derive(Args)]
pub struct ListArgs {
    /// KEY=VALUE with KEY name, description, tag-key, tag-value or all (repeatable)
    #[arg(long = "filter", value_name = "KEY=VALUE")]
    pub filters: Vec<String>,

    /// Also list secrets scheduled for deletion
    #[arg(long)]
    pub include_planned_deletion: bool,

    /// Order by name
    #[arg(long, value_enum, default_value_t = SortOrder::Asc)]
    pub sort: SortOrder,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SortOrder {
    Asc,
    Desc,
}

#[derive(Args)]
pub struct TagArgs {
    /// Secret name or id
    pub name: String,

    /// Tags as KEY=VALUE
    #[arg(required = true, value_name = "KEY=VALUE")]
    pub tags: Vec<String>,
}

#[derive(Args)]
pub struct UntagArgs {
    /// Secret name or id
    pub name: String,

    /// Tag keys to remove
    #[arg(required = true, value_name = "KEY")]
    pub keys: Vec<String>,
}

#[derive(Args)]
pub struct DeleteArgs {
    /// Secret name or id
    pub name: String,

    /// Days until the secret is gone for good
    #[arg(long, value_name = "DAYS", value_parser = clap::value_parser!(u16).range(7..=30))]
    pub recovery_window_days: Option<u16>,

    /// Delete now, with no way back (succeeds when the secret does not exist)
    #[arg(long, conflicts_with = "recovery_window_days")]
    pub force_delete_without_recovery: bool,
}

#[derive(Args)]
#[group(id = "selection", required = true, multiple = false)]
pub struct BatchGetArgs {
    /// Secret names or ids
    #[arg(group = "selection")]
    pub names: Vec<String>,

    /// Select by filter instead, as in list (repeatable)
    #[arg(long = "filter", value_name = "KEY=VALUE", group = "selection")]
    pub filters: Vec<String>,
}

#[derive(Subcommand)]
pub enum RecipientsCommand {
    /// Print the vault's recipients and their labels
    ///
    /// A table on a terminal; in a pipe one recipient a line, followed by a
    /// tab and its label when it has one.
    #[command(visible_alias = "ls")]
    List,

    /// Add recipients and re-encrypt the vault to them
    ///
    /// Adding a recipient the vault already has (with or without an ssh
    /// key's comment) changes nothing but its --label.
    Add(RecipientsAddArgs),

    /// Remove recipients (by key or label) and re-encrypt the vault without them
    ///
    /// A key matches with or without an ssh key's comment. A removed
    /// recipient cannot open later versions of the file, but keeps whatever
    /// copies it already had: rotate the secrets it could read.
    #[command(visible_alias = "rm")]
    Remove(RecipientKeys),
}

#[derive(Args)]
pub struct RecipientsAddArgs {
    /// Recipients: age1…, ssh-ed25519 …, ssh-rsa …, or a plugin recipient
    #[arg(required = true, value_name = "KEY")]
    pub keys: Vec<String>,

    /// A name for the recipient (one KEY), unique in this vault, e.g. alice-laptop
    #[arg(long, value_name = "NAME")]
    pub label: Option<String>,
}

#[derive(Args)]
pub struct RecipientKeys {
    /// Recipients: their key (age1…, ssh-ed25519 AAAA… with or without comment) or label
    #[arg(required = true, value_name = "KEY|LABEL")]
    pub keys: Vec<String>,
}

const EXEC_HELP: &str = "\
Examples:
  arca exec --env DATABASE_URL=prod/db#url --env API_TOKEN=prod/api -- ./server
  arca exec --prefix prod/payments/ -- make deploy
  arca exec --mask --prefix ci/ -- ./integration-tests.sh
  arca exec --no-inherit-env --env PGPASSWORD=prod/db#password -- psql";

const ENV_FORMAT_HELP: &str = "\
Formats:
  shell   export NAME='value' lines, for eval in bash, dash and zsh
  dotenv  NAME=\"value\" lines, backslash, quote, newline and CR escaped; $ is literal
  json    one object, {\"NAME\": \"value\"}
  github  ::add-mask:: lines on stdout, then NAME<<DELIMITER entries appended
          to the file named by $GITHUB_ENV (an error when it is not set)

Examples:
  eval \"$(arca env --prefix dev/)\"
  arca env --prefix dev/ --format dotenv > .env.local
  arca env --filter tag-key=ci --format github";

const SERVE_HELP: &str = "\
Examples:
  arca serve
  arca serve --listen 127.0.0.1:0 --credentials-file
  arca serve --agent-protocol
  arca serve --listen 0.0.0.0:4587 --tls-cert cert.pem --tls-key key.pem
  arca exec --aws -- python app.py";

#[derive(Args)]
pub struct ServeArgs {
    /// Address and port to listen on (port 0: any free one)
    #[arg(long, value_name = "ADDR:PORT", default_value = "127.0.0.1:4587")]
    pub listen: std::net::SocketAddr,

    /// TLS certificate chain (PEM), required off loopback
    #[arg(long, value_name = "PATH", requires = "tls_key")]
    pub tls_cert: Option<PathBuf>,

    /// TLS private key (PEM)
    #[arg(long, value_name = "PATH", requires = "tls_cert")]
    pub tls_key: Option<PathBuf>,

    /// Keep the key pair in this AWS credentials file (mode 0600) instead
    /// of printing it
    ///
    /// Made with a fresh pair when missing and reused after that, so clients
    /// configured once keep working across restarts. Default path:
    /// serve-credentials beside the config file.
    #[arg(long, value_name = "PATH", num_args = 0..=1)]
    #[allow(clippy::option_option)]
    pub credentials_file: Option<Option<PathBuf>>,

    /// Also answer the Secrets Manager Agent's GET /secretsmanager/get?secretId=ID
    ///
    /// Requests must carry X-Aws-Parameters-Secrets-Token: the value of
    /// AWS_TOKEN in arca's environment, or else a random token printed in
    /// the export lines as AWS_TOKEN.
    #[arg(long)]
    pub agent_protocol: bool,
}

/// Which secrets become which variables, shared by exec and env.
/// At least one of --env, --prefix, --filter (the "selection" group, which
/// `ExecArgs` and `EnvArgs` declare so that --version-stage is not in it).
#[derive(Args)]
#[group(skip)]
pub struct SelectionArgs {
    /// VAR gets the secret NAME (or one field of its JSON value) (repeatable)
    ///
    /// FIELD is a top-level key or a JSON pointer like /db/host; a string
    /// field gives its text, anything else compact JSON.
    #[arg(long = "env", value_name = "VAR=NAME[#FIELD]", group = "selection")]
    pub env: Vec<String>,

    /// Variables from a file of VAR=arca:NAME[@LABEL][#FIELD] and VAR=value
    /// lines (repeatable)
    ///
    /// dotenv syntax (quotes, # comments, export); a value starting with
    /// arca: is a reference to a secret, any other is passed as is. Commit
    /// the file: it declares what the process gets, not the values.
    #[arg(long = "env-file", value_name = "FILE", group = "selection")]
    pub env_files: Vec<PathBuf>,

    /// Every secret under PREFIX, named from the rest of its name (repeatable)
    ///
    /// The rest is upper-cased with every other character as _, so
    /// --prefix prod/ gives prod/db-url as DB_URL. A JSON object value gives
    /// one variable per top-level field instead: prod/db with {"user": …}
    /// gives DB_USER.
    #[arg(long = "prefix", value_name = "PREFIX", group = "selection")]
    pub prefixes: Vec<String>,

    /// Only secrets matching KEY=VALUE, as in list (repeatable)
    ///
    /// With --prefix, narrows what the prefixes select; alone, selects every
    /// matching secret, named from its whole name.
    #[arg(long = "filter", value_name = "KEY=VALUE", group = "selection")]
    pub filters: Vec<String>,

    /// Read the version with this staging label instead of AWSCURRENT
    ///
    /// Every selected secret must have it.
    #[arg(long, value_name = "LABEL")]
    pub version_stage: Option<String>,
}

#[derive(Args)]
#[command(group = ArgGroup::new("selection").required(true).multiple(true))]
pub struct ExecArgs {
    #[command(flatten)]
    pub selection: SelectionArgs,

    /// Keep arca as the parent and replace every secret value (and its
    /// base64 form) in the command's output with ***
    ///
    /// Not masked: values shorter than 6 characters (named once on stderr)
    /// and connection metadata, the JSON fields engine, host, port, username,
    /// dbname, dbInstanceIdentifier and dbClusterIdentifier. A whole JSON
    /// value also masks each of its other fields. On a terminal the command
    /// writes to a pseudo-terminal, so its colours and progress bars stay.
    /// SIGINT and SIGTERM are passed on to the command; arca exits with its
    /// code, or 128 + the signal that killed it.
    #[arg(long)]
    pub mask: bool,

    /// Give the command its own Secrets Manager endpoint (arca serve on a
    /// random loopback port) and credentials, for AWS SDK code
    ///
    /// The command's environment gets AWS_ENDPOINT_URL_SECRETS_MANAGER,
    /// AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY and AWS_REGION; arca stays
    /// as the parent, passes SIGINT and SIGTERM on, stops the server when
    /// the command exits and exits with its status.
    #[arg(long, group = "selection")]
    pub aws: bool,

    /// Start the command with only the injected variables and PATH, HOME,
    /// USER, LANG, TERM
    #[arg(long)]
    pub no_inherit_env: bool,

    /// Pass ARCA_KEY on to the command (removed from its environment
    /// otherwise: it opens the whole vault)
    #[arg(long)]
    pub pass_key: bool,

    /// The command and its arguments
    #[arg(required = true, last = true, value_name = "CMD")]
    pub command: Vec<OsString>,
}

#[derive(Args)]
#[command(group = ArgGroup::new("selection").required(true).multiple(true))]
pub struct EnvArgs {
    #[command(flatten)]
    pub selection: SelectionArgs,

    /// How to print the variables
    #[arg(long, value_enum, default_value_t = EnvFormat::Shell, value_name = "FORMAT")]
    pub format: EnvFormat,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum EnvFormat {
    /// export NAME='value', for eval
    Shell,
    /// NAME="value", for dotenv readers
    Dotenv,
    /// A JSON object
    Json,
    /// GitHub Actions: masks on stdout, values appended to $GITHUB_ENV
    Github,
}

#[derive(Args)]
pub struct CompletionsArgs {
    /// The shell to complete for
    #[arg(value_enum)]
    pub shell: Shell,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Shell {
    Bash,
    Zsh,
    Fish,
    Elvish,
    Powershell,
}

#[derive(Args)]
pub struct ImportArgs {
    /// File to read (- for standard input)
    pub file: PathBuf,

    /// What the file holds
    #[arg(long, value_enum)]
    pub format: ImportFormat,

    /// Put this in front of every name (e.g. app/)
    #[arg(long, value_name = "PREFIX", default_value = "")]
    pub prefix: String,

    /// Only list what would change; write nothing
    #[arg(long)]
    pub dry_run: bool,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ImportFormat {
    /// KEY=value lines
    Dotenv,
    /// A JSON object of name → value
    Json,
    /// The AWS CLI's batch-get-secret-value or get-secret-value output
    Aws,
}

#[derive(Args)]
pub struct ExportArgs {
    /// Output format (json keeps every name as it is)
    #[arg(long, value_enum, default_value_t = ExportFormat::Json)]
    pub format: ExportFormat,

    /// Only secrets whose name starts with PREFIX; dotenv keys leave it out
    #[arg(long, value_name = "PREFIX", default_value = "")]
    pub prefix: String,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExportFormat {
    /// A JSON object of name → value
    Json,
    /// KEY="value" lines, KEY from the name: upper-cased, other characters as _
    Dotenv,
}

const AWS_HELP: &str = "\
The aws CLI's grammar, so that `aws secretsmanager OPERATION …` ports by
replacing `aws secretsmanager` with `arca`: the operation's flags as the AWS
CLI reference lists them ('arca OPERATION help' prints them), with JSON,
shorthand (Key=a,Value=b), file:// and fileb:// values, --cli-input-json,
--query (JMESPath) and --output json|text|table (default json). Errors read
'An error occurred (Code) when calling the Operation operation: …'.
AWS-only concepts (KMS keys, replicas, Lambda ARNs) are refused with a hint;
rotation takes arca's --hook NAME. --region and --profile are ignored.

Exit status (the aws CLI v2's): 0 ok, 252 usage, 254 service error, 255 other.

Examples:
  arca get-secret-value --secret-id prod/db --query SecretString --output text
  arca create-secret --name prod/api --secret-string file://token.txt --tags Key=team,Value=pay
  arca list-secrets --filters Key=name,Values=prod/ --query 'SecretList[].Name'";

/// An AWS-spelled operation's words, parsed by arca's aws CLI front.
#[derive(Args)]
pub struct AwsArgs {
    /// The aws CLI's parameters for this operation
    #[arg(trailing_var_arg = true, allow_hyphen_values = true, num_args = 0.., value_name = "PARAMETERS")]
    pub args: Vec<OsString>,
}

/// The AWS spellings, whose words the aws CLI front parses.
pub const AWS_OPERATIONS: [&str; 16] = [
    "create-secret",
    "get-secret-value",
    "batch-get-secret-value",
    "put-secret-value",
    "update-secret",
    "describe-secret",
    "list-secrets",
    "list-secret-version-ids",
    "update-secret-version-stage",
    "tag-resource",
    "untag-resource",
    "delete-secret",
    "restore-secret",
    "rotate-secret",
    "cancel-rotate-secret",
    "get-random-password",
];

impl Cli {
    /// Parses the command line. The words after an AWS operation are left
    /// whole to the aws CLI front: clap never reads them, since there
    /// `--output yaml`, `--color off` or `--help` mean what the aws CLI
    /// makes of them.
    pub fn try_parse_all(args: Vec<OsString>) -> Result<Cli, clap::Error> {
        let at = args
            .iter()
            .skip(1)
            .position(|a| a.to_str().is_some_and(|a| AWS_OPERATIONS.contains(&a)))
            .map(|i| i + 1);
        let Some(at) = at else {
            return Cli::try_parse_from(args);
        };
        let mut cli = Cli::try_parse_from(&args[..=at])?;
        if let Some(aws) = cli.command.aws_args() {
            aws.args = args[at + 1..].to_vec();
        }
        Ok(cli)
    }
}

impl Command {
    fn aws_args(&mut self) -> Option<&mut AwsArgs> {
        match self {
            Command::CreateSecret(a) => Some(a),
            Command::GetSecretValue(a) => Some(a),
            Command::BatchGetSecretValue(a) => Some(a),
            Command::PutSecretValue(a) => Some(a),
            Command::UpdateSecret(a) => Some(a),
            Command::DescribeSecret(a) => Some(a),
            Command::ListSecrets(a) => Some(a),
            Command::ListSecretVersionIds(a) => Some(a),
            Command::UpdateSecretVersionStage(a) => Some(a),
            Command::TagResource(a) => Some(a),
            Command::UntagResource(a) => Some(a),
            Command::DeleteSecret(a) => Some(a),
            Command::RestoreSecret(a) => Some(a),
            Command::RotateSecret(a) => Some(a),
            Command::CancelRotateSecret(a) => Some(a),
            Command::GetRandomPassword(a) => Some(a),
            _ => None,
        }
    }

    /// An AWS-spelled operation: its command name and its words.
    pub fn aws_operation(&mut self) -> Option<(&'static str, Vec<OsString>)> {
        let (name, args) = match self {
            Command::CreateSecret(a) => ("create-secret", a),
            Command::GetSecretValue(a) => ("get-secret-value", a),
            Command::BatchGetSecretValue(a) => ("batch-get-secret-value", a),
            Command::PutSecretValue(a) => ("put-secret-value", a),
            Command::UpdateSecret(a) => ("update-secret", a),
            Command::DescribeSecret(a) => ("describe-secret", a),
            Command::ListSecrets(a) => ("list-secrets", a),
            Command::ListSecretVersionIds(a) => ("list-secret-version-ids", a),
            Command::UpdateSecretVersionStage(a) => ("update-secret-version-stage", a),
            Command::TagResource(a) => ("tag-resource", a),
            Command::UntagResource(a) => ("untag-resource", a),
            Command::DeleteSecret(a) => ("delete-secret", a),
            Command::RestoreSecret(a) => ("restore-secret", a),
            Command::RotateSecret(a) => ("rotate-secret", a),
            Command::CancelRotateSecret(a) => ("cancel-rotate-secret", a),
            Command::GetRandomPassword(a) => ("get-random-password", a),
            _ => return None,
        };
        Some((name, std::mem::take(&mut args.args)))
    }
}
