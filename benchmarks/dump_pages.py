"""MkDocs hook for the benchmark: save what planpress built as a plain MkDocs project.

Added beside planpress's own hook in a throwaway config. It writes, under $PLANPRESS_BENCH_DUMP:
docs/ with every page's Markdown as it is after the macros have run (front matter kept) and every
other file from docs/, and nav.json with the navigation planpress settled on. A plain MkDocs +
Material build of that folder builds the same pages without data, macros, feeds or exports.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path
from typing import Any

import yaml
from mkdocs.plugins import event_priority

DUMP = Path(os.environ.get("PLANPRESS_BENCH_DUMP", "bench-dump"))


@event_priority(-100)
def on_config(config: Any) -> Any:
    """Save the navigation after planpress has pruned it."""
    DUMP.mkdir(parents=True, exist_ok=True)
    (DUMP / "nav.json").write_text(json.dumps(config.get("nav")), encoding="utf-8")
    return config


@event_priority(-100)
def on_files(files: Any, config: Any) -> Any:
    """Copy every file from docs/ that is not a page: stylesheets, images."""
    docs = Path(config["docs_dir"]).resolve()
    for file in files:
        if file.is_documentation_page():
            continue
        target = DUMP / "docs" / file.src_uri
        if file.abs_src_path and Path(file.abs_src_path).resolve().is_relative_to(docs):
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(file.abs_src_path, target)
    return files


@event_priority(-100)
def on_page_markdown(markdown: str, page: Any, config: Any, files: Any) -> str:
    """Write the page's Markdown after the macros, with its front matter."""
    # planpress hands Markdown the HTML of its macros separately; a static page holds it inline.
    full = config.plugins["planpress"].stash.full_markdown(markdown)
    target = DUMP / "docs" / page.file.src_uri
    target.parent.mkdir(parents=True, exist_ok=True)
    meta = {k: v for k, v in page.meta.items() if k != "render_macros"}
    front = "---\n" + yaml.safe_dump(meta, allow_unicode=True, sort_keys=True, width=1000) + "---\n\n" if meta else ""
    target.write_text(front + full, encoding="utf-8")
    return markdown
