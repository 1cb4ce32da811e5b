"""MkDocs loads each hook with its own folder on sys.path (scripts/site_hooks), and the hooks
import one another by plain name; the tests import them the same way."""

from __future__ import annotations

import sys
from pathlib import Path

HOOKS = Path(__file__).resolve().parents[2] / "scripts" / "site_hooks"
if str(HOOKS) not in sys.path:
    sys.path.insert(0, str(HOOKS))
