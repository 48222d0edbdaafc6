"""Strict readers for settings that come from the environment.

Each helper refuses a value it cannot understand with ImproperlyConfigured, so a typo in
production stops start-up with a clear message instead of running with a silent default.
A NAME_FILE variable is read instead of NAME when set (for secrets mounted as files).
"""

import os
from pathlib import Path
from typing import overload
from urllib.parse import parse_qs, unquote, urlsplit

from django.core.exceptions import ImproperlyConfigured

TRUE_WORDS = {"1", "true", "yes", "on"}
FALSE_WORDS = {"0", "false", "no", "off", ""}


@overload
def envstr(name: str, default: str) -> str: ...
@overload
def envstr(name: str, default: None = None) -> str | None: ...
def envstr(name: str, default: str | None = None) -> str | None:
    file_name = os.environ.get(f"{name}_FILE")
    if file_name:
        try:
            return Path(file_name).read_text().strip()
        except OSError as exc:
            raise ImproperlyConfigured(f"{name}_FILE={file_name!r} cannot be read: {exc}") from exc
    return os.environ.get(name, default)


def envbool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    word = raw.strip().lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise ImproperlyConfigured(f"{name}={raw!r} is not a boolean; use one of true/false/1/0/yes/no/on/off.")


def envint(name: str, default: int, *, minimum: int | None = None, maximum: int | None = None) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name}={raw!r} is not a whole number.") from None
    if minimum is not None and value < minimum:
        raise ImproperlyConfigured(f"{name}={value} is below the minimum of {minimum}.")
    if maximum is not None and value > maximum:
        raise ImproperlyConfigured(f"{name}={value} is above the maximum of {maximum}.")
    return value


