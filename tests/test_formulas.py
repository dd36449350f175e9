"""Tests for negotiation.formulas: exact values, printing, terms, and hostile text refused."""

from __future__ import annotations

import subprocess
import sys
from fractions import Fraction

import numpy as np
import pytest
import sympy
from hypothesis import given, settings
from hypothesis import strategies as st

from negotiation.errors import FormulaError
from negotiation.formulas import (
    BinaryOp,
    Call,
    Expr,
    Name,
    Negate,
    Number,
    Power,
    evaluate_terms,
    order_terms,
    parse_formula,
)

IDLIB = ("territory", "ties_cost", "escalation", "refugees", "x", "y", "z")
WHERE = "idlib.toml [payoffs.Russia]"


def refusal(text: object, known=IDLIB, **kwargs) -> str:
    """The message of the FormulaError that parsing ``text`` raises."""
    with pytest.raises(FormulaError) as caught:
        parse_formula(text, known, file="idlib.toml", key="payoffs.Russia", **kwargs)
    return str(caught.value)


# --- values -------------------------------------------------------------------------------


# Expected values by hand; precedence and associativity are Python's.
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("1/3 + 1/6", Fraction(1, 2), id="fractions_exact"),
        pytest.param("0.1", Fraction(1, 10), id="decimal_exact"),
        pytest.param("0.1 + 0.2", Fraction(3, 10), id="decimal_sum_exact"),
        pytest.param("1e3", Fraction(1000), id="exponent_literal"),
        pytest.param("2.5E-3", Fraction(1, 400), id="negative_exponent_literal"),
        pytest.param(".5 + 1.", Fraction(3, 2), id="bare_points"),
        pytest.param("2^3^2", Fraction(512), id="power_right_associative"),
        pytest.param("2**3**2", Fraction(512), id="double_star"),
        pytest.param("-2^2", Fraction(-4), id="power_before_minus"),
        pytest.param("(-2)^2", Fraction(4), id="parenthesised_base"),
        pytest.param("2^-1", Fraction(1, 2), id="negative_exponent"),
        pytest.param("2^(1+1)", Fraction(4), id="constant_exponent_expression"),
        pytest.param("5^0", Fraction(1), id="zero_exponent"),
        pytest.param("10 - 4 - 3", Fraction(3), id="minus_left_associative"),
        pytest.param("12 / 3 / 2", Fraction(2), id="divide_left_associative"),
        pytest.param("2 + 3 * 4", Fraction(14), id="times_before_plus"),
        pytest.param("(2 + 3) * 4", Fraction(20), id="parentheses"),
        pytest.param("2 * 3^2", Fraction(18), id="power_before_times"),
        pytest.param("--3 + +2", Fraction(5), id="unary_signs"),
        pytest.param("min(3, 1, 2)", Fraction(1), id="min_three"),
        pytest.param("max(1/2, 1/3)", Fraction(1, 2), id="max_fractions"),
        pytest.param("max(0, 1 - 3)^2", Fraction(0), id="max_then_power"),
        pytest.param("-min(-1, 2) * 3", Fraction(3), id="negated_min"),
        pytest.param(" 1 +\n\t2 ", Fraction(3), id="whitespace_and_newlines"),
    ],
)
def test_value_is_exact(text, expected):
    value = parse_formula(text, []).evaluate({})
    assert value == expected
    assert isinstance(value, Fraction)


def test_payoff_formula_with_parameters():
    formula = "territory - ties_cost * (1 + escalation) - max(0, refugees - 2)^2 / 3"
    values = {"territory": 10, "ties_cost": Fraction(3, 2), "escalation": 1, "refugees": 5}
    # 10 - 3/2 * 2 - 3^2 / 3 = 10 - 3 - 3
    assert parse_formula(formula, IDLIB).evaluate(values) == Fraction(4)


def test_float_values_give_floats():
    assert parse_formula("x / 4", ["x"]).evaluate({"x": 1.0}) == 0.25
    assert parse_formula("x / 4", ["x"]).evaluate({"x": np.int64(1)}) == Fraction(1, 4)


def test_names():
    expr = parse_formula("max(x, y^2) - 3 * x", IDLIB)
    assert expr.names() == frozenset({"x", "y"})


