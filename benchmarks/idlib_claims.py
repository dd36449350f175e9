"""Measure the share of plausible worlds in which each claim of the Idlib models holds.

Every parameter a claim does not fix (by its presets and ``set``) is drawn uniformly on its
declared range; a conditional claim (``when``) is measured among the draws that meet its
condition.  Prints, per claim, the measured share against the share it declares.

Usage: PYTHONPATH=. python benchmarks/idlib_claims.py [MODEL ...] [--samples N] [--seed S]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from claim_shares import claim_shares  # noqa: E402

from negotiation.scenario import bundled_scenarios, load_scenario  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("models", nargs="*")
    parser.add_argument("--samples", type=int, default=20_000)
    parser.add_argument("--seed", type=int, default=20260)
    args = parser.parse_args()
    names = args.models or sorted(n for n in bundled_scenarios() if n.startswith("idlib-"))
    for name in names:
        scenario = load_scenario(name)
        print(f"{name} (samples {args.samples}, seed {args.seed})")
        for index, item in enumerate(claim_shares(scenario, args.samples, args.seed)):
            flag = "ok " if item.share >= float(item.claim.share) else "LOW"
            when = f" [when {item.claim.when}: {item.worlds} worlds]" if item.claim.when else ""
            print(
                f"  {flag} {index:2d} {item.share:7.2%} (declares {float(item.claim.share):.0%})"
                f"{when} {item.claim.text[:90]}"
            )


if __name__ == "__main__":
    main()
