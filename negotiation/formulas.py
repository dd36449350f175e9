"""Safe payoff formulas: text from scenario files, parsed into a small expression tree.

Scenario files are written by colleagues, so a formula must never run code or hang the
program.  The text goes through :func:`ast.parse` (after ``^`` becomes ``**``; ``^`` means
nothing else here) and the syntax tree is walked against a whitelist that builds our own
immutable tree of :class:`Number`, :class:`Name`, :class:`BinaryOp`, :class:`Negate`,
:class:`Power` and :class:`Call`.  Nothing is handed to ``eval``, ``exec``, ``compile``,
``sympify`` or ``parse_expr`` (sympify uses ``eval``).

Grammar: numbers (``3``, ``0.25``, ``1e3``; exact, so ``0.1`` is 1/10), declared names, binary
``+ - * /``, power ``^`` or ``**``, unary ``-`` and ``+``, parentheses, and ``min(a, b, ...)``,
``max(a, b, ...)`` with two arguments or more.  Precedence is Python's: ``2^3^2`` is 512 and
``-2^2`` is -4.

Limits, so that no formula can hang the program:

- at most 1,000 ASCII characters, nested at most 50 deep (a long sum or product is flat);
- an exponent is a whole constant from -16 to 16 (``x^2``, ``x^-1``, ``x^(1+1)``), computed
  when the formula is read: ``x^y``, ``x^(1/2)`` and ``9^9^9`` are refused;
- written out in full, with every power as a repeated product and every term replaced by its
  formula, a formula holds at most 4,096 numbers and names (a long number counts once per 64
  bits).  This bounds exact arithmetic: without it ``((x^16)^16)^16``, or a chain of terms
  each squaring the last, builds numbers with millions of digits.

Every refusal is a :class:`~negotiation.errors.FormulaError` carrying the caller's ``file`` and
``key`` and quoting the offending text.

Use :func:`order_terms` for the named intermediate terms of a scenario, :func:`parse_formula`
for each payoff with ``terms=`` (so that the size limit counts the terms),
:func:`evaluate_terms` then :meth:`Expr.evaluate` for values (Fractions exactly, numpy float
arrays elementwise), and :meth:`Expr.to_sympy` for symbolic work.  ``str(expr)`` is readable
text that parses back to the same tree.

Examples
--------
>>> terms = order_terms({"net": "gain - cost"}, ["gain", "cost"])
>>> payoff = parse_formula("max(0, net)^2 / 3", ["gain", "cost"], terms=terms)
>>> payoff.evaluate(evaluate_terms(terms, {"gain": Fraction(5), "cost": Fraction(2)}))
Fraction(3, 1)
>>> str(payoff)
'max(0, net)^2 / 3'
"""

from __future__ import annotations

import ast
import difflib
import graphlib
import keyword
import operator
import re
import warnings
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass
from fractions import Fraction
from functools import reduce
from typing import TYPE_CHECKING, Any, Literal

import numpy as np

from negotiation.errors import FormulaError
from negotiation.values import number_size_problem

if TYPE_CHECKING:
    import sympy

__all__ = [
    "BinaryOp",
    "Call",
    "Condition",
    "Expr",
    "Name",
    "Negate",
    "Number",
    "Power",
    "evaluate_terms",
    "order_terms",
    "parse_condition",
    "parse_formula",
]

MAX_LENGTH = 1000
MAX_DEPTH = 50
MAX_EXPONENT = 16
MAX_SIZE = 4096

Value = Fraction | float | np.ndarray

_OPERATORS: dict[str, Callable[[Any, Any], Any]] = {
    "+": operator.add,
    "-": operator.sub,
    "*": operator.mul,
    "/": operator.truediv,
}
_AST_OPERATORS = {ast.Add: "+", ast.Sub: "-", ast.Mult: "*", ast.Div: "/"}
_FUNCTIONS = {"min": (min, np.minimum), "max": (max, np.maximum)}
# Precedence for printing: higher binds tighter.
_PRECEDENCE = {"+": 1, "-": 1, "*": 2, "/": 2}
_UNARY, _POWER, _ATOM = 3, 4, 5

