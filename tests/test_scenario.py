"""Scenario files: loading, values, presets, and one clear error for every malformed file."""

from __future__ import annotations

import re
from fractions import Fraction as F
from pathlib import Path

import pytest

from negotiation.errors import FormulaError, ScenarioError
from negotiation.provenance import provenance
from negotiation.scenario import RangeWarning, load_scenario, read_scenario
from negotiation.solvers import solve

STAG_HUNT = Path(__file__).parent / "data" / "scenarios" / "stag-hunt.toml"


def test_fixture_loads_with_order_and_sources() -> None:
    scenario = read_scenario(STAG_HUNT)
    assert scenario.id == "stag-hunt-test"
    assert scenario.player_names == ("Alice", "Bob")
    assert scenario.strategies == (("Stag", "Hare"), ("Stag", "Hare"))
    assert scenario.parameters["hare"].high == F(39, 10)  # the decimal 3.9, exactly
    assert scenario.parameters["stag"].source.startswith("assumption")
    assert scenario.content_hash.startswith("sha256:")


def test_game_at_values_is_exact() -> None:
    scenario = read_scenario(STAG_HUNT)
    game = scenario.game(scenario.values(overrides={"stag": "9/2"}))
    assert game.payoff_profile((0, 0)) == (F(9, 2), F(9, 2))
    assert game.payoff_profile((0, 1)) == (F(0), F(3))


def test_presets_then_overrides() -> None:
    scenario = read_scenario(STAG_HUNT)
    assert scenario.values(["rich-stag"])["stag"] == 8
    assert scenario.values(["rich-stag"], {"stag": 5})["stag"] == 5


def test_out_of_range_value_is_used_with_a_warning() -> None:
    scenario = read_scenario(STAG_HUNT)
    with pytest.warns(RangeWarning, match=r"stag=20 lies outside its plausible range \[3, 10\]"):
        values = scenario.values(overrides={"stag": 20})
    assert values["stag"] == 20


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        pytest.param(
            {"stga": 1},
            "unknown parameter 'stga' (did you mean 'stag'?); parameters: stag, hare",
            id="typo",
        ),
        pytest.param({"stag": "lots"}, "expected a number", id="not_a_number"),
        pytest.param({"stag": "1/0"}, "expected a number", id="zero_denominator"),
    ],
)
def test_bad_overrides(overrides: dict, message: str) -> None:
    with pytest.raises(ScenarioError, match=re.escape(message)):
        read_scenario(STAG_HUNT).values(overrides=overrides)


def test_unknown_preset_names_the_closest() -> None:
    with pytest.raises(
        ScenarioError, match=r"unknown preset 'rich' \(did you mean 'rich-stag'\?\)"
    ):
        read_scenario(STAG_HUNT).values(["rich"])


def test_bundled_scenario_by_name_and_unknown_name() -> None:
    assert load_scenario("prisoners-dilemma").id == "prisoners-dilemma"
    with pytest.raises(ScenarioError, match="no scenario file or bundled scenario named 'nope'"):
        load_scenario("nope")


def test_same_game_as_toml_and_nfg_gives_same_equilibria(tmp_path: Path) -> None:
    from negotiation.nfg import read_nfg, write_nfg

    scenario = read_scenario(STAG_HUNT)
    game = scenario.game()
    path = tmp_path / "stag.nfg"
    path.write_text(write_nfg(game))
    from_nfg = read_nfg(path)
    assert solve(from_nfg).equilibria == solve(game).equilibria


# --- malformed and hostile files -------------------------------------------------------------

BASE = STAG_HUNT.read_text()


def mutate(old: str, new: str) -> str:
    assert old in BASE, old
    return BASE.replace(old, new, 1)


