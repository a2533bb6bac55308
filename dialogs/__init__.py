"""Closer's coach: pure Python, no Telegram, no I/O beyond reading its own content at start-up."""
