"""If-Match: the ETag (quoted aggregate version) a change expects."""

from __future__ import annotations

import pytest

from gateways.entrypoints.http.idempotency.command import expected_version
from gateways.entrypoints.http.problems import HttpProblem


@pytest.mark.parametrize("header", ['"3"', 'W/"3"', "3"])
def test_an_etag_names_the_expected_version(header: str) -> None:
    assert expected_version(header) == 3


@pytest.mark.parametrize("header", [None, "*"])
def test_no_header_or_a_star_expects_any_version(header: str | None) -> None:
    assert expected_version(header) is None


def test_a_malformed_if_match_is_invalid_input() -> None:
    with pytest.raises(HttpProblem) as caught:
        expected_version('"three"')
    assert caught.value.status == 422
