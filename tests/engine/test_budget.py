"""The per-article time budget: a runaway analysis is stopped and named, the others go on."""

from __future__ import annotations

import threading
import time

import pytest

from pipeline import workflow
from pipeline.engine import local
from pipeline.engine.budget import time_budget
from pipeline.errors import TimeBudgetExceeded
from pipeline.settings import load_settings
from pipeline.store import Store


def _spin(seconds: float) -> int:
    """Pure-Python work for about ``seconds`` of CPU time."""
    end = time.thread_time() + seconds
    count = 0
    while time.thread_time() < end:
        count += 1
    return count


def test_a_runaway_loop_is_stopped_near_its_budget():
    start = time.monotonic()
    with pytest.raises(TimeBudgetExceeded), time_budget(0.3):
        while True:
            pass
    assert time.monotonic() - start < 5


def test_work_within_budget_is_untouched_and_nothing_lands_later():
    with time_budget(5):
        assert _spin(0.05) > 0
    assert _spin(0.6) > 0  # a late exception would land here


def test_no_exception_escapes_the_block_it_was_meant_for():
    stopped = 0
    for _ in range(60):
        try:
            with time_budget(0.004):
                _spin(0.003)
        except TimeBudgetExceeded:
            stopped += 1
    assert _spin(0.5) > 0  # none of the 60 watchdogs fires after its block
    assert stopped < 60


def test_no_budget_means_no_watchdog():
    before = threading.active_count()
    with time_budget(0), time_budget(None):
        _spin(0.01)
    assert threading.active_count() == before


def test_budget_works_in_a_thread_that_is_not_the_main_one():
    outcome: list[str] = []

    def worker() -> None:
        try:
            with time_budget(0.2):
                while True:
                    pass
        except TimeBudgetExceeded:
            outcome.append("stopped")

    thread = threading.Thread(target=worker)
    thread.start()
    thread.join(10)
    assert outcome == ["stopped"]


@pytest.mark.model
def test_a_slow_article_fails_with_its_reason_and_the_others_are_stored(tmp_path, monkeypatch):
    real = local.analyze_doc

    def slow_on_one(article, doc, **kwargs):
        if "stuck" in article.text:
            while True:
                pass
        return real(article, doc, **kwargs)

    monkeypatch.setattr(local, "analyze_doc", slow_on_one)
    from pipeline import analyze_text
    analyze_text("A first analysis loads the lexicons, outside the budget measured below.")
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text("The council met on Monday. It voted 7 to 2 to build a school.")
    (folder / "b.txt").write_text("This article is stuck. The analysis never ends.")
    (folder / "c.txt").write_text("Officials said 40 people were hurt. The mayor called it a tragedy.")
    settings = load_settings(store=tmp_path / "s.sqlite", n_process=1, time_budget=2)
    with Store(settings.store) as store:
        workflow.ingest([folder], store, settings)
        summary = workflow.analyze(store, settings)
        assert store.count("analyses") == 2
    assert summary.analysed == 2
    [(_, reason)] = summary.failed
    assert reason.startswith("time budget exceeded: the analysis ran past 2 s")
