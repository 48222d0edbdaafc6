"""Seal keys and trust from the environment (config/env.py seal_keys_from_env): a half-made
configuration stops start-up with one line naming the variable."""

import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from config.env import seal_keys_from_env

BASE = Path(__file__).resolve().parent.parent
SEAL_VARIABLES = (
    "PEYMAN_SEAL_PKCS12",
    "PEYMAN_SEAL_PKCS11",
    "PEYMAN_SEAL_PKCS11_MODULE",
    "PEYMAN_SEAL_PKCS11_TOKEN",
    "PEYMAN_SEAL_TSA_URL",
    "PEYMAN_SEAL_TRUST_ROOTS",
)


@pytest.fixture
def env(monkeypatch, tmp_path):
    for name in SEAL_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    (tmp_path / "seal.p12").write_bytes(b"p12")
    (tmp_path / "root.pem").write_bytes(b"root")
    (tmp_path / "module.so").write_bytes(b"so")

    def set_env(**values):
        for name, value in values.items():
            monkeypatch.setenv(name, value.format(tmp=tmp_path))

    return set_env


def test_no_key_configured_means_no_party_seals(env):
    assert seal_keys_from_env() == {}


def test_a_complete_configuration_names_each_partys_key(env, tmp_path):
    env(
        PEYMAN_SEAL_PKCS12="ikrc-qazvin={tmp}/seal.p12",
        PEYMAN_SEAL_PKCS11="rural-affairs-qazvin=rural-seal",
        PEYMAN_SEAL_PKCS11_MODULE="{tmp}/module.so",
        PEYMAN_SEAL_PKCS11_TOKEN="hsm",
        PEYMAN_SEAL_TSA_URL="https://tsa.example/tsr",
        PEYMAN_SEAL_TRUST_ROOTS="{tmp}/root.pem",
    )
    assert seal_keys_from_env() == {
        "ikrc-qazvin": {"kind": "pkcs12", "path": f"{tmp_path}/seal.p12"},
        "rural-affairs-qazvin": {"kind": "pkcs11", "label": "rural-seal"},
    }


@pytest.mark.parametrize(
    "values, variable",
    [
        ({"PEYMAN_SEAL_PKCS12": "ikrc-qazvin"}, "PEYMAN_SEAL_PKCS12"),
        ({"PEYMAN_SEAL_PKCS12": "ikrc-qazvin={tmp}/missing.p12"}, "PEYMAN_SEAL_PKCS12"),
        ({"PEYMAN_SEAL_PKCS12": "a={tmp}/seal.p12,a={tmp}/seal.p12"}, "PEYMAN_SEAL_PKCS12"),
        (
            {"PEYMAN_SEAL_PKCS12": "a={tmp}/seal.p12", "PEYMAN_SEAL_TRUST_ROOTS": "{tmp}/root.pem"},
            "PEYMAN_SEAL_TSA_URL",
        ),
        (
            {"PEYMAN_SEAL_PKCS12": "a={tmp}/seal.p12", "PEYMAN_SEAL_TSA_URL": "tsa.example"},
            "PEYMAN_SEAL_TSA_URL",
        ),
        ({"PEYMAN_SEAL_PKCS12": "a={tmp}/seal.p12", "PEYMAN_SEAL_TSA_URL": "http://tsa"}, "PEYMAN_SEAL_TRUST_ROOTS"),
        ({"PEYMAN_SEAL_TRUST_ROOTS": "{tmp}/nowhere.pem"}, "PEYMAN_SEAL_TRUST_ROOTS"),
        ({"PEYMAN_SEAL_PKCS11": "a=label"}, "PEYMAN_SEAL_PKCS11_MODULE"),
        ({"PEYMAN_SEAL_PKCS11": "a=label", "PEYMAN_SEAL_PKCS11_MODULE": "{tmp}/module.so"}, "PEYMAN_SEAL_PKCS11_TOKEN"),
    ],
)
def test_a_half_made_configuration_names_the_variable(env, values, variable):
    env(**values)
    with pytest.raises(ImproperlyConfigured, match=variable):
        seal_keys_from_env()


def test_manage_py_stops_with_one_line_naming_the_variable():
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=BASE,
        env={"PATH": "/usr/bin:/bin", "HOME": "/tmp", "DEBUG": "true", "PEYMAN_SEAL_PKCS12": "a=/nowhere.p12"},
        capture_output=True,
        text=True,
    )
    assert result.returncode == 2
    [line] = result.stderr.strip().splitlines()
    assert line.startswith("Peyman cannot start: PEYMAN_SEAL_PKCS12"), line
