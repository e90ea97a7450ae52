"""Pages of academic sites (CNKI, Wanfang, cqvip, drcnet, 超星, 龙源, 百度学术, journals' own
sites …), saved as HTML or dumped as text → an Article with its bibliographic fields.

The cascade, most reliable layer first; a field is taken from the first layer that has it:

1. embedded metadata (``winnow.meta``: ``citation_*``, DC, JSON-LD, og);
2. the site's profile (``winnow.profile``: CSS selectors per field, the body's container,
   the site's furniture and title suffixes, its document types);
3. the label fallback (``winnow.labels``: 作者：, 摘要：, 关键词：, DOI：, 导师： …) over the
   page's lines (a saved page is cut into text units first, its furniture dropped).

The body is the profile's container when it has one, else the run of lines between labels
that holds the most prose; furniture lines (``FURNITURE_RE`` and the profile's) never stay in
it. A page that carries only an abstract has the abstract as its body; a cut abstract is
replaced by the full copy the page hides. Lists of results are turned away
(``pagekind.SEARCH_RESULTS``).

``parse_html`` and ``parse_text`` return None for a page that is none of these sites' and
has no academic record in it: the generic readers take it then.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Final

from selectolax.lexbor import LexborHTMLParser, LexborNode

from winnow import content, labels, meta, pagekind, profile
from winnow.records import Article, Author, Block
from winnow.textpage import SitePage, clean_lines

# What makes a raw page worth reading as an academic record: citation or DC tags, a JSON-LD
# record, or an abstract or keywords label (the label, then at most a few tags, then a colon).
GATE_RE: Final = re.compile(r"(?:摘\s*要|关\s*键\s*词|關鍵詞|关键字)\s*(?:<[^<>]{0,120}>\s*){0,3}[:：】\]]")
# … or, in a dump, 摘要 / 关键词 alone on a line over their text (looked for only where the
# substrings are: the regex alone would try every position)
HEADING_GATE_WORDS: Final = ("摘要\n", "关键词\n", "摘要\r\n", "关键词\r\n")
HEADING_GATE_RE: Final = re.compile(r"^[ \t]*(?:摘要|关键词)[ \t]*\r?\n(?:[ \t]*\r?\n)?[^\n]{40,}", re.M)
STRONG_GATE_WORDS: Final = (
    "citation_title",
    "citation_journal_title",
    "DC.title",
    "dc.title",
    "ScholarlyArticle",
)
LABEL_GATE_WORDS: Final = ("摘", "关", "關")
GATE_HEAD_CHARS: Final = 24_000  # a page's head: title, metadata, the sites' hosts in its links
GATE_TAIL_CHARS: Final = 6_000  # its tail: the site's footer
# Words only the seed site's pages print (its uploader and its reading header).
SEED_OWN_MARKERS: Final = ("上传用户", "上傳用戶", "论文部分内容阅读", "論文部分內容閱讀", "下载到本地")
# Generic furniture of Chinese academic pages: a short line holding one of these is not text.
FURNITURE_WORDS: Final = (
    "手机阅读", "下载安装手机APP", "扫码", "二维码", "注：最近下载", "最近下载、浏览", "查看全部", "导出/参考文献",  # noqa: E501
    "引文网络", "在线咨询", "用户反馈", "分享到", "加入收藏", "关注微信", "公众号", "联系客服", "在线客服",
    "版权所有", "Copyright", "©", "ICP", "公网安备", "关于我们", "联系我们", "网站地图", "网站声明", "意见和建议",  # noqa: E501
    "忘记密码", "返回顶部", "回到顶部", "您当前位置", "当前位置", "您现在的位置", "设为首页", "加入我们",
    "下载全文", "在线阅读", "原文传递", "免费下载", "建议浏览器", "热线电话", "客户服务", "帮助中心",
    "详细信息", "收起信息", "AI智能", "访问统计", "资源附件",
)  # fmt: skip
ALWAYS_FURNITURE_RE: Final = re.compile(
    r"^[（(]?注[:：]最近下载|^ISSN[:：\s]|^CN[:：\s]*\d|^\d+$|^[\d\s.,:：/|()（）%-]+$|^[|｜>»›·•\-—_/\\]+$"
)
SHORT_LINE_CHARS: Final = 60  # furniture words only condemn a line this short
PROSE_MIN_CHARS: Final = 40
PROSE_MIN_PUNCT: Final = 2
PROSE_LONG_CHARS: Final = 120
PROSE_PUNCT_RE: Final = re.compile(r"[，。；！？,;!?]")
SENTENCE_MIN_CHARS: Final = 12
SENTENCE_ENDS: Final = "。！？"
SECTION_TEXT_MIN_CHARS: Final = 20  # a paragraph under a numbered heading this long is text
ABSTRACT_LABEL_CHARS: Final = 8  # a paragraph found past this far into the abstract is one of its own
BODY_MIN_PROSE: Final = 300  # less prose than this beside the abstract: the page carries only the abstract
NUMBERED_HEADING_RE: Final = re.compile(
    r"^(?:[一二三四五六七八九十百]+[、.．]|[（(][一二三四五六七八九十]+[)）]|第[一二三四五六七八九十\d]+[章节部分]|"
    r"\d{1,2}(?:\.\d{1,2}){0,3}[.、．]?\s*(?=[^\d.])|[IVX]+[.、])"
)
SECTION_WORDS_RE: Final = re.compile(r"^(?:引言|前言|绪论|结论|结语|结束语|讨论|小结|总结|导言)$")
HEADING_MAX_CHARS: Final = 40
HEADING_END_FORBIDDEN: Final = "。！？!?；;，,、：:…"
MARKER_ONLY_RE: Final = re.compile(
    r"^(?:[一二三四五六七八九十]+[、.．]|\d{1,2}(?:\.\d{1,2})*[.、．]?|[（(][一二三四五六七八九十\d]+[)）])$"
)
REFERENCES_RE: Final = re.compile(
    r"^[【\[]?\s*(?:参考文献|参考资料|主要参考文献|References|REFERENCES)\s*[】\]]?[:：]?$"
)
# A reference list's first entry: ``[1]`` (its own line or the line's head) then a citation
# with its document type code ([J], [M], [D] …).
REF_ENTRY_RE: Final = re.compile(r"^\[\d{1,3}\]")
REF_TYPE_RE: Final = re.compile(r"\[(?:J|M|D|C|R|N|P|S|A|Z|G|EB/OL|J/OL|M/OL|DB|CP)\]")
CITE_NUMBER_RE: Final = re.compile(r"^\d{1,3}$")
CLOSING_MARKS: Final = frozenset("。，；、：！？")
# A site's machine-written summary ("AI辅读") says so under it: the run it closes is no body.
AI_NOTE_RE: Final = re.compile(r"(?:以上|本)内容由\s*AI\s*(?:自动)?生成|AI\s*生成(?:的)?内容(?:仅供参考)?")
# The page citing itself (引用本文: 作者.题名[J].刊名,2023,45(6):84-89.): its journal and issue.
SELF_CITE_RE: Final = re.compile(
    r"\[J\]\s*[.．]?\s*(?P<journal>[^\s,，.．\d\[\]][^,，\[\]]{1,40}?)\s*[,，]\s*(?P<year>(?:19|20)\d{2})"
    r"\s*[,，]?\s*(?P<volume>\d{1,4})?\s*(?:[(（](?P<issue>[^)）]{1,10})[)）])?\s*(?:[:：]\s*(?P<pages>\d+(?:\s*[-–~]\s*\d+)?))?"
)
# A figure's or table's source note (数据来源：…): apparatus of the figure, not text.
SOURCE_NOTE_RE: Final = re.compile(r"^[（(]?(?:数据|资料|图片|图表|表格)?(?:来源|出处)[:：]")
SOURCE_NOTE_MAX_CHARS: Final = 80
# CNKI's mark of an abstract that is the text's first paragraph (<正>, escaped or not).
LEAD_MARK_RE: Final = re.compile(r"^\s*(?:<正>|&lt;正&gt;|〈正〉|＜正＞)\s*")
# An affiliation's trailing place and postal code (…学院,辽宁 大连,116026): not the unit's name.
POSTCODE_TAIL_RE: Final = re.compile(
    r"(?:[,，]\s*[\u4e00-\u9fff]{2,4}(?:\s+[\u4e00-\u9fff]{2,4})?){0,2}[,，\s]*\d{6}$"
)
HAN_RE: Final = re.compile(r"[\u4e00-\u9fff]")
BYLINE_MAX_LINES: Final = 40
TITLE_SCAN_LINES: Final = 400
TITLE_TAIL_RE: Final = re.compile(
    r"(?:\s+(?:认领|收藏|分享|引用|被引量[:：]?\s*\d*|下载量?[:：]?\s*\d*|阅读量?[:：]?\s*\d*))+$"
    r"|(?<=[\u4e00-\u9fff])(?:PDF|HTML|CAJ)(?:下载)?$"  # a button a copy ran into the title
)
TITLE_MIN_CHARS: Final = 6
MARKUP_LEFT_RE: Final = re.compile(r"^\s*#{1,6}\s+|</?[a-zA-Z][a-zA-Z0-9]{0,9}(?:\s[^<>]{0,80})?/?>")
# A select-all copy of a page has no <title> line: its first lines are the site's navigation.
# Its title is where a reader sees it: the last step of a breadcrumb (首页 > 期刊 > … > 题名)
# printed again below it, or the top of the block of lines just above the record (题名,
# authors, units, then 摘要：/关键词：/《刊名》…), bounded by navigation and furniture lines.
CRUMB_SEP_RE: Final = re.compile(r"\s*(?:>|＞|»|&gt;)\s*")
NAV_SEP_RE: Final = re.compile(r"\s(?:>|＞|»|\||｜)\s|\s(?:>|＞|»|\||｜)|(?:>|＞|»|\||｜)\s")
CRUMB_MIN_STEPS: Final = 3
CRUMB_REPEAT_LINES: Final = 20  # the title is printed again this close below its breadcrumb
TITLE_BLOCK_MAX_LINES: Final = 5  # title, subtitle, names, units: more is no title block
ANCHOR_FIELDS: Final = frozenset(
    ("abstract", "keywords", "authors", "affiliation", "doi", "fund", "classification")
)
JOURNAL_SCAN_LINES: Final = 400
PERSON_RE: Final = re.compile(
    r"^(?:[\u4e00-\u9fff]{2,4}|[\u4e00-\u9fff]{1,3}·[\u4e00-\u9fff]{1,8}|[A-Z][a-z]+(?: [A-Z][a-z]*\.?){1,3})$"  # noqa: E501
)
UNIT_WORDS: Final = (
    "大学", "学院", "学校", "研究所", "研究院", "研究中心", "科学院", "医院", "公司", "集团", "中心", "局", "站",  # noqa: E501
    "委员会", "实验室", "总站", "党校", "研究会", "协会", "部", "厅", "所", "系", "University", "College", "Institute",  # noqa: E501
)  # fmt: skip
JOURNAL_LINE_RE: Final = re.compile(r"^《([^》]{2,40})》\s*(?:(?:19|20)\d{2}|$)")
# CNKI's source line as text: ``管理评论. 2023,35(01)北大核心…`` (journal, year, volume(issue)).
JOURNAL_CITE_LINE_RE: Final = re.compile(
    r"^([\u4e00-\u9fff][\u4e00-\u9fff（）()·:：A-Za-z]{1,30})[.．]\s*(?:19|20)\d{2}\s*[,，]\s*(?:\d+\s*)?[(（]\d{1,3}[)）]"
)
# Superscript marks pairing names and units: 王晓东1, 李静1,2 / 张三[1] / 李四①; 1. 某大学 / (2)某所.
AUTHOR_MARK_RE: Final = re.compile(
    r"([\u4e00-\u9fff·]{2,8}|[A-Z][A-Za-z\-]+(?: [A-Z][A-Za-z\-]*\.?){1,3})\s*"
    r"(\[\d{1,2}(?:\s*[,，]\s*\d{1,2})*\]|\d{1,2}(?:\s*[,，]\s*\d{1,2}(?!\d))*|[①-⑳]+)"
)
UNIT_NUMBER_RE: Final = re.compile(
    r"^\s*(?:\[(\d{1,2})\]|[（(](\d{1,2})[)）]|(\d{1,2})\s*[.、．]?\s*(?=\D)|([①-⑳]))"
)
UNIT_SPLIT_RE: Final = re.compile(
    r"\s*[;；]\s*|\s+(?=\d{1,2}\s*[.、．]\s*\D)|(?<=\d{6})(?=\d{1,2}\s*[.、．])|\s+(?=[（(]\d{1,2}[)）])|\s*(?=[①-⑳])"
)
CIRCLED: Final = {chr(0x2460 + i): str(i + 1) for i in range(20)}
# Names printed with no space between them (a copy of linked names): split where each part is
# a surname and one or two given characters, the fewest parts (most names have three
# characters); left alone when no such split exists.
GLUED_NAMES_RE: Final = re.compile(r"^[\u4e00-\u9fff]{5,40}$")
SURNAMES: Final = frozenset(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任"
    "沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔"
    "向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌"
    "毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦"
    "麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩"
    "明佘池查麻苑迟邝官封谈匡鞠惠荆乐冀郁胥南班储原栗燕楚鄢劳谌奚皮粟冼蔺楼盘满闻位厉伊仝区郜海阚花权强"
    "帅屠豆朴盖练廉禹井祖漆巴丰支卿国狄平计索宣晋相初门云容敬来扈晁芮都普阙浦戈伏鹿薄邸雍辜羊阿乌母裘亓"
    "修邰赫杭况那宿鲜印逯隆茹诸战慕危玉银亢嵇公哈湛宾戎勾茅利於呼居揭干但尉冶斯元束檀衣信展阴昝智幸奉植"
    "衡富尧闭由"
)
UNIT_END_RE: Final = re.compile(
    r"(?:大学|学院|学校|研究所|研究院|研究中心|科学院|医院|公司|集团|中心|实验室|委员会|总站|党校|局|站|部|厅|所|系|"
    r"University|College|Institute)(?:\s*[(（][^()（）]{1,40}[)）])?$"
)
GLUED_MARK_RE: Final = re.compile(r"(?<=[\u4e00-\u9fff])\d{1,2}(?:[,，]\d{1,2})*\*?(?=[\u4e00-\u9fff])")
LATIN_TAIL_RE: Final = re.compile(r"(?<=[\u4e00-\u9fff])\s*[A-Z][A-Za-z .\-]*$")
CARD_LABELS: Final = ("角色", "机构", "单位", "作者单位", "Role", "Affiliation")
CARD_UNIT_LABELS: Final = ("机构", "单位", "作者单位")
COMPOUND_SURNAMES: Final = frozenset(
    ("欧阳", "司马", "上官", "诸葛", "东方", "皇甫", "尉迟", "公孙", "慕容", "长孙", "宇文", "司徒", "夏侯", "令狐", "端木", "轩辕")  # noqa: E501
)  # fmt: skip
ISSUE_LINE_RE: Final = re.compile(
    r"^(?:19|20)\d{2}\s*年\s*(?:第\s*)?\d{1,3}\s*期$|^(?:19|20)\d{2}\s*[,，]\s*\d*\s*[(（]\d{1,3}[)）]$"
)
POSTCODE_LINE_RE: Final = re.compile(r"^[\u4e00-\u9fff\s]{0,12}\d{6}$")
HAN_THEN_LATIN_RE: Final = re.compile(r"^([\u4e00-\u9fff·]{2,6})\s*[A-Z][A-Za-z .\-]+$")
HAN_THEN_ENGLISH_RE: Final = re.compile(r"^(.*[\u4e00-\u9fff])\s*[A-Za-z][A-Za-z .\-]+$")
ENGLISH_TAIL_RE: Final = re.compile(r"(?<![A-Za-z])[A-Z][^\u4e00-\u9fff]{80,}$")
ELLIPSIS_RE: Final = re.compile(r"(?:\.{2,}|…+|⋯+)\s*$")
TITLE_SEP_RE: Final = re.compile(r"\s*(?:[_|｜]|[-–—]{1,2})\s*")
TITLE_SITE_RE: Final = re.compile(
    r"(?:网|平台|数据库|官网|首页|频道|期刊网|学术|知识服务|出版平台|Online|\.com|\.cn|\.net)$", re.I
)
TITLE_SUFFIX_MAX_CHARS: Final = 40
ISSUE_PATTERNS: Final = (
    re.compile(r"(?P<year>(?:19|20)\d{2})\s*[,，]\s*(?P<volume>\d{1,4})\s*[(（]\s*(?P<issue>[\dS增]{1,4})\s*[)）](?:\s*[:：]\s*(?P<pages>\d+\s*[-–~]\s*\d+))?"),
    re.compile(r"(?P<year>(?:19|20)\d{2})\s*年\s*(?:第\s*)?(?P<volume>\d{1,4})\s*卷\s*(?:第\s*)?(?P<issue>\d{1,3})\s*期"),
    re.compile(r"(?P<year>(?:19|20)\d{2})\s*[,，]?\s*[(（]\s*(?P<issue>\d{1,3})\s*[)）]"),
    re.compile(r"(?P<year>(?:19|20)\d{2})\s*年\s*(?:第\s*)?(?P<issue>\d{1,3})\s*期"),
)  # fmt: skip
YEAR_RE: Final = re.compile(r"(?<!\d)((?:19|20)\d{2})(?!\d)")
PAGES_RE: Final = re.compile(r"(\d+)\s*[-–~]\s*(\d+)")
DOI_RE: Final = re.compile(r"10\.\d{4,9}/\S+")
BOOK_QUOTES: Final = "《》〈〉<> "
FOOTNOTE_RE: Final = re.compile(r"(?:[\d,，*＊†‡#]+|\[\d+(?:[,，]\d+)*\])+$")
AFFILIATION_NUMBER_RE: Final = re.compile(r"^\s*(?:\d+[.、．)）]?|[（(]\d+[)）]|[①-⑳])\s*")
HIDDEN_TEXT_SELECTOR: Final = "textarea, input[value], [style*=none i]"
HIDDEN_MIN_CHARS: Final = 80
THESIS: Final = ("masters_thesis", "doctoral_thesis")
# Furniture by class or id on academic pages: fewer words than winnow.content's (their records
# sit in containers named search_result, detail-side, tools …, which a news page's would not).
FURNITURE_CLASS_RE: Final = re.compile(
    r"(?:^|[\s_\-])(?:nav|navbar|navi|menu|breadcrumbs?|crumbs?|topbar|footer|foot|copyright|"
    r"ads?|advert\w*|banner|sponsor|promo|share|social|login|register|comments?|pager|pagination|"
    r"modal|popup|cookie|qrcode|subscribe)(?:$|[\s_\-\d])",
    re.IGNORECASE,
)
# Space between two links (a list of names or keywords, each a link): marked, or lexbor's walk,
# which skips text that is only space, would run the items together.
LINK_GAP_RE: Final = re.compile(r"</a>((?:\s|<!--(?:[^-]|-(?!->)){0,400}-->)*)<a\b", re.I)
LIST_NAMES: Final = frozenset(("authors", "affiliations", "keywords", "classification"))
CELL_TAGS: Final = frozenset(("td", "th"))
# The furniture tags of winnow.content but <label>, which holds a record's labels (摘要：).
DROP_IDS: Final = content.tag_ids(t for t in content.DROP_TAGS if t != "label")
JSONISH_RE: Final = re.compile(r'^\s*[\[{]\s*["\[{]')


@dataclass(slots=True)
class Page:
    """What the layers read from one page, before it becomes an Article."""

    title: str | None = None
    fields: dict[str, list[str]] = field(default_factory=dict)  # field → values, first layer wins
    body: list[Block] = field(default_factory=list)
    hidden: list[str] = field(default_factory=list)  # long texts the page hides (full abstracts)
    lines: list[str] = field(default_factory=list)
    site: str | None = None
    doc_type: str | None = None

    def put(self, name: str, values: Sequence[str]) -> None:
        vals = [v for v in values if v]
        if vals and name not in self.fields:
            self.fields[name] = list(vals)

    def first(self, name: str) -> str | None:
        v = self.fields.get(name)
        return v[0].translate(labels.UNMARK).strip() or None if v else None


def gate(html: str) -> bool:
    """Worth the academic reader: a known site's words, or words of an academic record.

    Looked for in the page's head and tail only (where sites put their names, metadata and
    records), with substring tests before any regex: most pages are none of these."""
    head = scan_window(html)
    if any(w in head for w in STRONG_GATE_WORDS):
        return True
    if profile.ANY_MARKER_RE.search(head) is not None:
        return True
    if not any(w in head for w in LABEL_GATE_WORDS):
        return False
    if GATE_RE.search(head) is not None:
        return True
    return any(w in head for w in HEADING_GATE_WORDS) and HEADING_GATE_RE.search(head) is not None


def scan_window(text: str) -> str:
    if len(text) <= GATE_HEAD_CHARS + GATE_TAIL_CHARS:
        return text
    return text[:GATE_HEAD_CHARS] + "\n" + text[-GATE_TAIL_CHARS:]


def known_site(text: str) -> bool:
    """An academic site's page (two of its words, or one and none of the seed site's own): its
    profile reads it, not the seed's reader."""
    head = scan_window(text)
    best = max(profile.marker_score(p, head) for p in profile.PROFILES if not p.weak)
    return best >= 2 or (best == 1 and not any(m in head for m in SEED_OWN_MARKERS))


