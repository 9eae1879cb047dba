"""The frozen-encoder frames probe (`slant.eval.encoder_probe`) on a tiny random encoder and toy vectors."""

from __future__ import annotations

import numpy as np
import pytest

from slant.model.tiny import save_tiny_encoder
from slant.training.teacher import frozen_vectors, probe_logits


def test_frozen_vectors_are_normalised_and_order_independent(tmp_path):
    enc = str(save_tiny_encoder(tmp_path / "enc"))
    texts = [
        "the court said the tax law was bad",
        "police",
        "mr xi met president biden on the economy and war",
    ]
    v = frozen_vectors(texts, enc, batch_size=2)
    assert v.shape == (3, 32)
    np.testing.assert_allclose(np.linalg.norm(v, axis=1), 1.0, atol=1e-5)
    # a sentence's vector does not depend on its batch-mates (length sorting, padding)
    np.testing.assert_allclose(frozen_vectors(texts[::-1], enc, batch_size=3)[::-1], v, atol=1e-5)


def test_frozen_vectors_concatenate_one_normalised_block_per_layer(tmp_path):
    enc = str(save_tiny_encoder(tmp_path / "enc"))
    texts = ["the court said the tax law was bad", "police arrested two men"]
    v = frozen_vectors(texts, enc, layers=(-2, -1))
    assert v.shape == (2, 64)
    np.testing.assert_allclose(np.linalg.norm(v[:, :32], axis=1), 1.0, atol=1e-5)
    np.testing.assert_allclose(v[:, 32:], frozen_vectors(texts, enc), atol=1e-5)  # the last block: layer -1
    assert not np.allclose(v[:, :32], v[:, 32:], atol=1e-3)


def test_frozen_vectors_refuse_a_layer_the_encoder_lacks(tmp_path):
    enc = str(save_tiny_encoder(tmp_path / "enc"))
    with pytest.raises(
        ValueError, match=r"expected hidden-state indices in \[-3, 2\] \(it has 2 layers\); found \[-5, -1\]"
    ):
        frozen_vectors(["police"], enc, layers=(-5, -1))


def test_probe_logits_rank_the_frame_its_vectors_carry():
    rng = np.random.default_rng(0)
    y = np.zeros((120, 3), int)
    y[np.arange(120), np.arange(120) % 3] = 1
    x = y + 0.3 * rng.normal(size=y.shape)  # each frame has its own direction
    z = probe_logits(x[:90], y[:90], x[90:], c=1.0)
    assert z.shape == (30, 3)
    assert (z.argmax(1) == y[90:].argmax(1)).mean() > 0.9


def test_probe_refuses_a_frame_without_positives():
    y = np.zeros((10, 2), int)
    y[:5, 0] = 1
    with pytest.raises(ValueError, match=r"expected positives and negatives.*columns \[1\]"):
        probe_logits(np.ones((10, 4)), y, np.ones((2, 4)), c=1.0)


def test_distillation_sentences_leave_out_held_articles_and_known_sentences():
    from slant.training.teacher import unlabelled_sentences

    semeval = {
        "article_id": ["a1", "a2", "a3"],
        "text": [
            "The tax bill passed the senate on Monday night. Short one. The tax bill passed the senate on Monday night.",
            "Police said the gun law would be tested in court soon.",
            "Voters in the city rejected the school budget by a wide margin. The mayor said the vote was a rebuke.",
        ],
    }
    got = unlabelled_sentences(semeval, held_articles={"a2"}, known={"The mayor said the vote was a rebuke."})
    assert got == [
        "The tax bill passed the senate on Monday night.",
        "Voters in the city rejected the school budget by a wide margin.",
    ]


def test_headline_probe_teacher_needs_sentences_alone(capsys):
    from slant.eval.headline_probe import main

    with pytest.raises(SystemExit):
        main(["--input", "pair", "--teacher", "some/encoder"])
    assert "--teacher: expected --input alone; found --input pair" in capsys.readouterr().err
