//! The real AWS tools the black-box tests run on loopback: the aws CLI,
//! moto_server (moto's implementation of the AWS API) and boto3, from the
//! virtual environment `.ci/run` builds from `.ci/requirements.txt`
//! (/opt/arca-venv) or from PATH; and `arca serve` on a test's vault.
//!
//! Without the tools a test prints a `note: skipping: …` line and passes,
//! unless ARCA_REQUIRE_MOTO=1 (CI) turns that into a failure that says
//! what to install.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Output, Stdio};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};

use serde_json::{json, Value as Json};

use crate::util::TestEnv;

const VENV_BIN: &str = "/opt/arca-venv/bin";
const INSTALL: &str = "pip install -r .ci/requirements.txt";

/// Whether ARCA_REQUIRE_MOTO (set, not empty, not `0`) makes a missing
/// tool a failure rather than a skip.
pub fn moto_required() -> bool {
    std::env::var_os("ARCA_REQUIRE_MOTO").is_some_and(|v| !v.is_empty() && v != "0")
}

/// No tools: a panic under ARCA_REQUIRE_MOTO, else a note and None.
fn missing<T>(what: &str) -> Option<T> {
    assert!(
        !moto_required(),
        "ARCA_REQUIRE_MOTO is set but {what} ({INSTALL})"
    );
    eprintln!("note: skipping: {what} ({INSTALL})");
    None
}

fn path_dirs() -> Vec<PathBuf> {
    std::env::var_os("PATH")
        .map(|p| std::env::split_paths(&p).collect())
        .unwrap_or_default()
}

/// The aws CLI and moto_server; for boto3 scripts, the python3 beside them.
pub struct AwsTools {
    pub aws: PathBuf,
    pub moto_server: PathBuf,
    python: Option<PathBuf>,
}

impl AwsTools {
    /// `aws` and `moto_server`, each the first in /opt/arca-venv/bin or,
    /// after it, on PATH.
    pub fn binaries() -> Option<AwsTools> {
        let mut dirs = vec![PathBuf::from(VENV_BIN)];
        dirs.extend(path_dirs());
        AwsTools::first_in(&dirs, "moto_server and the aws CLI are not installed")
    }

    /// `aws` and `moto_server` as PATH finds them (what a shell line runs).
    pub fn on_path() -> Option<AwsTools> {
        AwsTools::first_in(&path_dirs(), "moto_server and the aws CLI are not on PATH")
    }

    fn first_in(dirs: &[PathBuf], what: &str) -> Option<AwsTools> {
        let find = |tool: &str| dirs.iter().map(|d| d.join(tool)).find(|p| p.is_file());
        match (find("aws"), find("moto_server")) {
            (Some(aws), Some(moto_server)) => Some(AwsTools {
                aws,
                moto_server,
                python: None,
            }),
            _ => missing(what),
        }
    }

    /// A python3 that imports boto3 and moto[server] (/opt/arca-venv's
    /// first, then PATH's), with `aws` and `moto_server` beside it.
    pub fn with_boto3() -> Option<AwsTools> {
        let mut candidates = vec![PathBuf::from(VENV_BIN).join("python3")];
        candidates.extend(path_dirs().into_iter().map(|d| d.join("python3")));
        for python in candidates {
            let bin = python.parent().unwrap().to_path_buf();
            let ok = Command::new(&python)
                .args(["-c", "import boto3, moto, flask"])
                .stderr(Stdio::null())
                .status()
                .is_ok_and(|s| s.success());
            if ok && bin.join("aws").exists() && bin.join("moto_server").exists() {
                return Some(AwsTools {
                    aws: bin.join("aws"),
                    moto_server: bin.join("moto_server"),
                    python: Some(python),
                });
            }
        }
        missing("no python3 with boto3, moto[server] and the aws CLI beside it was found")
    }

    /// The python3 [`AwsTools::with_boto3`] found.
    pub fn python(&self) -> &Path {
        self.python
            .as_deref()
            .expect("AwsTools::with_boto3 finds a python3")
    }

    /// Runs Python code with `env` (and no other AWS settings); its output.
    pub fn run_python(&self, code: &str, env: &[(String, String)]) -> Output {
        let mut cmd = Command::new(self.python());
        cmd.args(["-c", code]).envs(env.iter().map(|(k, v)| (k, v)));
        clean_aws_env(&mut cmd);
        cmd.output().expect("running python")
    }

