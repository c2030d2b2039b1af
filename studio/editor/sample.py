"""A finished sample article (示例图文) that shows every kind of block; used by the demo project,
tests and benchmarks. Image blocks refer to whatever asset ids the caller passes in."""
from __future__ import annotations

from typing import Optional, Sequence

from studio.editor.article import Article, Block, Span, bullet_list, heading, image, paragraph, quote, styled


def sample_article(image_ids: Sequence[int] = (), cover_asset_id: Optional[int] = None,
                   cover_canvas_id: Optional[int] = None, theme: str = "fresh") -> Article:
    ids = list(image_ids) + [None] * 3
    blocks: list[Block] = [
        styled("callout-summary", text="周末去城郊的湖边走走：路线、装备和拍照小技巧，一篇就够了。"),
        paragraph("城市的节奏很快，",
                  Span("偶尔给自己放一个慢一点的周末", bold=True),
                  "，是很值得的事情。这一次，我们从市中心出发，坐地铁加公交大约一个小时，就来到了湖边的步道。"
                  "步道全长 8 公里，沿途有观景台、茶室和一片小小的芦苇荡，适合一家人慢慢走。"),
        heading("一、路线怎么走"),
        styled("section-circle", title="出发前：查好天气和交通",
               text="春秋两季最舒服。建议早上 8 点前出发，避开人流；返程末班公交是 18:30，记得提前规划。"),
        styled("section-circle", title="沿湖步道：从东门进，西门出",
               text="东门附近有免费的地图和饮水点。全程平缓，推着婴儿车也可以走完。"),
    ]
    if ids[0] is not None:
        blocks.append(image(ids[0], caption="清晨的湖面，雾还没有散。", width=100))
    blocks += [
        heading("二、带什么装备"),
        bullet_list("舒适的运动鞋（步道有一段碎石路）", "水和少量零食：湖边补给点不多",
                    "防晒霜、帽子", "一个能装下外套的小背包"),
        styled("callout-tip", text="景区内禁止使用无人机。想拍全景，可以去北侧观景台，视野最开阔。"),
        heading("三、拍照小技巧"),
    ]
    if ids[1] is not None:
        blocks.append(styled("imagetext-left", title="逆光拍芦苇",
                             text="下午四点以后，让阳光从芦苇后面照过来，毛茸茸的边缘会发光。"
                                  "曝光补偿调低一点，画面更有质感。", asset_id=ids[1]))
    blocks += [
        paragraph(Span("构图", bold=True, color="#2f9e44"), "：把地平线放在画面三分之一处；",
                  Span("人物", bold=True, color="#2f9e44"), "：让人物走向画面留白的一侧。",
                  "想了解更多，可以看看", Span("摄影入门指南", link="https://example.com/photo-guide"), "。"),
        quote("“走得慢一点，才看得见风景。”"),
        styled("card-soft", title="一句话总结",
               text="交通方便、难度很低、风景很好：这是一条适合新手和家庭的周末路线。"),
    ]
    if ids[2] is not None:
        blocks.append(image(ids[2], caption="傍晚回程时的天空。", width=80))
    blocks += [
        Block("divider"),
        styled("callout-quote", title="编辑部", text="生活不止眼前的忙碌，还有湖边的风。"),
        paragraph(Span("喜欢这篇文章，欢迎点赞、在看、转发给朋友。", color="#888888"), align="center"),
    ]
    return Article(
        title="周末去哪儿｜城郊湖边慢行指南",
        author="新媒体工作室编辑部",
        digest="路线、装备和拍照小技巧：一篇带你玩转城郊湖边步道。",
        cover_asset_id=cover_asset_id,
        cover_canvas_id=cover_canvas_id,
        original=True,
        theme=theme,
        blocks=blocks,
    )
