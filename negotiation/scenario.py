"""The notebook facade: a scenario with one method per command (``negotiation solve`` ...).

`Scenario` wraps the `negotiation.model.Model` that `negotiation.scenario_file` reads, of
whatever form, and delegates: its attributes are the model's, and each analysis method hands
the model to the analysis, written once for every form.  Nothing in the library imports this
module; it sits on top, beside the command line.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from fractions import Fraction
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

from negotiation.display import Report
from negotiation.errors import ScenarioError
from negotiation.forms.normal import Player
from negotiation.model import (
    DEFAULT_SHARE,
    QUANTIFIERS,
    Claim,
    Model,
    Parameter,
    Preset,
    RangeWarning,
    preset_names,
)
from negotiation.scenario_file import read_model
from negotiation.values import closest, exact_number

if TYPE_CHECKING:
    from negotiation.analysis.explain import Explanation
    from negotiation.analysis.explain_tree import TreeExplanation
    from negotiation.analysis.sweep import SweepResult
    from negotiation.analysis.thresholds import ThresholdResult
    from negotiation.analysis.whatif import WhatIfResult
    from negotiation.batch import BatchResult
    from negotiation.claims import ClaimsReport
    from negotiation.extensive.results import TreeSolveResult
    from negotiation.results import SolveResult
    from negotiation.robustness import RobustnessResult

__all__ = [
    "DEFAULT_SHARE",
    "QUANTIFIERS",
    "Claim",
    "Parameter",
    "Player",
    "Preset",
    "RangeWarning",
    "Scenario",
    "bundled_scenarios",
    "load_scenario",
    "read_scenario",
]


class Scenario(Report):
    """A parametric game read from a scenario file.

    Use `Scenario.values` to combine presets and overrides into parameter values, and
    `Scenario.game` to build the exact `Game` at those values.  Every attribute of the
    underlying `Model` (``parameters``, ``presets``, ``claims``, ``players`` ...) reads
    through.
    """

    def __init__(self, model: Model) -> None:
        self.model = model

    def __getattr__(self, name: str) -> Any:
        if name == "model":  # not yet set: during unpickling or copying
            raise AttributeError(name)
        return getattr(self.model, name)

    def __setattr__(self, name: str, value: Any) -> None:
        # The model's attributes are set on the model (``scenario.claims = ...`` in a notebook
        # must change what the analyses see), the facade keeps only its model.
        if name == "model":
            object.__setattr__(self, name, value)
        else:
            setattr(self.model, name, value)

    @property
    def form(self) -> str:
        """The game's form: ``"normal"``, ``"extensive"`` or ``"signalling"``."""
        return self.model.form

    # -- the analyses: one method per command, so that a notebook reads like the CLI ---------
    #
    # Each takes ``presets`` (a name or several) then parameter values as keywords, as
    # ``--preset`` and ``--set`` do, and returns a result whose ``text()`` is what the command
    # prints, ``to_json()`` its ``--json``, and which renders itself in Jupyter.

    def solve(
        self, presets: Iterable[str] | str = (), **overrides: object
    ) -> SolveResult | TreeSolveResult:
        """The equilibria after ``presets`` and ``overrides``: ``scenario.solve(stag=5)``; for a
        tree, its subgame-perfect equilibria beside the reduced form's Nash equilibria."""
        return self.model.solve_at(self.values(preset_names(presets), overrides))

    def whatif(
        self,
        presets: Iterable[str] | str = (),
        *,
        base: Mapping[str, object] | None = None,
        base_presets: Iterable[str] | str = (),
        **changes: object,
    ) -> WhatIfResult:
        """The equilibria before and after a change, what changed and why (``negotiation whatif``).

        ``load("idlib-offensive").whatif(drone_cost=6)`` compares the file's values with
        ``drone_cost=6``; ``whatif("drones")`` applies a preset; ``base`` and ``base_presets``
        move the baseline first.
        """
        from negotiation.analysis.whatif import whatif

        return whatif(self.model, preset_names(presets), changes, preset_names(base_presets), base)

    def thresholds(
        self,
        parameter: str,
        presets: Iterable[str] | str = (),
        *,
        best_responses: bool = False,
        symbolic: bool = False,
        samples: int | None = 500,
        seed: int = 0,
        **overrides: object,
    ) -> ThresholdResult:
        """The exact values of ``parameter`` where the equilibria change (``negotiation
        thresholds``), the other parameters after ``presets`` and ``overrides``; with
        ``samples`` (None: exact part alone), each threshold's spread over that many draws
        of the parameters neither set nor preset (``threshold.spread``; matrix games)."""
        from negotiation.analysis.thresholds import ThresholdResult, thresholds

        names = preset_names(presets)
        values = self.values(names, overrides)
        result = thresholds(self.model, parameter, values, best_responses, symbolic=symbolic)
        if samples is None or not isinstance(result, ThresholdResult):
            return result
        from negotiation.analysis.threshold_spread import with_spreads

        fixed = {*overrides, *(key for name in names for key in self.presets[name].values)}
        return with_spreads(result, samples=samples, seed=seed, fixed=sorted(fixed))

    def sweep(self, presets: Iterable[str] | str = (), **settings: object) -> SweepResult:
        """The equilibria across a range of one or two parameters (``negotiation sweep``).

        A keyword given a tuple ``(low, high)`` or ``(low, high, steps)`` is swept (20 steps by
        default); any other keyword sets a parameter: ``sweep(drone_cost=(0, 3), c_ties=6)``.
        """
        from negotiation.analysis.sweep import sweep

        ranges, overrides = {}, {}
        for name, setting in settings.items():
            if isinstance(setting, tuple | list):
                if len(setting) not in (2, 3):
                    msg = f"sweep {name}: expected (low, high) or (low, high, steps)"
                    raise ScenarioError(msg, file=self.path)
                low, high, *steps = setting
                ranges[name] = (exact_number(low), exact_number(high), int(*steps or [20]))
            else:
                overrides[name] = setting
        return sweep(self.model, ranges, self.values(preset_names(presets), overrides))

    def explain(
        self, presets: Iterable[str] | str = (), **overrides: object
    ) -> Explanation | TreeExplanation:
        """Best responses, dominance and the reason for each equilibrium (``negotiation
        explain``); for a tree, backward induction step by step first; for a signalling
        game, Bayes' rule and each incentive constraint of every PBE."""
        from negotiation.analysis.explain import explain

        values = self.values(preset_names(presets), overrides)
        if self.form == "signalling":
            from negotiation.analysis.signalling_analyses import signalling_explain

            return signalling_explain(self.model, values)
        if self.form == "extensive":
            from negotiation.analysis.explain_tree import explain_tree

            return explain_tree(self.model.solve_at(values))
        if hasattr(self.model, "solutions"):  # a bargain, a repeated game: the kernels' steps
            from negotiation.analysis.form_solutions import explain_form

            return explain_form(self.model, values)
        game = self.game(values)
        return explain(game, self.model.solve_at(values))

    def export(self, fmt: str, presets: Iterable[str] | str = (), **overrides: object) -> str:
        """The game as ``"latex"``, ``"markdown"``, ``"json"`` or ``"nfg"`` text, equilibria
        marked, as ``negotiation export`` writes it (with its provenance line)."""
        from negotiation.export import export_document
        from negotiation.provenance import provenance

        values = self.values(preset_names(presets), overrides)
        if self.form == "extensive" and fmt != "nfg":
            return _export_tree(self.model, fmt, values)
        if hasattr(self.model, "solutions"):  # a bargain, a repeated game
            from negotiation.analysis.form_solutions import export_form

            return export_form(self.model, fmt, values)
        if self.form == "signalling" and fmt in ("json", "efg"):
            from negotiation.export_signalling import export_signalling

            return export_signalling(self.model, fmt, values)
        return export_document(
            self.model.strategic_form(values),
            fmt,
            provenance(self.model, values),
            self.model,
            values,
        )

    def robustness(
        self,
        samples: int = 10_000,
        presets: Iterable[str] | str = (),
        *,
        seed: int = 0,
        dist: str = "uniform",
        vary: Iterable[str] | None = None,
        **overrides: object,
    ) -> RobustnessResult:
        """Outcome and claim shares over random draws of the parameters (``negotiation
        robustness``); the same seed gives the same answer."""
        from negotiation.robustness import robustness

        return robustness(
            self.model,
            samples,
            seed=seed,
            dist=dist,
            vary=vary,
            presets=tuple(preset_names(presets)),
            overrides=overrides,
        )

    def solve_points(
        self,
        points: Mapping[str, object] | str | Path,
        presets: Iterable[str] | str = (),
        **overrides: object,
    ) -> BatchResult:
        """Every equilibrium at many points (``negotiation solve --points``).

        ``points`` maps parameter names to equal-length arrays of values, or is the path of a
        CSV file with a header of parameter names; other parameters take ``presets`` and
        ``overrides``.
        """
        import numpy as np

        from negotiation.batch import read_points, solve_batch

        if isinstance(points, str | Path):
            arrays = read_points(self.model, points)
        else:
            arrays = {name: np.asarray(values) for name, values in points.items()}
        return solve_batch(self.model, arrays, base=self.values(preset_names(presets), overrides))

    def check(self, samples: int = 2000, *, seed: int = 0) -> ClaimsReport:
        """Every claim of the file over ``samples`` random draws of the parameters it does not
        fix (``negotiation check``); the same seed gives the same report."""
        from negotiation.claims import check_claims

        return check_claims(self.model, samples, seed=seed)

    def report(self, path: str | Path, force: bool = False) -> Path:
        """Write one self-contained HTML page about the scenario (`negotiation.report`)."""
        from negotiation.report import write_report

        return write_report(self, path, force)

    def to_json(self, values: Mapping[str, Fraction] | None = None) -> dict:
        """The scenario as data: metadata, players, payoffs at ``values``, parameters, presets.

        Exact numbers are rational strings, as in every JSON output of the toolkit.
        """
        return self.model.to_json(values)

    def text(self) -> str:
        """What ``negotiation show`` prints: players, parameters with sources, payoffs."""
        return self.model.describe(self.baseline(), symbolic=False)

    def __repr__(self) -> str:
        return (
            f"<Scenario {self.id!r}: {self.title}, {self.model.size()}, "
            f"{len(self.parameters)} parameters>"
        )


