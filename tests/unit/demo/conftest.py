"""A small simulated world shared by the demo's unit tests (simulating is pure and quick)."""

from __future__ import annotations

import pytest

from gateways.demo.world.params import WorldParams
from gateways.demo.world.simulate import World, simulate


@pytest.fixture(scope="package")
def small_world() -> World:
    """A 400-person organisation over three years."""
    return simulate(WorldParams(seed=11, employees=400))


@pytest.fixture(scope="package")
def default_world() -> World:
    """The demo's default world (2,000 employees, seed 7)."""
    return simulate(WorldParams())
