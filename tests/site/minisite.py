"""Builds a two-page copy of the site with the real configuration and a few changes.

Cases about the configuration (the language switcher under a sub-path, features that break
a strict bilingual build) need many builds; two pages keep each one quick.
"""

from __future__ import annotations

import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import yaml
from sitebuild import REPO_ROOT

PAGES = {
    "index.ko.md": "# 홈 { #home }\n\n[볼륨](volumes.md#create)\n",
    "index.en.md": "# Home { #home }\n\n[Volumes](volumes.md#create)\n",
    "volumes.ko.md": "# 볼륨 { #volumes }\n\n## 만들기 { #create }\n",
    "volumes.en.md": "# Volumes { #volumes }\n\n## Create { #create }\n",
}


@dataclass(frozen=True)
class MiniBuild:
    returncode: int
    log: str
    site: Path


class KeepTags(yaml.SafeLoader):
    """Loads mkdocs.yml without running its !!python tags; they are written back as is."""


def keep_unknown_tag(loader: yaml.Loader, suffix: str, node: yaml.Node) -> object:
    return {"__tag__": suffix, "kwds": loader.construct_mapping(node.value[0][1], deep=True)}


KeepTags.add_multi_constructor("tag:yaml.org,2002:python/", keep_unknown_tag)


def site_config() -> dict:
    return yaml.load((REPO_ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=KeepTags)


def dump_config(config: dict) -> str:
    text = yaml.safe_dump(strip_python_tags(config), allow_unicode=True, sort_keys=False)
    return text


def strip_python_tags(value: object) -> object:
    """Replace the kept !!python tags with the site's slugify written as plain YAML."""
    if isinstance(value, dict):
        if "__tag__" in value:
            return "__SLUGIFY__"
        return {key: strip_python_tags(item) for key, item in value.items()}
    if isinstance(value, list):
        return [strip_python_tags(item) for item in value]
    return value


SLUGIFY = "!!python/object/apply:pymdownx.slugs.slugify {kwds: {case: lower}}"


def build(
    tmp: Path,
    changes: dict | None = None,
    drop: tuple[str, ...] = (),
    hooks: tuple[str, ...] = (),
    env: dict[str, str] | None = None,
) -> MiniBuild:
    """Build the mini site in `tmp`; `changes` are merged into the top level of the config."""
    docs = tmp / "docs"
    docs.mkdir(parents=True)
    for name, text in PAGES.items():
        (docs / name).write_text(text, encoding="utf-8")

    config = site_config()
    config.pop("nav", None)
    config["hooks"] = [str(REPO_ROOT / "scripts" / "site_hooks" / name) for name in hooks]
    config["docs_dir"] = str(docs)
    config.pop("extra_css", None)
    config.pop("extra_javascript", None)
    for key in drop:
        config.pop(key, None)
    config.update(changes or {})
    config["theme"] = {**config["theme"], "custom_dir": str(REPO_ROOT / "overrides")}

    text = dump_config(config).replace("__SLUGIFY__", SLUGIFY)
    config_file = tmp / "mkdocs.yml"
    config_file.write_text(text, encoding="utf-8")
    site = tmp / "site"
    completed = subprocess.run(
        [
            sys.executable,
            "-m",
            "mkdocs",
            "build",
            "--strict",
            "-f",
            str(config_file),
            "-d",
            str(site),
        ],
        capture_output=True,
        text=True,
        check=False,
        env={"NO_MKDOCS_2_WARNING": "1", "PATH": "/usr/bin:/bin", **(env or {})},
    )
    return MiniBuild(completed.returncode, completed.stdout + completed.stderr, site)
