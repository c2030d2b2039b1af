"""Shooting scripts (分镜脚本): a table of shots with templates, export to xlsx/csv/Markdown and
links from shots to clips of a video's timeline. Every edit is one undoable project action."""
from __future__ import annotations

import csv
import io
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional

from sqlalchemy import func, select

from studio.project import Project
from studio.project.errors import StudioError
from studio.project.models.script import Shot, ShotScript

SHOT_SIZES = ["大远景", "远景", "全景", "中景", "近景", "特写", "大特写"]
CAMERA_MOVES = ["固定", "推", "拉", "摇", "移", "跟", "升", "降", "环绕", "甩", "手持", "航拍"]

# (field, Chinese header, English header)
COLUMNS = [
    ("number", "镜号", "No."),
    ("scene", "场景", "Scene"),
    ("shot_size", "景别", "Shot size"),
    ("camera", "运镜", "Camera move"),
    ("content", "画面内容", "Content"),
    ("line", "台词/旁白", "Line / voice-over"),
    ("duration", "时长(秒)", "Duration (s)"),
    ("music", "音乐/音效", "Music cue"),
    ("clip", "对应片段", "Timeline clip"),
]
EDITABLE = ("scene", "shot_size", "camera", "content", "line", "duration", "music", "clip_index")


class ScriptError(StudioError):
    pass


class ScriptNotFoundError(ScriptError):
    def __init__(self, script_id) -> None:
        super().__init__(f"No shooting script number {script_id} (没有编号为 {script_id} 的分镜脚本). "
                         "List them with `nmstudio script list PROJECT`.")


@dataclass
class ShotEntry:
    scene: str = ""
    shot_size: str = ""
    camera: str = ""
    content: str = ""
    line: str = ""
    duration: float = 0.0
    music: str = ""
    clip_index: Optional[int] = None
    id: Optional[int] = None  # row id once stored

    def cells(self, number: int) -> list:
        """The exported row, in COLUMNS order."""
        clip = f"#{self.clip_index + 1}" if self.clip_index is not None else ""
        return [number, self.scene, self.shot_size, self.camera, self.content, self.line,
                round(self.duration, 2), self.music, clip]


@dataclass
class ScriptDoc:
    title: str
    shots: list[ShotEntry] = field(default_factory=list)
    notes: str = ""
    template: str = "blank"
    video_id: Optional[int] = None
    id: Optional[int] = None

    @property
    def total_duration(self) -> float:
        return sum(s.duration for s in self.shots)


# ---------------------------------------------------------------- templates

def _s(scene, size, camera, content, line, duration, music="") -> ShotEntry:
    return ShotEntry(scene, size, camera, content, line, duration, music)


TEMPLATES: dict[str, tuple[str, str, list[ShotEntry]]] = {
    "blank": ("空白", "Blank", []),
    "product": ("产品种草", "Product recommendation", [
        _s("开场", "特写", "推", "产品局部质感，快速推近", "你是不是也遇到过这个问题？", 2.0, "节奏鼓点进入"),
        _s("痛点", "中景", "固定", "人物面对镜头，表现使用前的困扰", "以前每天早上都要花半小时……", 4.0),
        _s("产品亮相", "近景", "环绕", "产品置于桌面，环绕一圈", "直到我用了它。", 3.0, "重拍处切入"),
        _s("功能演示", "特写", "跟", "手部操作演示核心功能", "一键就能搞定，三秒出结果。", 5.0),
        _s("效果对比", "全景", "摇", "使用前后对比，分屏", "看，差别一目了然。", 4.0),
        _s("引导互动", "中景", "固定", "人物微笑，指向屏幕下方", "喜欢就点个关注，评论区告诉我你的想法！", 3.0, "音乐收尾"),
    ]),
    "vlog": ("探店 Vlog", "Shop-visit vlog", [
        _s("街口", "远景", "航拍", "店铺所在街区全貌", "今天带大家来一家藏在巷子里的小店。", 3.0, "轻快吉他"),
        _s("门头", "全景", "推", "从街面推到店铺招牌", "", 2.0),
        _s("店内", "中景", "手持", "主持人进门，环顾店内环境", "一进门就被这个装修惊到了！", 4.0),
        _s("招牌菜", "特写", "固定", "菜品上桌，热气升腾", "这是他们家的招牌，必点。", 3.0, "卡点转场"),
        _s("试吃", "近景", "固定", "主持人试吃，表情反应", "嗯——外酥里嫩，绝了！", 4.0),
        _s("结尾", "中景", "拉", "主持人挥手告别，镜头拉远", "地址放在评论区，下期见！", 3.0, "音乐淡出"),
    ]),
    "knowledge": ("知识口播", "Talking-head explainer", [
        _s("钩子", "近景", "推", "主持人抛出问题，字幕强调关键词", "90% 的人都做错了这件事。", 3.0),
        _s("观点", "中景", "固定", "主持人讲解，右侧出现要点字幕", "其实原因只有三个。", 6.0),
        _s("举例", "特写", "移", "示意图或实物演示", "比如说……", 6.0),
        _s("总结", "中景", "固定", "三点要点字幕依次出现", "记住这三点就够了。", 4.0),
        _s("引导", "近景", "固定", "主持人点头示意关注", "关注我，每天一个实用小知识。", 2.0, "片尾音效"),
    ]),
}


