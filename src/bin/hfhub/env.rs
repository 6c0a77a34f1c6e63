//! `hfhub env`: what the tool would use, without ever showing the token.

use serde_json::json;

use crate::context::Ctx;
use crate::failure::CliError;
use crate::output::emit;

/// Prints the version, platform, endpoint, paths and whether a token is set.
pub fn run(ctx: &Ctx) -> Result<(), CliError> {
    let c = &ctx.client;
    let paths = c.paths();
    let token_source = if ctx.token.is_some() {
        Some("--token")
    } else if ctx
        .env
        .get("HF_TOKEN")
        .is_some_and(|t| !t.trim().is_empty())
    {
        Some("HF_TOKEN")
    } else if ctx
        .env
        .get("HUGGING_FACE_HUB_TOKEN")
        .is_some_and(|t| !t.trim().is_empty())
    {
        Some("HUGGING_FACE_HUB_TOKEN")
    } else if ctx.env.stored_token(&paths.token_path).is_some() {
        Some("token file")
    } else {
        None
    };
    let out = json!({
        "version": hfhub::VERSION,
        "platform": format!("{}-{}", std::env::consts::OS, std::env::consts::ARCH),
        "endpoint": c.endpoint(),
        "hf_home": paths.hf_home,
        "hub_cache": paths.hub_cache,
        "token_path": paths.token_path,
        "token_present": token_source.is_some(),
        "token_source": token_source,
        "offline": c.is_offline(),
        "progress_bars_disabled": ctx.env.flag("HF_HUB_DISABLE_PROGRESS_BARS"),
        "user_agent": c.user_agent(),
    });
    emit(ctx, &out, |_| {
        let yes_no = |b: bool| if b { "yes" } else { "no" };
        println!("hfhub version:   {}", hfhub::VERSION);
        println!(
            "platform:        {}-{}",
            std::env::consts::OS,
            std::env::consts::ARCH
        );
        println!("endpoint:        {}", c.endpoint());
        println!("HF_HOME:         {}", paths.hf_home.display());
        println!("HF_HUB_CACHE:    {}", paths.hub_cache.display());
        println!("token path:      {}", paths.token_path.display());
        match token_source {
            Some(s) => println!("token present:   yes (from {s})"),
            None => println!("token present:   no"),
        }
        println!("offline:         {}", yes_no(c.is_offline()));
        println!(
            "progress bars:   {}",
            if ctx.env.flag("HF_HUB_DISABLE_PROGRESS_BARS") {
                "disabled"
            } else {
                "enabled"
            }
        );
        println!("user agent:      {}", c.user_agent());
    })
}
