"""`--fix`: permanently redirected URLs rewritten in both languages, only the URL's bytes."""

from __future__ import annotations

from pathlib import Path

from docs_validator import atomic_files
from linkserver import LinkServer, Reply, run_links, statuses, write_config

OLD = "http://fix.test/old"
NEW = "http://fix.test/new"

KO = (
    "# 고치기 { #fix }\r\n"
    "\r\n"
    f'[옛 주소]({OLD}) 그리고 [절]({OLD}#part "제목")\r\n'
    "\r\n"
    f"코드 속 `[x]({OLD})` 는 그대로, <{OLD}> 는 고침.\r\n"
    "\r\n"
    "```bash\r\n"
    f"curl {OLD}\r\n"
    "```\r\n"
    "\r\n"
    "[참조][ref]\r\n"
    "\r\n"
    f"[ref]: {OLD}\r\n"
)
EN = f"# Fix {{ #fix }}\n\nSee [the old page]({OLD}) and {OLD}-suffix stays.\n"


def pages(link_server: LinkServer, write_pages, tmp_path: Path) -> tuple[Path, Path]:
    link_server.route("fix.test", "/old", Reply(301, {"Location": "/new"}))
    link_server.route("fix.test", "/new", Reply(200))
    root = tmp_path / "repo"
    root.mkdir()
    for name, text in (("docs/x.ko.md", KO), ("docs/x.en.md", EN)):
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(text.encode("utf-8"))
    return root, write_config(tmp_path, link_server, ["fix.test"])


def test_fix_rewrites_only_the_url_in_both_languages_and_is_idempotent(
    link_server: LinkServer, write_pages, tmp_path: Path
) -> None:
    root, config = pages(link_server, write_pages, tmp_path)
    ko, en = root / "docs/x.ko.md", root / "docs/x.en.md"

    result = run_links(root, config, fix=True)

    expected_ko = (
        KO.replace(f"]({OLD})", f"]({NEW})", 1)
        .replace(f"({OLD}#part", f"({NEW}#part")
        .replace(f"<{OLD}>", f"<{NEW}>")
        .replace(f"[ref]: {OLD}", f"[ref]: {NEW}")
    )
    assert ko.read_bytes() == expected_ko.encode("utf-8")  # CRLF, code span and fence kept
    assert en.read_bytes() == EN.replace(f"]({OLD})", f"]({NEW})").encode("utf-8")
    assert statuses(result)[OLD] == "redirected"
    assert (
        "--fix replaced it" in next(r for r in result.extra["links"] if r["url"] == OLD)["message"]
    )

    after_first = (ko.read_bytes(), en.read_bytes())
    second = run_links(root, config, fix=True)

    assert (ko.read_bytes(), en.read_bytes()) == after_first
    assert "redirected" not in statuses(second).values()


def test_fix_of_one_page_also_fixes_its_twin(
    link_server: LinkServer, write_pages, tmp_path: Path
) -> None:
    root, config = pages(link_server, write_pages, tmp_path)
    ko, en = root / "docs/x.ko.md", root / "docs/x.en.md"

    run_links(root, config, files=[ko], fix=True)

    assert OLD + ")" not in en.read_text(encoding="utf-8")
    assert f"({NEW})" in en.read_text(encoding="utf-8")


def test_fix_replaces_files_atomically_in_their_folder(
    link_server: LinkServer, write_pages, tmp_path: Path, monkeypatch
) -> None:
    root, config = pages(link_server, write_pages, tmp_path)
    replaced: list[tuple[Path, Path]] = []
    real_replace = atomic_files.os.replace

    def spy(source, target):
        replaced.append((Path(source), Path(target)))
        real_replace(source, target)

    monkeypatch.setattr(atomic_files.os, "replace", spy)

    run_links(root, config, fix=True)

    assert sorted(target.name for _, target in replaced) == ["x.en.md", "x.ko.md"]
    assert all(source.parent == target.parent for source, target in replaced)


def test_without_fix_nothing_is_written(
    link_server: LinkServer, write_pages, tmp_path: Path
) -> None:
    root, config = pages(link_server, write_pages, tmp_path)
    before = (root / "docs/x.ko.md").read_bytes()

    result = run_links(root, config)

    assert (root / "docs/x.ko.md").read_bytes() == before
    assert "--fix" in next(f.message for f in result.findings if f.rule == "redirected")


