"""Fixtures of the Python interop suite.

Each pytest session starts its own hubsim processes (one with the Hub's page
sizes, one with one item per page for pagination), points the official
``huggingface_hub`` client and hfhub (``examples/call.rs`` in ``--batch`` mode)
at them, and gives the tests helpers to call both with the same arguments and
compare the results.

``huggingface_hub`` reads its configuration (``HF_ENDPOINT``, ``HF_HOME``, ...)
once, when it is imported. So this file sets every variable it can at import
time (pytest imports conftest.py before any test module), and the endpoint
(known only once hubsim runs) in the session fixture that starts hubsim, which
then imports ``huggingface_hub`` itself. Test modules therefore never import
``huggingface_hub`` at module level: they get it from the ``hf`` fixture, and
read its version from the package metadata (``HF_VERSION``).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
import importlib.metadata
import json
import os
import queue
import re
import shutil
import subprocess
import sys
import tempfile
import threading
from pathlib import Path
from typing import Any, Callable

import pytest

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent

if "huggingface_hub" in sys.modules:  # pragma: no cover - a guard, not a test
    raise RuntimeError(
        "huggingface_hub was imported before tests/interop/conftest.py could configure it; "
        "its constants (HF_ENDPOINT, HF_HOME, ...) would be wrong"
    )


def _version_tuple(text: str) -> tuple[int, ...]:
    return tuple(int(p) for p in re.findall(r"\d+", text)[:3])


#: The installed huggingface_hub version, e.g. ``(0, 22, 2)``.
HF_VERSION_STR = importlib.metadata.version("huggingface_hub")
HF_VERSION = _version_tuple(HF_VERSION_STR)

# --- environment, before huggingface_hub is imported ---------------------------------
_TMP = Path(tempfile.mkdtemp(prefix="hfhub-interop-"))
for var in (
    "HF_TOKEN",
    "HUGGING_FACE_HUB_TOKEN",
    "HF_TOKEN_PATH",
    "HF_ENDPOINT",
    "HF_HUB_OFFLINE",
    "TRANSFORMERS_OFFLINE",
    "HF_HUB_DISABLE_IMPLICIT_TOKEN",
    "HF_HUB_CACHE",
    "HUGGINGFACE_HUB_CACHE",
    "HF_HOME",
    "HF_ASSETS_CACHE",
    "HF_XET_CACHE",
    "HUGGINGFACE_CO_STAGING",
):
    os.environ.pop(var, None)
os.environ.update(
    {
        "HF_HUB_DISABLE_TELEMETRY": "1",
        "HF_HUB_DISABLE_XET": "1",
        "HF_HUB_DISABLE_PROGRESS_BARS": "1",
        "HF_HOME": str(_TMP / "hf_home"),
        "HF_HUB_CACHE": str(_TMP / "hf_home" / "hub"),
        # Bounded waits on both sides (hfhub reads the same variables).
        "HF_HUB_ETAG_TIMEOUT": "10",
        "HF_HUB_DOWNLOAD_TIMEOUT": "10",
    }
)

HUBSIM_BIN = Path(os.environ.get("HUBSIM_BIN", ROOT / "target" / "debug" / "hubsim"))
HFHUB_CALL_BIN = Path(os.environ.get("HFHUB_CALL_BIN", ROOT / "target" / "debug" / "examples" / "call"))

# --- the default seed of hubsim (tests/hubsim/README.md, src/seed/default.rs) ----------
ALICE, BOB, CAROL, ORG = "alice", "bob", "carol", "acme"
ALICE_WRITE_TOKEN = "hf_hubsimAliceWrite000000000000000000"
ALICE_READ_TOKEN = "hf_hubsimAliceRead0000000000000000000"
BOB_WRITE_TOKEN = "hf_hubsimBobWrite00000000000000000000"
BOB_READ_TOKEN = "hf_hubsimBobRead000000000000000000000"
CAROL_READ_TOKEN = "hf_hubsimCarolRead0000000000000000000"
INVALID_TOKEN = "hf_hubsimInvalidToken0000000000000000"

MODEL = "alice/tiny-model"
SHARDED_MODEL = "acme/sharded-model"
PRIVATE_MODEL = "alice/private-model"
ORG_PRIVATE_MODEL = "acme/internal-model"
GATED_MODEL = "alice/gated-model"
DISABLED_MODEL = "alice/disabled-model"
DATASET = "alice/tiny-dataset"
PRIVATE_DATASET = "acme/private-dataset"
GATED_DATASET = "alice/gated-dataset"
SPACE = "alice/demo-space"
PRIVATE_SPACE = "acme/private-space"
STATIC_SPACE = "bob/static-space"
PUBLIC_MODELS = [
    "acme/sharded-model",
    "acme/text-classifier",
    "acme/whisper-toy",
    "alice/disabled-model",
    "alice/gated-model",
    "alice/tiny-model",
    "bob/bert-tiny",
    "bob/gpt-mini",
    "carol/resnet-toy",
]


# --- hubsim -------------------------------------------------------------------------------
class Hubsim:
    """A hubsim process on 127.0.0.1:0."""

    def __init__(self, name: str, *args: str) -> None:
        if not HUBSIM_BIN.is_file():
            raise RuntimeError(f"hubsim binary not found at {HUBSIM_BIN}: run tests/interop/run.sh")
        self.name = name
        self.log_path = _TMP / f"hubsim-{name}.log"
        self._log = open(self.log_path, "wb")
        self.proc = subprocess.Popen(
            [str(HUBSIM_BIN), "--addr", "127.0.0.1:0", *args],
            stdout=subprocess.PIPE,
            stderr=self._log,
            stdin=subprocess.DEVNULL,
            preexec_fn=_die_with_parent if sys.platform.startswith("linux") else None,
        )
        line = _readline_with_timeout(self.proc.stdout, 30.0)
        m = re.search(rb"https?://[^\s]+", line or b"")
        if not m:
            self.stop()
            raise RuntimeError(
                f"hubsim ({name}) did not print its URL; first line {line!r}; "
                f"log: {self.log_path.read_text(errors='replace')[-2000:]}"
            )
        self.url = m.group(0).decode().rstrip("/")
        # Keep draining stdout so the server never blocks on a full pipe.
        threading.Thread(target=self._drain, daemon=True).start()

    def _drain(self) -> None:
        assert self.proc.stdout is not None
        for _ in iter(lambda: self.proc.stdout.read(4096), b""):
            pass

    def control(self, method: str, path: str, body: Any = None) -> Any:
        """Calls a `/_hubsim/...` control route."""
        import urllib.request

        data = None if body is None else json.dumps(body).encode()
        req = urllib.request.Request(f"{self.url}/_hubsim/{path}", data=data, method=method)
        with urllib.request.urlopen(req, timeout=10) as resp:
            return json.loads(resp.read() or b"null")

    def requests(self) -> list[dict]:
        """Requests recorded since the last `clear_requests()`."""
        return self.control("GET", "requests")

    def clear_requests(self) -> None:
        self.control("DELETE", "requests")

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
        self.proc.wait(timeout=10)
        self._log.close()


def _die_with_parent() -> None:
    """In the child, before exec: get SIGKILL when pytest dies (Linux), so that an
    interrupted session leaves no server or client behind."""
    try:
        import ctypes
        import signal

        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except Exception:  # noqa: BLE001 - best effort, other systems
        pass


def _readline_with_timeout(stream, timeout: float) -> bytes | None:
    out: "queue.Queue[bytes]" = queue.Queue()
    threading.Thread(target=lambda: out.put(stream.readline()), daemon=True).start()
    try:
        return out.get(timeout=timeout)
    except queue.Empty:
        return None


# --- hfhub through `call --batch` -----------------------------------------------------------
class HfhubError(Exception):
    """An error reported by hfhub (`{"error": {...}}`)."""

    def __init__(self, details: dict) -> None:
        super().__init__(f"{details.get('kind')}: {details.get('message')}")
        self.details = details
        self.kind = details.get("kind")
        self.status = details.get("status")


class Hfhub:
    """One long-lived `call --batch` process; the token goes in each call's `token` kwarg."""

    def __init__(self, endpoint: str, name: str) -> None:
        if not HFHUB_CALL_BIN.is_file():
            raise RuntimeError(f"hfhub call example not found at {HFHUB_CALL_BIN}: run tests/interop/run.sh")
        env = dict(os.environ)
        env["HF_ENDPOINT"] = endpoint
        self.endpoint = endpoint
        self._stderr = open(_TMP / f"hfhub-{name}.stderr", "wb")
        self.proc = subprocess.Popen(
            [str(HFHUB_CALL_BIN), "--batch"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=self._stderr,
            env=env,
            preexec_fn=_die_with_parent if sys.platform.startswith("linux") else None,
        )
        self._lines: "queue.Queue[bytes]" = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()
        self._lock = threading.Lock()

    def _read(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            self._lines.put(line)
        self._lines.put(b"")

    def raw(self, method: str, args: dict) -> dict:
        """Sends one call; returns `{"ok": ...}` or `{"error": ...}`."""
        with self._lock:
            assert self.proc.stdin is not None
            self.proc.stdin.write(json.dumps({"method": method, "args": args}).encode() + b"\n")
            self.proc.stdin.flush()
            try:
                line = self._lines.get(timeout=60)
            except queue.Empty:
                raise RuntimeError(f"hfhub did not answer {method}({args}) within 60 s")
        if not line:
            raise RuntimeError(f"hfhub exited (code {self.proc.poll()}) during {method}({args})")
        return json.loads(line)

    def call(self, method: str, **kwargs: Any) -> Any:
        """Calls `method` with Python keyword arguments; raises `HfhubError` on failure."""
        out = self.raw(method, kwargs)
        if "error" in out:
            raise HfhubError(out["error"])
        return out["ok"]

    def __getattr__(self, method: str) -> Callable[..., Any]:
        if method.startswith("_"):
            raise AttributeError(method)
        return lambda **kwargs: self.call(method, **kwargs)

    def stop(self) -> None:
        if self.proc.poll() is None:
            assert self.proc.stdin is not None
            self.proc.stdin.close()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self._stderr.close()


# --- fixtures -------------------------------------------------------------------------------
@pytest.fixture(scope="session")
def hub():
    """The main hubsim (default seed, the Hub's page sizes)."""
    sim = Hubsim("main")
    yield sim
    sim.stop()


@pytest.fixture(scope="session")
def hub_paged():
    """A second hubsim (default seed) that pages every listing one item at a time (every listing of 2+ items crosses pages)."""
    sim = Hubsim("paged", "--page-size", "1")
    yield sim
    sim.stop()


@pytest.fixture(scope="session")
def hf(hub):
    """The `huggingface_hub` module, imported once `HF_ENDPOINT` points at hubsim."""
    os.environ["HF_ENDPOINT"] = hub.url
    import huggingface_hub
    from huggingface_hub import constants

    assert huggingface_hub.__version__ == HF_VERSION_STR
    assert constants.ENDPOINT == hub.url, (constants.ENDPOINT, hub.url)
    assert constants.HF_HUB_DISABLE_TELEMETRY
    assert Path(constants.HF_HUB_CACHE) == _TMP / "hf_home" / "hub"
    return huggingface_hub


@pytest.fixture(scope="session")
def api(hf):
    """`HfApi()` configured from the environment (the main hubsim, no token)."""
    return hf.HfApi()


@pytest.fixture(scope="session")
def api_paged(hf, hub_paged):
    """`HfApi` on the paging hubsim."""
    return hf.HfApi(endpoint=hub_paged.url)


@pytest.fixture(scope="session")
def rs(hub):
    """hfhub (`call --batch`) on the main hubsim, no token configured."""
    client = Hfhub(hub.url, "main")
    yield client
    client.stop()


@pytest.fixture(scope="session")
def rs_paged(hub_paged):
    """hfhub on the paging hubsim."""
    client = Hfhub(hub_paged.url, "paged")
    yield client
    client.stop()


def pytest_sessionfinish(session, exitstatus):
    shutil.rmtree(_TMP, ignore_errors=True)


def pytest_report_header(config):
    return [
        f"huggingface_hub {HF_VERSION_STR}",
        f"hubsim: {HUBSIM_BIN}",
        f"hfhub: {HFHUB_CALL_BIN}",
    ]


# --- normalisation ----------------------------------------------------------------------------
_ISO_RE = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:?\d{2})$")

#: Attributes Python keeps only for backward compatibility (twins of snake_case fields).
PY_ALIASES = {"lastModified", "cardData", "transformersInfo", "lastCommit", "spaceId", "rfilename"}


def parse_datetime(text: str) -> dt.datetime:
    """RFC 3339 → aware datetime (sub-microsecond digits dropped, as Python does)."""
    m = re.match(r"^(.*T\d{2}:\d{2}:\d{2})(\.\d+)?(Z|[+-]\d{2}:?\d{2})$", text)
    assert m, text
    base, frac, tz = m.groups()
    frac = (frac or ".0")[:7]
    tz = "+00:00" if tz == "Z" else tz
    return dt.datetime.fromisoformat(f"{base}{frac}{tz}")


def _is_card_data(obj: Any) -> bool:
    return type(obj).__name__.endswith("CardData") and hasattr(obj, "to_dict")


def normalize(obj: Any, *, _parent: str = "") -> Any:
    """Python result or hfhub JSON → plain comparable data.

    dataclasses and other result objects become dicts of their attributes (Python's
    backward-compatibility aliases dropped); RepoFile/RepoFolder get hfhub's ``type``
    tag; card data becomes its dict; RFC 3339 strings and datetimes become aware
    datetimes; enums their value; tuples and generators lists.
    """
    if obj is None or isinstance(obj, (bool, int, float)):
        return obj
    if isinstance(obj, str):
        if _ISO_RE.match(obj):
            return parse_datetime(obj)
        return str(obj)  # str subclasses (CommitInfo, RepoUrl) → plain str
    if isinstance(obj, dt.datetime):
        return obj if obj.tzinfo else obj.replace(tzinfo=dt.timezone.utc)
    if isinstance(obj, enum.Enum):
        return normalize(obj.value)
    if _is_card_data(obj):
        return normalize(obj.to_dict())
    if isinstance(obj, dict) and not dataclasses.is_dataclass(obj):
        return {str(k): normalize(v, _parent=str(k)) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)) or (hasattr(obj, "__iter__") and hasattr(obj, "__next__")):
        return [normalize(x) for x in obj]
    if hasattr(obj, "__dict__"):
        attrs = {k: v for k, v in vars(obj).items() if k not in PY_ALIASES}
        name = type(obj).__name__
        if name == "RepoSibling" and "rfilename" in vars(obj):
            attrs["rfilename"] = obj.rfilename
        if name == "RepoFile":
            attrs["type"] = "file"
        elif name == "RepoFolder":
            attrs["type"] = "directory"
        return {k: normalize(v, _parent=k) for k, v in attrs.items()}
    raise TypeError(f"cannot normalise {type(obj).__name__}: {obj!r}")


