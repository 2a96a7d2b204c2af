//! Turning selected secrets into environment variables and text formats
//! (`arca exec` / `arca env`, SPEC §6).
//!
//! The `format_*` functions return plain `String`s that contain secret
//! values; callers should wrap them in `Zeroizing` right away (a move, not a
//! copy). Each output buffer is allocated at its worst-case size up front so
//! that growing it never leaves stale copies of a value on the heap.

use std::fmt;
use std::io::Write;
use std::path::Path;

use zeroize::Zeroizing;

/// One environment variable to inject. `Debug` never shows the value.
pub struct EnvVar {
    pub name: String,
    /// The JSON field the value came from (`NAME#FIELD`, or a field of an
    /// object under `--prefix`), which decides whether it is masked.
    pub field: Option<String>,
    pub value: Zeroizing<String>,
}

impl fmt::Debug for EnvVar {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("EnvVar")
            .field("name", &self.name)
            .field("field", &self.field)
            .field("value", &"(redacted)")
            .finish()
    }
}

/// Variable name for the part of a secret name after `--prefix`:
/// ASCII upper-cased, every non-alphanumeric char becomes `_`, and a leading
/// digit gets a `_` in front (`db/pass-word` → `DB_PASS_WORD`, `1x` → `_1X`).
/// An empty `rest` gives an empty name, which [`check_var_name`] rejects.
pub fn var_name(rest: &str) -> String {
    let mut out = String::with_capacity(rest.len() + 1);
    if rest.starts_with(|c: char| c.is_ascii_digit()) {
        out.push('_');
    }
    out.extend(rest.chars().map(|c| {
        if c.is_ascii_alphanumeric() {
            c.to_ascii_uppercase()
        } else {
            '_'
        }
    }));
    out
}

/// Variable name for one top-level field of a JSON value under `--prefix`:
/// `REST_FIELD`, with the same rules as [`var_name`].
pub fn field_var_name(rest: &str, field: &str) -> String {
    var_name(&format!("{rest}_{field}"))
}

