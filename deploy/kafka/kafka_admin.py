"""Admin helpers for broker.sh: client settings from an env file, ACLs, cluster status, leaders.

Usage (broker.sh calls these; they need kafka-python, which the project's venv has):
  python kafka_admin.py acls    BOOTSTRAP [--env FILE] [--prefix mentoring] [--hris-topic T]
  python kafka_admin.py status  BOOTSTRAP [--env FILE]      partition leaders of every topic
  python kafka_admin.py leader  BOOTSTRAP [--env FILE] [TOPIC]
        prints "TOPIC NODE_ID" for partition 0 of TOPIC (default: the first *.events topic)

--env FILE is a client env file written by `broker.sh start --secure` (client-admin.env):
MENTORING_KAFKA_SECURITY_PROTOCOL, MENTORING_KAFKA_SSL_CAFILE, MENTORING_KAFKA_SASL_MECHANISM,
MENTORING_KAFKA_SASL_USERNAME, MENTORING_KAFKA_SASL_PASSWORD.
"""

from __future__ import annotations

import argparse
import contextlib
import sys
from pathlib import Path
from typing import Any


def read_env_file(path: str) -> dict[str, str]:
    values: dict[str, str] = {}
    for line in Path(path).read_text().splitlines():
        line = line.strip()
        if not line or line.startswith("#") or "=" not in line:
            continue
        key, _, value = line.partition("=")
        value = value.strip()
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
            value = value[1:-1]
        values[key.strip()] = value
    return values


def client_settings(env_file: str | None) -> dict[str, Any]:
    """kafka-python keyword arguments for the principal an env file describes (none: PLAINTEXT)."""
    if not env_file:
        return {}
    env = read_env_file(env_file)
    settings: dict[str, Any] = {}
    protocol = env.get("MENTORING_KAFKA_SECURITY_PROTOCOL", "PLAINTEXT")
    settings["security_protocol"] = protocol
    if "SSL" in protocol and env.get("MENTORING_KAFKA_SSL_CAFILE"):
        settings["ssl_cafile"] = env["MENTORING_KAFKA_SSL_CAFILE"]
    if protocol.startswith("SASL"):
        settings["sasl_mechanism"] = env.get("MENTORING_KAFKA_SASL_MECHANISM", "SCRAM-SHA-512")
        settings["sasl_plain_username"] = env.get("MENTORING_KAFKA_SASL_USERNAME")
        settings["sasl_plain_password"] = env.get("MENTORING_KAFKA_SASL_PASSWORD")
    return settings


def admin_client(bootstrap: str, env_file: str | None, timeout_ms: int = 5000):
    from kafka import KafkaAdminClient

    return KafkaAdminClient(
        bootstrap_servers=bootstrap.split(","),
        request_timeout_ms=timeout_ms,
        bootstrap_timeout_ms=timeout_ms,
        **client_settings(env_file),
    )


def with_admin(bootstrap: str, env_file: str | None, action, within: float = 20.0):
    """Run action(admin) with a fresh client, again on failure for `within` seconds: right after
    a node dies the metadata still lists it until the controller fences it, and a request sent
    there fails."""
    import time

    deadline = time.monotonic() + within
    while True:
        try:
            admin = admin_client(bootstrap, env_file, timeout_ms=3000)
            try:
                return action(admin)
            finally:
                admin.close()
        except Exception:  # noqa: BLE001
            if time.monotonic() + 1 > deadline:
                raise
            time.sleep(1)


def event_store_acls(prefix: str, hris_topic: str) -> list:
    """The ACLs of the development secure broker (admin is a super user and needs none)."""
    from kafka.admin import (
        ACL,
        ACLPermissionType,
        ResourcePattern,
    )
    from kafka.admin import (
        ACLOperation as Op,
    )
    from kafka.admin import (
        ACLResourcePatternType as Pattern,
    )
    from kafka.admin import (
        ResourceType as Res,
    )

    def allow(user: str, op: Op, resource: Res, name: str, pattern: Pattern) -> ACL:
        return ACL(
            principal=f"User:{user}",
            host="*",
            operation=op,
            permission_type=ACLPermissionType.ALLOW,
            resource_pattern=ResourcePattern(resource, name, pattern),
        )

    prefixed, literal = Pattern.PREFIXED, Pattern.LITERAL
    acls = []
    # writer: everything the event store does on its own topics, transactions and groups
    for op in (Op.CREATE, Op.DESCRIBE, Op.READ, Op.WRITE, Op.DESCRIBE_CONFIGS, Op.ALTER):
        acls.append(allow("writer", op, Res.TOPIC, prefix, prefixed))
    for op in (Op.WRITE, Op.DESCRIBE):
        acls.append(allow("writer", op, Res.TRANSACTIONAL_ID, prefix, prefixed))
    acls.append(allow("writer", Op.IDEMPOTENT_WRITE, Res.CLUSTER, "kafka-cluster", literal))
    for op in (Op.READ, Op.DESCRIBE):
        acls.append(allow("writer", op, Res.GROUP, prefix, prefixed))
    # reader: read the store's topics, commit offsets in its groups; nothing else
    for op in (Op.READ, Op.DESCRIBE):
        acls.append(allow("reader", op, Res.TOPIC, prefix, prefixed))
        acls.append(allow("reader", op, Res.GROUP, prefix, prefixed))
    # hris: only append to the HRIS inbound topic and its dead-letter topic
    for topic in (hris_topic, hris_topic + ".dlq"):
        for op in (Op.WRITE, Op.DESCRIBE):
            acls.append(allow("hris", op, Res.TOPIC, topic, literal))
    # writer also ingests (`serve --ingest-hris`): it reads the HRIS topic in its own group
    # (prefixed like the store's groups) and parks what it cannot read on the dead letters
    for op in (Op.READ, Op.DESCRIBE):
        acls.append(allow("writer", op, Res.TOPIC, hris_topic, literal))
    for op in (Op.CREATE, Op.WRITE, Op.DESCRIBE):
        acls.append(allow("writer", op, Res.TOPIC, hris_topic + ".dlq", literal))
    return acls


