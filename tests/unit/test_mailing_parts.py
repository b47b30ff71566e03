"""The pieces of the email edition and the changes feed, without a build: plain text, ids, meetings and forecasts, lead images."""

from __future__ import annotations

import binascii
import datetime as dt
import email
import email.policy
import hashlib
import re
from email.message import EmailMessage
from email.utils import format_datetime
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from helpers import ROOT
from hypothesis import given, settings
from hypothesis import strategies as st

from macros.model.models import RagUpdate, Status
from macros.model.newsletter import LONDON
from macros.model.rag import ForecastChange, RagIndex
from macros.outputs.email import STYLESHEET, email_message, message_id, plain_text_email
from macros.outputs.feeds import lead_image, site_file

MARCH, JULY, OCTOBER = dt.date(2018, 3, 15), dt.date(2018, 7, 25), dt.date(2018, 10, 24)


def test_plain_text_writes_out_headings_lists_links_images_and_tables() -> None:
    html = (
        '<h2 id="a">Progress</h2><p>See <a href="https://example.org/a/">the plan</a> and <a href="https://example.org/b/">https://example.org/b/</a>.</p>'
        "<ul><li>One<ul><li>Under one</li></ul></li><li>Two</li></ul><ol><li>First</li><li>Second</li></ol>"
        '<p><img src="https://example.org/x.png" alt="A chart"></p><h3>Table</h3>'
        '<table><thead><tr><th>Action</th><th>Now</th></tr></thead><tbody><tr><td><a href="https://example.org/1/">1.1</a> Lead</td>'
        '<td><span class="pp-badge">Green</span><p>On track.</p></td></tr></tbody></table>'
        "<svg><title>skipped</title></svg><pre>  kept\n    as is</pre><p>Line<br>break</p>"
    )
    assert plain_text_email(html) == (
        "Progress\n========\n\n"
        "See the plan <https://example.org/a/> and https://example.org/b/.\n\n"
        "- One\n   - Under one\n- Two\n\n"
        "1. First\n2. Second\n\n"
        "[Image: A chart]\n\n"
        "Table\n-----\n\n"
        "Action | Now\n1.1 <https://example.org/1/> Lead | Green On track.\n\n"
        "  kept\n    as is\n\n"
        "Line\nbreak"
    )


def test_plain_text_wraps_paragraphs_but_never_an_address() -> None:
    words = "word " * 30
    url = "https://example.org/" + "x" * 90
    text = plain_text_email(f'<p>{words}<a href="{url}">link</a></p><ul><li>{words}</li></ul>')
    lines = text.split("\n")
    assert all(len(line) <= 72 for line in lines if url not in line)
    assert f"<{url}>" in text
    assert [line for line in lines if line.startswith("  ")] and all(line.startswith(("- ", "  ")) for line in lines[lines.index("") + 1 :])


def test_the_message_id_comes_from_the_feed_id_and_the_edition() -> None:
    assert message_id("tag:plan.example.org,2017:newsletters/2018-05-16", "public") == "<newsletters.2018-05-16.2017.public@plan.example.org>"
    assert message_id("tag:plan.example.org,2017:newsletters/2018-05-16/autumn", "intranet") == "<newsletters.2018-05-16.autumn.2017.intranet@plan.example.org>"
    assert message_id("tag:comms@partner.example.org,2019-01:newsletters/2019-02-01", "public") == "<newsletters.2019-02-01.2019-01.public@partner.example.org>"
    parsed = email.message_from_string(f"Message-ID: {message_id('tag:a.example,2017:newsletters/2018-05-16', 'public')}\n\n", policy=email.policy.default)
    assert parsed["Message-ID"].strip() == "<newsletters.2018-05-16.2017.public@a.example>"


def update(action: str, day: dt.date, status: str, **extra: Any) -> RagUpdate:
    return RagUpdate(action=action, date=day, status=Status(status), **extra)


