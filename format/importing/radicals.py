"""Radical look-alikes back to the characters they stand for.

PDF makers map some glyphs to the codepoints of CJK *radicals* rather than of the characters:
text taken from Chromium's PDFs reads 「淮安市人⺠政府」 with U+2EA0 (CJK RADICAL CIVILIAN), and
Word's PDFs give Kangxi radicals such as 「⽇」 (U+2F47) for 日. They look the same on screen but
are other characters: an agency's name, a label or a search would no longer match. Kangxi
radicals have compatibility decompositions (NFKC, applied to them alone: NFKC elsewhere would
turn the report's full-width punctuation half-width); the supplement's simplified forms do not,
so they come from Unicode's EquivalentUnifiedIdeograph.txt, limited to the forms that stand for
a whole character in running text.
"""

from __future__ import annotations

import re
import unicodedata

_SUPPLEMENT = {
    "\u2e9f": "母", "\u2ea0": "民", "\u2ec4": "西", "\u2ec5": "见", "\u2ec6": "角", "\u2ec9": "贝",
    "\u2ecb": "车", "\u2ed1": "長", "\u2ed3": "长", "\u2ed4": "门", "\u2ed7": "雨", "\u2ed8": "青",
    "\u2ed9": "韦", "\u2eda": "页", "\u2edb": "风", "\u2edc": "飞", "\u2edd": "食", "\u2ee2": "马",
    "\u2ee3": "骨", "\u2ee4": "鬼", "\u2ee5": "鱼", "\u2ee6": "鸟", "\u2ee7": "卤", "\u2ee8": "麦",
    "\u2ee9": "黄", "\u2eea": "黾", "\u2eec": "齐", "\u2eee": "齿", "\u2ef0": "龙", "\u2ef3": "龟",
    "\u2f3e": "户",  # KANGXI RADICAL DOOR: NFKC gives the traditional 戶; reports are simplified
}
_LOOKALIKE = re.compile("[\u2e80-\u2eff\u2f00-\u2fd5]")


def ideographs(text: str) -> str:
    """The text with radical look-alikes replaced by the ideographs they stand for."""
    if not _LOOKALIKE.search(text):
        return text
    return _LOOKALIKE.sub(lambda m: _SUPPLEMENT.get(m.group(), unicodedata.normalize("NFKC", m.group())), text)
