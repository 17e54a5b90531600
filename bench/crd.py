"""Hook latency under load: CDS Hooks calls to the CRD service under gunicorn, each with its own signed JWT.

    python bench/crd.py                       # 2,000 calls at 8 connections; prints Markdown
    python bench/crd.py --calls 500 --write   # also puts the figures in docs/benchmarks.md

The calls are the hook requests of tests/data/crd (written from the Da Vinci CRD guide's examples):
order-sign with two A015 orders and one other, appointment-book, the guide's own order-sign example
(nothing in scope), and order-sign variants that give likely not covered and needs review. Each call
carries a fresh ES384 JWT, so the token check (and its replay store) is measured too, and every
in-scope service is judged and saved. CRD asks for an answer within 5 seconds 90% of the time.
Everything runs on 127.0.0.1.
"""
from __future__ import annotations

import argparse
import copy
import http.client
import json
import math
import statistics
import sys
import tempfile
import threading
import time
import uuid
from contextlib import contextmanager
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import jwt  # noqa: E402
from cryptography.hazmat.primitives.asymmetric import ec  # noqa: E402

from bench import machine, report  # noqa: E402
from bench.api import app_environment  # noqa: E402
from bench.servers import HOST, THREADS, WORKERS, Server  # noqa: E402

DATA = machine.ROOT / "tests" / "data" / "crd"
ISSUER = "https://ehr.bench.example"
KID = "bench-1"
CRD_GOAL_SECONDS = 5.0


def bodies() -> list[tuple[str, str, dict]]:
    """(label, service path, hook request) for each kind of call in the mix."""
    def load(name):
        return json.loads((DATA / name).read_text())
    order_sign = load("order-sign-a015.json")
    not_covered = copy.deepcopy(order_sign)
    # a follow-up of 20 minutes, short of 0592T's 30 (a code outside F01-F99 alone is needs review, not this)
    not_covered["context"]["draftOrders"]["entry"][0]["resource"]["quantityQuantity"]["value"] = 20
    review = copy.deepcopy(order_sign)
    del review["context"]["draftOrders"]["entry"][0]["resource"]["performer"]
    return [("order-sign, 2 A015 orders + 1 other", "/cds-services/a015-order-sign", order_sign),
            ("appointment-book, 1 A015 appointment + 1 other", "/cds-services/a015-appointment-book",
             load("appointment-book-a015.json")),
            ("order-sign, the guide's example (none in scope)", "/cds-services/a015-order-sign",
             load("CRDServiceRequest.json")),
            ("order-sign, likely not covered", "/cds-services/a015-order-sign", not_covered),
            ("order-sign, needs review", "/cds-services/a015-order-sign", review)]


def signer():
    key = ec.generate_private_key(ec.SECP384R1())
    public = json.loads(jwt.algorithms.ECAlgorithm.to_jwk(key.public_key()))
    jwks = {"keys": [{**public, "kid": KID, "alg": "ES384", "use": "sig"}]}

    def token(audience: str) -> str:
        now = int(time.time())
        return jwt.encode({"iss": ISSUER, "sub": "bench", "aud": audience, "iat": now, "exp": now + 300,
                           "jti": uuid.uuid4().hex}, key, algorithm="ES384", headers={"kid": KID})
    return jwks, token


