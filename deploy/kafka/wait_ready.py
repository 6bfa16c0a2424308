"""Wait until a Kafka broker answers a client metadata request (not merely an open port).

Usage: python wait_ready.py BOOTSTRAP TIMEOUT_SECONDS
Exits 0 when the broker reports itself in cluster metadata, 1 on timeout.
Needs kafka-python (the project's virtual environment has it).
"""

import sys
import time


def main() -> int:
    bootstrap, timeout = sys.argv[1], float(sys.argv[2])
    from kafka import KafkaAdminClient

    deadline = time.monotonic() + timeout
    last_error: Exception | None = None
    while time.monotonic() < deadline:
        try:
            admin = KafkaAdminClient(
                bootstrap_servers=bootstrap, request_timeout_ms=3000
            )
            try:
                cluster = admin.describe_cluster()
                admin.list_topics()
            finally:
                admin.close()
            brokers = [f"{b['host']}:{b['port']}" for b in cluster.get("brokers", [])]
            if brokers:
                print(f"ready: cluster {cluster.get('cluster_id')} brokers {','.join(brokers)}")
                return 0
        except Exception as error:  # noqa: BLE001 - any failure means "not ready yet"
            last_error = error
        time.sleep(0.5)
    print(f"not ready after {timeout:.0f}s: {last_error!r}", file=sys.stderr)
    return 1


if __name__ == "__main__":
    sys.exit(main())
