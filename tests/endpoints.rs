//! Inference Endpoints against hubsim's endpoints API (`sim.endpoints_url()`):
//! every operation, its documented errors, the state machine on hubsim's clock,
//! and `InferenceEndpoint::wait` reaching running, timing out and failing fast.

mod common;

use std::time::{Duration, Instant};

use hfhub::types::{InferenceEndpoint, InferenceEndpointStatus, InferenceEndpointType};
use hfhub::{
    CreateInferenceEndpointOptions, Error, ErrorKind, InferenceEndpointNamespace,
    UpdateInferenceEndpointOptions,
};
use hubsim::seed::{ALICE_READ_TOKEN, ALICE_WRITE_TOKEN, MODEL};
use serde_json::{json, Value};

const PENDING: Duration = Duration::from_secs(10);
const INIT: Duration = Duration::from_secs(20);

fn client(sim: &common::Server, token: Option<&str>) -> hfhub::Client {
    let b = common::builder(sim).inference_endpoints_url(sim.endpoints_url());
    match token {
        Some(t) => b.token(t).build().unwrap(),
        None => b.token(false).build().unwrap(),
    }
}

fn ns(namespace: &str) -> InferenceEndpointNamespace {
    InferenceEndpointNamespace {
        namespace: Some(namespace.into()),
    }
}

fn create(
    c: &hfhub::Client,
    name: &str,
    namespace: Option<&str>,
) -> hfhub::Result<InferenceEndpoint> {
    c.create_inference_endpoint(
        name,
        MODEL,
        "pytorch",
        "cpu",
        "x2",
        "intel-icl",
        "us-east-1",
        "aws",
        &CreateInferenceEndpointOptions {
            task: Some("text-generation".into()),
            namespace: namespace.map(str::to_owned),
            ..Default::default()
        },
    )
}

fn last_body(sim: &common::Server) -> Value {
    serde_json::from_slice(&sim.requests().pop().unwrap().body).unwrap()
}

#[test]
fn create_get_list_and_the_state_machine() {
    let sim = common::sim();
    let c = client(&sim, Some(ALICE_WRITE_TOKEN));
    let ep = create(&c, "my-endpoint", None).unwrap();
    // the namespace defaults to whoami's name
    let targets = common::targets(&sim);
    assert_eq!(
        targets,
        ["GET /api/whoami-v2", "POST /_endpoints/v2/endpoint/alice"]
    );
    assert_eq!(
        last_body(&sim),
        json!({"accountId": null,
               "compute": {"accelerator": "cpu", "instanceSize": "x2", "instanceType": "intel-icl",
                           "scaling": {"maxReplica": 1, "minReplica": 0}},
               "model": {"framework": "pytorch", "repository": MODEL, "revision": null,
                         "task": "text-generation", "image": {"huggingface": {}}},
               "name": "my-endpoint", "provider": {"region": "us-east-1", "vendor": "aws"},
               "type": "protected"})
    );
    assert_eq!(ep.name, "my-endpoint");
    assert_eq!(ep.namespace, "alice");
    assert_eq!(ep.repository, MODEL);
    assert_eq!(ep.status, InferenceEndpointStatus::Pending);
    assert_eq!(ep.url, None);
    assert_eq!(ep.framework.as_deref(), Some("pytorch"));
    assert_eq!(ep.task.as_deref(), Some("text-generation"));
    assert_eq!(ep.endpoint_type, Some(InferenceEndpointType::Protected));
    assert!(ep.created_at.is_some() && ep.updated_at.is_some());
    // the API pins the default branch's commit
    let sha = c.model_info(MODEL, &Default::default()).unwrap().sha;
    assert_eq!(ep.revision, sha);

    let got = c
        .get_inference_endpoint("my-endpoint", &ns("alice"))
        .unwrap();
    assert_eq!(got, ep);
    let listed = c.list_inference_endpoints(&Default::default()).unwrap();
    assert_eq!(listed, vec![ep.clone()]);
    assert!(c.list_inference_endpoints(&ns("acme")).unwrap().is_empty());

    sim.advance(PENDING - Duration::from_millis(1));
    let mut ep = ep;
    assert_eq!(
        ep.fetch(&c).unwrap().status,
        InferenceEndpointStatus::Pending
    );
    sim.advance(Duration::from_millis(1));
    assert_eq!(
        ep.fetch(&c).unwrap().status,
        InferenceEndpointStatus::Initializing
    );
    assert_eq!(ep.url, None);
    sim.advance(INIT);
    ep.fetch(&c).unwrap();
    assert_eq!(ep.status, InferenceEndpointStatus::Running);
    assert!(ep.is_ready());
    let url = ep.url.clone().unwrap();
    assert!(
        url.starts_with("https://") && url.ends_with(".us-east-1.aws.endpoints.huggingface.cloud"),
        "{url}"
    );
    assert_eq!(ep.raw["status"]["readyReplica"], 1);
}

