"""Distinctive secrets every fault scenario uses, so a scan of the logs can look for them.

A scenario that needs a password, a WS-Security user or the hub's secret takes it from
here; ``fault_harness.security`` then scans every log written under the run's folder for
each of these strings (and their common encodings) and counts each hit as a leak.
"""

from __future__ import annotations

from fault_harness.servers import FTP_PASSWORD

WSSE_USER = "till-S001-T01"
WSSE_PASSWORD = "Wsse-7d1e-never-shown"
HUB_SECRET = "Hub-52ab-never-shown-0123456789abcdef"
SFTP_PASSWORD = "Sftp-c0f3-never-shown"

SECRETS: tuple[str, ...] = (FTP_PASSWORD, WSSE_PASSWORD, HUB_SECRET, SFTP_PASSWORD)
