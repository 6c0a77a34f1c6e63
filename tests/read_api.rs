//! Every read operation against hubsim's default seed: success and failure.

mod common;

use hfhub::types::{RepoInfo, RepoTreeEntry};
use hfhub::{
    DatasetInfoOptions, Error, ErrorKind, FileExistsOptions, FileMetadataOptions, FileUrlOptions,
    Filter, GetPathsInfoOptions, LikeOptions, ListDatasetsOptions, ListModelsOptions,
    ListRepoCommitsOptions, ListRepoFilesOptions, ListRepoRefsOptions, ListRepoTreeOptions,
    ListSpacesOptions, ModelInfoOptions, RepoExistsOptions, RepoInfoOptions, RepoType,
};
use hubsim::seed::{self, ALICE_READ_TOKEN, ALICE_WRITE_TOKEN, BOB_READ_TOKEN, CAROL_READ_TOKEN};

fn rev(r: &str) -> ModelInfoOptions {
    ModelInfoOptions {
        revision: Some(r.into()),
        ..Default::default()
    }
}

fn main_sha(client: &hfhub::Client, repo: &str, repo_type: RepoType) -> String {
    let refs = client
        .list_repo_refs(
            repo,
            &ListRepoRefsOptions {
                repo_type: Some(repo_type),
                ..Default::default()
            },
        )
        .unwrap();
    refs.branches
        .iter()
        .find(|b| b.name == "main")
        .unwrap()
        .target_commit
        .clone()
}

// ---------------------------------------------------------------- identity

#[test]
fn whoami_and_token_permission() {
    let sim = common::sim();
    let alice = common::client(&sim, Some(ALICE_WRITE_TOKEN));
    let me = alice.whoami().unwrap();
    assert_eq!(me.name, "alice");
    assert_eq!(me.account_type, "user");
    assert!(me.orgs.iter().any(|o| o.name == "acme"));
    assert_eq!(me.token_role(), Some("write"));
    assert_eq!(
        alice.get_token_permission().unwrap().as_deref(),
        Some("write")
    );
    let read = common::client(&sim, Some(ALICE_READ_TOKEN));
    assert_eq!(
        read.get_token_permission().unwrap().as_deref(),
        Some("read")
    );

    // No token: fails locally, nothing sent; get_token_permission → None.
    let anon = common::client(&sim, None);
    sim.clear_requests();
    assert!(matches!(anon.whoami(), Err(Error::LocalTokenNotFound)));
    assert_eq!(anon.get_token_permission().unwrap(), None);
    assert!(sim.requests().is_empty());

    // A token the Hub rejects: 401 "Invalid credentials" → Unauthorized, not RepoNotFound.
    let bad = common::client(&sim, Some(seed::INVALID_TOKEN));
    let err = bad.whoami().unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Unauthorized, "{err}");
    assert_eq!(err.status(), Some(401));
    assert_eq!(bad.get_token_permission().unwrap(), None);
}

#[test]
fn full_repo_names() {
    let sim = common::sim();
    let alice = common::client(&sim, Some(ALICE_WRITE_TOKEN));
    assert_eq!(
        alice.get_full_repo_name("my-model", None).unwrap(),
        "alice/my-model"
    );
    sim.clear_requests();
    assert_eq!(
        alice.get_full_repo_name("my-model", Some("acme")).unwrap(),
        "acme/my-model"
    );
    assert_eq!(alice.get_full_repo_name("bob/x", None).unwrap(), "bob/x");
    assert!(
        sim.requests().is_empty(),
        "no request when the namespace is known"
    );
    let anon = common::client(&sim, None);
    assert!(matches!(
        anon.get_full_repo_name("x", None),
        Err(Error::LocalTokenNotFound)
    ));
}

#[test]
fn users_members_followers() {
    let sim = common::sim();
    let client = common::client(&sim, Some(BOB_READ_TOKEN));
    let alice = client.get_user_overview("alice").unwrap();
    assert_eq!(alice.username, "alice");
    assert_eq!(alice.fullname.as_deref(), Some("Alice Example"));
    assert_eq!(alice.is_pro, Some(true));
    assert_eq!(alice.user_type.as_deref(), Some("user"));
    let err = client.get_user_overview("nobody-here").unwrap_err();
    assert_eq!(err.status(), Some(404), "{err}");

    let mut members: Vec<String> = client
        .list_organization_members("acme")
        .map(|u| u.unwrap().username)
        .collect();
    members.sort();
    assert_eq!(members, ["alice", "bob"]);

    let followers: Vec<String> = client
        .list_user_followers("alice")
        .map(|u| u.unwrap().username)
        .collect();
    let mut sorted = followers.clone();
    sorted.sort();
    assert_eq!(sorted, ["bob", "carol"]);
    let following: Vec<String> = client
        .list_user_following("carol")
        .map(|u| u.unwrap().username)
        .collect();
    assert_eq!(following.len(), 2);
    assert!(client
        .list_user_followers("nobody-here")
        .next()
        .unwrap()
        .is_err());
}

