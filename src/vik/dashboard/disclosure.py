"""The disclosure control moved to `vik.core.disclosure` (the monitoring and confidential aggregates
use it too); this name stays importable for the dashboard and its tests."""

from vik.core.disclosure import *  # noqa: F403
from vik.core.disclosure import _equations, _format, _propagate  # noqa: F401
