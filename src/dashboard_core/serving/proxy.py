"""The reverse proxy in front of the app processes: HAProxy from the system, configured from
`haproxy.cfg.template` with sticky sessions and an active health check per process."""

from __future__ import annotations

import ipaddress
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path
from string import Template

TEMPLATE = Path(__file__).with_name("haproxy.cfg.template")
INSTALL_HINT = "sudo apt-get install -y haproxy"
SEARCHED = ("/usr/sbin/haproxy", "/usr/local/sbin/haproxy")
MAX_CONNECTIONS = 4096
CHECK_INTERVAL = "2s"


class ProxyMissingError(FileNotFoundError):
    """No HAProxy binary where the command looked."""


@dataclass(frozen=True)
class Backend:
    """One app process the proxy sends browsers to: a name (the sticky cookie's value) and
    where it listens."""

    name: str
    host: str
    port: int

    @property
    def address(self) -> str:
        return f"{_host_for_haproxy(self.host)}:{self.port}"


def find_haproxy(explicit: str | None = None) -> Path:
    """The HAProxy binary: `explicit` if given, else `haproxy` on PATH or in the sbin folders
    (often not on a user's PATH). Raises ProxyMissingError with the install command."""
    if explicit:
        path = Path(explicit)
        if path.is_file():
            return path
        raise ProxyMissingError(f"no HAProxy binary at {explicit}")
    found = shutil.which("haproxy") or next((p for p in SEARCHED if Path(p).is_file()), None)
    if found is None:
        raise ProxyMissingError(
            "HAProxy is not installed: `serve` puts it in front of the app processes "
            f"(Debian/Ubuntu: `{INSTALL_HINT}`), or pass --proxy PATH to its binary"
        )
    return Path(found)


def _host_for_haproxy(host: str) -> str:
    try:
        if ipaddress.ip_address(host).version == 6:
            return f"ipv6@{host}"
    except ValueError:
        pass  # a host name
    return host


def render_config(
    address: str,
    port: int,
    backends: list[Backend],
    maxconn: int = MAX_CONNECTIONS,
    check_interval: str = CHECK_INTERVAL,
) -> str:
    """HAProxy's configuration: listen on address:port, spread browsers over `backends`."""
    if not backends:
        raise ValueError("the proxy needs at least one app process behind it")
    names = [b.name for b in backends]
    if len(set(names)) != len(names):
        raise ValueError(f"app process names must differ: {names}")
    servers = "\n".join(f"    server {b.name} {b.address} cookie {b.name}" for b in backends)
    return Template(TEMPLATE.read_text(encoding="utf-8")).substitute(
        bind=f"{_host_for_haproxy(address)}:{port}",
        servers=servers,
        maxconn=maxconn,
        check_interval=check_interval,
    )


def write_config(folder: Path, text: str) -> Path:
    path = folder / "haproxy.cfg"
    path.write_text(text, encoding="utf-8")
    return path


def check_config(binary: Path, config: Path) -> str | None:
    """HAProxy's own verdict on a configuration file: None when valid, else its message."""
    result = subprocess.run(
        [str(binary), "-c", "-q", "-f", str(config)],
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )
    if result.returncode == 0:
        return None
    return (result.stdout + result.stderr).strip() or f"haproxy -c exited {result.returncode}"


def proxy_command(binary: Path, config: Path) -> list[str]:
    """HAProxy in the foreground (-db), so the supervisor owns its process."""
    return [str(binary), "-db", "-f", str(config)]