MALFORMED = [
    pytest.param("this is = = not toml", "invalid TOML", id="bad_toml"),
    pytest.param(
        mutate("[scenario]\n", "[scenario]\nversion = 2\n"),
        "[scenario]: unknown key 'version'",
        id="unknown_key",
    ),
    pytest.param(mutate('id = "stag-hunt-test"\n', ""), "missing key 'id'", id="missing_id"),
    pytest.param(mutate('id = "stag-hunt-test"', 'id = "Stag Hunt"'), "lower-case", id="bad_id"),
    pytest.param(mutate("value = 4", "value = 40"), "outside its range", id="value_outside"),
    pytest.param(mutate("value = 4", 'value = "four"'), "expected a number", id="value_text"),
    pytest.param(
        mutate("range = [3, 10]", "range = [3]"), "range must be [low, high]", id="range_shape"
    ),
    pytest.param(
        mutate(
            'unit = "utility"\n',
            "",
        ),
        "missing key 'unit'",
        id="missing_unit",
    ),
    pytest.param(
        mutate("[payoffs.Hare.Hare]", "[payoffs.Hare.Hair]"),
        "unknown strategy of Bob 'Hair' (did you mean 'Hare'?)",
        id="unknown_strategy",
    ),
    pytest.param(
        mutate('Alice = "hare"\nBob = "hare"', 'Alice = "hare"\nBbo = "hare"'),
        "unknown key 'Bbo' (did you mean 'Bob'?)",
        id="unknown_player",
    ),
    pytest.param(
        mutate('[payoffs.Hare.Hare]\nAlice = "hare"\nBob = "hare"\n', ""),
        "no payoffs for the outcome Hare, Hare",
        id="missing_outcome",
    ),
    pytest.param(
        mutate('Alice = "stag"', 'Alice = "stga"'), "unknown name 'stga'", id="unknown_name"
    ),
    pytest.param(
        mutate('Alice = "stag"', "Alice = \"__import__('os').system('touch pwned')\""),
        "[payoffs.Stag.Stag.Alice]",
        id="import_call",
    ),
    pytest.param(
        mutate('Alice = "stag"', 'Alice = "stag.real"'),
        "[payoffs.Stag.Stag.Alice]",
        id="attribute",
    ),
    pytest.param(
        mutate('Alice = "stag"', 'Alice = "stag[0]"'), "[payoffs.Stag.Stag.Alice]", id="subscript"
    ),
    pytest.param(
        mutate('Alice = "stag"', 'Alice = "(lambda: 1)()"'),
        "[payoffs.Stag.Stag.Alice]",
        id="lambda",
    ),
    pytest.param(
        mutate('Alice = "stag"', "Alice = \"'text'\""), "[payoffs.Stag.Stag.Alice]", id="string"
    ),
    pytest.param(mutate('Alice = "stag"', 'Alice = ""'), "[payoffs.Stag.Stag.Alice]", id="empty"),
    pytest.param(
        mutate('Alice = "stag"', 'Alice = "9^9^9^9"'),
        "[payoffs.Stag.Stag.Alice]",
        id="power_tower",
    ),
    pytest.param(
        mutate('Alice = "stag"', "Alice = true"), "[payoffs.Stag.Stag.Alice]", id="boolean_formula"
    ),
    pytest.param(
        mutate('alone = "0"', 'alone = "loop"\nloop = "alone"'), "cycle", id="term_cycle"
    ),
    pytest.param(
        mutate("set = { stag = 8 }", "set = { stg = 8 }"),
        "unknown parameter 'stg'",
        id="preset_unknown_parameter",
    ),
    pytest.param(
        mutate('player = "Bob"', 'player = "Carol"'),
        "unknown player 'Carol'",
        id="claim_unknown_player",
    ),
    pytest.param(
        mutate('in = "some"\n', 'in = "always"\n'),
        "unknown quantifier 'always'",
        id="claim_bad_quantifier",
    ),
    pytest.param(
        mutate('in = "some"\n', 'in = "some"\nvary = ["stag", "hare"]\n'),
        "[claims[0].vary]: 'vary' was removed: negotiation check now draws every parameter the "
        "claim does not fix (with 'preset' or 'set') over its declared range; delete 'vary'",
        id="claim_vary_removed",
    ),
    pytest.param(
        mutate('preset = "rich-stag"', 'preset = "poor-stag"'),
        "unknown preset",
        id="claim_unknown_preset",
    ),
    pytest.param("\x00\x01\x02binary", "binary data (a NUL byte)", id="binary_junk"),
]


