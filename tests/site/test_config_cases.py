"""Configuration faults other bilingual sites hit: switcher under a sub-path (C06) and
navigation.instant breaking a strict i18n build (C07)."""

from __future__ import annotations

from urllib.parse import urljoin

from bs4 import BeautifulSoup
from minisite import build, site_config

SUB_PATH_URL = "http://127.0.0.1:8000/docker-notes/"


def switcher_targets(page_file, page_url: str) -> dict[str, str]:
    html = BeautifulSoup(page_file.read_text(encoding="utf-8"), "html.parser")
    links = html.select("a.md-select__link[hreflang]")
    return {a["hreflang"]: urljoin(page_url, a["href"]) for a in links}


def test_site_config_does_not_use_instant_navigation() -> None:
    assert "navigation.instant" not in site_config()["theme"]["features"]


def test_instant_navigation_fails_the_strict_build_loudly(tmp_path) -> None:
    config = site_config()
    features = [*config["theme"]["features"], "navigation.instant"]
    theme = {**config["theme"], "features": features}
    result = build(tmp_path, {"theme": theme})
    assert result.returncode != 0
    assert "navigation.instant" in result.log


def test_switcher_stays_under_the_sub_path(tmp_path) -> None:
    result = build(tmp_path, {"site_url": SUB_PATH_URL})
    assert result.returncode == 0, result.log

    page_url = SUB_PATH_URL + "volumes/"
    targets = switcher_targets(result.site / "volumes" / "index.html", page_url)
    assert targets == {"ko": SUB_PATH_URL + "volumes/", "en": SUB_PATH_URL + "en/volumes/"}

    english_url = SUB_PATH_URL + "en/volumes/"
    targets = switcher_targets(result.site / "en" / "volumes" / "index.html", english_url)
    assert targets == {"ko": SUB_PATH_URL + "volumes/", "en": SUB_PATH_URL + "en/volumes/"}


def test_build_refuses_to_run_without_a_site_url(tmp_path) -> None:
    result = build(tmp_path, drop=("site_url",), hooks=("site_address.py",))
    assert result.returncode != 0
    assert "site_url is not set" in result.log


def test_site_url_comes_from_the_environment_for_a_deploy(tmp_path) -> None:
    result = build(
        tmp_path, drop=("site_url",), hooks=("site_address.py",), env={"SITE_URL": SUB_PATH_URL}
    )
    assert result.returncode == 0, result.log
    page_url = SUB_PATH_URL + "volumes/"
    targets = switcher_targets(result.site / "volumes" / "index.html", page_url)
    assert targets["en"] == SUB_PATH_URL + "en/volumes/"
