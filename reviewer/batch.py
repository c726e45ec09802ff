"""Reviewing many drafts on a distributed engine: a partition function any engine can map.

    import dask.bag as db
    from reviewer.batch import review_partition
    records = db.from_sequence(records, npartitions=64)      # dicts with "id" and "text"
    results = records.map_partitions(review_partition).to_dataframe()

Spark: rdd.mapPartitions(review_partition). Each worker process builds the spaCy pipeline
and loads the classifier once (they are cached per process) and streams its partition
through nlp.pipe; results are plain dicts, so they serialise anywhere.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from reviewer.config import Config


def review_partition(records: Iterable[dict], config: Config | None = None) -> list[dict]:
    """Review a partition of {"id", "text"} records.

    RETURNS (list): one dict per record: id, body_words, counts per family, findings (dicts),
    and "error" for a record whose text is empty or not a string.
    """
    return list(iter_reviews(records, config or Config()))


def iter_reviews(records: Iterable[dict], config: Config) -> Iterator[dict]:
    """Lazily review records in order; bad records become rows with an error."""
    from reviewer.engine import review_pairs

    def pairs() -> Iterator[tuple[str | None, dict]]:
        for record in records:
            text = record.get("text")
            yield (text if isinstance(text, str) and text.strip() else None), record

    for report, record in review_pairs(pairs(), config):
        if report is None:
            yield {"id": record.get("id"), "error": "empty or missing text", "findings": []}
            continue
        yield {
            "id": record.get("id"),
            "error": None,
            "body_words": report.body_words,
            "counts": report.counts_by_family(),
            "fails": report.fails(config.fail_on),
            "findings": [f.to_dict() for f in report.findings],
        }
