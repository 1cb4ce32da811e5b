"""The code check: every code block of the docs, by language, plus code parity between each
Korean page and its English twin.

Pipeline: read each page → expand snippet includes → find blocks (as the site renders them)
→ check each language in batches (one bash/shellcheck/hadolint/node run per batch) →
compare twins → findings.
"""

from __future__ import annotations

import time
import traceback
from collections import defaultdict
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from ..check_attributes import check_attributes
from ..check_dockerfile import DOCKERFILE_LANGUAGES, check_dockerfile, hadolint_advice
from ..check_javascript import JAVASCRIPT_LANGUAGES, check_javascript_blocks
from ..check_json import JSON_LANGUAGES, JSONC_LANGUAGES, check_json
from ..check_secrets import check_secrets
from ..check_shell import check_shell_blocks, check_windows_block
from ..check_yaml import YAML_LANGUAGES, check_yaml
from ..docker_cli import DockerCli
from ..find_blocks import BlockKind, scan_markdown
from ..models import CheckResult, Finding, Severity
from ..options import Options
from ..page_blocks import CHECK_NAME, PageBlock
from ..parity import PageCode, compare_pages
from ..shell_words import BASH_LANGUAGES, CMD_LANGUAGES, POWERSHELL_LANGUAGES, dialect_of
from ..snippets import LineOrigin, expand_snippets, snippet_base_paths
from ..sources import LANGUAGES, language_of, read_page, twin_of

# Languages shown as they are: output, syntax summaries, prose-like formats.
SHOWN_ONLY_LANGUAGES = frozenset(
    {"text", "txt", "plaintext", "output", "markdown", "md", "log", "diff", "console-output"}
)
# Languages readers may meet that this check does not parse (a note says so).
KNOWN_UNCHECKED_LANGUAGES = frozenset(
    {"ini", "toml", "env", "dotenv", "html", "css", "python", "py", "xml", "properties",
     "nginx", "sql", "go", "java", "jinja", "helm", "yaml+jinja", "http", "csv"}
)  # fmt: skip


@dataclass
class PageScan:
    """One page after expansion and block finding."""

    path: Path
    display: str
    lang: str
    blocks: list[PageBlock] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)


def run(options: Options) -> CheckResult:
    started = time.perf_counter()
    base_paths = snippet_base_paths(options.repo_root)
    pages = [scan_page(path, options, base_paths) for path in options.files]
    findings = [finding for page in pages for finding in page.findings]
    blocks = [block for page in pages for block in page.blocks]

    findings.extend(check_blocks(blocks, options))
    findings.extend(check_parity(pages, options, base_paths))

    result = CheckResult(findings=findings)
    result.summary["code_blocks"] = len(blocks)
    result.summary["code_seconds"] = round(time.perf_counter() - started, 2)
    result.extra["code_blocks"] = [
        {
            "file": block.page,
            "line": block.page_line(None),
            "language": block.block.language,
            "kind": block.block.kind.value,
        }
        for block in blocks
    ]
    return result


def scan_page(path: Path, options: Options, base_paths: list[Path]) -> PageScan:
    display = options.display_path(path)
    page = PageScan(path, display, language_of(path))
    try:
        text, encoding = read_page(path)
    except OSError as error:
        message = f"the page cannot be read ({error}); nothing on it was checked"
        page.findings.append(
            Finding(display, 1, CHECK_NAME, Severity.ERROR, "page-unreadable", message, page.lang)
        )
        return page
    if encoding is not None:
        line, message = encoding
        page.findings.append(
            Finding(display, line, CHECK_NAME, Severity.ERROR, "page-encoding", message, page.lang)
        )
    expanded = expand_snippets(text, base_paths, options.repo_root)
    for line, rule, message in expanded.problems:
        page.findings.append(
            Finding(display, line, CHECK_NAME, Severity.ERROR, rule, message, page.lang)
        )

    scan = scan_markdown(expanded.text)
    for block in scan.blocks:
        page.blocks.append(PageBlock(display, page.lang, block, expanded.origins))
    for issue in scan.issues:
        line = _page_line(expanded.origins, issue.line)
        severity = Severity.ERROR if issue.is_error else Severity.WARNING
        page.findings.append(
            Finding(display, line, CHECK_NAME, severity, issue.rule, issue.message, page.lang)
        )
    return page


def _page_line(origins: list[LineOrigin], expanded_line: int) -> int:
    if 1 <= expanded_line <= len(origins):
        return origins[expanded_line - 1].line
    return expanded_line


