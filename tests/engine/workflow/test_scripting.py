"""Diagram code runs restricted: case data in, case data out, nothing else."""

from __future__ import annotations

import pytest

from engine.workflow.scripting import RestrictedEnvironment, ScriptRejected

ENV = RestrictedEnvironment()


def test_conditions_read_case_data() -> None:
    assert ENV.evaluate(
        "child_wishes_return == True and placement == 'family'",
        {"child_wishes_return": True, "placement": "family"},
    )


def test_scripts_set_case_data() -> None:
    data = {"count": 1}
    ENV.execute("placement = 'shelter'\ncount += 1\nnames = sorted(['b', 'a'])", data)
    assert data == {"count": 2, "placement": "shelter", "names": ["a", "b"]}


@pytest.mark.parametrize(
    "source",
    [
        "import os",
        "().__class__.__bases__[0].__subclasses__()",
        "x = data.__dict__",
        "eval('1')",
        "exec('x=1')",
    ],
)
def test_escapes_are_refused_at_compile_time(source: str) -> None:
    with pytest.raises(ScriptRejected):
        ENV.execute(source, {"data": {}})


@pytest.mark.parametrize(
    ("source", "error"),
    [
        ("open('/etc/passwd').read()", NameError),
        ("compile('1', '', 'eval')", NameError),
        # A memory address of the server, and a value no replay gives back.
        ("id(family)", NameError),
        ("hash(family)", NameError),
    ],
)
def test_dangerous_builtins_are_not_there(source: str, error: type[Exception]) -> None:
    with pytest.raises(error):
        ENV.evaluate(source, {"family": "Hoxha"})


def test_getattr_cannot_walk_to_private_attributes() -> None:
    with pytest.raises((ScriptRejected, AttributeError, NameError)):
        ENV.evaluate("getattr(x, '__class__')", {"x": 1})
