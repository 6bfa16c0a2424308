"""The JSON records of a Kafka events topic, as a plain consumer dumped them before the change."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

from tests.integration.audit.topic_forgery import Record


def read_dump(path: Path) -> list[Record]:
    """Each record of a gzipped JSON-lines dump: key, value (the JSON text as written), headers."""
    records: list[Record] = []
    with gzip.open(path, "rt", encoding="utf-8") as lines:
        for line in lines:
            record = json.loads(line)
            headers = [(k, str(v).encode("utf-8")) for k, v in record["headers"].items()]
            records.append(
                Record(record["key"].encode("utf-8"), record["value"].encode("utf-8"), headers)
            )
    return records
