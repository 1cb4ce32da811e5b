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
from collections.abc import Callable

from search_rules import RULES, SearchRules

HANGUL_WORD = re.compile(r"[가-힣]+")
LATIN_GLUED_TO_HANGUL = re.compile(r"([a-z0-9_.+#]*[a-z0-9_+#])([가-힣]+)")
ENGLISH_WORD = re.compile(r"[a-z]+")
HTML_TAG = re.compile(r"<[^>]*>")
LETTER_OR_DIGIT = re.compile(r"[^\W_]")

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
        if word in rules.particles or word in rules.ambiguous_particles:
            return ()  # a particle standing alone (`볼륨(volume)을`) means nothing by itself
        stem = korean_stem(word, rules)
        return tuple(rules.variants.get(stem, stem).split())

    if ENGLISH_WORD.fullmatch(word):
        return (english_stem(word, rules),)
    return (word,)


def words_of(text: str, rules: SearchRules = RULES) -> list[str]:
    return [word for word in re.split(rules.separator, fold(text)) if word]


def stemmed_words(text: str, rules: SearchRules = RULES) -> list[str]:
    """The words of a text as the index compares them: Korean and glued words by their stems,
    English words as they are (the query side cuts those to a prefix instead)."""
    words: list[str] = []
    for word in words_of(text, rules):
        words.extend((word,) if ENGLISH_WORD.fullmatch(word) else stems_of(word, rules))
    return words


def english_terms_in(words: list[str], rules: SearchRules = RULES) -> list[str]:
    """The English of every fixed Korean term that occurs in a list of stemmed words."""
    by_first_word: dict[str, list[tuple[tuple[str, ...], str]]] = {}
    for korean, english in rules.english_of_korean_terms.items():
        term = tuple(stemmed_words(korean, rules))
        by_first_word.setdefault(term[0], []).append((term, english))

    found: dict[str, None] = {}
    for start, word in enumerate(words):
        for term, english in by_first_word.get(word, []):
            if tuple(words[start : start + len(term)]) == term:
                found[english] = None
    return list(found)


def index_keys(text: str, rules: SearchRules = RULES) -> list[str]:
    """Extra words to index a page's HTML text under: what its spelling variants stand for
    (`도커파일` → `dockerfile`) and the English of the fixed Korean terms it uses (`바인드
    마운트` → `bind mount`).

    A stem that begins its word (`볼륨` of `볼륨을`, `dockerfile` of `Dockerfile을`) is left
    out: Material adds a trailing wildcard to every query word, so the query `볼륨` already
    finds `볼륨을`, and indexing the stem again would count that page's match twice.
    """
    plain = html.unescape(HTML_TAG.sub(" ", text))
    keys: dict[str, None] = {}
    stemmed: list[str] = []
    for word in words_of(plain, rules):
        stems = (word,) if ENGLISH_WORD.fullmatch(word) else stems_of(word, rules)
        keys.update((stem, None) for stem in stems if not word.startswith(stem))
        stemmed.extend(stems)
    original = set(words_of(plain, rules))
    for english in english_terms_in(stemmed, rules):
        keys.update((word, None) for word in english.split() if word not in original)
    return list(keys)


def normalise_query(
    query: str, rules: SearchRules = RULES, is_stop_word: Callable[[str], bool] | None = None
) -> str:
    """What search-terms.js sends to Material's worker instead of the reader's query.

    `is_stop_word` tells the words the index left out (lunr's English stop words): a query
    word the index cannot hold would only match longer words by the trailing wildcard (`to`
    finds `tool`), so it is dropped.
    """
    if QUERY_SYNTAX.search(query):
        return query
    words: dict[str, None] = {}
    for word in words_of(query, rules):
        if is_stop_word is not None and is_stop_word(word):
            continue
        for stem in stems_of(word, rules):
            words[stem] = None
    return " ".join(words) or query


def exact_first(query: str, rules: SearchRules = RULES) -> str:
    """`볼륨 삭제` → `볼륨^3 볼륨 삭제^3 삭제`: each word exactly, boosted, and as typed (to which
    Material adds the trailing wildcard). A query in lunr's own syntax is left alone."""
    if QUERY_SYNTAX.search(query):
        return query
    boost = rules.exact_match_boost
    words = [word for word in query.split() if LETTER_OR_DIGIT.search(word)]
    return " ".join(f"{word}^{boost} {word}" for word in words)