def drop_none(v: Any) -> Any:
    """Removes None values from dicts, recursively (Python's CardData.to_dict does)."""
    if isinstance(v, dict):
        return {k: drop_none(x) for k, x in v.items() if x is not None}
    if isinstance(v, list):
        return [drop_none(x) for x in v]
    return v


def _camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(p[:1].upper() + p[1:] for p in rest)


def _snake(name: str) -> str:
    return re.sub(r"(?<!^)([A-Z])", r"_\1", name).lower()


_MISSING = object()


def _sort_key(v: Any) -> str:
    return json.dumps(v, sort_keys=True, default=str)


def diff(py: Any, rs: Any, path: str = "$", unordered: frozenset = frozenset()) -> list[str]:
    """Differences between two normalised values.

    A key that one side does not define at all while the other has ``None`` (or an
    empty list or dict, which Python synthesises for absent lists such as
    ``User.orgs``) is not a difference (a field one client has and the other leaves
    out); a key present on
    one side only with a value is matched to its snake_case/camelCase twin on the
    other side (Python parses some wire keys that hfhub keeps as they are), and is
    a difference if there is none. Lists at a key named in ``unordered`` are compared
    as multisets.
    """
    out: list[str] = []
    if isinstance(py, dict) and isinstance(rs, dict):
        seen: set[str] = set()
        for k in list(py) + [k for k in rs if k not in py]:
            if k in seen:
                continue
            seen.add(k)
            a, b = py.get(k, _MISSING), rs.get(k, _MISSING)
            if a is _MISSING or b is _MISSING:
                other, value = (py, b) if a is _MISSING else (rs, a)
                twins = [t for t in (_camel(k), _snake(k)) if t != k and t in other]
                if twins:
                    seen.update(twins)
                    a2 = a if a is not _MISSING else py[twins[0]]
                    b2 = b if b is not _MISSING else rs[twins[0]]
                    out += diff(a2, b2, f"{path}.{k}", unordered)
                elif value is not None and value != [] and value != {}:
                    side = "hfhub" if a is _MISSING else "python"
                    out.append(f"{path}.{k}: only {side} has it: {value!r}")
                continue
            if k == "card_data":
                a, b = drop_none(a), drop_none(b)
            out += diff(a, b, f"{path}.{k}", unordered)
        return out
    if isinstance(py, list) and isinstance(rs, list):
        key = path.rsplit(".", 1)[-1]
        if key in unordered or "*" in unordered:
            py, rs = sorted(py, key=_sort_key), sorted(rs, key=_sort_key)
        if len(py) != len(rs):
            out.append(f"{path}: {len(py)} items (python) vs {len(rs)} (hfhub)")
        for i, (a, b) in enumerate(zip(py, rs)):
            out += diff(a, b, f"{path}[{i}]", unordered)
        return out
    if isinstance(py, bool) or isinstance(rs, bool):
        same = type(py) is type(rs) and py == rs
    elif isinstance(py, (int, float)) and isinstance(rs, (int, float)):
        same = py == rs
    else:
        same = type(py) is type(rs) and py == rs
    return [] if same else [f"{path}: python {py!r} != hfhub {rs!r}"]