def _reference_message(site: Any, issue: Any, page: str, text: str) -> bytes:
    """The same message built by the email package itself: an EmailMessage and two parts, written with the SMTP policy."""
    message = EmailMessage(policy=email.policy.SMTP)
    message["Subject"] = issue.title
    message["Date"] = format_datetime(issue.published_london)
    message["Message-ID"] = message_id(issue.feed_id, site.edition)
    message["X-Unsent"] = "1"
    message["MIME-Version"] = "1.0"
    message["Content-Type"] = "multipart/alternative"
    parts = []
    for body, subtype in ((text, "plain"), (page, "html")):
        part = EmailMessage(policy=email.policy.SMTP)
        part["Content-Type"] = f'text/{subtype}; charset="utf-8"'
        part["Content-Transfer-Encoding"] = "quoted-printable"
        part.set_payload(binascii.b2a_qp(body.encode("utf-8"), istext=True).decode("ascii"))
        parts.append(part)
    message.set_payload(parts)
    message.set_boundary("=_planpress_" + hashlib.sha256((text + page).encode("utf-8")).hexdigest()[:32])
    message["Content-Language"] = site.project.plan.language
    return message.as_bytes()


_WORDS = st.text(st.characters(codec="utf-8", exclude_categories=["Cs", "Cc"]), max_size=90)
_BODY = st.lists(st.tuples(_WORDS, st.sampled_from(["", "\n", "\r\n", "\r", "\n\n", " "])), max_size=8).map(lambda parts: "".join(a + b for a, b in parts))


@settings(max_examples=100, deadline=None)
@given(
    title=st.one_of(_WORDS.filter(str.strip), st.sampled_from(["Café news – Q3", "Autumn: what changed, and why " * 4, "中文 🙂 \"quoted\" =?utf-8?q?x?="])),
    domain=st.sampled_from(["plan.example.org", "a-very-long-partnership-name-for-its-own-site.example.org", "x" * 70 + ".example.org"]),
    edition=st.sampled_from(["public", "intranet"]),
    language=st.sampled_from(["en-GB", "cy"]),
    text=_BODY,
    page=_BODY,
)
def test_the_message_is_written_as_the_email_package_writes_it(title: str, domain: str, edition: str, language: str, text: str, page: str) -> None:
    site = SimpleNamespace(edition=edition, project=SimpleNamespace(plan=SimpleNamespace(language=language)))
    issue = SimpleNamespace(title=title, feed_id=f"tag:{domain},2017:newsletters/2018-03-22", published_london=dt.datetime(2018, 3, 22, 9, tzinfo=LONDON))
    written = email_message(site, issue, page, text)  # type: ignore[arg-type]
    assert written == _reference_message(site, issue, page, text)
    parsed = email.message_from_bytes(written, policy=email.policy.default)
    assert [part.get_content_type() for part in parsed.iter_parts()] == ["text/plain", "text/html"]


def test_a_subject_with_a_line_break_is_refused() -> None:
    site = SimpleNamespace(edition="public", project=SimpleNamespace(plan=SimpleNamespace(language="en-GB")))
    issue = SimpleNamespace(title="Autumn\nBcc: everyone@example.org", feed_id=None, published_london=dt.datetime(2018, 3, 22, 9, tzinfo=LONDON))
    with pytest.raises(ValueError, match="linefeed"):
        email_message(site, issue, "<p>page</p>\n", "text\n")  # type: ignore[arg-type]


def test_meetings_list_each_date_s_changes_newest_first() -> None:
    index = RagIndex(
        [update("1.1", MARCH, "green"), update("1.2", MARCH, "red"), update("1.1", JULY, "amber", note="Late."), update("1.2", JULY, "red"), update("2.1", OCTOBER, "not_rated")]
    )
    meetings = index.meetings(["1.2", "1.1", "2.1"])
    assert [m.date for m in meetings] == [OCTOBER, JULY, MARCH]
    assert [(c.ref, c.before, c.after) for c in meetings[2].changes] == [("1.2", Status.not_rated, Status.red), ("1.1", Status.not_rated, Status.green)]
    assert [(c.ref, c.before, c.after, c.update.note) for c in meetings[1].changes] == [("1.1", Status.green, Status.amber, "Late.")]
    assert meetings[0].changes == []
    assert all(m.forecasts == [] for m in meetings)
    # Only the actions asked about, as an edition's own actions.
    assert [c.ref for c in index.meetings(["1.1"])[2].changes] == ["1.1"]


