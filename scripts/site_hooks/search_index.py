"""Hook: one search index per language, with Korean-aware extra words.

mkdocs-static-i18n stacks the entries of every language into `search/search_index.json`, and
every page loads that one file, so a reader on an English page gets Korean results. After the
last language is built, this hook splits it: Korean pages keep `search/search_index.json`,
English pages get `en/search/search_index.json` with locations relative to `/en/` (the English
pages' `__config.base` points there, see overrides/main.html). Each entry also gets a `keys`
field: the stems and canonical spellings that search_terms.index_keys finds in its text.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from search_rules import RULES
from search_terms import index_keys

INDEX = "search/search_index.json"

# The field that holds the extra words. It weighs like body text: a stem found only there
# should not outrank the same word in a title.
KEYS_FIELD = "keys"
KEYS_BOOST = 1.0

# static-i18n runs its own post_build at priority -100 and builds the other languages from
# there; running after it means every language is in the stacked index.
AFTER_STATIC_I18N = -110


@dataclass(frozen=True)
class LanguageSearch:
    """How lunr in the browser treats one language's index."""

    lunr_languages: tuple[str, ...]
    # Lunr's stemmer and trimmer do not know Korean, and Material adds a trailing wildcard to
    # every query word, which a stemmed index would defeat ("copied*" never meets "copi").
    pipeline: tuple[str, ...]


LANGUAGE_SEARCH = {
    "ko": LanguageSearch(lunr_languages=("ko",), pipeline=()),
    "en": LanguageSearch(lunr_languages=("en",), pipeline=("stopWordFilter",)),
}


@dataclass(frozen=True)
class SiteLanguage:
    locale: str
    prefix: str  # "" for the default language, "en/" for English


def site_languages(config: MkDocsConfig) -> list[SiteLanguage]:
    i18n = config.plugins["i18n"]
    return [
        SiteLanguage(lang.locale, "" if lang.default else f"{lang.locale}/")
        for lang in i18n.config.languages
        if lang.build
    ]


def language_of(location: str, languages: list[SiteLanguage]) -> SiteLanguage:
    prefixed = [lang for lang in languages if lang.prefix and location.startswith(lang.prefix)]
    if prefixed:
        return prefixed[0]
    return next(lang for lang in languages if not lang.prefix)


def with_keys(entry: dict[str, object]) -> dict[str, object]:
    keys = index_keys(f"{entry.get('title', '')} {entry.get('text', '')}")
    return {**entry, KEYS_FIELD: " ".join(keys)} if keys else entry


def language_index(
    stacked: dict[str, object], language: SiteLanguage, languages: list[SiteLanguage]
) -> dict[str, object]:
    if language.locale not in LANGUAGE_SEARCH:
        raise PluginError(
            f"search_index.py has no search settings for language '{language.locale}': "
            "add it to LANGUAGE_SEARCH."
        )
    settings = LANGUAGE_SEARCH[language.locale]
    fields = {**stacked["config"]["fields"], KEYS_FIELD: {"boost": KEYS_BOOST}}
    docs = [
        with_keys({**entry, "location": entry["location"].removeprefix(language.prefix)})
        for entry in stacked["docs"]
        if language_of(entry["location"], languages) == language
    ]
    config = {
        "lang": list(settings.lunr_languages),
        "separator": RULES.separator,
        "pipeline": list(settings.pipeline),
        "fields": fields,
    }
    return {"config": config, "docs": docs}


@event_priority(AFTER_STATIC_I18N)
def on_post_build(config: MkDocsConfig) -> None:
    i18n = config.plugins["i18n"]
    if i18n.building:
        return  # a language built from inside static-i18n: the stacked index is not complete

    site = Path(config.site_dir)
    stacked = json.loads((site / INDEX).read_text(encoding="utf-8"))
    languages = site_languages(config)
    for language in languages:
        target = site / language.prefix / INDEX
        target.parent.mkdir(parents=True, exist_ok=True)
        index = language_index(stacked, language, languages)
        target.write_text(json.dumps(index, ensure_ascii=False), encoding="utf-8")
