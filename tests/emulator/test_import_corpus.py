"""The corpus (tests/fixtures/openapi/corpus and the generated vendor-size document) through the emulator's two
import endpoints, and hypothesis-damaged variants of them: every document imports (201, the same contents
``read_openapi`` maps) or is refused (400 with error messages pointing into it); never a 500."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from document_damage import damaged, places
from versori_pulumi.emulator import EmulatorServer
from versori_pulumi.openapi_import import OpenAPIImportError, load_document, plan_import
from versori_pulumi.testing.openapi_corpus import vendor_yaml

from .conftest import client_for
from .test_imports import multipart

CORPUS = Path(__file__).resolve().parents[1] / "fixtures" / "openapi" / "corpus"
DOCUMENTS = {p.name: p.read_bytes() for p in sorted(CORPUS.glob("*.yaml"))}
DOCUMENTS["generated-vendor.yaml"] = vendor_yaml().encode()


def _import_both(http: httpx.Client, org: str, document: bytes) -> tuple[httpx.Response, httpx.Response | None]:
    """ImportHTTPConnector, then (when it made a connector) ImportHTTPConnectorVersion of the same document."""
    first = http.post(f"/o/{org}/protocols/http/import", files=multipart(document))
    if first.status_code != 201:
        return first, None
    connector = first.json()["connector"]["id"]
    second = http.post(f"/o/{org}/connector/{connector}/http/import", files=multipart(document, version="again"))
    return first, second


def _expect(response: httpx.Response, document: bytes) -> None:
    """201 with the contents plan_import maps, or 400 with error messages; nothing else."""
    assert response.status_code in (201, 400), response.text
    try:
        plan = plan_import(document)
    except OpenAPIImportError as exc:
        assert response.status_code == 400, "refused here, refused there"
        assert "cannot be mapped" not in exc.reason, f"a shape no rule foresaw: {exc.reason}"
        body = response.json()
        assert body["messages"] and all(m["severity"] == "error" and m.get("detail") for m in body["messages"])
        assert [m["detail"] for m in body["messages"]] == [m.detail for m in exc.messages]
        return
    assert response.status_code == 201, response.text
    result = response.json()
    assert sorted(a["name"] for a in result["actions"]) == sorted(a.name for a in plan.actions)
    assert sorted(d["name"] for d in result["definitions"]) == sorted(d.name for d in plan.definitions)
    assert sorted(t["name"] for t in result["triggers"]) == sorted(t.name for t in plan.triggers)


@pytest.mark.parametrize("name", sorted(DOCUMENTS))
def test_each_corpus_document_through_both_endpoints(http: httpx.Client, org: str, name: str) -> None:
    first, second = _import_both(http, org, DOCUMENTS[name])
    _expect(first, DOCUMENTS[name])
    if name.startswith("refused-"):
        assert first.status_code == 400 and second is None
    else:
        assert first.status_code == 201 and second is not None
        _expect(second, DOCUMENTS[name])
        assert second.json()["connector"]["versions"][-1]["name"] in ("again", "1") or any(
            v["name"] == "again" for v in second.json()["connector"]["versions"]
        )


def _laughs() -> bytes:
    """A "billion laughs": nine levels of ten aliases each, a few hundred bytes that expand to 10^9 values."""
    text = "openapi: 3.0.0\ninfo: {title: Laughs, version: '1'}\npaths: {}\nx-a: &a [lol, lol, lol, lol, lol]\n"
    previous = "a"
    for name in "bcdefghij":
        text += f"x-{name}: &{name} [" + ", ".join([f"*{previous}"] * 10) + "]\n"
        previous = name
    return text.encode()


HOSTILE = {
    "not UTF-8": b"openapi: 3.0.0\ninfo: {title: \xff\xfe}\n",
    "alias bomb": _laughs(),
    "alias loop": b"openapi: 3.0.0\ninfo: {title: Loop, version: '1'}\npaths: {}\nx-a: &a {b: *a}\n",
    "deep nesting": b"openapi: 3.0.0\nx: " + b"[" * 50_000 + b"]" * 50_000 + b"\n",
    "a list": b"- openapi: 3.0.0\n",
    "empty": b"",
    "python tag": b"openapi: !!python/object/apply:os.system ['true']\n",
    "binary": bytes(range(256)) * 4,
}


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_bytes_are_refused_by_both_endpoints(http: httpx.Client, org: str, name: str) -> None:
    """What no document should be: each is a 400 naming the problem, on both endpoints, and quickly."""
    made = http.post(f"/o/{org}/protocols/http/import", files=multipart(DOCUMENTS["callbacks.yaml"]))
    assert made.status_code == 201, made.text
    connector = made.json()["connector"]["id"]
    for path, metadata in (
        (f"/o/{org}/protocols/http/import", {}),
        (f"/o/{org}/connector/{connector}/http/import", {"version": "2"}),
    ):
        response = http.post(path, files=multipart(HOSTILE[name], **metadata))
        assert response.status_code == 400, (path, response.text)
        assert response.json()["message"].startswith("import failed: ")


SMALL = {name: load_document(data) for name, data in DOCUMENTS.items() if name != "generated-vendor.yaml"}
PLACES = [(name, path) for name, document in SMALL.items() for path in places(document)]
DAMAGE = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=False),
    st.text(max_size=6),
    st.just({}),
    st.just([]),
    st.just({"$ref": "#/components/schemas/Nowhere"}),
    st.just({"$ref": "#/paths"}),
    st.just("2024-01-01"),
)


@settings(
    max_examples=80,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    name=st.sampled_from(sorted(SMALL)),
    edits=st.lists(st.tuples(st.integers(0, 10**6), DAMAGE), min_size=1, max_size=4),
)
def test_damaged_documents_are_imported_or_refused_never_a_500(
    shared_server: EmulatorServer, name: str, edits: list[tuple[int, Any]]
) -> None:
    own = [path for doc, path in PLACES if doc == name]
    document = damaged(SMALL[name], [(own[pick % len(own)], value) for pick, value in edits])
    data = json.dumps(document).encode()
    shared_server.reset(data=True)
    with client_for(shared_server) as http:
        first, second = _import_both(http, shared_server.org_id, data)
        _expect(first, data)
        if second is not None:
            _expect(second, data)
