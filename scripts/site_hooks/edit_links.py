"""MkDocs hook: the "edit this page" link opens the source file of the language being read.

MkDocs builds the link from `repo_url` + `edit_uri` + the page's source file, and static-i18n
keeps each language's own file (`docs/x.en.md` on English pages), so ordinary pages need
nothing. A page shown in place of a missing translation (static-i18n's fallback) would open
the Korean original; there the link creates the missing file instead.
"""

from __future__ import annotations

import re
from pathlib import PurePosixPath
from urllib.parse import quote

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.pages import Page
from site_language import build_language, file_language

# GitHub's edit links read `<repo_url>/edit/<branch>/<folder>/<file>`; its page for a new file
# is `<repo_url>/new/<branch>/<folder>?filename=<name>`.
RE_GITHUB_EDIT_URI = re.compile(r"^/?edit/(?P<branch>[^/]+)/(?P<folder>.*?)/?$")


def on_page_context(context: dict, page: Page, config: MkDocsConfig, **_: object) -> dict:
    file_lang, reader_lang = file_language(page), build_language(config)
    if file_lang != reader_lang and page.edit_url:
        page.edit_url = new_file_url(config, page.file.src_uri, file_lang, reader_lang)
    return context


def new_file_url(config: MkDocsConfig, src_uri: str, file_lang: str, reader_lang: str) -> str:
    """GitHub's "create file" page for the reader's language's twin of src_uri."""
    repo_url = (config.repo_url or "").rstrip("/")
    match = RE_GITHUB_EDIT_URI.match(config.edit_uri or "")
    source = PurePosixPath(src_uri)
    name = source.name.replace(f".{file_lang}.md", f".{reader_lang}.md")
    if not repo_url or match is None or name == source.name:
        # Limitation: only GitHub-style edit_uri values get a "create file" link; others
        # keep MkDocs' link to the original's source.
        return f"{repo_url}/{(config.edit_uri or '').strip('/')}/{src_uri}"
    folder = "/".join(part for part in (match["folder"], str(source.parent)) if part != ".")
    return f"{repo_url}/new/{match['branch']}/{quote(folder)}?filename={quote(name)}"
