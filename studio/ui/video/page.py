"""The 视频 page: library media, preview, clip/music/caption panels, the beat grid and timeline.

Every edit becomes a core operation saved through `studio.video.store` as one undoable project
action. The page shows its own saves at once and reloads from the project only for changes made
elsewhere (undo/redo, other pages) that touch its video or the media it uses.
"""
from __future__ import annotations

import time
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from typing import Optional

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (QComboBox, QFileDialog, QFrame, QHBoxLayout, QLabel, QPushButton, QScrollArea,
                               QSizePolicy, QSpinBox, QSplitter, QTabWidget, QToolBar, QToolButton, QVBoxLayout, QWidget)

from studio.video import beatcut, beats, captions, store
from studio.video.beatgrid import BeatGrid, tap_tempo
from studio.video.presets import PRESETS, get_preset
from studio.video.preview import waveform
from studio.video.render import cover_frame, render
from studio.video.timeline import ASPECTS, FIT_MODES, InvalidValueError, Timeline, TimelineError
from studio.ui.video.overlays import OverlayPanel
from studio.ui.video.panels import AssetList, CaptionEditor, ClipInspector, MusicPanel
from studio.ui.video.player import PreviewPane
from studio.ui.video.timeline_view import TimelineView, grid_label

WAVE_RATE = 50
TAP_SETTLE_MS = 1500
COMPACT_BELOW = 1050  # page width (at 100 % scale) below which the media list folds into the tabs


