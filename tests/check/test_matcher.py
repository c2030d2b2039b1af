"""Evasions that must be found and traps that must not fire, across categories, on the builtin lexicons."""
from __future__ import annotations

import pytest

from studio.check.lexicon import Entry, Exemption, Lexicon, builtin
from studio.check.matcher import Matcher


@pytest.fixture(scope="module")
def matcher():
    return Matcher(builtin())


def terms(matcher, text):
    return {f.term for f in matcher.scan(text)}


# (text, term that must be found, the exact original substring it must cover)
EVASIONS = [
    ("加微信领资料", "加微信", "加微信"),
    ("有事加 微 信聊", "加微信", "加 微 信"),
    ("加微\u200b信", "加微信", "加微\u200b信"),
    ("加微.信", "加微信", "加微.信"),
    ("快加微😀信", "加微信", "加微😀信"),
    ("加微～信", "加微信", "加微～信"),
    ("ＶＸ：abc123", "vx", "ＶＸ"),
    ("私我 V❤X", "vx", "V❤X"),
    ("ⓥⓧ号在主页", "vx", "ⓥⓧ"),
    ("加𝐯𝐱", "vx", "𝐯𝐱"),
    ("加vх（西里尔字母）", "vx", "vх"),
    ("加我薇信", "微信", "薇信"),
    ("加围信详聊", "加微信", "加围信"),
    ("加weixin", "加微信", "加weixin"),
    ("加wei xin 详聊", "加微信", "加wei xin"),
    ("有wei信吗", "微信", "wei信"),
    ("微xin同号", "微信", "微xin"),
    ("WeiXin号", "微信号", "WeiXin号"),
    ("WeiXin，电话", "微信", "WeiXin"),
    ("賭博網站", "赌博", "賭博"),
    ("澳門賭場開業", "澳门赌场", "澳門賭場"),
    ("线上du博平台", "赌博", "du博"),
    ("玩dubo的都来", "赌博", "dubo"),
    ("赌bo群", "赌博", "赌bo"),
    ("出bing毒", "冰毒", "bing毒"),
    ("有冰du吗", "冰毒", "冰du"),
    ("出售毒 品", "毒品", "毒 品"),
    ("毒*品交易", "毒品", "毒*品"),
    ("毒🌿品", "毒品", "毒🌿品"),
    ("出大 麻", "大麻", "大 麻"),
    ("yao tou wan 有货", "摇头丸", "yao tou wan"),
    ("ytw有货", "摇头丸", "ytw"),
    ("招聘刷dan的人", "刷单", "刷dan"),
    ("招聘刷dan兼职", "刷单兼职", "刷dan兼职"),
    ("shua单日结", "刷单", "shua单"),
    ("可以代kao", "代考", "代kao"),
    ("dai考包过", "代考", "dai考"),
    ("出售槍支", "枪支", "槍支"),
    ("仿真 槍", "仿真枪", "仿真 槍"),
    ("你个傻逼", "傻逼", "傻逼"),
    ("TMD真烦", "tmd", "TMD"),
    ("最  佳选择", "最佳", "最  佳"),
    ("本店全网最低价", "最低价", "最低价"),
    ("全网最低价", "全网最", "全网最"),
    ("销量ＴＯＰ１", "top1", "ＴＯＰ１"),
    ("品质NO.1", "no.1", "NO.1"),
    ("国家級品質", "国家级", "国家級"),
    ("微微微信信", "微信", "微微微信信"),
    ("赌赌博博", "赌博", "赌赌博博"),
    ("本产品可以根治糖尿病", "根治", "根治"),
    ("三天见效", "三天见效", "三天见效"),
    ("稳赚不赔的理财", "稳赚不赔", "稳赚不赔"),
    ("保本保息年化8%", "保本保息", "保本保息"),
    ("约炮群", "约炮", "约炮"),
    ("裸 聊", "裸聊", "裸 聊"),
    ("恭喜您中奖了", "恭喜您中奖", "恭喜您中奖"),
    ("花呗套现秒到", "花呗套现", "花呗套现"),
    ("出售假钞", "假钞", "假钞"),
    ("代开发票", "代开发票", "代开发票"),
    ("加qq", "qq", "qq"),
    ("加QQ 123456", "qq", "QQ"),
    ("扫二维码进群", "二维码", "二维码"),
    ("留下手机号码", "手机号", "手机号码"[:3]),
    ("销量第一名", "销量第一", "销量第一"),
    ("你个傻X", "傻x", "傻X"),
    ("出售仿真qiang", "仿真枪", "仿真qiang"),
    ("yue炮吗", "约炮", "yue炮"),
    ("百家樂", "百家乐", "百家樂"),
    ("K 粉", "k粉", "K 粉"),
]


@pytest.mark.parametrize("text,term,span", EVASIONS, ids=[e[0] for e in EVASIONS])
def test_evasion_is_found_with_exact_offsets(matcher, text, term, span):
    hits = [f for f in matcher.scan(text) if f.term == term]
    assert hits, f"{term} not found in {text!r}: {matcher.scan(text)}"
    f = hits[0]
    assert text[f.start:f.end] == f.text == span


