"""One spelling to group by: the simplified-script form of a title, journal, author or keyword.

The page's text is kept as it is (``journal`` 鄉村振興 stays); the marts carry beside it a
form that analysts group by (``journal_simplified`` 乡村振兴), so a journal or an author
written in both scripts, or with full-width letters, counts once.

The form is OpenCC's t2s conversion (phrase-aware: 乾隆 stays, 乾燥 → 干燥), then Unicode
NFKC (full-width ＡＢＣ１２ → ABC12, compatibility ideographs → their unified forms), then
runs of whitespace made one space and the ends trimmed. A text holding nothing that t2s
converts skips OpenCC (``numbers``' test of what t2s may change): most texts are simplified.
Computed in the parse workers, on short fields only.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from typing import Final

from winnow.numbers import _T2S, _t2s_changes, _t2s_may_change

_SPACES: Final = re.compile(r"\s+")


def simplified(text: str | None) -> str | None:
    """The simplified-script, NFKC, whitespace-collapsed form of ``text`` (None stays None)."""
    if text is None:
        return None
    changes = _t2s_changes()
    s = text
    if changes is None or _t2s_may_change(text, changes):
        s = _T2S.convert(text)
    if not s.isascii():
        s = unicodedata.normalize("NFKC", s)
    return _SPACES.sub(" ", s).strip()


def simplified_all(texts: Sequence[str] | None) -> list[str] | None:
    """The simplified form of every item of a list (authors, keywords), in order."""
    if texts is None:
        return None
    return [s for s in map(simplified, texts) if s is not None]
