"""Outlet names: one outlet however its name is written, and the user's alias map first."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pipeline.ingest.outlets import OutletNames, display_form, outlet_key
from pipeline.store import Store


@pytest.mark.parametrize("names", [
    ("Fox News", "fox-news", "FOX NEWS", "foxnews.com", "www.foxnews.com", "Fox_News"),
    ("Newsmax.com", "newsmax", "Newsmax"),
    ("CNN (Web News)", "cnn-web-news"),
    ("The Washington Times", "washington-times", "Washington Times"),
])
def test_spellings_of_one_outlet_share_a_key(names: tuple[str, ...]) -> None:
    assert len({outlet_key(n) for n in names}) == 1


@pytest.mark.parametrize("a, b", [("Fox News", "Fox Business"), ("CNN", "CNBC"),
                                  ("The Hill", "Hill Country News")])
def test_different_outlets_keep_different_keys(a: str, b: str) -> None:
    assert outlet_key(a) != outlet_key(b)


def test_display_form_drops_a_site_name_tld_but_keeps_a_bare_domain() -> None:
    assert display_form("  Newsmax.com ") == "Newsmax"
    assert display_form("foxnews.com") == "foxnews.com"
    assert display_form("Fox   News") == "Fox News"


def test_the_best_written_form_wins_and_earlier_forms_are_renamed() -> None:
    names = OutletNames()
    assert names.resolve("fox-news") == "fox-news"  # the folder came first
    assert names.resolve("foxnews.com") == "fox-news"  # a domain is no better than a slug
    assert names.resolve("Fox News") == "Fox News"  # the record's field is
    assert names.renamed == [("fox-news", "Fox News")]
    assert names.resolve("FOX-NEWS") == "Fox News" and len(names.renamed) == 1


def test_the_alias_map_comes_first_and_renames_stored_outlets() -> None:
    names = OutletNames({"NYT": "New York Times", "nytimes.com": "New York Times"},
                        known=["nytimes.com", "New York Times - News"])
    assert names.renamed == [("nytimes.com", "New York Times")]
    assert names.resolve("nyt") == "New York Times"
    assert names.resolve("The New York Times") == "New York Times"  # the alias target's own spellings
    assert names.resolve("New York Times - News") == "New York Times - News"  # not an alias: kept apart


BODY = "The council voted 7 to 2 on Tuesday to fund new housing, the mayor said. Residents were divided."


def _ingest(args: list[str]) -> str:
    from typer.testing import CliRunner

    from pipeline.cli import app

    result = CliRunner().invoke(app, ["ingest", *args, "-q"], terminal_width=200)
    assert result.exit_code == 0, result.output
    return result.stdout


def test_one_outlet_from_a_folder_a_record_and_a_site_name(tmp_path: Path) -> None:
    (tmp_path / "fox-news").mkdir()
    (tmp_path / "fox-news" / "a.txt").write_text(f"Story one. {BODY}", encoding="utf-8")
    (tmp_path / "newsmax").mkdir()
    (tmp_path / "newsmax" / "b.txt").write_text(f"Story two. {BODY}", encoding="utf-8")
    records = [{"source": "Fox News", "text": f"Story three. {BODY}"},
               {"source": "Newsmax.com", "text": f"Story four. {BODY}"},
               {"source": "FOX NEWS CHANNEL", "text": f"Story five. {BODY}"}]
    (tmp_path / "feed.jsonl").write_text("\n".join(json.dumps(r) for r in records), encoding="utf-8")
    config = tmp_path / "framelens.toml"
    config.write_text('[framelens.sources]\n"Fox News Channel" = "Fox News"\n', encoding="utf-8")
    store = tmp_path / "s.sqlite"
    printed = _ingest([str(tmp_path / "fox-news"), str(tmp_path / "newsmax"), str(tmp_path / "feed.jsonl"),
                       "--store", str(store), "--config", str(config)])
    with Store(store) as db:
        assert db.outlets() == {"Fox News": 3, "Newsmax": 2}
    # The alias names Fox News from the first article on; newsmax was stored before Newsmax.com arrived.
    assert "outlet newsmax is now Newsmax" in printed and "fox-news" not in printed


def test_an_alias_added_later_renames_stored_articles_and_their_analyses(tmp_path: Path) -> None:
    from tests.export_fixtures import build_store

    build_store(tmp_path / "s.sqlite").close()
    config = tmp_path / "framelens.toml"
    config.write_text('[framelens.sources]\n"Daily Planet" = "The Daily Planet (Metropolis)"\n',
                      encoding="utf-8")
    (tmp_path / "new.txt").write_text(BODY, encoding="utf-8")
    _ingest([str(tmp_path / "new.txt"), "--store", str(tmp_path / "s.sqlite"), "--config", str(config)])
    with Store(tmp_path / "s.sqlite") as db:
        assert db.outlets()["The Daily Planet (Metropolis)"] == 2 and "Daily Planet" not in db.outlets()
        documents = [d for d in db.documents() if "Metropolis" in d["article"]["source"]]
        assert len(documents) == 2


def test_a_malformed_alias_table_is_named(tmp_path: Path) -> None:
    from pipeline.errors import FramelensError
    from pipeline.settings import load_settings

    config = tmp_path / "framelens.toml"
    config.write_text("[framelens]\nsources = 3\n", encoding="utf-8")
    with pytest.raises(FramelensError, match=r"\[framelens.sources\] must map outlet names"):
        load_settings(config)
    config.write_text('[framelens.sources]\n"NYT" = "New York Times"\n', encoding="utf-8")
    assert load_settings(config).sources == {"NYT": "New York Times"}


@pytest.mark.model
def test_info_lists_the_outlets_and_the_aliases(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from pipeline.cli import app
    from tests.export_fixtures import build_store

    build_store(tmp_path / "s.sqlite").close()
    config = tmp_path / "framelens.toml"
    config.write_text('[framelens.sources]\n"NYT" = "New York Times"\n', encoding="utf-8")
    result = CliRunner().invoke(app, ["info", "--store", str(tmp_path / "s.sqlite"), "--config", str(config)],
                                terminal_width=200)
    assert result.exit_code == 0, result.output
    assert "outlets   3: Daily Planet 2, Northern Star 1, The Ledger 1" in result.stdout
    assert "aliases   'NYT' -> 'New York Times'" in result.stdout