    /// Like [`AwsTools::run_python`], but it must succeed; returns stdout.
    pub fn python_ok(&self, code: &str, env: &[(String, String)]) -> String {
        let out = self.run_python(code, env);
        assert!(
            out.status.success(),
            "python failed: {}\n{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    }
}

/// A loopback TCP port nobody is bound to right now.
pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// moto's test credentials; no instance metadata lookups.
pub fn creds() -> Vec<(&'static str, &'static str)> {
    vec![
        ("AWS_ACCESS_KEY_ID", "testing"),
        ("AWS_SECRET_ACCESS_KEY", "testing"),
        ("AWS_EC2_METADATA_DISABLED", "true"),
    ]
}

/// Removes the caller's AWS_* variables that `cmd` does not set itself (a
/// developer's credentials or endpoint would come first in a client's
/// chain) and turns off instance metadata lookups.
pub fn without_aws_env(cmd: &mut Command) -> &mut Command {
    for (key, _) in std::env::vars_os() {
        if key.to_string_lossy().starts_with("AWS_") && !cmd.get_envs().any(|(k, _)| k == key) {
            cmd.env_remove(&key);
        }
    }
    cmd.env("AWS_EC2_METADATA_DISABLED", "true")
}

/// [`without_aws_env`], and no AWS config or credentials file either.
pub fn clean_aws_env(cmd: &mut Command) -> &mut Command {
    without_aws_env(cmd)
        .env("AWS_CONFIG_FILE", "/dev/null")
        .env("AWS_SHARED_CREDENTIALS_FILE", "/dev/null")
}

/// moto_server on a free loopback port, killed when dropped.
pub struct Moto {
    child: Child,
    pub port: u16,
    cli: AwsCli,
}

impl Moto {
    pub fn start(tools: &AwsTools) -> Moto {
        let port = free_port();
        let child = Command::new(&tools.moto_server)
            .args(["-H", "127.0.0.1", "-p", &port.to_string()])
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("starting moto_server");
        let cli = AwsCli {
            program: tools.aws.clone(),
            endpoint: format!("http://127.0.0.1:{port}"),
        };
        let moto = Moto { child, port, cli };
        let deadline = Instant::now() + Duration::from_secs(60);
        while TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(
                Instant::now() < deadline,
                "moto_server did not start listening"
            );
            thread::sleep(Duration::from_millis(100));
        }
        moto
    }

    pub fn url(&self) -> String {
        self.cli.endpoint.clone()
    }

    /// Forgets every secret (moto's `/moto-api/reset`).
    pub fn reset(&self) {
        let mut stream = TcpStream::connect(("127.0.0.1", self.port)).expect("connecting to moto");
        write!(
            stream,
            "POST /moto-api/reset HTTP/1.0\r\nHost: 127.0.0.1\r\nContent-Length: 0\r\n\r\n"
        )
        .unwrap();
        let mut reply = String::new();
        stream.read_to_string(&mut reply).unwrap();
        assert!(
            reply.starts_with("HTTP/1.") && reply.contains(" 200 "),
            "{reply}"
        );
    }

    /// `aws secretsmanager ARGS` on this moto_server; its JSON output.
    pub fn aws(&self, args: &[&str]) -> Json {
        self.cli.secretsmanager(args)
    }

    /// The aws CLI on this moto_server, to move into another thread.
    pub fn cli(&self) -> AwsCli {
        self.cli.clone()
    }

    /// What a boto3 client needs to reach it: endpoint, credentials, region.
    pub fn env(&self) -> Vec<(String, String)> {
        let mut env = vec![(
            "AWS_ENDPOINT_URL_SECRETS_MANAGER",
            self.cli.endpoint.as_str(),
        )];
        env.extend(creds());
        env.push(("AWS_DEFAULT_REGION", "us-east-1"));
        env.into_iter()
            .map(|(k, v)| (k.to_owned(), v.to_owned()))
            .collect()
    }
}

impl Drop for Moto {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The aws CLI pointed at one endpoint with moto's credentials, in
/// us-east-1, without config files.
#[derive(Clone)]
pub struct AwsCli {
    program: PathBuf,
    endpoint: String,
}

impl AwsCli {
    /// `aws secretsmanager ARGS`, which must succeed; its JSON output
    /// (`{}` when it printed nothing).
    pub fn secretsmanager(&self, args: &[&str]) -> Json {
        let out = Command::new(&self.program)
            .args(["--endpoint-url", &self.endpoint, "--region", "us-east-1"])
            .args(["--output", "json", "secretsmanager"])
            .args(args)
            .envs(creds())
            .env("AWS_CONFIG_FILE", "/dev/null")
            .env("AWS_SHARED_CREDENTIALS_FILE", "/dev/null")
            .stdin(Stdio::null())
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "aws {args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        if out.stdout.is_empty() {
            return json!({});
        }
        serde_json::from_slice(&out.stdout).unwrap()
    }
}

/// A running `arca serve` on a test's vault, killed when dropped.
pub struct Served {
    child: Child,
    /// The variables of the export lines it printed.
    pub env: Vec<(String, String)>,
    stdout: Vec<u8>,
    stderr: Arc<Mutex<Vec<u8>>>,
}

impl Served {
    /// `arca serve ARGS`, on a free loopback port unless ARGS has `--listen`.
    pub fn start(test: &TestEnv, args: &[&str]) -> Served {
        Served::start_with(test, args, &[])
    }

