import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from vik.dashboard.stats import equality_test, percentile, summary


def test_percentile_from_histogram_matches_numpy_nearest_rank():
    values = [1, 1, 2, 3, 3, 3, 8, 13, 21, 40]
    hist = [(v, values.count(v)) for v in set(values)]
    for q in (10, 50, 90, 99):
        assert percentile(hist, q) == np.percentile(values, q, method="inverted_cdf")
    s = summary(hist, norm=3)
    assert s["n"] == 10 and s["median"] == 3 and s["within"] == pytest.approx(0.6)


@given(st.lists(st.integers(0, 400), min_size=1, max_size=60), st.sampled_from([10, 25, 50, 75, 90, 99]))
def test_a_percentile_is_always_a_value_of_the_data(values, q):
    """Tester t20: an interpolated median of 36.5 told an even count behind a perturbed 5; a
    90th percentile between two cases placed the last one against the norm."""
    hist = [(v, values.count(v)) for v in set(values)]
    result = percentile(hist, q)
    assert result in values and result == np.percentile(values, q, method="inverted_cdf")


def test_empty_histogram():
    assert summary([])["median"] is None


def test_unequal_case_is_flagged():
    # One stratum: managers (row 0) never punished, staff (row 1) mostly punished.
    result = equality_test([np.array([[0, 10], [8, 2]])])
    assert result.verdict == "real"
    assert "exacte toets van Fisher" in result.method  # small expected counts -> Fisher
    assert result.p_value < 0.01


def test_equal_case_is_not_flagged():
    result = equality_test([np.array([[5, 5], [5, 5]]), np.array([[2, 8], [3, 12]])])
    assert result.verdict == "none"
    assert result.p_value > 0.5


def test_large_counts_use_chi_square_and_small_ones_monte_carlo():
    large = equality_test([np.array([[40, 60], [60, 40]])])
    assert "chi-kwadraat" in large.method and large.verdict == "real"
    mixed = equality_test([np.array([[1, 9], [6, 4], [3, 3]])])
    assert "Monte Carlo" in mixed.method
    again = equality_test([np.array([[1, 9], [6, 4], [3, 3]])])
    assert mixed.p_value == again.p_value  # seeded: the same data give the same answer


def test_too_few_cases_gives_no_verdict():
    assert equality_test([np.array([[1, 1], [1, 2]])]).verdict == "insufficient"
    assert equality_test([np.array([[3, 3], [0, 0]])]).verdict == "insufficient"  # one group only