#[test]
fn create_with_every_parameter() {
    let sim = common::sim();
    let c = client(&sim, Some(ALICE_WRITE_TOKEN));
    let image = json!({"health_route": "/healthz", "env": {"MODEL_ID": "/repository"},
                       "url": "ghcr.io/huggingface/text-generation-inference:1.1.0"});
    let ep = c
        .create_inference_endpoint(
            "tgi-ep",
            MODEL,
            "pytorch",
            "gpu",
            "x1",
            "nvidia-a10g",
            "eu-west-1",
            "aws",
            &CreateInferenceEndpointOptions {
                account_id: Some("acct-1".into()),
                min_replica: Some(1),
                max_replica: Some(2),
                revision: Some("main".into()),
                task: Some("text-generation".into()),
                custom_image: Some(image.clone()),
                endpoint_type: Some("private".into()),
                namespace: Some("acme".into()),
            },
        )
        .unwrap();
    assert_eq!(common::targets(&sim), ["POST /_endpoints/v2/endpoint/acme"]);
    assert_eq!(
        last_body(&sim),
        json!({"accountId": "acct-1",
               "compute": {"accelerator": "gpu", "instanceSize": "x1", "instanceType": "nvidia-a10g",
                           "scaling": {"maxReplica": 2, "minReplica": 1}},
               "model": {"framework": "pytorch", "repository": MODEL, "revision": "main",
                         "task": "text-generation", "image": {"custom": image}},
               "name": "tgi-ep", "provider": {"region": "eu-west-1", "vendor": "aws"},
               "type": "private"})
    );
    assert_eq!(ep.namespace, "acme");
    assert_eq!(ep.revision.as_deref(), Some("main"));
    assert_eq!(ep.endpoint_type, Some(InferenceEndpointType::Private));
    assert_eq!(ep.raw["accountId"], "acct-1");
    assert_eq!(ep.raw["model"]["image"]["custom"], image);
    assert_eq!(ep.raw["healthRoute"], "/healthz");
    assert_eq!(
        ep.raw["compute"]["scaling"],
        json!({"minReplica": 1, "maxReplica": 2})
    );
    sim.advance(PENDING + INIT);
    let ep = c.get_inference_endpoint("tgi-ep", &ns("acme")).unwrap();
    assert_eq!(ep.raw["status"]["readyReplica"], 1);
    assert!(ep.url.unwrap().contains(".eu-west-1.aws."));
}