def envlist(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


def database_from_url(url: str, *, base_dir: Path) -> dict:
    """Turn DATABASE_URL into a Django DATABASES entry (sqlite:///path or postgres://...)."""
    parts = urlsplit(url)
    if parts.scheme == "sqlite":
        # sqlite:///relative/path.sqlite3 or sqlite:////absolute/path.sqlite3
        path = unquote(parts.path[1:] if parts.path.startswith("/") else parts.path)
        if not path:
            raise ImproperlyConfigured(f"DATABASE_URL={url!r} names no SQLite file.")
        name = str(Path(path) if Path(path).is_absolute() else base_dir / path)
        return {"ENGINE": "django.db.backends.sqlite3", "NAME": name}
    if parts.scheme in {"postgres", "postgresql", "pgsql"}:
        name = unquote(parts.path.lstrip("/"))
        if not name:
            raise ImproperlyConfigured(f"DATABASE_URL={url!r} names no database.")
        try:
            port = parts.port
        except ValueError:
            raise ImproperlyConfigured(f"DATABASE_URL={url!r} has a bad port.") from None
        options = {key: values[-1] for key, values in parse_qs(parts.query).items()}
        return {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": name,
            "USER": unquote(parts.username or ""),
            "PASSWORD": unquote(parts.password or ""),
            "HOST": parts.hostname or "",
            "PORT": str(port or ""),
            "OPTIONS": options,
            # Keep connections for a minute, and test them before reuse, so that a restarted
            # database costs one failed health check, not a failed request.
            "CONN_MAX_AGE": 60,
            "CONN_HEALTH_CHECKS": True,
        }
    raise ImproperlyConfigured(
        f"DATABASE_URL={url!r} is not understood; use sqlite:///file.sqlite3 or postgres://user@host:port/name."
    )


FILE_STORAGES = ("local", "s3")


def file_storage_from_env() -> dict:
    """Where uploaded and generated files live: PEYMAN_FILE_STORAGE=local (MEDIA_ROOT) or s3.

    For s3 (any S3-compatible store: MinIO, Ceph, a cloud's object storage) through django-storages:
    PEYMAN_S3_BUCKET is required; PEYMAN_S3_ENDPOINT_URL, PEYMAN_S3_REGION, PEYMAN_S3_PREFIX and
    PEYMAN_S3_ADDRESSING_STYLE are optional; PEYMAN_S3_ACCESS_KEY and PEYMAN_S3_SECRET_KEY (or their
    _FILE forms) may be left out for boto3's own credential chain. Objects stay private: the app
    streams every file itself after its permission check, so no public or signed URL is ever handed out.
    """
    kind = (envstr("PEYMAN_FILE_STORAGE", "local") or "local").strip().lower()
    if kind not in FILE_STORAGES:
        raise ImproperlyConfigured(f"PEYMAN_FILE_STORAGE={kind!r} is not one of {', '.join(FILE_STORAGES)}.")
    if kind == "local":
        return {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    bucket = envstr("PEYMAN_S3_BUCKET", "")
    if not bucket:
        raise ImproperlyConfigured("PEYMAN_FILE_STORAGE=s3 needs PEYMAN_S3_BUCKET, the bucket's name.")
    addressing = envstr("PEYMAN_S3_ADDRESSING_STYLE", "") or None
    if addressing not in (None, "path", "virtual", "auto"):
        raise ImproperlyConfigured(f"PEYMAN_S3_ADDRESSING_STYLE={addressing!r} is not one of path, virtual, auto.")
    options = {
        "bucket_name": bucket,
        "endpoint_url": envstr("PEYMAN_S3_ENDPOINT_URL", "") or None,
        "region_name": envstr("PEYMAN_S3_REGION", "") or None,
        "access_key": envstr("PEYMAN_S3_ACCESS_KEY", "") or None,
        "secret_key": envstr("PEYMAN_S3_SECRET_KEY", "") or None,
        "location": (envstr("PEYMAN_S3_PREFIX", "") or "").strip("/"),
        "addressing_style": addressing,
        # Like FileSystemStorage: a second "photo.jpg" gets a new name instead of replacing the first.
        "file_overwrite": False,
        "default_acl": None,  # the bucket's own (private) policy
        "querystring_auth": True,
    }
    return {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": options}


def _party_pairs(name: str, what: str) -> dict[str, str]:
    pairs: dict[str, str] = {}
    for item in envlist(name, []):
        party, sep, value = item.partition("=")
        if not sep or not party.strip() or not value.strip():
            raise ImproperlyConfigured(f"{name}={item!r} is not a party-code={what} pair (comma-separated).")
        if party.strip() in pairs:
            raise ImproperlyConfigured(f"{name} names the party {party.strip()!r} twice.")
        pairs[party.strip()] = value.strip()
    return pairs


def _readable_file(name: str, path: str) -> str:
    if not Path(path).is_file() or not os.access(path, os.R_OK):
        raise ImproperlyConfigured(f"{name}: {path!r} is not a readable file.")
    return path


def seal_keys_from_env() -> dict[str, dict[str, str]]:
    """The parties' seal keys (agreement/pdf/seal.py): {party code: {"kind": "pkcs12", "path": file}}
    from PEYMAN_SEAL_PKCS12 (`party=/path/seal.p12` pairs), or {"kind": "pkcs11", "label": key label}
    from PEYMAN_SEAL_PKCS11 (`party=label` pairs: the key and its certificate carry that label on the
    token named by PEYMAN_SEAL_PKCS11_TOKEN, through the module PEYMAN_SEAL_PKCS11_MODULE).

    A key needs a timestamp authority and trust roots (PAdES B-LT collects the chain's revocation
    data when sealing): a half-made configuration stops start-up naming the variable missing."""
    keys: dict[str, dict[str, str]] = {}
    for party, path in _party_pairs("PEYMAN_SEAL_PKCS12", "/path/to/seal.p12").items():
        keys[party] = {"kind": "pkcs12", "path": _readable_file("PEYMAN_SEAL_PKCS12", path)}
    pkcs11 = _party_pairs("PEYMAN_SEAL_PKCS11", "key-label")
    if pkcs11:
        _readable_file("PEYMAN_SEAL_PKCS11_MODULE", envstr("PEYMAN_SEAL_PKCS11_MODULE", "") or "(not set)")
        if not envstr("PEYMAN_SEAL_PKCS11_TOKEN", ""):
            raise ImproperlyConfigured("PEYMAN_SEAL_PKCS11_TOKEN must name the token when PEYMAN_SEAL_PKCS11 is set.")
    for party, label in pkcs11.items():
        if party in keys:
            raise ImproperlyConfigured(f"PEYMAN_SEAL_PKCS11 names {party!r}, which PEYMAN_SEAL_PKCS12 names too.")
        keys[party] = {"kind": "pkcs11", "label": label}
    if keys:
        url = envstr("PEYMAN_SEAL_TSA_URL", "") or ""
        if urlsplit(url).scheme not in ("http", "https") or not urlsplit(url).hostname:
            raise ImproperlyConfigured(
                f"PEYMAN_SEAL_TSA_URL={url!r} must be the timestamp authority's http(s) URL when a seal key is set."
            )
        roots = envlist("PEYMAN_SEAL_TRUST_ROOTS", [])
        if not roots:
            raise ImproperlyConfigured(
                "PEYMAN_SEAL_TRUST_ROOTS must list the issuing roots' files when a seal key is set."
            )
    for path in envlist("PEYMAN_SEAL_TRUST_ROOTS", []):
        _readable_file("PEYMAN_SEAL_TRUST_ROOTS", path)
    return keys
