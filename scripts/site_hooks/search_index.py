"""Hook: one search index per language, with Korean-aware extra words.

mkdocs-static-i18n stacks the entries of every language into `search/search_index.json`, and
every page loads that one file, so a reader on an English page gets Korean results. After the
last language is built, this hook splits it: Korean pages keep `search/search_index.json`,
English pages get `en/search/search_index.json` with locations relative to `/en/` (the English
pages' `__config.base` points there, see overrides/main.html). Each entry also gets the extra
words search_terms.index_keys finds in its title (`title_keys`) and text (`keys`): what the
spelling variants it uses stand for, and the English of the fixed Korean terms it uses.

Each language's index is written twice over: Material's page script fetches
`search/search_index.json` on every page load, parses it and copies it into the search worker,
all on the page's main thread, before the reader has asked for anything. So that file holds
only the settings and the address of the full index (`full_index`, from the site root), and
our worker (reader-search.js) fetches `search/search_index.full.json` itself when the reader
opens the search or types a query.
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
FULL_INDEX = "search/search_index.full.json"
# The key of the settings in INDEX that names FULL_INDEX; reader-search.js reads it.
FULL_INDEX_KEY = "full_index"

# The fields that hold the extra words of a title and of a text. Each weighs like the field
# its words come from: an extra word is as good as the word it stands for.
TITLE_KEYS_FIELD = "title_keys"
TEXT_KEYS_FIELD = "keys"

# static-i18n runs its own post_build at priority -100 and builds the other languages from
# there; running after it means every language is in the stacked index.
AFTER_STATIC_I18N = -110

# Hangul stays readable in the file; no spaces, since every page load downloads it.
COMPACT_JSON = {"ensure_ascii": False, "separators": (",", ":")}


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
    extra = {
        TITLE_KEYS_FIELD: " ".join(index_keys(str(entry.get("title", "")))),
        TEXT_KEYS_FIELD: " ".join(index_keys(str(entry.get("text", "")))),
    }
    return {**entry, **{field: words for field, words in extra.items() if words}}


def language_index(
    stacked: dict[str, object], language: SiteLanguage, languages: list[SiteLanguage]
) -> dict[str, object]:
    if language.locale not in LANGUAGE_SEARCH:
        raise PluginError(
            f"search_index.py has no search settings for language '{language.locale}': "
            "add it to LANGUAGE_SEARCH."
        )
    settings = LANGUAGE_SEARCH[language.locale]
    fields = stacked["config"]["fields"]
    fields = {
        **fields,
        TITLE_KEYS_FIELD: fields["title"],
        TEXT_KEYS_FIELD: fields["text"],
    }
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


def settings_only(index: dict[str, object], language: SiteLanguage) -> dict[str, object]:
    """What the page itself loads: the settings (the highlighter reads them too), no entries."""
    config = {**index["config"], FULL_INDEX_KEY: language.prefix + FULL_INDEX}
    return {"config": config, "docs": []}


@event_priority(AFTER_STATIC_I18N)
def on_post_build(config: MkDocsConfig) -> None:
    i18n = config.plugins["i18n"]
    # Limitation: `building` is static-i18n's own flag (1.3.1, pinned), not a public API; it is
    # set while static-i18n builds the other languages from inside the default build.
    if i18n.building:
        return  # a language built from inside static-i18n: the stacked index is not complete

    site = Path(config.site_dir)
    stacked = json.loads((site / INDEX).read_text(encoding="utf-8"))
    languages = site_languages(config)
    for language in languages:
        index = language_index(stacked, language, languages)
        folder = site / language.prefix
        (folder / INDEX).parent.mkdir(parents=True, exist_ok=True)
        (folder / FULL_INDEX).write_text(json.dumps(index, **COMPACT_JSON), encoding="utf-8")
        (folder / INDEX).write_text(
            json.dumps(settings_only(index, language), **COMPACT_JSON), encoding="utf-8"
        )
