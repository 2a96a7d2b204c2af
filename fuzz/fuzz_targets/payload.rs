//! Vault payload lines (src/secret.rs): arbitrary bytes as one secret's line.
//! `Secret::from_line` (what the vault reader uses) never panics, accepts
//! exactly the well-formed lines that keep the invariants, and what it
//! accepts is safe for every command (`current()` included).
#![no_main]
#![allow(dead_code)]

use jiff::Timestamp;
use libfuzzer_sys::fuzz_target;

#[path = "../../src/cli.rs"]
mod cli;
#[path = "../../src/error.rs"]
mod error;
#[path = "../../src/password.rs"]
mod password;
#[path = "../../src/schedule.rs"]
mod schedule;
#[path = "../../src/secret.rs"]
mod secret;
/// secret.rs keeps each remote's sync state (plain data).
#[path = "../../src/sync/state.rs"]
mod sync_state;
mod sync {
    pub(crate) use super::sync_state as state;
}

/// error.rs prints through `crate::output::sanitize`; a stub suffices here.
mod output {
    pub fn sanitize(text: &str) -> String {
        text.to_owned()
    }
    pub fn to_stderr(line: &str) {
        eprintln!("{line}");
    }
}

use secret::{Secret, Value, CURRENT, PENDING, PREVIOUS};

fn use_secret(s: &Secret) {
    // A secret created without a value (create-secret) has no version.
    let current = s.current();
    if let Some(current) = current {
        let _ = s.select(None, None).expect("AWSCURRENT");
        let _ = s.select(Some(&current.id), None).expect("its own id");
        let _ = format!("{:?}", current.value);
    }
    for label in [CURRENT, PREVIOUS, PENDING] {
        let _ = s.select(None, Some(label));
    }
    let _ = s
        .rotation
        .as_ref()
        .and_then(|r| r.schedule.as_ref())
        .map(|sch| sch.next_after(s.changed));

    // What a write stores reads back the same.
    let line = serde_json::to_vec(s).expect("serializes");
    let again = Secret::from_line(&line).expect("a stored line reads back");
    assert_eq!(serde_json::to_vec(&again).expect("serializes"), line);

    // Writes keep the invariants.
    let mut edited = s.clone();
    let value = Value::String(zeroize::Zeroizing::new("next".to_owned()));
    let _ = edited.put_version(value, None, &[CURRENT.to_owned()], Timestamp::UNIX_EPOCH);
    assert_eq!(edited.check_invariants(), Ok(()));
    let mut staged = s.clone();
    if let (Some(first), Some(current)) = (s.versions.first(), current) {
        let _ = staged.update_stage(PREVIOUS, Some(&first.id), None, Timestamp::UNIX_EPOCH);
        let _ = staged.update_stage(
            CURRENT,
            Some(&first.id),
            Some(&current.id),
            Timestamp::UNIX_EPOCH,
        );
        assert_eq!(staged.check_invariants(), Ok(()));
    }
}

fuzz_target!(|data: &[u8]| {
    // The listing path parses metadata only.
    let _ = Secret::metadata_from_line(data);

    let raw = serde_json::from_slice::<Secret>(data);
    match Secret::from_line(data) {
        Ok(s) => {
            assert!(raw.is_ok());
            use_secret(&s);
        }
        Err(e) => {
            let (code, _, _) = error::classify(&e);
            assert_eq!(code, 5, "a malformed line is a vault error: {e:#}");
            if let Ok(raw) = raw {
                // Well-formed JSON turned down only for a broken invariant.
                assert!(raw.check_invariants().is_err());
            }
        }
    }
});
