"""Checker fixes written back into posts: places in the checker's lines map to the post's texts."""
import pytest

from studio.check import writeback
from studio.check.usage import TextPart
from studio.editor import canvas_store
from studio.editor.article import Span, replace_text
from studio.editor.canvas import Canvas, image_layer


def test_lines_of_a_multi_line_text_map_back_to_it():
    post = writeback.CheckedPost("video", 1, "v", [TextPart("标题", "a", {"caption": 1}),
                                                   TextPart("第一行\n第二行最佳", "b", {"caption": 2})])
    lines = post.text.split("\n")
    fix, = post.fixes(lines, [(2, 3, 5, "优质")])
    assert (fix.ref, fix.text, fix.start, fix.end) == ({"caption": 2}, "第一行\n第二行最佳", 7, 9)
    post.applied([fix])
    assert post.parts[1].text == "第一行\n第二行优质"
    assert post.fixes(["标题", "第一行改过", "第二行优质"], [(2, 0, 1, "x")])[0].start == 4  # other lines may differ
    with pytest.raises(writeback.EditedHereError):  # the line itself was edited here
        post.fixes(["标题", "第一行", "第二行改过"], [(2, 0, 1, "x")])


def test_replace_text_keeps_the_style_of_the_words_replaced():
    spans = [Span("全网"), Span("最佳", bold=True), Span("好物")]
    assert replace_text(spans, 2, 4, "优质") == [Span("全网"), Span("优质", bold=True), Span("好物")]
    assert replace_text(spans, 1, 3, "XY") == [Span("全XY"), Span("佳", bold=True), Span("好物")]


def test_a_text_watermark_on_a_cover_picture_is_fixed(project):
    c = Canvas(400, 300)
    layer = c.add(image_layer(None, 0, 0, 400, 300, edits=[{"op": "watermark_text", "text": "最佳摄影"}]))
    canvas_id = canvas_store.add_canvas(project, c)
    fix = writeback.Fix({"canvas": canvas_id, "layer": layer.id}, "最佳摄影", 0, 2, "优质")
    writeback.apply_fixes(project, "cover", canvas_id, [fix])
    assert canvas_store.load_canvas(project, canvas_id).layers[0].props["edits"][0]["text"] == "优质摄影"
    with pytest.raises(writeback.SourceChangedError):  # the text is no longer the one checked
        writeback.apply_fixes(project, "cover", canvas_id, [fix])
