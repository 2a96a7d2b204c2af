//! Black-box tests of the real `arca` binary (one test binary, many modules).

mod util;

mod awsdiff;
mod awsgrammar;
mod bugs;
mod bulk;
mod errors;
mod exec_env;
mod faults;
mod fields;
mod harden;
mod init;
mod json;
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
mod serve;
mod stage;
mod streaming;
mod torture;
mod tty;
mod values;
mod versions;
