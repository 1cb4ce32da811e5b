"""The link check: find every link of the pages, check internal ones per language and external
ones over HTTP (politely, with a cache), optionally fix permanent redirects, then report."""

from __future__ import annotations

import dataclasses
import sys
from collections import defaultdict
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from ..anchors import normalize_fragment
from ..config import LinkConfig, load_link_config
from ..find_links import find_links
from ..host_gate import HostGates, run_per_host
from ..http_check import PageChecker, PageOutcome, fragment_result
from ..http_client import HttpClient
from ..internal_links import InternalChecker
from ..link_cache import LinkCache
from ..link_fixer import fix_urls
from ..link_types import Link, LinkKind, LinkResult, LinkStatus
from ..models import CheckResult, Finding
from ..options import DEFAULT_CONFIG_FILE, Options
from ..report import printable
from ..site_pages import SitePages
from ..sources import language_of, read_page
from ..urls import MalformedUrl, UrlKind, is_local_host, mail_problem, parse_web_url, url_kind

CHECK_NAME = "links"


def log(message: str) -> None:
    """Progress for the person running the tool; stdout stays for the report."""
    print(f"links: {printable(message)}", file=sys.stderr)


def _unexpected(error: Exception) -> LinkResult:
    """The finding for a link whose check failed in a way the checker does not foresee."""
    return LinkResult(
        LinkStatus.ERROR,
        f"the check failed unexpectedly ({type(error).__name__}: {error}); "
        "please report this with the link",
        "internal-error",
    )


@dataclass
class LinkRecord:
    """One distinct link target and every place that links to it."""

    url: str
    result: LinkResult
    locations: list[Link] = field(default_factory=list)

    def to_json(self, options: Options) -> dict[str, object]:
        places = sorted({(options.display_path(link.file), link.line) for link in self.locations})
        return {
            "url": self.url,
            "status": self.result.status.value,
            "http_status": self.result.http_status,
            "final_url": self.result.final_url,
            "locations": [{"file": file, "line": line} for file, line in places],
            "message": self.result.message,
        }


@dataclass
class ExternalJob:
    """One request URL (no fragment) and the fragments that links to it name."""

    host: str
    url: str
    fragments: set[str] = field(default_factory=set)


@cache  # one answer per page: a run reads a bounded set of files
def _docs_root_of(resolved: Path, docs: Path) -> Path:
    if resolved.is_relative_to(docs):
        return docs
    return next((parent for parent in resolved.parents if parent.name == "docs"), resolved.parent)


def _docs_root(path: Path, options: Options) -> Path:
    """The docs/ folder a page belongs to: the site's, or the nearest folder named docs."""
    return _docs_root_of(path.resolve(), options.docs_dir.resolve())


def _config_required(options: Options) -> bool:
    """The default validator.toml may be absent; a file named on the command line may not."""
    default = (options.repo_root / DEFAULT_CONFIG_FILE).resolve()
    return options.config_file.resolve() != default and options.config_file != DEFAULT_CONFIG_FILE


