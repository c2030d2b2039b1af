"""The demo shooting script (示例分镜脚本): a city-walk short planned shot by shot, each shot
linked to the clip of the demo video that realises it."""
from __future__ import annotations

from sqlalchemy import select

from studio.project import Project
from studio.project.models.video import VideoProject
from studio.video import script

TITLE = "周末城市漫游 · 分镜脚本"
SHOTS = [
    script.ShotEntry("城市开场", "大远景", "航拍", "清晨城市天际线，阳光穿过楼群", "周末，去城市里走一走。", 2.0, "鼓点进入，第 1 小节切"),
    script.ShotEntry("街头", "全景", "跟", "行人穿过斑马线，镜头跟随", "", 2.0, "每 4 拍一切"),
    script.ShotEntry("小店", "中景", "推", "推进到咖啡店门口的招牌", "转角遇到一家小店。", 2.0),
    script.ShotEntry("细节", "特写", "固定", "咖啡拉花，奶泡缓缓散开", "慢下来，才看见生活的细节。", 2.0, "重拍强调"),
    script.ShotEntry("收尾", "全景", "拉", "人物走远，镜头拉开到街景", "下个周末，你想去哪儿？", 2.0, "音乐淡出"),
]


def populate(project: Project) -> int:
    with project.read() as s:
        video_id = s.scalars(select(VideoProject.id).order_by(VideoProject.id)).first()
    script_id = script.create(project, TITLE, "blank", video_id=video_id)
    for i, entry in enumerate(SHOTS):
        linked = script.ShotEntry(**{**entry.__dict__, "clip_index": i if video_id is not None else None})
        script.add_shot(project, script_id, linked)
    script.update_script(project, script_id, notes="平台：抖音 9:16 · 时长约 10 秒 · 音乐 120 BPM，每 4 拍切换一个镜头。")
    return script_id
