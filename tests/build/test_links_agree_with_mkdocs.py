"""The link check agrees with `mkdocs build --strict`: the anchors it knows are MkDocs's, and what it accepts builds."""

from __future__ import annotations

import json
import posixpath
from pathlib import Path

import pytest
from helpers import copy_project, run_planpress
from progress_data import write_progress_data

from macros.cli.building import EDITION_CONFIGS
from macros.integration.config import checked_config, link_settings
from macros.loading.validate import validated
from macros.outputs.writer import OUTPUT_FILES
from macros.views.links import Edition, LinkSettings, project_editions

ANCHOR_DUMP = '''
import json
from pathlib import Path

_found = {}


def on_post_page(output, page, config):
    _found[page.file.src_uri] = sorted(page.present_anchor_ids or ())
    return output


def on_post_build(config):
    edition = config.plugins["planpress"].config.edition
    Path(config["config_file_path"]).parent.joinpath(f"anchors-{edition}.json").write_text(json.dumps(_found), encoding="utf-8")
'''
"""A hook that saves the anchors MkDocs found on every page (what it checks links to anchors against)."""


def settings(root: Path) -> dict[str, LinkSettings]:
    """Each edition's link settings, from its configuration file, as `planpress check` reads them."""
    found = {}
    for edition, name in EDITION_CONFIGS.items():
        config, problems = checked_config(root / name)
        assert config is not None and problems == [], problems
        found[edition] = link_settings(config)
    return found


def editions(root: Path) -> dict[str, Edition]:
    """The check's public and intranet builds of the project at `root`."""
    project = validated(root)
    found, _ = project_editions(root, project.project, project.issues, settings(root), OUTPUT_FILES)
    return {edition.name: edition for edition in found[:2]}


def check_anchors(edition: Edition) -> dict[str, list[str]]:
    return {src: sorted(edition.anchors(src) or ()) for src in edition.pages}


def every_anchor_page(shown_in: list[Edition], audience: str) -> str:
    """A page of docs/ that links to every anchor the check finds on every page of each edition it is shown in
    (those of all of them, for a page on both sites), to the feeds, exports and a theme file."""
    lines = ["---", f"audience: {audience}", "---", "", f"# Every anchor ({audience})", ""]
    found = [check_anchors(edition) for edition in shown_in]
    common = {src: sorted(set.intersection(*(set(anchors.get(src, ())) for anchors in found))) for src in set.intersection(*(set(a) for a in found))}
    for src, anchors in sorted(common.items()):
        link = posixpath.relpath(src, "checks")
        lines.append(f"- [{src}]({link}) " + " ".join(f"[#{a}]({link}#{a})" for a in anchors))
    lines.append("")
    lines.append(" ".join(f"[{name}](../{name})" for name in OUTPUT_FILES) + " [icon](../assets/images/favicon.png) [self](#top) [empty](../index.md#)")
    lines.append("")
    lines.append("## Top { #top }")
    return "\n".join(lines) + "\n"


@pytest.fixture(scope="module")
def linked_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A project with progress data, a page per edition that links to every anchor, and a draft with a link, built with the anchor hook."""
    root = copy_project(tmp_path_factory.mktemp("links") / "project")
    write_progress_data(root)
    (root / "newsletters" / "2018-12-12-winter.md").write_text(
        "---\ntitle: Winter\ndate: 2018-12-12\nsummary: Coming up.\ndraft: true\n---\n\nSee the [priorities](../priorities.md).\n", encoding="utf-8"
    )
    found = editions(root)
    (root / "docs" / "checks").mkdir()
    # A public page is on both sites, so it links to what both have: a withheld rating's anchors are the public site's alone.
    pages = {"public": ([found["public"], found["intranet"]], "public"), "intranet": ([found["intranet"]], "intranet")}
    for name, (shown_in, audience) in pages.items():
        (root / "docs" / "checks" / f"{name}.md").write_text(every_anchor_page(shown_in, audience), encoding="utf-8")
    (root / "anchor_dump.py").write_text(ANCHOR_DUMP, encoding="utf-8")
    config = root / "mkdocs.yml"
    config.write_text(config.read_text("utf-8") + "\nhooks:\n  - anchor_dump.py\n", encoding="utf-8")
    return root


def test_a_project_linking_to_every_anchor_the_check_knows_passes_the_check_and_the_build(linked_project: Path) -> None:
    checked = run_planpress(linked_project, "check")
    assert checked.code == 0, checked.output
    built = run_planpress(linked_project, "build")
    assert built.code == 0, built.output
    assert (linked_project / "site" / "public" / "plan.json").stat().st_size > 0, "the real export replaced its stand-in"


@pytest.mark.parametrize("name", ["public", "intranet"])
def test_the_check_finds_exactly_the_anchors_mkdocs_finds(linked_project: Path, name: str) -> None:
    if not (linked_project / f"anchors-{name}.json").exists():
        built = run_planpress(linked_project, "build")
        assert built.code == 0, built.output
    mkdocs = json.loads((linked_project / f"anchors-{name}.json").read_text("utf-8"))
    ours = check_anchors(editions(linked_project)[name])
    assert set(ours) == set(mkdocs)
    assert ours == mkdocs
    assert any(src.startswith("delivery/actions/") and anchors for src, anchors in ours.items())
