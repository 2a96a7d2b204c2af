//! Throwaway PostgreSQL cluster for integration tests (std + `tempfile`).
//!
//! ```ignore
//! let Some(pg) = common::pg::PgCluster::start() else {
//!     eprintln!("skipping: PostgreSQL server binaries not installed");
//!     return;
//! };
//! pg.exec_sql_as_superuser("CREATE ROLE app LOGIN PASSWORD 'secret'");
//! assert!(pg.can_login("app", "secret"));
//! ```
//!
//! * `start()` returns `None` when no PostgreSQL server binaries (initdb,
//!   pg_ctl, psql) are found, so a plain `cargo test` without PostgreSQL
//!   skips. Set `ARCA_REQUIRE_PG=1` (CI) to turn that into a panic so that a
//!   broken install cannot silently skip the tests. Any other failure panics
//!   with the server log.
//! * Binaries: `$PG_BINDIR`, else `pg_config --bindir`, else the newest
//!   `/usr/lib/postgresql/<ver>/bin` (Debian/Ubuntu), else `initdb` on `PATH`.
//! * The cluster listens on a unix socket only (`listen_addresses = ''`) in
//!   its own temp dir; authentication is scram-sha-256 for everything
//!   (`initdb --auth=scram-sha-256`), superuser `postgres` with the password
//!   from `superuser_password()` (set via `--pwfile`).
//! * initdb refuses to run as root. When the tests run as root, the server
//!   runs as an unprivileged user (`postgres` if it exists, else `nobody`)
//!   via `runuser -u USER --` (or `setpriv` if runuser is missing), and the
//!   temp dir is chowned to that user. Clients (psql) run as the caller.
//! * Speed: `initdb --no-sync`, `fsync = off`, tiny settings; start is about
//!   a second.
//! * Drop stops the server (`pg_ctl stop -m immediate`) and removes the dir.
#![allow(dead_code)]

use std::cell::Cell;
use std::fs;
use std::io::Write;
use std::net::TcpListener;
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

const SUPERUSER: &str = "postgres";

pub struct PgCluster {
    bindir: PathBuf,
    // Declared before nothing else that matters; removed in Drop after stop.
    dir: tempfile::TempDir,
    data: PathBuf,
    log: PathBuf,
    port: u16,
    password: String,
    /// `Some(user)` when the server runs as another (unprivileged) user.
    run_as: Option<String>,
    running: Cell<bool>,
}

impl PgCluster {
    /// Create, configure and start a fresh cluster. `None` if PostgreSQL is
    /// not installed (see the module docs for `ARCA_REQUIRE_PG`).
    pub fn start() -> Option<PgCluster> {
        let Some(bindir) = find_bindir() else {
            if std::env::var_os("ARCA_REQUIRE_PG").is_some_and(|v| !v.is_empty() && v != "0") {
                panic!("ARCA_REQUIRE_PG is set but no PostgreSQL server binaries were found (set PG_BINDIR)");
            }
            return None;
        };

        // Unix socket paths are limited to ~107 bytes: keep the dir short.
        let base = std::env::temp_dir();
        let base = if base.as_os_str().len() > 60 { PathBuf::from("/tmp") } else { base };
        let dir = tempfile::Builder::new()
            .prefix("arca-pg.")
            .tempdir_in(&base)
            .or_else(|_| tempfile::Builder::new().prefix("arca-pg.").tempdir_in("/tmp"))
            .expect("create temp dir for PostgreSQL");

        // We own what we just created: its uid is our euid.
        let run_as = if fs::metadata(dir.path()).expect("stat temp dir").uid() == 0 {
            let user = ["postgres", "nobody"]
                .into_iter()
                .find(|u| uid_gid_of(u).is_some())
                .expect("running as root and found neither a 'postgres' nor a 'nobody' user to run PostgreSQL as");
            let (uid, gid) = uid_gid_of(user).unwrap();
            std::os::unix::fs::chown(dir.path(), Some(uid), Some(gid)).expect("chown temp dir");
            Some(user.to_string())
        } else {
            None
        };

        let data = dir.path().join("data");
        let log = dir.path().join("server.log");
        let password = random_password();
        let cluster = PgCluster {
            bindir,
            data,
            log,
            port: free_port(),
            password,
            run_as,
            running: Cell::new(false),
            dir,
        };
        cluster.initdb();
        cluster.restart();
        Some(cluster)
    }

