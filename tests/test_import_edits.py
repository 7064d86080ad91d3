"""Fixes that need a name add its import where the file's imports are."""

from __future__ import annotations

import libcst as cst
import pytest

from backlint.rule import PythonFile
from backlint.text import apply_edits


def added(source: str, module: str = "pydantic", name: str = "ConfigDict") -> str:
    file = PythonFile("m.py", source, cst.parse_module(source), "app.m")
    edit = file.import_edit(module, name)
    return source if edit is None else apply_edits(source, [edit])


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        (
            "from pydantic import BaseModel\n\nx = 1\n",
            "from pydantic import BaseModel, ConfigDict\n\nx = 1\n",
        ),
        (
            "import os\nfrom app import y\n\nx = 1\n",
            "import os\nfrom app import y\nfrom pydantic import ConfigDict\n\nx = 1\n",
        ),
        (
            '"""Doc."""\n\nx = 1\n',
            '"""Doc."""\nfrom pydantic import ConfigDict\n\nx = 1\n',
        ),
        ("x = 1\n", "from pydantic import ConfigDict\nx = 1\n"),
        ("import os", "import os\nfrom pydantic import ConfigDict"),
        (
            "from __future__ import annotations\n\nimport os\n",
            "from __future__ import annotations\n\nimport os\nfrom pydantic import ConfigDict\n",
        ),
        (
            "import os\r\n\r\nx = 1\r\n",
            "import os\r\nfrom pydantic import ConfigDict\r\n\r\nx = 1\r\n",
        ),
    ],
)
def test_import_goes_where_the_imports_are(source: str, expected: str) -> None:
    assert added(source) == expected
    cst.parse_module(added(source))


def test_nothing_is_added_when_the_name_is_already_imported() -> None:
    source = "from pydantic import ConfigDict, BaseModel\n"
    assert added(source) == source


def test_parenthesised_import_gets_a_new_line_instead_of_a_broken_list() -> None:
    source = "from pydantic import (\n    BaseModel,\n)\n"
    assert added(source) == source + "from pydantic import ConfigDict\n"
