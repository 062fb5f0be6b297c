"""The native face's examples, run as users run them: the plain CLI in a copy of each project folder, Pulumi's YAML
language host, the plugin from the virtualenv (``plugins.providers`` in each ``Pulumi.yaml``)."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest
from pulumi import automation as auto

from versori_pulumi.client import ConnectClient
from versori_pulumi.emulator import EmulatorServer

from ._cli import pulumi, pulumi_import, versori_command
from .harness import StackFactory
from .test_examples import changes, example_project, provider_config

pytestmark = pytest.mark.e2e


def writes(before: dict[str, int], after: dict[str, int]) -> dict[str, int]:
    """The requests other than reads made between two ``emulator.stats()``."""
    return {route: n - before.get(route, 0) for route, n in after.items() if not route.startswith("GET ")}


def test_openapi_release_yaml_walk(emulator: EmulatorServer, stack_factory: StackFactory) -> None:
    project, folder = example_project(stack_factory, "openapi-release-yaml")
    stack = stack_factory.create_project(
        folder, stack_name="dev", config=provider_config(emulator), secrets={"versori:apiKey": emulator.api_key}
    )
    with ConnectClient(emulator.base_url, emulator.org_id, emulator.api_key) as api:
        connector_id = stack.up().outputs["connector_id"].value
        assert api.get_version(connector_id, "default").name == "1.0.0"
        draft = api.get_version(connector_id, "1.1.0")
        assert not draft.published
        assert sorted(a.name for a in api.list_actions(connector_id, "1.1.0")) == ["getContact", "listContacts"]
        assert changes(stack.preview().change_summary) == {}

        stack.set_config(f"{project}:draftDocument", auto.ConfigValue("crm.yaml"))
        shown: list[str] = []
        edit = stack.preview(diff=True, on_output=shown.append)
        text = "".join(shown)
        assert changes(edit.change_summary) == {"update": 1}
        assert "~ versori:index:ConnectorVersion: (update)" in text and "crm-1-1-0]" in text
        assert "+ createDeal" in text and "+ Deal" in text
        assert re.search(r'~ path +: "/contacts/\{\{ param.id \}\}" => "/people/\{\{ param.id \}\}"', text)
        stack.up()
        assert sorted(a.name for a in api.list_actions(connector_id, "1.1.0")) == [
            "createDeal",
            "getContact",
            "listContacts",
        ]
        assert api.get_version(connector_id, "1.1.0").id == draft.id  # edited in place

        stack.set_config(f"{project}:publishDraft", auto.ConfigValue("true"))
        stack.set_config(f"{project}:defaultVersion", auto.ConfigValue("1.1.0"))
        assert changes(stack.preview().change_summary) == {"update": 2}
        assert stack.up().outputs["default_version"].value == "1.1.0"
        assert api.get_version(connector_id, "1.1.0").published
        assert api.get_version(connector_id, "default").name == "1.1.0"
        assert changes(stack.preview().change_summary) == {}

        stack.destroy()
        assert list(api.list_connectors()) == []


def test_brownfield_bulk_import_then_managed(emulator: EmulatorServer, stack_factory: StackFactory) -> None:
    project, folder = example_project(stack_factory, "brownfield")
    api_env = {
        "VERSORI_BASE_URL": emulator.base_url,
        "VERSORI_ORGANISATION_ID": emulator.org_id,
        "VERSORI_API_KEY": emulator.api_key,
    }
    subprocess.run([sys.executable, "make_by_hand.py"], cwd=folder, env={**stack_factory.env(), **api_env}, check=True)
    stack = stack_factory.create_project(
        folder,
        stack_name="dev",
        config=provider_config(emulator),
        secrets={"versori:apiKey": emulator.api_key, f"{project}:billingKey": "made-by-hand-key"},
    )
    with ConnectClient(emulator.base_url, emulator.org_id, emulator.api_key) as api:
        billing = api.find_connector_by_name("Billing")
        assert billing is not None
        (connection,) = api.list_connections(billing.id)

        versori_command(stack_factory, folder, "versori_pulumi.import_document", "--stack", "dev", "-o", "import.json")
        before = emulator.stats()
        imported = pulumi_import(stack_factory, folder, "dev", "import.json", "--out", "imported.yaml")
        assert "= 8 imported" in imported.stdout
        assert "versori:index:ImportedConnector slack imported" in imported.stdout  # the library copy, as such
        assert not any(writes(before, emulator.stats()).values())  # the import only reads
        (folder / "imported.yaml").rename(folder / "Main.yaml")
        program = (folder / "Main.yaml").read_text()
        print(program)
        assert "'**********'" in program  # the credential value the API does not give back, as it masks it

        assert changes(stack.preview(expect_no_changes=True).change_summary) == {}

        # As the README says: each object names its connector by reference, so the program orders deletes too.
        assert f"connectorId: {billing.id}" in program
        program = program.replace(f"connectorId: {billing.id}", "connectorId: ${billing.connectorId}")
        (folder / "Main.yaml").write_text(program)
        assert changes(stack.preview(expect_no_changes=True).change_summary) == {}

        # The secret set in the program: recorded in place (no replacement of the live connection).
        program = program.replace("'**********'", "${billingKey}")
        (folder / "Main.yaml").write_text("config:\n  billingKey:\n    type: string\n    secret: true\n" + program)
        shown: list[str] = []
        assert changes(stack.preview(diff=True, on_output=shown.append).change_summary) == {"update": 1}
        assert "~ credentialSecrets: [secret] => [secret]" in "".join(shown)
        before = emulator.stats()
        stack.up()
        assert {r for r, n in writes(before, emulator.stats()).items() if n} <= {
            "PUT /o/{organisation_id}/connectors/{connector_id}/connections/{connection_id}"
        }
        assert changes(stack.preview().change_summary) == {}

        # Then managed: an edit applied.
        (folder / "Main.yaml").write_text((folder / "Main.yaml").read_text().replace("value: eu", "value: us"))
        assert changes(stack.preview().change_summary) == {"update": 1}
        stack.up()
        live = api.get_connection(billing.id, connection.id)  # the same connection, edited
        assert [(v.name, v.value) for v in live.variables] == [("region", "us")]
        assert changes(stack.preview().change_summary) == {}
        warehouse = api.find_connector_by_name("Warehouse")
        slack = api.find_connector_by_name("Slack")
        assert warehouse is not None and slack is not None
        assert {c.id for c in api.list_connectors()} == {billing.id, warehouse.id, slack.id}

        # Imported objects are protected, and a published version is kept on delete: the README's way to tear down.
        unprotected = re.sub(r"\n +options:\n +protect: true", "", (folder / "Main.yaml").read_text())
        (folder / "Main.yaml").write_text(unprotected)
        pulumi(stack_factory, folder, "state", "unprotect", "--all", "--yes", "--stack", "dev")
        stack.set_config("versori:forceDeletePublished", auto.ConfigValue("true"))
        stack.destroy(run_program=True)  # a plain destroy keeps the provider settings of the last up
        assert list(api.list_connectors()) == []
