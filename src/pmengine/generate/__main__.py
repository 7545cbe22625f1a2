"""``python -m pmengine.generate OUT_DIR --employees N --weeks W --seed S [...]``: ``vik monitor generate``."""

import sys

from pmengine.cli import main

sys.exit(main(["generate", *sys.argv[1:]]))
