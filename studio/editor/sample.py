"""A finished sample article (示例图文) that shows every kind of block; used by the demo project,
tests and benchmarks. Image blocks refer to whatever asset ids the caller passes in."""
from __future__ import annotations

from typing import Optional, Sequence

from studio.editor.article import Article, Block, Span, bullet_list, heading, image, paragraph, quote, styled


def sample_article(image_ids: Sequence[int] = (), cover_asset_id: Optional[int] = None,
                   cover_canvas_id: Optional[int] = None, theme: str = "warm") -> Article:
    ids = list(image_ids) + [None] * 3
    blocks: list[Block] = [
        styled("callout-summary", text="给自己留一杯咖啡的时间：手冲步骤、拍照技巧和几个慢下来的小建议，一篇就够了。"),
        paragraph("工作日的节奏很快，",
                  Span("周末不妨给自己留出十分钟", bold=True),
                  "，认真冲一杯咖啡。称豆、磨粉、注水，每一步都很简单，"
                  "却能让人从忙碌里抽身出来。下面是编辑部整理的入门方法，新手照着做就能成功。"),
        heading("一、手冲一杯咖啡"),
        styled("section-circle", title="准备：豆子、磨豆机和 92℃ 的水",
               text="中度烘焙的豆子 15 克，研磨到砂糖粗细；水温 90–92℃，粉水比约 1:15。"),
        styled("section-circle", title="冲煮：闷蒸 30 秒，再分三次注水",
               text="先用 30 毫升水闷蒸，让咖啡粉充分膨胀；随后画圈分三次注水，总时间控制在 2 分钟左右。"),
    ]
    if ids[0] is not None:
        blocks.append(image(ids[0], caption="清晨的第一杯咖啡。", width=100))
    blocks += [
        heading("二、需要准备什么"),
        bullet_list("新鲜烘焙的咖啡豆（烘焙后两周内风味最好）", "手冲壶和滤杯：细口壶更容易控制水流",
                    "一台电子秤，用来称豆子和水", "一本想读很久的书"),
        styled("callout-tip", text="每个人对咖啡因的耐受不同。下午三点以后，可以换成低因咖啡或一杯热茶。"),
        heading("三、给生活拍张照"),
    ]
    if ids[1] is not None:
        blocks.append(styled("imagetext-left", title="用光线讲故事",
                             text="靠窗的位置光线最柔和。让光从侧面照过来，杯子的轮廓和热气都会更清楚；"
                                  "试试黑白模式，画面会更安静。", asset_id=ids[1]))
    blocks += [
        paragraph(Span("构图", bold=True, color="#e8590c"), "：把杯子放在画面三分之一处；",
                  Span("道具", bold=True, color="#e8590c"), "：一本书、一束花就足够。",
                  "想了解更多，可以看看", Span("手机摄影入门", link="https://example.com/photo-guide"), "。"),
        quote("“慢慢来，比较快。”"),
        styled("card-soft", title="一句话总结",
               text="一杯好咖啡只需要十分钟：称量、闷蒸、注水，然后安静地享受它。"),
    ]
    if ids[2] is not None:
        blocks.append(image(ids[2], caption="傍晚，窗外的晚霞。", width=80))
    blocks += [
        Block("divider"),
        styled("callout-quote", title="编辑部", text="生活不止眼前的忙碌，还有一杯咖啡的时间。"),
        paragraph(Span("喜欢这篇文章，欢迎点赞、在看、转发给朋友。", color="#888888"), align="center"),
    ]
    return Article(
        title="一杯咖啡的时间｜周末慢生活指南",
        author="新媒体工作室编辑部",
        digest="手冲步骤、拍照技巧和慢下来的小建议：周末给自己一杯咖啡的时间。",
        cover_asset_id=cover_asset_id,
        cover_canvas_id=cover_canvas_id,
        original=True,
        theme=theme,
        blocks=blocks,
    )
