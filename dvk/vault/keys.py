"""The vault's keys: never SECRET_KEY, never in the database.

- `DVK_VAULT_KEYS`: comma-separated Fernet keys. The first encrypts; all decrypt (MultiFernet), so
  a new key is put first, `manage.py vault_rotate` re-encrypts every row, then the old key goes.
- `DVK_VAULT_INDEX_KEY`: the HMAC-SHA256 key of the blind indexes (at least 32 characters).

With no keys configured, DEBUG and the test suite use a development key file under var/
(`var/vault-dev-keys.json`, created on first use, mode 0600, never committed: var/ is ignored).
Outside DEBUG the app refuses to start: ImproperlyConfigured naming the missing variable.
"""

from __future__ import annotations

import json
import os
import secrets
import threading
from dataclasses import dataclass
from pathlib import Path

from cryptography.fernet import Fernet, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

MIN_INDEX_KEY_LENGTH = 32
_lock = threading.Lock()
_cache: dict[tuple, Keyring] = {}


@dataclass(frozen=True)
class Keyring:
    fernet: MultiFernet
    primary: Fernet
    index_key: bytes
    source: str  # "environment" | "development file"

    def __repr__(self) -> str:  # never print key material
        return f"<Keyring from {self.source}>"


def enabled() -> bool:
    return bool(getattr(settings, "DVK_VAULT_ENABLED", True))


def dev_key_file() -> Path:
    return Path(getattr(settings, "VAR_DIR", Path(settings.BASE_DIR) / "var")) / "vault-dev-keys.json"


def _development_keys() -> tuple[list[str], str]:
    """Read (or create once, atomically, also with several test workers) the development keys."""
    path = dev_key_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.exists():
        tmp = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}")
        payload = {
            "warning": "Development keys of the identity vault. Never use them in production.",
            "DVK_VAULT_KEYS": [Fernet.generate_key().decode()],
            "DVK_VAULT_INDEX_KEY": secrets.token_urlsafe(48),
        }
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as fh:
            json.dump(payload, fh)
        try:
            os.link(tmp, path)  # atomic; fails if another process won the race
        except FileExistsError:
            pass
        finally:
            tmp.unlink(missing_ok=True)
    data = json.loads(path.read_text())
    return list(data["DVK_VAULT_KEYS"]), str(data["DVK_VAULT_INDEX_KEY"])


def _configured() -> tuple[list[str], str]:
    raw = getattr(settings, "DVK_VAULT_KEYS", []) or []
    if isinstance(raw, str):
        raw = raw.split(",")
    keys = [k.strip() for k in raw if k and k.strip()]
    index_key = (getattr(settings, "DVK_VAULT_INDEX_KEY", "") or "").strip()
    return keys, index_key


def keyring() -> Keyring:
    """The keys in force (cached per configuration). Raises ImproperlyConfigured when missing or
    malformed outside DEBUG/tests; the message names the variable, never a key."""
    keys, index_key = _configured()
    lenient = bool(settings.DEBUG or getattr(settings, "TESTING", False))
    cache_key = (tuple(keys), index_key, lenient, str(dev_key_file()))
    with _lock:
        ring = _cache.get(cache_key)
    if ring is not None:
        return ring
    source = "environment"
    if not keys or not index_key:
        if not lenient:
            missing = "DVK_VAULT_KEYS" if not keys else "DVK_VAULT_INDEX_KEY"
            raise ImproperlyConfigured(
                f"{missing} is not set: the identity vault needs its own keys (docs/security.md). "
                "Set it, or set DVK_VAULT_ENABLED=false to keep only references to a paper register."
            )
        dev_keys, dev_index = _development_keys()
        keys = keys or dev_keys
        index_key = index_key or dev_index
        source = "development file"
    try:
        fernets = [Fernet(k.encode()) for k in keys]
    except (ValueError, TypeError):
        raise ImproperlyConfigured(
            "DVK_VAULT_KEYS must be a comma-separated list of Fernet keys (32 url-safe base64-encoded bytes)."
        ) from None
    if len(index_key) < MIN_INDEX_KEY_LENGTH:
        raise ImproperlyConfigured(
            f"DVK_VAULT_INDEX_KEY must be at least {MIN_INDEX_KEY_LENGTH} characters long."
        )
    if index_key in keys or settings.SECRET_KEY in (index_key, *keys):
        raise ImproperlyConfigured(
            "DVK_VAULT_INDEX_KEY and DVK_VAULT_KEYS must differ from each other and from SECRET_KEY."
        )
    ring = Keyring(MultiFernet(fernets), fernets[0], index_key.encode(), source)
    with _lock:
        _cache[cache_key] = ring
    return ring


def check_configuration() -> None:
    """Called at start-up (AppConfig.ready): fail fast when the vault is on and has no keys."""
    if enabled():
        keyring()