def reader_of(text: str) -> str | None:
    """Which reader a page needs first: "site" (a known academic site's), "record" (an academic
    record of some other site), None (the seed's reader or the generic one decide)."""
    if not gate(text):
        return None
    return "site" if known_site(text) else "record"


def parse_html(html: str, *, gated: bool = False) -> SitePage | pagekind.NotArticle | None:
    """A saved page of an academic site → its page (or why it is no article); None: not one.
    ``gated``: the caller found ``gate`` true already."""
    if not (gated or gate(html)):
        return None
    tree = LexborHTMLParser(content.flatten_if_deep(LINK_GAP_RE.sub(mark_link_gap, html)))
    root = tree.body
    if root is None:
        return None
    emb = meta.read(tree)
    prof = profile.match_html(html, tree)
    head_title = content.head_title(tree)
    listed = (*pagekind.SEARCH_SELECTORS, *(prof.search_selectors if prof else ()))
    if search_page(head_title, prof) or any(
        class_count(html, s) >= pagekind.SEARCH_MIN_ITEMS for s in listed
    ):
        return pagekind.NotArticle(
            pagekind.SEARCH_RESULTS, f"a list of results ({prof.name if prof else 'generic'})"
        )
    page = Page(site=prof.name if prof else None)
    page.hidden = hidden_texts(root)  # (the page's long lines join them below)
    for sel in prof.furniture_selectors if prof else ():
        for node in reversed(root.css(sel)):
            node.decompose()
    content.remove_named_furniture(root, FURNITURE_CLASS_RE)
    put_embedded(page, emb)
    if prof is not None:
        read_profile_fields(page, prof, tree)
    body_node = first_node(tree, prof.body) if prof else None
    body_units = content.cut_units(body_node, FURNITURE_CLASS_RE, DROP_IDS) if body_node is not None else None
    units = content.cut_units(root, FURNITURE_CLASS_RE, DROP_IDS)
    page.lines = labels.join_split_labels(unit_lines(units))
    page.hidden += [ln for ln in page.lines if len(ln) >= HIDDEN_MIN_CHARS]
    stop = furniture_re(prof)
    found = labels.read_labels(page.lines, stop=stop)
    if prof is None and not emb.strong and found.academic() < 2:
        return None
    if found.listed():
        return pagekind.NotArticle(pagekind.SEARCH_RESULTS, f"labels of many records {found.counts}")
    for name, values in found.values.items():
        page.put(name, values)
    if emb.strong:  # generic description and keywords tags: the last resort
        for name, values in emb.weak.items():
            page.put(name, values)
    h1 = tree.css_first("h1")
    page.title = first_text(
        page.first("title"),
        content.clean(h1.text()).translate(labels.UNMARK) if h1 is not None else None,
        clean_title(head_title),
        emb.og_title,
    )
    if body_units is not None:
        page.body = lines_to_blocks(merge_cells(body_units), found_used=None, stop=stop, page=page)
    else:
        heads = {u.text for u in units if u.tag in content.HEADING_TAGS}
        page.body = choose_body(page.lines, found.used, stop, page, heads)
    page.doc_type = doc_type(page, prof, html)
    return finish(page, prof)


