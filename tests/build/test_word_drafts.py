"""planpress import-docx in a copy of the project: the draft checks and builds with everything the document had; refusals write nothing."""

from __future__ import annotations

import re
from pathlib import Path

from docx_fixtures import full_document, with_tracked_change
from helpers import copy_project, run_planpress


def test_import_docx_writes_a_draft_and_its_images_that_check_and_build(tmp_path: Path) -> None:
    root = copy_project(tmp_path / "project")
    for old in (root / "newsletters").glob("2*.md"):
        old.unlink()
    document = full_document(tmp_path / "Spring.docx")
    done = run_planpress(root, "import-docx", str(document), "--date", "2018-10-24")
    assert done.code == 0, done.output
    lines = done.output.splitlines()
    assert lines[:2] == ["newsletters/2018-10-24-spring-into-safety-planning.md", "docs/assets/newsletters/2018-10-24/image-1.png"]
    issue = root / lines[0]
    assert (root / lines[1]).read_bytes().startswith(b"\x89PNG")
    checked = run_planpress(root, "check")
    assert checked.code == 0, checked.output
    # Never overwritten: the same document again is refused, and the draft and image are as they were.
    before = issue.read_bytes()
    again = run_planpress(root, "import-docx", str(document), "--date", "2018-10-24")
    assert again.code == 1 and "already exists" in again.output
    assert issue.read_bytes() == before and not (root / "docs/assets/newsletters/2018-10-24/image-2.png").exists()
    # Published, it builds, with every element the document had.
    text = issue.read_text("utf-8").replace("draft: true\n", "")
    issue.write_text(re.sub(r"^summary: .*$", "summary: Imported from Word.", text, count=1, flags=re.M), encoding="utf-8")
    built = run_planpress(root, "build")
    assert built.code == 0, built.output
    page = (root / "site/public/newsletters/2018-10-24-spring-into-safety-planning/index.html").read_text("utf-8")
    article = page[page.index("<article") : page.index("</article>")]
    assert "<h1>Spring into safety planning</h1>" in article
    assert re.search(r"<h2 id=\"[^\"]+\">Brief summary of progress reported to the Steering Group", article)
    assert re.search(r"<h3 id=\"boot-camp-numbers\">Boot camp numbers", article)
    assert "<strong>imported</strong>" in article and "<em>italic words</em>" in article
    assert "a literal {{ rag_summary() }} and &lt;b&gt;tag&lt;/b&gt; typed in Word" in article
    assert '<a href="https://example.org/courses">the course list</a>' in article
    assert re.search(r"<ul>\s*<li>First point\s*<ul>\s*<li>A point under it</li>\s*</ul>\s*</li>\s*<li>Second point</li>\s*</ul>", article)
    assert re.search(r"<ol>\s*<li>Step one</li>\s*<li>Step two</li>\s*</ol>", article)
    assert '<th scope="col">Course</th>' in article and "<td>37</td>" in article
    assert '<img alt="Staff at the May boot camp" src="../../assets/newsletters/2018-10-24/image-1.png">' in article
    assert "RAG summary" in article and "Due in the next three months" in article
    assert (root / "site/public/newsletters/2018-10-24-spring-into-safety-planning/email.eml").is_file()


def test_an_image_without_alt_text_is_imported_and_then_refused_by_check(tmp_path: Path) -> None:
    root = copy_project(tmp_path / "project")
    done = run_planpress(root, "import-docx", str(full_document(tmp_path / "d.docx", alt=None)), "--date", "2018-10-24")
    assert done.code == 0, done.output
    assert "image-1.png has no alt text in Word" in done.output
    checked = run_planpress(root, "check")
    assert checked.code == 1
    assert re.search(r"newsletters/2018-10-24-spring-into-safety-planning\.md:\d+: the image '\.\./assets/newsletters/2018-10-24/image-1\.png' has no alt text", checked.output)


def test_a_document_with_tracked_changes_is_refused_and_nothing_is_written(tmp_path: Path) -> None:
    root = copy_project(tmp_path / "project")
    before = sorted(p.name for p in (root / "newsletters").iterdir())
    done = run_planpress(root, "import-docx", str(with_tracked_change(tmp_path / "tracked.docx")), "--date", "2018-10-24")
    assert done.code == 1
    assert "tracked.docx has 1 tracked change" in done.output and "accept or reject every change" in done.output and "nothing was written" in done.output
    assert sorted(p.name for p in (root / "newsletters").iterdir()) == before
    assert not (root / "docs/assets/newsletters/2018-10-24").exists()
