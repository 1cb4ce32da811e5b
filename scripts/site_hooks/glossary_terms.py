"""Reads the glossary page of one language into terms with a one-sentence definition each.

The glossary (docs/glossary.<lang>.md) gives every term a third-level heading with an explicit
id, followed by its definition paragraph:

    ### 바인드 마운트(bind mount) { #bind-mount }

    호스트의 파일이나 폴더를 컨테이너 안의 경로에 연결하는 방식입니다. ...

A heading may name two terms (`태그와 리포지토리`, `Tag and repository`); the English in
parentheses after a Korean term is the same term and is left out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

TERM_HEADING = re.compile(r"^###\s+(?P<name>.+?)\s*\{\s*#(?P<id>[\w-]+)\s*\}\s*$")
PARENTHESES = re.compile(r"\s*\([^)]*\)")
# "A와 B", "A과 B" (Korean) and "A and B" (English) name two terms.
TWO_TERMS = re.compile(r"(?<=\S)[와과]\s+|\s+and\s+")
MARKDOWN_LINK = re.compile(r"\[([^\]]+)\]\([^)]*\)")
SENTENCE_END = re.compile(r"[.!?](?=\s|$)")

# One syllable or letter is too common to mark (풀 of 푸시와 풀 is also "grass", "solve").
MIN_TERM_LENGTH = 2
# A tooltip is the definition's first sentence, and never longer than this: the glossary page
# has the rest.
MAX_DEFINITION = 200


@dataclass(frozen=True)
class GlossaryTerm:
    term: str
    anchor: str
    definition: str


def sentences(paragraph: str) -> list[str]:
    plain = MARKDOWN_LINK.sub(r"\1", paragraph).replace("`", "").strip()
    found, start = [], 0
    for end in SENTENCE_END.finditer(plain):
        found.append(plain[start : end.end()].strip())
        start = end.end()
    if plain[start:].strip():
        found.append(plain[start:].strip())
    return found


def sentence_about(term: str, paragraph: str, shared: bool) -> str:
    """The definition's first sentence; for a heading of two terms (`shared`), which defines
    both in one paragraph, the first sentence that names the term, if one does."""
    candidates = sentences(paragraph)
    if not candidates:
        return ""
    naming = [sentence for sentence in candidates if term.lower() in sentence.lower()]
    sentence = (naming if shared and naming else candidates)[0]
    if len(sentence) > MAX_DEFINITION:
        sentence = sentence[: MAX_DEFINITION - 1].rstrip() + "…"
    return sentence


def names_in(heading: str) -> list[str]:
    bare = PARENTHESES.sub("", heading).strip()
    return [name.strip() for name in TWO_TERMS.split(bare) if len(name.strip()) >= MIN_TERM_LENGTH]


def definition_after(lines: list[str], start: int) -> str:
    paragraph: list[str] = []
    for line in lines[start:]:
        if line.startswith("#"):
            break
        if line.strip():
            paragraph.append(line.strip())
        elif paragraph:
            break
    return " ".join(paragraph)


def read_glossary(path: Path) -> list[GlossaryTerm]:
    if not path.is_file():
        return []
    lines = path.read_text(encoding="utf-8").splitlines()
    terms = []
    for number, line in enumerate(lines):
        heading = TERM_HEADING.match(line)
        if not heading:
            continue
        paragraph = definition_after(lines, number + 1)
        names = names_in(heading["name"])
        for name in names:
            definition = sentence_about(name, paragraph, shared=len(names) > 1)
            if definition:
                terms.append(GlossaryTerm(name, heading["id"], definition))
    return terms
