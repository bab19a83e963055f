"""The article's publication date, read from the original text.

Pages carry it in a metadata line (``时间:2024-04-27 21:57:56 来源:…``), a document under
its title (``（2013年3月20日）``) or at its end, above or below a signature. Cleaning drops
metadata lines from the matching text, so the date is read from the original. Dates in
the body are events, not the publication date: only a line that is a date, a labelled
date or a date followed by a source or a time counts, and only near the top or the end.
"""

from __future__ import annotations

import re

__all__ = ["publication_date"]

_TOP_LINES = 15
_BOTTOM_LINES = 5
_DATE = r"(?P<year>(?:19|20)\d{2})\s*[-/.年]\s*(?P<month>\d{1,2})\s*[-/.月]\s*(?P<day>\d{1,2})\s*日?"
_LABELLED = re.compile(
    r"(时间|時間|日期|发布时间|發佈時間|发布日期|發佈日期|发文日期|成文日期|发表于|發表於)\s*[:：]?\s*"
    + _DATE
)
_ALONE = re.compile(r"^[(（\[【]?\s*" + _DATE + r"\s*[)）\]】]?$")
_WITH_SOURCE = re.compile(r"^" + _DATE + r"\s+(\d{1,2}:\d{2}|来源|來源|作者|编辑|編輯)")


def publication_date(original: str) -> str | None:
    """``2013年3月20日`` for the date the article gives itself, else None."""
    lines = [line.strip() for line in original.splitlines() if line.strip()]
    nearby = lines[:_TOP_LINES] + lines[-_BOTTOM_LINES:]
    for line in nearby:
        for pattern in (_LABELLED, _ALONE, _WITH_SOURCE):
            found = pattern.search(line)
            if found and 1 <= int(found["month"]) <= 12 and 1 <= int(found["day"]) <= 31:
                return f"{found['year']}年{int(found['month'])}月{int(found['day'])}日"
    return None
