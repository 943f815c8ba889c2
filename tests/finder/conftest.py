import pytest

from triggerpoint.atlas import Atlas, load_atlas
from triggerpoint.finder import Network, atlas_network


@pytest.fixture(scope="session")
def atlas() -> Atlas:
    return load_atlas()


@pytest.fixture(scope="session")
def network() -> Network:
    return atlas_network()
