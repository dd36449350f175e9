"""The parametric model: values in, a game out, whatever the game's form.

Why one interface: every analysis (``whatif``, ``thresholds``, ``sweep``, ``robustness``,
``check``, ``explain``, ``export``) needs the same few things from a scenario (its
parameters and presets, the values they give, the game at those values, its solution, and
what a claim means), and should be written once against them.  A *form* (a one-shot matrix,
a tree; bargains, repeated and Bayesian games next) subclasses `Model` and supplies the hooks
at the bottom of the class; `negotiation.scenario_file` reads a file into the model of its
form.  This module imports no form, no analysis and no facade: everything else builds on it.

To add a form (a bargain, a repeated or a Bayesian game): subclass `Model`, name its file
sections in ``sections``, read them in `Model.read_form`, say which keys a claim's statement
takes (``claim_keys``, read by `Model.read_claim`), answer `Model.game`, `Model.solve_at`
and `Model.claim_holds`, and show itself (`Model.to_json`, `Model.describe`, `Model.size`);
then register the class in `negotiation.scenario_file.FORMS`.  ``solve``, ``show``,
``check`` and ``export`` then work on it through those hooks; an analysis whose answer
means something else for the form (a tree's thresholds are where its subgame-perfect
equilibria change) hands the form over to its own module in one line, as ``thresholds``,
``whatif``, ``sweep`` and ``robustness`` do for trees, and `Model.claim_verdicts` lets a
form bring a batch engine for claims.  ``robustness`` on the other forms (bargains, repeated
and signalling games) needs one more hook, `Model.robustness_outcome`: what a draw's outcome is.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from negotiation.errors import FormulaError, ScenarioError, warn
from negotiation.formulas import Condition, Expr
from negotiation.values import closest, exact_number

if TYPE_CHECKING:
    from negotiation.game import Game

QUANTIFIERS = ("every", "some", "no", "none")
DEFAULT_SHARE = Fraction(9, 10)


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
    """A stylised fact as a checkable statement about the solution of the game.

    ``quantifier`` "every": ``player`` plays ``strategy`` with probability one in every
    equilibrium; "some": in at least one; "no": in none (it may still mix it in); "none": it
    uses it with positive probability in no equilibrium.  ``on`` says which equilibria and
    what "plays" means; the form defines it (a matrix: ``"equilibria"``, its Nash
    equilibria; a tree: also ``"path"``, the subgame-perfect paths of play, and ``"node"``,
    the choice at the node ``at``, a path of action labels).  The claim is evaluated after
    applying ``presets`` then ``values``, which fix the parameters they set; `negotiation
    check` draws every other parameter over its declared range.

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
    on: str = "equilibria"
    at: tuple[str, ...] = ()
    statement: Mapping[str, Any] = field(default_factory=dict)
    """A form's own statement when it is not one player's choice: a bargain's shares or a
    repeated game's critical delta (with its ``words``), a signalling claim's kind, messages,
    responses and beliefs (``strategy`` then holds it in words)."""

    def words(self) -> str:
        """The claim's test in words: ``Russia plays Hold in every equilibrium``."""
        if "words" in self.statement:
            return self.statement["words"]
        if self.statement:
            return self.strategy
        where = {
            "equilibria": "equilibrium",
            "path": "subgame-perfect path",
            "node": "subgame-perfect equilibrium",
        }[self.on]
        at = f" at {' > '.join(self.at) or 'the root'}" if self.on == "node" else ""
        verb, on = ("takes", "on") if self.on == "path" else ("plays", "in")
        if self.quantifier == "none":
            return f"{self.player} uses {self.strategy}{at} {on} no {where}"
        if self.quantifier == "no":
            return f"{self.player} {verb} {self.strategy}{at} for sure {on} no {where}"
        return f"{self.player} {verb} {self.strategy}{at} {on} {self.quantifier} {where}"


