"""Benchmark of "seen this claim before?": lookup speed beside raw FTS5, and matching quality (MAP, P@10).

Run by hand, not in the test suite:
    .venv/bin/python benchmarks/bench_similar.py [--sizes 1000,10000,100000] [--queries 50]
    .venv/bin/python benchmarks/bench_similar.py --data DIR [--queries-file TSV --qrels TSV] [--skip-speed]

Speed (DESIGN target from issue 15: a lookup within 100 ms over 100,000 claims): projects of 1k, 10k
and 100k claims with Zipf-distributed words; each query is an existing claim reworded (words dropped,
shuffled, others added). `find_similar` (BM25 candidates re-ranked by rapidfuzz, verdicts read for
the hits) is timed beside the raw FTS5 MATCH of the same expression, in the same run.

Quality: the CLEF CheckThat! lab's "detecting previously fact-checked claims" data, subtask 2A English
of 2022 (tweets, and 14,231 Snopes fact-checks, "vclaims"). It is not shipped here; get it from the
lab's repository (gitlab.com/checkthat_lab/clef2022-checkthat-lab, task2/data/subtask-2a--english) and
pass the folder holding `vclaims/` as --data, with the queries and gold qrels files (TSV: tweet id,
text; and tweet id, 0, vclaim id, 1). Each vclaim is stored as an imported fact-check (claimReviewed =
the vclaim; --with-title adds the fact-check's title, as the lab's own baseline indexes both) and each
tweet is looked up. Printed: MAP@5 (the lab's official measure), MAP (over the 10 shown), P@10, beside
the raw FTS5 BM25 first stage alone in the same run and the baseline the lab published for the task:
"Ngram baseline" MAP@5 = 0.8179 on the 2022 English test set (CodaLab competition 4260 page).
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

from annotator.domain import similarity
from annotator.domain.models import new_id, utc_now
from annotator.ingest.claimreview import ImportedFactCheck
from annotator.ops.factchecks import store_fact_checks
from annotator.store.project import Project, open_project
from annotator.store.similar import find_similar

PUBLISHED_BASELINE_MAP5 = 0.8179  # CheckThat! 2022 subtask 2A English, organisers' n-gram/BM25 baseline
VOCABULARY = 20_000
CLAIMS_PER_DOCUMENT = 100


def _words(rng: random.Random) -> list[str]:
    syllables = [
        "ba",
        "la",
        "rus",
        "min",
        "sk",
        "ky",
        "iv",
        "tro",
        "op",
        "war",
        "pu",
        "tin",
        "ar",
        "my",
        "bor",
    ]
    seen: dict[str, None] = {}
    while len(seen) < VOCABULARY:
        seen.setdefault("".join(rng.choice(syllables) for _ in range(rng.randint(2, 4))), None)
    return list(seen)


def _sentences(count: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    words = _words(random.Random(1))
    weights = [1 / (rank + 1) for rank in range(len(words))]  # Zipf: a few common words, many rare ones
    return [" ".join(rng.choices(words, weights, k=rng.randint(8, 20))) for _ in range(count)]


def _add_claims(project: Project, sentences: list[str], start_index: int) -> None:
    """Documents of CLAIMS_PER_DOCUMENT sentences each, every sentence a claim (raw inserts, fast)."""
    now = utc_now()
    documents, claims = [], []
    for first in range(0, len(sentences), CLAIMS_PER_DOCUMENT):
        chunk = sentences[first : first + CLAIMS_PER_DOCUMENT]
        document_id = new_id()
        text = ".\n".join(chunk) + "."
        documents.append(
            (
                document_id,
                text,
                f"sha-{start_index + first}",
                len(text),
                f"Doc {start_index + first}",
                now,
                now,
            )
        )
        position = 0
        for sentence in chunk:
            claims.append(
                (new_id(), document_id, position, position + len(sentence), sentence, "factual", now, now)
            )
            position += len(sentence) + 2
    with project.transaction():
        project.conn.executemany(
            "INSERT INTO documents (id, text, sha256, length, title, created_at, updated_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            documents,
        )
        project.conn.executemany(
            'INSERT INTO claims (id, document_id, start, "end", exact, kind, created_at, updated_at) '
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            claims,
        )


def _reworded(sentence: str, rng: random.Random, extra: list[str]) -> str:
    words = [word for word in sentence.split() if rng.random() > 0.3]
    words += rng.sample(extra, 2)
    rng.shuffle(words)
    return " ".join(words)


_RAW_SQL = "SELECT rowid FROM search_index WHERE search_index MATCH ? ORDER BY rank LIMIT 10"


def _timed(call: object, repeat: list[str]) -> list[float]:
    times = []
    for query in repeat:
        start = time.perf_counter()
        call(query)  # type: ignore[operator]
        times.append((time.perf_counter() - start) * 1000)
    return times


def bench_speed(sizes: list[int], queries: int) -> None:
    print(f"Similar-claim lookup, {queries} reworded claims per size (milliseconds)")
    print(
        f"{'claims':>8} {'lookup median':>14} {'p95':>7} {'raw FTS5 median':>16} {'p95':>7} {'ratio':>6} "
        f"{'source first':>13}"
    )
    rng = random.Random(7)
    extra = _words(random.Random(1))[:2000]
    with tempfile.TemporaryDirectory() as folder, open_project(Path(folder) / "bench.sqlite") as project:
        have = 0
        every = _sentences(max(sizes), seed=3)
        for size in sorted(sizes):
            _add_claims(project, every[have:size], have)
            have = size
            sources = rng.sample(range(size), queries)
            texts = [_reworded(every[index], rng, extra) for index in sources]
            hits_first = 0
            for index, text in zip(sources, texts, strict=True):
                hits = find_similar(project, text, limit=10)
                hits_first += bool(hits) and hits[0].text == every[index]
            ours = _timed(lambda text: find_similar(project, text, limit=10), texts)
            raw = _timed(
                lambda text: project.conn.execute(_RAW_SQL, [similarity.match_expression(text)]).fetchall(),
                texts,
            )
            median, raw_median = statistics.median(ours), statistics.median(raw)
            print(
                f"{size:>8,} {median:>14.1f} {_p95(ours):>7.1f} {raw_median:>16.1f} {_p95(raw):>7.1f} "
                f"{median / raw_median:>6.2f} {hits_first / queries:>13.0%}"
            )


def _p95(values: list[float]) -> float:
    return sorted(values)[max(0, int(len(values) * 0.95) - 1)]


# --- quality on CheckThat! data ---------------------------------------------------------------------


def _read_tsv(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return [row for row in csv.reader(handle, delimiter="\t") if row]


def _average_precision(ranked: list[str], relevant: set[str], k: int) -> float:
    found, total = 0, 0.0
    for rank, item in enumerate(ranked[:k], start=1):
        if item in relevant:
            found += 1
            total += found / rank
    return total / len(relevant) if relevant else 0.0


def bench_quality(data: Path, queries_file: Path, qrels_file: Path, with_title: bool) -> None:
    vclaims = [
        json.loads(path.read_text(encoding="utf-8")) for path in sorted((data / "vclaims").glob("*.json"))
    ]
    queries = {row[0]: row[1] for row in _read_tsv(queries_file) if len(row) >= 2}
    gold: dict[str, set[str]] = defaultdict(set)
    for row in _read_tsv(qrels_file):
        if len(row) >= 4 and row[3].strip() == "1":
            gold[row[0]].add(row[2])
    queries = {key: text for key, text in queries.items() if key in gold}
    print(f"\nCheckThat! matching quality: {len(vclaims):,} fact-checks, {len(queries)} queries with gold")
    with tempfile.TemporaryDirectory() as folder, open_project(Path(folder) / "checkthat.sqlite") as project:
        found = [
            ImportedFactCheck(
                claim_reviewed=(f"{v['vclaim']} {v.get('title', '')}" if with_title else v["vclaim"]).strip(),
                url=v.get("page_url", "") or v["vclaim_id"],
                author_org="Snopes",
                date_published=v.get("date", ""),
            )
            for v in vclaims
            if v.get("vclaim")
        ]
        store_fact_checks(project, found, str(data))
        by_url = {v.get("page_url", "") or v["vclaim_id"]: v["vclaim_id"] for v in vclaims}
        by_rowid = {
            rowid: by_url[url] for rowid, url in project.conn.execute("SELECT rowid, url FROM factchecks")
        }
        runs: dict[str, dict[str, list[str]]] = {"find_similar (BM25 + rapidfuzz)": {}, "raw FTS5 BM25": {}}
        times = []
        for key, text in queries.items():
            start = time.perf_counter()
            hits = find_similar(project, text, limit=10)
            times.append((time.perf_counter() - start) * 1000)
            runs["find_similar (BM25 + rapidfuzz)"][key] = [
                by_url[hit.url] for hit in hits if hit.kind == "factcheck"
            ]
            expression = similarity.match_expression(text)
            rows = (
                project.conn.execute(
                    "SELECT rowid FROM search_factchecks WHERE search_factchecks MATCH ? "
                    "ORDER BY bm25(search_factchecks, 10.0, 1.0) LIMIT 10",
                    [f"{{claim}} : ({expression})"],
                ).fetchall()
                if expression
                else []
            )
            runs["raw FTS5 BM25"][key] = [by_rowid[row[0]] for row in rows]
    print(f"{'run':<34} {'MAP@5':>6} {'MAP@10':>7} {'P@1':>6} {'P@10':>6}")
    for name, ranked in runs.items():
        ap5 = statistics.mean(_average_precision(ranked[key], gold[key], 5) for key in queries)
        ap10 = statistics.mean(_average_precision(ranked[key], gold[key], 10) for key in queries)
        p1 = statistics.mean(float(bool(ranked[key][:1]) and ranked[key][0] in gold[key]) for key in queries)
        p10 = statistics.mean(len(set(ranked[key][:10]) & gold[key]) / 10 for key in queries)
        print(f"{name:<34} {ap5:>6.4f} {ap10:>7.4f} {p1:>6.4f} {p10:>6.4f}")
    print(f"{'published baseline (lab, 2022)':<34} {PUBLISHED_BASELINE_MAP5:>6.4f} {'':>7} {'':>6} {'':>6}")
    print(f"lookup time per query: median {statistics.median(times):.1f} ms, p95 {_p95(times):.1f} ms")


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", default="1000,10000,100000", help="claim counts for the speed run")
    parser.add_argument("--queries", type=int, default=50, help="lookups timed per size")
    parser.add_argument("--skip-speed", action="store_true")
    parser.add_argument("--data", type=Path, help="CheckThat! subtask 2A folder holding vclaims/")
    parser.add_argument("--queries-file", type=Path, help="tweets TSV (default: DATA/*Test_Queries.tsv)")
    parser.add_argument("--qrels", type=Path, help="gold qrels TSV (default: DATA/*Test_Qrels_gold.tsv)")
    parser.add_argument("--with-title", action="store_true", help="index each fact-check's title too")
    options = parser.parse_args(argv)
    if not options.skip_speed:
        bench_speed([int(size) for size in options.sizes.split(",")], options.queries)
    if options.data is not None:
        data: Path = options.data
        queries_file = options.queries_file or next(iter(sorted(data.glob("*Test_Queries.tsv"))), None)
        qrels = options.qrels or next(iter(sorted(data.glob("*Test_Qrels_gold.tsv"))), None)
        if queries_file is None or qrels is None or not (data / "vclaims").is_dir():
            print(f"error: {data}: expected vclaims/, a queries TSV and a qrels TSV", file=sys.stderr)
            return 2
        bench_quality(data, queries_file, qrels, options.with_title)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
