"""The one exception the data layer raises for bad or missing corpus files."""

from __future__ import annotations


class DataError(ValueError):
    """A corpus file is missing, truncated or holds a value the loader does not expect.

    The message always names the file, the row (line number or id) when there is one, and what was expected
    versus what was found.
    """


def row_error(path: object, where: str, expected: str, found: object) -> DataError:
    """Build a DataError in the house format.

    Args:
        path: the file being read.
        where: the row, e.g. ``"line 12"`` or ``"row id 832959523"``.
        expected: what the loader expected there.
        found: what it found (shown with repr, shortened).

    Returns:
        The error, for the caller to raise.
    """
    shown = repr(found)
    if len(shown) > 160:
        shown = shown[:157] + "..."
    return DataError(f"{path}: {where}: expected {expected}, found {shown}")
