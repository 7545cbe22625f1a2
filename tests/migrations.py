"""Running migrations back and forth inside a test (data migrations are tested on old rows)."""

from django.db import connection
from django.db.migrations.executor import MigrationExecutor


def migrate(targets):
    """Migrate to `targets`; None: forward to the newest migration of every app. Going back
    unapplies every migration that depends on the targets (later migrations of other apps too), so
    a test returns with None, never with its own "after" targets: later tests need every table.
    Returns the historical apps at the targets."""
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    targets = targets or executor.loader.graph.leaf_nodes()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps
