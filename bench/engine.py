"""The engine's speed: determinations a second over the mix, and the whole answer space.

assess() is the fast path (findings and outcome, no text); evaluate() is what the API calls: the
texts in the audience's register and, for any outcome but likely_covered, the search for what
would change the answer.
"""
from __future__ import annotations

import cProfile
import collections
import io
import json
import pstats
import statistics
import sys
import time
from dataclasses import dataclass, field

from app.coverage import engine
from app.coverage.engine import MET, assess, evaluate
from app.coverage.policy import default_policy_path, load_policy
from app.coverage.space import answer_space

from .mix import BODIES, COMPLETE, answers_mix

GOAL_SECONDS = 1.0  # the whole answer space, from issue 2's benchmark


def _evaluate(answers, policy):
    # as the API and the wizard call it: with its language named, so its words are kept
    return evaluate(answers, policy, language="en")


def _to_json(answers, policy):
    return json.dumps(_evaluate(answers, policy).to_dict())


PATHS = {
    "assess()": assess,
    "evaluate()": _evaluate,
    "evaluate() and JSON": _to_json,
}


def _rate(function, items, policy, min_seconds: float, repeat: int) -> list[float]:
    """Determinations a second, once per repeat: whole passes over the items for at least min_seconds."""
    rates = []
    for _ in range(repeat):
        done, started = 0, time.perf_counter()
        while True:
            for answers in items:
                function(answers, policy)
            done += len(items)
            elapsed = time.perf_counter() - started
            if elapsed >= min_seconds:
                break
        rates.append(done / elapsed)
    return rates


@dataclass
class BodyCost:
    label: str
    outcome: str
    ways: int
    assess_us: float
    evaluate_us: float


@dataclass
class EngineResult:
    repeat: int
    rates: dict[str, list[float]] = field(default_factory=dict)  # path name -> determinations/s per repeat
    bodies: list[BodyCost] = field(default_factory=list)
    space_size: int = 0
    space_step: int = 1
    space_seconds: dict[str, float] = field(default_factory=dict)  # generation, assess(), evaluate()

    def rate(self, name: str) -> float:
        return statistics.median(self.rates[name])

    def space_goal_met(self, name: str) -> bool:
        return self.space_seconds[name] < GOAL_SECONDS


def run(min_seconds: float = 1.0, repeat: int = 5, space_step: int = 1, policy=None,
        progress=lambda message: print(message, file=sys.stderr)) -> EngineResult:
    """Measure the engine; space_step > 1 evaluates every n-th answer and scales the time up."""
    policy = policy or load_policy(default_policy_path())
    result = EngineResult(repeat=repeat, space_step=space_step)
    mix = [answers for _label, answers in answers_mix(BODIES)]
    complete = [answers for _label, answers in answers_mix(COMPLETE)]

    progress("engine: determinations a second over the mix")
    for name, function in PATHS.items():
        result.rates[f"{name}, the mix"] = _rate(function, mix, policy, min_seconds, repeat)
    result.rates["evaluate(), questions answered"] = _rate(_evaluate, complete, policy, min_seconds, repeat)

    for label, answers in answers_mix(BODIES):
        determination = _evaluate(answers, policy)
        per_body = max(min_seconds / 20, 0.0)
        result.bodies.append(BodyCost(
            label, determination.outcome, len(determination.what_would_change),
            1e6 / statistics.median(_rate(assess, [answers], policy, per_body, 3)),
            1e6 / statistics.median(_rate(_evaluate, [answers], policy, per_body, 3))))

    progress("engine: the whole answer space")
    started = time.perf_counter()
    space = list(answer_space(policy))
    result.space_seconds["generation"] = time.perf_counter() - started
    result.space_size = len(space)
    passes = []
    for _ in range(max(1, min(repeat, 3))):
        started = time.perf_counter()
        for answers in space[::space_step]:
            assess(answers, policy)
        passes.append((time.perf_counter() - started) * space_step)
    result.space_seconds["assess()"] = statistics.median(passes)
    sample = space[::space_step]
    progress(f"engine: evaluate() over {len(sample):,} answers of the space")
    started = time.perf_counter()
    for answers in sample:
        _evaluate(answers, policy)
    result.space_seconds["evaluate()"] = (time.perf_counter() - started) * space_step
    return result