// ---------------------------------------------------------------- catalogues

#[test]
fn tags_and_metrics() {
    let sim = common::sim();
    let client = common::client(&sim, Some(ALICE_WRITE_TOKEN));
    let tags = client.get_model_tags().unwrap();
    assert!(
        tags.contains_key("library") && tags.contains_key("pipeline_tag"),
        "{:?}",
        tags.keys()
    );
    assert!(tags["library"].iter().any(|t| t.id == "transformers"));
    let dtags = client.get_dataset_tags().unwrap();
    assert!(dtags
        .values()
        .flatten()
        .any(|t| t.id.starts_with("task_categories:")));
    let metrics = client.list_metrics().unwrap();
    assert!(!metrics.is_empty());
    assert!(metrics.iter().all(|m| !m.id.is_empty()));
    // Public catalogues: the token is not sent.
    assert!(sim
        .requests()
        .iter()
        .all(|r| r.header("authorization").is_none()));
}

// ---------------------------------------------------------------- listings

#[test]
fn list_models_filters_and_visibility() {
    let sim = common::sim();
    let anon = common::client(&sim, None);
    let mut ids: Vec<String> = anon
        .list_models(&Default::default())
        .map(|m| m.unwrap().id)
        .collect();
    ids.sort();
    assert_eq!(ids, seed::PUBLIC_MODELS);

    // alice also sees her private model and acme's.
    let alice = common::client(&sim, Some(ALICE_READ_TOKEN));
    let ids: Vec<String> = alice
        .list_models(&Default::default())
        .map(|m| m.unwrap().id)
        .collect();
    assert!(
        ids.contains(&seed::PRIVATE_MODEL.to_owned())
            && ids.contains(&seed::ORG_PRIVATE_MODEL.to_owned())
    );
    // carol does not see them.
    let carol = common::client(&sim, Some(CAROL_READ_TOKEN));
    let ids: Vec<String> = carol
        .list_models(&Default::default())
        .map(|m| m.unwrap().id)
        .collect();
    assert!(!ids.contains(&seed::PRIVATE_MODEL.to_owned()));

    let by_author = ListModelsOptions {
        author: Some("bob".into()),
        ..Default::default()
    };
    let ids: Vec<String> = anon
        .list_models(&by_author)
        .map(|m| m.unwrap().id)
        .collect();
    assert_eq!(ids.len(), 2);
    assert!(ids.iter().all(|i| i.starts_with("bob/")));

    let search = ListModelsOptions {
        search: Some("tiny".into()),
        full: Some(true),
        card_data: true,
        ..Default::default()
    };
    let found: Vec<_> = anon.list_models(&search).map(|m| m.unwrap()).collect();
    let tiny = found
        .iter()
        .find(|m| m.id == seed::MODEL)
        .expect("tiny-model found by search");
    assert!(tiny
        .siblings
        .as_ref()
        .is_some_and(|s| s.iter().any(|f| f.rfilename == "config.json")));
    assert!(tiny.card_data.is_some());
    assert!(tiny.sha.is_some() && tiny.last_modified.is_some());

    let filtered = ListModelsOptions {
        filter: Some(Filter::Tag("text-classification".into())),
        ..Default::default()
    };
    let ids: Vec<String> = anon.list_models(&filtered).map(|m| m.unwrap().id).collect();
    assert!(ids.contains(&"acme/text-classifier".to_owned()), "{ids:?}");
    assert!(!ids.contains(&seed::MODEL.to_owned()));

    let sorted = ListModelsOptions {
        sort: Some("downloads".into()),
        direction: Some(-1),
        limit: Some(3),
        ..Default::default()
    };
    let downloads: Vec<u64> = anon
        .list_models(&sorted)
        .map(|m| m.unwrap().downloads.unwrap())
        .collect();
    assert_eq!(downloads.len(), 3);
    assert!(downloads.windows(2).all(|w| w[0] >= w[1]), "{downloads:?}");
}

