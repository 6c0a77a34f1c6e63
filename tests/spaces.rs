//! Space management against hubsim: runtime, hardware, sleep time, pause and
//! restart, storage, secrets and variables, with stages moved by hubsim's clock.

mod common;

use std::time::Duration;

use hfhub::types::{SpaceHardware, SpaceStage, SpaceStorage};
use hfhub::{
    AddSpaceSecretOptions, AddSpaceVariableOptions, ErrorKind, RequestSpaceHardwareOptions,
    RestartSpaceOptions,
};
use hubsim::seed::{
    ALICE_READ_TOKEN, ALICE_WRITE_TOKEN, BOB_WRITE_TOKEN, CAROL_READ_TOKEN, PRIVATE_SPACE, SPACE,
    STATIC_SPACE,
};
use serde_json::{json, Value};

const BUILD: Duration = Duration::from_secs(30);

fn alice(sim: &common::Server) -> hfhub::Client {
    common::client(sim, Some(ALICE_WRITE_TOKEN))
}

/// The body of the last request hubsim received, as JSON.
fn last_body(sim: &common::Server) -> Value {
    let reqs = sim.requests();
    let last = reqs.last().expect("a request");
    serde_json::from_slice(&last.body).expect("a JSON body")
}

#[test]
fn runtime_of_seeded_spaces() {
    let sim = common::sim();
    let anon = common::client(&sim, None);
    let rt = anon.get_space_runtime(SPACE).unwrap();
    assert_eq!(rt.stage, Some(SpaceStage::Running));
    assert_eq!(rt.hardware, Some(SpaceHardware::CpuBasic));
    assert_eq!(rt.requested_hardware, Some(SpaceHardware::CpuBasic));
    assert_eq!(rt.sleep_time, Some(172_800));
    assert_eq!(rt.storage, None);
    assert_eq!(
        common::targets(&sim),
        [format!("GET /api/spaces/{SPACE}/runtime")]
    );
    // the same runtime as space_info's
    let info = anon.space_info(SPACE, &Default::default()).unwrap();
    assert_eq!(info.runtime.unwrap(), rt);

    // private: invisible anonymously, paused for its org's members
    let err = anon.get_space_runtime(PRIVATE_SPACE).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::RepoNotFound);
    let rt = alice(&sim).get_space_runtime(PRIVATE_SPACE).unwrap();
    assert_eq!(rt.stage, Some(SpaceStage::Paused));
    assert_eq!(rt.hardware, None);
    let err = alice(&sim)
        .get_space_runtime("alice/no-such-space")
        .unwrap_err();
    assert_eq!(
        (err.kind(), err.status()),
        (ErrorKind::RepoNotFound, Some(404))
    );
    // local validation, no request
    sim.clear_requests();
    let err = anon.get_space_runtime("not/a/repo").unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidInput);
    assert!(sim.requests().is_empty());
}

#[test]
fn hardware_request_builds_then_runs_then_sleeps() {
    let sim = common::sim();
    let c = alice(&sim);
    let rt = c
        .request_space_hardware(
            SPACE,
            &SpaceHardware::T4Medium,
            &RequestSpaceHardwareOptions {
                sleep_time: Some(3600),
            },
        )
        .unwrap();
    assert_eq!(
        last_body(&sim),
        json!({"flavor": "t4-medium", "sleepTimeSeconds": 3600})
    );
    assert_eq!(rt.stage, Some(SpaceStage::Building));
    assert_eq!(rt.hardware, None);
    assert_eq!(rt.requested_hardware, Some(SpaceHardware::T4Medium));
    assert_eq!(rt.sleep_time, Some(3600));

    sim.advance(BUILD - Duration::from_secs(1));
    assert_eq!(
        c.get_space_runtime(SPACE).unwrap().stage,
        Some(SpaceStage::Building)
    );
    sim.advance(Duration::from_secs(1));
    let rt = c.get_space_runtime(SPACE).unwrap();
    assert_eq!(rt.stage, Some(SpaceStage::Running));
    assert_eq!(rt.hardware, Some(SpaceHardware::T4Medium));
    // space_info follows the clock too
    let info = c.space_info(SPACE, &Default::default()).unwrap();
    assert_eq!(info.runtime.unwrap().stage, Some(SpaceStage::Running));

    // asleep after its sleep time
    sim.advance(Duration::from_secs(3600));
    let rt = c.get_space_runtime(SPACE).unwrap();
    assert_eq!(rt.stage, Some(SpaceStage::Sleeping));
    assert_eq!(rt.hardware, None);

    // without a sleep time, upgraded hardware never sleeps
    let rt = c
        .request_space_hardware(SPACE, "cpu-upgrade", &Default::default())
        .unwrap();
    assert_eq!(last_body(&sim), json!({"flavor": "cpu-upgrade"}));
    assert_eq!(rt.sleep_time, None);
    sim.advance(BUILD + Duration::from_secs(100_000));
    let rt = c.get_space_runtime(SPACE).unwrap();
    assert_eq!(rt.stage, Some(SpaceStage::Running));
    assert_eq!(rt.hardware, Some(SpaceHardware::CpuUpgrade));

    let err = c
        .request_space_hardware(SPACE, "quantum-xxl", &Default::default())
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::BadRequest);
}

