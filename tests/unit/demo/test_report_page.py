"""The HTML report: self-contained, one chart per question, figures as data attributes."""

from __future__ import annotations

import re

from gateways.report.render.page import render
from tests.unit.demo.report_fixture import report


def test_the_report_draws_every_chart() -> None:
    charts = set(re.findall(r'data-chart="([a-z]+)"', render(report())))
    assert charts == {"retention", "difference", "survival", "funnel", "momentum"}


def test_the_report_needs_no_network_and_no_scripts() -> None:
    html = render(report())
    addresses = set(re.findall(r"https?://[^\"' ]+", html))
    assert addresses <= {"http://www.w3.org/2000/svg"}
    assert "<script" not in html


def test_each_retention_estimate_is_carried_as_data() -> None:
    html = render(report())
    assert 'data-series="landmark-in" data-rate="0.950000"' in html


def test_the_difference_of_each_method_is_carried_as_data() -> None:
    html = render(report())
    assert 'data-series="naive-difference" data-difference="0.290000"' in html


def test_a_suppressed_group_is_said_to_be_suppressed() -> None:
    html = render(report(landmark_in=None))
    assert "landmark: in (suppressed: fewer than 5 people)" in html


def test_the_immortal_time_warning_is_shown() -> None:
    assert "immortal-time warning" in render(report())


def test_the_stated_effect_alone_is_marked_on_the_difference_chart() -> None:
    assert "data-effect-alone=" in render(report())


def test_a_curve_without_points_is_explained() -> None:
    assert "out: no curve (suppressed)" in render(report())


def test_the_verdict_compares_the_two_methods() -> None:
    assert "The landmark comparison recovers the direction of the effect" in render(report())


def test_labels_are_escaped() -> None:
    data = report()
    data = data.__class__(**{**data.__dict__, "title": "<b>&"})
    assert "<title>&lt;b&gt;&amp;</title>" in render(data)