def assert_same(py: Any, rs: Any, *, unordered=(), ignore=(), fields=None) -> None:
    """Asserts that a Python result and an hfhub result are equal once normalised.

    ``ignore`` lists top-level keys (or ``"a.b"`` paths into nested dicts) left out
    of the comparison; ``fields`` keeps only these keys of the result (or of each
    item of a list result). Every test that uses them says why.
    """
    p, r = normalize(py), normalize(rs)
    if fields is not None:
        p, r = _only(p, fields), _only(r, fields)
    for path in ignore:
        for side in (p, r):
            _pop_path(side, path.split("."))
    problems = diff(p, r, unordered=frozenset(unordered))
    assert not problems, "python and hfhub differ:\n  " + "\n  ".join(problems[:40])


def _only(v: Any, fields) -> Any:
    if isinstance(v, list):
        return [_only(x, fields) for x in v]
    if isinstance(v, dict):
        return {k: x for k, x in v.items() if k in fields}
    return v


def _pop_path(v: Any, parts: list[str]) -> None:
    if isinstance(v, list):
        for x in v:
            _pop_path(x, parts)
    elif isinstance(v, dict):
        if len(parts) == 1:
            v.pop(parts[0], None)
        elif parts[0] in v:
            _pop_path(v[parts[0]], parts[1:])


