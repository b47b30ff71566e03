"""The preview's warm worker builds exactly the site a fresh MkDocs process builds, before and after a change.

The worker keeps work from one build to the next (the configuration, the theme's files and compiled
templates, the pages' compiled Markdown, the theme's HTML of each page, the search index's entries of
each page, mkdocs-macros's git variable); a cache that went stale would show here as a file that differs.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from helpers import copy_project, tree_hashes, write_yaml

from macros.outputs.writer import OUTPUT_FILES

SITE_URL = "http://127.0.0.1:8000/"
FRESH_BUILD = """
import sys
from mkdocs.commands.build import build
from mkdocs.config import load_config
config = load_config(config_file="mkdocs-intranet.yml", site_dir=sys.argv[1])
config.site_url = sys.argv[2]
config.plugins.on_startup(command="serve", dirty=False)
build(config, serve_url=sys.argv[2])
config.plugins.on_shutdown()
"""


def fresh_build(root: Path, site: Path, env: dict[str, str]) -> Path:
    done = subprocess.run([sys.executable, "-c", FRESH_BUILD, str(site), SITE_URL], cwd=root, env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    return site


def test_the_worker_builds_what_a_fresh_process_builds(tmp_path: Path) -> None:
    root = copy_project(tmp_path / "project")
    folder = tmp_path / "worker"
    folder.mkdir()
    env = {
        **os.environ, "SOURCE_DATE_EPOCH": "1700000000", "PLANPRESS_DRAFTS": "1", "NO_MKDOCS_2_WARNING": "1",
        "PLANPRESS_CACHE_DIR": str(tmp_path / "template-cache"), "PYTHONDONTWRITEBYTECODE": "1",
    }
    worker = subprocess.Popen(
        [sys.executable, "-m", "macros.cli.preview_worker", str(root / "mkdocs-intranet.yml"), SITE_URL, str(folder)],
        cwd=root, env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    assert worker.stdin is not None and worker.stdout is not None

    def worker_run(site: Path, code: str, first: tuple[str, ...] = ()) -> str:
        """Ask the worker for a build into `site`, expecting its exit code `code`; the build's log.

        A build that builds says `pages` once its pages are written, listing the files that are final
        by then: each must be as the build leaves it. Asked to write some pages first, it says `pages`
        before that, listing those pages and no other. A build with a problem never says it.
        """
        assert worker.stdin is not None and worker.stdout is not None
        log = folder / f"{site.name}.log"
        worker.stdin.write(json.dumps({"staging": str(site), "log": str(log), "first": list(first)}) + "\n")
        worker.stdin.flush()
        said: list[dict[str, bytes]] = []
        line = worker.stdout.readline()
        while line.startswith("pages "):
            said.append({name: (site / name).read_bytes() for name in json.loads(line.removeprefix("pages "))})
            line = worker.stdout.readline()
        reply = line.split()
        assert reply[:2] == ["built", code], log.read_text("utf-8")
        assert len(said) == (code == "0") * (1 + bool(first)), f"pages said {len(said)} times, built {code}"
        for then in said:
            assert "assets/planpress.css" in then
            assert "search/search_index.json" not in then and not set(OUTPUT_FILES) & set(then), "a file written after the pages is not final then"
            changed = [name for name, content in then.items() if (site / name).read_bytes() != content]
            assert not changed, f"listed as final when the pages were written, then changed: {changed}"
        if said:
            assert "index.html" in said[-1]
        if first and said:
            assert {name for name in said[0] if name.endswith(".html")} == set(first), "only the open pages are said first"
        return log.read_text("utf-8")

    def worker_build(site: Path, first: tuple[str, ...] = ()) -> Path:
        worker_run(site, "0", first)
        return site

    try:
        assert worker.stdout.readline().strip() == "ready"
        first = worker_build(tmp_path / "worker-1")
        assert tree_hashes(first) == tree_hashes(fresh_build(root, tmp_path / "fresh-1", env))
        assert (folder / "search-entries.json").is_file(), "the search entries are kept for the next build"

        # A change to a newsletter and to the data: some pages change, most do not.
        issue = sorted((root / "newsletters").glob("2*.md"))[-1]
        issue.write_text(issue.read_text("utf-8") + "\n## ZQX a new section\n\nZQX a new paragraph.\n", encoding="utf-8")
        write_yaml(root / "data" / "updates" / "2018-07-25.yml", {"updates": [{"action": "1.1", "date": "2018-07-25", "status": "green", "note": "ZQX noted."}]})
        # The pages open in a browser are written first, the search index in page order all the same.
        second = worker_build(tmp_path / "worker-2", (f"newsletters/{issue.stem}/index.html", "delivery/actions/1-1/index.html"))
        fresh = tree_hashes(fresh_build(root, tmp_path / "fresh-2", env))
        assert tree_hashes(second) == fresh
        assert fresh != tree_hashes(first)
        assert "ZQX a new section" in (second / "search" / "search_index.json").read_text("utf-8")

        # What every page carries: a title in the navigation (from data/about.yml) and the header's short name.
        about = root / "data" / "about.yml"
        about.write_text(about.read_text("utf-8").replace("title: The plan on a page", "title: ZQX every action"), encoding="utf-8")
        third = worker_build(tmp_path / "worker-3")
        assert tree_hashes(third) == tree_hashes(fresh_build(root, tmp_path / "fresh-3", env))
        assert "ZQX every action" in (third / "contacts" / "index.html").read_text("utf-8")
        plan = root / "data" / "plan.yml"
        plan.write_text(plan.read_text("utf-8").replace("short_name: Norfolk SofS plan", "short_name: ZQX short name"), encoding="utf-8")
        third = worker_build(tmp_path / "worker-3b")
        assert tree_hashes(third) == tree_hashes(fresh_build(root, tmp_path / "fresh-3b", env))
        assert "ZQX short name" in (third / "contacts" / "index.html").read_text("utf-8")

        # One newsletter's text: its page and the pages that show it change, and the theme's HTML of the rest is kept.
        pages = folder / "pages"
        kept = {path.name for path in pages.iterdir()}
        issue.write_text(issue.read_text("utf-8") + "\nZQX one more paragraph.\n", encoding="utf-8")
        fourth = worker_build(tmp_path / "worker-4", (f"newsletters/{issue.stem}/index.html",))
        assert tree_hashes(fourth) == tree_hashes(fresh_build(root, tmp_path / "fresh-4", env))
        now = {path.name for path in pages.iterdir()}
        assert len(now) == len(kept), "one entry per page, those of earlier builds let go"
        assert 0 < len(now - kept) < len(now) // 4, f"{len(now - kept)} of {len(now)} pages made again"
        converted = len(list((folder / "markdown").iterdir()))
        assert converted == len(now), "each page's conversion from Markdown is kept too"
        compiled = len(list((folder / "strings").iterdir()))
        assert 0 < compiled <= len(now), "each page's Markdown as mkdocs-macros compiles it, those of earlier builds let go"

        # A link to an anchor that is missing is found once every page is written: no page is said first.
        principles = root / "docs" / "principles.md"
        kept_principles = principles.read_text("utf-8")
        principles.write_text(kept_principles + "\nSee [the vision](vision.md#zqx-no-such-heading).\n", encoding="utf-8")
        log = worker_run(tmp_path / "worker-anchor", "1", ("principles/index.html",))
        assert "zqx-no-such-heading" in log, log
        principles.write_text(kept_principles, encoding="utf-8")

        # A page whose conversion is refused is not kept: the next build says so again.
        contacts = root / "docs" / "contacts.md"
        contacts.write_text(contacts.read_text("utf-8") + "\nSee [the page](no-such-page.md).\n", encoding="utf-8")
        for n in (1, 2):
            log = worker_run(tmp_path / f"worker-bad-{n}", "1")
            assert "no-such-page.md" in log, log
            issue.write_text(issue.read_text("utf-8") + f"\nZQX unrelated paragraph {n}.\n", encoding="utf-8")
    finally:
        worker.stdin.close()
        worker.wait(timeout=60)
        worker.stdout.close()
        assert worker.stderr is not None
        worker.stderr.close()
