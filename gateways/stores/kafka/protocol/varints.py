"""Kafka's zigzag varints (signed varint/varlong), the small ones precomputed.

Every length below 16 KiB is a table lookup: record batches are mostly lengths.
"""

from __future__ import annotations


def _encode(value: int) -> bytes:
    zigzag = (value << 1) ^ (value >> 63)
    out = bytearray()
    while zigzag >= 0x80:
        out.append((zigzag & 0x7F) | 0x80)
        zigzag >>= 7
    out.append(zigzag)
    return bytes(out)


_TABLE = [_encode(value) for value in range(16384)]


def varint(value: int) -> bytes:
    """The zigzag varint of value."""
    if 0 <= value < 16384:
        return _TABLE[value]
    return _encode(value)