_NUMBER = re.compile(r"(?:\d+\.?\d*|\.\d+)(?:[eE]([+-]?\d+))?")
_EXPONENT_RULE = f"an exponent is a whole number from -{MAX_EXPONENT} to {MAX_EXPONENT}"
_SIZE_RULE = (
    f"written out in full (powers as products, terms replaced by their formulas) it would hold "
    f"more than {MAX_SIZE} numbers and names"
)
_REFUSED = {
    ast.Attribute: "attribute access is",
    ast.Subscript: "subscripts are",
    ast.Slice: "slices are",
    ast.Lambda: "lambda functions are",
    ast.ListComp: "comprehensions are",
    ast.SetComp: "comprehensions are",
    ast.DictComp: "comprehensions are",
    ast.GeneratorExp: "comprehensions are",
    ast.List: "lists are",
    ast.Tuple: "tuples are",
    ast.Set: "sets are",
    ast.Dict: "dicts are",
    ast.Compare: "comparisons are",
    ast.BoolOp: "'and' and 'or' are",
    ast.IfExp: "conditional expressions are",
    ast.NamedExpr: "assignments are",
    ast.JoinedStr: "strings are",
    ast.Starred: "starred expressions are",
    ast.Await: "'await' is",
    ast.Yield: "'yield' is",
    ast.YieldFrom: "'yield' is",
}


class Expr:
    """A parsed formula: an immutable tree of the node classes below.

    Trees compare equal when their structure and numbers are equal.
    """

    __slots__ = ()

    def names(self) -> frozenset[str]:
        """The parameter and term names the formula uses."""
        found: set[str] = set()
        stack: list[Expr] = [self]
        while stack:
            node = stack.pop()
            if isinstance(node, Name):
                found.add(node.name)
            stack.extend(node._children())
        return frozenset(found)

    def evaluate(self, values: Mapping[str, Value | int]) -> Value:
        """The value of the formula.

        Parameters
        ----------
        values : mapping of str to Fraction, int, float or numpy.ndarray
            A value for each name used (terms first computed by :func:`evaluate_terms`).
            Fractions and ints give an exact Fraction.  Float arrays are evaluated elementwise,
            so that many parameter points are computed at once.

        Returns
        -------
        Fraction, float or numpy.ndarray

        Raises
        ------
        ZeroDivisionError
            When a scalar is divided by zero (or zero raised to a negative power); the caller
            knows where the formula came from and reports it.  Arrays get ``inf`` or ``nan``
            there instead, silently: check with :func:`numpy.isfinite`.
        KeyError
            When a name has no value.
        """
        with np.errstate(all="ignore"):
            return self._eval(values)

    def to_sympy(self, symbols: Mapping[str, sympy.Expr] | None = None) -> sympy.Expr:
        """The formula as a sympy expression, numbers as exact ``Rational``.

        Parameters
        ----------
        symbols : mapping of str to sympy.Symbol or sympy.Expr, optional
            What each name stands for; a name missing here becomes a real ``Symbol``.
            Pass a term's expression to substitute it.
        """
        import sympy

        return self._sympy(sympy, symbols or {})

    def __str__(self) -> str:
        return self._text()[0]

    # Each node implements these; each recursion uses one stack frame per level.
    def _children(self) -> tuple[Expr, ...]:
        raise NotImplementedError

    def _eval(self, values: Mapping[str, Any]) -> Any:
        raise NotImplementedError

    def _sympy(self, sympy: Any, symbols: Mapping[str, Any]) -> Any:
        raise NotImplementedError

    def _text(self) -> tuple[str, int]:
        """Text and precedence, for minimal parentheses."""
        raise NotImplementedError

    def _size(self, sizes: Mapping[str, int]) -> int:
        """Numbers and names when written out in full; ``sizes`` gives each term's."""
        raise NotImplementedError


