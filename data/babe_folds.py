"""Cross-validation protocols: BABE 5-fold CV as in Spinde et al. (2021), SemEval-2023 article folds."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from slant.data.corpora import load_source
from slant.data.dedup import drop_repeats, remove_overlap
from slant.data.protocols import semeval_folds
from slant.data.splits import stratified_kfold

__all__ = ["CVFold", "babe_cv_folds", "semeval_folds"]


@dataclass(frozen=True)
class CVFold:
    """One fold over BABE SG2.

    Attributes:
        train_index: SG2 row indices used for training.
        test_index: SG2 row indices of the fold's test part.
        extra_train: SG1 and MBIC rows added to training, minus any sentence of this fold's test part and minus
            sentences already in the fold's SG2 training part.
        removed: counts of extra rows removed (``vs test`` exact/normalised, ``repeats``).
    """

    train_index: tuple[int, ...]
    test_index: tuple[int, ...]
    extra_train: tuple[dict[str, Any], ...] = ()
    removed: dict[str, int] = field(default_factory=dict)

    def datasets(self, sg2: list[dict[str, Any]]) -> Any:
        """The fold as a DatasetDict with splits ``train`` (SG2 part + extra) and ``babe`` (the test part)."""
        import datasets

        from slant.data.schema import FEATURES

        train = [sg2[i] for i in self.train_index] + list(self.extra_train)
        test = [sg2[i] for i in self.test_index]
        return datasets.DatasetDict(
            {
                "train": datasets.Dataset.from_list(train, features=FEATURES),
                "babe": datasets.Dataset.from_list(test, features=FEATURES),
            }
        )


def babe_cv_folds(
    seed: int = 42, n_splits: int = 5, data_dir: Any = None
) -> tuple[list[dict[str, Any]], list[CVFold]]:
    """Stratified K-fold CV over BABE SG2 (shuffled, ``random_state=seed``), the protocol of Spinde et al.

    Returns:
        (SG2 rows, folds); index a fold's ``train_index``/``test_index`` into the SG2 rows, or call
        ``fold.datasets(sg2)``.
    """
    parsed, _ = load_source("babe", data_dir)
    sg2 = parsed.parts["sg2"]
    extra_all = parsed.parts["sg1"] + parsed.parts["mbic"]
    folds = []
    for train_i, test_i in stratified_kfold([r["label"] for r in sg2], n_splits, seed):
        extra, vs_test = remove_overlap(extra_all, (sg2[i]["text"] for i in test_i))
        # Drop extra rows that repeat an SG2 training sentence (SG1/MBIC re-annotate SG2), keeping SG2's label.
        extra, vs_train = remove_overlap(extra, (sg2[i]["text"] for i in train_i))
        extra, repeats = drop_repeats(extra)
        folds.append(
            CVFold(
                train_index=tuple(train_i),
                test_index=tuple(test_i),
                extra_train=tuple(extra),
                removed={
                    "vs test exact": vs_test["exact"],
                    "vs test normalised": vs_test["normalised"],
                    "repeats": vs_train["exact"] + vs_train["normalised"] + repeats,
                },
            )
        )
    return sg2, folds
