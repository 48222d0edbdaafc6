"""A real, throwaway PKI for the seal tests, built once per test session: a root, the two parties'
seal certificates (the monitoring party, ikrc-qazvin, and rural-affairs-qazvin), one seal
certificate that is revoked a day after the tests run, a timestamp authority, CRL and OCSP, all
served by certomancer on 127.0.0.1. Nothing leaves the machine; the folder is removed at the end."""

import contextlib
import datetime as dt
import multiprocessing
import shutil
import tempfile
import threading
from pathlib import Path
from wsgiref.simple_server import WSGIRequestHandler, make_server

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

VALID = {"valid-from": "2020-01-01T00:00:00+0000", "valid-to": "2100-01-01T00:00:00+0000"}
PASSPHRASE = "seal-pass"
MONITOR, OTHER = "ikrc-qazvin", "rural-affairs-qazvin"
ENTITIES = {
    "root": "Test root CA",
    "tsa": "Test timestamp authority",
    "ocsp": "Test OCSP responder",
    "monitor": "Relief Committee Qazvin seal",
    "rural": "Rural Affairs Qazvin seal",
    "retired": "Retired seal",
}


def _smart(ext_id: str, schema: str, params, critical: bool = False) -> dict:
    return {"id": ext_id, "critical": critical, "smart-value": {"schema": schema, "params": params}}


def _usage(*params: str) -> dict:
    return _smart("key_usage", "key-usage", list(params), critical=True)


def _config(keys: dict, port: int, revoked_since: dt.datetime) -> dict:
    def leaf(extra, **more):
        return {"issuer": "root", "validity": VALID, "extensions": extra, **more}

    crl = _smart("crl_distribution_points", "crl-dist-url", {"crl-repo-names": ["root"]})
    ocsp = _smart("authority_information_access", "aia-urls", {"ocsp-responder-names": ["root"]})
    seal = [_usage("digital_signature", "non_repudiation"), crl, ocsp]
    root = {"subject": "root", "subject-key": "root", "issuer": "root", "authority-key": "root", "validity": VALID}
    root["extensions"] = [
        {"id": "basic_constraints", "critical": True, "value": {"ca": True}},
        _usage("digital_signature", "key_cert_sign", "crl_sign"),
    ]
    revocation = {"revoked-since": revoked_since.strftime("%Y-%m-%dT%H:%M:%S+0000"), "reason": "superseded"}
    return {
        "external-url-prefix": f"http://127.0.0.1:{port}",
        "keysets": {"peyman": {"keys": {name: {"path": str(path)} for name, path in keys.items()}}},
        "pki-architectures": {
            "peyman": {
                "keyset": "peyman",
                "entity-defaults": {"country-name": "IR", "organization-name": "Peyman test PKI"},
                "entities": {name: {"common-name": cn} for name, cn in ENTITIES.items()},
                "certs": {
                    "root": root,
                    "tsa": leaf(
                        [
                            _usage("digital_signature"),
                            {"id": "extended_key_usage", "critical": True, "value": ["time_stamping"]},
                            crl,
                        ]
                    ),
                    "ocsp": leaf(
                        [
                            _usage("digital_signature"),
                            {"id": "extended_key_usage", "critical": True, "value": ["ocsp_signing"]},
                            {"id": "ocsp_no_check"},
                        ]
                    ),
                    "monitor": leaf(seal),
                    "rural": leaf(seal),
                    "retired": leaf(seal, revocation=revocation),
                },
                "services": {
                    "ocsp": {"root": {"for-issuer": "root", "responder-cert": "ocsp", "signing-key": "ocsp"}},
                    "crl-repo": {
                        "root": {"for-issuer": "root", "signing-key": "root", "simulated-update-schedule": "P7D"}
                    },
                    "time-stamping": {"tsa": {"signing-key": "tsa", "signing-cert": "tsa"}},
                },
            }
        },
    }


class _Quiet(WSGIRequestHandler):
    def log_message(self, *args):
        pass


