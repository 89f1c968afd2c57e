"""Same scenario and seed: identical output for 1 and 2 threads (MODEL.md's meaning)."""
import h5py

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


def test_threads_do_not_change_the_output_with_every_policy_on(wfsim, tmp_path):
    """The shared example at full size (24,200 positions: several 4,096-person
    blocks, so the parallel loops really split), every policy type on (plus a
    reskilling programme): identical files on 1 and 2 threads."""
    from conftest import SHARED
    text = (SHARED / "scenario-example.yaml").read_text()
    assert "\noutput:" in text
    text = text.replace("\noutput:", "  - {type: reskilling, functions: [hr], target: finance, duration_weeks: 4}\n"
                                     "\noutput:", 1)
    scenario = tmp_path / "all-policies.yaml"
    scenario.write_text(text)
    files = []
    for threads in (1, 2):
        out = tmp_path / f"all{threads}.h5"
        wfsim("run", scenario, "-o", out, "--ticks", "90", "--threads", threads, "--quiet",
              "--set", "output.agent_every=6")
        files.append(out)
    assert differences(*files) == []
    with h5py.File(files[0], "r") as f:
        assert f["metrics/reskilling_started"][()].sum() > 0  # the programme acted
