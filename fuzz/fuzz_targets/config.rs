//! The TOML config (src/config.rs): `Config::load` never panics on any file
//! content, and every hook of a config that loads resolves with `hook()`.
#![no_main]
#![allow(dead_code)]

use std::path::PathBuf;
use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;

#[path = "../../src/config.rs"]
mod config;
#[path = "../../src/error.rs"]
mod error;
#[path = "../../src/schedule.rs"]
mod schedule;

/// error.rs prints through `crate::output::sanitize`; the real one lives in
/// src/output.rs with terminal code the fuzzer does not need.
mod output {
    pub fn sanitize(text: &str) -> String {
        text.to_owned()
    }
    pub fn to_stderr(line: &str) {
        eprintln!("{line}");
    }
}

/// config.rs notes what it reads under `--verbose`; the fuzzer is quiet.
#[macro_export]
macro_rules! verbose {
    ($($arg:tt)*) => {{
        let _ = format_args!($($arg)*);
    }};
}

fn path() -> &'static PathBuf {
    static PATH: OnceLock<PathBuf> = OnceLock::new();
    PATH.get_or_init(|| {
        std::env::temp_dir().join(format!("arca-fuzz-config-{}.toml", std::process::id()))
    })
}

fuzz_target!(|data: &[u8]| {
    let path = path();
    std::fs::write(path, data).expect("writing the config to a temp file");
    let loaded = config::Config::load(path);
    match loaded {
        Ok(config) => {
            // The names of the hooks, as a TOML reader sees them.
            let text = std::str::from_utf8(data).expect("a config that loads is UTF-8");
            let table: toml::Table = toml::from_str(text).expect("a config that loads is TOML");
            let names: Vec<String> = table
                .get("hooks")
                .and_then(|h| h.as_table())
                .map(|h| h.keys().cloned().collect())
                .unwrap_or_default();
            for name in &names {
                let hook = config
                    .hook(name, path)
                    .unwrap_or_else(|e| panic!("hook {name:?} of a loaded config: {e}"));
                assert_eq!(&hook.name, name);
                assert!(hook.steps.iter().any(Option::is_some));
            }
            assert!(config.hook("surely-not-a-hook\u{0}", path).is_err());
        }
        Err(e) => {
            // Errors are one printable report with an exit code, never a panic.
            let _ = format!("{e:#}");
            let (code, _, _) = error::classify(&e);
            assert_eq!(code, 2, "config errors are usage errors: {e:#}");
        }
    }
});
