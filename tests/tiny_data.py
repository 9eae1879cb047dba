"""Tiny synthetic DatasetDicts in the shared row schema, for training and model tests."""

from __future__ import annotations

import datasets

from slant.data.labels import FRAME_LABELS
from slant.data.schema import FEATURES, make_row


def _dd(splits: dict[str, list[dict]]) -> datasets.DatasetDict:
    return datasets.DatasetDict(
        {k: datasets.Dataset.from_list(v, features=FEATURES) for k, v in splits.items()}
    )


def _frames(*names: str) -> list[int]:
    return [int(f in names) for f in FRAME_LABELS]


def tiny_task_data() -> dict[str, datasets.DatasetDict]:
    """Every task with a handful of learnable examples each (train doubles as dev; frames_distill has no dev)."""
    stance_rows = []
    for i, (text, spans) in enumerate(
        [
            ("trump is terrible and bad", [((0, 5), 0)]),
            ("biden is great and good", [((0, 5), 2)]),
            ("xi said his report", [((0, 2), 1)]),  # "his" is a further mention of xi
            ("trump is great but xi is bad", [((0, 5), 2), ((19, 21), 0)]),
        ]
    ):
        for j, ((s, e), label) in enumerate(spans):
            stance_rows.append(
                make_row(
                    id=f"s{i}-{j}",
                    text=text,
                    source="tiny",
                    label=label,
                    target_start=s,
                    target_end=e,
                    mentions=[(8, 11)] if text.startswith("xi said") else None,
                )
            )
    bias_rows = [
        make_row(id=f"b{i}", text=t, source="tiny", label=y)
        for i, (t, y) in enumerate(
            [
                ("the terrible reckless scheme", 1),
                ("the court said on monday", 0),
                ("a great awful disaster", 1),
                ("the report was published", 0),
            ]
        )
    ]
    gvfc_rows = [
        make_row(id=f"g{i}", text=t, source="tiny", frames=f)
        for i, (t, f) in enumerate(
            [
                ("gun rights court law", _frames("Legality_Constitutionality_and_jurisprudence")),
                ("school safety police", _frames("Security_and_defense")),
                ("vote election party", _frames("Political")),
                ("tax money jobs economy", _frames("Economic")),
            ]
        )
    ]
    semeval_rows = [
        make_row(id=f"a{i}", text=t, source="tiny", frames=f)
        for i, (t, f) in enumerate(
            [
                ("tax money. jobs economy. the report.", _frames("Economic")),
                ("vote election. party vote. the news.", _frames("Political")),
                (
                    "crime police. court law. the news.",
                    _frames("Crime_and_punishment", "Legality_Constitutionality_and_jurisprudence"),
                ),
            ]
        )
    ]
    prose_rows = [
        make_row(id=f"p{i}", text=t, source="tiny", frames=f, article_id=f"art{i // 2}")
        for i, (t, f) in enumerate(
            [
                ("the tax cut costs jobs", _frames("Economic", "Policy_prescription_and_evaluation")),
                ("police arrested the suspect", _frames("Crime_and_punishment")),
                ("the senator spoke on tuesday", _frames()),
                ("voters protested the party vote", _frames("Public_opinion", "Political")),
            ]
        )
    ]
    # frames_distill: a teacher's frame probabilities for unlabelled sentences (no dev: a training signal only)
    soft = [
        ("the harbour tax funds new jobs", {"Economic": 0.8, "Political": 0.3}),
        ("officers patrolled the station", {"Crime_and_punishment": 0.6, "Security_and_defense": 0.5}),
        ("the minister met farmers on friday", {"Political": 0.7}),
    ]
    distill = {
        "text": [t for t, _ in soft],
        "frames": [[p.get(f, 0.05) for f in FRAME_LABELS] for _, p in soft],
        "source": ["tiny"] * len(soft),
    }
    empty = {"text": [], "frames": [], "source": []}
    return {
        "frames_distill": datasets.DatasetDict(
            {"train": datasets.Dataset.from_dict(distill), "dev": datasets.Dataset.from_dict(empty)}
        ),
        "stance": _dd({"train": stance_rows, "dev": stance_rows}),
        "bias": _dd({"train": bias_rows, "dev": bias_rows}),
        "frames_gvfc": _dd({"train": gvfc_rows, "dev": gvfc_rows}),
        "frames_semeval": _dd({"train": semeval_rows, "dev": semeval_rows}),
        "frames_prose": _dd({"train": prose_rows, "dev": prose_rows}),
    }


def dot_splitter(text: str) -> list[str]:
    return [s.strip() for s in text.split(".") if s.strip()]


def tiny_model_with_onnx(directory):  # type: ignore[no-untyped-def]
    """A tiny random model with its ONNX fp32 graph already exported (the default backend of the CLI), so a test
    reading stderr sees no one-time export note."""
    from slant.extras import has
    from slant.model.onnx import export_onnx
    from slant.model.tiny import build_tiny_model

    model = build_tiny_model(directory)
    if has("onnx"):
        export_onnx(model, quantize=False)
    return model
