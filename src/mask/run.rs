//! The masked child runner behind `arca exec --mask` (SPEC §6): the child's
//! stdout and stderr relayed through a [`Masker`], signals forwarded.

use std::ffi::{OsStr, OsString};
use std::io::{self, Read, Write};
use std::os::fd::{AsFd, AsRawFd, RawFd};
use std::os::unix::process::ExitStatusExt;
use std::process::{Command, ExitStatus, Stdio};
use std::sync::atomic::{AtomicI32, Ordering};
use std::sync::{Mutex, OnceLock};
use std::thread;

use zeroize::Zeroizing;

use super::{pty, Masker};

/// Environment for the child. No `Debug`: it holds values.
pub struct EnvSpec {
    /// Start from an empty environment (`--no-inherit-env`).
    pub clear: bool,
    /// Names inherited from our environment when `clear` is set.
    pub keep: Vec<String>,
    /// Variables to inject (applied last, so they win).
    pub set: Vec<(String, Zeroizing<String>)>,
    /// Let `ARCA_KEY` through (`--pass-key`); by default the command gets
    /// the variables it asked for, not the key to the whole vault.
    pub pass_key: bool,
}

impl EnvSpec {
    /// Gives `cmd` this environment.
    pub fn apply(&self, cmd: &mut Command) {
        if self.clear {
            cmd.env_clear();
            for name in &self.keep {
                if let Some(v) = std::env::var_os(name) {
                    cmd.env(name, v);
                }
            }
        }
        if !self.pass_key {
            cmd.env_remove("ARCA_KEY");
        }
        for (name, value) in &self.set {
            cmd.env(name, value.as_str());
        }
    }
}

/// Runs `program args` with `env`, relaying its stdout and stderr to ours
/// with every secret in `masker_values` replaced by `***`. Returns the exit
/// code to use: the child's, or 128 + signal if a signal killed it.
pub fn run_masked(
    program: &OsStr,
    args: &[OsString],
    env: EnvSpec,
    masker_values: &[&[u8]],
) -> io::Result<i32> {
    // On a terminal the child gets a pseudo-terminal for that stream, so
    // `[ -t 1 ]`, colours and progress bars work as without --mask.
    let ptys = [
        pty::Pty::like(io::stdout().as_fd())?,
        pty::Pty::like(io::stderr().as_fd())?,
    ];
    run_masked_with(
        program,
        args,
        env,
        masker_values,
        io::stdout(),
        io::stderr(),
        ptys,
    )
}

// Signal handlers are process-wide, so masked runs take turns.
static RUN_LOCK: Mutex<()> = Mutex::new(());

/// [`run_masked`] with the masked stdout and stderr written to `out` and
/// `err`. SIGINT and SIGTERM sent to this process are forwarded to the
/// child; stdin is inherited. Each stream is flushed after every chunk so
/// interactive output keeps streaming. If a writer fails (e.g. a broken
/// pipe), that stream keeps being read and discarded so the child never
/// blocks on a full pipe.
#[cfg(test)]
pub fn run_masked_to<W1: Write + Send, W2: Write + Send>(
    program: &OsStr,
    args: &[OsString],
    env: EnvSpec,
    masker_values: &[&[u8]],
    out: W1,
    err: W2,
) -> io::Result<i32> {
    run_masked_with(program, args, env, masker_values, out, err, [None, None])
}

