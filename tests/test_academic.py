"""Academic sites' pages: each layer of the reader on small pages written here (not copied
from any site: they follow the layouts the profiles describe), then the page kinds and the
mojibake repair. The real pages are in tests/test_academic_real.py."""

from __future__ import annotations

import json

import pytest

from winnow import academic, labels, pagekind, profile
from winnow.decode import Decoded, Rejected, decode_bytes
from winnow.parse import parse_bytes

ABSTRACT = (
    "本文以某县为例，分析了乡村旅游对农户收入的影响。研究发现，参与旅游经营的农户收入明显提高，"
    "但收益分配不均的问题依然存在。文章最后提出了完善利益联结机制的建议。"
)


def parse(text: str, name: str = "page.html"):
    return parse_bytes(text.encode("utf-8"), name, metrics=False)


def test_embedded_citation_tags_are_the_first_layer() -> None:
    page = f"""<html><head><title>乡村旅游与农户增收 - 某大学学报</title>
    <meta name="citation_title" content="乡村旅游与农户增收">
    <meta name="citation_author" content="王小明"><meta name="citation_author" content="李红">
    <meta name="citation_author_institution" content="某农业大学经济管理学院">
    <meta name="citation_journal_title" content="农业经济研究">
    <meta name="citation_publication_date" content="2021/05/12">
    <meta name="citation_volume" content="12"><meta name="citation_issue" content="3">
    <meta name="citation_firstpage" content="45"><meta name="citation_lastpage" content="52">
    <meta name="citation_doi" content="10.1234/nyjj.2021.03.005">
    <meta name="citation_keywords" content="乡村旅游; 农户收入; 利益联结">
    <meta name="keywords" content="首页,期刊,投稿">
    </head><body><div class="nav">首页 期刊介绍 投稿指南</div>
    <h1>乡村旅游与农户增收</h1><div class="abstract"><b>摘要：</b>{ABSTRACT}</div>
    <div class="footer">版权所有 某大学学报编辑部 京ICP备00000000号</div></body></html>"""
    r = parse(page)
    a = r.article
    assert r.status == "ok" and a is not None
    assert (a.title, a.journal, a.authors) == ("乡村旅游与农户增收", "农业经济研究", ["王小明", "李红"])
    assert a.affiliation == "某农业大学经济管理学院"
    assert (a.doi, a.year, a.volume, a.issue, a.pages) == (
        "10.1234/nyjj.2021.03.005",
        2021,
        "12",
        "3",
        "45-52",
    )
    assert a.keywords == ["乡村旅游", "农户收入", "利益联结"]  # the citation tag, not the generic one
    assert a.source_site == "journal_site" and a.doc_type == "journal_article"
    assert a.body == ABSTRACT and a.abstract == ABSTRACT  # an abstract-only page: the body is the abstract


def test_a_site_profile_reads_its_own_layout() -> None:
    """A page in the layout cnki.toml describes (kcms2): fields from its selectors."""
    page = f"""<html><head><title>乡村旅游与农户增收 - 中国知网</title></head><body>
    <div class="top-tip"><span><a>农业经济研究</a>. <a>2021,(03)</a></span></div>
    <div class="wx-tit"><h1>乡村旅游与农户增收</h1>
    <h3 id="authorpart"><span><a>王小明<sup>1</sup></a></span><span><a>李红<sup>2</sup></a></span></h3>
    <h3><span><a>1.某农业大学经济管理学院</a></span><span><a>2.某省社会科学院</a></span></h3></div>
    <div class="row"><span class="rowtit">摘要：</span><span class="abstract-text">{ABSTRACT}</span></div>
    <p class="keywords"><a>乡村旅游;</a><a>农户收入;</a></p>
    <div class="row"><span class="rowtit">分类号：</span><p>F592.7</p></div>
    <a href="/kcms/detail?dbcode=CJFQ&filename=NYJJ202103005">下载</a>
    <div>手机阅读本文</div><div>下载安装手机APP</div><div>扫码同步阅读本文</div>
    </body></html>"""
    a = parse(page).article
    assert a is not None and a.source_site == "cnki"
    assert (a.title, a.journal, a.authors) == ("乡村旅游与农户增收", "农业经济研究", ["王小明", "李红"])
    assert a.affiliation == "某农业大学经济管理学院; 某省社会科学院"
    assert a.keywords == ["乡村旅游", "农户收入"] and a.classification == ["F592.7"]
    assert (a.year, a.issue, a.doc_type) == (2021, "3", "journal_article")
    assert a.body == ABSTRACT and "手机" not in a.body