@dataclass(frozen=True)
class Header:
    """What every scenario file gives, whatever its form: identity, provenance, parameters."""

    path: Path
    id: str
    title: str
    description: str
    source: str
    shared_path: Path | None
    content_hash: str
    shared_hash: str | None
    parameters: dict[str, Parameter]
    terms: dict[str, Expr]
    presets: dict[str, Preset]


class Model(ABC):
    """A parametric game of some form: parameters, presets and claims, and the game at values.

    The shared half (this class) turns presets and overrides into exact parameter values;
    a form's subclass turns values into its game and its solution, and says what a claim
    means.  Attributes: ``path``, ``id``, ``title``, ``description``, ``source``,
    ``shared_path``, ``content_hash``, ``shared_hash``, ``parameters``, ``terms``, ``presets``,
    ``claims``, ``player_names``.
    """

    form: ClassVar[str]
    sections: ClassVar[tuple[str, ...]]
    """The top-level sections of the file that the form reads (`read_form`)."""
    claim_keys: ClassVar[tuple[tuple[str, ...], tuple[str, ...]]]
    """The keys a claim of this form may carry for its statement, and those it must."""

    player_names: tuple[str, ...]

    def __init__(self, header: Header) -> None:
        for name in Header.__dataclass_fields__:
            setattr(self, name, getattr(header, name))
        self.claims: tuple[Claim, ...] = ()

    # -- values: the same for every form ---------------------------------------------------

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
        for name in preset_names(presets):
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
            scope[name] = self.evaluate(expr, scope, f"terms.{name}")
        return scope

    def sympy_terms(self, values: Mapping[str, Any]) -> dict[str, Any]:
        """Parameters and intermediate terms in sympy: the symbolic `term_values`.

        ``values`` gives each parameter as a number (Fraction or int, made an exact
        ``sympy.Rational``) or a sympy expression (kept, such as the symbol of the parameter a
        threshold search varies); the terms are then built from them, so a term's formula
        carries the symbol through."""
        import sympy

        scope: dict[str, Any] = {
            name: v if hasattr(v, "free_symbols") else sympy.Rational(v.numerator, v.denominator)
            for name, v in values.items()
        }
        for name, expr in self.terms.items():
            scope[name] = expr.to_sympy(scope)
        return scope

    def evaluate(self, expr: Expr, scope: Mapping[str, Fraction], key: str) -> Fraction:
        """``expr`` at ``scope``; a division by zero is a `FormulaError` naming ``key``."""
        try:
            return expr.evaluate(scope)
        except ZeroDivisionError:
            shown = ", ".join(f"{name}={scope[name]}" for name in sorted(expr.names()))
            msg = f"division by zero in {str(expr)!r} at {shown}"
            raise FormulaError(msg, file=self.path, key=key) from None

    def formula(self, value: object, key: str) -> Expr:
        """A formula of the form's sections, parsed against the parameters and terms."""
        from negotiation.formulas import parse_formula
        from negotiation.reading import formula_text

        return parse_formula(
            formula_text(value, self.path, key),
            self.parameters,
            terms=self.terms,
            file=self.path,
            key=key,
        )

    # -- the form's hooks ---------------------------------------------------------------------

    @abstractmethod
    def read_form(self, data: Mapping[str, Any]) -> None:
        """Read the form's own sections of the file (``players`` and ``payoffs``, ``tree``)."""

    @abstractmethod
    def read_claim(self, spec: Mapping[str, Any], key: str) -> dict[str, Any]:
        """The `Claim` fields of one claim's statement (player, strategy, quantifier ...)."""

    @abstractmethod
    def formulas(self) -> Iterable[Expr]:
        """Every formula of the form's sections: what decides which parameters are used."""

    @abstractmethod
    def game(self, values: Mapping[str, Fraction] | None = None) -> Any:
        """The exact game at ``values`` (default: the baseline): a `Game` for a matrix and
        a tree (its reduced normal form), the form's own object otherwise."""

    def strategic_form(self, values: Mapping[str, Fraction] | None = None) -> Game:
        """The strategic-form `Game` at ``values``, for the analyses and exports of matrices
        (a signalling game: its normal form)."""
        return self.game(values)

    @abstractmethod
    def solve_at(self, values: Mapping[str, Fraction], method: str = "auto") -> Any:
        """The form's solution at ``values``: what ``negotiation solve`` reports."""

    @abstractmethod
    def claim_holds(self, claim: Claim, result: Any) -> bool:
        """Whether ``claim``'s statement is true of ``result``, a `solve_at` answer."""

    def claim_verdicts(
        self, claim: Claim, points: Sequence[Mapping[str, Fraction]]
    ) -> list[bool] | None:
        """Whether ``claim`` holds at each of many points, by a batch engine, exactly as
        `claim_holds` would decide; None where the form has no engine for this claim."""
        return None

    def robustness_outcome(self, result: Any) -> str:
        """What ``negotiation robustness`` counts as the outcome of one draw, read from a
        `solve_at` answer, in words: a bargain's range and where its solutions lie, the
        strategies that sustain a repeated game's target, the kinds of a signalling game's
        equilibria.  Matrices and trees have their own engines (`negotiation.batch`,
        `negotiation.forms.tree_batch`) and do not use it."""
        msg = f"the {self.form} form names no robustness outcome"
        raise NotImplementedError(msg)

    def robustness_outcomes(self, points: Sequence[Mapping[str, Fraction]]) -> list[str]:
        """`robustness_outcome` at each of many points, exactly as
        ``robustness_outcome(solve_at(point))``; a form overrides it with a faster engine (a
        cache shared with its claims, a closed form)."""
        return [self.robustness_outcome(self.solve_at(point)) for point in points]

    @abstractmethod
    def to_json(self, values: Mapping[str, Fraction] | None = None) -> dict:
        """The scenario as data (``negotiation show --json``)."""

    @abstractmethod
    def describe(self, values: Mapping[str, Fraction], symbolic: bool = False) -> str:
        """What ``negotiation show`` prints."""

    @abstractmethod
    def size(self) -> str:
        """A few words on the game's size, for ``repr``."""


