"""texts/: the catalogue reader, and every catalogue complete in every language."""
