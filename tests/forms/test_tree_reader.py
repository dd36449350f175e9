"""Reading trees from scenario files: the parametric tree, the tree at values, and the errors.

Every malformed file must be refused with one line naming the file and the node's key.
"""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import pytest

from negotiation.errors import ScenarioError
from negotiation.extensive.tree import Chance, Decision, Terminal, Tree
from negotiation.scenario import read_scenario

HEAD = """
[scenario]
id = "entry"
title = "Entry"
form = "extensive"

[parameters.c]
value = 1
range = [0, 3]
unit = "u"
description = "cost of a fight"
source = "s"

[parameters.p]
value = "1/3"
range = [0, 1]
unit = "probability"
description = "chance the incumbent is tough"
source = "s"

[players.Entrant]
[players.Incumbent]
"""

TREE = """
[tree]
player = "Entrant"
Out = { payoffs = { Entrant = "0", Incumbent = "2" } }

[tree.In]
chance = true
probabilities = { Tough = "p", Weak = "1 - p" }

[tree.In.Tough]
player = "Incumbent"
infoset = "after entry"
Fight = { payoffs = { Entrant = "-1", Incumbent = "1" } }
Accommodate = { payoffs = { Entrant = "1", Incumbent = "0" } }

[tree.In.Weak]
player = "Incumbent"
infoset = "after entry"
label = "a weak incumbent"
Fight = { payoffs = { Entrant = "-1", Incumbent = "-c" } }
Accommodate = { payoffs = { Entrant = "1", Incumbent = "1" } }
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "entry.toml"
    path.write_text(HEAD + text)
    return path


def test_tree_at_values_is_the_hand_built_tree(tmp_path: Path) -> None:
    scenario = read_scenario(write(tmp_path, TREE))

    def incumbent(fight: tuple[int, int], label: str = "") -> Decision:
        return Decision(
            1,
            "after entry",
            ("Fight", "Accommodate"),
            (
                Terminal((Fraction(-1), Fraction(fight[1]))),
                Terminal((Fraction(1), Fraction(fight[0]))),
            ),
            label,
        )

    expected = Tree(
        ("Entrant", "Incumbent"),
        Decision(
            0,
            "root",
            ("Out", "In"),
            (
                Terminal((Fraction(0), Fraction(2))),
                Chance(
                    ("Tough", "Weak"),
                    (Fraction(1, 4), Fraction(3, 4)),
                    (incumbent((0, 1)), incumbent((1, -2), "a weak incumbent")),
                ),
            ),
        ),
        "Entry",
    )
    assert scenario.tree(scenario.values((), {"p": "1/4", "c": 2})) == expected


def test_information_sets_and_formulas_are_kept(tmp_path: Path) -> None:
    scenario = read_scenario(write(tmp_path, TREE))
    assert scenario.form == "extensive"
    assert scenario.parametric_tree.infosets() == {
        (0, "root"): ("Out", "In"),
        (1, "after entry"): ("Fight", "Accommodate"),
    }
    weak = dict(scenario.parametric_tree.nodes())[("In", "Weak", "Fight")]
    assert [str(expr) for expr in weak.payoffs] == ["-1", "-c"]


def test_a_probability_of_one_is_allowed(tmp_path: Path) -> None:
    scenario = read_scenario(write(tmp_path, TREE))
    tree = scenario.tree(scenario.values((), {"p": 1}))
    assert tree.root.children[1].probabilities == (Fraction(1), Fraction(0))


def test_probabilities_outside_the_unit_interval_name_node_and_values(tmp_path: Path) -> None:
    text = TREE.replace('Weak = "1 - p"', 'Weak = "1 - p/2"')
    scenario = read_scenario(write(tmp_path, text))
    with pytest.raises(ScenarioError) as error:
        scenario.tree()
    assert str(error.value) == (
        f"{tmp_path / 'entry.toml'} [tree.In]: the probabilities add up to 7/6, not 1 at p=1/3"
    )
    text = TREE.replace('Tough = "p"', 'Tough = "p - c"').replace('"1 - p"', '"1 - p + c"')
    scenario = read_scenario(write(tmp_path, text))
    with pytest.raises(
        ScenarioError,
        match=r"\[tree.In\]: the probability of Tough is -2/3, "
        r"outside \[0, 1\] at c=1, p=1/3",
    ):
        scenario.tree()


MALFORMED = [
    pytest.param(
        TREE.replace('player = "Entrant"', 'player = "Entrnt"'),
        "[tree.player]: unknown player 'Entrnt'; players: Entrant, Incumbent",
        id="unknown_player",
    ),
    pytest.param(
        TREE.replace(
            'Accommodate = { payoffs = { Entrant = "1", Incumbent = "0" } }',
            'Accommodate = { payoffs = { Entrant = "1" } }',
        ),
        "[tree.In.Tough.Accommodate.payoffs]: missing key 'Incumbent'",
        id="payoff_missing",
    ),
    pytest.param(
        TREE.replace('Incumbent = "-c"', 'Incumbent = "-cost"'),
        "[tree.In.Weak.Fight.payoffs.Incumbent]: unknown name 'cost'",
        id="unknown_parameter",
    ),
    pytest.param(
        TREE.replace(
            'probabilities = { Tough = "p", Weak = "1 - p" }',
            'probabilities = { Tough = "p", Wek = "1 - p" }',
        ),
        "[tree.In.probabilities]: unknown key 'Wek'",
        id="probability_for_no_action",
    ),
    pytest.param(
        TREE.replace(
            'chance = true\nprobabilities = { Tough = "p", Weak = "1 - p" }', "chance = true"
        ),
        "[tree.In]: missing key 'probabilities' of a chance node",
        id="chance_without_probabilities",
    ),
    pytest.param(
        TREE.replace("chance = true", 'chance = true\nplayer = "Entrant"'),
        "[tree.In]: a node is a decision ('player'), a chance move ('chance = true') or a "
        "terminal ('payoffs'); this one has 'player' and 'chance'",
        id="decision_and_chance",
    ),
    pytest.param(
        TREE.replace('infoset = "after entry"\nlabel', 'infoset = "weak"\nlabel')
        .replace(
            'Fight = { payoffs = { Entrant = "-1", Incumbent = "-c" } }',
            'Fight = { payoffs = { Entrant = "-1", Incumbent = "-c" } }\n'
            'Wait = { payoffs = { Entrant = "0", Incumbent = "0" } }',
        )
        .replace('infoset = "weak"', 'infoset = "after entry"'),
        "[tree]: node In > Weak: information set 'after entry' of Incumbent offers "
        "['Fight', 'Accommodate'] elsewhere, ['Fight', 'Wait', 'Accommodate'] here",
        id="information_set_with_other_actions",
    ),
    pytest.param(
        TREE.replace(
            'infoset = "after entry"\n', 'infoset = "after entry"\nprobabilities = {}\n', 1
        ),
        "[tree.In.Tough]: a decision node takes no 'probabilities'; its keys: player, infoset, "
        "label",
        id="decision_with_probabilities",
    ),
    pytest.param(
        TREE.replace("[tree.In.Tough]\nplayer", "[tree.In.Tough]\nsize = 3\nplayer"),
        "[tree.In.Tough]: unknown key 'size': a node's keys are chance, infoset, label, "
        "payoffs, player, probabilities, and a table for the node after each action",
        id="unknown_key",
    ),
    pytest.param(
        TREE.replace('Out = { payoffs = { Entrant = "0", Incumbent = "2" } }', "Out = {}"),
        "[tree.Out]: a node is a decision ('player'), a chance move ('chance = true') or a "
        "terminal ('payoffs'); this one has none of them",
        id="empty_node",
    ),
    pytest.param(
        '[tree]\nplayer = "Entrant"\n',
        "[tree]: no actions: root needs a child table per action",
        id="decision_without_actions",
    ),
    pytest.param(
        TREE.replace("chance = true", "chance = 1"),
        "[tree.In.chance]: chance must be true, got 1",
        id="chance_not_true",
    ),
    pytest.param(
        TREE.replace('player = "Entrant"', 'playr = "Entrant"', 1),
        "[tree]: unknown key 'playr' (did you mean 'player'?)",
        id="typo_at_the_root",
    ),
    pytest.param(
        TREE + '\n[[claims]]\ntext = "t"\nsource = "s"\nplayer = "Incumbent"\n'
        'action = "Fight"\nin = "every"\non = "node"\nat = "In"\n',
        "[claims[0].at]: no decision of Incumbent at tree.In",
        id="claim_at_a_chance_node",
    ),
    pytest.param(
        TREE + '\n[[claims]]\ntext = "t"\nsource = "s"\nplayer = "Entrant"\n'
        'action = "Fight"\nin = "every"\n',
        "[claims[0].action]: unknown action of Entrant 'Fight'",
        id="claim_action_of_another_player",
    ),
    pytest.param(
        TREE + '\n[[claims]]\ntext = "t"\nsource = "s"\nplayer = "Entrant"\n'
        'strategy = "In"\nin = "every"\n',
        "[claims[0]]: a claim on = 'path' needs key 'action'",
        id="claim_strategy_on_the_path",
    ),
    pytest.param(
        TREE + '\n[[claims]]\ntext = "t"\nsource = "s"\nplayer = "Incumbent"\n'
        'strategy = "Fight,Fight"\nin = "every"\non = "equilibria"\n',
        "[claims[0].strategy]: unknown strategy of Incumbent 'Fight,Fight'",
        id="claim_unknown_reduced_strategy",
    ),
]


@pytest.mark.parametrize(("text", "message"), MALFORMED)
def test_malformed_trees_name_the_file_and_the_node(
    tmp_path: Path, text: str, message: str
) -> None:
    path = write(tmp_path, text)
    with pytest.raises(ScenarioError) as error:
        read_scenario(path)
    assert str(error.value).startswith(f"{path} {message}")


def test_a_tree_needs_its_sections(tmp_path: Path) -> None:
    path = tmp_path / "entry.toml"
    path.write_text(HEAD)
    with pytest.raises(ScenarioError, match=r"\[file\]: missing key 'tree'"):
        read_scenario(path)
    path.write_text(HEAD.replace('form = "extensive"', 'form = "extensiv"') + TREE)
    with pytest.raises(
        ScenarioError, match=r"unknown form 'extensiv' \(did you mean 'extensive'\?\)"
    ):
        read_scenario(path)
