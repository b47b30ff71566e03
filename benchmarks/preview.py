"""`make bench`, preview part: how long a save takes to show in the browser with `planpress serve`.

A copy of the project (Norfolk's own data, newsletters and pages, the code linked) is served by
`planpress serve` on 127.0.0.1, and a headless Chromium keeps one page of it open. Each save writes a
file with a new marker in it; the time counted runs from the write to the first frame that page,
reloaded, draws with the marker, so it takes in the file watcher, the rebuild, the live reload and the
browser loading and drawing the page again. Ten saves of a newsletter (with its page open), then ten of a RAG update in
data/updates/ (with the action's page open). The figures go into BENCHMARKS.md, in its "Preview"
section, between the markers below; the rest of the file is left as it is.

    python benchmarks/preview.py [--saves 10] [--no-write] [--code DIR]

--code serves the project with another copy of macros/ (such as an older commit's, from `git archive`),
to compare the preview before and after a change on the same machine at the same time.
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
OUT = BENCH / "out" / "preview"
REPORT = ROOT / "BENCHMARKS.md"
START = "<!-- preview benchmark: start -->"
END = "<!-- preview benchmark: end -->"
TARGET_MEDIAN = 0.5

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run", "--disable-sync"]
ACTION = "1.1"
UPDATE_DATE = "2018-07-25"
UPDATE_FILE = f"data/updates/{UPDATE_DATE}-preview-benchmark.yml"
"""A RAG update file of the benchmark's own, so the project's updates stay as they are. Its date is within the
plan, as a real update's is: a date after everything else would move the plan's "today" and change every page."""


@dataclass
class Series:
    """The save-to-screen times of one kind of save, and the rebuilds' own times as the preview printed them."""

    what: str
    page: str
    seconds: list[float]
    loading: list[float]
    """Seconds of each that the browser spent loading the page again, from the reload to the frame."""
    cpu: list[float]
    """CPU seconds the processes that built used for each save (0 where the system does not say)."""
    rebuilds: list[tuple[float, float | None]]
    """Each rebuild's time as the preview printed it, and when its pages were shown."""

    @property
    def median(self) -> float:
        return statistics.median(self.seconds)

    @property
    def worst(self) -> float:
        return max(self.seconds)


def copy_project(dest: Path, code: Path) -> Path:
    """The project's inputs in `dest`, with `code` linked as its macros/ (the benchmark edits no code)."""
    shutil.rmtree(dest, ignore_errors=True)
    dest.mkdir(parents=True)
    for name in ("mkdocs.yml", "mkdocs-intranet.yml"):
        shutil.copy2(ROOT / name, dest / name)
    for name in ("data", "docs", "newsletters"):
        shutil.copytree(ROOT / name, dest / name)
    (dest / "macros").symlink_to(code, target_is_directory=True)
    return dest


def free_port() -> int:
    """A port nothing listens on."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until(what: str, condition: Callable[[], bool], process: subprocess.Popen[bytes], log: Path, timeout: float = 180) -> None:
    """Wait for `condition`, failing with the server's output if it stops or takes too long."""
    deadline = time.monotonic() + timeout
    while not condition():
        if process.poll() is not None:
            raise SystemExit(f"bench: the preview stopped while waiting for {what}:\n{log.read_text(errors='replace')}")
        if time.monotonic() > deadline:
            raise SystemExit(f"bench: timed out waiting for {what}:\n{log.read_text(errors='replace')[-3000:]}")
        time.sleep(0.2)


def answers(url: str) -> bool:
    """Whether `url` answers 200."""
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status == 200
    except (OSError, urllib.error.URLError):
        return False