@pytest.mark.parametrize(
    ("text", "values"),
    [
        pytest.param("1 / x", {"x": 0}, id="divide"),
        pytest.param("x^-1", {"x": 0}, id="negative_power"),
        pytest.param("1 / (x - y)", {"x": 0.5, "y": 0.5}, id="float_divide"),
    ],
)
def test_scalar_division_by_zero_raises(text, values):
    with pytest.raises(ZeroDivisionError):
        parse_formula(text, IDLIB).evaluate(values)


def test_missing_value_raises_key_error():
    with pytest.raises(KeyError, match="y"):
        parse_formula("x + y", IDLIB).evaluate({"x": 1})


# --- vectorised evaluation ----------------------------------------------------------------


def test_arrays_evaluate_elementwise():
    x = np.array([0.0, 1.0, 2.0, 3.0])
    result = parse_formula("max(x, 3/2) - min(x, 1) + x^2 / 2", ["x"]).evaluate({"x": x})
    assert result.dtype == np.float64
    np.testing.assert_allclose(result, [1.5, 1.5 - 1 + 0.5, 2 - 1 + 2, 3 - 1 + 4.5])


def test_arrays_divide_by_zero_quietly():
    # filterwarnings = error would turn a numpy RuntimeWarning into a failure here.
    x = np.array([0, 1, 2])  # integers become floats
    inverse = parse_formula("x^-1", ["x"]).evaluate({"x": x})
    np.testing.assert_array_equal(inverse, [np.inf, 1.0, 0.5])
    ratio = parse_formula("x / (x - 1)", ["x"]).evaluate({"x": x})
    np.testing.assert_array_equal(ratio, [0.0, np.inf, 2.0])
    assert np.isnan(parse_formula("(x - 1) / (x - 1)", ["x"]).evaluate({"x": x})[1])


# Division-free trees over small integers: every float along the way is exact, so the array
# result must equal the exact value at every point, not just be close to it.
EXACT_NAMES = ("x", "y", "z")
_exact_leaves = st.one_of(
    st.integers(0, 5).map(lambda n: Number(Fraction(n))),
    st.sampled_from(EXACT_NAMES).map(Name),
)


def _exact_trees(depth: int) -> st.SearchStrategy[Expr]:
    if depth == 0:
        return _exact_leaves
    sub = _exact_trees(depth - 1)
    return st.one_of(
        _exact_leaves,
        st.builds(BinaryOp, st.sampled_from("+-*"), sub, sub),
        st.builds(Negate, sub),
        st.builds(Power, sub, st.integers(0, 2)),
        st.builds(
            Call, st.sampled_from(["min", "max"]), st.lists(sub, min_size=2, max_size=3).map(tuple)
        ),
    )


@given(
    expr=_exact_trees(3),
    points=st.lists(st.tuples(*(st.integers(-3, 3) for _ in EXACT_NAMES)), min_size=1, max_size=6),
)
def test_vectorised_equals_pointwise(expr, points):
    columns = np.array(points, dtype=float).T
    result = expr.evaluate(dict(zip(EXACT_NAMES, columns, strict=True)))
    result = np.broadcast_to(np.asarray(result, dtype=float), (len(points),))
    for index, point in enumerate(points):
        exact = expr.evaluate(dict(zip(EXACT_NAMES, point, strict=True)))
        assert result[index] == exact


# --- printing -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "printed"),
    [
        pytest.param(
            "territory - ties_cost * (1 + escalation) - max(0, refugees - 2)^2 / 3",
            "territory - ties_cost * (1 + escalation) - max(0, refugees - 2)^2 / 3",
            id="payoff",
        ),
        pytest.param("((x)) + (y * z)", "x + y * z", id="drops_needless_parentheses"),
        pytest.param("x - (y - z)", "x - (y - z)", id="keeps_right_parentheses"),
        pytest.param("x ** 2", "x^2", id="power_as_caret"),
        pytest.param("x^-1", "x^-1", id="negative_exponent"),
        pytest.param("(-x)^2", "(-x)^2", id="negated_base"),
        pytest.param("-x^2", "-x^2", id="negated_power"),
        pytest.param("-(x * y)", "-(x * y)", id="negated_product"),
        pytest.param("(x^2)^3", "(x^2)^3", id="power_of_power"),
        pytest.param("0.25 * 1e3", "0.25 * 1000", id="decimals"),
        pytest.param("1e-30 + 1e30", "1e-30 + 1e30", id="scientific_when_shorter"),
    ],
)
def test_str(text, printed):
    assert str(parse_formula(text, IDLIB)) == printed


