"""Proofreading: counts, punctuation, spacing, typos, platform length limits."""
from __future__ import annotations

from studio.editor.article import Article, paragraph
from studio.editor.proofread import apply_suggestion, check_lengths, check_text, count, proofread


def kinds(text):
    return [(i.kind, i.text) for i in check_text(text)]


def test_clean_text_has_no_issues():
    assert check_text("我们用 Python 写了一个程序，效果很好。价格是 100 元（含税）。") == []


def test_counts_and_reading_time():
    s = count("中文" * 200 + " hello world" * 50, images=6)
    assert s.cjk == 400 and s.words == 100
    assert s.reading_minutes == round(400 / 400 + 100 / 200 + 1.0, 1)


def test_half_width_punctuation_in_chinese():
    issues = check_text("你好,世界!真的吗?(注释)")
    mixed = [i for i in issues if i.kind == "punct-mixed"]
    assert [i.text for i in mixed] == [",", "!", "?", "(", ")"]
    assert [i.suggestion for i in mixed] == ["，", "！", "？", "（", "）"]
    # decimals, times and English sentences are left alone
    assert check_text("版本 3.14 在 18:30 发布。Hello, world.") == []


def test_doubled_punctuation():
    assert ("punct-double", "，，") in kinds("好的，，我们走")
    assert ("punct-double", "。，") in kinds("结束了。，然后")
    assert not [k for k in kinds("真的吗？！……——") if k[0] == "punct-double"]


def test_chinese_latin_spacing():
    issues = [i for i in check_text("我用iPhone拍了3张照片") if i.kind == "spacing"]
    assert [i.start for i in issues] == [2, 8, 10, 11]
    text = "我用iPhone拍"
    for issue in reversed([i for i in check_text(text) if i.kind == "spacing"]):
        text = apply_suggestion(text, issue)
    assert text == "我用 iPhone 拍"


def test_full_width_letters():
    issue = next(i for i in check_text("型号ＡＢ１２很好") if i.kind == "fullwidth")
    assert issue.suggestion == "AB12"


def test_typos():
    found = {(i.text, i.suggestion) for i in check_text("请按装软件，既使失败也要再接再励。") if i.kind == "typo"}
    assert found == {("按装", "安装"), ("既使", "即使"), ("再接再励", "再接再厉")}


def test_length_limits_per_platform():
    title = "这是一个非常非常长的标题，用来测试各个平台的标题长度限制是否生效"
    issues = check_lengths(title, "短摘要")
    platforms = {i.message for i in issues}
    assert any("小红书" in m for m in platforms) and not any("微信公众号" in m for m in platforms)
    assert all(i.where == "title" for i in issues)
    assert check_lengths("标题", "")[0].message.startswith("标题太短")
    digest_issues = check_lengths("合适长度的标题", "摘" * 130, ["wechat"])
    assert [i.where for i in digest_issues] == ["digest"]
    assert len(digest_issues[0].suggestion) == 120


def test_article_report_locates_blocks_and_reposts():
    a = Article(title="合适长度的标题", original=False,
                blocks=[paragraph("没问题的段落。"), paragraph("这里按装了,软件")])
    report = proofread(a, ["wechat"])
    assert {i.where for i in report.issues if i.kind in ("typo", "punct-mixed")} == {"block 1"}
    assert report.by_kind("source")
    assert report.stats.paragraphs == 2


def test_paste_cleanup():
    from studio.editor.paste import clean_paste
    raw = "\u3000\u3000第一段 文字,来自网页\u200b。。\r\n\r\n\r\n第二段\u00a0\u00a0有  Python 3.11 和 iPhone!\t\n  "
    assert clean_paste(raw) == "第一段文字，来自网页。\n第二段有 Python 3.11 和 iPhone!"
    assert clean_paste("Hello, world. 1.5 km") == "Hello, world. 1.5 km"