@contextlib.contextmanager
def throwaway_pki(*, serve_in_process: bool = False):
    """The PKI and its local services; `p12` maps entity names to PKCS#12 files, `keys` to PEM keys.
    `serve_in_process` answers the timestamp and revocation requests from a forked process, so that
    a benchmark's CPU time is the issuer's alone."""
    from certomancer.integrations.animator import Animator, AnimatorArchStore
    from certomancer.registry import CertomancerConfig

    folder = Path(tempfile.mkdtemp(prefix="peyman-pki-"))
    keys = {}
    for name in ENTITIES:
        key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        keys[name] = folder / f"{name}.key.pem"
        keys[name].write_bytes(
            key.private_bytes(
                serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
            )
        )
    server = make_server("127.0.0.1", 0, lambda e, s: app(e, s), handler_class=_Quiet)
    port = server.server_port
    revoked_since = dt.datetime.now(dt.UTC) + dt.timedelta(days=1)
    raw_config = _config(keys, port, revoked_since)
    config = CertomancerConfig(raw_config, key_search_dir=str(folder))
    arch = config.get_pki_arch("peyman")
    app = Animator(AnimatorArchStore(config.pki_archs), with_web_ui=False)
    child = None
    if serve_in_process:
        child = multiprocessing.get_context("fork").Process(target=server.serve_forever, daemon=True)
        child.start()
    else:
        threading.Thread(target=server.serve_forever, daemon=True).start()
    root = folder / "root.der"
    root.write_bytes(arch.get_cert("root").dump())
    p12 = {}
    for name in ("monitor", "rural", "retired"):
        p12[name] = folder / f"{name}.p12"
        p12[name].write_bytes(arch.package_pkcs12(name, password=PASSPHRASE.encode()))
    try:
        yield {
            "arch": arch,
            "root": root,
            "p12": p12,
            "keys": keys,
            "url": f"http://127.0.0.1:{port}",
            "tsa": f"http://127.0.0.1:{port}/peyman/tsa/tsa",
            "folder": folder,
            "revoked_since": revoked_since,
            "config": raw_config,
        }
    finally:
        if child is not None:
            child.terminate()
            child.join()
        else:
            server.shutdown()
        server.server_close()
        shutil.rmtree(folder, ignore_errors=True)


@contextlib.contextmanager
def tsa_process(pki, folder: Path, port: int):
    """The test PKI's services (its timestamp authority among them) in a process of their own on
    `port`, the same certificates as the session's (certomancer derives them from the same keys and
    configuration); stopped at the end of the block, or earlier by `stop()` on what it yields."""
    import json
    import os
    import socket
    import subprocess
    import sys
    import time

    config = folder / "pki.json"
    config.write_text(json.dumps(pki["config"]))
    code = (
        "import json, sys\n"
        "from wsgiref.simple_server import make_server, WSGIRequestHandler\n"
        "from certomancer.registry import CertomancerConfig\n"
        "from certomancer.integrations.animator import Animator, AnimatorArchStore\n"
        "class Q(WSGIRequestHandler):\n    def log_message(self, *a): pass\n"
        "config = CertomancerConfig(json.load(open(sys.argv[1])), key_search_dir=sys.argv[2])\n"
        "app = Animator(AnimatorArchStore(config.pki_archs), with_web_ui=False)\n"
        "make_server('127.0.0.1', int(sys.argv[3]), app, handler_class=Q).serve_forever()\n"
    )
    argv = [sys.executable, "-c", code, str(config), str(pki["folder"]), str(port)]
    process = subprocess.Popen(argv, env=os.environ.copy())
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError("the timestamp authority's process did not start") from None
                time.sleep(0.1)
        yield process
    finally:
        process.terminate()
        process.wait(timeout=10)
        config.unlink()


