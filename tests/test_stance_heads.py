"""Target-centred stance heads and name-swap augmentation, on tiny random models and tiny data."""

from __future__ import annotations

import json

import pytest
import torch
from tiny_data import _dd, dot_splitter, tiny_task_data

from slant.data.schema import make_row
from slant.model import Predictor, load_model, save_model
from slant.model.config import SlantConfig
from slant.model.inputs import encode
from slant.model.tiny import build_tiny_model, save_tiny_encoder
from slant.tasks.base import Example
from slant.tasks.stance import name_swapped
from slant.training.config import build_config
from slant.training.data import build_examples
from slant.training.loop import train

TEXTS = ["Mr. Xi met Trump in court on Monday.", "Tax news.", "Police said the gun law is bad, said Xi."]
SPANS = [[(0, 6), (11, 16)], [], [(0, 6), (37, 39)]]


@pytest.mark.parametrize("head", ["marker", "attention"])
def test_heads_save_load_and_batch_like_single(tmp_path, head):
    d = build_tiny_model(tmp_path / head, seed=2, stance_head=head)
    model, tok = load_model(d)
    assert model.config.stance_head == head
    enc = encode(tok, TEXTS, SPANS, stance_input="markers", max_length=64)
    with torch.no_grad():
        before = model(**enc.tensors)
    save_model(model, tok, tmp_path / "again")
    model2, tok2 = load_model(tmp_path / "again")
    with torch.no_grad():
        after = model2(**encode(tok2, TEXTS, SPANS, stance_input="markers", max_length=64).tensors)
    assert torch.equal(before["stance"], after["stance"])
    assert json.loads((tmp_path / "again/config.json").read_text())["stance_head"] == head
    # Padding never leaks into the attention: one sentence alone scores as it does in a padded batch.
    pred = Predictor.from_pretrained(d, threads=1)
    batch = pred.predict_sentences(TEXTS, SPANS)
    for i in (0, 2):
        alone = pred.predict_sentences([TEXTS[i]], [SPANS[i]])[0]
        for a, b in zip(alone.stance, batch[i].stance):
            assert abs(a - b).max() < 1e-5


def test_attention_head_reads_a_context_of_its_own_per_target(tmp_path):
    model, tok = build_tiny_model(tmp_path / "a", seed=2, stance_head="attention", save=False)
    enc = encode(tok, TEXTS[:1], SPANS[:1], stance_input="markers", max_length=64)
    t = enc.tensors
    with torch.no_grad():
        hidden, pooled = model.encode(t["input_ids"], t["attention_mask"], t.get("token_type_ids"))
        gathered = torch.gather(
            hidden, 1, t["target_positions"].unsqueeze(-1).expand(-1, -1, hidden.size(-1))
        )
        x = model._stance_input(hidden, pooled, gathered, t["attention_mask"])  # (1, 2, 2H)
    h = hidden.size(-1)
    assert x.shape == (1, 2, 2 * h)
    assert not torch.allclose(x[0, 0, h:], x[0, 1, h:])  # the two targets' contexts differ
    assert not torch.allclose(x[0, 0, h:], pooled[0])  # and neither is the sentence mean


def test_unknown_head_is_refused():
    with pytest.raises(
        ValueError, match=r"stance_head='mean'; expected one of \('concat', 'marker', 'attention'\)"
    ):
        SlantConfig(encoder={"model_type": "bert"}, stance_head="mean")
    with pytest.raises(ValueError, match="stance_head='mean' is invalid"):
        build_config({"stance_head": "mean"})


def test_name_swapped_moves_names_and_keeps_labels_by_place():
    ex = Example(
        text="Obama praised Romney, and he smiled at Clinton.",
        spans=[(0, 5), (14, 20), (39, 46)],
        stance=[1, 2, 0],
        mentions=[[], [(26, 28)], []],
    )
    sw = name_swapped(ex)
    assert sw.text == "Romney praised Obama, and he smiled at Clinton."
    assert [sw.text[a:b] for a, b in sw.spans] == ["Romney", "Obama", "Clinton"]
    assert sw.stance == [1, 2, 0] and sw.mentions == [[], [(26, 28)], []]
    assert ex.text.startswith("Obama")  # the original is untouched
    # No copy without two named targets of different labels.
    assert name_swapped(Example(text="He praised Romney.", spans=[(0, 2), (11, 17)], stance=[1, 2])) is None
    assert name_swapped(Example(text="Ann and Bo won.", spans=[(0, 3), (8, 10)], stance=[2, 2])) is None


def test_stance_swap_adds_copies_to_training_only(tmp_path):
    rows = [
        make_row(
            id="a", text="Ann Lee thanked Bo for the calm.", source="t", label=1, target_start=0, target_end=7
        ),
        make_row(
            id="b",
            text="Ann Lee thanked Bo for the calm.",
            source="t",
            label=2,
            target_start=16,
            target_end=18,
        ),
        make_row(id="c", text="Cy is bad.", source="t", label=0, target_start=0, target_end=2),
    ]
    data = {"stance": _dd({"train": rows, "dev": rows})}
    cfg = build_config({"preset": "quick", "tasks": ["stance"], "max_train_examples": 0, "stance_swap": True})
    train_ex, dev_ex = build_examples(cfg, data, dot_splitter)
    assert len(dev_ex["stance"]) == 2 and len(train_ex["stance"]) == 3
    copy = train_ex["stance"][-1]
    assert copy.text == "Bo thanked Ann Lee for the calm." and copy.stance == [1, 2]
    assert [copy.text[a:b] for a, b in copy.spans] == ["Bo", "Ann Lee"]
    off = build_config({"preset": "quick", "tasks": ["stance"], "max_train_examples": 0})
    assert len(build_examples(off, data, dot_splitter)[0]["stance"]) == 2


def test_attention_head_trains_and_is_saved_with_the_model(tmp_path):
    enc = save_tiny_encoder(tmp_path / "enc")
    cfg = build_config(
        dict(
            preset="quick",
            encoder=str(enc),
            output_dir=str(tmp_path / "m"),
            tasks=["stance"],
            max_steps=150,
            eval_every=150,
            checkpoint_every=150,
            max_train_examples=0,
            max_dev_examples=0,
            batch_size=4,
            lr=5e-3,
            head_lr=1e-2,
            warmup_ratio=0.0,
            patience=0,
            marker_augment=0.0,
            threads=1,
            seed=3,
            stance_head="attention",
        )  # fmt: skip
    )
    out = train(cfg, datasets=tiny_task_data(), splitter=dot_splitter)
    assert json.loads((out / "config.json").read_text())["stance_head"] == "attention"
    st = tiny_task_data()["stance"]["train"]
    pred = Predictor.from_pretrained(out, threads=1)
    p = pred.stance_proba(st["text"], list(zip(st["target_start"], st["target_end"])))
    assert (p.argmax(1) == st["label"]).all()