def markdown(result: EngineResult, command: str) -> str:
    lines = [f"Command: `{command}`", "",
             f"Determinations a second, one process, the median of {result.repeat} runs "
             "(the mix is the ten bodies listed below, in turn):", "",
             "| path | determinations/s | µs each | runs (min–max /s) |", "|---|---:|---:|---|"]
    for name, rates in result.rates.items():
        rate = statistics.median(rates)
        lines.append(f"| {name} | {rate:,.0f} | {1e6 / rate:,.1f} | {min(rates):,.0f}–{max(rates):,.0f} |")
    lines += ["", "Each body of the mix on its own (median of 3 runs):", "",
              "| body | outcome | ways to change | assess() µs | evaluate() µs |", "|---|---|---:|---:|---:|"]
    for body in result.bodies:
        lines.append(f"| {body.label} | {body.outcome} | {body.ways} | {body.assess_us:,.1f} | {body.evaluate_us:,.0f} |")
    scaled = "" if result.space_step == 1 else f" (every {result.space_step}th answer, time scaled up)"
    lines += ["", f"The whole answer space: {result.space_size:,} answers from `answer_space(policy)`{scaled}; "
              f"goal under {GOAL_SECONDS:.0f} s:", "",
              "| through | seconds | answers/s | goal |", "|---|---:|---:|---|",
              f"| building the answers | {result.space_seconds['generation']:.3f} | "
              f"{result.space_size / result.space_seconds['generation']:,.0f} | |"]
    for name in ("assess()", "evaluate()"):
        seconds = result.space_seconds[name]
        verdict = "met" if result.space_goal_met(name) else f"**not met**: {seconds / GOAL_SECONDS:,.2g}× the goal"
        lines.append(f"| {name} | {seconds:,.3f} | {result.space_size / seconds:,.0f} | {verdict} |")
    return "\n".join(lines)


# --- where evaluate() spends its time ---------------------------------------------------------

@dataclass
class Profile:
    step: int
    answers: int
    repeat: int
    parts: dict[str, float]  # what the time over the sample goes to, seconds (median of the repeats)
    cold_seconds: float  # evaluate() over the sample with what_would_change's cache emptied first
    cache_entries: int | None
    by_unmet: dict[int, tuple[int, float]]  # criteria not met -> (answers, seconds)
    worst: list[tuple[float, int, object]]  # (seconds, ways to change, answers)
    top: str


def _timed(function, sample, policy) -> float:
    started = time.perf_counter()
    for answers in sample:
        function(answers, policy)
    return time.perf_counter() - started


