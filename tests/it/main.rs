//! Black-box tests of the real `arca` binary (one test binary, many modules).

mod util;

mod bugs;
mod errors;
mod fields;
mod init;
mod json;
mod lock;
mod names;
mod password;
mod payload;
mod put;
mod reads;
mod stage;
mod tty;
mod values;
mod versions;
