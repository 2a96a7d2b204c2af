//! Starting threads without panicking.

use std::io;
use std::thread::{Builder, JoinHandle};

/// A thread, or an error saying none could be started (EAGAIN under a
/// limit on processes), where `std::thread::spawn` would panic (SPEC §7).
pub fn spawn<T: Send + 'static>(
    work: impl FnOnce() -> T + Send + 'static,
) -> io::Result<JoinHandle<T>> {
    Builder::new()
        .spawn(work)
        .map_err(|e| io::Error::new(e.kind(), format!("cannot start a thread: {e}")))
}