def test_adding_a_site_is_adding_a_profile() -> None:
    """Profiles are data: every file in winnow/profiles loads, names its site once, and says how
    its pages are recognised."""
    names = [p.name for p in profile.PROFILES]
    assert len(names) == len(set(names)) >= 8
    for p in profile.PROFILES:
        assert p.markers or p.selectors, p.name
        assert all(kind in academic.THESIS or kind for _, kind in p.doc_types)


def test_the_label_fallback_reads_any_other_site_text_dump() -> None:
    dump = "\n".join(
        [
            "基于遥感的耕地变化研究_某某学术平台",
            "首页", "期刊", "学位", "登录", "注册",
            "基于遥感的耕地变化研究",
            "作者：", "赵一", "钱二",
            "学位授予单位：", "某师范大学",
            "授予学位：", "博士",
            "导师姓名：", "孙三",
            "【摘要】" + ABSTRACT,
            "关键词：遥感；耕地；变化检测",
            "DOI：10.5678/d.example.2020.000123",
            "中图分类号：P237; F301.2",
            "基金项目：国家自然科学基金(41000000)",
            "关于我们 | 联系我们 | 版权所有 © 某某学术平台",
        ]
    )  # fmt: skip
    a = parse(dump, "dump.txt").article
    assert a is not None and a.title == "基于遥感的耕地变化研究"  # the site's suffix is cut
    assert a.authors == ["赵一", "钱二"] and a.affiliation == "某师范大学" and a.journal is None
    assert (a.doc_type, a.degree, a.advisor) == ("doctoral_thesis", "博士", "孙三")
    assert a.keywords == ["遥感", "耕地", "变化检测"] and a.classification == ["P237", "F301.2"]
    assert a.doi == "10.5678/d.example.2020.000123" and a.fund == "国家自然科学基金(41000000)"
    assert a.body == ABSTRACT and not any(b.text.startswith(("摘要", "【摘要】", "关键词")) for b in a.blocks)


def test_a_report_keeps_its_headings_and_loses_its_labels_and_footer() -> None:
    paragraph = "各地推进产业融合发展，新型经营主体不断壮大，农村居民收入持续增长，城乡差距继续缩小。" * 3
    dump = "\n".join(
        [
            "关于农村产业融合的调查报告_某研究网", "您当前位置：", "首页", ">", "研究报告",
            "【下载】", "【收藏】", "字体：", "大", "中", "小",
            "关于农村产业融合的调查报告",
            "摘要：", ABSTRACT, "关键词：", "产业融合，农村", paragraph,
            "一、基本情况", paragraph, "1.", "主要做法", paragraph, "二、存在问题", paragraph,
            "作者：", "某研究所课题组", "来源：", "某研究网《农村经济》月度报告", "编辑：", "张三",
            "我要评论", "关于我们", "|", "联系我们", "Copyright©2020 某研究网",
        ]
    )  # fmt: skip
    a = parse(dump, "report.txt").article
    assert a is not None
    assert a.headings == ["一、基本情况", "1.主要做法", "二、存在问题"]
    assert a.blocks[0].text == paragraph and a.blocks[-1].text == paragraph
    assert a.journal == "某研究网《农村经济》月度报告" and a.authors == ["某研究所课题组"]
    for junk in ("摘要：", "关键词：", "作者：", "我要评论", "Copyright", "字体"):
        assert junk not in a.body


