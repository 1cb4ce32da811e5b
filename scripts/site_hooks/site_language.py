"""Which language a build and a page are in, for the site's hooks (static-i18n's view)."""

from __future__ import annotations

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.pages import Page

DEFAULT_LANGUAGE = "ko"


def build_language(config: MkDocsConfig) -> str:
    """The language being built: static-i18n builds each language in turn."""
    i18n = config.plugins.get("i18n")
    language = getattr(i18n, "current_language", None)
    return language or config.theme.get("language") or DEFAULT_LANGUAGE


def file_language(page: Page) -> str:
    """The language of the page's source file; differs from the build's on a fallback page."""
    return getattr(page.file, "locale", None) or DEFAULT_LANGUAGE