@pytest.mark.parametrize(
    ("number", "printed"),
    [
        pytest.param(Fraction(1, 3), "1/3", id="third"),
        pytest.param(Fraction(-1, 2), "-0.5", id="negative_half"),
        pytest.param(Fraction(5, 2), "2.5", id="decimal"),
        pytest.param(Fraction(0), "0", id="zero"),
    ],
)
def test_str_of_numbers(number, printed):
    assert str(Number(number)) == printed


@pytest.mark.parametrize(
    ("expr", "printed"),
    [
        pytest.param(
            BinaryOp("/", Name("x"), Number(Fraction(-1, 3))), "x / (-1/3)", id="negative_fraction"
        ),
        pytest.param(Power(Number(Fraction(-2)), 2), "(-2)^2", id="negative_base"),
        pytest.param(Negate(Number(Fraction(1, 3))), "-(1/3)", id="negated_fraction"),
        pytest.param(BinaryOp("-", Name("x"), Negate(Name("y"))), "x - -y", id="minus_minus"),
    ],
)
def test_str_of_built_trees(expr, printed):
    assert str(expr) == printed
    assert parse_formula(printed, ["x", "y"]).evaluate({"x": 1, "y": 1}) == expr.evaluate(
        {"x": 1, "y": 1}
    )


# Non-negative decimal numbers print as themselves, so printing then parsing gives back
# the very same tree.
_decimal_leaves = st.one_of(
    st.builds(Fraction, st.integers(0, 10**6), st.sampled_from([1, 2, 4, 10, 1000, 10**40])).map(
        Number
    ),
    st.sampled_from(EXACT_NAMES).map(Name),
)
_fraction_leaves = st.one_of(
    st.fractions(min_value=-5, max_value=5, max_denominator=12).map(Number),
    st.sampled_from(EXACT_NAMES).map(Name),
)


def _trees(leaves: st.SearchStrategy[Expr], depth: int) -> st.SearchStrategy[Expr]:
    if depth == 0:
        return leaves
    sub = _trees(leaves, depth - 1)
    return st.one_of(
        leaves,
        st.builds(BinaryOp, st.sampled_from("+-*/"), sub, sub),
        st.builds(Negate, sub),
        st.builds(Power, sub, st.integers(-2, 3)),
        st.builds(
            Call, st.sampled_from(["min", "max"]), st.lists(sub, min_size=2, max_size=3).map(tuple)
        ),
    )


FRACTION_VALUES = st.fixed_dictionaries(
    {name: st.fractions(min_value=-3, max_value=3, max_denominator=4) for name in EXACT_NAMES}
)


def _value_or_error(expr: Expr, values) -> object:
    try:
        return expr.evaluate(values)
    except ZeroDivisionError:
        return ZeroDivisionError


@given(expr=_trees(_decimal_leaves, 3))
def test_str_round_trips_the_tree(expr):
    assert parse_formula(str(expr), EXACT_NAMES) == expr


@given(expr=_trees(_fraction_leaves, 3), values=FRACTION_VALUES)
def test_str_round_trips_the_value(expr, values):
    reparsed = parse_formula(str(expr), EXACT_NAMES)
    assert _value_or_error(reparsed, values) == _value_or_error(expr, values)


# --- sympy --------------------------------------------------------------------------------


def test_to_sympy_is_exact():
    x = sympy.Symbol("x", real=True)
    assert parse_formula("0.1 + x", ["x"]).to_sympy() == sympy.Rational(1, 10) + x
    assert (
        parse_formula("max(x, 1/3)^2", ["x"]).to_sympy() == sympy.Max(x, sympy.Rational(1, 3)) ** 2
    )


def test_to_sympy_substitutes_given_expressions():
    y = sympy.Symbol("y")
    assert parse_formula("2 * x", ["x"]).to_sympy({"x": y + 1}) == 2 * (y + 1)


@settings(max_examples=60, deadline=None)
@given(expr=_trees(_fraction_leaves, 3), values=FRACTION_VALUES)
def test_to_sympy_equals_evaluation(expr, values):
    expected = _value_or_error(expr, values)
    if expected is ZeroDivisionError:
        return
    symbols = {name: sympy.Symbol(name, real=True) for name in EXACT_NAMES}
    substituted = expr.to_sympy(symbols).subs(
        {
            symbols[name]: sympy.Rational(value.numerator, value.denominator)
            for name, value in values.items()
        }
    )
    assert substituted == sympy.Rational(expected.numerator, expected.denominator)