def profile(step: int = 1, top: int = 15, repeat: int = 3, policy=None) -> Profile:
    """Where evaluate() spends its time over every step-th answer of the space (all by default).

    The parts are measured by difference, each the median of `repeat` passes: assess() alone;
    evaluate() with what_would_change() answering nothing (so the texts, warnings and building the
    determination are the difference from assess()); and evaluate() whole (so the search for what
    would change the answer, and the words for each way found, are the rest). cProfile then says
    which functions the time is spent in."""
    policy = policy or load_policy(default_policy_path())
    sample = list(answer_space(policy))[::step]
    engine.clear_caches()  # every cache the engine keeps, emptied
    cold = _timed(_evaluate, sample, policy)
    real_search = engine.what_would_change

    passes = collections.defaultdict(list)
    for _ in range(repeat):
        passes["assess"].append(_timed(assess, sample, policy))
        engine.what_would_change = lambda *args: []
        try:
            passes["no search"].append(_timed(_evaluate, sample, policy))
        finally:
            engine.what_would_change = real_search
        passes["evaluate"].append(_timed(_evaluate, sample, policy))
    median = {name: statistics.median(values) for name, values in passes.items()}
    parts = {
        "assess(): the seven criteria, their findings and citations": median["assess"],
        "the texts: reasons, warnings, outcome label, disclaimer; building the Determination":
            median["no search"] - median["assess"],
        "what_would_change(): the search (cached per criterion) and the words for each way":
            median["evaluate"] - median["no search"],
        "evaluate(), whole": median["evaluate"],
    }
    groups: dict[int, list] = collections.defaultdict(lambda: [0, 0.0])
    costs = []
    for answers in sample:
        unmet = sum(f.status != MET for f in assess(answers, policy)[1])
        started = time.perf_counter()
        determination = _evaluate(answers, policy)
        seconds = time.perf_counter() - started
        groups[unmet][0] += 1
        groups[unmet][1] += seconds
        costs.append((seconds, len(determination.what_would_change), answers))
    # one timing each can catch a pause of the machine: the dearest ten are timed again, the fastest kept
    worst = []
    for _seconds, ways, answers in sorted(costs, key=lambda c: c[0], reverse=True)[:10]:
        worst.append((min(_timed(_evaluate, [answers], policy) for _ in range(20)), ways, answers))
    profiler = cProfile.Profile()
    profiler.enable()
    for answers in sample:
        _evaluate(answers, policy)
    profiler.disable()
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out).strip_dirs()  # file names only: no paths of this machine
    stats.sort_stats("tottime").print_stats(top)
    text = "\n".join(line for line in out.getvalue().strip().splitlines()
                     if line.strip() and not line.lstrip().startswith(("Ordered by", "List reduced")))
    return Profile(step, len(sample), repeat, parts, cold, len(engine._FEWEST),
                   {n: (g[0], g[1]) for n, g in sorted(groups.items())},
                   sorted(worst, key=lambda c: c[0], reverse=True)[:3], text)


def profile_markdown(result: Profile, command: str) -> str:
    whole = result.parts["evaluate(), whole"]
    sample = "the whole answer space" if result.step == 1 else f"every {result.step}th answer of the space"
    lines = [f"Command: `{command}`", "",
             f"evaluate() over {sample} ({result.answers:,} answers), the median of {result.repeat} passes, "
             "split by difference: assess() alone; evaluate() with what_would_change() answering nothing; "
             "evaluate() whole:", "",
             "| part | seconds | share |", "|---|---:|---:|"]
    for name, seconds in result.parts.items():
        lines.append(f"| {name} | {seconds:.3f} | {seconds / whole:.0%} |")
    cache = "" if result.cache_entries is None else f" ({result.cache_entries:,} entries after it)"
    lines += ["", f"The first pass, with what_would_change()'s cache emptied, took {result.cold_seconds:.3f} s"
              f"{cache}.", "",
              "By how many of the seven criteria are not met:", "",
              "| criteria not met | answers | µs each (mean) | share of the time |", "|---:|---:|---:|---:|"]
    total = sum(seconds for _count, seconds in result.by_unmet.values()) or 1
    for unmet, (count, seconds) in result.by_unmet.items():
        lines.append(f"| {unmet} | {count:,} | {seconds / count * 1e6:,.0f} | {seconds / total:.0%} |")
    lines += ["", "The dearest answers (the fastest of 20 timings each):", ""]
    for seconds, ways, answers in result.worst:
        shown = {k: v for k, v in answers.to_dict().items() if v not in (None, False) and k != "audience"}
        lines.append(f"- {seconds * 1e6:,.0f} µs, {ways} way{'s' if ways != 1 else ''} to change: `{json.dumps(shown)}`")
    lines += ["", "cProfile, by the time spent in each function itself (cProfile's own cost inflates the total):",
              "", "```", result.top, "```"]
    return "\n".join(lines)