# --- errors -----------------------------------------------------------------------------------
def python_error_kind(exc: BaseException) -> str:
    """The hfhub error kind that corresponds to a Python exception."""
    from huggingface_hub import utils

    names = [c.__name__ for c in type(exc).__mro__]
    if "LocalEntryNotFoundError" in names:
        return "LocalEntryNotFound"
    if "LocalTokenNotFoundError" in names:
        return "LocalTokenNotFound"
    for cls, kind in (
        ("GatedRepoError", "GatedRepo"),
        ("DisabledRepoError", "DisabledRepo"),
        ("RepositoryNotFoundError", "RepoNotFound"),
        ("RevisionNotFoundError", "RevisionNotFound"),
        ("RemoteEntryNotFoundError", "EntryNotFound"),
        ("EntryNotFoundError", "EntryNotFound"),
        ("BadRequestError", "BadRequest"),
    ):
        if cls in names:
            return kind
    status = python_error_status(exc)
    if isinstance(exc, utils.HfHubHTTPError) or status is not None:
        # (0.22's whoami re-raises a 401 as a plain requests.HTTPError)
        return {401: "Unauthorized", 403: "Forbidden", 409: "Conflict", 429: "RateLimited"}.get(status, "Http")
    if isinstance(exc, ValueError):
        return "InvalidInput"
    return type(exc).__name__


