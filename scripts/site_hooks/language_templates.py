"""Hook: the theme's 404 page and sitemap once per language.

static-i18n renders the theme's templates again for each language into the same files, so the
English 404 page would overwrite the Korean one. This hook keeps the default language's 404 at
`404.html` and writes every other language's to `<lang>/404.html`. It also gives each other
language a sitemap of its own pages at `<lang>/sitemap.xml`: Material's language switcher
fetches `sitemap.xml` under every alternate language root to find a page's twin, and a missing
one is a 404 in the console of every page.
"""

from __future__ import annotations

import xml.etree.ElementTree as ElementTree
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from site_language import build_language

SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
XHTML_NS = "http://www.w3.org/1999/xhtml"

ElementTree.register_namespace("", SITEMAP_NS)
ElementTree.register_namespace("xhtml", XHTML_NS)

# The default language's rendering of each template, kept while the other languages build.
# Limitation: module state; it assumes static-i18n builds the default language first, which
# it does (the other languages are built from inside the default build's post_build).
default_renderings: dict[str, str] = {}


def is_default_build(config: MkDocsConfig) -> bool:
    i18n = config.plugins["i18n"]
    return i18n.is_default_language_build


def language_folder(config: MkDocsConfig) -> Path:
    return Path(config.site_dir, build_language(config))


def sitemap_of_language(sitemap: str, language_root: str) -> str:
    """Only the `<url>` entries under `language_root`, alternates kept (the sitemap protocol
    lets a sitemap list only URLs below its own folder)."""
    root = ElementTree.fromstring(sitemap)
    for url in list(root):
        location = url.findtext(f"{{{SITEMAP_NS}}}loc", default="")
        if not location.startswith(language_root):
            root.remove(url)
    body = ElementTree.tostring(root, encoding="unicode")
    return f'<?xml version="1.0" encoding="UTF-8"?>\n{body}\n'


def on_post_template(output: str, template_name: str, config: MkDocsConfig) -> str:
    if is_default_build(config):
        default_renderings[template_name] = output
        return output

    folder = language_folder(config)
    folder.mkdir(parents=True, exist_ok=True)
    if template_name == "404.html":
        (folder / template_name).write_text(output, encoding="utf-8")
    elif template_name == "sitemap.xml":
        language_root = f"{(config.site_url or '/').rstrip('/')}/{build_language(config)}/"
        (folder / template_name).write_text(
            sitemap_of_language(output, language_root), encoding="utf-8"
        )
        return output  # the last language's sitemap lists every language: keep it at the root
    # The 404 page at the site root stays the default language's.
    return default_renderings.get(template_name, output)
