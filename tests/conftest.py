"""Shared pytest options: ``--update-golden`` rewrites expected files instead of comparing."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from generator.model.content import Content


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden",
        action="store_true",
        default=False,
        help="rewrite golden/expected files from the current output instead of comparing",
    )


@pytest.fixture(scope="session")
def update_golden(request: pytest.FixtureRequest) -> bool:
    import os

    return bool(request.config.getoption("--update-golden")) or (
        os.environ.get("HIPBACK_UPDATE_GOLDEN") == "1"
    )


def _shared_base(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from pathlib import Path

    base = Path(tmp_path_factory.getbasetemp())
    # under xdist every worker has its own basetemp below one shared parent
    return base.parent if base.name.startswith("popen-gw") else base


@pytest.fixture(scope="session")
def bundled_content() -> Content:
    """The bundled content read into models, file by file (``load_content``: the cross-file
    checks have their own tests). The models are frozen, so one copy serves every test; a test
    that needs other content makes a changed copy (``dataclasses.replace``, ``model_copy``)."""
    from hb_testlib import BUNDLED

    from generator.model.content import load_content

    loaded, report = load_content(BUNDLED)
    assert loaded is not None, [d.format() for d in report.errors]
    return loaded


@pytest.fixture(scope="session")
def fixture_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture content built into a real site (MkDocs --strict, handouts included)."""
    from hb_testlib import FIXTURE, build_once

    return build_once("fixture", _shared_base(tmp_path_factory), FIXTURE)


@pytest.fixture(scope="session")
def bundled_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled content built into a real site, as `make site` does."""
    from hb_testlib import BUNDLED, build_once

    return build_once("bundled", _shared_base(tmp_path_factory), BUNDLED)


@pytest.fixture(scope="session")
def zensical_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled content built with ``--engine zensical``, handouts included (they do not
    depend on the engine: the bundled site's, from the shared cache; a build without them
    would link to none, see publish/lasthandouts.py). Fails, with the install hint, when the
    pinned Zensical is missing."""
    from hb_testlib import BUNDLED, build_once

    from generator.publish.zensical import INSTALL_HINT, ZENSICAL_VERSION, zensical_version

    found = zensical_version()
    if found != ZENSICAL_VERSION:
        pytest.fail(f"Zensical {ZENSICAL_VERSION} is needed, found {found or 'none'}; "
                    f"{INSTALL_HINT}")
    return build_once("bundled-zensical", _shared_base(tmp_path_factory), BUNDLED,
                      engine="zensical")


@pytest.fixture(scope="session")
def shared_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One render cache for the whole run (Mermaid takes ~30 s a diagram; render each once)."""
    path = _shared_base(tmp_path_factory) / "shared-cache"
    path.mkdir(parents=True, exist_ok=True)
    return path
