"""My tasks: due steps, overdue updates, review moments, line follow-ups; reminders by themselves."""
