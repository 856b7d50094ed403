"""engine/directory: the service directory."""
