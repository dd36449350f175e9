"""idlib-motive and idlib-pledge (issue 13, part 5): Russia's motive type and SF9.

Expected values are derived by hand from the payoffs (docs/models.md, section 11), computed
here from the raw parameters, not from the model's terms:

- a thrust costs Moscow ``c_regime_losses * depth_limited + c_ties * ties_share_limited +
  (c_outcry * covid_multiplier + c_sanctions) * displaced_limited``, either motive;
- a security-driven Moscow thrusts iff the attacks it ends (``w_mil * s_hmeimim * p``, ``p``
  the rate HTS's conduct allows) plus the cost of holding Damascus back exceed that; a
  pretext-driven one iff the territory (``w_mil * v_terr * depth_limited``) plus that cost do;
- Turkey, not knowing the motive, includes HTS iff ``c_nationalist`` is below the thrusts
  inclusion averts, ``stake_thrust`` times the probability they come without it less the
  probability they come with it;
- in the pledge tree, backward induction by hand from the last move up.

The Harsanyi form (chance at the root, Turkey's two nodes one information set) is built
here and solved too: it must give the same equilibria, and its prior threshold the same
value.  Gambit (pygambit) solves both trees' reduced forms: its pure equilibria must be ours.
"""

from __future__ import annotations

import json
import random
import shutil
import tomllib
import warnings
from fractions import Fraction
from pathlib import Path

import pytest
from click.testing import CliRunner
from negotiation.cli.main import cli

import negotiation
from negotiation.analysis.tree_thresholds import tree_thresholds
from negotiation.extensive.subgame_perfect import subgame_perfect
from negotiation.scenario import RangeWarning, load_scenario

MOTIVE, PLEDGE = "idlib-motive", "idlib-pledge"
ROOT = Path(__file__).resolve().parent.parent


def run(*args: str):
    return CliRunner().invoke(cli, list(args))


def random_points(name: str, count: int, seed: int) -> list[dict[str, Fraction]]:
    """Points on a grid of 1/1000ths of every parameter's range, inside the ranges."""
    scenario = load_scenario(name)
    rng = random.Random(seed)
    return [
        scenario.values(
            (),
            {
                key: p.low + (p.high - p.low) * Fraction(rng.randint(1, 999), 1000)
                for key, p in scenario.parameters.items()
            },
        )
        for _ in range(count)
    ]


def behaviour(tree) -> list[dict[str, str]]:
    """Each subgame-perfect equilibrium as {information set: the action played for sure}."""
    found = []
    for equilibrium in subgame_perfect(tree).equilibria:
        moves = {}
        for per_player in equilibrium.behaviour:
            for infoset, distribution in per_player.items():
                (action,) = distribution  # pure: one action of probability 1
                moves[infoset] = action
        found.append(moves)
    return found


# -- the hand derivation --------------------------------------------------------------------


def thrust_costs(v) -> Fraction:
    humanitarian = v["c_outcry"] * v["covid_multiplier"] + v["c_sanctions"]
    return (
        v["c_regime_losses"] * v["depth_limited"]
        + v["c_ties"] * v["ties_share_limited"]
        + humanitarian * v["displaced_limited"]
    )


def stake(v) -> Fraction:
    return (
        v["c_refugee"] * v["covid_multiplier"] * v["displaced_limited"]
        + v["v_keep_out"] * v["depth_limited"]
    )


def security_gain(v, attack: str) -> Fraction:
    """A security-driven Moscow's thrust over holding, at attack rate ``v[attack]``."""
    return v["w_mil"] * v["s_hmeimim"] * v[attack] + v["c_restrain_damascus"] - thrust_costs(v)


def pretext_gain(v) -> Fraction:
    territory = v["w_mil"] * v["v_terr"] * v["depth_limited"]
    return territory + v["c_restrain_damascus"] - thrust_costs(v)


