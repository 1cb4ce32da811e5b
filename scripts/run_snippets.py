#!/usr/bin/env python3
"""Runs the runnable snippets of the docs against Docker. Run `python scripts/run_snippets.py
--help`; `make snippets` runs them all and writes build/snippets-report.json."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from snippet_runner.cli import main  # noqa: E402

if __name__ == "__main__":
    sys.exit(main())
