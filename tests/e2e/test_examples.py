"""The example projects, run against the emulator as users run them: the plain CLI in each project's own folder
(a copy of it: its Pulumi.yaml, runtime options and virtualenv as written), through Pulumi's Python language host."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from pulumi import automation as auto

from versori_pulumi.client import ConnectClient
from versori_pulumi.emulator import LIBRARY_SLACK_ID, EmulatorServer

from .harness import StackFactory

pytestmark = pytest.mark.e2e

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def example_project(factory: StackFactory, name: str) -> tuple[str, Path]:
    """The example's project name (its config namespace) and a scratch copy of its folder to run."""
    folder = factory.project_folder(EXAMPLES / name)
    return yaml.safe_load((folder / "Pulumi.yaml").read_text())["name"], folder


def changes(summary: dict[str, int] | None) -> dict[str, int]:
    return {op: n for op, n in (summary or {}).items() if op != "same" and n}


def provider_config(emulator: EmulatorServer) -> dict[str, str]:
    return {"versori:baseUrl": emulator.base_url, "versori:organisationId": emulator.org_id}


def test_connector_lifecycle_promotes_draft_published_default(
    emulator: EmulatorServer, stack_factory: StackFactory
) -> None:
    project, folder = example_project(stack_factory, "connector-lifecycle")
    stack = stack_factory.create_project(
        folder,
        stack_name="dev",
        config={**provider_config(emulator), f"{project}:stage": "draft"},
        secrets={"versori:apiKey": emulator.api_key, f"{project}:billingToken": "tok_live_123"},
    )
    with ConnectClient(emulator.base_url, emulator.org_id, emulator.api_key) as api:
        connector_id = stack.up().outputs["connector_id"].value
        assert not api.get_version(connector_id, "2.0.0").published
        assert api.get_version(connector_id, "default").name == "1.0.0"

        stack.set_config(f"{project}:stage", auto.ConfigValue("published"))
        assert changes(stack.preview().change_summary) == {"update": 1}
        stack.up()
        assert api.get_version(connector_id, "2.0.0").published
        assert api.get_version(connector_id, "default").name == "1.0.0"

        stack.set_config(f"{project}:stage", auto.ConfigValue("default"))
        shown: list[str] = []
        promotion = stack.preview(diff=True, on_output=shown.append)
        assert changes(promotion.change_summary) == {"update": 1}  # the ConnectorDefaultVersion alone
        text = "\n".join(shown)
        print(text)
        assert "~ pulumi-python:dynamic/versori:ConnectorDefaultVersion: (update)" in text
        assert text.count(" => ") == 4  # version and version_id, and the two stack outputs that follow
        assert re.search(r'~ version +: "1.0.0" => "2.0.0"', text) and "~ 1 to update" in text
        stack.up()
        assert api.get_version(connector_id, "default").name == "2.0.0"
        assert changes(stack.preview().change_summary) == {}
        assert changes(stack.refresh().summary.resource_changes) == {}

        stack.destroy()
        assert list(api.list_connectors()) == []


def test_library_import(emulator: EmulatorServer, stack_factory: StackFactory) -> None:
    project, folder = example_project(stack_factory, "library-import")
    stack = stack_factory.create_project(
        folder,
        stack_name="dev",
        config=provider_config(emulator),
        secrets={"versori:apiKey": emulator.api_key},
    )
    with ConnectClient(emulator.base_url, emulator.org_id, emulator.api_key) as api:
        # The lookup runs at preview: the library id is a plain value there, already shown as the import's input.
        shown: list[str] = []
        stack.preview(diff=True, on_output=shown.append)
        assert f'library_connector_id: "{LIBRARY_SLACK_ID}"' in "".join(shown)
        assert list(api.list_connectors()) == []  # the preview made nothing

        stack.set_config(f"{project}:libraryConnector", auto.ConfigValue("Slakc"))
        with pytest.raises(auto.CommandError) as info:
            stack.preview()
        assert "no public library connector is named 'Slakc'; the library has:" in str(info.value)
        assert "'Slack'" in str(info.value) and emulator.api_key not in str(info.value)
        stack.remove_config(f"{project}:libraryConnector")

        outputs = stack.up().outputs
        assert outputs["library_connector_id"].value == LIBRARY_SLACK_ID  # found by name
        connector = api.get_connector(outputs["connector_id"].value)
        assert connector.name == outputs["connector_name"].value
        assert [c.id for c in api.list_connections(connector.id)] == [outputs["connection_id"].value]
        assert changes(stack.preview().change_summary) == {}
        stack.destroy()
        assert list(api.list_connectors()) == []
