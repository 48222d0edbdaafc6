from tests.amendments.conftest import b7_and_b12, draft  # noqa: F401 - the same addenda in these tests
