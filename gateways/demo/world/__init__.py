"""The demo's simulated world: people, programs and what they do, with no I/O."""
