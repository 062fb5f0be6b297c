"""Connectors: the HTTP and BigQuery read models (a union tagged by ``protocol``), their create and update bodies,
tags and categories."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Annotated, Any, Literal

from pydantic import Field, model_validator

from ._base import APIModel, Page, WriteModel
from .auth_schemes import AuthSchemeConfig
from .connections import Connection, ConnectionCreate, ConnectionVariable
from .versions import ConnectorVersion

__all__ = [
    "BigQueryConnector",
    "BigQueryConnectorCreate",
    "BigQueryConnectorUpdate",
    "CategoriesUpdate",
    "Category",
    "Connector",
    "ConnectorPage",
    "ConnectorUpdate",
    "HTTPConnector",
    "HTTPConnectorCreate",
    "HTTPConnectorUpdate",
    "Tags",
    "TagsUpdate",
]


class Category(StrEnum):
    DEVELOPMENT_IT = "Development & IT"
    ERP = "ERP"
    SUPPLY_CHAIN = "Supply Chain & Logistics"
    COMMUNICATION = "Communication"
    ACCOUNTING = "Accounting"
    HOSPITALITY = "Hospitality"
    PRODUCTIVITY = "Productivity"
    HR = "HR"
    CRM = "CRM"
    AI_LLMS = "AI/LLMs"
    ECOMMERCE = "eCommerce"
    BUSINESS_OPERATIONS = "Business Operations"


Tags = dict[str, list[str]]


class TagsUpdate(WriteModel):
    """Body of UpdateConnectorTags: replaces every tag."""

    tags: Tags = Field(default_factory=dict)


class CategoriesUpdate(WriteModel):
    """Body of UpdateConnectorCategories: replaces every category."""

    categories: list[Category] = Field(default_factory=list)


# --- read models ---


class _ConnectorBase(APIModel):
    id: str
    organisation_id: str
    name: str
    public: bool = False
    documentation_url: str | None = Field(default=None, alias="documentationURL")
    image_url: str | None = Field(default=None, alias="imageURL")
    tags: Tags = Field(default_factory=dict)
    auth_scheme_configs: list[AuthSchemeConfig] = Field(default_factory=list)
    connection_variables: list[ConnectionVariable] = Field(default_factory=list)
    connections: list[Connection] = Field(default_factory=list)
    versions: list[ConnectorVersion] = Field(default_factory=list)
    created_at: datetime
    updated_at: datetime

    @model_validator(mode="before")
    @classmethod
    def _nulls_as_empty(cls, value: Any) -> Any:
        """Go servers may send a nil slice as ``null`` (NOTES §3); read it as empty."""
        if isinstance(value, dict):
            for key in ("authSchemeConfigs", "connectionVariables", "connections", "versions", "tags"):
                if key in value and value[key] is None:
                    value = {**value, key: {} if key == "tags" else []}
        return value


class HTTPConnector(_ConnectorBase):
    protocol: Literal["http"] = "http"
    base_url: str


class BigQueryConnector(_ConnectorBase):
    protocol: Literal["bigquery"] = "bigquery"
    dataset_id: str


Connector = Annotated[HTTPConnector | BigQueryConnector, Field(discriminator="protocol")]
"""A connector of either protocol, tagged by ``protocol``."""


class ConnectorPage(Page[Connector]):
    """ListConnectors and ListPublicConnectors page (its array is ``connectors``)."""

    items_key = "connectors"


# --- request bodies ---


class HTTPConnectorCreate(WriteModel):
    """CreateHTTPConnector body. The spec requires ``connections`` without defining it (NOTES §10.1): we send a
    list of ConnectionCreate, empty by default."""

    name: str
    base_url: str
    auth_scheme_configs: list[AuthSchemeConfig] = Field(default_factory=list)
    connection_variables: list[ConnectionVariable] = Field(default_factory=list)
    tags: Tags = Field(default_factory=dict)
    public: bool = False
    connections: list[ConnectionCreate] = Field(default_factory=list)


class BigQueryConnectorCreate(WriteModel):
    """CreateBigQueryConnector body; ``datasetId`` is ``<project_id>.<dataset_name>``, optional in the spec."""

    name: str
    dataset_id: str = ""
    connections: list[ConnectionCreate] = Field(default_factory=list)


class HTTPConnectorUpdate(WriteModel):
    """UpdateConnector body for HTTP connectors: a full replace of the mutable fields (spec §UpdateConnector).

    ``auth_scheme_config_ids`` only reorders; left out, the configs stay as they are.
    """

    id: str
    organisation_id: str
    name: str
    protocol: Literal["http"] = "http"
    base_url: str
    tags: Tags | None = None
    auth_scheme_config_ids: list[str] | None = None
    public: bool = False
    documentation_url: str | None = Field(default=None, alias="documentationURL")
    image_url: str | None = Field(default=None, alias="imageURL")
    connection_variables: list[ConnectionVariable] | None = None


class BigQueryConnectorUpdate(WriteModel):
    id: str
    organisation_id: str
    name: str
    protocol: Literal["bigquery"] = "bigquery"
    dataset_id: str
    tags: Tags | None = None
    auth_scheme_config_ids: list[str] | None = None
    public: bool = False
    documentation_url: str | None = Field(default=None, alias="documentationURL")
    image_url: str | None = Field(default=None, alias="imageURL")


ConnectorUpdate = Annotated[HTTPConnectorUpdate | BigQueryConnectorUpdate, Field(discriminator="protocol")]
