"""The catalogue of edits a user makes to a Versori stack, and the program they are made to.

A :class:`Spec` is the whole desired organisation as plain data; :func:`program` turns one into a Pulumi program and
each :data:`EDITS` entry turns a spec into the next one, the way a person edits their program. The plan-equals-apply
suite (``test_plan_equals_apply.py``) applies every edit on the real engine and compares, resource by resource, the
operation the preview announced with the one ``up`` performed.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from pulumi import automation as auto

__all__ = [
    "EDITS",
    "Edit",
    "Spec",
    "apply_edit",
    "base_spec",
    "diffs_of",
    "ops_of",
    "program",
    "resource_names",
    "teardown_spec",
]

API_KEY_SCHEME = {"scheme_type": "api-key", "description": "key", "name": "X-Api-Key", "in_": "header"}
BASIC_SCHEME = {"scheme_type": "basic-auth", "description": "basic"}
"""The dict forms (``XArgsDict``); the other programs of the suite use the ``XArgs`` classes."""

DRAFT_CONTENTS: dict[str, Any] = {
    "definitions": {
        "Contact": {"schema": {"type": "object", "properties": {"email": {"type": "string"}}}},
        "Note": {"schema": {"type": "string"}, "description": "free text"},
    },
    "actions": {
        "getContact": {
            "method": "GET",
            "path": "/contacts/{{ param.id }}",
            "parameters": [{"name": "id", "in_": "path", "required": True}],
            "responses": [{"status": 200, "definitions": ["Contact"]}],
        },
        "addNote": {"method": "POST", "path": "/notes", "request_body": {"definitions": ["Note"]}, "responses": [{}]},
    },
    "triggers": {"contactCreated": {"request_body": {"definitions": ["Contact"]}, "responses": [{"status": 204}]}},
}
"""A draft's contents, in the dict forms (``ActionArgsDict``, ...): what the content edits work on."""

Spec = dict[str, Any]
"""``connector``, ``versions`` (resource name -> version), ``default`` (resource name of the default version),
``connections`` (resource name -> connection; ``after``: version keys it depends on), ``imported`` (the library
import and its connection)."""


def base_spec(library_connector_id: str) -> Spec:
    """A connector with two published versions (the first the default), a connection, and a library import with a
    connection on it."""
    return {
        "connector": {
            "name": "Acme",
            "base_url": "https://api.acme.test",
            "tags": {"team": ["platform"]},
            "categories": ["CRM"],
            "documentation_url": "https://docs.acme.test",
            "connection_variables": [{"name": "region", "value": "eu"}],
            "auth_scheme_configs": [API_KEY_SCHEME],
        },
        "versions": {
            "v1": {"name": "1.0.0", "description": "first", "published": True, "force_delete": True},
            "v2": {"name": "2.0.0", "from": "1.0.0", "description": "second", "published": True, "force_delete": True},
            "v3": {"name": "3.0.0-draft", "force_delete": True, "contents": copy.deepcopy(DRAFT_CONTENTS)},
        },
        "default": "v1",
        "connections": {
            "prod": {"name": "production", "variables": [{"name": "region", "value": "eu"}], "secret": "secret-0"},
        },
        "imported": {
            "library_connector_id": library_connector_id,
            "connection": {"name": "workspace", "secret": "bot-secret-0"},
        },
        "counter": 0,
    }


