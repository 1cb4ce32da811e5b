"""Hook: what the theme overrides need from the configuration: the default language (English
pages search under /en/) and a filter that makes a site link absolute (hreflang alternates)."""

from __future__ import annotations

from urllib.parse import urljoin

from jinja2 import Environment
from mkdocs.config.defaults import MkDocsConfig


def default_language(config: MkDocsConfig) -> str:
    i18n = config.plugins["i18n"]
    return next(lang.locale for lang in i18n.config.languages if lang.default)


def absolute_url(link: str, site_url: str) -> str:
    """`/en/` or `en/data/volumes/` → `http://host/<site path>/en/…`; a full URL stays."""
    if link.startswith("/"):
        return urljoin(site_url, link)
    return urljoin(site_url if site_url.endswith("/") else f"{site_url}/", link)


def on_env(env: Environment, config: MkDocsConfig, files: object) -> Environment:
    site_url = config.site_url or ""
    env.globals["default_language"] = default_language(config)
    env.filters["absolute_url"] = lambda link: absolute_url(str(link), site_url)
    return env
