"""DTR under load: $questionnaire-package and $next-question under gunicorn, each call with its own signed JWT,
at a few connection counts; each kind's server CPU per call and latency percentiles.

    python bench/dtr.py                            # 300 calls of each kind at 1, 4 and 8 connections; prints Markdown
    python bench/dtr.py --calls 100 --write        # also puts the figures in docs/benchmarks.md

The kinds of call, each made from the requests of tests/data/dtr (written from the Da Vinci DTR guide's examples):
$questionnaire-package with the guide-shaped A015 order (its Questionnaire built whole, its response pre-filled
from the order); $next-question asking a question (each request of one walk through the form, from the guide-shaped
first call to the last question, as the client sends the response back with one more answer); and $next-question
completing the form (the engine judges it and the determination is saved, on every call). The walk is made once,
against the same server, before anything is measured. Server CPU is gunicorn's (master and workers) over each kind's
calls. Everything runs on 127.0.0.1.
"""
from __future__ import annotations

import argparse
import http.client
import json
import statistics
import sys
import time
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from app.dtr.questionnaire import USPS  # noqa: E402
from bench import machine, report  # noqa: E402
from bench.crd import drive, figures, signed_server  # noqa: E402
from bench.servers import HOST  # noqa: E402

DATA = machine.ROOT / "tests" / "data" / "dtr"
PACKAGE = "/fhir/Questionnaire/$questionnaire-package"
NEXT = "/fhir/Questionnaire/$next-question"
GUIDE_BASE = "http://localhost"  # where tests/data/dtr's first call names the questionnaire
# the walk's answers: one-on-one follow-up coaching, every question answered (likely covered)
ANSWERS = {"diagnosis": "mental_health", "service": "coaching", "credential": "nbhwc", "state": "NY",
           "setting": "outpatient", "group": "individual", "session": "follow_up", "minutes": 45,
           "delivery": "in_person", "date_of_service": "2024-03-01"}
KINDS = {"package": "$questionnaire-package, an A015 order", "asking": "$next-question, asking a question",
         "completing": "$next-question, completing the form"}
CONNECTIONS = (1, 4, 8)


def _load(name: str) -> dict:
    return json.loads((DATA / name).read_text())


def first_call(base: str) -> dict:
    """The guide-shaped first $next-question call, its questionnaire named under the server's address."""
    return json.loads((DATA / "next-question-a015-start.json").read_text().replace(GUIDE_BASE, base))


def answer(base: str, name: str, value) -> dict:
    """An answer as a DTR client sends it for this question."""
    if name == "minutes":
        return {"valueInteger": value}
    if name == "date_of_service":
        return {"valueDate": value}
    return {"valueCoding": {"system": USPS if name == "state" else f"{base}/fhir/CodeSystem/a015-answers",
                            "code": value}}


def mixes(post, base: str) -> dict[str, list[tuple[str, bytes]]]:
    """Each kind's calls as (path, body), every one sent once through post(path, body) -> (status, answer)
    and answered 200: the package, each question of one walk through the form, and the call completing it."""
    def sent(path: str, body: dict) -> dict:
        status, answered = post(path, body)
        if status != 200:
            raise RuntimeError(f"{path} answered {status}: {json.dumps(answered)[:500]}")
        return answered

    package = _load("questionnaire-package-a015.json")
    sent(PACKAGE, package)
    asking, body = [], first_call(base)
    for _ in range(len(ANSWERS) + 1):
        response = sent(NEXT, body)["parameter"][0]["resource"]  # questionnaire-response-in: -out comes back
        if response["status"] == "completed":
            return {"package": [(PACKAGE, json.dumps(package).encode())], "asking": asking,
                    "completing": [(NEXT, json.dumps(body).encode())]}
        asking.append((NEXT, json.dumps(body).encode()))
        for item in response["item"]:
            if not item.get("answer"):  # the question it asks
                item["answer"] = [answer(base, item["linkId"], ANSWERS[item["linkId"]])]
        body = {"resourceType": "Parameters", "parameter": [{"name": "questionnaire-response-in", "resource": response}]}
    raise RuntimeError("the walk through the form did not end")


def _post(port: int, token):
    def post(path: str, body: dict) -> tuple[int, dict]:
        connection = http.client.HTTPConnection(HOST, port, timeout=60)
        try:
            connection.request("POST", path, body=json.dumps(body), headers={
                "Content-Type": "application/fhir+json", "Authorization": f"Bearer {token(f'http://{HOST}:{port}{path}')}"})
            response = connection.getresponse()
            return response.status, json.loads(response.read() or b"null")
        finally:
            connection.close()
    return post


