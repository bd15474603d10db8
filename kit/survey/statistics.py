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
