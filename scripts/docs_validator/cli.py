"""Command line: `validate.py [links|code|translations] [PATH ...]`; no check name runs all."""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Callable
from pathlib import Path

from . import report
from .models import CheckResult
from .options import (
    DEFAULT_CACHE_FILE,
    DEFAULT_CONFIG_FILE,
    DEFAULT_TIMEOUT_SECONDS,
    MAX_TIMEOUT_SECONDS,
    Options,
)
from .sources import UsageError, collect_markdown

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2
REPO_ROOT = Path(__file__).resolve().parents[2]

CheckRunner = Callable[[Options], CheckResult]


def load_checks() -> dict[str, CheckRunner]:
    """The checks by name, in the order `all` runs them. Imported lazily: a check's
    heavy dependencies load only when it runs."""
    from .checks import links

    checks: dict[str, CheckRunner] = {"links": links.run}
    try:
        code = importlib.import_module(".checks.code", __package__)
    except ModuleNotFoundError as error:
        # Only a missing checks/code.py is tolerated (the links check works without it).
        if error.name != f"{__package__}.checks.code":
            raise
    else:
        checks["code"] = code.run
    try:
        from .checks import translations
    except ImportError:
        return checks
    checks["translations"] = translations.run
    return checks


def _path_argument(text: str) -> Path:
    """A path from the command line; an empty one (an unset variable) is a usage error."""
    if not text.strip():
        raise argparse.ArgumentTypeError("empty path: name a Markdown file or folder")
    return Path(text)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="validate.py",
        description="Check the docs: links, code blocks and translations.",
    )
    parser.add_argument("check", nargs="?", default="all", help="links, code, translations or all")
    parser.add_argument(
        "paths", nargs="*", type=_path_argument, help="Markdown files or folders (docs/)"
    )
    parser.add_argument(
        "--format",
        dest="output_format",
        choices=sorted(report.WRITERS),
        default="text",
        help="output format (default: text)",
    )
    parser.add_argument(
        "--timeout",
        type=float,
        default=DEFAULT_TIMEOUT_SECONDS,
        help="seconds to wait for one HTTP answer",
    )
    parser.add_argument(
        "--cache", type=Path, default=None, help=f"link cache file (default: {DEFAULT_CACHE_FILE})"
    )
    parser.add_argument("--no-cache", action="store_true", help="neither read nor write the cache")
    parser.add_argument(
        "--offline", action="store_true", help="no network: internal links and URL syntax only"
    )
    parser.add_argument(
        "--fix", action="store_true", help="rewrite permanently redirected URLs in place"
    )
    parser.add_argument(
        "--strict",
        action="store_true",
        help="translations: fail when a twin is outdated or missing",
    )
    parser.add_argument(
        "--config",
        type=Path,
        default=None,
        help=f"configuration file (default: {DEFAULT_CONFIG_FILE})",
    )
    return parser


def make_options(args: argparse.Namespace) -> Options:
    if not 0 < args.timeout <= MAX_TIMEOUT_SECONDS:
        raise UsageError(
            f"--timeout must be a finite number between 0 and {MAX_TIMEOUT_SECONDS:g} seconds"
        )

    docs_dir = REPO_ROOT / "docs"
    paths = args.paths or [docs_dir]
    cache_file = None if args.no_cache else (args.cache or REPO_ROOT / DEFAULT_CACHE_FILE)
    return Options(
        files=collect_markdown(paths),
        repo_root=REPO_ROOT,
        docs_dir=docs_dir,
        output_format=args.output_format,
        timeout=args.timeout,
        cache_file=cache_file,
        offline=args.offline,
        fix=args.fix,
        strict=args.strict,
        config_file=args.config or REPO_ROOT / DEFAULT_CONFIG_FILE,
    )


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    # Intermixed: `links --offline docs/x.md` works as well as `links docs/x.md --offline`.
    args = parser.parse_intermixed_args(argv)

    checks = load_checks()
    if args.check != "all" and args.check not in checks:
        # The first positional may be a path: `validate.py docs/` means "all checks on docs/".
        if args.check and Path(args.check).exists():  # "" is not "the current folder"
            args.paths.insert(0, Path(args.check))
            args.check = "all"
        else:
            names = ", ".join(checks)
            print(
                f"validate.py: unknown check '{args.check}' (choose {names} or all)",
                file=sys.stderr,
            )
            return EXIT_USAGE

    try:
        options = make_options(args)
        selected = checks if args.check == "all" else {args.check: checks[args.check]}
        result = CheckResult()
        for runner in selected.values():
            result.merge(runner(options))
    except UsageError as error:
        print(f"validate.py: {error}", file=sys.stderr)
        return EXIT_USAGE

    report.WRITERS[options.output_format](result)
    return EXIT_FINDINGS if result.failed else EXIT_OK
