"""Hook: the theme's 404 page once per language.

static-i18n renders the theme's templates again for each language into the same files, so the
English 404 page would overwrite the Korean one. This hook keeps the default language's 404 at
`404.html`, which hosts serve for every missing address, and writes every other language's to
`<lang>/404.html`.
"""

from __future__ import annotations

from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from site_language import build_language

NOT_FOUND = "404.html"

# The default language's 404 page, kept while the other languages build.
# Limitation: module state; it assumes static-i18n builds the default language first, which
# it does (the other languages are built from inside the default build's post_build).
default_rendering: dict[str, str] = {}


def on_post_template(output: str, template_name: str, config: MkDocsConfig) -> str:
    if template_name != NOT_FOUND:
        return output
    if config.plugins["i18n"].is_default_language_build:
        default_rendering[NOT_FOUND] = output
        return output

    folder = Path(config.site_dir, build_language(config))
    folder.mkdir(parents=True, exist_ok=True)
    (folder / NOT_FOUND).write_text(output, encoding="utf-8")
    return default_rendering.get(NOT_FOUND, output)  # the root keeps the default language's