#[test]
fn sleep_time_is_fixed_on_cpu_basic_and_settable_on_upgrades() {
    let sim = common::sim();
    let c = alice(&sim);
    let rt = c.set_space_sleep_time(SPACE, 600).unwrap();
    assert_eq!(last_body(&sim), json!({"seconds": 600}));
    assert_eq!(rt.sleep_time, Some(172_800));

    c.request_space_hardware(SPACE, "cpu-upgrade", &Default::default())
        .unwrap();
    sim.advance(BUILD);
    let rt = c.set_space_sleep_time(SPACE, 600).unwrap();
    assert_eq!(rt.sleep_time, Some(600));
    sim.advance(Duration::from_secs(599));
    assert_eq!(
        c.get_space_runtime(SPACE).unwrap().stage,
        Some(SpaceStage::Running)
    );
    sim.advance(Duration::from_secs(1));
    assert_eq!(
        c.get_space_runtime(SPACE).unwrap().stage,
        Some(SpaceStage::Sleeping)
    );
    let rt = c.set_space_sleep_time(SPACE, -1).unwrap();
    assert_eq!(rt.sleep_time, None);
    let err = c.set_space_sleep_time(SPACE, 0).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::BadRequest);
}

#[test]
fn pause_and_restart() {
    let sim = common::sim();
    let c = alice(&sim);
    let rt = c.pause_space(SPACE).unwrap();
    assert_eq!(rt.stage, Some(SpaceStage::Paused));
    assert_eq!(rt.hardware, None);
    let req = sim.requests().pop().unwrap();
    assert_eq!((req.method.as_str(), req.body.is_empty()), ("POST", true));
    sim.advance(Duration::from_secs(1_000_000));
    assert_eq!(
        c.get_space_runtime(SPACE).unwrap().stage,
        Some(SpaceStage::Paused)
    );

    let rt = c.restart_space(SPACE, &Default::default()).unwrap();
    assert_eq!(rt.stage, Some(SpaceStage::Building));
    assert_eq!(
        common::targets(&sim).last().unwrap(),
        &format!("POST /api/spaces/{SPACE}/restart")
    );
    sim.advance(BUILD);
    assert_eq!(
        c.get_space_runtime(SPACE).unwrap().stage,
        Some(SpaceStage::Running)
    );

    let rt = c
        .restart_space(
            SPACE,
            &RestartSpaceOptions {
                factory_reboot: true,
            },
        )
        .unwrap();
    assert_eq!(rt.stage, Some(SpaceStage::Building));
    assert_eq!(
        common::targets(&sim).last().unwrap(),
        &format!("POST /api/spaces/{SPACE}/restart?factory=true")
    );

    // static Spaces cannot be paused or restarted
    let bob = common::client(&sim, Some(BOB_WRITE_TOKEN));
    assert_eq!(
        bob.pause_space(STATIC_SPACE).unwrap_err().kind(),
        ErrorKind::BadRequest
    );
    assert_eq!(
        bob.restart_space(STATIC_SPACE, &Default::default())
            .unwrap_err()
            .kind(),
        ErrorKind::BadRequest
    );
}

#[test]
fn changes_need_write_access() {
    let sim = common::sim();
    let read = common::client(&sim, Some(ALICE_READ_TOKEN));
    let err = read.pause_space(SPACE).unwrap_err();
    assert_eq!(
        (err.kind(), err.status()),
        (ErrorKind::Forbidden, Some(403))
    );
    // bob writes to acme, not to alice's Space
    let bob = common::client(&sim, Some(BOB_WRITE_TOKEN));
    let err = bob
        .request_space_hardware(SPACE, "t4-small", &Default::default())
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Forbidden);
    // ...but may manage acme's
    bob.request_space_storage(PRIVATE_SPACE, "small").unwrap();
    // anonymous: 401 on a repo URL, which Python (and hfhub) read as RepoNotFound
    let anon = common::client(&sim, None);
    let err = anon.restart_space(SPACE, &Default::default()).unwrap_err();
    assert_eq!(
        (err.kind(), err.status()),
        (ErrorKind::RepoNotFound, Some(401))
    );
    // nothing changed
    let rt = anon.get_space_runtime(SPACE).unwrap();
    assert_eq!(rt.stage, Some(SpaceStage::Running));
}

