"""framelens's figure normaliser against quantulum3 on Microsoft Recognizers-Text English specs.

Run from the repository root:  .venv/bin/python benchmarks/recognizers_text.py [--failures MODEL]

Specs (../shared/data/recognizers-text-specs, MIT): JSON arrays of {Input, NotSupported, Results:[{Text,
TypeName, Resolution, Start, End}]}. Four models: Number (NumberModel.json), Percent (PercentModel.json),
Currency (CurrencyModel.json), Dimension (DimensionModel.json).

Matching rule (one case passes or fails as a whole):
* expected = the results that resolve to a number (results naming only a unit, like "dollar", are
  skipped); each becomes (value, unit) with unit None for Number and Percent;
* predicted = what a system finds in Input, restricted to the model's kind: Number takes every
  quantity except ranks (a range gives both ends), Percent takes percentages, Currency takes money,
  Dimension takes quantities with a unit of measure other than durations (Recognizers-Text resolves
  durations in its DateTime model, not here);
* the case passes when the two multisets match one to one: values equal within 1e-6 relative
  (1e-9 absolute) and units equal after normalising: currencies to ISO 4217 codes ("Dollar" and "$"
  are USD, "Pound" is GBP; "Cent"/"Pence" are hundredths of USD/GBP), units of measure to lower-case
  singular US spelling ("metre" -> "meter", "Metric ton" -> "tonne", "pound-mass" -> "pound").
Cases are counted twice: all cases, and those not marked NotSupported for python.

quantulum3 runs without its unit classifier: the classifier pickle shipped with quantulum3 0.10 does
not load under scikit-learn 1.9 and retraining needs the optional `stemming` package; quantulum3 then
uses its own documented no-classifier disambiguation.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from pipeline.extract.figures import ParsedQuantity, find_quantities

SPEC_DIR = ROOT.parent / "shared" / "data" / "recognizers-text-specs"
MODELS = {
    "Number": "Number/English/NumberModel.json",
    "Percent": "Number/English/PercentModel.json",
    "Currency": "NumberWithUnit/English/CurrencyModel.json",
    "Dimension": "NumberWithUnit/English/DimensionModel.json",
}
DURATIONS = {"second", "minute", "hour", "day", "week", "month", "year", "decade", "century"}
# Recognizers-Text currency names without an isoCurrency -> (code, factor)
RT_CURRENCY = {
    "dollar": ("USD", 1.0),
    "pound": ("GBP", 1.0),
    "british pound": ("GBP", 1.0),
    "euro": ("EUR", 1.0),
    "cent": ("USD", 0.01),
    "pence": ("GBP", 0.01),
    "penny": ("GBP", 0.01),
    "rupee": ("INR", 1.0),
    "franc": ("franc", 1.0),
    "finnish markka": ("markka", 1.0),
    "peseta": ("peseta", 1.0),
    "netherlands guilder": ("guilder", 1.0),
    "bitcoin": ("BTC", 1.0),
}
QUANTULUM_SUBUNITS = {"cent": ("USD", 0.01), "penny": ("GBP", 0.01), "pence": ("GBP", 0.01)}

Item = tuple[float, "str | None"]


@dataclass(frozen=True)
class Case:
    model: str
    text: str
    expected: tuple[Item, ...]
    python_supported: bool


def normalise_unit(name: str) -> str:
    """One spelling for units of measure across the three vocabularies."""
    unit = name.lower().strip()
    for old, new in (("metre", "meter"), ("litre", "liter"), ("pound-mass", "pound"), ("short ton", "ton")):
        unit = unit.replace(old, new)
    return {"metric ton": "tonne", "pounds": "pound", "feet": "foot"}.get(unit, unit)


def _number(raw: Any) -> float | None:
    if raw is None or raw == "null":
        return None
    text = str(raw).strip().rstrip("%")
    try:
        return float(text)
    except ValueError:
        return None


def _expected_item(model: str, result: dict[str, Any]) -> Item | None:
    res = result.get("Resolution") or {}
    value = _number(res.get("value"))
    if value is None:
        return None
    if model in ("Number", "Percent"):
        return (value, None)
    unit_name = str(res.get("unit") or "")
    if model == "Currency":
        iso = res.get("isoCurrency")
        if iso:
            return (value, str(iso))
        code, factor = RT_CURRENCY.get(unit_name.lower(), (unit_name.lower(), 1.0))
        return (value * factor, code)
    return (value, normalise_unit(unit_name))


def load_cases(model: str, spec_dir: Path = SPEC_DIR) -> list[Case]:
    """The spec cases of one model (files start with a BOM)."""
    path = spec_dir / MODELS[model]
    data = json.loads(path.read_text(encoding="utf-8-sig"))
    cases = []
    for raw in data:
        items = [_expected_item(model, r) for r in raw.get("Results", [])]
        not_supported = str(raw.get("NotSupported", "")).lower()
        cases.append(
            Case(
                model=model,
                text=raw["Input"],
                expected=tuple(i for i in items if i is not None),
                python_supported="python" not in not_supported,
            )
        )
    return cases


def framelens_items(text: str, model: str) -> list[Item]:
    """What framelens's normaliser finds in ``text``, seen through one model's lens."""
    return items_from_quantities(find_quantities(text), model)


def items_from_quantities(found: list[ParsedQuantity], model: str) -> list[Item]:
    items: list[Item] = []
    for q in found:
        if q.value is None:
            continue
        values = list(q.range) if q.range else [q.value]
        if model == "Number" and q.kind != "rank" or model == "Percent" and q.kind == "percent":
            items += [(v, None) for v in values]
        elif model == "Currency" and q.kind == "money":
            items += [(v, q.unit) for v in values]
        elif model == "Dimension" and q.kind == "quantity" and q.unit not in DURATIONS and q.unit:
            items += [(v, normalise_unit(q.unit)) for v in values]
    return items


def quantulum_items(text: str, model: str) -> list[Item]:
    """What quantulum3 finds in ``text``, through the same lens."""
    from quantulum3 import classifier, parser

    classifier.USE_CLF = False  # see the module docstring
    items: list[Item] = []
    try:
        found = parser.parse(text)
    except Exception:  # noqa: BLE001 -- quantulum3 raises on some inputs; that case simply fails
        return [(math.nan, None)]
    for q in found:
        value = float(q.value)
        entity = q.unit.entity.name
        name = q.unit.name
        if model == "Number" or model == "Percent" and name == "percentage":
            items.append((value, None))
        elif model == "Currency" and entity == "currency":
            code = getattr(q.unit, "currency_code", None)
            if code:
                items.append((value, str(code)))
            else:
                sub, factor = QUANTULUM_SUBUNITS.get(name, (name.lower(), 1.0))
                items.append((value * factor, sub))
        elif model == "Dimension" and entity not in ("dimensionless", "currency", "time", "temperature"):
            items.append((value, normalise_unit(name)))
    return items


def _close(a: float, b: float) -> bool:
    return math.isclose(a, b, rel_tol=1e-6, abs_tol=1e-9)


def matches(predicted: list[Item], expected: tuple[Item, ...] | list[Item]) -> bool:
    """One-to-one match of (value, unit) multisets under the documented tolerance."""
    if len(predicted) != len(expected):
        return False
    left = list(predicted)
    for value, unit in expected:
        for i, (pv, pu) in enumerate(left):
            if _close(pv, value) and pu == unit:
                del left[i]
                break
        else:
            return False
    return True


def pass_rate(cases: list[Case], system: Callable[[str, str], list[Item]]) -> float:
    if not cases:
        return math.nan
    return sum(matches(system(c.text, c.model), c.expected) for c in cases) / len(cases)


def main(argv: list[str] | None = None) -> int:
    args = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    args.add_argument("--failures", metavar="MODEL", help="print framelens's failing cases of MODEL")
    args.add_argument("--spec-dir", type=Path, default=SPEC_DIR)
    opts = args.parse_args(argv)
    if not opts.spec_dir.exists():
        print(f"Specs not found at {opts.spec_dir}", file=sys.stderr)
        return 1
    warnings.filterwarnings("ignore")
    rows = []
    for model in MODELS:
        cases = load_cases(model, opts.spec_dir)
        supported = [c for c in cases if c.python_supported]
        rows.append(
            (
                model,
                len(cases),
                pass_rate(cases, framelens_items),
                pass_rate(cases, quantulum_items),
                len(supported),
                pass_rate(supported, framelens_items),
                pass_rate(supported, quantulum_items),
            )
        )
        if opts.failures == model:
            for c in cases:
                got = framelens_items(c.text, model)
                if not matches(got, c.expected):
                    flag = "" if c.python_supported else " [NotSupported: python]"
                    print(f"FAIL{flag} {c.text[:110]!r}\n   expected {list(c.expected)}\n   got      {got}")
    header = "| model | cases | framelens | quantulum3 | python-supported cases | framelens | quantulum3 |"
    print(header)
    print("|---|---:|---:|---:|---:|---:|---:|")
    for model, n, ours, theirs, ns, ours_s, theirs_s in rows:
        print(f"| {model} | {n} | {ours:.1%} | {theirs:.1%} | {ns} | {ours_s:.1%} | {theirs_s:.1%} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
