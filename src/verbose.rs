//! `--verbose` and `ARCA_VERBOSE=1`: what arca is doing, on stderr (which
//! vault, identity files and why one was skipped, config, lock waits,
//! timings). Never a value: callers pass paths, names, counts and
//! durations only.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::OnceLock;
use std::time::Instant;

static ON: AtomicBool = AtomicBool::new(false);
static START: OnceLock<Instant> = OnceLock::new();

/// Turns the lines on for `--verbose` or a set `ARCA_VERBOSE` (not `0`).
pub fn init(flag: bool) {
    let env = std::env::var_os("ARCA_VERBOSE").is_some_and(|v| !v.is_empty() && v != "0");
    START.get_or_init(Instant::now);
    ON.store(flag || env, Ordering::Relaxed);
}

pub fn on() -> bool {
    ON.load(Ordering::Relaxed)
}

/// One line, stamped with the time since start.
pub fn line(args: std::fmt::Arguments) {
    let ms = START
        .get()
        .map_or(0.0, |s| s.elapsed().as_secs_f64() * 1000.0);
    let text = args.to_string();
    crate::output::to_stderr(&format!(
        "arca: [{ms:7.1} ms] {}",
        crate::output::sanitize(&text)
    ));
}

/// `verbose!("vault: {}", path.display())`: a line when verbose is on.
#[macro_export]
macro_rules! verbose {
    ($($arg:tt)*) => {
        if $crate::verbose::on() {
            $crate::verbose::line(format_args!($($arg)*));
        }
    };
}
