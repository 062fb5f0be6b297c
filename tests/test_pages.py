"""One generic page model reads every listing's page, under whatever name the spec gives its array."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from versori_pulumi import models
from versori_pulumi.models import PAGE_ITEM_KEYS, Page

SPEC_PATH = Path(__file__).resolve().parents[1].parent / "shared" / "api" / "connect-api-v1.yaml"

PROTOCOL = {"id": "p1", "slug": "http", "name": "HTTP", "description": "d", "iconURL": "https://i.example/p.png"}
SCHEME = {"id": "s1", "type": "api-key", "name": "API key", "description": "d"}
SUMMARY = {"id": "k1", "name": "prod", "createdAt": "2025-01-02T03:04:05Z", "updatedAt": "2025-01-02T03:04:05Z"}
VERSION = {"id": "v1", "name": "1.0.0", "createdAt": "2025-01-02T03:04:05Z", "updatedAt": "2025-01-02T03:04:05Z"}

PAGES: list[tuple[Any, str, dict[str, Any], type]] = [
    (models.ProtocolPage, "protocols", PROTOCOL, models.Protocol),
    (models.AuthSchemePage, "authSchemes", SCHEME, models.AuthScheme),
    (models.ConnectorConnectionPage, "items", SUMMARY, models.ConnectionSummary),
    (models.ConnectorVersionsPage, "items", VERSION, models.ConnectorVersion),
]


@pytest.mark.parametrize(("model", "key", "item", "item_type"), PAGES, ids=[p[3].__name__ for p in PAGES])
def test_a_page_reads_its_array_and_cursors(
    model: type[Page[Any]], key: str, item: dict[str, Any], item_type: type
) -> None:
    page = model.model_validate({"totalCount": 3, "next": "cur-2", key: [item, item]})
    assert (page.total_count, page.next, page.prev, len(page.items)) == (3, "cur-2", None, 2)
    assert all(type(i) is item_type for i in page.items)
    written = page.model_dump(mode="json", by_alias=True, exclude_none=True)
    assert list(written) == ["totalCount", "next", key] and len(written[key]) == 2  # written back under its name


def test_the_page_names_are_the_generic_naming_their_array() -> None:
    assert issubclass(models.ConnectorPage, Page[models.Connector]) and models.ConnectorPage.items_key == "connectors"
    assert issubclass(models.ActionPage, Page[models.ActionHTTP]) and models.ActionPage.items_key == "actions"
    assert issubclass(models.DefinitionPage, Page) and issubclass(models.TriggerPage, Page)


def test_a_page_without_its_array_is_empty_and_one_without_a_count_is_refused() -> None:
    assert models.ConnectorConnectionPage.model_validate({"totalCount": 0}).items == []
    with pytest.raises(ValueError):
        models.ProtocolPage.model_validate({"protocols": []})


@pytest.mark.skipif(not SPEC_PATH.exists(), reason="the API spec lives outside the repository")
def test_every_page_of_the_spec_names_its_array_in_page_item_keys() -> None:
    schemas = yaml.safe_load(SPEC_PATH.read_text())["components"]["schemas"]
    pages = {name: schema for name, schema in schemas.items() if name.endswith("Page")}
    assert len(pages) == 8
    for name, schema in pages.items():
        arrays = [
            key
            for part in schema["allOf"]
            for key, prop in part.get("properties", {}).items()
            if prop.get("type") == "array"
        ]
        assert len(arrays) == 1 and arrays[0] in PAGE_ITEM_KEYS, name
        page_model = getattr(models, name, None)
        if page_model is not None:  # the models' page of this listing writes its array under the spec's name
            assert page_model.items_key == arrays[0], name
