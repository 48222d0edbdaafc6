"""A seal whose key never leaves a PKCS#11 token: SoftHSM2, its token made in a folder of its own
(SOFTHSM2_CONF points there) and removed afterwards."""

import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

from agreement.pdf import html_to_pdf
from agreement.pdf.seal import identity_of, key_for, seal_pdf, seals_in
from tests.seal_pki import MONITOR

MODULE = next(
    (
        path
        for path in ("/usr/lib/softhsm/libsofthsm2.so", "/usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so")
        if Path(path).exists()
    ),
    None,
)
pytestmark = pytest.mark.skipif(not (MODULE and shutil.which("softhsm2-util")), reason="SoftHSM2 is not installed")
PIN, SO_PIN, TOKEN, LABEL = "4711", "123456", "peyman-seals", "monitor-seal"


@pytest.fixture
def token(sealing, settings, monkeypatch):
    """A SoftHSM2 token holding the monitoring party's seal key (imported) and certificate."""
    import pkcs11
    from pkcs11 import Attribute, CertificateType, ObjectClass

    folder = Path(tempfile.mkdtemp(prefix="peyman-softhsm-"))
    try:
        (folder / "tokens").mkdir()
        conf = folder / "softhsm2.conf"
        conf.write_text(f"directories.tokendir = {folder / 'tokens'}\nobjectstore.backend = file\nlog.level = ERROR\n")
        monkeypatch.setenv("SOFTHSM2_CONF", str(conf))
        run = {"check": True, "capture_output": True}
        subprocess.run(
            ["softhsm2-util", "--init-token", "--free", "--label", TOKEN, "--pin", PIN, "--so-pin", SO_PIN], **run
        )
        key = sealing["keys"]["monitor"]
        subprocess.run(
            ["softhsm2-util", "--import", str(key), "--token", TOKEN, "--label", LABEL, "--id", "01", "--pin", PIN],
            **run,
        )
        cert = sealing["arch"].get_cert("monitor")
        with pkcs11.lib(MODULE).get_token(token_label=TOKEN).open(rw=True, user_pin=PIN) as session:
            session.create_object(
                {
                    Attribute.CLASS: ObjectClass.CERTIFICATE,
                    Attribute.CERTIFICATE_TYPE: CertificateType.X_509,
                    Attribute.TOKEN: True,
                    Attribute.LABEL: LABEL,
                    Attribute.ID: b"\x01",
                    Attribute.VALUE: cert.dump(),
                    Attribute.SUBJECT: cert.subject.dump(),
                    Attribute.ISSUER: cert.issuer.dump(),
                    Attribute.SERIAL_NUMBER: cert["tbs_certificate"]["serial_number"].dump(),
                }
            )
        settings.PEYMAN_SEAL_KEYS = {MONITOR: {"kind": "pkcs11", "label": LABEL}}
        settings.PEYMAN_SEAL_PKCS11_MODULE = MODULE
        settings.PEYMAN_SEAL_PKCS11_TOKEN = TOKEN
        settings.PEYMAN_SEAL_PKCS11_PIN = PIN
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def test_a_seal_from_a_softhsm_token_is_valid_trusted_and_long_term(token):
    document = html_to_pdf("<html lang='en'><body><h1>Issued report</h1></body></html>")
    key = key_for(MONITOR)
    assert key.kind == "pkcs11"
    assert identity_of(key).name == "Relief Committee Qazvin seal"
    [seal] = seals_in(seal_pdf(document, key, field_name="MonitorSeal", certify=True))
    assert seal.valid and seal.ltv and seal.signer == "Relief Committee Qazvin seal"
