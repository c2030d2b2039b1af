"""Module structure of the video pillar: render and preview do not import each other in a
cycle, and the video page reads and writes the project only through pillar functions."""
import grimp
import pytest


@pytest.fixture(scope="module")
def graph():
    # no cache: a cached graph can miss edits made within the same second
    return grimp.build_graph("studio", include_external_packages=True, cache_dir=None)


def test_render_and_preview_are_not_a_cycle(graph):
    assert graph.find_shortest_chain("studio.video.render", "studio.video.preview") is None


@pytest.mark.parametrize("module", ["studio.ui.video.page", "studio.ui.video.panels"])
def test_video_ui_goes_through_the_pillar(graph, module):
    direct = graph.find_modules_directly_imported_by(module)
    assert not {m for m in direct if m.startswith("studio.project.models")}
    assert "sqlalchemy" not in direct
