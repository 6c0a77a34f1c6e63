//! Collections against hubsim: listing (filters, Link paging, `limit`, positions), reading,
//! creating (namespace from whoami, `exists_ok`), updating, deleting (`missing_ok`) and items.

mod common;

use hfhub::types::{Collection, CollectionOwner};
use hfhub::{
    AddCollectionItemOptions, CreateCollectionOptions, DeleteCollectionItemOptions,
    DeleteCollectionOptions, ErrorKind, ListCollectionsOptions, UpdateCollectionItemOptions,
    UpdateCollectionMetadataOptions,
};
use hubsim::seed::{
    ALICE_READ_TOKEN, ALICE_WRITE_TOKEN, BOB_COLLECTION, BOB_WRITE_TOKEN, COLLECTION,
    COLLECTION_MODEL_ITEM, DATASET, MODEL, ORG_PRIVATE_COLLECTION, SPACE,
};
use hubsim::Config;
use serde_json::{json, Value};

fn list(client: &hfhub::Client, o: ListCollectionsOptions) -> Vec<Collection> {
    client
        .list_collections(&o)
        .collect::<hfhub::Result<Vec<_>>>()
        .unwrap()
}

fn slugs(cs: &[Collection]) -> Vec<&str> {
    cs.iter().map(|c| c.slug.as_str()).collect()
}

#[test]
fn listing_follows_links_and_numbers_positions() {
    let sim = common::sim_with(Config::default().page_size(1));
    let anon = common::client(&sim, None);
    let all = list(&anon, Default::default());
    assert_eq!(slugs(&all), [BOB_COLLECTION, COLLECTION]);
    assert_eq!(sim.requests().len(), 2, "one page per collection");
    let positions: Vec<u64> = all.iter().map(|c| c.position).collect();
    assert_eq!(positions, [0, 1], "the index in the listing, as in Python");
    let alice = &all[1];
    assert_eq!(alice.items.len(), 4, "listings carry 4 items");
    assert_eq!(alice.owner.name(), "alice");
    assert_eq!(alice.url, format!("{}/collections/{COLLECTION}", sim.url()));
    assert_eq!(alice.upvotes, 3);

    // limit: sent, and no page is fetched beyond it
    sim.clear_requests();
    let one = list(
        &anon,
        ListCollectionsOptions {
            limit: Some(1),
            ..Default::default()
        },
    );
    assert_eq!(slugs(&one), [BOB_COLLECTION]);
    assert_eq!(common::targets(&sim), ["GET /api/collections?limit=1"]);

    // filters, in Python's order
    sim.clear_requests();
    let member = common::client(&sim, Some(ALICE_READ_TOKEN));
    let mine = list(
        &member,
        ListCollectionsOptions {
            owner: vec!["alice".into(), "acme".into()],
            item: vec![
                format!("models/{MODEL}"),
                "datasets/acme/private-dataset".into(),
            ],
            sort: Some("upvotes".into()),
            limit: None,
        },
    );
    assert_eq!(slugs(&mine), [COLLECTION, ORG_PRIVATE_COLLECTION]);
    assert!(common::targets(&sim)[0].starts_with(
        "GET /api/collections?owner=alice&owner=acme&item=models%2Falice%2Ftiny-model&item=datasets%2Facme%2Fprivate-dataset&sort=upvotes"
    ));
    let papers = list(
        &anon,
        ListCollectionsOptions {
            item: vec!["papers/2307.09288".into()],
            ..Default::default()
        },
    );
    assert_eq!(slugs(&papers), [COLLECTION]);
    let err = anon
        .list_collections(&ListCollectionsOptions {
            sort: Some("name".into()),
            ..Default::default()
        })
        .next()
        .unwrap()
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::BadRequest);
}

