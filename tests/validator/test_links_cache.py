"""The link cache: ok answers are trusted for their lifetime, failures are asked again."""

from __future__ import annotations

import json
import time
from pathlib import Path

from docs_validator import atomic_files
from linkserver import LinkServer, Reply, run_links, statuses, write_config

TWO_DAYS_SECONDS = 2 * 24 * 3600


def setup(link_server: LinkServer, write_pages, tmp_path: Path) -> tuple[Path, Path]:
    link_server.route("c.test", "/ok", Reply(200))
    link_server.route("c.test", "/moved", Reply(301, {"Location": "/ok"}))
    link_server.route("c.test", "/gone", Reply(404))
    root = write_pages(
        {
            "docs/x.ko.md": (
                "# X { #x }\n\n[ok](http://c.test/ok) [moved](http://c.test/moved) "
                "[gone](http://c.test/gone) [한글](http://c.test/ok?q=캐시)\n"
            )
        }
    )
    return root, write_config(tmp_path, link_server, ["c.test"])


def test_a_rerun_within_the_lifetime_sends_no_request_for_ok_links(
    link_server: LinkServer, write_pages, tmp_path: Path
) -> None:
    root, config = setup(link_server, write_pages, tmp_path)
    link_server.route("c.test", "/ok?q=%EC%BA%90%EC%8B%9C", Reply(200))
    cache = tmp_path / ".cache" / "links.json"

    first = run_links(root, config, cache=cache)
    requests_first = len(link_server.requests())
    second = run_links(root, config, cache=cache)
    again = link_server.requests()[requests_first:]

    assert statuses(first) == statuses(second)
    # Only the broken link is asked again (HEAD, GET, browser-like GET).
    assert {r.path for r in again} == {"/gone"}
    document = json.loads(cache.read_text(encoding="utf-8"))
    assert set(document["links"]) == {
        "http://c.test/ok",
        "http://c.test/moved",
        "http://c.test/ok?q=캐시",
    }
    assert "캐시" in cache.read_text(encoding="utf-8")  # Hangul kept readable


def test_expired_entries_are_checked_again(
    link_server: LinkServer, write_pages, tmp_path: Path
) -> None:
    root, config = setup(link_server, write_pages, tmp_path)
    cache = tmp_path / "links.json"
    run_links(root, config, cache=cache)
    document = json.loads(cache.read_text(encoding="utf-8"))
    for entry in document["links"].values():
        entry["checked_at"] = time.time() - TWO_DAYS_SECONDS
    cache.write_text(json.dumps(document), encoding="utf-8")
    before = len(link_server.requests("c.test", "/ok"))

    run_links(root, config, cache=cache)

    # Both /ok and /moved (which lands on /ok) are asked again.
    assert len(link_server.requests("c.test", "/ok")) == 2 * before


def test_an_unreadable_cache_is_ignored_with_a_message(
    link_server: LinkServer, write_pages, tmp_path: Path, capsys
) -> None:
    root, config = setup(link_server, write_pages, tmp_path)
    cache = tmp_path / "links.json"
    cache.write_text("{not json", encoding="utf-8")

    result = run_links(root, config, cache=cache)

    assert statuses(result)["http://c.test/ok"] == "ok"
    assert "ignoring the unreadable cache" in capsys.readouterr().err
    assert json.loads(cache.read_text(encoding="utf-8"))["version"] == 1


def test_the_cache_is_written_atomically(
    link_server: LinkServer, write_pages, tmp_path: Path, monkeypatch
) -> None:
    root, config = setup(link_server, write_pages, tmp_path)
    cache = tmp_path / "links.json"
    replaced: list[tuple[Path, Path]] = []
    real_replace = atomic_files.os.replace

    def spy(source, target):
        replaced.append((Path(source), Path(target)))
        real_replace(source, target)

    monkeypatch.setattr(atomic_files.os, "replace", spy)

    run_links(root, config, cache=cache)

    assert len(replaced) == 1
    source, target = replaced[0]
    assert target == cache and source.parent == cache.parent and not source.exists()


def test_no_cache_file_is_written_without_a_cache(
    link_server: LinkServer, write_pages, tmp_path: Path
) -> None:
    root, config = setup(link_server, write_pages, tmp_path)

    run_links(root, config, cache=None)
    first = len(link_server.requests("c.test", "/ok"))
    run_links(root, config, cache=None)

    assert len(link_server.requests("c.test", "/ok")) == 2 * first
    assert not list(tmp_path.rglob("*.json"))