def cmd_acls(args: argparse.Namespace) -> int:
    acls = event_store_acls(args.prefix, args.hris_topic)
    result = with_admin(args.bootstrap, args.env, lambda admin: admin.create_acls(acls))
    failed = result.get("failed", []) if isinstance(result, dict) else []
    for acl, error in failed:
        print(f"ACL not created: {acl}: {error!r}", file=sys.stderr)
    if failed:
        return 1
    print(f"{len(acls)} ACLs in place (writer, reader, hris; admin is a super user)")
    created = with_admin(args.bootstrap, args.env, lambda admin: _hris_topics(admin, args))
    print(f"HRIS topics in place: {', '.join(created)}")
    return 0


def _hris_topics(admin: Any, args: argparse.Namespace) -> list[str]:
    """Create the HRIS topic and its dead letters (the hris principal may not create topics)."""
    from kafka.admin import NewTopic
    from kafka.errors import TopicAlreadyExistsError

    replicas = min(3, len(admin.describe_cluster()["brokers"]))
    names = [args.hris_topic, args.hris_topic + ".dlq"]
    missing = [name for name in names if name not in set(admin.list_topics())]
    if missing:
        with contextlib.suppress(TopicAlreadyExistsError):
            admin.create_topics([NewTopic(name, 1, replicas) for name in missing])
    return names


def _describe(admin, topics: list[str] | None = None) -> list[dict]:
    described = admin.describe_topics(topics)
    return sorted(described, key=lambda t: t.get("name") or t.get("topic"))


def cmd_status(args: argparse.Namespace) -> int:
    cluster, described = with_admin(
        args.bootstrap, args.env, lambda admin: (admin.describe_cluster(), _describe(admin))
    )
    listed = cluster.get("brokers", [])
    live = sorted(b["broker_id"] for b in listed if not b.get("is_fenced"))
    fenced = sorted(b["broker_id"] for b in listed if b.get("is_fenced"))
    controller = cluster.get("controller_id")
    print(
        f"cluster {cluster.get('cluster_id')}: brokers {live}"
        + (f" (fenced {fenced})" if fenced else "")
        + f", controller {controller}"
    )
    topics = [t for t in described if args.internal or not t.get("is_internal")]
    if not topics:
        print("no topics")
    for topic in topics[: args.limit]:
        for p in sorted(topic["partitions"], key=lambda p: p["partition_index"]):
            leader = p["leader_id"] if p["leader_id"] >= 0 else "NONE"
            print(
                f"  {topic['name']}-{p['partition_index']}: leader {leader}"
                f" replicas {p['replica_nodes']} isr {p['isr_nodes']}"
            )
    if len(topics) > args.limit:
        print(f"  ... and {len(topics) - args.limit} more topics (--limit)")
    return 0


def cmd_leader(args: argparse.Namespace) -> int:
    topic = args.topic
    if not topic:
        names = sorted(with_admin(args.bootstrap, args.env, lambda admin: admin.list_topics()))
        events = [n for n in names if n.endswith(".events")]
        if not events:
            print("no *.events topic; name one", file=sys.stderr)
            return 2
        topic = events[0]
    described = with_admin(args.bootstrap, args.env, lambda admin: _describe(admin, [topic]))
    if not described or described[0].get("error_code"):
        print(f"topic {topic} not found", file=sys.stderr)
        return 2
    partition0 = [p for p in described[0]["partitions"] if p["partition_index"] == 0]
    if not partition0 or partition0[0]["leader_id"] < 0:
        print(f"{topic}-0 has no leader", file=sys.stderr)
        return 3
    print(f"{topic} {partition0[0]['leader_id']}")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    acls = sub.add_parser("acls")
    acls.add_argument("bootstrap")
    acls.add_argument("--env")
    acls.add_argument("--prefix", default="mentoring")
    acls.add_argument("--hris-topic", default="hris.employee-events")
    acls.set_defaults(run=cmd_acls)
    status = sub.add_parser("status")
    status.add_argument("bootstrap")
    status.add_argument("--env")
    status.add_argument("--internal", action="store_true")
    status.add_argument("--limit", type=int, default=100)
    status.set_defaults(run=cmd_status)
    leader = sub.add_parser("leader")
    leader.add_argument("bootstrap")
    leader.add_argument("topic", nargs="?")
    leader.add_argument("--env")
    leader.set_defaults(run=cmd_leader)
    args = parser.parse_args(argv)
    return args.run(args)


if __name__ == "__main__":
    sys.exit(main())
