"""Write a synthetic but valid planpress project at a multiple of the Norfolk plan's size.

Scale factor `s` models a partnership that publishes `s` plans of Norfolk's size as one plan, as a
county does when each locality has its own delivery plan:

- 4·s operational delivery areas (OD1 to OD4·s), each with as many actions as the Norfolk OD it
  copies, so 28·s actions and every OD page keeps Norfolk's size: the cost per page stays flat;
- 40 quarterly RAG updates per action, one data/updates/YYYY-MM-DD.yml per quarter (ten years);
- 4·s newsletters, spread over those ten years, each with the plan's three sections and the
  writers' progress macros, as `planpress new-newsletter` starts them; above scale 1 each issue
  reports on one of the s plans, naming its four areas in the macros' brackets, as a locality's
  newsletter would (so an issue's size does not grow with the number of plans);
- the plan's 18 measures with s monthly values each (1,800 values at scale 100).

The navigation stays the one in the project's mkdocs.yml (OD1 to OD4), so it is the same size at every
scale; further areas are reached from the delivery plan's list of areas, as actions are from the tables.
The text is the plan's own words, drawn at random, so that no two actions share a sentence (planpress
caches rendered text, and copied text would flatter it). One item in twenty is intranet-only, so the
two editions differ. Output is the same for the same scale and seed.

    python benchmarks/generate.py --scale 10 benchmarks/out/scale-10
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import re
import shutil
import sys
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[1]
SCALES = (1, 10, 100)
QUARTERS = 40
FIRST_MEETING = dt.date(2017, 12, 13)
NEWSLETTERS_PER_SCALE = 4
INTRANET_SHARE = 20
"""One item in this many is marked `audience: intranet`."""

PROJECT_FILES = ("mkdocs.yml", "mkdocs-intranet.yml")
FIXED_DATA = (
    "plan.yml",
    "principles.yml",
    "vision.yml",
    "priorities.yml",
    "communications.yml",
    "about.yml",
    "contacts.yml",
)
STATUS_WALK = {
    "not_rated": ("green", "green", "amber", "not_rated"),
    "green": ("green", "green", "green", "amber", "complete"),
    "amber": ("green", "amber", "amber", "red"),
    "red": ("amber", "red", "red", "green"),
    "complete": ("complete",),
}
KINDS = ("deadline", "event", "meeting", "training", "review")

_Dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _load(path: Path) -> Any:
    return yaml.load(path.read_text("utf-8"), Loader=_Loader)


def _dump(path: Path, data: Any, comment: str = "") -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    text = yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=100)
    path.write_text((f"# {comment}\n" if comment else "") + text, encoding="utf-8")


def _strings(value: Any) -> list[str]:
    """Every text value in a YAML structure."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in _strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    return []


class Words:
    """Sentences made of the plan's own words, drawn with a seeded generator."""

    def __init__(self, data_dir: Path, rng: random.Random) -> None:
        texts = [s for path in sorted(data_dir.rglob("*.yml")) for s in _strings(_load(path))]
        words = [w for text in texts for w in re.findall(r"[A-Za-z][A-Za-z'’/-]*[A-Za-z]|\d+", text)]
        self.words = [w for w in words if len(w) > 1] or ["plan"]
        self.rng = rng

    def sentence(self, low: int, high: int) -> str:
        """A sentence of `low` to `high` words ending with a full stop."""
        picked = self.rng.choices(self.words, k=self.rng.randint(low, high))
        if len(picked) > 3 and self.rng.random() < 0.15:
            picked[1] = f"**{picked[1]}**"
        text = " ".join(picked)
        return text[0].upper() + text[1:] + "."

    def paragraph(self, sentences: int, low: int = 6, high: int = 18) -> str:
        """Several sentences."""
        return " ".join(self.sentence(low, high) for _ in range(sentences))

    def bullets(self, count: int) -> str:
        """A Markdown list."""
        return "\n".join(f"- {self.sentence(4, 12)}" for _ in range(count)) + "\n"

    def title(self, low: int = 2, high: int = 6) -> str:
        """A short title without a full stop."""
        return self.sentence(low, high).rstrip(".").replace("**", "")


