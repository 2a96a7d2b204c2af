//! Masking secret values in a child's output, and the masked child runner
//! behind `arca exec --mask` (SPEC §6).

use std::ffi::{OsStr, OsString};
use std::io::{self, Read, Write};
use std::os::unix::process::ExitStatusExt;
use std::process::{Command, ExitStatus, Stdio};
use std::sync::atomic::{AtomicI32, Ordering};
use std::sync::Mutex;
use std::thread;

use zeroize::Zeroizing;

/// What replaces every masked occurrence.
pub const MASK: &[u8] = b"***";

/// Shortest line of a multi-line value that is masked on its own; shorter
/// lines (`{`, `}`, `ok`) would mask unrelated output everywhere.
const MIN_LINE: usize = 4;

/// Streaming replacer of secret values with `***`.
///
/// Masks each non-empty value, its standard base64 encoding (padded and
/// unpadded), and each line of at least 4 bytes of a multi-line value.
/// Matching is leftmost-longest: at each position the longest pattern that
/// starts there wins. Output is the same however the input is split into
/// chunks. No `Debug`: it holds the values.
pub struct Masker {
    /// Patterns, longest first.
    patterns: Vec<Zeroizing<Vec<u8>>>,
    /// For each first byte, the indices of patterns starting with it
    /// (longest first), so a position costs one lookup when nothing matches.
    by_first: Vec<Vec<usize>>,
    /// Undecided tail from the last `push`: a proper prefix of a pattern.
    held: Zeroizing<Vec<u8>>,
}

enum Step {
    /// A pattern of this length matches here and no longer one can.
    Mask(usize),
    /// No pattern starts here.
    Keep,
    /// The rest of the buffer is a proper prefix of a pattern: need more input.
    Wait,
}

impl Masker {
    /// A masker for these secret values (empty values are ignored).
    pub fn new(values: &[&[u8]]) -> Masker {
        let mut patterns: Vec<Zeroizing<Vec<u8>>> = Vec::new();
        let mut add = |p: &[u8]| {
            if !p.is_empty() && !patterns.iter().any(|q| q.as_slice() == p) {
                patterns.push(Zeroizing::new(p.to_vec()));
            }
        };
        for v in values {
            if v.is_empty() {
                continue;
            }
            add(v);
            let b64 = base64(v);
            add(&b64);
            let unpadded_len = b64.iter().rposition(|&b| b != b'=').map_or(0, |i| i + 1);
            add(&b64[..unpadded_len]);
            if v.contains(&b'\n') {
                for line in v.split(|&b| b == b'\n') {
                    let line = line.strip_suffix(b"\r").unwrap_or(line);
                    if line.len() >= MIN_LINE {
                        add(line);
                    }
                }
            }
        }
        patterns.sort_by_key(|p| std::cmp::Reverse(p.len()));
        let mut by_first = vec![Vec::new(); 256];
        for (i, p) in patterns.iter().enumerate() {
            by_first[usize::from(p[0])].push(i);
        }
        Masker {
            patterns,
            by_first,
            held: Zeroizing::new(Vec::new()),
        }
    }

    /// Masks `chunk` and returns what is safe to emit now. Only a trailing
    /// part that could still grow into a secret is held back (at most the
    /// longest pattern's length minus one).
    pub fn push(&mut self, chunk: &[u8]) -> Vec<u8> {
        if self.patterns.is_empty() {
            return chunk.to_vec();
        }
        // Sized exactly, so no reallocation leaves a copy behind.
        let mut buf = Zeroizing::new(Vec::with_capacity(self.held.len() + chunk.len()));
        buf.extend_from_slice(&self.held);
        buf.extend_from_slice(chunk);
        let mut out = Vec::with_capacity(buf.len());
        let used = self.scan(&buf, false, &mut out);
        self.held = Zeroizing::new(buf[used..].to_vec());
        out
    }

    /// Flushes the held-back tail at end of input.
    pub fn finish(&mut self) -> Vec<u8> {
        let held = std::mem::take(&mut self.held);
        let mut out = Vec::with_capacity(held.len());
        self.scan(&held, true, &mut out);
        out
    }

