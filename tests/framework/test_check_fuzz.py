"""Property-based tests of every provider's ``check`` and ``diff`` under random and hostile inputs.

Pulumi calls ``check`` with whatever the program computed (wrong types, unknowns at preview, stray keys), and a
raised exception there is an engine error with a stack trace instead of a readable failure on the property. These
tests hold the contract ``_inputs.InputSchema`` promises: ``check`` always answers with a CheckResult; each failure
names a property path that exists in the inputs and starts its reason with it; a clean result is a fixed point (so
a preview and the ``up`` after it agree, and an unchanged program never diffs); no failure echoes a value (a secret
typed into the wrong field must not be printed); ``diff`` never raises, whatever the previous state holds.
"""

from __future__ import annotations

import json
import math
import re
import sys
from collections.abc import Iterator, Mapping
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pulumi.output import Unknown

from versori_pulumi._core.base import VersoriProvider
from versori_pulumi._core.input_schema import UNKNOWN, has_unknown
from versori_pulumi._core.names import program_name
from versori_pulumi.bigquery_connector_provider import BigQueryConnectorProvider
from versori_pulumi.connection_provider import ConnectionProvider
from versori_pulumi.connector_default_version_provider import ConnectorDefaultVersionProvider
from versori_pulumi.connector_provider import ConnectorProvider
from versori_pulumi.connector_version_provider import ConnectorVersionProvider
from versori_pulumi.imported_connector_provider import ImportedConnectorProvider
from versori_pulumi.models import Category, CredentialType

FUZZ = settings(
    max_examples=250,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much],
)

SECRET_PREFIX = "sk_live_"
PROVIDER_KEY = "gASV-a-pickled-provider"
"""A ``__provider`` value, as the host passes it in both news and olds."""

# --- leaves: plausible and hostile values ---

secrets = st.text(alphabet="ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789", min_size=16, max_size=24).map(
    lambda tail: SECRET_PREFIX + tail
)
"""Secret-looking strings: put into values, they must never come back in a failure reason."""

