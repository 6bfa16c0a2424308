"""Where the key ring comes from: MENTORING_API_KEYS, MENTORING_API_KEYS_FILE, or dev keys."""

from __future__ import annotations

from gateways.entrypoints.http.auth.keys import KeyRing, parse_key_hashes
from gateways.entrypoints.http.settings import HttpSettings
from gateways.settings import ConfigurationError


def load_key_ring(http: HttpSettings, environment: str) -> KeyRing:
    """The accepted keys; outside development, no keys or a development key stop the start."""
    pairs = []
    if http.api_keys:
        pairs += parse_key_hashes(http.api_keys, "MENTORING_API_KEYS")
    if http.api_keys_file is not None:
        try:
            text = http.api_keys_file.read_text(encoding="utf-8")
        except OSError as error:
            raise ConfigurationError(
                f"MENTORING_API_KEYS_FILE={str(http.api_keys_file)!r} cannot be read: "
                f"{error.strerror}"
            ) from None
        pairs += parse_key_hashes(text, "MENTORING_API_KEYS_FILE")
    ring = KeyRing.from_pairs(pairs)
    if environment == "development":
        return ring if len(ring) else KeyRing.development()
    if not len(ring):
        raise ConfigurationError(
            "no API keys configured: set MENTORING_API_KEYS or MENTORING_API_KEYS_FILE "
            "(`mentoring api-key new ROLE` makes one)"
        )
    if ring.contains_development_keys():
        raise ConfigurationError(
            f"a development API key is configured in the {environment} environment; replace it"
        )
    return ring
