//! The current time, settable for tests.

use jiff::Timestamp;

/// Now, unless `ARCA_TEST_NOW` (an RFC 3339 timestamp) says otherwise.
///
/// The override exists so that the test suite can step over recovery windows
/// and rotation schedules without sleeping. It grants nothing a user could not
/// already do to their own process (faketime, the system clock).
pub fn now() -> Timestamp {
    std::env::var("ARCA_TEST_NOW")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| {
            // Milliseconds, as AWS reports dates.
            Timestamp::now()
                .round(jiff::Unit::Millisecond)
                .unwrap_or_else(|_| Timestamp::now())
        })
}
