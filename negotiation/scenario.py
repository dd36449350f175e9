"""Scenario files: parametric games in TOML, with sources, presets and checkable claims.

The format is specified in ``docs/scenario-format.md``.  A file is data: formulas go
through `negotiation.formulas`, a whitelisting parser, and are never evaluated as code.  Every
problem is reported as a `ScenarioError` naming the file and the key.
"""

from __future__ import annotations

import hashlib
import re
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from fractions import Fraction
from importlib import resources
from itertools import product
from pathlib import Path
from typing import TYPE_CHECKING

from negotiation.display import Report
from negotiation.errors import FormulaError, ScenarioError, warn
from negotiation.files import read_text
from negotiation.formulas import Condition, Expr, order_terms, parse_condition, parse_formula
from negotiation.game import Game
from negotiation.values import MAX_INT_DIGITS, closest, exact_number

if TYPE_CHECKING:
    from negotiation.analysis.explain import Explanation
    from negotiation.analysis.sweep import SweepResult
    from negotiation.analysis.thresholds import ThresholdResult
    from negotiation.analysis.whatif import WhatIfResult
    from negotiation.batch import BatchResult
    from negotiation.claims import ClaimsReport
    from negotiation.results import SolveResult
    from negotiation.robustness import RobustnessResult

QUANTIFIERS = ("every", "some", "no", "none")
DEFAULT_SHARE = Fraction(9, 10)
_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")


class RangeWarning(UserWarning):
    """A parameter was set outside its declared plausible range."""


@dataclass(frozen=True)
class Parameter:
    """A named number in the payoffs, with its plausible range and where it comes from."""

    name: str
    value: Fraction
    low: Fraction
    high: Fraction
    unit: str
    description: str
    source: str


@dataclass(frozen=True)
class Preset:
    """A named what-if: parameter values to set, and why."""

    name: str
    description: str
    values: Mapping[str, Fraction]
    source: str


@dataclass(frozen=True)
class Claim:
    """A stylised fact as a checkable statement about the equilibria.

    ``quantifier`` "every": ``player`` plays ``strategy`` with probability one in every
    equilibrium; "some": in at least one; "no": in none (it may still mix it in); "none": it
    uses it with positive probability in no equilibrium.  The claim is
    evaluated after applying ``presets`` then ``values``, which fix the parameters they set;
    `negotiation check` draws every other parameter over its declared range.

    ``when`` makes the claim conditional: it is asserted only of the parameter values that
    meet the condition ("when c_ties > 5, ...").  ``share`` is the share of plausible worlds
    (draws over the declared ranges) in which the claim asserts its statement holds: 9/10
    unless the file says otherwise.
    """

    text: str
    source: str
    player: str
    strategy: str
    quantifier: str
    presets: tuple[str, ...] = ()
    values: Mapping[str, Fraction] = field(default_factory=dict)
    when: Condition | None = None
    share: Fraction = DEFAULT_SHARE


@dataclass(frozen=True)
class Player:
    name: str
    description: str
    strategies: tuple[str, ...]
    strategy_descriptions: tuple[str, ...]


def _table(value: object, file: Path, key: str) -> dict:
    if not isinstance(value, dict):
        msg = f"expected a table, got {type(value).__name__} {value!r}"
        raise ScenarioError(msg, file=file, key=key)
    return value


def _text(value: object, file: Path, key: str) -> str:
    if not isinstance(value, str):
        msg = f"expected a string, got {type(value).__name__} {value!r}"
        raise ScenarioError(msg, file=file, key=key)
    return value


def _check_keys(
    table: dict, allowed: Iterable[str], required: Iterable[str], file: Path, key: str
) -> None:
    allowed = tuple(allowed)
    for name in table:
        if name not in allowed:
            expected = ", ".join(allowed)
            msg = f"unknown key {name!r}{closest(name, allowed)}; expected one of {expected}"
            raise ScenarioError(msg, file=file, key=key)
    for name in required:
        if name not in table:
            msg = f"missing key {name!r}"
            raise ScenarioError(msg, file=file, key=key)


