"""Lighthouse scores of the built site, as `make lighthouse` prints them.

Builds the site for a loopback address, serves it gzipped as a static host would, and runs
Lighthouse (tools/lighthouse, pinned in its package-lock.json) with Debian's Chromium on both
home pages and on the longest page in both languages, as desktop and as mobile. Prints the four
category scores and, for any score under 100, the audits that cost points. The reports are
kept in build/lighthouse/.

Lighthouse's performance score moves by several points between runs of the same page on a
busy machine, so each page is measured several times (`--runs`, 3 by default) and the run
with the median performance score is the one shown, with the lowest and highest beside it:
the method Lighthouse's own documentation recommends for comparing scores.

    python -m site_preview.lighthouse            # what `make lighthouse` runs
    python -m site_preview.lighthouse --runs 5 --page en/
"""

from __future__ import annotations

import argparse
import html
import json
import os
import re
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from site_preview.build import REPO_ROOT, build_site
from site_preview.chromium import CHROMIUM as DEBIAN_CHROMIUM
from site_preview.chromium import CHROMIUM_ARGS
from site_preview.server import SiteServer

LIGHTHOUSE = REPO_ROOT / "tools" / "lighthouse" / "node_modules" / ".bin" / "lighthouse"
REPORTS = REPO_ROOT / "build" / "lighthouse"
CHROMIUM = os.environ.get("CHROME_PATH", str(DEBIAN_CHROMIUM))
CHROMIUM_FLAGS = " ".join(("--headless=new", *CHROMIUM_ARGS))
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
FORM_FACTORS = ("desktop", "mobile")
# The site is served under a path, as on a project host, so the reports cover that case too.
MOUNT = "/docker-study-notes/"
# Lighthouse gives up on a page after this long (it normally needs 15-30 s here).
RUN_TIMEOUT_SECONDS = 240

ARTICLE = re.compile(r"<article[^>]*>(.*?)</article>", re.S)
TAG = re.compile(r"<[^>]+>")


@dataclass(frozen=True)
class Scores:
    page: str
    form_factor: str
    scores: dict[str, int]
    losses: list[str]
    # The performance scores of every run of this page, when it was measured more than once.
    performance_runs: list[int] = field(default_factory=list)


def median_run(runs: list[Scores]) -> Scores:
    """The run with the median performance score (the lower middle one for an even count),
    carrying every run's performance score."""
    ordered = sorted(runs, key=lambda run: run.scores["performance"])
    middle = ordered[(len(ordered) - 1) // 2]
    performances = [run.scores["performance"] for run in runs]
    return Scores(middle.page, middle.form_factor, middle.scores, middle.losses, performances)


def article_length(page: Path) -> int:
    match = ARTICLE.search(page.read_text(encoding="utf-8"))
    return len(html.unescape(TAG.sub("", match.group(1)))) if match else 0


def longest_page(site: Path) -> str:
    """The page (path under the site root, Korean) whose two languages together are longest."""
    lengths: dict[str, int] = {}
    for page in site.rglob("index.html"):
        relative = page.parent.relative_to(site).as_posix()
        key = relative.removeprefix("en").strip("/") if relative.split("/")[0] == "en" else relative
        if key in ("", "."):
            continue
        lengths[key] = lengths.get(key, 0) + article_length(page)
    return max(lengths, key=lengths.__getitem__) + "/"


def losses_of(report: dict) -> list[str]:
    """Audits that weigh in a category and did not pass, with what Lighthouse says of them."""
    found = []
    for category in report["categories"].values():
        for ref in category["auditRefs"]:
            audit = report["audits"][ref["id"]]
            if ref.get("weight", 0) > 0 and audit.get("score") is not None and audit["score"] < 1:
                shown = audit.get("displayValue", "")
                found.append(f"{category['id']}: {ref['id']} {audit['score']:.2f} {shown}".strip())
    return found


def run_lighthouse(url: str, form_factor: str, output: Path) -> Scores:
    command = [
        str(LIGHTHOUSE),
        url,
        "--quiet",
        "--output=json",
        f"--output-path={output}",
        f"--only-categories={','.join(CATEGORIES)}",
        f"--chrome-flags={CHROMIUM_FLAGS}",
    ]
    if form_factor == "desktop":
        command.append("--preset=desktop")
    subprocess.run(
        command,
        env={**os.environ, "CHROME_PATH": CHROMIUM},
        check=True,
        timeout=RUN_TIMEOUT_SECONDS,
    )
    report = json.loads(output.read_text(encoding="utf-8"))
    scores = {name: round((report["categories"][name]["score"] or 0) * 100) for name in CATEGORIES}
    return Scores(url, form_factor, scores, losses_of(report))


def print_table(results: list[Scores], mount_url: str) -> None:
    header = f"{'page':<40} {'device':<8} " + " ".join(f"{name[:13]:>14}" for name in CATEGORIES)
    print(header)
    print("-" * len(header))
    for result in results:
        page = result.page.removeprefix(mount_url) or "(Korean home)"
        page = "(English home)" if page == "en/" else page
        values = " ".join(f"{result.scores[name]:>14}" for name in CATEGORIES)
        runs = result.performance_runs
        spread = f"  (performance {min(runs)}-{max(runs)} in {len(runs)} runs)" if runs else ""
        print(f"{page:<40} {result.form_factor:<8} {values}{spread}")
    for result in results:
        for loss in result.losses:
            print(f"  {result.page.removeprefix(mount_url)} ({result.form_factor}) {loss}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--page", action="append", help="a path under the site root (repeat)")
    parser.add_argument(
        "--runs", type=int, default=3, help="runs per page and device; the median is shown"
    )
    options = parser.parse_args()
    if options.runs < 1:
        parser.error("--runs must be 1 or more")
    if not LIGHTHOUSE.exists():
        print(f"{LIGHTHOUSE} is missing: run `npm ci --prefix tools/lighthouse`.", file=sys.stderr)
        return 2

    REPORTS.mkdir(parents=True, exist_ok=True)
    with SiteServer(MOUNT, compress=True) as server, tempfile.TemporaryDirectory() as folder:
        site = Path(folder) / "site"
        built = build_site(server.url, site)
        if built.returncode != 0:
            print(built.log, file=sys.stderr)
            return 1
        server.serve(site)
        longest = longest_page(site)
        pages = options.page or ["", "en/", longest, f"en/{longest}"]
        results = []
        for page in pages:
            for form_factor in FORM_FACTORS:
                stem = (page.strip("/").replace("/", "_") or "home") + f".{form_factor}"
                runs = [
                    run_lighthouse(server.url + page, form_factor, REPORTS / f"{stem}.{run}.json")
                    for run in range(1, options.runs + 1)
                ]
                results.append(median_run(runs))
        print(
            f"\nLighthouse 12 on {server.url} (gzip as a static host serves it); longest page:"
            f" {longest}; the median of {options.runs} run(s) each\n"
        )
        print_table(results, server.url)
    return 0


if __name__ == "__main__":
    sys.exit(main())
