"""Text originality: paragraph similarity (MinHash LSH + exact containment) and repost lines."""
from __future__ import annotations

import random

from studio.check import originality as orig
from studio.check.originality import Document, Index, compare, paragraphs_of, repost_findings
from studio.check.usage import texts_of
from studio.editor.article import Article, heading, paragraph
from studio.editor.store import load_article
from tests.check.test_copyright import add_article, add_asset

SOURCE = [
    "城市夜跑的人越来越多，但夜间路面车辆多，穿反光背心是最重要的安全保障。",
    "一双缓震好的跑鞋能保护膝盖，城市路面偏硬，缓震不足很容易受伤。",
    "跑前做十分钟动态拉伸，跑后做静态拉伸，第二天就不会腿疼。",
]
CHARS = "的一是在不了有人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文总次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指几九区强放决西被干做必战先回则任取据处理世车"


def para(text, doc="a", where="第 1 段"):
    return paragraphs_of(Document(doc, doc, "external"), [(where, text)]).paragraphs[0]


def test_normalise_ignores_punctuation_spacing_and_case():
    assert orig.normalise("Hello, 世界！ 你好。") == "hello世界你好"
    a, b = orig.grams("城市夜跑，注意安全！反光背心很重要。"), orig.grams("城市夜跑 注意安全 反光背心很重要")
    assert set(a.tolist()) == set(b.tolist())


def test_copied_paragraph_is_found_with_its_source_position():
    source = paragraphs_of(Document("src", "网文", "external"), [(f"第 {i + 1} 段", t) for i, t in enumerate(SOURCE)])
    mine = paragraphs_of(Document("me", "我的", "article"), [
        ("正文第 1 块", "今天聊聊跑步装备，先说一个很多人忽略的问题。"),
        ("正文第 2 块", SOURCE[1].replace("，", "。").replace("很容易", "容易")),
    ])
    [m] = compare(mine, Index([source]))
    assert (m.where, m.other_where, m.other.key) == ("正文第 2 块", "第 2 段", "src")
    assert m.containment > 0.8


def test_paragraph_merged_from_two_source_paragraphs_names_both():
    source = paragraphs_of(Document("src", "网文", "external"), [(f"第 {i + 1} 段", t) for i, t in enumerate(SOURCE)])
    mine = paragraphs_of(Document("me", "我的", "article"), [("正文第 3 块", SOURCE[0] + SOURCE[2])])
    [m] = compare(mine, Index([source]))
    assert m.other_where == "第 1 段、第 3 段" and m.containment > 0.9


def test_unrelated_and_short_paragraphs_do_not_match():
    rng = random.Random(5)
    docs = [paragraphs_of(Document(f"d{i}", f"d{i}", "article"),
                          [("第 1 段", "".join(rng.choice(CHARS) for _ in range(80)))]) for i in range(50)]
    mine = paragraphs_of(Document("me", "我的", "article"), [("正文第 1 块", "".join(rng.choice(CHARS) for _ in range(80)))])
    assert compare(mine, Index(docs)) == []
    short = paragraphs_of(Document("s", "s", "article"), [("x", "喜欢就点个赞吧")])
    assert short.paragraphs == []


def test_lsh_recall_on_many_documents():
    """Among 300 random documents, the 20 that hold a lightly edited copy are all found."""
    rng = random.Random(7)
    texts = ["".join(rng.choice(CHARS) for _ in range(120)) for _ in range(300)]
    docs = [paragraphs_of(Document(f"d{i}", f"d{i}", "external"), [("第 1 段", t)]) for i, t in enumerate(texts)]
    index = Index(docs)
    for i in range(0, 300, 15):
        t = list(texts[i])
        for k in rng.sample(range(len(t)), 6):  # six characters changed
            t[k] = rng.choice(CHARS)
        found = [m.other.key for m in compare(paragraphs_of(Document("q", "q", "article"), [("p", "".join(t))]), index)]
        assert found == [f"d{i}"]


def test_repost_needs_source_and_author():
    assert repost_findings(Article(original=True), []) == []
    [f] = repost_findings(Article(original=False), ["正文"])
    assert (f.level, f.area) == ("block", "repost") and "来源和作者" in f.message
    [f] = repost_findings(Article(original=False, source="某公众号"), [])
    assert f.level == "warn" and "作者" in f.message
    assert repost_findings(Article(original=False, source="某公众号", source_author="王五"), []) == []
    assert repost_findings(Article(original=False), ["正文", "来源：某公众号\n作者：王五"]) == []


def test_article_copying_external_text_warns_and_own_material_is_a_notice(project, tmp_path):
    web = tmp_path / "web.txt"
    web.write_text("\n".join(SOURCE), encoding="utf-8")
    add_asset(project, web, licence="unknown", source_url="https://example.com/run")
    mine = tmp_path / "mine.md"
    mine.write_text("# 选题\n\n咖啡馆周末人多，建议早上九点前去，能坐到靠窗的位置看书。\n", encoding="utf-8")
    add_asset(project, mine, licence="own")
    earlier = add_article(project, paragraph("公园的步道晚上灯光不足，头灯或者手持灯能帮你看清脚下的路面。"))

    art_id = add_article(project, heading("夜跑"), paragraph(SOURCE[0]), paragraph(SOURCE[1]),
                         paragraph("咖啡馆周末人多，建议早上九点前去，能坐到靠窗的位置看书。"),
                         paragraph("公园的步道晚上灯光不足，头灯或者手持灯能帮你看清脚下的路面！"),
                         paragraph("这一段是编辑自己写的，和任何素材都没有关系，只是凑一凑字数而已。"))
    found = orig.check_article(project, art_id, texts_of(project, "article", art_id), load_article(project, art_id))
    by_kind = {f.ref["document"].split(":")[0] + ":" + str(f.level): f for f in found}
    ext = next(f for f in found if f.level == "warn")
    assert ext.where == "正文第 2 块、正文第 3 块" and "example.com/run" in ext.fix
    notices = sorted(f.ref["document"] for f in found if f.level == "notice")
    assert notices[0] == f"article:{earlier}" and notices[1].startswith("asset:")
    assert len(found) == 3, by_kind

    # the same text as a repost with its source line: no warning, only notices
    art = load_article(project, art_id)
    art.original, art.source, art.source_author = False, "https://example.com/run", "跑者甲"
    from studio.editor.store import save_article

    save_article(project, art_id, art)
    found = orig.check_article(project, art_id, texts_of(project, "article", art_id), load_article(project, art_id))
    assert all(f.level == "notice" for f in found) and len(found) == 3