@dataclass(frozen=True, slots=True)
class Number(Expr):
    """An exact number."""

    value: Fraction

    def _children(self) -> tuple[Expr, ...]:
        return ()

    def _eval(self, values: Mapping[str, Any]) -> Any:
        return self.value

    def _sympy(self, sympy: Any, symbols: Mapping[str, Any]) -> Any:
        return sympy.Rational(self.value.numerator, self.value.denominator)

    def _text(self) -> tuple[str, int]:
        if self.value < 0:
            text, precedence = Number(-self.value)._text()
            return f"-{text}", min(precedence, _UNARY)
        return _number_text(self.value)

    def _size(self, sizes: Mapping[str, int]) -> int:
        bits = self.value.numerator.bit_length() + self.value.denominator.bit_length()
        return 1 + bits // 64


@dataclass(frozen=True, slots=True)
class Name(Expr):
    """A parameter or a named term."""

    name: str

    def _children(self) -> tuple[Expr, ...]:
        return ()

    def _eval(self, values: Mapping[str, Any]) -> Any:
        return _leaf_value(values[self.name])

    def _sympy(self, sympy: Any, symbols: Mapping[str, Any]) -> Any:
        if self.name in symbols:
            return symbols[self.name]
        return sympy.Symbol(self.name, real=True)

    def _text(self) -> tuple[str, int]:
        return self.name, _ATOM

    def _size(self, sizes: Mapping[str, int]) -> int:
        return sizes.get(self.name, 1)


@dataclass(frozen=True, slots=True)
class BinaryOp(Expr):
    """``left op right`` with ``op`` one of ``+ - * /``."""

    op: Literal["+", "-", "*", "/"]
    left: Expr
    right: Expr

    def _children(self) -> tuple[Expr, ...]:
        return (self.left, self.right)

    def _eval(self, values: Mapping[str, Any]) -> Any:
        left, right = self.left._eval(values), self.right._eval(values)
        if isinstance(left, np.ndarray) or isinstance(right, np.ndarray):
            left, right = _as_float(left), _as_float(right)
        return _OPERATORS[self.op](left, right)

    def _sympy(self, sympy: Any, symbols: Mapping[str, Any]) -> Any:
        return _OPERATORS[self.op](
            self.left._sympy(sympy, symbols), self.right._sympy(sympy, symbols)
        )

    def _text(self) -> tuple[str, int]:
        precedence = _PRECEDENCE[self.op]
        left, left_precedence = self.left._text()
        right, right_precedence = self.right._text()
        if left_precedence < precedence:
            left = f"({left})"
        if right_precedence <= precedence:  # keeps the tree: a - (b - c), a + (b + c)
            right = f"({right})"
        return f"{left} {self.op} {right}", precedence

    def _size(self, sizes: Mapping[str, int]) -> int:
        return self.left._size(sizes) + self.right._size(sizes)


@dataclass(frozen=True, slots=True)
class Negate(Expr):
    """``-operand``."""

    operand: Expr

    def _children(self) -> tuple[Expr, ...]:
        return (self.operand,)

    def _eval(self, values: Mapping[str, Any]) -> Any:
        return -self.operand._eval(values)

    def _sympy(self, sympy: Any, symbols: Mapping[str, Any]) -> Any:
        return -self.operand._sympy(sympy, symbols)

    def _text(self) -> tuple[str, int]:
        text, precedence = self.operand._text()
        return (f"-({text})" if precedence < _UNARY else f"-{text}"), _UNARY

    def _size(self, sizes: Mapping[str, int]) -> int:
        return self.operand._size(sizes)


@dataclass(frozen=True, slots=True)
class Power(Expr):
    """``base ^ exponent`` with a whole exponent from -16 to 16."""

    base: Expr
    exponent: int

    def _children(self) -> tuple[Expr, ...]:
        return (self.base,)

    def _eval(self, values: Mapping[str, Any]) -> Any:
        return self.base._eval(values) ** self.exponent

    def _sympy(self, sympy: Any, symbols: Mapping[str, Any]) -> Any:
        return self.base._sympy(sympy, symbols) ** sympy.Integer(self.exponent)

    def _text(self) -> tuple[str, int]:
        text, precedence = self.base._text()
        if precedence <= _POWER:
            text = f"({text})"
        return f"{text}^{self.exponent}", _POWER

    def _size(self, sizes: Mapping[str, int]) -> int:
        return max(abs(self.exponent), 1) * self.base._size(sizes)


