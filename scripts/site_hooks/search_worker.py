"""Hook: delivers the Korean-aware search worker to the browser.

Our worker (overrides/assets/javascripts/workers/reader-search.js) wraps Material's. This hook
tells the templates its URL, with a version that changes whenever any part of it changes, and
writes search-rules.js beside it: the rule table of search_rules.py and the name of Material's
worker, whose file name carries a hash that changes with each Material release.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from jinja2 import Environment
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from search_rules import RULES

WORKERS = "assets/javascripts/workers"
OUR_WORKER = f"{WORKERS}/reader-search.js"
OUR_SOURCES = ("reader-search.js", "search-terms.js")
RULES_FILE = f"{WORKERS}/search-rules.js"
MATERIAL_WORKER_GLOB = "search.*.min.js"

# How many hex digits of the content hash name a build: enough to never repeat by chance.
VERSION_LENGTH = 12


def material_worker_name(config: MkDocsConfig) -> str:
    found = sorted(
        {
            path.name
            for folder in config.theme.dirs
            for path in Path(folder, WORKERS).glob(MATERIAL_WORKER_GLOB)
        }
    )
    if len(found) != 1:
        raise PluginError(
            f"Expected one Material search worker {WORKERS}/{MATERIAL_WORKER_GLOB} in the theme, "
            f"found {found or 'none'}: has the Material release changed its layout?"
        )
    return found[0]


def our_sources(config: MkDocsConfig) -> list[bytes]:
    custom = Path(config.theme.custom_dir or "overrides", WORKERS)
    return [(custom / name).read_bytes() for name in OUR_SOURCES]


def rules_script(material_worker: str) -> str:
    return (
        "/* Written by scripts/site_hooks/search_worker.py from search_rules.py. */\n"
        f"self.readerSearchRules = {RULES.to_json()}\n"
        f'self.readerSearchMaterialWorker = "{material_worker}"\n'
    )


def worker_version(config: MkDocsConfig) -> str:
    digest = hashlib.sha256(rules_script(material_worker_name(config)).encode("utf-8"))
    for source in our_sources(config):
        digest.update(source)
    return digest.hexdigest()[:VERSION_LENGTH]


def on_env(env: Environment, config: MkDocsConfig, files: object) -> Environment:
    env.globals["reader_search_worker"] = OUR_WORKER
    env.globals["reader_search_version"] = worker_version(config)
    return env


def on_post_build(config: MkDocsConfig) -> None:
    target = Path(config.site_dir, RULES_FILE)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(rules_script(material_worker_name(config)), encoding="utf-8")