#[test]
fn documented_errors() {
    let sim = common::sim();
    let c = client(&sim, Some(ALICE_WRITE_TOKEN));
    create(&c, "taken", None).unwrap();
    let kind_status = |r: hfhub::Result<InferenceEndpoint>| {
        let e = r.unwrap_err();
        (e.kind(), e.status())
    };
    assert_eq!(
        kind_status(create(&c, "taken", None)),
        (ErrorKind::Conflict, Some(409))
    );
    // the same name in another namespace is fine
    create(&c, "taken", Some("acme")).unwrap();
    assert_eq!(
        kind_status(create(&c, "Not_Valid", None)),
        (ErrorKind::BadRequest, Some(400))
    );
    let bad_repo = c.create_inference_endpoint(
        "x1",
        "alice/no-such-model",
        "pytorch",
        "cpu",
        "x2",
        "intel-icl",
        "us-east-1",
        "aws",
        &Default::default(),
    );
    assert_eq!(kind_status(bad_repo), (ErrorKind::BadRequest, Some(400)));
    let bad_scaling = c.create_inference_endpoint(
        "x2",
        MODEL,
        "pytorch",
        "cpu",
        "x2",
        "intel-icl",
        "us-east-1",
        "aws",
        &CreateInferenceEndpointOptions {
            min_replica: Some(3),
            max_replica: Some(2),
            ..Default::default()
        },
    );
    assert_eq!(kind_status(bad_scaling), (ErrorKind::BadRequest, Some(400)));
    let bad_type = c.create_inference_endpoint(
        "x3",
        MODEL,
        "pytorch",
        "cpu",
        "x2",
        "intel-icl",
        "us-east-1",
        "aws",
        &CreateInferenceEndpointOptions {
            endpoint_type: Some("secret".into()),
            ..Default::default()
        },
    );
    assert_eq!(kind_status(bad_type), (ErrorKind::BadRequest, Some(400)));

    // unknown endpoint, unknown namespace: 404
    assert_eq!(
        kind_status(c.get_inference_endpoint("nope", &Default::default())),
        (ErrorKind::Http, Some(404))
    );
    assert_eq!(
        kind_status(c.get_inference_endpoint("taken", &ns("no-such-namespace"))),
        (ErrorKind::Http, Some(404))
    );
    // a namespace the caller has no role in: 401
    let e = c.list_inference_endpoints(&ns("bob")).unwrap_err();
    assert_eq!((e.kind(), e.status()), (ErrorKind::Unauthorized, Some(401)));
    // a read token may look, not change
    let read = client(&sim, Some(ALICE_READ_TOKEN));
    assert_eq!(
        read.get_inference_endpoint("taken", &Default::default())
            .unwrap()
            .name,
        "taken"
    );
    assert_eq!(
        kind_status(create(&read, "other", None)),
        (ErrorKind::Forbidden, Some(403))
    );
    assert_eq!(
        kind_status(read.pause_inference_endpoint("taken", &Default::default())),
        (ErrorKind::Forbidden, Some(403))
    );
    let e = read
        .delete_inference_endpoint("taken", &Default::default())
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Forbidden);
    // anonymous: 401 from the API, or no token for the default namespace
    let anon = client(&sim, None);
    assert_eq!(
        kind_status(anon.get_inference_endpoint("taken", &ns("alice"))),
        (ErrorKind::Unauthorized, Some(401))
    );
    sim.clear_requests();
    let e = anon
        .get_inference_endpoint("taken", &Default::default())
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::LocalTokenNotFound);
    assert!(sim.requests().is_empty());
}

