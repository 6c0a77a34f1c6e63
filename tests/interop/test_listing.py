"""Listing repositories (models, datasets, Spaces), tags and metrics through
huggingface_hub and hfhub, with the same arguments and equal results."""

from __future__ import annotations

import pytest

from conftest import (
    ALICE_READ_TOKEN,
    BOB_READ_TOKEN,
    CAROL_READ_TOKEN,
    DATASET,
    HF_VERSION,
    HF_VERSION_STR,
    MODEL,
    PUBLIC_MODELS,
    SPACE,
    before,
    case_id,
    since,
)


#: `direction` was removed in huggingface_hub 1.6 (sorting is always descending).
HAS_DIRECTION = HF_VERSION < (1, 6)


def ids(result):
    return [m["id"] for m in result]


# --- list_models ---------------------------------------------------------------------------------

MODEL_CASES = [
    {},
    {"search": "tiny"},
    {"search": "TOY"},
    {"author": "bob"},
    {"author": "acme", "search": "model"},
    {"pipeline_tag": "text-generation"},
    {"sort": "downloads"},
    {"sort": "likes"},
    {"sort": "last_modified"},
    {"sort": "created_at"},
    {"sort": "trending_score"},
    {"sort": "downloads", "limit": 3},
    {"limit": 4},
    {"limit": 0},
    {"full": True},
    {"full": True, "author": "alice"},
    {"cardData": True},
    {"fetch_config": True},
    {"full": True, "cardData": True, "fetch_config": True, "search": "bert"},
    {"trained_dataset": "alice/tiny-dataset"},
    {"trained_dataset": ["dataset:alice/tiny-dataset"], "full": False},
    {"cardData": True, "emissions_thresholds": (0, 100)},
    {"search": "no-such-model-anywhere"},
    {"token": ALICE_READ_TOKEN},
    {"token": BOB_READ_TOKEN, "author": "acme", "full": True},
    {"token": CAROL_READ_TOKEN, "search": "gated"},
]


@pytest.mark.parametrize("kw", MODEL_CASES, ids=case_id)
def test_list_models(both, kw):
    py, r = both.same("list_models", **kw)
    if not kw:
        assert ids(r) == PUBLIC_MODELS  # hubsim data sanity: anonymous view, ascending by id


@pytest.mark.parametrize("kw", MODEL_CASES, ids=case_id)
def test_list_models_paged(both_paged, kw):
    both_paged.same("list_models", **kw)


@pytest.mark.skipif(not HAS_DIRECTION, reason=f"`direction` removed in 1.6 (have {HF_VERSION_STR})")
@pytest.mark.parametrize("sort", ["downloads", "likes", "last_modified", "created_at", None])
@pytest.mark.parametrize("direction", [-1, 1])
def test_list_models_direction(both, both_paged, sort, direction):
    kw = {"direction": direction} if sort is None else {"sort": sort, "direction": direction}
    py, r = both.same("list_models", **kw)
    both_paged.same("list_models", limit=5, **kw)


@pytest.mark.parametrize(
    "filter_",
    ["text-classification", ["transformers", "en"], ["license:apache-2.0"], "fr", ["no-such-tag"]],
    ids=str,
)
@pytest.mark.parametrize("full", [True, False])
def test_list_models_filter(both, filter_, full):
    both.same("list_models", filter=filter_, full=full)


@pytest.mark.xfail(
    HF_VERSION >= (0, 24),  # the first release whose list_models no longer forces full
    strict=True,
    reason=(
        "hfhub follows 0.22: list_models(filter=...) without `full` sends full=True; huggingface_hub "
        f"{HF_VERSION_STR} does not, so it gets the light objects and hfhub the full ones"
    ),
)
def test_list_models_filter_implies_full(both):
    both.same("list_models", filter="text-generation")


@before(1, 0, why="list_models(library=, language=, task=, tags=, model_name=) were removed")
@pytest.mark.parametrize(
    "kw",
    [
        {"library": "timm"},
        {"language": ["en", "fr"]},
        {"task": "fill-mask"},
        {"tags": "gpt2"},
        {"model_name": "mini"},
        {"library": "transformers", "language": "en", "task": "text-generation", "full": False},
    ],
    ids=case_id,
)
def test_list_models_keyword_filters(both, kw):
    both.same("list_models", **kw)


@pytest.mark.filterwarnings("ignore:'ModelFilter' is deprecated:FutureWarning")
@before(0, 24, why="ModelFilter was removed")
@pytest.mark.parametrize(
    "mf",
    [
        {"author": "bob"},
        {"task": "text-generation"},
        {"author": "acme", "model_name": "whisper", "language": "de"},
        {"library": ["transformers"], "trained_dataset": "alice/tiny-dataset", "tags": "license:mit"},
    ],
    ids=case_id,
)
def test_list_models_model_filter(both, hf, api, mf):
    both.same("list_models", py_call=lambda: api.list_models(filter=hf.ModelFilter(**mf)), filter=mf)


@since(0, 25)
@pytest.mark.parametrize("gated", [True, False])
def test_list_models_gated(both, gated):
    py, r = both.same("list_models", gated=gated)
    assert ("alice/gated-model" in ids(r)) == gated


@since(0, 24)
@pytest.mark.parametrize(
    "expand",
    [["downloads", "likes"], ["sha", "lastModified", "siblings"], ["safetensors", "cardData", "config"]],
    ids=str,
)
def test_list_models_expand(both, expand):
    both.same("list_models", expand=expand)


@since(0, 24)
def test_model_info_expand(both):
    both.same("model_info", repo_id=MODEL, expand=["downloads", "safetensors", "siblings"])


# --- list_datasets -------------------------------------------------------------------------------

