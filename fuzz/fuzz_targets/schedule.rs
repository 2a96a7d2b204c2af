//! Rotation schedules, durations, windows and `--every` (src/schedule.rs):
//! no input panics; a schedule that parses shows as text that parses back
//! to it, and its next start is strictly later.
#![no_main]
#![allow(dead_code)]

use jiff::Timestamp;
use libfuzzer_sys::fuzz_target;

#[path = "../../src/schedule.rs"]
mod schedule;

use schedule::{parse_duration, parse_every, parse_window, Schedule};

fn starts() -> [Timestamp; 5] {
    [
        Timestamp::MIN,
        Timestamp::UNIX_EPOCH,
        Timestamp::from_second(1_767_225_600).unwrap_or(Timestamp::UNIX_EPOCH), // 2026-01-01
        Timestamp::from_second(7_258_118_340).unwrap_or(Timestamp::UNIX_EPOCH), // 2199-12-31T23:59
        Timestamp::MAX,
    ]
}

fn check(schedule: &Schedule) {
    let shown = schedule.to_string();
    let again: Schedule = shown
        .parse()
        .unwrap_or_else(|e| panic!("{shown:?} does not parse back: {e}"));
    assert_eq!(&again, schedule, "{shown:?} parses back differently");
    let _ = schedule.describe();
    for after in starts() {
        if let Some(next) = schedule.next_after(after) {
            assert!(next > after, "{shown}: {next} is not after {after}");
        }
    }
}

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let _ = parse_duration(&text);
    let _ = parse_window(&text);
    if let Ok(schedule) = parse_every(&text) {
        check(&schedule);
    }
    // The input as it is, and as the body of cron(...) so that most of the
    // effort goes into the cron grammar.
    for candidate in [text.to_string(), format!("cron({text})")] {
        if let Ok(schedule) = candidate.parse::<Schedule>() {
            check(&schedule);
        }
    }
});
