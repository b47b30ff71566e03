"""On GitHub, each content problem is also an annotation on its file and line, where an editor in the web editor sees it."""

from __future__ import annotations

import re
from pathlib import Path

from helpers import run_planpress

ANNOTATION = re.compile(r"^::error file=(?P<file>[^,:]+),line=(?P<line>\d+)::(?P<message>.*)$")


def test_check_and_build_annotate_each_problem_under_github_actions(project: Path) -> None:
    issue = project / "newsletters" / "2018-10-24-autumn.md"
    issue.write_text("---\ntitle: Autumn\ndate: 2018-10-24\nsummary: News.\n---\n\nOne.\n\n{{ rag_sumary() }}\n\n{{ rag_badge('purple') }}\n", "utf-8")
    for command in ("check", "build"):
        result = run_planpress(project, command, env={"GITHUB_ACTIONS": "true"})
        assert result.code == 1
        found = [m.groupdict() for m in map(ANNOTATION.match, result.output.splitlines()) if m]
        assert [(f["file"], f["line"]) for f in found] == [("newsletters/2018-10-24-autumn.md", "9"), ("newsletters/2018-10-24-autumn.md", "11")]
        assert found[0]["message"].startswith("'rag_sumary' is not a macro a newsletter can use; did you mean rag_summary()?")
        # The plain report is there too, for the log.
        assert "newsletters/2018-10-24-autumn.md:9: 'rag_sumary' is not a macro" in result.output


def test_no_annotations_outside_github_actions(project: Path) -> None:
    (project / "newsletters" / "2018-10-24-autumn.md").write_text("---\ntitle: Autumn\ndate: 2018-10-24\nsummary: News.\n---\n\n{{ nope() }}\n", "utf-8")
    result = run_planpress(project, "check", env={"GITHUB_ACTIONS": ""})
    assert result.code == 1 and "::error" not in result.output
