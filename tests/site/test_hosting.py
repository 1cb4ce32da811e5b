"""Self-hosting: the Content-Security-Policy computed from the built site, the nginx config
(syntax, headers, caching, Korean file names, 404 pages) serving the real build, the page in
Chromium under that policy, and the Dockerfile through the project's own Dockerfile check."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, urlsplit

import pytest
from bs4 import BeautifulSoup
from docs_validator.check_dockerfile import check_dockerfile, hadolint_advice, parse_dockerfile
from docs_validator.find_blocks import CodeBlock
from docs_validator.page_blocks import PageBlock
from hosting import csp
from nginx_server import NGINX, NginxSite, check_config, free_port, serve, write_config
from site_preview.chromium import CHROMIUM, CHROMIUM_ARGS
from sitebuild import REPO_ROOT, BuiltSite

IN_CI = os.environ.get("CI", "").lower() in ("1", "true")
ONE_YEAR_SECONDS = 31_536_000
HASHED_ASSET = re.compile(r"\.[0-9a-f]{8}\.min\.(?:js|css)$")


def require_nginx() -> None:
    if NGINX is None:
        message = "nginx is not installed: `apt-get install nginx` (.ci/run does it)"
        if IN_CI:
            pytest.fail(message)
        pytest.skip(message)


@dataclass(frozen=True)
class Hosted:
    """The site built for the address nginx serves it at, as the Dockerfile does."""

    nginx: NginxSite
    root: Path
    csp_line: str


@pytest.fixture(scope="module")
def hosted(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Hosted]:
    require_nginx()
    port = free_port()
    site = tmp_path_factory.mktemp("hosted-site")
    # SITE_URL as the Dockerfile passes it: Material's language switcher fetches each
    # language's sitemap.xml from that address, which the policy allows only on this origin.
    env = {
        "NO_MKDOCS_2_WARNING": "1",
        "PATH": "/usr/bin:/bin",
        "SITE_URL": f"http://127.0.0.1:{port}/",
    }
    build = [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site)]
    built = subprocess.run(build, cwd=REPO_ROOT, env=env, capture_output=True, text=True)
    assert built.returncode == 0, built.stdout + built.stderr
    policy = subprocess.run(
        [sys.executable, str(REPO_ROOT / "scripts/hosting/csp.py"), str(site)],
        capture_output=True,
        text=True,
    )
    assert policy.returncode == 0, policy.stderr
    folder = tmp_path_factory.mktemp("nginx")
    with serve(site, folder, policy.stdout.strip(), port) as nginx:
        yield Hosted(nginx, site, policy.stdout.strip())


def html_pages(root: Path) -> list[Path]:
    return sorted(root.rglob("*.html"))


# The policy ---------------------------------------------------------------------------------


def test_the_csp_tool_hashes_inline_scripts_and_flags_what_no_hash_allows() -> None:
    html = (
        '<script>var a=1</script><script id="__config" type="application/json">{}</script>'
        '<script src="x.js"></script><button onclick="go()">x</button><p style="color:red">'
    )

    found = csp.inline_code(html)

    assert found.scripts == {"var a=1"}
    assert csp.script_hash("var a=1") == "'sha256-WazVQOu5lmXfSreSrMJd1CsaQ4c00fUQpJfBYCuMSIw='"
    assert csp.problems(found) == [
        "inline event handler (button onclick)",
        '1 style="…" attributes',
    ]
    directives = csp.parse_policy(csp.format_policy(csp.policy_for(found)))
    assert directives["script-src"] == ["'self'", csp.script_hash("var a=1")]
    assert directives["default-src"] == ["'none'"]


def test_the_built_site_needs_nothing_a_strict_policy_refuses(built_site: BuiltSite) -> None:
    assert csp.problems(csp.site_inline_code(built_site.root)) == []


def test_every_resource_of_every_page_comes_from_the_site(built_site: BuiltSite) -> None:
    outside = []
    for page in html_pages(built_site.root):
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        for tag, attribute in (("script", "src"), ("link", "href"), ("img", "src")):
            for element in soup.find_all(tag):
                if tag == "link" and not {"stylesheet", "icon", "manifest", "preload"} & set(
                    element.get("rel") or []
                ):
                    continue
                url = element.get(attribute)
                if url and urlsplit(url).scheme not in ("", "data"):
                    outside.append((page.relative_to(built_site.root).as_posix(), url))
    assert outside == []


# nginx --------------------------------------------------------------------------------------


def test_nginx_accepts_the_config(hosted: Hosted, tmp_path: Path) -> None:
    config = write_config(hosted.root, tmp_path, hosted.csp_line, free_port())

    result = check_config(config)

    assert result.returncode == 0, result.stderr
    assert "syntax is ok" in result.stderr and "test is successful" in result.stderr


def test_pages_pass_the_policy_nginx_sends(hosted: Hosted) -> None:
    response = hosted.nginx.get("/en/")
    directives = csp.parse_policy(response.headers["content-security-policy"])
    allowed = set(directives["script-src"])

    refused = []
    for page in html_pages(hosted.root):
        for body in csp.inline_code(page.read_text(encoding="utf-8")).scripts:
            if csp.script_hash(body) not in allowed:
                refused.append((page.relative_to(hosted.root).as_posix(), body[:60]))
    assert refused == []
    assert directives["default-src"] == ["'none'"] and "'unsafe-inline'" not in allowed


def test_security_headers_are_on_pages_and_on_assets(hosted: Hosted) -> None:
    asset = next(p for p in hosted.root.rglob("*.min.js") if HASHED_ASSET.search(p.name))
    for path in ("/", "/en/data/volumes/", "/" + asset.relative_to(hosted.root).as_posix()):
        headers = hosted.nginx.get(path).headers
        assert headers["x-content-type-options"] == "nosniff", path
        assert headers["referrer-policy"] == "strict-origin-when-cross-origin", path
        assert "script-src 'self'" in headers["content-security-policy"], path
        assert "server" not in headers or "/" not in headers["server"], "nginx version shown"


def test_hashed_assets_are_kept_a_year_and_pages_are_revalidated(hosted: Hosted) -> None:
    assets = [p for p in hosted.root.rglob("*.min.*") if HASHED_ASSET.search(p.name)]
    assert assets, "no hashed Material asset in the build"
    for asset in assets:
        response = hosted.nginx.get("/" + asset.relative_to(hosted.root).as_posix())
        assert response.status == 200
        assert response.headers["cache-control"] == (
            f"public, max-age={ONE_YEAR_SECONDS}, immutable"
        )
    page = hosted.nginx.get("/en/")
    assert page.headers["cache-control"] == "no-cache"
    assert page.headers["content-type"] == "text/html; charset=utf-8"


def test_files_with_korean_names_are_served(hosted: Hosted) -> None:
    folder = hosted.root / "_hangul-test"
    folder.mkdir()
    try:
        (folder / "한글 파일.txt").write_text("볼륨과 바인드 마운트\n", encoding="utf-8")

        response = hosted.nginx.get("/_hangul-test/" + quote("한글 파일.txt"))

        assert response.status == 200
        assert response.body.decode("utf-8") == "볼륨과 바인드 마운트\n"
        assert response.headers["content-type"] == "text/plain; charset=utf-8"
    finally:
        shutil.rmtree(folder)


def test_a_missing_page_gets_the_404_page_of_its_language(hosted: Hosted) -> None:
    for prefix, lang in (("/", "ko"), ("/en/", "en")):
        response = hosted.nginx.get(prefix + "no-such-page/")
        assert response.status == 404
        page = hosted.root / prefix.strip("/") / "404.html"
        if page.is_file():
            html = BeautifulSoup(response.body.decode("utf-8"), "html.parser")
            assert html.html["lang"] == lang
    assert hosted.nginx.get("/").status == 200
    assert hosted.nginx.get("/en/data/volumes/").status == 200


# Chromium -----------------------------------------------------------------------------------


def test_chromium_reports_no_policy_violation(hosted: Hosted) -> None:
    sync_api = pytest.importorskip("playwright.sync_api")
    if not CHROMIUM.exists():
        message = f"{CHROMIUM} is missing: `apt-get install chromium` (.ci/run does it)"
        if IN_CI:
            pytest.fail(message)
        pytest.skip(message)

    violations: list[str] = []
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page()
            page.on(
                "console",
                lambda message: violations.append(message.text)
                if "Content Security Policy" in message.text or "Refused to" in message.text
                else None,
            )
            page.on("pageerror", lambda error: violations.append(str(error)))
            for path in ("/", "/en/", "/data/bind-mounts/", "/en/contributing/"):
                page.goto(hosted.nginx.base_url + path, wait_until="load")
                # Start the search worker and run a query: it loads the worker and the index.
                page.keyboard.press("/")
                page.keyboard.type("volume")
                page.wait_for_timeout(500)
                page.keyboard.press("Escape")
        finally:
            browser.close()
    assert violations == []


# The Dockerfile -----------------------------------------------------------------------------


def dockerfile_block() -> PageBlock:
    text = (REPO_ROOT / "Dockerfile").read_text(encoding="utf-8").rstrip("\n")
    block = CodeBlock(language="dockerfile", content=text, fence_line=0, first_line=1, indent=0)
    return PageBlock("Dockerfile", "en", block)


def test_the_dockerfile_passes_the_projects_dockerfile_check() -> None:
    item = dockerfile_block()

    findings = check_dockerfile(item) + hadolint_advice([item])

    assert [(f.line, f.rule, f.message) for f in findings] == []


def test_the_dockerfile_builds_with_python_and_serves_with_nginx() -> None:
    instructions = parse_dockerfile(dockerfile_block().block.lines).instructions
    stages = [i.arguments for i in instructions if i.keyword.upper() == "FROM"]
    assert len(stages) == 2
    assert stages[0].startswith("python:") and stages[0].endswith(" AS build")
    assert stages[1].startswith("nginx:")
    arguments = [(i.keyword.upper(), i.arguments) for i in instructions]
    assert ("COPY", "deploy/nginx.conf /etc/nginx/nginx.conf") in arguments
    assert any(k == "RUN" and "pip install" in a and "requirements.txt" in a for k, a in arguments)
    assert any(k == "RUN" and "mkdocs build --strict" in a for k, a in arguments)
    user = [a for k, a in arguments if k == "USER"]
    assert user and user[-1] not in ("root", "0"), "nginx must not run as root"
    exposed = [a for k, a in arguments if k == "EXPOSE"]
    nginx_conf = (REPO_ROOT / "deploy" / "nginx.conf").read_text(encoding="utf-8")
    assert exposed == ["8080"] and "listen 8080;" in nginx_conf


def test_the_build_context_keeps_what_the_build_needs() -> None:
    ignored = {
        line.strip().rstrip("/")
        for line in (REPO_ROOT / ".dockerignore").read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    }
    assert {".venv", "site", "build", "**/node_modules"} <= ignored
    needed = {".git", "docs", "examples", "overrides", "scripts", "deploy", "mkdocs.yml",
              "requirements.txt", "CONTRIBUTING.md"}  # fmt: skip
    assert needed & ignored == set()


def docker_available() -> bool:
    docker = shutil.which("docker")
    if docker is None:
        return False
    return subprocess.run([docker, "info"], capture_output=True, check=False).returncode == 0


@pytest.mark.skipif(not docker_available(), reason="no Docker engine answers here")
def test_the_image_builds_and_serves_the_site(tmp_path: Path) -> None:
    tag = "docker-study-notes:test"
    built = subprocess.run(
        ["docker", "build", "--tag", tag, str(REPO_ROOT)], capture_output=True, text=True
    )
    if built.returncode != 0 and re.search(r"pull|registry|dial tcp|lookup", built.stderr, re.I):
        pytest.skip(f"the engine cannot fetch the base images here: {built.stderr[-300:]}")
    assert built.returncode == 0, built.stderr
    name = "docker-study-notes-test"
    subprocess.run(
        ["docker", "run", "-d", "--rm", "--name", name, "-p", "127.0.0.1::8080", tag], check=True
    )
    try:
        port = (
            subprocess.run(
                ["docker", "port", name, "8080"], capture_output=True, text=True, check=True
            )
            .stdout.split(":")[-1]
            .strip()
        )
        site = NginxSite(f"http://127.0.0.1:{port}", tmp_path)
        for _ in range(50):
            try:
                response = site.get("/en/")
                break
            except OSError:
                subprocess.run(["sleep", "0.2"], check=True)
        assert response.status == 200
        assert "script-src 'self'" in response.headers["content-security-policy"]
    finally:
        subprocess.run(["docker", "stop", name], capture_output=True, check=False)
        subprocess.run(["docker", "image", "rm", tag], capture_output=True, check=False)
