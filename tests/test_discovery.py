"""Tests for backlint.discovery: classification, exclusions, .gitignore and explicit paths."""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pytest

from backlint import discovery
from backlint.discovery import DEFAULT_EXCLUDES, FileKind, SourceFile, classify, discover


def make(root: Path, *files: str, content: str = "") -> None:
    """Create each relative path under ``root``; a trailing slash makes a directory."""
    for name in files:
        path = root / name
        if name.endswith("/"):
            path.mkdir(parents=True, exist_ok=True)
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(content)


def write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)


def rel(root: Path, found: Iterable[SourceFile]) -> list[str]:
    return [Path(f.path).relative_to(root).as_posix() for f in found]


def run(root: Path, paths: Iterable[str | Path] = (".",), **options: Any) -> list[str]:
    """Discover from inside ``root`` and return the results relative to it."""
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(root)
        found = discover([str(p) for p in paths], root=str(root), **options)
    return rel(root, found)


def symlink(target: Path, link: Path, *, is_dir: bool) -> None:
    try:
        link.symlink_to(target, target_is_directory=is_dir)
    except (OSError, NotImplementedError):
        pytest.skip("symlinks are not available here")


# Classification ----------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["app.py", "pkg/module.py", "stubs/types.pyi"])
def test_classify_python_source_and_stubs(name: str) -> None:
    assert classify(name) is FileKind.PYTHON


def test_classify_pyproject_by_exact_name() -> None:
    assert classify("sub/pyproject.toml") is FileKind.PYPROJECT
    assert classify("other.toml") is None


@pytest.mark.parametrize(
    "name",
    ["requirements.txt", "requirements-dev.txt", "requirements_test.in", "a/requirements.in"],
)
def test_classify_requirements_by_name(name: str) -> None:
    assert classify(name) is FileKind.REQUIREMENTS


@pytest.mark.parametrize("name", ["requirements/base.txt", "x/requirements/dev.in"])
def test_classify_any_txt_or_in_inside_requirements_directory(name: str) -> None:
    assert classify(name) is FileKind.REQUIREMENTS


@pytest.mark.parametrize(
    "name",
    [
        "notes.txt",
        "README.md",
        "requirements/sub/base.txt",
        "requirements.cfg",
        ".py",
    ],
)
def test_classify_other_files_are_not_checked(name: str) -> None:
    assert classify(name) is None


def test_walk_records_kind_and_not_explicit(tmp_path: Path) -> None:
    make(tmp_path, "a.py", "pyproject.toml", "requirements/dev.txt", "notes.txt")
    found = discover([str(tmp_path)], root=str(tmp_path))
    assert [(Path(f.path).name, f.kind, f.explicit) for f in found] == [
        ("a.py", FileKind.PYTHON, False),
        ("pyproject.toml", FileKind.PYPROJECT, False),
        ("dev.txt", FileKind.REQUIREMENTS, False),
    ]


def test_paths_are_absolute_and_normalised(tmp_path: Path) -> None:
    make(tmp_path, "pkg/a.py")
    found = discover([str(tmp_path / "pkg" / ".." / "pkg" / ".")], root=str(tmp_path))
    assert [f.path for f in found] == [os.path.join(str(tmp_path), "pkg", "a.py")]


# Default excludes --------------------------------------------------------------------------


def test_default_excludes_include_ruff_defaults_and_backlint_cache() -> None:
    for name in (".git", ".venv", "node_modules", "build", "dist", "site-packages", "venv"):
        assert name in DEFAULT_EXCLUDES
    assert ".backlint_cache" in DEFAULT_EXCLUDES


@pytest.mark.parametrize("directory", [".venv", "node_modules", "build", "dist"])
def test_default_excludes_skip_directory_at_any_depth(tmp_path: Path, directory: str) -> None:
    make(tmp_path, "keep.py", f"{directory}/top.py", f"pkg/{directory}/deep.py")
    assert run(tmp_path) == ["keep.py"]


def test_empty_exclude_replaces_defaults(tmp_path: Path) -> None:
    make(tmp_path, "build/a.py")
    assert run(tmp_path, exclude=()) == ["build/a.py"]


