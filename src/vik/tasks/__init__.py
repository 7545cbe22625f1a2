"""My tasks: the list collected from what every app registers in `vik.core.tasks`, and the
reminders and escalations sent from it."""
