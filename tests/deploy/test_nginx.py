"""The README's nginx block for the intranet site, run by Debian's nginx in front of the built site and a stub sign-in.

How the block is rewritten to run here (address, certificate, root, sign-in port, nothing else) is in
tests/intranet_host.py. Every file of the built site is requested, without and with a session.
"""

from __future__ import annotations

import http.client
import re
import ssl
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from intranet_host import (
    SESSION_COOKIE,
    SITE_PATH,
    Host,
    check_config,
    free_port,
    nginx_conf,
    readme_block,
    readme_csp,
    require_nginx,
    rewrite_block,
    run_nginx,
    self_signed,
)

HOST_NAME = "intranet.example.org"
COMING = {
    "feed.json": b'{"version": "https://jsonfeed.org/version/1.1", "title": "t", "items": []}\n',
    "changes.xml": b'<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom"/>\n',
    "plan.pdf": b"%PDF-1.4\n%%EOF\n",
    "reports/2018-q1.pdf": b"%PDF-1.4\n%%EOF\n",
    # An issue's email edition, whatever issues the built site has.
    "newsletters/2000-01-01-types/email.eml": b"Subject: t\r\nMIME-Version: 1.0\r\n\r\nt\r\n",
    "newsletters/2000-01-01-types/email.txt": b"t \xc2\xb7 t\n",
}
"""Files the sites will have soon, added to the served copy so that the block's types for them are tested now."""

TYPES = {
    "": "text/html; charset=utf-8",
    "feed.xml": "application/rss+xml; charset=utf-8",
    "atom.xml": "application/atom+xml; charset=utf-8",
    "milestones.ics": "text/calendar; charset=utf-8",
    "actions.csv": "text/csv; charset=utf-8",
    "plan.json": "application/json; charset=utf-8",
    "search/search_index.json": "application/json; charset=utf-8",
    "assets/planpress.css": "text/css; charset=utf-8",
    "feed.json": "application/feed+json; charset=utf-8",
    "changes.xml": "application/atom+xml; charset=utf-8",
    "plan.pdf": "application/pdf",
    "reports/2018-q1.pdf": "application/pdf",
    "newsletters/2000-01-01-types/email.eml": "message/rfc822",
    "newsletters/2000-01-01-types/email.txt": "text/plain; charset=utf-8",
}

DEPRECATED_LISTEN_HTTP2 = re.compile(r'\[warn\] the "listen \.\.\. http2" directive is deprecated')
"""nginx 1.25.1 and later warn about `listen ... http2`, which Debian 12's nginx 1.22 needs (README explains)."""


@dataclass
class Answer:
    """One response: status, headers (lower-case names) and body."""

    status: int
    headers: dict[str, str]
    body: bytes


class Client:
    """HTTPS to the test nginx on one kept-alive connection, trusting its self-signed certificate."""

    def __init__(self, host: Host) -> None:
        self.port = host.port
        self.context = ssl.create_default_context(cafile=str(host.cert))
        self.connection: http.client.HTTPSConnection | None = None

    def get(self, path: str, *, signed_in: bool, cookie: str | None = None) -> Answer:
        """GET `path` as the browser of someone signed in or not (or sending `cookie`)."""
        cookie = cookie or (SESSION_COOKIE if signed_in else None)
        headers = {"Host": HOST_NAME, **({"Cookie": cookie} if cookie else {})}
        for attempt in (1, 2):
            if self.connection is None:
                self.connection = http.client.HTTPSConnection("127.0.0.1", self.port, context=self.context, timeout=20)
            try:
                self.connection.request("GET", path, headers=headers)
                response = self.connection.getresponse()
                body = response.read()
            except (http.client.RemoteDisconnected, ConnectionError):
                # nginx may close a kept-alive connection between requests; one fresh try.
                self.close()
                if attempt == 2:
                    raise
                continue
            answer = Answer(response.status, {name.lower(): value for name, value in response.getheaders()}, body)
            if response.will_close:
                self.close()
            return answer
        raise AssertionError("unreachable")

    def close(self) -> None:
        """Close the connection, if open."""
        if self.connection is not None:
            self.connection.close()
            self.connection = None


@pytest.fixture(scope="module")
def nginx() -> None:
    require_nginx()


@pytest.fixture(scope="module")
def site(built_site: Path) -> Path:
    """The built intranet site, as its files are served (the coming files added)."""
    return built_site / "intranet"


@pytest.fixture(scope="module")
def client(nginx: None, site: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Client]:
    """A client of the README's block running in nginx, in front of the built intranet site and the stub sign-in."""
    with run_nginx(tmp_path_factory.mktemp("nginx"), site, COMING) as host:
        client = Client(host)
        try:
            yield client
        finally:
            client.close()


def site_files(site: Path) -> list[str]:
    """Every file the host serves, relative to the site: the built site's and the coming ones."""
    return sorted({p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file()} | set(COMING))


def urls(site: Path) -> list[str]:
    """Every URL of the site's files, and each page's folder URL too ('/sofs-plan/about/' beside its index.html)."""
    found = []
    for name in site_files(site):
        found.append(SITE_PATH + name)
        if name == "index.html" or name.endswith("/index.html"):
            found.append(SITE_PATH + name[: -len("index.html")])
    return found


