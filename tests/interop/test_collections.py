"""Collections through huggingface_hub and hfhub.

Reads run on the session's hubsims (the default seed's three collections). Changes run on
two hubsims of this module, reset before each test: Python changes one, hfhub the other,
with the same calls in the same order (so slugs and item ids line up), and the results are
compared without the times and with the servers' URLs swapped.
"""

from __future__ import annotations

import pytest

from conftest import (
    ALICE_READ_TOKEN,
    ALICE_WRITE_TOKEN,
    BOB_WRITE_TOKEN,
    CAROL_READ_TOKEN,
    DATASET,
    HF_VERSION,
    HF_VERSION_STR,
    MODEL,
    Hfhub,
    Hubsim,
    case_id,
)
from test_discussions import Twins

COLLECTION = "alice/tiny-picks-65c0ffee00000000000000a1"
ORG_PRIVATE_COLLECTION = "acme/internal-65c0ffee00000000000000a2"
BOB_COLLECTION = "bob/bert-and-friends-65c0ffee00000000000000a3"

#: Python keeps the URL as `_url` (a property `url`); hfhub serialises `url`.
URLS = ("_url", "url")

#: hfhub names an item of type `collection` by its slug, as newer clients do; 0.22 by its object
#: id (bob's collection holds one).
COLLECTION_ITEM_BY_SLUG = pytest.mark.xfail(
    HF_VERSION < (0, 23),
    strict=True,
    reason=(
        f"huggingface_hub {HF_VERSION_STR} names a collection item by its object id; hfhub, like "
        "newer clients, by its slug"
    ),
)

LISTINGS = [
    pytest.param({}, marks=COLLECTION_ITEM_BY_SLUG, id="all"),
    {"owner": "alice"},
    {"owner": ["alice", "acme"], "token": ALICE_READ_TOKEN},
    {"item": f"models/{MODEL}"},
    pytest.param(
        {"item": ["papers/2307.09288", "models/bob/bert-tiny"], "sort": "upvotes"},
        marks=COLLECTION_ITEM_BY_SLUG,
        id="papers-or-bert,sort=upvotes",
    ),
    pytest.param({"sort": "lastModified", "limit": 1}, marks=COLLECTION_ITEM_BY_SLUG, id="limit=1"),
    {"owner": "carol"},
]


@pytest.mark.parametrize("kwargs", LISTINGS, ids=case_id)
def test_list_collections(both, kwargs):
    both.same("list_collections", ignore=URLS, **kwargs)


@pytest.mark.parametrize("kwargs", LISTINGS[:3], ids=case_id)
def test_list_collections_one_per_page(both_paged, kwargs):
    both_paged.same("list_collections", ignore=URLS, **kwargs)


@pytest.mark.parametrize(
    "kwargs",
    [
        {"collection_slug": COLLECTION},
        {"collection_slug": "alice/old-title-65c0ffee00000000000000a1"},
        {"collection_slug": ORG_PRIVATE_COLLECTION, "token": ALICE_READ_TOKEN},
    ],
    ids=case_id,
)
def test_get_collection(both, kwargs):
    py, r = both.same("get_collection", ignore=URLS, **kwargs)
    assert r["items"]


@COLLECTION_ITEM_BY_SLUG
def test_get_collection_with_a_collection_item(both):
    py, r = both.same("get_collection", ignore=URLS, collection_slug=BOB_COLLECTION)
    assert r["items"][1]["item_id"] == COLLECTION


@pytest.mark.parametrize(
    "kwargs,status",
    [
        ({"collection_slug": ORG_PRIVATE_COLLECTION}, 404),
        ({"collection_slug": ORG_PRIVATE_COLLECTION, "token": CAROL_READ_TOKEN}, 404),
        ({"collection_slug": "bob/tiny-picks-65c0ffee00000000000000a1"}, 404),
    ],
    ids=lambda v: case_id(v) if isinstance(v, dict) else str(v),
)
def test_get_collection_errors(both, kwargs, status):
    both.same_error("get_collection", "Http", status=status, **kwargs)


# --- changes on twin hubsims --------------------------------------------------------------------
@pytest.fixture(scope="module")
def hub_py():
    sim = Hubsim("collections-py")
    yield sim
    sim.stop()


@pytest.fixture(scope="module")
def hub_rs():
    sim = Hubsim("collections-rs")
    yield sim
    sim.stop()


@pytest.fixture(scope="module")
def api_py(hf, hub_py):
    return hf.HfApi(endpoint=hub_py.url)


@pytest.fixture(scope="module")
def rs_twin(hub_rs):
    client = Hfhub(hub_rs.url, "collections-rs")
    yield client
    client.stop()


