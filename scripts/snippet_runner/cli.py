"""Command line: `run_snippets.py [PATH ...]` runs the runnable snippets of the pages under
the paths (docs/ by default) and writes the JSON report."""

from __future__ import annotations

import argparse
import re
import signal
import socket
import sys
import time
from pathlib import Path
from types import FrameType

from .engine import Engine, EngineError, PrivateEngine, PrivateEngineConfig, open_engine
from .models import PagePlan
from .pages import UsageError, collect_pages
from .plan import plan_page
from .recipes import RECIPES, needed_recipes
from .report import RunReport, format_text, write_json
from .runner import Runner
from .standins import StandInBuilder
from .system import SetupError

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2
EXIT_INTERRUPTED = 130  # 128 + SIGINT, as shells report it
REPO_ROOT = Path(__file__).resolve().parents[2]
DEFAULT_REPORT = Path("build/snippets-report.json")
BUILD_DIR = Path("build/snippets")
CACHE_DIR = Path(".cache/snippets/standins")
# Ports on loopback the snippets use: `-p 127.0.0.1:3000:80`, `http://127.0.0.1:3000/`,
# `python3 -m http.server 8000`.
RE_LOOPBACK_PORT = re.compile(r"127\.0\.0\.1:(\d{2,5})\b|http\.server\s+(\d{2,5})\b")


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
    parser.add_argument(
        "--work-dir",
        type=Path,
        default=REPO_ROOT / BUILD_DIR,
        help=f"pages' working copies and the private engine's state (default: {BUILD_DIR})",
    )
    parser.add_argument(
        "--cache-dir",
        type=Path,
        default=REPO_ROOT / CACHE_DIR,
        help=f"stand-in images kept between runs (default: {CACHE_DIR})",
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
        report = run(plans, args.engine, args.work_dir.resolve(), args.cache_dir.resolve())
    except (EngineError, SetupError) as error:
        log(f"cannot run the snippets: {error}")
        return EXIT_USAGE
    except KeyboardInterrupt:
        log("interrupted: stopped what was running; no report written")
        return EXIT_INTERRUPTED
    write_json(report, report_path)
    progress(format_text(report, report_path))
    return EXIT_FAILED if report.failed else EXIT_OK


def _stop_on_sigterm(_signum: int, _frame: FrameType | None) -> None:
    raise KeyboardInterrupt  # unwinds through `finally`, which stops the private engine


def run(plans: list[PagePlan], engine_mode: str, build_dir: Path, cache_dir: Path) -> RunReport:
    """Start or find the engine, provide the images, run every page, stop the engine."""
    start = time.monotonic()
    config = PrivateEngineConfig.under(build_dir / "engine")
    with open_engine(engine_mode, config, log) as engine:
        if isinstance(engine, PrivateEngine):
            engine.clear()
            _remove_images_of_earlier_runs(engine)
        builder = StandInBuilder(engine, cache_dir, build_dir / "standins", log)
        recipes = needed_recipes(_texts_naming_images(plans, REPO_ROOT / "examples"))
        images = builder.provide(recipes)
        before = engine.snapshot()  # after the pulls: base images stay, as on a reader's machine
        report = RunReport(engine.info, images=images, setup_seconds=time.monotonic() - start)
        _warn_about_busy_ports(plans)

        runner = Runner(
            engine,
            build_dir / "pages",
            REPO_ROOT / "examples",
            progress,
            before_page=lambda: builder.restore(recipes),
        )
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


def _texts_naming_images(plans: list[PagePlan], examples: Path) -> list[str]:
    """The snippets, and the FROM lines of the Dockerfiles of the apps they work in."""
    steps = [step for plan in plans for step in plan.steps if not step.skip_reason]
    texts = [step.script for step in steps]
    for app in sorted({step.app for step in steps if step.app}):
        for dockerfile in (examples / app).rglob("Dockerfile*"):
            text = dockerfile.read_text(encoding="utf-8")
            texts += re.findall(r"^\s*FROM\s+\S+", text, re.M | re.I)
    return texts


def _warn_about_busy_ports(plans: list[PagePlan]) -> None:
    for port, users in busy_ports(plans).items():
        log(
            f"port {port} on 127.0.0.1 is already in use by another program; the snippets at "
            f"{', '.join(users[:3])} will reach that program or fail: stop it first"
        )


def busy_ports(plans: list[PagePlan]) -> dict[int, list[str]]:
    """Loopback ports the snippets publish or serve on that another program holds now."""
    users: dict[int, list[str]] = {}
    for plan in plans:
        for step in plan.steps:
            if step.skip_reason:
                continue
            text = f"{step.script}\n{step.wait or ''}"
            for match in RE_LOOPBACK_PORT.finditer(text):
                where = users.setdefault(int(match.group(1) or match.group(2)), [])
                if step.where not in where:
                    where.append(step.where)
    return {port: where for port, where in sorted(users.items()) if not _port_free(port)}


def _port_free(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def print_plans(plans: list[PagePlan]) -> None:
    for plan in plans:
        print(plan.file)
        for step in plan.steps:
            mark = "cleanup" if step.cleanup else "step"
            skip = f"  skipped: {step.skip_reason}" if step.skip_reason else ""
            print(f"  {mark:7s} {step.where}{skip}")
        for note in plan.notes:
            print(f"  note    {note.where}: {note.message}")