#[test]
fn persistent_storage() {
    let sim = common::sim();
    let c = alice(&sim);
    let err = c.delete_space_storage(SPACE).unwrap_err();
    assert_eq!(
        (err.kind(), err.status()),
        (ErrorKind::BadRequest, Some(400))
    );

    let rt = c
        .request_space_storage(SPACE, &SpaceStorage::Small)
        .unwrap();
    assert_eq!(last_body(&sim), json!({"tier": "small"}));
    assert_eq!(rt.storage, Some(SpaceStorage::Small));
    let rt = c.request_space_storage(SPACE, "large").unwrap();
    assert_eq!(rt.storage, Some(SpaceStorage::Large));
    let err = c.request_space_storage(SPACE, "medium").unwrap_err();
    assert_eq!(err.kind(), ErrorKind::BadRequest, "no downgrade");
    let err = c.request_space_storage(SPACE, "huge").unwrap_err();
    assert_eq!(err.kind(), ErrorKind::BadRequest);

    let rt = c.delete_space_storage(SPACE).unwrap();
    assert_eq!(rt.storage, None);
    let req = sim.requests().pop().unwrap();
    assert_eq!((req.method.as_str(), req.body.is_empty()), ("DELETE", true));
    assert_eq!(c.get_space_runtime(SPACE).unwrap().storage, None);
}

#[test]
fn secrets_are_write_only() {
    let sim = common::sim();
    let c = alice(&sim);
    c.add_space_secret(
        SPACE,
        "OPENAI_KEY",
        "sk-123",
        &AddSpaceSecretOptions {
            description: Some("OpenAI key".into()),
        },
    )
    .unwrap();
    assert_eq!(
        last_body(&sim),
        json!({"key": "OPENAI_KEY", "value": "sk-123", "description": "OpenAI key"})
    );
    c.add_space_secret(SPACE, "OTHER", "x", &Default::default())
        .unwrap();
    assert_eq!(last_body(&sim), json!({"key": "OTHER", "value": "x"}));
    sim.with_state(|s| {
        let repo = s
            .repo(hubsim::store::model::RepoType::Space, SPACE)
            .unwrap();
        assert_eq!(repo.meta.secrets.len(), 2);
        assert_eq!(repo.meta.secrets["OPENAI_KEY"]["description"], "OpenAI key");
        assert!(repo.meta.secrets["OPENAI_KEY"].get("value").is_none());
    });

    // DELETE carries its JSON body
    c.delete_space_secret(SPACE, "OPENAI_KEY").unwrap();
    let req = sim.requests().pop().unwrap();
    assert_eq!(req.method, "DELETE");
    assert_eq!(req.header("content-type"), Some("application/json"));
    assert_eq!(last_body(&sim), json!({"key": "OPENAI_KEY"}));
    // deleting an unknown key succeeds
    c.delete_space_secret(SPACE, "NEVER_SET").unwrap();
    sim.with_state(|s| {
        let repo = s
            .repo(hubsim::store::model::RepoType::Space, SPACE)
            .unwrap();
        assert_eq!(repo.meta.secrets.keys().collect::<Vec<_>>(), ["OTHER"]);
    });

    let err = c
        .add_space_secret(SPACE, "1BAD", "x", &Default::default())
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::BadRequest);
    let read = common::client(&sim, Some(ALICE_READ_TOKEN));
    let err = read
        .add_space_secret(SPACE, "K", "v", &Default::default())
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Forbidden);
}

