"""Free text as every stage takes it: from content files, a dose, a command line or a CSV.

One rule for all of them, so a note typed on the command line and the same note in a
CSV cell or a drill file are refused (or accepted) alike, with the same words.
"""

from __future__ import annotations

import re

# Control characters print as nothing (or garble a terminal), and XML, so the email's
# MJML, cannot hold most of them: text is refused when it has one.
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff]")


class TextProblem(ValueError):
    """Why a text was refused, worded to follow the text's name: "notes " + problem."""


def describe_control(char: str) -> str:
    return f"the control character U+{ord(char):04X}; remove it"


def clean_text(value: str, limit: int, *, keep_lines: bool = False) -> str:
    """`value` with its runs of whitespace folded to one space (line breaks kept where
    `keep_lines`: a therapist's notes), or TextProblem. Empty text comes back empty:
    whether that is an error depends on the field."""
    if match := CONTROL.search(value):
        raise TextProblem(f"contains {describe_control(match.group())}")
    if keep_lines:
        lines = value.replace("\r\n", "\n").replace("\r", "\n").split("\n")
        text = "\n".join(" ".join(line.split()) for line in lines).strip()
    else:
        text = " ".join(value.split())
    if len(text) > limit:
        raise TextProblem(f"is longer than {limit} characters")
    return text
