"""The small formulas behind the figures, written out so a reviewer can check them.

Tests compare them with statsmodels (Wilson interval, z-test) and pingouin
(Cronbach's alpha).
"""

from __future__ import annotations

import math

import numpy as np

Z_95 = 1.959963984540054


def wilson_interval(count: int, n: int, z: float = Z_95) -> tuple[float, float]:
    """The Wilson score interval for ``count`` successes out of ``n`` (n > 0), as fractions in [0, 1]."""
    p = count / n
    denominator = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denominator
    half_width = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denominator
    return max(0.0, centre - half_width), min(1.0, centre + half_width)


def cronbach_alpha(scores: np.ndarray) -> float | None:
    """Cronbach's alpha of a complete pupils × items matrix, with sample variances (ddof 1).

    None when there are fewer than two pupils or the total score does not vary.
    """
    pupils, items = scores.shape
    if pupils < 2 or items < 2:
        return None
    total_variance = scores.sum(axis=1).var(ddof=1)
    if total_variance == 0:
        return None
    return float(items / (items - 1) * (1 - scores.var(axis=0, ddof=1).sum() / total_variance))


def two_proportion_z_test(count1: int, n1: int, count2: int, n2: int) -> tuple[float, float] | None:
    """The pooled two-proportion z-test without continuity correction: (z, two-sided p).

    None when a sample is empty or the pooled proportion is 0 or 1 (nothing to test).
    """
    if n1 == 0 or n2 == 0:
        return None
    pooled = (count1 + count2) / (n1 + n2)
    variance = pooled * (1 - pooled) * (1 / n1 + 1 / n2)
    if variance == 0:
        return None
    z = (count1 / n1 - count2 / n2) / math.sqrt(variance)
    return z, math.erfc(abs(z) / math.sqrt(2))


def holm_adjust(p_values: list[float | None]) -> list[float | None]:
    """Holm's step-down adjusted p-values, in the order given; None entries stay None and do not count.

    With m tests sorted by p (p_(1) <= ... <= p_(m)), the adjusted value of the k-th
    smallest is max over j <= k of min(1, (m - j + 1) * p_(j)). A change survives
    Holm at level a exactly when its adjusted p is below a; this keeps the chance of
    calling any unchanged indicator "changed" below a (family-wise error rate).
    """
    tested = sorted((p, index) for index, p in enumerate(p_values) if p is not None)
    m = len(tested)
    adjusted: list[float | None] = [None] * len(p_values)
    running = 0.0
    for rank, (p, index) in enumerate(tested):
        running = max(running, min(1.0, (m - rank) * p))
        adjusted[index] = running
    return adjusted


def t_quantile_975(df: int) -> float:
    """The 97.5% quantile of Student's t with ``df`` degrees of freedom (df >= 1).

    Cornish-Fisher expansion around the normal quantile (Abramowitz & Stegun 26.7.5);
    within 0.01 of the exact value from df = 3 on, and exact for df = 1 and 2. Tests
    compare it with scipy.
    """
    if df == 1:
        return 12.706204736174698
    if df == 2:
        return 4.302652729749464
    z = Z_95
    g1 = (z ** 3 + z) / 4
    g2 = (5 * z ** 5 + 16 * z ** 3 + 3 * z) / 96
    g3 = (3 * z ** 7 + 19 * z ** 5 + 17 * z ** 3 - 15 * z) / 384
    g4 = (79 * z ** 9 + 776 * z ** 7 + 1482 * z ** 5 - 1920 * z ** 3 - 945 * z) / 92160
    return z + g1 / df + g2 / df ** 2 + g3 / df ** 3 + g4 / df ** 4


def mean_interval(mean: float, sd: float, n: int) -> tuple[float, float] | None:
    """The t-based 95% interval of a mean from the sample sd (ddof 1); None for fewer than two values."""
    if n < 2:
        return None
    half_width = t_quantile_975(n - 1) * sd / math.sqrt(n)
    return mean - half_width, mean + half_width