def parse_text(text: str, *, gated: bool = False) -> SitePage | pagekind.NotArticle | None:
    """A text dump of an academic site's page → its page; None when it is none."""
    if not (gated or gate(text)):
        return None
    prof = profile.match_text(text)
    lines = labels.join_split_labels(clean_lines(text))
    stop = furniture_re(prof)
    found = labels.read_labels(lines, stop=stop)
    if prof is None and found.academic() < 2:
        return None
    title_at = next((i for i, ln in enumerate(lines) if ln), None)
    raw_title = lines[title_at] if title_at is not None else None
    if found.listed() or search_page(raw_title, prof):
        return pagekind.NotArticle(pagekind.SEARCH_RESULTS, f"labels of many records {found.counts}")
    listed = pagekind.result_lines(text) or pagekind.records_between_rules(lines)
    if listed is not None:
        return listed
    if (
        raw_title is not None
        and clean_title(raw_title) == " ".join(raw_title.split())
        and not repeated(lines, title_at)
    ):
        # no site name on the first line, nor printed again below: a copy whose first lines
        # are navigation, maybe
        placed = layout_title(lines, found, stop)
        if placed is not None:
            title_at, raw_title = placed, lines[placed]
    if title_at is not None:
        found.used.add(title_at)
    page = Page(site=prof.name if prof else None, lines=lines)
    for name, values in found.values.items():
        page.put(name, values)
    page.title = clean_title(page.first("title") or raw_title)
    page.title = shorter_title(page.title, lines[title_at + 1 :] if title_at is not None else [])
    page.hidden = [ln for ln in lines if len(ln) >= HIDDEN_MIN_CHARS] + prose_runs(lines)
    page.body = choose_body(lines, found.used, stop, page, frozenset())
    page.doc_type = doc_type(page, prof, text)
    return finish(page, prof)


