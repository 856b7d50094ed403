"""The engine, by package (engine/)."""
