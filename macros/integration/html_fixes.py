"""Repairs to the markup Material writes outside any template block a theme could override."""

from __future__ import annotations

import re

# Material's base.html puts autocomplete="off" on its two hidden toggle checkboxes so that browsers do not
# restore an open drawer or search box; HTML does not allow autocomplete on checkboxes. main.html resets
# both toggles before Material starts instead, which keeps the behaviour and makes the page valid.
INVALID_TOGGLES = {
    '<input class="md-toggle" data-md-toggle="drawer" type="checkbox" id="__drawer" autocomplete="off">':
        '<input class="md-toggle" data-md-toggle="drawer" type="checkbox" id="__drawer">',
    '<input class="md-toggle" data-md-toggle="search" type="checkbox" id="__search" autocomplete="off">':
        '<input class="md-toggle" data-md-toggle="search" type="checkbox" id="__search">',
}


# Material's base.html names the engine and its versions in a generator meta tag, inside the site_meta
# block that also holds the charset, viewport and canonical link, so no override can drop it alone.
# `extra.generator: false` hides only the footer credit. The tag would make a page differ by engine
# (MkDocs or ProperDocs) and by release, and tells readers nothing; planpress drops it with its line.
GENERATOR_META = re.compile(r'\n[ \t]*<meta name="generator" content="[^"<>]*">(?=\n)')


def fix_material_markup(html: str) -> str:
    """The page with Material's invalid toggle attributes and generator tag removed; anything else is left exactly as it was."""
    for invalid, valid in INVALID_TOGGLES.items():
        html = html.replace(invalid, valid)
    head, end, body = html.partition("</head>")
    return GENERATOR_META.sub("", head, count=1) + end + body