#[test]
fn update_sends_only_the_given_fields() {
    let sim = common::sim();
    let c = client(&sim, Some(ALICE_WRITE_TOKEN));
    create(&c, "my-endpoint", Some("acme")).unwrap();
    sim.advance(PENDING + INIT);
    let ep = c
        .update_inference_endpoint(
            "my-endpoint",
            &UpdateInferenceEndpointOptions {
                min_replica: Some(1),
                max_replica: Some(4),
                namespace: Some("acme".into()),
                ..Default::default()
            },
        )
        .unwrap();
    assert_eq!(
        common::targets(&sim).last().unwrap(),
        "PUT /_endpoints/v2/endpoint/acme/my-endpoint"
    );
    assert_eq!(
        last_body(&sim),
        json!({"compute": {"scaling": {"maxReplica": 4, "minReplica": 1}}})
    );
    assert_eq!(ep.status, InferenceEndpointStatus::Updating);
    assert_eq!(
        ep.raw["compute"]["scaling"],
        json!({"minReplica": 1, "maxReplica": 4})
    );
    assert_eq!(ep.raw["compute"]["accelerator"], "cpu", "untouched");
    sim.advance(INIT);
    let ep = c
        .get_inference_endpoint("my-endpoint", &ns("acme"))
        .unwrap();
    assert!(ep.is_ready());

    let ep = c
        .update_inference_endpoint(
            "my-endpoint",
            &UpdateInferenceEndpointOptions {
                repository: Some(MODEL.into()),
                revision: Some("dev".into()),
                task: Some("text2text-generation".into()),
                namespace: Some("acme".into()),
                ..Default::default()
            },
        )
        .unwrap();
    assert_eq!(
        last_body(&sim),
        json!({"model": {"repository": MODEL, "revision": "dev", "task": "text2text-generation"}})
    );
    assert_eq!(ep.revision.as_deref(), Some("dev"));
    assert_eq!(ep.task.as_deref(), Some("text2text-generation"));
    assert_eq!(ep.raw["model"]["image"], json!({"huggingface": {}}));

    let e = c
        .update_inference_endpoint(
            "my-endpoint",
            &UpdateInferenceEndpointOptions {
                min_replica: Some(9),
                namespace: Some("acme".into()),
                ..Default::default()
            },
        )
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::BadRequest);
    let e = c
        .update_inference_endpoint("nope", &Default::default())
        .unwrap_err();
    assert_eq!(e.status(), Some(404));
}

#[test]
fn pause_resume_scale_to_zero_delete() {
    let sim = common::sim();
    let c = client(&sim, Some(ALICE_WRITE_TOKEN));
    create(&c, "ep", Some("alice")).unwrap();
    sim.advance(PENDING + INIT);
    let o = ns("alice");

    let ep = c.pause_inference_endpoint("ep", &o).unwrap();
    assert_eq!(ep.status, InferenceEndpointStatus::Paused);
    assert_eq!(ep.url, None);
    let req = sim.requests().pop().unwrap();
    assert_eq!(
        (req.method.as_str(), req.path.as_str()),
        ("POST", "/_endpoints/v2/endpoint/alice/ep/pause")
    );
    assert!(req.body.is_empty());
    sim.advance(Duration::from_secs(3600));
    let e = c.scale_to_zero_inference_endpoint("ep", &o).unwrap_err();
    assert_eq!(
        e.kind(),
        ErrorKind::BadRequest,
        "a paused endpoint is not scaled"
    );

    let ep = c.resume_inference_endpoint("ep", &o).unwrap();
    assert_eq!(ep.status, InferenceEndpointStatus::Pending);
    assert_eq!(
        common::targets(&sim).last().unwrap(),
        "POST /_endpoints/v2/endpoint/alice/ep/resume"
    );
    sim.advance(PENDING + INIT);
    let mut ep = c.get_inference_endpoint("ep", &o).unwrap();
    assert!(ep.is_ready());

    ep.scale_to_zero(&c).unwrap();
    assert_eq!(ep.status, InferenceEndpointStatus::ScaledToZero);
    assert!(ep.url.is_some(), "a scaled-to-zero endpoint keeps its URL");
    assert_eq!(ep.raw["status"]["readyReplica"], 0);
    assert_eq!(
        common::targets(&sim).last().unwrap(),
        "POST /_endpoints/v2/endpoint/alice/ep/scale-to-zero"
    );
    ep.pause(&c).unwrap();
    assert_eq!(ep.status, InferenceEndpointStatus::Paused);
    ep.resume(&c).unwrap();
    assert_eq!(ep.status, InferenceEndpointStatus::Pending);

    ep.delete(&c).unwrap();
    assert_eq!(
        common::targets(&sim).last().unwrap(),
        "DELETE /_endpoints/v2/endpoint/alice/ep"
    );
    let e = c.get_inference_endpoint("ep", &o).unwrap_err();
    assert_eq!(e.status(), Some(404));
    let e = c.delete_inference_endpoint("ep", &o).unwrap_err();
    assert_eq!(e.status(), Some(404));
    for e in [
        c.pause_inference_endpoint("ep", &o).unwrap_err(),
        c.resume_inference_endpoint("ep", &o).unwrap_err(),
        c.scale_to_zero_inference_endpoint("ep", &o).unwrap_err(),
    ] {
        assert_eq!(e.status(), Some(404));
    }
}

