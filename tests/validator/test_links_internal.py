"""Internal links and anchors, checked per language against what each build really holds."""

from __future__ import annotations

import os
import subprocess
import sys
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

from docs_validator.models import Severity
from linkserver import FIXTURES, run_links


def empty_config(folder: Path) -> Path:
    path = folder / "validator.toml"
    path.write_text("[links]\n", encoding="utf-8")
    return path


def findings_by_rule(result) -> list[tuple[str, int, str, str]]:
    return sorted((f.file, f.line, f.lang, f.rule) for f in result.findings)


def test_anchor_valid_in_korean_and_dead_in_english_is_reported_with_its_language(
    write_pages,
) -> None:
    root = write_pages(
        {
            "docs/data/volumes.ko.md": "# 볼륨 { #volumes }\n\n## 이름 있는 볼륨 { #named }\n",
            "docs/data/volumes.en.md": "# Volumes { #volumes }\n\n## Named volumes\n",
            "docs/index.ko.md": "# 홈 { #home }\n\n[볼륨](data/volumes.md#named)\n",
            "docs/index.en.md": "# Home { #home }\n\n[Volumes](data/volumes.md#named)\n",
        }
    )

    result = run_links(root, offline=True)

    assert findings_by_rule(result) == [("docs/index.en.md", 3, "en", "missing-anchor")]
    message = result.findings[0].message
    assert "data/volumes.en.md (English)" in message and "Korean page has it" in message
    assert result.failed


def test_c04_raw_and_percent_encoded_hangul_fragments(tmp_path: Path) -> None:
    root = FIXTURES / "c04"

    result = run_links(root, empty_config(tmp_path), offline=True)

    anchors = [f for f in result.findings if f.rule == "missing-anchor"]
    assert [(f.file.rsplit("/", 1)[-1], f.line) for f in anchors] == [("network.ko.md", 8)]
    assert "#네트워크-설정하기" in anchors[0].message
    assert "did you mean #네트워크-설정" in anchors[0].message


def test_local_files_resolve_with_percent_20_and_missing_ones_are_broken(write_pages) -> None:
    root = write_pages(
        {
            "docs/files/볼륨 예제.yml": "a: 1\n",
            "docs/guide/x.ko.md": (
                "# X { #x }\n\n"
                "[ok](../files/볼륨%20예제.yml)\n\n"
                "[ok too](../files/볼륨 예제.yml)\n\n"
                "[missing](../files/없음.yml)\n"
            ),
        }
    )

    result = run_links(root, offline=True)

    assert findings_by_rule(result) == [("docs/guide/x.ko.md", 7, "ko", "missing-file")]


def test_links_to_examples_outside_docs_are_reported(write_pages) -> None:
    root = write_pages(
        {
            "examples/goals/server.js": "// app\n",
            "docs/x.ko.md": "# X { #x }\n\n[server.js](../examples/goals/server.js)\n",
        }
    )

    result = run_links(root, offline=True)

    assert findings_by_rule(result) == [("docs/x.ko.md", 3, "ko", "outside-docs")]
    assert "examples/goals/server.js is outside docs/" in result.findings[0].message


def test_absolute_and_folder_links_are_errors(write_pages) -> None:
    root = write_pages(
        {
            "docs/data/index.ko.md": "# 데이터 { #data }\n",
            "docs/x.ko.md": "# X { #x }\n\n[a](/data/volumes/)\n\n[b](data/)\n",
        }
    )

    result = run_links(root, offline=True)

    assert findings_by_rule(result) == [
        ("docs/x.ko.md", 3, "ko", "absolute-link"),
        ("docs/x.ko.md", 5, "ko", "directory-link"),
    ]


def test_link_to_an_untranslated_page_warns_in_english_and_missing_page_is_broken(
    write_pages,
) -> None:
    root = write_pages(
        {
            "docs/compose.ko.md": "# Compose { #compose }\n",
            "docs/only-en.en.md": "# Only English { #only }\n",
            "docs/index.en.md": "# Home { #home }\n\n[Compose](compose.md#compose)\n",
            "docs/index.ko.md": "# 홈 { #home }\n\n[영어만](only-en.md)\n\n[명시](only-en.en.md)\n",
        }
    )

    result = run_links(root, offline=True)

    found = {(f.file, f.rule): f for f in result.findings}
    assert set(found) == {
        ("docs/index.en.md", "untranslated-target"),
        ("docs/index.ko.md", "missing-page"),
    }
    assert found[("docs/index.en.md", "untranslated-target")].severity is Severity.WARNING
    assert "only the English page exists" in found[("docs/index.ko.md", "missing-page")].message


class _Crawler(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        wanted = {"img": "src", "source": "src", "a": "href"}.get(tag)
        for name, value in attrs:
            if name == wanted and value and not urlsplit(value).scheme:
                self.urls.append(value)


def crawl_broken(site: Path) -> Counter:
    """(language, page) of every internal img/source/a URL of the built site that 404s."""
    broken: Counter = Counter()
    for page in site.rglob("index.html"):
        relative = page.parent.relative_to(site).as_posix()
        page_url = "/" if relative == "." else f"/{relative}/"
        crawler = _Crawler()
        crawler.feed(page.read_text(encoding="utf-8"))
        for url in crawler.urls:
            path = unquote(urlsplit(urljoin(page_url, url)).path).lstrip("/")
            target = site / path
            if not (target.is_file() or (target / "index.html").is_file()):
                lang = "en" if page_url.startswith("/en/") else "ko"
                key = page_url.removeprefix("/en/").strip("/") or "index"
                broken[(lang, key)] += 1
    return broken


def test_c09_raw_html_assets_match_a_crawl_of_the_built_site(tmp_path: Path) -> None:
    fixture = FIXTURES / "c09"
    site = tmp_path / "site"
    environment = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-q", "-f", "mkdocs.yml", "-d", str(site)],
        cwd=fixture,
        check=True,
        env=environment,
        capture_output=True,
    )

    result = run_links(fixture, empty_config(tmp_path), offline=True)

    reported: Counter = Counter()
    for finding in result.findings:
        page = finding.file.removeprefix("docs/").rsplit(".", 2)[0]
        reported[(finding.lang, page.removesuffix("/index"))] += 1
    assert reported == crawl_broken(site)
    assert reported == Counter({("en", "index"): 1, ("en", "data/volumes"): 1})
    assert {f.rule for f in result.findings} == {"html-path"}
