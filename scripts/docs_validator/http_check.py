"""Decides what an external URL's answers mean: HEAD then GET, redirects, retries, rate limits,
bot walls and fragments, each turned into one LinkStatus with a message saying what to do."""

from __future__ import annotations

import re
import time
from dataclasses import dataclass, field
from email.utils import parsedate_to_datetime
from urllib.parse import urljoin, urlsplit

from .config import LinkConfig
from .host_gate import HostGates
from .http_client import MAX_SCAN_BYTES, Answer, HttpClient, NetworkError, RequestTimeout
from .link_types import LinkResult, LinkStatus
from .urls import MalformedUrl, is_local_host, parse_web_url

MAX_REDIRECTS = 10  # hops followed before giving up (lychee and browsers: 10 to 20)
TIMEOUT_RETRIES = 1  # a request that timed out is tried once more before "timeout"
RATE_LIMIT_RETRIES = 3  # waits for Retry-After on one request (lychee --max-retries)
PERMANENT_REDIRECTS = {301, 308}
TEMPORARY_REDIRECTS = {302, 303, 307}
# Answers to HEAD that often mean "HEAD not supported here" rather than "no such page".
HEAD_REFUSED = {400, 403, 404, 405, 500, 501}
# Answers that some hosts give to anything that does not look like a browser.
BOT_SUSPECT = {403, 404, 410}
GONE = {404, 410}
RATE_LIMITED = {429, 503}
# A redirect target that is a sign-in form: the page exists but we may not see it.
LOGIN_PATH = re.compile(
    r"/(login|log-in|signin|sign-in|sign_in|auth|sso|session|users/sign_in)(/|$|\.)", re.I
)
LOGIN_QUERY = re.compile(r"(^|&)(next|return_to|returnto|returnurl|redirect_uri|continue)=", re.I)
# Fragments that no element id can match: text fragments and GitHub's line anchors.
UNCHECKED_FRAGMENT = re.compile(r"^(:~:|L\d+(-L\d+)?$|top$)")
GITHUB_ID_PREFIX = "user-content-"
# Headers of a current desktop browser, for a second try at a host that walls off checkers.
BROWSER_HEADERS = {
    "User-Agent": (
        "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
        "Chrome/131.0.0.0 Safari/537.36"
    ),
    "Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",
    "Accept-Language": "ko-KR,ko;q=0.9,en;q=0.8",
}


@dataclass
class Hop:
    status: int
    location: str


@dataclass
class Trail:
    """The answers to one request, redirects followed: a final answer or a failure."""

    hops: list[Hop] = field(default_factory=list)
    answer: Answer | None = None
    failure: LinkResult | None = None
    final_url: str = ""


@dataclass
class PageOutcome:
    """What one page answered, and the ids found in it for the fragments asked about."""

    result: LinkResult
    ids: set[str] = field(default_factory=set)
    is_html: bool = False
    scanned_whole_body: bool = False


def retry_after_seconds(value: str) -> float | None:
    """Retry-After as seconds: a number, or an HTTP date."""
    value = value.strip()
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        return max(0.0, parsedate_to_datetime(value).timestamp() - time.time())
    except (TypeError, ValueError):
        return None


def is_login_page(url: str) -> bool:
    # Limitation: told from the URL alone (path words, ?next=); a sign-in form at an
    # ordinary-looking address is taken for the page itself.
    parts = urlsplit(url)
    return bool(LOGIN_PATH.search(parts.path) or LOGIN_QUERY.search(parts.query))


def is_challenge(answer: Answer | None) -> bool:
    return answer is not None and answer.header("cf-mitigated").lower() == "challenge"


