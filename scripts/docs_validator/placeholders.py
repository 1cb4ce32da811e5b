"""The site's placeholder convention: `<image>`, `<container-path>` (CONTRIBUTING.md)."""

from __future__ import annotations

import re

# HTML elements that commands in the docs grep for (`grep '<h1>'`): real text, not
# placeholders, although they look like one.
HTML_ELEMENTS = (
    "a|b|i|p|br|hr|em|h[1-6]|li|ol|ul|td|th|tr|div|pre|code|span|body|head|html|form|main|"
    "meta|link|title|table|label|input|style|button|script|strong|section|header|footer|nav"
)
# Lower case words in angle brackets, joined by `-`.
PLACEHOLDER = re.compile(rf"<(?!(?:{HTML_ELEMENTS})>)([a-z][a-z0-9]*(?:-[a-z0-9]+)*)>")

# The set every page uses (CONTRIBUTING.md, "Placeholders").
SITE_PLACEHOLDERS = frozenset(
    {
        "image", "tag", "container", "volume", "network", "host-path", "container-path",
        "host-port", "container-port", "registry-host", "namespace", "repository", "key",
        "value", "file", "command", "options", "path", "user",
    }
)  # fmt: skip


def find_placeholders(line: str) -> list[re.Match[str]]:
    return list(PLACEHOLDER.finditer(line))


def is_placeholder_word(word: str) -> bool:
    return PLACEHOLDER.search(word) is not None


def mask_placeholders(text: str) -> str:
    """The text with each `<name>` turned into `_name_`: same length, so columns stay right,
    and bash reads a word instead of two redirections."""
    return PLACEHOLDER.sub(lambda match: f"_{match.group(1)}_", text)