#[test]
fn pagination_follows_links_and_stops_at_limit_mid_page() {
    let sim = common::sim_with(hubsim::Config::default().page_size(2));
    let client = common::client(&sim, None);

    // limit = 5 with pages of 2: pages 1, 2, 3 (one item of page 3 used), no 4th request.
    let opts = ListModelsOptions {
        limit: Some(5),
        ..Default::default()
    };
    let mut pager = client.list_models(&opts);
    let got: Vec<String> = pager.by_ref().map(|m| m.unwrap().id).collect();
    assert_eq!(got.len(), 5);
    assert_eq!(pager.pages_fetched(), 3);
    let reqs = common::targets(&sim);
    assert_eq!(reqs.len(), 3, "{reqs:?}");
    assert_eq!(reqs[0], "GET /api/models?limit=5");
    assert!(
        reqs[1].contains("cursor=") && reqs[2].contains("cursor="),
        "{reqs:?}"
    );

    // Without a limit: every page, every public model, in order, no duplicates.
    sim.clear_requests();
    let mut all: Vec<String> = client
        .list_models(&Default::default())
        .map(|m| m.unwrap().id)
        .collect();
    assert_eq!(sim.requests().len(), seed::PUBLIC_MODELS.len().div_ceil(2));
    let n = all.len();
    all.sort();
    all.dedup();
    assert_eq!(all.len(), n);
    assert_eq!(all, seed::PUBLIC_MODELS);

    // Lazy: taking 1 item fetches 1 page.
    sim.clear_requests();
    let first = client
        .list_models(&Default::default())
        .next()
        .unwrap()
        .unwrap();
    assert!(!first.id.is_empty());
    assert_eq!(sim.requests().len(), 1);

    // Tree and commits paginate the same way.
    sim.clear_requests();
    let files: Vec<String> = client
        .list_repo_files(seed::MODEL, &Default::default())
        .map(|f| f.unwrap())
        .collect();
    assert!(files.len() > 6);
    assert!(sim.requests().len() >= 3);
    let commits: Vec<_> = client
        .list_repo_commits(seed::MODEL, &Default::default())
        .map(|c| c.unwrap())
        .collect();
    assert_eq!(commits.len(), 4);
}

#[test]
fn a_failing_page_ends_the_listing_with_its_error() {
    let sim = common::sim_with(hubsim::Config::default().page_size(2));
    let client = common::builder(&sim)
        .retry(hfhub::RetryPolicy::none())
        .token(false)
        .build()
        .unwrap();
    let mut pager = client.list_models(&Default::default());
    assert!(pager.next().unwrap().is_ok());
    assert!(pager.next().unwrap().is_ok());
    sim.inject(hubsim::Fault::status("/api/models", 500));
    let err = pager.next().unwrap().unwrap_err();
    assert_eq!(err.status(), Some(500));
    assert!(pager.next().is_none());
}

#[test]
fn list_datasets_and_spaces() {
    let sim = common::sim();
    let anon = common::client(&sim, None);
    let ds: Vec<String> = anon
        .list_datasets(&Default::default())
        .map(|d| d.unwrap().id)
        .collect();
    assert!(ds.contains(&seed::DATASET.to_owned()));
    assert!(!ds.contains(&seed::PRIVATE_DATASET.to_owned()));
    let bob = common::client(&sim, Some(BOB_READ_TOKEN));
    let ds: Vec<String> = bob
        .list_datasets(&Default::default())
        .map(|d| d.unwrap().id)
        .collect();
    assert!(ds.contains(&seed::PRIVATE_DATASET.to_owned()));

    let by_task = ListDatasetsOptions {
        task_categories: vec!["text-classification".into()],
        full: Some(true),
        ..Default::default()
    };
    let found: Vec<_> = anon.list_datasets(&by_task).map(|d| d.unwrap()).collect();
    assert!(found.iter().any(|d| d.id == seed::DATASET), "{found:?}");

    let spaces: Vec<_> = anon
        .list_spaces(&ListSpacesOptions {
            models: vec![seed::MODEL.into()],
            full: Some(true),
            ..Default::default()
        })
        .map(|s| s.unwrap())
        .collect();
    assert_eq!(spaces.len(), 1);
    assert_eq!(spaces[0].id, seed::SPACE);
    let all: Vec<String> = anon
        .list_spaces(&Default::default())
        .map(|s| s.unwrap().id)
        .collect();
    assert!(
        all.contains(&seed::STATIC_SPACE.to_owned())
            && !all.contains(&seed::PRIVATE_SPACE.to_owned())
    );
}

// ---------------------------------------------------------------- info

