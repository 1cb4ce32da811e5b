#!/usr/bin/env python3
"""Checks every link and code block of the docs. Run `python scripts/validate.py --help`."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from docs_validator.cli import main  # noqa: E402

if __name__ == "__main__":
    sys.exit(main())
