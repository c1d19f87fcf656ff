"""Random bytes, JSON, CSV, Markdown and HTML thrown at ingest (seeded, so a failure can be replayed).

Every input must be accounted for in the store's run_inputs (ingested, duplicate or skipped with a
reason), nothing may raise, and the two good articles among them must be stored.
"""

from __future__ import annotations

import json
import random
import string
import sys
from pathlib import Path

import pytest

from pipeline.ingest.readers import SUPPORTED
from tests.robustness.support import GOOD, corpus, ingest, invoke

SEED = 13
N_BYTES, N_STRUCTURED = 500, 100  # random byte strings; then each of JSON, JSONL, CSV, Markdown, HTML
STATUSES = {"ingested", "duplicate", "skipped", "note"}
WORDS = ("the", "minister", "said", "on", "Monday", "that", "40", "percent", "of", "migrants", "crossed",
         "“reform”", "café", "—", "[/bold]", "\x1b[31m", "=SUM(A1)", "\ud83d", "\u202e", "", "\x00", "🙂")


def _text(rng: random.Random, n: int = 30) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(0, n))]
    return " ".join(words) + rng.choice([".", "", "!\n\n", "\n"])


def _value(rng: random.Random, depth: int = 0) -> object:
    kind = rng.randint(0, 9 if depth < 4 else 5)
    if kind == 0:
        return None
    if kind == 1:
        return rng.choice([True, False, rng.randint(-10**20, 10**20), rng.random() * 1e300, float("nan")])
    if kind <= 5:
        return _text(rng, 12)
    if kind <= 7:
        return [_value(rng, depth + 1) for _ in range(rng.randint(0, 4))]
    keys = ["text", "title", "source", "date", "url", "authors", "body", _text(rng, 2)]
    return {rng.choice(keys): _value(rng, depth + 1) for _ in range(rng.randint(0, 6))}


def _record(rng: random.Random) -> object:
    record = _value(rng, 1)
    if isinstance(record, dict) and rng.random() < 0.7:
        record["text"] = _text(rng, 60)
    return record


def _json(rng: random.Random) -> bytes:
    data = [_record(rng) for _ in range(rng.randint(0, 4))] if rng.random() < 0.5 else _record(rng)
    text = json.dumps(data, ensure_ascii=rng.random() < 0.5, allow_nan=True)
    return _mangle(rng, text.encode("utf-8", "surrogatepass"))


def _jsonl(rng: random.Random) -> bytes:
    lines = [json.dumps(_record(rng)) for _ in range(rng.randint(0, 5))]
    if rng.random() < 0.3:
        lines.insert(rng.randint(0, len(lines)), rng.choice(["{bad", "[" * rng.randint(1, 5000), "", "null"]))
    return _mangle(rng, "\n".join(lines).encode("utf-8", "surrogatepass"))


def _csv(rng: random.Random) -> bytes:
    header = rng.sample(["text", "title", "outlet", "date", "x", "body", ""], rng.randint(0, 5))
    rows = [",".join(_csv_cell(rng) for _ in range(max(0, len(header) + rng.choice([0, 0, 0, -1, 1]))))
            for _ in range(rng.randint(0, 5))]
    return _mangle(rng, "\n".join([",".join(header), *rows]).encode("utf-8", "surrogatepass"))


def _csv_cell(rng: random.Random) -> str:
    cell = _text(rng, 8)
    return f'"{cell.replace(chr(34), chr(34) * 2)}"' if rng.random() < 0.6 else cell.replace(",", " ")


def _markdown(rng: random.Random) -> bytes:
    front = rng.choice([
        "title: A title\nsource: Wire\n", "a: &a [x, x]\nb: [*a, *a]\n", "title: [unclosed\n",
        "- just\n- a list\n", "!!binary aGVsbG8=\n", "title: " + "[" * rng.randint(1, 3000) + "\n", "",
    ])
    body = "\n\n".join(("# " if rng.random() < 0.2 else "") + _text(rng) for _ in range(rng.randint(0, 5)))
    return _mangle(rng, f"---\n{front}---\n{body}".encode("utf-8", "surrogatepass"))


