"""A project copy for the mailing tests: its own newsletters (none of Norfolk's), images, RAG updates and a meeting that changed nothing.

The issues cover what the feeds and the email edition must handle: an issue whose lead image is its first picture,
one whose front matter names another, one with no image, an intranet-only issue and a draft. The RAG updates are
tests/progress_data.py's (two meetings, with intranet-only ratings), and one more meeting rates an action as it was.
"""

from __future__ import annotations

from pathlib import Path

import yaml
from docx_fixtures import png
from helpers import write_yaml
from progress_data import write_progress_data

SITE_URLS = {"public": "https://plan.example.org/", "intranet": "https://intranet.example.org/sofs-plan/"}
AUTHORITY = "plan.example.org,2017"

AREA_TITLES = {"OD1": "Leaders", "OD2": "Learners", "OD3": "Systems:", "OD4": "Diagnostic tools:"}
"""The areas' titles in this copy, for the feeds' categories; like the plan's own, some end in the colon of the table they head."""

QUIET_MEETING = "2018-10-24"
"""A meeting whose only rating leaves the action where it was."""

PICTURES = "2018-07-30-pictures-from-the-boot-camp"
NAMED = "2018-09-12-a-named-cover"
PLAIN = "2018-03-22-first-steps"
INTERNAL = "2018-08-15-for-partner-staff"
DRAFT = "2018-11-01-not-ready"

FIRST_PICTURE = "assets/newsletters/2018-07-30/boot-camp.png"
SECOND_PICTURE = "assets/newsletters/2018-07-30/certificates.png"
COVER = "assets/newsletters/2018-09-12/cover.png"
INLINE_PICTURE = "assets/newsletters/2018-09-12/inside.png"

ISSUES = {
    PLAIN: """---
title: First steps
date: 2018-03-22
summary: Where the plan starts, for the areas of leading and learning.
tags: [leadership, training]
---

The plan starts with **two** areas. See [action 1.1](../delivery/actions/1-1.md) and [the plan's source](https://example.org/plan).

## Where things stand

{{ rag_summary("OD1") }}

{{ rag_changes("OD1", "OD2") }}
""",
    PICTURES: f"""---
title: Pictures from the boot camp
date: 2018-07-30
summary: The boot camp in pictures, and every rating after the July meeting.
---

Thirty-seven places were filled.

## At the boot camp

![Staff at the boot camp](../{FIRST_PICTURE})

![Certificates handed out](../{SECOND_PICTURE})

The red rating is {{{{ rag_badge("red") }}}} and the green one {{{{ rag_badge("green") }}}}.

## Where the actions stand

{{{{ rag_summary() }}}}

{{{{ rag_changes() }}}}

{{{{ upcoming_milestones() }}}}
""",
    NAMED: f"""---
title: A named cover
date: 2018-09-12
summary: An issue whose front matter names its lead image.
image: {COVER}
tags: [quality assurance]
---

## Inside

Another picture:

![A chart drawn by hand](../{INLINE_PICTURE})

{{{{ upcoming_milestones("OD3") }}}}
""",
    INTERNAL: """---
title: For partner staff
date: 2018-08-15
summary: ZQXINTERNAL notes for partner staff.
audience: intranet
---

Only for staff.
""",
    DRAFT: """---
title: Not ready
date: 2018-11-01
summary: ZQXDRAFT
draft: true
---

Not ready yet.
""",
}


def write_mailing_project(root: Path) -> Path:
    """Replace the copy's newsletters with the mailing issues, add their images, the progress data and a quiet meeting."""
    write_progress_data(root)
    for old in (root / "newsletters").glob("*.md"):
        if old.name != "README.md":
            old.unlink()
    for stem, text in ISSUES.items():
        (root / "newsletters" / f"{stem}.md").write_text(text, encoding="utf-8")
    for number, picture in enumerate((FIRST_PICTURE, SECOND_PICTURE, COVER, INLINE_PICTURE)):
        path = root / "docs" / picture
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(png(240 + 40 * number, 120, (30 * number, 90, 160)))
    for code, title in AREA_TITLES.items():
        path = root / "data" / "delivery" / f"{code.lower()}.yml"
        area = yaml.safe_load(path.read_text("utf-8"))
        area["title"] = title
        write_yaml(path, area)
    write_yaml(root / "data" / "updates" / f"{QUIET_MEETING}.yml", {"updates": [{"action": "2.1", "date": QUIET_MEETING, "status": "green"}]})
    return root
