"""ConnectClient's version-contents methods (definitions, actions, triggers) against the real emulator over
loopback: every method, typed errors, a dropped POST applied exactly once (imports and BigQuery creates
included), and a 30%-fault run with no duplicate."""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable

import pytest

from versori_pulumi import errors
from versori_pulumi.client import ConnectClient
from versori_pulumi.emulator import EmulatorServer
from versori_pulumi.models import (
    BigQueryConnectorCreate,
)
from versori_pulumi.models_contents import (
    DefinitionUpdate,
    InlineSchema,
)

from ._helpers import (
    BILLING,
    PETSTORE,
    Count,
    FaultsOffAfterFirst,
    PostCall,
    Setup,
    action,
    definitions,
    draft,
    post_with_lost_answer,
    trigger,
)

# --- every method ---


def test_definitions_end_to_end(api: ConnectClient) -> None:
    cid = draft(api)
    made = api.create_definitions(cid, "1.0.0", definitions("Thing", "Holder", ref="Thing"))
    assert [d.name for d in made] == ["Thing", "Holder"]
    thing = api.get_definition(cid, "1.0.0", "Thing")
    assert [(r.type, r.name) for r in thing.referenced_by] == [("definition", "Holder")]
    assert api.get_raw_schema(cid, "1.0.0", made[1].id) == {
        "type": "object",
        "properties": {"x": {"$ref": thing.url}},
    }
    assert [d.name for d in api.list_definitions(cid, "1.0.0", name="hold")] == ["Holder"]
    update = DefinitionUpdate(
        id=thing.id,
        name="Item",
        accept=["application/json"],
        schema_=InlineSchema(content_type="application/schema+json", content='{"type": "string"}'),
    )
    assert api.update_definition(cid, "1.0.0", "Thing", update).name == "Item"
    with pytest.raises(errors.PreconditionFailedError) as referenced:
        api.delete_definition(cid, "1.0.0", "Item")
    assert referenced.value.extra["definition"]["name"] == "Item"
    with pytest.raises(ValueError, match="ids or names"):  # refused before any request
        api.delete_definitions(cid, "1.0.0")
    api.delete_definitions(cid, "1.0.0", names=["Item", "Holder"])
    assert list(api.list_definitions(cid, "1.0.0")) == []
    api.create_definitions(cid, "1.0.0", definitions("A", "B"))
    api.delete_definitions(cid, "1.0.0", all=True)
    api.create_definitions(cid, "1.0.0", definitions("C"))
    api.delete_definition(cid, "1.0.0", "C", force=True)
    assert list(api.list_definitions(cid, "1.0.0")) == []


def test_actions_and_triggers_end_to_end(api: ConnectClient) -> None:
    cid = draft(api)
    api.create_definitions(cid, "1.0.0", definitions("Thing"))
    created = api.create_action(cid, "1.0.0", action("getThing", "Thing"))
    assert created.responses[0].definitions[0].definition.name == "Thing" and created.errors is None
    assert api.get_action(cid, "1.0.0", "getThing") == created
    renamed = api.update_action(cid, "1.0.0", "getThing", created.model_copy(update={"name": "fetchThing"}))
    assert (renamed.id, renamed.name) == (created.id, "fetchThing")
    assert [a.name for a in api.list_actions(cid, "1.0.0")] == ["fetchThing"]
    with pytest.raises(errors.ConflictError):
        api.create_action(cid, "1.0.0", action("fetchThing"))
    api.delete_action(cid, "1.0.0", "fetchThing")
    with pytest.raises(errors.NotFoundError):
        api.get_action(cid, "1.0.0", "fetchThing")

    hook = api.create_trigger(cid, "1.0.0", trigger("thingAdded"))
    described = api.update_trigger(cid, "1.0.0", "thingAdded", hook.model_copy(update={"description": "new"}))
    assert described.description == "new" and api.get_trigger(cid, "1.0.0", "thingAdded") == described
    assert [t.name for t in api.list_triggers(cid, "1.0.0", name="thing")] == ["thingAdded"]
    api.delete_trigger(cid, "1.0.0", "thingAdded")
    assert list(api.list_triggers(cid, "1.0.0")) == []

    api.publish_version(cid, "1.0.0")
    with pytest.raises(errors.ConflictError):
        api.create_trigger(cid, "latest", trigger("late"))


# --- lost responses ---


def _with_thing(api: ConnectClient) -> str:
    cid = draft(api)
    api.create_definitions(cid, "1.0.0", definitions("Thing"))
    return cid


DROPPED_POSTS: list[tuple[str, Setup, PostCall, Count]] = [
    (
        "create_action",
        _with_thing,
        lambda api, c: api.create_action(c, "1.0.0", action("getThing", "Thing")),
        lambda api, c: sum(a.name == "getThing" for a in api.list_actions(c, "1.0.0")),
    ),
    (
        "create_trigger",
        draft,
        lambda api, c: api.create_trigger(c, "1.0.0", trigger("hook")),
        lambda api, c: sum(t.name == "hook" for t in api.list_triggers(c, "1.0.0")),
    ),
    (
        "create_definitions",
        draft,
        lambda api, c: api.create_definitions(c, "1.0.0", definitions("A", "B", ref="A")),
        lambda api, c: len(list(api.list_definitions(c, "1.0.0"))) // 2,
    ),
    (
        "import_http_connector",
        lambda _api: None,
        lambda api, _: api.import_http_connector(PETSTORE),
        lambda api, _: sum(c.name == "Petstore Plus" for c in api.list_connectors()),
    ),
    (
        "import_http_connector_version",
        draft,
        lambda api, c: api.import_http_connector_version(c, BILLING, "2.0.0"),
        lambda api, c: sum(v.name == "2.0.0" for v in api.list_versions(c)),
    ),
    (
        "create_bigquery_connector",
        lambda _api: None,
        lambda api, _: api.create_bigquery_connector(BigQueryConnectorCreate(name="wh")),
        lambda api, _: sum(c.name == "wh" for c in api.list_connectors()),
    ),
]


