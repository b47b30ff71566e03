"""The PDF writer's parts: the fetcher that keeps printing off the network, the report's exceptions, the documents' date."""

from __future__ import annotations

import datetime as dt
import socket
from pathlib import Path
from typing import Any

import pytest
from helpers import write_yaml
from pdf_text import page_texts, squeeze
from progress_data import JULY, write_progress_data

from macros.model.models import Status
from macros.outputs.pdf import RefusedFetch, build_stamp, inside, report_exceptions, site_fetcher, write_pdf
from macros.views.site import load_site


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    """Record, and stop, any attempt to open a connection."""
    attempts: list[Any] = []

    def refuse(*args: Any, **kwargs: Any) -> None:
        attempts.append(args)
        raise OSError("a test may not use the network")

    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    return attempts


def test_the_fetcher_reads_the_sites_own_files_only(tmp_path: Path, no_network: list[Any]) -> None:
    site = tmp_path / "site"
    (site / "assets").mkdir(parents=True)
    (site / "assets" / "logo.svg").write_text("<svg xmlns='http://www.w3.org/2000/svg'/>", encoding="utf-8")
    (tmp_path / "secret.txt").write_text("not part of the site", encoding="utf-8")
    fetcher = site_fetcher(site)
    response = fetcher((site / "assets" / "logo.svg").as_uri())
    assert response.read().startswith(b"<svg") and response.content_type == "image/svg+xml"
    response.close()
    refused = [
        "https://example.org/logo.png",
        "http://127.0.0.1:9/style.css",
        "ftp://example.org/x",
        "data:text/css,body{}",
        (tmp_path / "secret.txt").as_uri(),
        (site / "assets" / ".." / ".." / "secret.txt").as_uri(),
        (site / "missing.png").as_uri(),
        "file://otherhost/etc/passwd",
    ]
    for url in refused:
        with pytest.raises(RefusedFetch):
            fetcher(url)
    assert fetcher.refused == refused
    assert no_network == []
    assert inside((site / "assets" / "logo.svg").as_uri(), site.resolve()) == (site / "assets" / "logo.svg").resolve()


def test_printing_a_page_that_asks_for_other_hosts_makes_no_request(tmp_path: Path, no_network: list[Any]) -> None:
    html = (
        '<!DOCTYPE html><html lang="en-GB"><head><meta charset="utf-8"><title>Remote things</title>'
        '<link rel="stylesheet" href="https://fonts.example.org/font.css">'
        "<style>@import url(http://127.0.0.1:9/more.css); @font-face { font-family: Remote; src: url(https://fonts.example.org/r.woff2); }"
        " p { font-family: Remote, sans-serif; }</style></head>"
        '<body><p>Plain words.</p><img src="https://example.org/photo.png" alt="A photo"></body></html>'
    )
    fetcher = site_fetcher(tmp_path)
    printed = write_pdf(html, tmp_path / "remote.pdf", fetcher)
    assert printed.pages == 1 and "Plain words." in page_texts(printed.path)[0]
    assert no_network == []
    assert set(fetcher.refused) == {
        "https://fonts.example.org/font.css",
        "http://127.0.0.1:9/more.css",
        "https://fonts.example.org/r.woff2",
        "https://example.org/photo.png",
    }


def test_the_documents_date_is_source_date_epoch_or_the_reference_date(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write_progress_data(project)
    site = load_site(project, "public", reference_date=dt.date.fromisoformat(JULY))
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    assert build_stamp(site) == "2023-11-14T22:13:20Z"
    monkeypatch.delenv("SOURCE_DATE_EPOCH")
    assert build_stamp(site) == f"{JULY}T00:00:00Z"


def test_the_reports_exceptions_are_the_exceptions_pages_each_once_red_then_amber_first(project: Path) -> None:
    write_progress_data(project)
    # 3.9's only milestone is 24 October 2018: rated green in August, it is overdue by November.
    write_yaml(project / "data" / "updates" / "2018-08-15.yml", {"updates": [{"action": "3.9", "date": "2018-08-15", "status": "green", "note": "On track."}]})
    site = load_site(project, "intranet")
    on = dt.date(2018, 11, 1)
    rows = report_exceptions(site, on)
    refs = [row.view.ref for row in rows]
    assert len(refs) == len(set(refs))
    # Every action in any of the Exceptions page's groups, with each group it is in.
    page = site.exceptions_data(on)
    assert set(refs) == {view.ref for view in page.actions}
    for row in rows:
        assert set(row.groups) == {key for key, found in page.groups.items() if row.view.ref in {r.view.ref for r in found}}
    rank = [{Status.red: 0, Status.amber: 1, Status.not_published: 2}.get(row.status, 3) for row in rows]
    assert rank == sorted(rank)
    plan_order = [view.ref for view in site.actions]
    rest = [row.view.ref for row in rows if row.status not in (Status.red, Status.amber, Status.not_published)]
    assert rest == sorted(rest, key=plan_order.index)
    [late] = [row for row in rows if row.view.ref == "3.9"]
    assert late.status == Status.green and "overdue" in late.groups and late.row.overdue_days == (on - dt.date(2018, 10, 24)).days
    assert late.update is not None and late.update.note == "On track."
    # Before its milestone, the same green action is no exception.
    assert "3.9" not in {row.view.ref for row in report_exceptions(site, dt.date(2018, 10, 1))}
    # From tests/progress_data.py: 1.2 (intranet-only update) and 2.2 were rated red in July, in the plan's order.
    assert [row.view.ref for row in rows if row.status == Status.red] == ["1.2", "2.2"]
    # The public edition never sees 1.2's intranet-only rating.
    public = [row.view.ref for row in report_exceptions(load_site(project, "public"), on) if row.status == Status.red]
    assert public == ["2.2"]


def test_squeeze_ignores_line_breaks_but_not_characters() -> None:
    assert squeeze("decision-\nmaking and/\nor") == squeeze("decision-making and/or")
    assert squeeze("decision making") != squeeze("decision-making")
