"""Shared pytest options: ``--update-golden`` rewrites expected files instead of comparing."""

from __future__ import annotations

import pytest


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