def _html(rng: random.Random) -> bytes:
    tags = ["p", "div", "nav", "footer", "h1", "h2", "script", "article", "li", "a"]
    parts = [f"<{t}>{_text(rng)}</{t}>" if rng.random() < 0.8 else f"<{t}>"
             for t in (rng.choice(tags) for _ in range(rng.randint(0, 12)))]
    page = f"<html><head><title>{_text(rng, 5)}</title></head><body>{''.join(parts)}</body></html>"
    return _mangle(rng, page.encode("utf-8", "surrogatepass"))


def _mangle(rng: random.Random, data: bytes) -> bytes:
    """Sometimes flip bytes, cut the end or re-encode: real files are rarely clean."""
    roll = rng.random()
    if roll < 0.1 and data:
        cut = bytearray(data)
        for _ in range(rng.randint(1, 5)):
            cut[rng.randrange(len(cut))] = rng.randrange(256)
        return bytes(cut)
    if roll < 0.15:
        return data[: rng.randint(0, len(data))]
    if roll < 0.2:
        return data.decode("utf-8", "replace").encode(rng.choice(["utf-16", "utf-16-le", "utf-32"]))
    return data


def _random_bytes(rng: random.Random) -> bytes:
    kind = rng.random()
    n = rng.choice([0, 1, 2, 3, 7, 64, 512, 4096])
    if kind < 0.4:
        return rng.randbytes(n)
    if kind < 0.7:
        return "".join(rng.choice(string.printable) for _ in range(n)).encode()
    return _text(rng, n // 4 + 1).encode(rng.choice(["utf-8", "cp1252", "utf-16", "latin-1"]), "replace")


def fuzz_inputs(seed: int = SEED) -> dict[str, bytes]:
    rng = random.Random(seed)
    suffixes = sorted(SUPPORTED) + [".bin", ""]
    inputs = {f"bytes-{i:03d}{rng.choice(suffixes)}": _random_bytes(rng) for i in range(N_BYTES)}
    makers = {".json": _json, ".jsonl": _jsonl, ".csv": _csv, ".md": _markdown, ".html": _html}
    for suffix, make in makers.items():
        inputs.update({f"{suffix[1:]}-{i:03d}{suffix}": make(rng) for i in range(N_STRUCTURED)})
    return inputs


def test_fuzzed_inputs_never_raise_and_every_input_is_accounted_for(tmp_path):
    inputs = fuzz_inputs()
    folder = corpus(tmp_path / "fuzz", inputs)
    outcome = ingest([folder], tmp_path / "s.sqlite")
    assert outcome.exit_code in (0, 1), outcome.output
    assert outcome.stored >= set(GOOD)
    recorded: dict[str, set[str]] = {}
    for origin, status, reason, _ in outcome.inputs:
        assert status in STATUSES and (status != "skipped" or reason)
        name = Path(origin).name.split(":")[0].split("#")[0]
        recorded.setdefault(name, set()).add(status)
    missing = [name for name in [*inputs, *GOOD] if name not in recorded]
    assert not missing, f"inputs with no outcome: {missing[:10]}"
    assert not any(reason == "read_error" for _, _, reason, _ in outcome.inputs), \
        [i for i in outcome.inputs if i[2] == "read_error"][:5]


@pytest.mark.model
def test_analyze_file_on_a_sample_of_fuzzed_inputs_exits_cleanly(tmp_path):
    rng = random.Random(SEED)
    inputs = fuzz_inputs()
    sample = rng.sample(sorted(inputs), 12)
    folder = corpus(tmp_path / "fuzz", {name: inputs[name] for name in sample})
    for name in sample:
        code, output = invoke("analyze-file", folder / name)
        assert code in (0, 1), (name, output)
        if code == 0:
            document = json.loads(output)
            documents = document if isinstance(document, list) else [document]
            assert all(d["schema"] == "framelens/article@1" for d in documents)
        else:
            assert "skipped" in output and "Traceback" not in output


if __name__ == "__main__":  # python -m tests.robustness.test_fuzz DIR: write the inputs to replay by hand
    corpus(Path(sys.argv[1] if len(sys.argv) > 1 else "fuzz-inputs"), fuzz_inputs())
