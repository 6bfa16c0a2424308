"""``python -m gateways.contracts [--check]``: write docs/schemas/, or fail if it is stale."""

from __future__ import annotations

import sys

from gateways.contracts.files import SCHEMAS, stale, write


def main(argv: list[str]) -> int:
    """Write the files (exit 0), or with ``--check`` list the stale ones (exit 1 if any)."""
    if "--check" in argv:
        problems = stale()
        for problem in problems:
            print(problem, file=sys.stderr)
        if problems:
            print("docs/schemas is stale: run `python -m gateways.contracts`", file=sys.stderr)
        return 1 if problems else 0
    print(f"wrote {write()} files to {SCHEMAS}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