@dataclass(frozen=True, slots=True)
class Call(Expr):
    """``min(args)`` or ``max(args)``, two arguments or more."""

    function: Literal["min", "max"]
    args: tuple[Expr, ...]

    def _children(self) -> tuple[Expr, ...]:
        return self.args

    def _eval(self, values: Mapping[str, Any]) -> Any:
        args = [arg._eval(values) for arg in self.args]
        scalar_function, array_function = _FUNCTIONS[self.function]
        if any(isinstance(arg, np.ndarray) for arg in args):
            return reduce(array_function, map(_as_float, args))
        return scalar_function(args)

    def _sympy(self, sympy: Any, symbols: Mapping[str, Any]) -> Any:
        function = sympy.Min if self.function == "min" else sympy.Max
        return function(*(arg._sympy(sympy, symbols) for arg in self.args))

    def _text(self) -> tuple[str, int]:
        return f"{self.function}({', '.join(arg._text()[0] for arg in self.args)})", _ATOM

    def _size(self, sizes: Mapping[str, int]) -> int:
        return sum(arg._size(sizes) for arg in self.args)


def parse_formula(
    text: str,
    known: Collection[str],
    *,
    terms: Mapping[str, Expr] | None = None,
    file: object | None = None,
    key: str | None = None,
) -> Expr:
    """Parse a formula against a whitelist (see the module docstring for the grammar).

    Parameters
    ----------
    text : str
        The formula, as written in the scenario file.
    known : collection of str
        The names it may use: the scenario's parameters.
    terms : mapping of str to Expr, optional
        Named terms it may also use, as returned by :func:`order_terms`; their sizes count
        towards the size limit.
    file, key :
        Where the formula is, for error messages: a path and a key such as ``payoffs.Russia``.

    Returns
    -------
    Expr

    Raises
    ------
    FormulaError
        When the text is not a formula of the grammar or breaks a limit; the message quotes
        the offending text.

    Examples
    --------
    >>> parse_formula("1/3 + 1/6", []).evaluate({})
    Fraction(1, 2)
    >>> parse_formula("terirtory - 1", ["territory"], key="payoffs.Russia")
    Traceback (most recent call last):
    ...
    negotiation.errors.FormulaError: [payoffs.Russia]: unknown name 'terirtory'; did you mean 'territory'?
    """  # noqa: E501
    sizes: dict[str, int] = {}
    for name, term in (terms or {}).items():
        sizes[name] = term._size(sizes)
    return _Parser(text, {*known, *sizes}, sizes, file, key).parse()


def order_terms(
    definitions: Mapping[str, str], parameters: Collection[str], *, file: object | None = None
) -> dict[str, Expr]:
    """Parse named intermediate terms and put each after the terms it uses.

    Parameters
    ----------
    definitions : mapping of str to str
        Term name to formula; a formula may use the parameters and the other terms.
    parameters : collection of str
        The scenario's parameter names.
    file : optional
        The scenario file, for error messages; each error's key is ``terms.<name>``.

    Returns
    -------
    dict of str to Expr
        The parsed terms in dependency order, ready for :func:`evaluate_terms` and the
        ``terms`` argument of :func:`parse_formula`.

    Raises
    ------
    FormulaError
        For a bad name or formula, a term named like a parameter, terms that use each other
        in a cycle, or a term too large once the terms it uses are written out.

    Examples
    --------
    >>> list(order_terms({"total": "net * 2", "net": "gain - cost"}, ["gain", "cost"]))
    ['net', 'total']
    """
    parameters = frozenset(parameters)
    for name in definitions:
        if not _usable_name(name):
            msg = f"{name!r} cannot be a term name: use letters, digits and '_'"
            raise FormulaError(msg, file=file, key=f"terms.{name}")
        if name in parameters:
            msg = f"term {name!r} has the same name as a parameter"
            raise FormulaError(msg, file=file, key=f"terms.{name}")
    known = parameters | set(definitions)
    parsed = {
        name: _Parser(text, known, {}, file, f"terms.{name}").parse()
        for name, text in definitions.items()
    }
    sorter = graphlib.TopologicalSorter(
        {name: expr.names() & definitions.keys() for name, expr in parsed.items()}
    )
    try:
        order = list(sorter.static_order())
    except graphlib.CycleError as error:
        cycle = error.args[1][::-1]  # graphlib lists it against the arrows
        msg = f"terms use each other in a cycle: {' -> '.join(cycle)}"
        raise FormulaError(msg, file=file, key=f"terms.{cycle[0]}") from None
    sizes: dict[str, int] = {}
    for name in order:
        sizes[name] = parsed[name]._size(sizes)
        if sizes[name] > MAX_SIZE:
            msg = f"term {name!r} is too large: {_SIZE_RULE}"
            raise FormulaError(msg, file=file, key=f"terms.{name}")
    return {name: parsed[name] for name in order}


