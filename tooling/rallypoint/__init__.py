"""rallypoint: purpose-driven communities that live as git repositories.

The pipeline runs one way: files → model → diagnostics → indexes → pages → site.
``load_community`` reads and validates a community; the CLI is a thin shell over it.
"""

from __future__ import annotations

__version__ = "0.1.0"
