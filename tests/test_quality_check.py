"""The benchmark's own parts: the snippet metric, site-disjoint folds and the floors that `--check` holds."""
from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from warcio.archiveiterator import ArchiveIterator
from warcio.warcwriter import WARCWriter

from benchmarks import corpus, floors
from benchmarks.folds import fold_of, site_of
from benchmarks.metrics import SnippetScore
from benchmarks.scoring import Tally

from .conftest import ROOT


def test_snippets_are_found_with_whitespace_folded():
    # trafeval, archiv.krimiblog.de: two story passages and one comment notice
    score = SnippetScore()
    text = "Okay, hat wieder\nnichts mit Krimis zu tun.\n\nErgänzung 2:  Glaubt man den Berichten …\n\nLeider sind keine Kommentare möglich."
    missed, found = score.add(["Okay, hat wieder nichts mit", "Ergänzung 2: Glaubt man", "Ergänzung 1: Den Text des Songs"],
                              ["Leider sind keine Kommentare möglich.", "Rasterfahndung"], text)
    assert missed == ["Ergänzung 1: Den Text des Songs"] and found == ["Leider sind keine Kommentare möglich."]
    assert (score.tp, score.fn, score.fp) == (2, 1, 1)
    assert score.precision == pytest.approx(2 / 3) and score.recall == pytest.approx(2 / 3)
    assert score.f1 == pytest.approx(2 / 3)


@pytest.mark.parametrize("a, b", [
    ("https://www.bbc.co.uk/news/world-1", "https://bbc.co.uk/sport/2"),
    ("https://edition.cnn.com/2019/11/19/a.html", "https://www.cnn.com/b"),
    ("http://archiv.krimiblog.de/?p=2895", "https://www.krimiblog.de/"),
])
def test_every_page_of_a_site_lands_in_one_fold(a, b):
    assert site_of(a) == site_of(b)
    assert fold_of(a, 5) == fold_of(b, 5)


def test_folds_are_the_same_in_every_run():
    # sha256 of the registered domain: not Python's per-process string hash
    code = "from benchmarks.folds import fold_of; print([fold_of(u, 5) for u in %r])"
    urls = ["https://www.bbc.co.uk/a", "https://edition.cnn.com/b", "http://archiv.krimiblog.de/?p=1"]
    runs = {subprocess.run([sys.executable, "-c", code % urls], cwd=ROOT, capture_output=True, text=True,
                           env={**os.environ, "PYTHONHASHSEED": seed}).stdout for seed in ("1", "2")}
    assert len(runs) == 1 and runs.pop().strip() == str([fold_of(u, 5) for u in urls])


def test_the_pinned_floors_name_real_corpora_and_figures():
    names = set(Tally().figures())
    for name, figures in floors.load().items():
        assert name in corpus.NAMES
        assert set(figures) <= names, f"{name}: {set(figures) - names}"
        assert all(0 < v <= 1 for v in figures.values())


def _small_corpus(tmp_path, n: int = 3):
    """The first n fundus pages and their labels, as a corpus folder of their own."""
    folder = tmp_path / "fundus"
    folder.mkdir()
    src = corpus.CORPUS_DIR / "fundus"
    urls = []
    with open(src / "pages.warc.gz", "rb") as fh, open(folder / "pages.warc.gz", "wb") as out:
        writer = WARCWriter(out, gzip=True)
        for record in ArchiveIterator(fh):
            if record.rec_type == "response" and len(urls) < n:
                urls.append(record.rec_headers.get_header("WARC-Target-URI"))
                writer.write_record(record)
    truth = [line for line in (src / "truth.jsonl").read_text(encoding="utf-8").splitlines()
             if line.strip() and json.loads(line)["url"] in urls]
    (folder / "truth.jsonl").write_text("\n".join(truth) + "\n", encoding="utf-8")
    assert len(truth) == n
    return tmp_path


def test_check_exits_1_and_names_the_figure_that_fell(tmp_path, shared_dir):
    root = _small_corpus(tmp_path)
    (tmp_path / "floors.toml").write_text('[fundus]\n"body F1" = 0.5\n"day" = 1.001\n', encoding="utf-8")
    env = {**os.environ, "NEWSCRAWL_CORPUS_DIR": str(root)}
    proc = subprocess.run([sys.executable, "benchmarks/quality.py", "--check", "--corpus", "fundus",
                           "--floors", str(tmp_path / "floors.toml")], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=600)
    assert proc.returncode == 1, proc.stdout + proc.stderr
    fell = [line for line in proc.stderr.splitlines() if line.startswith("quality floor:")]
    assert len(fell) == 1 and fell[0].startswith("quality floor: fundus day: ") and "below its floor 1.001" in fell[0]
    assert "| fundus | body F1 |" in proc.stdout and "FAILED: 1 of 2 figures" in proc.stdout
    assert "Traceback" not in proc.stderr


def test_check_is_one_line_on_a_missing_floors_file(tmp_path):
    proc = subprocess.run([sys.executable, "benchmarks/quality.py", "--check", "--floors", str(tmp_path / "none.toml")],
                          cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 1 and proc.stderr.strip().startswith("quality.py: cannot read the floors")
    assert len(proc.stderr.strip().splitlines()) == 1


def test_ablation_families_are_the_residue_lists_and_htmldate():
    from benchmarks.quality import expand

    assert expand(["dates/htmldate", "residue/share", "dates/htmldate"]) == ["dates/htmldate", "residue/share"]
    assert "residue/blocks" in expand(["residue"]) and "dates/htmldate" not in expand(["residue"])
    with pytest.raises(SystemExit, match="unknown rule family 'dates/nope'"):
        expand(["dates/nope"])
