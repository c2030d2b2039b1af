"""Import rules the layers contract cannot express: no cycles between the modules of a package,
and the UI reads the project only through pillar functions (never SQLAlchemy or the models)."""
import itertools

import pytest

grimp = pytest.importorskip("grimp")

PACKAGES = ("studio.library", "studio.check", "studio.ui.library", "studio.ui.check", "studio.ui.canvas")


@pytest.fixture(scope="module")
def graph():
    return grimp.build_graph("studio", include_external_packages=True)


@pytest.mark.parametrize("package", PACKAGES)
def test_modules_of_a_package_import_each_other_one_way_only(graph, package):
    modules = sorted(m for m in graph.find_children(package))
    both_ways = [(a, b) for a, b in itertools.combinations(modules, 2)
                 if graph.find_shortest_chain(a, b) and graph.find_shortest_chain(b, a)]
    assert both_ways == []


def test_the_ui_never_imports_sqlalchemy_or_the_models(graph):
    found = {m: sorted(i for i in graph.find_modules_directly_imported_by(m)
                       if i == "sqlalchemy" or i.startswith("studio.project.models"))
             for m in graph.find_descendants("studio.ui")}
    assert {m: i for m, i in found.items() if i} == {}