@pytest.fixture
def twins(api_py, rs_twin, hub_py, hub_rs):
    for hub in (hub_py, hub_rs):
        hub.control("POST", "reset")
    return Twins(api_py, rs_twin, hub_py, hub_rs)


def test_create_collection(twins):
    py, r = twins.same("create_collection", title="My picks", token=ALICE_WRITE_TOKEN)
    assert r["slug"].startswith("alice/my-picks-") and r["items"] == []
    twins.same_error("create_collection", "Conflict", 409, title="My picks", token=ALICE_WRITE_TOKEN)
    py, again = twins.same("create_collection", title="My picks", exists_ok=True, token=ALICE_WRITE_TOKEN)
    assert again["slug"] == r["slug"]
    py, team = twins.same(
        "create_collection", title="Team picks", namespace="acme", description="Things we like", private=True,
        token=BOB_WRITE_TOKEN,
    )
    assert team["private"] is True and team["owner"]["name"] == "acme"
    twins.same_error(
        "create_collection", "Forbidden", 403, title="Not mine", namespace="alice", token=BOB_WRITE_TOKEN
    )
    twins.read_back("list_collections", owner=["alice", "acme"], token=ALICE_READ_TOKEN)


def test_update_and_delete_collection(twins):
    _, c = twins.same("create_collection", title="Scratch", token=ALICE_WRITE_TOKEN)
    py, u = twins.same(
        "update_collection_metadata", collection_slug=c["slug"], title="Renamed", description="New desc",
        position=0, private=False, theme="pink", token=ALICE_WRITE_TOKEN,
    )
    assert u["slug"].startswith("alice/renamed-") and u["position"] == 0 and u["theme"] == "pink"
    twins.same_error(
        "update_collection_metadata", "BadRequest", 400, collection_slug=u["slug"], theme="red", token=ALICE_WRITE_TOKEN
    )
    twins.same_error("delete_collection", "Forbidden", 403, collection_slug=u["slug"], token=BOB_WRITE_TOKEN)
    twins.same("delete_collection", collection_slug=u["slug"], token=ALICE_WRITE_TOKEN)
    twins.same_error("delete_collection", "Http", 404, collection_slug=u["slug"], token=ALICE_WRITE_TOKEN)
    twins.same("delete_collection", collection_slug=u["slug"], missing_ok=True, token=ALICE_WRITE_TOKEN)
    twins.read_back("list_collections", owner="alice")


def test_collection_items(twins):
    _, c = twins.same("create_collection", title="Items", token=ALICE_WRITE_TOKEN)
    slug = c["slug"]
    py, r = twins.same(
        "add_collection_item", collection_slug=slug, item_id=DATASET, item_type="dataset",
        note="Classic sentiment set", token=ALICE_WRITE_TOKEN,
    )
    assert r["items"][0]["note"] == "Classic sentiment set"
    twins.same("add_collection_item", collection_slug=slug, item_id="2307.09288", item_type="paper", token=ALICE_WRITE_TOKEN)
    twins.same_error(
        "add_collection_item", "Conflict", 409, collection_slug=slug, item_id=DATASET, item_type="dataset",
        token=ALICE_WRITE_TOKEN,
    )
    py, same = twins.same(
        "add_collection_item", collection_slug=slug, item_id=DATASET, item_type="dataset", exists_ok=True,
        token=ALICE_WRITE_TOKEN,
    )
    assert len(same["items"]) == 2
    twins.same_error(
        "add_collection_item", "Http", 404, collection_slug=slug, item_id="alice/nope", item_type="model",
        token=ALICE_WRITE_TOKEN,
    )
    twins.same_error(
        "add_collection_item", "Forbidden", 403, collection_slug=slug, item_id=MODEL, item_type="model",
        token=ALICE_READ_TOKEN,
    )
    paper = same["items"][1]["item_object_id"]
    twins.same(
        "update_collection_item", collection_slug=slug, item_object_id=paper, note="Llama 2", position=0,
        token=ALICE_WRITE_TOKEN,
    )
    twins.read_back("get_collection", collection_slug=slug)
    twins.same("delete_collection_item", collection_slug=slug, item_object_id=paper, token=ALICE_WRITE_TOKEN)
    twins.same_error(
        "delete_collection_item", "Http", 404, collection_slug=slug, item_object_id=paper, token=ALICE_WRITE_TOKEN
    )
    twins.same("delete_collection_item", collection_slug=slug, item_object_id=paper, missing_ok=True, token=ALICE_WRITE_TOKEN)
    twins.read_back("get_collection", collection_slug=slug)