    /// [`Served::start`] with extra environment variables.
    pub fn start_with(test: &TestEnv, args: &[&str], vars: &[(&str, &str)]) -> Served {
        let mut cmd = test.std_cmd();
        cmd.arg("serve");
        if !args.contains(&"--listen") {
            cmd.args(["--listen", "127.0.0.1:0"]);
        }
        cmd.args(args)
            .envs(vars.iter().copied())
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        let mut child = cmd.spawn().expect("starting arca serve");
        let stderr = Arc::new(Mutex::new(Vec::new()));
        let mut err = child.stderr.take().unwrap();
        let sink = Arc::clone(&stderr);
        thread::spawn(move || {
            let mut buf = [0u8; 4096];
            while let Ok(n) = err.read(&mut buf) {
                if n == 0 {
                    break;
                }
                sink.lock().unwrap().extend_from_slice(&buf[..n]);
            }
        });
        // Five variables; the agent's token adds one; a credentials file
        // takes the place of the two keys.
        let has = |flag: &str| args.contains(&flag);
        let count =
            5 + usize::from(has("--agent-protocol")) - usize::from(has("--credentials-file"));
        let mut out = BufReader::new(child.stdout.take().unwrap());
        let mut printed = String::new();
        let mut env = Vec::new();
        for _ in 0..count {
            let mut line = String::new();
            out.read_line(&mut line).expect("reading the export lines");
            let Some((k, v)) = line
                .strip_prefix("export ")
                .and_then(|kv| kv.trim_end().split_once('='))
            else {
                panic!(
                    "not an export line: {line:?}; stderr: {}",
                    String::from_utf8_lossy(&stderr.lock().unwrap())
                );
            };
            env.push((k.to_owned(), v.trim_matches('\'').to_owned()));
            printed.push_str(&line);
        }
        Served {
            child,
            env,
            stdout: printed.into_bytes(),
            stderr,
        }
    }

    pub fn var(&self, name: &str) -> &str {
        &self.env.iter().find(|(k, _)| k == name).unwrap().1
    }

    pub fn endpoint(&self) -> &str {
        self.var("AWS_ENDPOINT_URL_SECRETS_MANAGER")
    }

    /// The exported variables for an `arca` client, and no instance
    /// metadata lookups.
    pub fn vars(&self) -> Vec<(&str, &str)> {
        let mut vars: Vec<(&str, &str)> = self
            .env
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        vars.push(("AWS_EC2_METADATA_DISABLED", "true"));
        vars
    }

    pub fn stderr(&self) -> String {
        String::from_utf8_lossy(&self.stderr.lock().unwrap()).into_owned()
    }

    /// Sends `signal` and waits: its exit status and everything it wrote.
    pub fn stop_with(mut self, signal: i32) -> (ExitStatus, Vec<u8>, String) {
        unsafe { libc::kill(self.child.id() as i32, signal) };
        let status = wait_for(&mut self.child, Duration::from_secs(20));
        let mut rest = Vec::new();
        if let Some(mut out) = self.child.stdout.take() {
            out.read_to_end(&mut rest).unwrap();
        }
        // The stderr thread ends with the pipe.
        thread::sleep(Duration::from_millis(100));
        let mut stdout = std::mem::take(&mut self.stdout);
        stdout.extend(rest);
        (status, stdout, self.stderr())
    }
}

impl Drop for Served {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Waits for `child` to exit, failing after `limit`.
pub fn wait_for(child: &mut Child, limit: Duration) -> ExitStatus {
    let start = Instant::now();
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            return status;
        }
        assert!(
            start.elapsed() < limit,
            "process did not stop within {limit:?}"
        );
        thread::sleep(Duration::from_millis(20));
    }
}
