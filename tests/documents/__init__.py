"""documents/: generated, signed PDF/A documents."""