def run(calls: int, connections=CONNECTIONS) -> dict:
    rows = []
    with signed_server("dtr") as (server, token):
        found = mixes(_post(server.port, token), server.url)
        for mix in found.values():
            drive(server.port, min(50, calls), max(connections), token, mix)  # warm both workers
        for count in connections:
            for kind, mix in found.items():
                cpu_before, started = server.cpu_seconds(), time.perf_counter()
                latencies, statuses = drive(server.port, calls, count, token, mix)
                wall = time.perf_counter() - started
                rows.append({"kind": kind, "connections": count, "calls": calls, "seconds": wall,
                             "server_cpu": server.cpu_seconds() - cpu_before,
                             "body": statistics.fmean(len(body) for _path, body in mix),
                             **figures(latencies, statuses)})
    return {"rows": rows, "questions": len(found["asking"]), "calls": calls, "connections": tuple(connections)}


def markdown(result: dict, command: str, load_before: str, load_after: str) -> str:
    ms = lambda s: f"{s * 1000:.1f} ms"  # noqa: E731
    counts = ", ".join(str(n) for n in result["connections"][:-1]) + f" and {result['connections'][-1]}"
    lines = [f"`{command}` ({result['calls']:,} calls of each kind at {counts} connections, each call with a fresh "
             "ES384 JWT; the requests of tests/data/dtr: the package of the guide-shaped A015 order, each question "
             f"of one walk through the form ({result['questions']} of them, from the guide-shaped first call), and "
             "the call completing it, judged and saved each time).", "",
             "| call | connections | p50 | p90 | p99 | max | calls/s | server CPU a call | request | not 200 |",
             "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for row in result["rows"]:
        lines.append(f"| {KINDS[row['kind']]} | {row['connections']} | {ms(row['p50'])} | {ms(row['p90'])} | "
                     f"{ms(row['p99'])} | {ms(row['max'])} | {row['calls'] / row['seconds']:.0f} | "
                     f"{ms(row['server_cpu'] / row['calls'])} | {row['body'] / 1024:.1f} KB | {row['not_200']} |")
    alone = {row["kind"]: row["server_cpu"] / row["calls"] for row in result["rows"]
             if row["connections"] == result["connections"][0]}
    form = alone["asking"] * result["questions"] + alone["completing"]
    # the CPU clock of /proc counts in ticks of 10 ms: a run of a few calls may count none for a kind
    times = (f"{alone['completing'] / alone['asking']:.1f} times" if alone["asking"] else
             "more than (too few calls to count how many times)")
    lines += ["", f"A form answered from the first call to the determination ({result['questions']} questions and "
              f"the completing call) costs about {form * 1000:.0f} ms of server CPU, and the package of an order "
              f"{alone['package'] * 1000:.1f} ms (figures at {result['connections'][0]} connection). Completing costs "
              f"{times} a question asked: the engine judges the answers and "
              "the determination is saved. Each request carries the response so far back with its contained "
              "Questionnaire (the request column is a kind's mean body). Server CPU per call is the figure to "
              "compare: past one connection the calls wait for gunicorn's 2 workers (4 "
              "threads each), on the same two cores as the load generator, which signs every JWT.", "",
              machine.markdown(machine.describe({"load average before": load_before,
                                                 "load average after": load_after}))]
    return "\n".join(lines)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--calls", type=int, default=300, help="calls of each kind at each connection count")
    parser.add_argument("--connections", type=int, nargs="+", default=list(CONNECTIONS))
    parser.add_argument("--write", action="store_true", help="put the figures in docs/benchmarks.md")
    args = parser.parse_args(argv)
    load_before = machine.load_average()
    result = run(args.calls, tuple(args.connections))
    command = "python bench/dtr.py" + (f" --calls {args.calls}" if args.calls != 300 else "") + (
        f" --connections {' '.join(map(str, args.connections))}" if tuple(args.connections) != CONNECTIONS else "")
    text = markdown(result, command, load_before, machine.load_average())
    print(text)
    if args.write:
        report.update("dtr", "DTR: $questionnaire-package and $next-question", text)
    return 0 if all(row["not_200"] == 0 for row in result["rows"]) else 1


if __name__ == "__main__":
    sys.exit(main())
