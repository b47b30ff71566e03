"""Serve a built site on 127.0.0.1 at a free port, as a web host would: `serve_site` runs this file in a subprocess.

As a script, `serve.py SITE_DIR [PATH_PREFIX [HEADERS]]` prints the port, then serves until stopped. The site answers
at '/' and also under PATH_PREFIX (the path of its site_url, such as '/sofs-plan/'), because MkDocs writes absolute
links under that path into 404.html. Missing files get the site's own 404.html with status 404, as on a real host.
HEADERS, a JSON object, are sent with every answer (a host's Content-Security-Policy, for example).
"""

from __future__ import annotations

import functools
import json
import os
import signal
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from contextlib import contextmanager
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}loc"


class SiteHandler(SimpleHTTPRequestHandler):
    """Static files of one built site, quietly."""

    prefix = "/"
    extra_headers: dict[str, str] = {}

    def translate_path(self, path: str) -> str:
        """Map the site_url's path onto the site folder, as the real host does."""
        if self.prefix != "/" and path.startswith(self.prefix):
            path = "/" + path[len(self.prefix) :]
        return super().translate_path(path)

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        """Answer a missing file with the site's 404 page."""
        page = Path(self.directory) / "404.html"
        if code != HTTPStatus.NOT_FOUND or not page.is_file():
            super().send_error(code, message, explain)
            return
        body = page.read_bytes()
        self.send_response(code)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def end_headers(self) -> None:
        """Send the host's own headers with every answer, errors included."""
        for name, value in self.extra_headers.items():
            self.send_header(name, value)
        super().end_headers()

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - http.server's own name
        """Stay silent: the tests record requests in the browser."""


def main(directory: str, prefix: str = "/", headers: str = "{}") -> None:
    """Serve `directory` until the process is stopped, sending `headers` (a JSON object) with every answer."""
    handler_class = type("Handler", (SiteHandler,), {"prefix": prefix, "extra_headers": json.loads(headers)})
    handler = functools.partial(handler_class, directory=directory)
    # Port 0 lets the system pick a free port, so parallel runs never collide.
    with ThreadingHTTPServer(("127.0.0.1", 0), handler) as server:
        print(server.server_address[1], flush=True)
        server.serve_forever()


def site_path(site: Path) -> str:
    """The path of the site's own URL ('/' or '/sofs-plan/'), read from the sitemap MkDocs wrote."""
    sitemap = site / "sitemap.xml"
    if not sitemap.is_file():
        return "/"
    paths = [urlsplit(loc.text or "").path for loc in ET.parse(sitemap).getroot().iter(SITEMAP)]
    common = os.path.commonprefix(paths) if paths else "/"
    return common[: common.rfind("/") + 1] or "/"


@contextmanager
def serve_site(site: Path, headers: dict[str, str] | None = None) -> Iterator[str]:
    """Serve one built site on 127.0.0.1 at a free port, sending `headers`, while the block runs; yield its base URL."""
    process = subprocess.Popen(
        [sys.executable, __file__, str(site), site_path(site), json.dumps(headers or {})],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None
        port = process.stdout.readline().strip()
        if not port.isdigit():
            raise RuntimeError(f"the test server for {site} did not start")
        yield f"http://127.0.0.1:{port}/"
    finally:
        os.kill(process.pid, signal.SIGTERM)
        process.wait(timeout=10)
        if process.stdout is not None:
            process.stdout.close()


if __name__ == "__main__":
    main(*sys.argv[1:4])