def evaluate_terms(
    terms: Mapping[str, Expr], values: Mapping[str, Value | int]
) -> dict[str, Value | int]:
    """``values`` with the value of every term added, computed in order.

    Parameters
    ----------
    terms : mapping of str to Expr
        In dependency order, as :func:`order_terms` returns them.
    values : mapping of str to Fraction, int, float or numpy.ndarray
        The parameter values.

    Returns
    -------
    dict
        Parameters and terms together, ready for :meth:`Expr.evaluate`.
    """
    result = dict(values)
    for name, term in terms.items():
        result[name] = term.evaluate(result)
    return result


class _Parser:
    """The whitelist walk from Python's syntax tree to ours."""

    def __init__(
        self,
        text: str,
        known: Collection[str],
        sizes: Mapping[str, int],
        file: object | None,
        key: str | None,
    ) -> None:
        self.text = text
        self.known = known
        self.sizes = sizes
        self.file = file
        self.key = key
        self.origin: list[int] = []  # index in the parsed source -> index in text

    def error(self, message: str) -> FormulaError:
        return FormulaError(message, file=self.file, key=self.key)

    def parse(self) -> Expr:
        source = self._source()
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                tree = ast.parse(source, mode="eval")
        except SyntaxError as error:
            if "too many nested" in str(error.msg):
                msg = f"formula is nested more than {MAX_DEPTH} deep: {_quote(self.text)}"
                raise self.error(msg) from None
            msg = f"syntax error {self._where(error.offset)}: {error.msg}"
            raise self.error(msg) from None
        except (RecursionError, MemoryError):
            msg = f"formula is nested more than {MAX_DEPTH} deep: {_quote(self.text)}"
            raise self.error(msg) from None
        expr = self._walk(tree.body, 1)
        if expr._size(self.sizes) > MAX_SIZE:
            msg = f"formula is too large: {_SIZE_RULE}"
            raise self.error(msg)
        return expr

    def _source(self) -> str:
        """Check the raw text; return it on one line, stripped, with ``^`` as ``**``."""
        text = self.text
        if not isinstance(text, str):
            msg = f"a formula must be a string, not {type(text).__name__}"
            raise self.error(msg)
        if len(text) > MAX_LENGTH:
            msg = f"formula has {len(text)} characters, more than {MAX_LENGTH}: {_quote(text)}"
            raise self.error(msg)
        for index, char in enumerate(text):
            if char not in "\t\n\r" and (
                not (char.isascii() and char.isprintable()) or char in "#\\"
            ):
                msg = f"character {char!r} at column {index + 1} is not allowed in a formula"
                raise self.error(msg)
        if not text.strip():
            msg = "empty formula"
            raise self.error(msg)
        flat = text.translate({ord("\t"): " ", ord("\n"): " ", ord("\r"): " "})
        parts = []
        for index in range(len(flat) - len(flat.lstrip()), len(flat)):
            char = flat[index]
            parts.append("**" if char == "^" else char)
            self.origin.extend([index] * len(parts[-1]))
        return "".join(parts)

    def _where(self, offset: int | None) -> str:
        """Where a syntax error is, as a column of the original text."""
        if offset is not None and 1 <= offset <= len(self.origin):
            column = self.origin[offset - 1] + 1
            return f"at column {column} of {_quote(self.text)}"
        return f"at the end of {_quote(self.text)}"

    def _segment(self, node: ast.expr) -> str:
        """The original text of a node (ASCII only, so byte offsets are characters)."""
        start = self.origin[node.col_offset]
        end = self.origin[node.end_col_offset - 1] + 1  # type: ignore[operator]
        return self.text[start:end]

    def _refuse(self, what: str, node: ast.expr) -> FormulaError:
        return self.error(f"{what}: {_quote(self._segment(node))}")

    def _walk(self, node: ast.expr, depth: int) -> Expr:
        if depth > MAX_DEPTH:
            msg = f"formula is nested more than {MAX_DEPTH} deep"
            raise self._refuse(msg, node)
        if isinstance(node, ast.BinOp) and type(node.op) in _AST_OPERATORS:
            # A long sum or product is a flat chain: walk it without recursion or depth.
            chain = []
            while isinstance(node, ast.BinOp) and type(node.op) in _AST_OPERATORS:
                chain.append(node)
                node = node.left
            expr = self._walk(node, depth + 1)
            for link in reversed(chain):
                right = self._walk(link.right, depth + 1)
                expr = BinaryOp(_AST_OPERATORS[type(link.op)], expr, right)  # type: ignore[arg-type]
            return expr
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Pow):
            base = self._walk(node.left, depth + 1)
            power = Power(base, self._exponent(node.right, depth + 1))
            if power._size(self.sizes) > MAX_SIZE:
                msg = f"power too large: {_SIZE_RULE}"
                raise self._refuse(msg, node)
            return power
        if isinstance(node, ast.BinOp):
            symbol = _source_operator(node.op)
            msg = f"operator {symbol!r} is not allowed"
            raise self._refuse(msg, node)
        if isinstance(node, ast.UnaryOp):
            if isinstance(node.op, ast.USub):
                return Negate(self._walk(node.operand, depth + 1))
            if isinstance(node.op, ast.UAdd):
                return self._walk(node.operand, depth + 1)
            symbol = "not" if isinstance(node.op, ast.Not) else "~"
            msg = f"operator {symbol!r} is not allowed"
            raise self._refuse(msg, node)
        if isinstance(node, ast.Name):
            return self._name(node)
        if isinstance(node, ast.Constant):
            return self._number(node)
        if isinstance(node, ast.Call):
            return self._call(node, depth)
        what = _REFUSED.get(type(node), f"{type(node).__name__} is")
        msg = f"{what} not allowed"
        raise self._refuse(msg, node)

    def _name(self, node: ast.Name) -> Name:
        if node.id in self.known:
            return Name(node.id)
        msg = f"unknown name {node.id!r}"
        close = difflib.get_close_matches(node.id, sorted(self.known), n=1)
        if close:
            msg = f"{msg}; did you mean {close[0]!r}?"
        raise self.error(msg)

    def _number(self, node: ast.Constant) -> Number:
        value = node.value
        if isinstance(value, str | bytes):
            msg = "strings are not allowed"
            raise self._refuse(msg, node)
        if isinstance(value, bool) or value is None or value is Ellipsis:
            msg = f"{value!r} is not allowed"
            raise self._refuse(msg, node)
        if isinstance(value, complex):
            msg = "complex numbers are not allowed"
            raise self._refuse(msg, node)
        text = self._segment(node)
        match = _NUMBER.fullmatch(text)
        if match is None:
            msg = "write numbers with digits, '.' and 'e', as 0.25 or 1e3"
            raise self._refuse(msg, node)
        problem = number_size_problem(text)
        if problem is not None:
            msg = f"number that {problem}"
            raise self._refuse(msg, node)
        return Number(Fraction(text))

    def _call(self, node: ast.Call, depth: int) -> Call:
        function = node.func
        if not (isinstance(function, ast.Name) and function.id in _FUNCTIONS):
            msg = "only min(...) and max(...) may be called"
            raise self._refuse(msg, node)
        if node.keywords or any(isinstance(arg, ast.Starred) for arg in node.args):
            msg = f"{function.id}() takes plain arguments"
            raise self._refuse(msg, node)
        if len(node.args) < 2:
            msg = f"{function.id}() needs two arguments or more"
            raise self._refuse(msg, node)
        args = tuple(self._walk(arg, depth + 1) for arg in node.args)
        return Call(function.id, args)  # type: ignore[arg-type]

    def _exponent(self, node: ast.expr, depth: int) -> int:
        """Compute a constant exponent now, so that ``x^(10^9)`` is refused, not tried."""
        expr = self._walk(node, depth)
        value = _constant_value(expr)
        if isinstance(value, int) and abs(value) <= MAX_EXPONENT:
            return value
        problem = "is too large" if isinstance(value, int) else value
        msg = f"the exponent {_quote(self._segment(node))} {problem}: {_EXPONENT_RULE}"
        raise self.error(msg)


