"""The server-rendered pages without a browser."""
