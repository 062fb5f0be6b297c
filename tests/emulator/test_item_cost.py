"""A request on one item of a version costs that item, not the version: the JSON the store parses and writes and
the schemas it walks for one request are the same for a version of 4 items as for one of 120 (counted, not
timed). And the store's item-by-item form keeps what it kept: a database of the form before (a version's contents
inside the connector's row) loads, and its contents move to rows of their own."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from versori_pulumi.emulator import EmulatorServer, contents_records, contents_views
from versori_pulumi.emulator.contents_records import StoredChild, StoredDefinition
from versori_pulumi.emulator.records import ConnectorRecord
from versori_pulumi.emulator.store import SQLiteStore

from .builders import action_body, create_connector, create_version, definition_body
from .conftest import client_for


class Work:
    """Characters of JSON the store parses and writes, and schemas walked for references."""

    def __init__(self) -> None:
        self.parsed = 0
        self.written = 0
        self.walks = 0

    def total(self) -> int:
        return self.parsed + self.written


@pytest.fixture
def work(monkeypatch: pytest.MonkeyPatch) -> Iterator[Work]:
    counted = Work()
    for model in (ConnectorRecord, StoredDefinition, StoredChild):
        parse: Callable[..., Any] = model.model_validate_json
        dump: Callable[..., str] = model.model_dump_json

        def parsing(data: Any, *args: Any, _parse: Callable[..., Any] = parse, **kwargs: Any) -> Any:
            counted.parsed += len(data)
            return _parse(data, *args, **kwargs)

        def dumping(self: Any, *args: Any, _dump: Callable[..., str] = dump, **kwargs: Any) -> str:
            text = _dump(self, *args, **kwargs)
            counted.written += len(text)
            return text

        monkeypatch.setattr(model, "model_validate_json", staticmethod(parsing))
        monkeypatch.setattr(model, "model_dump_json", dumping)
    walk = contents_records.referenced_ids

    def walking(document: Any) -> set[str]:
        counted.walks += 1
        return walk(document)

    monkeypatch.setattr(contents_records, "referenced_ids", walking)
    yield counted


def _version(http: httpx.Client, org: str, name: str, size: int) -> str:
    """A connector (``name``, same length for every size) with a draft version of ``size`` definitions, each
    referencing the next, and ``size`` actions each linking one; the version's path."""
    connector = create_connector(http, org, name)
    create_version(http, org, connector["id"], "1.0.0")
    v = f"/o/{org}/connectors/{connector['id']}/versions/1.0.0"
    definitions = [
        definition_body(
            f"D{i:03d}", {"type": "object", "properties": {"next": {"$ref": f"#/$defs/D{(i + 1) % size:03d}"}}}
        )
        for i in range(size)
    ]
    assert http.post(f"{v}/definitions", json={"definitions": definitions}).status_code == 201
    for i in range(size):
        link = [{"definition": {"name": f"D{i:03d}"}}]
        assert http.post(f"{v}/actions", json=action_body(f"a{i:03d}", response_definitions=link)).status_code == 201
    return v


def _one_item_requests(http: httpx.Client, v: str) -> Iterator[tuple[str, httpx.Response]]:
    action = http.get(f"{v}/actions/a001").json()
    yield "get action", http.get(f"{v}/actions/a001")
    yield "get definition", http.get(f"{v}/definitions/D001")
    yield "raw schema", http.get(http.get(f"{v}/definitions/D001").json()["url"])
    yield "update action", http.put(f"{v}/actions/a001", json={**action, "summary": "moved"})
    yield "create action", http.post(f"{v}/actions", json=action_body("zz1"))
    yield "delete action", http.delete(f"{v}/actions/zz1")


@pytest.mark.parametrize("persisted", [False, True], ids=["memory", "sqlite"])
def test_one_item_request_costs_the_same_on_a_large_version(persisted: bool, tmp_path: Path, work: Work) -> None:
    with EmulatorServer(db=tmp_path / "e.db" if persisted else None) as server, client_for(server) as http:
        versions = {size: _version(http, server.org_id, f"Size{size:03d}", size) for size in (4, 120)}
        costs: dict[int, dict[str, tuple[int, int]]] = {}
        for size, v in versions.items():
            costs[size] = {}
            requests = _one_item_requests(http, v)
            while True:
                work.__init__()  # type: ignore[misc]
                try:
                    label, response = next(requests)
                except StopIteration:
                    break
                assert response.status_code < 300, (label, response.text)
                costs[size][label] = (work.total(), work.walks)
    small, large = costs[4], costs[120]
    assert (
        set(small)
        == set(large)
        == {
            "get action",
            "get definition",
            "raw schema",
            "update action",
            "create action",
            "delete action",
        }
    )
    for label in small:
        # 30 times the items; the same work within a few ids' and names' characters (before: about 30 times).
        assert large[label][0] <= small[label][0] + 200, (label, small[label], large[label])
        assert large[label][1] <= small[label][1], (label, small[label], large[label])