#[test]
fn list_everything_visible_with_star() {
    let sim = common::sim();
    let c = client(&sim, Some(ALICE_WRITE_TOKEN));
    create(&c, "mine", Some("alice")).unwrap();
    create(&c, "org-one", Some("acme")).unwrap();
    sim.clear_requests();
    let all = c.list_inference_endpoints(&ns("*")).unwrap();
    let names: Vec<_> = all
        .iter()
        .map(|e| (e.namespace.as_str(), e.name.as_str()))
        .collect();
    assert_eq!(names, [("alice", "mine"), ("acme", "org-one")]);
    // one whoami (0.22 called it twice), then the user and each org
    assert_eq!(
        common::targets(&sim),
        [
            "GET /api/whoami-v2",
            "GET /_endpoints/v2/endpoint/alice",
            "GET /_endpoints/v2/endpoint/acme"
        ]
    );
    for r in sim.requests() {
        assert_eq!(
            r.header("authorization"),
            Some(&*format!("Bearer {ALICE_WRITE_TOKEN}"))
        );
    }

    // an org without access (401/403) is skipped...
    sim.inject(hubsim::Fault::status("/_endpoints/v2/endpoint/acme", 401));
    let all = c.list_inference_endpoints(&ns("*")).unwrap();
    assert_eq!(
        all.iter().map(|e| e.name.as_str()).collect::<Vec<_>>(),
        ["mine"]
    );
    sim.clear_faults();
    // ...any other failure is reported (0.22 swallowed every error)
    sim.inject(hubsim::Fault::status("/_endpoints/v2/endpoint/acme", 500));
    let e = c.list_inference_endpoints(&ns("*")).unwrap_err();
    assert_eq!(e.status(), Some(500));
}

#[test]
fn wait_reaches_running() {
    let sim = common::sim();
    let c = client(&sim, Some(ALICE_WRITE_TOKEN));
    let mut ep = create(&c, "ep", None).unwrap();
    let start = Instant::now();
    std::thread::scope(|s| {
        s.spawn(|| {
            std::thread::sleep(Duration::from_millis(150));
            sim.advance(PENDING);
            std::thread::sleep(Duration::from_millis(150));
            sim.advance(INIT);
        });
        ep.wait(&c, Duration::from_secs(20), Duration::from_millis(20))
            .unwrap();
    });
    assert!(ep.is_ready());
    assert_eq!(ep.status, InferenceEndpointStatus::Running);
    assert!(start.elapsed() < Duration::from_secs(10));
    // already running: one refresh, no sleep
    sim.clear_requests();
    ep.wait(&c, Duration::from_secs(1), Duration::from_secs(5))
        .unwrap();
    assert_eq!(sim.requests().len(), 1);
    let e = ep
        .wait(&c, Duration::from_secs(1), Duration::ZERO)
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::InvalidInput);
}

#[test]
fn wait_times_out_without_oversleeping() {
    let sim = common::sim();
    let c = client(&sim, Some(ALICE_WRITE_TOKEN));
    let mut ep = create(&c, "ep", None).unwrap();
    let start = Instant::now();
    // refresh_every far longer than the timeout: the wait still ends at the deadline
    let e = ep
        .wait(&c, Duration::from_millis(300), Duration::from_secs(30))
        .unwrap_err();
    let took = start.elapsed();
    assert_eq!(e.kind(), ErrorKind::Timeout);
    assert!(
        took >= Duration::from_millis(300) && took < Duration::from_secs(5),
        "{took:?}"
    );
    assert!(e.to_string().contains("pending"), "{e}");
    assert_eq!(ep.status, InferenceEndpointStatus::Pending);
}