#[test]
fn getting_a_collection() {
    let sim = common::sim();
    let anon = common::client(&sim, None);
    let c = anon.get_collection(COLLECTION).unwrap();
    assert_eq!(
        common::targets(&sim),
        [format!("GET /api/collections/{COLLECTION}")]
    );
    assert_eq!(
        (c.title.as_str(), c.position, c.private),
        ("Tiny picks", 0, false)
    );
    assert_eq!(c.theme.as_deref(), Some("blue"));
    assert_eq!(c.description.as_deref(), Some("Small things for tests"));
    assert_eq!(c.last_updated.unwrap().unix_timestamp(), 1_710_237_600);
    let CollectionOwner::Info(owner) = &c.owner else {
        panic!("{:?}", c.owner)
    };
    assert_eq!(
        (owner.name.as_str(), owner.owner_type.as_deref()),
        ("alice", Some("user"))
    );
    let items: Vec<(&str, &str, u64)> = c
        .items
        .iter()
        .map(|i| (i.item_type.as_str(), i.item_id.as_str(), i.position))
        .collect();
    assert_eq!(
        items,
        [
            ("model", MODEL, 0),
            ("dataset", DATASET, 1),
            ("space", SPACE, 2),
            ("paper", "2307.09288", 3),
            ("model", "bob/bert-tiny", 4)
        ]
    );
    assert_eq!(c.items[0].item_object_id, COLLECTION_MODEL_ITEM);
    assert_eq!(c.items[0].note.as_deref(), Some("The smallest GPT-2"));
    assert_eq!(c.items[1].note, None);

    // a collection item is named by its slug
    let bobs = anon.get_collection(BOB_COLLECTION).unwrap();
    assert_eq!(
        (
            bobs.items[1].item_type.as_str(),
            bobs.items[1].item_id.as_str()
        ),
        ("collection", COLLECTION)
    );

    let err = anon.get_collection(ORG_PRIVATE_COLLECTION).unwrap_err();
    assert_eq!((err.kind(), err.status()), (ErrorKind::Http, Some(404)));
    let member = common::client(&sim, Some(ALICE_READ_TOKEN));
    assert!(
        member
            .get_collection(ORG_PRIVATE_COLLECTION)
            .unwrap()
            .private
    );
    let err = anon.get_collection("").unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidInput);
}

#[test]
fn creating_collections() {
    let sim = common::sim();
    let alice = common::client(&sim, Some(ALICE_WRITE_TOKEN));
    // no namespace: whoami first
    let c = alice
        .create_collection("My picks", &Default::default())
        .unwrap();
    let reqs = sim.requests();
    assert_eq!(reqs[0].target(), "/api/whoami-v2");
    let body: Value = serde_json::from_slice(&reqs[1].body).unwrap();
    assert_eq!(
        body,
        json!({"title": "My picks", "namespace": "alice", "private": false})
    );
    assert!(c.slug.starts_with("alice/my-picks-"), "{}", c.slug);
    assert_eq!((c.position, c.items.len()), (1, 0));
    assert_eq!(c.url, format!("{}/collections/{}", sim.url(), c.slug));

    // exists_ok: the 409 names the existing collection, which is fetched
    let err = alice
        .create_collection("My picks", &Default::default())
        .unwrap_err();
    assert_eq!((err.kind(), err.status()), (ErrorKind::Conflict, Some(409)));
    sim.clear_requests();
    let again = alice
        .create_collection(
            "My picks",
            &CreateCollectionOptions {
                namespace: Some("alice".into()),
                exists_ok: true,
                ..Default::default()
            },
        )
        .unwrap();
    assert_eq!(again.slug, c.slug);
    assert_eq!(
        common::targets(&sim),
        [
            "POST /api/collections".to_string(),
            format!("GET /api/collections/{}", c.slug)
        ]
    );

    // an organisation's, private, with a description
    let bob = common::client(&sim, Some(BOB_WRITE_TOKEN));
    let team = bob
        .create_collection(
            "Team picks",
            &CreateCollectionOptions {
                namespace: Some("acme".into()),
                description: Some("Things we like".into()),
                private: true,
                ..Default::default()
            },
        )
        .unwrap();
    assert!(team.private);
    assert_eq!(team.owner.name(), "acme");
    assert_eq!(team.description.as_deref(), Some("Things we like"));

    let err = bob
        .create_collection(
            "Not yours",
            &CreateCollectionOptions {
                namespace: Some("alice".into()),
                ..Default::default()
            },
        )
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Forbidden);
    let read = common::client(&sim, Some(ALICE_READ_TOKEN));
    let err = read
        .create_collection(
            "Read only",
            &CreateCollectionOptions {
                namespace: Some("alice".into()),
                ..Default::default()
            },
        )
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Forbidden);
    let anon = common::client(&sim, None);
    let err = anon
        .create_collection("Anon", &Default::default())
        .unwrap_err();
    assert_eq!(
        err.kind(),
        ErrorKind::LocalTokenNotFound,
        "whoami needs a token"
    );
}

