//! The agent's two timers, as gpg-agent has them: an idle time-to-live that
//! each use extends, and a lifetime that nothing extends. Both are measured
//! on CLOCK_BOOTTIME, which keeps counting while the machine is suspended:
//! a laptop closed for the night comes back locked.

use std::io;
use std::os::fd::{AsRawFd, FromRawFd, OwnedFd, RawFd};
use std::time::Duration;

/// Time since boot, suspend included.
pub fn boottime() -> Duration {
    let mut ts = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: clock_gettime writes one timespec into memory we own.
    unsafe { libc::clock_gettime(libc::CLOCK_BOOTTIME, &mut ts) };
    Duration::new(ts.tv_sec as u64, ts.tv_nsec as u32)
}

pub struct Timer {
    pub ttl: Duration,
    pub max_ttl: Duration,
    /// Boot-time deadlines while something is held.
    idle_until: Option<Duration>,
    max_until: Option<Duration>,
}

impl Timer {
    pub fn new(ttl: Duration, max_ttl: Duration) -> Timer {
        Timer {
            ttl,
            max_ttl,
            idle_until: None,
            max_until: None,
        }
    }

    /// A use: the idle timer starts over; the lifetime starts with the
    /// first use after being empty.
    pub fn touch(&mut self) {
        let now = boottime();
        self.max_until.get_or_insert(now + self.max_ttl);
        self.idle_until = Some(now + self.ttl);
    }

    pub fn clear(&mut self) {
        self.idle_until = None;
        self.max_until = None;
    }

    /// The earlier of the two deadlines, while running.
    pub fn deadline(&self) -> Option<Duration> {
        match (self.idle_until, self.max_until) {
            (Some(idle), Some(max)) => Some(idle.min(max)),
            (one, other) => one.or(other),
        }
    }

    pub fn expired(&self) -> bool {
        self.deadline().is_some_and(|d| boottime() >= d)
    }

    /// Whole seconds left on each timer, rounded up.
    pub fn left(&self) -> (Option<u64>, Option<u64>) {
        let now = boottime();
        let left = |d: Option<Duration>| {
            d.map(|d| d.saturating_sub(now).as_millis().div_ceil(1000) as u64)
        };
        (left(self.idle_until), left(self.max_until))
    }
}

/// A timerfd on CLOCK_BOOTTIME that becomes readable at a deadline, so the
/// server's poll wakes to wipe expired secrets even after a suspend.
pub struct Alarm(OwnedFd);

impl Alarm {
    pub fn new() -> io::Result<Alarm> {
        // SAFETY: timerfd_create takes plain integers and returns a new fd or -1.
        let fd = unsafe {
            libc::timerfd_create(libc::CLOCK_BOOTTIME, libc::TFD_CLOEXEC | libc::TFD_NONBLOCK)
        };
        if fd < 0 {
            return Err(io::Error::last_os_error());
        }
        // SAFETY: fd is a fresh descriptor that nothing else owns.
        Ok(Alarm(unsafe { OwnedFd::from_raw_fd(fd) }))
    }

    /// Rings at `deadline` (boot time), or never with None.
    pub fn set(&self, deadline: Option<Duration>) -> io::Result<()> {
        let at = deadline.map_or(
            libc::timespec {
                tv_sec: 0,
                tv_nsec: 0,
            },
            |d| libc::timespec {
                tv_sec: d.as_secs() as libc::time_t,
                // Zero would disarm the timer.
                tv_nsec: (d.subsec_nanos().max(1)) as libc::c_long,
            },
        );
        let spec = libc::itimerspec {
            it_interval: libc::timespec {
                tv_sec: 0,
                tv_nsec: 0,
            },
            it_value: at,
        };
        // SAFETY: the fd is ours; spec is a valid itimerspec; no old value is asked for.
        let r = unsafe {
            libc::timerfd_settime(
                self.0.as_raw_fd(),
                libc::TFD_TIMER_ABSTIME,
                &spec,
                std::ptr::null_mut(),
            )
        };
        if r < 0 {
            return Err(io::Error::last_os_error());
        }
        Ok(())
    }

    /// Reads the expiry count so that the fd is no longer readable.
    pub fn drain(&self) {
        let mut count = [0u8; 8];
        // SAFETY: reads at most 8 bytes into a buffer we own; a non-blocking fd.
        unsafe { libc::read(self.0.as_raw_fd(), count.as_mut_ptr().cast(), 8) };
    }

    pub fn fd(&self) -> RawFd {
        self.0.as_raw_fd()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_lifetime_is_not_extended_by_use_and_caps_the_idle_timer() {
        let mut timer = Timer::new(Duration::from_secs(600), Duration::from_secs(60));
        assert_eq!(timer.deadline(), None);
        assert!(!timer.expired());
        timer.touch();
        let first = timer.deadline().unwrap();
        timer.touch();
        // The lifetime (60 s) comes before the idle deadline (600 s) and stays put.
        assert_eq!(timer.deadline().unwrap(), first);
        let (idle, max) = timer.left();
        assert!(idle.unwrap() > 590 && max.unwrap() <= 60);
        timer.clear();
        assert_eq!(timer.deadline(), None);
    }

    #[test]
    fn a_zero_ttl_expires_at_once() {
        let mut timer = Timer::new(Duration::ZERO, Duration::from_secs(60));
        timer.touch();
        assert!(timer.expired());
    }
}
