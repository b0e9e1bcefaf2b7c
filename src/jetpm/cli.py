"""The `jetpm` console script: Django's manage command with the project's settings."""

import os
import sys


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jetpm.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["jetpm", *(argv if argv is not None else sys.argv[1:])])


if __name__ == "__main__":
    main()
