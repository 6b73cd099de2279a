"""Inter-annotator agreement: Cohen's kappa, Krippendorff's nominal alpha and claim-span overlap."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from itertools import combinations


def cohens_kappa(pairs: Sequence[tuple[str, str]]) -> float | None:
    """Cohen's kappa for two annotators' nominal labels, one (first, second) pair per item.

    kappa = (p_o - p_e) / (1 - p_e), with p_o the observed agreement and p_e the agreement expected from
    each annotator's own label frequencies (Cohen 1960). Computed exactly in integers, as
    (N * agreements - sum_k a_k b_k) / (N^2 - sum_k a_k b_k), and divided once at the end.

    Returns None when kappa is undefined:
    - no items;
    - p_e == 1, which happens exactly when both annotators gave every item one and the same label (and
      then p_o == 1 too, so kappa is 0/0). Such data carry no variation and so no information about
      reliability; Krippendorff (2011, "Computing Krippendorff's Alpha-Reliability") calls the analogous
      alpha undefined for the same reason, and scikit-learn's cohen_kappa_score returns NaN here by
      default (replace_undefined_by=np.nan; see scikit-learn issue #14256). We return None rather
      than 1.0 so that "two people who both marked everything 'true'" is not reported as perfect
      reliability.
    """
    n = len(pairs)
    if n == 0:
        return None
    agreements = sum(1 for first, second in pairs if first == second)
    first_counts = Counter(first for first, _ in pairs)
    second_counts = Counter(second for _, second in pairs)
    chance = sum(count * second_counts[label] for label, count in first_counts.items())
    denominator = n * n - chance
    if denominator == 0:
        return None
    return (n * agreements - chance) / denominator


def krippendorff_alpha_nominal(units: Mapping[str, Mapping[str, str | None]]) -> float | None:
    """Krippendorff's alpha for nominal labels, any number of annotators, missing values allowed.

    `units` maps each item to {annotator: label or None}; None (or an absent annotator) is a missing
    value. Follows the coincidence-matrix method of Krippendorff (2011), "Computing Krippendorff's
    Alpha-Reliability", section C: a unit with m_u >= 2 values contributes each ordered pair of its
    values with weight 1 / (m_u - 1); units with fewer than two values are not pairable and are
    ignored. For nominal data this reduces to

        alpha = ((n - 1) * sum_c o_cc - sum_c n_c (n_c - 1)) / (n (n - 1) - sum_c n_c (n_c - 1))

    with o_cc the diagonal of the coincidence matrix, n_c its marginals and n the number of pairable
    values. Computed with exact fractions.

    Returns None when alpha is undefined: no pairable values at all, or only one label in use (no
    variation, expected disagreement 0, as Krippendorff 2011 notes).
    """
    diagonal = Fraction(0)
    marginals: Counter[str] = Counter()
    for values in units.values():
        counts = Counter(label for label in values.values() if label is not None)
        m_u = sum(counts.values())
        if m_u < 2:
            continue
        diagonal += Fraction(sum(k * (k - 1) for k in counts.values()), m_u - 1)
        marginals.update(counts)
    n = sum(marginals.values())
    same_pairs = sum(k * (k - 1) for k in marginals.values())
    denominator = n * (n - 1) - same_pairs
    if denominator == 0:
        return None
    return float(((n - 1) * diagonal - same_pairs) / denominator)


def pairwise_kappas(labels: Mapping[str, Mapping[str, str]]) -> dict[tuple[str, str], float | None]:
    """Cohen's kappa for each pair of annotators over the items both of them labelled.

    `labels` maps annotator -> {item -> label}. Keys are (a, b) with a < b, in sorted order; a pair
    that shares no item (or whose kappa is otherwise undefined) maps to None.
    """
    result: dict[tuple[str, str], float | None] = {}
    for first, second in combinations(sorted(labels), 2):
        first_labels, second_labels = labels[first], labels[second]
        shared = sorted(first_labels.keys() & second_labels.keys())
        result[(first, second)] = cohens_kappa([(first_labels[item], second_labels[item]) for item in shared])
    return result


@dataclass(frozen=True)
class SpanAgreement:
    """How well a candidate annotator's spans reproduce a reference annotator's in one document.

    `pairs` holds the one-to-one matches as (reference index, candidate index), sorted; `matched` is
    their number, so matched references == matched candidates == `matched`.
    """

    precision: float
    recall: float
    f1: float
    matched: int
    reference_count: int
    candidate_count: int
    pairs: tuple[tuple[int, int], ...]


def _check_spans(spans: Sequence[tuple[int, int]], name: str) -> None:
    for start, end in spans:
        if start < 0 or end < start:
            raise ValueError(f"{name} span ({start}, {end}) is not a valid [start, end) range")


def span_agreement(
    reference: Sequence[tuple[int, int]],
    candidate: Sequence[tuple[int, int]],
    min_overlap: float = 0.0,
) -> SpanAgreement:
    """Compare two annotators' claim spans ([start, end) character offsets) in the same document.

    A candidate span can match a reference span when they share at least one character and their
    overlap ratio, intersection / union (Jaccard), is >= `min_overlap`. The default 0.0 therefore
    means "any overlap"; 1.0 demands identical spans. Empty spans (start == end) never match.

    Matching is one-to-one, so one long span cannot match several short ones: all admissible
    (reference, candidate) pairs are taken greedily by largest overlap ratio first (ties: longer
    intersection, then lower reference index, then lower candidate index), skipping pairs whose
    reference or candidate is already matched. Greedy is deterministic and almost always what a
    reader would pair up, but it is not guaranteed to find the maximum possible number of matches.

    precision = matched / candidates, recall = matched / references, f1 = their harmonic mean
    (= 2 * matched / (references + candidates)). Empty cases: with no candidates precision is 1.0
    (nothing was marked wrongly), with no references recall is 1.0 (nothing was missed), so two empty
    annotations agree perfectly (1/1/1) while spans against nothing score precision or recall 0 and
    f1 0. Swapping the arguments swaps precision and recall.
    """
    if not 0.0 <= min_overlap <= 1.0:
        raise ValueError(f"min_overlap must be between 0 and 1, not {min_overlap}")
    _check_spans(reference, "reference")
    _check_spans(candidate, "candidate")

    admissible: list[tuple[Fraction, int, int, int]] = []
    for r_index, (r_start, r_end) in enumerate(reference):
        for c_index, (c_start, c_end) in enumerate(candidate):
            intersection = min(r_end, c_end) - max(r_start, c_start)
            if intersection <= 0:
                continue
            ratio = Fraction(intersection, max(r_end, c_end) - min(r_start, c_start))
            if ratio >= min_overlap:
                admissible.append((ratio, intersection, r_index, c_index))
    admissible.sort(key=lambda pair: (-pair[0], -pair[1], pair[2], pair[3]))

    used_references: set[int] = set()
    used_candidates: set[int] = set()
    pairs: list[tuple[int, int]] = []
    for _, _, r_index, c_index in admissible:
        if r_index in used_references or c_index in used_candidates:
            continue
        used_references.add(r_index)
        used_candidates.add(c_index)
        pairs.append((r_index, c_index))

    matched = len(pairs)
    n_ref, n_cand = len(reference), len(candidate)
    precision = matched / n_cand if n_cand else 1.0
    recall = matched / n_ref if n_ref else 1.0
    f1 = 2 * matched / (n_ref + n_cand) if n_ref + n_cand else 1.0
    return SpanAgreement(
        precision=precision,
        recall=recall,
        f1=f1,
        matched=matched,
        reference_count=n_ref,
        candidate_count=n_cand,
        pairs=tuple(sorted(pairs)),
    )


def kappa_band(kappa: float | None) -> str:
    """Landis and Koch's reading of a kappa, in words a reviewer can act on."""
    if kappa is None:
        return "undefined: one label throughout"
    for upper, band in (
        (0.0, "poor"),
        (0.2, "slight"),
        (0.4, "fair"),
        (0.6, "moderate"),
        (0.8, "substantial"),
    ):
        if kappa <= upper:
            return band
    return "almost perfect"


def alpha_band(alpha: float | None) -> str:
    """Krippendorff's own thresholds: 0.8 and above reliable, 0.667 to 0.8 tentative conclusions only."""
    if alpha is None:
        return "undefined: one label throughout"
    if alpha >= 0.8:
        return "reliable"
    if alpha >= 0.667:
        return "tentative: draw conclusions with care"
    return "unreliable: the annotators' labels disagree too much to rely on"