#[test]
fn updating_and_deleting_collections() {
    let sim = common::sim();
    let alice = common::client(&sim, Some(ALICE_WRITE_TOKEN));
    let c = alice
        .create_collection("Scratch", &Default::default())
        .unwrap();
    sim.clear_requests();
    let u = alice
        .update_collection_metadata(
            &c.slug,
            &UpdateCollectionMetadataOptions {
                title: Some("Renamed".into()),
                description: Some("New desc".into()),
                position: Some(0),
                private: Some(false),
                theme: Some("pink".into()),
            },
        )
        .unwrap();
    let req = &sim.requests()[0];
    assert_eq!(req.method, "PATCH");
    let body: Value = serde_json::from_slice(&req.body).unwrap();
    assert_eq!(
        body,
        json!({"position": 0, "private": false, "theme": "pink", "title": "Renamed", "description": "New desc"})
    );
    assert!(u.slug.starts_with("alice/renamed-"));
    assert_eq!(&u.slug[u.slug.len() - 24..], &c.slug[c.slug.len() - 24..]);
    assert_eq!((u.position, u.theme.as_deref()), (0, Some("pink")));
    assert_eq!(alice.get_collection(COLLECTION).unwrap().position, 1);

    let err = alice
        .update_collection_metadata(
            &u.slug,
            &UpdateCollectionMetadataOptions {
                theme: Some("red".into()),
                ..Default::default()
            },
        )
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::BadRequest);
    let bob = common::client(&sim, Some(BOB_WRITE_TOKEN));
    let err = bob
        .update_collection_metadata(
            &u.slug,
            &UpdateCollectionMetadataOptions {
                title: Some("Mine".into()),
                ..Default::default()
            },
        )
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Forbidden);

    let err = bob
        .delete_collection(&u.slug, &Default::default())
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Forbidden);
    alice
        .delete_collection(&u.slug, &Default::default())
        .unwrap();
    let err = alice
        .delete_collection(&u.slug, &Default::default())
        .unwrap_err();
    assert_eq!((err.kind(), err.status()), (ErrorKind::Http, Some(404)));
    alice
        .delete_collection(&u.slug, &DeleteCollectionOptions { missing_ok: true })
        .unwrap();
    // missing_ok does not hide other errors
    let err = bob
        .delete_collection(COLLECTION, &DeleteCollectionOptions { missing_ok: true })
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Forbidden);
}

