"""Notes the apps above this one add under a commitment's text (amended by an addendum, withdrawn).

Each registered function takes the commitment and returns a list of `Notice`s; the commitment's
page shows them all. Registered at start-up by the app that knows (amendments.apps).
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Notice:
    text: str
    link: str = ""
    link_text: str = ""


COMMITMENT_NOTICES: list = []


def notices_for(commitment) -> list[Notice]:
    return [notice for source in COMMITMENT_NOTICES for notice in source(commitment)]
