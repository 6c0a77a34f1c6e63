//! The embeddable server: store + HTTP listener + request log + faults.

use crate::config::{Config, PageSizes, Seed};
use crate::faults::{Fault, FaultAction, Faults};
use crate::http::{Body, Handler, HttpServer, Request, Response};
use crate::record::{RecordedRequest, RequestLog};
use crate::routes;
use crate::seed;
use crate::store::model::State;
use crate::store::Store;
use std::io;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, OnceLock};
use std::time::Instant;

/// State shared by every request handler.
pub struct Shared {
    /// Repos, users, content.
    pub store: Store,
    /// Page sizes.
    pub page_sizes: PageSizes,
    /// Active faults.
    pub faults: Faults,
    /// Request log.
    pub log: RequestLog,
    /// Where the state came from (for resets).
    pub seed: Seed,
    /// Server start (time origin of the log's JSON form).
    pub started: Instant,
    addr: OnceLock<SocketAddr>,
    counter: AtomicU64,
    /// Multipart LFS uploads in progress (see [`routes::upload`]).
    pub multipart: routes::upload::Multipart,
}

impl Shared {
    /// The bound address.
    pub fn addr(&self) -> SocketAddr {
        *self
            .addr
            .get()
            .unwrap_or(&SocketAddr::from(([127, 0, 0, 1], 0)))
    }

    fn request_id(&self) -> String {
        let n = self.counter.fetch_add(1, Ordering::Relaxed);
        let secs = crate::dates::now_ms() / 1000;
        let salt = crate::hash::sha1_hex(format!("{n}-{secs}-{:p}", self).as_bytes());
        format!("Root=1-{secs:08x}-{}{n:08x}", &salt[..16])
    }

    /// Reloads the seed (the data directory, if any, is overwritten).
    pub fn reset(&self) -> io::Result<()> {
        let seed = self.seed.clone();
        self.store
            .reset(|store, state| seed::apply(store, state, &seed))
    }

    /// Moves the simulated clock forward (Space stages, endpoint states follow); returns the
    /// new clock time in milliseconds.
    pub fn advance_clock(&self, ms: u64) -> io::Result<u64> {
        self.store.write(|state| {
            crate::store::runtime::advance(state, ms);
            state.clock_ms
        })
    }

    /// Forces an Inference Endpoint into the `failed` state; `false` if there is none.
    pub fn fail_endpoint(&self, namespace: &str, name: &str, message: &str) -> io::Result<bool> {
        self.store.write(
            |state| match state.endpoints.get_mut(&format!("{namespace}/{name}")) {
                Some(ep) => {
                    ep.fail(message);
                    true
                }
                None => false,
            },
        )
    }

    /// Handles one request: control routes, recording, faults, routing, request id.
    fn handle(&self, req: &Request) -> Response {
        let request_id = self.request_id();
        let mut resp = if req.path.starts_with("/_hubsim/") || req.path == "/_hubsim" {
            routes::control::handle(self, req)
        } else {
            let fault = self.faults.take(&req.method, &req.path);
            self.log.push(RecordedRequest {
                request_id: request_id.clone(),
                method: req.method.clone(),
                path: req.path.clone(),
                query: req.query.clone(),
                headers: req.headers.clone(),
                body: req.body.clone(),
                time: Instant::now(),
                status: None,
                faulted: fault.is_some(),
            });
            let resp = match fault {
                Some(FaultAction::Status {
                    status,
                    headers,
                    body,
                }) => {
                    let mut r = Response::new(status, Body::Bytes(body));
                    r.headers = headers;
                    r
                }
                Some(other) => {
                    let mut r = routes::dispatch(self, req);
                    r.delivery = other.delivery();
                    r
                }
                None => routes::dispatch(self, req),
            };
            self.log.set_status(&request_id, resp.status);
            resp
        };
        resp.set_header("X-Request-Id", &request_id);
        resp
    }
}

/// A running hubsim. Stops on drop.
pub struct Server {
    shared: Arc<Shared>,
    http: HttpServer,
}

impl Server {
    /// Loads the seed (or the data directory) and starts serving on `config.addr`.
    pub fn start(config: Config) -> io::Result<Server> {
        let seed_cfg = config.seed.clone();
        let store = Store::open(config.data_dir.as_deref(), |store, state| {
            seed::apply(store, state, &seed_cfg)
        })?;
        let shared = Arc::new(Shared {
            store,
            page_sizes: config.page_sizes,
            faults: Faults::default(),
            log: RequestLog::default(),
            seed: config.seed,
            started: Instant::now(),
            addr: OnceLock::new(),
            counter: AtomicU64::new(0),
            multipart: routes::upload::Multipart::default(),
        });
        let handler: Handler = {
            let shared = shared.clone();
            Arc::new(move |req: &Request| shared.handle(req))
        };
        let http = HttpServer::bind(config.addr, handler)?;
        let _ = shared.addr.set(http.local_addr());
        Ok(Server { shared, http })
    }

    /// The bound address.
    pub fn addr(&self) -> SocketAddr {
        self.http.local_addr()
    }

    /// LFS objects larger than `chunk_size` bytes are offered as `multipart` uploads with
    /// parts of that size (`None`, the default: always `basic`).
    pub fn set_multipart_chunk_size(&self, chunk_size: Option<u64>) {
        self.shared.multipart.set_chunk_size(chunk_size);
    }

    /// Hub URL, `http://127.0.0.1:PORT`.
    pub fn url(&self) -> String {
        format!("http://127.0.0.1:{}", self.addr().port())
    }

    /// The "CDN" host LFS downloads are redirected to, `http://localhost:PORT` (the same
    /// listener under a different host name).
    pub fn cdn_url(&self) -> String {
        format!("http://localhost:{}", self.addr().port())
    }

    /// Base URL of the Inference Endpoints API, `http://127.0.0.1:PORT/_endpoints/v2` (the
    /// client option `inference_endpoints_url`).
    pub fn endpoints_url(&self) -> String {
        format!("{}{}", self.url(), routes::endpoints::ENDPOINTS_BASE_PATH)
    }

    /// Moves the simulated clock forward by `by` (see [`crate::store::runtime`]).
    pub fn advance(&self, by: std::time::Duration) {
        let ms = u64::try_from(by.as_millis()).unwrap_or(u64::MAX);
        self.shared.advance_clock(ms).expect("hubsim state saved");
    }

    /// Forces the Inference Endpoint `namespace/name` into the `failed` state.
    pub fn fail_endpoint(&self, namespace: &str, name: &str, message: &str) -> bool {
        self.shared
            .fail_endpoint(namespace, name, message)
            .expect("hubsim state saved")
    }

    /// The requests received so far (control routes excluded), oldest first.
    pub fn requests(&self) -> Vec<RecordedRequest> {
        self.shared.log.snapshot()
    }

    /// Forgets the recorded requests.
    pub fn clear_requests(&self) {
        self.shared.log.clear();
    }

    /// Adds a fault rule.
    pub fn inject(&self, fault: Fault) {
        self.shared.faults.add(fault);
    }

    /// Removes every fault rule.
    pub fn clear_faults(&self) {
        self.shared.faults.clear();
    }

    /// Reloads the seed, discarding every change.
    pub fn reset(&self) -> io::Result<()> {
        self.shared.reset()
    }

    /// Runs `f` on a read-only view of the state (for assertions in tests).
    pub fn with_state<R>(&self, f: impl FnOnce(&State) -> R) -> R {
        f(&self.shared.store.read())
    }

    /// Stops the server now (also done on drop).
    pub fn shutdown(mut self) {
        self.http.shutdown();
    }
}
