"""A no-change preview loads neither pydantic, nor the API models, nor the client in the provider host.

The engine's first ``check`` of each kind makes the dynamic-provider host unpickle the provider and import its
module; when that imported pydantic and built the models (about 0.17 s of CPU), every pull request's preview paid it
before its first answer (issue 13). Each case here is what a host receives in such a preview: the program's inputs
(``news``), the inputs an earlier ``check`` accepted (``olds`` of check) and the state's outputs (``olds`` of diff).
A fresh interpreter, holding only what the host holds (``pulumi.dynamic``, dill), unpickles each provider from the
``__provider`` value a stack stores, runs ``check`` and ``diff`` and reports what they returned and which modules
got loaded. The answers must equal those of the full path in this process; the contrast case (one input changed)
shows the probe sees the import when validation runs.
"""

from __future__ import annotations

import json
import subprocess
import sys
from typing import Any

import pytest
from pulumi.dynamic.dynamic import serialize_provider

from providers._support import CONFIG_WITH_ID, checked
from versori_pulumi._core.base import VersoriProvider
from versori_pulumi._program.wire import contents_to_wire
from versori_pulumi.bigquery_connector_provider import BigQueryConnectorProvider
from versori_pulumi.connection_provider import ConnectionProvider
from versori_pulumi.connector_default_version_provider import ConnectorDefaultVersionProvider
from versori_pulumi.connector_provider import ConnectorProvider
from versori_pulumi.connector_version_provider import ConnectorVersionProvider
from versori_pulumi.imported_connector_provider import ImportedConnectorProvider
from versori_pulumi.inputs import ActionArgs, DefinitionArgs, ParameterArgs, ResponseArgs

HEAVY = ("pydantic", "pydantic_core", "httpx", "tenacity", "versori_pulumi.models._base", "versori_pulumi.client")
"""What a no-change preview must not load in the host."""

_CREDENTIAL = {"name": "key", "type": "string", "data": {"value": "sk_test_k1"}}
_CONFIG = {"id": CONFIG_WITH_ID["id"], "description": "API key header", "scheme_type": "api-key", "name": "X-Api-Key"}
PROGRAM_CONFIG = {**_CONFIG, "in_": "header"}
"""An auth scheme config as the program sends it: in the program's names (camelCase exists only on the wire)."""

NEWS: dict[type[VersoriProvider], dict[str, Any]] = {
    ConnectorProvider: {
        "name": "crm",
        "base_url": "https://api.crm.test",
        "auth_scheme_configs": [PROGRAM_CONFIG],
        "tags": {"team": ["platform"]},
    },
    BigQueryConnectorProvider: {"name": "warehouse", "dataset_id": "my-project.sales"},
    ConnectorVersionProvider: {
        "connector_id": "01JC",
        "name": "1.0.0",
        "published": True,
        "definitions": {"Pet": {"schema": {"type": "object"}, "accept": ["application/json"]}},
    },
    ConnectionProvider: {
        "connector_id": "01JC",
        "name": "production",
        "credentials": {"action": [{"auth_scheme_config": PROGRAM_CONFIG, "credential": _CREDENTIAL}], "trigger": []},
    },
    ConnectorDefaultVersionProvider: {"connector_id": "01JC", "version": "1.0.0"},
    ImportedConnectorProvider: {"library_connector_id": "01JL", "version": "latest"},
}
"""Program inputs as the host receives them, written in their canonical form (as the typed Args produce it)."""

_IMPORT_COPIED = {"name": "Slack", "base_url": "https://slack.com/api", "version_names": ["1.0.0"]}

_PROBE = r"""
import base64, json, sys
import dill, pulumi.dynamic  # what the host has loaded before its first check

cases = json.load(sys.stdin)
results = []
for case in cases:
    provider = dill.loads(base64.b64decode(case["news"]["__provider"]))
    check = provider.check(case["accepted"], case["news"])
    diff = provider.diff("id", case["outputs"], check.inputs)
    results.append({
        "inputs": check.inputs,
        "failures": [f.property for f in check.failures],
        "changes": diff.changes,
        "replaces": list(diff.replaces or []),
    })
heavy = json.loads(sys.argv[1])
print(json.dumps({"results": results, "loaded": sorted(m for m in heavy if m in sys.modules)}))
"""


def _case(cls: type[VersoriProvider], news: dict[str, Any]) -> dict[str, Any]:
    provider = cls()
    news = {**news, "__provider": serialize_provider(provider)}
    accepted = checked(provider, news)
    if cls is ImportedConnectorProvider:  # the copied fields come from the library on the first check
        accepted = {**accepted, **_IMPORT_COPIED, "auth_scheme_configs": []}
    outputs = {k: v for k, v in accepted.items() if not k.startswith("__")}
    return {"news": news, "accepted": accepted, "outputs": outputs}