def free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def configure(settings, pki) -> None:
    """Both parties seal with PKCS#12 files of the test PKI; its timestamp authority and root are configured."""
    settings.PEYMAN_SEAL_KEYS = {
        MONITOR: {"kind": "pkcs12", "path": str(pki["p12"]["monitor"])},
        OTHER: {"kind": "pkcs12", "path": str(pki["p12"]["rural"])},
    }
    settings.PEYMAN_SEAL_PKCS12_PASSPHRASE = PASSPHRASE
    settings.PEYMAN_SEAL_TSA_URL = pki["tsa"]
    settings.PEYMAN_SEAL_TRUST_ROOTS = [str(pki["root"])]


@pytest.fixture(scope="session")
def seal_pki():
    with throwaway_pki() as pki:
        yield pki


@pytest.fixture
def sealing(seal_pki, settings):
    """Both parties seal with PKCS#12 files of the test PKI (see `configure`)."""
    configure(settings, seal_pki)
    return seal_pki


@pytest.fixture
def nss_with_root(seal_pki, tmp_path):
    """An NSS database for pdfsig that trusts the test root only."""
    import subprocess

    nss = tmp_path / "nss"
    nss.mkdir()
    subprocess.run(["certutil", "-N", "-d", str(nss), "--empty-password"], check=True)
    pem = tmp_path / "root.pem"
    subprocess.run(["openssl", "x509", "-inform", "DER", "-in", seal_pki["root"], "-out", pem], check=True)
    subprocess.run(["certutil", "-A", "-d", str(nss), "-n", "root", "-t", "CT,C,C", "-i", pem], check=True)
    return nss


def pdfsig(nss, pdf: bytes, folder: Path, name: str = "doc.pdf") -> str:
    """pdfsig's report on the file, offline (no OCSP), trusting what the NSS database trusts."""
    import subprocess

    path = folder / name
    path.write_bytes(pdf)
    return subprocess.run(["pdfsig", "-nssdir", str(nss), "-no-ocsp", path], capture_output=True, text=True).stdout


def pdfsig_trusts_every_signer(nss, pdf: bytes, folder: Path) -> bool:
    """pdfsig says each signer's certificate is trusted. poppler 22.12 (Debian 12's) reads NSS's
    last error even after CERT_PKIXVerifyCert succeeded, so a stale error from the CMS parsing turns
    "Certificate is Trusted." into "Unknown issue with Certificate" (poppler checks the return value
    since 23.x). For that answer only, the same NSS database and usage (email signer, as poppler asks)
    are put to NSS's own vfychain with each signer's certificate from `pdfsig -dump`; any other
    answer (issuer not trusted or unknown, revoked, expired) is a failure as it stands."""
    import subprocess

    from asn1crypto import cms

    out = pdfsig(nss, pdf, folder)
    verdicts = [line.split(":", 1)[1].strip() for line in out.splitlines() if "Certificate Validation:" in line]
    answers = ("Certificate is Trusted.", "Unknown issue with Certificate or corrupted data.")
    if not verdicts or any(verdict not in answers for verdict in verdicts):
        return False
    # -dump writes doc.pdf.sig0, doc.pdf.sig1, ... into the current folder.
    subprocess.run(["pdfsig", "-nssdir", str(nss), "-no-ocsp", "-dump", "doc.pdf"], cwd=folder, capture_output=True)
    for index, verdict in enumerate(verdicts):
        if verdict == "Certificate is Trusted.":
            continue
        signed = cms.ContentInfo.load((folder / f"doc.pdf.sig{index}").read_bytes())["content"]
        serial = signed["signer_infos"][0]["sid"].chosen["serial_number"].native
        [cert] = [c.chosen for c in signed["certificates"] if c.chosen.serial_number == serial]
        (folder / "signer.der").write_bytes(cert.dump())
        vfychain = ["vfychain", "-d", str(nss), "-pp", "-u", "4", folder / "signer.der"]
        check = subprocess.run(vfychain, capture_output=True, text=True)
        if check.returncode != 0:
            return False
    return True