class PageChecker:
    """Checks pages over HTTP, politely. One instance serves a whole run, from many threads."""

    def __init__(self, config: LinkConfig, client: HttpClient, gates: HostGates) -> None:
        self.config = config
        self.client = client
        self.gates = gates

    def check(self, url: str, fragments: set[str]) -> PageOutcome:
        """`url` without fragment; `fragments` normalized ids that links to it name."""
        host = parse_web_url(url).host
        rules = self.config.rules_for(host)
        headers = {"User-Agent": self.config.user_agent, "Accept": "*/*"}
        method = "GET" if fragments else "HEAD"

        trail = self._follow(url, method, headers, fragments)
        if method == "HEAD" and trail.answer and trail.answer.status in HEAD_REFUSED:
            trail = self._follow(url, "GET", headers, fragments)

        note = ""
        answer = trail.answer
        if answer and not is_challenge(answer) and answer.status in BOT_SUSPECT - rules.accept:
            browser = self._follow(url, "GET", {**headers, **BROWSER_HEADERS}, fragments)
            if browser.answer and self._accepted(browser.answer.status, host):
                note = " (answers only browser-like requests)"
            trail = browser
        return self._outcome(trail, host, note)

    def _is_unrouted_local(self, url: str) -> bool:
        """A local address that no host_map entry routes: a redirect must not lead the checker
        to the machine it runs on."""
        web = parse_web_url(url)
        routed = self.config.route(web.host, web.port) is not None
        return is_local_host(web.host) and not routed and not self.config.include_local

    def _accepted(self, status: int, host: str) -> bool:
        return 200 <= status < 300 or status in self.config.rules_for(host).accept

    def _follow(self, url: str, method: str, headers: dict[str, str], wanted: set[str]) -> Trail:
        trail = Trail(final_url=url)
        visited = {url}
        current = url
        while True:
            answer_or_failure = self._request(current, method, headers, wanted)
            if isinstance(answer_or_failure, LinkResult):
                trail.failure = answer_or_failure
                return trail
            answer = answer_or_failure
            location = answer.header("location")
            if answer.status not in PERMANENT_REDIRECTS | TEMPORARY_REDIRECTS or not location:
                trail.answer = answer
                return trail

            try:
                target = parse_web_url(urljoin(current, location.strip())).without_fragment
            except (
                MalformedUrl,
                ValueError,
            ) as error:  # urljoin raises ValueError on `http://[::1`
                trail.failure = LinkResult(
                    LinkStatus.ERROR, f"redirects to an invalid address ({error})", "redirect"
                )
                return trail
            trail.hops.append(Hop(answer.status, target))
            trail.final_url = target
            if self._is_unrouted_local(target):
                trail.failure = LinkResult(
                    LinkStatus.EXCLUDED,
                    f"skipped (redirects to the local address {target}, which is not checked)",
                )
                return trail
            if target in visited:
                trail.failure = LinkResult(
                    LinkStatus.ERROR,
                    f"redirect loop ({' → '.join([url, *(hop.location for hop in trail.hops)])}): "
                    "no page at the end; find the page's current address in a browser",
                    "redirect-loop",
                    http_status=answer.status,
                )
                return trail
            if len(trail.hops) > MAX_REDIRECTS:
                trail.failure = LinkResult(
                    LinkStatus.ERROR,
                    f"more than {MAX_REDIRECTS} redirects (the last to {target}): link to "
                    "the page's final address",
                    "redirect-loop",
                    http_status=answer.status,
                )
                return trail
            visited.add(target)
            current = target

    def _request(
        self, url: str, method: str, headers: dict[str, str], wanted: set[str]
    ) -> Answer | LinkResult:
        """One URL, retried on timeouts, rate limits and server errors."""
        web_url = parse_web_url(url)
        gate = self.gates.gate(web_url.host)
        # The headers configured for this host only: a redirect to another host gets its own.
        headers = {**headers, **self.config.rules_for(web_url.host).headers}
        timeouts = server_errors = rate_waits = 0
        while True:
            try:
                with gate.turn():
                    answer = self.client.send(web_url, method, headers, wanted)
            except RequestTimeout:
                timeouts += 1
                if timeouts > TIMEOUT_RETRIES:
                    return self._timeout_result(timeouts)
                continue
            except NetworkError as error:
                advice = "check the address; if it opens in a browser, try again later"
                return LinkResult(LinkStatus.ERROR, f"{error}: {advice}", "network-error")

            wait = self._rate_limit_wait(answer, rate_waits)
            if wait is not None:
                if wait > self.config.max_retry_after:
                    return self._rate_limited(answer, f"asks to wait {wait:.0f} s")
                if rate_waits >= RATE_LIMIT_RETRIES:
                    return self._rate_limited(answer, f"still limited after {rate_waits} waits")
                rate_waits += 1
                gate.pause(wait)
                continue
            if method == "HEAD" and answer.status in HEAD_REFUSED:
                return answer
            if 500 <= answer.status < 600 and server_errors < self.config.retries:
                time.sleep(self.config.retry_wait * 2**server_errors)
                server_errors += 1
                continue
            return answer

    def _rate_limit_wait(self, answer: Answer, waits_so_far: int) -> float | None:
        """Seconds to wait before asking again, or None when the answer is no rate limit.
        A 503 without Retry-After is an ordinary server error."""
        if answer.status not in RATE_LIMITED:
            return None
        wait = retry_after_seconds(answer.header("retry-after"))
        if wait is None and answer.status == 429:
            wait = self.config.retry_wait * 2**waits_so_far
        return wait

    def _timeout_result(self, tries: int) -> LinkResult:
        return LinkResult(
            LinkStatus.TIMEOUT,
            f"no answer within {self.client.timeout:g} s ({tries} tries); the host may be slow "
            "or down: check it in a browser, or raise --timeout",
            "timeout",
        )

    def _rate_limited(self, answer: Answer, detail: str) -> LinkResult:
        cap = self.config.max_retry_after
        return LinkResult(
            LinkStatus.RATE_LIMITED,
            f"rate limited (HTTP {answer.status}, {detail}; we wait at most {cap:g} s): "
            "not checked this time, it will be on the next run",
            "rate-limited",
            http_status=answer.status,
        )

    def _outcome(self, trail: Trail, host: str, note: str) -> PageOutcome:
        final_url = trail.final_url
        if trail.failure:
            trail.failure.final_url = final_url if trail.hops else None
            return PageOutcome(trail.failure)

        answer = trail.answer
        assert answer is not None
        status = answer.status
        result = self._classify(trail, answer, host, note)
        result.http_status = status
        result.final_url = final_url
        return PageOutcome(result, answer.ids, answer.is_html, answer.scanned_whole_body)

    def _classify(self, trail: Trail, answer: Answer, host: str, note: str) -> LinkResult:
        status = answer.status
        login = next(
            (
                hop.location
                for hop in trail.hops
                if hop.status in TEMPORARY_REDIRECTS and is_login_page(hop.location)
            ),
            None,
        )
        if is_challenge(answer):
            return LinkResult(
                LinkStatus.UNVERIFIABLE,
                f"bot challenge (HTTP {status}, cf-mitigated: challenge): open it in a browser "
                "to check; it is not counted as broken",
                "unverifiable",
            )
        if login and status not in GONE:
            return LinkResult(
                LinkStatus.UNVERIFIABLE,
                f"redirected to login ({login}): readers must sign in; link to a public page "
                "if there is one",
                "login-redirect",
            )
        if self._accepted(status, host):
            return self._accepted_result(trail, status, note)
        if status in GONE:
            return LinkResult(
                LinkStatus.BROKEN,
                f"broken (HTTP {status} {answer.reason}): fix the address or remove the link",
                "broken-link",
            )
        if status in (401, 403):
            return LinkResult(
                LinkStatus.UNVERIFIABLE,
                f"HTTP {status} {answer.reason}, also to a browser-like request: the host "
                "blocks checkers or needs a login; check it in a browser",
                "unverifiable",
            )
        if status in PERMANENT_REDIRECTS | TEMPORARY_REDIRECTS:
            return LinkResult(
                LinkStatus.ERROR, f"HTTP {status} redirect without a Location header", "redirect"
            )
        return LinkResult(
            LinkStatus.BROKEN,
            f"broken (HTTP {status} {answer.reason}): fix the address or remove the link",
            "broken-link",
        )

    def _accepted_result(self, trail: Trail, status: int, note: str) -> LinkResult:
        permanent: list[Hop] = []
        for hop in trail.hops:
            if hop.status not in PERMANENT_REDIRECTS:
                break
            permanent.append(hop)
        if not permanent:
            return LinkResult(LinkStatus.OK, f"ok (HTTP {status}){note}")
        new_url = permanent[-1].location
        return LinkResult(
            LinkStatus.REDIRECTED,
            f"permanently redirected (HTTP {permanent[0].status}) to {new_url}: update the "
            "link (`validate.py links --fix` does it)",
            "redirected",
            fix_url=new_url,
        )


def fragment_result(page: PageOutcome, fragment: str) -> LinkResult:
    """The result of `page#fragment`, given the page's outcome and the ids read from it."""
    base = page.result
    if base.status not in (LinkStatus.OK, LinkStatus.REDIRECTED) or not fragment:
        return base
    if UNCHECKED_FRAGMENT.match(fragment) or not page.is_html:
        return base
    if fragment in page.ids or GITHUB_ID_PREFIX + fragment in page.ids:
        return base
    if page.scanned_whole_body:
        return LinkResult(
            LinkStatus.BROKEN,
            f"the page has no element with id or name '{fragment}': fix the #fragment or drop it",
            "missing-anchor",
            http_status=base.http_status,
            final_url=base.final_url,
        )
    return LinkResult(
        LinkStatus.UNVERIFIABLE,
        f"'#{fragment}' not found in the first {MAX_SCAN_BYTES // (1024 * 1024)} MiB of the "
        "page; check it in a browser",
        "unverifiable",
        http_status=base.http_status,
        final_url=base.final_url,
    )
