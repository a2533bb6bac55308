"""Everything outside the coach: Telegram, storage, scheduling, the console."""