#[test]
fn model_info_at_revisions_with_metadata() {
    let sim = common::sim();
    let client = common::client(&sim, None);
    let info = client.model_info(seed::MODEL, &Default::default()).unwrap();
    assert_eq!(info.id, seed::MODEL);
    assert_eq!(info.author.as_deref(), Some("alice"));
    let main = main_sha(&client, seed::MODEL, RepoType::Model);
    assert_eq!(info.sha.as_deref(), Some(main.as_str()));
    assert_eq!(info.library_name.as_deref(), Some("transformers"));
    assert_eq!(info.pipeline_tag.as_deref(), Some("text-generation"));
    assert!(info.card_data.is_some() && info.transformers_info.is_some());
    let siblings = info.siblings.unwrap();
    assert!(siblings.iter().any(|s| s.rfilename == "weights/big.bin"));
    assert!(
        siblings.iter().all(|s| s.size.is_none()),
        "sizes only with files_metadata"
    );

    let full = client
        .model_info(
            seed::MODEL,
            &ModelInfoOptions {
                files_metadata: true,
                security_status: true,
                ..Default::default()
            },
        )
        .unwrap();
    let big = full
        .siblings
        .as_ref()
        .unwrap()
        .iter()
        .find(|s| s.rfilename == seed::MODEL_BIG_FILE)
        .unwrap();
    assert_eq!(big.size, Some(seed::MODEL_BIG_SIZE));
    let lfs = big.lfs.as_ref().expect("LFS details");
    assert_eq!(lfs.size, seed::MODEL_BIG_SIZE);
    assert_eq!(lfs.sha256.len(), 64);
    let cfg = full
        .siblings
        .as_ref()
        .unwrap()
        .iter()
        .find(|s| s.rfilename == "config.json")
        .unwrap();
    assert_eq!(cfg.size, Some(seed::MODEL_CONFIG_JSON.len() as u64));
    assert!(cfg.lfs.is_none() && cfg.blob_id.as_ref().is_some_and(|b| b.len() == 40));
    assert!(
        full.extra.contains_key("securityStatus"),
        "{:?}",
        full.extra.keys()
    );
    assert_eq!(full.safetensors.as_ref().map(|s| s.total), Some(68));

    // Branch, tag and PR ref; the PR adds a file, the tag predates the ONNX export.
    let dev = client.model_info(seed::MODEL, &rev("dev")).unwrap();
    assert_ne!(dev.sha, info.sha);
    let pr = client.model_info(seed::MODEL, &rev("refs/pr/1")).unwrap();
    assert!(pr
        .siblings
        .unwrap()
        .iter()
        .any(|s| s.rfilename == "pytorch_model.bin"));
    let v1 = client.model_info(seed::MODEL, &rev("v1.0")).unwrap();
    assert!(!v1
        .siblings
        .unwrap()
        .iter()
        .any(|s| s.rfilename.starts_with("onnx/")));
    let by_sha = client.model_info(seed::MODEL, &rev(&main)).unwrap();
    assert_eq!(by_sha.sha.as_deref(), Some(main.as_str()));

    let err = client
        .model_info(seed::MODEL, &rev("no-such-branch"))
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::RevisionNotFound, "{err}");
    assert_eq!(
        err.http().unwrap().error_code.as_deref(),
        Some("RevisionNotFound")
    );
}

#[test]
fn missing_private_gated_and_disabled_repositories() {
    let sim = common::sim();
    let anon = common::client(&sim, None);
    let alice = common::client(&sim, Some(ALICE_READ_TOKEN));
    let bob = common::client(&sim, Some(BOB_READ_TOKEN));
    let carol = common::client(&sim, Some(CAROL_READ_TOKEN));

    // Unknown repo: anonymous → 401, authenticated → 404; both RepoNotFound.
    let e = anon
        .model_info("nobody/nothing", &Default::default())
        .unwrap_err();
    assert_eq!(
        (e.kind(), e.status()),
        (ErrorKind::RepoNotFound, Some(401)),
        "{e}"
    );
    let e = alice
        .model_info("nobody/nothing", &Default::default())
        .unwrap_err();
    assert_eq!(
        (e.kind(), e.status()),
        (ErrorKind::RepoNotFound, Some(404)),
        "{e}"
    );
    assert!(e.request_id().is_some());

    // Private: the same answers as a missing repo, unless you may see it.
    let e = anon
        .model_info(seed::PRIVATE_MODEL, &Default::default())
        .unwrap_err();
    assert_eq!((e.kind(), e.status()), (ErrorKind::RepoNotFound, Some(401)));
    let e = carol
        .model_info(seed::PRIVATE_MODEL, &Default::default())
        .unwrap_err();
    assert_eq!((e.kind(), e.status()), (ErrorKind::RepoNotFound, Some(404)));
    assert!(alice
        .model_info(seed::PRIVATE_MODEL, &Default::default())
        .is_ok());
    assert!(bob
        .model_info(seed::ORG_PRIVATE_MODEL, &Default::default())
        .is_ok());
    assert!(carol
        .model_info(seed::ORG_PRIVATE_MODEL, &Default::default())
        .is_err());

    // Gated: info is public, file content is not.
    let gated = anon
        .model_info(seed::GATED_MODEL, &Default::default())
        .unwrap();
    assert!(gated.gated.as_ref().is_some_and(|g| g.is_gated()));
    let e = anon
        .file_exists(seed::GATED_MODEL, "README.md", &Default::default())
        .unwrap_err();
    assert_eq!(
        (e.kind(), e.status()),
        (ErrorKind::GatedRepo, Some(401)),
        "{e}"
    );
    let e = bob
        .file_exists(seed::GATED_MODEL, "README.md", &Default::default())
        .unwrap_err();
    assert_eq!(
        (e.kind(), e.status()),
        (ErrorKind::GatedRepo, Some(403)),
        "{e}"
    );
    assert!(carol
        .file_exists(seed::GATED_MODEL, "README.md", &Default::default())
        .unwrap());
    assert!(
        e.is_repo_not_found(),
        "gated is a kind of repository-not-found, as in Python"
    );

    // Disabled.
    let e = anon
        .model_info(seed::DISABLED_MODEL, &Default::default())
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::DisabledRepo, "{e}");

    // Invalid ids fail before any request.
    sim.clear_requests();
    let e = anon.model_info("a/b/c", &Default::default()).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::InvalidInput);
    assert!(sim.requests().is_empty());
}

