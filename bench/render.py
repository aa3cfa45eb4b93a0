#!/usr/bin/env python
"""The rendering benchmark behind `make bench-render`: milliseconds per summary through `render_summary`.

Renders the 22 summaries of the NIPS 2018 seed and a generated ~3 KB summary with 25 formulas (the size the
product targets: median under 8 ms), each repeatedly for a bounded time after a warm-up, and prints median and
p95 per summary, in wall-clock time and in CPU time of the rendering thread (the latter moves less when other
processes load the machine; the load average is printed too). No Django settings are needed. Writes
bench/render_results.json.

Then it renders the worst cases of bench/worst_case.py (each structure that costs more than its bytes, repeated up
to the 100 KB body limit) a few times each and prints their medians against the 500 ms target.

    .venv/bin/python bench/render.py --seconds 1.5 --worst-runs 3
"""

import argparse
import gc
import json
import os
import platform
import statistics
import sys
import time
from importlib import metadata
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from bench.worst_case import WORST_CASE_TARGET_MS, WORST_CASES  # noqa: E402
from summaries.rendering import render_summary  # noqa: E402

SEED_PATH = REPO.parent / "shared" / "seeds" / "000_c9ef4d147167c2f6.txt"
RESULTS_PATH = REPO / "bench" / "render_results.json"
TARGET_MEDIAN_MS = 8.0
PACKAGES = ("Markdown", "pymdown-extensions", "latex2mathml", "nh3")

# A summary as ShortScience authors write them: headings, a list, a figure, a link, inline and display math.
GENERATED_PARAGRAPHS = [
    "# Keypoints\n"
    "- The policy $\\pi_\\theta(a_t \\mid s_t)$ is trained with an off-policy correction.\n"
    "- The critic estimates $Q^{\\pi}(s_t, a_t) = \\mathbb{E}_{\\tau \\sim \\pi}\\left[\\sum_{k=0}^{\\infty} "
    "\\gamma^k r_{t+k}\\right]$.\n"
    "- Goals $g_t \\in \\mathbb{R}^d$ are relabeled as $\\tilde{g}_t$ to match the current low-level policy.",
    "# Background\n"
    "Hierarchical reinforcement learning splits a long task between a manager that sets sub-goals and a "
    "worker that reaches them. Earlier methods needed on-policy training or hand-designed sub-goal spaces; "
    "this paper keeps both levels off-policy, reusing a replay buffer, which is what makes it sample "
    "efficient enough to learn in a few million steps on simulated robots.",
    "## Method\n"
    "The higher-level controller emits a goal every $c$ steps; between them the goal follows "
    "$h(s_t, g_t, s_{t+1}) = s_t + g_t - s_{t+1}$. The low-level reward is "
    "$r(s_t, g_t, a_t, s_{t+1}) = -\\|s_t + g_t - s_{t+1}\\|_2$, and the relabeled goal maximizes the "
    "log-likelihood of the stored actions:",
    "$$\\tilde{g}_t = \\arg\\max_{g} \\sum_{i=t}^{t+c-1} \\log \\mu^{lo}(a_i \\mid s_i, g_i)$$",
    "https://i.imgur.com/zAHoWWO.png",
    "The critic minimizes the squared TD error $\\delta_t = r_t + \\gamma Q_{\\phi'}(s_{t+1}, "
    "\\mu(s_{t+1})) - Q_\\phi(s_t, a_t)$ with a target network $\\phi' \\leftarrow \\tau \\phi + (1 - \\tau) "
    "\\phi'$ and $\\tau = 0.005$. Its loss is",
    "$$\\mathcal{L}(\\phi) = \\frac{1}{N} \\sum_{i=1}^{N} \\left(y_i - Q_\\phi(s_i, a_i)\\right)^2, \\quad "
    "y_i = r_i + \\gamma \\min_{j=1,2} Q_{\\phi'_j}(s_{i+1}, \\tilde{a}_{i+1})$$",
    "## Results\n"
    "On Ant Maze the success rate reaches $0.99$ after $10^7$ steps, against $0.0$ for flat TD3. The "
    "variance ratio $\\sigma_s^2 / \\sigma^2$ stays near $1$, and the KL term $D_{\\mathrm{KL}}(p \\| q)$ "
    "remains below $\\epsilon = 10^{-2}$. Experiments cost about $5 and $10 of compute per seed.",
    "| Environment | HIRO | FuN | VIME |\n|---|---:|---:|---:|\n| Ant Gather | $3.02$ | $0.45$ | $0.36$ |\n"
    "| Ant Maze | $0.99$ | $0.16$ | $0.00$ |",
    "## Limitations\n"
    "The method still needs a hand-chosen goal space: the authors use the raw state (positions and "
    "orientations of the agent and objects), which works for locomotion and pushing but would not scale to "
    "pixels without a learned representation. The relabeling samples only ten candidate goals, so in long "
    "horizons the correction is approximate, and the *ablations* show it matters most when the lower-level "
    "policy changes fast. Training is also sensitive to the goal interval: too short and the hierarchy "
    "collapses into a flat policy, too long and the higher level gets too few transitions to learn from.\n\n"
    "- Off-policy correction: large gain on **Ant Push** and **Ant Fall**.\n"
    "- Pre-training the lower level: small gain, at the price of extra environment steps.\n"
    "- No hierarchy at all: fails on every maze task.",
    "See [the paper](https://arxiv.org/abs/1805.08296) and the `train.py` script; "
    "the update uses `loss = (q - y) ** 2`. A good companion read is the FeUdal Networks summary "
    "(https://www.shortscience.org/paper?bibtexKey=journals/corr/1703.01161), which motivates the "
    "manager-worker split that this paper simplifies.",
]
GENERATED_SUMMARY = "\n\n".join(GENERATED_PARAGRAPHS)


