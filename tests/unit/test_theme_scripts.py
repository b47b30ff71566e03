"""The scripts the theme moved out of Material's pages (macros/integration/theme/assets/javascripts/planpress/) are still Material's.

Material writes them inline; the theme serves them as files so that the Content-Security-Policy can refuse inline
scripts. When Material is upgraded and changes one, this fails until the copy is brought up to date.
"""

from __future__ import annotations

import re
from pathlib import Path

import material
import pytest
from helpers import ROOT

MATERIAL = Path(material.__file__).parent / "templates" / "partials" / "javascripts"
THEME = ROOT / "macros" / "integration" / "theme"
SCRIPTS = ROOT / "macros" / "integration" / "theme" / "assets" / "javascripts" / "planpress"

COPIES = {
    # file: (Material's partial, which of its inline scripts, what the copy changes: Material's text → the copy's)
    "storage.js": ("base.html", 0, {'new URL("{{ config.extra.scope | d(base_url) }}",location)': "new URL(document.currentScript.dataset.scope,location)"}),
    "palette.js": ("palette.html", 0, {}),
    "tabs-link.js": ("content.html", 0, {}),
    "content.js": ("content.html", 1, {}),
}


def code(path: Path) -> str:
    """A copied script without its leading comment lines."""
    lines = path.read_text("utf-8").splitlines()
    return "\n".join(line for line in lines if not line.startswith("//")).strip()


@pytest.mark.parametrize("name", COPIES)
def test_each_copy_is_materials_script(name: str) -> None:
    partial, index, changes = COPIES[name]
    original = re.findall(r"<script>(.*?)</script>", (MATERIAL / partial).read_text("utf-8"), re.S)[index]
    for old, new in changes.items():
        assert old in original, f"Material's {partial} no longer has {old!r}"
        original = original.replace(old, new)
    assert code(SCRIPTS / name) == original.strip()


@pytest.mark.parametrize("partial", sorted({partial for partial, _, _ in COPIES.values()}))
def test_every_inline_script_of_an_overridden_partial_has_its_copy(partial: str) -> None:
    inline = re.findall(r"<script>(.*?)</script>", (MATERIAL / partial).read_text("utf-8"), re.S)
    assert len(inline) == sum(1 for p, _, _ in COPIES.values() if p == partial)
    override = (THEME / "partials" / "javascripts" / partial).read_text("utf-8")
    assert "<script>" not in override
    for name, (p, _, _) in COPIES.items():
        if p == partial:
            assert f"assets/javascripts/planpress/{name}" in override
