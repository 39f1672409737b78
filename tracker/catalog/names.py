"""Service names and terms types: what makes a name unusable as a page and a folder.

A name becomes a slug (:func:`tracker.normalize.slugify`), and the slug becomes a folder
of the site (``services/<service>/<terms type>/``) and a feed file name.  So a name is
refused, and reported against its declaration file, when:

- it holds a control character (NUL, escape, backspace…), a bidi control (which can make
  a name read backwards around it) or a Unicode non-character;
- its slug is longer than :data:`MAX_SLUG_BYTES` bytes (file names stop at 255);
- two terms types of a service give the same slug ("Terms of Service" and
  "terms-of-service"), or two services do (checked across files by ``load_catalog``).
"""

from __future__ import annotations

from tracker.normalize import shown, slugify, unsafe_characters

#: the longest slug, in UTF-8 bytes: a file name is at most 255 bytes, and a slug also
#: names ``<slug>.atom`` and ``<slug>.rss`` feed files
MAX_SLUG_BYTES = 200


def name_problem(name: str, what: str) -> str | None:
    """What makes ``name`` (``what``: "service name" or "terms type") unusable, or None."""
    if not name.strip():
        return f"the {what} is empty; give it a name"
    bad = unsafe_characters(name)
    if bad:
        return (
            f'the {what} "{shown(name)}" holds control or direction characters '
            f"({', '.join(bad)}); remove them"
        )
    size = len(slugify(name).encode("utf-8"))
    if size > MAX_SLUG_BYTES:
        return (
            f"the {what} is too long: its page name would be {size} bytes, at most "
            f"{MAX_SLUG_BYTES} fit in a file name; shorten it"
        )
    return None


class SlugRegister:
    """Remembers which name took each slug, to report the second name that wants it."""

    def __init__(self) -> None:
        self.names: dict[str, str] = {}

    def claim(self, name: str) -> str | None:
        """Claim ``name``'s slug; return the earlier name that holds it, if another."""
        slug = slugify(name)
        first = self.names.setdefault(slug, name)
        return first if first != name else None
