"""Imported first by bench scripts that load moto in their own process.

Run as a script, a bench file's folder comes first on ``sys.path``, where ``bench/requests.py``
would shadow the ``requests`` package (which moto imports through ``responses``). This moves the
folder to the end: sibling modules still import, third-party packages win.
"""

from __future__ import annotations

import sys
from pathlib import Path

HERE = str(Path(__file__).resolve().parent)
sys.path[:] = [p for p in sys.path if str(Path(p or ".").resolve()) != HERE] + [HERE]