def template_names() -> list[tuple[str, str, str]]:
    return [(key, zh, en) for key, (zh, en, _) in TEMPLATES.items()]


# ---------------------------------------------------------------- project operations

def create(project: Project, title: str, template: str = "blank", video_id: Optional[int] = None) -> int:
    if template not in TEMPLATES:
        raise ScriptError(f"Unknown template (未知模板) {template!r}; choose one of {', '.join(TEMPLATES)}.")
    with project.action(f"新建分镜脚本 / New shooting script: {title}") as s:
        row = ShotScript(title=title, template=template, notes="", video_id=video_id)
        s.add(row)
        s.flush()
        for pos, entry in enumerate(TEMPLATES[template][2]):
            s.add(_shot_row(row.id, pos, entry))
        return row.id


def list_scripts(project: Project) -> list[dict]:
    with project.read() as s:
        counts = dict(s.execute(select(Shot.script_id, func.count(Shot.id)).group_by(Shot.script_id)).all())
        total = dict(s.execute(select(Shot.script_id, func.sum(Shot.duration)).group_by(Shot.script_id)).all())
        return [{"id": r.id, "title": r.title, "template": r.template, "video_id": r.video_id,
                 "shots": counts.get(r.id, 0), "duration": round(float(total.get(r.id) or 0.0), 2)}
                for r in s.scalars(select(ShotScript).order_by(ShotScript.id))]


def load(project: Project, script_id: int) -> ScriptDoc:
    with project.read() as s:
        row = s.get(ShotScript, script_id)
        if row is None:
            raise ScriptNotFoundError(script_id)
        shots = s.scalars(select(Shot).where(Shot.script_id == script_id).order_by(Shot.position, Shot.id)).all()
        return ScriptDoc(row.title, [_entry(r) for r in shots], row.notes, row.template, row.video_id, row.id)


def update_script(project: Project, script_id: int, *, title: Optional[str] = None, notes: Optional[str] = None,
                  video_id: Optional[int] = -1) -> None:
    """Change the title, notes or linked video (video_id=None unlinks; -1 leaves it)."""
    with project.action("修改分镜脚本 / Edit shooting script") as s:
        row = _script(s, script_id)
        if title is not None:
            row.title = title
        if notes is not None:
            row.notes = notes
        if video_id != -1:
            row.video_id = video_id


def delete_script(project: Project, script_id: int) -> None:
    with project.action("删除分镜脚本 / Delete shooting script") as s:
        row = _script(s, script_id)
        for shot in s.scalars(select(Shot).where(Shot.script_id == script_id)):
            s.delete(shot)
        s.delete(row)