def percentile(values: list[float], share: float) -> float:
    """Nearest rank: the smallest value that at least `share` of the values do not exceed."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, math.ceil(share * len(ordered)) - 1))]


def drive(port: int, calls: int, connections: int, token, mix: list[tuple[str, bytes]] | None = None
          ) -> tuple[list[float], list[int]]:
    """`connections` keep-alive clients share `calls` calls, round the mix of (path, JSON body), the hook
    calls unless another is given, each with a fresh token for its path; latency of each in seconds."""
    mix = mix or [(path, json.dumps(body).encode()) for _label, path, body in bodies()]
    latencies, statuses, lock = [], [], threading.Lock()
    counter = iter(range(calls))

    def client():
        connection = http.client.HTTPConnection(HOST, port, timeout=60)
        for n in counter:
            path, body = mix[n % len(mix)]
            headers = {"Content-Type": "application/json",
                       "Authorization": f"Bearer {token(f'http://{HOST}:{port}{path}')}"}
            started = time.perf_counter()
            connection.request("POST", path, body=body, headers=headers)
            response = connection.getresponse()
            response.read()
            took = time.perf_counter() - started
            with lock:
                latencies.append(took)
                statuses.append(response.status)
        connection.close()

    threads = [threading.Thread(target=client) for _ in range(connections)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return latencies, statuses


@contextmanager
def signed_server(name: str):
    """gunicorn serving the app on a new database, trusting one fresh key's tokens (the CDS Hooks and the
    DTR services alike); yields the server and a function making a token for an audience."""
    jwks, token = signer()
    with tempfile.TemporaryDirectory() as tmp:
        keys = Path(tmp) / "jwks.json"
        keys.write_text(json.dumps(jwks))
        env = {**app_environment(Path(tmp)), "CRD_JWT_REQUIRED": "true", "DTR_JWT_REQUIRED": "true",
               "CRD_TRUSTED_ISSUERS": f"{ISSUER}={keys}"}
        with Server(name, "app:create_app()", Path(tmp), env=env) as server:
            yield server, token


def run(calls: int, connections: int) -> dict:
    with signed_server("crd") as (server, token):
        drive(server.port, min(50, calls), connections, token)  # warm both workers
        cpu_before, started = server.cpu_seconds(), time.perf_counter()
        latencies, statuses = drive(server.port, calls, connections, token)
        wall = time.perf_counter() - started
        cpu = server.cpu_seconds() - cpu_before
    return {"calls": calls, "connections": connections, "seconds": wall, "server_cpu": cpu,
            **figures(latencies, statuses),
            "within_goal": sum(1 for t in latencies if t <= CRD_GOAL_SECONDS) / len(latencies)}


def figures(latencies: list[float], statuses: list[int]) -> dict:
    """The calls not answered 200, and the latency's percentiles, maximum and mean, in seconds."""
    return {"not_200": sum(1 for s in statuses if s != 200), "p50": percentile(latencies, 0.50),
            "p90": percentile(latencies, 0.90), "p99": percentile(latencies, 0.99), "max": max(latencies),
            "mean": statistics.fmean(latencies)}


def markdown(result: dict, command: str, load_before: str) -> str:
    ms = lambda s: f"{s * 1000:.1f} ms"  # noqa: E731
    lines = [f"`{command}` ({result['calls']:,} hook calls at {result['connections']} connections, each with a fresh "
             "ES384 JWT; mix of tests/data/crd: order-sign with two A015 orders, appointment-book, the guide's "
             "out-of-scope example, likely not covered, needs review).", "",
             "| p50 | p90 | p99 | max | mean | calls/s | not 200 | within CRD's 5 s |",
             "|---|---|---|---|---|---|---|---|",
             f"| {ms(result['p50'])} | {ms(result['p90'])} | {ms(result['p99'])} | {ms(result['max'])} | "
             f"{ms(result['mean'])} | {result['calls'] / result['seconds']:.0f} | {result['not_200']} | "
             f"{result['within_goal']:.1%} |", "",
             f"CRD asks for 90% of answers within 5 s: the p90 here is {result['p90'] / CRD_GOAL_SECONDS:.2%} of that. "
             f"Server CPU {result['server_cpu']:.1f} s over {result['seconds']:.1f} s of wall time "
             f"({result['server_cpu'] / result['calls'] * 1000:.1f} ms a call); {result['connections']} connections "
             f"share gunicorn's {WORKERS} workers of {THREADS} threads (gunicorn.conf.py), so most of each latency "
             "is waiting for a worker, and the load generator (signing every JWT) runs on the same two cores.", "",
             machine.markdown(machine.describe({"load average before": load_before}))]
    return "\n".join(lines)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--calls", type=int, default=2000)
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--write", action="store_true", help="put the figures in docs/benchmarks.md")
    args = parser.parse_args(argv)
    load_before = machine.load_average()
    result = run(args.calls, args.connections)
    command = "python bench/crd.py" + (f" --calls {args.calls}" if args.calls != 2000 else "") + (
        f" --connections {args.connections}" if args.connections != 8 else "")
    text = markdown(result, command, load_before)
    print(text)
    if args.write:
        report.update("crd", "CDS Hooks (CRD) hook latency", text)
    return 0 if result["not_200"] == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