def test_a_cut_abstract_is_replaced_by_the_full_copy_the_page_hides() -> None:
    full = ABSTRACT + "<br>　　" + ABSTRACT.replace("本文", "此外，本研究")
    page = f"""<html><body><div class="title">乡村旅游与农户增收</div>
    <input type="hidden" class="share_summary" value="{full}">
    <div class="abstract"><em>摘要</em>： {ABSTRACT[:40]}...<a href="#">查看全部&gt;&gt;</a></div>
    <ul class="info"><li><div class="info_left">关键词：</div><div class="info_right"><a>乡村旅游</a>
    <a>农户收入</a></div></li><li><div class="info_left">作者：</div>
    <div class="info_right"><a>王小明</a></div></li>
    </ul><div>万方数据知识服务平台</div></body></html>"""
    a = parse(page).article
    assert a is not None and a.source_site == "wanfang"
    assert a.keywords == ["乡村旅游", "农户收入"] and a.authors == ["王小明"]
    assert len(a.blocks) == 2 and a.blocks[0].text == ABSTRACT  # the hidden copy, its <br> a paragraph break
    assert "查看全部" not in a.body and "<br>" not in a.body


@pytest.mark.parametrize(
    ("raw", "title"),
    [
        ("乡村旅游与农户增收 - 中国知网", "乡村旅游与农户增收"),
        ("乡村旅游与农户增收-【维普网】-仓储式在线作品出版平台-www.cqvip.com", "乡村旅游与农户增收"),
        ("[专稿]乡村旅游与农户增收_国研网", "[专稿]乡村旅游与农户增收"),
        ("基于Spring-Boot的管理系统设计", "基于Spring-Boot的管理系统设计"),
        ("乡村振兴研究——以某县为例", "乡村振兴研究——以某县为例"),
    ],
)
def test_titles_lose_their_site_suffix_only(raw: str, title: str) -> None:
    assert academic.clean_title(raw) == title


def test_labels_split_a_row_of_run_together_labels() -> None:
    lines = labels.join_split_labels(
        ["下载全文作　　者：甲乙;丙丁机构地区：某大学出　　处：《某刊》2016年第6期"]
    )
    found = labels.read_labels(lines)
    assert found.values["authors"] == ["甲乙", "丙丁"]
    assert found.values["affiliation"] == ["某大学"] and found.values["journal"] == ["《某刊》2016年第6期"]


@pytest.mark.parametrize(
    ("text", "name", "reason"),
    [
        ('{"detail": [{"Title": ["乡村旅游"], "Creator": ["王小明"]}]}', "api.html", pagekind.JSON_REPLY),
        ('[{"title": "乡村旅游"}, {"title": "农户收入"}]', "api.txt", pagekind.JSON_REPLY),
        ("<html><head><title>404 页面不存在</title></head><body><p>您访问的页面不存在</p></body></html>",
         "gone.html", pagekind.ERROR_PAGE),
        ("<html><head><title>用户登录 - 某学术平台</title></head><body><form>用户名 密码</form></body></html>",  # noqa: E501
         "login.html", pagekind.LOGIN_PAGE),
        ("<html><head><title>检索结果 - 某学术平台</title></head><body>"
         + "".join(f"<div class='item'><a>题名{i}</a><p>摘要：{ABSTRACT}</p></div>" for i in range(5))
         + "</body></html>", "list.html", pagekind.SEARCH_RESULTS),
        ("\n".join(f"{i}. 题名{i}\n王小明 - 《某刊》 - 被引量: {i}" for i in range(5)), "list.txt",
         pagekind.SEARCH_RESULTS),
    ],
)  # fmt: skip
def test_pages_that_are_no_article_are_quarantined_with_their_reason(
    text: str, name: str, reason: str
) -> None:
    r = parse(text, name)
    assert (r.status, r.reason) == ("quarantined", reason)