def program(
    current: Callable[[], Spec], *, legacy_default: bool = False, face: str = "versori_pulumi"
) -> Callable[[], None]:
    """The Pulumi program for the spec ``current`` returns, read at every run so a test can edit it between runs.

    ``legacy_default`` declares the default as ``default=True`` on the version, as versori-pulumi < 0.2 did (used
    only to measure the old behaviour). ``face``: the module of the resource classes (``pulumi_versori`` for the
    native face, whose classes take the same Args).
    """

    def run() -> None:
        import importlib

        import pulumi

        versori: Any = importlib.import_module(face)
        from versori_pulumi.inputs import (
            ConnectionCredentialArgs,
            ConnectionCredentialsArgs,
            StringCredentialArgs,
        )

        spec = current()
        c = spec["connector"]
        connector = versori.Connector(
            "acme",
            versori.ConnectorArgs(
                name=c["name"],
                base_url=c["base_url"],
                tags=c.get("tags"),
                categories=c.get("categories"),
                documentation_url=c.get("documentation_url"),
                connection_variables=c.get("connection_variables"),
                auth_scheme_configs=c.get("auth_scheme_configs"),
                force_delete=c.get("force_delete"),
                adopt_existing=c.get("adopt_existing"),
            ),
        )
        versions: dict[str, Any] = {}
        for key, v in spec["versions"].items():
            after = [r for r in versions.values() if v.get("from") and r._versori_name == v["from"]]
            extra: dict[str, Any] = {"default": spec.get("default") == key} if legacy_default else {}
            resource = versori.ConnectorVersion(
                key,
                versori.ConnectorVersionArgs(
                    connector_id=connector.connector_id,
                    name=v["name"],
                    from_version=v.get("from"),
                    description=v.get("description"),
                    published=v.get("published"),
                    force_delete=v.get("force_delete"),
                    adopt_existing=v.get("adopt_existing"),
                    **{kind: v["contents"][kind] for kind in ("definitions", "actions", "triggers") if "contents" in v},
                    **extra,
                ),
                opts=pulumi.ResourceOptions(depends_on=after),
            )
            resource._versori_name = v["name"]
            versions[key] = resource
        if not legacy_default and spec.get("default") in versions:
            versori.ConnectorDefaultVersion(
                "acme-default",
                versori.ConnectorDefaultVersionArgs(
                    connector_id=connector.connector_id, version=versions[spec["default"]]
                ),
            )
        for key, conn in spec["connections"].items():
            versori.Connection(
                key,
                versori.ConnectionArgs(
                    connector_id=connector.connector_id,
                    name=conn["name"],
                    variables=conn.get("variables"),
                    credentials=ConnectionCredentialsArgs(
                        action=[
                            ConnectionCredentialArgs(
                                auth_scheme_config=connector.auth_scheme_configs[0],
                                credential=StringCredentialArgs(
                                    name="acme-key", value=pulumi.Output.secret(conn["secret"])
                                ),
                            )
                        ]
                    ),
                    force_delete=conn.get("force_delete"),
                    adopt_existing=conn.get("adopt_existing"),
                ),
                opts=pulumi.ResourceOptions(depends_on=[versions[k] for k in conn.get("after", [])]),
            )
        imp = spec.get("imported")
        if imp:
            imported = versori.ImportedConnector(
                "slack",
                versori.ImportedConnectorArgs(
                    library_connector_id=imp["library_connector_id"],
                    force_delete=imp.get("force_delete"),
                    adopt_existing=imp.get("adopt_existing"),
                ),
            )
            ic = imp["connection"]
            versori.Connection(
                "slack-workspace",
                versori.ConnectionArgs(
                    connector_id=imported.connector_id,
                    name=ic["name"],
                    credentials=ConnectionCredentialsArgs(
                        action=[
                            ConnectionCredentialArgs(
                                auth_scheme_config=imported.auth_scheme_configs[0],
                                credential=StringCredentialArgs(
                                    name="slack-token", value=pulumi.Output.secret(ic["secret"])
                                ),
                            )
                        ]
                    ),
                    force_delete=ic.get("force_delete"),
                ),
            )

    return run


# --- what the engine did ---------------------------------------------------------------------------------------

_REPLACE_OPS = {"replace", "create-replacement", "delete-replaced", "discard-replaced"}