def repeated(lines: Sequence[str], at: int | None) -> bool:
    """The line (a page's <title>, first in a dump) is printed again below: it is the title."""
    if at is None or len(squash(lines[at])) < TITLE_MIN_CHARS:
        return False
    key = squash(lines[at])
    return any(squash(ln) == key for ln in lines[at + 1 : at + TITLE_SCAN_LINES])


def prose_runs(lines: Sequence[str]) -> list[str]:
    """Runs of consecutive prose lines, each joined: a hidden full abstract of several
    paragraphs, dumped as one line each."""
    runs: list[str] = []
    run: list[str] = []
    for ln in [*lines, ""]:
        if is_prose(ln):
            run.append(ln)
            continue
        if len(run) >= 2:
            runs.append("\n".join(run))
        run = []
    return runs


def layout_title(lines: Sequence[str], found: labels.Labelled, stop: re.Pattern[str]) -> int | None:
    """Where the title of a page copied as text sits when its first line is no title: the
    line repeating a breadcrumb's last step, else the top of the block above the record."""
    for i, ln in enumerate(lines[:TITLE_SCAN_LINES]):
        steps = CRUMB_SEP_RE.split(ln)
        if len(steps) < CRUMB_MIN_STEPS or len(squash(steps[-1])) < TITLE_MIN_CHARS:
            continue
        key = squash(steps[-1])
        for j in range(i + 1, min(len(lines), i + 1 + CRUMB_REPEAT_LINES)):
            if squash(lines[j]) == key:
                return j
    anchors = [i for i in found.used if lines[i] and labels.match_label(lines[i]) is not None]
    anchors = [i for i in anchors if labels.match_label(lines[i])[0] in ANCHOR_FIELDS]  # type: ignore[index]
    journal_at = next((i for i, ln in enumerate(lines[:TITLE_SCAN_LINES]) if JOURNAL_LINE_RE.match(ln)), None)
    found_titles = [
        (t, by_label)
        for t, by_label in (
            (title_above(lines, min(anchors), found, stop) if anchors else None, True),
            (title_above(lines, journal_at, found, stop) if journal_at is not None else None, False),
        )
        if t is not None
    ]
    # a title with names under it is surer than one without; then the one over a 《刊名》 line
    found_titles.sort(key=lambda tb: (not tb[0][1], tb[1]))
    return found_titles[0][0][0] if found_titles else None


def title_above(
    lines: Sequence[str], anchor: int, found: labels.Labelled, stop: re.Pattern[str]
) -> tuple[int, bool] | None:
    """The title in the block of lines above ``anchor`` (the record's first label, or its
    《刊名》 line), and whether names or units stand between them."""
    i = anchor - 1
    while i >= 0 and (not lines[i] or is_furniture(lines[i], stop)):
        i -= 1
    block: list[int] = []  # the lines above the record, nearest first (blank lines skipped)
    while i >= 0 and i not in found.used and not (lines[i] and is_furniture(lines[i], stop)):
        if lines[i]:
            if NAV_SEP_RE.search(lines[i]) or len(CRUMB_SEP_RE.split(lines[i])) >= CRUMB_MIN_STEPS:
                break
            block.append(i)
        i -= 1
    # the title is the first line above the names and units (an English title under it is skipped)
    k = 0
    while k < len(block) and is_byline(lines[block[k]]):
        k += 1
    if k == len(block) or (k == 0 and len(block) > TITLE_BLOCK_MAX_LINES):
        return None  # only names, or a long run with no names to stand under: no title block
    at = block[k]
    if not HAN_RE.search(lines[at]) and k + 1 < len(block) and HAN_RE.search(lines[block[k + 1]]):
        at = block[k + 1]
    title = lines[at]
    if (
        labels.match_label(title) is not None
        or is_prose(title)
        or JOURNAL_LINE_RE.match(title)
        or title.endswith((":", "："))
    ):
        return None
    return at, k > 0


