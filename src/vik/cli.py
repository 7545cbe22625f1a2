"""The `vik` console command.

`vik monitor ...` runs the protective-monitoring engine (no Django involved); every other
sub-command is a Django management command (`vik migrate`, `vik seed_demo`, `vik serve`, ...).
"""

import os
import sys


def main(argv: list[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if args and args[0] == "monitor":
        from pmengine.cli import main as monitor_main

        return monitor_main(args[1:])
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "vik.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["vik", *args])
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
