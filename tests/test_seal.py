"""Seals on issued PDFs (agreement/pdf/seal.py) with a real, throwaway PKI: a root, a party's seal
certificate, a timestamp authority, CRL and OCSP, all served by certomancer on 127.0.0.1."""

import io
import shutil
import subprocess
import threading
from wsgiref.simple_server import WSGIRequestHandler, make_server

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from pypdf import PdfReader

from agreement.pdf import html_to_pdf
from agreement.pdf.seal import SealKey, seal_pdf, seals_in

VALID = {"valid-from": "2020-01-01T00:00:00+0000", "valid-to": "2100-01-01T00:00:00+0000"}


def _smart(ext_id: str, schema: str, params, critical: bool = False) -> dict:
    return {"id": ext_id, "critical": critical, "smart-value": {"schema": schema, "params": params}}


def _usage(*params: str) -> dict:
    return _smart("key_usage", "key-usage", list(params), critical=True)


def _config(keys: dict, port: int) -> dict:
    def leaf(extra):
        return {"issuer": "root", "validity": VALID, "extensions": extra}

    crl = _smart("crl_distribution_points", "crl-dist-url", {"crl-repo-names": ["root"]})
    ocsp = _smart("authority_information_access", "aia-urls", {"ocsp-responder-names": ["root"]})
    root = {"subject": "root", "subject-key": "root", "issuer": "root", "authority-key": "root", "validity": VALID}
    root["extensions"] = [
        {"id": "basic_constraints", "critical": True, "value": {"ca": True}},
        _usage("digital_signature", "key_cert_sign", "crl_sign"),
    ]
    return {
        "external-url-prefix": f"http://127.0.0.1:{port}",
        "keysets": {"peyman": {"keys": {name: {"path": str(path)} for name, path in keys.items()}}},
        "pki-architectures": {
            "peyman": {
                "keyset": "peyman",
                "entity-defaults": {"country-name": "IR", "organization-name": "Peyman test PKI"},
                "entities": {
                    "root": {"common-name": "Test root CA"},
                    "tsa": {"common-name": "Test timestamp authority"},
                    "ocsp": {"common-name": "Test OCSP responder"},
                    "monitor": {"common-name": "Monitoring party seal"},
                },
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
                    "monitor": leaf([_usage("digital_signature", "non_repudiation"), crl, ocsp]),
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


@pytest.fixture(scope="module")
def pki(tmp_path_factory):
    from certomancer.integrations.animator import Animator, AnimatorArchStore
    from certomancer.registry import CertomancerConfig

    folder = tmp_path_factory.mktemp("pki")
    keys = {}
    for name in ("root", "tsa", "ocsp", "monitor"):
        key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        keys[name] = folder / f"{name}.key.pem"
        keys[name].write_bytes(
            key.private_bytes(
                serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
            )
        )
    server = make_server("127.0.0.1", 0, lambda e, s: app(e, s), handler_class=_Quiet)
    port = server.server_port
    config = CertomancerConfig(_config(keys, port), key_search_dir=str(folder))
    arch = config.get_pki_arch("peyman")
    app = Animator(AnimatorArchStore(config.pki_archs), with_web_ui=False)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    root = folder / "root.pem"
    root.write_bytes(arch.get_cert("root").dump())
    p12 = folder / "monitor.p12"
    p12.write_bytes(arch.package_pkcs12("monitor", password=b"seal-pass"))
    yield {"arch": arch, "root": root, "p12": p12, "url": f"http://127.0.0.1:{port}", "folder": folder}
    server.shutdown()
    server.server_close()


@pytest.fixture
def sealing(pki, settings):
    settings.PEYMAN_SEAL_PKCS12 = [("monitor-party", str(pki["p12"]))]
    settings.PEYMAN_SEAL_PKCS12_PASSPHRASE = "seal-pass"
    settings.PEYMAN_SEAL_TSA_URL = f"{pki['url']}/peyman/tsa/tsa"
    settings.PEYMAN_SEAL_TRUST_ROOTS = [str(pki["root"])]
    return SealKey("monitor-party", str(pki["p12"]))


@pytest.fixture(scope="module")
def document():
    return html_to_pdf("<html lang='en'><body><h1>Issued report</h1><p>Figures.</p></body></html>")


def test_a_sealed_pdf_is_valid_trusted_and_long_term_offline(sealing, document, settings):
    sealed = seal_pdf(document, sealing, field_name="MonitorSeal", certify=True)
    assert sealed.startswith(document)  # an incremental update: the issued bytes are untouched
    assert sealed[:8] == b"%PDF-1.7"
    [seal] = seals_in(sealed)
    assert seal.intact and seal.trusted and seal.ltv
    # The DSS with the revocation data is the only change after the seal (B-LT).
    assert (seal.coverage, seal.modified_after) == ("ENTIRE_REVISION", "LTA_UPDATES")
    assert "Monitoring party seal" in seal.signer
    root = PdfReader(io.BytesIO(sealed)).trailer["/Root"]
    xmp = root["/Metadata"].get_object().get_data()
    assert b'pdfaid:part="3"' in xmp and b'pdfaid:conformance="A"' in xmp
    assert root["/MarkInfo"]["/Marked"] and "/StructTreeRoot" in root


def test_a_byte_flipped_inside_the_signed_range_is_detected(sealing, document):
    sealed = bytearray(seal_pdf(document, sealing, field_name="MonitorSeal"))
    sealed[len(document) // 2] ^= 0x01  # the issued bytes come before the seal: all signed
    [seal] = seals_in(bytes(sealed))
    assert not seal.intact


@pytest.mark.skipif(not (shutil.which("pdfsig") and shutil.which("certutil")), reason="pdfsig or certutil missing")
def test_pdfsig_says_valid_and_trusted_with_no_network_and_sees_a_flipped_byte(sealing, document, pki, tmp_path):
    """poppler's verifier, with only the test root in its NSS database and OCSP off. Its certificate
    check still answers "Unknown issue with Certificate" for this PKI although NSS's own vfychain
    says the chain is good (not solved yet): only the signature's validity is asserted here."""
    sealed = seal_pdf(document, sealing, field_name="MonitorSeal")
    nss = tmp_path / "nss"
    nss.mkdir()
    subprocess.run(["certutil", "-N", "-d", str(nss), "--empty-password"], check=True)
    pem = tmp_path / "root.pem"
    subprocess.run(["openssl", "x509", "-inform", "DER", "-in", pki["root"], "-out", pem], check=True)
    subprocess.run(["certutil", "-A", "-d", str(nss), "-n", "root", "-t", "CT,C,C", "-i", pem], check=True)
    good = tmp_path / "good.pdf"
    good.write_bytes(sealed)
    out = subprocess.run(["pdfsig", "-nssdir", str(nss), "-no-ocsp", good], capture_output=True, text=True).stdout
    assert "Signature is Valid." in out and "Signing Hash Algorithm: SHA-256" in out, out
    flipped = bytearray(sealed)
    flipped[len(document) // 2] ^= 0x01
    bad = tmp_path / "bad.pdf"
    bad.write_bytes(bytes(flipped))
    out = subprocess.run(["pdfsig", "-nssdir", str(nss), "-no-ocsp", bad], capture_output=True, text=True).stdout
    assert "Signature is Valid." not in out, out


def test_nothing_is_sealed_without_a_key(settings):
    from agreement.pdf.seal import key_for

    settings.PEYMAN_SEAL_PKCS12 = []
    assert key_for("monitor-party") is None
