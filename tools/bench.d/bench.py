"""Runs wfsim on the synthetic firm and reports speed, memory and output size."""
import argparse
import os
import re
import subprocess
import sys
import tempfile
import time

# Shares of the synthetic firm's five functions (see firm.yaml).
SHARES = [0.40, 0.20, 0.25, 0.07, 0.08]


def run_once(wfsim, firm, people, threads, agents, compression, profile, tmp):
    sets = []
    counts = [int(round(people * s)) for s in SHARES]
    counts[0] += people - 1 - sum(counts)  # the CEO is the last person
    for i, n in enumerate(counts):
        sets += ["--set", f"firm.functions[{i}].headcount={n}"]
    sets += ["--set", f"output.agent_every={1 if agents else 0}",
             "--set", f"output.compression={compression}"]
    out = os.path.join(tmp, f"bench-{people}-{threads}-{int(agents)}.h5")
    cmd = [wfsim, "run", firm, "-o", out, "--force", "--threads", str(threads), "--ticks", "52"]
    cmd += sets + (["--profile"] if profile else [])
    t0 = time.monotonic()
    proc = subprocess.run(cmd, capture_output=True, text=True)
    wall = time.monotonic() - t0
    if proc.returncode != 0:
        sys.exit(f"bench: wfsim failed:\n{proc.stderr}")
    peak_mib = float(re.search(r"peak memory\s+([\d.]+) MiB", proc.stdout).group(1))
    agent_ticks = float(re.search(r"wall time\s+[\d.]+ s\s+\(([\d.e+]+) agent-ticks/s\)", proc.stdout).group(1))
    run_wall = float(re.search(r"wall time\s+([\d.]+) s", proc.stdout).group(1))
    hdf5 = re.search(r"HDF5 bytes\s+(\d+) \(([\d.e+]+) per agent-tick\)", proc.stdout)
    size = os.path.getsize(out)
    os.remove(out)
    return {
        "people": people, "threads": threads, "agents": agents, "wall": run_wall,
        "rate": agent_ticks, "peak_mb": peak_mib, "bytes_per_person": peak_mib * 2**20 / people,
        "h5_per_agent_tick": float(hdf5.group(2)) if hdf5 else 0.0, "file_mb": size / 2**20,
        "profile": proc.stdout[proc.stdout.find("-- profile"):] if profile else "",
        "process_wall": wall,
    }


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--wfsim", required=True)
    ap.add_argument("--firm", required=True)
    ap.add_argument("--sizes", default="100000,1600000")
    ap.add_argument("--threads", default="1,2")
    ap.add_argument("--compression", default="4", help="deflate level for per-agent output (4: the default)")
    ap.add_argument("--profile", action="store_true")
    args = ap.parse_args()
    sizes = sorted(int(s) for s in args.sizes.split(","))
    threads = [int(t) for t in args.threads.split(",")]
    print(f"wfsim benchmark: synthetic firm, 52 ticks, {os.cpu_count()} cores, "
          f"per-agent output compressed with deflate {args.compression} + shuffle")
    print(f"{'people':>10} {'threads':>7} {'agents/tick':>11} {'wall s':>8} {'agent-ticks/s':>14} "
          f"{'peak MiB':>9} {'B/person':>9} {'HDF5 B/agent-tick':>18}")
    with tempfile.TemporaryDirectory() as tmp:
        for people in sizes:
            for agents in (False, True):
                for t in threads:
                    r = run_once(args.wfsim, args.firm, people, t, agents, args.compression,
                                 args.profile, tmp)
                    peak = f"{r['peak_mb']:9.0f}"
                    bpp = f"{r['bytes_per_person']:9.0f}"
                    print(f"{people:>10} {t:>7} {'yes' if agents else 'no':>11} {r['wall']:8.2f} "
                          f"{r['rate']:14.3e} {peak} {bpp} {r['h5_per_agent_tick']:18.2f}", flush=True)
                    if args.profile:
                        print(r["profile"])
    print("agent-ticks/s: people on the payroll summed over ticks / wall time of `wfsim run` "
          "(generation included); peak memory: the process's maximum resident set")


if __name__ == "__main__":
    main()