def python_error_status(exc: BaseException) -> int | None:
    resp = getattr(exc, "response", None)
    return getattr(resp, "status_code", None)


def outcome_py(fn: Callable[[], Any]) -> tuple[str, Any]:
    """("ok", normalised result) or ("error", (kind, status, exception))."""
    try:
        res = fn()
        if hasattr(res, "__next__"):
            res = list(res)
        return "ok", res
    except Exception as e:  # noqa: BLE001 - the point is to classify it
        return "error", (python_error_kind(e), python_error_status(e), e)


def outcome_rs(rs: Hfhub, method: str, kwargs: dict) -> tuple[str, Any]:
    try:
        return "ok", rs.call(method, **kwargs)
    except HfhubError as e:
        return "error", (e.kind, e.status, e)


class HfhubCallFailed(AssertionError):
    """hfhub failed where Python succeeded (`Both.same`)."""

    def __init__(self, message: str, details: dict) -> None:
        super().__init__(message)
        self.details = details


class HfhubDecodeFailed(HfhubCallFailed):
    """hfhub could not decode a response Python decoded (kind `Decode`): lets a test be
    marked `xfail(raises=HfhubDecodeFailed, strict=True)` for exactly that failure."""


class Both:
    """Calls the same operation with the same keyword arguments on both clients."""

    def __init__(self, api, rs: Hfhub) -> None:
        self.api = api
        self.rs = rs

    def results(self, method: str, py_call: Callable[[], Any] | None = None, **kwargs):
        py = outcome_py(py_call or (lambda: getattr(self.api, method)(**kwargs)))
        r = outcome_rs(self.rs, method, kwargs)
        return py, r

    def same(self, method: str, *, py_call=None, unordered=(), ignore=(), fields=None, **kwargs):
        """Both succeed with equal (normalised) results; returns (python, hfhub)."""
        (pk, pv), (rk, rv) = self.results(method, py_call, **kwargs)
        assert pk == "ok", f"python {method}({kwargs}) failed: {pv[2]!r}"
        if rk != "ok":
            cls = HfhubDecodeFailed if rv[0] == "Decode" else HfhubCallFailed
            raise cls(f"hfhub {method}({kwargs}) failed: {rv[2].details}", rv[2].details)
        assert_same(pv, rv, unordered=unordered, ignore=tuple(ignore) + newer_runtime_fields(), fields=fields)
        return pv, rv

    def same_error(self, method: str, kind: str, *, py_call=None, status: int | None = None, **kwargs):
        """Both fail with the same error kind (and HTTP status); returns (py exc, hfhub details)."""
        (pk, pv), (rk, rv) = self.results(method, py_call, **kwargs)
        assert pk == "error", f"python {method}({kwargs}) succeeded: {normalize(pv)!r}"
        assert rk == "error", f"hfhub {method}({kwargs}) succeeded: {rv!r}"
        assert (pv[0], rv[0]) == (kind, kind), (
            f"{method}({kwargs}): python raised {type(pv[2]).__name__} ({pv[0]}, HTTP {pv[1]}), "
            f"hfhub {rv[0]} (HTTP {rv[1]}); expected {kind}"
        )
        assert pv[1] == rv[1], f"HTTP status differs: python {pv[1]}, hfhub {rv[1]}"
        if status is not None:
            assert rv[1] == status, f"expected HTTP {status}, got {rv[1]}"
        return pv[2], rv[2].details