def is_byline(line: str) -> bool:
    """A line of names, units or a postcode printed under a title."""
    if POSTCODE_LINE_RE.match(line):
        return True
    first = re.split(r"[;；,，、]|\s{2,}", POSTCODE_TAIL_RE.sub("", AFFILIATION_NUMBER_RE.sub("", line)))[0]
    if is_unit(line) and UNIT_END_RE.search(first.strip()):  # (a title may hold 系 or 大学 inside)
        return True
    if GLUED_NAMES_RE.match(line) and not is_person(line):
        return bool(split_glued_names(line))
    names = labels.split_list(line, "authors")
    return bool(names) and all(is_person(n) for n in names)


def mark_link_gap(m: re.Match[str]) -> str:
    return f"</a>{labels.LINK_GAP if m.group(1) else labels.LINK_JOIN}<a"


def class_count(html: str, selector: str) -> int:
    """How many elements of the raw page carry the selector's last class (read from the text:
    a page nested too deep is flattened before it is parsed, and loses its elements)."""
    cls = selector.rsplit(".", 1)[-1].split()[0] if "." in selector else ""
    if not cls or not re.fullmatch(r"[\w-]+", cls):
        return 0
    return len(re.findall(rf"""class\s*=\s*["'](?:[^"']*\s)?{re.escape(cls)}(?:\s[^"']*)?["']""", html))


def search_page(title: str | None, prof: profile.Profile | None) -> bool:
    if not title:
        return False
    if prof is not None and any(w in title for w in prof.search_titles):
        return True
    return pagekind.search_title(title)


# --- the layers -------------------------------------------------------------------------


def put_embedded(page: Page, emb: meta.Embedded) -> None:
    """Layer 1: every field the page's metadata gives (weak generic tags only beside strong ones)."""
    if not emb.strong:
        return
    for name, values in emb.values.items():
        page.put("affiliations" if name == "affiliation" else name, values)


def read_profile_fields(page: Page, prof: profile.Profile, tree: LexborHTMLParser) -> None:
    """Layer 2: the profile's selectors, the first that yields text for each field."""
    for name, selectors in prof.fields.items():
        for sel in selectors:
            one = tree.css_first(sel) if name not in LIST_NAMES else None
            nodes = tree.css(sel) if name in LIST_NAMES else ([one] if one is not None else [])
            texts = [t for t in (content.clean(n.text()) for n in nodes) if t]
            if name not in LIST_NAMES:
                texts = [t.translate(labels.UNMARK) for t in texts]
            if texts:
                page.put(name, texts)
                break


def first_node(tree: LexborHTMLParser, selectors: Sequence[str]) -> LexborNode | None:
    for sel in selectors:
        node = tree.css_first(sel)
        if node is not None and len(node.text(deep=True).strip()) >= BODY_MIN_PROSE:
            return node
    return None


def hidden_texts(root: LexborNode) -> list[str]:
    """Long texts the page hides: the full copy of an abstract whose visible copy is cut."""
    found: list[str] = []
    for node in root.css(HIDDEN_TEXT_SELECTOR):
        style = node.attributes.get("style") or ""
        if node.tag not in ("textarea", "input") and not content.HIDDEN_RE.search(style):
            continue
        text = node.attributes.get("value") if node.tag == "input" else node.text(deep=True)
        if text and len(text) >= HIDDEN_MIN_CHARS:
            found.append(text.strip())
    return found


def unit_lines(units: Sequence[content.Unit]) -> list[str]:
    return [u.text for u in merge_cells(units)]


def merge_cells(units: Sequence[content.Unit]) -> list[content.Unit]:
    """The cells of a table row as one line (a table must not become one-word paragraphs)."""
    out: list[content.Unit] = []
    for u in units:
        prev = out[-1] if out else None
        if (
            prev is not None
            and u.tag in CELL_TAGS
            and prev.tag in CELL_TAGS
            and len(u.ancestors) > 1
            and len(prev.ancestors) > 1
            and u.ancestors[1] == prev.ancestors[1]
        ):
            out[-1] = content.Unit(
                f"{prev.text} {u.text}", prev.link_chars + u.link_chars, prev.tag, prev.ancestors, 0.0
            )
        else:
            out.append(u)
    return out


def furniture_re(prof: profile.Profile | None) -> re.Pattern[str]:
    words = (*FURNITURE_WORDS, *(prof.furniture_lines if prof else ()))
    return compiled_furniture(words)


_FURNITURE: dict[tuple[str, ...], re.Pattern[str]] = {}


def compiled_furniture(words: tuple[str, ...]) -> re.Pattern[str]:
    pattern = _FURNITURE.get(words)
    if pattern is None:
        pattern = _FURNITURE[words] = re.compile("|".join(re.escape(w) for w in words))
    return pattern


def is_furniture(line: str, stop: re.Pattern[str]) -> bool:
    if ALWAYS_FURNITURE_RE.search(line):
        return True
    return len(line) <= SHORT_LINE_CHARS and stop.search(line) is not None


def is_prose(line: str) -> bool:
    n = len(line)
    if n < PROSE_MIN_CHARS or JSONISH_RE.match(line):
        return False
    return n >= PROSE_LONG_CHARS or len(PROSE_PUNCT_RE.findall(line)) >= PROSE_MIN_PUNCT


def choose_body(
    lines: Sequence[str], used: set[int], stop: re.Pattern[str], page: Page, heads: frozenset[str] | set[str]
) -> list[Block]:
    """The run of lines between labelled lines that holds the most prose, trimmed of the
    non-prose lines at its ends (a numbered heading may open it)."""
    best: list[str] = []
    best_score = 0
    run: list[str] = []

    def close() -> None:
        nonlocal best, best_score, run
        score = sum(len(ln) for ln in run if is_prose(ln))
        if score > best_score:
            best, best_score = run, score
        run = []

    for i, line in enumerate(lines):
        if line and AI_NOTE_RE.search(line) and len(line) <= PROSE_LONG_CHARS:
            run = []  # the run above is the site's machine-written summary
            continue
        if line and reference_start(lines, i):
            break
        if i in used or REFERENCES_RE.match(line):
            close()
            continue
        if line and (MARKER_ONLY_RE.match(line) or not is_furniture(line, stop)):
            run.append(line)
    close()
    return lines_to_blocks(
        trim(join_markers(join_fragments(best))), found_used=None, stop=stop, page=page, heads=heads
    )


def join_fragments(lines: list[str]) -> list[str]:
    """A citation mark a dump put on lines of its own (``…影响`` / ``[`` / ``1`` / ``]`` / ``。``)
    back at the end of its sentence."""
    out: list[str] = []
    for ln in lines:
        if out and (
            ln in ("[", "]")
            or (CITE_NUMBER_RE.match(ln) and out[-1].endswith(("[", "-", ",", "，", "–")))
            or (ln in CLOSING_MARKS and out[-1].endswith("]"))
        ):
            out[-1] += ln
        else:
            out.append(ln)
    return out


def reference_start(lines: Sequence[str], i: int) -> bool:
    """``[1]`` opening a reference list: a cited work with its type code on the line or the next."""
    if REF_ENTRY_RE.match(lines[i]) is None:
        return False
    if REF_TYPE_RE.search(lines[i]):
        return True
    nxt = next((ln for ln in lines[i + 1 : i + 3] if ln), "")
    return REF_TYPE_RE.search(nxt) is not None


def join_markers(lines: list[str]) -> list[str]:
    """``1.`` / ``国内疫情发展情况`` → ``1.国内疫情发展情况`` (a dump splits a heading's number off)."""
    out: list[str] = []
    i = 0
    while i < len(lines):
        if MARKER_ONLY_RE.match(lines[i]) and i + 1 < len(lines):
            out.append(lines[i] + lines[i + 1])
            i += 2
            continue
        out.append(lines[i])
        i += 1
    return out


