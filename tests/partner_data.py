"""A fixture for what partners do on the sites: refs that share a prefix (2.1 and 2.10), and actions to search for.

Tests of search ranking need refs where one is the start of another, whatever the plan holds today: these are
added to a copy of the project when it lacks them, and the tests look them up from the copy's data.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from helpers import write_yaml

PREFIXED_REFS = (("2.1", "2.10"), ("3.1", "3.10"))
"""Pairs of refs where the first is the start of the second; a search for the first must find it first."""

BOOT_CAMP_WORDS = "boot camp"
"""Words a partner types: the action that runs the boot camps must come before the pages that mention it."""


def _action(ref: str, what: str) -> dict[str, Any]:
    return {
        "ref": ref,
        "what": what,
        "by_when": [{"text": "March 2019", "date": "2019-03-31", "kind": "deadline"}],
        "who": "Project Officer",
        "monitoring": ["Steering group reports"],
    }


def area_file(root: Path, ref: str) -> Path:
    """The data file of the delivery area an action's ref belongs to (2.10 is in od2.yml)."""
    return root / "data" / "delivery" / f"od{ref.split('.')[0]}.yml"


def write_partner_data(root: Path) -> None:
    """Add to the project in `root` any of the refs in PREFIXED_REFS that it lacks, and an action that runs boot camps."""
    for pair in PREFIXED_REFS:
        for ref in pair:
            path = area_file(root, ref)
            area = yaml.safe_load(path.read_text("utf-8"))
            refs = [a["ref"] for a in area["actions"]]
            if ref in refs:
                continue
            number = int(ref.split(".")[1])
            # Refs stay in order: the action goes after the last one with a lower number.
            at = sum(1 for r in refs if int(r.split(".")[1]) < number)
            area["actions"].insert(at, _action(ref, f"Fixture action {ref} for the search tests"))
            write_yaml(path, area)
    if not any(BOOT_CAMP_WORDS in text.lower() for text in action_texts(root).values()):
        path = area_file(root, "2.99")
        area = yaml.safe_load(path.read_text("utf-8"))
        area["actions"].append(_action("2.99", "Run the Family Finding boot camp for senior leaders"))
        write_yaml(path, area)


def action_texts(root: Path) -> dict[str, str]:
    """Every action's words (what, who, its note) by ref, as the project in `root` holds them."""
    texts = {}
    for path in sorted((root / "data" / "delivery").glob("od*.yml")):
        for action in yaml.safe_load(path.read_text("utf-8"))["actions"]:
            texts[action["ref"]] = " ".join(str(action.get(key) or "") for key in ("title", "what", "who", "who_note"))
    return texts