class VideoPage(QWidget):
    def __init__(self, ctx) -> None:
        super().__init__()
        self.ctx = ctx
        self.project = None
        self.video_id: Optional[int] = None
        self.tl = Timeline()
        self.waves: dict[str, list[float]] = {}
        self.taps: list[float] = []
        self.tap_timer = QTimer(self, singleShot=True, interval=TAP_SETTLE_MS, timeout=self._apply_taps)
        self.media_stale = False  # the library changed while the page was hidden
        self._build()
        self.live_checks = self._attach_checker()
        ctx.on_change(self, self._project_changed)
        self.set_project(ctx.project)

    def _attach_checker(self) -> list:
        """Live sensitive-word highlighting of captions and overlay text, when the checker is installed."""
        try:
            from studio.ui.check.live import checker_for
            from studio.ui.video.checking import attach_checks
        except ImportError:
            return []
        return attach_checks(self, checker_for(self.ctx))

    # ---- layout -------------------------------------------------------------------------
    def _build(self) -> None:
        tr = self.ctx.tr
        self.videos = QComboBox()
        self.videos.setSizeAdjustPolicy(QComboBox.AdjustToMinimumContentsLengthWithIcon)
        self.videos.setMinimumContentsLength(8)
        self.videos.activated.connect(lambda _i: self._open(self.videos.currentData()))
        new = QPushButton(tr("新建视频", "New video"))
        new.clicked.connect(self._new_video)
        self.preset = _combo([(self.ctx.tr_pair(p.label), p.name) for p in PRESETS.values() if p.name != "preview"])
        self.preset.activated.connect(lambda _i: self._preset_changed())
        self.aspect = _combo([(a, a) for a in ASPECTS])
        self.aspect.activated.connect(lambda _i: self._canvas_changed())
        self.fit = _combo([(tr(*_FIT_NAMES[f]), f) for f in FIT_MODES])
        self.fit.activated.connect(lambda _i: self._canvas_changed())
        self.play = QPushButton(tr("▶ 播放", "▶ Play"))
        self.play.clicked.connect(lambda: self.preview.toggle(self.view.canvas.playhead))
        export = QPushButton(tr("导出视频…", "Export video…"), objectName="primary")
        export.clicked.connect(self._export)
        settings = _folding_toolbar(tr)
        for w, tip in ((self.aspect, tr("画幅比例", "Canvas aspect")),  # the narrowest first: it never folds away
                       (self.fit, tr("素材与画幅比例不同时如何放进画面", "How clips of another shape fill the canvas")),
                       (self.preset, tr("导出平台（码率、尺寸）", "Export platform (bitrate, size)"))):
            w.setToolTip(tip)
            settings.addWidget(w)
        settings.addSeparator()
        settings.addAction(tr("导出封面帧", "Save cover frame")).triggered.connect(lambda _=False: self._cover())
        head = QHBoxLayout()
        head.addWidget(QLabel(tr("视频", "Video")))
        head.addWidget(self.videos, 1)
        head.addWidget(new)
        head.addWidget(settings, 4)
        head.addWidget(export)

        self.assets = AssetList(self.ctx)
        add_clips = QPushButton(tr("加入视频轨", "Add to video"))
        add_clips.clicked.connect(lambda: self._add_assets(self.assets.selected_ids(), None))
        self.media = QWidget()
        lv = QVBoxLayout(self.media)
        lv.setContentsMargins(0, 0, 0, 0)
        self.media_hint = QLabel(tr("素材（拖到时间线）", "Media (drag to the timeline)"))
        self.media_hint.setWordWrap(True)
        lv.addWidget(self.media_hint)
        lv.addWidget(self.assets, 1)
        lv.addWidget(add_clips)

        self.preview = PreviewPane(self.ctx)
        self.preview.positionChanged.connect(self._set_playhead)
        self.preview.stateChanged.connect(lambda playing: self.play.setText(
            tr("⏸ 暂停", "⏸ Pause") if playing else tr("▶ 播放", "▶ Play")))

        self.inspector = ClipInspector(self.ctx)
        self.inspector.changed.connect(self._clip_changed)
        self.inspector.split.connect(self._split)
        self.inspector.remove.connect(lambda: self._remove_clips(sorted(self.view.canvas.selected_clips)))
        self.inspector.snapEnd.connect(self._snap_end)
        self.music = MusicPanel(self.ctx)
        self.music.remove.connect(lambda: self._edit(lambda tl: setattr(tl, "music", None), tr("移除音乐", "Remove music")))
        self.music.changed.connect(lambda values, label: self._edit(lambda tl: tl.edit_music(**values), label))
        self.captions = CaptionEditor(self.ctx)
        self.captions.changed.connect(self._captions_changed)
        self.captions.addAtPlayhead.connect(self._add_caption)
        self.captions.importSrt.connect(self._import_srt)
        self.captions.exportSrt.connect(self._export_srt)
        self.overlays = OverlayPanel(self.ctx, lambda: self.view.canvas.playhead)
        self.overlays.changed.connect(lambda items, label: self._edit(lambda tl: setattr(tl, "overlays", items), label))
        self.overlays.logoRequested.connect(self._add_logo)
        self.tabs = QTabWidget()
        self.tabs.setUsesScrollButtons(True)
        for panel, zh, en in ((self.inspector, "片段", "Clip"), (self.music, "音乐", "Music"),
                              (self.captions, "字幕", "Captions"), (self.overlays, "文字/标志", "Text/logo")):
            self.tabs.addTab(_scrolling(panel), tr(zh, en))

        self.top = QSplitter(Qt.Horizontal)
        for k, (w, stretch) in enumerate(((self.media, 2), (self.preview, 3), (self.tabs, 3))):
            self.top.addWidget(w)
            self.top.setStretchFactor(k, stretch)
            self.top.setCollapsible(k, False)
        self.compact = False

        self.view = TimelineView(tr, self.ctx.px)
        c = self.view.canvas
        c.gridEdited.connect(self._grid_edited)
        c.clipTrimmed.connect(self._trim)
        c.clipMoved.connect(lambda a, b: self._edit(lambda tl: tl.move(a, b), tr("移动片段", "Move clip")))
        c.clipSelected.connect(self._select_clip)
        c.clipsDeleted.connect(self._remove_clips)
        c.scrubbed.connect(self._scrubbing)
        c.scrubFinished.connect(self.preview.show_frame)
        c.assetsDropped.connect(lambda ids, t, row: self._add_assets(ids, t))

        bottom = QWidget()
        bv = QVBoxLayout(bottom)
        bv.setContentsMargins(0, 0, 0, 0)
        bv.addLayout(self._beat_bar())
        bv.addWidget(self.view, 1)
        # the timeline never shrinks below its tracks: at projector scale the top panels give way
        split = QSplitter(Qt.Vertical)
        split.addWidget(self.top)
        split.addWidget(bottom)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        split.setCollapsible(0, False)
        split.setCollapsible(1, False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(self.ctx.px(8), self.ctx.px(4), self.ctx.px(8), self.ctx.px(4))
        layout.addLayout(head)
        layout.addWidget(split, 1)

    def resizeEvent(self, e) -> None:  # noqa: N802
        super().resizeEvent(e)
        self._set_compact(self.width() < self.ctx.px(COMPACT_BELOW))

    def _set_compact(self, on: bool) -> None:
        """Narrow page (projector scale): the media list becomes the first tab, so the preview and
        the panels keep their width; wide: it is a column of its own again."""
        if on == self.compact:
            return
        self.compact = on
        if on:
            self.tabs.insertTab(0, self.media, self.ctx.tr("素材", "Media"))
            self.tabs.setTabToolTip(0, self.media_hint.text())
            self.tabs.setCurrentIndex(0)
        else:
            self.tabs.removeTab(self.tabs.indexOf(self.media))
            self.top.insertWidget(0, self.media)
            self.top.setCollapsible(0, False)
        self.media_hint.setVisible(not on)
        self.media.show()

    def _beat_bar(self) -> QHBoxLayout:
        tr = self.ctx.tr
        self.mode = _combo([(tr("每 N 拍", "Every N beats"), "every"), (tr("只在强拍", "Downbeats only"), "downbeats"),
                            (tr("重音", "Strong accents"), "accents")])
        self.every = QSpinBox(minimum=1, maximum=16, value=2)
        self.every.setPrefix(tr("每 ", "every "))
        self.every.setSuffix(tr(" 拍", " beats"))
        beatcut_button = QPushButton(tr("一键踩点", "Beat cut"), objectName="primary")
        beatcut_button.setToolTip(tr("按节拍把视频轨的片段剪到音乐上", "Cut the video-track clips on the music's beats"))
        beatcut_button.clicked.connect(self._beatcut)
        self.grid_info = QLabel()
        self.grid_info.setMinimumWidth(self.ctx.px(60))  # elided by the layout rather than widening the page
        self.grid_info.setSizePolicy(QSizePolicy.Ignored, QSizePolicy.Preferred)
        bar = QHBoxLayout()
        bar.addWidget(self.play)
        bar.addWidget(beatcut_button)
        frame = lambda: 1.0 / self.tl.canvas.fps  # noqa: E731
        tools = [
            ("检测节拍", "Detect beats", "", self._detect),
            ("+ 节拍", "+ Beat", "在播放头处添加节拍 / add a beat at the playhead",
             lambda: self.view.canvas.add_marker(self.view.canvas.playhead)),
            ("− 节拍", "− Beat", "删除选中的节拍（Delete）/ delete the selected beat (Delete)", self._delete_beat),
            ("◀", "◀", "选中节拍左移一帧（←）/ nudge the selected beat one frame left", lambda: self._nudge(-frame())),
            ("▶", "▶", "选中节拍右移一帧（→）/ nudge the selected beat one frame right", lambda: self._nudge(frame())),
            ("整体 ◀", "Grid ◀", "整个节拍网格左移一帧 / shift the whole grid one frame left",
             lambda: self._grid(self.tl.beats.shift(-frame()), tr("整体移动节拍", "Shift grid"))),
            ("整体 ▶", "Grid ▶", "整个节拍网格右移一帧 / shift the whole grid one frame right",
             lambda: self._grid(self.tl.beats.shift(frame()), tr("整体移动节拍", "Shift grid"))),
            ("½ 速", "½ tempo", "", lambda: self._grid(self.tl.beats.halve(), tr("节拍减半", "Half tempo"))),
            ("2× 速", "2× tempo", "", lambda: self._grid(self.tl.beats.double(), tr("节拍加倍", "Double tempo"))),
            ("设为强拍", "Set downbeat", "把选中的节拍设为小节第一拍 / make the selected beat a bar start", self._set_downbeat),
            ("敲击", "Tap", "跟着音乐敲击几下来设定速度 / tap along to set the tempo", self._tap),
            ("恢复检测结果", "Reset to detected", "", self._reset_grid),
        ]
        grid_tools = _folding_toolbar(tr)
        grid_tools.setToolButtonStyle(Qt.ToolButtonTextOnly)
        grid_tools.addWidget(self.mode)
        grid_tools.addWidget(self.every)
        grid_tools.addSeparator()
        for zh, en, tip, slot in tools:
            action = grid_tools.addAction(tr(zh, en))
            if tip:
                action.setToolTip(self.ctx.tr_pair(tip))
            action.triggered.connect(lambda _=False, s=slot: s())
        bar.addWidget(grid_tools, 3)
        bar.addWidget(self.grid_info, 1)
        return bar

    # ---- project and video --------------------------------------------------------------
    def set_project(self, project) -> None:
        self.project = project
        self.video_id = None
        self.assets.load(project)
        self.media_stale = False
        self._reload()

    def _project_changed(self, changes) -> None:
        """Reload for changes made elsewhere that touch this page's tables (not for its own saves)."""
        if changes.started_by(self):
            return
        if changes.touches("asset"):
            self.media_stale = True  # the media list is re-read when the page is shown again
        if changes.touches("video_project") or any(changes.touches_row("asset", i) for i in self._asset_ids()):
            self._reload()

    def _asset_ids(self) -> set[int]:
        tl = self.tl
        ids = {c.asset_id for c in tl.clips} | {o.asset_id for o in tl.overlays}
        return (ids | {tl.music.asset_id if tl.music else None}) - {None}

    def showEvent(self, e) -> None:  # noqa: N802
        super().showEvent(e)
        if self.media_stale:
            self.media_stale = False
            self.assets.load(self.project)

    def _reload(self) -> None:
        if self.project is None:
            self.videos.clear()
            self._show(Timeline())
            return
        videos = store.list_videos(self.project)
        ids = [v["id"] for v in videos]
        if self.video_id not in ids:
            self.video_id = ids[0] if ids else None
        self.videos.blockSignals(True)
        self.videos.clear()
        for v in videos:
            self.videos.addItem(v["name"], v["id"])
        self.videos.setCurrentIndex(max(0, self.videos.findData(self.video_id)))
        self.videos.blockSignals(False)
        try:
            tl = store.load(self.project, self.video_id) if self.video_id else Timeline()
        except InvalidValueError as exc:  # a damaged or tampered project: say so, show nothing of it
            self.ctx.status.emit(str(exc))
            self.video_id, tl = None, Timeline()
        self._show(tl)

    def _open(self, video_id) -> None:
        self.video_id = video_id
        self._reload()

    def _show(self, tl: Timeline) -> None:
        self.tl = tl
        self.view.canvas.set_timeline(tl)
        self.preview.set_timeline(tl)
        self.music.set_timeline(tl)
        self.captions.set_timeline(tl)
        self.overlays.set_timeline(tl, self.assets.titles)
        i = self.view.canvas.selected_clip
        self.inspector.set_clip(tl.clips[i] if 0 <= i < len(tl.clips) else None)
        self.grid_info.setText(grid_label(tl.beats, self.ctx.tr) if tl.beats.beats else
                               self.ctx.tr("还没有节拍：放入音乐后点“检测节拍”", "No beats yet: add music, then Detect beats"))
        self.grid_info.setToolTip(self.grid_info.text())  # the label may be cut short in a narrow window
        if self.video_id:
            self.preset.setCurrentIndex(max(0, self.preset.findData(store.preset_of(self.project, self.video_id))))
        self.aspect.setCurrentIndex(max(0, self.aspect.findData(tl.canvas.aspect)))
        self.fit.setCurrentIndex(max(0, self.fit.findData(tl.canvas.fit)))
        self._load_wave()
        if tl.clips and not self.preview.is_playing():
            self.preview.show_frame(self.view.canvas.playhead)

    def _load_wave(self) -> None:
        m = self.tl.music
        if m is None:
            self.view.canvas.set_wave([], WAVE_RATE)
        elif m.path in self.waves:
            self.view.canvas.set_wave(self.waves[m.path], WAVE_RATE)
        elif Path(m.path).exists():
            path = m.path
            self.ctx.run(lambda p, c: waveform(path, WAVE_RATE), modal=False,
                         on_done=lambda w: (self.waves.__setitem__(path, w), self._load_wave()),
                         on_error=lambda exc: self.ctx.status.emit(str(exc)))

    def _new_video(self) -> None:
        if self.project is None:
            return
        n = len(store.list_videos(self.project)) + 1
        with self.project.initiated_by(self):
            video_id = store.create(self.project, self.ctx.tr(f"视频 {n}", f"Video {n}"), self.preset.currentData() or "douyin")
        self._open(video_id)

    # ---- saving edits -------------------------------------------------------------------
    def _edit(self, change, label: str) -> bool:
        """Apply `change(tl)` to a copy of the timeline and save it as one undoable action."""
        if self.project is None or self.video_id is None:
            self.ctx.status.emit(self.ctx.tr("请先新建或打开一个视频", "Create or open a video first"))
            return False
        tl = Timeline.from_dict(self.tl.to_dict())
        try:
            change(tl)
        except (TimelineError, ValueError, IndexError) as exc:
            self.ctx.status.emit(str(exc))
            return False
        self._save(self.video_id, tl, label)
        return True

    def _save(self, video_id: int, tl: Timeline, label: str) -> None:
        with self._saving(video_id, tl):
            store.save(self.project, video_id, tl, label)

    @contextmanager
    def _saving(self, video_id: int, tl: Timeline):
        """Around a save of `tl` as video `video_id`: the page skips its own notice and shows `tl`."""
        with self.project.initiated_by(self):
            yield
        if video_id == self.video_id:
            self._show(tl)

    def _grid(self, grid: BeatGrid, label: str) -> None:
        self._edit(lambda tl: setattr(tl, "beats", grid), label)

    def _grid_edited(self, grid: BeatGrid, label: str) -> None:
        self._grid(grid, label)

    def _preset_changed(self) -> None:
        if self.video_id is None:
            return
        preset = get_preset(self.preset.currentData())
        label = self.ctx.tr("导出预设", "Export preset")
        with self.project.group(label):  # the preset and its canvas: one undo step
            with self.project.initiated_by(self):
                store.set_preset(self.project, self.video_id, preset.name)
            self._edit(lambda tl: setattr(tl, "canvas", preset.canvas(tl.canvas.fit)), label)

    def _canvas_changed(self) -> None:
        preset = get_preset(self.preset.currentData())
        canvas = preset.canvas(self.fit.currentData(), self.aspect.currentData())
        self._edit(lambda tl: setattr(tl, "canvas", canvas), self.ctx.tr("画幅", "Canvas"))

    # ---- clips --------------------------------------------------------------------------
    def _add_assets(self, ids: list[int], at: Optional[float]) -> None:
        if not ids or self.project is None:
            return
        clips, song = store.media_from_assets(self.project, ids)

        def change(tl: Timeline) -> None:
            if song is not None:
                tl.music = song
                tl.beats = BeatGrid()
            index = len(tl.clips) if at is None else self.view.canvas._insert_index(at)
            tl.clips[index:index] = clips

        label = self.ctx.tr("添加素材", "Add media")
        if self._edit(change, label) and song is not None:
            self._detect()

    def _select_clip(self, i: int) -> None:
        if i >= 0 and self.tabs.currentWidget() is self.media:  # compact: show the clip, not the media
            self.tabs.setCurrentIndex(self.tabs.indexOf(self.media) + 1)
        self.inspector.set_clip(self.tl.clips[i] if 0 <= i < len(self.tl.clips) else None)

    def _clip_changed(self, clip, label: str) -> None:
        i = self.view.canvas.selected_clip
        self._edit(lambda tl: tl.clips.__setitem__(i, clip), label)

    def _trim(self, i: int, length: float) -> None:
        self._edit(lambda tl: tl.set_clip_length(i, length), self.ctx.tr("修剪片段", "Trim clip"))

    def _split(self) -> None:
        t = self.view.canvas.playhead
        self._edit(lambda tl: tl.split(t), self.ctx.tr("分割片段", "Split clip"))

    def _remove_clips(self, indices: list[int]) -> None:
        """Delete the selected clips as one undoable action."""
        if not indices:
            self.ctx.status.emit(self.ctx.tr("先在时间线上选中片段", "Select clips on the timeline first"))
            return
        self.view.canvas.selected_clips = set()
        label = self.ctx.tr(f"删除 {len(indices)} 个片段", f"Delete {len(indices)} clips") if len(indices) > 1 else \
            self.ctx.tr("删除片段", "Delete clip")
        self._edit(lambda tl: tl.remove_clips(indices), label)

    def _snap_end(self) -> None:
        i = self.view.canvas.selected_clip

        def change(tl: Timeline) -> None:
            if not tl.snap_clip_end(i, tolerance=60.0 / max(tl.beats.tempo, 30.0)):
                raise ValueError(self.ctx.tr("附近没有节拍", "No beat nearby"))

        self._edit(change, self.ctx.tr("吸附到节拍", "Snap to beat"))

    # ---- captions -----------------------------------------------------------------------
    def _captions_changed(self, items, style: dict, label: str) -> None:
        def change(tl: Timeline) -> None:
            tl.captions = items
            tl.caption_style = {**tl.caption_style, **style}

        self._edit(change, label)

    def _add_caption(self) -> None:
        """A new caption at the playhead if that spot is free, else after the last caption."""
        t = self.view.canvas.playhead
        text = self.ctx.tr("在这里输入字幕", "Type the caption here")
        added = []
        if self._edit(lambda tl: added.append(tl.add_caption(t, text)), self.ctx.tr("添加字幕", "Add caption")):
            self.captions.select(added[0])
            self.captions.text.setFocus()
            self.captions.text.selectAll()

    def _import_srt(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.ctx.tr("导入字幕", "Import captions"), "", "SRT (*.srt)")
        if path:
            items = captions.read_srt(path)
            self._edit(lambda tl: setattr(tl, "captions", items), self.ctx.tr("导入字幕", "Import captions"))

    def _export_srt(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, self.ctx.tr("导出字幕", "Export captions"), "captions.srt", "SRT (*.srt)")
        if path:
            captions.write_srt(self.tl.captions, path)
            self.ctx.status.emit(self.ctx.tr(f"已导出 {path}", f"Saved {path}"))

    # ---- overlays -----------------------------------------------------------------------
    def _add_logo(self) -> None:
        """A logo from the image selected in the media list, or one chosen from the library."""
        if self.project is None:
            return
        ids = self.assets.selected_ids(("image",))
        if ids:
            asset_id = ids[0]
        else:
            from studio.ui.canvas.widgets import AssetPicker

            asset_id = AssetPicker.pick(self.ctx, self)
        if asset_id is None:
            return
        self.overlays.add_logo(store.logo_for(self.project, asset_id, 0.0, max(self.tl.duration, 1.0)))

    # ---- beats --------------------------------------------------------------------------
    def _detect(self) -> None:
        if self.tl.music is None or self.video_id is None:
            self.ctx.status.emit(self.ctx.tr("请先放入音乐", "Add a song first"))
            return
        path, vid, tl = self.tl.music.path, self.video_id, self.tl
        self.ctx.run(lambda progress, cancel: BeatGrid.from_analysis(beats.analyse(path, progress=progress, cancel=cancel)),
                     title=self.ctx.tr("检测节拍", "Detecting beats"),
                     on_done=lambda grid: self._beats_detected(vid, tl, grid))

    def _beats_detected(self, video_id: int, tl: Timeline, grid: BeatGrid) -> None:
        with self._saving(video_id, tl):
            store.set_detected_beats(self.project, video_id, grid, tl)

    def _selected_beat(self) -> int:
        i = self.view.canvas.selected_beat
        if not 0 <= i < len(self.tl.beats.beats):
            self.ctx.status.emit(self.ctx.tr("先在节拍行点选一个节拍", "Click a beat marker first"))
            return -1
        return i

    def _delete_beat(self) -> None:
        if (i := self._selected_beat()) >= 0:
            self.view.canvas.selected_beat = -1
            self._grid(self.tl.beats.delete(i), self.ctx.tr("删除节拍", "Delete beat"))

    def _nudge(self, dt: float) -> None:
        if (i := self._selected_beat()) >= 0:
            self._grid(self.tl.beats.nudge(i, dt), self.ctx.tr("微调节拍", "Nudge beat"))

    def _set_downbeat(self) -> None:
        if (i := self._selected_beat()) >= 0:
            self._grid(self.tl.beats.set_downbeat(i), self.ctx.tr("设为强拍", "Set downbeat"))

    def _reset_grid(self) -> None:
        if self.video_id is not None and (grid := store.detected_beats(self.project, self.video_id)):
            self._grid(grid, self.ctx.tr("恢复检测的节拍", "Reset beats"))

    def _tap(self) -> None:
        """Taps are timed against the playhead (which moves while the preview plays)."""
        now = time.monotonic()
        if not self.taps or now - self.taps[-1][0] > 2.0:
            self.taps = []
        self.taps.append((now, self.view.canvas.playhead))
        self.tap_timer.start()
        self.ctx.status.emit(self.ctx.tr(f"已敲击 {len(self.taps)} 次", f"{len(self.taps)} taps"))

    def _apply_taps(self) -> None:
        if len(self.taps) < 3 or self.tl.music is None:
            return
        t0, p0 = self.taps[0]
        shift = self.tl.music.start - self.tl.music.src_in
        music_times = [p0 + (t - t0) - shift for t, _ in self.taps]
        duration = self.tl.beats.beats[-1] if self.tl.beats.beats else self.tl.duration
        self.taps = []
        try:
            grid = tap_tempo(music_times, max(duration, music_times[-1]))
        except ValueError as exc:
            self.ctx.status.emit(str(exc))
            return
        self._grid(grid, self.ctx.tr("敲击设定速度", "Tap tempo"))

    def _beatcut(self) -> None:
        tl, vid = self.tl, self.video_id
        if vid is None or tl.music is None or not tl.clips:
            self.ctx.status.emit(self.ctx.tr("一键踩点需要视频轨上的片段和一首音乐",
                                             "Beat cut needs clips on the video track and a song"))
            return
        seen, paths, ids = set(), [], []
        for clip in tl.clips:  # each source once, in timeline order
            if clip.path not in seen:
                seen.add(clip.path)
                paths.append(clip.path)
                ids.append(clip.asset_id)
        mode, every = self.mode.currentData(), self.every.value()

        def job(progress, cancel):
            grid = tl.beats if tl.beats.beats else BeatGrid.from_analysis(beats.analyse(tl.music.path, cancel=cancel))
            sources = beatcut.lively_sources(paths, ids, progress=progress, cancel=cancel)
            length = (tl.music.src_out or 0) - tl.music.src_in if tl.music.src_out else None
            cut = beatcut.build(sources, tl.music.path, grid, tl.canvas, mode=mode, every=every,
                                duration=length, music_asset_id=tl.music.asset_id)
            return replace(tl, clips=cut.clips, beats=grid)

        self.ctx.run(job, title=self.ctx.tr("一键踩点", "Beat cut"),
                     on_done=lambda new: self._save(vid, new, self.ctx.tr("一键踩点", "Beat cut")))

    # ---- playhead, preview, export ------------------------------------------------------
    def _set_playhead(self, t: float) -> None:
        self.view.canvas.set_playhead(t)

    def _scrubbing(self, t: float) -> None:
        self.preview.stop()

    def _export(self) -> None:
        if not self.tl.clips:
            self.ctx.status.emit(self.ctx.tr("时间线上没有片段", "The timeline has no clips"))
            return
        preset = get_preset(self.preset.currentData())
        path, _ = QFileDialog.getSaveFileName(self, self.ctx.tr("导出视频", "Export video"),
                                              f"{self.videos.currentText() or 'video'}-{preset.name}.mp4", "MP4 (*.mp4)")
        if not path:
            return
        tl = self.tl
        self.ctx.run(lambda progress, cancel: render(tl, path, preset, progress=progress, cancel=cancel),
                     title=self.ctx.tr(f"导出视频（{preset.label}）", f"Exporting ({preset.label})"),
                     on_done=lambda out: self.ctx.status.emit(self.ctx.tr(f"已导出 {out}", f"Exported {out}")))

    def _cover(self) -> None:
        if not self.tl.clips:
            return
        path, _ = QFileDialog.getSaveFileName(self, self.ctx.tr("导出封面帧", "Save cover frame"), "cover.jpg",
                                              "JPEG (*.jpg);;PNG (*.png)")
        if path:
            tl, t = self.tl, self.view.canvas.playhead
            self.ctx.run(lambda progress, cancel: cover_frame(tl, t, path), title=self.ctx.tr("导出封面帧", "Save cover frame"),
                         on_done=lambda out: self.ctx.status.emit(self.ctx.tr(f"已保存 {out}", f"Saved {out}")))


_FIT_NAMES = {"crop": ("裁切填满", "Crop to fill"), "fit": ("完整显示", "Fit"), "blur": ("模糊背景", "Fit on blur")}


def _folding_toolbar(tr) -> QToolBar:
    """A tool bar whose overflowing tools fold into a » menu (narrow window, projector scale)."""
    bar = QToolBar()
    bar.setMovable(False)
    more = bar.findChild(QToolButton, "qt_toolbar_ext_button")
    if more is not None:  # the theme's button padding would hide its arrow in the narrow slot
        more.setStyleSheet("QToolButton { padding: 0px; }")
        more.setToolTip(tr("更多", "More"))
    return bar


def _scrolling(panel: QWidget) -> QScrollArea:
    """A tab's panel in a scroll area, so a tall panel never pushes the timeline down."""
    area = QScrollArea(widgetResizable=True, frameShape=QFrame.NoFrame)
    area.setWidget(panel)
    return area


def _combo(items) -> QComboBox:
    box = QComboBox()
    for text, data in items:
        box.addItem(text, data)
    return box