#[test]
fn dataset_space_and_repo_info() {
    let sim = common::sim();
    let client = common::client(&sim, None);
    let ds = client
        .dataset_info(
            seed::DATASET,
            &DatasetInfoOptions {
                revision: Some("v1.0".into()),
                files_metadata: true,
                ..Default::default()
            },
        )
        .unwrap();
    assert_eq!(ds.id, seed::DATASET);
    assert!(ds
        .siblings
        .unwrap()
        .iter()
        .any(|s| s.rfilename == "data/train.csv" && s.size.is_some()));
    assert!(ds.extra.contains_key("description"));

    let sp = client.space_info(seed::SPACE, &Default::default()).unwrap();
    assert_eq!(sp.sdk.as_deref(), Some("gradio"));
    assert_eq!(sp.models.as_deref(), Some(&[seed::MODEL.to_owned()][..]));
    assert!(sp
        .runtime
        .as_ref()
        .and_then(|r| r.stage.as_deref())
        .is_some());
    assert!(sp.host.is_some() && sp.subdomain.is_some());

    for (repo, ty) in [
        (seed::MODEL, RepoType::Model),
        (seed::DATASET, RepoType::Dataset),
        (seed::SPACE, RepoType::Space),
    ] {
        let info = client
            .repo_info(
                repo,
                &RepoInfoOptions {
                    repo_type: Some(ty),
                    ..Default::default()
                },
            )
            .unwrap();
        assert_eq!(info.repo_type(), ty);
        assert_eq!(info.id(), repo);
        assert!(info.sha().is_some());
        assert!(matches!(
            (&info, ty),
            (RepoInfo::Model(_), RepoType::Model)
                | (RepoInfo::Dataset(_), RepoType::Dataset)
                | (RepoInfo::Space(_), RepoType::Space)
        ));
    }
    // The wrong type is a missing repository.
    let e = client
        .dataset_info(seed::MODEL, &Default::default())
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::RepoNotFound);
}

#[test]
fn existence_checks() {
    let sim = common::sim();
    let anon = common::client(&sim, None);
    let ds = RepoExistsOptions {
        repo_type: Some(RepoType::Dataset),
    };
    assert!(anon.repo_exists(seed::MODEL, &Default::default()).unwrap());
    assert!(anon.repo_exists(seed::DATASET, &ds).unwrap());
    assert!(!anon.repo_exists(seed::MODEL, &ds).unwrap());
    assert!(!anon
        .repo_exists("nobody/nothing", &Default::default())
        .unwrap());
    assert!(!anon
        .repo_exists(seed::PRIVATE_MODEL, &Default::default())
        .unwrap());
    assert!(anon
        .repo_exists(seed::GATED_MODEL, &Default::default())
        .unwrap());
    let alice = common::client(&sim, Some(ALICE_READ_TOKEN));
    assert!(alice
        .repo_exists(seed::PRIVATE_MODEL, &Default::default())
        .unwrap());
    // Other errors propagate.
    let e = anon
        .repo_exists(seed::DISABLED_MODEL, &Default::default())
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::DisabledRepo);

    assert!(anon
        .revision_exists(seed::MODEL, "refs/pr/1", &Default::default())
        .unwrap());
    assert!(anon
        .revision_exists(seed::MODEL, "v1.0", &Default::default())
        .unwrap());
    assert!(!anon
        .revision_exists(seed::MODEL, "nope", &Default::default())
        .unwrap());
    assert!(!anon
        .revision_exists("nobody/nothing", "main", &Default::default())
        .unwrap());

    let f = |name: &str, o: &FileExistsOptions| anon.file_exists(seed::MODEL, name, o).unwrap();
    let main = FileExistsOptions::default();
    assert!(f("config.json", &main));
    assert!(f("special/a b#c.txt", &main));
    assert!(
        f(seed::MODEL_BIG_FILE, &main),
        "LFS files exist (the CDN redirect is not followed)"
    );
    assert!(!f("missing.txt", &main));
    let pr = FileExistsOptions {
        revision: Some("refs/pr/1".into()),
        ..Default::default()
    };
    assert!(f("pytorch_model.bin", &pr));
    assert!(!f("pytorch_model.bin", &main));
    let sub = FileUrlOptions {
        subfolder: Some("onnx".into()),
        ..Default::default()
    };
    let url = anon.hf_hub_url(seed::MODEL, "model.onnx", &sub).unwrap();
    assert!(
        url.ends_with("/alice/tiny-model/resolve/main/onnx/model.onnx"),
        "{url}"
    );
    assert!(anon.get_hf_file_metadata(&url, &Default::default()).is_ok());
    assert!(!anon.file_exists("nobody/nothing", "x", &main).unwrap());
    let bad_rev = FileExistsOptions {
        revision: Some("nope".into()),
        ..Default::default()
    };
    assert!(!f("config.json", &bad_rev));
    let parquet = FileExistsOptions {
        repo_type: Some(RepoType::Dataset),
        revision: Some("refs/convert/parquet".into()),
    };
    assert!(anon
        .file_exists(seed::DATASET, "default/train/0000.parquet", &parquet)
        .unwrap());
}