def trim(lines: list[str]) -> list[str]:
    start, end = 0, len(lines)
    while start < end and not is_prose(lines[start]) and not is_numbered_heading(lines[start]):
        start += 1
    while end > start and not (is_prose(lines[end - 1]) or is_sentence(lines[end - 1])):
        end -= 1
    return lines[start:end]


def is_sentence(line: str) -> bool:
    """A short closing paragraph (one sentence under 结论) is text, not a trailing link."""
    return len(line) >= SENTENCE_MIN_CHARS and line[-1] in SENTENCE_ENDS and HAN_RE.search(line) is not None


def is_numbered_heading(line: str) -> bool:
    return (
        len(line) <= HEADING_MAX_CHARS
        and line[-1] not in HEADING_END_FORBIDDEN
        and (NUMBERED_HEADING_RE.match(line) is not None or SECTION_WORDS_RE.match(line) is not None)
    )


def lines_to_blocks(
    lines: Sequence[str] | Sequence[content.Unit],
    *,
    found_used: set[int] | None,
    stop: re.Pattern[str],
    page: Page,
    heads: frozenset[str] | set[str] = frozenset(),
) -> list[Block]:
    """Body lines → blocks: no furniture, no labelled lines, no repeat of the title."""
    blocks: list[Block] = []
    for item in lines:
        text = (item if isinstance(item, str) else item.text).translate(labels.UNMARK)
        is_head = (not isinstance(item, str) and item.tag in content.HEADING_TAGS) or text in heads
        if not text or is_furniture(text, stop) or text == page.title:
            continue
        if REFERENCES_RE.match(text):
            break
        if len(text) <= SOURCE_NOTE_MAX_CHARS and SOURCE_NOTE_RE.match(text):
            continue
        hit = labels.match_label(text)
        if hit is not None:
            page.put(hit[0], [hit[1]] if hit[1] else [])
            continue
        heading = (is_head and len(text) <= HEADING_MAX_CHARS * 2) or is_numbered_heading(text)
        blocks.append(Block("heading" if heading else "paragraph", text))
    return blocks


# --- from fields to the article -------------------------------------------------------------


def read_byline(page: Page, stop: re.Pattern[str]) -> None:
    """Where no label named them: the names and units printed under the title's repeat (up to
    the first furniture line), and the journal of a ``《刊名》2017年 第15期`` line, of a
    ``刊名. 2023,35(01)`` line or of the line above an issue line."""
    lines = [ln.translate(labels.UNMARK) for ln in page.lines]
    title = page.title or ""
    at = next((i for i, ln in enumerate(lines) if i > 0 and ln and squash(ln) == squash(title)), None)
    has_units = "affiliations" in page.fields or "affiliation" in page.fields
    if at is not None and ("authors" not in page.fields or not has_units):
        names: list[str] = []
        units: list[str] = []
        glued = False
        for ln in lines[at + 1 : at + 1 + BYLINE_MAX_LINES]:
            if not ln or ln in "|｜" or squash(ln) == squash(title):
                continue
            parts = [ln]
            if not names and not units and not HAN_RE.search(ln):
                continue  # the English title printed under the Chinese one
            if JOURNAL_LINE_RE.match(ln):  # 《刊名》2017年 第15期 | 花君林   淮阴工学院…
                if "|" not in ln and "｜" not in ln:
                    continue
                parts = [
                    p for p in re.split(r"\s{2,}|\t", re.split(r"[|｜]", ln, maxsplit=1)[1]) if p.strip()
                ]
            if is_furniture(ln, stop) and len(parts) == 1:
                break
            for part in parts:
                part = part.strip()
                if not units and all(is_person(n) for n in labels.split_list(part, "authors")):
                    names += labels.split_list(part, "authors")
                elif is_unit(part):
                    units.append(part)
                elif POSTCODE_LINE_RE.match(part):
                    continue
                elif not names and not units and not glued and GLUED_NAMES_RE.match(part):
                    glued = True  # names run together: split them if only one way fits
                    names += split_glued_names(part)
                else:
                    break
            else:
                continue
            break
        page.put("authors", names)
        page.put("affiliations", units)
    key = squash(MARKUP_LEFT_RE.sub("", title))
    if key and "journal" not in page.fields:
        for ln in lines[:JOURNAL_SCAN_LINES]:
            if "[J]" in ln and key in squash(MARKUP_LEFT_RE.sub("", ln)):
                cite = SELF_CITE_RE.search(ln)
                if cite is not None:
                    page.put("journal", [cite.group("journal")])
                    page.put("issue_line", [ln[cite.start("year") :]])
                    break
    if "journal" not in page.fields:
        for i, ln in enumerate(lines[:JOURNAL_SCAN_LINES]):
            m = JOURNAL_LINE_RE.match(ln) or JOURNAL_CITE_LINE_RE.match(ln)
            if m:
                page.put("journal", [m.group(1)])
                page.put("issue_line", [ln])
                break
            if ISSUE_LINE_RE.match(ln) and i > 0:
                above = [x for x in lines[max(0, i - 8) : i] if x][-3:]
                above = [x for x in above if not x.isascii()]
                if above and len(above[-1]) <= 40:
                    page.put("journal", [above[-1]])
                    page.put("issue_line", [ln])
                    break


def read_author_cards(page: Page) -> None:
    """Authors a journal site prints as cards (a text dump of 勤云 pages): a name, then its
    ``角色:`` or ``机构:`` line; each unit the card names goes with its name."""
    lines = [ln.strip() for ln in page.lines[:TITLE_SCAN_LINES]]
    names: list[str] = []
    pairs: list[str] = []
    for i, ln in enumerate(lines):
        prev = next((x for x in reversed(lines[max(0, i - 2) : i]) if x), "")
        if not ln or not is_person(ln) or ln in names or prev.startswith(("角色", "Role")):
            continue  # (a role, 第一作者, is the value of 角色:)
        nxt = [x for x in lines[i + 1 : i + 3] if x]
        if not nxt or not nxt[0].startswith(CARD_LABELS):
            continue
        names.append(ln)
        at = next(
            (j for j in range(i + 1, min(len(lines), i + 8)) if lines[j].startswith(CARD_UNIT_LABELS)), None
        )
        value = labels.match_label(lines[at]) if at is not None else None
        unit = (
            (value[1] if value and value[1] else next((x for x in lines[at + 1 : at + 3] if x), ""))
            if at is not None
            else ""
        )
        pairs.append(unit)
    if len(names) >= 1:
        page.put("authors", names)
        if any(pairs):
            page.put("affiliations", list(dict.fromkeys(p for p in pairs if p)))
            page.put(labels.RAW_PREFIX + "cards", [f"{n}\t{u}" for n, u in zip(names, pairs, strict=True)])


def split_glued_names(text: str) -> list[str]:
    """``张熠斌朱喜君刘传深宋金红`` → four names: each a surname (one character, or two of
    ``COMPOUND_SURNAMES``) and one or two given characters, the split with the fewest names;
    [] when none fits."""
    n = len(text)
    best: list[list[str] | None] = [None] * (n + 1)
    best[n] = []
    for i in range(n - 1, -1, -1):
        for size in (3, 2, 4):
            j = i + size
            if j > n or best[j] is None:
                continue
            name = text[i:j]
            if size == 4 and name[:2] not in COMPOUND_SURNAMES:
                continue
            if size < 4 and name[0] not in SURNAMES and name[:2] not in COMPOUND_SURNAMES:
                continue
            tail = best[j]
            if tail is not None and (best[i] is None or 1 + len(tail) < len(best[i])):  # type: ignore[arg-type]
                best[i] = [name, *tail]
    return best[0] or []