/// The runner: each of the child's stdout and stderr is a pipe, or the
/// slave of the given pseudo-terminal.
fn run_masked_with<W1: Write + Send, W2: Write + Send>(
    program: &OsStr,
    args: &[OsString],
    env: EnvSpec,
    masker_values: &[&[u8]],
    out: W1,
    err: W2,
    ptys: [Option<pty::Pty>; 2],
) -> io::Result<i32> {
    let _turn = RUN_LOCK.lock().unwrap_or_else(|e| e.into_inner());

    let mut cmd = Command::new(program);
    cmd.args(args).stdin(Stdio::inherit());
    let [out_pty, err_pty] = ptys;
    let (out_master, out_stdio) = split(out_pty);
    let (err_master, err_stdio) = split(err_pty);
    cmd.stdout(out_stdio).stderr(err_stdio);
    // Duplicates of the masters, and the terminals they stand for.
    let resize: Vec<(std::fs::File, RawFd)> = [(&out_master, 1), (&err_master, 2)]
        .into_iter()
        .filter_map(|(m, like)| Some((m.as_ref()?.try_clone().ok()?, like)))
        .collect();
    env.apply(&mut cmd);

    // Installed before spawning so no signal slips through in between; the
    // child's exec resets the handlers to their defaults.
    let mut forwarder = SignalForwarder::install()?;
    let spawned = cmd.spawn();
    // Our copies of the slaves close here: the master reads end of file
    // (EIO) once the child and its children have closed theirs.
    drop(cmd);
    let mut child = spawned?;
    forwarder.start(child.id());
    let resizer = pty::Resizer::start(resize, child.id());
    let child_out = reader(out_master, child.stdout.take());
    let child_err = reader(err_master, child.stderr.take());

    let status: io::Result<ExitStatus> = thread::scope(|s| {
        let t_out = child_out.map(|r| s.spawn(move || relay(r, out, masker_values)));
        let t_err = child_err.map(|r| s.spawn(move || relay(r, err, masker_values)));
        wait_exited(child.id());
        // Stop forwarding before reaping, so a signal can never go to a
        // recycled pid; a signal from now on acts on us as usual.
        drop(forwarder);
        drop(resizer);
        let status = child.wait();
        for t in [t_out, t_err].into_iter().flatten() {
            t.join()
                .map_err(|_| io::Error::other("output relay thread panicked"))??;
        }
        status
    });
    let status = status?;
    Ok(status
        .code()
        .or_else(|| status.signal().map(|sig| 128 + sig))
        .unwrap_or(1))
}

/// A pty's master to read, and the slave as the child's stream; or a pipe.
fn split(pty: Option<pty::Pty>) -> (Option<std::fs::File>, Stdio) {
    match pty {
        Some(p) => (Some(p.master), Stdio::from(p.slave)),
        None => (None, Stdio::piped()),
    }
}

/// What to relay from: the pty master, else the pipe.
fn reader(
    master: Option<std::fs::File>,
    pipe: Option<impl Read + Send + 'static>,
) -> Option<Box<dyn Read + Send>> {
    match master {
        Some(m) => Some(Box::new(pty::MasterReader(m))),
        None => pipe.map(|p| Box::new(p) as Box<dyn Read + Send>),
    }
}

/// Copies `r` to `w` through a fresh [`Masker`]. Write errors only stop the
/// writing; reading goes on to the end.
fn relay(mut r: impl Read, mut w: impl Write, values: &[&[u8]]) -> io::Result<()> {
    let mut masker = Masker::new(values);
    let mut buf = Zeroizing::new(vec![0u8; 16 * 1024]);
    let mut sink_ok = true;
    let mut emit = |bytes: &[u8]| {
        if sink_ok && !bytes.is_empty() && w.write_all(bytes).and_then(|()| w.flush()).is_err() {
            sink_ok = false;
        }
    };
    loop {
        let n = match r.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        emit(&masker.push(&buf[..n]));
    }
    emit(&masker.finish());
    Ok(())
}

/// Blocks until `pid` has exited, without reaping it (the pid stays ours).
fn wait_exited(pid: u32) {
    let pid: libc::id_t = pid;
    loop {
        // SAFETY: an all-zero siginfo_t is valid; waitid only writes to it.
        let mut info: libc::siginfo_t = unsafe { std::mem::zeroed() };
        // SAFETY: plain syscall on our own child with a valid out pointer.
        let rc =
            unsafe { libc::waitid(libc::P_PID, pid, &mut info, libc::WEXITED | libc::WNOWAIT) };
        if rc == 0 || io::Error::last_os_error().kind() != io::ErrorKind::Interrupted {
            return;
        }
    }
}

const FORWARDED: [libc::c_int; 2] = [libc::SIGINT, libc::SIGTERM];

/// Write end of the forwarding pipe while a child runs (-1 when none).
static SIG_PIPE: AtomicI32 = AtomicI32::new(-1);

/// The handlers, registered once per process through signal-hook. They
/// stay registered; while no child runs they act as the default would.
static HANDLERS: OnceLock<Result<(), String>> = OnceLock::new();

