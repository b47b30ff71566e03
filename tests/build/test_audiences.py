"""One source, two sites: nothing marked intranet-only reaches any file of the public site."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import lxml.html
import pytest
import yaml
from helpers import build_project, copy_project, run_planpress
from pdf_text import page_texts, reader, squeeze
from site_checks import intranet_only, leak_problems
from site_text import page_text

MARKERS = {
    "action": "ZQXACTIONMARKER",
    "update": "ZQXUPDATEMARKER",
    "list_item": "ZQXLISTITEMMARKER",
    "page": "ZQXPAGEMARKER",
    "newsletter": "ZQXNEWSLETTERMARKER",
}


def edit_yaml(path: Path, change) -> None:
    data = yaml.safe_load(path.read_text("utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def plant_markers(root: Path) -> None:
    """Intranet-only items at three depths of the data, and an intranet-only page."""

    def add_action(area: dict) -> None:
        area["actions"].append(
            {
                "ref": "2.13",
                "audience": "intranet",
                "what": f"Internal pilot {MARKERS['action']}",
                "by_when": [{"text": "June 2018", "date": "2018-06-30"}],
                "who": "Project Officer",
                "monitoring": ["Steering group"],
            }
        )

    edit_yaml(root / "data" / "delivery" / "od2.yml", add_action)
    (root / "data" / "updates" / "2018-05-09.yml").write_text(
        yaml.safe_dump(
            {
                "updates": [
                    {"action": "1.1", "date": "2018-05-09", "status": "green", "note": "Programme under way."},
                    {"action": "1.2", "date": "2018-05-09", "status": "amber", "note": f"Travel budget {MARKERS['update']}", "audience": "intranet"},
                    {"action": "2.13", "date": "2018-05-09", "status": "red", "note": "Pilot not started."},
                ]
            }
        ),
        encoding="utf-8",
    )

    def add_item(statement: dict) -> None:
        statement["lists"][1]["items"].append({"text": f"we share {MARKERS['list_item']}", "audience": "intranet"})

    edit_yaml(root / "data" / "principles.yml", add_item)
    (root / "newsletters" / "2018-06-01-partners-only.md").write_text(
        # The marker is in the title too, so a previous/next link, the archive or a feed would show a leak.
        f"---\ntitle: Partners only {MARKERS['newsletter']}\ndate: 2018-06-01\nsummary: Notes for partner staff.\naudience: intranet\n---\n\n"
        f"## For partner staff\n\nThe room booking code is {MARKERS['newsletter']}.\n",
        encoding="utf-8",
    )
    (root / "docs" / "internal-notes.md").write_text(
        f"---\naudience: intranet\n---\n\n# Internal notes\n\nFor partner staff: {MARKERS['page']}\n", encoding="utf-8"
    )


def every_file_text(site: Path) -> dict[Path, str]:
    """Every file of a site as text, gzip files unpacked, a PDF's pages and metadata read back (without whitespace: a PDF has none of its own)."""
    texts = {}
    for path in site.rglob("*"):
        if path.is_file():
            if path.suffix == ".pdf":
                pdf = reader(path)
                texts[path] = squeeze(" ".join([*page_texts(path), *(str(v) for v in (pdf.metadata or {}).values())]))
                continue
            raw = path.read_bytes()
            if path.suffix == ".gz":
                raw = gzip.decompress(raw)
            texts[path] = raw.decode("utf-8", errors="replace")
    return texts


@pytest.fixture(scope="module")
def marked_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = copy_project(tmp_path_factory.mktemp("audiences") / "project")
    plant_markers(root)
    return build_project(root)


@pytest.mark.parametrize("where", sorted(MARKERS))
def test_marker_is_in_the_intranet_site_only(marked_site: Path, where: str) -> None:
    marker = MARKERS[where]
    public = [p for p, text in every_file_text(marked_site / "public").items() if marker in text]
    assert not public, f"{marker} leaked into the public site: {public}"
    intranet = [p for p, text in every_file_text(marked_site / "intranet").items() if marker in text]
    assert intranet, f"{marker} is missing from the intranet site"


def test_the_content_independent_leak_check_knows_every_marker_and_finds_no_leak(marked_site: Path) -> None:
    # The check the repository's own sites pass (tests/site_checks.py) reads the same items from the data.
    hidden = " ".join(intranet_only(marked_site.parent).texts)
    assert [marker for marker in MARKERS.values() if marker not in hidden] == []
    assert leak_problems(marked_site.parent, marked_site) == []


