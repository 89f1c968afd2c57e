"""Sweep benchmark: runs per hour of a sweep file, and the cost of a large
sweep's bookkeeping (peak memory of the sweep process for N and N/10 tiny
runs, and the time to build the index of N runs from their files)."""
import argparse
import os
import re
import subprocess
import sys
import tempfile
import time

TINY = """\
name: index-bench
base: tiny.yaml
design: random
samples: {n}
parameters:
  model.morale.m0: {{min: 0.5, max: 0.9}}
summary:
  - {{metric: operating_income, reduce: sum}}
  - {{metric: headcount, reduce: last}}
  - {{metric: quits, reduce: sum}}
"""


def timed(cmd):
    """(wall seconds, peak RSS in MiB of the child, stdout)."""
    pid = os.fork()
    if pid == 0:
        devnull = os.open(os.devnull, os.O_WRONLY)
        out = os.open(os.environ["BENCH_OUT"], os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
        os.dup2(out, 1)
        os.dup2(devnull, 2)
        os.execv(cmd[0], cmd)
    t0 = time.monotonic()
    _, status, usage = os.wait4(pid, 0)
    wall = time.monotonic() - t0
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"bench: {' '.join(cmd)} failed")
    with open(os.environ["BENCH_OUT"]) as f:
        return wall, usage.ru_maxrss / 1024, f.read()


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--wfsim", required=True)
    ap.add_argument("--sweep", required=True, help="sweep file whose runs per hour to measure")
    ap.add_argument("--ticks", type=int, default=0, help="override the base's ticks (0: keep)")
    ap.add_argument("--threads", type=int, default=os.cpu_count())
    ap.add_argument("--index-runs", type=int, default=10000)
    ap.add_argument("--tiny", required=True, help="tests/data/tiny.yaml")
    ap.add_argument("--skip-rate", action="store_true")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["BENCH_OUT"] = os.path.join(tmp, "stdout.txt")
        print(f"wfsim sweep benchmark: {os.cpu_count()} cores, --threads {args.threads}")
        if not args.skip_rate:
            cmd = [args.wfsim, "sweep", args.sweep, "-o", os.path.join(tmp, "rate"),
                   "--threads", str(args.threads), "-q"]
            if args.ticks:
                cmd += ["--ticks", str(args.ticks)]
            dry = subprocess.run([args.wfsim, "sweep", args.sweep, "--dry-run"] +
                                 (["--ticks", str(args.ticks)] if args.ticks else []),
                                 capture_output=True, text=True)
            if dry.returncode != 0:
                sys.exit(f"bench: {args.sweep} does not load:\n{dry.stderr}")
            runs = int(re.search(r"= (\d+) runs", dry.stdout).group(1))
            ticks = re.search(r"seed \d+, (\d+) ticks", dry.stdout).group(1)
            wall, rss, _ = timed(cmd)
            print(f"  {args.sweep}: {runs} runs of {ticks} ticks in {wall:.1f} s = "
                  f"{3600 * runs / wall:.0f} runs/h; peak memory {rss:.0f} MiB")
        folder = os.path.join(tmp, "index")
        os.makedirs(folder)
        with open(args.tiny) as f, open(os.path.join(folder, "tiny.yaml"), "w") as g:
            g.write(f.read())
        for n in (args.index_runs // 10, args.index_runs):
            sweep = os.path.join(folder, f"s{n}.yaml")
            with open(sweep, "w") as f:
                f.write(TINY.format(n=n))
            out = os.path.join(folder, f"out{n}")
            base = [args.wfsim, "sweep", sweep, "-o", out, "--ticks", "2",
                    "--set", "output.agent_every=0", "--threads", str(args.threads)]
            wall, rss, text = timed(base + ["-q"])
            cwall, crss, ctext = timed(base + ["--collect"])
            inner = float(re.search(r"written in ([\d.e+-]+) s", ctext).group(1))
            size = os.path.getsize(os.path.join(out, "index.h5"))
            print(f"  {n:6d} tiny runs (150 people, 2 ticks): sweep {wall:6.1f} s "
                  f"({3600 * n / wall:.0f} runs/h), peak memory {rss:5.1f} MiB; "
                  f"--collect {cwall:.2f} s (index {inner:.2f} s, {size / 2**20:.1f} MiB), "
                  f"peak memory {crss:.1f} MiB")


if __name__ == "__main__":
    main()
