"""The costly requests of issue 17, in one process: a result's PDF laid out against one given from what
was kept, and a CDS Hooks call's cost per order judged, with the cap on and off.

    python bench/costly.py                 # prints Markdown
    python bench/costly.py --write         # also puts the figures in docs/benchmarks.md

Server CPU is this process's CPU time (time.process_time) around each request sent through Flask's test
client: no network, no gunicorn, no load generator on the same cores, so a busy machine moves the figures
less than it moves latency (compare the figures of one run with each other). The app is the real one on a
new SQLite file, with the rate limits off; the hook calls carry no token (its check is the same for a call
of one order or of a hundred), and their orders are the guide-based 0592T order of tests/data/crd, with
copies under new ids.
"""
from __future__ import annotations

import argparse
import copy
import json
import secrets
import statistics
import sys
import tempfile
import time
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import machine, report  # noqa: E402

DATA = machine.ROOT / "tests" / "data" / "crd"
ORDER_SIGN = "/cds-services/a015-order-sign"
ANSWERS = {"diagnosis": "mental_health", "service": "coaching", "credential": "nbhwc", "state": "NY",
           "setting": "outpatient", "session": "follow_up", "minutes": 45, "delivery": "in_person",
           "date_of_service": "2025-03-01", "audience": "provider"}
BODY_LIMIT = 64 * 1024


def make_app(database: Path, **settings):
    from flask_migrate import upgrade

    from app import create_app
    from app.extensions import db
    app = create_app({"TESTING": True, "SECRET_KEY": secrets.token_hex(32), "RATELIMIT_ENABLED": False,
                      "SQLALCHEMY_DATABASE_URI": f"sqlite:///{database}", "PUBLIC_BASE_URL": "http://127.0.0.1:5000",
                      "CRD_JWT_REQUIRED": False, "WTF_CSRF_ENABLED": False, **settings})
    with app.app_context():
        upgrade()
        db.engine.dispose()
    return app


def _cpu(send, times: int) -> list[float]:
    """CPU seconds of each of `times` calls of send()."""
    spent = []
    for _ in range(times):
        before = time.process_time()
        send()
        spent.append(time.process_time() - before)
    return spent


def pdf_costs(app, rounds: int) -> dict:
    """A looked-up result's PDF: laid out every time (as before the PDFs were kept), and given again."""
    client = app.test_client()
    reference = client.post("/api/v1/determinations", json=ANSWERS).get_json()["reference"]
    client.post("/lookup", data={"reference": reference, "audience": "provider"})
    size = len(client.get("/lookup/result.pdf").data)

    def laid_out():
        app.extensions.pop("kept_pdfs", None)  # nothing kept: every request lays the PDF out
        assert client.get("/lookup/result.pdf").status_code == 200
    laid = _cpu(laid_out, rounds)
    client.get("/lookup/result.pdf")
    kept = _cpu(lambda: client.get("/lookup/result.pdf"), rounds * 5)
    return {"laid_out": statistics.median(laid), "kept": statistics.median(kept), "bytes": size, "rounds": rounds}


def hook_body(orders: int) -> dict:
    """order-sign with `orders` copies of the 0592T coaching order, and nothing else in scope."""
    body = json.loads((DATA / "order-sign-a015.json").read_text())
    entry = body["context"]["draftOrders"]["entry"][0]
    resource = {k: v for k, v in entry["resource"].items() if k not in ("requester", "encounter", "authoredOn")}
    resource["code"] = {"coding": [{k: v for k, v in resource["code"]["coding"][0].items() if k != "display"}]}
    body["context"]["draftOrders"]["entry"] = [{"resource": {**copy.deepcopy(resource), "id": f"c{n}"}}
                                               for n in range(orders)]
    return body


def most_orders() -> int:
    """How many such orders one call can carry under the 64 KB limit on a body."""
    orders = 1
    while len(json.dumps(hook_body(orders + 1)).encode()) < BODY_LIMIT:
        orders += 1
    return orders


