"""The repair of Material's invalid toggle markup, and the generator tag it drops."""

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


MATERIAL_HEAD = """<head>
      <link rel="icon" href="../assets/images/favicon.png">
      <meta name="generator" content="mkdocs-1.6.1, mkdocs-material-9.8.2">
    
      <title>About - Plan</title>"""


def test_the_generator_tag_goes_with_its_line_and_nothing_else_changes() -> None:
    fixed = fix_material_markup(MATERIAL_HEAD)
    assert fixed == MATERIAL_HEAD.replace('\n      <meta name="generator" content="mkdocs-1.6.1, mkdocs-material-9.8.2">', "")
    other_engine = MATERIAL_HEAD.replace("mkdocs-1.6.1", "mkdocs-ProperDocs 1.6.7")
    assert fix_material_markup(other_engine) == fixed


def test_a_generator_written_in_the_page_text_stays() -> None:
    page = '<head>\n</head>\n<body>\n<pre>&lt;meta name="generator"&gt;</pre>\n<meta name="generator" content="x">\n</body>'
    assert fix_material_markup(page) == page
