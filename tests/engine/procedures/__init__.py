"""engine/procedures: loading, publishing rules, publishing, version contents."""