def served(site: Path, url: str) -> bytes:
    """The bytes the URL must be answered with."""
    name = url.removeprefix(SITE_PATH)
    if name in COMING:
        return COMING[name]
    return (site / (name + "index.html" if name == "" or name.endswith("/") else name)).read_bytes()


def assert_site_headers(answer: Answer, url: str) -> None:
    assert answer.headers.get("content-security-policy") == readme_csp(), url
    assert answer.headers.get("x-content-type-options") == "nosniff", url
    assert answer.headers.get("cache-control") == "private, no-cache", url
    assert answer.headers.get("referrer-policy") == "same-origin", url


def assert_sent_to_sign_in(answer: Answer, url: str) -> None:
    assert answer.status == 302, f"{url}: {answer.status}"
    location = urlsplit(answer.headers["location"])
    assert location.path == "/oauth2/start", url
    assert parse_qs(location.query)["rd"] == [f"https://{HOST_NAME}{url}"], url


def test_nginx_accepts_the_readme_block(nginx: None, tmp_path: Path) -> None:
    cert, key = self_signed(tmp_path)
    block = rewrite_block(readme_block(), port=free_port(), cert=cert, key=key, www=tmp_path, sign_in_port=free_port())
    conf = tmp_path / "nginx.conf"
    conf.write_text(nginx_conf(block, tmp_path), encoding="utf-8")
    result = check_config(conf, tmp_path)
    assert result.returncode == 0, result.stderr
    problems = [line for line in result.stderr.splitlines() if re.search(r"\[(warn|emerg|alert|crit|error)\]", line)]
    assert [line for line in problems if not DEPRECATED_LISTEN_HTTP2.search(line)] == []


def test_the_readme_block_keeps_to_what_nginx_1_22_accepts() -> None:
    block = readme_block()
    # `http2 on;` arrived in nginx 1.25.1; Debian 12's 1.22 refuses the whole file for it.
    assert not re.search(r"^\s*http2\s+on\s*;", block, re.M)
    assert re.search(r"^\s*listen\s+443\s+ssl\s+http2\s*;", block, re.M)


def test_without_a_session_every_file_is_sent_to_sign_in(client: Client, site: Path) -> None:
    every = urls(site)
    assert len(every) > 50 and f"{SITE_PATH}feed.xml" in every
    for url in every:
        assert_sent_to_sign_in(client.get(url, signed_in=False), url)


def test_a_wrong_session_is_sent_to_sign_in(client: Client) -> None:
    url = f"{SITE_PATH}plan.json"
    answer = client.get(url, signed_in=False, cookie="session=forged; other=ok")
    assert_sent_to_sign_in(answer, url)
    assert b'"edition"' not in answer.body


def test_with_a_session_every_file_is_served_with_the_site_headers(client: Client, site: Path) -> None:
    for url in urls(site):
        answer = client.get(url, signed_in=True)
        assert answer.status == 200, f"{url}: {answer.status}"
        assert answer.body == served(site, url), url
        assert_site_headers(answer, url)


@pytest.mark.parametrize("name", TYPES)
def test_each_file_is_served_with_its_type(client: Client, name: str) -> None:
    answer = client.get(SITE_PATH + name, signed_in=True)
    assert answer.status == 200
    assert answer.headers["content-type"] == TYPES[name]


def test_no_folder_is_listed(client: Client, site: Path) -> None:
    folders = sorted({p.relative_to(site).as_posix() + "/" for p in site.rglob("*") if p.is_dir() and not (p / "index.html").is_file()})
    assert "assets/" in folders
    for folder in folders:
        answer = client.get(SITE_PATH + folder, signed_in=True)
        assert answer.status in (403, 404), f"{folder}: {answer.status}"
        listed = [p.name for p in (site / folder).iterdir() if p.name.encode() in answer.body]
        assert b"Index of" not in answer.body and listed == [], folder


def test_a_missing_page_gets_the_site_404_page(client: Client, site: Path) -> None:
    url = f"{SITE_PATH}no-such-page/"
    assert_sent_to_sign_in(client.get(url, signed_in=False), url)
    answer = client.get(url, signed_in=True)
    assert answer.status == 404
    assert answer.body == (site / "404.html").read_bytes()
    assert answer.headers["content-type"] == "text/html; charset=utf-8"
    assert_site_headers(answer, url)


@pytest.mark.parametrize("signed_in", [False, True])
def test_the_site_path_without_its_slash_redirects(client: Client, signed_in: bool) -> None:
    answer = client.get(SITE_PATH.rstrip("/"), signed_in=signed_in)
    assert answer.status == 301
    assert urlsplit(answer.headers["location"]).path == SITE_PATH


def test_the_sign_in_page_needs_no_session(client: Client) -> None:
    answer = client.get("/oauth2/start?rd=x", signed_in=False)
    assert answer.status == 200
    assert answer.body == b"sign in here\n"


@pytest.mark.parametrize("url", ["/", "/index.html", "/sofs-planx", "/oauth2/auth", "/srv/www/sofs-plan/index.html"])
def test_nothing_else_on_the_host_is_served(client: Client, url: str) -> None:
    for signed_in in (False, True):
        assert client.get(url, signed_in=signed_in).status == 404, url
