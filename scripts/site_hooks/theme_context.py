"""Hook: what the theme overrides need from the configuration: the default language (pages of
other languages search their own index, under their own folder)."""

from __future__ import annotations

from jinja2 import Environment
from mkdocs.config.defaults import MkDocsConfig


def default_language(config: MkDocsConfig) -> str:
    i18n = config.plugins["i18n"]
    return next(lang.locale for lang in i18n.config.languages if lang.default)


def on_env(env: Environment, config: MkDocsConfig, files: object) -> Environment:
    env.globals["default_language"] = default_language(config)
    return env
