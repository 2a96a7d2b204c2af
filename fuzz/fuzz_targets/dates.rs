//! The vault's dates as `list` reads and writes them (src/dates.rs): no
//! input panics, a date read without jiff is the date jiff reads (never a
//! different one), and the date written is the one jiff's format gives.
#![no_main]

use jiff::Timestamp;
use libfuzzer_sys::fuzz_target;

#[path = "../../src/dates.rs"]
mod dates;

fuzz_target!(|data: &[u8]| {
    if let Some(read) = dates::parse_stored(data) {
        let text = std::str::from_utf8(data).expect("a date read is UTF-8");
        let by_jiff: Timestamp = text.parse().expect("jiff reads what arca reads");
        assert_eq!(read, by_jiff, "{text:?}");
        let mut out = Vec::new();
        if dates::write_listed(&mut out, read).is_some() {
            let expected = read.strftime("%Y-%m-%dT%H:%M:%S.%6f+00:00").to_string();
            assert_eq!(out, expected.as_bytes());
        }
    }
});
