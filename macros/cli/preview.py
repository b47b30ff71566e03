"""`planpress serve`: a live preview that rebuilds on every save and keeps showing the last good build.

`mkdocs serve` builds in its own process into the folder it serves, so with it
- a mistake found after MkDocs has cleaned that folder (a macro call that fails on one page) left
  nothing to serve until the mistake was fixed;
- code and templates in macros/ were never loaded again, however often they changed;
- a message repeated by a second broken save was hidden by MkDocs's duplicate-message filter, leaving
  only "Aborted with a BuildError!";
- mkdocs-macros ending the process on a template error stopped the server.

Here each build runs in a fresh process into a staging folder, and only a successful build replaces
the folder the server shows. The server is MkDocs's own livereload server, so browsers still reload.
"""

from __future__ import annotations

import logging
import os
import shutil
import signal
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from macros.cli.building import build_messages, swap_in

WATCHED = ("docs", "data", "newsletters", "macros", "mkdocs.yml", "mkdocs-intranet.yml")
"""What a preview watches: the project's inputs, its code and templates, and both configurations."""

log = logging.getLogger("mkdocs.planpress.preview")


def preview_address(address: str) -> tuple[str, int, str]:
    """(host, port, site URL) of a preview at `address`, such as 127.0.0.1:8000.

    The preview is served from the server's root, whatever path the configured site_url has, so that
    http://127.0.0.1:8000/newsletters/ is the newsletter archive.
    """
    host, _, port = address.rpartition(":")
    if not host or not port.isdigit():
        raise SystemExit(f"planpress: --address '{address}' is not host:port, such as 127.0.0.1:8000")
    return host, int(port), f"http://{host}:{port}/"


def build_once(root: Path, config_file: Path, site_dir: Path, site_url: str, env: dict[str, str]) -> tuple[bool, str]:
    """Build the preview into `site_dir` in a fresh process: (whether it built, the warnings and errors it gave)."""
    done = subprocess.run(
        [sys.executable, "-m", "macros.cli.preview", str(config_file), str(site_dir), site_url],
        cwd=root,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    return done.returncode == 0, build_messages(done.stdout)


class Preview:
    """Builds into staging and swaps into the served folder only when the build succeeded."""

    def __init__(self, root: Path, config_file: Path, site_url: str, env: dict[str, str]) -> None:
        self.root = root
        self.config_file = config_file
        self.site_url = site_url
        self.env = env
        self.base = Path(tempfile.mkdtemp(prefix="planpress-preview-"))
        self.served = self.base / "site"
        self.served.mkdir()
        self.good_builds = 0

    def build(self) -> None:
        """One rebuild: the served folder is replaced only if it succeeds, and what went wrong is printed if not.

        A failed build returns rather than raising: MkDocs's server holds every request after a build
        that raised until one succeeds, which is the stuck preview this module exists to avoid.
        """
        staging = self.base / "next"
        shutil.rmtree(staging, ignore_errors=True)
        built, messages = build_once(self.root, self.config_file, staging, self.site_url, self.env)
        if not built:
            shutil.rmtree(staging, ignore_errors=True)
            kept = "it still shows the last good build" if self.good_builds else "there is nothing to show until it builds"
            print(f"planpress: the preview was not rebuilt; {kept}. Fix this and save again:\n{messages}", file=sys.stderr, flush=True)  # noqa: T201
            return
        swap_in(staging, self.served)
        self.good_builds += 1
        log.info("The preview was rebuilt")
        if messages:
            log.warning(messages)

    def error_page(self, code: int) -> bytes | None:
        """The page shown before the first good build, or the site's own 404 page."""
        page = self.served / f"{code}.html"
        if page.is_file():
            return page.read_bytes()
        if not self.good_builds:
            from macros.views.render import render

            return render("preview_waiting.html").encode("utf-8")
        return None

    def close(self) -> None:
        shutil.rmtree(self.base, ignore_errors=True)


def _log_to_terminal() -> None:
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(levelname)-8s-  %(message)s"))
    logger = logging.getLogger("mkdocs")
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)


def serve(root: Path, config_file: Path, address: str, env: dict[str, str]) -> int:
    """Serve a live preview of `config_file`'s site at `address` until stopped (Ctrl+C or SIGTERM)."""
    from mkdocs.livereload import LiveReloadServer

    _log_to_terminal()
    host, port, site_url = preview_address(address)
    env = {**env, "PYTHONDONTWRITEBYTECODE": "1"}  # a build writing .pyc files into macros/ would set off another build
    preview = Preview(root, config_file, site_url, env)

    def stop(signum: int, frame: Any) -> None:
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, stop)
    server = LiveReloadServer(builder=preview.build, host=host, port=port, root=str(preview.served), mount_path="/")
    server.error_handler = preview.error_page
    try:
        log.info("Building the preview...")
        preview.build()
        for name in WATCHED:
            if (root / name).exists():
                server.watch(str(root / name))
        try:
            server.serve()  # type: ignore[no-untyped-call]
        except KeyboardInterrupt:
            log.info("Stopping the preview")
        finally:
            server.shutdown()
    finally:
        preview.close()
    return 0


def _build_main(argv: list[str]) -> int:
    """The child process of a preview build: `python -m macros.cli.preview CONFIG SITE_DIR SITE_URL`."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort, ConfigurationError

    _log_to_terminal()
    config_file, site_dir, site_url = argv
    try:
        config = load_config(config_file=config_file, site_dir=site_dir)
        config.site_url = site_url
        config.plugins.on_startup(command="serve", dirty=False)
        build(config, serve_url=site_url)
        config.plugins.on_shutdown()
    except (Abort, ConfigurationError) as error:
        logging.getLogger("mkdocs").error(str(error))
        return 1
    return 0


if __name__ == "__main__":
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    sys.exit(_build_main(sys.argv[1:]))
