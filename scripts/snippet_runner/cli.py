"""Command line: `run_snippets.py [PATH ...]` runs the runnable snippets of the pages under
the paths (docs/ by default) and writes the JSON report."""

from __future__ import annotations

import argparse
import re
import signal
import sys
import time
from pathlib import Path
from types import FrameType

from .engine import Engine, EngineError, PrivateEngine, PrivateEngineConfig, open_engine
from .models import PagePlan
from .pages import UsageError, collect_pages
from .plan import plan_page
from .report import RunReport, format_text, write_json
from .runner import Runner
from .standins import RECIPES, StandInBuilder, needed_recipes
from .system import SetupError

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2
REPO_ROOT = Path(__file__).resolve().parents[2]
DEFAULT_REPORT = Path("build/snippets-report.json")
BUILD_DIR = Path("build/snippets")
CACHE_DIR = Path(".cache/snippets/standins")


def log(message: str) -> None:
    print(f"snippets: {message}", file=sys.stderr, flush=True)


def progress(message: str) -> None:
    print(message, flush=True)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="run_snippets.py",
        description="Run the runnable snippets of the docs against a Docker engine.",
    )
    parser.add_argument("paths", nargs="*", type=Path, help="pages or folders (default: docs/)")
    parser.add_argument(
        "--report",
        type=Path,
        default=None,
        help=f"JSON report to write (default: {DEFAULT_REPORT})",
    )
    parser.add_argument(
        "--engine",
        choices=("auto", "existing", "private"),
        default="auto",
        help="auto: the running engine, else a private dockerd (default); existing; private",
    )
    parser.add_argument(
        "--lang", choices=("all", "ko", "en"), default="all", help="pages of one language only"
    )
    parser.add_argument(
        "--list", action="store_true", help="print the steps and page skips; run nothing"
    )
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        pages = collect_pages(
            args.paths or [REPO_ROOT / "docs"],
            REPO_ROOT / "docs",
            REPO_ROOT / "mkdocs.yml",
            args.lang,
        )
        plans = [plan_page(page, REPO_ROOT) for page in pages]
    except UsageError as error:
        print(f"run_snippets.py: {error}", file=sys.stderr)
        return EXIT_USAGE
    plans = [plan for plan in plans if plan.steps]
    if args.list:
        print_plans(plans)
        return EXIT_OK

    signal.signal(signal.SIGTERM, _stop_on_sigterm)
    report_path = args.report or REPO_ROOT / DEFAULT_REPORT
    try:
        report = run(plans, args.engine)
    except (EngineError, SetupError) as error:
        log(f"cannot run the snippets: {error}")
        return EXIT_USAGE
    write_json(report, report_path)
    progress(format_text(report, report_path))
    return EXIT_FAILED if report.failed else EXIT_OK


def _stop_on_sigterm(_signum: int, _frame: FrameType | None) -> None:
    raise KeyboardInterrupt  # unwinds through `finally`, which stops the private engine


def run(plans: list[PagePlan], engine_mode: str) -> RunReport:
    """Start or find the engine, provide the images, run every page, stop the engine."""
    start = time.monotonic()
    build_dir = REPO_ROOT / BUILD_DIR
    config = PrivateEngineConfig.under(build_dir / "engine")
    with open_engine(engine_mode, config, log) as engine:
        if isinstance(engine, PrivateEngine):
            engine.clear()
            _remove_images_of_earlier_runs(engine)
        before = engine.snapshot()
        report = RunReport(engine.info)
        builder = StandInBuilder(engine, REPO_ROOT / CACHE_DIR, build_dir / "standins", log)
        report.images = builder.provide(needed_recipes(_texts_naming_images(plans)))
        report.setup_seconds = time.monotonic() - start

        runner = Runner(engine, build_dir / "pages", REPO_ROOT / "examples", progress)
        try:
            for plan in plans:
                report.pages.append(runner.run_page(plan))
        finally:
            engine.remove_since(before, images=not isinstance(engine, PrivateEngine))
    report.seconds = time.monotonic() - start
    return report


def _remove_images_of_earlier_runs(engine: Engine) -> None:
    """The private engine keeps its data root between runs; every run starts with the
    stand-ins only, as a reader's machine starts without the apps' images."""
    keep = {recipe.image if ":" in recipe.image else f"{recipe.image}:latest" for recipe in RECIPES}
    listed = engine.docker("image", "ls", "--format", "{{.Repository}}:{{.Tag}}").stdout.split()
    names = [name for name in listed if name not in keep and not name.startswith("<none>")]
    if names:
        engine.docker("image", "rm", "-f", *names, check=False, timeout=120)
    engine.docker("image", "prune", "-f", check=False, timeout=120)


def _texts_naming_images(plans: list[PagePlan]) -> list[str]:
    """The snippets, and the Dockerfiles of the example apps (their FROM lines)."""
    texts = [step.script for plan in plans for step in plan.steps if not step.skip_reason]
    for dockerfile in (REPO_ROOT / "examples").rglob("Dockerfile*"):
        texts += re.findall(r"^\s*FROM\s+\S+", dockerfile.read_text(encoding="utf-8"), re.M | re.I)
    return texts


def print_plans(plans: list[PagePlan]) -> None:
    for plan in plans:
        print(plan.file)
        for step in plan.steps:
            mark = "cleanup" if step.cleanup else "step"
            skip = f"  skipped: {step.skip_reason}" if step.skip_reason else ""
            print(f"  {mark:7s} {step.where}{skip}")
        for note in plan.notes:
            print(f"  note    {note.where}: {note.message}")