def hook_costs(app, orders: int, rounds: int) -> dict:
    client = app.test_client()
    data = json.dumps(hook_body(orders))
    sizes = []

    def call():
        response = client.post(ORDER_SIGN, data=data, content_type="application/json")
        assert response.status_code == 200, response.get_data(as_text=True)[:300]
        sizes.append(len(response.data))
    call()  # the first call of a process loads what every later one finds ready
    spent = _cpu(call, rounds)
    body = client.post(ORDER_SIGN, data=data, content_type="application/json").get_json()
    return {"orders": orders, "cpu": statistics.median(spent), "bytes": sizes[-1],
            "judged": len(body.get("systemActions", []))}


def slope(points: list[tuple[int, float]]) -> float:
    """Least squares: the CPU each more order adds."""
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    mean_x, mean_y = statistics.fmean(xs), statistics.fmean(ys)
    return sum((x - mean_x) * (y - mean_y) for x, y in points) / sum((x - mean_x) ** 2 for x in xs)


def run(rounds: int, counts: tuple[int, ...]) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        capped = make_app(tmp / "capped.sqlite")
        uncapped = make_app(tmp / "uncapped.sqlite", CRD_MAX_ORDERS=10_000)
        pdf = pdf_costs(capped, rounds)
        most = most_orders()
        per_count = [hook_costs(uncapped, n, rounds) for n in counts]
        return {"pdf": pdf, "hooks": per_count, "per_order": slope([(h["orders"], h["cpu"]) for h in per_count]),
                "most": most, "uncapped": hook_costs(uncapped, most, max(1, rounds // 2)),
                "capped": hook_costs(capped, most, max(1, rounds // 2)), "cap": capped.config["CRD_MAX_ORDERS"]}


def markdown(result: dict, command: str, load_before: str) -> str:
    ms = lambda s: f"{s * 1000:.1f} ms"  # noqa: E731
    pdf, before, after = result["pdf"], result["uncapped"], result["capped"]
    lines = [f"`{command}`: CPU of this one process per request, the median of {pdf['rounds']} or more.", "",
             "A result's PDF (an office's looked-up result, "
             f"{pdf['bytes'] / 1024:.0f} KB):", "",
             "| | CPU per request |", "|---|---:|",
             f"| laid out by WeasyPrint each time (before) | {ms(pdf['laid_out'])} |",
             f"| given from what the worker kept (after, every request but the first) | {ms(pdf['kept'])} |",
             "", f"The kept PDF costs {pdf['kept'] / pdf['laid_out']:.1%} of one laid out.", "",
             "A CDS Hooks order-sign call by the number of A015 orders judged (no cap):", "",
             "| orders | CPU per call | answer |", "|---:|---:|---:|"]
    lines += [f"| {h['orders']} | {ms(h['cpu'])} | {h['bytes'] / 1024:.0f} KB |" for h in result["hooks"]]
    lines += ["", f"Each order judged adds about **{ms(result['per_order'])}** of CPU (least squares over those calls), "
              "the rest being the call's own (its body parsed and every resource validated).", "",
              f"The most such orders one call can carry under the 64 KB body limit is {result['most']}:", "",
              "| | orders judged | CPU per call | answer |", "|---|---:|---:|---:|",
              f"| no cap (before) | {before['judged']} | {ms(before['cpu'])} | {before['bytes'] / 1024:.0f} KB |",
              f"| CRD_MAX_ORDERS = {result['cap']} (after) | {after['judged']} | {ms(after['cpu'])} | "
              f"{after['bytes'] / 1024:.0f} KB |", "",
              f"With the cap a call costs {after['cpu'] / before['cpu']:.0%} of the uncapped one, and CRD_RATE_LIMIT "
              "counts each order judged, so a client's minute of calls is bounded by the orders it has judged.", "",
              machine.markdown(machine.describe({"load average before": load_before}))]
    return "\n".join(lines)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=10)
    parser.add_argument("--write", action="store_true", help="put the figures in docs/benchmarks.md")
    args = parser.parse_args(argv)
    load_before = machine.load_average()
    result = run(args.rounds, (1, 5, 10, 20, 40))
    command = "python bench/costly.py" + (f" --rounds {args.rounds}" if args.rounds != 10 else "")
    text = markdown(result, command, load_before)
    print(text)
    if args.write:
        report.update("costly", "Costly requests: a result's PDF, and a hook call per order", text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
