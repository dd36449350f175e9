"""Reading a scenario file: the sections every form shares, then the form's own.

The format is specified in ``docs/scenario-format.md``.  A file is data: formulas go through
`negotiation.formulas`, a whitelisting parser, and are never evaluated as code.  Every problem
is reported as a `ScenarioError` naming the file and the key.

Why here and not in each form: identity, shared parameter files, parameters, terms, presets
and the common half of claims (presets, values, ``when``, ``share``) mean the same
in a matrix and in a tree, so they are read and checked once; ``form`` then picks the
`negotiation.model.Model` subclass that reads the rest (`FORMS`).
"""

from __future__ import annotations

import hashlib
import re
import tomllib
from collections.abc import Mapping
from fractions import Fraction
from pathlib import Path

from negotiation.errors import ScenarioError
from negotiation.files import read_text
from negotiation.forms.bargaining import BargainingModel
from negotiation.forms.extensive import ExtensiveModel
from negotiation.forms.normal import NormalModel
from negotiation.forms.repeated import RepeatedModel
from negotiation.forms.signalling import SignallingModel
from negotiation.formulas import order_terms, parse_condition
from negotiation.model import DEFAULT_SHARE, Claim, Header, Model, Parameter, Preset
from negotiation.reading import check_keys, formula_text, name_in, table, text
from negotiation.values import MAX_INT_DIGITS, exact_number

FORMS: dict[str, type[Model]] = {
    "normal": NormalModel,
    "extensive": ExtensiveModel,
    "bargaining": BargainingModel,
    "repeated": RepeatedModel,
    "signalling": SignallingModel,
}
"""Each form's model, by the name a file gives in ``scenario.form``."""

COMMON = ("scenario", "parameters", "terms", "presets", "claims")
CLAIM_KEYS = ("text", "source", "preset", "set", "when", "share")
_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")
_PARAMETER = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


def read_model(path: str | Path) -> Model:
    """Read and check a scenario file into the model of its form.

    Raises
    ------
    ScenarioError
        If the file is missing, is not valid TOML, or breaks a rule of the format.
    """
    path = Path(path)
    data, content = _toml(path, "a scenario file")
    if "scenario" not in data:
        msg = "missing key 'scenario'"
        raise ScenarioError(msg, file=path, key="file")
    meta = table(data["scenario"], path, "scenario")
    check_keys(
        meta,
        ("id", "title", "description", "source", "shared", "form"),
        ("id", "title"),
        path,
        "scenario",
    )
    form = name_in(
        text(meta.get("form", "normal"), path, "scenario.form"),
        FORMS,
        "form",
        path,
        "scenario.form",
    )
    model_class = FORMS[form]
    allowed = (*COMMON[:3], *model_class.sections, *COMMON[3:])
    check_keys(data, allowed, ("scenario", *model_class.sections), path, "file")
    header, own = _header(path, meta, data, content)
    model = model_class(header)
    model.read_form({name: data[name] for name in model_class.sections if name in data})
    model.claims = tuple(
        _claim(model, spec, f"claims[{index}]")
        for index, spec in enumerate(_claim_list(data.get("claims", []), path))
    )
    if model.shared_path is not None:
        _keep_used(model, own)
    return model


def _toml(path: Path, what: str) -> tuple[dict, bytes]:
    file_text, content = read_text(path, ScenarioError, what)
    try:
        return tomllib.loads(file_text), content
    except tomllib.TOMLDecodeError as error:
        msg = f"invalid TOML: {error}"
        raise ScenarioError(msg, file=path) from None
    except ValueError:  # tomllib's int() of more than 4300 digits
        msg = f"an integer has more than 4300 digits (numbers have at most {MAX_INT_DIGITS})"
        raise ScenarioError(msg, file=path) from None