def ops_of(events: Iterable[auto.EngineEvent]) -> dict[str, str]:
    """Resource name -> operation (same, update, replace, create, delete) as the engine reported its steps."""
    ops: dict[str, str] = {}
    for event in events:
        pre = event.resource_pre_event
        if (
            pre is None
            or pre.metadata.type == "pulumi:pulumi:Stack"
            or pre.metadata.type.startswith("pulumi:providers:")
        ):
            continue
        name = pre.metadata.urn.split("::")[-1]
        op = pre.metadata.op.value if hasattr(pre.metadata.op, "value") else str(pre.metadata.op)
        op = "replace" if op in _REPLACE_OPS else op
        if ops.get(name) != "replace":
            ops[name] = op
    return ops


def diffs_of(events: Iterable[auto.EngineEvent]) -> dict[str, list[str]]:
    """Resource name -> the changed input names the engine gives for its step (``diffReasons`` in --json)."""
    found: dict[str, list[str]] = {}
    for event in events:
        pre = event.resource_pre_event
        if pre is None or pre.metadata.type == "pulumi:pulumi:Stack":
            continue
        # the native face names its properties camelCase: as the program's (snake_case) names
        found[pre.metadata.urn.split("::")[-1]] = sorted(_snake(d) for d in pre.metadata.diffs or [])
    return found


def _snake(name: str) -> str:
    return "".join(f"_{c.lower()}" if c.isupper() else c for c in name)


# --- the edits -------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Edit:
    """One kind of change a user makes. ``apply`` returns False when it does not fit the spec (nothing to do)."""

    name: str
    apply: Callable[[Spec], bool]
    expect: Mapping[str, str] = field(default_factory=dict)
    """Resource name -> the operation a correct provider performs for this edit on the base spec."""
    reasons: Mapping[str, frozenset[str]] = field(default_factory=dict)
    """Resource name -> inputs the preview must name as changed (``diffReasons``)."""


def _bump(spec: Spec) -> int:
    spec["counter"] += 1
    return int(spec["counter"])


def _set(path: str, value: Callable[[Spec], Any]) -> Callable[[Spec], bool]:
    def apply(spec: Spec) -> bool:
        *parents, last = path.split(".")
        node = spec
        for part in parents:
            node = node[part]
        node[last] = value(spec)
        return True

    return apply


def _toggle(path: str) -> Callable[[Spec], bool]:
    def apply(spec: Spec) -> bool:
        *parents, last = path.split(".")
        node = spec
        for part in parents:
            node = node[part]
        node[last] = not node.get(last, False)
        return True

    return apply


def _drop(path: str) -> Callable[[Spec], bool]:
    """Leave an input out of the program that gave it a value (back to its default, which the state does not
    store)."""

    def apply(spec: Spec) -> bool:
        *parents, last = path.split(".")
        node = spec
        for part in parents:
            node = node[part]
        return node.pop(last, None) is not None

    return apply


def _other_categories(spec: Spec) -> list[str]:
    return ["CRM"] if spec["connector"].get("categories") == ["CRM", "ERP"] else ["CRM", "ERP"]


def _published(spec: Spec) -> list[str]:
    return [k for k, v in spec["versions"].items() if v.get("published")]


def _add_auth_config(spec: Spec) -> bool:
    configs = spec["connector"]["auth_scheme_configs"]
    configs.append({**BASIC_SCHEME, "description": f"basic {_bump(spec)}"})
    return True


def _remove_auth_config(spec: Spec) -> bool:
    configs = spec["connector"]["auth_scheme_configs"]
    if len(configs) < 2:
        return False
    configs.pop()  # never the first: the connections use it
    return True


def _publish(spec: Spec) -> bool:
    """Publish v2 when it is a draft (the edit names what it changes, so it is always v2; other drafts, such as
    the contents' v3, are the content edits')."""
    v2 = spec["versions"].get("v2")
    if v2 is None or v2.get("published"):
        return False
    v2["published"] = True
    return True


def _unpublish(spec: Spec) -> bool:
    """Unpublish v2 when it is published and not the default."""
    v2 = spec["versions"].get("v2")
    if v2 is None or not v2.get("published") or spec.get("default") == "v2":
        return False
    v2["published"] = False
    return True