# exclude and extend_exclude ----------------------------------------------------------------


def test_extend_exclude_adds_to_exclude(tmp_path: Path) -> None:
    make(tmp_path, "build/a.py", "migrations/0001.py", "app.py")
    assert run(tmp_path, extend_exclude=["migrations"]) == ["app.py"]


def test_exclude_replaces_defaults_while_extend_exclude_still_applies(tmp_path: Path) -> None:
    make(tmp_path, "build/a.py", "migrations/0001.py", "app.py")
    assert run(tmp_path, exclude=["app.py"], extend_exclude=["migrations"]) == ["build/a.py"]


def test_pattern_without_slash_matches_basename_at_any_depth(tmp_path: Path) -> None:
    make(tmp_path, "conftest.py", "a/b/conftest.py", "a/b/other.py")
    assert run(tmp_path, exclude=["conftest.py"]) == ["a/b/other.py"]


def test_glob_without_slash_matches_basename(tmp_path: Path) -> None:
    make(tmp_path, "test_a.py", "pkg/test_b.py", "pkg/c.py")
    assert run(tmp_path, exclude=["test_*.py"]) == ["pkg/c.py"]


def test_pattern_with_slash_is_relative_to_root(tmp_path: Path) -> None:
    make(tmp_path, "src/legacy/a.py", "lib/src/legacy/b.py", "src/new.py")
    assert run(tmp_path, exclude=["src/legacy"]) == ["lib/src/legacy/b.py", "src/new.py"]


def test_pattern_with_slash_is_relative_to_root_not_cwd(tmp_path: Path) -> None:
    make(tmp_path, "src/legacy/a.py", "src/new.py")
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(tmp_path / "src")
        found = discover(["."], root=str(tmp_path), exclude=["src/legacy"])
    assert rel(tmp_path, found) == ["src/new.py"]


def test_star_in_pattern_with_slash_stays_in_one_directory(tmp_path: Path) -> None:
    make(tmp_path, "tests/fixtures/a.py", "tests/fixtures/sub/b.py", "tests/test_x.py")
    result = run(tmp_path, exclude=["tests/fixtures/*.py"])
    assert result == ["tests/fixtures/sub/b.py", "tests/test_x.py"]


def test_double_star_matches_any_number_of_directories(tmp_path: Path) -> None:
    make(tmp_path, "generated/a.py", "x/generated/b.py", "x/y/generated/z/c.py", "x/keep.py")
    assert run(tmp_path, exclude=["**/generated/**"]) == ["x/keep.py"]


def test_trailing_slash_in_exclude_matches_only_directories(tmp_path: Path) -> None:
    make(tmp_path, "scratch/a.py", "pkg/scratch.py")
    assert run(tmp_path, exclude=["scratch/", "scratch.py/"]) == ["pkg/scratch.py"]


