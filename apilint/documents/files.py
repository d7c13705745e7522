"""The files one run reads, whatever their format: each read once, within the size limit.

Reading is kept apart from what a format makes of the bytes (YAML and `$ref`s for
OpenAPI, SDL for GraphQL), and goes through one replaceable `reader`, so a run can
later read another version of the same files (through git, for `apilint diff`).
"""

from __future__ import annotations

import os
import re
import stat
import sys
from pathlib import Path
from typing import Callable, Iterator, Protocol, TypeVar

from apilint.errors import InputError, error_text
from apilint.finding import Source

DEFAULT_MAX_FILE_BYTES = 32 * 1024 * 1024
_SKIP_DIRS = {".git", ".hg", ".svn", "node_modules", ".venv", "venv", "__pycache__", ".tox"}
STDIN_NAME = "<stdin>"

SourceT = TypeVar("SourceT", bound=Source)


def read_limited(path: Path, max_bytes: int) -> bytes:
    """Read a file, refusing anything larger than `max_bytes` before reading it all."""
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise InputError(
                str(path),
                f"file is {size / 1048576:.1f} MB, above the {max_bytes / 1048576:.0f} MB limit (--max-file-size)",
            )
        with path.open("rb") as handle:
            return handle.read(max_bytes + 1)
    except IsADirectoryError:
        raise InputError(str(path), "is a directory") from None
    except OSError as error:
        raise InputError(str(path), f"cannot read: {error_text(error)}") from None