#[test]
fn wait_fails_fast_when_the_endpoint_fails() {
    let sim = common::sim();
    let c = client(&sim, Some(ALICE_WRITE_TOKEN));
    let mut ep = create(&c, "ep", None).unwrap();
    let start = Instant::now();
    let err = std::thread::scope(|s| {
        s.spawn(|| {
            std::thread::sleep(Duration::from_millis(200));
            assert!(sim.fail_endpoint("alice", "ep", "Out of GPUs"));
        });
        ep.wait(&c, Duration::from_secs(60), Duration::from_millis(25))
            .unwrap_err()
    });
    assert!(start.elapsed() < Duration::from_secs(10));
    assert_eq!(err.kind(), ErrorKind::InferenceEndpointFailed);
    match &err {
        Error::InferenceEndpointFailed {
            namespace,
            name,
            status,
            message,
        } => {
            assert_eq!(
                (namespace.as_str(), name.as_str(), status.as_str()),
                ("alice", "ep", "failed")
            );
            assert_eq!(message, "Out of GPUs");
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(ep.status, InferenceEndpointStatus::Failed);
    // a failed endpoint can be resumed (redeployed)
    let ep = c
        .resume_inference_endpoint("ep", &Default::default())
        .unwrap();
    assert_eq!(ep.status, InferenceEndpointStatus::Pending);
}

#[test]
fn dispatch_uses_python_names_and_shapes() {
    let sim = common::sim();
    let c = client(&sim, Some(ALICE_WRITE_TOKEN));
    let call = |m: &str, a: Value| hfhub::dispatch::call(&c, m, a);
    let ep = call(
        "create_inference_endpoint",
        json!({"name": "ep", "repository": MODEL, "framework": "pytorch", "accelerator": "cpu",
               "instance_size": "x2", "instance_type": "intel-icl", "region": "us-east-1",
               "vendor": "aws", "type": "public", "min_replica": 1, "namespace": "acme",
               "custom_image": {"url": "ghcr.io/x:1"}}),
    )
    .unwrap();
    assert_eq!(ep["name"], "ep");
    assert_eq!(ep["namespace"], "acme");
    assert_eq!(ep["status"], "pending");
    assert_eq!(ep["type"], "public");
    assert_eq!(ep["url"], Value::Null);
    assert_eq!(ep["raw"]["model"]["image"]["custom"]["url"], "ghcr.io/x:1");
    sim.advance(PENDING + INIT);
    let got = call(
        "get_inference_endpoint",
        json!({"name": "ep", "namespace": "acme"}),
    )
    .unwrap();
    assert_eq!(got["status"], "running");
    let back: InferenceEndpoint = serde_json::from_value(got.clone()).unwrap();
    assert_eq!(back.namespace, "acme");
    let listed = call("list_inference_endpoints", json!({"namespace": "*"})).unwrap();
    assert_eq!(listed.as_array().unwrap().len(), 1);
    let up = call(
        "update_inference_endpoint",
        json!({"name": "ep", "namespace": "acme", "instance_size": "x4"}),
    )
    .unwrap();
    assert_eq!(up["raw"]["compute"]["instanceSize"], "x4");
    assert_eq!(
        call(
            "pause_inference_endpoint",
            json!({"name": "ep", "namespace": "acme"})
        )
        .unwrap()["status"],
        "paused"
    );
    assert_eq!(
        call(
            "resume_inference_endpoint",
            json!({"name": "ep", "namespace": "acme"})
        )
        .unwrap()["status"],
        "pending"
    );
    assert_eq!(
        call(
            "scale_to_zero_inference_endpoint",
            json!({"name": "ep", "namespace": "acme"})
        )
        .unwrap()["status"],
        "scaledToZero"
    );
    assert_eq!(
        call(
            "delete_inference_endpoint",
            json!({"name": "ep", "namespace": "acme"})
        )
        .unwrap(),
        Value::Null
    );
    let e = call(
        "get_inference_endpoint",
        json!({"name": "ep", "namespace": "acme", "bogus": 1}),
    )
    .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::InvalidInput);
}
