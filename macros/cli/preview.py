"""`planpress serve`: a live preview that rebuilds on every save and shows in the browser what a broken save got wrong.

`mkdocs serve` builds in its own process into the folder it serves, so with it
- a mistake found after MkDocs has cleaned that folder (a macro call that fails on one page) left
  nothing to serve until the mistake was fixed;
- code and templates in macros/ were never loaded again, however often they changed;
- a message repeated by a second broken save was hidden by MkDocs's duplicate-message filter, leaving
  only "Aborted with a BuildError!";
- mkdocs-macros ending the process on a template error stopped the server;
- the mistake was only in the terminal, which the person writing may not be watching.

Here each build runs in a process forked from a warm worker (preview_worker.py) into a staging folder,
and only a successful build replaces the folder the server shows. While the last save is broken, every
page the browser asks for is a page that lists the mistakes, at the page's own address; the live reload
brings it up in the open tab, and brings the page back once the fix is saved. The last good build is
kept all the while, untouched: its other files (styles, scripts, images, the search index, feeds) are
still served, so the error page costs nothing when the fix comes, and the site that built is never lost
to a broken save.

A save shows as soon as the pages open in a browser are written. The server knows them by the live
reload's requests, which each open page makes; the worker writes those pages before the others and
says so, and says so again once every page is written, before it writes what sits beside the pages
(the search index, the feeds, the email editions). The open pages reload at once, and are served from
the staging folder with the files MkDocs copied, while a request for any other file waits until it is
written too. If the build then fails, the pages reload again, onto the error page, and the last good
build stays as it was.

The server is MkDocs's own livereload server (MkDocs 1.6), with a subclass that serves the error page
and is told of changes by the system's file watcher as they happen.
"""

from __future__ import annotations

import json
import logging
import os
import posixpath
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import IO, Any
from urllib.parse import urlsplit

import jinja2
from mkdocs.livereload import LiveReloadServer, _timestamp
from watchdog.events import (
    FileClosedEvent,
    FileCreatedEvent,
    FileDeletedEvent,
    FileModifiedEvent,
    FileMovedEvent,
    FileSystemEvent,
    FileSystemEventHandler,
)
from watchdog.observers import Observer
from watchdog.observers.api import BaseObserver

from macros.cli.building import build_messages

WATCHED = ("docs", "data", "newsletters", "macros", "mkdocs.yml", "mkdocs-intranet.yml")
"""What a preview watches: the project's inputs, its code and templates, and both configurations."""

CODE = "macros"
"""The folder of code and templates the worker has loaded: a change there, or to a configuration, needs a new worker."""

POLLING_INTERVAL = 0.5
"""Seconds between MkDocs's looks for changed files (its own default), for where the system never says a file changed."""

BUILD_DELAY = 0.02
"""Seconds without further changes before a build starts (MkDocs waits 0.1 s). The system reports one save's changes
within a millisecond or two; this gathers them into one build."""

OPEN_FOR = 75.0
"""Seconds a page counts as open after its live reload last asked: MkDocs answers each within a minute, and it asks again at once."""

MOST_OPEN = 8
"""The most open pages written before the others; the pages of the latest requests are taken."""

TEMPLATES = Path(__file__).resolve().parents[1] / "views" / "templates"
"""The error page's template. The server reads it itself rather than importing macros.views, so that it can still
say what is wrong when the code it would import is what is broken."""

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


def code_stamp(root: Path) -> tuple[tuple[str, int, int], ...]:
    """When and how big each file of the code and configuration is: what the worker's imports depend on."""
    found: list[tuple[str, int, int]] = []
    paths = [*sorted(root.glob("mkdocs*.yml")), *sorted((root / CODE).rglob("*"))]
    for path in paths:
        if "__pycache__" in path.parts:
            continue
        try:
            info = path.stat()
        except OSError:
            continue
        if not path.is_dir():
            found.append((str(path), info.st_mtime_ns, info.st_size))
    return tuple(found)


