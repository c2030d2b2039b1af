"""Chinese search: two-character queries, substrings, Latin words, and the index following undo."""
import pytest

from studio.library import catalog, ops, search
from studio.project.models.library import Asset


def add(project, title, **kw):
    with project.action("add") as s:
        a = Asset(kind=kw.pop("kind", "image"), title=title, path=kw.pop("path", None), **kw)
        s.add(a)
        s.flush()
        ops.refresh_search(s, [a.id])
        return a.id


@pytest.fixture
def lib(project):
    ids = {
        "sunset": add(project, "海边日落风景", path="/photos/IMG_2041.jpg"),
        "mountain": add(project, "雪山晨光"),
        "city": add(project, "城市夜景", notes="外滩的灯光"),
        "cat": add(project, "Chelsea the cat", path="/photos/chelsea-cat.jpg"),
        "sunrise": add(project, "落日余晖"),
    }
    return project, ids


def find(project, q, **kw):
    with project.read() as s:
        return set(catalog.find(s, q, **kw))


def test_two_character_chinese_queries(lib):
    project, ids = lib
    assert find(project, "日落") == {ids["sunset"]}  # not 落日余晖
    assert find(project, "风景") == {ids["sunset"]}
    assert find(project, "夜景") == {ids["city"]}


def test_substring_across_jieba_words_and_single_characters(lib):
    project, ids = lib
    assert find(project, "边日落") == {ids["sunset"]}
    assert find(project, "山") == {ids["mountain"]}
    assert find(project, "景") == {ids["sunset"], ids["city"]}
    assert find(project, "日") == {ids["sunset"], ids["sunrise"]}


def test_notes_file_names_and_latin(lib):
    project, ids = lib
    assert find(project, "外滩") == {ids["city"]}
    assert find(project, "img_2041") == {ids["sunset"]}
    assert find(project, "CHELS") == {ids["cat"]}
    assert find(project, "cat 海边") == set()  # terms are ANDed
    assert find(project, "日落 风景") == {ids["sunset"]}


def test_nothing_found_and_quotes_are_safe(lib):
    project, _ = lib
    assert find(project, "沙漠") == set()
    assert find(project, '"OR" AND * (') == set()
    assert find(project, "") == set(lib[1].values())


def test_tags_are_searchable_and_undo_keeps_index(lib):
    project, ids = lib
    ops.add_tags(project, [ids["mountain"]], ["旅行"])
    assert find(project, "旅行") == {ids["mountain"]}
    project.undo()
    assert find(project, "旅行") == set()
    project.redo()
    assert find(project, "旅行") == {ids["mountain"]}


def test_title_edit_reindexes_and_undo_restores(lib):
    project, ids = lib
    ops.update(project, [ids["cat"]], title="橘猫午睡")
    assert find(project, "午睡") == {ids["cat"]}
    project.undo()
    assert find(project, "午睡") == set() and find(project, "chelsea") == {ids["cat"]}


def test_match_expression_shapes():
    assert search.match_expression("  ") is None
    assert "grams" in search.match_expression("日落")
    assert search.grams_of("海边日落") == ["海边", "边日", "日落", "落"]