def test_import_does_not_load_sympy():
    code = "import sys, negotiation.formulas; print('sympy' in sys.modules)"
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "False"


# --- refusals -----------------------------------------------------------------------------


# Each gives a FormulaError naming the file, the key and the offending text, without
# running anything and without hanging (there is no timing assert: a hang shows as a hang).
@pytest.mark.parametrize(
    ("text", "quoted"),
    [
        pytest.param("__import__('os').system('echo x')", "__import__('os')", id="import"),
        pytest.param("().__class__", "().__class__", id="dunder_attribute"),
        pytest.param("x.real", "x.real", id="attribute"),
        pytest.param("x[0]", "x[0]", id="subscript"),
        pytest.param("open('f')", "open('f')", id="call"),
        pytest.param("sqrt(x)", "sqrt(x)", id="unknown_function"),
        pytest.param("math.min(x, y)", "math.min(x, y)", id="min_via_attribute"),
        pytest.param("lambda: 1", "lambda: 1", id="lambda"),
        pytest.param("[i for i in y]", "[i for i in y]", id="comprehension"),
        pytest.param("(x, y)", "x, y", id="tuple"),
        pytest.param("'text'", "'text'", id="string"),
        pytest.param("b'text'", "b'text'", id="bytes"),
        pytest.param("f'{x}'", "f'{x}'", id="f_string"),
        pytest.param("True", "True", id="boolean"),
        pytest.param("None", "None", id="none"),
        pytest.param("1j", "1j", id="complex"),
        pytest.param("...", "...", id="ellipsis"),
        pytest.param("x if y else z", "x if y else z", id="conditional"),
        pytest.param("x < y", "x < y", id="comparison"),
        pytest.param("x and y", "x and y", id="boolean_operator"),
        pytest.param("not x", "not x", id="not"),
        pytest.param("~x", "~x", id="invert"),
        pytest.param("x % 2", "x % 2", id="modulo"),
        pytest.param("x // 2", "x // 2", id="floor_division"),
        pytest.param("(x := 1)", "x := 1", id="walrus"),
        pytest.param("min(*x)", "min(*x)", id="starred_argument"),
        pytest.param("max(a=1)", "max(a=1)", id="keyword_argument"),
        pytest.param("max(x)", "max(x)", id="one_argument"),
        pytest.param("0x10", "0x10", id="hexadecimal"),
        pytest.param("1_000", "1_000", id="underscores"),
        pytest.param("1e99999", "1e99999", id="huge_literal"),
        pytest.param("x^y", "'y'", id="name_in_exponent"),
        pytest.param("x^(1/2)", "'1/2'", id="fractional_exponent"),
        pytest.param("x^(1/0)", "'1/0'", id="exponent_divides_by_zero"),
        pytest.param("x^17", "'17'", id="exponent_17"),
        pytest.param("x^-17", "'-17'", id="exponent_minus_17"),
        pytest.param("x^(10^9)", "'10^9'", id="exponent_billion"),
        pytest.param("2^2^2^2^2", "'2^2^2^2'", id="tower_of_twos"),
        pytest.param("9**9**9**9", "'9**9'", id="tower_of_nines"),
        pytest.param("(((x^16)^16)^16)^2", "(((x^16)^16)^16)^2", id="power_of_powers"),
        pytest.param("((x^16)^16)^16 + x", "formula is too large", id="too_large_sum"),
        pytest.param("terirtory", "did you mean 'territory'?", id="typo"),
        pytest.param("population", "unknown name 'population'", id="unknown_name"),
        pytest.param("1 +", "at the end of '1 +'", id="syntax_end"),
        pytest.param("x ^ ^ 2", "column 5 of 'x ^ ^ 2'", id="syntax_column"),
        pytest.param("(x + 1", "'(' was never closed", id="unclosed"),
        pytest.param("x = 1", "syntax error", id="assignment"),
        pytest.param("x # comment", "'#' at column 3", id="comment"),
        pytest.param("x \\\n + 1", "'\\\\' at column 3", id="backslash"),
        pytest.param("territoire_é", "'é' at column 12", id="non_ascii"),
        pytest.param("x\x00", "'\\x00' at column 2", id="null_byte"),
        pytest.param("", "empty formula", id="empty"),
        pytest.param("   \n ", "empty formula", id="whitespace"),
        pytest.param(3, "must be a string, not int", id="not_text"),
        pytest.param("(" * 10_000 + ")" * 10_000, "20000 characters", id="parentheses_10000"),
        pytest.param("x + " * 1250, "5000 characters", id="characters_5000"),
        pytest.param("-(" * 60 + "x" + ")" * 60, "nested more than 50", id="nested_60"),
        pytest.param("(" * 300 + "1" + ")" * 300, "nested more than 50", id="parser_limit"),
        pytest.param("-" * 999 + "x", "nested more than 50", id="unary_chain"),
    ],
)
def test_hostile_formula_is_refused(text, quoted):
    message = refusal(text)
    assert message.startswith(f"{WHERE}: ")
    assert quoted in message


