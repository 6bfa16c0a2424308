"""The SVG primitives."""

from __future__ import annotations

from gateways.report.render.svg import Scale, element, x_axis


def test_a_scale_maps_the_domain_onto_the_range() -> None:
    assert Scale(0, 10, 100, 200)(5) == 150


def test_ticks_are_round_numbers_inside_the_domain() -> None:
    assert Scale(0.5, 1.0, 0, 100).ticks() == [0.5, 0.6, 0.7, 0.8, 0.9, 1.0]


def test_attribute_values_are_escaped() -> None:
    assert element("g", {"data_x": '"<'}) == '<g data-x="&quot;&lt;"/>'


def test_an_axis_shows_its_title() -> None:
    assert ">retained</text>" in x_axis(Scale(0.5, 1.0, 0, 100), 100, 0, "retained")


def test_an_axis_labels_zero_without_a_sign() -> None:
    assert ">0</text>" in x_axis(Scale(-0.1, 0.3, 0, 100), 100, 0, "difference", "{:+.0%}")
