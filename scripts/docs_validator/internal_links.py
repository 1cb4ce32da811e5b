"""Checks links between pages of the site, per language: the page a relative link reaches in
each language's build, the #fragment against that page's ids, and files that must exist."""

from __future__ import annotations

import difflib
import posixpath
from urllib.parse import unquote, urljoin, urlsplit

from .anchors import normalize_fragment
from .link_types import Link, LinkResult, LinkStatus
from .models import Severity
from .site_pages import LANGUAGE_NAMES, SitePages, nfc, served_dir, split_language
from .sources import LANGUAGES

SITE_ORIGIN = "http://site.invalid/"  # a stand-in origin to resolve URLs the way a browser does
MAX_SUGGESTIONS = 2  # close matches offered for a mistyped #fragment


def _ok(target: str) -> tuple[LinkResult, str]:
    return LinkResult(LinkStatus.OK, f"ok ({target})"), target


def _broken(rule: str, message: str, target: str) -> tuple[LinkResult, str]:
    return LinkResult(LinkStatus.BROKEN, message, rule), target


def _other_language(lang: str) -> str:
    return next(other for other in LANGUAGES if other != lang)


class InternalChecker:
    """Resolves relative links of the pages of one docs/ folder."""

    def __init__(self, site: SitePages) -> None:
        self.site = site

    def check(self, link: Link) -> tuple[LinkResult, str]:
        """The result of one link, and what it reached (to group identical links)."""
        page_rel = nfc(link.file.relative_to(self.site.docs_dir).as_posix())
        if link.from_html:
            return self._check_served(link, page_rel)

        address, _, fragment = link.url.partition("#")
        address = address.split("?", 1)[0]
        if not address:
            return self._check_fragment(link, page_rel, fragment, fallback=False)
        if address.startswith("/"):
            return _broken(
                "absolute-link",
                f"absolute path {address}: MkDocs does not rewrite it, so it breaks under /en/ "
                "and under a sub-path; write it relative to this page (../data/volumes.md)",
                address,
            )

        decoded = nfc(unquote(address))
        joined = posixpath.normpath(posixpath.join(posixpath.dirname(page_rel), decoded))
        if joined == ".." or joined.startswith("../"):
            return self._outside_docs(joined)
        if decoded.endswith("/") or joined in self.site.folders:
            return _broken(
                "directory-link",
                f"{decoded} is a folder: link to the page file instead "
                f"({joined.rstrip('/')}/index.md)",
                joined,
            )
        if joined.endswith(".md"):
            return self._check_page(link, joined, fragment)
        if joined in self.site.files:
            return _ok(joined)
        return _broken(
            "missing-file",
            f"{decoded}: no such file in docs/ (looked for docs/{joined})",
            joined,
        )

    def _outside_docs(self, joined: str) -> tuple[LinkResult, str]:
        outside = (self.site.docs_dir / joined).resolve()
        try:
            shown = outside.relative_to(self.site.docs_dir.parent.resolve()).as_posix()
        except ValueError:
            shown = outside.as_posix()
        if outside.exists():
            message = (
                f"{shown} is outside docs/, so it is not published with the site: include it "
                "in the page (--8<--) or link to it in the repository by its full URL"
            )
            return _broken("outside-docs", message, shown)
        return _broken("missing-file", f"{shown}: no such file (and outside docs/)", shown)

    def _check_page(self, link: Link, joined: str, fragment: str) -> tuple[LinkResult, str]:
        key, explicit = split_language(joined)
        lang = explicit or link.lang
        if explicit:
            target, fallback = self.site.pages.get((key, explicit)), False
        else:
            target, fallback = self.site.page(key, lang)
        if target is None:
            other = _other_language(lang)
            exists_elsewhere = (key, other) in self.site.pages
            hint = f" (only the {LANGUAGE_NAMES[other]} page exists)" if exists_elsewhere else ""
            return _broken(
                "missing-page",
                f"no {LANGUAGE_NAMES[lang]} page for {key}{hint}: fix the path",
                f"{key} [{lang}]",
            )
        target_rel = nfc(target.relative_to(self.site.docs_dir).as_posix())
        return self._check_fragment(link, target_rel, fragment, fallback)

    def _check_fragment(
        self, link: Link, target_rel: str, fragment: str, fallback: bool
    ) -> tuple[LinkResult, str]:
        target = self.site.docs_dir / target_rel
        label = f"{target_rel}#{fragment}" if fragment else target_rel
        wanted = normalize_fragment(fragment)
        if wanted and wanted not in self.site.ids_of(target):
            return _broken(
                "missing-anchor",
                self._missing_anchor_message(link, target_rel, wanted),
                label,
            )
        if fallback:
            lang = LANGUAGE_NAMES[link.lang]
            return (
                LinkResult(
                    LinkStatus.OK,
                    f"{target_rel} has no {lang} version yet: {lang} readers get the "
                    f"{LANGUAGE_NAMES[_other_language(link.lang)]} page; translate it",
                    "untranslated-target",
                    severity=Severity.WARNING,
                ),
                label,
            )
        return _ok(label)

    def _missing_anchor_message(self, link: Link, target_rel: str, wanted: str) -> str:
        lang = LANGUAGE_NAMES[link.lang]
        message = f"{target_rel} ({lang}) has no heading or element with id '{wanted}'"
        key, _ = split_language(target_rel)
        twin, _ = self.site.page(key, _other_language(link.lang))
        if twin is not None and twin != self.site.docs_dir / target_rel:
            if wanted in self.site.ids_of(twin):
                twin_lang = LANGUAGE_NAMES[_other_language(link.lang)]
                return (
                    f"{message}, though the {twin_lang} page has it: give the {lang} heading "
                    f"the same {{ #{wanted} }}"
                )
        ids = self.site.ids_of(self.site.docs_dir / target_rel)
        close = difflib.get_close_matches(wanted, sorted(ids), n=MAX_SUGGESTIONS)
        hint = f"; did you mean {' or '.join('#' + c for c in close)}?" if close else "; fix it"
        return message + hint

    def _check_served(self, link: Link, page_rel: str) -> tuple[LinkResult, str]:
        """Raw HTML keeps its paths as written: the browser resolves them against the URL the
        page is served at, which differs per language (`/data/volumes/`, `/en/data/volumes/`)."""
        key, _ = split_language(page_rel)
        base = served_dir(key, link.lang)
        resolved = urlsplit(urljoin(SITE_ORIGIN + base, link.url))
        site_path = nfc(unquote(resolved.path)).lstrip("/")
        lang, page_key, is_file = self.site.page_for_url(site_path)
        if page_key is not None:
            target, fallback = self.site.page(page_key, lang)
            if target is not None:
                target_rel = nfc(target.relative_to(self.site.docs_dir).as_posix())
                return self._check_fragment(link, target_rel, resolved.fragment, fallback)
        if is_file:
            return _ok(site_path)
        return _broken(
            "html-path",
            f"raw HTML paths are not rewritten by MkDocs: on the {LANGUAGE_NAMES[link.lang]} "
            f"page (/{base}) this loads /{site_path}, which the site does not have; use "
            'Markdown syntax (![alt](path){ width="400" }) so MkDocs fixes the path for '
            "every language",
            f"/{site_path} [{link.lang}]",
        )
