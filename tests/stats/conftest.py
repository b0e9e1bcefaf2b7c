"""A small participant history imported through jetpm.appointments' service."""

from __future__ import annotations

import pytest

from jetpm.appointments.history import services
from tests.appointments.helpers import csv_content, history_rows

# participants by (cohort, fiscal year): retention 2021→2023 80 %, 2023→2024 63 % (5/8, half up),
# 2022→2023 85 %, 2023→2024 (cohort 2023) 75 %
COUNTS = {
    (2021, 2022): 10,
    (2021, 2023): 8,
    (2021, 2024): 5,
    (2022, 2022): 20,
    (2022, 2023): 17,
    (2023, 2023): 12,
    (2023, 2024): 9,
    (2024, 2024): 7,
}


@pytest.fixture
def history(world):  # type: ignore[no-untyped-def]
    """Participants alternate between co_a (Gifu Prefecture, 210005) and co_b (Kanazawa City, 172014)."""
    rows = history_rows(COUNTS, co_codes=("210005", "172014"))
    services.import_history(actor=None, content=csv_content(rows), fmt="csv")
    return rows