#[test]
fn collection_items() {
    let sim = common::sim();
    let alice = common::client(&sim, Some(ALICE_WRITE_TOKEN));
    let c = alice
        .create_collection("Items", &Default::default())
        .unwrap();

    sim.clear_requests();
    let after = alice
        .add_collection_item(
            &c.slug,
            DATASET,
            "dataset",
            &AddCollectionItemOptions {
                note: Some("Classic sentiment set".into()),
                exists_ok: false,
            },
        )
        .unwrap();
    let body: Value = serde_json::from_slice(&sim.requests()[0].body).unwrap();
    assert_eq!(
        body,
        json!({"item": {"id": DATASET, "type": "dataset"}, "note": "Classic sentiment set"})
    );
    assert_eq!(after.items.len(), 1);
    assert_eq!(
        after.items[0].note.as_deref(),
        Some("Classic sentiment set")
    );
    alice
        .add_collection_item(&c.slug, "2307.09288", "paper", &Default::default())
        .unwrap();
    let with_collection = alice
        .add_collection_item(&c.slug, BOB_COLLECTION, "collection", &Default::default())
        .unwrap();
    assert_eq!(with_collection.items[2].item_id, BOB_COLLECTION);

    let err = alice
        .add_collection_item(&c.slug, DATASET, "dataset", &Default::default())
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Conflict);
    sim.clear_requests();
    let same = alice
        .add_collection_item(
            &c.slug,
            DATASET,
            "dataset",
            &AddCollectionItemOptions {
                note: None,
                exists_ok: true,
            },
        )
        .unwrap();
    assert_eq!(same.items.len(), 3);
    assert_eq!(
        common::targets(&sim),
        [
            format!("POST /api/collections/{}/items", c.slug),
            format!("GET /api/collections/{}", c.slug)
        ]
    );
    let err = alice
        .add_collection_item(&c.slug, "alice/nope", "model", &Default::default())
        .unwrap_err();
    assert_eq!((err.kind(), err.status()), (ErrorKind::Http, Some(404)));
    let err = alice
        .add_collection_item(&c.slug, MODEL, "kernel", &Default::default())
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::BadRequest);
    let err = common::client(&sim, Some(ALICE_READ_TOKEN))
        .add_collection_item(&c.slug, MODEL, "model", &Default::default())
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Forbidden);

    // update: note and position; only what is given is sent
    let paper = same.items[1].item_object_id.clone();
    sim.clear_requests();
    alice
        .update_collection_item(
            &c.slug,
            &paper,
            &UpdateCollectionItemOptions {
                note: Some("Llama 2".into()),
                position: Some(0),
            },
        )
        .unwrap();
    let body: Value = serde_json::from_slice(&sim.requests()[0].body).unwrap();
    assert_eq!(body, json!({"position": 0, "note": "Llama 2"}));
    let now = alice.get_collection(&c.slug).unwrap();
    assert_eq!(now.items[0].item_object_id, paper);
    assert_eq!(now.items[0].note.as_deref(), Some("Llama 2"));
    assert_eq!(now.items[0].position, 0);
    let err = alice
        .update_collection_item(&c.slug, "ffffffffffffffffffffffff", &Default::default())
        .unwrap_err();
    assert_eq!(err.status(), Some(404));

    // delete, then missing_ok
    alice
        .delete_collection_item(&c.slug, &paper, &Default::default())
        .unwrap();
    let err = alice
        .delete_collection_item(&c.slug, &paper, &Default::default())
        .unwrap_err();
    assert_eq!(err.status(), Some(404));
    alice
        .delete_collection_item(
            &c.slug,
            &paper,
            &DeleteCollectionItemOptions { missing_ok: true },
        )
        .unwrap();
    assert_eq!(alice.get_collection(&c.slug).unwrap().items.len(), 2);
}

#[test]
fn operations_by_python_name() {
    let sim = common::sim();
    let client = common::client(&sim, Some(ALICE_WRITE_TOKEN));
    let call = |m: &str, a: Value| hfhub::dispatch::call(&client, m, a);
    let listed = call("list_collections", json!({"owner": "alice"})).unwrap();
    assert_eq!(listed[0]["slug"], COLLECTION);
    assert_eq!(listed[0]["position"], 0);
    assert_eq!(listed[0]["owner"]["name"], "alice");
    let c = call("get_collection", json!({"collection_slug": COLLECTION})).unwrap();
    assert_eq!(c["items"][0]["item_object_id"], COLLECTION_MODEL_ITEM);
    assert_eq!(c["items"][0]["note"], "The smallest GPT-2");
    assert_eq!(c["last_updated"], "2024-03-12T10:00:00Z");
    let created = call(
        "create_collection",
        json!({"title": "Via call", "private": true}),
    )
    .unwrap();
    let slug = created["slug"].as_str().unwrap().to_string();
    let added = call(
        "add_collection_item",
        json!({"collection_slug": slug, "item_id": MODEL, "item_type": "model", "note": "n"}),
    )
    .unwrap();
    assert_eq!(added["items"][0]["item_id"], MODEL);
    assert_eq!(
        call("delete_collection", json!({"collection_slug": slug})).unwrap(),
        Value::Null
    );
    assert_eq!(
        call(
            "delete_collection",
            json!({"collection_slug": slug, "missing_ok": true})
        )
        .unwrap(),
        Value::Null
    );
    let err = call(
        "get_collection",
        json!({"collection_slug": COLLECTION, "bogus": 1}),
    )
    .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidInput);
}
