"""The label fallback: fields of an academic page read from its labelled lines, as data.

Pages of academic sites print their record as label and value: ``作者：张三``, ``【关键词】a；b``,
or the label on one line and the value on the next (``作者：`` / ``肖霄``), or the label and its
colon split apart (``摘要`` / ``： 随着…``). ``read_labels`` reads every such line of a page
(a text dump's lines, or the text units of a saved page) into ``Labelled`` fields, and says
which lines it used, so that they never stay in the body.

What a label means is the table ``LABELS`` (field → the words sites print for it); how many
lines a value may take is the field's kind (``LIST_FIELDS``, ``PROSE_FIELDS``, the others one).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Final

# field → the labels sites print for it (simplified, then traditional where it differs).
LABELS: Final[dict[str, tuple[str, ...]]] = {
    "title": ("题名", "篇名", "文献标题", "论文题目", "中文题名", "Title"),
    "authors": ("作者", "著者", "作者姓名", "研究生", "学位申请人", "主要作者", "作者信息", "Authors", "Author"),  # noqa: E501
    "affiliation": (
        "作者单位", "单位", "作者机构", "机构", "工作单位", "所属机构", "机构地区", "作者單位", "單位",
        "Affiliation", "Affiliations",
    ),
    "institution": ("学位授予单位", "授予单位", "学位授予机构", "培养单位", "學位授予單位"),
    "journal": (
        "来源", "刊名", "期刊", "期刊名称", "来源期刊", "出处", "文献出处", "刊物", "出版物",
        "报纸名称", "出版源", "期刊名", "来源刊物", "來源", "刊名稱",
    ),
    "conference": ("会议名称", "会议", "会议录名称", "母体文献"),
    "abstract": (
        "摘要", "内容摘要", "中文摘要", "提要", "内容提要", "摘 要", "文摘", "內容摘要", "Abstract", "Abstracts",  # noqa: E501
    ),
    "keywords": ("关键词", "关键字", "主题词", "中文关键词", "關鍵詞", "關鍵字", "Keywords", "Key words"),
    "doi": ("DOI", "doi", "Doi", "数字对象唯一标识符"),
    "classification": ("分类号", "中图分类号", "中图分类", "学科分类号", "中图法分类号", "分類號", "分类"),
    "fund": ("基金", "基金项目", "基金资助", "资助项目", "项目基金", "基金項目"),
    "year": ("年份", "出版年", "学位年度", "发表年份", "年度", "出版年份"),
    "date": ("发布时间", "发表时间", "出版日期", "在线出版日期", "发布日期", "日期", "出版时间", "刊期时间"),
    "volume": ("卷",),
    "issue": ("期", "刊期", "年卷期", "年，卷(期)", "年,卷(期)", "出版年/卷期", "年/卷/期", "卷期"),
    "pages": ("页码", "页", "起止页码", "起止页", "頁碼"),
    "degree": ("授予学位", "学位", "学位级别", "学位名称", "學位"),
    "advisor": ("导师", "导师姓名", "指导教师", "指导老师", "指導教師", "導師"),
    "major": ("学科专业", "专业", "专业名称"),
    "editor": ("编辑", "责任编辑", "編輯"),
    # Read so that they leave the body, never kept: counters and facts no field holds.
    "other": (
        "专辑", "专题", "页数", "大小", "下载", "下载次数", "被引", "被引次数", "被引量", "浏览", "浏览次数",
        "在线公开时间", "网络出版时间", "语种", "文献类型", "ISSN", "CN", "馆藏号", "文内图片", "来源数据库",
        "收录", "核心收录", "影响因子", "热点关注度", "分享到", "字体",
        # a journal site's author card: each author's role, mail and short biography
        "邮箱", "电子邮箱", "E-mail", "Email", "简介", "作者简介", "角色", "通信作者", "通讯作者", "Role",
        "文献标志码", "文献标识码", "文章编号",
    ),
}  # fmt: skip
# Fields whose value may be a list written over several short lines.
LIST_FIELDS: Final = frozenset(("authors", "affiliation", "keywords", "classification", "advisor"))
# Fields whose printed value is kept too (under RAW_PREFIX + name): the numbers after names and
# before units (王小明1，李红2 / 1. 某大学；2. 某所) say which unit is whose.
MARKED_FIELDS: Final = frozenset(("authors", "affiliation"))
RAW_PREFIX: Final = "raw:"
# Fields whose value may be prose over several lines (bounded by the next label).
PROSE_FIELDS: Final = frozenset(("abstract", "fund"))
# Labels that only academic records print: two of them make a page an academic record.
ACADEMIC_FIELDS: Final = frozenset(
    ("abstract", "keywords", "doi", "classification", "fund", "advisor", "institution", "degree", "affiliation",  # noqa: E501
     "authors", "title")
)  # fmt: skip
# A record's labels appear once: this many title or abstract labels (or more authors labels)
# make the page a list of records.
LIST_LABELS: Final = {"title": 3, "abstract": 3, "authors": 4}

# U+2063 (invisible separator) stands where a saved page had space between two links: the
# academic reader marks it (winnow.academic.LINK_GAP_RE), lists split on it, text shows a space.
LINK_GAP: Final = "\u2063"
LINK_JOIN: Final = "\u2064"  # (invisible plus) where two links touched: lists split, text shows nothing
UNMARK: Final = {ord(LINK_GAP): " ", ord(LINK_JOIN): None}
PERSON_FIELDS: Final = frozenset(("authors", "advisor"))
PERSON_RE: Final = re.compile(
    r"^(?:[\u4e00-\u9fff]{2,4}|[\u4e00-\u9fff]{1,3}·[\u4e00-\u9fff]{1,8}|[A-Z][A-Za-z .\-]{1,40})$"
)
CODE_RE: Final = re.compile(r"^[A-Z]{1,2}\d[\dA-Z.:/+\-]*$")
SEP_RE: Final = re.compile(
    r"\s*(?:[;；,，、|｜/\u2063\u2064]|\s{2,}|\u3000)\s*|(?<=[\u4e00-\u9fff])\s+(?=[\u4e00-\u9fff])"
)
NAME_SEP_RE: Final = re.compile(r"\s*(?:[;；,，、|｜/\u2063\u2064]|\s+)\s*")
CODE_SEP_RE: Final = re.compile(r"[\s;；,，、|｜/\u2063\u2064]+")
OPEN_ONLY_RE: Final = re.compile(r"^[\s《〈<(（\[【|｜]*$")
OPEN_END_RE: Final = re.compile(r"[《〈(（\[【]\s*$")
SCALAR_MAX_LINES: Final = 4
STOP_MAX_CHARS: Final = 60  # the caller's stop words only end a value at a line this short
TOGGLE_TAIL_RE: Final = re.compile(
    r"\s*(?:(?:查看全部|显示全部|展开全部|查看更多|更多)\s*(?:>>|》|∧|∨)|查看全部|显示全部|展开全部|收起\s*[∧︿]?)\s*$"
)
LINE_MAX_VALUE_LINES: Final = 30  # a list written one item a line stops after this many
LIST_ITEM_MAX_CHARS: Final = 60  # a longer line is no list item
PROSE_BOUND_LINES: Final = 8  # a prose value runs over more lines only if a label closes it this soon
# Lines that end a value: the cut-abstract toggles and the like.
VALUE_STOP_RE: Final = re.compile(
    r"^(?:查看全部|显示全部|展开|更多|收起|还原|隐藏|全部|more|less)\s*(?:>>|》|∧|∨|↓|↑)?$", re.I
)


def label_pattern() -> re.Pattern[str]:
    """One regex for every label: ``[【\\[]? label [】\\]]? [:：]? value``; spaces inside a label allowed."""
    words = sorted({w for ws in LABELS.values() for w in ws}, key=len, reverse=True)
    alts = "|".join(r"\s*".join(map(re.escape, w.replace(" ", ""))) for w in words)
    return re.compile(
        rf"^[\[【〔(（]?\s*({alts})\s*(?:[\]】〕)）]\s*[:：]?|[:：])\s*(.*)$|^[\[【〔]\s*({alts})\s*[\]】〕]\s*(.*)$",
        re.S,
    )


LABEL_RE: Final = label_pattern()
FIELD_OF: Final = {w.replace(" ", ""): f for f, ws in LABELS.items() for w in ws}
BARE_LABEL_RE: Final = re.compile(
    "^(?:" + "|".join(re.escape(w) for w in sorted(FIELD_OF, key=len, reverse=True)) + r")$"
)
COLON_START_RE: Final = re.compile(r"^[:：]\s*")
ITEM_SEPARATORS: Final = frozenset(("/", "／", "；", ";", "、", "|", "｜", "，", ","))
HEADING_ABSTRACT_MIN_CHARS: Final = 40  # prose under a bare 摘要 heading, not another menu word
HTML_BREAK_RE: Final = re.compile(r"\s*<br\s*/?>\s*", re.I)
INDENT_RE: Final = re.compile(r"^[\s\u3000]+")


@dataclass(slots=True)
class Labelled:
    """Fields read from labelled lines: field → its values (a list field: every item)."""

    values: dict[str, list[str]] = field(default_factory=dict)
    used: set[int] = field(default_factory=set)  # indexes of the lines read as labels or values
    first_label: int = -1  # index of the first labelled line (-1: none)
    counts: dict[str, int] = field(default_factory=dict)  # field → how many labels of it the page has

    def listed(self) -> bool:
        """Labels of many records: a list of results, not one article."""
        return any(self.counts.get(name, 0) >= n for name, n in LIST_LABELS.items())

    def first(self, name: str) -> str | None:
        v = self.values.get(name)
        return v[0] if v else None

    def academic(self) -> int:
        """How many distinct academic labels were read."""
        return len(ACADEMIC_FIELDS.intersection(self.values))


def match_label(line: str) -> tuple[str, str] | None:
    """(field, inline value) of a labelled line, None for any other line."""
    if len(line) > 2000 or not line:
        return None
    m = LABEL_RE.match(line)
    if m is None:
        return None
    word = m.group(1) or m.group(3)
    value = m.group(2) if m.group(1) else m.group(4)
    name = FIELD_OF.get(re.sub(r"\s+", "", word))
    return (name, (value or "").strip()) if name else None


INNER_LABEL_RE: Final = re.compile(
    r"(?<=[^\s:：])\s*(?=(?:"
    + "|".join(r"\s*".join(map(re.escape, w)) for w in sorted(FIELD_OF, key=len, reverse=True) if len(w) >= 2)
    + r")\s*[:：])"
)
INNER_SPLIT_MAX_CHARS: Final = 300  # a longer line, or one not opened by a label, needs two inner labels


def split_inner_labels(line: str) -> list[str]:
    """``作者：甲来源：乙`` → ``作者：甲`` and ``来源：乙`` (labelled rows run into one line, as
    inline elements are); a head before the first label stays a line of its own."""
    parts = [p for p in INNER_LABEL_RE.split(line) if p]
    if len(parts) < 2:
        return [line]
    labelled = sum(1 for p in parts if match_label(p))
    opened = match_label(parts[0]) is not None
    if opened and labelled == len(parts) and len(line) <= INNER_SPLIT_MAX_CHARS:
        return parts
    if labelled >= 3 and labelled >= len(parts) - 1:
        return parts
    return [line]


def join_split_labels(lines: Sequence[str]) -> list[str]:
    """``摘要`` / ``： text`` → ``摘要：text`` (a label and its colon in two elements), and
    a line of several labelled rows → a line each."""
    out: list[str] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        if "：" in line or ":" in line:
            split = split_inner_labels(line)
            if len(split) > 1:
                out += split
                i += 1
                continue
        nxt = lines[i + 1] if i + 1 < len(lines) else ""
        if BARE_LABEL_RE.match(line) and COLON_START_RE.match(nxt):
            out.append(line + "：" + COLON_START_RE.sub("", nxt))
            out.append("")  # keep the indexes of the lines after it
            i += 2
            continue
        prev = next((x for x in reversed(out) if x), "")
        # (a copy may leave one blank line under a heading)
        j = i + 2 if not nxt and i + 2 < len(lines) and lines[i + 2] else i + 1
        if j < len(lines) and heading_label(line, lines[j]) and not BARE_LABEL_RE.match(prev):
            # 摘要 / 关键词 printed as a heading over their value (not in a menu of label words);
            # the keywords are the next line (or items one a line with a separator line between)
            if FIELD_OF.get(line.replace(" ", "")) == "abstract":
                out.append(line + "：")
                i += 1
                continue
            items = [lines[j]]
            while j + 2 < len(lines) and lines[j + 1] in ITEM_SEPARATORS and lines[j + 2]:
                items.append(lines[j + 2])
                j += 2
            out.append(line + "：" + "；".join(items))
            out += [""] * (j - i)  # keep the indexes of the lines after it
            i = j + 1
            continue
        out.append(line)
        i += 1
    return out


def heading_label(line: str, nxt: str) -> bool:
    """``摘要`` or ``关键词`` alone on a line, a heading over its value (journal sites' pages):
    prose under 摘要, a short item under 关键词 (a menu of such words has another word under it)."""
    if BARE_LABEL_RE.match(line) is None or not nxt or match_label(nxt) or BARE_LABEL_RE.match(nxt):
        return False
    name = FIELD_OF.get(line.replace(" ", ""))
    if name == "abstract":
        return len(nxt) >= HEADING_ABSTRACT_MIN_CHARS
    return name == "keywords" and len(nxt) <= LIST_ITEM_MAX_CHARS


def read_labels(lines: Sequence[str], *, stop: re.Pattern[str] | None = None) -> Labelled:
    """Every labelled field of ``lines`` (trimmed); the first value of a field wins.

    ``stop`` matches lines that are never part of a value (a site's furniture).
    """
    found = Labelled()
    i = 0
    n = len(lines)
    while i < n:
        hit = match_label(lines[i])
        if hit is None:
            i += 1
            continue
        name, inline = hit
        if found.first_label < 0:
            found.first_label = i
        found.counts[name] = found.counts.get(name, 0) + 1
        values, end = read_value(lines, i, name, inline, stop)
        found.used.update(range(i, end))
        if values and name not in found.values:
            found.values[name] = values
            if name in MARKED_FIELDS:  # the value as printed: its numbers pair names and units
                found.values[RAW_PREFIX + name] = [ln for ln in [inline, *lines[i + 1 : end]] if ln]
        i = end
    return found


def read_value(
    lines: Sequence[str], at: int, name: str, inline: str, stop: re.Pattern[str] | None
) -> tuple[list[str], int]:
    """The value of the label on line ``at`` and the index of the first line after it."""
    end = at + 1
    if name in LIST_FIELDS:
        items = split_list(inline, name) if inline else []
        while not inline and end < len(lines) and len(items) < LINE_MAX_VALUE_LINES:
            line = lines[end]
            if not line:
                end += 1
                continue
            if is_boundary(line, stop) or len(line) > LIST_ITEM_MAX_CHARS:
                break
            more = split_list(line, name)
            if items and name in PERSON_FIELDS and not all(PERSON_RE.match(x) for x in more):
                break  # after the first line, only more names continue a list of people
            items += more
            end += 1
        return items, end
    if name in PROSE_FIELDS:
        return read_prose(lines, at, inline, stop)
    if inline and not OPEN_ONLY_RE.match(inline):
        return [inline], end
    parts = [inline] if inline else []
    while end < len(lines) and len(parts) < SCALAR_MAX_LINES:
        line = lines[end]
        end += 1
        if not line:
            continue
        if is_boundary(line, stop) or len(line) > 200:
            end -= 1
            break
        parts.append(line)
        if not OPEN_ONLY_RE.match("".join(parts)) and not OPEN_END_RE.search(line):
            break  # a value continues only past an opening bracket (《 / 当代护士 / 》 2016年)
    value = "".join(parts)
    return ([value], end) if value and not OPEN_ONLY_RE.match(value) else ([], at + 1)


def read_prose(
    lines: Sequence[str], at: int, inline: str, stop: re.Pattern[str] | None
) -> tuple[list[str], int]:
    """An abstract: its first line, and the lines after it when a label or a stop closes them soon."""
    parts = [inline] if inline else []
    end = at + 1
    if not parts:
        while end < len(lines) and not lines[end]:
            end += 1
        if end >= len(lines) or is_boundary(lines[end], stop):
            return [], at + 1
        parts.append(lines[end])
        end += 1
    bound = end
    limit = min(len(lines), end + PROSE_BOUND_LINES)
    closed = TOGGLE_TAIL_RE.search(parts[-1]) is not None
    while not closed and bound < limit:
        if match_label(lines[bound]) is not None:  # (a labelled line, even one ending in a toggle)
            break
        if TOGGLE_TAIL_RE.search(lines[bound]):  # 定... 查看全部>>: the value's last line
            closed = True
            bound += 1
            break
        if is_boundary(lines[bound], stop):
            break
        bound += 1
    if closed:
        limit = bound + 1
    if bound < limit or bound == len(lines):  # closed by a label or a stop: the lines are the value's
        parts += [ln for ln in lines[end:bound] if ln]
        end = bound
    if end < len(lines) and VALUE_STOP_RE.match(lines[end]):
        end += 1  # the toggle that closes a cut value is the value's too
    return [paragraphs(" \n".join(parts))], end


def is_boundary(line: str, stop: re.Pattern[str] | None) -> bool:
    return (
        match_label(line) is not None
        or BARE_LABEL_RE.match(line) is not None
        or VALUE_STOP_RE.match(line) is not None
        or (stop is not None and len(line) <= STOP_MAX_CHARS and stop.search(line) is not None)
    )


def paragraphs(text: str) -> str:
    """A value as paragraphs: ``<br>`` written as text (an escaped page) breaks a line, and the
    indentation of each paragraph goes."""
    text = TOGGLE_TAIL_RE.sub("", HTML_BREAK_RE.sub("\n", text.translate(UNMARK)))
    return "\n".join(p for p in (INDENT_RE.sub("", ln).strip() for ln in text.split("\n")) if p)


FOOTNOTE_RE: Final = re.compile(r"(?:[\d,，*＊†‡#]+|\[\d+(?:[,，]\d+)*\]|（\d+）|\(\d+\))+$")
NUMBER_PREFIX_RE: Final = re.compile(r"^(?:\d+[.、．)）]?|[（(]\d+[)）]|[①-⑳])\s*")


def split_list(text: str, name: str) -> list[str]:
    """A list value → its items (names lose their footnote marks; units their numbering)."""
    text = text.strip()
    if name in ("authors", "advisor"):
        parts = (
            NAME_SEP_RE.split(text)
            if not re.search(r"[A-Za-z]{2,}\s+[A-Za-z]", text)
            else re.split(r"\s*[;；,，、]\s*", text)
        )
        return [p for p in (FOOTNOTE_RE.sub("", x).strip(" .·") for x in parts) if p]
    if name == "classification":  # codes only (F592.7, TP311.52): no word follows them into the list
        return [p for p in CODE_SEP_RE.split(text) if CODE_RE.match(p)]
    if name == "affiliation":
        parts = re.split(r"\s*[;；\u2063\u2064]\s*|\s{2,}", text)
        return [p for p in (NUMBER_PREFIX_RE.sub("", x).strip(" .,，;；") for x in parts) if p]
    parts = SEP_RE.split(text)
    return [p for p in (x.strip(" 。;；,，").rstrip(".") for x in parts) if p]
