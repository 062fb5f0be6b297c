"""Storage: SQLite keeps data across a restart, memory does not; both stores behave the same."""

from __future__ import annotations

import json
import sqlite3
import threading
from pathlib import Path

import pytest

from versori_pulumi.emulator import EmulatorServer
from versori_pulumi.emulator.records import ConnectorRecord, now
from versori_pulumi.emulator.store import MemoryStore, SQLiteStore, Store
from versori_pulumi.models import HTTPConnector

from .builders import connection_body, create_connector, create_version
from .conftest import client_for


def test_sqlite_survives_a_restart(tmp_path: Path) -> None:
    db = tmp_path / "emulator.db"
    with EmulatorServer(db=db) as first, client_for(first) as http:
        created = create_connector(http, first.org_id, connections=[connection_body(secret="persisted")])
        create_version(http, first.org_id, created["id"], "1.0.0", publish=True)
        before = http.get(f"/o/{first.org_id}/connectors/{created['id']}").json()
    with EmulatorServer(db=db) as second, client_for(second) as http:
        assert second.port != 0
        after = http.get(f"/o/{second.org_id}/connectors/{created['id']}").json()
        assert after == before
        assert http.get(f"/o/{second.org_id}/connectors/{created['id']}/versions/latest").json()["name"] == "1.0.0"
        assert (
            http.post(
                f"/o/{second.org_id}/protocols/http/connectors",
                json={"name": "Acme", "baseUrl": "x", "authSchemeConfigs": []},
            ).status_code
            == 409
        )
        stored = second.store.get(second.org_id, created["id"])
        assert stored is not None
        secrets = stored.connections[0].credentials.action[0].credential.secrets
        assert secrets["value"].get_secret_value() == "persisted"


def test_memory_does_not_survive_a_restart() -> None:
    with EmulatorServer() as first, client_for(first) as http:
        created = create_connector(http, first.org_id)
    with EmulatorServer() as second, client_for(second) as http:
        assert http.get(f"/o/{second.org_id}/connectors/{created['id']}").status_code == 404


def record(org: str, name: str) -> ConnectorRecord:
    stamp = now()
    connector = HTTPConnector(
        id=f"id-{name}", organisation_id=org, name=name, base_url="https://x.test", created_at=stamp, updated_at=stamp
    )
    return ConnectorRecord(connector=connector)