class Worker:
    """The warm worker process (preview_worker.py), started again whenever the code or configuration changed."""

    def __init__(self, root: Path, config_file: Path, site_url: str, env: dict[str, str], folder: Path) -> None:
        self.root = root
        self.config_file = config_file
        self.site_url = site_url
        self.env = env
        self.folder = folder
        self.process: subprocess.Popen[str] | None = None
        self.stamp: tuple[tuple[str, int, int], ...] = ()
        self.log_path = folder / "worker.log"

    def start(self) -> bool:
        """Start a worker for the code as it is now; False, with what went wrong in its log, if it did not get ready."""
        self.stop()
        self.stamp = code_stamp(self.root)
        with self.log_path.open("w", encoding="utf-8") as errors:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "macros.cli.preview_worker", str(self.config_file), self.site_url, str(self.folder)],
                cwd=self.root,
                env=self.env,
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=errors,
                text=True,
            )
        if self._reply() == "ready":
            return True
        self.stop()
        return False

    def build(self, staging: Path, log_path: Path, pages: Callable[[frozenset[str]], None], first: Iterable[str] = ()) -> tuple[int, str]:
        """Build into `staging`: (0 if it built, the messages MkDocs and planpress gave).

        The pages `first` names (open in a browser) are written before the others. `pages` is called,
        with the paths in staging that are final, each time the worker says pages are written (the open
        ones, then all), while the rest of the build goes on.
        """
        if self.process is None or self.process.poll() is not None or code_stamp(self.root) != self.stamp:
            log.info("Loading the code and configuration...")
            if not self.start():
                return 1, self._read(self.log_path) or "planpress's preview could not start building; save again to try again"
        assert self.process is not None and self.process.stdin is not None
        log_path.unlink(missing_ok=True)
        try:
            self.process.stdin.write(json.dumps({"staging": str(staging), "log": str(log_path), "first": sorted(first)}) + "\n")
            self.process.stdin.flush()
        except OSError:
            self.stop()
            return 1, self._read(self.log_path) or "planpress's preview stopped building; save again to start it again"
        line = self._reply()
        while line.startswith("pages "):
            try:
                final = frozenset(json.loads(line.removeprefix("pages ")))
            except ValueError:
                pass  # a line cut short, from a build that stopped: the next reply says so
            else:
                pages(final)
            line = self._reply()
        reply = line.split()
        output = self._read(log_path)
        if reply[:1] != ["built"] or len(reply) < 2:
            stopped = self._read(self.log_path)
            self.stop()
            return 1, "\n".join(filter(None, [output, stopped, "planpress's preview stopped building; save again to start it again"]))
        return int(reply[1]), output

    def _reply(self) -> str:
        assert self.process is not None and self.process.stdout is not None
        try:
            return self.process.stdout.readline().strip()
        except (OSError, ValueError):
            return ""

    @staticmethod
    def _read(path: Path) -> str:
        try:
            return path.read_text("utf-8", errors="replace")
        except OSError:
            return ""

    def stop(self) -> None:
        """Stop the worker by its process id, if it runs."""
        process, self.process = self.process, None
        if process is None:
            return
        if process.poll() is None:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        for stream in (process.stdin, process.stdout):
            _close(stream)


def _close(stream: IO[str] | None) -> None:
    if stream is not None:
        try:
            stream.close()
        except OSError:
            pass


_LOCATION = re.compile(r"^(?P<where>[^\s:][^:]*:\d+): (?P<what>.*)$")
_COUNT = re.compile(r"^\d+ problems? found; nothing was built\.$")
"""The line that ends a list of problems in the terminal; the error page counts them itself."""


def message_items(messages: str) -> list[dict[str, str]]:
    """Each message as {"where": "file:line" or "", "what": the rest}, for the error page."""
    items = []
    for line in messages.splitlines():
        if not line.strip() or _COUNT.match(line.strip()):
            continue
        found = _LOCATION.match(line.strip())
        items.append({"where": found["where"], "what": found["what"]} if found else {"where": "", "what": line.strip()})
    return items