// ---------------------------------------------------------------- files

#[test]
fn file_metadata_regular_and_lfs() {
    let sim = common::sim();
    let client = common::client(&sim, Some(ALICE_READ_TOKEN));
    let main = main_sha(&client, seed::MODEL, RepoType::Model);
    let tree: Vec<RepoTreeEntry> = client
        .list_repo_tree(
            seed::MODEL,
            &ListRepoTreeOptions {
                recursive: true,
                ..Default::default()
            },
        )
        .map(|e| e.unwrap())
        .collect();
    let file = |p: &str| {
        tree.iter()
            .find_map(|e| e.as_file().filter(|f| f.path == p))
            .unwrap()
            .clone()
    };

    let url = client
        .hf_hub_url(seed::MODEL, "config.json", &Default::default())
        .unwrap();
    sim.clear_requests();
    let meta = client
        .get_hf_file_metadata(&url, &FileMetadataOptions::default())
        .unwrap();
    assert_eq!(meta.commit_hash.as_deref(), Some(main.as_str()));
    assert_eq!(
        meta.etag.as_deref(),
        Some(file("config.json").blob_id.as_str())
    );
    assert_eq!(meta.size, Some(seed::MODEL_CONFIG_JSON.len() as u64));
    assert_eq!(meta.location, url);
    let head = &sim.requests()[0];
    assert_eq!(head.method, "HEAD");
    assert_eq!(head.header("accept-encoding"), Some("identity"));
    assert_eq!(
        head.header("authorization"),
        Some(&*format!("Bearer {ALICE_READ_TOKEN}"))
    );

    // LFS: the redirect to the CDN host is reported, not followed; size and etag
    // come from X-Linked-*.
    let url = client
        .hf_hub_url(seed::MODEL, seed::MODEL_BIG_FILE, &Default::default())
        .unwrap();
    sim.clear_requests();
    let meta = client
        .get_hf_file_metadata(&url, &FileMetadataOptions::default())
        .unwrap();
    let big = file(seed::MODEL_BIG_FILE);
    assert_eq!(
        meta.etag.as_deref(),
        Some(big.lfs.as_ref().unwrap().sha256.as_str())
    );
    assert_eq!(meta.size, Some(seed::MODEL_BIG_SIZE));
    assert!(
        meta.location.starts_with(&sim.cdn_url()),
        "{}",
        meta.location
    );
    assert_eq!(sim.requests().len(), 1, "the CDN is not contacted");

    let missing = client
        .hf_hub_url(seed::MODEL, "missing.txt", &Default::default())
        .unwrap();
    let e = client
        .get_hf_file_metadata(&missing, &FileMetadataOptions::default())
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::EntryNotFound);
}