_SPECIAL_FILES = (
    (stat.S_ISFIFO, "a FIFO"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
)


def file_problem(path: Path) -> str | None:
    """Why `path` is no file to read ("no such file or directory", "broken symbolic link (to
    x.yaml)", "not a regular file (a FIFO)", ...), or None. Never opens it: opening a FIFO
    waits for a writer forever."""
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        return f"broken symbolic link (to {os.readlink(path)})" if path.is_symlink() else "no such file or directory"
    except (OSError, ValueError) as error:  # ValueError: a NUL byte in the name
        return f"cannot read: {error_text(error)}"
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISDIR(mode):
        return "a directory, not a file"
    return f"not a regular file ({next((kind for is_kind, kind in _SPECIAL_FILES if is_kind(mode)), 'special')})"


def git_work_tree(directory: Path) -> Path | None:
    """The nearest directory at or above `directory` with a `.git` directory or file (a linked
    worktree or a submodule has a file), or None outside git."""
    for candidate in (directory, *directory.parents):
        if os.path.lexists(candidate / ".git"):
            return candidate
    return None


class Reader(Protocol):
    """Where a run's bytes come from: the file system, or (later) a git revision."""

    def read(self, path: Path, max_bytes: int) -> bytes:
        """The file's bytes; InputError when it cannot be read or is larger than `max_bytes`."""

    def problem(self, path: Path) -> str | None:
        """Why `path` is no file to read, or None (see `file_problem`)."""


class FileSystem:
    read = staticmethod(read_limited)
    problem = staticmethod(file_problem)


class FileSet:
    """Every source a run loaded, by key (the resolved path, or a URL), and the bytes behind them.

    Standard input is a file named <stdin> in the working directory: that is how findings name
    it, and its `$ref`s are relative to the working directory."""

    def __init__(self, max_file_bytes: int = DEFAULT_MAX_FILE_BYTES, reader: Reader | None = None):
        self.max_file_bytes = max_file_bytes
        self._reader = reader if reader is not None else FileSystem()
        self._sources: dict[str, Source] = {}
        # Files read at a git revision are shown as git names them (`origin/main:api.yaml`), the
        # `$ref`'d ones a diff reads on demand too.
        self._shown_at = f"{reader.revision}:" if isinstance(reader, GitRevision) else ""
        self.stdin_path = Path.cwd().resolve() / STDIN_NAME
        self._stdin: bytes | None = None

    @property
    def sources(self) -> list[Source]:
        """In the order they were loaded."""
        return list(self._sources.values())

    def read(self, path: Path) -> bytes:
        return self.read_stdin() if path == self.stdin_path else self._reader.read(path, self.max_file_bytes)

    def problem(self, path: Path) -> str | None:
        """Why `path` is no file to read ("no such file or directory", ...), or None."""
        return self._reader.problem(path)

    def read_stdin(self) -> bytes:
        """Standard input, read once (within the size limit); it loads as `stdin_path`."""
        if self._stdin is None:
            limit = self.max_file_bytes
            stream = getattr(sys.stdin, "buffer", None)
            if stream is None:
                raise InputError(STDIN_NAME, "cannot read: standard input is closed")
            try:
                self._stdin = stream.read(limit + 1)
            except OSError as error:
                raise InputError(STDIN_NAME, f"cannot read: {error_text(error)}") from None
            if len(self._stdin) > limit:
                raise InputError(STDIN_NAME, f"more than the {limit / 1048576:.0f} MB limit (--max-file-size)")
        return self._stdin

    def source(self, key: str, make: Callable[[], SourceT]) -> SourceT:
        """The source loaded under `key`, made (and its bytes read) the first time only."""
        if key not in self._sources:
            try:
                source = make()
            except InputError as error:  # a file that cannot be read or parsed there
                error.path = self.shown(error.path)
                raise
            source.display = self.shown(source.display)
            self._sources[key] = source
        return self._sources[key]  # type: ignore[return-value]

    def get(self, key: str) -> Source | None:
        return self._sources.get(key)

    def shown(self, name: str) -> str:
        """A file's name as findings and errors show it: at a revision, `REV:name`."""
        return name if name.startswith(self._shown_at) else self._shown_at + name


def walk(directory: Path) -> Iterator[Path]:
    """The files below `directory`, outside hidden directories and _SKIP_DIRS. In a git work
    tree, those git lists: tracked, or untracked and not ignored (.gitignore is honoured);
    elsewhere, or when git cannot say, all of them."""
    listed = _git_listed(directory)
    if listed is not None:
        # The same directories are skipped as in the walk below: what is checked must not depend
        # on whether git is installed.
        yield from (path for path in listed if not _skipped_dir(path.relative_to(directory).parts[:-1]))
        return
    for root, dirs, files in os.walk(directory):
        dirs[:] = sorted(d for d in dirs if not _skipped_dir((d,)))
        for name in sorted(files):
            yield Path(root) / name


def _skipped_dir(names: tuple[str, ...]) -> bool:
    """Is a file below these directories skipped in scans (hidden ones, node_modules, virtualenvs)?"""
    return any(name in _SKIP_DIRS or name.startswith(".") for name in names)


# A tracked entry in `git ls-files --stage` output: mode, object, stage, tab, path.
_STAGED = re.compile(rb"([0-7]{6}) [0-9a-f]+ [0-3]\t")
_SUBMODULE_MODE = b"160000"


def _git_listed(directory: Path) -> list[Path] | None:
    """What `git ls-files` lists below `directory`, sorted, entering submodules and nested
    repositories (git lists those as one entry); None outside git, when git fails, or when
    git ignores the directory itself (named explicitly, it is walked)."""
    if git_work_tree(directory.resolve()) is None:
        return None
    import subprocess

    command = ["ls-files", "-z", "--stage", "--cached", "--others", "--exclude-standard"]
    try:
        listing = _git(directory, *command)
    except (OSError, subprocess.CalledProcessError):
        return None
    files: set[Path] = set()
    for entry in filter(None, listing.split(b"\0")):
        staged = _STAGED.match(entry)
        name = entry[staged.end() :] if staged else entry
        path = directory / os.fsdecode(name)
        if name.endswith(b"/") or (staged and staged.group(1) == _SUBMODULE_MODE):
            if os.path.lexists(path / ".git"):  # else a submodule not checked out: nothing to read
                files.update(walk(path))
        else:
            files.add(path)
    if not files:
        try:
            _git(directory, "check-ignore", "-q", ".")
            return None  # git ignores the directory itself
        except (OSError, subprocess.CalledProcessError):
            pass
    return sorted(files)


def _git(directory: Path, *arguments: str) -> bytes:
    """What `git -C directory ARGUMENTS` prints; CalledProcessError when it fails."""
    import subprocess  # only for runs that ask git: start-up speed matters to pre-commit

    # A hook's GIT_DIR or GIT_INDEX_FILE would make git answer for another repository.
    env = {key: value for key, value in os.environ.items() if not key.startswith("GIT_")}
    return subprocess.run(["git", "-C", str(directory), *arguments], capture_output=True, env=env, check=True).stdout


class GitRevision:
    """A `Reader` of the files of a git work tree as they are at a revision (`apilint diff --base
    REV`), through git itself: no checkout, no temporary files. Paths are the work tree's; a
    path the revision does not have is a problem ("not at REV"), as a missing file is."""

    def __init__(self, work_tree: Path, revision: str, commit: str):
        self.work_tree = work_tree
        self.revision = revision  # as the user wrote it, for messages
        self.commit = commit
        self._entries: dict[str, tuple[str, int] | None] = {}  # path in the tree -> (type, size)

    @classmethod
    def open(cls, directory: Path, revision: str) -> "GitRevision":
        """The revision of the git work tree that holds `directory`; UsageError when there is no
        such work tree or revision."""
        import subprocess

        from apilint.errors import UsageError

        work_tree = git_work_tree(directory.resolve())
        if work_tree is None:
            raise UsageError(f"{directory}: not in a git work tree, so there is no revision {revision!r} to read")
        try:
            commit = _git(work_tree, "rev-parse", "--verify", "--quiet", "--end-of-options", f"{revision}^{{commit}}")
        except (OSError, subprocess.CalledProcessError):
            raise UsageError(f"{revision!r} is no commit of the git repository at {work_tree}") from None
        return cls(work_tree, revision, commit.decode().strip())

    def _entry(self, path: Path) -> tuple[str, int] | None:
        """(object type, size) of the path at the revision; None when it has none."""
        import subprocess

        relative = os.path.relpath(path, self.work_tree)
        if relative.startswith(".."):
            return None
        name = Path(relative).as_posix()
        if name not in self._entries:
            try:
                listed = _git(self.work_tree, "ls-tree", "-l", "-z", self.commit, "--", name)
            except (OSError, subprocess.CalledProcessError):
                listed = b""
            entry = None
            for line in filter(None, listed.split(b"\0")):
                info, _, listed_name = line.partition(b"\t")
                if os.fsdecode(listed_name) == name:
                    _, kind, _, size = info.split(maxsplit=3)
                    entry = (kind.decode(), int(size) if size.strip().isdigit() else 0)
            self._entries[name] = entry
        return self._entries[name]

    def files_under(self, directory: Path) -> list[Path]:
        """The files below `directory` at the revision (skipping what `walk` skips), sorted."""
        import subprocess

        relative = os.path.relpath(directory, self.work_tree)
        if relative.startswith(".."):
            return []
        try:
            listed = _git(self.work_tree, "ls-tree", "-r", "-z", "--name-only", self.commit, "--", relative)
        except (OSError, subprocess.CalledProcessError):
            return []
        files = [self.work_tree / os.fsdecode(name) for name in filter(None, listed.split(b"\0"))]
        return sorted(path for path in files if not _skipped_dir(path.relative_to(directory).parts[:-1]))

    def problem(self, path: Path) -> str | None:
        entry = self._entry(path)
        if entry is None:
            return f"not at {self.revision}"
        return None if entry[0] == "blob" else f"a directory at {self.revision}, not a file"

    def read(self, path: Path, max_bytes: int) -> bytes:
        import subprocess

        problem = self.problem(path)
        if problem is not None:
            raise InputError(str(path), problem)
        size = self._entry(path)[1]
        if size > max_bytes:
            raise InputError(
                str(path),
                f"file is {size / 1048576:.1f} MB at {self.revision}, above the {max_bytes / 1048576:.0f} MB limit (--max-file-size)",
            )
        name = Path(os.path.relpath(path, self.work_tree)).as_posix()
        try:
            return _git(self.work_tree, "cat-file", "blob", f"{self.commit}:{name}")
        except (OSError, subprocess.CalledProcessError) as error:
            raise InputError(str(path), f"cannot read at {self.revision}: {error_text(error)}") from None
