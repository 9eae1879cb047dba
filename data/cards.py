"""Markdown data cards: one per corpus, from the registry entry, the parsed release and the task reports."""

from __future__ import annotations

from typing import Any

from slant.data.protocols import TASKS


def _table(counts: dict[str, dict[str, int]]) -> list[str]:
    labels = sorted({lab for c in counts.values() for lab in c if lab != "__rows__"})
    lines = ["| split | rows | " + " | ".join(labels) + " |", "|---|---|" + "---|" * len(labels)]
    for split, c in counts.items():
        total = c.get("__rows__", sum(c.values()))
        lines.append(f"| {split} | {total} | " + " | ".join(str(c.get(lab, 0)) for lab in labels) + " |")
    return lines


def render_card(source: Any, reports: list[dict[str, Any]]) -> str:
    """Render the card of one corpus.

    Args:
        source: its registry ``Source``.
        reports: reports of the tasks built from it (``load_task(..., return_report=True)``); at least one. Each
            holds, under ``release``, the parsed release's part sizes, exclusions and notes.

    Returns:
        Markdown text.
    """
    releases = [r["release"][source.name] for r in reports if source.name in r.get("release", {})]
    if not releases:
        raise ValueError(
            f"render_card({source.name!r}) needs at least one task report holding the parsed release of "
            f"{source.name!r} under 'release'; found {len(reports)} report(s) without it"
        )
    release = releases[0]
    out = [
        f"# Data card: {source.name}",
        "",
        f"- **Origin:** {source.origin}",
        f"- **Licence (as written):** {source.licence}",
        f"- **Paper:** {source.citation}",
        f"- **Files read (original format):** {', '.join(f'`{f}`' for f in source.files)}",
        "",
        "## Release as parsed",
        "",
        "| part | rows |",
        "|---|---|",
        *[f"| {part} | {n} |" for part, n in release["parts"].items()],
        "",
    ]
    out += ["Exclusions by design (counted, never silent):", ""]
    out += [f"- {k}: {v}" for k, v in release["exclusions"].items()] or ["- none"]
    out += ["", "Notes:", ""] + [f"- {n}" for n in release["notes"]] + [""]
    if getattr(source.parse, "__doc__", None):
        out += ["Parser: " + " ".join(source.parse.__doc__.split()), ""]
    for rep in reports:
        spec = TASKS[rep["task"]]
        out += [
            f"## Task `{rep['task']}` (seed {rep['seed']}"
            + (f", fold {rep['fold']})" if rep.get("fold") is not None else ")"),
            "",
        ]
        out += ["Protocol: " + " ".join((spec.build.__doc__ or "").split()), ""]
        counts = {s: {**rep["label_counts"][s], "__rows__": rep["sizes"][s]} for s in spec.splits}
        out += _table(counts) + [""]
        out += ["Duplicates removed from training (exact / normalised = casefold + whitespace collapse):", ""]
        out += [
            f"- {k}: " + ", ".join(f"{kk} {vv}" for kk, vv in v.items()) for k, v in rep["dedup"].items()
        ] or ["- none"]
        extra = [n for n in rep.get("notes", []) if not n.startswith(f"{source.name}: ")]
        out += [""] + [f"- {n}" for n in extra] + ([""] if extra else [])
    out += [
        "Train and evaluate on this corpus; do not redistribute it. Models trained on it inherit its terms.",
        "",
    ]
    return "\n".join(out)
