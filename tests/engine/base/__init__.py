"""engine/base."""
