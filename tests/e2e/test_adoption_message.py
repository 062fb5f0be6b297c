"""An adoption says what it adopted: the engine reports ``created`` for a resource whose create adopted an existing
object; the provider's message, shown by ``pulumi up``, names its kind, name and id."""

from __future__ import annotations

import pytest

from versori_pulumi.client import ConnectClient
from versori_pulumi.emulator import EmulatorServer
from versori_pulumi.models import HTTPConnectorCreate

from .harness import StackFactory

pytestmark = pytest.mark.e2e


def test_up_shows_what_an_adoption_adopted(emulator: EmulatorServer, stack_factory: StackFactory) -> None:
    def program() -> None:
        import versori_pulumi as versori

        versori.Connector(
            "acme",
            versori.ConnectorArgs(name="Acme", base_url="https://a.test", adopt_existing="Acme", force_delete=True),
        )

    with ConnectClient(emulator.base_url, emulator.org_id, emulator.api_key) as api:
        existing = api.create_http_connector(HTTPConnectorCreate(name="Acme", base_url="https://a.test")).id
        stack = stack_factory.create(
            program,
            stack_name="adopt-message",
            config={"versori:baseUrl": emulator.base_url, "versori:organisationId": emulator.org_id},
            secrets={"versori:apiKey": emulator.api_key},
        )
        shown: list[str] = []
        stack.up(on_output=shown.append)
        assert [c.id for c in api.list_connectors()] == [existing]
    text = "\n".join(shown)
    assert f"adopted the existing connector 'Acme' (id {existing}) in the organisation: not created" in text, text
