"""Compare framing across groups of articles: by source or any metadata field.

``compare(store, by="source")`` reads the store's tables (never spaCy) and returns a ``Comparison``:
pandas DataFrames, one per question a reader asks, each row carrying the article / claim / quote ids
that back it, so the evidence is one click away (``framelens show ARTICLE``).

Statistical choices (documented in the README excerpt too):
- Intervals are 95% percentile bootstrap intervals over articles (articles are the sampling unit:
  cues, claims and words within one article are not independent), 1000 resamples, seeded per group.
- Rates per 1,000 words are ratios of sums (pooled text), means of claim scores are per claim.
- Does framing depend on the group? Two chi-square tests of independence, both counting each article
  once per group: (1) group x *primary* issue frame (the issue frame with the largest share of the
  article's frame evidence; one per article, so the multinomial assumption holds, unlike counts of
  cues or of multi-label "present" frames); (2) for every frame, group x present/absent, with
  Holm-adjusted p-values across frames. Effect size: Cramér's V. With a multi-valued field (authors)
  an article can sit in several groups and the tests are approximate; the result says so.
"""


from .comparison import compare, compare_tables, load_tables, report_section
from .core import CompareError, Comparison
from .groups import group_membership

__all__ = ["CompareError", "Comparison", "compare", "compare_tables", "group_membership", "load_tables",
           "report_section"]