fn register_handlers() -> io::Result<()> {
    let done = HANDLERS.get_or_init(|| {
        for sig in FORWARDED {
            // An ignored signal (e.g. SIGINT in a background job) stays
            // ignored, for us and, through exec, for the child. signal-hook
            // cannot tell, hence this one query.
            // SAFETY: a zeroed sigaction is a valid out-parameter, and a
            // null new action only queries the current one.
            let ignored = unsafe {
                let mut current: libc::sigaction = std::mem::zeroed();
                libc::sigaction(sig, std::ptr::null(), &mut current) == 0
                    && current.sa_sigaction == libc::SIG_IGN
            };
            if ignored {
                continue;
            }
            // SAFETY: the action only does async-signal-safe things: an
            // atomic load, write(2), and signal-hook's default emulation.
            unsafe {
                signal_hook_registry::register_sigaction(sig, move |info| on_signal(sig, info))
            }
            .map_err(|e| e.to_string())?;
        }
        Ok(())
    });
    done.clone().map_err(io::Error::other)
}

fn on_signal(sig: libc::c_int, info: &libc::siginfo_t) {
    let fd = SIG_PIPE.load(Ordering::SeqCst);
    if fd < 0 {
        // No child: what the signal would have done without our handler.
        let _ = signal_hook::low_level::emulate_default_handler(sig);
        return;
    }
    // A terminal's Ctrl-C already reaches the child (same process group);
    // forwarding it too would deliver it twice. signal-hook's iterator only
    // exposes the origin with a C-compiled feature, hence the raw handler.
    #[cfg(any(target_os = "linux", target_os = "android"))]
    if info.si_code == libc::SI_KERNEL {
        return;
    }
    #[cfg(not(any(target_os = "linux", target_os = "android")))]
    let _ = info;
    let byte = sig as u8;
    // SAFETY: write(2) is async-signal-safe; the fd is non-blocking, so a
    // full pipe drops the signal rather than hanging the handler.
    unsafe { libc::write(fd, (&byte as *const u8).cast(), 1) };
}

/// Forwards SIGINT and SIGTERM to the child: the handler writes the signal
/// number into a pipe and a thread sends it on with kill(2), so the pid is
/// only used while we know it is our unreaped child. Dropping stops the
/// forwarding (and the thread) before the child is reaped.
struct SignalForwarder {
    write: Option<io::PipeWriter>,
    read: Option<io::PipeReader>,
    thread: Option<thread::JoinHandle<()>>,
}

impl SignalForwarder {
    fn install() -> io::Result<SignalForwarder> {
        register_handlers()?;
        let (read, write) = io::pipe()?;
        // SAFETY: fcntl on a descriptor we own.
        if unsafe { libc::fcntl(write.as_raw_fd(), libc::F_SETFL, libc::O_NONBLOCK) } != 0 {
            return Err(io::Error::last_os_error());
        }
        SIG_PIPE.store(write.as_raw_fd(), Ordering::SeqCst);
        Ok(SignalForwarder {
            write: Some(write),
            read: Some(read),
            thread: None,
        })
    }

    /// Starts forwarding to `pid` (signals caught before this are queued in
    /// the pipe and forwarded now).
    fn start(&mut self, pid: u32) {
        let (Ok(pid), Some(mut read)) = (libc::pid_t::try_from(pid), self.read.take()) else {
            return;
        };
        // No thread to spare (a limit on processes): the command runs, but
        // signals are not passed on.
        self.thread = crate::threads::spawn(move || {
            let mut byte = [0u8; 1];
            loop {
                match read.read(&mut byte) {
                    // SAFETY: plain kill(2) on our child, not yet reaped.
                    Ok(1) => unsafe {
                        libc::kill(pid, libc::c_int::from(byte[0]));
                    },
                    Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                    _ => return,
                }
            }
        })
        .ok();
    }
}

impl Drop for SignalForwarder {
    fn drop(&mut self) {
        SIG_PIPE.store(-1, Ordering::SeqCst);
        // Closing the write end makes the thread read EOF after any queued
        // signals, so it ends by itself.
        drop(self.write.take());
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::mpsc;
    use std::time::Duration;
    /// A writer that reports each write on a channel.
    struct Tap(mpsc::Sender<Vec<u8>>);
    impl Write for Tap {
        fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
            let _ = self.0.send(buf.to_vec());
            Ok(buf.len())
        }
        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }

    /// A writer whose reader went away.
    struct Broken;
    impl Write for Broken {
        fn write(&mut self, _: &[u8]) -> io::Result<usize> {
            Err(io::ErrorKind::BrokenPipe.into())
        }
        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }

    fn no_env() -> EnvSpec {
        EnvSpec {
            clear: false,
            keep: Vec::new(),
            set: Vec::new(),
            pass_key: false,
        }
    }

