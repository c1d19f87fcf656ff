"""Batched store writes: one transaction per batch, one savepoint per article, fast serialisation
that gives exactly what dataclasses.asdict gave."""

from __future__ import annotations

import dataclasses
import json

import pytest

from pipeline.document import plain, to_document
from pipeline.ingest import article_id
from pipeline.records import (
    Analysis,
    Article,
    Attribution,
    Claim,
    Entity,
    Evidence,
    FrameScore,
    Mention,
    Paragraph,
    Section,
)
from pipeline.store import Store, document_rows, record_row


def _analysis(text: str) -> Analysis:
    article = Article(id=article_id(text), text=text, source="Wire", title="T",
                      sections=(Section("s-0", None, 0, len(text)),),
                      paragraphs=(Paragraph("p-0", 0, len(text), "s-0"),))
    claim = Claim(id="c-0", text=text, start=0, end=len(text), types=("statistical",),
                  attribution=Attribution(source="the council", kind="named", cue="said", start=0, end=3),
                  hedges=(Evidence("may", 4, 7),),
                  frames=(FrameScore("economic", 0.123456, (Evidence("cost", 1, 5),)),))
    entity = Entity(id="e-0", canonical="Council", label="ORG", mentions=(Mention("council", 4, 11),),
                    count=1, salience=0.5)
    return Analysis(article=article, claims=(claim,), entities=(entity,),
                    frames=(FrameScore("economic", 0.5, (), "issue", 0.25, True),),
                    section_frames={"s-0": (FrameScore("political", 0.1),)}, model="m", versions={"x": "1"})


def _store(tmp_path, analyses: list[Analysis]) -> Store:
    store = Store(tmp_path / "s.sqlite")
    for analysis in analyses:
        store.add_article(analysis.article)
    return store


def test_plain_matches_asdict_as_json():
    analysis = _analysis("The council said costs may rise by 5 percent.")
    for record in [*analysis.claims, *analysis.entities, *analysis.frames, analysis.article.sections[0]]:
        assert json.dumps(plain(record)) == json.dumps(dataclasses.asdict(record))


def test_a_batch_is_saved_whole_with_rows_and_documents(tmp_path):
    analyses = [_analysis(f"The council said costs may rise by {n} percent.") for n in range(5)]
    with _store(tmp_path, analyses) as store:
        assert store.save_analyses(analyses, "key") == []
        assert store.count("analyses") == 5 and store.count("claims") == 5 and store.count("entities") == 5
        assert store.count("frames") == 10
        for analysis in analyses:
            assert store.document(analysis.article.id) == json.loads(json.dumps(to_document(analysis)))
        row = store.db.execute("SELECT attribution_source, hedges FROM claims LIMIT 1").fetchone()
        assert row == ("the council", json.dumps([{"text": "may", "start": 4, "end": 7}]))
        assert record_row(analyses[0].claims[0])["types"] == '["statistical"]'


def test_rows_built_from_the_document_are_the_records_rows(tmp_path):
    analysis = _analysis("The council said costs may rise by 5 percent.")
    document = to_document(analysis)
    entity_rows = document_rows(Entity, document["entities"])
    assert entity_rows == [list(record_row(e).values()) for e in analysis.entities]
    with _store(tmp_path, [analysis]) as store:
        store.save_analyses([analysis], "key")
        stored = store.db.execute("SELECT * FROM claims").fetchone()
    # The document rounds a claim's frame scores; the claims table keeps what the record holds.
    assert list(stored) == [analysis.article.id, *record_row(analysis.claims[0]).values()]
    assert '"score": 0.123456' in stored[list(record_row(analysis.claims[0])).index("frames") + 1]


def test_an_article_that_cannot_be_stored_is_rolled_back_alone(tmp_path):
    good = [_analysis(f"The council said costs may rise by {n} percent.") for n in range(3)]
    bad_claim = dataclasses.replace(good[1].claims[0], text="a lone surrogate \ud800 cannot be encoded")
    batch = [good[0], dataclasses.replace(good[1], claims=(bad_claim,)), good[2]]
    with _store(tmp_path, batch) as store:
        failed = store.save_analyses(batch, "key")
        assert [article for article, _ in failed] == [good[1].article.id]
        assert failed[0][1].startswith("cannot be stored: UnicodeEncodeError")
        stored = {r[0] for r in store.db.execute("SELECT article_id FROM analyses")}
        assert stored == {good[0].article.id, good[2].article.id}
        # Nothing of the failed article is left: not its entities, not its frames.
        for table in ("claims", "entities", "frames"):
            ids = {r[0] for r in store.db.execute(f"SELECT article_id FROM {table}")}
            assert good[1].article.id not in ids


def test_an_interrupted_batch_leaves_nothing_of_itself(tmp_path):
    analyses = [_analysis(f"The council said costs may rise by {n} percent.") for n in range(3)]

    def interrupted():
        yield analyses[0]
        yield analyses[1]
        raise KeyboardInterrupt

    with _store(tmp_path, analyses) as store:
        store.save_analyses([analyses[2]], "key")
        with pytest.raises(KeyboardInterrupt):
            store.save_analyses(interrupted(), "key")
        assert [r[0] for r in store.db.execute("SELECT article_id FROM analyses")] == [analyses[2].article.id]
        assert store.count("claims") == 1
        store.save_analyses(analyses[:2], "key")  # the store is usable afterwards
        assert store.count("analyses") == 3


def test_articles_and_documents_are_read_by_their_exact_id_only(tmp_path):
    analyses = [_analysis(f"The council said costs may rise by {n} percent.") for n in range(3)]
    with _store(tmp_path, analyses) as store:
        store.save_analyses(analyses, "key")
        first = analyses[0].article
        assert store.get_article(first.id).text == first.text
        assert store.document(first.id)["article"]["id"] == first.id
        # A prefix (or a LIKE wildcard) is not an id: match_ids is the one place that resolves prefixes.
        assert store.get_article(first.id[:6]) is None and store.get_article("%") is None
        assert store.document(first.id[:6]) is None and store.document("_" * len(first.id)) is None
        assert [row[0] for row in store.match_ids(first.id[:12])] == [first.id]
