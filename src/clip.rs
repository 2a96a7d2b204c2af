//! The clipboard for `arca get --clip`, as `pass -c` does it: copy with
//! whichever tool the session has (wl-copy, xclip, xsel, pbcopy), then a
//! detached `arca __clip-clear` clears it after a while unless something
//! else was copied since. The value reaches the tools and the clearer on
//! their stdin only, never in argv or the environment.

use std::io::{self, Read, Write};
use std::os::unix::process::CommandExt;
use std::process::{Command, ExitCode, Stdio};
use std::time::Duration;

use anyhow::{Context, Result};
use zeroize::Zeroizing;

use crate::error::{ArcaError, Exit};

/// A clipboard tool: how to copy, read back and clear.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Tool {
    WlCopy,
    Xclip,
    Xsel,
    Pbcopy,
}

impl Tool {
    fn name(self) -> &'static str {
        match self {
            Tool::WlCopy => "wl-copy",
            Tool::Xclip => "xclip",
            Tool::Xsel => "xsel",
            Tool::Pbcopy => "pbcopy",
        }
    }

    fn parse(name: &str) -> Option<Tool> {
        [Tool::WlCopy, Tool::Xclip, Tool::Xsel, Tool::Pbcopy]
            .into_iter()
            .find(|t| t.name() == name)
    }

    fn copy_cmd(self) -> Command {
        match self {
            Tool::WlCopy => Command::new("wl-copy"),
            Tool::Xclip => with_args("xclip", &["-selection", "clipboard", "-in"]),
            Tool::Xsel => with_args("xsel", &["--clipboard", "--input"]),
            Tool::Pbcopy => Command::new("pbcopy"),
        }
    }

    fn paste_cmd(self) -> Command {
        match self {
            Tool::WlCopy => with_args("wl-paste", &["--no-newline"]),
            Tool::Xclip => with_args("xclip", &["-selection", "clipboard", "-out"]),
            Tool::Xsel => with_args("xsel", &["--clipboard", "--output"]),
            Tool::Pbcopy => Command::new("pbpaste"),
        }
    }
}

fn with_args(program: &str, args: &[&str]) -> Command {
    let mut cmd = Command::new(program);
    cmd.args(args);
    cmd
}

fn on_path(program: &str) -> bool {
    std::env::var_os("PATH").is_some_and(|path| {
        std::env::split_paths(&path).any(|dir| {
            std::fs::metadata(dir.join(program)).is_ok_and(|m| {
                m.is_file()
                    && std::os::unix::fs::PermissionsExt::mode(&m.permissions()) & 0o111 != 0
            })
        })
    })
}

fn set(var: &str) -> bool {
    std::env::var_os(var).is_some_and(|v| !v.is_empty())
}

/// The tool for this session: Wayland first, then X11, then macOS.
fn detect() -> Result<Tool> {
    let mut missing = Vec::new();
    if set("WAYLAND_DISPLAY") {
        if on_path("wl-copy") {
            return Ok(Tool::WlCopy);
        }
        missing.push("wl-copy (Wayland)");
    }
    if set("DISPLAY") {
        for tool in [Tool::Xclip, Tool::Xsel] {
            if on_path(tool.name()) {
                return Ok(tool);
            }
        }
        missing.push("xclip or xsel (X11)");
    }
    if cfg!(target_os = "macos") && on_path("pbcopy") {
        return Ok(Tool::Pbcopy);
    }
    let message = if missing.is_empty() {
        "no clipboard: neither WAYLAND_DISPLAY nor DISPLAY is set (no graphical session)".to_owned()
    } else {
        format!("no clipboard tool: install {}", missing.join(" or "))
    };
    Err(ArcaError::new(Exit::Other, message)
        .hint("print the value instead: arca get NAME")
        .into())
}

/// Copies `value`, then starts the clearer; returns the tool's name.
pub fn copy(value: &[u8], clear_after: Duration) -> Result<&'static str> {
    let tool = detect()?;
    put(tool, value).with_context(|| format!("copying with {}", tool.name()))?;
    start_clearer(tool, value, clear_after).context("starting the clipboard clearer")?;
    Ok(tool.name())
}

/// Writes `value` into the clipboard with `tool`. xclip and wl-copy stay
/// behind to serve the selection: their output is not waited for.
fn put(tool: Tool, value: &[u8]) -> Result<()> {
    let mut child = tool
        .copy_cmd()
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .env_remove("ARCA_KEY")
        .spawn()?;
    let mut stdin = child.stdin.take().context("no stdin for the tool")?;
    stdin.write_all(value)?;
    drop(stdin);
    let status = child.wait()?;
    if !status.success() {
        anyhow::bail!("{} failed ({status})", tool.name());
    }
    Ok(())
}

fn read(tool: Tool) -> Option<Zeroizing<Vec<u8>>> {
    let out = tool
        .paste_cmd()
        .stdin(Stdio::null())
        .stderr(Stdio::null())
        .output()
        .ok()?;
    let data = Zeroizing::new(out.stdout);
    out.status.success().then_some(data)
}

/// `arca __clip-clear TOOL SECONDS` in its own session, the value on its
/// stdin; it outlives this process.
fn start_clearer(tool: Tool, value: &[u8], after: Duration) -> Result<()> {
    let exe = std::env::current_exe()?;
    let mut child = Command::new(exe)
        .args([CLEAR, tool.name(), &after.as_millis().to_string()])
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .env_remove("ARCA_KEY")
        .process_group(0)
        .spawn()?;
    let mut stdin = child.stdin.take().context("no stdin for the clearer")?;
    stdin.write_all(value)?;
    Ok(())
}

const CLEAR: &str = "__clip-clear";

/// Runs the clearer when arca was started as `arca __clip-clear …`.
pub fn intercept() -> Option<ExitCode> {
    let mut args = std::env::args().skip(1);
    if args.next()? != CLEAR {
        return None;
    }
    let tool = args.next().as_deref().and_then(Tool::parse);
    let millis = args.next().and_then(|m| m.parse::<u64>().ok());
    let (Some(tool), Some(millis)) = (tool, millis) else {
        return Some(ExitCode::from(2));
    };
    let mut value = Zeroizing::new(Vec::new());
    if io::stdin().read_to_end(&mut value).is_err() {
        return Some(ExitCode::from(1));
    }
    std::thread::sleep(Duration::from_millis(millis));
    // Something copied since is the user's: leave it.
    if read(tool).is_some_and(|now| *now == *value) {
        let cleared = match tool {
            Tool::WlCopy => with_args("wl-copy", &["--clear"])
                .status()
                .map(|s| s.success()),
            Tool::Xsel => with_args("xsel", &["--clipboard", "--clear"])
                .status()
                .map(|s| s.success()),
            Tool::Xclip | Tool::Pbcopy => put(tool, b"").map(|()| true).map_err(io::Error::other),
        };
        if !matches!(cleared, Ok(true)) {
            return Some(ExitCode::from(1));
        }
    }
    Some(ExitCode::SUCCESS)
}
