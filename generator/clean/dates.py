"""Dates written in datelines, bylines and copyright lines -> ISO 8601 only as precise as written."""

from __future__ import annotations

import re

_MONTHS = {m: i for i, m in enumerate(
    ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], start=1)}
_MON = r"(?P<mon>(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?)"
_PATTERNS = [
    re.compile(r"\b(?P<y>(?:19|20)\d{2})-(?P<m>\d{2})-(?P<d>\d{2})\b"),
    re.compile(rf"\b(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?{_MON},?\s+(?P<y>(?:19|20)\d{{2}})\b", re.I),
    re.compile(rf"\b{_MON}\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<y>(?:19|20)\d{{2}})\b", re.I),
    re.compile(rf"\b{_MON}\s+(?P<y>(?:19|20)\d{{2}})\b", re.I),
    re.compile(rf"\b{_MON}\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\b", re.I),
    re.compile(rf"\b(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\s+{_MON}", re.I),
    re.compile(r"^\s*(?P<y>(?:19|20)\d{2})\s*$"),
]


def find_date(s: str) -> str | None:
    """The first date in ``s``: "2023-01-31", "2023-01", "2023", or "--01-31" (a day without a year)."""
    for pat in _PATTERNS:
        m = pat.search(s)
        if not m:
            continue
        g = m.groupdict()
        year = g.get("y")
        month = _month(g.get("mon")) if g.get("mon") else (int(g["m"]) if g.get("m") else None)
        day = int(g["d"]) if g.get("d") else None
        if (month is not None and not 1 <= month <= 12) or (day is not None and not 1 <= day <= 31):
            continue
        if year and month and day:
            return f"{year}-{month:02d}-{day:02d}"
        if year and month:
            return f"{year}-{month:02d}"
        if month and day:
            return f"--{month:02d}-{day:02d}"
        if year:
            return year
    return None


def merge_dates(dates: list[str]) -> str | None:
    """The most precise date the evidence supports; a day without a year borrows a year found elsewhere."""
    full = [d for d in dates if not d.startswith("--")]
    best = max(full, key=len) if full else None
    partial = next((d for d in dates if d.startswith("--")), None)
    if partial and best and len(best) == 4:
        return best + partial[1:]
    return best


def _month(name: str) -> int | None:
    return _MONTHS.get(name.lower().rstrip(".")[:3])