def test_meetings_list_new_forecasts() -> None:
    may, june, september = dt.date(2019, 5, 31), dt.date(2019, 6, 30), dt.date(2019, 9, 30)
    index = RagIndex(
        [
            RagUpdate(action="1.1", date=MARCH, status=Status.green, forecast=may, reason="Trainers booked late."),
            RagUpdate(action="1.1", date=JULY, status=Status.amber, forecast=may, reason="Trainers booked late."),
            RagUpdate(action="1.2", date=JULY, status=Status.green, forecast=june, reason="Budget."),
            RagUpdate(action="1.1", date=OCTOBER, status=Status.amber, forecast=september, reason="Venue lost."),
        ]
    )
    october, july, march = index.meetings(["1.1", "1.2"])
    assert [(f.ref, f.before, f.after) for f in march.forecasts] == [("1.1", None, may)]
    # 1.1's forecast did not change in July; 1.2's is its first.
    assert [(f.ref, f.before, f.after, f.reason) for f in july.forecasts] == [("1.2", None, june, "Budget.")]
    assert october.forecasts == [ForecastChange("1.1", may, september, "Venue lost.", october.forecasts[0].update)]


def test_the_lead_image_is_the_named_one_or_the_first_on_the_site(tmp_path: Path) -> None:
    root = "https://plan.example.org/"
    (tmp_path / "assets").mkdir()
    (tmp_path / "assets" / "first.png").write_bytes(b"\x89PNG" + b"x" * 10)
    (tmp_path / "assets" / "cover photo.jpg").write_bytes(b"\xff\xd8" + b"y" * 20)
    content = f'<p><img src="https://elsewhere.example/a.png" alt="a"><img src="{root}assets/first.png" alt="b"></p>'
    plain = SimpleNamespace(image=None, source="newsletters/x.md")
    named = SimpleNamespace(image="assets/cover photo.jpg", source="newsletters/y.md")
    first = lead_image(plain, content, tmp_path, root)
    assert first is not None and (first.url, first.type, first.length) == (f"{root}assets/first.png", "image/png", 14)
    cover = lead_image(named, content, tmp_path, root)
    assert cover is not None and (cover.url, cover.type, cover.length) == (f"{root}assets/cover%20photo.jpg", "image/jpeg", 22)
    assert lead_image(plain, '<img src="https://elsewhere.example/a.png" alt="a">', tmp_path, root) is None
    assert site_file(f"{root}assets/cover%20photo.jpg", root, tmp_path) == tmp_path / "assets" / "cover photo.jpg"
    assert site_file("https://elsewhere.example/a.png", root, tmp_path) is None


def badge_colours(css: str) -> dict[str, dict[str, str]]:
    """Each badge rule's declarations, by status: `.pp-badge--red { background: #a4262c; ... }`."""
    found = {}
    for status, body in re.findall(r"\.pp-badge--(\w+)\s*\{([^}]*)\}", css):
        declarations = dict(part.split(":", 1) for part in body.split(";") if ":" in part)
        found[status] = {name.strip().replace("background-color", "background"): value.strip() for name, value in declarations.items()}
    return found


def test_the_email_badges_have_the_site_s_colours() -> None:
    site = badge_colours((ROOT / "docs" / "assets" / "planpress.css").read_text("utf-8"))
    mail = badge_colours(STYLESHEET.read_text("utf-8"))
    assert set(mail) == {status.value for status in Status}
    assert mail == site
