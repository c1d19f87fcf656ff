"""The report as a reader meets it, in headless Chromium at a desktop (1280 px) and a phone (390 px)
width: nothing overflows, links land where they point, sorting is numeric, nothing is hover-only, and
the charts show what the Markdown lists and honest axes."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from pipeline.compare import compare
from pipeline.compare.report import metrics_figure
from pipeline.report import write_report
from pipeline.report.charts import devices_chart, frame_chart
from pipeline.store import Store
from tests.browser import measure
from tests.export_fixtures import build_store, store_of

WIDTHS = (1280, 390)


@pytest.fixture(scope="module")
def compare_store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    """Left Daily and Right Post (10 articles each) stating one figure: a comparison with same-fact pairs."""
    from tests.test_compare import _corpus

    opened = store_of(tmp_path_factory.mktemp("browser") / "store.sqlite", _corpus())
    yield opened
    opened.close()


@pytest.fixture(scope="module")
def report(compare_store: Store, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_report(compare_store, tmp_path_factory.mktemp("report"))[0]


@pytest.fixture(scope="module")
def fixture_report(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("fixture")
    with build_store(folder / "store.sqlite") as db:
        return write_report(db, folder / "out", min_articles=1)[0]


@pytest.mark.parametrize("width", WIDTHS)
def test_claims_table_fits_its_box_and_the_page(fixture_report: Path, tmp_path: Path, width: int) -> None:
    script = """
      var wrap = document.querySelector('.table-wrap'), table = document.getElementById('claims-table');
      var cells = table.tHead.rows[0].cells, devices = cells[cells.length - 1];
      done({overflow: table.scrollWidth - wrap.clientWidth, overflowX: getComputedStyle(wrap).overflowX,
            devicesRight: devices.getBoundingClientRect().right,
            wrapRight: wrap.getBoundingClientRect().right,
            page: document.documentElement.scrollWidth - window.innerWidth});"""
    seen = measure(fixture_report, script, width=width, tmp_path=tmp_path)
    assert seen["page"] <= 0, seen  # nothing makes the page wider than the screen
    if width == 1280:
        # every column shows, the devices column included
        assert seen["overflow"] <= 0 and seen["devicesRight"] <= seen["wrapRight"] + 1, seen
    else:
        assert seen["overflowX"] in ("auto", "scroll"), seen  # the table scrolls in its box on a phone


@pytest.mark.parametrize("width", WIDTHS)
def test_an_article_link_lands_with_its_title_in_view(report: Path, tmp_path: Path, width: int) -> None:
    html = report.read_text(encoding="utf-8")
    target = html.split('<article class="art" id="')[3].split('"')[0]  # the third article, deep in the page
    script = f"""
      var heading = document.getElementById('{target}').querySelector('h3');
      var legend = document.getElementById('legend');
      done({{top: heading.getBoundingClientRect().top, legend: legend.getBoundingClientRect().bottom,
             sticky: getComputedStyle(legend).position, scrolled: window.scrollY}});"""
    seen = measure(report, script, width=width, tmp_path=tmp_path, fragment=target)
    assert seen["scrolled"] > 0 and seen["top"] >= 0, seen
    if seen["sticky"] == "sticky":
        assert seen["top"] >= seen["legend"], seen  # the title is below the sticky legend, not under it


@pytest.mark.parametrize("width", WIDTHS)
def test_heatmap_keeps_its_size_and_scrolls_on_a_phone(report: Path, tmp_path: Path, width: int) -> None:
    script = """
      var svg = document.querySelector('#compare figure svg'), box = svg.viewBox.baseVal;
      var figure = svg.parentElement;
      done({scale: svg.getBoundingClientRect().width / box.width, scrolls: getComputedStyle(figure).overflowX,
            page: document.documentElement.scrollWidth - window.innerWidth});"""
    seen = measure(report, script, width=width, tmp_path=tmp_path)
    # Drawn at its natural size (1 pt = 4/3 px), so its 9-point labels are 12 px, never shrunk to fit.
    assert seen["scale"] >= 1.3, seen
    assert seen["scrolls"] == "auto" and seen["page"] <= 0, seen


def test_same_fact_evidence_ids_link_to_their_claims(report: Path, tmp_path: Path) -> None:
    script = """
      var links = Array.prototype.slice.call(document.querySelectorAll('#compare a.evidence'));
      done(links.map(function (a) {
        var target = document.getElementById(a.getAttribute('href').slice(1));
        return target ? target.closest('article').id : null; }));"""
    seen = measure(report, script, width=1280, tmp_path=tmp_path)
    assert seen and all(article is not None and article.startswith("a-art") for article in seen), seen


def test_the_figures_column_sorts_by_number(fixture_report: Path, tmp_path: Path) -> None:
    script = """
      var table = document.getElementById('claims-table'), header = table.tHead.rows[0].cells[4];
      header.click();
      done(Array.prototype.map.call(table.tBodies[0].rows, function (row) {
        var v = row.cells[4].getAttribute('data-v'); return v === '' ? null : parseFloat(v); }));"""
    values = measure(fixture_report, script, width=1280, tmp_path=tmp_path)
    numbers = [v for v in values if v is not None]
    assert numbers == sorted(numbers, reverse=True) and len(numbers) >= 3, values
    assert values[: len(numbers)] == numbers  # claims without a figure come after every number
    assert 1.2e12 in numbers and 2e6 in numbers  # $1.2 trillion above $2 million: not sorted as text


@pytest.mark.parametrize("width", WIDTHS)
def test_every_mark_is_listed_in_view_under_its_article(report: Path, compare_store: Store, tmp_path: Path,
                                                         width: int) -> None:
    script = """
      done(Array.prototype.map.call(document.querySelectorAll('article.art'), function (article) {
        var marked = article.querySelector('.marked');
        var links = Array.prototype.slice.call(article.querySelectorAll('.claim-list a'));
        return {id: article.id.slice(2), claims: links.length, visible: marked.offsetHeight > 0,
                linked: links.every(function (a) {
                  return !!document.getElementById(a.getAttribute('href').slice(1)); }),
                devices: article.querySelectorAll('.device-list li').length};
      }));"""
    seen = {a["id"]: a for a in measure(report, script, width=width, tmp_path=tmp_path)}
    for document in compare_store.documents():
        listed = seen[document["article"]["id"]]
        assert listed["visible"] and listed["linked"], listed
        assert (listed["claims"], listed["devices"]) == (len(document["claims"]), len(document["devices"]))


def test_the_charts_show_every_frame_and_device_the_markdown_lists() -> None:
    issue = {f: 1 / 15 for f in ("economic", "capacity_resources", "morality", "fairness_equality",
                                 "legality_constitutionality", "policy_prescription", "crime_punishment",
                                 "security_defense", "health_safety", "quality_of_life", "cultural_identity",
                                 "public_opinion", "political", "external_regulation_reputation", "other")}
    generic = {f: 0.2 for f in ("conflict", "economic", "human_interest", "morality", "resolution")}
    chart = frame_chart({"issue": issue, "generic": generic}) or ""
    for frame in [*issue, *generic]:
        assert f">{frame.replace('_', ' ')}<" in chart, frame
    devices = {f"device_{i}": 10.0 - i / 10 for i in range(20)}
    chart = devices_chart(devices) or ""
    assert all(f">{name.replace('_', ' ')}<" in chart for name in devices)


def test_metric_axes_start_at_zero_and_scores_span_zero_to_one(compare_store: Store) -> None:
    figure = metrics_figure(compare(compare_store, "source"))
    limits = {axis.get_title(): axis.get_xlim() for axis in figure.axes}
    assert limits["mean claim certainty"] == (0, 1) and limits["mean check-worthiness"] == (0, 1)
    assert limits["devices per 1k words"][0] == 0 and limits["hedges per 1k words"][0] == 0
