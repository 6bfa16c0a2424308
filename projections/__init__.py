"""The read side: DuckDB projections of the mentoring event log and the analytics on them."""
