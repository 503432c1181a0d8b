"""The province's history does not depend on the process it ran in: two runs of one seed in two
processes with different string hashing (``PYTHONHASHSEED``), one saving each command on its own
and one saving a day's commands together, store the same events to the last digest. The bench's
"batched saves equal one by one" check relies on this; its own comparison says "not compared"
rather than "differ" when it has nothing to compare."""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parents[2]

_CHILD = """
import json, sys
from gradingcore.simulation import simulate, simulation_service
service = simulation_service(sys.argv[1])
summary = simulate(service, enterprises=150, years=1, seed=11, batch=sys.argv[2] == "1")
heads = {str(i): service.history(i)[-1].digest for i in service.case_ids()}
print(json.dumps({"events": summary.events, "heads": heads}))
"""


def _run(path: Path, batch: bool, hash_seed: str) -> dict[str, object]:
    env = {**os.environ, "PYTHONHASHSEED": hash_seed}
    out = subprocess.run(
        [sys.executable, "-c", _CHILD, str(path), "1" if batch else "0"],
        capture_output=True,
        text=True,
        check=True,
        env=env,
        cwd=ROOT,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


def _bench() -> ModuleType:
    if "gradingcore_bench" in sys.modules:
        return sys.modules["gradingcore_bench"]
    path = ROOT / "benchmarks" / "bench.py"
    spec = importlib.util.spec_from_file_location("gradingcore_bench", path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["gradingcore_bench"] = module  # its classes look their module up by name
    spec.loader.exec_module(module)
    return module


def test_batched_and_one_by_one_under_different_hash_seeds(tmp_path: Path) -> None:
    batched = _run(tmp_path / "batched.db", True, "1")
    single = _run(tmp_path / "single.db", False, "2")
    assert batched["events"] == single["events"]
    assert batched["heads"]
    assert batched["heads"] == single["heads"]
    bench = _bench()
    assert bench._store_digest(str(tmp_path / "batched.db")) == bench._store_digest(
        str(tmp_path / "single.db")
    )


def test_the_bench_never_reports_a_difference_it_did_not_see() -> None:
    bench = _bench()
    nothing = {"heads": {}, "store_digest": None}
    assert bench.same_history(nothing, nothing) is None
    same = {"heads": {}, "store_digest": "ab"}
    assert bench.same_history(same, dict(same)) is True
    assert bench.same_history(same, {"heads": {}, "store_digest": "cd"}) is False
    assert bench.same_history({"heads": {"1": "x"}, "store_digest": "ab"}, same) is True
    assert (
        bench.same_history(
            {"heads": {"1": "x"}, "store_digest": "ab"}, {"heads": {"1": "y"}, "store_digest": "ab"}
        )
        is False
    )
