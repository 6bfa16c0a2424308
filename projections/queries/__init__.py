"""Analytics queries: SQL over the projections, returning typed, privacy-safe results."""