def _constant_value(expr: Expr) -> int | str:
    """The whole-number value of a constant expression, or what is wrong with it."""
    if expr.names():
        return "is not a constant"
    if expr._size({}) > MAX_SIZE:  # bounds the work of evaluating it
        return "is too large"
    try:
        value = expr.evaluate({})
    except ZeroDivisionError:
        return "divides by zero"
    if value.denominator != 1:
        return "is not a whole number"
    return int(value)


def _source_operator(op: ast.operator) -> str:
    symbols = {
        ast.Mod: "%",
        ast.FloorDiv: "//",
        ast.MatMult: "@",
        ast.LShift: "<<",
        ast.RShift: ">>",
        ast.BitOr: "|",
        ast.BitAnd: "&",
        ast.BitXor: "^",
    }
    return symbols.get(type(op), type(op).__name__)


def _usable_name(name: object) -> bool:
    return (
        isinstance(name, str)
        and name.isascii()
        and name.isidentifier()
        and not keyword.iskeyword(name)
        and name not in _FUNCTIONS
    )


def _quote(text: str, limit: int = 60) -> str:
    return repr(text if len(text) <= limit else f"{text[: limit - 3]}...")


def _leaf_value(value: object) -> Any:
    """Fraction or float for scalars, a float array for arrays."""
    if isinstance(value, np.ndarray):
        return value.astype(float, copy=False)
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, Fraction | float):
        return value
    if isinstance(value, int):
        return Fraction(value)
    msg = f"a formula value must be a Fraction, int, float or array, not {type(value).__name__}"
    raise TypeError(msg)


