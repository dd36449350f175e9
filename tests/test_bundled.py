"""Every bundled scenario loads, solves, traces its numbers, and passes its own claims."""

from __future__ import annotations

import importlib.util
import json
import re

import pytest

from negotiation.claims import check_claims
from negotiation.extensive.efg import parse_efg, write_efg
from negotiation.extensive.subgame_perfect import subgame_perfect
from negotiation.nfg import parse_nfg, write_nfg
from negotiation.scenario import bundled_scenarios, load_scenario
from negotiation.solvers import solve

NAMES = sorted(bundled_scenarios())
IDLIB = [name for name in NAMES if name.startswith("idlib-")]
# Games with equilibria (matrices, trees); bargains and repeated games are tested in
# tests/forms/ (their answers are named solutions, not equilibria).
GAMES = [name for name in NAMES if load_scenario(name).form in ("normal", "extensive")]
# A report reference: a section (SB, ES, I, II.A, ...) or a footnote (fn13).
REPORT_REFERENCE = re.compile(r"\b(SB|ES|I|II|III|IV|V|VI)(\.[A-C])?\b|\bfn\d+")


def test_the_three_idlib_models_are_bundled() -> None:
    assert {"idlib-offensive", "idlib-hts", "idlib-refugees"} <= set(IDLIB)


@pytest.mark.parametrize("name", GAMES)
def test_loads_and_solves(name: str) -> None:
    scenario = load_scenario(name)
    assert scenario.id == name
    if scenario.form == "extensive":  # a tree may be too large for its reduced normal form
        assert scenario.solve().subgame_perfect.equilibria
    else:
        assert solve(scenario.model.strategic_form()).equilibria  # signalling: its normal form


# The Idlib models are held to their claims in tests/test_idlib_models.py, with another seed
# and sample size than check's defaults.
@pytest.mark.parametrize("name", [name for name in NAMES if name not in IDLIB])
def test_claims_hold(name: str) -> None:
    checks = check_claims(load_scenario(name))
    assert checks, f"{name} has no claims"
    failed = [check.claim.text for check in checks if not check.holds]
    assert failed == []


@pytest.mark.parametrize("name", IDLIB)
def test_every_idlib_number_is_sourced(name: str) -> None:
    scenario = load_scenario(name)
    for parameter in scenario.parameters.values():
        source = parameter.source
        assert source.startswith("assumption") or REPORT_REFERENCE.search(source), (
            parameter.name,
            source,
        )
        assert parameter.description
        assert parameter.unit
    for preset in scenario.presets.values():
        assert preset.source, preset.name
    for claim in scenario.claims:
        assert REPORT_REFERENCE.search(claim.source) or claim.source.startswith("assumption")


@pytest.mark.parametrize("name", GAMES)
def test_toml_and_gambit_files_give_the_same_equilibria(name: str) -> None:
    """A matrix through .nfg, a tree through .efg: the same equilibria back."""
    scenario = load_scenario(name)
    if scenario.form == "extensive":
        tree = scenario.model.tree(scenario.values())
        again = subgame_perfect(parse_efg(write_efg(tree)))
        assert again.equilibria == subgame_perfect(tree).equilibria
        return
    game = scenario.model.strategic_form()
    assert solve(parse_nfg(write_nfg(game))).equilibria == solve(game).equilibria


# Signalling scenarios report perfect Bayesian equilibria, not Nash equilibria: their analyses
# are checked against the PBE solver in tests/forms/test_signalling_form.py.
@pytest.mark.parametrize(
    "name", [name for name in GAMES if load_scenario(name).form != "signalling"]
)
def test_every_analysis_runs_on_every_bundled_scenario(name: str, tmp_path) -> None:
    """Issue 5's done-when: sweeps, plots, explanations and exports work on every bundled
    scenario; each checked against the solver, not just for running."""
    scenario = load_scenario(name)
    result = scenario.solve()
    parameter = next(iter(scenario.parameters))
    spec = scenario.parameters[parameter]
    sweep = scenario.sweep(**{parameter: (spec.low, spec.high, 3)})
    assert [point.values[parameter] for point in sweep.points] == [
        spec.low + (spec.high - spec.low) * k / 3 for k in range(4)
    ]
    if importlib.util.find_spec("matplotlib") is not None:
        sweep.plot(tmp_path / "sweep.png")
        assert (tmp_path / "sweep.png").read_bytes().startswith(b"\x89PNG")
    explanation = scenario.explain()
    assert len(explanation.equilibria) == len(result.equilibria)
    for fmt in ("latex", "markdown", "json"):
        text = scenario.export(fmt)
        assert scenario.content_hash.removeprefix("sha256:")[:12] in text
    exported = json.loads(scenario.export("json"))
    assert len(exported["equilibria"]) == len(result.equilibria)
    if scenario.form == "extensive":
        spe = result.subgame_perfect.equilibria
        assert spe
        assert len(exported["subgame_perfect"]) == len(spe)
        assert len(explanation.steps) > 0
        assert "**" in scenario.export("markdown")
        if result.nash is None:  # the reduced normal form is too large to write
            return
    assert solve(parse_nfg(scenario.export("nfg"))).equilibria == result.equilibria