DATASET_CASES = [
    {},
    {"search": "tiny"},
    {"author": "alice"},
    {"dataset_name": "gated"},
    {"filter": "task_categories:text-classification"},
    {"filter": ["language:en", "license:mit"]},
    {"sort": "downloads"},
    {"sort": "last_modified", "limit": 1},
    {"limit": 1},
    {"full": True},
    {"token": ALICE_READ_TOKEN},
    {"token": BOB_READ_TOKEN, "full": True, "author": "acme"},
]


@pytest.mark.parametrize("kw", DATASET_CASES, ids=case_id)
def test_list_datasets(both, kw):
    py, r = both.same("list_datasets", **kw)
    if not kw:
        assert DATASET in ids(r)


@pytest.mark.parametrize("kw", DATASET_CASES, ids=case_id)
def test_list_datasets_paged(both_paged, kw):
    both_paged.same("list_datasets", **kw)


@pytest.mark.skipif(not HAS_DIRECTION, reason=f"`direction` removed in 1.6 (have {HF_VERSION_STR})")
@pytest.mark.parametrize("direction", [-1, 1])
def test_list_datasets_direction(both, direction):
    both.same("list_datasets", sort="downloads", direction=direction)


@pytest.mark.xfail(
    HF_VERSION < (0, 24),
    strict=True,
    reason=(
        "huggingface_hub 0.22/0.23 bug (hub-endpoints §7.1): keyword filters go out as "
        "filter=['en']:en and match nothing; hfhub sends the intended language:en, as >= 0.24 does"
    ),
)
@pytest.mark.parametrize(
    "kw",
    [{"language": "en"}, {"task_categories": ["text-classification"], "size_categories": "n<1K"}],
    ids=case_id,
)
def test_list_datasets_keyword_filters(both, kw):
    py, r = both.same("list_datasets", **kw)
    assert ids(r) == [DATASET]


@pytest.mark.xfail(
    HF_VERSION >= (0, 24),
    strict=True,
    reason=(
        "hfhub follows 0.22: with both dataset_name and search only `search` is sent; huggingface_hub "
        f"{HF_VERSION_STR} sends both (search=gated&search=alice), which narrows the result"
    ),
)
def test_list_datasets_dataset_name_and_search(both):
    both.same("list_datasets", dataset_name="gated", search="alice")


@pytest.mark.filterwarnings("ignore:'DatasetFilter' is deprecated:FutureWarning")
@before(0, 24, why="DatasetFilter was removed")
@pytest.mark.parametrize(
    "df",
    [
        {"language": "en"},
        {"author": "alice", "task_categories": "text-classification"},
        {"dataset_name": "tiny", "size_categories": "n<1K"},
    ],
    ids=case_id,
)
def test_list_datasets_dataset_filter(both, hf, api, df):
    both.same("list_datasets", py_call=lambda: api.list_datasets(filter=hf.DatasetFilter(**df)), filter=df)


@since(0, 25)
def test_list_datasets_gated(both):
    py, r = both.same("list_datasets", gated=True)
    assert ids(r) == ["alice/gated-dataset"]


@since(0, 24)
def test_list_datasets_expand(both):
    both.same("list_datasets", expand=["downloads", "cardData", "sha", "description"])


# --- list_spaces ---------------------------------------------------------------------------------

SPACE_CASES = [
    {},
    {"search": "demo"},
    {"author": "bob"},
    {"filter": "gradio"},
    {"sort": "likes"},
    {"sort": "trending_score", "limit": 1},
    {"full": True},
    {"linked": True},
    {"models": MODEL},
    {"datasets": [DATASET]},
    {"models": "bob/bert-tiny"},
    {"token": ALICE_READ_TOKEN, "full": True},
]


@pytest.mark.parametrize("kw", SPACE_CASES, ids=case_id)
def test_list_spaces(both, kw):
    py, r = both.same("list_spaces", **kw)
    if kw.get("models") == MODEL:
        assert ids(r) == [SPACE]


@pytest.mark.parametrize("kw", SPACE_CASES, ids=case_id)
def test_list_spaces_paged(both_paged, kw):
    both_paged.same("list_spaces", **kw)


@pytest.mark.skipif(not HAS_DIRECTION, reason=f"`direction` removed in 1.6 (have {HF_VERSION_STR})")
def test_list_spaces_direction(both):
    both.same("list_spaces", sort="likes", direction=-1)


@since(0, 24)
def test_list_spaces_expand(both):
    both.same("list_spaces", expand=["sdk", "likes", "models", "datasets"])


# --- errors of listings ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "method,kw",
    [("list_models", {"sort": "no-such-sort"}), ("list_datasets", {"sort": "no-such-sort"})],
)
def test_listing_bad_request(both, method, kw):
    both.same_error(method, "BadRequest", status=400, **kw)


def test_listing_invalid_token(both):
    both.same_error("list_models", "Unauthorized", status=401, token="hf_hubsimInvalidToken0000000000000000")


# --- tags and metrics --------------------------------------------------------------------------------


@pytest.mark.parametrize("method", ["get_model_tags", "get_dataset_tags"])
def test_tags(both, api, method):
    py, r = both.same(method, py_call=lambda: getattr(api, method)())
    assert isinstance(py, dict) and py
    for tags in r.values():
        for t in tags:
            assert t["id"] and t["type"]


@before(0, 27, why="list_metrics was removed")
def test_list_metrics(both, api):
    py, r = both.same("list_metrics", py_call=lambda: api.list_metrics())
    assert r and all(m["space_id"] for m in r)


@since(0, 27)
def test_list_metrics_absent_in_this_version(api):
    assert not hasattr(api, "list_metrics")
