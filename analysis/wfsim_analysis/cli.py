"""`wfsim-plot`: figures and reports from wfsim run files.

Run it as `tools/plot ...` from the repository (it uses Debian's
/usr/bin/python3), as `wfsim-plot ...` once installed, or as
`python3 -m wfsim_analysis.cli ...` with analysis/ on PYTHONPATH.
Bad input gives one line, `wfsim-plot: error: ...`, and exit status 2.
"""

from __future__ import annotations

import argparse
import os
import sys

EXAMPLES = """\
examples:
  wfsim-plot run out/run.h5                      dashboard -> out/run-dashboard.png
  wfsim-plot run out/run.h5 -o dash.png --format png,pdf
  wfsim-plot compare base.h5 policy.h5           overlay + difference from base.h5
  wfsim-plot compare base1.h5,base2.h5 pol1.h5,pol2.h5   replicates, 95% CI bands
  wfsim-plot compare out/cmp                     a 'wfsim compare' folder: arms, paired
                                                 differences, scorecard
  wfsim-plot sweep sweeps/delayering-depth --metric headcount --reduce last
  wfsim-plot org out/run.h5 --tick 52 --color morale
  wfsim-plot report out/run.h5 -o report.html    one self-contained HTML page
  wfsim-plot metrics out/run.h5                  list the metrics with their units
  wfsim-plot metrics out/run.h5 quits hires      plot chosen metrics
"""


class _Parser(argparse.ArgumentParser):
    """argparse with a one-line error (and exit status 2)."""

    def error(self, message: str):  # noqa: D401
        sys.stderr.write(f"wfsim-plot: error: {message} (see {self.prog} --help)\n")
        sys.exit(2)


def _stem(path: str) -> str:
    return os.path.splitext(path)[0]