@pytest.fixture(params=["memory", "sqlite"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Store:
    return MemoryStore() if request.param == "memory" else SQLiteStore(tmp_path / "s.db")


def test_store_contract(store: Store) -> None:
    store.put(record("o1", "a"))
    store.put(record("o2", "a"))
    assert [r.connector.name for r in store.list("o1")] == ["a"]
    assert store.id_for_name("o1", "a") == "id-a" and store.id_for_name("o1", "b") is None
    renamed = record("o1", "a")
    renamed.connector.name = "b"
    store.put(renamed)
    assert store.id_for_name("o1", "a") is None and store.id_for_name("o1", "b") == "id-a"
    copy = store.get("o1", "id-a")
    assert copy is not None
    copy.connector.name = "mutated"
    again = store.get("o1", "id-a")
    assert again is not None and again.connector.name == "b"  # reads are copies
    assert store.delete("o1", "id-a") and not store.delete("o1", "id-a")
    assert store.id_for_name("o1", "b") is None and store.get("o1", "id-a") is None
    store.clear()
    assert store.list("o2") == []
    store.close()


def test_concurrent_creates_keep_names_unique(emu: EmulatorServer) -> None:
    """Handlers run in a thread pool; the store lock makes check-then-insert atomic."""
    results: list[int] = []

    def create(name: str) -> None:
        with client_for(emu) as http:
            body = {"name": name, "baseUrl": "https://x.test", "authSchemeConfigs": []}
            results.append(http.post(f"/o/{emu.org_id}/protocols/http/connectors", json=body).status_code)

    threads = [threading.Thread(target=create, args=(f"n{i % 4}",)) for i in range(16)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results) == [201] * 4 + [409] * 12
    with client_for(emu) as http:
        assert http.get(f"/o/{emu.org_id}/connectors").json()["totalCount"] == 4


def test_version_contents_survive_a_restart(tmp_path: Path) -> None:
    db = tmp_path / "contents.db"
    document = (Path(__file__).resolve().parents[1] / "fixtures" / "openapi" / "petstore-3.1.yaml").read_bytes()
    with EmulatorServer(db=db, strict=True) as first, client_for(first) as http:
        result = http.post(f"/o/{first.org_id}/protocols/http/import", files={"file": ("p.yaml", document)}).json()
        v = f"/o/{first.org_id}/connectors/{result['connector']['id']}/versions/2.1.0"
        before = {kind: http.get(f"{v}/{kind}").json()[kind] for kind in ("actions", "triggers", "definitions")}
    with EmulatorServer(db=db, strict=True) as second, client_for(second) as http:
        after = {kind: http.get(f"{v}/{kind}").json()[kind] for kind in ("actions", "triggers", "definitions")}
        # Only the port in the id-based URLs differs between the two servers.
        assert json.dumps(after).replace(second.root_url, "ROOT") == json.dumps(before).replace(first.root_url, "ROOT")
        pet = http.get(f"{v}/definitions/Pet").json()
        assert http.get(pet["url"]).json()["allOf"][0]["$ref"].startswith(second.root_url)


LEGACY = Path(__file__).resolve().parents[1] / "fixtures" / "emulator" / "legacy-connector-row.json"


def test_a_database_written_before_storage_records_still_loads(tmp_path: Path) -> None:
    """A row as the store wrote it when it kept the API's read models (secrets inline) reads back as it did then;
    the next write stores today's form, with the secrets apart from the read shape."""
    fixture = json.loads(LEGACY.read_text())
    row, reads = fixture["row"], fixture["reads"]
    db = tmp_path / "old.db"
    SQLiteStore(db).close()  # the table, as both versions create it
    with sqlite3.connect(db) as conn:
        conn.execute(
            "INSERT INTO connectors (organisation_id, id, name, body) VALUES (?, ?, ?, ?)",
            (row["organisation_id"], row["id"], row["name"], json.dumps(row["body"])),
        )
    with EmulatorServer(db=db, strict=True) as server, client_for(server) as http:
        c = f"/o/{row['organisation_id']}/connectors/{row['id']}"
        then = json.loads(json.dumps(reads).replace("http://testserver/api/connect/v1", server.base_url))
        assert http.get(c).json() == then["connector"]
        assert http.get(f"{c}/versions").json() == then["versions"]
        assert http.get(f"{c}/versions/1.0.0/actions").json() == then["actions"]
        assert http.get(f"{c}/versions/1.0.0/definitions").json() == then["definitions"]
        assert http.put(f"{c}/tags", json={"tags": {"team": ["b"]}}).status_code == 204
        assert http.get(c).json()["connections"] == then["connector"]["connections"]
    with sqlite3.connect(db) as conn:
        body = json.loads(conn.execute("SELECT body FROM connectors").fetchone()[0])
    assert "organisation_id" in body["connector"] and "versions" in body  # today's form
    credentials = body["connections"][0]["credentials"]
    assert credentials["action"][0]["credential"]["data"] == {}
    assert credentials["action"][0]["credential"]["secrets"] == {"value": "legacy-string-secret"}
    assert credentials["trigger"][0]["credential"]["secrets"] == {"clientSecret": "legacy-client-secret"}
    configs = [body["connector"]["auth_scheme_configs"][1], credentials["trigger"][0]["auth_scheme_config"]]
    for config in configs:
        assert config["client_secret"] == "legacy-grant-secret" and config["settings"]["grant"]["clientSecret"] is None
