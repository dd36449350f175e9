"""How long a small solve makes the user wait, against a bare ``python -c "import numpy"``.

Goal (issue 3): ``negotiation solve`` on a 3x3 ``.nfg`` takes at most 3x the time of importing
numpy in a fresh interpreter.  Both are timed here, in the same run, as the median of several
fresh processes; the ratio is printed, not asserted.

Usage: python benchmarks/startup.py [--runs N]
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

GAME = """NFG 1 R "Rock, paper, scissors" { "Row" "Column" }
{ { "Rock" "Paper" "Scissors" } { "Rock" "Paper" "Scissors" } }
""
0 0 1 -1 -1 1 -1 1 0 0 1 -1 1 -1 -1 1 0 0
"""


def median_seconds(command: list[str], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    executable = shutil.which("negotiation")
    solve = [executable] if executable else [sys.executable, "-m", "negotiation.cli.main"]
    with tempfile.TemporaryDirectory() as folder:
        game = Path(folder) / "rps.nfg"
        game.write_text(GAME)
        baseline = median_seconds([sys.executable, "-c", "import numpy"], args.runs)
        ours = median_seconds([*solve, "solve", str(game)], args.runs)
        json_out = median_seconds([*solve, "solve", str(game), "--json"], args.runs)
    print(f"python -c 'import numpy'      {baseline * 1000:7.1f} ms")
    print(f"negotiation solve rps.nfg     {ours * 1000:7.1f} ms  ratio {ours / baseline:.2f}x")
    ratio = json_out / baseline
    print(f"negotiation solve --json      {json_out * 1000:7.1f} ms  ratio {ratio:.2f}x")
    print("goal: ratio <= 3")


if __name__ == "__main__":
    main()
