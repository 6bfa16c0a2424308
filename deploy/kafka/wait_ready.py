"""Wait until a Kafka broker answers a client metadata request (not merely an open port).

Usage: python wait_ready.py BOOTSTRAP TIMEOUT_SECONDS [--env FILE] [--brokers N] [--node-id ID]
Exits 0 when the cluster metadata lists the broker(s), 1 on timeout.
  --env FILE    connect as the principal of a client env file (SASL_SSL), see kafka_admin.py
  --brokers N   wait until at least N brokers are in the metadata (default 1)
  --node-id ID  wait until broker ID is in the metadata (after restarting one node)
Needs kafka-python (the project's virtual environment has it).
"""

import argparse
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("bootstrap")
    parser.add_argument("timeout", type=float)
    parser.add_argument("--env")
    parser.add_argument("--brokers", type=int, default=1)
    parser.add_argument("--node-id", type=int)
    args = parser.parse_args()
    from kafka import KafkaAdminClient
    from kafka_admin import client_settings

    settings = client_settings(args.env)
    verbose = bool(os.environ.get("MENTORING_KAFKA_WAIT_VERBOSE"))
    began = time.monotonic()
    deadline = began + args.timeout
    last_error: Exception | str | None = None
    while time.monotonic() < deadline:
        try:
            admin = KafkaAdminClient(
                bootstrap_servers=args.bootstrap.split(","),
                request_timeout_ms=3000,
                bootstrap_timeout_ms=3000,
                reconnect_backoff_max_ms=1000,
                **settings,
            )
            try:
                cluster = admin.describe_cluster()
                admin.list_topics()
            finally:
                admin.close()
            listed = cluster.get("brokers", [])
            ids = {b.get("broker_id") for b in listed}
            brokers = [f"{b['host']}:{b['port']}" for b in listed]
            if len(brokers) >= args.brokers and (args.node_id is None or args.node_id in ids):
                print(f"ready: cluster {cluster.get('cluster_id')} brokers {','.join(brokers)}")
                return 0
            last_error = f"brokers in metadata: {sorted(ids)}"
        except Exception as error:  # noqa: BLE001 - any failure means "not ready yet"
            last_error = error
        if verbose:
            print(f"wait_ready: {time.monotonic() - began:.1f}s {last_error!r}", file=sys.stderr)
        time.sleep(0.5)
    print(f"not ready after {args.timeout:.0f}s: {last_error!r}", file=sys.stderr)
    return 1


if __name__ == "__main__":
    sys.exit(main())