def _header(path: Path, meta: dict, data: dict, content: bytes) -> tuple[Header, set[str]]:
    """The common sections, and the names of the parameters the file itself defines."""
    scenario_id = text(meta["id"], path, "scenario.id")
    if not _ID.match(scenario_id):
        msg = f"id {scenario_id!r} must be lower-case letters, digits and dashes"
        raise ScenarioError(msg, file=path, key="scenario.id")
    shared_path, shared_parameters, shared_presets, shared_hash = _shared(path, meta)
    own = _parameters(data.get("parameters", {}), path)
    for name in own:
        if name in shared_parameters:
            msg = f"parameter {name!r} is defined in the shared file {shared_path}"
            raise ScenarioError(msg, file=path, key=f"parameters.{name}")
    parameters = {**shared_parameters, **own}
    terms = {}
    for name, formula in table(data.get("terms", {}), path, "terms").items():
        if name in parameters:
            msg = f"term {name!r} has the name of a parameter"
            raise ScenarioError(msg, file=path, key=f"terms.{name}")
        terms[name] = formula_text(formula, path, f"terms.{name}")
    header = Header(
        path=path,
        id=scenario_id,
        title=text(meta["title"], path, "scenario.title"),
        description=text(meta.get("description", ""), path, "scenario.description"),
        source=text(meta.get("source", ""), path, "scenario.source"),
        shared_path=shared_path,
        content_hash="sha256:" + hashlib.sha256(content).hexdigest(),
        shared_hash=shared_hash,
        parameters=parameters,
        terms=order_terms(terms, parameters, file=path),
        presets=_presets(data.get("presets", {}), shared_presets, path, parameters),
    )
    return header, set(own)


def _shared(
    path: Path, meta: dict
) -> tuple[Path | None, dict[str, Parameter], dict[str, Preset], str | None]:
    """The shared parameter file named by ``scenario.shared``, if any, and its hash.

    Why: models of one report must not give one quantity two values.  Parameters and presets
    defined once in a shared file (``payoffs/shared/idlib.toml``) are drawn on by every model
    that names it; a model keeps only the shared parameters its formulas use.
    """
    if "shared" not in meta:
        return None, {}, {}, None
    name = text(meta["shared"], path, "scenario.shared")
    shared_path = path.parent / name
    if Path(name).is_absolute() or shared_path.suffix != ".toml":
        msg = f"expected a relative path to a .toml file, got {name!r}"
        raise ScenarioError(msg, file=path, key="scenario.shared")
    data, shared_content = _toml(shared_path, "a shared parameter file")
    check_keys(
        data, ("description", "parameters", "presets"), ("parameters",), shared_path, "file"
    )
    text(data.get("description", ""), shared_path, "description")
    parameters = _parameters(data["parameters"], shared_path)
    presets = _presets(data.get("presets", {}), {}, shared_path, parameters)
    return shared_path, parameters, presets, "sha256:" + hashlib.sha256(shared_content).hexdigest()


def _keep_used(model: Model, own: set[str]) -> None:
    """Drop the shared parameters a model never uses, and presets left with nothing."""
    used = set(own)
    for expr in (*model.formulas(), *model.terms.values()):
        used |= expr.names()
    for claim in model.claims:
        used |= set(claim.values)
        if claim.when is not None:
            used |= claim.when.names()
    model.parameters = {name: p for name, p in model.parameters.items() if name in used}
    presets = {}
    for name, preset in model.presets.items():
        values = {key: value for key, value in preset.values.items() if key in used}
        if values:
            presets[name] = Preset(name, preset.description, values, preset.source)
    missing = [name for claim in model.claims for name in claim.presets if name not in presets]
    if missing:
        msg = f"preset {missing[0]!r} sets no parameter this model uses"
        raise ScenarioError(msg, file=model.path, key="claims")
    model.presets = presets