def _promote(spec: Spec) -> bool:
    candidates = [k for k in _published(spec) if k != spec.get("default")]
    if not candidates:
        return False
    spec["default"] = candidates[-1]
    return True


def _published_description(spec: Spec) -> bool:
    key = _published(spec)[0]
    spec["versions"][key]["description"] = f"edited {_bump(spec)}"
    return True


def _add_version(spec: Spec) -> bool:
    n = _bump(spec)
    spec["versions"][f"v-extra-{n}"] = {"name": f"3.{n}.0", "description": "extra", "force_delete": True}
    return True


def _remove_version(spec: Spec) -> bool:
    removable = [
        k
        for k, v in spec["versions"].items()
        if k != spec.get("default")
        and (v.get("force_delete") or not v.get("published"))
        and not any(o.get("from") == v["name"] for o in spec["versions"].values())
    ]
    if not removable:
        return False
    del spec["versions"][removable[-1]]
    return True


def _contents(spec: Spec) -> dict[str, Any] | None:
    draft = spec["versions"].get("v3")
    return None if draft is None or draft.get("published") else draft["contents"]


def _add_action(spec: Spec) -> bool:
    contents = _contents(spec)
    if contents is None:
        return False
    n = _bump(spec)
    contents["actions"][f"listContacts{n}"] = {
        "method": "GET",
        "path": f"/contacts/v{n}",
        "responses": [{"status": 200, "definitions": ["Contact"]}],
    }
    return True


def _change_action_path(spec: Spec) -> bool:
    contents = _contents(spec)
    if contents is None:
        return False
    contents["actions"]["getContact"]["path"] = f"/people{_bump(spec)}/{{{{ param.id }}}}"
    return True


def _toggle_definition(spec: Spec) -> bool:
    """Remove the definition only ``addNote`` links (with the action), or put both back."""
    contents = _contents(spec)
    if contents is None:
        return False
    if "Note" in contents["definitions"]:
        del contents["definitions"]["Note"], contents["actions"]["addNote"]
    else:
        contents["definitions"]["Note"] = copy.deepcopy(DRAFT_CONTENTS["definitions"]["Note"])
        contents["actions"]["addNote"] = copy.deepcopy(DRAFT_CONTENTS["actions"]["addNote"])
    return True


def _change_definition(spec: Spec) -> bool:
    contents = _contents(spec)
    if contents is None:
        return False
    properties = contents["definitions"]["Contact"]["schema"]["properties"]
    properties[f"field{_bump(spec)}"] = {"type": "integer", "maximum": 10}
    return True


def _add_connection(spec: Spec) -> bool:
    n = _bump(spec)
    spec["connections"][f"conn-{n}"] = {"name": f"extra-{n}", "secret": f"extra-secret-{n}", "force_delete": True}
    return True


def _remove_connection(spec: Spec) -> bool:
    if len(spec["connections"]) < 2:
        return False
    del spec["connections"][list(spec["connections"])[-1]]
    return True


def _adopt_setting(path: str) -> Callable[[Spec], bool]:
    """Adding ``adopt_existing`` to a resource already managed: nothing to do (it only matters at create)."""

    def apply(spec: Spec) -> bool:
        *parents, last = path.split(".")
        node = spec
        for part in parents:
            node = node[part]
        node[last] = None if node.get(last) else node.get("name", "Slack")
        return True

    return apply


def _several(spec: Spec) -> bool:
    spec["connector"]["name"] = f"Acme {_bump(spec)}"
    spec["connections"]["prod"]["variables"] = [{"name": "region", "value": f"us-{spec['counter']}"}]
    _published_description(spec)
    spec["imported"]["force_delete"] = not spec["imported"].get("force_delete", False)
    return True