def motive_by_hand(v) -> dict[str, str] | None:
    """The one subgame-perfect equilibrium, or None at a tie."""
    gains = {
        "Include > Security": security_gain(v, "p_attack_comply"),
        "Exclude > Security": security_gain(v, "p_attack_spoil"),
        "Include > Pretext": pretext_gain(v),
        "Exclude > Pretext": pretext_gain(v),
    }
    if 0 in gains.values():
        return None
    moves = {node: "Thrust" if gain > 0 else "Hold" for node, gain in gains.items()}
    p = v["p_security"]

    def thrust_chance(action: str) -> Fraction:
        security = moves[f"{action} > Security"] == "Thrust"
        pretext = moves[f"{action} > Pretext"] == "Thrust"
        return p * security + (1 - p) * pretext

    include = -v["c_nationalist"] - stake(v) * thrust_chance("Include")
    exclude = -stake(v) * thrust_chance("Exclude")
    if include == exclude:
        return None
    moves["root"] = "Include" if include > exclude else "Exclude"
    return moves


POINTS = random_points(MOTIVE, 40, seed=13_051)


@pytest.mark.parametrize("index", range(len(POINTS)))
def test_the_motive_tree_solves_as_derived_by_hand(index: int) -> None:
    values = POINTS[index]
    expected = motive_by_hand(values)
    if expected is None:
        pytest.skip("a tie at this point")
    assert behaviour(load_scenario(MOTIVE).tree(values)) == [expected]


def test_inclusion_lowers_the_thrust_incentive_of_the_security_motive_only() -> None:
    """The report's point (III.B, fn80; V): over many plausible worlds inclusion turns a
    security-driven Moscow from a thrust to holding in some and never the other way, and
    never changes what a pretext-driven Moscow does."""
    scenario = load_scenario(MOTIVE)
    turned = 0
    for values in random_points(MOTIVE, 150, seed=13_052):
        (moves,) = behaviour(scenario.tree(values))
        security = (moves["Exclude > Security"], moves["Include > Security"])
        assert security != ("Hold", "Thrust")
        turned += security == ("Thrust", "Hold")
        assert moves["Include > Pretext"] == moves["Exclude > Pretext"]
    assert turned >= 15  # not a vacuous mechanism: about a third of the worlds


# -- the prior threshold ----------------------------------------------------------------------


def test_the_prior_threshold_is_the_formula_and_solving_either_side_flips_turkey() -> None:
    scenario = load_scenario(MOTIVE)
    values = scenario.values(())
    expected = values["c_nationalist"] / stake(values)
    assert expected == Fraction(5, 36)  # 1/2 over 8 * 3/10 + 4 * 3/10, by hand
    result = tree_thresholds(scenario.model, "p_security", values, symbolic=True)
    (threshold,) = result.thresholds
    assert threshold.value == expected
    assert threshold.formula.startswith("c_nationalist/(")
    epsilon = Fraction(1, 10**6)
    below = behaviour(scenario.tree({**values, "p_security": expected - epsilon}))
    above = behaviour(scenario.tree({**values, "p_security": expected + epsilon}))
    assert [moves["root"] for moves in below] == ["Exclude"]
    assert [moves["root"] for moves in above] == ["Include"]


@pytest.mark.parametrize("index", range(8))
def test_the_prior_threshold_at_random_points_where_inclusion_turns_moscow(index: int) -> None:
    candidates = [
        v
        for v in random_points(MOTIVE, 200, seed=13_053)
        if security_gain(v, "p_attack_spoil") > 0 > security_gain(v, "p_attack_comply")
    ]
    values = candidates[index]
    result = tree_thresholds(load_scenario(MOTIVE).model, "p_security", values)
    assert [t.value for t in result.thresholds] == [values["c_nationalist"] / stake(values)]


# -- the Harsanyi form: the same game with chance at the root -------------------------------


