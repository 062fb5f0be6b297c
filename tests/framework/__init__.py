"""Tests of the provider framework (versori_pulumi._core): specs, input schemas, failures, masking, secrets, pickling,
the kind registry, the contents sync. Tests of one resource kind are in tests/providers."""