class Preview:
    """Builds into staging and swaps into the served folder only when the build succeeded."""

    def __init__(self, root: Path, config_file: Path, site_url: str, env: dict[str, str]) -> None:
        self.root = root
        self.base = Path(tempfile.mkdtemp(prefix="planpress-preview-"))
        self.served = self.base / "site"
        self.served.mkdir()
        self.worker = Worker(root, config_file, site_url, env, self.base)
        self.good_builds = 0
        self.failure: str | None = None
        """The messages of the last build if it failed; None when the served folder is the latest save's."""
        self.showing: tuple[Path, frozenset[str]] | None = None
        """While a build whose pages are written goes on: its staging folder and the files in it that are final."""
        self.finishing = threading.Condition()
        """Held to read or change `showing` and to swap a build in; notified when a build has ended."""
        self.reload_browsers: Callable[[], None] = lambda: None
        """Set by the server: reload the open pages now, onto the pages of the build under way."""
        self.reload_again: Callable[[], None] = lambda: None
        """Set by the server: once this build has ended, reload the pages that were reloaded onto its pages."""
        self.open_pages: dict[str, float] = {}
        """The pages open in a browser, by the file each is written to: when its live reload last asked (time.monotonic())."""
        self.templates = jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=True, undefined=jinja2.StrictUndefined)

    def build(self) -> None:
        """One rebuild: the served folder is replaced only if it succeeds, and what went wrong is kept and printed if not.

        A failed build returns rather than raising: MkDocs's server holds every request after a build
        that raised until one succeeds. Returning lets the browsers reload, onto the error page.
        """
        started = time.monotonic()
        staging = self.base / "next"
        shutil.rmtree(staging, ignore_errors=True)
        shown_after: list[float] = []

        def show(final: frozenset[str]) -> None:
            # The first time, the open pages are written: they reload. Later, more files are final.
            shown_after.append(time.monotonic() - started)
            with self.finishing:
                self.showing = (staging, final)
                self.failure = None
            if len(shown_after) == 1:
                self.reload_browsers()

        code, output = self.worker.build(staging, self.base / "build.log", show, self.pages_open())
        messages = build_messages(output)
        with self.finishing:
            self.showing = None
            if code == 0:
                self._swap_in(staging)
                self.failure = None
                self.good_builds += 1
            else:
                if shown_after:
                    # Its pages were shown, then the rest of the build failed: the open pages go to the error page.
                    self.reload_again()
                self.failure = messages or f"the build stopped with exit code {code} and no message"
            self.finishing.notify_all()
        if code != 0:
            shutil.rmtree(staging, ignore_errors=True)
            print(f"planpress: the preview was not rebuilt; the browser shows what to fix. Fix this and save again:\n{self.failure}", file=sys.stderr, flush=True)  # noqa: T201
            return
        if len(shown_after) > 1:
            pages = f"; the open pages were shown after {shown_after[0]:.2f} s, every page after {shown_after[-1]:.2f} s"
        else:
            pages = f"; its pages were shown after {shown_after[0]:.2f} s" if shown_after else ""
        log.info(f"The preview was rebuilt in {time.monotonic() - started:.2f} s{pages}")
        if messages:
            log.warning(messages)

    def page_opened(self, referer: str) -> None:
        """Note the page a live reload's request came from (its Referer) as open in a browser."""
        path = urlsplit(referer).path
        if path and is_page(path):
            self.open_pages[site_path(path)] = time.monotonic()

    def pages_open(self) -> list[str]:
        """The pages whose live reload asked in the last OPEN_FOR seconds, newest first, at most MOST_OPEN of them.

        A page's live reload asks again as soon as it is answered, and is answered within a minute.
        """
        now = time.monotonic()
        recent = []
        for name, when in list(self.open_pages.items()):
            if now - when < OPEN_FOR:
                recent.append((when, name))
            else:
                self.open_pages.pop(name, None)  # closed, or gone to another page: forgotten
        return [name for _, name in sorted(recent, reverse=True)[:MOST_OPEN]]

    def final_file(self, path: str) -> bytes | None:
        """While a build's pages are shown and the rest is written: a final file of it that `path` asks for, else None.

        A request for any other file waits here until the build has ended, and is then served from the
        folder the build left, or from the last good build if it failed.
        """
        name = site_path(path)
        with self.finishing:
            if self.showing is None:
                return None
            staging, final = self.showing
            if name in final:
                try:
                    return (staging / name).read_bytes()
                except OSError:
                    pass
            self.finishing.wait_for(lambda: self.showing is None)
            return None

    def _swap_in(self, staging: Path) -> None:
        """Put the new build where the server reads, in two renames.

        No request reads the folder meanwhile: MkDocs's server holds requests while a build is under way,
        and those that come while its pages are shown are held by `finishing`, which the swap holds.
        The build before is removed in the background, once the browsers can already reload.
        """
        old = self.base / f"old-{self.good_builds}"
        self.served.rename(old)
        staging.rename(self.served)
        threading.Thread(target=shutil.rmtree, args=(old,), kwargs={"ignore_errors": True}, daemon=True).start()

    def failure_page(self) -> bytes:
        """The page shown for every page of the site while the last save is broken."""
        messages = self.failure or ""
        try:
            page = self.templates.get_template("preview_error.html").render(items=message_items(messages), kept=self.good_builds > 0)
        except jinja2.TemplateError as error:
            # A broken error page must not hide the mistake it is about.
            page = self.templates.from_string("<!doctype html><title>The preview could not be rebuilt</title><pre>{{ text }}</pre>").render(
                text=f"{messages}\n\nThe preview's error page itself is broken: {error}"
            )
        return page.encode("utf-8")

    def close(self) -> None:
        """Stop the worker and remove every folder the preview made."""
        self.worker.stop()
        shutil.rmtree(self.base, ignore_errors=True)