EDITS: list[Edit] = [
    Edit(
        "connector name",
        _set("connector.name", lambda s: f"Acme {_bump(s)}"),
        {"acme": "update"},
        {"acme": frozenset({"name"})},
    ),
    Edit(
        "connector base_url",
        _set("connector.base_url", lambda s: f"https://api{_bump(s)}.acme.test"),
        {"acme": "update"},
    ),
    Edit(
        "connector tags",
        _set("connector.tags", lambda s: {"team": ["platform"], "rev": [str(_bump(s))]}),
        {"acme": "update"},
    ),
    Edit(
        "connector categories",
        _set("connector.categories", _other_categories),
        {"acme": "update"},
    ),
    Edit(
        "connector documentation_url",
        _set("connector.documentation_url", lambda s: f"https://docs.acme.test/{_bump(s)}"),
        {"acme": "update"},
    ),
    Edit(
        "connector connection_variables",
        _set("connector.connection_variables", lambda s: [{"name": "region", "value": f"r{_bump(s)}"}]),
        {"acme": "update"},
    ),
    Edit("connector tags left out", _drop("connector.tags"), {"acme": "update"}, {"acme": frozenset({"tags"})}),
    Edit(
        "connector connection_variables left out",
        _drop("connector.connection_variables"),
        {"acme": "update"},
        {"acme": frozenset({"connection_variables"})},
    ),
    Edit(
        "connection variables left out",
        _drop("connections.prod.variables"),
        {"prod": "update"},
        {"prod": frozenset({"variables"})},
    ),
    Edit("add auth scheme config", _add_auth_config, {"acme": "update"}),
    Edit("remove auth scheme config", _remove_auth_config, {"acme": "update"}),
    Edit(
        "connection variables",
        _set("connections.prod.variables", lambda s: [{"name": "region", "value": f"v{_bump(s)}"}]),
        {"prod": "update"},
    ),
    Edit("connection name", _set("connections.prod.name", lambda s: f"production-{_bump(s)}"), {"prod": "update"}),
    Edit("published version description", _published_description, {"v1": "update"}),
    Edit("unpublish", _unpublish, {"v2": "update"}, {"v2": frozenset({"published"})}),
    Edit("publish", _publish, {"v2": "update"}, {"v2": frozenset({"published"})}),
    Edit("promote default", _promote, {"acme-default": "update"}, {"acme-default": frozenset({"version"})}),
    Edit(
        "rotate credential",
        _set("connections.prod.secret", lambda s: f"secret-{_bump(s)}"),
        {"prod": "replace"},
        {"prod": frozenset({"credential_secrets"})},  # the secret alone changes (issue 20)
    ),
    Edit("content: add an action", _add_action, {"v3": "update"}, {"v3": frozenset({"actions"})}),
    Edit("content: change an action's path", _change_action_path, {"v3": "update"}, {"v3": frozenset({"actions"})}),
    Edit("content: change a definition", _change_definition, {"v3": "update"}, {"v3": frozenset({"definitions"})}),
    Edit(
        "content: remove a definition and its action",
        _toggle_definition,
        {"v3": "update"},
        {"v3": frozenset({"definitions", "actions"})},
    ),
    Edit("add version", _add_version, {}),
    Edit("remove version", _remove_version, {}),
    Edit("add connection", _add_connection, {}),
    Edit("remove connection", _remove_connection, {}),
    Edit("connector force_delete", _toggle("connector.force_delete"), {"acme": "update"}),
    Edit("version force_delete", _toggle("versions.v2.force_delete"), {"v2": "update"}),
    Edit("connection force_delete", _toggle("connections.prod.force_delete"), {"prod": "update"}),
    Edit("imported force_delete", _toggle("imported.force_delete"), {"slack": "update"}),
    Edit(
        "imported connection force_delete", _toggle("imported.connection.force_delete"), {"slack-workspace": "update"}
    ),
    Edit("connector adopt_existing", _adopt_setting("connector.adopt_existing"), {}),
    Edit("version adopt_existing", _adopt_setting("versions.v1.adopt_existing"), {}),
    Edit("connection adopt_existing", _adopt_setting("connections.prod.adopt_existing"), {}),
    Edit("imported adopt_existing", _adopt_setting("imported.adopt_existing"), {}),
    Edit("several at once", _several, {"acme": "update", "prod": "update", "v1": "update", "slack": "update"}),
]