def test_one_definition_update_writes_one_row(tmp_path: Path) -> None:
    with EmulatorServer(db=tmp_path / "e.db") as server, client_for(server) as http:
        v = _version(http, server.org_id, "Acme", 30)
        store = server.store
        assert isinstance(store, SQLiteStore)
        statements: list[str] = []
        store._db.set_trace_callback(statements.append)
        try:
            body = http.get(f"{v}/definitions/D003").json()
            schema = {"contentType": "application/schema+json", "content": json.dumps({"type": "string"})}
            update = {"id": body["id"], "name": "D003", "accept": ["application/json"], "schema": schema}
            assert http.put(f"{v}/definitions/D003", json=update).status_code == 200
        finally:
            store._db.set_trace_callback(None)
    writes = [s for s in statements if "contents_items" in s and not s.startswith("SELECT")]
    assert len(writes) == 1 and "INSERT INTO contents_items" in writes[0] and body["id"] in writes[0]


def test_contents_inside_the_connector_row_still_load(tmp_path: Path) -> None:
    """The form before: the whole record, contents included, in the connector's row. It reads back the same, and
    the first read moves the contents to rows of their own; a restart after reads them from those."""
    db = tmp_path / "before.db"
    with EmulatorServer(db=db) as server, client_for(server) as http:
        v = _version(http, server.org_id, "Acme", 5)
        connector_id = v.split("/")[4]
        before = json.dumps({kind: http.get(f"{v}/{kind}").json() for kind in ("actions", "definitions")})
        before = before.replace(server.root_url, "ROOT")
        record = server.store.get(server.org_id, connector_id)
        assert record is not None and record.contents
        whole = record.model_dump_json()  # the row as the store wrote it before
    with sqlite3.connect(db) as conn:
        conn.execute("UPDATE connectors SET body = ?", (whole,))
        conn.execute("DELETE FROM contents_items")
    with EmulatorServer(db=db) as server, client_for(server) as http:
        after = json.dumps({kind: http.get(f"{v}/{kind}").json() for kind in ("actions", "definitions")})
        assert after.replace(server.root_url, "ROOT") == before
    with sqlite3.connect(db) as conn:
        body = json.loads(conn.execute("SELECT body FROM connectors").fetchone()[0])
        kinds = dict(conn.execute("SELECT kind, count(*) FROM contents_items GROUP BY kind").fetchall())
    assert "contents" not in body
    assert kinds == {"definition": 5, "action": 5}
    with EmulatorServer(db=db) as server, client_for(server) as http:
        again = json.dumps({kind: http.get(f"{v}/{kind}").json() for kind in ("actions", "definitions")})
        assert again.replace(server.root_url, "ROOT") == before


def counted_calls(monkeypatch: pytest.MonkeyPatch, owner: Any, name: str) -> list[int]:
    """Count the calls of ``owner.name`` (a function or method) from now on: the one-item list holds the count."""
    count = [0]
    original = getattr(owner, name)

    def counted(*args: Any, **kwargs: Any) -> Any:
        count[0] += 1
        return original(*args, **kwargs)

    monkeypatch.setattr(owner, name, counted)
    return count


def test_references_are_indexed_once_per_state_of_the_version(
    http: httpx.Client, org: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Reading definitions of an unchanged version scans no action's links (the reference index is kept); a write
    makes a new state, whose index shows the new link and scans only the new item's links."""
    v = _version(http, org, "Acme", 40)
    scans = counted_calls(monkeypatch, StoredChild, "links")
    link = [{"definition": {"name": "D007"}}]
    assert http.post(f"{v}/actions", json=action_body("zz7", response_definitions=link)).status_code == 201
    assert scans == [1]  # a new state: its index is built for the answer's referencedBy, from each item's links,
    # found once per item object (items never change): only the new action's are scanned, not all 41
    scans[0] = 0
    for name in ("D007", "D008", "D009"):
        assert http.get(f"{v}/definitions/{name}").status_code == 200
    assert scans == [0]  # the same state: the index is reused
    again = http.get(f"{v}/definitions/D007").json()
    assert [r["name"] for r in again["referencedBy"]] == ["D006", "a007", "zz7"]


def test_a_shared_definition_is_rendered_once_per_state(
    http: httpx.Client, org: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A definition every action links (a vendor document's error schema) lists every one of them in its
    ``referencedBy``: creating K such actions and reading each back renders K entries in all, not one list per
    answer (K squared: what made the emulator, not latency, bound a 235-action version's create and refresh)."""
    connector = create_connector(http, org, "Shared")
    create_version(http, org, connector["id"], "1.0.0")
    v = f"/o/{org}/connectors/{connector['id']}/versions/1.0.0"
    body = {"definitions": [definition_body("Error", {"type": "object"})]}
    assert http.post(f"{v}/definitions", json=body).status_code == 201
    entries = counted_calls(monkeypatch, contents_views, "sent")
    k = 30
    link = [{"definition": {"name": "Error"}}]
    for i in range(k):
        created = http.post(f"{v}/actions", json=action_body(f"shared{i:02d}", response_definitions=link))
        assert created.status_code == 201
        assert len(created.json()["responses"][0]["definitions"][0]["definition"]["referencedBy"]) == i + 1
    for i in range(k):
        answer = http.get(f"{v}/actions/shared{i:02d}").json()
        assert len(answer["responses"][0]["definitions"][0]["definition"]["referencedBy"]) == k
    listed = http.get(f"{v}/actions", params={"first": 100}).json()["actions"]
    assert len(listed) == k
    assert entries[0] <= 2 * k, entries  # before: k * (k + 1) / 2 for the creates, k * k more for the reads