/// Validates a user-given variable name (`--env VAR=...`) as a POSIX name,
/// `[A-Za-z_][A-Za-z0-9_]*`.
pub fn check_var_name(name: &str) -> Result<(), String> {
    let mut chars = name.chars();
    let Some(first) = chars.next() else {
        return Err("environment variable name is empty".to_string());
    };
    let ok = (first.is_ascii_alphabetic() || first == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_');
    if ok {
        Ok(())
    } else {
        Err(format!(
            "invalid environment variable name {name:?}: it must start with a letter or `_` \
             and contain only ASCII letters, digits and `_`"
        ))
    }
}

/// `export NAME='value'` lines for `eval` in bash, dash, zsh and other POSIX
/// shells. Single quotes keep every byte literal; a `'` in the value is
/// written as `'\''` (close, escaped quote, reopen).
pub fn format_shell(vars: &[EnvVar]) -> String {
    let cap = vars
        .iter()
        .map(|v| v.name.len() + 4 * v.value.len() + 11)
        .sum();
    let mut out = String::with_capacity(cap);
    for v in vars {
        out.push_str("export ");
        out.push_str(&v.name);
        out.push_str("='");
        for c in v.value.chars() {
            if c == '\'' {
                out.push_str("'\\''");
            } else {
                out.push(c);
            }
        }
        out.push_str("'\n");
    }
    out
}

/// `NAME="value"` or `NAME='value'` lines that read back byte-exact in
/// python-dotenv with its default settings and in Node's `dotenv`, whose
/// quoting rules agree on little:
///
/// - double quotes: python-dotenv decodes `\\ \" \' \a \b \f \n \r \t \v`,
///   Node only `\n` and `\r`: used for a value without `"` or `\` (newline
///   and carriage return written `\n` and `\r`);
/// - single quotes: python-dotenv decodes `\\` and `\'`, Node nothing, and
///   both read a raw carriage return as a newline: used for a value
///   without `'`, `\\`, a carriage return or a trailing `\`;
/// - python-dotenv expands `${NAME}` inside either quotes.
///
/// A value that neither form carries is refused, naming its variable.
/// Node's `dotenv-expand` (not `dotenv`) also expands `$NAME`: values
/// with `$` are not safe for it.
pub fn format_dotenv(vars: &[EnvVar]) -> Result<String, String> {
    let cap = vars
        .iter()
        .map(|v| v.name.len() + 2 * v.value.len() + 4)
        .sum();
    // Wiped if a later value is refused.
    let mut out = Zeroizing::new(String::with_capacity(cap));
    for v in vars {
        let value = v.value.as_str();
        if python_dotenv_expands(value) {
            return Err(format!(
                "{} holds '${{…}}', which python-dotenv expands: as dotenv it would not read back unchanged",
                v.name
            ));
        }
        out.push_str(&v.name);
        out.push('=');
        if !value.contains(['"', '\\']) {
            out.push('"');
            for c in value.chars() {
                match c {
                    '\n' => out.push_str("\\n"),
                    '\r' => out.push_str("\\r"),
                    c => out.push(c),
                }
            }
            out.push('"');
        } else if !value.contains(['\'', '\r']) && !value.contains("\\\\") && !value.ends_with('\\')
        {
            out.push('\'');
            out.push_str(value);
            out.push('\'');
        } else {
            return Err(format!(
                "{} holds characters that no dotenv quoting carries unchanged to both python-dotenv and Node's dotenv (a double quote or backslash, and a single quote, carriage return or double backslash)",
                v.name
            ));
        }
        out.push('\n');
    }
    Ok(std::mem::take(&mut *out))
}

/// The error for a value [`format_dotenv`] refuses.
pub fn not_dotenv(why: String) -> crate::error::ArcaError {
    crate::error::usage(format!("cannot write dotenv: {why}"))
        .hint("use --format json or --format shell for this secret, or leave it out with --filter")
}

/// Whether python-dotenv (interpolation on, its default) would replace
/// part of the value: its pattern `\$\{[^}:]*(:-[^}]*)?\}`.
fn python_dotenv_expands(value: &str) -> bool {
    value.match_indices("${").any(|(at, _)| {
        let rest = &value[at + 2..];
        let name_end = rest.find(['}', ':']).unwrap_or(rest.len());
        match rest[name_end..].chars().next() {
            Some('}') => true,
            Some(':') => rest[name_end + 1..]
                .strip_prefix('-')
                .is_some_and(|default| default.contains('}')),
            _ => false,
        }
    })
}

/// A JSON object `{"NAME": "value", ...}`, 2-space indent, keys in the
/// given order, trailing newline.
pub fn format_json(vars: &[EnvVar]) -> String {
    if vars.is_empty() {
        return "{}\n".to_string();
    }
    let cap = vars
        .iter()
        .map(|v| 6 * (v.name.len() + v.value.len()) + 10)
        .sum::<usize>()
        + 4;
    let mut out = String::with_capacity(cap);
    out.push_str("{\n");
    for (i, v) in vars.iter().enumerate() {
        out.push_str("  ");
        push_json_string(&mut out, &v.name);
        out.push_str(": ");
        push_json_string(&mut out, &v.value);
        out.push_str(if i + 1 < vars.len() { ",\n" } else { "\n" });
    }
    out.push_str("}\n");
    out
}

// Hand-written so the output buffer is the only place the value is copied to
// and key order is kept (serde_json's Map sorts without `preserve_order`).
fn push_json_string(out: &mut String, s: &str) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 => {
                out.push_str(&format!("\\u{:04x}", c as u32));
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

/// GitHub Actions output: `(stdout, github_env)`.
///
/// `stdout` has one `::add-mask::` command per non-blank line of every value
/// in `secrets` (the runner masks line by line; [`crate::mask::secret_values`]
/// picks them). `github_env` is the text to append to
/// `$GITHUB_ENV` (see [`append_github_env`]): `NAME<<DELIM`, the value, and
/// `DELIM`, with a fresh random delimiter per variable that does not occur
/// in the value. Print `stdout` before appending, so the masks are active
/// before the runner reads the values.
pub fn format_github(vars: &[EnvVar], secrets: &[&str]) -> (String, String) {
    // Worst case per line: the command, every byte escaped to three, a newline.
    let mask_cap = secrets
        .iter()
        .map(|v| 3 * v.len() + 13 * (v.matches('\n').count() + 1))
        .sum();
    let mut masks = String::with_capacity(mask_cap);
    let cap = vars
        .iter()
        .map(|v| v.name.len() + v.value.len() + 2 * DELIM_LEN + 5)
        .sum();
    let mut env = String::with_capacity(cap);
    for value in secrets {
        for line in value.split('\n') {
            let line = line.strip_suffix('\r').unwrap_or(line);
            // Short lines would mask ordinary text (the --mask rule);
            // escaping follows @actions/core.
            if line.trim().len() < crate::mask::MIN_LEN {
                continue;
            }
            masks.push_str("::add-mask::");
            for c in line.chars() {
                match c {
                    '%' => masks.push_str("%25"),
                    '\r' => masks.push_str("%0D"),
                    c => masks.push(c),
                }
            }
            masks.push('\n');
        }
    }
    for v in vars {
        let delim = github_delimiter(&v.value);
        env.push_str(&v.name);
        env.push_str("<<");
        env.push_str(&delim);
        env.push('\n');
        env.push_str(&v.value);
        env.push('\n');
        env.push_str(&delim);
        env.push('\n');
    }
    (masks, env)
}

const DELIM_PREFIX: &str = "ghadelimiter_";
const DELIM_LEN: usize = DELIM_PREFIX.len() + 32;

// A delimiter that does not occur in `value`. Randomness makes a collision
// (a value crafted to end the heredoc early) unguessable; the loop makes it
// impossible. If the OS RNG fails we fall back to a counter and the check
// alone keeps the output correct.
fn github_delimiter(value: &str) -> String {
    let mut counter: u128 = 0;
    loop {
        let mut bytes = [0u8; 16];
        if getrandom::fill(&mut bytes).is_err() {
            counter += 1;
            bytes = counter.to_le_bytes();
        }
        let mut delim = String::with_capacity(DELIM_LEN);
        delim.push_str(DELIM_PREFIX);
        for b in bytes {
            delim.push_str(&format!("{b:02x}"));
        }
        if !value.contains(&delim) {
            return delim;
        }
    }
}

/// Appends `text` to the `$GITHUB_ENV` file at `path`, creating it with
/// mode 0600 if it does not exist.
pub fn append_github_env(path: &Path, text: &str) -> std::io::Result<()> {
    let mut opts = std::fs::OpenOptions::new();
    opts.append(true).create(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        opts.mode(0o600);
    }
    let mut file = opts.open(path)?;
    file.write_all(text.as_bytes())?;
    file.flush()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use std::path::Path;
    use std::process::Command;

    fn var(name: &str, value: &str) -> EnvVar {
        EnvVar {
            name: name.to_string(),
            field: None,
            value: Zeroizing::new(value.to_string()),
        }
    }

    const TRICKY: &[&str] = &[
        "plain",
        "with spaces  and  more",
        "single ' quote",
        "double \" quote",
        "$HOME and ${HOME} and $(echo hi)",
        "back`tick`s",
        "back\\slash\\\\es\\",
        "new\nline",
        "trailing newline\n",
        "\n\n",
        "'\\''",
        "''''",
        "tab\there",
        "é 日本 🔐",
        "",
        "cr\r\nlf",
        "!event !! ~tilde *glob? [x]",
    ];

    #[test]
    fn names() {
        assert_eq!(var_name("db/pass-word"), "DB_PASS_WORD");
        assert_eq!(var_name("api.key@v2"), "API_KEY_V2");
        assert_eq!(var_name("1password"), "_1PASSWORD");
        assert_eq!(var_name("é"), "_");
        assert_eq!(field_var_name("db", "user-name"), "DB_USER_NAME");
        assert_eq!(field_var_name("9db", "x"), "_9DB_X");
    }

    #[test]
    fn check_names() {
        for ok in ["A", "_", "_a1", "PATH", "db_PASS_2"] {
            assert!(check_var_name(ok).is_ok(), "{ok}");
        }
        for bad in ["", "1A", "A-B", "A B", "é", "A=B", "a.b"] {
            let err = check_var_name(bad).err();
            assert!(err.is_some(), "{bad}");
        }
        assert!(check_var_name("1A")
            .err()
            .unwrap_or_default()
            .contains("\"1A\""));
    }

    #[test]
    fn debug_redacts() {
        let s = format!("{:?}", var("NAME", "hunter2"));
        assert!(s.contains("NAME") && s.contains("redacted") && !s.contains("hunter2"));
    }

    fn have(prog: &str) -> bool {
        Command::new(prog).arg("-c").arg("true").status().is_ok()
    }

    // Evals the shell text in `shell` and returns the bytes of $V.
    fn shell_roundtrip(shell: &str, value: &str) -> Vec<u8> {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("env.sh");
        std::fs::write(&file, format_shell(&[var("V", value)])).unwrap();
        let out = Command::new(shell)
            .arg("-c")
            .arg("eval \"$(cat \"$1\")\"; printf %s \"$V\"")
            .arg(shell)
            .arg(&file)
            .output()
            .unwrap();
        assert!(out.status.success(), "{shell} failed: {out:?}");
        out.stdout
    }

    #[test]
    fn shell_roundtrip_bash_dash_zsh() {
        for shell in ["bash", "dash", "zsh"] {
            if !have(shell) {
                assert_ne!(shell, "bash", "bash is required");
                eprintln!("note: {shell} not installed, skipping (apt-get install -y {shell})");
                continue;
            }
            for v in TRICKY {
                assert_eq!(shell_roundtrip(shell, v), v.as_bytes(), "{shell}: {v:?}");
            }
        }
    }

    #[test]
    fn shell_many_vars() {
        let vars: Vec<EnvVar> = TRICKY
            .iter()
            .enumerate()
            .map(|(i, v)| var(&format!("V{i}"), v))
            .collect();
        let text = format_shell(&vars);
        assert!(text.lines().filter(|l| l.starts_with("export ")).count() >= vars.len());
        let script: String = (0..vars.len())
            .map(|i| format!("printf '%s\\0' \"$V{i}\"; "))
            .collect();
        let out = Command::new("bash")
            .arg("-c")
            .arg(format!("eval \"$1\"; {script}"))
            .arg("bash")
            .arg(&text)
            .output()
            .unwrap();
        let got: Vec<&[u8]> = out.stdout.split(|&b| b == 0).collect();
        for (i, v) in TRICKY.iter().enumerate() {
            assert_eq!(got[i], v.as_bytes());
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]
        #[test]
        fn shell_roundtrip_any(value in "[^\u{0}]{0,40}") {
            prop_assert_eq!(shell_roundtrip("bash", &value), value.as_bytes());
        }
    }

    #[test]
    fn dotenv_shape() {
        let text = format_dotenv(&[var("A", "a\nb\rc\td$e'f"), var("B", "{\"k\": \"a\\b\"}")]);
        assert_eq!(
            text.unwrap(),
            "A=\"a\\nb\\rc\td$e'f\"\nB='{\"k\": \"a\\b\"}'\n"
        );
        for refused in ["${HOME}", "x${A:-b}y", "'\"", "a\\\\b\"", "a\\", "\"\r"] {
            let err = format_dotenv(&[var("V", refused)]).unwrap_err();
            assert!(err.starts_with("V "), "{refused:?}: {err}");
        }
        for kept in ["${", "${a", "${a:b}", "$HOME", "$(echo x)"] {
            assert!(format_dotenv(&[var("V", kept)]).is_ok(), "{kept:?}");
        }
    }

    /// Values that some dotenv form carries, and those the readers' rules
    /// leave no form for.
    fn dotenv_values() -> (Vec<&'static str>, Vec<&'static str>) {
        let refused = |v: &str| format_dotenv(&[var("V", v)]).is_err();
        let all = TRICKY.iter().copied().chain([
            "\\\"",
            "\"\\n\"",
            "x = # not a comment",
            "#x",
            "a\\b",
            "{\"a\":\"b\"}",
            " lead",
            "trail ",
            "${x",
            "$x}",
        ]);
        all.partition(|v| !refused(v))
    }

    /// Reads a dotenv file with `program -c|-e script FILE` (a script that
    /// prints JSON); None when the reader is missing and `require` unset.
    fn read_back(
        program: &str,
        script: &str,
        file: &Path,
        env: (&str, &str),
        require: &str,
        note: &str,
    ) -> Option<serde_json::Map<String, serde_json::Value>> {
        let flag = if program == "node" { "-e" } else { "-c" };
        let out = Command::new(program)
            .args([flag, script])
            .arg(file)
            .env(env.0, env.1)
            .output();
        match out {
            Ok(out) if out.status.success() => Some(serde_json::from_slice(&out.stdout).unwrap()),
            _ if std::env::var_os(require).is_some() => {
                panic!("{require} is set and {program} cannot read dotenv: {out:?}")
            }
            _ => {
                eprintln!("note: {note} not installed, skipping (set {require}=1 to require it)");
                None
            }
        }
    }

    // The reference readers: python-dotenv with its default settings
    // (interpolation on) and Node's dotenv (installed by .ci/run).
    #[test]
    fn dotenv_roundtrip_python_dotenv_and_node_dotenv() {
        let (values, refused) = dotenv_values();
        assert!(
            refused.contains(&"$HOME and ${HOME} and $(echo hi)"),
            "{refused:?}"
        );
        let vars: Vec<EnvVar> = values
            .iter()
            .enumerate()
            .map(|(i, v)| var(&format!("V{i}"), v))
            .collect();
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join(".env");
        std::fs::write(&file, format_dotenv(&vars).unwrap()).unwrap();
        let python = "import sys, json, dotenv\n\
                      sys.stdout.write(json.dumps(dotenv.dotenv_values(sys.argv[1])))";
        let node = "const fs = require('fs'); const dotenv = require('dotenv');\n\
                    process.stdout.write(JSON.stringify(dotenv.parse(fs.readFileSync(process.argv[1]))))";
        let readers = [
            read_back(
                "python3",
                python,
                &file,
                ("HOME", "/expanded"),
                "ARCA_REQUIRE_DOTENV",
                "python-dotenv",
            ),
            read_back(
                "node",
                node,
                &file,
                ("NODE_PATH", "/opt/arca-node/node_modules"),
                "ARCA_REQUIRE_NODE_DOTENV",
                "node dotenv (npm install --prefix /opt/arca-node dotenv)",
            ),
        ];
        for got in readers.into_iter().flatten() {
            assert_eq!(got.len(), values.len(), "{got:?}");
            for (i, v) in values.iter().enumerate() {
                assert_eq!(got[&format!("V{i}")], serde_json::Value::from(*v), "{v:?}");
            }
        }
    }

    #[test]
    fn json_roundtrip() {
        let vars: Vec<EnvVar> = TRICKY
            .iter()
            .chain(&["\u{1}\u{1f}\u{7f}"])
            .enumerate()
            .map(|(i, v)| var(&format!("Z{i}"), v))
            .collect();
        let text = format_json(&vars);
        assert!(text.starts_with("{\n  \"Z0\": ") && text.ends_with("\"\n}\n"));
        let parsed: serde_json::Value = serde_json::from_str(&text).unwrap();
        for v in &vars {
            assert_eq!(parsed[&v.name], serde_json::Value::from(v.value.as_str()));
        }
        // Key order as given (Z10 sorts before Z2 alphabetically).
        let keys: Vec<usize> = vars
            .iter()
            .map(|v| text.find(&format!("\"{}\"", v.name)).unwrap())
            .collect();
        assert!(keys.windows(2).all(|w| w[0] < w[1]));
        assert_eq!(format_json(&[]), "{}\n");
        assert_eq!(format_json(&[var("A", "b")]), "{\n  \"A\": \"b\"\n}\n");
    }

    // The runner's parser: `NAME<<DELIM`, then lines up to one equal to DELIM.
    fn parse_github_env(text: &str) -> Vec<(String, String)> {
        let mut out = Vec::new();
        let mut lines = text.split('\n');
        while let Some(line) = lines.next() {
            if line.is_empty() {
                continue;
            }
            let (name, delim) = line.split_once("<<").unwrap();
            let mut value: Vec<&str> = Vec::new();
            loop {
                let l = lines.next().expect("delimiter not found");
                if l == delim {
                    break;
                }
                value.push(l);
            }
            out.push((name.to_string(), value.join("\n")));
        }
        out
    }

    #[test]
    fn github_roundtrip() {
        let mut values: Vec<&str> = TRICKY.to_vec();
        values.extend([
            "ghadelimiter_",
            "x\nghadelimiter_0123\n",
            "ends with newline\n",
            "a<<b",
        ]);
        let vars: Vec<EnvVar> = values
            .iter()
            .enumerate()
            .map(|(i, v)| var(&format!("G{i}"), v))
            .collect();
        let all: Vec<&str> = vars.iter().map(|v| v.value.as_str()).collect();
        let (stdout, env) = format_github(&vars, &all);
        let parsed = parse_github_env(&env);
        assert_eq!(parsed.len(), vars.len());
        for (v, (name, value)) in vars.iter().zip(&parsed) {
            assert_eq!(&v.name, name);
            assert_eq!(v.value.as_str(), value);
        }
        // Delimiters are random and distinct.
        let delims: Vec<&str> = env
            .lines()
            .filter_map(|l| l.split_once("<<"))
            .filter(|(n, _)| n.starts_with('G'))
            .map(|(_, d)| d)
            .collect();
        assert_eq!(delims.len(), vars.len());
        assert!(delims
            .iter()
            .all(|d| d.len() == DELIM_LEN && d.starts_with(DELIM_PREFIX)));
        assert_ne!(delims[0], delims[1]);

        for line in stdout.lines() {
            assert!(line.starts_with("::add-mask::") && line.len() > "::add-mask::".len());
        }
        assert!(stdout.contains("::add-mask::ends with newline\n"));
        // Lines shorter than the masking minimum are not masked.
        assert!(!stdout.contains("::add-mask::new\n") && !stdout.contains("::add-mask::cr\n"));
        assert!(stdout.contains("::add-mask::é 日本 🔐\n"));
    }

    #[test]
    fn github_mask_escapes_percent() {
        let (stdout, _) = format_github(&[], &["100%0A\n  \n"]);
        assert_eq!(stdout, "::add-mask::100%250A\n");
    }

    #[test]
    fn github_env_file_append() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("github_env");
        append_github_env(&path, "A<<D\nx\nD\n").unwrap();
        append_github_env(&path, "B<<E\ny\nE\n").unwrap();
        assert_eq!(
            std::fs::read_to_string(&path).unwrap(),
            "A<<D\nx\nD\nB<<E\ny\nE\n"
        );
        let mode = std::fs::metadata(&path).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
    }
}
