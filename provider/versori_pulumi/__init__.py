"""Pulumi dynamic providers for the Versori Connect API."""

__version__ = "0.1.0"