def add_shot(project: Project, script_id: int, entry: Optional[ShotEntry] = None,
             after: Optional[int] = None) -> int:
    """Insert a shot after shot id `after` (or at the end); returns its id."""
    entry = entry or ShotEntry()
    with project.action("添加镜头 / Add shot") as s:
        _script(s, script_id)
        shots = _ordered(s, script_id)
        index = len(shots)
        if after is not None:
            index = next((i + 1 for i, r in enumerate(shots) if r.id == after), len(shots))
        row = _shot_row(script_id, index, entry)
        s.add(row)
        shots.insert(index, row)
        _renumber(shots)
        s.flush()
        return row.id


def update_shot(project: Project, shot_id: int, **values) -> None:
    """Set any of EDITABLE on a shot, as one undoable action."""
    unknown = set(values) - set(EDITABLE)
    if unknown:
        raise ScriptError(f"Unknown shot field(s) (未知字段): {', '.join(sorted(unknown))}")
    if "duration" in values:
        values["duration"] = _duration(values["duration"])
    with project.action("编辑镜头 / Edit shot") as s:
        row = _shot(s, shot_id)
        for key, value in values.items():
            setattr(row, key, value)


def delete_shot(project: Project, shot_id: int) -> None:
    with project.action("删除镜头 / Delete shot") as s:
        row = _shot(s, shot_id)
        script_id = row.script_id
        s.delete(row)
        s.flush()
        _renumber(_ordered(s, script_id))


def move_shot(project: Project, shot_id: int, delta: int) -> None:
    """Move a shot up (negative) or down the table."""
    with project.action("移动镜头 / Move shot") as s:
        row = _shot(s, shot_id)
        shots = _ordered(s, row.script_id)
        i = shots.index(row)
        j = max(0, min(len(shots) - 1, i + delta))
        shots.insert(j, shots.pop(i))
        _renumber(shots)


def shots_from_timeline(project: Project, script_id: int, clip_lengths: list[float],
                        names: Optional[list[str]] = None) -> None:
    """Give every timeline clip a linked shot (existing links are kept; missing ones appended)."""
    with project.action("按时间线生成镜头 / Shots from timeline") as s:
        _script(s, script_id)
        shots = _ordered(s, script_id)
        linked = {r.clip_index for r in shots}
        for i, length in enumerate(clip_lengths):
            if i in linked:
                continue
            content = names[i] if names and i < len(names) else ""
            row = _shot_row(script_id, len(shots), ShotEntry(content=content, duration=round(length, 2), clip_index=i))
            s.add(row)
            shots.append(row)


def _duration(value) -> float:
    try:
        d = float(value)
    except (TypeError, ValueError):
        raise ScriptError(f"Duration must be a number of seconds (时长应为秒数): {value!r}") from None
    if d < 0 or d > 24 * 3600:
        raise ScriptError(f"Duration out of range (时长超出范围): {d}")
    return d


def _script(s, script_id: int) -> ShotScript:
    row = s.get(ShotScript, script_id)
    if row is None:
        raise ScriptNotFoundError(script_id)
    return row


def _shot(s, shot_id: int) -> Shot:
    row = s.get(Shot, shot_id)
    if row is None:
        raise ScriptError(f"No shot with id {shot_id} (找不到该镜头); it may have been deleted.")
    return row


def _ordered(s, script_id: int) -> list[Shot]:
    return list(s.scalars(select(Shot).where(Shot.script_id == script_id).order_by(Shot.position, Shot.id)))


def _renumber(shots: list[Shot]) -> None:
    for i, row in enumerate(shots):
        if row.position != i:
            row.position = i


def _shot_row(script_id: int, position: int, e: ShotEntry) -> Shot:
    return Shot(script_id=script_id, position=position, scene=e.scene, shot_size=e.shot_size, camera=e.camera,
                content=e.content, line=e.line, duration=_duration(e.duration), music=e.music,
                clip_index=e.clip_index)


def _entry(r: Shot) -> ShotEntry:
    return ShotEntry(r.scene, r.shot_size, r.camera, r.content, r.line, r.duration, r.music, r.clip_index, r.id)


# ---------------------------------------------------------------- export

def headers(english: bool = False) -> list[str]:
    return [en if english else zh for _, zh, en in COLUMNS]


