//! hubsim: a stateful local Hugging Face Hub for tests, demos and offline integration work.
//!
//! ```no_run
//! let sim = hubsim::Server::start(hubsim::Config::default())?; // 127.0.0.1:0, default seed
//! let url = sim.url(); // http://127.0.0.1:PORT — use as HF_ENDPOINT
//! # Ok::<(), std::io::Error>(())
//! ```
//!
//! The server answers the Hub's read API (info, listings, tree, paths-info, refs, commits,
//! resolve with LFS redirects to a second host name, users, likes) with the Hub's status codes
//! and error headers. State lives in memory or in a data directory; file bodies are streamed.
//! Tests can inspect every request ([`Server::requests`]) and inject faults
//! ([`Server::inject`]), in process or over HTTP under `/_hubsim/`. See `README.md`.

#![recursion_limit = "512"]
#![warn(missing_docs)]

pub mod auth;
pub mod config;
pub mod dates;
pub mod errors;
pub mod faults;
pub mod hash;
pub mod hostile;
pub mod http;
pub mod paging;
pub mod query;
pub mod record;
pub mod routes;
pub mod seed;
pub mod server;
pub mod store;

pub use config::{Config, PageSizes, Seed};
pub use faults::{Fault, FaultAction};
pub use record::RecordedRequest;
pub use routes::endpoints::ENDPOINTS_BASE_PATH;
pub use server::Server;

#[allow(dead_code)]
fn _assert_send_sync() {
    fn is<T: Send + Sync>() {}
    is::<Server>();
}
