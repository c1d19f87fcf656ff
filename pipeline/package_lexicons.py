"""Broad sentiment lexicons shipped in PyPI packages, read as data files from the installed package.

- vaderSentiment (MIT): ``vader_lexicon.txt``, about 7,500 words and emoticons with a mean valence in
  [-4, 4] rated by ten people (Hutto & Gilbert 2014);
- TextBlob (MIT; the lexicon itself is pattern's, PDDL): ``en/en-sentiment.xml``, about 2,900 word
  senses (mostly adjectives) with polarity, subjectivity and intensity (De Smedt & Daelemans 2012).

Only the files are read; neither package is imported (TextBlob's import loads NLTK). Their versions
take part in every analysis's versions key, so upgrading either package re-analyses the store.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections import defaultdict
from functools import cache
from importlib import metadata
from pathlib import Path

from .errors import FramelensError

VADER = ("vaderSentiment", "vaderSentiment/vader_lexicon.txt")
TEXTBLOB = ("textblob", "textblob/en/en-sentiment.xml")


def _package_file(distribution: str, relative: str) -> Path:
    try:
        path = Path(str(metadata.distribution(distribution).locate_file(relative)))
    except metadata.PackageNotFoundError as error:
        raise FramelensError(f"The {distribution} package is missing: pip install {distribution} "
                             "(or `make setup` in a checkout)") from error
    if not path.is_file():
        raise FramelensError(f"{distribution} is installed without {relative}: reinstall {distribution}")
    return path


@cache
def vader_valence() -> dict[str, float]:
    """Lower-case word -> VADER mean valence in [-4, 4]."""
    valence: dict[str, float] = {}
    with _package_file(*VADER).open(encoding="utf-8") as handle:
        for line in handle:
            # word <TAB> mean valence <TAB> standard deviation <TAB> the ten ratings; emoticons are skipped
            word, _, rest = line.partition("\t")
            if rest and word.replace("-", "").replace("'", "").isalpha():
                valence[word.lower()] = float(rest.split("\t", 1)[0])
    return valence


@cache
def textblob_subjectivity() -> dict[str, float]:
    """Lower-case word -> TextBlob subjectivity in [0, 1], the mean over the word's senses."""
    senses: dict[str, list[float]] = defaultdict(list)
    for node in ET.parse(_package_file(*TEXTBLOB)).getroot().iter("word"):
        form, value = node.get("form"), node.get("subjectivity")
        if form and value is not None:
            senses[form.lower()].append(float(value))
    return {form: sum(values) / len(values) for form, values in senses.items()}


def package_lexicon_versions() -> dict[str, str]:
    """The versions of the packages whose lexicons are read, keyed like the YAML lexicons."""
    try:
        return {f"package:{name}": metadata.version(name) for name in (VADER[0], TEXTBLOB[0])}
    except metadata.PackageNotFoundError as error:
        raise FramelensError(f"The {error.name} package is missing: pip install {error.name} "
                             "(or `make setup` in a checkout)") from error
