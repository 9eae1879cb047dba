"""Frames distillation (`slant.training.teacher`, `slant.tasks.frames_distill`) on a tiny random teacher and tiny rows."""

from __future__ import annotations

import datasets
import numpy as np
import pytest
import torch
from tiny_data import dot_splitter

import slant.training.teacher as teacher_module
from slant.data.labels import FRAME_LABELS
from slant.data.schema import FEATURES, make_row
from slant.model.tiny import save_tiny_encoder
from slant.tasks.registry import TASKS, get_task
from slant.training.config import build_config
from slant.training.loop import Trainer
from slant.training.teacher import cached_vectors, distillation_rows, semeval_ids

LAYERS = (-2, -1)  # two blocks, as a multi-layer teacher reads (the tiny encoder has two layers)


@pytest.fixture(scope="module")
def encoder_dir(tmp_path_factory):
    return save_tiny_encoder(tmp_path_factory.mktemp("enc"))


def _row(i: str, text: str, article: str, frame: int = -1) -> dict:
    frames = [int(k == frame) for k in range(len(FRAME_LABELS))]
    return make_row(id=i, text=text, source="frames_prose", frames=frames, article_id=article)


def _prose() -> datasets.DatasetDict:
    """Prose rows: 15 training sentences of SemEval article a1 (each frame positive once, one unframed), a dev
    sentence of SemEval article a2 and a test sentence of an ABP article."""
    parts = {
        "train": [
            _row(f"t{i}", f"sentence number {i} of the first article.", "semeval2023_task3:a1", i)
            for i in range(len(FRAME_LABELS) + 1)
        ],
        "dev": [_row("d0", "The mayor said the vote was a rebuke to the council.", "semeval2023_task3:a2")],
        "frames_prose": [
            _row("x0", "A court struck down the tax law on Friday morning.", "article_bias_prediction:b1")
        ],
    }
    return datasets.DatasetDict(
        {k: datasets.Dataset.from_list(v, features=FEATURES) for k, v in parts.items()}
    )


SEMEVAL_TRAIN = {
    "article_id": ["a1", "a2", "a3"],
    "text": [
        "sentence number 3 of the first article. The tax bill passed the senate on Monday night. Too short.",
        "The mayor said the vote was a rebuke to the council. Police said the gun law would be tested soon.",
        "Voters in the city rejected the school budget by a wide margin. A court struck down the tax law on "
        "Friday morning.",
    ],
}


def test_prose_article_ids_map_to_semeval_ids():
    assert semeval_ids(["semeval2023_task3:a1", "article_bias_prediction:b1", "semeval2023_task3:9"]) == {
        "a1",
        "9",
    }


def test_distillation_rows_leave_out_held_articles_and_annotated_sentences(encoder_dir, tmp_path):
    texts, probs, report = distillation_rows(_prose(), SEMEVAL_TRAIN, str(encoder_dir), tmp_path, LAYERS)
    # a2 holds a prose dev sentence: none of its sentences; annotated sentences and short ones are never targets
    assert texts == [
        "The tax bill passed the senate on Monday night.",
        "Voters in the city rejected the school budget by a wide margin.",
    ]
    assert probs.shape == (2, len(FRAME_LABELS)) and ((probs > 0) & (probs < 1)).all()
    assert report["sentences"] == 2 and report["articles_left_out"] == 1


def test_teacher_vectors_are_cached_per_sentence(encoder_dir, tmp_path, monkeypatch):
    first = distillation_rows(_prose(), SEMEVAL_TRAIN, str(encoder_dir), tmp_path, LAYERS)[1]
    encoded: list[list[str]] = []
    real = teacher_module.frozen_vectors

    def counting(texts, encoder, **kw):
        encoded.append(list(texts))
        return real(texts, encoder, **kw)

    monkeypatch.setattr(teacher_module, "frozen_vectors", counting)
    again = distillation_rows(_prose(), SEMEVAL_TRAIN, str(encoder_dir), tmp_path, LAYERS)[1]
    assert encoded == [] and np.allclose(again, first, atol=1e-6)
    more = {
        "article_id": [*SEMEVAL_TRAIN["article_id"], "a4"],
        "text": [*SEMEVAL_TRAIN["text"], "A brand new sentence about the harbour and its ships."],
    }
    distillation_rows(_prose(), more, str(encoder_dir), tmp_path, LAYERS)
    assert encoded == [["A brand new sentence about the harbour and its ships."]]
    # other layers are another store: nothing read from the first one
    last = cached_vectors(
        ["The tax bill passed the senate on Monday night."], str(encoder_dir), tmp_path, (-1,)
    )
    assert encoded[-1] == ["The tax bill passed the senate on Monday night."] and last.shape == (1, 32)