def _parameters(found: object, file: Path) -> dict[str, Parameter]:
    parameters = {}
    for name, spec in table(found, file, "parameters").items():
        key = f"parameters.{name}"
        if not _PARAMETER.match(name):
            msg = f"parameter name {name!r} must be letters, digits and underscores"
            raise ScenarioError(msg, file=file, key=key)
        spec = table(spec, file, key)
        fields = ("value", "range", "unit", "description", "source")
        check_keys(spec, fields, fields, file, key)
        bounds = spec["range"]
        if not isinstance(bounds, list) or len(bounds) != 2:
            msg = f"range must be [low, high], got {bounds!r}"
            raise ScenarioError(msg, file=file, key=f"{key}.range")
        low, high = (exact_number(bound, file=file, key=f"{key}.range") for bound in bounds)
        value = exact_number(spec["value"], file=file, key=f"{key}.value")
        if not low <= value <= high:
            msg = f"value {value} lies outside its range [{low}, {high}]"
            raise ScenarioError(msg, file=file, key=key)
        parameters[name] = Parameter(
            name,
            value,
            low,
            high,
            text(spec["unit"], file, f"{key}.unit"),
            text(spec["description"], file, f"{key}.description"),
            text(spec["source"], file, f"{key}.source"),
        )
    return parameters


def _assignments(
    found: object, key: str, parameters: Mapping[str, Parameter], file: Path
) -> dict[str, Fraction]:
    return {
        name_in(name, parameters, "parameter", file, key): exact_number(
            value, file=file, key=f"{key}.{name}"
        )
        for name, value in table(found, file, key).items()
    }


def _presets(
    found: object, shared: Mapping[str, Preset], file: Path, parameters: Mapping[str, Parameter]
) -> dict[str, Preset]:
    presets = dict(shared)
    for name, spec in table(found, file, "presets").items():
        key = f"presets.{name}"
        if name in shared:
            msg = f"preset {name!r} is defined in the shared file"
            raise ScenarioError(msg, file=file, key=key)
        spec = table(spec, file, key)
        check_keys(spec, ("description", "set", "source"), ("set",), file, key)
        presets[name] = Preset(
            name,
            text(spec.get("description", ""), file, f"{key}.description"),
            _assignments(spec["set"], f"{key}.set", parameters, file),
            text(spec.get("source", ""), file, f"{key}.source"),
        )
    return presets


def _claim_list(items: object, path: Path) -> list:
    if not isinstance(items, list):
        msg = "claims must be an array of tables: [[claims]]"
        raise ScenarioError(msg, file=path, key="claims")
    return items


def _claim(model: Model, spec: object, key: str) -> Claim:
    """One claim: the common keys here, the statement's keys by the model's form."""
    path = model.path
    spec = table(spec, path, key)
    allowed, required = model.claim_keys
    if "vary" in spec:
        msg = (
            "'vary' was removed: negotiation check now draws every parameter the claim does "
            "not fix (with 'preset' or 'set') over its declared range; delete 'vary', and give "
            "'share' (default 0.9) for the share of draws in which the claim should hold"
        )
        raise ScenarioError(msg, file=path, key=f"{key}.vary")
    check_keys(
        spec,
        (*CLAIM_KEYS[:2], *allowed, *CLAIM_KEYS[2:]),
        ("text", "source", *required),
        path,
        key,
    )
    statement = model.read_claim(spec, key)
    presets = spec.get("preset", [])
    presets = [presets] if isinstance(presets, str) else presets
    if not isinstance(presets, list):
        msg = "preset must be a name or a list of names"
        raise ScenarioError(msg, file=path, key=f"{key}.preset")
    for name in presets:
        name_in(text(name, path, f"{key}.preset"), model.presets, "preset", path, f"{key}.preset")
    when = None
    if "when" in spec:
        when = parse_condition(
            formula_text(spec["when"], path, f"{key}.when"),
            model.parameters,
            terms=model.terms,
            file=path,
            key=f"{key}.when",
        )
    share = exact_number(spec.get("share", DEFAULT_SHARE), file=path, key=f"{key}.share")
    if not 0 < share <= 1:
        msg = f"share must be above 0 and at most 1, got {share}"
        raise ScenarioError(msg, file=path, key=f"{key}.share")
    return Claim(
        text(spec["text"], path, f"{key}.text"),
        text(spec["source"], path, f"{key}.source"),
        presets=tuple(presets),
        values=_assignments(spec.get("set", {}), f"{key}.set", model.parameters, path),
        when=when,
        share=share,
        **statement,
    )
