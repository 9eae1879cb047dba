"""Slant's tasks: one module per task, each declaring how it trains, is scored and is calibrated.

`slant.tasks.registry` lists them; training, dev scoring, calibration, evaluation, cross-validation and the bench
loop over that registry instead of branching on task names.
"""
