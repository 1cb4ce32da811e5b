"""Korean-aware words for search: the stems of a word, the extra words a page is indexed under,
and a query rewritten the way the browser rewrites it (search-terms.js does the same there).

A word with a particle or an ending (`볼륨을`, `삭제합니다`) stands for its stem (`볼륨`,
`삭제`); a Latin word glued to Hangul (`Dockerfile을`) for the Latin word; a spelling readers
type (`도커파일`, `환경변수`) for the words the pages use. The browser adds a trailing wildcard
to every query word, so a query stem also finds every longer form that starts with it.
"""

from __future__ import annotations

import html
import re
import unicodedata

from search_rules import RULES, SearchRules

HANGUL_WORD = re.compile(r"[가-힣]+")
LATIN_GLUED_TO_HANGUL = re.compile(r"([a-z0-9_.+#]*[a-z0-9_+#])([가-힣]+)")
ENGLISH_WORD = re.compile(r"[a-z]+")
HTML_TAG = re.compile(r"<[^>]*>")

# Lunr's own query syntax: a reader who types it means it, so such a query is left alone.
QUERY_SYNTAX = re.compile(r"[\"*~^]|\b(?:title|text|tags):")

# A particle after an ending after a particle (`삭제하기를` → `삭제하기` → `삭제`) is the most
# Korean piles up on one noun in practice; a third cut would only eat into the noun.
MAX_KOREAN_CUTS = 2


def fold(text: str) -> str:
    """The form words are compared in: NFC, lower case."""
    return unicodedata.normalize("NFC", text).lower()


def cut_korean_once(word: str, rules: SearchRules = RULES) -> str:
    best = ""
    for suffix in (*rules.particles, *rules.endings):
        if len(suffix) > len(best) and word.endswith(suffix) and len(word) > len(suffix):
            best = suffix
    for suffix in (*rules.ambiguous_particles, *rules.ambiguous_endings):
        fits = len(word) - len(suffix) >= rules.min_stem_syllables
        if len(suffix) > len(best) and word.endswith(suffix) and fits:
            best = suffix
    return word[: len(word) - len(best)]


def korean_stem(word: str, rules: SearchRules = RULES) -> str:
    for _ in range(MAX_KOREAN_CUTS):
        shorter = cut_korean_once(word, rules)
        if shorter == word:
            break
        word = shorter
    return word


def english_stem(word: str, rules: SearchRules = RULES) -> str:
    if len(word) <= rules.min_english_stem or word.endswith(rules.english_keep_endings):
        return word
    for suffix in sorted(rules.english_suffixes, key=len, reverse=True):
        if not word.endswith(suffix):
            continue
        stem = word[: -len(suffix)]
        if suffix == "es" and not stem.endswith(rules.english_es_after):
            continue
        if suffix in ("ed", "ing") and len(stem) > 1 and stem[-1] == stem[-2]:
            stem = stem[:-1]  # stopped → stop, running → run
        if len(stem) >= rules.min_english_stem:
            return stem
    return word


def stems_of(word: str, rules: SearchRules = RULES) -> tuple[str, ...]:
    """The words that stand for one folded word (no separators inside it)."""
    if word in rules.variants:
        return tuple(rules.variants[word].split())

    glued = LATIN_GLUED_TO_HANGUL.fullmatch(word)
    if glued:
        return (glued.group(1),)

    if HANGUL_WORD.fullmatch(word):
        stem = korean_stem(word, rules)
        return tuple(rules.variants.get(stem, stem).split())

    if ENGLISH_WORD.fullmatch(word):
        return (english_stem(word, rules),)
    return (word,)


def words_of(text: str, rules: SearchRules = RULES) -> list[str]:
    return [word for word in re.split(rules.separator, fold(text)) if word]


def index_keys(text: str, rules: SearchRules = RULES) -> list[str]:
    """Extra words to index a page's HTML text under: the stems of its Korean words, the Latin
    words glued to Hangul, and the words its spelling variants stand for.

    English words get none: the query side cuts them to a prefix, which already finds them.
    """
    plain = html.unescape(HTML_TAG.sub(" ", text))
    keys: dict[str, None] = {}
    for word in words_of(plain, rules):
        if ENGLISH_WORD.fullmatch(word):
            continue
        for stem in stems_of(word, rules):
            if stem != word:
                keys[stem] = None
    return list(keys)


def normalise_query(query: str, rules: SearchRules = RULES) -> str:
    """What search-terms.js sends to Material's worker instead of the reader's query."""
    if QUERY_SYNTAX.search(query):
        return query
    words: dict[str, None] = {}
    for word in words_of(query, rules):
        for stem in stems_of(word, rules):
            words[stem] = None
    return " ".join(words) or query
