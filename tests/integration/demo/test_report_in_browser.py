"""The report as headless Chromium draws it: charts present, screenshot not blank."""

from __future__ import annotations

from pathlib import Path

import pytest

from gateways.demo.run import DemoOutcome
from tests.integration.demo.browser import dump_dom, screenshot
from tests.integration.demo.png import distinct_colours, read_pixels


@pytest.fixture(scope="module")
def shot(demo_run: DemoOutcome, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return screenshot(demo_run.report, tmp_path_factory.mktemp("shot") / "report.png")


@pytest.fixture(scope="module")
def dom(demo_run: DemoOutcome) -> str:
    return dump_dom(demo_run.report)


def test_the_screenshot_has_the_requested_size(shot: Path) -> None:
    width, height, _ = read_pixels(shot)
    assert (width, height) == (850, 3600)


def test_the_screenshot_is_not_blank(shot: Path) -> None:
    assert distinct_colours(shot) > 50


def test_the_browser_sees_every_chart(dom: str) -> None:
    for chart in ("retention", "difference", "survival", "funnel", "momentum"):
        assert f'data-chart="{chart}"' in dom, chart


def test_the_browser_sees_both_kaplan_meier_charts(dom: str) -> None:
    assert 'data-method="landmark"' in dom and 'data-method="time_varying"' in dom


def test_the_browser_sees_the_plotted_marks(dom: str) -> None:
    assert dom.count("<circle") >= 4 and dom.count("<path") >= 2