huge_strings = st.integers(min_value=257, max_value=20_000).map(lambda n: ("é" + "x" * 9) * (n // 10 + 1))
floats = st.floats(allow_nan=True, allow_infinity=True)
scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    floats,
    st.text(max_size=40),
    st.just(""),
    st.just("   "),
    st.just(UNKNOWN),
    st.builds(Unknown),
    secrets,
    huge_strings,
)
keys = st.text(max_size=12).filter(lambda k: SECRET_PREFIX not in k)


def _nest(depth: int, leaf: Any, as_list: bool) -> Any:
    value = leaf
    for level in range(depth):
        value = [value] if as_list or level % 2 else {"k": value}
    return value


deep = st.builds(_nest, st.integers(min_value=20, max_value=200), scalars, st.booleans())
"""Deep nesting (Pulumi's wire format caps nesting near 100; we go past it)."""

json_like = st.recursive(
    scalars,
    lambda children: st.one_of(
        st.lists(children, max_size=4), st.dictionaries(keys, children, max_size=4), st.just([UNKNOWN])
    ),
    max_leaves=12,
)
hostile = st.one_of(json_like, deep)


names = st.one_of(st.text(min_size=1, max_size=30), secrets, st.sampled_from(["Acme", "1.0.0", "latest", "a/b"]))
urls = st.one_of(
    st.sampled_from(["https://api.acme.test", "http://localhost:8080/v1", "ftp://x", "not a url", "https://"]),
    st.text(max_size=20).map(lambda s: f"https://{s}"),
)
ulids = st.sampled_from(["01J0000000000000000000000A", "01J0000000000000000000000B", "cfg-1", ""])
descriptions = st.sampled_from(["key", "token", "", "clé ✓"])  # few, so alike configs (same id key) come up
HTTP_SCHEME_TYPES = ["none", "api-key", "basic-auth", "oauth2", "hmac", "certificate"]
SCHEME_TYPES = [*HTTP_SCHEME_TYPES, "google-service-account"]
CREDENTIAL_FIELDS = ["value", "valueBase64", "username", "password", "clientId", "clientSecret", "authorizeUrl"]
CREDENTIAL_FIELDS += ["tokenUrl", "scopes", "accessToken", "refreshToken", "code", "state", "certificate", "key", "ca"]
_FITTING = {
    "none": ["none"],
    "api-key": ["string"],
    "basic-auth": ["basic-auth"],
    "hmac": ["string", "binary"],
    "certificate": ["certificate"],
    "google-service-account": ["binary"],
    "oauth2": ["oauth2-client", "oauth2-token", "oauth2-code", "oauth2-password"],
}
"""Which credential types fit which auth scheme (mirrors ``models.scheme_accepts_credential``)."""


class Shapes:
    """Input strategies of the four resources: ``rough`` ones put a hostile value in any field (and stray keys);
    plausible ones are well-formed but for an occasional unknown, so valid, rich inputs come up often."""

    def __init__(self, rough: bool) -> None:
        self.rough = rough
        location = {"name": st.sampled_from(["X-Api-Key", "sig"]), "in": st.sampled_from(["header", "query", "cookie"])}
        grant = st.one_of(
            self.record({"grantType": st.just("client_credentials")}),
            self.record(
                {"grantType": st.sampled_from(["authorization_code", "password"])},
                {"clientId": st.text(max_size=6), "clientSecret": secrets},
            ),
        )
        if rough:
            grant = st.one_of(grant, self.record({"grantType": st.just("implicit")}, {"clientSecret": secrets}))
        scheme_fields: dict[str, dict[str, st.SearchStrategy[Any]]] = {
            "none": {},
            "api-key": location,
            "basic-auth": {},
            "certificate": {},
            "google-service-account": {},
            "hmac": {
                **location,
                "algorithm": st.sampled_from(["sha1", "sha256", "sha512"]),
                "digestInputs": st.lists(st.sampled_from(["body", "url"]), max_size=2),
            },
            "oauth2": {"authorizeUrl": urls, "tokenUrl": urls, "grant": grant},
        }
        extras = {
            "oauth2": {"defaultScopes": st.lists(names, max_size=2), "mtlsEnabled": st.booleans()},
        }

        def config(scheme: str) -> st.SearchStrategy[dict[str, Any]]:
            tag = st.one_of(st.just(scheme), secrets) if rough else st.just(scheme)
            return self.record(
                {"schemeType": tag, "description": descriptions, **scheme_fields[scheme]},
                {"id": ulids, **extras.get(scheme, {})},
            )

        self.auth_config = st.sampled_from(HTTP_SCHEME_TYPES).flatmap(config)
        self.any_auth_config = st.sampled_from(SCHEME_TYPES).flatmap(config)
        data_by_type: dict[str, dict[str, st.SearchStrategy[Any]]] = {
            "none": {},
            "string": {"value": secrets},
            "binary": {"valueBase64": secrets},
            "basic-auth": {"username": names, "password": secrets},
            "oauth2-client": {"clientId": names, "clientSecret": secrets, "authorizeUrl": urls, "tokenUrl": urls},
            "oauth2-token": {"scopes": st.lists(names, max_size=2), "accessToken": secrets},
            "oauth2-code": {"code": secrets, "state": st.text(max_size=6)},
            "oauth2-password": {"username": names, "password": secrets},
            "certificate": {"certificate": st.text(max_size=6), "key": secrets, "ca": st.text(max_size=6)},
        }

        def item(scheme: str) -> st.SearchStrategy[dict[str, Any]]:
            types = [t.value for t in CredentialType] if rough else _FITTING[scheme]

            def credential(ctype: str) -> st.SearchStrategy[dict[str, Any]]:
                data = self.record(data_by_type.get(ctype, {}))
                if rough:
                    data = st.one_of(data, st.dictionaries(st.sampled_from(CREDENTIAL_FIELDS), secrets, max_size=4))
                return self.record({"name": names, "type": st.just(ctype), "data": data})

            with_id = config(scheme).map(lambda c: {**c, "id": c.get("id") or "01J0000000000000000000000C"})
            return self.record(
                {
                    "authSchemeConfig": with_id if not rough else config(scheme),
                    "credential": st.sampled_from(types).flatmap(credential),
                }
            )

        items = st.lists(st.sampled_from(SCHEME_TYPES).flatmap(item), max_size=2)
        variables = st.lists(
            self.record({"name": names, "value": st.one_of(st.text(max_size=10), secrets)}), max_size=3
        )
        self.connector = self.record(
            {"name": names, "base_url": urls},
            {
                "public": st.booleans(),
                "documentation_url": urls,
                "image_url": urls,
                "tags": st.dictionaries(
                    keys, st.lists(st.one_of(st.text(max_size=6), secrets), max_size=2), max_size=3
                ),
                "categories": st.lists(st.sampled_from([c.value for c in Category] + ["Gardening"]), max_size=3),
                "connection_variables": variables,
                "auth_scheme_configs": st.lists(self.auth_config, max_size=3),
                "force_delete": st.booleans(),
                "adopt_existing": names,
                "__provider": st.just("pickled-provider"),
            },
        )
        dataset_ids = st.one_of(
            st.sampled_from(["my-project.sales", "example.com:acme-1.raw_events", "p.d", "no_dot", "A-B.c", ""]),
            st.text(max_size=12).map(lambda s: f"project-1.{s}"),
        )
        self.bigquery_connector = self.record(
            {"name": names, "dataset_id": dataset_ids},
            {
                "public": st.booleans(),
                "documentation_url": urls,
                "image_url": urls,
                "tags": st.dictionaries(keys, st.lists(st.text(max_size=6), max_size=2), max_size=3),
                "categories": st.lists(st.sampled_from([c.value for c in Category] + ["Gardening"]), max_size=3),
                "auth_scheme_configs": st.lists(self.any_auth_config, max_size=3),
                "force_delete": st.booleans(),
                "adopt_existing": names,
                "__provider": st.just("pickled-provider"),
            },
        )
        self.version = self.record(
            {"connector_id": names, "name": names},
            {
                "from_version": names,
                "description": st.one_of(st.text(max_size=20), secrets),
                "published": st.booleans(),
                "force_delete": st.booleans(),
                "definitions": st.dictionaries(
                    names,
                    self.field(st.fixed_dictionaries({"schema": hostile}, optional={"accept": st.lists(names)})),
                    max_size=2,
                ),
                "actions": st.dictionaries(
                    names,
                    self.field(
                        st.fixed_dictionaries(
                            {"method": st.sampled_from(["GET", "POST", "FETCH"]), "path": st.text(max_size=20)},
                            optional={
                                "responses": st.lists(
                                    st.fixed_dictionaries(
                                        {}, optional={"status": st.integers(100, 599), "definitions": st.lists(names)}
                                    ),
                                    max_size=2,
                                ),
                                "parameters": st.lists(
                                    st.fixed_dictionaries(
                                        {"name": names, "in": st.sampled_from(["path", "query", "body"])},
                                        optional={"default": hostile, "type": st.sampled_from(["integer", "x"])},
                                    ),
                                    max_size=2,
                                ),
                                "requestBody": st.fixed_dictionaries({"definitions": st.lists(names, max_size=2)}),
                            },
                        )
                    ),
                    max_size=2,
                ),
                "adopt_existing": names,
            },
        )
        self.connection = self.record(
            {"connector_id": names, "name": names},
            {
                "variables": variables,
                "credentials": self.record({}, {"action": items, "trigger": items}),
                "force_delete": st.booleans(),
                "adopt_existing": names,
            },
        )
        self.imported = self.record(
            {"library_connector_id": names}, {"version": names, "force_delete": st.booleans(), "adopt_existing": names}
        )
        self.default_version = self.record(
            {"connector_id": names, "version": names}, {"version_published": st.just(True)}
        )

    def field(self, good: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
        """Rough: the plausible value three times in four, else a hostile one. Plausible: sometimes unknown."""
        if self.rough:
            return st.one_of(good, good, good, hostile)
        return st.one_of(*[good] * 12, st.just(UNKNOWN), st.builds(Unknown))

    def record(
        self, required: Mapping[str, st.SearchStrategy[Any]], optional: Mapping[str, st.SearchStrategy[Any]] = {}
    ) -> st.SearchStrategy[dict[str, Any]]:
        """A dict with the required fields, some optional ones, and (rough) sometimes a random extra key."""
        extra = {"zz_extra": hostile} if self.rough else {}
        return st.fixed_dictionaries(
            {k: self.field(v) for k, v in required.items()},
            optional={**{k: self.field(v) for k, v in optional.items()}, **extra},
        )


ROUGH, PLAUSIBLE = Shapes(rough=True), Shapes(rough=False)
COMPUTED: dict[type[VersoriProvider], dict[str, Any]] = {
    ConnectorProvider: {"connector_id": "01JC", "organisation_id": "org", "created_at": "t"},
    BigQueryConnectorProvider: {"connector_id": "01JB", "organisation_id": "org", "protocol": "bigquery"},
    ConnectorVersionProvider: {"version_id": "01JV", "created_at": "t"},
    ConnectionProvider: {"connection_id": "01JN", "credential_ids": {"action": [], "trigger": []}},
    ImportedConnectorProvider: {"connector_id": "01JI", "name": "Slack", "version_names": []},
    ConnectorDefaultVersionProvider: {},  # version_id is an output only when the version is named, as here
}
"""Outputs a create adds to the checked inputs: previous state, as ``diff`` receives it."""


def strategies(cls: type[VersoriProvider], shapes: Shapes) -> st.SearchStrategy[dict[str, Any]]:
    return {
        ConnectorProvider: shapes.connector,
        BigQueryConnectorProvider: shapes.bigquery_connector,
        ConnectorVersionProvider: shapes.version,
        ConnectionProvider: shapes.connection,
        ImportedConnectorProvider: shapes.imported,
        ConnectorDefaultVersionProvider: shapes.default_version,
    }[cls]


PROVIDERS = list(COMPUTED)
IDS = [cls.__name__ for cls in PROVIDERS]


# --- helpers ---

_STEP = re.compile(r'\.?([^.\[\]"\\\s]+)|\[(\d+)\]|\[("(?:[^"\\]|\\.)*")\]')


def steps_of(path: str) -> list[str | int] | None:
    """Split ``a.b[0]["c.d"]`` into keys and indexes; None when the text is not such a path."""
    steps: list[str | int] = []
    position = 0
    while position < len(path):
        match = _STEP.match(path, position)
        if match is None or (match.group(1) is not None and position > 0 and path[position] != "."):
            return None
        key, index, quoted = match.groups()
        steps.append(key if key is not None else int(index) if index is not None else json.loads(quoted))
        position = match.end()
    return steps


def resolves(path: str, news: Mapping[str, Any]) -> bool:
    """Whether a failure path points into the inputs; the last step may name a missing field. Paths name fields in
    the program's names (``auth_scheme_config``), whichever form the input wrote (a 0.1 dict: ``authSchemeConfig``)."""
    steps = steps_of(path)
    if not steps:
        return False
    current: Any = news
    for position, step in enumerate(steps):
        last = position == len(steps) - 1
        if isinstance(step, int):
            if not isinstance(current, list) or step >= len(current):
                return False
            current = current[step]
        elif isinstance(current, Mapping) and (key := _written_as(current, step)) is not None:
            current = current[key]
        elif not (last and isinstance(current, Mapping)):
            return False
    return True


def _written_as(mapping: Mapping[str, Any], step: str) -> str | None:
    """The input's key that a path step names: itself, or a key whose program name it is."""
    if step in mapping:
        return step
    return next((key for key in mapping if isinstance(key, str) and program_name(key) == step), None)


def secrets_in(value: Any) -> Iterator[str]:
    """Every secret-looking string among the values (not the keys) of an input tree."""
    if isinstance(value, str):
        if value.startswith(SECRET_PREFIX):
            yield value
    elif isinstance(value, Mapping):
        for item in value.values():
            yield from secrets_in(item)
    elif isinstance(value, list):
        for item in value:
            yield from secrets_in(item)


def no_nan(value: Any) -> bool:
    """NaN never equals itself, so a fixed point cannot be compared with ``==`` when one survives check."""
    if isinstance(value, float):
        return not math.isnan(value)
    if isinstance(value, Mapping):
        return all(no_nan(v) for v in value.values())
    if isinstance(value, list):
        return all(no_nan(v) for v in value)
    return True


def assert_well_formed(result: Any, news: Mapping[str, Any]) -> None:
    assert result is not None and isinstance(result.inputs, dict) and isinstance(result.failures, list)
    leaked = set(secrets_in(news))
    for failure in result.failures:
        assert failure.reason[: len(failure.property) + 1] in (f"{failure.property}:", f"{failure.property} "), (
            failure.property,
            failure.reason,
        )
        assert resolves(failure.property, news), (failure.property, news)
        told = failure.reason.replace(failure.property, "")  # a path names keys (a map's item names), not values
        assert not any(secret in told for secret in leaked), failure.reason


def outputs_like(inputs: Mapping[str, Any], computed: Mapping[str, Any]) -> dict[str, Any]:
    return {**{k: v for k, v in inputs.items() if not k.startswith("__")}, **computed}


# --- properties ---


def any_inputs(cls: type[VersoriProvider]) -> st.SearchStrategy[dict[str, Any]]:
    return st.one_of(strategies(cls, ROUGH), strategies(cls, PLAUSIBLE))


def any_olds(cls: type[VersoriProvider]) -> st.SearchStrategy[dict[str, Any]]:
    """Previous inputs or state: none, well-formed, rough, or any junk (state written elsewhere)."""
    return st.one_of(st.just({}), any_inputs(cls), st.dictionaries(keys, hostile, max_size=3))


def rich(inputs: Mapping[str, Any]) -> bool:
    """Whether valid inputs hold the nested parts most likely to go wrong (auth scheme configs, credentials)."""
    credentials = inputs.get("credentials")
    return bool(inputs.get("auth_scheme_configs")) or (
        isinstance(credentials, Mapping) and any(credentials.get(side) for side in ("action", "trigger"))
    )


@pytest.mark.parametrize("cls", PROVIDERS, ids=IDS)
def test_check_never_raises_and_reports_paths(cls: type[VersoriProvider]) -> None:
    provider = cls()

    @FUZZ
    @given(news=any_inputs(cls), olds=any_olds(cls), stored_by_us=st.booleans())
    def run(news: dict[str, Any], olds: dict[str, Any], stored_by_us: bool) -> None:
        if stored_by_us:  # olds the provider trusts (check keeps values identical to them unvalidated)
            news, olds = {**news, "__provider": PROVIDER_KEY}, {**olds, "__provider": PROVIDER_KEY}
        assert_well_formed(provider.check(olds, news), news)

    run()


@pytest.mark.parametrize("cls", PROVIDERS, ids=IDS)
def test_valid_result_is_a_fixed_point_and_diffs_as_no_change(cls: type[VersoriProvider]) -> None:
    provider = cls()
    seen = {"valid": 0, "rich": 0}

    @FUZZ
    @given(news=strategies(cls, PLAUSIBLE))
    def run(news: dict[str, Any]) -> None:
        first = provider.check({}, news)
        if first.failures or not no_nan(first.inputs):
            return
        seen["valid"] += 1
        seen["rich"] += rich(first.inputs)
        inputs = first.inputs
        for olds in ({}, inputs):
            again = provider.check(olds, dict(inputs))
            assert again.failures == [], [f.reason for f in again.failures]
            assert again.inputs == inputs
        stored = {**inputs, "__provider": PROVIDER_KEY}  # as the host passes them: the shortcut applies
        kept = provider.check(stored, {**news, "__provider": PROVIDER_KEY})
        assert kept.failures == [], [f.reason for f in kept.failures]
        assert kept.inputs == stored  # identical to what validating everything gives
        olds = outputs_like(inputs, COMPUTED[cls])
        rechecked = provider.check(olds, news)  # the program's next run, with state to draw on
        assert rechecked.failures == [], [f.reason for f in rechecked.failures]
        diff = provider.diff("id", olds, rechecked.inputs)
        if not has_unknown(rechecked.inputs):
            assert rechecked.inputs == inputs
            assert diff.changes is False, (diff.replaces, olds, rechecked.inputs)
            assert not diff.replaces

    run()
    assert seen["valid"] >= 20, f"too few valid inputs to test anything: {seen}"
    if cls in (ConnectorProvider, BigQueryConnectorProvider, ConnectionProvider):
        assert seen["rich"] >= 3, f"too few valid inputs with configs or credentials: {seen}"  # ~1 in 20 runs drew <10


@pytest.mark.parametrize("cls", PROVIDERS, ids=IDS)
def test_diff_never_raises_whatever_the_old_state(cls: type[VersoriProvider]) -> None:
    provider = cls()
    fields = set(sys.modules[cls.__module__].SCHEMA.fields)

    @FUZZ
    @given(news=any_inputs(cls), olds=any_olds(cls))
    def run(news: dict[str, Any], olds: dict[str, Any]) -> None:
        checked = provider.check(olds, news)
        result = provider.diff("id", outputs_like(olds, COMPUTED[cls]), checked.inputs)
        assert result.changes in (None, False)  # a change is answered unknown, so the engine names the inputs
        assert set(result.replaces or []) <= fields, result.replaces
        assert result.changes is None or not result.replaces

    run()


def test_the_property_checks_can_fail() -> None:
    """An echoed secret and a path that is not in the inputs are both caught, so the properties are not vacuous."""
    secret = SECRET_PREFIX + "A" * 20

    def result(prop: str, reason: str) -> Any:
        return type("R", (), {"inputs": {}, "failures": [type("F", (), {"property": prop, "reason": reason})()]})()

    with pytest.raises(AssertionError):
        assert_well_formed(result("name", f"name: bad value {secret}"), {"name": secret})
    with pytest.raises(AssertionError):
        assert_well_formed(result("tags[1]", "tags[1]: bad"), {"tags": {"none": ["a", 1]}})
    assert_well_formed(result('tags["a.b"][1]', 'tags["a.b"][1]: bad'), {"tags": {"a.b": ["a", 1]}})


def test_alike_auth_scheme_configs_keep_their_own_ids_across_runs() -> None:
    """Found by the fixed-point property: two configs of one scheme and description, no ids, on the second run."""
    provider = ConnectorProvider()
    config = {"schemeType": "api-key", "description": "key", "name": "X-Api-Key", "in": "header"}
    news = {"name": "Acme", "base_url": "https://api.acme.test", "auth_scheme_configs": [config, config]}
    first = provider.check({}, news)
    assert first.failures == []
    second = provider.check(outputs_like(first.inputs, COMPUTED[ConnectorProvider]), news)
    assert second.failures == [] and second.inputs == first.inputs
