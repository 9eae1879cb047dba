"""Byte-level input checks: binary detection, decoding with fallbacks, a cheap English check."""

from __future__ import annotations

import codecs
import re

# Fraction of control bytes (other than tab/newline/carriage return/form feed) above which data is binary.
BINARY_CONTROL_FRACTION = 0.05
BINARY_SAMPLE_BYTES = 8192
# Magic numbers of formats users paste by mistake (PDF, ZIP/DOCX, GZIP, PNG, JPEG, GIF).
_MAGIC = (b"%PDF", b"PK\x03\x04", b"\x1f\x8b", b"\x89PNG", b"\xff\xd8\xff", b"GIF8")
_TEXT_CONTROLS = {9, 10, 12, 13, 27}

# Frequent English function words; news prose has roughly a third of its tokens among them.
_ENGLISH_STOPWORDS = frozenset(
    """the of and to a in is that for on it with as was he she at by be this are from have has had not but
    they his her its an or were their will would been which said who more one all we about than after also
    there can when up out new what two year into over if no could i you our us so people other may some
    most only just these those them then while because against during before under between""".split()
)
ENGLISH_MIN_WORDS = 20
ENGLISH_MIN_STOPWORD_RATIO = 0.15
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)


def looks_binary(data: bytes) -> bool:
    """Guess whether ``data`` is a binary file (PDF, image, archive...) rather than text.

    Args:
        data: The raw bytes (only the first 8 KiB are looked at).

    Returns:
        True for known binary signatures, NUL bytes (unless the data decodes as UTF-16 with a BOM), or more
        than 5% control bytes.

    Example:
        >>> looks_binary(b"%PDF-1.7 ..."), looks_binary("Plain text.".encode())
        (True, False)
    """
    sample = data[:BINARY_SAMPLE_BYTES]
    if not sample:
        return False
    if sample.startswith(_MAGIC):
        return True
    if sample.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return False
    if b"\x00" in sample:
        return True
    controls = sum(1 for b in sample if b < 32 and b not in _TEXT_CONTROLS)
    return controls / len(sample) > BINARY_CONTROL_FRACTION


def decode_bytes(data: bytes) -> tuple[str, list[str]]:
    """Decode article bytes: UTF-8 (with or without BOM), UTF-16 with BOM, else cp1252, else latin-1.

    Args:
        data: The raw bytes of a text file.

    Returns:
        The text and a list of warnings; the list names the fallback encoding when UTF-8 failed.

    Example:
        >>> decode_bytes("café".encode("cp1252"))
        ('café', ['input is not valid UTF-8 (invalid byte 0xe9 at offset 3); decoded as cp1252'])
    """
    if data.startswith(codecs.BOM_UTF8):
        try:
            return data[len(codecs.BOM_UTF8) :].decode("utf-8"), []
        except UnicodeDecodeError:
            pass  # a BOM followed by non-UTF-8 bytes: fall through to the fallbacks
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16"), ["input is UTF-16 (byte order mark found); decoded as utf-16"]
        except UnicodeDecodeError:
            pass
    try:
        return data.decode("utf-8"), []
    except UnicodeDecodeError as err:
        where = f"invalid byte 0x{data[err.start]:02x} at offset {err.start}"
    try:
        return data.decode("cp1252"), [f"input is not valid UTF-8 ({where}); decoded as cp1252"]
    except UnicodeDecodeError:
        # latin-1 maps every byte, so this never fails.
        return data.decode("latin-1"), [f"input is not valid UTF-8 or cp1252 ({where}); decoded as latin-1"]


def language_warning(text: str) -> str | None:
    """Warn when a text does not look English, from the share of common English function words.

    Args:
        text: Article text.

    Returns:
        A one-line warning, or None when the text looks English or is too short to tell.

    Example:
        >>> language_warning("Le gouvernement a annoncé mardi une nouvelle réforme des retraites, qui sera "
        ...                  "présentée au Parlement dans les prochaines semaines par la ministre.")[:31]
        'text may not be English: 5% of '
    """
    words = [w.lower() for w in _WORD.findall(text[:200_000])]
    if len(words) < ENGLISH_MIN_WORDS:
        return None
    ratio = sum(w in _ENGLISH_STOPWORDS for w in words) / len(words)
    if ratio >= ENGLISH_MIN_STOPWORD_RATIO:
        return None
    return (
        f"text may not be English: {ratio:.0%} of its {len(words)} words are common English words "
        f"(expected at least {ENGLISH_MIN_STOPWORD_RATIO:.0%}); the models were trained on English news"
    )
