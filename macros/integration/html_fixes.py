"""Repairs to the markup Material writes outside any template block a theme could override."""

from __future__ import annotations

# Material's base.html puts autocomplete="off" on its two hidden toggle checkboxes so that browsers do not
# restore an open drawer or search box; HTML does not allow autocomplete on checkboxes. main.html resets
# both toggles before Material starts instead, which keeps the behaviour and makes the page valid.
INVALID_TOGGLES = {
    '<input class="md-toggle" data-md-toggle="drawer" type="checkbox" id="__drawer" autocomplete="off">':
        '<input class="md-toggle" data-md-toggle="drawer" type="checkbox" id="__drawer">',
    '<input class="md-toggle" data-md-toggle="search" type="checkbox" id="__search" autocomplete="off">':
        '<input class="md-toggle" data-md-toggle="search" type="checkbox" id="__search">',
}


def fix_material_markup(html: str) -> str:
    """The page with Material's invalid toggle attributes removed; anything else is left exactly as it was."""
    for invalid, valid in INVALID_TOGGLES.items():
        html = html.replace(invalid, valid)
    return html