def test_an_abstract_that_mentions_logging_in_is_still_an_article() -> None:
    page = f"""<html><head><title>单点登录系统的设计 - 中国知网</title></head><body>
    <div class="wxTitle"><h2 class="title">单点登录系统的设计</h2>
    <div class="author"><span><a>王小明</a></span></div></div>
    <div class="wxBaseinfo"><p><label>摘要：</label>
    <span id="ChDivSummary">本文设计了一个单点登录系统，{ABSTRACT}</span></p>
    <p><label>关键词：</label><a>单点登录;</a></p></div></body></html>"""
    r = parse(page)
    assert r.status == "ok" and r.article is not None and r.article.title == "单点登录系统的设计"


CHINESE = (
    "乡村旅游对农户收入的影响\n" + "参与经营的农户收入明显提高，收益分配不均的问题依然存在。\n" * 4
).encode()


def test_latin1_mojibake_is_repaired_and_says_so() -> None:
    damaged = CHINESE.decode("latin-1").encode("utf-8")  # UTF-8 read as Latin-1, saved again
    d = decode_bytes(damaged)
    assert isinstance(d, Decoded) and d.text == CHINESE.decode() and d.repaired == "latin-1>utf-8"
    r = parse_bytes(damaged, "page.txt", metrics=False)
    assert (
        r.repaired == "latin-1>utf-8" and json.loads(json.dumps(r.to_json()))["repaired"] == "latin-1>utf-8"
    )


def test_gbk_mojibake_that_lost_bytes_is_quarantined() -> None:
    damaged = CHINESE.decode("gb18030", errors="replace").encode("utf-8")  # UTF-8 read as GBK: lossy
    d = decode_bytes(damaged)
    assert isinstance(d, Rejected) and d.reason in ("mojibake", "replacement_characters"), d
    assert parse_bytes(damaged, "page.html", metrics=False).reason in ("mojibake", "replacement_characters")


def round_trip_text() -> str:
    """Pairs of characters whose UTF-8 bytes read as GB18030 and back without loss (most do not)."""
    alphabet = sorted(set("乡村旅游对农户收入的影响研究参与经营明显提高，。“”："))
    pairs = []
    for a in alphabet:
        for b in alphabet:
            raw = (a + b).encode("utf-8")
            try:
                if raw.decode("gb18030").encode("gb18030") == raw:
                    pairs.append(a + b)
            except UnicodeDecodeError:
                continue
    return "".join(pairs[:300])


def test_gbk_mojibake_that_kept_every_byte_is_repaired() -> None:
    text = round_trip_text()
    damaged = text.encode("utf-8").decode("gb18030").encode("utf-8")
    d = decode_bytes(damaged)
    assert isinstance(d, Decoded) and d.text == text and d.repaired == "gb18030>utf-8"


def test_text_destroyed_by_replacement_characters_is_quarantined() -> None:
    destroyed = (
        "<html><head><title>\ufffd\ufffd\ufffd</title></head><body><p>" + "\ufffd\ufffd，" * 200 + "</p>"
    ).encode()
    r = parse_bytes(destroyed, "page.html", metrics=False)
    assert (r.status, r.reason) == ("quarantined", "replacement_characters")


def test_real_chinese_text_in_either_script_is_never_mojibake() -> None:
    simplified = CHINESE.decode()
    traditional = "鄉村旅遊對農戶收入的影響研究：參與經營的農戶收入明顯提高，收益分配不均的問題依然存在。" * 4
    for text in (simplified, traditional):
        d = decode_bytes(text.encode("utf-8"))
        assert isinstance(d, Decoded) and d.repaired is None and d.text == text


def test_link_lists_with_open_comments_parse_in_linear_time() -> None:
    """Space and comments between links are marked by a bounded pattern: an unclosed comment
    after every link once made the marking quadratic (24 s for one 350 KB result page)."""
    import time

    links = "".join(f"<a href='#{i}'>条目{i}</a> <!-- 注 " for i in range(20_000))
    page = f"<html><head><title>乡村旅游 - 中国知网</title></head><body><p>摘要：{ABSTRACT}</p>{links}</body></html>"  # noqa: E501
    start = time.process_time()
    parse(page)
    assert time.process_time() - start < 5


# --- select-all copies, result tables as text, crawler lists, paired names (issue 21, round 2) ---