def _quarter(n: int) -> dt.date:
    """The steering group's meeting date in quarter n (0-based), every three months."""
    month = FIRST_MEETING.month - 1 + 3 * n
    return dt.date(FIRST_MEETING.year + month // 12, month % 12 + 1, FIRST_MEETING.day)


def _uk(date: dt.date) -> str:
    return f"{date.day:02d}/{date.month:02d}/{date.year}"


def _audience(item: dict[str, Any], rng: random.Random) -> dict[str, Any]:
    if rng.randrange(INTRANET_SHARE) == 0:
        item["audience"] = "intranet"
    return item


def _milestones(words: Words, rng: random.Random) -> list[Any]:
    items: list[Any] = []
    for _ in range(rng.randint(1, 5)):
        date = FIRST_MEETING + dt.timedelta(days=rng.randrange(QUARTERS * 91))
        kind = rng.choice(KINDS)
        if kind == "training" and rng.random() < 0.5:
            end = date + dt.timedelta(days=1)
            items.append({"text": f"{date.day}-{end.day} {date:%b %Y}", "date": date.isoformat(), "end": end.isoformat(), "kind": kind})
        else:
            items.append({"text": _uk(date), "date": date.isoformat(), "kind": kind})
    items.sort(key=lambda m: m["date"])
    if rng.random() < 0.3:
        items.append(words.title(3, 7))
    return items


def _area(template: dict[str, Any], number: int, words: Words, rng: random.Random) -> dict[str, Any]:
    """An operational delivery area shaped like `template` (a Norfolk OD), with fresh words."""
    title = template["title"] if number <= 4 else words.title(2, 5)
    area: dict[str, Any] = {
        "code": f"OD{number}",
        "title": title,
        "heading": f"OD{number}: {title}",
        "columns": template["columns"],
        "rows": [
            {
                "change": words.paragraph(2) + "\n\n" + words.bullets(3),
                "by_deadline": words.paragraph(2),
                "focus": words.bullets(4),
                "success": words.bullets(3),
            }
            for _ in template["rows"]
        ],
        "action_columns": template["action_columns"],
        "actions": [],
    }
    for i in range(1, len(template["actions"]) + 1):
        action: dict[str, Any] = {
            "ref": f"{number}.{i}",
            "what": words.paragraph(rng.randint(1, 3), 4, 16),
            "by_when": _milestones(words, rng),
            "who": words.sentence(3, 14),
        }
        if rng.random() < 0.3:
            action["who_note"] = words.sentence(5, 12)
        action["monitoring"] = [words.title(2, 6) for _ in range(rng.randint(1, 3))]
        # An intranet-only action is rare, and never the area's first, so every area shows on both sites.
        if i > 1:
            _audience(action, rng)
        area["actions"].append(action)
    return area


def _updates(refs: list[str], words: Words, rng: random.Random) -> dict[str, list[dict[str, Any]]]:
    """One file of updates per quarter: every action rated at every meeting, every red or amber one and half the others with a note."""
    status = {ref: "not_rated" for ref in refs}
    files: dict[str, list[dict[str, Any]]] = {}
    for q in range(QUARTERS):
        date = _quarter(q).isoformat()
        batch = []
        for ref in refs:
            status[ref] = rng.choice(STATUS_WALK[status[ref]])
            update: dict[str, Any] = {"action": ref, "date": date, "status": status[ref]}
            # A red or amber rating always says why, as planpress requires; half the others do.
            if rng.random() < 0.5 or status[ref] in ("red", "amber"):
                update["note"] = words.sentence(6, 24)
            batch.append(_audience(update, rng))
        files[date] = batch
    return files


def _sections(source: Path) -> list[str]:
    """The headings every issue has: the plan's items for the newsletter activity, up to each first full stop."""
    communications = _load(source / "data" / "communications.yml")
    activity = next((a for a in communications["activities"] if a.get("id") == "newsletter"), {})
    items = [i if isinstance(i, str) else i["text"] for i in activity.get("items", [])]
    return [item.split(". ")[0].rstrip(".") for item in items] or ["Progress", "Good practice", "Research"]


def _newsletters(count: int, sections: list[str], words: Words, rng: random.Random, plans: list[list[str]]) -> dict[str, str]:
    """Newsletter files by name, shaped like an issue `planpress new-newsletter` starts.

    Front matter, then the plan's three sections, the first with the writers' progress macros
    (RAG summary, RAG changes since the previous issue, upcoming milestones). With several plans,
    issues take turns among them and their macros name that plan's areas.
    """
    span = QUARTERS * 91
    files: dict[str, str] = {}
    for n in range(count):
        date = FIRST_MEETING + dt.timedelta(days=n * span // max(count, 1))
        title = words.title(3, 7)
        slug = re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")[:40].strip("-") or "issue"
        meta: dict[str, Any] = {"title": title, "date": date, "summary": words.sentence(8, 20)}
        _audience(meta, rng)
        parts = [f"## {sections[0]}", words.paragraph(3), words.bullets(3).rstrip()]
        areas = ", ".join(f'"{code}"' for code in plans[n % len(plans)]) if len(plans) > 1 else ""
        parts += [f"{{{{ {macro}({areas}) }}}}" for macro in ("rag_summary", "rag_changes", "upcoming_milestones")]
        for heading in sections[1:]:
            parts += [f"## {heading}", words.paragraph(rng.randint(2, 4))]
        front = yaml.dump(meta, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=1000)
        files[f"{date.isoformat()}-{slug}.md"] = f"---\n{front}---\n\n" + "\n\n".join(parts) + "\n"
    return files


def generate(dest: Path | str, scale: int, *, source: Path = ROOT, newsletters: int | None = None, seed: int = 2017) -> Path:
    """Write the project for `scale` into `dest` (replacing it) and return `dest`."""
    if scale < 1:
        raise ValueError("the scale factor is a whole number from 1")
    dest = Path(dest)
    if dest.exists():
        shutil.rmtree(dest)
    dest.mkdir(parents=True)
    rng = random.Random(f"{seed}-{scale}")
    words = Words(source / "data", rng)

    for name in PROJECT_FILES:
        shutil.copy2(source / name, dest / name)
    shutil.copytree(source / "docs", dest / "docs")
    (dest / "macros").symlink_to((source / "macros").resolve(), target_is_directory=True)

    data = dest / "data"
    data.mkdir()
    for name in FIXED_DATA:
        if (source / "data" / name).exists():
            shutil.copy2(source / "data" / name, data / name)

    templates = [_load(p) for p in sorted((source / "data" / "delivery").glob("od*.yml"), key=lambda p: int(p.stem[2:]))]
    areas = []
    for copy in range(scale):
        for j, template in enumerate(templates):
            area = _area(template, copy * len(templates) + j + 1, words, rng)
            areas.append(area)
            _dump(data / "delivery" / f"od{area['code'][2:]}.yml", area, f"Generated at scale {scale}: operational delivery area {area['code']}.")

    part_b = _load(source / "data" / "delivery" / "part-b.yml")
    part_b["structure"]["areas_intro"] = f"The Operational delivery plan is split into {len(areas)} sections:"
    part_b["structure"]["areas"] = [{"code": a["code"], "title": a["title"]} for a in areas]
    _dump(data / "delivery" / "part-b.yml", part_b, f"Generated at scale {scale}: Part B, listing every area.")

    measures = _load(source / "data" / "measures.yml")
    for item in measures["items"]:
        value = rng.uniform(10, 90)
        item["unit"] = "%"
        item["target"] = round(rng.uniform(10, 90), 1)
        item["better"] = rng.choice(("higher", "lower"))
        item["values"] = []
        for month in range(scale):
            first = dt.date(2017 + (8 + month) // 12, (8 + month) % 12 + 1, 1)
            last = (first.replace(day=28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(days=1)
            value = min(100.0, max(0.0, value + rng.uniform(-4, 4)))
            item["values"].append({"period": f"{first:%B %Y}", "date": last.isoformat(), "value": round(value, 1)})
    _dump(data / "measures.yml", measures, f"Generated at scale {scale}: the plan's measures with {scale} monthly values each.")

    refs = [a["ref"] for area in areas for a in area["actions"]]
    for date, batch in _updates(refs, words, rng).items():
        _dump(data / "updates" / f"{date}.yml", {"updates": batch}, f"Generated at scale {scale}: the steering group's ratings of {date}.")

    folder = dest / "newsletters"
    folder.mkdir()
    count = NEWSLETTERS_PER_SCALE * scale if newsletters is None else newsletters
    plans = [[a["code"] for a in areas[i : i + len(templates)]] for i in range(0, len(areas), len(templates))]
    for name, text in _newsletters(count, _sections(source), words, rng, plans).items():
        (folder / name).write_text(text, encoding="utf-8")
    return dest


def main(argv: list[str] | None = None) -> int:
    """Command line: write one scale's project."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("dest", type=Path)
    parser.add_argument("--scale", type=int, default=1)
    parser.add_argument("--newsletters", type=int, default=None, help="how many newsletters (default 4 per scale)")
    parser.add_argument("--check", action="store_true", help="validate the result with planpress's loader")
    args = parser.parse_args(argv)
    dest = generate(args.dest, args.scale, newsletters=args.newsletters)
    if args.check:
        sys.path.insert(0, str(ROOT))
        from macros.loading.project import load_project

        project = load_project(dest / "data")
        print(f"{dest}: {sum(len(a.actions) for a in project.areas)} actions, {len(project.updates)} updates")
    return 0


if __name__ == "__main__":
    sys.exit(main())