def site_path(path: str) -> str:
    """The file in a site folder that a request for `path` reads, as MkDocs's server finds it (index.html for a folder)."""
    name = path + "index.html" if path.endswith("/") else path
    return posixpath.normpath("/" + name).lstrip("/")


def is_page(path: str) -> bool:
    """Whether a request for `path` asks for a page, not a file such as a style sheet or the search index."""
    last = path.rsplit("/", 1)[-1]
    return path.endswith("/") or last.endswith(".html") or "." not in last


_FINGERPRINTED = re.compile(r"/assets/.*\.[0-9a-f]{8,}\.min\.(?:js|css)$")
"""Material's scripts and style sheets, whose names carry a digest of their content."""


def _kept_by_browsers(start_response: Any) -> Any:
    """A start_response that lets browsers keep the file: its name changes whenever its content does.

    A reload then takes the theme's scripts and style sheets from the browser's cache, compiled,
    instead of fetching and compiling them again.
    """

    def start(status: str, headers: list[tuple[str, str]], *args: Any) -> Any:
        if status.startswith("200"):
            headers = [*headers, ("Cache-Control", "public, max-age=31536000, immutable")]
        return start_response(status, headers, *args)

    return start


Signature = tuple[int, int, int] | None
"""A file's inode, modification time and size; None when it does not exist."""


def signature(path: str) -> Signature:
    """What changes when a file is written, replaced or removed."""
    try:
        info = os.stat(path)
    except OSError:
        return None
    return (info.st_ino, info.st_mtime_ns, info.st_size)


CHANGES = [FileCreatedEvent, FileModifiedEvent, FileClosedEvent, FileDeletedEvent, FileMovedEvent]
"""The events of the system's watcher that may mean a file changed: not a file being opened or read."""


