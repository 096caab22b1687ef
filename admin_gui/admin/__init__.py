"""The administrator's window (``till-admin``)."""