@contextmanager
def preview(project: Path) -> Iterator[tuple[str, int]]:
    """`planpress serve` running in `project` on 127.0.0.1 while the block runs; yields its base URL and process id."""
    port = free_port()
    log = OUT / "serve.log"
    env = {
        **os.environ, "SOURCE_DATE_EPOCH": "1700000000", "NO_MKDOCS_2_WARNING": "1", "PYTHONUNBUFFERED": "1",
        "PLANPRESS_CACHE_DIR": str(OUT / "template-cache"),
    }
    with log.open("wb") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "macros.cli", "serve", "--address", f"127.0.0.1:{port}"], cwd=project, env=env, stdout=out, stderr=subprocess.STDOUT
        )
    url = f"http://127.0.0.1:{port}/"
    try:
        wait_until("the first build", lambda: answers(url), process, log)
        yield url, process.pid
    finally:
        if process.poll() is None:
            os.kill(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.kill(process.pid, signal.SIGKILL)
                process.wait()


REBUILT = re.compile(r"The preview was rebuilt in ([0-9.]+) s(?:; (?:its|the open) pages were shown after ([0-9.]+) s)?")


def rebuild_times(log: Path) -> list[tuple[float, float | None]]:
    """Each rebuild the preview has printed so far: its time, and when its pages were shown (None if not printed).

    An older preview prints no rebuild, or shows the pages only once the whole rebuild has ended.
    """
    return [(float(total), float(pages) if pages else None) for total, pages in REBUILT.findall(log.read_text(errors="replace"))]


def build_cpu(server: int) -> float:
    """CPU seconds used so far by the finished children of the server and of its own children: the builds.

    An older preview ran each build as a child of the server; this one forks each from its worker.
    Linux only (/proc); 0 elsewhere.
    """
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0.0
    try:
        pids = [server]
        for task in Path(f"/proc/{server}/task").iterdir():
            try:
                pids += [int(pid) for pid in (task / "children").read_text().split()]
            except OSError:
                continue  # a thread (one per request) that ended while we looked has no children
        for pid in pids:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            total += (int(fields[13]) + int(fields[14])) / ticks  # cutime and cstime
    except (OSError, ValueError, IndexError):
        return 0.0
    return total


SEEN = """
(() => {
  const marker = sessionStorage.getItem("bench-marker");
  if (!marker || sessionStorage.getItem("bench-seen")) return;
  const look = (frame) => {
    if (document.body && document.body.textContent.includes(marker)) {
      sessionStorage.setItem("bench-seen", String(performance.timeOrigin + frame));
      sessionStorage.setItem("bench-loading", String(performance.timeOrigin));
    } else {
      requestAnimationFrame(look);
    }
  };
  requestAnimationFrame(look);
})();
"""
"""Run in every page the tab loads, before the page's own scripts: notes the first frame that draws the awaited marker,
and when that page began loading. The browser draws no frame before the page's style sheets are in.

The tab's sessionStorage outlives the live reload, so the marker to wait for is put there before the save."""


def timed_saves(page: object, url: str, server: int, saves: int, write: Callable[[str], None]) -> tuple[list[float], list[float], list[float]]:
    """Open `url`, then `saves` times write a new marker and time it until the page shows it.

    For each save: the seconds until it shows, the seconds of that spent loading the page again, and
    the CPU seconds the build used.

    The time runs from just before the write to the first frame the reloaded page draws with the marker,
    as the page itself notes it (both clocks are the machine's), not to when Playwright notices.
    """
    from playwright.sync_api import Page

    assert isinstance(page, Page)
    page.goto(url, wait_until="load")
    seconds: list[float] = []
    loading: list[float] = []
    cpu: list[float] = []
    for i in range(saves):
        marker = f"ZQXpreview{os.getpid()}n{i}"
        page.evaluate("m => { sessionStorage.setItem('bench-marker', m); sessionStorage.removeItem('bench-seen'); }", marker)
        # Let the reloaded page settle and the live reload reconnect, as it would between a person's saves.
        time.sleep(1.5)
        used = build_cpu(server)
        start = time.time()
        write(marker)
        page.get_by_text(marker).first.wait_for(state="visible", timeout=60_000)
        page.wait_for_function("() => sessionStorage.getItem('bench-seen') !== null", timeout=60_000)
        seen, began = page.evaluate("() => [sessionStorage.getItem('bench-seen'), sessionStorage.getItem('bench-loading')]")
        seconds.append(float(seen) / 1000 - start)
        loading.append((float(seen) - float(began)) / 1000)
        cpu.append(build_cpu(server) - used)
        print(f"bench: preview: {seconds[-1]:.3f} s ({loading[-1]:.3f} s loading the page), the build used {cpu[-1]:.2f} s of CPU", file=sys.stderr, flush=True)
    return seconds, loading, cpu


def measure(saves: int, code: Path) -> list[Series]:
    """Both series: a newsletter's page and an action's page, each with `saves` saves."""
    from playwright.sync_api import sync_playwright

    OUT.mkdir(parents=True, exist_ok=True)
    project = copy_project(OUT / "project", code)
    issue = sorted((project / "newsletters").glob("2*.md"))[-1]
    original = issue.read_text("utf-8")

    def save_issue(marker: str) -> None:
        issue.write_text(f"{original}\n{marker} is the newest paragraph.\n", encoding="utf-8")

    update = project / UPDATE_FILE
    statuses = ("green", "amber")

    def save_update(marker: str) -> None:
        status = statuses[int(marker.rsplit("n", 1)[1]) % 2]
        update.write_text(f'updates:\n  - action: "{ACTION}"\n    date: {UPDATE_DATE}\n    status: {status}\n    note: {marker} was noted.\n', encoding="utf-8")

    action_page = f"delivery/actions/{ACTION.replace('.', '-')}/"
    issue_page = f"newsletters/{issue.stem}/"
    with preview(project) as (url, server), sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        try:
            context = browser.new_context(viewport={"width": 1280, "height": 800})
            context.add_init_script(SEEN)
            page = context.new_page()
            log = OUT / "serve.log"
            before = len(rebuild_times(log))
            news_times, news_loading, news_cpu = timed_saves(page, url + issue_page, server, saves, save_issue)
            middle = len(rebuild_times(log))
            data_times, data_loading, data_cpu = timed_saves(page, url + action_page, server, saves, save_update)
            time.sleep(0.5)
            builds = rebuild_times(log)
            news = Series(f"a newsletter (`newsletters/{issue.name}`)", issue_page, news_times, news_loading, news_cpu, builds[before:middle])
            data = Series(f"a RAG update (`{UPDATE_FILE}`)", action_page, data_times, data_loading, data_cpu, builds[middle:])
        finally:
            browser.close()
    return [news, data]


def section(series: list[Series], saves: int, load_at_start: str) -> str:
    """The figures of BENCHMARKS.md's "Preview" section, between its markers."""
    lines = [
        START,
        "`benchmarks/preview.py` (run by `make bench`, or on its own) serves a copy of the project with",
        "`planpress serve` and keeps one page open in headless Chromium. Each save writes a new marker into",
        "a file; the time runs from the write to the first frame the reloaded page draws with the marker, as",
        "the page notes it: the file watcher, the rebuild, the live reload and the browser loading and drawing",
        "the page again. The figures are wall time, so a busy machine makes them longer. Norfolk's project",
        f"(the intranet edition, drafts included), {saves} saves each.",
        "",
        "Beside them, medians of their parts, as the preview prints them (\"The preview was rebuilt in 0.52 s;",
        "the open pages were shown after 0.25 s, every page after 0.31 s\"): when the open page was shown",
        "(it is written before the other pages), and the whole rebuild, each from the server asking for a",
        "build (the search index, feeds and email editions are written after the pages); then the browser",
        "loading the page again (from the reload to that frame), and the CPU time the build used, which a",
        "busy machine changes less.",
        "",
        "| save | page open | median s | worst s | every save, s | open page shown after s | whole rebuild s | loading the page s | build CPU s |",
        "|---|---|---:|---:|---|---:|---:|---:|---:|",
    ]
    for s in series:
        every = " ".join(f"{x:.2f}" for x in s.seconds)
        rebuild = f"{statistics.median(total for total, _ in s.rebuilds):.2f}" if s.rebuilds else "not printed"
        shown = [pages for _, pages in s.rebuilds if pages is not None]
        pages = f"{statistics.median(shown):.2f}" if shown else "not printed"
        cpu = f"{statistics.median(s.cpu):.2f}" if any(s.cpu) else "unknown"
        lines.append(
            f"| {s.what} | `{s.page}` | {s.median:.2f} | {s.worst:.2f} | {every} | {pages} | {rebuild} | {statistics.median(s.loading):.2f} | {cpu} |"
        )
    lines += ["", "```"]
    for s in series:
        verdict = "PASS" if s.median <= TARGET_MEDIAN else "FAIL"
        lines.append(f"preview, {s.what.split(' (')[0]}: median {s.median:.2f} s (target <= {TARGET_MEDIAN}) {verdict}; worst {s.worst:.2f} s")
    lines += ["```", "", f"Measured {time.strftime('%Y-%m-%d')} on {os.cpu_count()} CPUs, Python {platform.python_version()}, load average {load_at_start} at the start.", END]
    return "\n".join(lines)


def load() -> str:
    """The machine's one-minute load average, or '?' where the system does not say."""
    try:
        return f"{os.getloadavg()[0]:.1f}"
    except OSError:
        return "?"


def write_section(text: str) -> None:
    """Replace the text between the markers in BENCHMARKS.md, or add the section at its end."""
    report = REPORT.read_text("utf-8") if REPORT.exists() else "# Benchmarks\n"
    if START in report and END in report:
        before, rest = report.split(START, 1)
        _, after = rest.split(END, 1)
        report = before + text + after
    else:
        report = report.rstrip("\n") + "\n\n## Preview\n\n" + text + "\n"
    REPORT.write_text(report, encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    """Measure, print, and write the figures into BENCHMARKS.md."""
    parser = argparse.ArgumentParser(description="Time saves in `planpress serve` until they show in a headless Chromium.")
    parser.add_argument("--saves", type=int, default=10)
    parser.add_argument("--no-write", action="store_true", help="print the section without writing BENCHMARKS.md")
    parser.add_argument("--code", type=Path, default=ROOT / "macros", help="the macros/ folder to serve with (default: this checkout's)")
    args = parser.parse_args(argv)
    at_start = load()
    series = measure(args.saves, args.code.resolve())
    text = section(series, args.saves, at_start)
    print(text)
    if not args.no_write:
        write_section(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