def _as_float(value: Any) -> Any:
    return float(value) if isinstance(value, Fraction) else value


def _number_text(value: Fraction) -> tuple[str, int]:
    """A non-negative number as a decimal when it has one (``0.25``, ``1e-30``), else ``p/q``."""
    numerator, denominator = value.numerator, value.denominator
    twos = fives = 0
    rest = denominator
    while rest % 2 == 0:
        rest, twos = rest // 2, twos + 1
    while rest % 5 == 0:
        rest, fives = rest // 5, fives + 1
    if rest != 1:
        return f"{numerator}/{denominator}", _PRECEDENCE["/"]
    places = max(twos, fives)
    digits = numerator * 10**places // denominator
    plain = str(digits)
    if places:
        plain = plain.rjust(places + 1, "0")
        plain = f"{plain[:-places]}.{plain[-places:]}"
    mantissa, exponent = digits, -places
    while mantissa and mantissa % 10 == 0:
        mantissa, exponent = mantissa // 10, exponent + 1
    scientific = f"{mantissa}e{exponent}"
    if len(plain) <= 20 or len(plain) <= len(scientific):
        return plain, _ATOM
    return scientific, _ATOM


# -- conditions: "c_ties > 5 and drone_cost >= 1" -------------------------------------------

_COMPARISONS: dict[type, tuple[str, Callable[[Any, Any], Any]]] = {
    ast.Lt: ("<", operator.lt),
    ast.LtE: ("<=", operator.le),
    ast.Gt: (">", operator.gt),
    ast.GtE: (">=", operator.ge),
}


