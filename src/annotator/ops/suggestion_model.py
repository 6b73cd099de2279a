"""The per-project model: a logistic regression over hashed features, retrained from the analyst's
accept/reject decisions, that re-weights the rule-based suggestions.

scikit-learn (installed from the local mirror) rather than hand-written gradient descent: its
FeatureHasher and LogisticRegression (liblinear, seeded) are well kept and fast on sparse data. The
model is never stored: it is retrained from the decisions whenever suggestions are computed (a few
milliseconds for thousands of decisions), so it is always exactly what the project's decisions teach,
undo included, and nothing that needs a licence ships with the app.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from annotator.domain.suggestions import Suggestion
from annotator.store.suggestion_queries import Decision

MODEL_NAME = "annotator-decisions-logreg"
HASHED_FEATURES = 2**18
# How far the model may move a suggestion's rule score: (probability of acceptance - 0.5) times this,
# so at most ±1.5 points, about the weight of one strong rule.
LEARNED_WEIGHT = 3.0


class DecisionModel:
    """Trained on decisions; `adjust` re-scores suggestions by how likely the analyst is to accept them."""

    def __init__(self, decisions: Sequence[Decision]) -> None:
        self.trained_on = len(decisions)
        self._model = None
        if not decisions:
            return
        # Imported here: scikit-learn takes a second to import, which only projects with decisions pay.
        from sklearn.feature_extraction import FeatureHasher
        from sklearn.linear_model import LogisticRegression

        self._hasher = FeatureHasher(n_features=HASHED_FEATURES, input_type="string", alternate_sign=False)
        # Two featureless examples, one of each class, anchor the intercept at even odds: with only
        # rejections (or only acceptances) the model still learns which features they share, and a
        # suggestion like none decided on keeps its rule score.
        rows = [list(d.features) for d in decisions] + [[], []]
        labels = [int(d.decision == "accepted") for d in decisions] + [0, 1]
        # liblinear: fast on sparse binary problems (16,000 decisions in about a second); seeded, so
        # the same decisions always give the same model.
        model = LogisticRegression(C=1.0, solver="liblinear", random_state=0)
        model.fit(self._hasher.transform(rows), labels)
        self._model = model

    def probabilities(self, suggestions: Sequence[Suggestion]) -> list[float]:
        if self._model is None or not suggestions:
            return [0.5] * len(suggestions)
        matrix = self._hasher.transform([list(s.features) for s in suggestions])
        return [float(p) for p in self._model.predict_proba(matrix)[:, 1]]

    def adjust(self, suggestions: Sequence[Suggestion]) -> list[Suggestion]:
        """The suggestions re-scored (rule score + learned adjustment), each reason saying by how much."""
        if self._model is None:
            return list(suggestions)
        adjusted = []
        for suggestion, p in zip(suggestions, self.probabilities(suggestions), strict=True):
            delta = round(LEARNED_WEIGHT * (p - 0.5), 3)
            if abs(delta) < 0.005:
                adjusted.append(suggestion)
                continue
            adjusted.append(
                replace(
                    suggestion,
                    score=round(suggestion.score + delta, 3),
                    reason=f"{suggestion.reason}; your decisions {delta:+.2f}",
                    generator=f"{suggestion.generator}+{MODEL_NAME}",
                )
            )
        return adjusted