def test_excluded_directory_is_not_entered(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    make(tmp_path, "huge/a.py", "app.py")
    listed: list[str] = []
    real_scandir = os.scandir

    def recording_scandir(path: str) -> object:
        listed.append(os.path.basename(path))
        return real_scandir(path)

    monkeypatch.setattr(discovery.os, "scandir", recording_scandir)
    assert run(tmp_path, exclude=["huge"]) == ["app.py"]
    assert "huge" not in listed


# .gitignore --------------------------------------------------------------------------------


def test_gitignore_plain_pattern_matches_at_any_depth(tmp_path: Path) -> None:
    make(tmp_path, "secret.py", "pkg/secret.py", "pkg/ok.py")
    write(tmp_path / ".gitignore", "secret.py\n")
    assert run(tmp_path) == ["pkg/ok.py"]


def test_gitignore_leading_slash_anchors_to_its_directory(tmp_path: Path) -> None:
    make(tmp_path, "gen.py", "pkg/gen.py")
    write(tmp_path / ".gitignore", "/gen.py\n")
    assert run(tmp_path) == ["pkg/gen.py"]


def test_gitignore_middle_slash_anchors_to_its_directory(tmp_path: Path) -> None:
    make(tmp_path, "pkg/gen/a.py", "other/pkg/gen/b.py")
    write(tmp_path / ".gitignore", "pkg/gen\n")
    assert run(tmp_path) == ["other/pkg/gen/b.py"]


def test_gitignore_trailing_slash_matches_only_directories(tmp_path: Path) -> None:
    make(tmp_path, "out/a.py", "pkg/b.py")
    write(tmp_path / ".gitignore", "out/\nout.py/\n")
    make(tmp_path, "out.py")
    assert run(tmp_path) == ["out.py", "pkg/b.py"]


def test_gitignore_negation_reincludes_a_file(tmp_path: Path) -> None:
    make(tmp_path, "a.py", "keep.py")
    write(tmp_path / ".gitignore", "*.py\n!keep.py\n")
    assert run(tmp_path) == ["keep.py"]


def test_gitignore_last_matching_line_wins(tmp_path: Path) -> None:
    make(tmp_path, "keep.py")
    write(tmp_path / ".gitignore", "!keep.py\n*.py\n")
    assert run(tmp_path) == []


def test_gitignore_in_subdirectory_overrides_parent(tmp_path: Path) -> None:
    make(tmp_path, "a.py", "pkg/a.py", "pkg/b.py")
    write(tmp_path / ".gitignore", "*.py\n")
    write(tmp_path / "pkg" / ".gitignore", "!a.py\n")
    assert run(tmp_path) == ["pkg/a.py"]


def test_gitignore_in_subdirectory_applies_only_below_it(tmp_path: Path) -> None:
    make(tmp_path, "a.py", "pkg/a.py")
    write(tmp_path / "pkg" / ".gitignore", "a.py\n")
    assert run(tmp_path) == ["a.py"]


def test_gitignore_anchored_pattern_in_subdirectory_is_relative_to_it(tmp_path: Path) -> None:
    make(tmp_path, "pkg/gen/a.py", "pkg/sub/gen/b.py")
    write(tmp_path / "pkg" / ".gitignore", "/gen\n")
    assert run(tmp_path) == ["pkg/sub/gen/b.py"]


def test_gitignore_negation_cannot_reinclude_file_in_ignored_directory(tmp_path: Path) -> None:
    make(tmp_path, "out/keep.py", "out/drop.py")
    write(tmp_path / ".gitignore", "out/\n!out/keep.py\n")
    write(tmp_path / "out" / ".gitignore", "!keep.py\n")
    assert run(tmp_path) == []


def test_gitignore_negation_reincludes_when_only_contents_are_ignored(tmp_path: Path) -> None:
    make(tmp_path, "out/keep.py", "out/drop.py")
    write(tmp_path / ".gitignore", "out/*\n!out/keep.py\n")
    assert run(tmp_path) == ["out/keep.py"]


def test_gitignore_double_star_forms(tmp_path: Path) -> None:
    make(tmp_path, "logs/a.py", "x/logs/b.py", "doc/c.py", "doc/x/y/c.py", "a/b.py", "a/x/y/b.py")
    make(tmp_path, "keep/a.py", "doc/keep.py", "a/x/c.py")
    write(tmp_path / ".gitignore", "**/logs\ndoc/**/c.py\na/**/b.py\nkeep/**\n!keep/a.py\n")
    assert run(tmp_path) == ["a/x/c.py", "doc/keep.py", "keep/a.py"]


def test_gitignore_escapes_comments_blank_lines_and_trailing_spaces(tmp_path: Path) -> None:
    make(tmp_path, "#hash.py", "!bang.py", "space.py", "plain.py", "comment.py")
    make(tmp_path, "tail .py")
    text = "# comment.py\n\n\\#hash.py\n\\!bang.py\nspace.py   \ntail\\ .py\n"
    write(tmp_path / ".gitignore", text)
    assert run(tmp_path) == ["comment.py", "plain.py"]


@pytest.mark.skipif(os.name == "nt", reason="Windows drops trailing spaces from names")
def test_gitignore_escaped_trailing_space_is_kept(tmp_path: Path) -> None:
    make(tmp_path, "spaced /a.py", "spaced/b.py")
    write(tmp_path / ".gitignore", "spaced\\ \n")
    assert run(tmp_path) == ["spaced/b.py"]


def test_gitignore_character_classes(tmp_path: Path) -> None:
    make(tmp_path, "a1.py", "b1.py", "c1.py", "d.py")
    write(tmp_path / ".gitignore", "[ab]1.py\n[[:lower:]].py\n")
    assert run(tmp_path) == ["c1.py"]


def test_gitignore_with_crlf_line_endings(tmp_path: Path) -> None:
    make(tmp_path, "a.py", "b.py")
    (tmp_path / ".gitignore").write_bytes(b"a.py\r\n")
    assert run(tmp_path) == ["b.py"]


def test_gitignore_in_ancestor_up_to_repository_applies(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    make(repo, ".git/", "project/a.py", "project/gen.py", "project/sub/gen.py")
    write(repo / ".gitignore", "gen.py\n")
    write(repo / "project" / ".gitignore", "!sub/gen.py\n")
    assert run(repo / "project") == ["a.py", "sub/gen.py"]


def test_gitignore_above_the_repository_is_not_read(tmp_path: Path) -> None:
    write(tmp_path / ".gitignore", "*.py\n")
    repo = tmp_path / "repo"
    make(repo, ".git/", "project/a.py")
    assert run(repo / "project") == ["a.py"]


def test_gitignore_in_ancestor_is_not_read_without_repository(tmp_path: Path) -> None:
    write(tmp_path / ".gitignore", "*.py\n")
    make(tmp_path, "project/a.py")
    assert run(tmp_path / "project") == ["a.py"]


def test_anchored_pattern_in_ancestor_gitignore_is_relative_to_its_directory(
    tmp_path: Path,
) -> None:
    repo = tmp_path / "repo"
    make(repo, ".git/", "project/gen/a.py", "project/b.py")
    write(repo / ".gitignore", "/project/gen/\n/gen/\n")
    assert run(repo / "project") == ["b.py"]


def test_git_info_exclude_applies(tmp_path: Path) -> None:
    make(tmp_path, ".git/info/", "local.py", "a.py")
    write(tmp_path / ".git" / "info" / "exclude", "local.py\n")
    assert run(tmp_path) == ["a.py"]


def test_gitignore_overrides_git_info_exclude(tmp_path: Path) -> None:
    make(tmp_path, ".git/info/", "local.py", "a.py")
    write(tmp_path / ".git" / "info" / "exclude", "*.py\n")
    write(tmp_path / ".gitignore", "!local.py\n")
    assert run(tmp_path) == ["local.py"]


def test_respect_gitignore_false_ignores_all_ignore_files(tmp_path: Path) -> None:
    make(tmp_path, ".git/info/", "a.py", "b.py", "out/c.py")
    write(tmp_path / ".gitignore", "a.py\nout/\n")
    write(tmp_path / ".git" / "info" / "exclude", "b.py\n")
    assert run(tmp_path, respect_gitignore=False) == ["a.py", "b.py", "out/c.py"]


def test_unreadable_gitignore_is_treated_as_empty(tmp_path: Path) -> None:
    make(tmp_path, "a.py", ".gitignore/")
    assert run(tmp_path) == ["a.py"]


# Explicit paths ----------------------------------------------------------------------------


def test_explicit_file_in_excluded_directory_is_returned(tmp_path: Path) -> None:
    make(tmp_path, "build/gen.py")
    found = discover([str(tmp_path / "build" / "gen.py")], root=str(tmp_path))
    assert found == [SourceFile(str(tmp_path / "build" / "gen.py"), FileKind.PYTHON, True)]


def test_explicit_gitignored_file_is_returned(tmp_path: Path) -> None:
    make(tmp_path, "out/gen.py")
    write(tmp_path / ".gitignore", "out/\n")
    assert run(tmp_path, ["out/gen.py"]) == ["out/gen.py"]


def test_explicit_file_in_excluded_directory_skipped_with_force_exclude(tmp_path: Path) -> None:
    make(tmp_path, "build/gen.py")
    assert run(tmp_path, ["build/gen.py"], force_exclude=True) == []


def test_explicit_excluded_file_skipped_with_force_exclude(tmp_path: Path) -> None:
    make(tmp_path, "pkg/conftest.py")
    assert run(tmp_path, ["pkg/conftest.py"], exclude=["conftest.py"], force_exclude=True) == []


def test_explicit_file_under_gitignored_directory_skipped_with_force_exclude(
    tmp_path: Path,
) -> None:
    make(tmp_path, "out/keep.py")
    write(tmp_path / ".gitignore", "out/\n!out/keep.py\n")
    assert run(tmp_path, ["out/keep.py"], force_exclude=True) == []


def test_force_exclude_keeps_explicit_file_that_is_not_excluded(tmp_path: Path) -> None:
    make(tmp_path, "pkg/a.py")
    assert run(tmp_path, ["pkg/a.py"], force_exclude=True) == ["pkg/a.py"]


def test_force_exclude_does_not_exclude_the_root_by_its_own_name(tmp_path: Path) -> None:
    root = tmp_path / "build"
    make(root, "a.py")
    assert run(root, ["."], force_exclude=True) == ["a.py"]


def test_explicit_txt_file_is_requirements(tmp_path: Path) -> None:
    make(tmp_path, "deps/base.txt")
    found = discover([str(tmp_path / "deps" / "base.txt")], root=str(tmp_path))
    assert [(f.kind, f.explicit) for f in found] == [(FileKind.REQUIREMENTS, True)]


def test_explicit_toml_other_than_pyproject_is_skipped(tmp_path: Path) -> None:
    make(tmp_path, "ruff.toml")
    assert run(tmp_path, ["ruff.toml"]) == []


def test_explicit_file_with_unknown_name_is_python(tmp_path: Path) -> None:
    make(tmp_path, "bin/manage")
    found = discover([str(tmp_path / "bin" / "manage")], root=str(tmp_path))
    assert [(f.kind, f.explicit) for f in found] == [(FileKind.PYTHON, True)]


def test_explicit_directory_named_build_is_walked(tmp_path: Path) -> None:
    make(tmp_path, "build/a.py", "build/dist/b.py")
    assert run(tmp_path, ["build"]) == ["build/a.py"]


def test_explicit_gitignored_directory_is_walked(tmp_path: Path) -> None:
    make(tmp_path, "out/a.py")
    write(tmp_path / ".gitignore", "out/\n")
    assert run(tmp_path, ["out"]) == ["out/a.py"]


def test_explicit_excluded_directory_skipped_with_force_exclude(tmp_path: Path) -> None:
    make(tmp_path, "build/a.py")
    assert run(tmp_path, ["build"], force_exclude=True) == []


def test_explicit_directory_inside_excluded_one_skipped_with_force_exclude(
    tmp_path: Path,
) -> None:
    make(tmp_path, "build/lib/a.py")
    assert run(tmp_path, ["build/lib"], force_exclude=True) == []


def test_explicit_directory_still_applies_gitignore_of_its_ancestors(tmp_path: Path) -> None:
    make(tmp_path, "pkg/sub/a.py", "pkg/sub/b.py")
    write(tmp_path / ".gitignore", "a.py\n")
    assert run(tmp_path, ["pkg/sub"]) == ["pkg/sub/b.py"]


def test_nonexistent_path_raises_file_not_found_with_the_path(tmp_path: Path) -> None:
    make(tmp_path, "a.py")
    with pytest.raises(FileNotFoundError) as info:
        run(tmp_path, ["a.py", "missing/x.py"])
    assert info.value.filename == "missing/x.py"


def test_path_below_a_file_raises_file_not_found(tmp_path: Path) -> None:
    make(tmp_path, "a.py")
    with pytest.raises(FileNotFoundError):
        run(tmp_path, ["a.py/x.py"])


# Symlinks and unreadable directories -------------------------------------------------------


def test_symlink_loop_does_not_hang(tmp_path: Path) -> None:
    make(tmp_path, "pkg/a.py")
    symlink(tmp_path, tmp_path / "pkg" / "loop", is_dir=True)
    assert run(tmp_path) == ["pkg/a.py"]


def test_symlinked_directory_is_not_followed(tmp_path: Path) -> None:
    make(tmp_path, "real/a.py")
    symlink(tmp_path / "real", tmp_path / "alias", is_dir=True)
    assert run(tmp_path) == ["real/a.py"]


def test_symlinked_file_is_included_under_its_own_path(tmp_path: Path) -> None:
    make(tmp_path, "data/target.py")
    symlink(tmp_path / "data" / "target.py", tmp_path / "link.py", is_dir=False)
    assert run(tmp_path) == ["data/target.py", "link.py"]


def test_dangling_symlink_is_skipped(tmp_path: Path) -> None:
    make(tmp_path, "a.py")
    symlink(tmp_path / "gone.py", tmp_path / "dangling.py", is_dir=False)
    assert run(tmp_path) == ["a.py"]


def test_unreadable_directory_is_skipped_silently(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    make(tmp_path, "locked/a.py", "open/b.py")
    real_scandir = os.scandir

    def guarded_scandir(path: str) -> object:
        if os.path.basename(path) == "locked":
            raise PermissionError(13, "Permission denied", path)
        return real_scandir(path)

    monkeypatch.setattr(discovery.os, "scandir", guarded_scandir)
    assert run(tmp_path) == ["open/b.py"]


# Output ------------------------------------------------------------------------------------


def test_file_reached_twice_is_returned_once(tmp_path: Path) -> None:
    make(tmp_path, "src/a.py", "b.py")
    assert run(tmp_path, [".", "src", "src/a.py", "./b.py"]) == ["b.py", "src/a.py"]


def test_explicit_mention_wins_over_walk(tmp_path: Path) -> None:
    make(tmp_path, "src/a.py")
    root = str(tmp_path)
    for paths in ([root, str(tmp_path / "src" / "a.py")], [str(tmp_path / "src" / "a.py"), root]):
        assert [f.explicit for f in discover(paths, root=root)] == [True]


def test_overlapping_walks_respect_each_start(tmp_path: Path) -> None:
    make(tmp_path, "build/a.py", "b.py")
    assert run(tmp_path, [".", "build"]) == ["b.py", "build/a.py"]
    assert run(tmp_path, ["build", "."]) == ["b.py", "build/a.py"]


def test_directory_reached_by_two_walks_is_listed_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    make(tmp_path, "src/pkg/a.py")
    listed: list[str] = []
    real_scandir = os.scandir

    def recording_scandir(path: str) -> object:
        listed.append(os.path.relpath(path, tmp_path))
        return real_scandir(path)

    monkeypatch.setattr(discovery.os, "scandir", recording_scandir)
    assert run(tmp_path, [".", "src", "src/pkg"]) == ["src/pkg/a.py"]
    assert sorted(listed) == [".", "src", os.path.join("src", "pkg")]


def test_output_is_sorted_by_path(tmp_path: Path) -> None:
    make(tmp_path, "z.py", "a/z.py", "m.py", "a/b/c.py", "requirements.txt")
    found = discover([str(tmp_path / "z.py"), str(tmp_path)], root=str(tmp_path))
    paths = [f.path for f in found]
    assert paths == sorted(paths)
    assert len(paths) == 5


def test_large_tree_is_discovered_completely(tmp_path: Path) -> None:
    for package in range(30):
        for module in range(100):
            make(tmp_path, f"pkg{package}/mod{module}.py")
    make(tmp_path, "node_modules/x.py")
    write(tmp_path / ".gitignore", "mod99.py\n")
    assert len(run(tmp_path)) == 30 * 99


def test_classify_setup_cfg_as_a_manifest() -> None:
    assert classify("setup.cfg") is FileKind.SETUP_CFG
    assert classify("pkg/setup.cfg") is FileKind.SETUP_CFG
