"""Same scenario and seed: identical output for 1 and 2 threads (MODEL.md's meaning)."""
from compare import differences


def test_threads_do_not_change_the_output(wfsim, data, tmp_path):
    files = []
    for threads in (1, 2):
        out = tmp_path / f"t{threads}.h5"
        wfsim("run", data / "tiny.yaml", "-o", out, "--ticks", "60", "--threads", threads, "--quiet",
              "--set", "firm.functions[0].headcount=400")
        files.append(out)
    assert differences(*files) == []


def test_the_comparison_sees_a_different_seed(wfsim, data, tmp_path):
    a, b = tmp_path / "a.h5", tmp_path / "b.h5"
    wfsim("run", data / "tiny.yaml", "-o", a, "--ticks", "20", "--quiet")
    wfsim("run", data / "tiny.yaml", "-o", b, "--ticks", "20", "--quiet", "--seed", "8")
    found = differences(a, b)
    assert any(d.startswith("agents/morale") for d in found)
    assert any("root attribute seed" in d for d in found)
