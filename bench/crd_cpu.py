"""One CDS Hooks call's CPU in one process: the guide-shaped order-sign example, with the verdict on each
resource the EHR sends again kept (as the service runs), with every resource validated afresh, and kept
with a fresh ES384 JWT to check, as the EHR sends on every call.

    python bench/crd_cpu.py                # prints Markdown
    python bench/crd_cpu.py --write        # also puts the figures in docs/benchmarks.md

CPU is this process's (time.process_time) around each call sent through Flask's test client: no network,
no gunicorn, no load generator on the same cores. The three ways take turns, call by call, so the machine's
other work falls on all alike. The token is signed before the clock starts (signing is the EHR's work);
its issuer is trusted as bench/crd.py trusts it, its signature, iss, aud, exp, iat and jti are checked and
its jti written to the replay store, as in service. Each call is judged and its determinations saved.
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
from bench.costly import DATA, make_app  # noqa: E402
from bench.crd import ISSUER, signer  # noqa: E402

EXAMPLES = ("order-sign-a015.json", "appointment-book-a015.json")


def run(calls: int) -> list[dict]:
    from app.crd import hook
    kept_limit = hook.VERDICT_MAX_TEXT
    jwks, token = signer()
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        keys = Path(tmp) / "jwks.json"
        keys.write_text(json.dumps(jwks))
        # one app for all three ways: the token is checked only on the calls that carry one
        app = make_app(Path(tmp) / "crd.sqlite", CRD_TRUSTED_ISSUERS=f"{ISSUER}={keys}")
        client = app.test_client()
        for name in EXAMPLES:
            body = json.loads((DATA / name).read_text())
            data = json.dumps(body)
            url = f"/cds-services/a015-{body['hook']}"
            audience = app.config["PUBLIC_BASE_URL"] + url

            def call(headers=None):
                before = time.process_time()
                response = client.post(url, data=data, content_type="application/json", headers=headers)
                spent = time.process_time() - before
                assert response.status_code == 200, response.get_data(as_text=True)[:300]
                return spent

            def signed_call():
                headers = {"Authorization": f"Bearer {token(audience)}"}  # signed before the clock starts
                app.config["CRD_JWT_REQUIRED"] = True
                try:
                    return call(headers)
                finally:
                    app.config["CRD_JWT_REQUIRED"] = False
            call()  # the first call of a process loads what every later one finds ready
            signed_call()
            kept, afresh, signed = [], [], []
            for _ in range(calls):
                hook.VERDICT_MAX_TEXT = -1  # no text is short enough: every resource validated, nothing kept
                afresh.append(call())
                hook.VERDICT_MAX_TEXT = kept_limit
                kept.append(call())
                signed.append(signed_call())
            rows.append({"example": name, "hook": body["hook"], "bytes": len(data), "calls": calls,
                         "afresh": statistics.median(afresh), "kept": statistics.median(kept),
                         "signed": statistics.median(signed)})
    hook.VERDICT_MAX_TEXT = kept_limit
    return rows


def markdown(rows: list[dict], command: str, load_before: str) -> str:
    ms = lambda s: f"{s * 1000:.2f} ms"  # noqa: E731
    lines = [f"`{command}`: CPU of one process per call, the median of {rows[0]['calls']} calls each way, "
             "the three ways in turn; the last with a fresh ES384 JWT each call, checked and its jti recorded.", "",
             "| call (tests/data/crd) | body | every resource validated | verdicts kept | kept / validated "
             "| verdicts kept, fresh JWT | the JWT adds |",
             "|---|---:|---:|---:|---:|---:|---:|"]
    lines += [f"| {r['hook']} ({r['example']}) | {r['bytes'] / 1024:.1f} KB | {ms(r['afresh'])} | {ms(r['kept'])} | "
              f"{r['kept'] / r['afresh']:.2f} | {ms(r['signed'])} | {ms(r['signed'] - r['kept'])} |" for r in rows]
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
