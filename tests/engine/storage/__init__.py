"""engine/storage: schema revisions and backups."""
