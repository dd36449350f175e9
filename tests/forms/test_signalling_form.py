"""The signalling form (issue 13): scenario files read into `SignallingModel`, solved as perfect
Bayesian equilibria, and every command on them, from the CLI and the API.

Textbook answers: beer-quiche (Cho and Kreps 1987, sec. II; Fudenberg and Tirole 1991, sec.
11.2): at prior_strong = 9/10 two pooling families, on beer (quiche met with a duel, held up by
P(weak | quiche) in [1/2, 1]) and on quiche (beer met with a duel, P(weak | beer) in [1/2, 1]);
the Intuitive Criterion removes the quiche pooling.  Player 2's response to a pooled breakfast
flips at prior_strong = 1/2 (duel iff P(weak) >= 1/2).  Job market (Watson 2013, ch. 29): the
types separate iff the low type's education cost exceeds the manager's premium 10 - 4 = 6.
"""

from __future__ import annotations

import json
from fractions import Fraction
from pathlib import Path

import pytest
from click.testing import CliRunner
from negotiation.cli.main import cli

from negotiation.errors import ScenarioError
from negotiation.forms.signalling import SignallingModel
from negotiation.scenario import load_scenario, read_scenario
from negotiation.signalling.game import SignallingGame

HEAD = """
[scenario]
id = "toy-signal"
title = "Toy signal"
form = "signalling"

[parameters.p]
value = "1/4"
range = ["1/10", "9/10"]
unit = "probability"
description = "prior of the good type"
source = "s"

[parameters.c]
value = 2
range = [0, 4]
unit = "u"
description = "cost of the signal to the bad type"
source = "s"

[players]
sender = "S"
receiver = "R"

[types]
good = "p"
bad = "1 - p"

[messages]
send = ["trust", "doubt"]
quiet = ["trust", "doubt"]
"""


def _cells() -> str:
    """The good type pays nothing to send, the bad type ``c``; trust is worth 2 to the sender;
    the receiver gets 1 for trusting the good type or doubting the bad one."""
    lines = []
    for kind in ("good", "bad"):
        for message in ("send", "quiet"):
            for action in ("trust", "doubt"):
                cost = " - c" if (kind, message) == ("bad", "send") else ""
                gain = "2" if action == "trust" else "0"
                right = int((action == "trust") == (kind == "good"))
                lines += [
                    f"[payoffs.{kind}.{message}.{action}]",
                    f'S = "{gain}{cost}"',
                    f"R = {right}",
                ]
    return "\n".join(lines) + "\n"


GOOD = HEAD + _cells()


def run(*args: str):
    return CliRunner().invoke(cli, list(args))


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "toy.toml"
    path.write_text(text)
    return path


# -- reading ---------------------------------------------------------------------------------


def test_reads_into_a_signalling_model(tmp_path: Path) -> None:
    scenario = read_scenario(write(tmp_path, GOOD))
    assert isinstance(scenario.model, SignallingModel)
    game = scenario.model.game()
    assert isinstance(game, SignallingGame)
    assert game.prior == (Fraction(1, 4), Fraction(3, 4))
    assert game.sender_payoffs[1][0] == (Fraction(0), Fraction(-2))  # bad, send: 2 - c, 0 - c
    assert game.receiver_payoffs[0][1] == (Fraction(1), Fraction(0))


