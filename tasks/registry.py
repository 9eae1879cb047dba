"""The tasks Slant knows, by name. To add a head's task: write its module (see `slant.tasks.base.Task`) and add
an instance here; training, dev scoring, calibration, evaluation, cross-validation and the bench pick it up.

The order is the training order (it seeds each task's batch stream and example sample), so a new task goes last.
"""

from __future__ import annotations

from slant.tasks.base import Task
from slant.tasks.bias import BiasTask
from slant.tasks.frames_distill import DistilledFramesTask
from slant.tasks.frames_gvfc import GvfcFramesTask
from slant.tasks.frames_prose import ProseFramesTask
from slant.tasks.frames_semeval import SemevalFramesTask
from slant.tasks.stance import StanceTask

REGISTRY: dict[str, Task] = {
    t.name: t
    for t in (
        StanceTask(),
        BiasTask(),
        GvfcFramesTask(),
        SemevalFramesTask(),
        ProseFramesTask(),
        DistilledFramesTask(),
    )
}
TASKS: tuple[str, ...] = tuple(REGISTRY)
# `slant evaluate --tasks` names -> the tasks reported under them, in registry order
REPORT_TASKS: dict[str, tuple[str, ...]] = {}
for _t in REGISTRY.values():
    REPORT_TASKS.setdefault(_t.report_task, ())
    REPORT_TASKS[_t.report_task] += (_t.name,)


def get_task(name: str) -> Task:
    """The registered task ``name``.

    Raises:
        ValueError: unknown name (lists the known ones).
    """
    try:
        return REGISTRY[name]
    except KeyError:
        raise ValueError(f"unknown task {name!r}; expected one of {TASKS}") from None
