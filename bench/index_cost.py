#!/usr/bin/env python
"""What the search node spends per document, for the index mapping and variants of it.

    DATABASE_URL=postgres://portal@127.0.0.1:55432/portal_bench \\
    ELASTICSEARCH_URL=http://127.0.0.1:59200 \\
    .venv/bin/python -m bench.index_cost --documents 4000 \\
        --node-pid "$(cat .services/search/searchnode.pid)"

Builds the first N search entries from the database, and for each variant creates a
throwaway index (`indexcost-<variant>`), sends the entries with the same parallel bulk
requests as a rebuild and reads the node process's CPU time from /proc before and after.
A full rebuild on a small machine is bounded by this figure (bench/results/reindex.md).
Variants, each a change of the mapping in search/documents.py:

- `mapping`: the mapping as it is;
- `term-vectors`: the text fields with term vectors (with positions and offsets) again;
- `folded-everywhere`: a `.folded` sub-field on every text field, not only the title;
- `typos-in-titles-only`: typo tolerance (`all`) from title, summary and meta only;
- `before`: the mapping before it was made lean (term vectors, `.folded` everywhere, the
  body copied into the spelling field);
- `all-freqs`: the typo field `all` without positions (its queries are single words);
- `offsets-on-fstem`: offsets in the `.fstem` twins' postings instead of the main fields';
- `offsets-on-fstem-all-freqs`: both.
"""

from __future__ import annotations

import argparse
import copy
import os
import sys
import time
from itertools import islice
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

TEXT_FIELDS = ("title", "summary", "body", "attachments", "meta")


def variant(base: dict, name: str) -> dict:
    body = copy.deepcopy(base)
    properties = body["mappings"]["properties"]
    for field in TEXT_FIELDS:
        mapping = properties[field]
        if name in ("term-vectors", "before"):
            mapping.pop("index_options", None)
            mapping["term_vector"] = "with_positions_offsets"
        if name in ("folded-everywhere", "before"):
            mapping["fields"]["folded"] = {"type": "text", "analyzer": "cs_folded"}
        if name == "before" and field == "body":
            mapping["copy_to"] = ["all", "spell"]
        if name == "typos-in-titles-only" and field in ("body", "attachments"):
            mapping["copy_to"] = [c for c in mapping["copy_to"] if c != "all"]
        if name in ("offsets-on-fstem", "offsets-on-fstem-all-freqs"):
            mapping.pop("index_options", None)
            mapping["fields"]["fstem"]["index_options"] = "offsets"
    if name in ("all-freqs", "offsets-on-fstem-all-freqs"):
        properties["all"]["index_options"] = "freqs"
    return body


VARIANTS = (
    "mapping",
    "term-vectors",
    "folded-everywhere",
    "typos-in-titles-only",
    "before",
    "all-freqs",
    "offsets-on-fstem",
    "offsets-on-fstem-all-freqs",
)


def node_cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--documents", type=int, default=4000)
    parser.add_argument("--node-pid", type=int, required=True, help="the search node's process")
    parser.add_argument("--variants", default=",".join(VARIANTS))
    parser.add_argument("--repeat", type=int, default=2, help="runs per variant (the best counts)")
    args = parser.parse_args()

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
    import django

    django.setup()

    from search.client import connect
    from search.documents import index_definition
    from search.rebuild import send_batch
    from search.sources import all_entries_fast

    entries = list(islice(all_entries_fast(), args.documents))
    documents = [(entry.key, entry.as_document()) for entry in entries]
    base = index_definition("indexcost-base", building=True).to_dict()
    client = connect()
    print(f"{len(documents)} documents; node CPU per document (best of {args.repeat}):")
    for name in args.variants.split(","):
        index = f"indexcost-{name}"
        best = None
        for _ in range(args.repeat):
            client.indices.delete(index=index, ignore_unavailable=True)
            client.indices.create(index=index, body=variant(base, name))
            actions = [
                {"_op_type": "index", "_index": index, "_id": key, "_source": source}
                for key, source in documents
            ]
            cpu, wall = node_cpu_seconds(args.node_pid), time.perf_counter()
            _sent, failed = send_batch(client, actions)
            if failed:
                raise RuntimeError(failed[0])
            wall = time.perf_counter() - wall
            cpu = node_cpu_seconds(args.node_pid) - cpu
            if best is None or cpu < best[0]:
                best = (cpu, wall)
            client.indices.delete(index=index)
        cpu, wall = best
        print(
            f"  {name:<22} {cpu / len(documents) * 1000:5.2f} ms of node CPU, "
            f"{len(documents) / wall:6.0f} documents/s sent alone"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
