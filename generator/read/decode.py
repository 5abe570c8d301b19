"""Bytes -> text: the decoding rules every seed goes through.

UTF-8 (with or without BOM), UTF-16 with BOM, else cp1252; CRLF and CR become LF.  Binary data
(NUL bytes in a non-UTF-16 file, or mostly control characters) is refused with a ``SeedError``.
"""

from __future__ import annotations

import codecs
import re

from generator.model import SeedError

# Control characters that never occur in text (all below 0x20 but tab, LF, FF and CR), and the
# replacement character.  A pattern, not a test per character: counted in C (every seed is checked).
_BAD = re.compile("[\x00-\x08\x0b\x0e-\x1f\ufffd]")


def decode(data: bytes) -> str:
    """Decode a seed's bytes; raises ``SeedError`` for empty or binary input."""
    if not data.strip():
        raise SeedError("empty file")
    if data.startswith(codecs.BOM_UTF8):
        text = _strict(data[3:], "utf-8")
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        text = _strict(data, "utf-16")
    else:
        if b"\x00" in data[:8192]:
            raise SeedError("binary file (NUL bytes), not text")
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            # cp1252 leaves five bytes undefined; map those through latin-1 rather than fail.
            text = data.decode("cp1252", errors="ignore") if _cp1252_ok(data) else data.decode("latin-1")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    sample = text[:8192]
    bad = len(_BAD.findall(sample))
    if sample and bad / len(sample) > 0.05:
        raise SeedError("binary file (control characters), not text")
    if not text.strip():
        raise SeedError("empty file")
    return text


def _strict(data: bytes, encoding: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise SeedError(f"undecodable {encoding} at byte {exc.start}") from None


def _cp1252_ok(data: bytes) -> bool:
    return not any(b in data for b in (b"\x81", b"\x8d", b"\x8f", b"\x90", b"\x9d"))