BAD = [
    pytest.param(GOOD.replace('receiver = "R"\n', ""), "[players]", "missing", id="no_receiver"),
    pytest.param(GOOD.replace('good = "p"', "good = [1]"), "[types.good]", "formula", id="prior"),
    pytest.param(
        GOOD.replace('send = ["trust", "doubt"]', 'send = "trust"'),
        "[messages.send]",
        "list of distinct action names",
        id="actions_not_a_list",
    ),
    pytest.param(
        GOOD.replace('send = ["trust", "doubt"]', 'send = ["trust", "trust"]'),
        "[messages.send]",
        "distinct",
        id="repeated_action",
    ),
    pytest.param(
        GOOD.replace("[payoffs.bad.quiet.doubt]", "[payoffs.bad.quiet.doubts]"),
        "[payoffs.bad.quiet]",
        "doubts",
        id="unknown_action_in_payoffs",
    ),
    pytest.param(
        GOOD.replace('[payoffs.good.send.trust]\nS = "2"', "[payoffs.good.send.trust]\nT = 2"),
        "[payoffs.good.send.trust]",
        "T",
        id="unknown_player",
    ),
    pytest.param(
        GOOD.replace('S = "2 - c"', 'S = "2 - cost"'),
        "[payoffs.bad.send.trust.S]",
        "cost",
        id="unknown_name_in_formula",
    ),
    pytest.param(
        GOOD + '[[claims]]\ntext = "t"\nsource = "s"\nin = "some"\nkind = "pool"\n',
        "[claims[0].kind]",
        "pool",
        id="claim_kind",
    ),
    pytest.param(
        GOOD + '[[claims]]\ntext = "t"\nsource = "s"\nin = "some"\naction = "trust"\n',
        "[claims[0]]",
        "needs 'message'",
        id="claim_action_without_message",
    ),
    pytest.param(
        GOOD
        + '[[claims]]\ntext = "t"\nsource = "s"\nin = "some"\nmessage = "send"\n'
        + 'belief = {type = "good", low = "3/4", high = "1/2"}\n',
        "[claims[0].belief]",
        "low <= high",
        id="claim_belief_bounds",
    ),
    pytest.param(
        GOOD + '[[claims]]\ntext = "t"\nsource = "s"\nin = "most"\n',
        "[claims[0].in]",
        "most",
        id="claim_quantifier",
    ),
]


@pytest.mark.parametrize(("text", "key", "words"), BAD)
def test_a_malformed_file_is_refused_naming_the_key(
    tmp_path: Path, text: str, key: str, words: str
) -> None:
    path = write(tmp_path, text)
    with pytest.raises(ScenarioError) as error:
        read_scenario(path).model.game()
    message = str(error.value)
    assert message.startswith(f"{path} {key}"), message
    assert words in message


def test_priors_are_checked_at_values_naming_them(tmp_path: Path) -> None:
    path = write(tmp_path, GOOD.replace('bad = "1 - p"', 'bad = "1 - p/2"'))
    scenario = read_scenario(path)  # formulas are fine; their values at p = 1/4 are not
    with pytest.raises(ScenarioError) as error:
        scenario.solve()
    assert str(error.value) == f"{path} [types]: the priors add up to 9/8, not 1 at p=1/4"
    outside = read_scenario(write(tmp_path, GOOD.replace('good = "p"', 'good = "p - 1/2"')))
    with pytest.raises(ScenarioError, match=r"the prior of good is -1/4, outside \[0, 1\]"):
        outside.solve()


def test_a_bad_file_from_the_cli_is_one_error_line(tmp_path: Path) -> None:
    path = write(tmp_path, GOOD.replace('receiver = "R"\n', ""))
    result = run("solve", str(path))
    assert result.exit_code == 2
    assert result.output.startswith(f"Error: {path} [players]")
    assert "Traceback" not in result.output


# -- solving beer-quiche from its scenario file ----------------------------------------------