# (text, term that must NOT be reported)
TRAPS = [
    ("他开了一枪，支援部队赶到", "枪支"),
    ("他拿起枪，支吾着说不出话", "枪支"),
    ("这家消毒品牌很好", "毒品"),
    ("戊戌维新是一场改良运动", "微信"),
    ("他在村里很有威信", "微信"),
    ("唯心主义与唯物主义", "微信"),
    ("卫星信号很好", "微信"),
    ("我们要为新的一年做准备", "微信"),
    ("我为信仰而战", "微信"),
    ("pip install wxPython", "wx"),
    ("VxWorks 实时系统", "vx"),
    ("用 sbt 编译 Scala", "sb"),
    ("USB 接口", "sb"),
    ("这是我第一次来北京", "第一"),
    ("第一天上班", "第一"),
    ("第一，要注意安全", "第一"),
    ("我们力争第一", "第一"),
    ("这下大麻烦了", "大麻"),
    ("他摇头晃脑地走了", "摇头丸"),
    ("每天刷单词打卡", "刷单"),
    ("可以替代考试的方法", "代考"),
    ("用清水清洗钱包", "洗钱"),
    ("全套现代家具", "套现"),
    ("你最好是早点来", "最好"),
    ("她是我最好的朋友", "最好"),
    ("这是唯一的方法", "唯一"),
    ("大麻哈鱼很好吃", "大麻"),
    ("他强制执行了判决", "枪支"),
    ("墙纸贴歪了", "枪支"),
    ("广场上跳舞的大妈", "大麻"),
    ("视频需要打码", "大麻"),
    ("这部剧是独播的", "赌博"),
    ("饭都凉了快吃吧", "贩毒"),
    ("滑冰毒舌的解说员", "冰毒"),
    ("打赌场面很热闹", "赌场"),
    ("我今天收到快递", "赌场"),
    ("这个枪之王者", "枪支"),
    ("国家级非物质文化遗产", "国家级"),
    ("他住院接受治疗", "治疗"),
    ("经济学中的绝对优势", "绝对"),
    ("一个大码女装店", "大麻"),
    ("他在读博士", "赌博"),
    ("我爱你中国", "微信"),
    ("治愈系的电影", "治愈"),
    ("垃圾分类和废物利用", "废物"),
    ("这个活动很有意思", "活动"),
    ("本店最新的一款", "最新"),
    ("本品牌最高端型号", "最高端"),
    ("大，马", "大麻"),
]


@pytest.mark.parametrize("text,term", TRAPS, ids=[t[0] for t in TRAPS])
def test_trap_does_not_fire(matcher, text, term):
    assert term not in terms(matcher, text), matcher.scan(text)


CLEAN = """今天天气很好，我们一起去公园散步。孩子们在草地上放风筝，老人们在树下下棋。
新学期开始了，老师给同学们讲了学习方法，大家都很认真。晚饭后，妈妈做了红烧肉和青菜。
这本书讲的是一个普通人的奋斗故事，读完以后我很受启发。周末我们打算去博物馆看展览。
公司新来的同事很热情，帮我解决了不少问题。下雨了，记得带伞。城市的夜景非常漂亮。
他每天早上跑步五公里，坚持了三年。图书馆里很安静，只有翻书的声音。春天来了，花都开了。"""


def test_ordinary_text_is_clean(matcher):
    assert matcher.scan(CLEAN) == []


def test_offsets_index_the_original_text(matcher):
    text = "前言\n\n本品全网最低价！\r\n加 V❤X：abc，或者加围信。"
    found = matcher.scan(text)
    assert found
    for f in found:
        assert text[f.start:f.end] == f.text
        assert f.start < f.end


def test_user_lexicon_and_allow_list():
    lex = Lexicon("t", [Entry("土豆", "user", "notice", "马铃薯", "test")], ["土豆丝"])
    m = Matcher(lex)
    assert [(f.text, f.severity, f.suggestion) for f in m.scan("买土豆")] == [("土豆", "notice", "马铃薯")]
    assert m.scan("炒土豆丝") == []


def test_exemption_rule_targets_category():
    lex = Lexicon("t", [Entry("极好", "ad_absolute")], [], [Exemption("@ad_absolute", "梦想{T}", "goal")])
    m = Matcher(lex)
    assert m.scan("质量极好") and not m.scan("梦想极好")


def test_homophones_only_for_evasive_categories():
    ad = Matcher(Lexicon("t", [Entry("最佳", "ad_absolute")]))
    drug = Matcher(Lexicon("t", [Entry("毒品", "drugs")]))
    assert ad.scan("最家") == []
    assert [f.how for f in drug.scan("出售毒拼")] == ["homophone"]


def test_more_severe_duplicate_wins():
    lex = Lexicon("t", [Entry("abc词", "user", "notice"), Entry("ABC词", "drugs", "block")])
    assert [f.severity for f in Matcher(lex).scan("有abc词")] == ["block"]


def test_skipping_has_a_limit():
    m = Matcher(Lexicon("t", [Entry("毒品", "drugs")]))
    assert m.scan("毒   品") and not m.scan("毒" + " " * 12 + "品")
