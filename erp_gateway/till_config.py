"""The config file a till imports from the gateway (GetTillConfig).

A till config TOML template (the admin's, or the built-in one) with the till's identity
from the registry and the web-service and FTP settings of ``[till_config]`` put in.
Comments of the template are kept. The till checks the file before installing it.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import tomlkit
from tomlkit.exceptions import TOMLKitError

from connectors.errors import ConfigError
from erp_gateway.config import GatewayConfig
from erp_gateway.errors import GatewayRefusal

BUILTIN_TEMPLATE = Path(__file__).with_name("till_template.toml")
# The till's own rule for store and till codes.
_TILL_CODE = re.compile(r"[A-Za-z0-9_-]{1,32}")


class TillConfigRenderer:
    """Renders till configs from a template read and checked once, at start."""

    def __init__(self, cfg: GatewayConfig) -> None:
        self.cfg = cfg
        self.template_path = cfg.till_config.template or BUILTIN_TEMPLATE
        self.template = _read_template(self.template_path)

    def _settings(self, till_id: str, endpoint: str) -> dict[str, dict[str, Any]]:
        tc, users = self.cfg.till_config, self.cfg.security.wsse_users
        web: dict[str, Any] = {}
        url = tc.webservice_url or self.cfg.service.public_url or endpoint
        if url:
            web["url"] = url
        user = till_id if till_id in users else tc.webservice_user
        if user:
            web.update(user=user, password=users[user], wsse=True)
        ftp: dict[str, Any] = {
            key: getattr(tc, f"ftp_{key}")
            for key in ("protocol", "host", "port", "remote_dir", "user", "password")
            if getattr(tc, f"ftp_{key}")
        }
        if tc.ftp_known_host_key:
            ftp["known_host_key"] = tc.ftp_known_host_key
        return {"webservice": web, "ftp": ftp}

    def render(self, till_id: str, store_id: str, endpoint: str = "") -> str:
        """The TOML text of the config for this till of this store; ``endpoint`` (the
        address the request reached) is the web-service URL when none is configured."""
        for what, code in (("till id", till_id), ("store id", store_id)):
            if not _TILL_CODE.fullmatch(code):
                raise GatewayRefusal(
                    f"{what} {code!r} cannot go in a till config "
                    "(1..32 characters of A-Z, a-z, 0-9, _ and -)"
                )
        doc = tomlkit.parse(self.template)
        _put(doc, "till", {"store_id": store_id, "till_id": till_id})
        for section, values in self._settings(till_id, endpoint).items():
            if values:
                _put(doc, section, values)
        return tomlkit.dumps(doc)


def _put(doc: tomlkit.TOMLDocument, section: str, values: dict[str, Any]) -> None:
    table = doc.get(section)
    if table is None:
        table = tomlkit.table()
        doc[section] = table
    for key, value in values.items():
        table[key] = value


def _read_template(path: Path) -> str:
    label = str(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise ConfigError(
            f"cannot read the till config template ({exc.strerror})", path=label
        ) from exc
    try:
        doc = tomlkit.parse(text)
    except TOMLKitError as exc:
        raise ConfigError(f"till config template is not valid TOML: {exc}", path=label) from exc
    for name, table in doc.items():
        if not isinstance(table, dict):
            raise ConfigError(f"till config template: {name} must be a [section]", path=label)
    return text
