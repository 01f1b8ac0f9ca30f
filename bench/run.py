"""`make bench`: every benchmark in turn, one JSON document kept with the machine it ran on.

    python -m bench.run --name full                 # what `make bench` runs
    python -m bench.run --name fanout --only wall_fanout -- --clients 1000 --servers 2

Runs bench.wall_fanout (two server processes), bench.pages, bench.contribution_burst and
bench.reconnect_storm, each as a child process (progress on stderr), collects their JSON, and
writes ONE document with the CPU model, core count, load average before and after, git commit and
date to bench/results/ (scratch, git-ignored) and docs/benchmarks/<date>-<name>.json (kept), then
draws its charts (bench/charts.py) beside it. The document is printed too. Exit status 1 if any
benchmark failed (its exit status is in the document).
"""

import argparse
import datetime
import json
import os
import platform
import subprocess
import sys
from pathlib import Path

import psutil

from bench.charts import write_charts
from bench.environment import PYTHON, log
from tests.support.servers import ROOT

# name -> (module, arguments, one JSON line or many)
BENCHES = {
    "wall_fanout": ("bench.wall_fanout", ["--servers", "2"], "lines"),
    "pages": ("bench.pages", [], "lines"),
    "contribution_burst": ("bench.contribution_burst", [], "one"),
    "reconnect_storm": ("bench.reconnect_storm", [], "one"),
}
KEPT = ROOT / "docs" / "benchmarks"
SCRATCH = ROOT / "bench" / "results"


def cpu_model():
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def git_commit():
    def git(*arguments):
        return subprocess.run(["git", *arguments], cwd=ROOT, capture_output=True, text=True, check=False)

    result = git("rev-parse", "HEAD")
    dirty = git("status", "--porcelain", "--untracked-files=no")
    commit = result.stdout.strip() or None
    return f"{commit}+changes" if commit and dirty.stdout.strip() else commit


def loadavg():
    return [round(value, 2) for value in os.getloadavg()]


def machine(before):
    return {
        "cpu_model": cpu_model(),
        "cores": psutil.cpu_count(),
        "memory_gib": round(psutil.virtual_memory().total / 2**30, 1),
        "python": platform.python_version(),
        "platform": platform.platform(),
        "loadavg_before": before,
        "loadavg_after": loadavg(),
    }


def run_one(name, extra):
    module, arguments, shape = BENCHES[name]
    command = [PYTHON, "-m", module, *arguments, *extra]
    log(f"{name}: {' '.join(command[1:])} (load average {loadavg()})")
    result = subprocess.run(command, cwd=ROOT, stdout=subprocess.PIPE, text=True, check=False)
    lines = [json.loads(line) for line in result.stdout.splitlines() if line.startswith("{")]
    value = lines if shape == "lines" else (lines[-1] if lines else None)
    return value, result.returncode


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--name", default="full", help="the document's name: docs/benchmarks/<date>-<name>.json")
    parser.add_argument("--only", action="append", choices=list(BENCHES), help="run only these (repeat)")
    parser.add_argument("--no-keep", action="store_true", help="write to bench/results/ only")
    parser.add_argument("extra", nargs="*", help="after --: arguments for the one benchmark of --only")
    args = parser.parse_args(argv)
    names = args.only or list(BENCHES)
    if args.extra and len(names) != 1:
        parser.error("extra arguments need exactly one --only")
    now = datetime.datetime.now(datetime.UTC)
    before = loadavg()
    document = {"name": args.name, "date": now.strftime("%Y-%m-%dT%H:%M:%SZ"), "git_commit": git_commit()}
    exit_codes = {}
    for name in names:
        document[name], exit_codes[name] = run_one(name, args.extra)
    document["exit_codes"] = exit_codes
    document["machine"] = machine(before)
    text = json.dumps(document, indent=1) + "\n"
    stem = f"{now:%Y-%m-%d}-{args.name}"
    SCRATCH.mkdir(parents=True, exist_ok=True)
    (SCRATCH / f"{stem}.json").write_text(text)
    if not args.no_keep:
        KEPT.mkdir(parents=True, exist_ok=True)
        kept = KEPT / f"{stem}.json"
        kept.write_text(text)
        for path in write_charts(kept):
            log(f"chart {path.relative_to(ROOT)}")
        log(f"kept {kept.relative_to(ROOT)}")
    print(text, end="")
    return 1 if any(exit_codes.values()) else 0


if __name__ == "__main__":
    sys.exit(main())