def harsanyi_file(directory: Path) -> Path:
    """idlib-motive rewritten with the motive drawn first and Turkey's two nodes in one
    information set (its leaves' formulas copied from the file)."""
    text = (ROOT / "payoffs" / f"{MOTIVE}.toml").read_text(encoding="utf-8")
    tree = tomllib.loads(text)["tree"]
    head = text[: text.index("[tree]\n")].replace(f'id = "{MOTIVE}"', 'id = "motive-harsanyi"')
    lines = [
        "[tree]",
        "chance = true",
        'probabilities = { Security = "p_security", Pretext = "1 - p_security" }',
    ]
    for motive in ("Security", "Pretext"):
        lines += [f"[tree.{motive}]", 'player = "Turkey"', 'infoset = "Turkey chooses"']
        for action in ("Include", "Exclude"):
            lines += [f"[tree.{motive}.{action}]", 'player = "Russia"']
            for move in ("Hold", "Thrust"):
                payoffs = tree[action][motive][move]["payoffs"]
                cells = ", ".join(f"{k} = {json.dumps(v)}" for k, v in payoffs.items())
                lines.append(f"[tree.{motive}.{action}.{move}]\npayoffs = {{ {cells} }}")
    (directory / "shared").mkdir()
    shutil.copy(ROOT / "payoffs" / "shared" / "idlib.toml", directory / "shared" / "idlib.toml")
    path = directory / "motive-harsanyi.toml"
    path.write_text(head + "\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_the_harsanyi_form_has_the_same_equilibria_and_threshold(tmp_path: Path) -> None:
    harsanyi = load_scenario(str(harsanyi_file(tmp_path)))
    ours = load_scenario(MOTIVE)
    for values in [ours.values(()), *random_points(MOTIVE, 6, seed=13_054)]:
        (theirs,) = behaviour(harsanyi.tree(values))
        (mine,) = behaviour(ours.tree(values))
        assert theirs.pop("Turkey chooses") == mine.pop("root")
        # the same Russian nodes, named motive first
        assert {" > ".join(reversed(k.split(" > "))): a for k, a in theirs.items()} == mine
    values = ours.values(())
    (threshold,) = tree_thresholds(harsanyi.model, "p_security", values).thresholds
    assert threshold.value == Fraction(5, 36)


# -- Gambit -------------------------------------------------------------------------------------


def gambit_helpers():
    """The tree tests' own Gambit comparison (tests/extensive), one copy for both."""
    import sys

    sys.path.insert(0, str(Path(__file__).parent / "extensive"))
    from test_reduced_form import our_pure_equilibria
    from trees import gambit_pure_equilibria, to_gambit

    return our_pure_equilibria, gambit_pure_equilibria, to_gambit


def gambit_cases() -> list:
    cases = []
    for name in (MOTIVE, PLEDGE):
        points = [load_scenario(name).values(()), *random_points(name, 3, seed=13_055)]
        cases += [pytest.param(name, k, id=f"{name}-{k}") for k in range(len(points))]
    return cases


@pytest.mark.oracle
@pytest.mark.parametrize(("name", "index"), gambit_cases())
def test_pure_equilibria_of_the_reduced_form_equal_gambit(name: str, index: int, tmp_path) -> None:
    our_pure_equilibria, gambit_pure_equilibria, to_gambit = gambit_helpers()
    scenario = load_scenario(name)
    points = [scenario.values(()), *random_points(name, 3, seed=13_055)]
    tree = scenario.tree(points[index])
    ours = our_pure_equilibria(tree)
    assert ours  # a pure equilibrium exists: the subgame-perfect one
    assert ours == gambit_pure_equilibria(tree, to_gambit(tree, tmp_path))


@pytest.mark.oracle
def test_the_harsanyi_form_equals_gambit_too(tmp_path: Path) -> None:
    our_pure_equilibria, gambit_pure_equilibria, to_gambit = gambit_helpers()
    tree = load_scenario(str(harsanyi_file(tmp_path))).tree()
    assert our_pure_equilibria(tree) == gambit_pure_equilibria(tree, to_gambit(tree, tmp_path))


# -- SF9: the pledge ------------------------------------------------------------------------


def pledge_by_hand(v) -> tuple[str, str] | None:
    """Turkey's choice after a pledge and Moscow's hold, and Moscow's after a broken pledge;
    None at a tie."""
    blame = v["c_ties"] * v["ties_share_limited"] * v["pretext_discount"]
    after_renege = security_gain(v, "p_attack_spoil") + blame
    after_fulfil = security_gain(v, "p_attack_comply")
    confront = (
        v["c_confront_hts"]
        + v["c_refugee"] * v["covid_multiplier"] * v["confront_displacement"]
        + v["v_keep_out"] * v["reconquest_easing"]
        - v["v_moscow_credit"]
    )
    if 0 in (after_renege, after_fulfil):
        return None
    fulfil = -confront - stake(v) * (after_fulfil > 0)
    renege = -stake(v) * (after_renege > 0)
    if fulfil == renege:
        return None
    return ("Fulfil" if fulfil > renege else "Renege", "Thrust" if after_renege > 0 else "Hold")


@pytest.mark.parametrize("index", range(30))
def test_the_pledge_tree_solves_as_derived_by_hand(index: int) -> None:
    values = random_points(PLEDGE, 30, seed=13_056)[index]
    expected = pledge_by_hand(values)
    if expected is None:
        pytest.skip("a tie at this point")
    for moves in behaviour(load_scenario(PLEDGE).tree(values)):
        assert (moves["Pledge > Hold"], moves["Pledge > Hold > Renege"]) == expected


def test_at_the_baseline_the_pledge_changes_nothing() -> None:
    """SF9 at the report's values: Ankara would renege, so Moscow expects the breakdown and
    the pledge is worth nothing to Ankara: pledging and not pledging are both subgame
    perfect, and both end in a thrust (the pledge only delays it)."""
    result = load_scenario(PLEDGE).solve()
    paths = {item.words() for item in result.subgame_perfect.equilibria}
    assert paths == {
        "Turkey: Pledge; Russia: Hold; Turkey: Renege; Russia: Thrust",
        "Turkey: No pledge; Russia: Thrust",
    }


# -- every command, from the command line and the API ---------------------------------------


@pytest.mark.parametrize(
    ("name", "args", "words"),
    [
        (MOTIVE, ("solve",), "Turkey: Include; Chance: Security (1/2); Russia: Hold"),
        (MOTIVE, ("whatif", "--set", "p_security=1/10"), "Exclude"),
        (MOTIVE, ("thresholds", "p_security", "--symbolic"), "p_security = 5/36"),
        (MOTIVE, ("sweep", "p_security=0:1:4"), "p_security"),
        (MOTIVE, ("robustness", "--samples", "200", "--seed", "3"), "Include"),
        (MOTIVE, ("explain",), "Backward induction"),
        (MOTIVE, ("export", "--format", "efg"), "EFG 2 R"),
        (MOTIVE, ("export", "--format", "latex"), "istgame"),
        (MOTIVE, ("export", "--format", "markdown"), "Include"),
        (MOTIVE, ("export", "--format", "nfg"), "NFG 1 R"),
        (PLEDGE, ("solve",), "Turkey: Renege"),
        (PLEDGE, ("whatif", "--set", "c_confront_hts=2", "--set", "c_refugee=16"), "Russia"),
        (PLEDGE, ("thresholds", "c_confront_hts"), "c_confront_hts"),
        (PLEDGE, ("sweep", "s_hmeimim=0:4:4"), "s_hmeimim"),
        (PLEDGE, ("robustness", "--samples", "200", "--seed", "3"), "Thrust"),
        (PLEDGE, ("explain",), "Backward induction"),
        (PLEDGE, ("export", "--format", "efg"), "EFG 2 R"),
    ],
    ids=lambda value: value if isinstance(value, str) else "-".join(value)[:30],
)
def test_every_command_works(name: str, args: tuple[str, ...], words: str) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RangeWarning)
        result = run(args[0], name, *args[1:])
    assert result.exit_code == 0, result.output
    assert words in result.output