def redirect_page(link_server: LinkServer, tmp_path: Path, location: str) -> tuple[Path, Path]:
    link_server.route("fix.test", "/old", Reply(301, {"Location": location}))
    link_server.route("fix.test", "/new", Reply(200))
    root = tmp_path / "repo"
    (root / "docs").mkdir(parents=True)
    (root / "docs" / "x.en.md").write_text(f"# X\n\n[old]({OLD})\n", encoding="utf-8")
    return root, write_config(tmp_path, link_server, ["fix.test"])


def message_of(result, url: str) -> str:
    return next(r for r in result.extra["links"] if r["url"] == url)["message"]


def test_fix_percent_encodes_characters_that_would_end_the_link(
    link_server: LinkServer, tmp_path: Path
) -> None:
    root, config = redirect_page(link_server, tmp_path, "/new?a=(b) 'c'\"<d>")
    link_server.route("fix.test", "/new?a=(b)%20'c'%22%3Cd%3E", Reply(200))

    run_links(root, config, fix=True)

    text = (root / "docs" / "x.en.md").read_text(encoding="utf-8")
    assert "[old](http://fix.test/new?a=%28b%29%20%27c%27%22%3Cd%3E)" in text


def test_fix_refuses_a_symbolic_link_and_says_why(link_server: LinkServer, tmp_path: Path) -> None:
    root, config = redirect_page(link_server, tmp_path, "/new")
    real = tmp_path / "elsewhere.md"
    page = root / "docs" / "x.en.md"
    real.write_text(page.read_text(encoding="utf-8"), encoding="utf-8")
    page.unlink()
    page.symlink_to(real)

    result = run_links(root, config, fix=True)

    assert page.is_symlink() and OLD in real.read_text(encoding="utf-8")
    message = message_of(result, OLD)
    assert "replaced" not in message and "symbolic link" in message


def test_fix_skips_a_page_that_changed_meanwhile(
    link_server: LinkServer, tmp_path: Path, monkeypatch
) -> None:
    root, config = redirect_page(link_server, tmp_path, "/new")
    page = root / "docs" / "x.en.md"
    real_fsync = atomic_files.os.fsync

    def edit_meanwhile(descriptor: int) -> None:
        real_fsync(descriptor)
        page.write_text("# X\n\nan editor's change\n", encoding="utf-8")

    monkeypatch.setattr(atomic_files.os, "fsync", edit_meanwhile)

    result = run_links(root, config, fix=True)

    assert page.read_text(encoding="utf-8") == "# X\n\nan editor's change\n"
    message = message_of(result, OLD)
    assert "replaced" not in message and "changed while --fix was working" in message


def test_fix_rewrites_the_link_but_not_a_title_or_running_text(
    link_server: LinkServer, tmp_path: Path
) -> None:
    root, config = redirect_page(link_server, tmp_path, "/new")
    page = root / "docs" / "x.en.md"
    page.write_text(f'# X\n\n[a]({OLD} "{OLD}")\nplain {OLD} and [b]({OLD})\n', encoding="utf-8")

    run_links(root, config, fix=True)

    assert page.read_text(encoding="utf-8") == (
        f'# X\n\n[a]({NEW} "{OLD}")\nplain {OLD} and [b]({NEW})\n'
    )


def test_fix_handles_bare_cr_line_ends_and_says_replaced_only_where_it_wrote(
    link_server: LinkServer, tmp_path: Path
) -> None:
    root, config = redirect_page(link_server, tmp_path, "/new")
    old_mac = root / "docs" / "cr.en.md"
    old_mac.write_bytes(f"# CR\r\rline\r[x]({OLD})\n".encode())
    unfixable = root / "docs" / "esc.en.md"  # the parser decodes the entity; the bytes differ
    unfixable.write_text('# E\n\n<a href="http://fix.test/&#111;ld">x</a>\n', encoding="utf-8")

    result = run_links(root, config, fix=True)

    assert old_mac.read_bytes() == f"# CR\r\rline\r[x]({NEW})\n".encode()
    message = message_of(result, OLD)
    assert "--fix replaced it" in message
    assert "did not change docs/esc.en.md: the URL was not found" in message
