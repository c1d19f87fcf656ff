"""Evaluation: score the analysis of each gold article against its hand annotation.

A gold file (format: ../shared/gold/README.md) names its article and lists what a careful reader expects:
sections, entities, figures, quotes, claims with attribution, section frames and devices. Gold gives
strings, not offsets: every string is an exact substring of the raw article, so it is found in the
*cleaned* text after normalising whitespace runs (the cleaner joins hard-wrapped lines) and mapped back to
character spans. A predicted item matches a gold item when their spans overlap and, where gold gives
one, the value / speaker / source / label agrees; matching is one-to-one (a maximum bipartite matching,
so one predicted claim cannot account for two gold claims).

Three kinds of result per file, micro-averaged over files:
- ``Counts`` (precision, recall, F1) per key: sections, section_headings, entities, figures, quotes,
  quotes_span, claims, attribution_source, section_frames@2, section_frames@3, devices;
- ``Ratio`` (accuracy on matched items): figure_kind, quote_kind, source_kind, claim_cue,
  attribution_none, entity_label, sections_count, paragraph_joins, checkworthiness_auc (how often a gold
  claim outranks another claim: ROC AUC);
- error counts: entity_errors (predicted canonicals containing a string gold lists as an error),
  not_figures (predicted figures overlapping a string gold says is not a figure).

Gold lists are what a reader expects, not always every item in the article, so precision over predicted
claims, entities and devices is only indicative where gold is not exhaustive; recall is the firm number.
Scoring (``score_analysis``) is pure and needs no model; ``evaluate`` ingests, parses and analyses.
"""

from .gold import (
    ALLSIDES_JSONL,
    ALLSIDES_PREFIX,
    DEFAULT_DATA_DIR,
    REPO_ROOT,
    ArticleResolver,
    gold_files,
    load_gold,
)
from .matching import (
    TextIndex,
    any_overlap,
    canonical_device,
    match_one_to_one,
    normalise_name,
    normalise_space,
    overlaps,
    sources_agree,
    values_agree,
)
from .render import ISSUE_TARGETS, overall_value, render_report, target_results
from .results import (
    COUNT_KEYS,
    ERROR_KEYS,
    INDICATIVE_PRECISION,
    RATIO_KEYS,
    Counts,
    EvalReport,
    FileScore,
    Ratio,
)
from .run import evaluate
from .scoring import score_analysis

__all__ = ["ALLSIDES_JSONL", "ALLSIDES_PREFIX", "COUNT_KEYS", "DEFAULT_DATA_DIR", "ERROR_KEYS",
           "INDICATIVE_PRECISION", "ISSUE_TARGETS", "RATIO_KEYS", "REPO_ROOT", "ArticleResolver", "Counts",
           "EvalReport", "FileScore", "Ratio", "TextIndex", "any_overlap", "canonical_device", "evaluate",
           "gold_files", "load_gold", "match_one_to_one", "normalise_name", "normalise_space",
           "overall_value", "overlaps", "render_report", "score_analysis", "sources_agree", "target_results",
           "values_agree"]
