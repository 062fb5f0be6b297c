"""Objects made by hand through the API, as a team did before Pulumi: the brownfield to import.

A connector "Billing" with an API-key auth scheme, its versions 1.0.0 (published, the default) and 1.1.0 (a draft
from it), and a connection "production" holding a key; a BigQuery connector "Warehouse"; the public library's
"Slack" connector imported into the organisation, with a connection "team". Run once against the
emulator (or an organisation of your own) with VERSORI_BASE_URL, VERSORI_ORGANISATION_ID and VERSORI_API_KEY set:

    python make_by_hand.py
"""

from __future__ import annotations

import os

from versori_pulumi.client import ConnectClient
from versori_pulumi.config import settings_from
from versori_pulumi.models import (
    BigQueryConnectorCreate,
    ConnectionCreate,
    ConnectorVersionCreate,
    HTTPConnectorCreate,
)

API_KEY_SCHEME = {"id": "billing-key", "schemeType": "api-key", "description": "key", "name": "X-Api-Key"} | {
    "in": "header"
}


def main() -> None:
    settings = settings_from()
    with ConnectClient(settings.base_url, settings.organisation_id, settings.api_key) as api:
        billing = api.create_http_connector(
            HTTPConnectorCreate.model_validate(
                {
                    "name": "Billing",
                    "baseUrl": "https://billing.example.com/api",
                    "authSchemeConfigs": [API_KEY_SCHEME],
                    "tags": {"team": ["payments"]},
                }
            )
        )
        api.create_version(billing.id, ConnectorVersionCreate(name="1.0.0"))
        published = api.publish_version(billing.id, "1.0.0")
        api.update_version(billing.id, "1.0.0", published.model_copy(update={"is_default": True}))
        api.create_version(billing.id, ConnectorVersionCreate(name="1.1.0", from_version="1.0.0"))
        api.create_connection(
            billing.id,
            ConnectionCreate.model_validate(
                {
                    "name": "production",
                    "credentials": {
                        "action": [
                            {
                                "authSchemeConfig": API_KEY_SCHEME,
                                "credential": {
                                    "name": "billing-key",
                                    "type": "string",
                                    "data": {"value": os.environ.get("BILLING_KEY", "made-by-hand-key")},
                                },
                            }
                        ]
                    },
                    "variables": [{"name": "region", "value": "eu"}],
                }
            ),
        )
        warehouse = api.create_bigquery_connector(BigQueryConnectorCreate(name="Warehouse", dataset_id="acme.sales"))
        library_slack = next(c for c in api.list_public_connectors(name="Slack") if c.name == "Slack")
        slack = api.import_library_version(library_slack.id, "latest")
        api.create_connection(slack.id, ConnectionCreate(name="team"))
        print(f"made Billing ({billing.id}), Warehouse ({warehouse.id}) and Slack ({slack.id})")


if __name__ == "__main__":
    main()