def check_blocks(blocks: list[PageBlock], options: Options) -> list[Finding]:
    """Every block, by language; tools run once per language batch."""
    cli = DockerCli.load()
    by_kind: dict[str, list[PageBlock]] = defaultdict(list)
    findings: list[Finding] = []
    for item in blocks:
        findings.extend(_guarded(item, lambda item=item: check_common(item, options)))
        language = item.language
        if item.block.kind is not BlockKind.FENCED or not language:
            continue
        if language in BASH_LANGUAGES:
            by_kind["shell"].append(item)
        elif language in POWERSHELL_LANGUAGES or language in CMD_LANGUAGES:
            findings.extend(_guarded(item, lambda item=item: check_windows_block(item, cli)))
        elif language in DOCKERFILE_LANGUAGES:
            by_kind["dockerfile"].append(item)
            findings.extend(_guarded(item, lambda item=item: check_dockerfile(item)))
        elif language in YAML_LANGUAGES:
            findings.extend(_guarded(item, lambda item=item: check_yaml(item)))
        elif language in JSON_LANGUAGES or language in JSONC_LANGUAGES:
            findings.extend(_guarded(item, lambda item=item: check_json(item)))
        elif language in JAVASCRIPT_LANGUAGES:
            by_kind["javascript"].append(item)
        elif language not in SHOWN_ONLY_LANGUAGES:
            findings.append(_unchecked_note(item))

    batches: dict[str, Callable[[list[PageBlock]], list[Finding]]] = {
        "shell": lambda items: check_shell_blocks(items, cli),
        "dockerfile": hadolint_advice,
        "javascript": check_javascript_blocks,
    }
    with ThreadPoolExecutor(max_workers=len(batches)) as pool:
        running = [
            pool.submit(_guarded, items[0], lambda check=check, items=items: check(items))
            for kind, check in batches.items()
            if (items := by_kind.get(kind, []))
        ]
        for batch in running:
            findings.extend(batch.result())
    return findings


def check_common(item: PageBlock, options: Options) -> list[Finding]:
    """What every block gets: a language, its attributes, no secrets, no placeholders when
    runnable."""
    findings: list[Finding] = []
    block = item.block
    if block.kind is BlockKind.INDENTED:
        findings.append(
            item.finding(
                None,
                Severity.ERROR,
                "code-indented",
                "indented code block: Python-Markdown shows it as code without a language; "
                "write it as a fence with a language (or un-indent the text)",
            )
        )
        return findings
    if block.kind is BlockKind.FENCED and not block.language:
        findings.append(
            item.finding(
                None,
                Severity.ERROR,
                "code-no-language",
                "the fence names no language: write ```bash, ```text, ```yaml …",
            )
        )
    findings.extend(check_attributes(item, options.repo_root))
    findings.extend(check_secrets(item, dialect_of(item.language)))
    return findings


def _unchecked_note(item: PageBlock) -> Finding:
    known = item.language in KNOWN_UNCHECKED_LANGUAGES
    message = (
        f"'{item.block.language}' blocks are shown, not checked"
        if known
        else f"unknown language '{item.block.language}': the site highlights it as plain "
        "text and nothing checks it; see CONTRIBUTING.md for the languages in use"
    )
    severity = Severity.INFO if known else Severity.WARNING
    return item.finding(None, severity, "code-language-unchecked", message)


def _guarded(item: PageBlock, check: Callable[[], list[Finding]]) -> list[Finding]:
    """Run a check; a crash becomes one finding instead of ending the whole run."""
    try:
        return check()
    except Exception as error:  # noqa: BLE001 - one block must not stop the run
        where = traceback.extract_tb(error.__traceback__)[-1]
        return [
            item.finding(
                None,
                Severity.ERROR,
                "validator-internal-error",
                f"the validator failed on this block ({type(error).__name__}: {error} at "
                f"{Path(where.filename).name}:{where.lineno}); please report it",
            )
        ]


def check_parity(pages: list[PageScan], options: Options, base_paths: list[Path]) -> list[Finding]:
    """Each suffixed page against its twin (read from disk when it was not asked for)."""
    findings: list[Finding] = []
    by_path = {page.path.resolve(): page for page in pages}
    done: set[Path] = set()
    for page in pages:
        if not _has_language_suffix(page.path) or page.path.resolve() in done:
            continue
        twin_path = twin_of(page.path)
        done.update({page.path.resolve(), twin_path.resolve()})
        if not twin_path.exists():
            severity = Severity.ERROR if options.strict else Severity.WARNING
            findings.append(
                Finding(
                    page.display,
                    1,
                    CHECK_NAME,
                    severity,
                    "code-parity-no-twin",
                    f"no twin page {options.display_path(twin_path)}: every page exists in "
                    "Korean and English with the same code blocks",
                    page.lang,
                )
            )
            continue
        twin = by_path.get(twin_path.resolve()) or scan_page(twin_path, options, base_paths)
        korean, english = (page, twin) if page.lang == "ko" else (twin, page)
        findings.extend(compare_pages(_page_code(korean), _page_code(english)))
    return findings


def _has_language_suffix(path: Path) -> bool:
    return any(path.name.endswith(f".{lang}.md") for lang in LANGUAGES)


def _page_code(page: PageScan) -> PageCode:
    return PageCode(
        page.display,
        page.lang,
        [item.block for item in page.blocks],
        [item.page_line(None) for item in page.blocks],
        [[item.page_line(n) for n in range(len(item.block.lines))] for item in page.blocks],
    )