class LinkRun:
    """The state of one run of the link check."""

    def __init__(self, options: Options, config: LinkConfig) -> None:
        self.options = options
        self.config = config
        self.records: dict[tuple[str, ...], LinkRecord] = {}
        self.sites: dict[Path, InternalChecker] = {}

    def add(self, key: tuple[str, ...], link: Link, result: LinkResult) -> None:
        record = self.records.setdefault(key, LinkRecord(link.url, result))
        record.locations.append(link)

    def unreadable(self, path: Path, error: OSError) -> None:
        """A page that cannot be read is one finding, not the end of the run."""
        shown = self.options.display_path(path)
        link = Link(shown, path, 1, language_of(path), LinkKind.INLINE, 1)
        result = LinkResult(
            LinkStatus.ERROR,
            f"cannot read the page ({error.strerror or error}); fix its permissions",
            "unreadable-file",
        )
        self.add(("unreadable", str(path)), link, result)

    def badly_encoded(self, path: Path, line: int, message: str) -> None:
        """A page MkDocs cannot read as UTF-8: its links may be garbled, so say so."""
        shown = self.options.display_path(path)
        link = Link(shown, path, line, language_of(path), LinkKind.INLINE, 1)
        result = LinkResult(LinkStatus.ERROR, message, "page-encoding")
        self.add(("encoding", str(path)), link, result)

    def internal(self, link: Link) -> None:
        root = _docs_root(link.file, self.options)
        if root not in self.sites:
            self.sites[root] = InternalChecker(SitePages.scan(root))
        checker = self.sites[root]
        link = dataclasses.replace(link, file=link.file.resolve())
        result, target = checker.check(link)
        self.add(("internal", link.url, target), link, result)

    def classify(self, link: Link) -> LinkResult | None:
        """The result of a non-relative link that needs no request, or None to request it."""
        kind = url_kind(link.url)
        if kind is UrlKind.MAIL:
            problem = mail_problem(link.url)
            if problem:
                return LinkResult(
                    LinkStatus.BROKEN, f"malformed mail link: {problem}", "malformed-url"
                )
            return LinkResult(LinkStatus.OK, "mail address: syntax checked only, no mail sent")
        if kind is UrlKind.FILE:
            return LinkResult(
                LinkStatus.BROKEN,
                "file: URLs only work on the author's machine; link to the page or file "
                "relative to this page",
                "file-url",
            )
        if kind is UrlKind.OTHER:
            return LinkResult(LinkStatus.EXCLUDED, "skipped (scheme not checked)")
        try:
            web = parse_web_url(link.url)
        except MalformedUrl as error:
            return LinkResult(
                LinkStatus.BROKEN, f"malformed URL: {error}; fix the address", "malformed-url"
            )
        if self.config.is_excluded(link.url, web.host):
            return LinkResult(LinkStatus.EXCLUDED, "skipped (excluded in validator.toml)")
        routed = self.config.route(web.host, web.port) is not None
        if is_local_host(web.host) and not routed and not self.config.include_local:
            return LinkResult(LinkStatus.EXCLUDED, "skipped (local)")
        if self.options.offline:
            return LinkResult(LinkStatus.EXCLUDED, "not checked (--offline)")
        return None

    def external(self, links: list[Link]) -> None:
        """Check the links that need a request: from the cache when fresh, else over HTTP,
        one request per distinct URL."""
        cache = LinkCache.load(self.options.cache_file, self.config.cache_max_age_hours)
        jobs: dict[str, ExternalJob] = {}
        pending: list[Link] = []
        for link in links:
            cached = cache.fresh(link.url, redirects=not self.options.fix)
            if cached is not None:
                self.add(("web", link.url), link, cached)
                continue
            web = parse_web_url(link.url)
            job = jobs.setdefault(web.without_fragment, ExternalJob(web.host, web.without_fragment))
            if web.fragment and self.config.check_fragments:
                job.fragments.add(normalize_fragment(web.fragment))
            pending.append(link)

        if cache.hits:
            log(f"{cache.hits} link(s) answered from the cache ({self.options.cache_file})")
        outcomes = self._request_all(list(jobs.values()))
        for link in pending:
            web = parse_web_url(link.url)
            result = self._link_result(outcomes[web.without_fragment], web.fragment)
            cache.remember(link.url, result)
            self.add(("web", link.url), link, result)
        cache.save()

    def _request_all(self, jobs: list[ExternalJob]) -> dict[str, PageOutcome]:
        if not jobs:
            return {}
        by_host: dict[str, list[ExternalJob]] = defaultdict(list)
        for job in jobs:
            by_host[job.host].append(job)
        log(f"checking {len(jobs)} URL(s) on {len(by_host)} host(s)")

        client = HttpClient(self.options.timeout, self.config.host_map)
        checker = PageChecker(self.config, client, HostGates(self.config))

        def work(job: ExternalJob) -> PageOutcome:
            try:
                return checker.check(job.url, job.fragments)
            except MalformedUrl as error:
                return PageOutcome(
                    LinkResult(LinkStatus.ERROR, f"cannot be requested: {error}", "malformed-url")
                )
            except Exception as error:  # last line of defence: one link never ends the run
                return PageOutcome(_unexpected(error))

        try:
            done = run_per_host(by_host, work, self.config)
        finally:
            client.close()
        return {job.url: outcome for job, outcome in done}

    def _link_result(self, page: PageOutcome, fragment: str) -> LinkResult:
        wanted = normalize_fragment(fragment) if fragment and self.config.check_fragments else ""
        result = dataclasses.replace(fragment_result(page, wanted))
        if result.fix_url and fragment and "#" not in result.fix_url:
            result.fix_url = f"{result.fix_url}#{fragment}"
        return result

    def fix(self) -> None:
        """Rewrite permanently redirected URLs and say so in their records."""
        replacements = {
            record.url: record.result.fix_url
            for record in self.records.values()
            if record.result.status is LinkStatus.REDIRECTED and record.result.fix_url
        }
        if not replacements:
            return
        files = {
            link.file
            for record in self.records.values()
            if record.url in replacements
            for link in record.locations
        }
        report = fix_urls(replacements, sorted(files))
        for fixed in report.fixes:
            shown = self.options.display_path(fixed.file)
            log(f"fixed {shown}:{fixed.line}: {fixed.old} → {fixed.new}")
        replaced = {(fixed.file, fixed.old): fixed.new for fixed in report.fixes}
        refused = {refusal.file: refusal.reason for refusal in report.refusals}
        for record in self.records.values():
            if record.url in replacements:
                record.result = dataclasses.replace(
                    record.result, message=self._fix_message(record, replaced, refused)
                )

    def _fix_message(
        self, record: LinkRecord, replaced: dict[tuple[Path, str], str], refused: dict[Path, str]
    ) -> str:
        """What --fix did to one redirected URL, page by page where it did not replace it."""
        new = next((new for (_, old), new in replaced.items() if old == record.url), None)
        parts = [f"was permanently redirected; --fix replaced it with {new}"] if new else []
        for file in sorted({link.file for link in record.locations}):
            if (file, record.url) in replaced:
                continue
            shown = self.options.display_path(file)
            reason = refused.get(file, "the URL was not found where the link is; edit it by hand")
            parts.append(f"--fix did not change {shown}: {reason}")
        return "; ".join(parts)

    def check_result(self) -> CheckResult:
        findings: list[Finding] = []
        records = sorted(self.records.values(), key=lambda r: (r.url, r.result.status.value))
        for record in records:
            severity = record.result.finding_severity
            if severity is None:
                continue
            for link in record.locations:
                findings.append(
                    Finding(
                        file=self.options.display_path(link.file),
                        line=link.line,
                        check=CHECK_NAME,
                        severity=severity,
                        rule=record.result.rule or record.result.status.value,
                        message=f"{record.url}: {record.result.message}",
                        lang=link.lang,
                    )
                )
        tally: dict[str, int] = defaultdict(int)
        for record in records:
            tally[record.result.status.value] += 1
        summary: dict[str, object] = {"links": len(records)}
        summary.update({f"links_{status.value}": tally[status.value] for status in LinkStatus})
        return CheckResult(
            findings=findings,
            extra={"links": [record.to_json(self.options) for record in records]},
            summary={key: value for key, value in summary.items() if value or key == "links"},
        )


def run(options: Options) -> CheckResult:
    """Check every link of `options.files`; see the module docstring."""
    config = load_link_config(options.config_file, required=_config_required(options))
    state = LinkRun(options, config)

    needs_request: list[Link] = []
    for path in options.files:
        try:
            text, encoding_problem = read_page(path)
        except OSError as error:
            state.unreadable(path, error)
            continue
        if encoding_problem is not None:
            state.badly_encoded(path, *encoding_problem)
        for link in find_links(text, path, language_of(path)):
            try:
                if url_kind(link.url) is UrlKind.RELATIVE:
                    state.internal(link)
                    continue
                result = state.classify(link)
            except Exception as error:  # last line of defence: one link never ends the run
                state.add(("failed", link.url), link, _unexpected(error))
                continue
            if result is None:
                needs_request.append(link)
            else:
                state.add(("web", link.url), link, result)

    if needs_request:
        state.external(needs_request)
    if options.fix:
        state.fix()
    return state.check_result()
