"""Results remembered in a preview session: only inside ``remembering()``, by value or identity,
and only as long as they are still used."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from generator.text.memo import Same, forget, remembered, remembering, settle

CALLS: list[object] = []


@remembered
def double(text: str) -> str:
    CALLS.append(text)
    return text * 2


@remembered
def length(obj: Same[list[int]]) -> int:
    CALLS.append(obj.obj)
    return len(obj.obj)


@pytest.fixture(autouse=True)
def fresh() -> Iterator[None]:
    forget()
    CALLS.clear()
    yield
    forget()


def test_outside_a_session_every_call_runs() -> None:
    assert double("ab") == "abab" and double("ab") == "abab"
    assert CALLS == ["ab", "ab"]


def test_inside_a_session_equal_arguments_compute_once() -> None:
    with remembering():
        assert double("ab") == "abab"
        assert double("a" + "b") == "abab"  # an equal, different string object
        assert double("cd") == "cdcd"
    with remembering():
        assert double("ab") == "abab"
    assert CALLS == ["ab", "cd"]


def test_same_compares_by_identity() -> None:
    one, other = [1, 2], [1, 2]
    with remembering():
        assert length(Same(one)) == 2 and length(Same(one)) == 2
        assert length(Same(other)) == 2  # equal, but not the same object
    assert CALLS == [one, other]
    assert Same(one) == Same(one) and Same(one) != Same(other) and Same(one) != one


def test_settle_forgets_what_was_not_used_since_the_last_settle() -> None:
    with remembering():
        double("kept")
        double("dropped")
    settle()
    with remembering():
        double("kept")  # used again: survives the next settle
    settle()
    CALLS.clear()
    with remembering():
        double("kept")
        double("dropped")
    assert CALLS == ["dropped"]


def test_sessions_nest_and_other_threads_are_not_affected() -> None:
    import threading

    with remembering():
        with remembering():
            double("x")
        double("x")  # still inside the outer block: remembered
        seen: list[str] = []
        worker = threading.Thread(target=lambda: seen.append(double("x")))
        worker.start()
        worker.join()
    assert seen == ["xx"]
    assert CALLS == ["x", "x"]  # the other thread computed its own