    /// Directory holding the server's unix socket (use as host / PGHOST).
    pub fn socket_dir(&self) -> &Path {
        self.dir.path()
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    /// Superuser role name (`postgres`).
    pub fn superuser(&self) -> &str {
        SUPERUSER
    }

    /// Password of the `postgres` superuser (random per cluster).
    pub fn superuser_password(&self) -> &str {
        &self.password
    }

    /// libpq-style JSON value for an arca secret pointing at this cluster.
    pub fn secret_json(&self, user: &str, password: &str) -> String {
        format!(
            "{{\"engine\":\"postgres\",\"host\":{},\"port\":{},\"username\":{},\"password\":{},\"dbname\":\"postgres\"}}",
            json_str(&self.socket_dir().to_string_lossy()),
            self.port,
            json_str(user),
            json_str(password)
        )
    }

    /// Stop the server (fast shutdown, waits). No-op when already stopped.
    pub fn stop(&self) {
        if !self.running.get() {
            return;
        }
        let out = self.server_cmd("pg_ctl", &["stop", "-w", "-t", "30", "-m", "fast", "-D"]).arg(&self.data).output();
        self.running.set(false);
        let out = out.expect("run pg_ctl stop");
        self.check(&out, "pg_ctl stop");
    }

    /// Start the server again (after `stop`). No-op when running.
    pub fn restart(&self) {
        if self.running.get() {
            return;
        }
        let out = self
            .server_cmd("pg_ctl", &["start", "-w", "-t", "30", "-D"])
            .arg(&self.data)
            .arg("-l")
            .arg(&self.log)
            // pg_ctl's child keeps no handle on these (it uses -l), but never
            // let the postmaster inherit our pipes.
            .stdin(Stdio::null())
            .output()
            .expect("run pg_ctl start");
        self.check(&out, "pg_ctl start");
        self.running.set(true);
    }

    pub fn is_running(&self) -> bool {
        self.running.get()
    }

    /// Can `user` log in with `password` (psql, password via PGPASSWORD)?
    pub fn can_login(&self, user: &str, password: &str) -> bool {
        let out = self.psql(user, password, "SELECT 1;");
        out.status.success() && String::from_utf8_lossy(&out.stdout).trim() == "1"
    }

    /// Run SQL (fed on stdin, never in argv) as the superuser; panics with
    /// psql's stderr on failure. Returns stdout (unaligned, tuples only).
    pub fn exec_sql_as_superuser(&self, sql: &str) -> String {
        let out = self.psql(SUPERUSER, &self.password, sql);
        if !out.status.success() {
            panic!(
                "SQL as superuser failed ({}):\n{}",
                out.status,
                String::from_utf8_lossy(&out.stderr)
            );
        }
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    /// Environment for a libpq client connecting to this cluster (PGHOST,
    /// PGPORT, PGDATABASE), e.g. for `Command::envs`.
    pub fn client_env(&self) -> Vec<(String, String)> {
        vec![
            ("PGHOST".into(), self.socket_dir().to_string_lossy().into_owned()),
            ("PGPORT".into(), self.port.to_string()),
            ("PGDATABASE".into(), "postgres".into()),
        ]
    }

    /// Path of a binary in the PostgreSQL bindir (e.g. `psql`).
    pub fn bin(&self, name: &str) -> PathBuf {
        self.bindir.join(name)
    }

    /// The server log so far (for assertion messages).
    pub fn server_log(&self) -> String {
        fs::read_to_string(&self.log).unwrap_or_default()
    }

    // ---- internals -------------------------------------------------------

    fn psql(&self, user: &str, password: &str, sql: &str) -> Output {
        let mut child = Command::new(self.bin("psql"))
            .args(["-X", "-w", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1"])
            .arg("-h")
            .arg(self.socket_dir())
            .arg("-p")
            .arg(self.port.to_string())
            .args(["-U", user, "-d", "postgres"])
            .env("PGPASSWORD", password)
            .env("PGPASSFILE", "/dev/null")
            .env("PGCONNECT_TIMEOUT", "5")
            .env_remove("PGSERVICE")
            .env_remove("PGSERVICEFILE")
            .env_remove("PGOPTIONS")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("spawn psql");
        // psql may exit early (auth failure): ignore EPIPE.
        let _ = child.stdin.take().unwrap().write_all(sql.as_bytes());
        child.wait_with_output().expect("wait for psql")
    }

    fn initdb(&self) {
        // --pwfile is read by initdb (running as run_as): put it in our dir.
        let pwfile = self.dir.path().join("pwfile");
        fs::write(&pwfile, format!("{}\n", self.password)).expect("write pwfile");
        self.chown_to_server_user(&pwfile);
        let out = self
            .server_cmd(
                "initdb",
                &[
                    "--auth=scram-sha-256",
                    "--username",
                    SUPERUSER,
                    "--encoding=UTF8",
                    "--locale=C",
                    "--no-sync",
                    "--no-instructions",
                ],
            )
            .arg(format!("--pwfile={}", pwfile.display()))
            .arg("-D")
            .arg(&self.data)
            .output()
            .expect("run initdb");
        let _ = fs::remove_file(&pwfile);
        self.check(&out, "initdb");

        let conf = format!(
            "\n# arca test cluster\n\
             listen_addresses = ''\n\
             unix_socket_directories = '{}'\n\
             port = {}\n\
             fsync = off\n\
             synchronous_commit = off\n\
             full_page_writes = off\n\
             shared_buffers = 16MB\n\
             max_connections = 20\n\
             max_wal_senders = 0\n\
             wal_level = minimal\n\
             logging_collector = off\n\
             log_min_messages = warning\n",
            self.socket_dir().display().to_string().replace('\'', "''"),
            self.port
        );
        let mut f = fs::OpenOptions::new()
            .append(true)
            .open(self.data.join("postgresql.conf"))
            .expect("open postgresql.conf");
        f.write_all(conf.as_bytes()).expect("write postgresql.conf");
    }

    /// A command for a server-side binary, run as the unprivileged user when
    /// we are root. The cwd is the temp dir (the caller's cwd may not be
    /// readable by that user).
    fn server_cmd(&self, bin: &str, args: &[&str]) -> Command {
        let path = self.bin(bin);
        let mut cmd = match &self.run_as {
            None => Command::new(&path),
            Some(user) => {
                if Path::new("/usr/sbin/runuser").exists() || which("runuser").is_some() {
                    let mut c = Command::new("runuser");
                    c.args(["-u", user, "--"]).arg(&path);
                    c
                } else {
                    let (uid, gid) = uid_gid_of(user).unwrap();
                    let mut c = Command::new("setpriv");
                    c.arg(format!("--reuid={uid}"))
                        .arg(format!("--regid={gid}"))
                        .arg("--clear-groups")
                        .arg(&path);
                    c
                }
            }
        };
        cmd.args(args).current_dir(self.dir.path()).env("LC_ALL", "C");
        cmd
    }

    fn chown_to_server_user(&self, path: &Path) {
        if let Some(user) = &self.run_as {
            let (uid, gid) = uid_gid_of(user).unwrap();
            std::os::unix::fs::chown(path, Some(uid), Some(gid)).expect("chown");
        }
    }

    fn check(&self, out: &Output, what: &str) {
        if !out.status.success() {
            panic!(
                "{what} failed ({}):\nstdout:\n{}\nstderr:\n{}\nserver log:\n{}",
                out.status,
                String::from_utf8_lossy(&out.stdout),
                String::from_utf8_lossy(&out.stderr),
                self.server_log()
            );
        }
    }
}

impl Drop for PgCluster {
    fn drop(&mut self) {
        if self.running.get() {
            let _ = self
                .server_cmd("pg_ctl", &["stop", "-w", "-t", "10", "-m", "immediate", "-D"])
                .arg(&self.data)
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .status();
            self.running.set(false);
        }
        // TempDir's own Drop removes the directory (root may remove the
        // server user's files; otherwise they are ours).
    }
}

// ---- helpers ----------------------------------------------------------------

fn find_bindir() -> Option<PathBuf> {
    let ok = |d: &Path| ["initdb", "pg_ctl", "psql"].iter().all(|b| d.join(b).is_file());
    if let Some(d) = std::env::var_os("PG_BINDIR") {
        let d = PathBuf::from(d);
        return ok(&d).then_some(d);
    }
    if let Ok(out) = Command::new("pg_config").arg("--bindir").stderr(Stdio::null()).output() {
        if out.status.success() {
            let d = PathBuf::from(String::from_utf8_lossy(&out.stdout).trim());
            if ok(&d) {
                return Some(d);
            }
        }
    }
    // Debian/Ubuntu: /usr/lib/postgresql/<major>/bin, newest major first.
    let mut versions: Vec<(u32, PathBuf)> = fs::read_dir("/usr/lib/postgresql")
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|e| {
            let v = e.file_name().to_str()?.split('.').next()?.parse::<u32>().ok()?;
            Some((v, e.path().join("bin")))
        })
        .filter(|(_, d)| ok(d))
        .collect();
    versions.sort();
    if let Some((_, d)) = versions.pop() {
        return Some(d);
    }
    which("initdb").and_then(|p| p.parent().map(Path::to_path_buf)).filter(|d| ok(d))
}

fn which(name: &str) -> Option<PathBuf> {
    std::env::split_paths(&std::env::var_os("PATH")?)
        .map(|d| d.join(name))
        .find(|p| p.is_file())
}

/// uid and gid of a local user, from /etc/passwd (std only, no libc).
fn uid_gid_of(user: &str) -> Option<(u32, u32)> {
    let passwd = fs::read_to_string("/etc/passwd").ok()?;
    passwd.lines().find_map(|l| {
        let f: Vec<&str> = l.split(':').collect();
        (f.len() >= 4 && f[0] == user).then(|| Some((f[2].parse().ok()?, f[3].parse().ok()?)))?
    })
}

/// A TCP port number nobody is bound to right now. The server only uses it to
/// name its socket file (and its shared-memory key), so a race is harmless.
fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .unwrap_or(54329)
}

fn random_password() -> String {
    use std::io::Read;
    let mut buf = [0u8; 16];
    fs::File::open("/dev/urandom")
        .and_then(|mut f| f.read_exact(&mut buf))
        .expect("read /dev/urandom");
    buf.iter().map(|b| format!("{b:02x}")).collect()
}

/// Minimal JSON string literal encoder (for building test values without serde).
pub fn json_str(s: &str) -> String {
    let mut o = String::with_capacity(s.len() + 2);
    o.push('"');
    for c in s.chars() {
        match c {
            '"' => o.push_str("\\\""),
            '\\' => o.push_str("\\\\"),
            c if (c as u32) < 0x20 => o.push_str(&format!("\\u{:04x}", c as u32)),
            c => o.push(c),
        }
    }
    o.push('"');
    o
}
