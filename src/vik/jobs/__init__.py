"""Background jobs: long or periodic work (monitoring imports, dashboard rebuilds and refreshes,
reminders, report mailing, the audit anchor, session cleanup) runs outside requests through
Django's task framework (`django.tasks`) with the database backend of `django-tasks-db` and its
`db_worker`, which `vik serve` starts as a process of its own.

A `Job` row is VIK's own record of one piece of work (what, state, progress, Dutch error message,
attempts, heartbeat); the task queued in the framework only carries the job's id. Apps name the
work by a *kind* registered in `registry` (the site registers the kinds, so this app imports no
domain app). Periodic kinds are queued once per period however many schedulers run (a unique
period key); a failed job is retried up to its kind's attempts, and an administrator can retry it
from the status page (/taken/achtergrond/)."""