def apply_edit(spec: Spec, edit: Edit) -> Spec | None:
    """The spec after ``edit``, or None when the edit does not fit (the spec is left as it was)."""
    edited = copy.deepcopy(spec)
    return edited if edit.apply(edited) else None


def resource_names(spec: Spec, *, legacy_default: bool = False) -> set[str]:
    """The Pulumi resource names the program declares for ``spec``."""
    names = {"acme", *spec["versions"], *spec["connections"]}
    if spec.get("default") in spec["versions"] and not legacy_default:
        names.add("acme-default")
    if spec.get("imported"):
        names |= {"slack", "slack-workspace"}
    return names


def expected_ops(before: Spec, after: Spec, edit: Edit, *, legacy_default: bool = False) -> dict[str, str]:
    """The operations a correct provider performs for ``edit`` (resources not named are unchanged)."""
    old, new = (
        resource_names(before, legacy_default=legacy_default),
        resource_names(after, legacy_default=legacy_default),
    )
    expected = {name: "create" for name in new - old} | {name: "delete" for name in old - new}
    return expected | {k: v for k, v in edit.expect.items() if k in new}


def teardown_spec(spec: Spec) -> Spec:
    """``spec`` with every resource deletable (what a team sets before ``pulumi destroy``)."""
    ready = copy.deepcopy(spec)
    for group in (ready["versions"], ready["connections"]):
        for item in group.values():
            item["force_delete"] = True
    ready["connector"]["force_delete"] = True
    if ready.get("imported"):
        ready["imported"]["force_delete"] = True
        ready["imported"]["connection"]["force_delete"] = True
    return ready


# --- refresh: every resource kind with every auth scheme type and every credential type -------------------------

REFRESH_CONFIGS: dict[str, dict[str, Any]] = {
    "none": {"scheme_type": "none", "description": "open"},
    "api-key": API_KEY_SCHEME,
    "basic-auth": BASIC_SCHEME,
    "oauth2-code": {
        "scheme_type": "oauth2",
        "description": "app",
        "authorize_url": "https://acme.test/oauth/authorize",
        "token_url": "https://acme.test/oauth/token",
        "scopes": [{"name": "read", "description": "read access"}, {"name": "write"}],
        "default_scopes": ["read"],
        "grant": {"grant_type": "authorization_code", "client_id": "app-id", "client_secret": "app-s3cret"},
    },
    "oauth2-client": {
        "scheme_type": "oauth2",
        "description": "machine",
        "authorize_url": "https://acme.test/oauth/authorize",
        "token_url": "https://acme.test/oauth/token",
        "additional_token_params": "audience=acme",
        "grant": {"grant_type": "client_credentials"},
    },
    "oauth2-password": {
        "scheme_type": "oauth2",
        "description": "legacy",
        "authorize_url": "https://acme.test/oauth/authorize",
        "token_url": "https://acme.test/oauth/token",
        "default_scopes": [],
        "grant": {"grant_type": "password", "client_id": "pw-id", "client_secret": "pw-s3cret"},
    },
    "hmac": {
        "scheme_type": "hmac",
        "description": "webhooks",
        "name": "X-Signature",
        "in_": "header",
        "algorithm": "sha256",
        "digest_inputs": ["body", "url"],
    },
    "certificate": {"scheme_type": "certificate", "description": "mtls"},
}
"""One auth scheme config of every HTTP scheme type (OAuth 2.0 with each grant), in the dict forms."""

REFRESH_BIGQUERY_CONFIGS: dict[str, dict[str, Any]] = {
    "google-service-account": {"scheme_type": "google-service-account", "description": "service account"},
    "oauth2-code": REFRESH_CONFIGS["oauth2-code"],
}

