//! Pseudo-terminals for `exec --mask` on a terminal: the child writes to a
//! pty slave (so it sees a terminal, with our terminal's size) and arca
//! relays the master through the masker to the real terminal.

use std::fs::File;
use std::io::{self, Read};
use std::os::fd::{AsRawFd, BorrowedFd, FromRawFd, OwnedFd, RawFd};

pub struct Pty {
    pub master: File,
    pub slave: OwnedFd,
}

impl Pty {
    /// A pty for a stream that goes to `like`, when `like` is a terminal
    /// (None otherwise): same window size, output passed through unchanged
    /// (no `\n` → `\r\n`; the real terminal does that).
    pub fn like(like: BorrowedFd<'_>) -> io::Result<Option<Pty>> {
        // SAFETY: isatty only inspects the descriptor.
        if unsafe { libc::isatty(like.as_raw_fd()) } != 1 {
            return Ok(None);
        }
        // SAFETY: an all-zero winsize is valid; TIOCGWINSZ fills it.
        let mut size: libc::winsize = unsafe { std::mem::zeroed() };
        let has_size = unsafe { libc::ioctl(like.as_raw_fd(), libc::TIOCGWINSZ, &mut size) } == 0;
        let (mut master, mut slave) = (-1, -1);
        // SAFETY: out-pointers to two ints; no name buffer; null termios;
        // the winsize pointer is valid or null.
        let rc = unsafe {
            libc::openpty(
                &mut master,
                &mut slave,
                std::ptr::null_mut(),
                std::ptr::null(),
                if has_size { &size } else { std::ptr::null() },
            )
        };
        if rc != 0 {
            return Err(io::Error::last_os_error());
        }
        // SAFETY: openpty returned two new descriptors that we now own.
        let (master, slave) = unsafe { (File::from_raw_fd(master), OwnedFd::from_raw_fd(slave)) };
        for fd in [master.as_raw_fd(), slave.as_raw_fd()] {
            // SAFETY: fcntl on descriptors we own. The child gets the slave
            // through dup2, which clears the flag on its copy.
            if unsafe { libc::fcntl(fd, libc::F_SETFD, libc::FD_CLOEXEC) } != 0 {
                return Err(io::Error::last_os_error());
            }
        }
        // SAFETY: an all-zero termios is a valid out-parameter for tcgetattr.
        let mut term: libc::termios = unsafe { std::mem::zeroed() };
        // SAFETY: termios calls on the slave we own, with a valid struct.
        unsafe {
            if libc::tcgetattr(slave.as_raw_fd(), &mut term) == 0 {
                term.c_oflag &= !libc::OPOST;
                libc::tcsetattr(slave.as_raw_fd(), libc::TCSANOW, &term);
            }
        }
        Ok(Some(Pty { master, slave }))
    }
}

/// The master side: once every slave is closed Linux reports EIO, which
/// here is the end of the output.
pub struct MasterReader(pub File);

impl Read for MasterReader {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        match self.0.read(buf) {
            Err(e) if e.raw_os_error() == Some(libc::EIO) => Ok(0),
            other => other,
        }
    }
}

/// Keeps each pty the size of the terminal it stands for. A resize sends
/// SIGWINCH to arca and the command alike (same process group); arca
/// copies the new size to the ptys, then signals the command once more,
/// since it may have asked its pty before the copy. Dropping stops it.
pub struct Resizer {
    handle: signal_hook::iterator::Handle,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl Resizer {
    /// `pairs`: a pty master (a duplicate we own) and the terminal whose
    /// size it takes. None when there is no pty.
    pub fn start(pairs: Vec<(File, RawFd)>, pid: u32) -> Option<Resizer> {
        if pairs.is_empty() {
            return None;
        }
        let pid = libc::pid_t::try_from(pid).ok()?;
        let mut signals = signal_hook::iterator::Signals::new([libc::SIGWINCH]).ok()?;
        let handle = signals.handle();
        let thread = crate::threads::spawn(move || {
            for _ in signals.forever() {
                for (master, like) in &pairs {
                    // SAFETY: winsize ioctls with a valid struct, on our
                    // terminal and on a master we own.
                    unsafe {
                        let mut size: libc::winsize = std::mem::zeroed();
                        if libc::ioctl(*like, libc::TIOCGWINSZ, &mut size) == 0 {
                            libc::ioctl(master.as_raw_fd(), libc::TIOCSWINSZ, &size);
                        }
                    }
                }
                // SAFETY: kill(2) on our child, not yet reaped while this runs.
                unsafe { libc::kill(pid, libc::SIGWINCH) };
            }
        })
        .ok();
        Some(Resizer { handle, thread })
    }
}

impl Drop for Resizer {
    fn drop(&mut self) {
        self.handle.close();
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}
