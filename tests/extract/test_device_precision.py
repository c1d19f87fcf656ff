"""Issue 16's precision rules, each on short sentences written for the test, with negatives."""

from __future__ import annotations

import spacy

from pipeline.extract.devices import extract_devices
from pipeline.records import Attribution, Claim, Evidence, Quote


def _claim(text: str, *, hedges: tuple[str, ...] = (), boosters: tuple[str, ...] = (),
           vague: str | None = None) -> Claim:
    def ev(word: str) -> Evidence:
        return Evidence(word, text.index(word), text.index(word) + len(word))

    attribution = (Attribution(source=vague, kind="vague", cue="said", start=text.index(vague),
                               end=text.index(vague) + len(vague))
                   if vague else Attribution(source=None, kind="none"))
    return Claim(id="c-0", text=text, start=0, end=len(text), attribution=attribution,
                 hedges=tuple(ev(w) for w in hedges), boosters=tuple(ev(w) for w in boosters))


def _quote(text: str, inner: str, kind: str, speaker: str | None = None) -> Quote:
    start = text.index(inner)
    return Quote(id=f"q-{start}", text=inner, start=start, end=start + len(inner), kind=kind, speaker=speaker)


def test_no_hedge_booster_or_nested_scare_quote_inside_someone_elses_quotation() -> None:
    text = "“The plan may fail, and it is clearly a ‘reform’ in name only,” the senator said."
    doc = spacy.blank("en")(text)
    inner = text[1 : text.index("”")]
    quotes = [_quote(text, inner, "direct", "the senator"), _quote(text, "reform", "scare")]
    claim = _claim(text, hedges=("may",), boosters=("clearly",))
    assert extract_devices(doc, quotes=quotes, claims=[claim], min_score=0.0) == []


def test_the_authors_own_hedge_booster_and_scare_quote_stay() -> None:
    text = "The plan may fail, and it is clearly a ‘reform’ in name only."
    doc = spacy.blank("en")(text)
    claim = _claim(text, hedges=("may",), boosters=("clearly",))
    devices = extract_devices(doc, quotes=[_quote(text, "reform", "scare")], claims=[claim], min_score=0.0)
    assert [(d.device, d.text) for d in devices] == [("hedge", "may"), ("booster", "clearly"),
                                                     ("scare_quote", "reform")]


def test_vague_source_inside_a_quotation_is_the_speakers() -> None:
    text = "“Some experts say the wall works,” Smith said. Officials said it failed."
    doc = spacy.blank("en")(text)
    quote = _quote(text, text[1 : text.index("”")], "direct", "Smith")
    claims = [_claim(text, vague="Some experts"), _claim(text, vague="Officials")]
    devices = extract_devices(doc, quotes=[quote], claims=claims, min_score=0.0)
    assert [(d.device, d.text) for d in devices] == [("vague_attribution", "Officials")]