_OAUTH2_CLIENT = {
    "type": "oauth2-client",
    "client_id": "cred-id",
    "client_secret": "cred-s3cret",
    "authorize_url": "https://acme.test/oauth/authorize",
    "token_url": "https://acme.test/oauth/token",
    "scopes": ["read"],
}

REFRESH_CONNECTIONS: dict[str, tuple[str, str, dict[str, Any]]] = {
    "none-none": ("http", "none", {"type": "none"}),
    "apikey-string": ("http", "api-key", {"type": "string", "value": "key-s3cret"}),
    "basic-basic": ("http", "basic-auth", {"type": "basic-auth", "username": "ann", "password": "basic-s3cret"}),
    "hmac-string": ("http", "hmac", {"type": "string", "value": "hmac-s3cret"}),
    "hmac-binary": ("http", "hmac", {"type": "binary", "value_base64": "aG1hYy1zM2NyZXQ="}),
    "cert-cert": (
        "http",
        "certificate",
        {"type": "certificate", "certificate": "CERT", "key": "key-s3cret", "ca": "CA"},
    ),
    "oauth2code-code": ("http", "oauth2-code", {"type": "oauth2-code", "code": "code-s3cret", "state": "st"}),
    "oauth2code-client": ("http", "oauth2-code", _OAUTH2_CLIENT),
    "oauth2code-token": (
        "http",
        "oauth2-code",
        {"type": "oauth2-token", "scopes": ["read"], "access_token": "at-s3cret", "refresh_token": "rt-s3cret"},
    ),
    "oauth2code-password": (
        "http",
        "oauth2-code",
        {"type": "oauth2-password", "username": "ann", "password": "pw-s3cret"},
    ),
    "oauth2client-client": ("http", "oauth2-client", {**_OAUTH2_CLIENT, "authorize_url": ""}),
    "oauth2password-password": (
        "http",
        "oauth2-password",
        {"type": "oauth2-password", "username": "bob", "password": "pw2-s3cret"},
    ),
    "bq-gsa-binary": ("bigquery", "google-service-account", {"type": "binary", "value_base64": "eyJrZXkiOiJzIn0="}),
    "bq-oauth2-token": ("bigquery", "oauth2-code", {"type": "oauth2-token", "scopes": ["read"]}),
    "slack-string": ("imported", "0", {"type": "string", "value": "xoxb-s3cret"}),
}
"""Connection resource name -> (connector, config key, credential in its dict form): every credential type that
fits an auth scheme config, on every scheme type (custom-function and jwt-bearer fit none: check refuses them)."""

REFRESH_STEPS: tuple[str, ...] = ("up", "refresh", "preview", "refresh", "preview")
"""What the refresh catalogue runs, each ``refresh``/``preview`` with ``--expect-no-changes``."""


def refresh_spec(library_connector_id: str) -> Spec:
    """Every resource kind: an HTTP and a BigQuery connector holding every auth scheme type, a published version
    (the default) and a draft, a library import, and a connection for every row of :data:`REFRESH_CONNECTIONS`."""
    return {
        "connector": {"name": "Matrix", "base_url": "https://api.matrix.test", "configs": dict(REFRESH_CONFIGS)},
        "bigquery": {"name": "Matrix BQ", "dataset_id": "acme-project.sales", "configs": REFRESH_BIGQUERY_CONFIGS},
        "versions": {
            "m1": {"name": "1.0.0", "description": "first", "published": True, "force_delete": True},
            "m2": {"name": "2.0.0-draft", "force_delete": True, "contents": copy.deepcopy(DRAFT_CONTENTS)},
        },
        "default": "m1",
        "imported": {"library_connector_id": library_connector_id},
        "connections": copy.deepcopy(REFRESH_CONNECTIONS),
    }


def refresh_secrets() -> list[str]:
    """Every secret value the refresh catalogue's program holds (none may appear in a preview)."""
    found = [
        str(value)
        for _, _, credential in REFRESH_CONNECTIONS.values()
        for key, value in credential.items()
        if key in ("value", "password", "client_secret", "key", "code", "access_token", "refresh_token")
    ]
    return found + ["app-s3cret", "pw-s3cret"]


