"""The logged-in pass of `make bench`: the pages with logged-in targets run in rounds, each beside the static file
served by the same server, and the round with the median ratio is the one reported, with its own ceiling."""

import types

from bench import run


class Load(types.SimpleNamespace):
    def as_dict(self):
        return {"requests_per_second": self.requests_per_second, "p50_ms": 1.0, "p95_ms": 2.0}


def test_the_targeted_pages_report_the_round_with_the_median_ratio_to_the_ceiling_beside_it(monkeypatch):
    # (page req/s, static req/s) of each run in turn: ratios 0.30, 0.10, 0.20
    driven = iter([(900, 1), (3000, 2), (300, 3), (3000, 4), (800, 5), (4000, 6), (700, 7)])

    def driven_with_cpu(port, path, args, **options):
        rate, cpu = next(driven)
        return Load(requests_per_second=rate, requests=rate, p50_ms=1.0, p95_ms=2.0), float(cpu)

    monkeypatch.setattr(run, "driven_with_cpu", driven_with_cpu)
    monkeypatch.setattr(run, "load_problem", lambda load: None)
    ceiling = {"requests_per_second": 1000, "cpu_ms_per_request": 0.5}
    entry = {"papers": 1000, "pages": {page: {"load": {}, "url": f"/{page}/", "ceiling": ceiling}
                                       for page in ("paper", "home")}}
    session = {"cookie": "sessionid", "session": "abc"}
    run.drive_logged_in(types.SimpleNamespace(), entry, ["paper", "home"], session, 8000, rounds=3)

    paper, home = entry["pages"]["paper"], entry["pages"]["home"]
    assert paper["logged_in_rounds"] == [0.1, 0.2, 0.3]
    assert paper["logged_in_ratio_to_ceiling"] == 0.2
    assert paper["logged_in"]["requests_per_second"] == 800 and paper["logged_in"]["cpu_ms_per_request"] == 5.0
    assert paper["logged_in_ceiling"]["requests_per_second"] == 4000
    assert paper["logged_in_ceiling"]["cpu_ms_per_request"] == 6.0
    # a page without logged-in targets runs once, against the uncached pass's ceiling
    assert home["logged_in_ratio_to_ceiling"] == 0.7 and "logged_in_rounds" not in home
