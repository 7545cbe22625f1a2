"""``python -m pmengine``: the same commands as ``vik monitor``."""

import sys

from pmengine.cli import main

sys.exit(main())