def rows(doc: ScriptDoc) -> list[list]:
    return [shot.cells(i + 1) for i, shot in enumerate(doc.shots)]


def to_csv(doc: ScriptDoc) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow(headers())
    w.writerows(rows(doc))
    return buf.getvalue()


def _md_cell(value) -> str:
    text = "" if value is None else str(value)
    return text.replace("|", "\\|").replace("\r", "").replace("\n", "<br>")


def to_markdown(doc: ScriptDoc) -> str:
    lines = [f"# {doc.title}", ""]
    if doc.notes.strip():
        lines += [doc.notes.strip(), ""]
    lines.append(f"共 {len(doc.shots)} 个镜头，总时长 {doc.total_duration:.1f} 秒 "
                 f"({len(doc.shots)} shots, {doc.total_duration:.1f} s)")
    lines.append("")
    lines.append("| " + " | ".join(headers()) + " |")
    lines.append("|" + "|".join("---:" if key in ("number", "duration") else "---" for key, _, _ in COLUMNS) + "|")
    for row in rows(doc):
        lines.append("| " + " | ".join(_md_cell(v) for v in row) + " |")
    return "\n".join(lines) + "\n"


def to_xlsx(doc: ScriptDoc, path: str | os.PathLike) -> Path:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side

    wb = Workbook()
    ws = wb.active
    ws.title = "分镜脚本"
    n = len(COLUMNS)
    ws.cell(row=1, column=1, value=doc.title).font = Font(bold=True, size=14)
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=n)
    thin = Side(style="thin", color="999999")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    for c, title in enumerate(headers(), 1):
        cell = ws.cell(row=2, column=c, value=title)
        cell.font = Font(bold=True, color="FFFFFF")
        cell.fill = PatternFill("solid", fgColor="3A6EA5")
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        cell.border = border
    for r, values in enumerate(rows(doc), 3):
        for c, value in enumerate(values, 1):
            cell = ws.cell(row=r, column=c, value=value)
            cell.alignment = Alignment(vertical="top", wrap_text=True)
            cell.border = border
    total_row = len(doc.shots) + 3
    ws.cell(row=total_row, column=1, value="合计").font = Font(bold=True)
    dur_col = [k for k, _, _ in COLUMNS].index("duration") + 1
    if doc.shots:
        letter = ws.cell(row=3, column=dur_col).column_letter
        ws.cell(row=total_row, column=dur_col, value=f"=SUM({letter}3:{letter}{total_row - 1})").font = Font(bold=True)
    widths = {"number": 6, "scene": 12, "shot_size": 8, "camera": 8, "content": 36, "line": 36,
              "duration": 9, "music": 16, "clip": 10}
    for c, (key, _, _) in enumerate(COLUMNS, 1):
        ws.column_dimensions[ws.cell(row=2, column=c).column_letter].width = widths[key]
    ws.freeze_panes = "A3"
    path = Path(path)
    wb.save(path)
    return path


EXPORTERS = {".xlsx": "xlsx", ".csv": "csv", ".md": "markdown", ".markdown": "markdown"}


def export(doc: ScriptDoc, path: str | os.PathLike) -> Path:
    """Write the script to `path`; the format follows the suffix (.xlsx, .csv, .md)."""
    path = Path(path)
    kind = EXPORTERS.get(path.suffix.lower())
    if kind is None:
        raise ScriptError(f"Cannot export to {path.suffix or 'a file without suffix'} (不支持的导出格式); "
                          "use .xlsx, .csv or .md.")
    try:
        if kind == "xlsx":
            return to_xlsx(doc, path)
        # utf-8-sig: Excel opens a Chinese CSV correctly only with the BOM
        text = to_csv(doc) if kind == "csv" else to_markdown(doc)
        path.write_text(text, encoding="utf-8-sig" if kind == "csv" else "utf-8", newline="")
    except PermissionError as exc:
        raise ScriptError(f"Cannot write {path} (没有写入权限或文件正被占用): {exc}. "
                          "Close it in other programs or choose another folder.") from exc
    return path
