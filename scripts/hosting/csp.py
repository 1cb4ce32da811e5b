#!/usr/bin/env python3
"""Computes the Content-Security-Policy of the built site and writes it as an nginx snippet.

Material puts small inline scripts in every page (the palette, content tabs, the page's URL
scope); a policy without 'unsafe-inline' must list each one's SHA-256. They differ with the
page's depth, so they are read from the built HTML, not written by hand:

    python scripts/hosting/csp.py site/ > csp.conf     # `add_header Content-Security-Policy`

Everything else the site loads comes from its own origin.
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import sys
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

# Script types the browser runs; a JSON data block (`__config`) is never executed, so the
# policy does not govern it.
EXECUTABLE_SCRIPT_TYPES = frozenset({"", "text/javascript", "application/javascript", "module"})
# The policy, directive by directive. default-src 'none' blocks what is not listed; each line
# allows only what the site uses: its own scripts, styles, worker (search), fetches (search
# index), images (Material's icons are data: URIs in its CSS).
BASE_DIRECTIVES: dict[str, list[str]] = {
    "default-src": ["'none'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    "img-src": ["'self'", "data:"],
    "font-src": ["'self'"],
    "connect-src": ["'self'"],
    "worker-src": ["'self'"],
    "manifest-src": ["'self'"],
    "base-uri": ["'self'"],
    "form-action": ["'none'"],
    "frame-ancestors": ["'none'"],
}
NGINX_HEADER = "add_header Content-Security-Policy"


@dataclass
class InlineCode:
    """What a page runs or styles inline, which a strict policy must name or refuse."""

    scripts: set[str] = field(default_factory=set)  # bodies of executable inline scripts
    style_elements: int = 0
    style_attributes: int = 0
    event_handlers: list[str] = field(default_factory=list)  # onclick=… and the like


class _InlineFinder(HTMLParser):
    def __init__(self, found: InlineCode) -> None:
        super().__init__(convert_charrefs=False)
        self.found = found
        self.script: list[str] | None = None
        self.in_style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        names = {name.lower(): value or "" for name, value in attrs}
        if "style" in names:
            self.found.style_attributes += 1
        self.found.event_handlers.extend(f"{tag} {n}" for n in names if n.startswith("on"))
        if tag == "script" and "src" not in names:
            executable = names.get("type", "").lower() in EXECUTABLE_SCRIPT_TYPES
            self.script = [] if executable else None
        elif tag == "style":
            self.found.style_elements += 1

    def handle_data(self, data: str) -> None:
        if self.script is not None:
            self.script.append(data)

    def handle_entityref(self, name: str) -> None:
        self.handle_data(f"&{name};")  # script text is raw: keep it as written

    def handle_charref(self, name: str) -> None:
        self.handle_data(f"&#{name};")

    def handle_endtag(self, tag: str) -> None:
        if tag == "script" and self.script is not None:
            self.found.scripts.add("".join(self.script))
            self.script = None


def inline_code(html: str, found: InlineCode | None = None) -> InlineCode:
    """The inline scripts, styles and event handlers of one page."""
    found = found if found is not None else InlineCode()
    _InlineFinder(found).feed(html)
    return found


def script_hash(body: str) -> str:
    """The CSP source for an inline script: 'sha256-<base64 of the UTF-8 body>'."""
    digest = hashlib.sha256(body.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode('ascii')}'"


def site_inline_code(site_dir: Path) -> InlineCode:
    found = InlineCode()
    for page in sorted(site_dir.rglob("*.html")):
        inline_code(page.read_text(encoding="utf-8"), found)
    return found


def policy_for(found: InlineCode) -> dict[str, list[str]]:
    """The directives for a site with these inline scripts."""
    directives = {name: list(sources) for name, sources in BASE_DIRECTIVES.items()}
    directives["script-src"].extend(sorted(script_hash(body) for body in found.scripts))
    return directives


def format_policy(directives: dict[str, list[str]]) -> str:
    return "; ".join(f"{name} {' '.join(sources)}" for name, sources in directives.items())


def parse_policy(header: str) -> dict[str, list[str]]:
    """A policy header back into directives (the tests read what nginx sends)."""
    directives: dict[str, list[str]] = {}
    for part in header.split(";"):
        words = part.split()
        if words:
            directives[words[0].lower()] = words[1:]
    return directives


def problems(found: InlineCode) -> list[str]:
    """What no hash can allow: inline event handlers and inline styles."""
    messages = [f"inline event handler ({where})" for where in sorted(set(found.event_handlers))]
    if found.style_elements:
        messages.append(f"{found.style_elements} <style> elements (style-src has no hashes)")
    if found.style_attributes:
        messages.append(f'{found.style_attributes} style="…" attributes')
    return messages


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("site", type=Path, help="the built site (mkdocs build --site-dir)")
    args = parser.parse_args(argv)
    if not args.site.is_dir():
        print(f"csp.py: {args.site} is not a folder; build the site first", file=sys.stderr)
        return 2

    found = site_inline_code(args.site)
    for message in problems(found):
        print(f"csp.py: warning: the policy blocks {message}", file=sys.stderr)
    print(f'{NGINX_HEADER} "{format_policy(policy_for(found))}" always;')
    return 1 if problems(found) else 0


if __name__ == "__main__":
    sys.exit(main())
