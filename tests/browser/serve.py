"""Serve one built site on 127.0.0.1 at a free port, print the port, and serve until stopped."""

from __future__ import annotations

import functools
import sys
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


class QuietHandler(SimpleHTTPRequestHandler):
    """Serve files without logging every request to the test output."""

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - http.server's own name
        """Stay silent: the tests record requests in the browser."""


def main(directory: str) -> None:
    """Serve `directory` until the process is stopped."""
    handler = functools.partial(QuietHandler, directory=directory)
    # Port 0 lets the system pick a free port, so parallel runs never collide.
    with ThreadingHTTPServer(("127.0.0.1", 0), handler) as server:
        print(server.server_address[1], flush=True)
        server.serve_forever()


if __name__ == "__main__":
    main(sys.argv[1])
