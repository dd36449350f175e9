"""Result types: issue 13's JSON, the text report, the explanation steps, light imports."""

from __future__ import annotations

import json
import subprocess
import sys

from negotiation.signalling.classic import beer_quiche, job_market
from negotiation.signalling.explain import explain_pbe
from negotiation.signalling.pbe import perfect_bayesian_equilibria


def test_json_is_issue_13_schema_and_serialisable():
    result = perfect_bayesian_equilibria(beer_quiche())
    data = json.loads(json.dumps(result.to_json()))
    assert data["types"] == {"weak": "1/10", "strong": "9/10"}
    assert data["messages"] == {"beer": ["duel", "not"], "quiche": ["duel", "not"]}
    first = data["perfect_bayesian"][0]
    assert set(first) >= {"kind", "sender", "receiver", "beliefs", "intuitive_criterion"}
    assert first["payoffs"] == {"sender": {"weak": "2", "strong": "3"}, "receiver": "9/10"}
    assert first["on_path"] == ["beer"]
    assert "off_path_belief_vertices" not in first  # two types: the interval says it all


def test_text_report():
    text = perfect_bayesian_equilibria(job_market()).text()
    assert text.splitlines()[0] == (
        "Job market (Spence; Watson 2013): 2 perfect Bayesian equilibria (exact)"
    )
    assert "1. pooling: high N, low N; E -> C, N -> C  [Intuitive Criterion: fails]" in text
    assert "     beliefs after E: P(high) in [0, 2/5] (off the path)" in text
    assert "     payoffs: high 6, low 4; Firm 6" in text


def test_report_mixin_renders_in_a_notebook():
    result = perfect_bayesian_equilibria(job_market())
    assert str(result) == result.text()
    assert result._repr_markdown_() == f"```text\n{result.text()}\n```\n"


def test_explanation_steps():
    # Watson (2013), ch. 29, the pooling equilibrium: the firm's comparison off the path is
    # C vs M: q (4 - 10) + (1 - q) (4 - 0) >= 0, q <= 2/5.
    result = perfect_bayesian_equilibria(job_market())
    steps = explain_pbe(result.game, result.equilibria[0])
    assert steps[1] == (
        "After E (not sent) Bayes' rule is silent; with q = P(high | E): "
        "C vs M: q x -6 + (1 - q) x 4 >= 0; so C is optimal for every q in [0, 2/5]"
    )
    assert "Type low's incentive constraint: N 4 >= E -3 (equilibrium 4)" in steps
    assert steps[-1] == (
        "  E: low equilibrium-dominated; beliefs on high leave responses M, which give high "
        "at least 6 > 4: fails"
    )
    assert result.explain(0) == "\n".join(steps)


def test_hybrid_explanation_shows_indifference():
    result = perfect_bayesian_equilibria(job_market(cost_low=5))
    hybrid = result.explain(1)
    assert "Firm after E expects: M 4, C 4; it is indifferent among M, C, so it may mix" in hybrid
    assert "Type low's incentive constraint: E 4 = N 4 (equilibrium 4)" in hybrid


def test_light_imports():
    # Solving a signalling game needs no sympy (only thresholds do, inside the function).
    code = (
        "import sys; from negotiation.signalling.pbe import perfect_bayesian_equilibria; "
        "from negotiation.signalling.classic import job_market; "
        "perfect_bayesian_equilibria(job_market()); print('sympy' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
