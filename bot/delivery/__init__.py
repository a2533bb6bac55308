"""Messages in and out: the inbox (intake), the outbox's sender, the pacer that keeps
Telegram's limits, the HTTP transport, and per-person order."""
