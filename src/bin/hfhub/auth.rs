//! `hfhub whoami`, `hfhub login --token T` and `hfhub logout`: the token file
//! Python reads (`$HF_TOKEN_PATH`, else `$HF_HOME/token`).

use std::fs;
use std::io::Write;
use std::path::Path;

use hfhub::{Error, ErrorKind};
use serde_json::json;

use crate::context::Ctx;
use crate::failure::{CliError, EXIT_AUTH};
use crate::output::emit;

/// Prints the account of the token and its organisations.
pub fn whoami(ctx: &Ctx) -> Result<(), CliError> {
    let me = ctx.client.whoami()?;
    emit(ctx, &me, |me| {
        println!("{}", me.name);
        let orgs: Vec<&str> = me.orgs.iter().map(|o| o.name.as_str()).collect();
        if !orgs.is_empty() {
            println!("orgs: {}", orgs.join(","));
        }
    })
}

/// Verifies the token given with `--token` (`GET /api/whoami-v2`) and writes it
/// to the token file (no trailing newline, mode 0600). An invalid token is refused
/// and nothing is written.
pub fn login(ctx: &Ctx) -> Result<(), CliError> {
    let Some(token) = ctx.token.clone() else {
        return Err(CliError::Usage(
            "login needs a token: hfhub login --token <TOKEN>".into(),
        ));
    };
    let me = match ctx.client.with_token(token.as_str()).whoami() {
        Ok(me) => me,
        Err(e) if e.kind() == ErrorKind::Unauthorized || e.status() == Some(401) => {
            return Err(CliError::Other {
                kind: "Unauthorized".into(),
                message: "invalid token: the Hub refused it; nothing was saved".into(),
                request_id: e.request_id().map(str::to_owned),
                code: EXIT_AUTH,
            })
        }
        Err(e) => return Err(e.into()),
    };
    let path = ctx.client.paths().token_path.clone();
    write_token(&path, &token)?;
    let role = me.token_role().map(str::to_owned);
    if ctx
        .env
        .get("HF_TOKEN")
        .is_some_and(|t| !t.trim().is_empty())
    {
        ctx.info(
            "note: HF_TOKEN is set in the environment and takes precedence over the saved token",
        );
    }
    let out = json!({"user": me.name, "permission": role, "token_path": path});
    emit(ctx, &out, |_| {
        if let Some(r) = &role {
            println!("Token is valid (permission: {r}).");
        }
        println!("Your token has been saved to {}", path.display());
        println!("Login successful (logged in as {})", me.name);
    })
}

/// Removes the token file.
pub fn logout(ctx: &Ctx) -> Result<(), CliError> {
    let path = ctx.client.paths().token_path.clone();
    let removed = match fs::remove_file(&path) {
        Ok(()) => true,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => false,
        Err(e) => return Err(Error::Io { path, source: e }.into()),
    };
    if ctx
        .env
        .get("HF_TOKEN")
        .is_some_and(|t| !t.trim().is_empty())
    {
        ctx.info("note: HF_TOKEN is still set in the environment: unset it to log out completely");
    }
    let out = json!({"token_path": path, "removed": removed});
    emit(ctx, &out, |_| {
        if removed {
            println!("Successfully logged out.");
        } else {
            println!("Not logged in!");
        }
    })
}

/// Writes the token atomically (a temporary file in the same folder, then a rename),
/// readable by the owner only.
fn write_token(path: &Path, token: &str) -> Result<(), CliError> {
    let io = |p: &Path, e: std::io::Error| {
        CliError::from(Error::Io {
            path: p.to_owned(),
            source: e,
        })
    };
    let dir = path.parent().filter(|d| !d.as_os_str().is_empty());
    if let Some(d) = dir {
        fs::create_dir_all(d).map_err(|e| io(d, e))?;
    }
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "token".into());
    let tmp = path.with_file_name(format!(".{name}.{}.tmp", std::process::id()));
    let mut opts = fs::OpenOptions::new();
    opts.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        opts.mode(0o600);
    }
    let result = (|| {
        let mut f = opts.open(&tmp)?;
        f.write_all(token.as_bytes())?;
        f.sync_all()?;
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            fs::set_permissions(&tmp, fs::Permissions::from_mode(0o600))?;
        }
        fs::rename(&tmp, path)
    })();
    if let Err(e) = result {
        let _ = fs::remove_file(&tmp);
        return Err(io(path, e));
    }
    Ok(())
}