def newer_runtime_fields() -> tuple[str, ...]:
    """`runtime.<field>` paths of hfhub's SpaceRuntime fields that the installed
    Python's SpaceRuntime does not define (e.g. `dev_mode`, newer than 0.22): not a
    difference, a field one client version lacks."""
    import dataclasses

    from huggingface_hub._space_api import SpaceRuntime

    python_fields = {f.name for f in dataclasses.fields(SpaceRuntime)}
    return tuple(
        f"runtime.{f}" for f in ("dev_mode", "hot_reloading", "volumes") if f not in python_fields
    )


@pytest.fixture(scope="session")
def both(api, rs):
    return Both(api, rs)


@pytest.fixture(scope="session")
def both_paged(api_paged, rs_paged):
    return Both(api_paged, rs_paged)


def case_id(kw: dict) -> str:
    """A readable test id for a dict of keyword arguments (tokens by owner and role)."""

    def short(v: Any) -> str:
        if isinstance(v, str) and v.startswith("hf_hubsim"):
            return re.sub(r"0+$", "", v[len("hf_hubsim"):])  # e.g. AliceRead
        return str(v)

    return ",".join(f"{k}={short(v)}" for k, v in kw.items()) or "none"


def since(*version: int) -> pytest.MarkDecorator:
    """Skip unless huggingface_hub >= version."""
    v = ".".join(map(str, version))
    return pytest.mark.skipif(HF_VERSION < version, reason=f"needs huggingface_hub >= {v} (have {HF_VERSION_STR})")


def before(*version: int, why: str = "") -> pytest.MarkDecorator:
    """Skip unless huggingface_hub < version."""
    v = ".".join(map(str, version))
    return pytest.mark.skipif(
        HF_VERSION >= version,
        reason=f"{why or 'removed'} in huggingface_hub {v} (have {HF_VERSION_STR})",
    )