COPY = f"""请输入搜索内容
知识节点
基本信息
摘要
关键词
相关基金文献
乡村旅游与农户增收的实证研究
王小明
某农业大学经济管理学院
导出/参考文献 分享 收藏 打印

摘要：{ABSTRACT}

关键词：乡村旅游; 农户收入; 利益联结;

DOI：10.1234/nyjj.2021.03.005
手机阅读本文下载安装手机APP扫码同步阅读本文
"全球学术快报"客户端
农业经济研究
2021年03期
在线咨询 用户反馈
"""


def test_a_select_all_copy_finds_its_title_above_the_record_not_in_its_menu() -> None:
    r = parse(COPY, "copy.txt")
    art = r.article
    assert r.status == "ok" and art is not None and art.title == "乡村旅游与农户增收的实证研究"
    assert art.authors == ["王小明"] and art.affiliation == "某农业大学经济管理学院"
    assert art.keywords == ["乡村旅游", "农户收入", "利益联结"]


def test_a_copy_with_a_breadcrumb_takes_the_title_its_last_step_repeats() -> None:
    text = (
        "首页 社区\n登录 / 注册\n高级检索\n首页 > 期刊首页 > 农业经济研究 > 乡村旅游与农户增收的实证研究\n"
        "有用\n没用\n乡村旅游与农户增收的实证研究\n下载 在线阅读 导出\n"
        f"摘要：{ABSTRACT}\n关键词：\n乡村旅游 农户收入\n作者：\n王小明\n"
    )
    art = parse(text, "copy.txt").article
    assert art is not None and art.title == "乡村旅游与农户增收的实证研究" and art.authors == ["王小明"]
    assert art.keywords == ["乡村旅游", "农户收入"]  # one value set apart by spaces


def test_a_result_table_copied_as_text_is_a_list_of_results() -> None:
    rows = "".join(
        f"{i}\t某某研究之{i}\t王小明; 李红\t农业经济研究\t2020-03-{10 + i:02d}\t期刊\t\t{i}\t\t收藏\n"
        for i in range(1, 6)
    )
    text = f"排序:相关度发表时间被引下载\n 找到 1,234 条结果 \n题名\t作者\t来源\t发表时间\t数据库\n{rows}"
    r = parse(text, "list.txt")
    assert (r.status, r.reason) == ("quarantined", pagekind.SEARCH_RESULTS)


def test_a_crawlers_records_between_rules_are_no_article() -> None:
    record = f"乡村旅游与农户增收\n经济\n{ABSTRACT}\n" + "-" * 60 + "\n"
    r = parse(record * 5, "records.txt")
    assert (r.status, r.reason) == ("quarantined", pagekind.RECORDS_DUMP)


def test_numbered_names_are_paired_with_their_numbered_units() -> None:
    page = f"""<html><head><title>乡村旅游与农户增收 - 农业经济研究</title></head><body>
    <h1>乡村旅游与农户增收</h1>
    <p>作者：王小明<sup>1</sup>，李红<sup>1,2</sup>，赵强<sup>2</sup></p>
    <p>作者单位：1. 某农业大学经济管理学院，北京 100083；2. 某省农业科学院，长沙 410125</p>
    <p>摘要：{ABSTRACT}</p><p>关键词：乡村旅游；农户收入</p></body></html>"""
    art = parse(page).article
    assert art is not None and art.authors == ["王小明", "李红", "赵强"]
    pairs = {a.name: a.affiliation for a in art.author_details}
    assert pairs == {
        "王小明": "某农业大学经济管理学院",
        "李红": "某农业大学经济管理学院; 某省农业科学院",
        "赵强": "某省农业科学院",
    }


def test_a_dump_title_running_into_its_english_title_is_cut_to_the_printed_line() -> None:
    text = (
        "乡村旅游与农户增收 Rural tourism and farm household income 王小明 李红 --维普资讯\n"
        "维普资讯 首页\n中文科技期刊数据库 > 期刊导航\n乡村旅游与农户增收\n"
        f"作者：王小明;李红\n机构地区：某农业大学经济管理学院\n摘要：{ABSTRACT}\n关键词：乡村旅游 农户收入\n"
    )
    art = parse(text, "dump.txt").article
    assert art is not None and art.title == "乡村旅游与农户增收"