@pytest.mark.parametrize(
    ("name", "args"),
    [
        (MOTIVE, ("solve",)),
        (MOTIVE, ("whatif", "--set", "p_security=1/10")),
        (MOTIVE, ("thresholds", "p_security")),
        (MOTIVE, ("sweep", "p_security=0:1:4")),
        (MOTIVE, ("robustness", "--samples", "100", "--seed", "3")),
        (MOTIVE, ("check", "--samples", "100", "--seed", "3")),
        (MOTIVE, ("explain",)),
        (PLEDGE, ("solve",)),
        (PLEDGE, ("thresholds", "c_confront_hts")),
        (PLEDGE, ("check", "--samples", "100", "--seed", "3")),
    ],
    ids=lambda value: value if isinstance(value, str) else "-".join(value)[:30],
)
def test_every_command_gives_json(name: str, args: tuple[str, ...]) -> None:
    result = run(args[0], name, *args[1:], "--json")
    # check exits 1 when a claim misses its share, as one may in 100 draws
    assert result.exit_code in ((0, 1) if args[0] == "check" else (0,)), result.output
    assert isinstance(json.loads(result.output), dict)


def test_solve_json_gives_the_subgame_perfect_equilibrium() -> None:
    data = json.loads(run("solve", MOTIVE, "--json").output)
    (equilibrium,) = data["subgame_perfect"]
    assert equilibrium["behaviour"]["Turkey"] == {"root": {"Include": "1"}}


