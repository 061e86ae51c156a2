"""kamtui: a private, keyboard-driven terminal workspace for a key account manager."""

__version__ = "0.1.0"
