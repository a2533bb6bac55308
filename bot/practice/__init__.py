"""Private practice: the coach in a private chat, /progress, reminders, and the flood brake."""
