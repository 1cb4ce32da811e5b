"""The translations check: every Korean page and its English twin, `ok`, `outdated` or
`missing`, from git history and from structure (see translation_status.py).

Without --strict its findings are warnings (exit 0); with --strict they are errors (exit 1).
"""

from __future__ import annotations

from pathlib import Path

from ..git_history import DatePrecision, load_history
from ..models import CheckResult, Finding, Severity
from ..options import Options
from ..translation_status import LANGUAGE_NAMES, PairStatus, Status, translation_statuses

CHECK_NAME = "translations"


def run(options: Options) -> CheckResult:
    history = load_history(options.repo_root)
    selected = translation_statuses(
        options.repo_root, options.docs_dir, history, only=options.files
    )
    severity = Severity.ERROR if options.strict else Severity.WARNING

    result = CheckResult()
    result.findings = [finding for pair in selected for finding in findings_for(pair, options)]
    for finding in result.findings:
        finding.severity = severity
    if not history.available or history.shallow:
        result.findings.append(_history_note(options, history.describe()))

    result.extra["pages"] = [page_record(pair, options) for pair in selected]
    tally = {status.value: 0 for status in Status}
    for pair in selected:
        tally[pair.status.value] += 1
    result.summary["pages"] = len(selected)
    result.summary.update({f"pages_{name}": count for name, count in tally.items()})
    result.summary["history"] = history.describe()
    return result


def page_record(pair: PairStatus, options: Options) -> dict[str, object]:
    """One entry of the JSON report's `pages` list."""
    return {
        "ko": options.display_path(pair.ko.path),
        "en": options.display_path(pair.en.path),
        "status": pair.status.value,
        "ko_changed": pair.ko.changed.iso() if pair.ko.exists else None,
        "en_changed": pair.en.changed.iso() if pair.en.exists else None,
        "ko_precision": pair.ko.changed.precision.value,
        "en_precision": pair.en.changed.precision.value,
        "source": pair.source,
        "basis": pair.basis,
        "reasons": pair.reasons,
    }


def findings_for(pair: PairStatus, options: Options) -> list[Finding]:
    """A finding on the page that must change: the translation, or the one that exists."""
    if pair.status is Status.OK:
        return []
    if pair.status is Status.MISSING:
        present = pair.ko if pair.ko.exists else pair.en
        absent = pair.en if pair.ko.exists else pair.ko
        name = LANGUAGE_NAMES[absent.lang]
        message = (
            f"no {name} twin {options.display_path(absent.path)}: write it (same file name, "
            f".{absent.lang}.md), with the same heading ids and code blocks"
        )
        return [_finding(options, present.path, present.lang, "translation-missing", message)]

    translation = pair.translation
    advice = _advice(pair, options)
    message = f"this translation is outdated: {'; '.join(pair.reasons)}. {advice}"
    return [_finding(options, translation.path, translation.lang, "translation-outdated", message)]


def _advice(pair: PairStatus, options: Options) -> str:
    original = options.display_path(pair.original.path)
    translation = options.display_path(pair.translation.path)
    checked = pair.translation.checked
    if checked.precision is DatePrecision.EXACT and pair.basis == "git":
        since = f"git log -p {checked.commit[:12]}.. -- {original}"
        how = f"See what changed with `{since}`, update this page"
    else:
        how = f"Compare with {original} and update this page"
    return (
        f"{how}; if it needs no change, say so in a commit message trailer "
        f"`Translation-checked: {translation}`"
    )


def _finding(options: Options, path: Path, lang: str, rule: str, message: str) -> Finding:
    return Finding(
        file=options.display_path(path),
        line=1,
        check=CHECK_NAME,
        severity=Severity.WARNING,
        rule=rule,
        message=message,
        lang=lang,
    )


def _history_note(options: Options, description: str) -> Finding:
    return Finding(
        file=options.display_path(options.docs_dir),
        line=1,
        check=CHECK_NAME,
        severity=Severity.INFO,
        rule="translation-history",
        message=f"{description}: pages whose dates cannot be compared are judged by structure "
        "(heading ids, code blocks); fetch the full history (`git fetch --unshallow`) for dates",
    )
