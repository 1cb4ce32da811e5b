"""MkDocs hook: what git says about each page, shown to readers: the last-updated date, and a
notice on a page whose translation is outdated or missing, in the reader's language, with a
link to the other language's page.

The statuses come from docs_validator.translation_status, the code behind
`validate.py translations`, so the site and the check always agree.
"""

from __future__ import annotations

import datetime as dt
import sys
from dataclasses import dataclass
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.pages import Page
from mkdocs.utils import get_relative_url
from site_language import DEFAULT_LANGUAGE, build_language, file_language

SCRIPTS = str(Path(__file__).resolve().parents[1])  # scripts/, for docs_validator
if SCRIPTS not in sys.path:
    sys.path.insert(0, SCRIPTS)

from docs_validator.git_history import ChangeDate, DatePrecision  # noqa: E402
from docs_validator.translation_status import (  # noqa: E402
    PairStatus,
    Status,
    translation_statuses,
)

# Context variable the notice partial (overrides/partials/translation-notice.html) reads.
NOTICE_VARIABLE = "translation_notice"
# How the last-updated date reads when git cannot give an exact one. Material shows the text
# after its clock icon (partials/source-file.html, from page.meta.revision_date).
REVISION_TEXT = {
    "ko": {
        DatePrecision.AT_MOST: "{day} 이전 (얕은 클론이라 정확한 날짜를 알 수 없음)",
        DatePrecision.PENDING: "커밋되지 않은 변경 ({day} 로컬 빌드)",
        DatePrecision.UNKNOWN: "빌드 날짜 {day} (git 기록이 없어 마지막 수정일을 알 수 없음)",
    },
    "en": {
        DatePrecision.AT_MOST: "on or before {day} (shallow clone: exact date unknown)",
        DatePrecision.PENDING: "uncommitted changes (local build, {day})",
        DatePrecision.UNKNOWN: "built {day} (no git history: last change unknown)",
    },
}


@dataclass(frozen=True)
class TranslationNotice:
    """What the notice partial shows."""

    kind: str  # "outdated" or "missing"
    reader_lang: str  # the language of the build the reader is in
    other_lang: str
    other_href: str  # the other language's page, relative to this page
    basis: str  # "git": dates tell; "structure": only the shape differs
    original_day: str  # when the original last changed ("" when unknown)
    translation_day: str  # when this translation was last updated or checked


# The statuses of the current build, by source file relative to docs/ (both languages). Read
# again in on_config, which runs once per language build and on every `mkdocs serve` rebuild.
_statuses: dict[str, PairStatus] = {}


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    docs_dir = Path(config.docs_dir).resolve()
    repo_root = Path(config.config_file_path).resolve().parent
    statuses = translation_statuses(repo_root, docs_dir)
    _statuses.clear()
    for pair in statuses:
        for facts in (pair.ko, pair.en):
            _statuses[facts.path.resolve().relative_to(docs_dir).as_posix()] = pair
    return config


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, **_: object) -> str:
    """Set the page's last-updated date: its file and the files it includes."""
    pair = _statuses.get(page.file.src_uri)
    if pair is not None:
        facts = pair.facts(file_language(page))
        page.meta["revision_date"] = revision_text(facts.changed, build_language(config))
    return markdown


def on_page_content(html: str, page: Page, config: MkDocsConfig, **_: object) -> str:
    """A page shown in place of its missing translation says which language its text is in."""
    file_lang = file_language(page)
    if file_lang != build_language(config):
        return f'<div lang="{file_lang}">\n{html}\n</div>'
    return html


def on_page_context(context: dict, page: Page, config: MkDocsConfig, **_: object) -> dict:
    context[NOTICE_VARIABLE] = notice_for(page, build_language(config))
    return context


def notice_for(page: Page, reader_lang: str) -> TranslationNotice | None:
    pair = _statuses.get(page.file.src_uri)
    if pair is None:
        return None
    file_lang = file_language(page)
    other_lang = "en" if reader_lang == "ko" else "ko"
    href = get_relative_url(_other_url(page.url, reader_lang), page.url)
    if file_lang != reader_lang:
        # Fallback: this build has no page in the reader's language and shows the original.
        return TranslationNotice("missing", reader_lang, other_lang, href, pair.basis, "", "")
    if pair.status is not Status.OUTDATED or pair.translation.lang != reader_lang:
        return None
    original, translation = moments(pair.original.changed, pair.translation.checked)
    return TranslationNotice(
        "outdated", reader_lang, other_lang, href, pair.basis, original, translation
    )


def moments(first: ChangeDate, second: ChangeDate) -> tuple[str, str]:
    """Two dates as readers see them: days, or days with the UTC time when on the same day."""
    if first.day() != second.day():
        return first.day() or "", second.day() or ""
    return _minute(first), _minute(second)


def _minute(date: ChangeDate) -> str:
    iso = date.iso()
    return f"{iso[:10]} {iso[11:16]} UTC" if iso else ""


def revision_text(date: ChangeDate, lang: str) -> str:
    """The last-updated text: a <time> when git knows the date, plain words when it does not."""
    texts = REVISION_TEXT.get(lang, REVISION_TEXT["en"])
    if date.precision is DatePrecision.EXACT and date.timestamp is not None:
        return f'<time datetime="{date.iso()}">{date.day()}</time>'
    if date.precision is DatePrecision.UNKNOWN or date.timestamp is None:
        return texts[DatePrecision.UNKNOWN].format(day=dt.date.today().isoformat())
    return texts[date.precision].format(day=date.day())


def _other_url(url: str, lang: str) -> str:
    """The twin's URL: the default language lives at the root, English under en/."""
    if lang == DEFAULT_LANGUAGE:
        return f"en/{url}"
    return url.removeprefix(f"{lang}/")
