"""Glob -> regex translation for capability label files.

Syntax (gitignore-like, always anchored to the whole repo-relative path):

* ``**/``   -> ``(?:.*/)?``  (zero or more leading directories)
* ``/**`` at the end of a pattern -> ``/.*`` (everything below a folder)
* ``**`` anywhere else -> ``.*``
* ``*``     -> ``[^/]*``     (never crosses ``/``)
* ``?``     -> ``[^/]``
* ``{x,y}`` -> ``(?:x|y)``   (alternatives may themselves contain globs, may nest)
* ``[abc]`` character classes are kept (``[!abc]`` is negation, like ``[^abc]``)
* everything else is literal.

Run ``python3 bench/capabilities/globs.py`` to execute the self-tests.
"""

from __future__ import annotations

import functools
import re

__all__ = ["glob_to_regex", "compile_glob", "glob_match", "first_match"]


def _translate(pat: str, i: int, in_brace: bool) -> tuple[str, int]:
    """Translate pat starting at index i; stop at an unmatched ',' or '}' when in_brace."""
    out: list[str] = []
    n = len(pat)
    while i < n:
        c = pat[i]
        if c == "*":
            if i + 1 < n and pat[i + 1] == "*":
                # '**'
                at_seg_start = i == 0 or pat[i - 1] == "/"
                j = i + 2
                if at_seg_start and j < n and pat[j] == "/":
                    out.append("(?:.*/)?")
                    i = j + 1
                    continue
                if at_seg_start and j == n and i > 0:
                    # trailing '/**': the '/' was already emitted
                    out.append(".*")
                    i = j
                    continue
                out.append(".*")
                i = j
                continue
            out.append("[^/]*")
            i += 1
        elif c == "?":
            out.append("[^/]")
            i += 1
        elif c == "[":
            j = i + 1
            if j < n and pat[j] in "!^":
                j += 1
            if j < n and pat[j] == "]":
                j += 1
            while j < n and pat[j] != "]":
                j += 1
            if j >= n:
                out.append(re.escape(c))
                i += 1
                continue
            body = pat[i + 1 : j]
            if body[:1] in ("!", "^"):
                body = "^" + body[1:]
            body = body.replace("\\", "\\\\")
            out.append("[" + body + "]")
            i = j + 1
        elif c == "{":
            alts: list[str] = []
            k = i + 1
            closed = False
            while k <= n:
                sub, k = _translate(pat, k, True)
                alts.append(sub)
                if k < n and pat[k] == ",":
                    k += 1
                    continue
                if k < n and pat[k] == "}":
                    k += 1
                    closed = True
                break
            if not closed:
                raise ValueError(f"unbalanced '{{' in glob {pat!r}")
            out.append("(?:" + "|".join(alts) + ")")
            i = k
        elif in_brace and c in ",}":
            return "".join(out), i
        elif c == "}":
            raise ValueError(f"unbalanced '}}' in glob {pat!r}")
        else:
            out.append(re.escape(c))
            i += 1
    return "".join(out), i


def glob_to_regex(pattern: str) -> str:
    """Return an anchored regex string for *pattern*.

    >>> glob_to_regex("app/*.rb")
    '\\\\Aapp/[^/]*\\\\.rb\\\\Z'
    """
    body, _ = _translate(pattern, 0, False)
    return r"\A" + body + r"\Z"


@functools.lru_cache(maxsize=None)
def compile_glob(pattern: str) -> re.Pattern[str]:
    return re.compile(glob_to_regex(pattern), re.DOTALL)


def glob_match(pattern: str, path: str) -> bool:
    """True if the whole *path* matches *pattern*.

    >>> glob_match("a/**/b.py", "a/b.py"), glob_match("a/**/b.py", "a/x/y/b.py")
    (True, True)
    >>> glob_match("app/*.rb", "app/x/y.rb")
    False
    """
    return compile_glob(pattern).match(path) is not None


def first_match(groups, path: str):
    """groups: iterable of (name, [globs]); return the first name whose globs match, else None."""
    for name, globs in groups:
        for g in globs:
            if glob_match(g, path):
                return name
    return None


def _self_test() -> None:
    cases = [
        # (pattern, path, expected)
        ("app/models/story.rb", "app/models/story.rb", True),
        ("app/models/story.rb", "xapp/models/story.rb", False),
        ("app/models/story.rb", "app/models/story.rbx", False),
        ("app/models/story_*.rb", "app/models/story_text.rb", True),
        ("app/models/story_*.rb", "app/models/story_/x.rb", False),
        ("app/*", "app/a/b.rb", False),
        ("app/**", "app/a/b.rb", True),
        ("app/**", "app", False),
        ("app/**", "application.rb", False),
        ("**/tests/**", "tests/a.py", True),
        ("**/tests/**", "saleor/x/tests/a.py", True),
        ("**/tests/**", "saleor/x/mytests/a.py", False),
        ("**/test_*.py", "test_x.py", True),
        ("**/test_*.py", "a/b/test_x.py", True),
        ("a/**/b.py", "a/b.py", True),
        ("a/**/b.py", "a/x/y/b.py", True),
        ("a/**/b.py", "ab.py", False),
        ("?.rb", "a.rb", True),
        ("?.rb", "/.rb", False),
        ("?.rb", "ab.rb", False),
        ("app/{models,controllers}/issue*.rb", "app/controllers/issues_controller.rb", True),
        ("app/{models,controllers}/issue*.rb", "app/views/issues.rb", False),
        ("{a,b/{c,d}}/*.py", "b/d/x.py", True),
        ("{a,b/{c,d}}/*.py", "b/e/x.py", False),
        ("{a,}x.py", "x.py", True),
        ("file[0-9].py", "file7.py", True),
        ("file[0-9].py", "filex.py", False),
        ("file[!0-9].py", "filex.py", True),
        ("file[!0-9].py", "file1.py", False),
        ("a.b", "axb", False),
        ("a+b(c).py", "a+b(c).py", True),
        ("saleor/**/*.py", "saleor/x.py", True),
        ("saleor/**/*.py", "saleor/a/b/x.py", True),
        ("x**y", "x/a/y", True),
    ]
    for pat, path, exp in cases:
        got = glob_match(pat, path)
        assert got == exp, f"glob {pat!r} vs {path!r}: expected {exp}, got {got} (regex {glob_to_regex(pat)})"
    assert first_match([("a", ["x/*"]), ("b", ["x/**"])], "x/y") == "a"
    assert first_match([("a", ["x/*"]), ("b", ["x/**"])], "x/y/z") == "b"
    assert first_match([("a", ["x/*"])], "q") is None


if __name__ == "__main__":
    import doctest

    _self_test()
    failures, tests = doctest.testmod()
    if failures:
        raise SystemExit(1)
    print(f"globs.py self-tests OK ({tests} doctests)")
