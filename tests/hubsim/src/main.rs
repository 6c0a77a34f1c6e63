//! `hubsim --addr 127.0.0.1:0 [--data DIR] [--seed FILE|none|default] [--page-size N]`
//! (also `[--multipart-chunk-size BYTES]`)
//!
//! Prints the bound URL (`http://127.0.0.1:PORT`) as the first line of stdout and serves until
//! killed. `--print-seed` prints the default seed JSON and exits.

use hubsim::{Config, Seed, Server};
use std::io::Write;
use std::net::SocketAddr;
use std::path::PathBuf;

const USAGE: &str = "usage: hubsim [--addr 127.0.0.1:0] [--data DIR] [--seed FILE|none|default] [--page-size N] [--multipart-chunk-size BYTES] [--print-seed]";

/// `--multipart-chunk-size`: offer multipart LFS uploads above this size.
static MULTIPART_CHUNK_SIZE: std::sync::OnceLock<u64> = std::sync::OnceLock::new();

fn parse_args() -> Result<Option<Config>, String> {
    let mut config = Config::default();
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let (key, inline) = match arg.split_once('=') {
            Some((k, v)) if k.starts_with("--") => (k.to_string(), Some(v.to_string())),
            _ => (arg.clone(), None),
        };
        let mut value = |name: &str| {
            inline
                .clone()
                .or_else(|| args.next())
                .ok_or(format!("{name} needs a value"))
        };
        match key.as_str() {
            "--addr" => {
                let v = value("--addr")?;
                config.addr = v
                    .parse::<SocketAddr>()
                    .map_err(|e| format!("--addr {v}: {e}"))?;
            }
            "--data" => config.data_dir = Some(PathBuf::from(value("--data")?)),
            "--seed" => {
                config.seed = match value("--seed")?.as_str() {
                    "none" => Seed::None,
                    "default" => Seed::Default,
                    path => Seed::File(PathBuf::from(path)),
                }
            }
            "--page-size" => {
                let v = value("--page-size")?;
                let n: usize = v
                    .parse()
                    .map_err(|_| format!("--page-size {v}: not a number"))?;
                config = config.page_size(n);
            }
            "--multipart-chunk-size" => {
                let v = value("--multipart-chunk-size")?;
                let n: u64 = v
                    .parse()
                    .map_err(|_| format!("--multipart-chunk-size {v}: not a number"))?;
                let _ = MULTIPART_CHUNK_SIZE.set(n);
            }
            "--print-seed" => {
                let text = serde_json::to_string_pretty(&hubsim::seed::default_seed())
                    .map_err(|e| e.to_string())?;
                let _ = writeln!(std::io::stdout(), "{text}");
                return Ok(None);
            }
            "-h" | "--help" => {
                println!("{USAGE}");
                return Ok(None);
            }
            other => return Err(format!("unknown argument {other}\n{USAGE}")),
        }
    }
    Ok(Some(config))
}

fn main() {
    let config = match parse_args() {
        Ok(Some(c)) => c,
        Ok(None) => return,
        Err(e) => {
            eprintln!("hubsim: {e}");
            std::process::exit(2);
        }
    };
    let server = match Server::start(config) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("hubsim: {e}");
            std::process::exit(1);
        }
    };
    server.set_multipart_chunk_size(MULTIPART_CHUNK_SIZE.get().copied());
    let mut out = std::io::stdout().lock();
    let _ = writeln!(out, "{}", server.url());
    let _ = out.flush();
    drop(out);
    loop {
        std::thread::park();
    }
}