def test_beer_quiche_solve_json_has_the_textbook_equilibria() -> None:
    result = run("solve", "beer-quiche", "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["types"] == {"weak": "1/10", "strong": "9/10"}
    assert data["scenario"] == "beer-quiche"
    assert data["values"] == {"prior_strong": "9/10", "not_dueled": "2"}
    assert data["file"]["sha256"].startswith("sha256:")
    assert {"toolkit", "file"} <= set(data)
    found = {
        (next(iter(eq["sender"]["weak"])), eq["intuitive_criterion"]): eq
        for eq in data["perfect_bayesian"]
    }
    assert set(found) == {("beer", True), ("quiche", False)}
    beer, quiche = found["beer", True], found["quiche", False]
    assert beer["kind"] == quiche["kind"] == "pooling"
    assert beer["sender"] == {"weak": {"beer": "1"}, "strong": {"beer": "1"}}
    assert beer["receiver"] == {"beer": {"not": "1"}, "quiche": {"duel": "1"}}
    assert beer["beliefs"]["quiche"] == {"weak": ["1/2", "1"], "strong": ["0", "1/2"]}
    assert beer["beliefs"]["beer"] == {"weak": "1/10", "strong": "9/10"}
    assert quiche["receiver"] == {"beer": {"duel": "1"}, "quiche": {"not": "1"}}
    assert quiche["beliefs"]["beer"] == {"weak": ["1/2", "1"], "strong": ["0", "1/2"]}


def test_beer_quiche_solve_text_and_api_agree() -> None:
    scenario = load_scenario("beer-quiche")
    result = scenario.solve()
    assert [(eq.kind, eq.intuitive_criterion) for eq in result.equilibria] == [
        ("pooling", True),
        ("pooling", False),
    ]
    output = run("solve", "beer-quiche").output
    assert output == result.text() + "\n"
    assert "beliefs after quiche: P(weak) in [1/2, 1] (off the path)" in output


def test_below_half_no_pooling_survives() -> None:
    result = load_scenario("beer-quiche").solve(prior_strong=Fraction(3, 10))
    assert [eq.kind for eq in result.equilibria] == ["hybrid"]


def test_show_lists_types_messages_and_payoffs() -> None:
    result = run("show", "beer-quiche")
    assert result.exit_code == 0, result.output
    assert "  weak: 1/10" in result.output
    assert "  beer: duel, not" in result.output
    symbolic = run("show", "beer-quiche", "--symbolic").output
    assert "  weak: 1 - prior_strong" in symbolic
    data = json.loads(run("show", "beer-quiche", "--json").output)
    assert data["form"] == "signalling"
    assert data["payoffs"]["weak"]["beer"]["not"]["Player 1"] == {
        "value": "2",
        "formula": "0 + not_dueled",
    }


# -- claims ----------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["beer-quiche", "job-market"])
def test_bundled_claims_hold_over_draws(name: str) -> None:
    result = run("check", name, "--samples", "60", "--json")
    assert result.exit_code == 0, result.output
    assert all(claim["holds"] for claim in json.loads(result.output)["claims"])


def test_a_false_claim_fails_the_check(tmp_path: Path) -> None:
    text = Path(load_scenario("beer-quiche").path).read_text()
    # "none" separating is true; "some" separating is false at every draw.
    failing = tmp_path / "failing.toml"
    failing.write_text(
        text.replace('in = "none"\nkind = "separating"', 'in = "some"\nkind = "separating"')
    )
    result = run("check", str(failing), "--samples", "40", "--json")
    assert result.exit_code == 1
    verdicts = [claim["holds"] for claim in json.loads(result.output)["claims"]]
    assert verdicts == [True, True, True, True, False, True]


def test_claim_keys_decide_against_the_equilibria() -> None:
    scenario = load_scenario("beer-quiche")
    result = scenario.solve()
    by_text = {claim.text[:40]: claim for claim in scenario.claims}
    assert all(scenario.model.claim_holds(claim, result) for claim in scenario.claims[:5])
    quiche = next(
        c
        for c in scenario.claims
        if c.statement.get("intuitive") is True and c.statement.get("message") == "quiche"
    )
    assert quiche.words() == (
        "no perfect Bayesian equilibrium passing the Intuitive Criterion in which weak, strong "
        "send quiche"
    )
    assert by_text  # every claim is worded from its keys


# -- thresholds, what-if, sweep, explain, export -----------------------------------------------


@pytest.mark.parametrize(
    ("name", "parameter", "value", "kind"),
    [
        pytest.param("beer-quiche", "prior_strong", Fraction(1, 2), "pooling", id="prior"),
        pytest.param("job-market", "cost_low", Fraction(6), "separating", id="signal_cost"),
    ],
)
def test_thresholds_agree_with_solving_either_side(
    name: str, parameter: str, value: Fraction, kind: str
) -> None:
    scenario = load_scenario(name)
    result = scenario.thresholds(parameter)
    assert [th.value for th in result.where_kind_changes(kind)] == [value]
    step = Fraction(1, 100)
    below = scenario.solve(**{parameter: value - step})
    above = scenario.solve(**{parameter: value + step})
    kinds_below = {eq.kind for eq in below.equilibria if eq.pure}
    kinds_above = {eq.kind for eq in above.equilibria if eq.pure}
    assert kind not in kinds_below
    assert kind in kinds_above
    output = run("thresholds", name, parameter)
    assert output.exit_code == 0, output.output
    assert f"  {parameter} = {value}  (= {value})" in output.output
    assert f"    {kind} PBE exist only above it" in output.output
    data = json.loads(run("thresholds", name, parameter, "--json").output)
    assert data["form"] == "signalling"
    assert [entry["value"] for entry in data["thresholds"]] == [str(value)]
    assert data["scenario"] == name


def test_whatif_names_the_equilibria_that_vanish() -> None:
    change = load_scenario("beer-quiche").whatif(prior_strong="3/10")
    assert len(change.vanish) == 2
    assert change.vanish[0] == (
        "pooling: weak beer, strong beer; beer -> not, quiche -> duel "
        "[Intuitive Criterion: passes]"
    )
    assert [shape.split(":")[0] for shape in change.appear] == ["hybrid"]
    result = run("whatif", "beer-quiche", "--set", "prior_strong=0.3", "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["vanish"] == change.vanish
    assert data["changed"]["values"]["prior_strong"] == "3/10"


def test_sweep_finds_the_flip_at_one_half() -> None:
    result = load_scenario("beer-quiche").sweep(prior_strong=(Fraction(1, 10), Fraction(9, 10), 8))
    assert [point.equilibria[0].split(":")[0] for point in result.points[:4]] == ["hybrid"] * 4
    assert [th.value for th in result.thresholds.thresholds] == [Fraction(1, 2)]
    cli_result = run("sweep", "beer-quiche", "prior_strong=0.1:0.9:8", "--json")
    assert cli_result.exit_code == 0, cli_result.output
    data = json.loads(cli_result.output)
    assert data["form"] == "signalling"
    assert len(data["points"]) == 9
    csv_text = run("sweep", "beer-quiche", "prior_strong=0.1:0.9:8", "--csv", "-").output
    assert csv_text.splitlines()[0] == "prior_strong,perfect_bayesian"


def test_explain_gives_bayes_rule_and_each_incentive_constraint() -> None:
    explanation = load_scenario("beer-quiche").explain()
    text = explanation.text()
    assert "Player 2 after beer expects: duel 1/10, not 9/10; not is best" in text
    assert "Type weak's incentive constraint: beer 2 >= quiche 1 (equilibrium 2)" in text
    result = run("explain", "job-market", "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert len(data["explanations"]) == len(data["perfect_bayesian"]) == 2
    assert data["scenario"] == "job-market"


def test_export_json_efg_and_nfg() -> None:
    scenario = load_scenario("beer-quiche")
    data = json.loads(scenario.export("json"))
    assert data["game"]["form"] == "signalling"
    assert len(data["perfect_bayesian"]) == 2
    assert data["scenario"] == "beer-quiche"
    efg = run("export", "beer-quiche", "--format", "efg")
    assert efg.exit_code == 0, efg.output
    assert efg.output.startswith('EFG 2 R "Beer-quiche" { "Player 1" "Player 2" }')
    assert 'c "types" 1 "" { "weak" 1/10 "strong" 9/10 } 0' in efg.output
    nfg = run("export", "beer-quiche", "--format", "nfg")
    assert nfg.exit_code == 0, nfg.output
    assert '{ "beer/beer" "beer/quiche" "quiche/beer" "quiche/quiche" }' in nfg.output
    assert scenario.export("efg") == efg.output
