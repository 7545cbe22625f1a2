"""The site: what ties the apps together into one web application and one server.

It owns the home page ("my tasks" of every app), the main menu (shown by what the policy lets a
user do), the permission of the configuration site (asked of the policy), and `vik serve`: gunicorn
beside the background scheduler that runs the reminders and the report mailing. It may depend on
every app; no app depends on it."""
