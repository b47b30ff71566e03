"""Helpers the templates share."""

from __future__ import annotations

import datetime as dt

from macros.views import render


def test_a_date_is_written_as_one_time_element() -> None:
    html = render.time_element(dt.date(2018, 3, 5))
    assert html == '<time datetime="2018-03-05">5 March 2018</time>'
    assert str(render._ENV.from_string("{{ d|time_element }}").render(d=dt.date(2019, 12, 31))) == '<time datetime="2019-12-31">31 December 2019</time>'