#[test]
fn variables() {
    let sim = common::sim();
    let c = alice(&sim);
    assert!(c.get_space_variables(SPACE).unwrap().is_empty());
    let vars = c
        .add_space_variable(
            SPACE,
            "MODEL_REPO_ID",
            "openai-community/gpt2",
            &AddSpaceVariableOptions {
                description: Some("weights".into()),
            },
        )
        .unwrap();
    assert_eq!(
        last_body(&sim),
        json!({"key": "MODEL_REPO_ID", "value": "openai-community/gpt2", "description": "weights"})
    );
    let v = &vars["MODEL_REPO_ID"];
    assert_eq!(v.key, "MODEL_REPO_ID");
    assert_eq!(v.value, "openai-community/gpt2");
    assert_eq!(v.description.as_deref(), Some("weights"));
    assert!(v.updated_at.is_some());
    let vars = c
        .add_space_variable(SPACE, "foo", "456", &Default::default())
        .unwrap();
    assert_eq!(vars.len(), 2);
    assert_eq!(vars["foo"].description, None);
    assert_eq!(c.get_space_variables(SPACE).unwrap(), vars);

    let vars = c.delete_space_variable(SPACE, "MODEL_REPO_ID").unwrap();
    let req = sim.requests().pop().unwrap();
    assert_eq!(req.method, "DELETE");
    assert_eq!(last_body(&sim), json!({"key": "MODEL_REPO_ID"}));
    assert_eq!(vars.keys().collect::<Vec<_>>(), ["foo"]);

    // reading needs a role in the namespace; changing needs write
    let carol = common::client(&sim, Some(CAROL_READ_TOKEN));
    assert_eq!(
        carol.get_space_variables(SPACE).unwrap_err().kind(),
        ErrorKind::Forbidden
    );
    let read = common::client(&sim, Some(ALICE_READ_TOKEN));
    assert_eq!(read.get_space_variables(SPACE).unwrap().len(), 1);
    assert_eq!(
        read.delete_space_variable(SPACE, "foo").unwrap_err().kind(),
        ErrorKind::Forbidden
    );
    let err = c.get_space_variables("alice/no-such-space").unwrap_err();
    assert_eq!(err.kind(), ErrorKind::RepoNotFound);
}

#[test]
fn dispatch_uses_python_names_and_shapes() {
    let sim = common::sim();
    let c = alice(&sim);
    let call = |m: &str, a: Value| hfhub::dispatch::call(&c, m, a);
    let rt = call(
        "request_space_hardware",
        json!({"repo_id": SPACE, "hardware": "t4-small", "sleep_time": 600}),
    )
    .unwrap();
    assert_eq!(rt["stage"], "BUILDING");
    assert_eq!(rt["hardware"], Value::Null);
    assert_eq!(rt["requested_hardware"], "t4-small");
    assert_eq!(rt["sleep_time"], 600);
    assert_eq!(rt["raw"]["hardware"]["requested"], "t4-small");
    let rt = call(
        "set_space_sleep_time",
        json!({"repo_id": SPACE, "sleep_time": -1}),
    )
    .unwrap();
    assert_eq!(rt["sleep_time"], Value::Null);
    let rt = call(
        "restart_space",
        json!({"repo_id": SPACE, "factory_reboot": true}),
    )
    .unwrap();
    assert_eq!(rt["stage"], "BUILDING");
    let rt = call(
        "request_space_storage",
        json!({"repo_id": SPACE, "storage": "medium"}),
    )
    .unwrap();
    assert_eq!(rt["storage"], "medium");
    assert_eq!(
        call("delete_space_storage", json!({"repo_id": SPACE})).unwrap()["storage"],
        Value::Null
    );
    assert_eq!(
        call("pause_space", json!({"repo_id": SPACE})).unwrap()["stage"],
        "PAUSED"
    );
    assert_eq!(
        call(
            "add_space_secret",
            json!({"repo_id": SPACE, "key": "K", "value": "V"})
        )
        .unwrap(),
        Value::Null
    );
    assert_eq!(
        call("delete_space_secret", json!({"repo_id": SPACE, "key": "K"})).unwrap(),
        Value::Null
    );
    let vars = call(
        "add_space_variable",
        json!({"repo_id": SPACE, "key": "A", "value": "B", "description": "d"}),
    )
    .unwrap();
    assert_eq!(vars["A"]["key"], "A");
    assert_eq!(vars["A"]["value"], "B");
    assert_eq!(vars["A"]["description"], "d");
    assert_eq!(
        call("get_space_variables", json!({"repo_id": SPACE})).unwrap(),
        vars
    );
    assert_eq!(
        call(
            "delete_space_variable",
            json!({"repo_id": SPACE, "key": "A"})
        )
        .unwrap(),
        json!({})
    );
    assert_eq!(
        call("get_space_runtime", json!({"repo_id": SPACE})).unwrap()["stage"],
        "PAUSED"
    );
    let err = call(
        "set_space_sleep_time",
        json!({"repo_id": SPACE, "sleep_time": "soon"}),
    )
    .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidInput);
    let err = call("restart_space", json!({"repo_id": SPACE, "factory": true})).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidInput);
}
