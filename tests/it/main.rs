//! Black-box tests of the real `arca` binary (one test binary, many modules).

mod util;

mod bugs;
mod bulk;
mod errors;
mod everyday;
mod exec_env;
mod faults;
mod fields;
mod git;
mod harden;
mod init;
mod json;
mod keys;
mod lifecycle;
mod lock;
mod names;
mod password;
mod payload;
mod pg;
mod plaintext;
mod postgres;
mod put;
mod reads;
mod recipients;
mod rotation;
mod scan;
mod stage;
mod streaming;
mod torture;
mod tty;
mod values;
mod versions;