def _soft_data(probs: np.ndarray) -> datasets.DatasetDict:
    texts = ["the tax cut costs jobs", "police arrested the suspect", "voters protested the party vote"]
    train = {"text": texts, "frames": probs.tolist(), "source": ["tiny"] * len(texts)}
    empty = {"text": [], "frames": [], "source": []}
    return datasets.DatasetDict(
        {"train": datasets.Dataset.from_dict(train), "dev": datasets.Dataset.from_dict(empty)}
    )


def test_the_distill_loss_is_bce_against_the_teachers_probabilities_and_training_lowers_it(
    encoder_dir, tmp_path
):
    probs = np.random.default_rng(0).uniform(0.05, 0.95, (3, len(FRAME_LABELS))).astype(np.float32)
    config = build_config(
        {
            "preset": "quick",
            "encoder": str(encoder_dir),
            "output_dir": str(tmp_path / "m"),
            "tasks": ["frames_distill"],
            "max_steps": 40,
            "eval_every": 40,
            "checkpoint_every": 40,
            "batch_size": 3,
            "lr": 5e-3,
            "head_lr": 1e-2,
            "warmup_ratio": 0.0,
            "marker_augment": 0.0,
            "threads": 1,
        }
    )
    trainer = Trainer(config, datasets={"frames_distill": _soft_data(probs)}, splitter=dot_splitter)
    task, batch = get_task("frames_distill"), trainer.train_ex["frames_distill"]
    assert trainer.dev_ex["frames_distill"] == []  # nothing to select checkpoints on

    def losses() -> tuple[float, float]:
        trainer.model.eval()
        with torch.no_grad():
            out, enc = trainer.forward([e.text for e in batch], None)
            z = out["frames"][torch.tensor(enc.text_rows)].float()
            p = torch.from_numpy(probs)
            by_hand = -(p * torch.log(torch.sigmoid(z)) + (1 - p) * torch.log(torch.sigmoid(-z)))
            return task.loss(trainer, batch, 0).item(), by_hand.mean().item()

    before, by_hand = losses()
    assert before == pytest.approx(by_hand, rel=1e-4)
    trainer.run()
    assert losses()[0] < before - 0.05


def test_distillation_is_in_the_full_recipe_and_a_training_signal_only():
    from slant.eval.harness import data_tasks

    assert (
        "frames_distill" in build_config({}).tasks
        and "frames_distill" in TASKS
        and build_config({}).task_weights["frames_distill"] == 0.6
    )
    assert "frames_distill" not in build_config({"preset": "quick"}).tasks  # a smoke run skips the teacher
    assert "frames_distill" not in data_tasks(("frames",))  # no test split: evaluation never loads it


def test_the_run_info_and_model_card_name_the_teacher(tmp_path):
    import json

    from slant.model.card import write_model_card
    from slant.model.tiny import build_tiny_model
    from slant.training.run_info import run_info

    state = {"best": 0.5, "best_step": 3, "history": []}
    kw = dict(seconds=1.0, steps=3, command="slant train", device="cpu", state=state)
    info = run_info(build_config({}), ["frames_prose", "gvfc"], **kw)
    assert info["teacher"]["encoder"] == "sentence-transformers/all-mpnet-base-v2"
    assert "MIT" in info["data_sources"][0]["licence"]  # Slant's own labels
    assert "teacher" not in run_info(build_config({"preset": "quick"}), ["gvfc"], **kw)
    model = build_tiny_model(tmp_path / "m")
    (model / "run_info.json").write_text(json.dumps(info))
    card = write_model_card(model).read_text()
    assert "Frames teacher (`frames_distill`): `sentence-transformers/all-mpnet-base-v2`, Apache-2.0" in card