    /// Masks `buf` into `out`; returns how many bytes were consumed (all of
    /// them when `at_end`).
    fn scan(&self, buf: &[u8], at_end: bool, out: &mut Vec<u8>) -> usize {
        let mut i = 0;
        let mut plain_from = 0;
        while i < buf.len() {
            match self.step(&buf[i..], at_end) {
                Step::Mask(len) => {
                    out.extend_from_slice(&buf[plain_from..i]);
                    out.extend_from_slice(MASK);
                    i += len;
                    plain_from = i;
                }
                Step::Keep => i += 1,
                Step::Wait => break,
            }
        }
        out.extend_from_slice(&buf[plain_from..i]);
        i
    }

    fn step(&self, rest: &[u8], at_end: bool) -> Step {
        for &k in &self.by_first[usize::from(rest[0])] {
            let p = &self.patterns[k];
            if p.len() <= rest.len() {
                if rest.starts_with(p) {
                    // Longest first, so this is the longest that fits; any
                    // longer candidate was already ruled out.
                    return Step::Mask(p.len());
                }
            } else if !at_end && p.starts_with(rest) {
                return Step::Wait;
            }
        }
        Step::Keep
    }
}

fn base64(data: &[u8]) -> Zeroizing<Vec<u8>> {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = Zeroizing::new(Vec::with_capacity(data.len().div_ceil(3) * 4));
    for chunk in data.chunks(3) {
        let b = [
            chunk[0],
            chunk.get(1).copied().unwrap_or(0),
            chunk.get(2).copied().unwrap_or(0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for (j, shift) in [18u32, 12, 6, 0].into_iter().enumerate() {
            if j <= chunk.len() {
                out.push(ALPHABET[((n >> shift) & 63) as usize]);
            } else {
                out.push(b'=');
            }
        }
    }
    out
}

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
    run_masked_to(
        program,
        args,
        env,
        masker_values,
        io::stdout(),
        io::stderr(),
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
pub fn run_masked_to<W1: Write + Send, W2: Write + Send>(
    program: &OsStr,
    args: &[OsString],
    env: EnvSpec,
    masker_values: &[&[u8]],
    out: W1,
    err: W2,
) -> io::Result<i32> {
    let _turn = RUN_LOCK.lock().unwrap_or_else(|e| e.into_inner());

    let mut cmd = Command::new(program);
    cmd.args(args)
        .stdin(Stdio::inherit())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    env.apply(&mut cmd);

    // Installed before spawning so no signal slips through in between; the
    // child's exec resets the handlers to their defaults.
    let mut forwarder = SignalForwarder::install()?;
    let mut child = cmd.spawn()?;
    forwarder.start(child.id());
    let child_out = child.stdout.take();
    let child_err = child.stderr.take();

    let status: io::Result<ExitStatus> = thread::scope(|s| {
        let t_out = child_out.map(|r| s.spawn(move || relay(r, out, masker_values)));
        let t_err = child_err.map(|r| s.spawn(move || relay(r, err, masker_values)));
        wait_exited(child.id());
        // Stop forwarding before reaping, so a signal can never go to a
        // recycled pid; a signal from now on acts on us as usual.
        drop(forwarder);
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

/// Write end of the self-pipe, for the signal handler (-1 when none).
static SIG_PIPE: AtomicI32 = AtomicI32::new(-1);

extern "C" fn on_signal(sig: libc::c_int, info: *mut libc::siginfo_t, _: *mut libc::c_void) {
    // A terminal's Ctrl-C already reaches the child (same process group);
    // forwarding it too would deliver it twice.
    #[cfg(any(target_os = "linux", target_os = "android"))]
    // SAFETY: the kernel passes a valid siginfo_t with SA_SIGINFO.
    if !info.is_null() && unsafe { (*info).si_code } == libc::SI_KERNEL {
        return;
    }
    #[cfg(not(any(target_os = "linux", target_os = "android")))]
    let _ = info;
    let fd = SIG_PIPE.load(Ordering::SeqCst);
    if fd >= 0 {
        let byte = sig as u8;
        // SAFETY: write(2) is async-signal-safe; the fd is non-blocking, so a
        // full pipe drops the signal rather than hanging the handler.
        unsafe { libc::write(fd, (&byte as *const u8).cast(), 1) };
    }
}

/// Self-pipe signal forwarding: the handler writes the signal number into a
/// pipe and a thread sends it on with kill(2). Dropping restores the old
/// handlers and stops the thread.
struct SignalForwarder {
    read_fd: libc::c_int,
    write_fd: libc::c_int,
    old: Vec<(libc::c_int, libc::sigaction)>,
    thread: Option<thread::JoinHandle<()>>,
}

impl SignalForwarder {
    fn install() -> io::Result<SignalForwarder> {
        let mut fds = [-1 as libc::c_int; 2];
        // SAFETY: fds has room for the two descriptors.
        if unsafe { libc::pipe(fds.as_mut_ptr()) } != 0 {
            return Err(io::Error::last_os_error());
        }
        let mut me = SignalForwarder {
            read_fd: fds[0],
            write_fd: fds[1],
            old: Vec::new(),
            thread: None,
        };
        // SAFETY: fcntl on descriptors we own; CLOEXEC keeps them out of the child.
        let ok = unsafe {
            libc::fcntl(fds[0], libc::F_SETFD, libc::FD_CLOEXEC) == 0
                && libc::fcntl(fds[1], libc::F_SETFD, libc::FD_CLOEXEC) == 0
                && libc::fcntl(fds[1], libc::F_SETFL, libc::O_NONBLOCK) == 0
        };
        if !ok {
            return Err(io::Error::last_os_error());
        }
        SIG_PIPE.store(me.write_fd, Ordering::SeqCst);
        for sig in FORWARDED {
            // SAFETY: a zeroed sigaction is a valid out-parameter.
            let mut current: libc::sigaction = unsafe { std::mem::zeroed() };
            // SAFETY: a null new action only queries the current one.
            if unsafe { libc::sigaction(sig, std::ptr::null(), &mut current) } != 0 {
                return Err(io::Error::last_os_error());
            }
            // An ignored signal (e.g. SIGINT in a background job) stays
            // ignored, for us and, through exec, for the child.
            if current.sa_sigaction == libc::SIG_IGN {
                continue;
            }
            // SAFETY: zeroed sigaction is a valid starting point; we fill the
            // handler, flags and an empty mask before passing it on.
            let mut new: libc::sigaction = unsafe { std::mem::zeroed() };
            let handler: extern "C" fn(libc::c_int, *mut libc::siginfo_t, *mut libc::c_void) =
                on_signal;
            new.sa_sigaction = handler as libc::sighandler_t;
            new.sa_flags = libc::SA_SIGINFO | libc::SA_RESTART;
            // SAFETY: as above; `old` receives the previous action.
            let mut old: libc::sigaction = unsafe { std::mem::zeroed() };
            let rc = unsafe {
                libc::sigemptyset(&mut new.sa_mask);
                libc::sigaction(sig, &new, &mut old)
            };
            if rc != 0 {
                return Err(io::Error::last_os_error());
            }
            me.old.push((sig, old));
        }
        Ok(me)
    }

    /// Starts forwarding to `pid` (signals caught before this are queued in
    /// the pipe and forwarded now).
    fn start(&mut self, pid: u32) {
        let Ok(pid) = libc::pid_t::try_from(pid) else {
            return;
        };
        let fd = self.read_fd;
        // No thread to spare (a limit on processes): the command runs, but
        // signals are not passed on.
        self.thread = crate::threads::spawn(move || loop {
            let mut byte = 0u8;
            // SAFETY: reads one byte into a valid buffer; fd outlives the
            // thread (closed only after join).
            let n = unsafe { libc::read(fd, (&mut byte as *mut u8).cast(), 1) };
            if n == 1 {
                // SAFETY: plain kill(2) on our child, not yet reaped.
                unsafe { libc::kill(pid, libc::c_int::from(byte)) };
            } else if n == 0 || io::Error::last_os_error().kind() != io::ErrorKind::Interrupted {
                return;
            }
        })
        .ok();
    }
}

impl Drop for SignalForwarder {
    fn drop(&mut self) {
        for (sig, old) in self.old.drain(..) {
            // SAFETY: restores the action saved by install().
            unsafe { libc::sigaction(sig, &old, std::ptr::null_mut()) };
        }
        SIG_PIPE.store(-1, Ordering::SeqCst);
        // Closing the write end makes the thread read EOF after any queued
        // signals, so it ends by itself.
        // SAFETY: we own these descriptors and close each once.
        unsafe { libc::close(self.write_fd) };
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
        // SAFETY: as above; the reader thread has finished.
        unsafe { libc::close(self.read_fd) };
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use std::sync::mpsc;
    use std::time::Duration;

    fn mask_all(values: &[&[u8]], input: &[u8]) -> Vec<u8> {
        let mut m = Masker::new(values);
        let mut out = m.push(input);
        out.extend(m.finish());
        out
    }

    fn contains(hay: &[u8], needle: &[u8]) -> bool {
        !needle.is_empty() && hay.windows(needle.len()).any(|w| w == needle)
    }

    #[test]
    fn basic() {
        assert_eq!(mask_all(&[b"hunter2"], b"pw=hunter2!"), b"pw=***!");
        assert_eq!(mask_all(&[b"ab"], b"ababxab"), b"******x***");
        assert_eq!(mask_all(&[b""], b"abc"), b"abc");
        assert_eq!(mask_all(&[], b"abc"), b"abc");
        assert_eq!(mask_all(&[b"abc"], b"ab"), b"ab");
    }

    #[test]
    fn longest_wins_and_prefix_values() {
        // One value is a prefix of another.
        assert_eq!(
            mask_all(&[b"pass", b"password"], b"password pass"),
            b"*** ***"
        );
        assert_eq!(mask_all(&[b"password", b"pass"], b"passwor"), b"***wor");
        // Overlapping values: leftmost wins, then longest.
        assert_eq!(mask_all(&[b"abcd", b"cdef"], b"abcdef"), b"***ef");
        assert_eq!(mask_all(&[b"bcd", b"abc"], b"abcd"), b"***d");
    }

    #[test]
    fn base64_forms_masked() {
        assert_eq!(&*base64(b"abcd"), b"YWJjZA==");
        assert_eq!(&*base64(b"abcde"), b"YWJjZGU=");
        assert_eq!(&*base64(b"abc"), b"YWJj");
        assert_eq!(&*base64(b"\xff\xfe"), b"//4=");
        assert_eq!(mask_all(&[b"abcd"], b"t=YWJjZA==;"), b"t=***;");
        assert_eq!(mask_all(&[b"abcd"], b"t=YWJjZA;"), b"t=***;");
    }

    #[test]
    fn lines_of_multiline_value() {
        let v: &[u8] = b"-----BEGIN KEY-----\r\nMIIEsecret\nab\n";
        let out = mask_all(&[v], b"x MIIEsecret y\nab\n-----BEGIN KEY-----\n");
        assert_eq!(out, b"x *** y\nab\n***\n");
        assert_eq!(mask_all(&[v], v), b"***");
    }

    #[test]
    fn every_split_point() {
        let values: [&[u8]; 3] = [b"secret", b"secretive", b"cret!"];
        let input = b"a secret, secretive secre secret! sssecretivesecret";
        let whole = mask_all(&values, input);
        for i in 0..=input.len() {
            for j in i..=input.len() {
                let mut m = Masker::new(&values);
                let mut out = m.push(&input[..i]);
                out.extend(m.push(&input[i..j]));
                out.extend(m.push(&input[j..]));
                out.extend(m.finish());
                assert_eq!(out, whole, "split at {i},{j}");
            }
        }
        assert!(!contains(&whole, b"secret"));
    }

    #[test]
    fn held_tail_is_bounded() {
        let mut m = Masker::new(&[b"abcdef"]);
        assert_eq!(m.push(b"xxabcde"), b"xx");
        assert_eq!(m.held.len(), 5);
        assert_eq!(m.push(b"a"), b"abcde");
        assert_eq!(m.push(b"bcdef"), b"***");
        assert!(m.held.is_empty());
        assert_eq!(m.finish(), b"");
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]
        #[test]
        fn chunking_does_not_matter(
            values in proptest::collection::vec(proptest::collection::vec(0u8..4, 1..6), 1..4),
            input in proptest::collection::vec(0u8..4, 0..80),
            cuts in proptest::collection::vec(0usize..80, 0..8),
        ) {
            // A tiny alphabet makes matches and overlaps frequent. Bytes are
            // 0..4, never `*`, so a value cannot be re-formed from `***`.
            let vals: Vec<&[u8]> = values.iter().map(|v| v.as_slice()).collect();
            let whole = mask_all(&vals, &input);
            let mut cuts: Vec<usize> = cuts.into_iter().map(|c| c.min(input.len())).collect();
            cuts.sort_unstable();
            let longest = vals.iter().map(|v| base64(v).len().max(v.len())).max().unwrap_or(0);
            let mut m = Masker::new(&vals);
            let mut out = Vec::new();
            let mut prev = 0;
            for c in cuts.into_iter().chain([input.len()]) {
                out.extend(m.push(&input[prev..c]));
                prop_assert!(m.held.len() < longest.max(1));
                prev = c;
            }
            out.extend(m.finish());
            prop_assert_eq!(&out, &whole);
            for v in &vals {
                prop_assert!(!contains(&out, v));
            }
        }
    }

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
