#!/usr/bin/env python3
"""Times the code check on the real docs: the whole check, and the block finding alone.

    python benchmarks/bench_code.py [--runs 5]

Prints the median and the fastest of several runs (the first run also pays for imports and
cold caches, so it is shown on its own).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO_ROOT / "scripts"))

from docs_validator.checks import code  # noqa: E402
from docs_validator.options import Options  # noqa: E402
from docs_validator.snippets import snippet_base_paths  # noqa: E402
from docs_validator.sources import collect_markdown  # noqa: E402

# Runs after the first: enough for a stable median on a 2-core machine, quick to wait for.
DEFAULT_RUNS = 5


def timed(action) -> float:  # noqa: ANN001 - any callable without arguments
    started = time.perf_counter()
    action()
    return time.perf_counter() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=DEFAULT_RUNS, help="timed runs")
    args = parser.parse_args()

    docs = REPO_ROOT / "docs"
    options = Options(files=collect_markdown([docs]), repo_root=REPO_ROOT, docs_dir=docs)
    base_paths = snippet_base_paths(REPO_ROOT)

    first = timed(lambda: code.run(options))
    result = code.run(options)
    whole = [timed(lambda: code.run(options)) for _ in range(args.runs)]
    finding = [
        timed(lambda: [code.scan_page(p, options, base_paths) for p in options.files])
        for _ in range(args.runs)
    ]

    blocks = int(result.summary["code_blocks"])
    median = statistics.median(whole)
    print(f"docs: {len(options.files)} pages, {blocks} code blocks")
    print(f"first run (imports, cold caches): {first:.2f} s")
    print(
        f"code check: median {median:.2f} s, fastest {min(whole):.2f} s "
        f"over {args.runs} runs ({blocks / median:.0f} blocks/s)"
    )
    print(f"finding blocks only: median {statistics.median(finding) * 1000:.0f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