def test_a_journal_sites_dump_with_heading_labels_a_self_citation_and_an_ai_summary() -> None:
    text = f"""# 乡村旅游与农户增收的实证研究<sup></sup>

Source: http://journal.example.edu.cn/article/html/202101005

首页
期刊介绍
AI智能辅读
本章节主要描述了乡村旅游的发展背景，以及参与旅游经营对农户家庭收入结构的影响，并总结了已有研究的不足之处。
* 以上内容由AI自动生成，内容仅供参考。
引用本文:
王小明,李红.乡村旅游与农户增收的实证研究[J].农业经济研究,2021,12(3):45-52.
doi:
10.1234/nyjj.2021.03.005
基金项目:
某省自然科学基金项目（2020JJ0001）
详细信息
收起信息
摘要
{ABSTRACT}
关键词
乡村旅游
/
农户收入
1 引言
乡村旅游是农户增收的重要途径，已有研究多从宏观层面讨论其作用，对农户层面的证据关注不够[
1
]
。
2 研究方法
本文采用某县二百户农户的入户调查数据，以是否参与旅游经营分组，比较两组农户的收入差异。
3 结论
参与旅游经营的农户收入明显提高，但收益分配不均的问题依然存在，需要完善利益联结机制。
[1]
张三. 乡村旅游研究[J]. 旅游学刊, 2019, 34(2): 1-10.
"""
    r = parse(text, "dump.txt")
    art = r.article
    assert r.status == "ok" and art is not None
    assert art.title == "乡村旅游与农户增收的实证研究" and art.keywords == ["乡村旅游", "农户收入"]
    assert (art.journal, art.year, art.volume, art.issue, art.pages) == (
        "农业经济研究",
        2021,
        "12",
        "3",
        "45-52",
    )
    assert art.fund == "某省自然科学基金项目（2020JJ0001）" and art.abstract == ABSTRACT
    assert art.headings == ["1 引言", "2 研究方法", "3 结论"]
    body = art.body
    assert "对农户层面的证据关注不够[1]。" in body  # the citation mark back in its sentence
    assert "AI" not in body and "本章节主要描述了" not in body and "旅游学刊" not in body


@pytest.mark.parametrize(
    "glued, names",
    [
        ("王小明李红赵强", ["王小明", "李红", "赵强"]),
        ("欧阳小明司马红", ["欧阳小明", "司马红"]),
        ("乡村旅游与农户增收", []),  # no split where every part opens with a surname: not names
    ],
)
def test_names_a_copy_ran_together_are_split_where_only_surnames_open_them(
    glued: str, names: list[str]
) -> None:
    assert academic.split_glued_names(glued) == names


def test_authors_printed_as_cards_are_read_with_their_units() -> None:
    text = f"""乡村旅游与农户增收的实证研究
doi:
10.1234/nyjj.2021.03.005
王小明
角色:
第一作者
机构:
某农业大学经济管理学院, 北京 100083
邮箱:
wxm@example.org
，
 李红
机构:
某省农业科学院, 长沙 410125
摘要
{ABSTRACT}
关键词
乡村旅游
/
农户收入
"""
    art = parse(text, "dump.txt").article
    assert art is not None and art.authors == ["王小明", "李红"]
    assert [(a.name, a.affiliation) for a in art.author_details] == [
        ("王小明", "某农业大学经济管理学院"),
        ("李红", "某省农业科学院"),
    ]


def test_a_fragment_of_result_filters_with_counts_is_a_list_of_results() -> None:
    items = "".join(
        f'<span class="group"><a>{y}</a></span><span>({100 + y})</span><br>\n' for y in range(2008, 2020)
    )
    r = parse(items, "groups.html")
    assert (r.status, r.reason) == ("quarantined", pagekind.SEARCH_RESULTS)
