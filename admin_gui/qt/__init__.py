"""Every Qt import of the admin GUI goes through this package (``core``, ``gui``,
``widgets``), so the binding is named in one place and can be swapped or pinned here."""