@pytest.mark.parametrize(("text", "message"), MALFORMED)
def test_malformed_scenarios_get_one_clear_error(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "bad.toml"
    path.write_text(text)
    with pytest.raises(ScenarioError) as caught:
        read_scenario(path)
    assert str(path) in str(caught.value)
    assert message in str(caught.value)
    assert "\n" not in str(caught.value)
    assert not (tmp_path / "pwned").exists()


def test_division_by_zero_at_the_chosen_values(tmp_path: Path) -> None:
    path = tmp_path / "div.toml"
    path.write_text(mutate('Alice = "stag"', 'Alice = "1 / (stag - 4)"'))
    scenario = read_scenario(path)
    with pytest.raises(FormulaError, match=r"\[payoffs.Stag.Stag.Alice\]: division by zero"):
        scenario.game()
    assert scenario.game(scenario.values(overrides={"stag": 5})).payoff_profile((0, 0))[0] == 1


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("missing.toml", "missing.toml: no such file"),
        (".", "is a directory, not a scenario file"),
        ("latin1.toml", r"latin1.toml:2: not UTF-8 text: byte 0xe9"),
        ("binary.toml", r"binary.toml:1: binary data \(a NUL byte\), not a scenario file"),
    ],
)
def test_unreadable_paths(tmp_path: Path, name: str, message: str) -> None:
    (tmp_path / "latin1.toml").write_bytes(b'[scenario]\ntitle = "Caf\xe9"\n')
    (tmp_path / "binary.toml").write_bytes(b"\x00\x01")
    with pytest.raises(ScenarioError, match=message):
        read_scenario(tmp_path / name)


def test_scenario_solve_applies_presets_and_overrides() -> None:
    scenario = read_scenario(STAG_HUNT)
    result = scenario.solve(["rich-stag"], hare=2)
    assert result.parameters == {"stag": 8, "hare": 2}
    assert {eq.payoffs for eq in result.equilibria if eq.pure} == {(F(8), F(8)), (F(2), F(2))}


def test_values_accept_exact_numbers_from_python() -> None:
    values = read_scenario(STAG_HUNT).values(overrides={"stag": F(9, 2), "hare": 2.5})
    assert values == {"stag": F(9, 2), "hare": F(5, 2)}


# -- shared parameter files: one value for one quantity across models ----------------------

SHARED = """
description = "parameters shared by two models"
[parameters.gain]
value = 2
range = [1, 3]
unit = "u"
description = "gain"
source = "report, section I"
[parameters.cost]
value = 1
range = [0, 2]
unit = "u"
description = "cost"
source = "assumption"
[parameters.elsewhere]
value = 1
range = [0, 2]
unit = "u"
description = "used by another model only"
source = "assumption"
[presets.dear]
set = { cost = 2 }
[presets.other-model]
set = { elsewhere = 2 }
"""

MODEL = """
[scenario]
id = "model"
title = "A model on shared parameters"
shared = "shared/params.toml"
[players.Row.strategies]
Go = "go"
Stay = "stay"
[players.Column.strategies]
Go = "go"
Stay = "stay"
[payoffs.Go.Go]
Row = "gain - cost"
Column = "1"
[payoffs.Go.Stay]
Row = "gain"
Column = "0"
[payoffs.Stay.Go]
Row = "0"
Column = "0"
[payoffs.Stay.Stay]
Row = "0"
Column = "1"
"""


def _shared_model(tmp_path: Path, model: str = MODEL, shared: str = SHARED) -> Path:
    (tmp_path / "shared").mkdir(parents=True)
    (tmp_path / "shared" / "params.toml").write_text(shared)
    path = tmp_path / "model.toml"
    path.write_text(model)
    return path


