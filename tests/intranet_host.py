"""The README's nginx server block for the intranet site, run by Debian's nginx on 127.0.0.1 with a stub sign-in service.

The block is taken from README.md exactly as written. To run it in a test only what ties it to the real host is
rewritten, each by a pattern that must match exactly where the README has it (so a changed block fails loudly
rather than being tested half-rewritten):

- `listen 443` becomes `listen 127.0.0.1:<free port>`; its other parameters (`ssl http2`) stay;
- `ssl_certificate` and `ssl_certificate_key` point at a self-signed certificate made with openssl for the run;
- `root /srv/www` points at a temporary folder whose `sofs-plan` is a symlink to a release folder, as in the README;
- `proxy_pass http://127.0.0.1:4180` points at the stub sign-in service's port.

As a script, `intranet_host.py` is that stub: it prints its port, then answers `/oauth2/auth` with 202 when the
cookie `session=ok` is sent and 401 otherwise, and `/oauth2/start` with 200, until it is stopped.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from http.cookies import SimpleCookie
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"
NGINX = Path("/usr/sbin/nginx")
MIME_TYPES = Path("/etc/nginx/mime.types")
SITE_PATH = "/sofs-plan/"
"""Where the README's block serves the intranet site (the path of site_url in mkdocs-intranet.yml)."""
SESSION_COOKIE = "session=ok"
SIGN_IN_PORT = 4180
"""The sign-in service's port in the README's block."""


def missing(reason: str) -> None:
    """Skip for want of a tool, or fail under CI, where a missing tool is a broken machine."""
    if os.environ.get("CI") == "true":
        pytest.fail(reason)
    pytest.skip(reason)


def require_nginx() -> None:
    """Skip (or fail under CI) unless Debian's nginx and openssl are installed."""
    if not NGINX.is_file() or not MIME_TYPES.is_file():
        missing(f"{NGINX} is not installed (apt-get install -y nginx)")
    if shutil.which("openssl") is None:
        missing("openssl is not installed (apt-get install -y openssl)")


def readme_block() -> str:
    """The one ```nginx fenced block of README.md, exactly as written."""
    blocks = re.findall(r"^```nginx\n(.*?)^```$", README.read_text("utf-8"), re.S | re.M)
    assert len(blocks) == 1, f"README.md has {len(blocks)} ```nginx blocks; the tests expect exactly one"
    return blocks[0]


def readme_csp() -> str:
    """The Content-Security-Policy that the README's block sends with the intranet site."""
    found = re.findall(r'^\s*add_header\s+Content-Security-Policy\s+"([^"]+)"\s+always;', readme_block(), re.M)
    assert len(found) == 1, "the README's nginx block should send one Content-Security-Policy header, with `always`"
    return found[0]


def _replace(text: str, pattern: str, replacement: str, count: int = 1) -> str:
    new, made = re.subn(pattern, replacement, text, flags=re.M)
    assert made == count, f"the README's nginx block no longer has {count} × {pattern!r}; update tests/intranet_host.py"
    return new


def rewrite_block(block: str, *, port: int, cert: Path, key: Path, www: Path, sign_in_port: int) -> str:
    """The README's block with only its address, certificate, root and sign-in port changed for a test run."""
    block = _replace(block, r"^(\s*listen\s+)443(\s)", rf"\g<1>127.0.0.1:{port}\g<2>")
    block = _replace(block, r"^(\s*ssl_certificate\s+)\S+;", rf"\g<1>{cert};")
    block = _replace(block, r"^(\s*ssl_certificate_key\s+)\S+;", rf"\g<1>{key};")
    block = _replace(block, r"^(\s*root\s+)/srv/www;", rf"\g<1>{www};")
    return _replace(block, rf"(proxy_pass\s+http://127\.0\.0\.1:){SIGN_IN_PORT};", rf"\g<1>{sign_in_port};", count=2)


def nginx_conf(server_block: str, prefix: Path) -> str:
    """A minimal nginx.conf around one server block: Debian's mime.types, and every file nginx writes kept in `prefix`."""
    temp = prefix / "temp"
    temp.mkdir(parents=True, exist_ok=True)
    # As root, nginx's workers would run as nobody, who cannot read a test's private temporary folder.
    user = "user root;\n" if os.geteuid() == 0 else ""
    paths = "\n".join(f"    {name}_temp_path {temp / name};" for name in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
    return (
        f"{user}daemon off;\nworker_processes 1;\npid {prefix / 'nginx.pid'};\nerror_log {prefix / 'error.log'} warn;\n"
        "events { worker_connections 64; }\n"
        "http {\n"
        f"    include {MIME_TYPES};\n    default_type application/octet-stream;\n"
        f"    access_log {prefix / 'access.log'};\n{paths}\n"
        f"{server_block}"
        "}\n"
    )


def self_signed(folder: Path) -> tuple[Path, Path]:
    """A certificate for intranet.example.org and 127.0.0.1 and its key, made with openssl: (certificate, key)."""
    cert, key = folder / "intranet.crt", folder / "intranet.key"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-days", "2",
         "-subj", "/CN=intranet.example.org", "-addext", "subjectAltName=DNS:intranet.example.org,IP:127.0.0.1",
         "-keyout", str(key), "-out", str(cert)],
        check=True, capture_output=True, timeout=60,
    )  # fmt: skip
    return cert, key