def _name_in(name: str, known: Iterable[str], what: str, file: Path, key: str) -> str:
    known = tuple(known)
    if name not in known:
        msg = f"unknown {what} {name!r}{closest(name, known)}; known: {', '.join(known)}"
        raise ScenarioError(msg, file=file, key=key)
    return name


class Scenario(Report):
    """A parametric game read from a scenario file.

    Use `Scenario.values` to combine presets and overrides into parameter values, and
    `Scenario.game` to build the exact `Game` at those values.
    """

    def __init__(self, data: dict, path: Path, content: bytes) -> None:
        self.path = path
        _check_keys(
            data,
            ("scenario", "parameters", "terms", "players", "payoffs", "presets", "claims"),
            ("scenario", "players", "payoffs"),
            path,
            "file",
        )
        meta = _table(data["scenario"], path, "scenario")
        _check_keys(
            meta,
            ("id", "title", "description", "source", "shared"),
            ("id", "title"),
            path,
            "scenario",
        )
        self.id = _text(meta["id"], path, "scenario.id")
        if not _ID.match(self.id):
            msg = f"id {self.id!r} must be lower-case letters, digits and dashes"
            raise ScenarioError(msg, file=path, key="scenario.id")
        self.title = _text(meta["title"], path, "scenario.title")
        self.description = _text(meta.get("description", ""), path, "scenario.description")
        self.source = _text(meta.get("source", ""), path, "scenario.source")
        shared = self._read_shared(meta, content)
        own = self._read_parameters(data.get("parameters", {}), path)
        self.shared_path = shared.path
        for name in own:
            if name in shared.parameters:
                msg = f"parameter {name!r} is defined in the shared file {shared.path}"
                raise ScenarioError(msg, file=path, key=f"parameters.{name}")
        self.parameters = {**shared.parameters, **own}
        self.players = self._read_players(data["players"])
        self.terms = self._read_terms(data.get("terms", {}))
        self.payoff_formulas = self._read_payoffs(data["payoffs"])
        self.presets = self._read_presets(data.get("presets", {}), shared.presets)
        self.claims = self._read_claims(data.get("claims", []))
        if shared.path is not None:
            self._keep_used(set(own))

    # -- reading ---------------------------------------------------------------------------

    def _read_shared(self, meta: dict, content: bytes) -> _Shared:
        """The shared parameter file named by ``scenario.shared``, if any.

        Why: models of one report must not give one quantity two values.  Parameters and
        presets defined once in a shared file (``payoffs/shared/idlib.toml``) are drawn on by
        every model that names it; a model keeps only the shared parameters its formulas use.
        """
        self.content_hash = "sha256:" + hashlib.sha256(content).hexdigest()
        self.shared_hash: str | None = None
        if "shared" not in meta:
            return _Shared(None, {}, {})
        name = _text(meta["shared"], self.path, "scenario.shared")
        path = self.path.parent / name
        if Path(name).is_absolute() or path.suffix != ".toml":
            msg = f"expected a relative path to a .toml file, got {name!r}"
            raise ScenarioError(msg, file=self.path, key="scenario.shared")
        text, shared_content = read_text(path, ScenarioError, "a shared parameter file")
        try:
            data = tomllib.loads(text)
        except tomllib.TOMLDecodeError as error:
            msg = f"invalid TOML: {error}"
            raise ScenarioError(msg, file=path) from None
        _check_keys(data, ("description", "parameters", "presets"), ("parameters",), path, "file")
        _text(data.get("description", ""), path, "description")
        parameters = self._read_parameters(data["parameters"], path)
        presets = self._read_presets(data.get("presets", {}), {}, path, parameters)
        self.shared_hash = "sha256:" + hashlib.sha256(shared_content).hexdigest()
        return _Shared(path, parameters, presets)

    def _keep_used(self, own: set[str]) -> None:
        """Drop the shared parameters this model never uses, and presets left with nothing."""
        used = set(own)
        for formulas in (*self.payoff_formulas.values(), tuple(self.terms.values())):
            for expr in formulas:
                used |= expr.names()
        for claim in self.claims:
            used |= set(claim.values)
            if claim.when is not None:
                used |= claim.when.names()
        self.parameters = {name: p for name, p in self.parameters.items() if name in used}
        presets = {}
        for name, preset in self.presets.items():
            values = {key: value for key, value in preset.values.items() if key in used}
            if values:
                presets[name] = Preset(name, preset.description, values, preset.source)
        missing = [name for claim in self.claims for name in claim.presets if name not in presets]
        if missing:
            msg = f"preset {missing[0]!r} sets no parameter this model uses"
            raise ScenarioError(msg, file=self.path, key="claims")
        self.presets = presets

    def _read_parameters(self, table: object, file: Path) -> dict[str, Parameter]:
        parameters = {}
        for name, spec in _table(table, file, "parameters").items():
            key = f"parameters.{name}"
            if not re.match(r"^[A-Za-z_][A-Za-z0-9_]*$", name):
                msg = f"parameter name {name!r} must be letters, digits and underscores"
                raise ScenarioError(msg, file=file, key=key)
            spec = _table(spec, file, key)
            fields = ("value", "range", "unit", "description", "source")
            _check_keys(spec, fields, fields, file, key)
            bounds = spec["range"]
            if not isinstance(bounds, list) or len(bounds) != 2:
                msg = f"range must be [low, high], got {bounds!r}"
                raise ScenarioError(msg, file=file, key=f"{key}.range")
            low, high = (exact_number(b, file=file, key=f"{key}.range") for b in bounds)
            value = exact_number(spec["value"], file=file, key=f"{key}.value")
            if not low <= value <= high:
                msg = f"value {value} lies outside its range [{low}, {high}]"
                raise ScenarioError(msg, file=file, key=key)
            parameters[name] = Parameter(
                name,
                value,
                low,
                high,
                _text(spec["unit"], file, f"{key}.unit"),
                _text(spec["description"], file, f"{key}.description"),
                _text(spec["source"], file, f"{key}.source"),
            )
        return parameters

    def _read_players(self, table: object) -> tuple[Player, ...]:
        players = []
        for name, spec in _table(table, self.path, "players").items():
            key = f"players.{name}"
            spec = _table(spec, self.path, key)
            _check_keys(spec, ("description", "strategies"), ("strategies",), self.path, key)
            strategies = _table(spec["strategies"], self.path, f"{key}.strategies")
            if not strategies:
                msg = "a player needs at least one strategy"
                raise ScenarioError(msg, file=self.path, key=f"{key}.strategies")
            descriptions = tuple(
                _text(text, self.path, f"{key}.strategies.{label}")
                for label, text in strategies.items()
            )
            players.append(
                Player(
                    name,
                    _text(spec.get("description", ""), self.path, f"{key}.description"),
                    tuple(strategies),
                    descriptions,
                )
            )
        if not players:
            msg = "a scenario needs at least one player"
            raise ScenarioError(msg, file=self.path, key="players")
        return tuple(players)

    def _read_terms(self, table: object) -> dict[str, Expr]:
        definitions = {}
        for name, text in _table(table, self.path, "terms").items():
            if name in self.parameters:
                msg = f"term {name!r} has the name of a parameter"
                raise ScenarioError(msg, file=self.path, key=f"terms.{name}")
            definitions[name] = _formula_text(text, self.path, f"terms.{name}")
        return order_terms(definitions, self.parameters, file=self.path)

    def _read_payoffs(self, table: object) -> dict[tuple[str, ...], tuple[Expr, ...]]:
        names = self.player_names
        formulas: dict[tuple[str, ...], tuple[Expr, ...]] = {}

        def walk(node: object, depth: int, labels: tuple[str, ...]) -> None:
            key = ".".join(("payoffs", *labels))
            node = _table(node, self.path, key)
            if depth == len(self.players):
                _check_keys(node, names, names, self.path, key)
                formulas[labels] = tuple(
                    parse_formula(
                        _formula_text(node[player], self.path, f"{key}.{player}"),
                        self.parameters,
                        terms=self.terms,
                        file=self.path,
                        key=f"{key}.{player}",
                    )
                    for player in names
                )
                return
            player = self.players[depth]
            for label, child in node.items():
                _name_in(label, player.strategies, f"strategy of {player.name}", self.path, key)
                walk(child, depth + 1, (*labels, label))

        walk(table, 0, ())
        for profile in product(*(player.strategies for player in self.players)):
            if profile not in formulas:
                msg = f"no payoffs for the outcome {', '.join(profile)}"
                raise ScenarioError(msg, file=self.path, key=".".join(("payoffs", *profile)))
        return formulas

    def _read_assignments(
        self,
        table: object,
        key: str,
        parameters: Mapping[str, Parameter] | None = None,
        file: Path | None = None,
    ) -> dict[str, Fraction]:
        parameters = self.parameters if parameters is None else parameters
        file = self.path if file is None else file
        return {
            _name_in(name, parameters, "parameter", file, key): exact_number(
                value, file=file, key=f"{key}.{name}"
            )
            for name, value in _table(table, file, key).items()
        }

    def _read_presets(
        self,
        table: object,
        shared: Mapping[str, Preset],
        file: Path | None = None,
        parameters: Mapping[str, Parameter] | None = None,
    ) -> dict[str, Preset]:
        file = self.path if file is None else file
        presets = dict(shared)
        for name, spec in _table(table, file, "presets").items():
            key = f"presets.{name}"
            if name in shared:
                msg = f"preset {name!r} is defined in the shared file"
                raise ScenarioError(msg, file=file, key=key)
            spec = _table(spec, file, key)
            _check_keys(spec, ("description", "set", "source"), ("set",), file, key)
            presets[name] = Preset(
                name,
                _text(spec.get("description", ""), file, f"{key}.description"),
                self._read_assignments(spec["set"], f"{key}.set", parameters, file),
                _text(spec.get("source", ""), file, f"{key}.source"),
            )
        return presets

    def _read_claims(self, items: object) -> tuple[Claim, ...]:
        if not isinstance(items, list):
            msg = "claims must be an array of tables: [[claims]]"
            raise ScenarioError(msg, file=self.path, key="claims")
        claims = []
        for index, spec in enumerate(items):
            key = f"claims[{index}]"
            spec = _table(spec, self.path, key)
            if "vary" in spec:
                msg = (
                    "'vary' was removed: negotiation check now draws every parameter the claim "
                    "does not fix (with 'preset' or 'set') over its declared range; delete "
                    "'vary', and give 'share' (default 0.9) for the share of draws in which "
                    "the claim should hold"
                )
                raise ScenarioError(msg, file=self.path, key=f"{key}.vary")
            _check_keys(
                spec,
                ("text", "source", "player", "strategy", "in", "preset", "set", "when", "share"),
                ("text", "source", "player", "strategy", "in"),
                self.path,
                key,
            )
            player = _name_in(
                _text(spec["player"], self.path, f"{key}.player"),
                self.player_names,
                "player",
                self.path,
                f"{key}.player",
            )
            strategies = self.players[self.player_names.index(player)].strategies
            strategy = _name_in(
                _text(spec["strategy"], self.path, f"{key}.strategy"),
                strategies,
                f"strategy of {player}",
                self.path,
                f"{key}.strategy",
            )
            quantifier = _name_in(
                _text(spec["in"], self.path, f"{key}.in"),
                QUANTIFIERS,
                "quantifier",
                self.path,
                f"{key}.in",
            )
            presets = spec.get("preset", [])
            presets = [presets] if isinstance(presets, str) else presets
            if not isinstance(presets, list):
                msg = "preset must be a name or a list of names"
                raise ScenarioError(msg, file=self.path, key=f"{key}.preset")
            for name in presets:
                _name_in(
                    _text(name, self.path, f"{key}.preset"),
                    self.presets,
                    "preset",
                    self.path,
                    f"{key}.preset",
                )
            when = None
            if "when" in spec:
                when = parse_condition(
                    _formula_text(spec["when"], self.path, f"{key}.when"),
                    self.parameters,
                    terms=self.terms,
                    file=self.path,
                    key=f"{key}.when",
                )
            share = exact_number(
                spec.get("share", DEFAULT_SHARE), file=self.path, key=f"{key}.share"
            )
            if not 0 < share <= 1:
                msg = f"share must be above 0 and at most 1, got {share}"
                raise ScenarioError(msg, file=self.path, key=f"{key}.share")
            claims.append(
                Claim(
                    _text(spec["text"], self.path, f"{key}.text"),
                    _text(spec["source"], self.path, f"{key}.source"),
                    player,
                    strategy,
                    quantifier,
                    tuple(presets),
                    self._read_assignments(spec.get("set", {}), f"{key}.set"),
                    when,
                    share,
                )
            )
        return tuple(claims)

    # -- using -----------------------------------------------------------------------------

    @property
    def player_names(self) -> tuple[str, ...]:
        return tuple(player.name for player in self.players)

    @property
    def strategies(self) -> tuple[tuple[str, ...], ...]:
        return tuple(player.strategies for player in self.players)

    def baseline(self) -> dict[str, Fraction]:
        """Every parameter at the value the file gives it."""
        return {name: parameter.value for name, parameter in self.parameters.items()}

    def values(
        self,
        presets: Iterable[str] | str = (),
        overrides: Mapping[str, object] | None = None,
    ) -> dict[str, Fraction]:
        """Parameter values: the baseline, then each preset in turn, then ``overrides``.

        Raises
        ------
        ScenarioError
            For an unknown preset or parameter (naming the closest one) or a non-number.

        Warns
        -----
        RangeWarning
            For a value outside the parameter's declared range: it is used all the same.
        """
        values = self.baseline()
        for name in _names(presets):
            if name not in self.presets:
                known = ", ".join(self.presets) or "none"
                hint = closest(name, tuple(self.presets))
                msg = f"unknown preset {name!r}{hint}; presets: {known}"
                raise ScenarioError(msg, file=self.path, key="presets")
            values.update(self.presets[name].values)
        for name, value in (overrides or {}).items():
            if name not in self.parameters:
                msg = (
                    f"unknown parameter {name!r}{closest(name, tuple(self.parameters))}; "
                    f"parameters: {', '.join(self.parameters) or 'none'}"
                )
                raise ScenarioError(msg, file=self.path, key=name)
            values[name] = exact_number(value, key=name)  # the user's value, not the file's
        for name, value in values.items():
            parameter = self.parameters[name]
            if not parameter.low <= value <= parameter.high:
                warn(
                    f"{name}={value} lies outside its plausible range "
                    f"[{parameter.low}, {parameter.high}]; using it anyway",
                    RangeWarning,
                )
        return values

    def term_values(self, values: Mapping[str, Fraction]) -> dict[str, Fraction]:
        """Parameters and intermediate terms evaluated at ``values``."""
        scope: dict[str, Fraction] = dict(values)
        for name, expr in self.terms.items():
            scope[name] = self._evaluate(expr, scope, f"terms.{name}")
        return scope

    def _evaluate(self, expr: Expr, scope: Mapping[str, Fraction], key: str) -> Fraction:
        try:
            return expr.evaluate(scope)
        except ZeroDivisionError:
            shown = ", ".join(f"{name}={scope[name]}" for name in sorted(expr.names()))
            msg = f"division by zero in {str(expr)!r} at {shown}"
            raise FormulaError(msg, file=self.path, key=key) from None

    def game(self, values: Mapping[str, Fraction] | None = None) -> Game:
        """The exact game at ``values`` (default: the baseline)."""
        scope = self.term_values(self.baseline() if values is None else values)
        shape = tuple(len(player.strategies) for player in self.players)
        arrays = [[None] * _size(shape) for _ in self.players]
        for index, profile in enumerate(product(*self.strategies)):
            for player, expr in enumerate(self.payoff_formulas[profile]):
                key = ".".join(("payoffs", *profile, self.players[player].name))
                arrays[player][index] = self._evaluate(expr, scope, key)
        import numpy as np

        payoffs = [np.array(flat, dtype=object).reshape(shape) for flat in arrays]
        return Game(payoffs, self.player_names, self.strategies, self.title)

    # -- the analyses: one method per command, so that a notebook reads like the CLI ---------
    #
    # Each takes ``presets`` (a name or several) then parameter values as keywords, as
    # ``--preset`` and ``--set`` do, and returns a result whose ``text()`` is what the command
    # prints, ``to_json()`` its ``--json``, and which renders itself in Jupyter.

    def solve(self, presets: Iterable[str] | str = (), **overrides: object) -> SolveResult:
        """The equilibria after ``presets`` and ``overrides``: ``scenario.solve(stag=5)``."""
        from negotiation.solvers import solve

        values = self.values(_names(presets), overrides)
        return solve(self.game(values), parameters=values)

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

        return whatif(self, _names(presets), changes, _names(base_presets), base)

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
        of the parameters neither set nor preset (``threshold.spread``)."""
        from negotiation.analysis.threshold_spread import with_spreads
        from negotiation.analysis.thresholds import thresholds

        names = _names(presets)
        values = self.values(names, overrides)
        result = thresholds(self, parameter, values, best_responses, symbolic=symbolic)
        if samples is None:
            return result
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
        return sweep(self, ranges, self.values(_names(presets), overrides))

    def explain(self, presets: Iterable[str] | str = (), **overrides: object) -> Explanation:
        """Best responses, dominance and the reason for each equilibrium (``negotiation
        explain``)."""
        from negotiation.analysis.explain import explain
        from negotiation.solvers import solve

        values = self.values(_names(presets), overrides)
        game = self.game(values)
        return explain(game, solve(game, parameters=values))

    def export(self, fmt: str, presets: Iterable[str] | str = (), **overrides: object) -> str:
        """The game as ``"latex"``, ``"markdown"``, ``"json"`` or ``"nfg"`` text, equilibria
        marked, as ``negotiation export`` writes it (with its provenance line)."""
        from negotiation.export import export_document
        from negotiation.provenance import provenance

        values = self.values(_names(presets), overrides)
        return export_document(self.game(values), fmt, provenance(self, values), self, values)

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
            self,
            samples,
            seed=seed,
            dist=dist,
            vary=vary,
            presets=tuple(_names(presets)),
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
            arrays = read_points(self, points)
        else:
            arrays = {name: np.asarray(values) for name, values in points.items()}
        return solve_batch(self, arrays, base=self.values(_names(presets), overrides))

    def check(self, samples: int = 2000, *, seed: int = 0) -> ClaimsReport:
        """Every claim of the file over ``samples`` random draws of the parameters it does not
        fix (``negotiation check``); the same seed gives the same report."""
        from negotiation.claims import check_claims

        return check_claims(self, samples, seed=seed)

    def report(self, path: str | Path, force: bool = False) -> Path:
        """Write one self-contained HTML page about the scenario (`negotiation.report`)."""
        from negotiation.report import write_report

        return write_report(self, path, force)

    def to_json(self, values: Mapping[str, Fraction] | None = None) -> dict:
        """The scenario as data: metadata, players, payoffs at ``values``, parameters, presets.

        Exact numbers are rational strings, as in every JSON output of the toolkit.
        """
        values = self.baseline() if values is None else values
        game = self.game(values)
        return {
            "id": self.id,
            "title": self.title,
            "description": self.description,
            "source": self.source,
            "players": {
                player.name: {
                    "description": player.description,
                    "strategies": dict(
                        zip(player.strategies, player.strategy_descriptions, strict=True)
                    ),
                }
                for player in self.players
            },
            "payoffs": [
                {
                    "profile": dict(zip(self.player_names, profile, strict=True)),
                    "payoffs": {
                        name: str(value)
                        for name, value in zip(
                            self.player_names, game.payoff_profile(cell), strict=True
                        )
                    },
                    "formulas": {
                        name: str(expr)
                        for name, expr in zip(
                            self.player_names, self.payoff_formulas[profile], strict=True
                        )
                    },
                }
                for cell, profile in zip(
                    product(*(range(len(s)) for s in self.strategies)),
                    product(*self.strategies),
                    strict=True,
                )
            ],
            "terms": {name: str(expr) for name, expr in self.terms.items()},
            "parameters": {
                name: {
                    "value": str(values[name]),
                    "baseline": str(parameter.value),
                    "range": [str(parameter.low), str(parameter.high)],
                    "unit": parameter.unit,
                    "description": parameter.description,
                    "source": parameter.source,
                }
                for name, parameter in self.parameters.items()
            },
            "presets": {
                name: {
                    "description": preset.description,
                    "set": {key: str(value) for key, value in preset.values.items()},
                    "source": preset.source,
                }
                for name, preset in self.presets.items()
            },
            "claims": [{"text": claim.text, "source": claim.source} for claim in self.claims],
        }

    def text(self) -> str:
        """What ``negotiation show`` prints: players, parameters with sources, payoffs."""
        from negotiation.text import describe_scenario

        return describe_scenario(self, self.baseline(), symbolic=False)

    def __repr__(self) -> str:
        size = "x".join(str(len(player.strategies)) for player in self.players)
        return f"<Scenario {self.id!r}: {self.title}, {size}, {len(self.parameters)} parameters>"


@dataclass(frozen=True)
class _Shared:
    """What a shared parameter file gives a model: its parameters and presets."""

    path: Path | None
    parameters: dict[str, Parameter]
    presets: dict[str, Preset]


def _names(presets: Iterable[str] | str) -> tuple[str, ...]:
    """Preset names: one name alone is a name, not a sequence of letters."""
    return (presets,) if isinstance(presets, str) else tuple(presets)


def _size(shape: tuple[int, ...]) -> int:
    total = 1
    for count in shape:
        total *= count
    return total


def _formula_text(value: object, file: Path, key: str) -> str:
    """A formula as text: TOML numbers are accepted as formulas too."""
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        msg = f"expected a formula (a string or a number), got {type(value).__name__} {value!r}"
        raise FormulaError(msg, file=file, key=key)
    return value if isinstance(value, str) else repr(value)


def read_scenario(path: str | Path) -> Scenario:
    """Read a scenario file.

    Raises
    ------
    ScenarioError
        If the file is missing, is not valid TOML, or breaks a rule of the format.
    """
    path = Path(path)
    text, content = read_text(path, ScenarioError, "a scenario file")
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        msg = f"invalid TOML: {error}"
        raise ScenarioError(msg, file=path) from None
    except ValueError:  # tomllib's int() of more than 4300 digits
        msg = f"an integer has more than 4300 digits (numbers have at most {MAX_INT_DIGITS})"
        raise ScenarioError(msg, file=path) from None
    return Scenario(data, path, content)


def bundled_scenarios() -> dict[str, Path]:
    """The scenarios shipped in ``payoffs/``, by name (the file name without ``.toml``)."""
    root = resources.files("payoffs")
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