def test_shared_file_gives_the_parameters_and_presets_a_model_uses(tmp_path: Path) -> None:
    scenario = read_scenario(_shared_model(tmp_path))
    assert list(scenario.parameters) == ["gain", "cost"]  # 'elsewhere' is not used here
    assert scenario.parameters["gain"].source == "report, section I"
    assert list(scenario.presets) == ["dear"]  # 'other-model' sets nothing used here
    assert scenario.values(["dear"])["cost"] == 2
    assert scenario.shared_path == tmp_path / "shared" / "params.toml"


def test_provenance_names_and_hashes_the_shared_file(tmp_path: Path) -> None:
    path = _shared_model(tmp_path)
    before = provenance(read_scenario(path))["file"]
    assert before["shared"]["path"] == str(tmp_path / "shared" / "params.toml")
    (tmp_path / "shared" / "params.toml").write_text(SHARED.replace("value = 2", "value = 3"))
    after = provenance(read_scenario(path))["file"]
    assert after["sha256"] == before["sha256"]  # the scenario file itself did not change
    assert after["shared"]["sha256"] != before["shared"]["sha256"]


@pytest.mark.parametrize(
    ("model", "shared", "message"),
    [
        pytest.param(
            MODEL.replace('shared = "shared/params.toml"', 'shared = "shared/missing.toml"'),
            SHARED,
            r"missing\.toml: no such file",
            id="missing",
        ),
        pytest.param(
            MODEL.replace('shared = "shared/params.toml"', 'shared = "/etc/passwd"'),
            SHARED,
            r"\[scenario\.shared\]: expected a relative path to a \.toml file",
            id="absolute",
        ),
        pytest.param(
            MODEL + '[parameters.cost]\nvalue = 1\nrange = [0, 2]\nunit = "u"\n'
            'description = "d"\nsource = "s"\n',
            SHARED,
            r"\[parameters\.cost\]: parameter 'cost' is defined in the shared file",
            id="redefined",
        ),
        pytest.param(
            MODEL,
            SHARED.replace("[presets.dear]", "[players]\n[presets.dear]"),
            r"params\.toml \[file\]: unknown key 'players'",
            id="not-parameters",
        ),
        pytest.param(
            MODEL,
            SHARED.replace("{ cost = 2 }", "{ cots = 2 }"),
            r"params\.toml \[presets\.dear\.set\]: unknown parameter 'cots'",
            id="preset-typo",
        ),
    ],
)
def test_bad_shared_files_name_the_file_and_key(
    tmp_path: Path, model: str, shared: str, message: str
) -> None:
    with pytest.raises(ScenarioError, match=message):
        read_scenario(_shared_model(tmp_path, model, shared))


def test_claim_condition_and_share_are_read(tmp_path: Path) -> None:
    claim = (
        '[[claims]]\ntext = "t"\nsource = "s"\nplayer = "Row"\nstrategy = "Go"\nin = "every"\n'
        'when = "cost < gain and gain >= 3/2"\nshare = 0.95\n'
    )
    scenario = read_scenario(_shared_model(tmp_path, MODEL + claim))
    (read,) = scenario.claims
    assert read.share == F(19, 20)
    assert read.when.holds({"gain": F(2), "cost": F(1)})
    assert not read.when.holds({"gain": F(2), "cost": F(2)})
    assert read_scenario(_shared_model(tmp_path / "b", MODEL)).claims == ()


@pytest.mark.parametrize(
    ("line", "message"),
    [
        pytest.param("share = 0", r"\[claims\[0\]\.share\]: share must be above 0", id="zero"),
        pytest.param("share = 1.5", r"share must be above 0 and at most 1", id="above-one"),
        pytest.param('when = "gain"', r"\[claims\[0\]\.when\]: a condition compares", id="bare"),
        pytest.param('when = "gian > 1"', r"unknown name 'gian'; did you mean 'gain'", id="typo"),
    ],
)
def test_bad_claim_condition_or_share(tmp_path: Path, line: str, message: str) -> None:
    claim = '[[claims]]\ntext = "t"\nsource = "s"\nplayer = "Row"\nstrategy = "Go"\nin = "every"\n'
    with pytest.raises(ScenarioError, match=message):
        read_scenario(_shared_model(tmp_path, MODEL + claim + line + "\n"))