def check_config(conf: Path, prefix: Path) -> subprocess.CompletedProcess[str]:
    """`nginx -t` on a configuration file: its exit code and what it printed."""
    return subprocess.run(
        [str(NGINX), "-t", "-e", str(prefix / "error.log"), "-p", str(prefix), "-c", str(conf)],
        capture_output=True, text=True, timeout=60,
    )  # fmt: skip


def free_port() -> int:
    """A port on 127.0.0.1 that nothing listens on now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _stop(process: subprocess.Popen[Any], sig: int) -> None:
    if process.poll() is None:
        os.kill(process.pid, sig)
    process.wait(timeout=10)


@contextmanager
def sign_in_service() -> Iterator[int]:
    """The stub sign-in service on 127.0.0.1 while the block runs; yield its port."""
    process = subprocess.Popen([sys.executable, __file__], stdout=subprocess.PIPE, text=True)
    try:
        assert process.stdout is not None
        port = process.stdout.readline().strip()
        if not port.isdigit():
            raise RuntimeError("the stub sign-in service did not start")
        yield int(port)
    finally:
        _stop(process, signal.SIGTERM)
        if process.stdout is not None:
            process.stdout.close()


@dataclass
class Host:
    """The README's block running: where it listens and the certificate to trust."""

    port: int
    cert: Path
    conf: Path


@contextmanager
def run_nginx(folder: Path, site: Path, extra: dict[str, bytes] | None = None) -> Iterator[Host]:
    """Serve a copy of `site` (a built intranet site), with `extra` files added, through the README's block while the block runs."""
    release = folder / "releases" / "1"
    shutil.copytree(site, release)
    for name, content in (extra or {}).items():
        (release / name).parent.mkdir(parents=True, exist_ok=True)
        (release / name).write_bytes(content)
    www = folder / "www"
    www.mkdir()
    # As the README deploys: /srv/www/sofs-plan is a symlink to the current release.
    (www / SITE_PATH.strip("/")).symlink_to(release, target_is_directory=True)
    cert, key = self_signed(folder)
    with sign_in_service() as sign_in_port:
        port = free_port()
        conf = folder / "nginx.conf"
        block = rewrite_block(readme_block(), port=port, cert=cert, key=key, www=www, sign_in_port=sign_in_port)
        conf.write_text(nginx_conf(block, folder), encoding="utf-8")
        log = folder / "error.log"
        process = subprocess.Popen([str(NGINX), "-e", str(log), "-p", str(folder), "-c", str(conf)], stderr=subprocess.PIPE, text=True)
        try:
            _wait_for(port, process, log)
            yield Host(port, cert, conf)
        finally:
            # SIGQUIT: nginx's master lets its worker finish, then both exit.
            _stop(process, signal.SIGQUIT)
            if process.stderr is not None:
                process.stderr.close()


def _wait_for(port: int, process: subprocess.Popen[str], log: Path) -> None:
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        if process.poll() is not None:
            errors = (log.read_text("utf-8") if log.is_file() else "") + (process.stderr.read() if process.stderr else "")
            raise RuntimeError(f"nginx stopped at start (exit {process.returncode}):\n{errors}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError(f"nginx did not listen on 127.0.0.1:{port} within 20 seconds")


class SignInHandler(BaseHTTPRequestHandler):
    """A sign-in service as nginx's auth_request sees it: a session cookie, or not."""

    def do_GET(self) -> None:  # noqa: N802 - http.server's own name
        """Answer the auth check and the sign-in page."""
        path = self.path.split("?", 1)[0]
        if path == "/oauth2/auth":
            cookie = SimpleCookie(self.headers.get("Cookie", ""))
            signed_in = "session" in cookie and cookie["session"].value == SESSION_COOKIE.split("=", 1)[1]
            self._answer(202 if signed_in else 401, b"")
        elif path == "/oauth2/start":
            self._answer(200, b"sign in here\n")
        else:
            self._answer(404, b"")

    def _answer(self, status: int, body: bytes) -> None:
        self.send_response(status)
        self.send_header("Content-Type", "text/plain; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - http.server's own name
        """Stay silent: nginx's access log records the requests."""


def main() -> None:
    """Run the stub sign-in service on a free port of 127.0.0.1 until stopped."""
    with ThreadingHTTPServer(("127.0.0.1", 0), SignInHandler) as server:
        print(server.server_address[1], flush=True)
        server.serve_forever()


if __name__ == "__main__":
    main()
