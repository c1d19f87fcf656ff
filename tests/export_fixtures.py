"""A small hand-built store for the export and report tests: 4 articles from 3 outlets.

Items are placed by searching their words in the cleaned text, so every offset is right by
construction and the tests exercise the exporters, not an extractor. One article is hostile: its title
and text carry ``<script>`` and HTML that the report must show as text, never as markup.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from pipeline.document import to_document
from pipeline.ingest import IngestOptions, to_article
from pipeline.ingest.readers import RawRecord
from pipeline.records import (
    Analysis,
    Article,
    Attribution,
    Claim,
    Device,
    Entity,
    Evidence,
    Figure,
    FrameScore,
    Mention,
    Quote,
)
from pipeline.store import Store

HOSTILE_TITLE = 'Hostile <script>alert("title")</script> <b>bold</b> title'
HOSTILE_SCRIPT = "<script>document.title='pwned'</script>"
HOSTILE_IMG = "<img src=x onerror=alert(1)>"

ARTICLES: list[dict[str, Any]] = [
    {"source": "Daily Planet", "title": "Border crossings surge as shelters fill",
     "url": "https://dailyplanet.example/border", "date": "2023-07-01",
     "text": ("Border crossings rose by 40 percent in June, according to the Department of Homeland "
              "Security. Officials warned that a flood of migrants would overwhelm shelters.\n\n"
              "\u201cWe are out of beds,\u201d said Mayor Jane Smith. "
              "Experts say the number of arrivals could double next year.\n\n"
              "A Crisis at the Gate\n\n"
              "The city spent $2 million on emergency housing last month. "
              "Critics say the policy has failed.")},
    {"source": "The Ledger", "title": "Immigrants add to the economy, report finds",
     "url": "https://ledger.example/economy", "date": "2023-08-15",
     "text": ("Immigrants added $1.2 trillion to the economy in 2022, a report by the Cato Institute found. "
              "Wages for native workers rose by 3 percent over the same period.\n\n"
              "Some say that the gains are unevenly shared across regions.")},
    {"source": "Northern Star", "title": HOSTILE_TITLE, "url": "https://star.example/hostile?a=1&b=2",
     "date": "2023-09-02",
     "text": (f"Protesters handed out leaflets reading {HOSTILE_SCRIPT} outside city hall. "
              f"About 300 people marched, police said. {HOSTILE_IMG} appeared in the leaflet.\n\n"
              "The mayor called the march a \u201cdisgrace\u201d to the city.")},
    {"source": "Daily Planet", "title": "Council debates housing plan",
     "url": None, "date": None,
     "text": ("The council voted 7 to 2 to fund new housing. Councillor Tom Reed said the plan would cost "
              "taxpayers dearly.\n\nResidents remain divided over the vote.")},
]


BIAS = {"Daily Planet": "right", "The Ledger": "left", "Northern Star": "center"}


def find(text: str, needle: str, nth: int = 0) -> tuple[int, int]:
    """Offsets of the nth occurrence of ``needle`` in ``text`` (fails loudly when absent)."""
    start = -1
    for _ in range(nth + 1):
        start = text.index(needle, start + 1)
    return start, start + len(needle)


def _ev(text: str, needle: str) -> Evidence:
    start, end = find(text, needle)
    return Evidence(needle, start, end)


def _claim(text: str, sentence: str, *, types: tuple[str, ...] = (), source: str | None = None,
           kind: str = "none", cue: str | None = None, entity: str | None = None,
           figures: tuple[str, ...] = (), devices: tuple[str, ...] = (), certainty: float = 0.6,
           checkworthiness: float = 0.5, frames: tuple[FrameScore, ...] = (),
           hedges: tuple[str, ...] = ()) -> Claim:
    start, end = find(text, sentence)
    src = find(text, source) if source else (None, None)
    cue_span = find(text, cue) if cue else (None, None)
    return Claim(id=f"c-{start}", text=sentence, start=start, end=end, types=types,
                 attribution=Attribution(source=source, kind=kind, cue=cue, start=src[0], end=src[1],
                                         cue_start=cue_span[0], cue_end=cue_span[1], entity=entity),
                 figures=figures, certainty=certainty, checkworthiness=checkworthiness, frames=frames,
                 devices=devices, hedges=tuple(_ev(text, h) for h in hedges),
                 type_evidence=tuple(_ev(text, t) for t in ()))


def _figure(text: str, needle: str, value: float, kind: str, unit: str | None = None,
            subject: str | None = None) -> Figure:
    start, end = find(text, needle)
    return Figure(id=f"fig-{start}", text=needle, start=start, end=end, value=value, kind=kind, unit=unit,
                  subject=subject)


def _device(text: str, needle: str, device: str, family: str | None = None, score: float = 0.7) -> Device:
    start, end = find(text, needle)
    return Device(id=f"dev-{start}-{device}", device=device, text=needle, start=start, end=end, score=score,
                  family=family, evidence=(Evidence(needle, start, end),))


def _entity(text: str, canonical: str, label: str, needles: list[str]) -> Entity:
    mentions = tuple(Mention(n, *find(text, n)) for n in needles)
    return Entity(id=f"ent-{mentions[0].start}", canonical=canonical, label=label, mentions=mentions,
                  count=len(mentions), salience=0.5)


def _frame(text: str, frame: str, score: float, needles: list[str], taxonomy: str = "issue",
           share: float | None = None) -> FrameScore:
    return FrameScore(frame=frame, score=score, evidence=tuple(_ev(text, n) for n in needles),
                      taxonomy=taxonomy, share=share)


def make_articles() -> list[Article]:
    articles = []
    for spec in ARTICLES:
        fields = {"title": spec["title"], "source": spec["source"], "url": spec["url"], "date": spec["date"],
                  "bias_text": BIAS[spec["source"]], "rank": len(articles) + 1}  # metadata: kept as given
        article = to_article(RawRecord(text=spec["text"], origin=f"{spec['source']}.txt", fields=fields),
                             IngestOptions())
        assert isinstance(article, Article), article
        articles.append(article)
    return articles


def make_analyses(articles: list[Article]) -> list[Analysis]:
    planet, ledger, star, council = articles
    t = planet.text
    fig_40 = _figure(t, "40 percent", 40.0, "percent", "%", "border crossings")
    fig_2m = _figure(t, "$2 million", 2_000_000.0, "money", "USD", "emergency housing")
    flood = _device(t, "a flood of migrants", "metaphor", "water_mass", 0.8)
    double = _device(t, "could double", "hedge", None, 0.5)
    failed = _device(t, "has failed", "loaded_language", None, 0.4)
    planet_analysis = Analysis(
        article=planet,
        entities=(_entity(t, "Department of Homeland Security", "ORG", ["Department of Homeland Security"]),
                  _entity(t, "Jane Smith", "PERSON", ["Jane Smith"])),
        figures=(fig_40, fig_2m),
        quotes=(Quote(id=f"q-{find(t, 'We are out of beds,')[0]}", text="We are out of beds,",
                      start=find(t, "We are out of beds,")[0], end=find(t, "We are out of beds,")[1],
                      kind="direct", speaker="Jane Smith", speaker_start=find(t, "Jane Smith")[0],
                      speaker_end=find(t, "Jane Smith")[1], cue="said"),),
        claims=(
            _claim(t, "Border crossings rose by 40 percent in June, according to the Department of Homeland "
                      "Security.", types=("statistical", "trend"), source="Department of Homeland Security",
                   kind="named", cue="according to", entity="Department of Homeland Security",
                   figures=(fig_40.id,), checkworthiness=0.9, certainty=0.8,
                   frames=(_frame(t, "security_defense", 0.6, ["Border crossings"]),)),
            _claim(t, "Officials warned that a flood of migrants would overwhelm shelters.",
                   types=("predictive",), source="Officials", kind="vague", cue="warned",
                   devices=(flood.id,), checkworthiness=0.55,
                   frames=(_frame(t, "capacity_resources", 0.7, ["overwhelm shelters"]),)),
            _claim(t, "Experts say the number of arrivals could double next year.", types=("predictive",),
                   source="Experts", kind="vague", cue="say", devices=(double.id,), checkworthiness=0.6,
                   certainty=0.3, hedges=("could",)),
            _claim(t, "The city spent $2 million on emergency housing last month.", types=("statistical",),
                   figures=(fig_2m.id,), checkworthiness=0.75,
                   frames=(_frame(t, "economic", 0.8, ["$2 million"]),)),
            _claim(t, "Critics say the policy has failed.", types=("evaluative",), source="Critics",
                   kind="vague", cue="say", devices=(failed.id,), checkworthiness=0.3),
        ),
        devices=(flood, double, failed),
        frames=(_frame(t, "capacity_resources", 0.7, ["overwhelm shelters"], share=0.5),
                _frame(t, "economic", 0.4, ["$2 million"], share=0.3),
                _frame(t, "security_defense", 0.3, ["Border crossings"], share=0.2),
                _frame(t, "conflict", 0.5, ["Critics"], taxonomy="generic", share=1.0)),
        section_frames={planet.sections[0].id: (_frame(t, "capacity_resources", 0.7,
                                                       ["overwhelm shelters"]),),
                        planet.sections[1].id: (_frame(t, "economic", 0.8, ["$2 million"]),)},
        model="hand", versions={"fixture": "1"},
    )
    t = ledger.text
    fig_tr = _figure(t, "$1.2 trillion", 1.2e12, "money", "USD", "economy")
    fig_3 = _figure(t, "3 percent", 3.0, "percent", "%", "wages")
    ledger_analysis = Analysis(
        article=ledger,
        entities=(_entity(t, "Cato Institute", "ORG", ["Cato Institute"]),),
        figures=(fig_tr, fig_3),
        claims=(
            _claim(t, "Immigrants added $1.2 trillion to the economy in 2022, a report by the Cato "
                      "Institute found.",
                   types=("statistical",), source="Cato Institute", kind="named", cue="found",
                   entity="Cato Institute", figures=(fig_tr.id,), checkworthiness=0.95, certainty=0.9,
                   frames=(_frame(t, "economic", 0.9, ["economy"]),)),
            _claim(t, "Wages for native workers rose by 3 percent over the same period.",
                   types=("statistical", "trend"), figures=(fig_3.id,), checkworthiness=0.7),
            _claim(t, "Some say that the gains are unevenly shared across regions.", types=("evaluative",),
                   source="Some", kind="vague", cue="say", checkworthiness=0.35),
        ),
        frames=(_frame(t, "economic", 0.9, ["economy"], share=1.0),),
        section_frames={ledger.sections[0].id: (_frame(t, "economic", 0.9, ["economy"]),)},
        model="hand", versions={"fixture": "1"},
    )
    t = star.text
    leaflet = "Protesters handed out leaflets reading"
    sentence = t[find(t, leaflet)[0]:find(t, "outside city hall.")[1]]
    disgrace = _device(t, "disgrace", "scare_quote", None, 0.6)
    star_analysis = Analysis(
        article=star,
        entities=(_entity(t, "city hall", "FAC", ["city hall"]),),
        figures=(_figure(t, "About 300", 300.0, "count", None, "people"),),
        quotes=(Quote(id=f"q-{find(t, 'disgrace')[0]}", text="disgrace", start=find(t, "disgrace")[0],
                      end=find(t, "disgrace")[1], kind="scare"),),
        claims=(
            _claim(t, sentence, types=(), checkworthiness=0.4),
            _claim(t, "About 300 people marched, police said.", types=("statistical",), source="police",
                   kind="named", cue="said", checkworthiness=0.8,
                   figures=(f"fig-{find(t, 'About 300')[0]}",)),
        ),
        devices=(disgrace,),
        frames=(_frame(t, "political", 0.5, ["Protesters"], share=1.0),),
        model="hand", versions={"fixture": "1"},
    )
    t = council.text
    council_analysis = Analysis(
        article=council,
        entities=(_entity(t, "Tom Reed", "PERSON", ["Tom Reed"]),),
        figures=(_figure(t, "7 to 2", 7 / 2, "ratio"),),
        claims=(
            _claim(t, "Councillor Tom Reed said the plan would cost taxpayers dearly.", types=("predictive",),
                   source="Councillor Tom Reed", kind="named", cue="said", entity="Tom Reed",
                   checkworthiness=0.5, frames=(_frame(t, "economic", 0.6, ["taxpayers"]),)),
        ),
        frames=(_frame(t, "political", 0.6, ["council voted"], share=0.6),
                _frame(t, "economic", 0.4, ["taxpayers"], share=0.4)),
        model="hand", versions={"fixture": "1"},
    )
    return [planet_analysis, ledger_analysis, star_analysis, council_analysis]


def store_of(path: Path, analyses: Iterable[Analysis]) -> Store:
    """A store at ``path`` holding these analyses and their articles, opened afresh for reading."""
    with Store(path) as db:
        for analysis in analyses:
            db.add_article(analysis.article)
            db.save_analysis(analysis, to_document(analysis), "test")
    return Store(path)


def build_store(path: Path, *, analyse: bool = True) -> Store:
    """A store at ``path`` with the four fixture articles (analysed unless ``analyse`` is False)."""
    store = Store(path)
    articles = make_articles()
    for article in articles:
        store.add_article(article)
    if analyse:
        for analysis in make_analyses(articles):
            store.save_analysis(analysis, to_document(analysis), "test")
    return store
