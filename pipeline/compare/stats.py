"""The statistics behind ``framelens compare``: bootstrap intervals, chi-square tests, Cramér's V and
weighted log-odds ratios with an informative Dirichlet prior ("Fightin' Words").

numpy for the bootstrap and the log-odds, scipy for the chi-square distribution.
"""

from __future__ import annotations

import math
import zlib
from dataclasses import dataclass

import numpy as np
from scipy.stats import chi2

BOOTSTRAP_RESAMPLES = 1000
CONFIDENCE = 0.95


def group_rng(seed: int, name: str) -> np.random.Generator:
    """A generator seeded by the run seed and the group's name, so a group's interval does not change
    when other groups are added or removed."""
    return np.random.default_rng([seed, zlib.crc32(name.encode("utf-8"))])


def bootstrap_ratio(numerator: np.ndarray, denominator: np.ndarray, rng: np.random.Generator, *,
                    resamples: int = BOOTSTRAP_RESAMPLES,
                    confidence: float = CONFIDENCE) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Point estimate and percentile interval of sum(numerator) / sum(denominator), resampling articles.

    ``numerator`` is (n,) or (n, k) -- k statistics at once -- and ``denominator`` is (n,) or (n, k).
    A mean is the ratio with a denominator of ones; a rate per word is the ratio with word counts, which
    weights long articles by their length, as a reader of the pooled text would. Returns (estimate,
    low, high), each of shape (k,) (NaN where the denominator sums to zero).
    """
    num = np.asarray(numerator, dtype=float)
    den = np.asarray(denominator, dtype=float)
    num = num.reshape(len(num), -1)
    den = np.broadcast_to(den.reshape(len(den), -1), num.shape)
    n = len(num)
    with np.errstate(invalid="ignore", divide="ignore"):
        estimate = num.sum(0) / den.sum(0)
        if n == 0:
            nan = np.full(num.shape[1], np.nan)
            return nan, nan.copy(), nan.copy()
        # A resample is how many times each article is drawn (multinomial counts), so every resample's
        # totals come from one matrix product, without materialising (resamples, n, k) arrays.
        weights = rng.multinomial(n, np.full(n, 1 / n), size=resamples).astype(float)
        ratios = (weights @ num) / (weights @ den)
        alpha = (1 - confidence) / 2
        low = np.nanquantile(ratios, alpha, axis=0)
        high = np.nanquantile(ratios, 1 - alpha, axis=0)
    return estimate, low, high


# -- chi-square -------------------------------------------------------------------------------------

@dataclass(frozen=True)
class ChiSquare:
    """Pearson's test of independence on a contingency table (no continuity correction)."""

    statistic: float
    dof: int
    p_value: float
    cramers_v: float  # effect size: 0 independent .. 1 the group determines the column
    n: int
    min_expected: float  # below 5 the chi-square approximation is rough; reported, not hidden


def chi_square(table: np.ndarray) -> ChiSquare:
    """Test whether rows (groups) and columns (frames) are independent.

    Rows or columns that are all zero carry no information and are dropped first (they would make
    expected counts zero). Cramér's V = sqrt(chi2 / (n * (min(r, c) - 1))).
    """
    observed = np.asarray(table, dtype=float)
    observed = observed[observed.sum(1) > 0][:, observed.sum(0) > 0] if observed.size else observed
    n = float(observed.sum()) if observed.size else 0.0
    rows, cols = observed.shape if observed.ndim == 2 else (0, 0)
    if rows < 2 or cols < 2 or n == 0:
        return ChiSquare(float("nan"), 0, float("nan"), float("nan"), int(n), float("nan"))
    expected = np.outer(observed.sum(1), observed.sum(0)) / n
    statistic = float(((observed - expected) ** 2 / expected).sum())
    dof = (rows - 1) * (cols - 1)
    v = math.sqrt(statistic / (n * (min(rows, cols) - 1)))
    return ChiSquare(statistic, dof, float(chi2.sf(statistic, dof)), v, int(n), float(expected.min()))


def holm(p_values: list[float]) -> list[float]:
    """Holm-Bonferroni adjusted p-values (family-wise error), NaNs passed through."""
    indexed = sorted((p, i) for i, p in enumerate(p_values) if not math.isnan(p))
    m = len(indexed)
    adjusted = [float("nan")] * len(p_values)
    running = 0.0
    for rank, (p, i) in enumerate(indexed):
        running = max(running, min(1.0, (m - rank) * p))
        adjusted[i] = running
    return adjusted


# -- Fightin' Words -----------------------------------------------------------------------------------

def log_odds_z(group_counts: np.ndarray, total_counts: np.ndarray, *,
               prior_strength: float = 1000.0) -> tuple[np.ndarray, np.ndarray]:
    """Weighted log-odds ratios of each group against all the others, with an informative Dirichlet prior.

    Monroe, Colaresi & Quinn (2008), "Fightin' Words", section 3.5: the prior is the corpus's word
    distribution scaled to ``prior_strength`` pseudo-counts (alpha_w = a0 * y_w / n), which shrinks
    rare words towards zero. For group i against the rest j (the corpus minus group i):

        delta_w = log((y_iw + a_w) / (n_i + a0 - y_iw - a_w)) - log((y_jw + a_w) / (n_j + a0 - y_jw - a_w))
        var_w   ~ 1 / (y_iw + a_w) + 1 / (y_jw + a_w);   z_w = delta_w / sqrt(var_w)

    ``group_counts`` is (groups, vocabulary); ``total_counts`` (vocabulary,) the corpus counts, which may
    exceed the column sums when an article belongs to several groups. Returns (delta, z), both
    (groups, vocabulary).
    """
    y = np.asarray(group_counts, dtype=float)
    total = np.asarray(total_counts, dtype=float)
    alpha = prior_strength * total / total.sum()
    a0 = alpha.sum()
    rest = np.clip(total[None, :] - y, 0, None)
    n_i = y.sum(1, keepdims=True)
    n_j = rest.sum(1, keepdims=True)
    delta = (np.log((y + alpha) / (n_i + a0 - y - alpha))
             - np.log((rest + alpha) / (n_j + a0 - rest - alpha)))
    variance = 1 / (y + alpha) + 1 / (rest + alpha)
    return delta, delta / np.sqrt(variance)