class PreviewServer(LiveReloadServer):
    """MkDocs's livereload server, serving the error page while the last save is broken, and told of changes at once.

    It uses what MkDocs 1.6's server keeps for itself (its epochs, conditions and script): the error
    page, like every page it serves, carries the live reload script, so the open tab reloads by itself.

    MkDocs looks for changes every half second. Here the system's own watcher (inotify on Linux,
    FSEvents on macOS) says so as it happens; MkDocs's looks go on beside it, for folders where the
    system never says (some network and shared drives). A change is built once, whichever of the two
    reports it first: each file's signature is noted, and a report of a signature already noted is
    one that was built already.
    """

    def __init__(self, preview: Preview, host: str, port: int) -> None:
        super().__init__(builder=preview.build, host=host, port=port, root=str(preview.served), mount_path="/", polling_interval=POLLING_INTERVAL)
        self.preview = preview
        self.build_delay = BUILD_DELAY
        self.error_handler = self._site_error_page
        self.native: BaseObserver | None = Observer()
        self._seen: dict[str, Signature] = {}
        self._seen_lock = threading.Lock()
        preview.reload_browsers = self._reload_browsers
        preview.reload_again = self._reload_again

    def _reload_browsers(self) -> None:
        """Let the open pages reload now, onto the pages of the build under way (as MkDocs does once a build ends)."""
        with self._epoch_cond:
            self._visible_epoch = self._wanted_epoch
            self._epoch_cond.notify_all()

    def _reload_again(self) -> None:
        """Make the end of the build under way a newer version of the site, which the open pages reload onto again."""
        with self._epoch_cond:
            self._wanted_epoch = _timestamp()

    def watch(self, path: str, func: None = None, *, recursive: bool = True) -> None:
        """Watch `path` (a folder, or a file such as mkdocs.yml) with both watchers."""
        path = os.path.abspath(path)
        if path in self._watched_paths:
            return
        # MkDocs adds its reload script to pages only while it watches something.
        self._watched_paths[path] = 1
        for folder, _, names in os.walk(path) if os.path.isdir(path) else [("", [], [path])]:
            for name in names:
                self._seen[os.path.join(folder, name)] = signature(os.path.join(folder, name))
        handler = FileSystemEventHandler()
        handler.on_any_event = self._changed  # type: ignore[method-assign]
        self._watch_refs[path] = self.observer.schedule(handler, path, recursive=recursive)
        if self.native is None:
            return
        if os.path.isdir(path):
            self.native.schedule(handler, path, recursive=recursive, event_filter=CHANGES)
        else:
            # A file is watched through its folder: saving often replaces the file, and a watch on it would end.
            only = FileSystemEventHandler()
            only.on_any_event = lambda event: self._changed(event) if path in _event_paths(event) else None  # type: ignore[method-assign]
            self.native.schedule(only, os.path.dirname(path), recursive=False, event_filter=CHANGES)

    def _changed(self, event: FileSystemEvent) -> None:
        """Ask for a build if a file really changed since it was last noted."""
        if event.is_directory:
            return
        changed = False
        with self._seen_lock:
            for path in _event_paths(event):
                now = signature(path)
                if self._seen.get(path, "unknown") != now:
                    self._seen[path] = now
                    changed = True
        if changed:
            with self._rebuild_cond:
                self._want_rebuild = True
                self._rebuild_cond.notify_all()

    def serve(self, *, open_in_browser: bool = False) -> None:
        """Start the system's watcher, then serve as MkDocs does."""
        if self.native is not None:
            try:
                self.native.start()
            except OSError as error:
                log.warning(f"The system cannot watch the files ({error}); changes are noticed within half a second instead")
                self.native = None
        super().serve(open_in_browser=open_in_browser)  # type: ignore[no-untyped-call]

    def shutdown(self, wait: bool = False) -> None:
        """Stop both watchers and the server."""
        if self.native is not None and self.native.is_alive():
            self.native.stop()
            self.native.join()
        super().shutdown(wait=wait)

    def _serve_request(self, environ: dict[str, Any], start_response: Any) -> Iterable[bytes] | None:
        path = environ["PATH_INFO"].encode("latin-1").decode("utf-8", "ignore")
        if path.startswith("/livereload/"):
            self.preview.page_opened(environ.get("HTTP_REFERER", ""))
            return super()._serve_request(environ, start_response)
        if _FINGERPRINTED.search(path):
            start_response = _kept_by_browsers(start_response)
        # As MkDocs does before serving a file: wait for a build under way, up to when its pages are written.
        with self._epoch_cond:
            self._epoch_cond.wait_for(lambda: self._visible_epoch == self._wanted_epoch)
            epoch = self._visible_epoch
            failed = self.preview.failure is not None
        if failed and is_page(path):
            body = self._inject_js_into_html(self.preview.failure_page(), epoch)  # type: ignore[no-untyped-call]
            start_response(
                "503 Service Unavailable",
                [("Content-Type", "text/html; charset=utf-8"), ("Content-Length", str(len(body))), ("Cache-Control", "no-store")],
            )
            return [body]
        final = self.preview.final_file(path)
        if final is not None:
            name = site_path(path)
            if name.endswith(".html"):
                final = bytes(self._inject_js_into_html(final, epoch))  # type: ignore[no-untyped-call]
            start_response("200 OK", [("Content-Type", self._guess_type(name)), ("Content-Length", str(len(final)))])  # type: ignore[no-untyped-call]
            return [final]
        return super()._serve_request(environ, start_response)

    def _site_error_page(self, code: int) -> bytes | None:
        """The site's own 404 page, reloading by itself too: a page that is missing now may be there after the next save."""
        page = self.preview.served / f"{code}.html"
        if not page.is_file():
            return None
        with self._epoch_cond:
            epoch = self._visible_epoch
        return bytes(self._inject_js_into_html(page.read_bytes(), epoch))  # type: ignore[no-untyped-call]


def _event_paths(event: FileSystemEvent) -> list[str]:
    """The file an event is about, and where it went if it was moved."""
    paths = [os.fsdecode(event.src_path)]
    if event.dest_path:
        paths.append(os.fsdecode(event.dest_path))
    return paths


def _log_to_terminal() -> None:
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(levelname)-8s-  %(message)s"))
    logger = logging.getLogger("mkdocs")
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)


def serve(root: Path, config_file: Path, address: str, env: dict[str, str]) -> int:
    """Serve a live preview of `config_file`'s site at `address` until stopped (Ctrl+C or SIGTERM)."""
    _log_to_terminal()
    host, port, site_url = preview_address(address)
    env = {**env, "PYTHONDONTWRITEBYTECODE": "1"}  # a build writing .pyc files into macros/ would set off another build
    preview = Preview(root, config_file, site_url, env)

    def stop(signum: int, frame: Any) -> None:
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, stop)
    server = PreviewServer(preview, host, port)
    try:
        log.info("Building the preview...")
        preview.build()
        for name in WATCHED:
            if (root / name).exists():
                server.watch(str(root / name))
        try:
            server.serve()
        except KeyboardInterrupt:
            log.info("Stopping the preview")
        finally:
            server.shutdown()
    finally:
        preview.close()
    return 0

