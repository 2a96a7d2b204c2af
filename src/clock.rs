//! The current time, settable for tests.

use jiff::Timestamp;

/// Now, unless `ARCA_TEST_NOW` (an RFC 3339 timestamp) says otherwise in a
/// debug build.
///
/// The override lets the test suite step over recovery windows and rotation
/// schedules without sleeping. Release builds ignore it, so a stray variable
/// can never purge a secret early.
pub fn now() -> Timestamp {
    std::env::var("ARCA_TEST_NOW")
        .ok()
        .filter(|_| cfg!(debug_assertions))
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| {
            // Milliseconds, as AWS reports dates.
            Timestamp::now()
                .round(jiff::Unit::Millisecond)
                .unwrap_or_else(|_| Timestamp::now())
        })
}