def _export_tree(model: Model, fmt: str, values: Mapping[str, Fraction]) -> str:
    """A tree scenario as ``negotiation export`` writes it: istgame, Markdown, JSON or .efg."""
    from negotiation.export_tree import export_tree_document
    from negotiation.extensive.efg import write_efg
    from negotiation.provenance import provenance

    if fmt == "efg":
        return write_efg(model.tree(values))
    result = model.solve_at(values)
    return export_tree_document(result, fmt, provenance(model, values), model, values)


def read_scenario(path: str | Path) -> Scenario:
    """Read a scenario file.

    Raises
    ------
    ScenarioError
        If the file is missing, is not valid TOML, or breaks a rule of the format.
    """
    return Scenario(read_model(path))


def bundled_scenarios() -> dict[str, Path]:
    """The scenarios shipped in ``payoffs/``, by name (the file name without ``.toml``)."""
    root = resources.files("negotiation.payoffs")
    found = {}
    for folder in (root, root / "classic"):
        for entry in sorted(folder.iterdir(), key=lambda item: item.name):
            if entry.name.endswith(".toml"):
                found[entry.name.removesuffix(".toml")] = Path(str(entry))
    return found


def load_scenario(name_or_path: str | Path) -> Scenario:
    """A bundled scenario by name, or a scenario file by path.

    Examples
    --------
    >>> load_scenario("prisoners-dilemma").players[0].strategies
    ('Cooperate', 'Defect')
    """
    path = Path(name_or_path)
    if path.suffix.lower() == ".nfg":
        msg = (
            "a Gambit .nfg game has no parameters, presets or claims; this needs a scenario "
            "(.toml file or bundled name: see negotiation list)"
        )
        raise ScenarioError(msg, file=path)
    if path.suffix == ".toml" or path.exists():
        return read_scenario(path)
    bundled = bundled_scenarios()
    if str(name_or_path) in bundled:
        return read_scenario(bundled[str(name_or_path)])
    msg = (
        f"no scenario file or bundled scenario named {str(name_or_path)!r}"
        f"{closest(str(name_or_path), tuple(bundled))}; bundled: {', '.join(bundled)}"
    )
    raise ScenarioError(msg)
