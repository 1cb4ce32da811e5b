"""MkDocs hook: the site's address (`site_url`) may come from the SITE_URL environment variable.

mkdocs.yml keeps the address of the local preview. A deploy knows the real one (GitHub Pages'
URL, a self-hosted server) and sets SITE_URL, so the language switcher, the sitemap and the
canonical links point where readers will be. Runs before static-i18n reads the address.
"""

from __future__ import annotations

import os

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority

SITE_URL_VARIABLE = "SITE_URL"


# static-i18n reads site_url in its own on_config at priority -100; this runs before it.
@event_priority(50)
def on_config(config: MkDocsConfig) -> MkDocsConfig:
    address = os.environ.get(SITE_URL_VARIABLE, "").strip()
    if address:
        config.site_url = address if address.endswith("/") else f"{address}/"

    # Without an address, static-i18n makes the language switcher root-absolute (/en/...):
    # under a sub-path such as GitHub Pages' /<repository>/ every switch would be a 404.
    if not config.site_url:
        raise PluginError(
            "site_url is not set. The language switcher and the sitemap are built from it: "
            "set site_url in mkdocs.yml or the SITE_URL environment variable to the address "
            "the site is served at (for example https://<user>.github.io/<repository>/)."
        )
    return config