def _probe(cases: list[dict[str, Any]]) -> dict[str, Any]:
    done = subprocess.run(
        [sys.executable, "-c", _PROBE, json.dumps(HEAVY)],
        input=json.dumps(cases),
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    result: dict[str, Any] = json.loads(done.stdout)
    return result


def test_a_no_change_check_and_diff_load_nothing_heavy() -> None:
    cases = [_case(cls, news) for cls, news in NEWS.items()]
    probed = _probe(cases)
    assert probed["loaded"] == []
    for case, result in zip(cases, probed["results"], strict=True):
        assert result["failures"] == []
        assert result["inputs"] == case["accepted"]  # what the full path accepted, unchanged
        assert result["changes"] is False
        assert result["replaces"] == []


def test_contents_written_with_typed_args_are_sent_canonical() -> None:
    """A version's contents from the typed Args leave defaults out (a definition's ``accept``, a parameter's
    ``type``): the program sends them in check's canonical form, so a no-change preview keeps them unvalidated."""
    definitions = contents_to_wire("definitions", {"Pet": DefinitionArgs(schema={"type": "object", "maxLength": 5.0})})
    action = ActionArgs(
        method="GET",
        path="/pets/{{ param.id }}",
        parameters=[ParameterArgs(name="id", in_="path", required=True)],
        responses=[ResponseArgs(status=200, definitions=["Pet"])],
    )
    actions = contents_to_wire("actions", {"getPet": action})
    assert definitions["Pet"]["accept"] == ["application/json"]
    assert definitions["Pet"]["schema"]["maxLength"] == 5 and isinstance(definitions["Pet"]["schema"]["maxLength"], int)
    news = {"connector_id": "01JC", "name": "1.0.0", "published": True, "definitions": definitions, "actions": actions}
    case = _case(ConnectorVersionProvider, news)
    assert case["accepted"]["definitions"] == definitions and case["accepted"]["actions"] == actions
    probed = _probe([case])
    assert probed["loaded"] == []
    assert probed["results"][0]["inputs"] == case["accepted"]


@pytest.mark.parametrize(
    ("cls", "edit"),
    [
        (ConnectorProvider, {"base_url": "not a url"}),
        (ConnectionProvider, {"name": "   "}),
        (ConnectorVersionProvider, {"definitions": {"Pet": {"schema": {"type": "object"}, "acept": []}}}),
    ],
    ids=["connector", "connection", "version"],
)
def test_a_changed_input_is_validated_as_before(cls: type[VersoriProvider], edit: dict[str, Any]) -> None:
    """The contrast: an edited value is not kept as accepted; it is validated (pydantic loads) and refused."""
    case = _case(cls, NEWS[cls])
    case["news"] = {**case["news"], **edit}
    probed = _probe([case])
    assert "pydantic" in probed["loaded"]
    (result,) = probed["results"]
    assert result["failures"], result
    assert all(failure.split(".")[0].split("[")[0] in edit for failure in result["failures"])
    assert [f.property for f in cls().check(case["accepted"], case["news"]).failures] == result["failures"]


def test_an_unchanged_value_is_kept_as_accepted_without_validating_it() -> None:
    """What the shortcut means: a value identical to the one an earlier check of this provider accepted is not
    validated again (a stricter rule in a later release applies when the value next changes); the same value is
    refused when it is new, or when the previous inputs were not stored by this provider. Rules that see the other
    inputs still run whenever any input differs from what was accepted."""
    provider = ConnectorProvider()
    too_long = "x" * 300  # over the 256 characters a name may have
    news = {"name": too_long, "base_url": "https://api.crm.test", "__provider": serialize_provider(provider)}
    assert [f.property for f in provider.check({}, news).failures] == ["name"]
    accepted = {**checked(provider, {**news, "name": "crm"}), "name": too_long}
    assert provider.check(accepted, news).failures == []
    stored_elsewhere = {k: v for k, v in accepted.items() if k != "__provider"}  # not this provider's: not trusted
    assert [f.property for f in provider.check(stored_elsewhere, news).failures] == ["name"]
    duplicate = [CONFIG_WITH_ID, {**CONFIG_WITH_ID, "description": "another"}]
    with_rule = provider.check(accepted, {**news, "auth_scheme_configs": duplicate})
    assert [f.property for f in with_rule.failures] == ["auth_scheme_configs[1].id"]  # the ids must be unique


def test_a_no_change_check_and_diff_walk_no_value_for_unknowns(monkeypatch: pytest.MonkeyPatch) -> None:
    """A value identical to the accepted (or stored) one is known (the state holds no unknown), and when every input
    is as accepted the rules are skipped: so a no-change ``check`` and ``diff`` walk no value looking for unknowns
    (check once walked each twice, diff once: a large part of the host's own CPU in a no-change preview). The
    answers are the accepted inputs and no change."""
    from versori_pulumi._core import input_schema

    walks: list[Any] = []
    real = input_schema.has_unknown

    schema = input_schema.InputSchema
    own = {schema._check.__code__, schema.changed_fields.__code__}

    def counted(value: Any) -> bool:
        if sys._getframe(1).f_code in own:  # check's and diff's walks, not a join's
            walks.append(value)
        return real(value)

    # (not the imported connector: its accepted inputs hold what the library gave, which the program never sends,
    # so its inputs are never all as accepted and its rules run)
    cases = {cls: _case(cls, news) for cls, news in NEWS.items() if cls is not ImportedConnectorProvider}
    monkeypatch.setattr(input_schema, "has_unknown", counted)
    for cls, case in cases.items():
        result = cls().check(case["accepted"], case["news"])
        assert result.failures == [] and result.inputs == case["accepted"], cls.__name__
        assert cls().diff("id", case["outputs"], result.inputs).changes is False, cls.__name__
    assert walks == []
    unknown = {**cases[ConnectorProvider]["news"], "base_url": input_schema.UNKNOWN}
    assert ConnectorProvider().check(cases[ConnectorProvider]["accepted"], unknown).inputs["base_url"] == (
        input_schema.UNKNOWN
    )
    assert walks  # the contrast: a changed value is walked
