"""Formats kamtui reads and writes: plain text, and later CSV, JSON, Markdown, ICS."""
