"""One CDS Hooks call's CPU in one process: the guide-shaped order-sign example, with the verdict on each
resource the EHR sends again kept (as the service runs), and with every resource validated afresh.

    python bench/crd_cpu.py                # prints Markdown
    python bench/crd_cpu.py --write        # also puts the figures in docs/benchmarks.md

CPU is this process's (time.process_time) around each call sent through Flask's test client: no network,
no gunicorn, no load generator on the same cores. The two ways take turns, call by call, so the machine's
other work falls on both alike. The call carries no token: verifying an ES384 JWT adds about 0.7 ms
(docs/benchmarks.md, the hook latency). Each call is judged and its determinations saved, as in service.
"""
from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import machine, report  # noqa: E402
from bench.costly import DATA, ORDER_SIGN, make_app  # noqa: E402

EXAMPLES = ("order-sign-a015.json", "appointment-book-a015.json")


def run(calls: int) -> list[dict]:
    from app.crd import hook
    kept_limit = hook.VERDICT_MAX_TEXT
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        app = make_app(Path(tmp) / "crd.sqlite")
        client = app.test_client()
        for name in EXAMPLES:
            body = json.loads((DATA / name).read_text())
            data = json.dumps(body)
            url = f"/cds-services/a015-{body['hook']}"

            def call():
                before = time.process_time()
                response = client.post(url, data=data, content_type="application/json")
                spent = time.process_time() - before
                assert response.status_code == 200, response.get_data(as_text=True)[:300]
                return spent
            call()  # the first call of a process loads what every later one finds ready
            kept, afresh = [], []
            for _ in range(calls):
                hook.VERDICT_MAX_TEXT = -1  # no text is short enough: every resource validated, nothing kept
                afresh.append(call())
                hook.VERDICT_MAX_TEXT = kept_limit
                kept.append(call())
            rows.append({"example": name, "hook": body["hook"], "bytes": len(data), "calls": calls,
                         "afresh": statistics.median(afresh), "kept": statistics.median(kept)})
    hook.VERDICT_MAX_TEXT = kept_limit
    return rows


def markdown(rows: list[dict], command: str, load_before: str) -> str:
    ms = lambda s: f"{s * 1000:.2f} ms"  # noqa: E731
    lines = [f"`{command}`: CPU of one process per call, the median of {rows[0]['calls']} calls each way, "
             "the two ways in turn.", "",
             "| call (tests/data/crd) | body | every resource validated | verdicts kept | kept / validated |",
             "|---|---:|---:|---:|---:|"]
    lines += [f"| {r['hook']} ({r['example']}) | {r['bytes'] / 1024:.1f} KB | {ms(r['afresh'])} | {ms(r['kept'])} | "
              f"{r['kept'] / r['afresh']:.2f} |" for r in rows]
    lines += ["", machine.markdown(machine.describe({"load average before": load_before}))]
    return "\n".join(lines)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--calls", type=int, default=200)
    parser.add_argument("--write", action="store_true", help="put the figures in docs/benchmarks.md")
    args = parser.parse_args(argv)
    load_before = machine.load_average()
    rows = run(args.calls)
    command = "python bench/crd_cpu.py" + (f" --calls {args.calls}" if args.calls != 200 else "")
    text = markdown(rows, command, load_before)
    print(text)
    if args.write:
        report.update("crd-cpu", "One hook call's CPU: verdicts kept", text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