#[test]
fn tree_files_and_paths_info() {
    let sim = common::sim();
    let client = common::client(&sim, None);

    let root: Vec<RepoTreeEntry> = client
        .list_repo_tree(seed::MODEL, &Default::default())
        .map(|e| e.unwrap())
        .collect();
    let paths: Vec<&str> = root.iter().map(|e| e.path()).collect();
    assert!(
        paths.contains(&"config.json") && paths.contains(&"onnx") && paths.contains(&"weights")
    );
    assert!(
        !paths.iter().any(|p| p.contains('/')),
        "not recursive: {paths:?}"
    );
    assert!(matches!(
        root.iter().find(|e| e.path() == "onnx"),
        Some(RepoTreeEntry::Folder(_))
    ));

    let sub: Vec<RepoTreeEntry> = client
        .list_repo_tree(
            seed::MODEL,
            &ListRepoTreeOptions {
                path_in_repo: Some("onnx/sub dir".into()),
                expand: true,
                ..Default::default()
            },
        )
        .map(|e| e.unwrap())
        .collect();
    assert_eq!(sub.len(), 1);
    let notes = sub[0].as_file().unwrap();
    assert_eq!(notes.path, "onnx/sub dir/notes.txt");
    assert!(notes
        .last_commit
        .as_ref()
        .is_some_and(|c| c.title == "Add ONNX export"));
    assert!(notes.security.is_some());

    let lfs_entry = client
        .list_repo_tree(
            seed::MODEL,
            &ListRepoTreeOptions {
                path_in_repo: Some("weights".into()),
                ..Default::default()
            },
        )
        .map(|e| e.unwrap())
        .find(|e| e.path() == seed::MODEL_BIG_FILE)
        .unwrap();
    let lfs = lfs_entry.as_file().unwrap();
    assert_eq!(lfs.size, seed::MODEL_BIG_SIZE);
    assert_eq!(lfs.lfs.as_ref().unwrap().size, seed::MODEL_BIG_SIZE);

    let e = client
        .list_repo_tree(
            seed::MODEL,
            &ListRepoTreeOptions {
                path_in_repo: Some("no/such/folder".into()),
                ..Default::default()
            },
        )
        .next()
        .unwrap()
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::EntryNotFound, "{e}");

    let files: Vec<String> = client
        .list_repo_files(seed::MODEL, &Default::default())
        .map(|f| f.unwrap())
        .collect();
    assert!(
        files.contains(&"onnx/sub dir/notes.txt".to_owned())
            && files.contains(&"empty.txt".to_owned())
    );
    assert!(!files.contains(&"onnx".to_owned()), "folders are not files");
    let dev: Vec<String> = client
        .list_repo_files(
            seed::MODEL,
            &ListRepoFilesOptions {
                revision: Some("dev".into()),
                ..Default::default()
            },
        )
        .map(|f| f.unwrap())
        .collect();
    assert!(
        dev.contains(&"dev-notes.md".to_owned()) && !files.contains(&"dev-notes.md".to_owned())
    );

    let info = client
        .get_paths_info(
            seed::MODEL,
            &["config.json", "onnx", "missing.txt"],
            &GetPathsInfoOptions::default(),
        )
        .unwrap();
    assert_eq!(info.len(), 2, "missing paths are omitted: {info:?}");
    assert!(matches!(&info[0], RepoTreeEntry::File(f) if f.path == "config.json"));
    assert!(matches!(&info[1], RepoTreeEntry::Folder(f) if f.path == "onnx"));
    let body = String::from_utf8(sim.requests().last().unwrap().body.clone()).unwrap();
    assert_eq!(
        body,
        "paths=config.json&paths=onnx&paths=missing.txt&expand=False"
    );

    // More than 500 paths → chunks of 500.
    let many: Vec<String> = (0..1001)
        .map(|i| format!("f{i}.txt"))
        .chain(["config.json".into()])
        .collect();
    sim.clear_requests();
    let info = client
        .get_paths_info(seed::MODEL, &many, &Default::default())
        .unwrap();
    assert_eq!(info.len(), 1);
    assert_eq!(sim.requests().len(), 3);
}

#[test]
fn refs_and_commits() {
    let sim = common::sim();
    let client = common::client(&sim, None);
    let refs = client
        .list_repo_refs(seed::MODEL, &Default::default())
        .unwrap();
    let branches: Vec<&str> = refs.branches.iter().map(|b| b.name.as_str()).collect();
    assert!(branches.contains(&"main") && branches.contains(&"dev"));
    assert!(refs
        .tags
        .iter()
        .any(|t| t.name == "v1.0" && t.git_ref == "refs/tags/v1.0"));
    assert!(refs.pull_requests.is_none());
    let with_prs = client
        .list_repo_refs(
            seed::MODEL,
            &ListRepoRefsOptions {
                include_pull_requests: true,
                ..Default::default()
            },
        )
        .unwrap();
    assert!(with_prs
        .pull_requests
        .unwrap()
        .iter()
        .any(|p| p.git_ref == "refs/pr/1"));
    let ds = client
        .list_repo_refs(
            seed::DATASET,
            &ListRepoRefsOptions {
                repo_type: Some(RepoType::Dataset),
                ..Default::default()
            },
        )
        .unwrap();
    assert!(ds
        .converts
        .iter()
        .any(|c| c.git_ref == "refs/convert/parquet"));

    let commits: Vec<_> = client
        .list_repo_commits(
            seed::MODEL,
            &ListRepoCommitsOptions {
                formatted: true,
                ..Default::default()
            },
        )
        .map(|c| c.unwrap())
        .collect();
    assert_eq!(commits.len(), 4);
    assert_eq!(commits[0].title, "Update README.md");
    assert_eq!(commits[0].authors, ["alice", "bob"]);
    assert_eq!(commits[3].title, "Initial commit");
    assert!(commits[0].formatted_title.is_some());
    assert_eq!(
        commits[0].commit_id,
        main_sha(&client, seed::MODEL, RepoType::Model)
    );
    assert!(
        commits
            .windows(2)
            .all(|w| w[0].created_at >= w[1].created_at),
        "newest first"
    );
    let pr: Vec<_> = client
        .list_repo_commits(
            seed::MODEL,
            &ListRepoCommitsOptions {
                revision: Some("refs/pr/1".into()),
                ..Default::default()
            },
        )
        .map(|c| c.unwrap())
        .collect();
    assert_eq!(pr[0].title, "Add pytorch weights");
    assert!(pr[0].formatted_title.is_none());
    let e = client
        .list_repo_commits(
            seed::MODEL,
            &ListRepoCommitsOptions {
                revision: Some("nope".into()),
                ..Default::default()
            },
        )
        .next()
        .unwrap()
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::RevisionNotFound);
}

