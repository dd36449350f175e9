"""A threshold's spread over the other parameters, against an analytic threshold t* = a/b."""

from __future__ import annotations

import json
from fractions import Fraction as F
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner
from negotiation.cli.main import cli

from negotiation.robustness import draw_points
from tests.scenario_files import write_scenario

# Row's Go pays a, Stay pays b * t; Col prefers Left whatever Row does.  Row stays in every
# equilibrium exactly when t > a / b: at a = b = 1 the threshold is t* = 1.
PAYOFFS = {
    ("Go", "Left"): ("a", "1"),
    ("Go", "Right"): ("a", "0"),
    ("Stay", "Left"): ("b * t", "1"),
    ("Stay", "Right"): ("b * t", "0"),
}
PLAYERS = {"Row": ["Go", "Stay"], "Col": ["Left", "Right"]}


def _ratio(path: Path, t_high: object):
    return write_scenario(
        path / "ratio.toml",
        {"t": (F(1, 2), 0, t_high), "a": (1, 1, 2), "b": (1, 1, 2)},
        PLAYERS,
        PAYOFFS,
    )


def _quantile(q: float) -> float:
    """The q-quantile of a / b for a, b independent uniform on [1, 2]: for r in [1/2, 1]
    P(a / b <= r) = 2r - 2 + 1/(2r) (the area under a = r b in the unit square [1, 2]^2),
    and a / b has the law of b / a, so the upper quantiles are the inverses of the lower."""
    if q > 0.5:
        return 1 / _quantile(1 - q)
    # 4 r^2 - (4 + 2q) r + 1 = 0, the root in [1/2, 1]
    return ((4 + 2 * q) + ((4 + 2 * q) ** 2 - 16) ** 0.5) / 8


def test_the_analytic_quantiles_are_right() -> None:
    """The helper above against a brute-force sample, so that the comparison below is fair."""
    rng = np.random.default_rng(0)
    ratios = rng.uniform(1, 2, 200_000) / rng.uniform(1, 2, 200_000)
    for q in (0.05, 0.5, 0.95):
        assert np.quantile(ratios, q) == pytest.approx(_quantile(q), abs=0.005)


def test_spread_matches_the_analytic_distribution(tmp_path: Path) -> None:
    """t in [0, 4] contains every a/b: each draw's threshold is a/b to the resolution, and
    the median and 5-95% interval match the law of a/b within sampling error (n = 2000: the
    standard errors of these quantiles are below 0.01)."""
    scenario = _ratio(tmp_path, 4)
    result = scenario.thresholds("t", samples=2000, seed=3)
    (threshold,) = result.thresholds
    assert threshold.value == 1
    spread = threshold.spread
    assert spread.statement == "Row plays Stay in every equilibrium"
    assert spread.becomes_true
    draws = draw_points(scenario, 2000, seed=3, vary=["a", "b"])
    assert np.abs(spread.values - draws["a"] / draws["b"]).max() <= 2 * spread.resolution
    assert spread.resolution < 1e-5
    assert spread.none_share == 0
    assert spread.median == pytest.approx(1.0, abs=0.03)
    assert spread.low == pytest.approx(_quantile(0.05), abs=0.03)  # 0.625
    assert spread.high == pytest.approx(_quantile(0.95), abs=0.04)  # 1.6


def test_draws_without_the_threshold_in_range(tmp_path: Path) -> None:
    """With t in [0, 3/2], a/b > 3/2 leaves no threshold: P(a/b > 3/2) = P(b/a < 2/3) =
    2(2/3) - 2 + 3/4 = 1/12, and Row then goes throughout (the statement is false
    throughout)."""
    scenario = _ratio(tmp_path, F(3, 2))
    spread = scenario.thresholds("t", samples=2000, seed=1).thresholds[0].spread
    low, high = spread.none.interval
    assert low <= 1 / 12 <= high
    assert spread.fails_throughout == spread.none.successes
    assert spread.holds_throughout == 0
    draws = draw_points(scenario, 2000, seed=1, vary=["a", "b"])
    assert np.array_equal(np.isnan(spread.values), draws["a"] / draws["b"] > 1.5)


def test_set_parameters_are_not_drawn(tmp_path: Path) -> None:
    """b set to 2: only a is drawn, and t* = a/2 lies in [1/2, 1]."""
    spread = _ratio(tmp_path, 4).thresholds("t", samples=300, b=2).thresholds[0].spread
    assert spread.drawn == ("a",)
    assert 0.5 <= spread.low <= spread.high <= 1.0


def test_the_same_seed_gives_the_same_spread(tmp_path: Path) -> None:
    scenario = _ratio(tmp_path, 4)
    first = scenario.thresholds("t", samples=200, seed=5).to_json()
    assert first == scenario.thresholds("t", samples=200, seed=5).to_json()
    assert first != scenario.thresholds("t", samples=200, seed=6).to_json()


def test_cli_and_api_give_the_same_spread(tmp_path: Path) -> None:
    scenario = _ratio(tmp_path, 4)
    args = ["thresholds", str(scenario.path), "t", "--samples", "300", "--seed", "2"]
    data = json.loads(CliRunner().invoke(cli, [*args, "--json"]).output)
    api = scenario.thresholds("t", samples=300, seed=2)
    assert data["thresholds"][0]["spread"] == api.thresholds[0].spread.to_json()
    assert set(data["thresholds"][0]["spread"]) >= {"median", "low", "high", "none_share"}
    text = CliRunner().invoke(cli, args)
    assert text.exit_code == 0
    line = "  uncertainty: " + api.thresholds[0].spread.text("t", "1")
    assert line in text.output.splitlines()
    assert line.startswith(
        "  uncertainty: Row plays Stay in every equilibrium once t exceeds 1 at these values; "
        "over 300 plausible worlds: between 0."
    )
    exact = CliRunner().invoke(cli, [*args, "--no-uncertainty", "--json"])
    assert json.loads(exact.output)["thresholds"][0]["spread"] is None
