"""Projections that turn domain events into rows, one module per aggregate."""
