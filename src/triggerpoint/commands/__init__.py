"""Sub-commands of the `triggerpoint` CLI, one module per area."""
