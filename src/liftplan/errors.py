"""Errors users can fix themselves: reported in one line, exit code 2, never a traceback."""

from __future__ import annotations


def one_line(text: str) -> str:
    """``text`` with every line break and run of blanks made one space (a YAML library's
    message spans lines; the contract is one line on stderr)."""
    # (and printable in UTF-8: half a surrogate pair from a YAML escape is shown escaped)
    text = text.encode("utf-8", "backslashreplace").decode("utf-8")
    return " ".join(text.split())


class InputError(Exception):
    """Bad input: names the file, the field path inside it, and the problem."""

    def __init__(self, file: str, path: str, problem: str) -> None:
        self.file = file
        self.path = path
        self.problem = problem
        super().__init__(str(self))

    def __str__(self) -> str:
        where = f"{self.file}: {self.path}" if self.path else self.file
        return one_line(f"{where}: {self.problem}")

    def __reduce__(self) -> tuple[type[InputError], tuple[str, str, str]]:
        """Rebuilt from its three parts, as a process pool sends it back (compare's
        scenarios, a batch's athletes): the default would call __init__ with the message."""
        return type(self), (self.file, self.path, self.problem)