// ---------------------------------------------------------------- likes

#[test]
fn likes_stay_consistent() {
    let sim = common::sim();
    let anon = common::client(&sim, None);
    let bob = common::client(&sim, Some(seed::BOB_WRITE_TOKEN));
    let likers: Vec<String> = anon
        .list_repo_likers(seed::MODEL, &Default::default())
        .map(|u| u.unwrap().username)
        .collect();
    assert_eq!(likers.len(), 2);
    let before = anon
        .model_info(seed::MODEL, &Default::default())
        .unwrap()
        .likes;
    assert_eq!(before, Some(2));

    let likes = anon.list_liked_repos(Some("bob")).unwrap();
    assert_eq!(likes.user, "bob");
    assert_eq!(
        (
            likes.models.len(),
            likes.datasets.len(),
            likes.spaces.len(),
            likes.total
        ),
        (1, 1, 1, 3)
    );

    bob.like("bob/bert-tiny", &LikeOptions::default()).unwrap();
    let mine = bob.list_liked_repos(None).unwrap();
    assert!(mine.models.contains(&"bob/bert-tiny".to_owned()));
    assert_eq!(mine.total, 4);
    bob.unlike(seed::MODEL, &LikeOptions::default()).unwrap();
    assert_eq!(
        anon.model_info(seed::MODEL, &Default::default())
            .unwrap()
            .likes,
        Some(1)
    );
    let sp = LikeOptions {
        repo_type: Some(RepoType::Space),
    };
    let space_likers: Vec<String> = anon
        .list_repo_likers(seed::SPACE, &sp)
        .map(|u| u.unwrap().username)
        .collect();
    assert_eq!(space_likers, ["bob"]);
    let e = anon.list_liked_repos(None).unwrap_err();
    assert!(matches!(e, Error::LocalTokenNotFound));
}

#[test]
fn list_files_info_expands_folders_and_yields_files_only() {
    let sim = common::sim();
    let c = common::client(&sim, None);
    let names = |paths: Option<&[String]>| -> Vec<String> {
        c.list_files_info(seed::MODEL, paths, &hfhub::ListFilesInfoOptions::default())
            .map(|f| f.map(|f| f.path))
            .collect::<Result<_, _>>()
            .unwrap()
    };
    // every file, as the recursive tree lists them
    let all: Vec<String> = c
        .list_repo_tree(
            seed::MODEL,
            &ListRepoTreeOptions {
                recursive: true,
                ..Default::default()
            },
        )
        .filter_map(|e| match e.unwrap() {
            RepoTreeEntry::File(f) => Some(f.path),
            RepoTreeEntry::Folder(_) => None,
        })
        .collect();
    assert!(all.iter().any(|p| p == "onnx/sub dir/notes.txt"), "{all:?}");
    assert_eq!(names(None), all);

    // a file, a folder (listed recursively, in place), a missing path (absent)
    sim.clear_requests();
    let picked = names(Some(&[
        "config.json".to_owned(),
        "onnx".to_owned(),
        "missing.txt".to_owned(),
    ]));
    let mut want = vec!["config.json".to_owned()];
    want.extend(all.iter().filter(|p| p.starts_with("onnx/")).cloned());
    assert_eq!(picked, want);
    let reqs = common::targets(&sim);
    assert_eq!(reqs.len(), 2, "{reqs:?}");
    assert!(reqs[0].starts_with("POST /api/models/alice/tiny-model/paths-info/main"));
    assert_eq!(
        reqs[1],
        "GET /api/models/alice/tiny-model/tree/main/onnx?recursive=True&expand=False"
    );

    // no paths: no request
    sim.clear_requests();
    assert!(names(Some(&[])).is_empty());
    assert!(sim.requests().is_empty());

    // through the dispatch table, paths as a single string
    let v = hfhub::dispatch::call(
        &c,
        "list_files_info",
        serde_json::json!({"repo_id": seed::MODEL, "paths": "config.json"}),
    )
    .unwrap();
    assert_eq!(v[0]["path"], "config.json");
    assert_eq!(v.as_array().map(Vec::len), Some(1));
}