def test_refused_code_does_not_run(capfd, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    refusal("__import__('os').system('echo pwned')")
    refusal("open('pwned', 'w')")
    refusal("[__import__('os').system('echo pwned') for _ in 'a']")
    assert capfd.readouterr() == ("", "")
    assert list(tmp_path.iterdir()) == []


def test_limits_are_inclusive():
    assert parse_formula("x^16 * x^-16", ["x"]).evaluate({"x": 3}) == 1
    assert parse_formula("((x^16)^16)^16", ["x"]).evaluate({"x": 1}) == 1
    depth_50 = "-(" * 24 + "x" + ")" * 24  # 49 negations and the name
    assert parse_formula(depth_50, ["x"]).evaluate({"x": 1}) == 1
    long_sum = " + ".join(["x"] * 250)  # 997 characters, flat, not nested
    assert parse_formula(long_sum, ["x"]).evaluate({"x": 1}) == 250


# --- terms --------------------------------------------------------------------------------


def test_order_terms_puts_dependencies_first():
    terms = order_terms(
        {"total": "net * 2 + base", "net": "gain - cost", "base": "1/2"}, ["gain", "cost"]
    )
    order = list(terms)
    assert order.index("net") < order.index("total")
    assert order.index("base") < order.index("total")
    values = evaluate_terms(terms, {"gain": Fraction(5), "cost": Fraction(2)})
    assert values == {
        "gain": 5,
        "cost": 2,
        "net": 3,
        "base": Fraction(1, 2),
        "total": Fraction(13, 2),
    }
    assert all(isinstance(value, Fraction) for value in values.values())


def test_payoff_uses_terms():
    terms = order_terms({"net": "gain - cost"}, ["gain", "cost"])
    payoff = parse_formula("max(0, net)^2 / 3", ["gain", "cost"], terms=terms)
    values = evaluate_terms(terms, {"gain": np.array([1.0, 5.0]), "cost": Fraction(2)})
    np.testing.assert_array_equal(payoff.evaluate(values), [0.0, 3.0])


@pytest.mark.parametrize(
    ("definitions", "key", "message"),
    [
        pytest.param(
            {"a": "b + 1", "b": "2 * c", "c": "a"},
            "terms.a",
            "terms use each other in a cycle: a -> b -> c -> a",
            id="cycle",
        ),
        pytest.param({"s": "s + 1"}, "terms.s", "cycle: s -> s", id="self_reference"),
        pytest.param({"net": "gian - cost"}, "terms.net", "did you mean 'gain'?", id="typo"),
        pytest.param({"gain": "1"}, "terms.gain", "same name as a parameter", id="shadows"),
        pytest.param({"net gain": "1"}, "terms.net gain", "cannot be a term name", id="space"),
        pytest.param({"max": "1"}, "terms.max", "cannot be a term name", id="function_name"),
        pytest.param(
            {
                "a": "*".join(["gain"] * 10),
                "b": "*".join(["a"] * 10),
                "c": "*".join(["b"] * 10),
                "d": "*".join(["c"] * 10),
            },
            "terms.d",
            "term 'd' is too large",
            id="products_blow_up",
        ),
        pytest.param(
            {"a": "gain^16", "b": "a^16", "c": "b^16", "d": "c^2"},
            "terms.d",
            "term 'd' is too large",
            id="powers_blow_up",
        ),
    ],
)
def test_order_terms_refuses(definitions, key, message):
    with pytest.raises(FormulaError) as caught:
        order_terms(definitions, ["gain", "cost"], file="idlib.toml")
    assert caught.value.key == key
    assert caught.value.file == "idlib.toml"
    assert message in str(caught.value)


def test_payoff_size_counts_terms():
    terms = order_terms({"big": "((gain^16)^16)^4"}, ["gain"])
    message = refusal("big^16", known=["gain"], terms=terms)
    assert "too large" in message
    assert "big^16" in message
