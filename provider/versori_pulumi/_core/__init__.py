"""The provider framework every resource provider shares, face-neutral where it can be: specs and input
schemas, the lifecycle steps, the contents sync, the kind registry, failure messages, ownership, masking."""