def test_every_kind_of_public_file_was_read(marked_site: Path) -> None:
    suffixes = {p.suffix for p in every_file_text(marked_site / "public")}
    assert {".html", ".json", ".xml", ".gz", ".css", ".js", ".csv", ".ics", ".pdf"} <= suffixes


def test_intranet_only_items_reach_the_intranet_pdfs_only(marked_site: Path) -> None:
    """The plan and the meeting's report: intranet-only items in the intranet's, none in the public's."""
    for name in ("plan.pdf", "reports/2018-05-09.pdf"):
        public = every_file_text(marked_site / "public")[marked_site / "public" / name]
        intranet = every_file_text(marked_site / "intranet")[marked_site / "intranet" / name]
        expected = ("action", "update", "list_item") if name == "plan.pdf" else ("action", "update")
        for where in expected:
            assert MARKERS[where] in intranet, (name, where)
        assert [m for m in MARKERS.values() if m in public] == [], name
        assert "Internaledition" in intranet and "Internaledition" not in public


def test_intranet_only_page_is_not_built_or_indexed_publicly(marked_site: Path) -> None:
    assert not (marked_site / "public" / "internal-notes").exists()
    assert (marked_site / "intranet" / "internal-notes" / "index.html").is_file()
    index = json.loads((marked_site / "public" / "search" / "search_index.json").read_text("utf-8"))
    assert not [d for d in index["docs"] if d["location"].startswith("internal-notes")]


def test_public_totals_count_public_actions_only(marked_site: Path) -> None:
    public = page_text((marked_site / "public" / "index.html").read_text("utf-8"))
    intranet = page_text((marked_site / "intranet" / "index.html").read_text("utf-8"))
    assert "Current status of the 28 actions" in public
    assert "Current status of the 29 actions" in intranet
    # Public: 1.1 is green; 1.2's only update is intranet-only, so the public site says its rating is not published.
    assert status_totals(marked_site / "public") == {"Red": 0, "Amber": 0, "Green": 1, "Complete": 0, "Not yet rated": 26, "Not published": 1}
    assert status_totals(marked_site / "intranet") == {"Red": 1, "Amber": 1, "Green": 1, "Complete": 0, "Not yet rated": 26}


def status_totals(site: Path) -> dict[str, int]:
    """The home page's 'All actions' column of its status table: word -> number."""
    table = lxml.html.fromstring((site / "index.html").read_bytes()).xpath("//table[@id='status-numbers']")[0]
    return {row.xpath("./th")[0].text_content().strip(): int(row.xpath("./td")[0].text_content()) for row in table.xpath("./tbody/tr")}


def test_intranet_update_is_hidden_from_the_public_action_page(marked_site: Path) -> None:
    public = page_text((marked_site / "public" / "delivery" / "actions" / "1-2" / "index.html").read_text("utf-8"))
    intranet = page_text((marked_site / "intranet" / "delivery" / "actions" / "1-2" / "index.html").read_text("utf-8"))
    assert "Current status: Not published" in public
    assert "Current status: Amber" in intranet


def test_intranet_pages_carry_the_internal_edition_marker(marked_site: Path) -> None:
    for path in (marked_site / "intranet").rglob("index.html"):
        assert "Internal edition" in path.read_text("utf-8"), path
    for path in (marked_site / "public").rglob("index.html"):
        assert "Internal edition" not in path.read_text("utf-8"), path


def test_contacts_page_is_intranet_only(built_site: Path) -> None:
    assert not (built_site / "public" / "contacts").exists()
    text = page_text((built_site / "intranet" / "contacts" / "index.html").read_text("utf-8"))
    for name in ("Gen Bouquet", "Andrea Brown", "Terry Murphy", "Wendy Hill", "Cindee Crehan"):
        assert name in text
    public_nav = (built_site / "public" / "index.html").read_text("utf-8")
    assert 'href="contacts/"' not in public_nav


def test_unknown_page_audience_is_a_located_error(project: Path) -> None:
    page = project / "docs" / "notes.md"
    page.write_text("---\ntitle: Notes\naudience: staff\n---\n\n# Notes\n", encoding="utf-8")
    expected = "docs/notes.md:3: audience: 'staff' is not one of public, intranet"
    for command in ("check", "build"):
        result = run_planpress(project, command)
        assert result.code != 0
        assert expected in result.output, result.output