@pytest.mark.parametrize(("setup", "call", "count"), [d[1:] for d in DROPPED_POSTS], ids=[d[0] for d in DROPPED_POSTS])
def test_a_post_whose_response_is_dropped_is_applied_exactly_once(
    emulator: EmulatorServer, setup: Setup, call: PostCall, count: Count
) -> None:
    result = post_with_lost_answer(emulator, setup, call, count)
    assert result


def test_a_dropped_bulk_delete_is_done_once(emulator: EmulatorServer, api: ConnectClient) -> None:
    cid = draft(api)
    api.create_definitions(cid, "1.0.0", definitions("A", "B"))
    emulator.set_faults(1.0, ["drop"])
    with ConnectClient(
        emulator.base_url, emulator.org_id, emulator.api_key, transport=FaultsOffAfterFirst(emulator, "DELETE")
    ) as flaky:
        flaky.delete_definitions(cid, "1.0.0", names=["A", "B"])
        assert flaky.request_count == 2
    assert list(api.list_definitions(cid, "1.0.0")) == []


# --- faults ---

FAULT_SEED = 20261201


def test_contents_calls_under_a_30_percent_fault_rate(
    emulator: EmulatorServer, api: ConnectClient, record_property: Callable[[str, object], None]
) -> None:
    ids = [draft(api, f"svc-{i}") for i in range(4)]
    emulator.reset()
    emulator.set_faults(0.3, ["429", "503", "drop"], seed=FAULT_SEED)
    started = time.monotonic()
    ops = 0
    for cid in ids:  # per connector: 1 batch + 3 actions + 2 triggers + reads + updates + deletes
        api.create_definitions(cid, "1.0.0", definitions("Thing", "Holder", ref="Thing"))
        for name in ("getThing", "listThings", "putThing"):
            api.create_action(cid, "1.0.0", action(name, "Thing"))
        for name in ("thingAdded", "thingGone"):
            api.create_trigger(cid, "1.0.0", trigger(name))
        got = api.get_action(cid, "1.0.0", "putThing")
        api.update_action(cid, "1.0.0", "putThing", got.model_copy(update={"summary": "Put"}))
        api.delete_trigger(cid, "1.0.0", "thingGone")
        assert len(list(api.list_definitions(cid, "1.0.0"))) == 2
        ops += 10
    imported = [api.import_http_connector(PETSTORE), api.import_http_connector(BILLING)]
    api.import_http_connector_version(ids[0], BILLING, "2.0.0")
    api.create_bigquery_connector(BigQueryConnectorCreate(name="warehouse"))
    ops += 4
    elapsed = time.monotonic() - started
    routes = emulator.stats()
    sent = api.request_count
    emulator.set_faults(0.0, ["429"])

    names = [c.name for c in api.list_connectors()]
    assert sorted(names) == sorted([f"svc-{i}" for i in range(4)] + ["Petstore Plus", "Billing", "warehouse"])
    for cid in ids:
        assert sorted(a.name for a in api.list_actions(cid, "1.0.0")) == ["getThing", "listThings", "putThing"]
        assert [t.name for t in api.list_triggers(cid, "1.0.0")] == ["thingAdded"]
        assert sorted(d.name for d in api.list_definitions(cid, "1.0.0")) == ["Holder", "Thing"]
        assert api.get_action(cid, "1.0.0", "putThing").summary == "Put"
    assert [v.name for v in api.list_versions(ids[0])] == ["2.0.0", "1.0.0"]
    assert len(list(api.list_actions(imported[0].connector.id, "2.1.0"))) == 5

    measured = {
        "operations": ops,
        "requests_sent": sent,
        "client_retries": api.retry_count,
        "post_lookups": api.lookup_count,
        "elapsed_s": round(elapsed, 2),
        "by_route": dict(Counter(routes).most_common(6)),
    }
    for key, value in measured.items():
        record_property(key, value)
    print(f"\ncontents fault run (rate 0.3, seed {FAULT_SEED}): {measured}")
    assert api.retry_count > 0, "the fault rate should have forced retries"


def test_a_dropped_rename_is_settled_under_the_new_name(emulator: EmulatorServer, api: ConnectClient) -> None:
    cid = _with_thing(api)
    created = api.create_action(cid, "1.0.0", action("getThing", "Thing"))
    emulator.set_faults(1.0, ["drop"])
    with ConnectClient(
        emulator.base_url, emulator.org_id, emulator.api_key, transport=FaultsOffAfterFirst(emulator, "PUT")
    ) as flaky:
        renamed = flaky.update_action(cid, "1.0.0", "getThing", created.model_copy(update={"name": "fetchThing"}))
    assert (renamed.id, renamed.name) == (created.id, "fetchThing")
    assert [a.name for a in api.list_actions(cid, "1.0.0")] == ["fetchThing"]
