"""The batch engine: the same equilibria as the exact solver at every point, degenerate points
routed to it, chunking invisible, and clear errors for bad points files."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from fractions import Fraction as F
from pathlib import Path

import numpy as np
import pytest
from games import games
from hypothesis import given, settings

from negotiation.batch import (
    BatchResult,
    evaluate_payoffs,
    read_points,
    result_outcome,
    solve_batch,
    solve_games,
)
from negotiation.errors import FormulaError, ScenarioError
from negotiation.game import Game
from negotiation.scenario import bundled_scenarios, load_scenario, read_scenario
from negotiation.solvers import solve

STAG_HUNT = Path(__file__).parent / "data" / "scenarios" / "stag-hunt.toml"


def parametric_scenario(folder: Path, seed: int, shape: tuple[int, ...]) -> Path:
    """A random parametric game: each payoff ``a + b*x + c*y`` with small integers a, b, c.

    At ``x = y = 0`` the payoffs are the small integers ``a``: ties, hence degenerate games,
    are common there on purpose.
    """
    rng = np.random.default_rng(seed)
    players = [f"P{k + 1}" for k in range(len(shape))]
    lines = [
        '[scenario]\nid = "random"\ntitle = "Random parametric game"\n',
        *(
            f'[parameters.{name}]\nvalue = 0\nrange = [-1, 1]\nunit = "u"\n'
            f'description = "{name}"\nsource = "test"\n'
            for name in ("x", "y")
        ),
    ]
    for player, size in zip(players, shape, strict=True):
        lines.append(f"[players.{player}.strategies]")
        lines += [f's{k} = "strategy {k}"' for k in range(size)]
        lines.append("")
    for cell in np.ndindex(*shape):
        lines.append("[payoffs." + ".".join(f"s{k}" for k in cell) + "]")
        for player in players:
            a, b, c = rng.integers(-2, 3, 3)
            lines.append(f'{player} = "{a} + {b} * x + {c} * y"')
    path = folder / f"random-{seed}.toml"
    path.write_text("\n".join(lines) + "\n")
    return path


def random_points(count: int, seed: int) -> dict[str, np.ndarray]:
    """Random points, then points on a grid of quarters, where payoffs often tie."""
    rng = np.random.default_rng(seed)
    grid = np.array([-1, -0.5, 0, 0.25, 0.5, 1])
    return {
        name: np.concatenate([rng.uniform(-1, 1, count), rng.choice(grid, count)])
        for name in ("x", "y")
    }


def assert_same_equilibria(result: BatchResult, point: int, exact) -> None:
    """The batch's equilibria at a point are the exact ones: identical where the exact solver
    ran, within 1e-9 elsewhere."""
    assert result.outcomes[result.outcome[point]] == result_outcome(exact)
    found = result.equilibria_at(point)
    if result.exact[point]:
        assert found == exact.equilibria
        return
    assert len(found) == len(exact.equilibria)
    for ours, theirs in zip(found, exact.equilibria, strict=True):
        ours_flat = [p for mixed in ours.profile for p in mixed] + list(ours.payoffs)
        theirs_flat = [p for mixed in theirs.profile for p in mixed] + list(theirs.payoffs)
        assert np.allclose(ours_flat, [float(p) for p in theirs_flat], atol=1e-9, rtol=0)


@pytest.mark.parametrize("shape", [(2, 2), (2, 3), (3, 3), (3, 2), (4, 4)], ids=str)
@pytest.mark.parametrize("seed", [1, 2, 3])
def test_batch_equals_exact_solver_on_random_parametric_games(
    tmp_path: Path, shape: tuple[int, int], seed: int
) -> None:
    scenario = read_scenario(parametric_scenario(tmp_path, seed, shape))
    points = random_points(40, seed)
    result = solve_batch(scenario, points)
    for point in range(len(result)):
        values = {name: F(float(array[point])) for name, array in points.items()}
        exact = solve(scenario.game(values))
        assert_same_equilibria(result, point, exact)
        if exact.degenerate:  # found so: by the exact solver, or by vertex enumeration
            assert result.degenerate[point]  # where the ties are the formulas' own


def test_degenerate_points_are_met_and_routed(tmp_path: Path) -> None:
    """The grid points of `random_points` give degenerate games: the test above checks them."""
    scenario = read_scenario(parametric_scenario(tmp_path, 1, (3, 3)))
    result = solve_batch(scenario, {"x": np.zeros(3), "y": np.array([0.0, 0.5, 0.3])})
    assert result.exact[0]
    assert result.degenerate[0]


def test_tie_in_stag_hunt_goes_to_exact_solver() -> None:
    # stag == hare: hunting hare earns the same against a stag hunter, a payoff tie.
    scenario = read_scenario(STAG_HUNT)
    result = solve_batch(scenario, {"stag": np.array([3.5, 4.0]), "hare": np.array([3.5, 3.0])})
    assert result.exact.tolist() == [True, False]
    assert result.degenerate.tolist() == [True, False]
    # Stag hunt at stag 4, hare 3: the mixed equilibrium plays Stag with probability
    # hare / stag = 3/4 (indifference: 4 p = 3).
    mixed = [eq for eq in result.equilibria_at(1) if not eq.pure]
    assert mixed[0].profile == ((0.75, 0.25), (0.75, 0.25))
    assert result.label(1) == (
        "Alice: Stag; Bob: Stag | Alice: Hare; Bob: Hare | Alice: Stag + Hare; Bob: Stag + Hare"
    )


@settings(max_examples=60, deadline=None)
@given(game=games(players=2, max_strategies=4))
def test_batch_equals_exact_on_integer_games(game: Game) -> None:
    payoffs = [np.array(array, dtype=np.int64)[None] for array in game.payoffs]
    result = solve_games(payoffs)
    assert_same_equilibria(result, 0, solve(game))


@pytest.mark.parametrize("shape", [(2, 2, 2), (2, 3, 2), (3, 2, 2, 2)], ids=str)
def test_pure_equilibria_of_more_players_equal_exact_pure_solver(shape: tuple[int, ...]) -> None:
    rng = np.random.default_rng(len(shape))
    payoffs = [rng.integers(-2, 3, (200, *shape)) for _ in shape]
    result = solve_games(payoffs)
    assert not result.complete
    for point in range(200):
        exact = solve(Game([payoff[point].astype(object) for payoff in payoffs]), method="pure")
        assert_same_equilibria(result, point, exact)
    assert result.exact.any()  # small integers tie: some points were solved exactly


def test_chunks_give_the_same_answer_as_one_chunk() -> None:
    rng = np.random.default_rng(7)
    payoffs = [rng.integers(-3, 4, (500, 3, 3)) for _ in range(2)]
    whole = solve_games(payoffs, chunk_size=500)
    chunked = solve_games(payoffs, chunk_size=37)
    assert [whole.outcomes[code] for code in whole.outcome] == [
        chunked.outcomes[code] for code in chunked.outcome
    ]
    assert np.array_equal(whole.exact, chunked.exact)
    assert np.array_equal(whole.equilibria.point, chunked.equilibria.point)
    for ours, theirs in zip(whole.equilibria.profiles, chunked.equilibria.profiles, strict=True):
        assert np.array_equal(ours, theirs)


def test_outcomes_kept_without_equilibria() -> None:
    rng = np.random.default_rng(8)
    payoffs = [rng.random((300, 3, 3)) for _ in range(2)]
    kept = solve_games(payoffs)
    bare = solve_games(payoffs, keep_equilibria=False)
    assert bare.equilibria is None
    assert [kept.outcomes[c] for c in kept.outcome] == [bare.outcomes[c] for c in bare.outcome]


def test_evaluate_payoffs_matches_the_exact_game() -> None:
    scenario = read_scenario(STAG_HUNT)
    points = {"stag": np.array([4.0, 9.5]), "hare": np.array([3.0, 1.25])}
    row, column = evaluate_payoffs(scenario, points)
    assert row.shape == column.shape == (2, 2, 2)
    for point in range(2):
        exact = scenario.game({"stag": F(points["stag"][point]), "hare": F(points["hare"][point])})
        assert row[point].tolist() == exact.float_payoffs()[0].tolist()
        assert column[point].tolist() == exact.float_payoffs()[1].tolist()


def test_unnamed_parameters_keep_the_base_values() -> None:
    scenario = read_scenario(STAG_HUNT)
    result = solve_batch(scenario, {"hare": np.array([1.0])}, base=scenario.values(["rich-stag"]))
    stag_stag = result.equilibria_at(0)[0]
    assert stag_stag.payoffs == (8.0, 8.0)  # the preset's stag, not the baseline's 4


def test_exact_values_given_as_text_are_exact() -> None:
    scenario = read_scenario(STAG_HUNT)
    points = {"stag": np.array(["7/2"], dtype=object), "hare": np.array(["3.5"], dtype=object)}
    result = solve_batch(scenario, points)
    assert result.exact[0]  # 7/2 == 3.5 exactly: a tie
    assert result.exact_results[0].equilibria[0].payoffs == (F(7, 2), F(7, 2))
    assert result.values(0) == {"stag": F(7, 2), "hare": F(7, 2)}


def test_unknown_parameter_names_the_closest() -> None:
    with pytest.raises(ScenarioError, match=r"unknown parameter 'stg' \(did you mean 'stag'\?\)"):
        solve_batch(read_scenario(STAG_HUNT), {"stg": np.ones(2)})


def test_infinite_payoff_names_the_point(tmp_path: Path) -> None:
    text = STAG_HUNT.read_text().replace('Alice = "stag"', 'Alice = "1 / (stag - 4)"')
    path = tmp_path / "divide.toml"
    path.write_text(text)
    with pytest.raises(FormulaError, match="at point 2: division by zero"):
        solve_batch(read_scenario(path), {"stag": np.array([5.0, 4.0])})


def test_json_at_exact_points_is_the_solve_json() -> None:
    scenario = read_scenario(STAG_HUNT)
    points = {"stag": np.array(["7/2", "4"], dtype=object), "hare": np.array(["7/2", "3"])}
    data = solve_batch(scenario, points).to_json()
    exact = solve(scenario.game({"stag": F(7, 2), "hare": F(7, 2)}))
    first, second = data["points"]
    assert first["parameters"] == {"stag": "7/2", "hare": "7/2"}
    assert first["exact"] is True
    assert first["equilibria"] == exact.to_json()["equilibria"]
    assert second["exact"] is False
    assert second["equilibria"][2] == {
        "profile": {"Alice": {"Stag": 0.75, "Hare": 0.25}, "Bob": {"Stag": 0.75, "Hare": 0.25}},
        "payoffs": {"Alice": 3.0, "Bob": 3.0},
        "pure": False,
    }
    assert data["fixed"] == {}
    json.dumps(data)  # serialisable as it is


def test_csv_has_one_row_per_point_and_equilibrium() -> None:
    scenario = read_scenario(STAG_HUNT)
    result = solve_batch(scenario, {"stag": np.array([4.0, 3.5]), "hare": np.array([3.0, 3.5])})
    buffer = io.StringIO()
    result.write_csv(buffer)
    lines = buffer.getvalue().splitlines()
    assert lines[0] == (
        "point,stag,hare,exact,equilibrium,Alice:Stag,Alice:Hare,Bob:Stag,Bob:Hare,"
        "payoff:Alice,payoff:Bob"
    )
    assert lines[3] == "1,4.0,3.0,false,3,0.75,0.25,0.75,0.25,3.0,3.0"
    assert lines[4] == "2,3.5,3.5,true,1,1,0,1,0,7/2,7/2"
    assert len(lines) == 1 + 3 + 2


# -- reading points -----------------------------------------------------------------------


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "points.csv"
    path.write_text(text)
    return path


def test_read_points_exact_text(tmp_path: Path) -> None:
    path = write(tmp_path, "stag, hare\n4,3\n\n9/2, 0.1\n")
    points = read_points(read_scenario(STAG_HUNT), path)
    assert list(points) == ["stag", "hare"]
    assert points["stag"].tolist() == ["4", "9/2"]
    assert points["hare"].tolist() == ["3", "0.1"]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        pytest.param(
            "stag,hair\n4,3\n",
            r"points.csv:1: unknown parameter 'hair' in the header \(did you mean 'hare'\?\)",
            id="unknown_column",
        ),
        pytest.param(
            "stag,hare\n4,3\n5,lots\n",
            r"points.csv:3: column 'hare': expected a number such as 3, 2.5 or 3/2, got 'lots'",
            id="not_a_number",
        ),
        pytest.param(
            "stag,hare\n4,3\n5,1/0\n", r"points.csv:3: column 'hare'", id="division_by_zero"
        ),
        pytest.param("stag,hare\n4,3\n5\n", r"points.csv:3: 1 values for 2 columns", id="short"),
        pytest.param("stag,stag\n4,3\n", r"points.csv:1: column 'stag' appears twice", id="twice"),
        pytest.param("", r"points.csv: empty file", id="empty"),
        pytest.param("stag,hare\n", r"points.csv: no points", id="header_only"),
        pytest.param(
            "stag,hare\n4,1e999\n", r"points.csv:2: column 'hare': 1e999 is too large", id="huge"
        ),
        pytest.param("stag\nnan\n", r"points.csv:2: column 'stag': expected a number", id="nan"),
    ],
)
def test_read_points_errors(tmp_path: Path, text: str, message: str) -> None:
    with pytest.raises(ScenarioError, match=message):
        read_points(read_scenario(STAG_HUNT), write(tmp_path, text))


def test_read_points_missing_file(tmp_path: Path) -> None:
    with pytest.raises(ScenarioError, match="nowhere.csv: no such file"):
        read_points(read_scenario(STAG_HUNT), tmp_path / "nowhere.csv")


# -- bundled models ---------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["idlib-offensive", "idlib-refugees", "idlib-hts"])
def test_bundled_model_batch_equals_exact(name: str) -> None:
    if name not in bundled_scenarios():
        pytest.skip(f"{name} is not bundled yet")
    from negotiation.robustness import draw_points

    scenario = load_scenario(name)
    points = draw_points(scenario, 60, seed=5)
    result = solve_batch(scenario, points)
    method = "auto" if len(scenario.players) == 2 else "pure"
    for point in range(len(result)):
        values = {**scenario.baseline(), **result.values(point)}
        exact = solve(scenario.game({k: F(v) for k, v in values.items()}), method=method)
        assert_same_equilibria(result, point, exact)


def test_importing_batch_imports_no_sympy_or_scipy() -> None:
    code = (
        "import sys, negotiation.batch, negotiation.robustness; "
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('sympy', 'scipy')))"
    )
    output = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert output.strip() == "[]"