def is_person(name: str) -> bool:
    name = FOOTNOTE_RE.sub("", name).strip()
    return bool(PERSON_RE.match(name)) and not name.endswith(UNIT_WORDS)


def is_unit(line: str) -> bool:
    bare = POSTCODE_TAIL_RE.sub("", AFFILIATION_NUMBER_RE.sub("", line)).strip(" ,，;；")
    return (
        4 <= len(bare) <= 80
        and any(w in bare for w in UNIT_WORDS)
        and not PROSE_PUNCT_RE.search(bare[:-1] or "x")
    )


def finish(page: Page, prof: profile.Profile | None) -> SitePage | None:
    if not page.title:
        return None
    read_byline(page, furniture_re(prof))
    art = Article(title=page.title, source_site=page.site or "generic")
    art.doc_type = page.doc_type
    thesis = art.doc_type in THESIS
    if "authors" not in page.fields:
        read_author_cards(page)
    art.authors = clean_names(page.fields.get("authors", []))
    affiliations = clean_affiliations(page.fields.get("affiliations") or page.fields.get("affiliation") or [])
    journal = strip_quotes(page.first("journal") or page.first("conference"))
    institution = page.first("institution")
    if thesis:
        institution = institution or journal
        journal = None
        affiliations = affiliations or ([institution] if institution else [])
    art.journal = journal
    art.affiliation = "; ".join(affiliations) or None
    art.author_details = pair_authors(
        art.authors,
        affiliations,
        page.fields.get(labels.RAW_PREFIX + "authors") or page.fields.get("authors", []),
        page.fields.get(labels.RAW_PREFIX + "affiliation")
        or page.fields.get("affiliations")
        or page.fields.get("affiliation")
        or [],
        page.fields.get(labels.RAW_PREFIX + "cards", []),
    )
    art.keywords = chinese_keywords(dedupe(page.fields.get("keywords", [])))
    art.abstract = full_abstract(page.first("abstract"), page)
    art.doi = clean_doi(page.first("doi"))
    art.classification = dedupe(page.fields.get("classification", []))
    art.fund = page.first("fund")
    art.advisor = "、".join(clean_names(page.fields.get("advisor", []))) or None
    art.degree = degree_of(page.first("degree"), art.doc_type)
    read_issue(art, page)
    art.blocks = body_or_abstract(page.body, art.abstract)
    art.headings = [b.text for b in art.blocks if b.kind == "heading"]
    if not art.blocks:
        return SitePage(art)
    return SitePage(art)


def body_or_abstract(body: list[Block], abstract: str | None) -> list[Block]:
    """The body; the abstract where the page carries only that (little prose beside it)."""
    if abstract:
        prose = sum(len(b.text) for b in body if is_prose(b.text))
        key, whole = squash(abstract)[:30], squash(abstract)
        # the abstract's later paragraphs (a hidden full copy, one line each) are not text beside it
        beside = sum(
            len(b.text)
            for b in body
            if is_prose(b.text)
            and squash(b.text)[:30] != key
            and whole.find(squash(b.text)) <= ABSTRACT_LABEL_CHARS
        )
        sections = sum(1 for b in body if b.kind == "heading" and is_numbered_heading(b.text))
        # numbered sections with sentences under them: a full text, however short its paragraphs
        under = sum(
            len(b.text)
            for b in body
            if b.kind == "paragraph" and len(b.text) >= SECTION_TEXT_MIN_CHARS and squash(b.text) not in whole
        )
        full_text = sections >= 2 and under >= BODY_MIN_PROSE // 3
        if not full_text and (
            prose < BODY_MIN_PROSE or beside < BODY_MIN_PROSE or beside < 0.5 * len(abstract)
        ):
            return [Block("paragraph", p) for p in abstract.split("\n") if p.strip()]
        body = [b for b in body if squash(b.text)[:30] != key or b.kind != "paragraph"]
    return body


def squash(text: str) -> str:
    return "".join(text.split())


def full_abstract(abstract: str | None, page: Page) -> str | None:
    """The abstract; where its visible copy is cut (…, 查看全部), the full copy the page hides."""
    if not abstract:
        return None
    hit = labels.match_label(abstract)
    if hit is not None and hit[0] == "abstract" and hit[1]:
        abstract = hit[1]  # a container read whole: its own label first
    abstract = drop_english_tail(LEAD_MARK_RE.sub("", abstract))
    cut = ELLIPSIS_RE.search(labels.TOGGLE_TAIL_RE.sub("", abstract)) is not None
    abstract = labels.paragraphs(abstract)
    key = squash(ELLIPSIS_RE.sub("", abstract))[:40]
    if len(key) < 10:
        return abstract
    best = abstract
    for text in page.hidden if cut else ():
        t = squash(text)
        if t.startswith(key) and len(t) > len(squash(best)):
            best = labels.paragraphs(text)
    return ELLIPSIS_RE.sub("", best).strip() if best is abstract and cut else best


def clean_names(names: Sequence[str]) -> list[str]:
    """Names in page order, without footnote marks; pinyin copies of Chinese names dropped."""
    out: list[str] = []
    for raw in names:
        for token in labels.split_list(raw.replace("\xa0", " "), "authors"):
            for name in unglue_names(token):
                name = HAN_THEN_LATIN_RE.sub(r"\1", FOOTNOTE_RE.sub("", name)).strip(" ,，;；.·*")
                if name and name not in out and len(name) <= 40:
                    out.append(name)
    if any(HAN_RE.search(n) for n in out):
        out = [n for n in out if HAN_RE.search(n)]
    return out


def unglue_names(token: str) -> list[str]:
    """Names a copy ran together: 王晓东1李静2 (split at their marks), 黄志强马晓燕 (at the
    surnames), 何建国ZHAO Ming (the pinyin copy that follows cut off)."""
    if is_person(token):
        return [token]
    parts = [p for p in GLUED_MARK_RE.split(token) if p]
    out: list[str] = []
    for part in parts:
        han = LATIN_TAIL_RE.sub("", part) if HAN_RE.search(part) else part
        glued = split_glued_names(han) if GLUED_NAMES_RE.match(han) and not is_person(han) else []
        out += glued or [han]
    return out


def drop_english_tail(text: str) -> str:
    """A Chinese abstract run together with its English version: the Chinese one."""
    m = ENGLISH_TAIL_RE.search(text)
    if m and len(HAN_RE.findall(text, 0, m.start())) >= 20:
        return text[: m.start()].rstrip()
    return text


def clean_affiliations(values: Sequence[str]) -> list[str]:
    out: list[str] = []
    for raw in values:
        for part in labels.split_list(raw, "affiliation"):
            part = AFFILIATION_NUMBER_RE.sub("", part).strip(" ,，;；.")
            part = POSTCODE_TAIL_RE.sub("", part).strip(" ,，;；.") if not part[:1].isdigit() else ""
            if part and part not in out:
                out.append(part)
    return out


def pair_authors(
    authors: list[str],
    affiliations: list[str],
    raw_authors: Sequence[str] = (),
    raw_units: Sequence[str] = (),
    cards: Sequence[str] = (),
) -> list[Author]:
    """Authors with their affiliation where the page pairs them: one affiliation for all, or
    the numbers printed after each name (张三<sup>1,2</sup>, 李四[2]) and before each unit
    (1. 某大学，城市 100000)."""
    only = affiliations[0] if len(affiliations) == 1 else None
    carded = dict(c.split("\t", 1) for c in cards)
    if carded:
        return [
            Author(name, clean_affiliations([carded[name]])[0] if carded.get(name) else only)
            for name in authors
        ]
    numbered = numbered_units(raw_units)
    marks = author_marks(raw_authors, authors) if len(numbered) >= 2 else {}
    out: list[Author] = []
    for name in authors:
        units = [numbered[m] for m in marks.get(name, ()) if m in numbered]
        out.append(Author(name, "; ".join(dict.fromkeys(units)) if units else only))
    return out