def preset_names(presets: Iterable[str] | str) -> tuple[str, ...]:
    """Preset names: one name alone is a name, not a sequence of letters."""
    return (presets,) if isinstance(presets, str) else tuple(presets)


def header_json(model: Model) -> dict:
    """The scenario's identity, as every form's ``to_json`` starts."""
    return {
        "id": model.id,
        "title": model.title,
        "description": model.description,
        "source": model.source,
    }


def parameters_json(model: Model, values: Mapping[str, Fraction]) -> dict:
    """Terms, parameters (at ``values``, with baseline and range), presets and claims."""
    return {
        "terms": {name: str(expr) for name, expr in model.terms.items()},
        "parameters": {
            name: {
                "value": str(values[name]),
                "baseline": str(parameter.value),
                "range": [str(parameter.low), str(parameter.high)],
                "unit": parameter.unit,
                "description": parameter.description,
                "source": parameter.source,
            }
            for name, parameter in model.parameters.items()
        },
        "presets": {
            name: {
                "description": preset.description,
                "set": {key: str(value) for key, value in preset.values.items()},
                "source": preset.source,
            }
            for name, preset in model.presets.items()
        },
        "claims": [{"text": claim.text, "source": claim.source} for claim in model.claims],
    }


def quantified(quantifier: str, for_sure: Sequence[bool], at_all: Sequence[bool]) -> bool:
    """A quantifier over equilibria: ``for_sure[k]``, the claim's choice is made with
    probability one in equilibrium ``k``; ``at_all[k]``, with positive probability.

    "every" needs at least one equilibrium; the others are true of an empty set.
    """
    if quantifier == "every":
        return bool(for_sure) and all(for_sure)
    if quantifier == "some":
        return any(for_sure)
    if quantifier == "no":
        return not any(for_sure)
    return not any(at_all)


def varying(points: Sequence[Mapping[str, Fraction]]) -> tuple[str, ...]:
    """The parameters whose values differ between the points, in the first point's order."""
    first = points[0]
    return tuple(name for name in first if any(point[name] != first[name] for point in points))
