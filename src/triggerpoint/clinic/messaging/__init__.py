"""Messages to clients: emails, links in them, reminders and calendar files."""