def refresh_program(current: Callable[[], Spec]) -> Callable[[], None]:
    """The Pulumi program of :func:`refresh_spec`; connections take ``connector.auth_scheme_configs[i]``."""

    def run() -> None:
        import versori_pulumi as versori

        spec = current()
        c, b = spec["connector"], spec["bigquery"]
        http = versori.Connector(
            "matrix",
            versori.ConnectorArgs(
                name=c["name"],
                base_url=c["base_url"],
                auth_scheme_configs=list(c["configs"].values()),
                force_delete=True,
            ),
        )
        bigquery = versori.BigQueryConnector(
            "matrix-bq",
            versori.BigQueryConnectorArgs(
                name=b["name"],
                dataset_id=b["dataset_id"],
                auth_scheme_configs=list(b["configs"].values()),
                force_delete=True,
            ),
        )
        versions = {
            key: versori.ConnectorVersion(
                key,
                versori.ConnectorVersionArgs(
                    connector_id=http.connector_id,
                    name=v["name"],
                    description=v.get("description"),
                    published=v.get("published"),
                    force_delete=v.get("force_delete"),
                    **{kind: v["contents"][kind] for kind in ("definitions", "actions", "triggers") if "contents" in v},
                ),
            )
            for key, v in spec["versions"].items()
        }
        versori.ConnectorDefaultVersion(
            "matrix-default",
            versori.ConnectorDefaultVersionArgs(connector_id=http.connector_id, version=versions[spec["default"]]),
        )
        imported = versori.ImportedConnector(
            "matrix-slack",
            versori.ImportedConnectorArgs(
                library_connector_id=spec["imported"]["library_connector_id"], force_delete=True
            ),
        )
        holders: dict[str, tuple[Any, list[str]]] = {
            "http": (http, list(c["configs"])),
            "bigquery": (bigquery, list(b["configs"])),
            "imported": (imported, ["0"]),
        }
        for name, (holder, config, credential) in spec["connections"].items():
            connector, keys = holders[holder]
            versori.Connection(
                name,
                versori.ConnectionArgs(
                    connector_id=connector.connector_id,
                    name=name,
                    credentials={
                        "action": [
                            {
                                "auth_scheme_config": connector.auth_scheme_configs[keys.index(config)],
                                "credential": {"name": f"{name}-credential", **credential},
                            }
                        ]
                    },
                    force_delete=True,
                ),
            )

    return run


# --- a destroy that stops on a published version, and finishes -------------------------------------------------


def unforced_spec(library_connector_id: str) -> Spec:
    """:func:`base_spec` with no ``force_delete`` on its versions: ``pulumi destroy`` deletes the connection ``prod``
    (which depends on ``v2``), then stops on the published ``v2``."""
    spec = base_spec(library_connector_id)
    for version in spec["versions"].values():
        version.pop("force_delete", None)
    spec["connections"]["prod"]["after"] = ["v2"]  # deleted before the published v2: the destroy stops half way
    return spec


DESTROY_STEPS: dict[str, tuple[tuple[str, str | None], ...]] = {
    "stack config": (
        ("up", None),
        ("destroy", "version '2.0.0' cannot be deleted"),
        ("config", "versori:forceDeletePublished=true"),
        ("destroy --run-program", None),
    ),
    "environment": (
        ("up", None),
        ("destroy", "version '2.0.0' cannot be deleted"),
        ("env", "VERSORI_FORCE_DELETE_PUBLISHED=true"),
        ("destroy", None),
    ),
}
"""What the partial-destroy test runs, one way per entry: a step and the error it must stop with (None: it
succeeds). ``config``/``env`` set the provider setting the refusal names, as its message says, with no ``up`` in
between; a destroy reads new stack config only when it runs the program (``--run-program``)."""
