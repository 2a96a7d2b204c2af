//! `arca random-password`.

use anyhow::Result;
use serde_json::json;

use crate::cli::PasswordArgs;
use crate::password;

use super::Ctx;

pub fn run(ctx: &Ctx, args: PasswordArgs) -> Result<()> {
    let password = password::generate(&args)?;
    if ctx.out.is_json() {
        ctx.out
            .json(&json!({ "RandomPassword": password.as_str() }))
    } else {
        ctx.out.value(password.as_bytes())
    }
}