@dataclass(frozen=True)
class Condition:
    """A condition on parameter values: comparisons of formulas joined by ``and`` / ``or``.

    ``terms`` is a tuple of alternatives (``or``), each a tuple of comparisons that must all
    hold (``and``); a comparison is ``(left, symbol, right)``.  `holds` evaluates it on
    Fractions exactly, or elementwise on float arrays (the random draws of a robustness run).
    Equality is not offered: on a continuous range it holds nowhere.
    """

    text: str
    alternatives: tuple[tuple[tuple[Expr, str, Expr], ...], ...]

    def names(self) -> frozenset[str]:
        return frozenset().union(
            *(
                left.names() | right.names()
                for conjunction in self.alternatives
                for left, _, right in conjunction
            )
        )

    def holds(self, values: Mapping[str, Value | int]) -> Any:
        """True/False at Fractions; a boolean array at float arrays."""
        functions = {symbol: function for symbol, function in _COMPARISONS.values()}
        verdict: Any = False
        for conjunction in self.alternatives:
            part: Any = True
            for left, symbol, right in conjunction:
                part = part & functions[symbol](left.evaluate(values), right.evaluate(values))
            verdict = verdict | part
        return verdict

    def __str__(self) -> str:
        return " or ".join(
            " and ".join(f"{left} {symbol} {right}" for left, symbol, right in conjunction)
            for conjunction in self.alternatives
        )


def parse_condition(
    text: str,
    known: Collection[str],
    *,
    terms: Mapping[str, Expr] | None = None,
    file: object | None = None,
    key: str | None = None,
) -> Condition:
    """Parse a condition: formulas compared with ``< <= > >=`` (chains such as
    ``2 < x <= 5`` too), joined by ``and`` and ``or`` (``and`` binds tighter, as in Python).

    Examples
    --------
    >>> condition = parse_condition("c_ties > 5 and 2 * cost <= c_ties", ["c_ties", "cost"])
    >>> condition.holds({"c_ties": Fraction(6), "cost": Fraction(3)})
    True
    >>> str(condition)
    'c_ties > 5 and 2 * cost <= c_ties'
    >>> parse_condition("c_ties == 5", ["c_ties"], key="claims[0].when")
    Traceback (most recent call last):
    ...
    negotiation.errors.FormulaError: [claims[0].when]: a condition compares with <, <=, > or >=: 'c_ties == 5'
    """  # noqa: E501
    sizes: dict[str, int] = {}
    for name, term in (terms or {}).items():
        sizes[name] = term._size(sizes)
    return _ConditionParser(text, {*known, *sizes}, sizes, file, key).condition()


class _ConditionParser(_Parser):
    """The formula whitelist, with comparisons and ``and``/``or`` allowed at the top."""

    def condition(self) -> Condition:
        source = self._source()
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                tree = ast.parse(source, mode="eval")
        except (SyntaxError, RecursionError, MemoryError) as error:
            offset = getattr(error, "offset", None)
            msg = f"syntax error {self._where(offset)}"
            raise self.error(msg) from None
        node = tree.body
        if isinstance(node, ast.BoolOp) and isinstance(node.op, ast.Or):
            alternatives = tuple(self._conjunction(part) for part in node.values)
        else:
            alternatives = (self._conjunction(node),)
        return Condition(self.text.strip(), alternatives)

    def _conjunction(self, node: ast.expr) -> tuple[tuple[Expr, str, Expr], ...]:
        if isinstance(node, ast.BoolOp) and isinstance(node.op, ast.And):
            return tuple(item for part in node.values for item in self._comparison(part))
        return self._comparison(node)

    def _comparison(self, node: ast.expr) -> tuple[tuple[Expr, str, Expr], ...]:
        if not isinstance(node, ast.Compare) or any(
            type(op) not in _COMPARISONS for op in node.ops
        ):
            msg = f"a condition compares with <, <=, > or >=: {_quote(self.text)}"
            raise self.error(msg)
        operands = [self._walk(node.left, 2), *(self._walk(item, 2) for item in node.comparators)]
        for operand in operands:
            if operand._size(self.sizes) > MAX_SIZE:
                msg = f"condition is too large: {_SIZE_RULE}"
                raise self.error(msg)
        return tuple(
            (operands[k], _COMPARISONS[type(op)][0], operands[k + 1])
            for k, op in enumerate(node.ops)
        )