    fn sh(script: &str, env: EnvSpec, values: &[&[u8]]) -> (i32, Vec<u8>, Vec<u8>) {
        let mut out = Vec::new();
        let mut err = Vec::new();
        let code = run_masked_to(
            OsStr::new("sh"),
            &["-c".into(), script.into()],
            env,
            values,
            &mut out,
            &mut err,
        )
        .unwrap();
        (code, out, err)
    }

    #[test]
    fn run_masks_split_output() {
        let (code, out, err) = sh(
            "printf 'x=ab'; sleep 0.05; printf 'cd\\n'; printf 'e=abcd' >&2; sleep 0.05; printf 'abc' >&2",
            no_env(),
            &[b"abcd"],
        );
        assert_eq!(code, 0);
        assert_eq!(out, b"x=***\n");
        assert_eq!(err, b"e=***abc");
    }

    #[test]
    fn run_exit_codes() {
        assert_eq!(sh("exit 3", no_env(), &[]).0, 3);
        assert_eq!(sh("kill -TERM $$", no_env(), &[]).0, 143);
        assert_eq!(sh("kill -KILL $$", no_env(), &[]).0, 137);
        let missing = run_masked_to(
            OsStr::new("/nonexistent/arca-test"),
            &[],
            no_env(),
            &[],
            io::sink(),
            io::sink(),
        );
        assert_eq!(
            missing.err().map(|e| e.kind()),
            Some(io::ErrorKind::NotFound)
        );
    }

    #[test]
    fn run_env_clear_keep_set() {
        std::env::set_var("ARCA_TEST_KEEP", "kept");
        std::env::set_var("ARCA_TEST_DROP", "dropped");
        let script = "printf '%s|%s|%s|%s' \"$ARCA_TEST_KEEP\" \"${ARCA_TEST_DROP-unset}\" \"$INJECTED\" \"${PATH+path}\"";
        let env = EnvSpec {
            clear: true,
            keep: vec![
                "ARCA_TEST_KEEP".into(),
                "PATH".into(),
                "ARCA_TEST_ABSENT".into(),
            ],
            set: vec![("INJECTED".into(), Zeroizing::new("s3cr3t val".into()))],
            pass_key: false,
        };
        let (code, out, _) = sh(script, env, &[]);
        assert_eq!(code, 0);
        assert_eq!(out, b"kept|unset|s3cr3t val|path");

        let env = EnvSpec {
            clear: false,
            keep: Vec::new(),
            set: vec![("INJECTED".into(), Zeroizing::new("s3cr3t val".into()))],
            pass_key: false,
        };
        let (_, out, _) = sh(script, env, &[b"s3cr3t val"]);
        assert_eq!(out, b"kept|dropped|***|path");
    }

    #[test]
    fn run_broken_stdout_keeps_draining() {
        // 1 MiB is far more than a pipe holds: a stalled relay would hang.
        let (tx, rx) = mpsc::channel();
        let h = thread::spawn(move || {
            let r = run_masked_to(
                OsStr::new("sh"),
                &[
                    "-c".into(),
                    "head -c 1048576 /dev/zero; echo done >&2; exit 5".into(),
                ],
                no_env(),
                &[b"zz"],
                Broken,
                Tap(tx),
            );
            r.unwrap()
        });
        let got = rx.recv_timeout(Duration::from_secs(20)).unwrap();
        assert_eq!(got, b"done\n");
        assert_eq!(h.join().unwrap(), 5);
    }

    #[test]
    fn run_forwards_sigterm() {
        let (tx, rx) = mpsc::channel();
        let h = thread::spawn(move || {
            run_masked_to(
                OsStr::new("sh"),
                &[
                    "-c".into(),
                    "trap 'echo got; exit 7' TERM; echo ready; sleep 10 >/dev/null 2>&1 & wait"
                        .into(),
                ],
                no_env(),
                &[],
                Tap(tx),
                io::sink(),
            )
            .unwrap()
        });
        assert_eq!(
            rx.recv_timeout(Duration::from_secs(10)).unwrap(),
            b"ready\n"
        );
        // SAFETY: our handler is installed while the child runs.
        unsafe { libc::kill(libc::getpid(), libc::SIGTERM) };
        assert_eq!(rx.recv_timeout(Duration::from_secs(10)).unwrap(), b"got\n");
        assert_eq!(h.join().unwrap(), 7);
    }
}
