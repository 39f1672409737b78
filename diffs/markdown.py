"""The Markdown syntax every part of clausewatch recognises, defined once.

:data:`MD_LINK` matches an inline link or image, ``[label](target "title")`` or
``![alt](src)``: group ``bang`` is ``"!"`` for an image, group ``label`` its text (one
level of nested brackets allowed), and the target may hold balanced parentheses.
The differ, the flagger and ``tracker.normalize`` all use it, so a link is one thing
everywhere.
"""

from __future__ import annotations

import re

__all__ = ["MD_LINK"]

MD_LINK = re.compile(
    r"(?P<bang>!?)\[(?P<label>(?:[^\[\]]|\[[^\[\]]*\])*)\]"
    r"\((?:[^()\s]|\([^()\s]*\))*(?:\s+\"[^\"]*\")?\)"
)