def test_thresholds_json_gives_the_formula() -> None:
    data = json.loads(run("thresholds", MOTIVE, "p_security", "--symbolic", "--json").output)
    (threshold,) = data["thresholds"]
    assert threshold["value"] == "5/36"
    assert threshold["formula"].startswith("c_nationalist/(")


@pytest.mark.parametrize("name", [MOTIVE, PLEDGE])
def test_check_passes_at_the_documented_draws(name: str) -> None:
    result = run("check", name, "--samples", "5000", "--seed", "31337", "--json")
    assert result.exit_code == 0, result.output
    claims = json.loads(result.output)["claims"]
    assert claims
    assert all(claim["holds"] for claim in claims)


def test_the_python_api() -> None:
    scenario = negotiation.load(MOTIVE)
    result = scenario.solve()
    (equilibrium,) = result.subgame_perfect.equilibria
    assert equilibrium.behaviour[0] == {"root": {"Include": 1}}
    assert scenario.thresholds("p_security").thresholds[0].value == Fraction(5, 36)
    low = scenario.solve(p_security=Fraction(1, 10))
    assert low.subgame_perfect.equilibria[0].behaviour[0] == {"root": {"Exclude": 1}}
    pledge = negotiation.load(PLEDGE)
    report = pledge.check(samples=300, seed=9).to_json()
    assert [claim["holds"] for claim in report["claims"]] == [True] * 4


def test_bad_input_is_one_error_line_exit_2() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RangeWarning)
        result = run("solve", MOTIVE, "--set", "p_security=3/2")
    assert result.exit_code == 2, result.output
    errors = [line for line in result.output.splitlines() if line.startswith("Error:")]
    assert len(errors) == 1
    assert "p_security" in errors[0]
    assert "Traceback" not in result.output


@pytest.mark.oracle
@pytest.mark.parametrize("name", [MOTIVE, PLEDGE, "idlib-sequence"])
def test_the_exported_efg_is_read_by_gambit_despite_repeated_labels(name: str, tmp_path) -> None:
    """These trees repeat node labels ("the ceasefire holds"), which Gambit's reader refuses;
    the writer names a repeated one by its path, and Gambit reads the same game."""
    import pygambit

    path = tmp_path / "tree.efg"
    result = run("export", name, "--format", "efg", "-o", str(path))
    assert result.exit_code == 0, result.output
    game = pygambit.read_efg(str(path))
    tree = load_scenario(name).tree()
    assert [player.label for player in game.players] == list(tree.players)
    assert len(game.nodes) == sum(1 for _ in tree.nodes())