def seed_summaries() -> list[str]:
    """The 22 seed summaries: the line after each "[link]", without its stray trailing " |"."""
    lines = SEED_PATH.read_text(encoding="utf-8").split("\n")
    return [lines[i + 1].rstrip().removesuffix(" |") for i, line in enumerate(lines) if line == "[link]"]


def percentile(samples: list[float], fraction: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def measure(source: str, seconds: float, min_runs: int, max_runs: int) -> tuple[list[float], list[float]]:
    """Wall and CPU milliseconds of each render of ``source`` for about ``seconds``, at least ``min_runs``."""
    for _ in range(3):
        render_summary(source)
    gc.collect()
    wall: list[float] = []
    cpu: list[float] = []
    deadline = time.perf_counter() + seconds
    while len(wall) < max_runs and (len(wall) < min_runs or time.perf_counter() < deadline):
        start, start_cpu = time.perf_counter(), time.thread_time()
        render_summary(source)
        wall.append((time.perf_counter() - start) * 1000)
        cpu.append((time.thread_time() - start_cpu) * 1000)
    return wall, cpu


def stats(samples: list[float]) -> dict:
    return {"median_ms": round(statistics.median(samples), 3), "p95_ms": round(percentile(samples, 0.95), 3)}


def describe(name: str, source: str, wall: list[float], cpu: list[float]) -> dict:
    html = render_summary(source)
    return {
        "name": name,
        "bytes": len(source.encode("utf-8")),
        "formulas": html.count("<math"),
        "math_errors": html.count('class="math-error"'),
        "html_chars": len(html),
        "runs": len(wall),
        "wall": stats(wall),
        "cpu": stats(cpu),
    }


def measure_worst_cases(runs: int) -> list[dict]:
    """Median wall and CPU milliseconds of ``runs`` renders of each worst case, printed as they come."""
    print(f"\n{'worst case at the body limit':<42}{'bytes':>7}{'html':>9}{'wall median':>13}{'cpu median':>12}")
    rows = []
    for name, source in WORST_CASES.items():
        wall: list[float] = []
        cpu: list[float] = []
        for _ in range(runs):
            start, start_cpu = time.perf_counter(), time.thread_time()
            html = render_summary(source)
            wall.append((time.perf_counter() - start) * 1000)
            cpu.append((time.thread_time() - start_cpu) * 1000)
        row = {
            "name": name,
            "bytes": len(source.encode("utf-8")),
            "html_chars": len(html),
            "runs": runs,
            "wall_median_ms": round(statistics.median(wall), 1),
            "cpu_median_ms": round(statistics.median(cpu), 1),
        }
        print(
            f"{name:<42}{row['bytes']:>7}{row['html_chars']:>9}{row['wall_median_ms']:>13.1f}"
            f"{row['cpu_median_ms']:>12.1f}",
            flush=True,
        )
        rows.append(row)
    slowest = max(rows, key=lambda row: row["wall_median_ms"])
    verdict = "meets" if slowest["wall_median_ms"] < WORST_CASE_TARGET_MS else "misses"
    print(
        f"slowest: {slowest['name']}, median {slowest['wall_median_ms']:.0f} ms wall "
        f"({slowest['cpu_median_ms']:.0f} ms CPU), {verdict} the {WORST_CASE_TARGET_MS:.0f} ms target"
    )
    return rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=1.5, help="time budget per summary (default 1.5)")
    parser.add_argument("--min-runs", type=int, default=50)
    parser.add_argument("--max-runs", type=int, default=5000)
    parser.add_argument("--worst-runs", type=int, default=3, help="renders of each worst case (0 skips them)")
    args = parser.parse_args()

    load_before = os.getloadavg()
    rows = []
    seed_wall: list[float] = []
    seed_cpu: list[float] = []
    for index, source in enumerate(seed_summaries()):
        wall, cpu = measure(source, args.seconds / 4, args.min_runs, args.max_runs)
        seed_wall.extend(wall)
        seed_cpu.extend(cpu)
        rows.append(describe(f"seed-{index:02d}", source, wall, cpu))
    wall, cpu = measure(GENERATED_SUMMARY, args.seconds, args.min_runs * 4, args.max_runs * 4)
    generated = describe("generated-3kb-25-formulas", GENERATED_SUMMARY, wall, cpu)
    seed_all = {"renders": len(seed_wall), "wall": stats(seed_wall), "cpu": stats(seed_cpu)}

    header = (f"{'summary':<27}{'bytes':>6}{'formulas':>9}{'runs':>6}"
              f"{'wall median':>13}{'p95':>8}{'cpu median':>12}{'p95':>8}")  # fmt: skip
    print(header)
    print("-" * len(header))
    for row in [*rows, generated, {"name": "all 22 seed summaries", **seed_all}]:
        if row["name"].startswith("all"):
            print("-" * len(header))
            print(f"{row['name']:<27}{'':>6}{'':>9}{row['renders']:>6}", end="")
        else:
            print(f"{row['name']:<27}{row['bytes']:>6}{row['formulas']:>9}{row['runs']:>6}", end="")
        print(f"{row['wall']['median_ms']:>13.2f}{row['wall']['p95_ms']:>8.2f}"
              f"{row['cpu']['median_ms']:>12.2f}{row['cpu']['p95_ms']:>8.2f}")  # fmt: skip
    median = generated["wall"]["median_ms"]
    verdict = "meets" if median < TARGET_MEDIAN_MS else "misses"
    cpu_median = generated["cpu"]["median_ms"]
    print(f"\ngenerated ~3 KB summary with 25 formulas: median {median:.2f} ms wall "
          f"({cpu_median:.2f} ms CPU), {verdict} the {TARGET_MEDIAN_MS:.0f} ms target")  # fmt: skip
    worst = measure_worst_cases(args.worst_runs) if args.worst_runs > 0 else []
    load_after = os.getloadavg()
    print(f"load average {load_before[0]:.2f} before, {load_after[0]:.2f} after, on {os.cpu_count()} CPUs")

    results = {
        "when": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "python": platform.python_version(),
        "machine": platform.machine(),
        "packages": {name: metadata.version(name) for name in PACKAGES},
        "cpus": os.cpu_count(),
        "load_average": {"before": round(load_before[0], 2), "after": round(load_after[0], 2)},
        "target_median_ms": TARGET_MEDIAN_MS,
        "seed_summaries": rows,
        "seed_all": seed_all,
        "generated": generated,
        "worst_case_target_ms": WORST_CASE_TARGET_MS,
        "worst_cases": worst,
    }
    RESULTS_PATH.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {RESULTS_PATH.relative_to(REPO)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
