"""Small statistics of the read side: proportions, intervals, survival tests."""
