"""engine/cases: claims, timers, incidents, case migration, the access queries."""