def numbered_units(raw_units: Sequence[str]) -> dict[str, str]:
    """``1. 某大学，城市 100000`` → {"1": "某大学"}: the units a page numbers (none if any is not)."""
    parts = [p for raw in raw_units for p in UNIT_SPLIT_RE.split(raw.replace("\xa0", " ")) if p.strip()]
    out: dict[str, str] = {}
    for part in parts:
        m = UNIT_NUMBER_RE.match(part)
        if m is None:
            return {}
        num = next(g for g in m.groups() if g)
        unit = clean_affiliations([part[m.end() :]])
        if unit:
            out[CIRCLED.get(num, num)] = unit[0]
    return out


def author_marks(raw_authors: Sequence[str], authors: list[str]) -> dict[str, list[str]]:
    """Each author's marks (the numbers printed after the name), read from the raw values."""
    out: dict[str, list[str]] = {}
    text = "；".join(r.replace("\xa0", " ") for r in raw_authors)
    for m in AUTHOR_MARK_RE.finditer(text):
        name, mark = m.group(1).strip(), m.group(2)
        if name in authors and name not in out:
            out[name] = [CIRCLED.get(x, x) for x in re.findall(r"\d+|[①-⑳]", mark)]
    return out


def chinese_keywords(words: list[str]) -> list[str]:
    """Keywords without their English translation: a list run into the last Chinese keyword
    (分娩结局programmed …), or as many English keywords after the Chinese ones as there are."""
    for i, w in enumerate(words):
        m = HAN_THEN_ENGLISH_RE.match(w)
        if m and all(x.isascii() for x in words[i + 1 :]):
            return [*words[:i], m.group(1)]
    han = [w for w in words if HAN_RE.search(w)]
    if han and words[: len(han)] == han and len(words) == 2 * len(han):
        return han
    if len(words) == 1 and " " in words[0].strip():
        # one value of words set apart by spaces (网络爬虫 PYTHON语言 Selenium技术): each Chinese
        # part a keyword; an English phrase alone (machine learning) stays one
        parts = words[0].split()
        if all(HAN_RE.search(p) for p in parts):
            return parts
    return words


def shorter_title(title: str | None, lines: Sequence[str]) -> str | None:
    """A page title that runs on (English title, authors): the line printed on the page that
    starts it, where there is one."""
    if not title:
        return title
    key = squash(title)
    best = None
    for ln in lines[:TITLE_SCAN_LINES]:
        k = squash(ln)
        if (
            TITLE_MIN_CHARS <= len(k) < len(key)
            and key.startswith(k)
            and (best is None or len(k) > len(best))
        ):
            best = ln
    if best is None:
        return title
    rest = key[len(squash(best)) :]
    # what the printed line leaves out is the English title (and the names) the page title adds
    english_after = HAN_RE.search(best) is not None and rest[:1].isascii() and rest[:1].isalpha()
    return best.strip() if english_after or len(squash(best)) >= 0.3 * len(key) else title


def dedupe(values: Sequence[str]) -> list[str]:
    out: list[str] = []
    for v in values:
        v = v.strip(" ;；,，。")
        if v and v not in out:
            out.append(v)
    return out


def strip_quotes(text: str | None) -> str | None:
    if not text:
        return None
    quoted = re.match(r"^\s*《([^《》]{2,60})》", text)
    if quoted:  # 《计算机工程与应用》, 2022, 58(19) / 《城市地质》2020年01期
        return quoted.group(1).strip() or None
    text = re.split(r"\s*(?:\d{4}\s*年|\d{4}\s*[,，(（])", text, maxsplit=1)[0]
    return text.strip(BOOK_QUOTES + ",，") or None


def clean_doi(text: str | None) -> str | None:
    m = DOI_RE.search(text or "")
    return m.group(0).rstrip(".,;，；") if m else None


def degree_of(degree: str | None, doc_type: str | None) -> str | None:
    if degree:
        return "博士" if "博士" in degree else "硕士" if "硕士" in degree else degree
    return {"masters_thesis": "硕士", "doctoral_thesis": "博士"}.get(doc_type or "")


def read_issue(art: Article, page: Page) -> None:
    """Year, volume, issue and pages: the fields, else a citation line (2020,32(12):1306-1312)."""
    texts = [page.first(n) for n in ("issue", "issue_line", "journal", "date", "year")]
    for text in filter(None, texts):
        for pattern in ISSUE_PATTERNS:
            m = pattern.search(text)
            if m:
                groups = m.groupdict()
                art.year = art.year or int(groups["year"])
                art.volume = art.volume or groups.get("volume")
                art.issue = art.issue or (groups.get("issue") or "").lstrip("0") or None
                art.pages = art.pages or groups.get("pages")
                break
    art.volume = art.volume or page.first("volume")
    if art.issue is None and (issue := page.first("issue")) and issue.isdigit():
        art.issue = issue.lstrip("0") or issue
    if art.year is None:
        for text in filter(None, (page.first("year"), page.first("date"))):
            m = YEAR_RE.search(text)
            if m:
                art.year = int(m.group(1))
                break
    first, last = page.first("first_page"), page.first("last_page")
    if art.pages is None and first:
        art.pages = f"{first}-{last}" if last and last != first else first
    if art.pages is None and (p := page.first("pages")) and (m := PAGES_RE.search(p)):
        art.pages = f"{m.group(1)}-{m.group(2)}"


def doc_type(page: Page, prof: profile.Profile | None, raw: str) -> str | None:
    """The document type: the page's degree, its site's type words, its labels, else the site's default."""
    degree = page.first("degree") or ""
    if "博士" in degree:
        return "doctoral_thesis"
    if "硕士" in degree:
        return "masters_thesis"
    if prof is not None and (kind := prof.doc_type_in(raw[: profile.MARKER_SCAN_CHARS])):
        return kind
    if page.first("advisor") or page.first("institution"):
        return "masters_thesis"
    if page.first("conference"):
        return "conference_paper"
    if prof is not None and prof.default_doc_type:
        return prof.default_doc_type
    return "journal_article" if page.first("journal") else None


def first_text(*values: str | None) -> str | None:
    for v in values:
        if v and v.strip():
            return clean_title(v.strip())
    return None


def clean_title(title: str | None) -> str | None:
    """A title without its site's name: `` - 中国知网``, ``-【维普网】-…``, ``_国研网`` are cut;
    nor the buttons and counters printed in its element (认领, 被引量：3)."""
    if not title:
        return None
    title = MARKUP_LEFT_RE.sub("", title)  # a dump's markdown heading mark, tags left as text
    title = TITLE_TAIL_RE.sub("", " ".join(title.split()))
    while True:
        seps = list(TITLE_SEP_RE.finditer(title))
        if not seps or not is_site_name(title[seps[-1].end() :]) or seps[-1].start() == 0:
            break
        title = title[: seps[-1].start()].rstrip()
    return title or None


def is_site_name(part: str) -> bool:
    part = part.strip()
    if not part:
        return True
    if len(part) > TITLE_SUFFIX_MAX_CHARS:
        return False
    bare = part.strip("【】[]()（） ")
    return any(s in bare for s in profile.ALL_SUFFIXES) or TITLE_SITE_RE.search(bare) is not None
