"""What a program that builds a version from an OpenAPI document shows in the preview, on the real engine: the
import's warnings (``OpenAPIContents.report()``), each with its pointers, and, for a document that cannot be
mapped, the refusal alone: the file, each problem with its pointer, no Python traceback."""

from __future__ import annotations

from pathlib import Path

import pytest
from pulumi import automation as auto

from versori_pulumi.emulator import EmulatorServer

from .harness import StackFactory
from .test_examples import provider_config

pytestmark = pytest.mark.e2e

CORPUS = Path(__file__).resolve().parents[1] / "fixtures" / "openapi" / "corpus"


def program(document: Path) -> auto.PulumiFn:
    def run() -> None:
        import versori_pulumi as versori
        from versori_pulumi.openapi import read_openapi

        contents = read_openapi(document)
        contents.report(document.name)
        connector = versori.Connector(
            "api",
            versori.ConnectorArgs(
                name=contents.name, base_url=contents.base_url, auth_scheme_configs=contents.auth_scheme_configs
            ),
        )
        versori.ConnectorVersion(
            "v1",
            versori.ConnectorVersionArgs(
                connector_id=connector.connector_id,
                name=contents.version,
                definitions=contents.definitions,
                actions=contents.actions,
                triggers=contents.triggers,
            ),
        )

    return run


def test_the_import_warnings_show_in_the_preview(emulator: EmulatorServer, stack_factory: StackFactory) -> None:
    stack = stack_factory.create(
        program(CORPUS / "wrong-types.yaml"),
        stack_name="warnings",
        config=provider_config(emulator),
        secrets={"versori:apiKey": emulator.api_key},
    )
    events: list[auto.EngineEvent] = []
    stack.preview(on_event=events.append)
    warnings = [
        e.diagnostic_event.message for e in events if e.diagnostic_event and e.diagnostic_event.severity == "warning"
    ]
    text = "\n".join(warnings)
    assert (
        "wrong-types.yaml: not OpenAPI 3.0: missing required field 'description' (#/paths/~1accounts/get/responses/200)"
    ) in text
    assert "wrong-types.yaml: the default is not of the schema's type boolean; kept as written" in text
    stack.up()
    assert stack.preview().change_summary.get("same") == 3, "the version built from the document is stable"


def test_a_refused_document_stops_the_preview_with_its_problems_and_no_traceback(
    emulator: EmulatorServer, stack_factory: StackFactory
) -> None:
    stack = stack_factory.create(
        program(CORPUS / "refused-many.yaml"),
        stack_name="refused",
        config=provider_config(emulator),
        secrets={"versori:apiKey": emulator.api_key},
    )
    output: list[str] = []
    with pytest.raises(auto.CommandError) as info:
        stack.preview(on_output=output.append)
    shown = "\n".join(output) + str(info.value)
    assert (
        f"{CORPUS / 'refused-many.yaml'}: the document is not valid OpenAPI 3.0.3: 25 problems prevent its import"
        in shown
    )
    assert "  - #/paths/~1r19/get/responses/200/content/application~1json/schema/$ref: the reference points to" in shown
    assert "and 5 more" in shown
    assert "Traceback" not in shown and "inline source runtime error" not in shown
    print("\n".join(output))  # the preview text, for the record (pytest -s)
