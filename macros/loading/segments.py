"""Pages made only of text and macro calls with literal arguments, split into segments when they are checked."""

from __future__ import annotations

import re
from collections.abc import Collection
from typing import TYPE_CHECKING

from jinja2 import nodes

from macros.model.newsletter import Segment

if TYPE_CHECKING:
    pass






def plain_segments(tree: nodes.Template, names: Collection[str], offset: int = 0) -> tuple[Segment, ...] | None:
    """The parsed page as text and calls of `names` with literal arguments, or None if it holds anything else.

    The text has no newlines at either end, as mkdocs-macros renders a page that has none.
    """
    segments: list[Segment] = []
    for node in tree.body:
        if not isinstance(node, nodes.Output):
            return None
        for child in node.nodes:
            if isinstance(child, nodes.TemplateData):
                segments.append(child.data)
            elif isinstance(child, nodes.Const) and isinstance(child.value, str):
                segments.append(child.value)
            elif _plain_call(child, names):
                segments.append((child.node.name, tuple(a.value for a in child.args), child.lineno + offset))  # type: ignore[attr-defined]
            else:
                return None
    return _trimmed(_joined(segments))


def _trimmed(segments: list[Segment]) -> tuple[Segment, ...]:
    """The segments without newlines at either end of the text."""
    while segments and isinstance(segments[0], str):
        segments[0] = segments[0].lstrip("\n")
        if segments[0]:
            break
        segments.pop(0)
    while segments and isinstance(segments[-1], str):
        segments[-1] = segments[-1].rstrip("\n")
        if segments[-1]:
            break
        segments.pop()
    return tuple(segments)


def _plain_call(node: nodes.Node, names: Collection[str]) -> bool:
    """A call of one of `names`, by name, with only literal arguments."""
    return (
        isinstance(node, nodes.Call)
        and isinstance(node.node, nodes.Name)
        and node.node.name in names
        and not (node.kwargs or node.dyn_args or node.dyn_kwargs)
        and all(isinstance(arg, nodes.Const) for arg in node.args)
    )


_STRING = r"""(?:"[^"\\\n]*"|'[^'\\\n]*')"""


_QUICK = re.compile(
    r"\{% raw %\}(?P<raw>.*?)\{% endraw %\}"
    rf"|\{{\{{ *(?P<name>[A-Za-z_][A-Za-z0-9_]*)\( *(?P<args>{_STRING}(?: *, *{_STRING})*)? *\) *\}}\}}"
    r"|(?P<other>\{[{%#])",
    re.S,
)


_ARG = re.compile(_STRING)


def quick_segments(text: str, names: Collection[str], offset: int = 0) -> tuple[Segment, ...] | None:
    """`text` as segments without Jinja's parser, for the common page of text, code kept as written and simple calls.

    Recognises exactly what protect_code writes around code ({% raw %} ... {% endraw %}) and calls of
    `names` whose arguments are plain quoted strings; anything else ({{ x }}, {%- ... %}, a filter, a
    backslash in a string, a carriage return) returns None, and the page is parsed by Jinja instead.
    Where it answers, the answer is what plain_segments makes of Jinja's parse.
    """
    if "\r" in text:
        return None
    segments: list[Segment] = []
    position = 0
    for match in _QUICK.finditer(text):
        if match["other"] is not None or (match["name"] is not None and match["name"] not in names):
            return None
        segments.append(text[position : match.start()])
        if match["raw"] is not None:
            if "{% raw %}" in match["raw"]:
                return None
            segments.append(match["raw"])
        else:
            args = tuple(found[1:-1] for found in _ARG.findall(match["args"] or ""))
            segments.append((match["name"], args, text.count("\n", 0, match.start()) + 1 + offset))
        position = match.end()
    segments.append(text[position:])
    return _trimmed(_joined(segments))


def _joined(segments: list[Segment]) -> list[Segment]:
    """Adjacent pieces of text as one, as Jinja's parser gives them; empty text dropped."""
    joined: list[Segment] = []
    for segment in segments:
        if isinstance(segment, str):
            if not segment:
                continue
            if joined and isinstance(joined[-1], str):
                joined[-1] += segment
                continue
        joined.append(segment)
    return joined
