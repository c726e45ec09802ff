"""The partition function for distributed engines, on a local Dask cluster."""

from __future__ import annotations

import pytest

from reviewer import review
from reviewer.batch import review_partition

TEXTS = [
    "Hi Ann,\n\nThank you for the interview. I'm so sorry I was late.\n\nBest,\nLee",
    "Hi Ann,\n\nThank you for the interview. I ran 3 stores at Acme for two years.\n\nBest,\nLee",
    "",
    "Hi Ann,\n\nI just wanted to say I think it went kind of well?\n\nBest,\nLee",
] * 5


def test_partition_matches_serial_review_and_survives_bad_records():
    rows = review_partition([{"id": i, "text": t} for i, t in enumerate(TEXTS)] + [{"id": "x", "text": None}])
    assert [r["id"] for r in rows] == [*range(len(TEXTS)), "x"]
    for text, row in zip(TEXTS, rows):
        if not text:
            assert row["error"]
            continue
        assert [f["code"] for f in row["findings"]] == [f.code for f in review(text).findings]
    assert rows[-1]["error"]


@pytest.mark.slow
def test_dask_local_cluster():
    distributed = pytest.importorskip("distributed", reason="dask[distributed] not installed (pip install '.[test]')")
    import dask.bag as db

    records = [{"id": i, "text": t} for i, t in enumerate(TEXTS)]
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        with distributed.Client(cluster):
            rows = db.from_sequence(records, npartitions=4).map_partitions(review_partition).compute()
    assert rows == review_partition(records)