def _image_options(p: argparse.ArgumentParser, default_hint: str) -> None:
    p.add_argument("-o", "--output", metavar="FILE",
                   help=f"image to write (default: {default_hint}); its extension "
                        "(.png, .pdf, .svg) sets the format")
    p.add_argument("--format", metavar="LIST", default="png",
                   help="also write these formats beside it, comma-separated "
                        "(png, pdf, svg; default png)")
    p.add_argument("--dpi", type=float, default=100, help="pixels per inch of PNGs (default 100)")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="wfsim-plot", description="Plots and reports from wfsim HDF5 run files.",
                     epilog=EXAMPLES, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    sub.required = True

    p = sub.add_parser("run", help="one-page dashboard of a run",
                       description="Dashboard of one run: headcount by function, managers and "
                       "ICs per manager, revenue per employee, operating income, morale with "
                       "its spread, quits/layoffs/hires per quarter, backlog, AI agents and "
                       "robots, a summary, and the policy events on the time axis.",
                       epilog="example: wfsim-plot run out/run.h5 -o out/dash.png --format png,svg",
                       formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("file", metavar="RUN.h5")
    _image_options(p, "RUN-dashboard.png beside the run file")
    p.set_defaults(func=cmd_run)

    p = sub.add_parser("compare", help="overlay runs and plot their differences",
                       description="Overlays runs (same panels, one colour each) and plots "
                       "each run's difference from the first. An argument may be a run file, "
                       "a comma-separated list of replicate files, or a folder of replicates; "
                       "single files that are the same scenario with different seeds are "
                       "grouped as replicates (unless --no-group). With replicates the "
                       "differences carry 95% confidence bands (paired by seed when both "
                       "sides have the same seeds). Given one 'wfsim compare' folder (or its "
                       "compare.h5): DIR/compare.png (both arms), DIR/compare-diff.png "
                       "(paired differences, 95% CI) and DIR/compare-scorecard.png (relative "
                       "differences of the key metrics from compare.h5).",
                       epilog="examples:\n  wfsim-plot compare base.h5 delayering.h5\n"
                              "  wfsim-plot compare out/compare-ai-as-cover-vs-ai-augment/\n"
                              "  wfsim-plot compare runs/base/ runs/policy/ --labels base,policy",
                       formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("files", nargs="+", metavar="RUN",
                   help="run files, replicate groups or folders; or one 'wfsim compare' "
                        "folder (with compare.h5): overlay, paired differences and scorecard")
    p.add_argument("--labels", metavar="A,B,...", help="names of the runs or groups, in order")
    p.add_argument("--no-group", action="store_true",
                   help="treat every file as its own run, even replicates")
    p.add_argument("--metrics", metavar="M1,M2,...",
                   help="overlay these metrics (one panel each) instead of the default panels")
    p.add_argument("--no-diff", action="store_true", help="skip the difference figure")
    _image_options(p, "FIRST-compare.png beside the first run; the differences go to "
                      "the same name with -diff")
    p.set_defaults(func=cmd_compare)

    p = sub.add_parser("sweep", help="a summary metric against swept parameters",
                       description="Plots a summary metric of a sweep against one swept "
                       "parameter (mean and 95% CI over replicates) or two (heat map). "
                       "Reads SWEEP_DIR/index.h5, or else the run files in SWEEP_DIR and "
                       "their root attribute sweep_parameters (see analysis/README.md).",
                       epilog="examples:\n  wfsim-plot sweep sweeps/delayering-depth\n"
                              "  wfsim-plot sweep sweeps/d --metric quits --reduce sum "
                              "--x 'policies[id=rto].days_per_week' --kind line",
                       formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("sweep", metavar="SWEEP_DIR")
    p.add_argument("--metric", help="summary column or metric name (default: the index's "
                                    "first summary, or operating_income)")
    p.add_argument("--reduce", choices=("sum", "last", "first", "mean", "min", "max"),
                   help="how a run's metric becomes one number (default sum)")
    p.add_argument("--x", help="parameter on the x axis (dotted path as in the sweep)")
    p.add_argument("--y", help="second parameter (heat map rows, or one line per value)")
    p.add_argument("--kind", choices=("auto", "line", "heatmap"), default="auto",
                   help="heat map for two parameters, lines for one (default auto)")
    _image_options(p, "SWEEP_DIR/sweep-METRIC.png")
    p.set_defaults(func=cmd_sweep)

    p = sub.add_parser("org", help="org chart at a tick, spans and layers before/after",
                       description="Writes the org chart at a tick (tree layout; coloured by "
                       "function or by morale) and histograms of span of control and "
                       "positions per level before and after a policy.",
                       epilog="example: wfsim-plot org out/run.h5 --tick 30 --color morale "
                              "--policy delayering",
                       formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("file", metavar="RUN.h5")
    p.add_argument("--tick", type=int, help="week to draw (latest snapshot at or before it; "
                                            "default: the last snapshot)")
    p.add_argument("--color", choices=("function", "morale"), default="function")
    p.add_argument("--root", type=int, metavar="POSITION", help="draw only this subtree")
    p.add_argument("--max-positions", type=int, default=2500,
                   help="above this many positions, ICs are not drawn (default 2500)")
    p.add_argument("--policy", metavar="ID",
                   help="histograms around this policy (id, type or index; default: the "
                        "first one that reshaped the tree)")
    p.add_argument("--before", type=int, metavar="TICK", help="histogram 'before' week")
    p.add_argument("--after", type=int, metavar="TICK", help="histogram 'after' week")
    _image_options(p, "RUN-org.png; histograms to RUN-org-spans.png")
    p.set_defaults(func=cmd_org)

    p = sub.add_parser("report", help="self-contained HTML report of a run",
                       description="One HTML page with the figures embedded: run facts, "
                       "summary table, dashboard, organisation, events, scenario YAML.",
                       epilog="example: wfsim-plot report out/run.h5 -o out/report.html",
                       formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("file", metavar="RUN.h5")
    p.add_argument("-o", "--output", metavar="FILE.html",
                   help="default: RUN-report.html beside the run file")
    p.add_argument("--dpi", type=float, default=100)
    p.set_defaults(func=cmd_report)

    p = sub.add_parser("metrics", help="list a run's metrics, or plot chosen ones",
                       description="Without names: lists the metrics with unit and "
                       "description. With names: one panel per metric (per function too "
                       "with --by-function).",
                       epilog="example: wfsim-plot metrics out/run.h5 quits regretted_quits",
                       formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("file", metavar="RUN.h5")
    p.add_argument("names", nargs="*", metavar="METRIC")
    p.add_argument("--by-function", action="store_true",
                   help="plot /metrics_by_function/NAME (one line per function)")
    _image_options(p, "RUN-metrics.png")
    p.set_defaults(func=cmd_metrics)
    return parser


def _say(paths) -> None:
    for p in paths:
        print(p)


def cmd_run(args) -> int:
    from . import dashboard, style
    from .io import open_run

    formats = style.parse_formats(args.format)
    with open_run(args.file) as run:
        fig = dashboard.build(run)
        out = args.output or f"{_stem(args.file)}-dashboard.png"
        try:
            _say(style.save(fig, out, formats, args.dpi))
        finally:
            style.close(fig)
    return 0


def cmd_compare(args) -> int:
    from . import compare, style

    formats = style.parse_formats(args.format)
    labels = [s.strip() for s in args.labels.split(",")] if args.labels else None
    if len(args.files) == 1:
        from . import paired

        found = paired.comparison_path(args.files[0])
        if found:
            return _cmd_paired(args, found, formats, labels)
    panels = [s.strip() for s in args.metrics.split(",") if s.strip()] if args.metrics else None
    metrics = list(compare.BASE_METRICS) + [m for m in (panels or []) if m not in
                                            compare.BASE_METRICS]
    if len(args.files) < 2 and "," not in args.files[0] and not os.path.isdir(args.files[0]):
        raise _error("compare needs at least two runs (or a group of replicates)")
    arms = compare.load_arms(args.files, labels=labels, group=not args.no_group,
                             metrics=metrics)
    out = args.output or f"{_stem(compare.expand_inputs(args.files)[0][0])}-compare.png"
    fig = compare.build_overlay(arms, panels=panels)
    try:
        _say(style.save(fig, out, formats, args.dpi))
    finally:
        style.close(fig)
    if len(arms) >= 2 and not args.no_diff:
        root, ext = os.path.splitext(out)
        if ext.lower() not in (".png", ".pdf", ".svg"):
            root, ext = out, ""
        fig = compare.build_difference(arms)
        try:
            _say(style.save(fig, f"{root}-diff{ext}", formats, args.dpi))
        finally:
            style.close(fig)
    return 0


def _cmd_paired(args, path: str, formats, labels) -> int:
    """`compare DIR` of a `wfsim compare` folder: overlay, paired differences, scorecard."""
    from . import compare, paired, style

    c = paired.open_comparison(path)
    if labels and len(labels) != 2:
        raise _error(f"--labels gives {len(labels)} names for the 2 arms of a comparison")
    out = args.output or os.path.join(c.folder, "compare.png")
    root, ext = os.path.splitext(out)
    if ext.lower() not in (".png", ".pdf", ".svg"):
        root, ext = out, ""
    figures = []
    missing = c.missing_files()
    if missing:
        print(f"wfsim-plot: warning: {missing[0]}: run file not found"
              + (f" (and {len(missing) - 1} more)" if len(missing) > 1 else "")
              + "; drawing the scorecard only", file=sys.stderr)
    else:
        panels = ([s.strip() for s in args.metrics.split(",") if s.strip()]
                  if args.metrics else None)
        metrics = list(paired.METRICS) + [m for m in (panels or []) if m not in paired.METRICS]
        arms = c.arms(metrics=metrics, labels=labels)
        figures.append((lambda: compare.build_overlay(arms, panels=panels) if panels
                        else paired.build_overlay(c, arms), out))
        if not args.no_diff:
            figures.append((lambda: paired.build_difference(c, arms), f"{root}-diff{ext}"))
    figures.append((lambda: paired.build_scorecard(c), f"{root}-scorecard{ext}"))
    for make, target in figures:
        fig = make()
        try:
            _say(style.save(fig, target, formats, args.dpi))
        finally:
            style.close(fig)
    return 0


def cmd_sweep(args) -> int:
    from . import style, sweep

    formats = style.parse_formats(args.format)
    sw = sweep.load_sweep(args.sweep, metric=args.metric, reduce=args.reduce)
    column = sw.column_for(args.metric, args.reduce)
    fig = sweep.build(sw, column, x=args.x, y=args.y, kind=args.kind)
    folder = args.sweep if os.path.isdir(args.sweep) else os.path.dirname(args.sweep) or "."
    safe = "".join(c if c.isalnum() or c in "._-" else "_" for c in column)
    out = args.output or os.path.join(folder, f"sweep-{safe}.png")
    try:
        _say(style.save(fig, out, formats, args.dpi))
    finally:
        style.close(fig)
    for note in sw.notes:
        sweep.warn(note)
    return 0


def cmd_org(args) -> int:
    from . import orgchart, style
    from .io import open_run

    formats = style.parse_formats(args.format)
    with open_run(args.file) as run:
        out = args.output or f"{_stem(args.file)}-org.png"
        fig = orgchart.build_chart(run, args.tick, args.color, args.root, args.max_positions)
        try:
            _say(style.save(fig, out, formats, args.dpi))
        finally:
            style.close(fig)
        root, ext = os.path.splitext(out)
        if ext.lower() not in (".png", ".pdf", ".svg"):
            root, ext = out, ""
        fig = orgchart.build_histograms(run, args.before, args.after, args.policy)
        try:
            _say(style.save(fig, f"{root}-spans{ext}", formats, args.dpi))
        finally:
            style.close(fig)
    return 0


def cmd_report(args) -> int:
    from . import report
    from .io import open_run

    with open_run(args.file) as run:
        out = args.output or f"{_stem(args.file)}-report.html"
        folder = os.path.dirname(os.path.abspath(out))
        if not os.path.isdir(folder):
            raise _error(f"{os.path.dirname(out)}: no such folder for the output")
        _say([report.write(run, out, args.dpi)])
    return 0


def cmd_metrics(args) -> int:
    from . import style
    from .io import open_run

    with open_run(args.file) as run:
        if not args.names:
            info = run.metric_info()
            if args.by_function:
                info = info[info["group"] == "metrics_by_function"]
            width = max([len(n) for n in info["name"]] + [4])
            for r in info.itertuples():
                group = "  (by function)" if r.group == "metrics_by_function" else ""
                print(f"{r.name:<{width}}  {r.unit:<12}  {r.description}{group}")
            return 0
        formats = style.parse_formats(args.format)
        from . import metricplot

        fig = metricplot.build(run, args.names, by_function=args.by_function)
        out = args.output or f"{_stem(args.file)}-metrics.png"
        try:
            _say(style.save(fig, out, formats, args.dpi))
        finally:
            style.close(fig)
    return 0


def _error(message: str):
    from .errors import WfsimError

    return WfsimError(message)


def main(argv=None) -> int:
    args = build_parser().parse_args(argv)
    try:
        import matplotlib

        matplotlib.use("Agg")  # headless: files only, never a window
        from .errors import WfsimError
    except ImportError as exc:  # pragma: no cover - environment problem
        print(f"wfsim-plot: error: missing Python package ({exc.name}); run tools/setup, "
              "and use Debian's /usr/bin/python3 (tools/plot does)", file=sys.stderr)
        return 2
    try:
        return args.func(args)
    except ImportError as exc:
        print(f"wfsim-plot: error: missing Python package ({exc.name}); run tools/setup, "
              "and use Debian's /usr/bin/python3 (tools/plot does)", file=sys.stderr)
        return 2
    except WfsimError as exc:
        print(f"wfsim-plot: error: {' '.join(str(exc).split())}", file=sys.stderr)
        return 2
    except OSError as exc:  # unreadable or damaged files
        text = " ".join(str(exc).split()) or exc.__class__.__name__
        where = f"{exc.filename}: " if getattr(exc, "filename", None) else ""
        print(f"wfsim-plot: error: {where}{text}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
