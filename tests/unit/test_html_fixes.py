"""The repair of Material's invalid toggle markup."""

from __future__ import annotations

from macros.integration.html_fixes import INVALID_TOGGLES, fix_material_markup

MATERIAL_BODY = """<body dir="ltr">
    <input class="md-toggle" data-md-toggle="drawer" type="checkbox" id="__drawer" autocomplete="off">
    <input class="md-toggle" data-md-toggle="search" type="checkbox" id="__search" autocomplete="off">
    <input type="text" class="md-search__input" name="query" autocomplete="off">"""


def test_the_two_toggles_lose_autocomplete_and_nothing_else_changes() -> None:
    fixed = fix_material_markup(MATERIAL_BODY)
    assert 'id="__drawer">' in fixed and 'id="__search">' in fixed
    assert fixed.count('autocomplete="off"') == 1  # the search box's own, which HTML allows on text inputs
    assert fixed.replace('id="__drawer">', 'id="__drawer" autocomplete="off">').replace(
        'id="__search">', 'id="__search" autocomplete="off">'
    ) == MATERIAL_BODY


def test_pages_without_the_toggles_are_returned_unchanged() -> None:
    assert fix_material_markup("<p>autocomplete=\"off\"</p>") == "<p>autocomplete=\"off\"</p>"
    assert all(valid in fix_material_markup(invalid) for invalid, valid in INVALID_TOGGLES.items())
