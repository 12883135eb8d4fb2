"""Result plots: one panel per name, legend naming the parameter that varies."""

import numpy as np

import sigsim


def test_result_plot_panels_and_legend(binding_model):
    r = sigsim.simulate(binding_model, np.linspace(0, 10, 11), params={"kon": [0.01, 0.1, 1.0]})
    fig = r.plot(["C", "occupancy"])
    axes = [a for a in fig.axes if a.get_visible()]
    assert len(axes) == 2
    assert axes[0].get_title() == "C [nM]"
    labels = [t.get_text() for t in axes[0].get_legend().get_texts()]
    assert labels == ["kon=0.01", "kon=0.1", "kon=1"]
    np.testing.assert_allclose(axes[1].lines[2].get_ydata(), r["occupancy"][2])


# --------------------------------------------------------------------------- paper figures

import matplotlib  # noqa: E402

matplotlib.use("Agg")

import matplotlib.colors as mcolors  # noqa: E402
import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402
from matplotlib.container import BarContainer  # noqa: E402

from sigsim.plotting import (format_quantity, paper_style, plain_number,  # noqa: E402
                             plot_dose_response, plot_heatmap, plot_pk, plot_sensitivity,
                             plot_timecourses, save_figure)
from sigsim.protocols import HillFit, hill_curve  # noqa: E402


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


def _ticklabels(axis):
    axis.axes.figure.canvas.draw()
    return [t.get_text() for t in axis.get_ticklabels() if t.get_text()]


def test_number_and_quantity_formatting():
    assert [plain_number(v) for v in (0, 0.001, 0.1, 2.5, 100, 12345, 1e-6)] == \
        ["0", "0.001", "0.1", "2.5", "100", "12300", "1.00e-6"]
    assert format_quantity(0.146, "nM") == "146 pM"
    assert format_quantity(1500, "nM") == "1.5 µM"
    assert format_quantity(3.7, "nM") == "3.7 nM"
    assert format_quantity(8, "mg/kg") == "8 mg/kg"


def test_paper_style_is_scoped_and_save_figure_writes_each_format(tmp_path):
    before = plt.rcParams["axes.spines.top"]
    with paper_style():
        assert plt.rcParams["axes.spines.top"] is False
        assert plt.rcParams["font.size"] == 10
        assert plt.rcParams["axes.prop_cycle"].by_key()["color"][0] == "#0072B2"
    assert plt.rcParams["axes.spines.top"] == before
    ax = plot_timecourses(np.arange(5.0), np.arange(5.0), "x (nM)")
    files = save_figure(ax.figure, tmp_path / "new" / "dir" / "fig1.png", dpi=50,
                        formats=("png", "pdf"))
    assert [f.name for f in files] == ["fig1.png", "fig1.pdf"]
    assert files[0].read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert files[1].read_bytes()[:5] == b"%PDF-"
    with pytest.raises(ValueError, match="unknown format"):
        save_figure(ax.figure, tmp_path / "x", formats=("docx",))


def test_timecourses_colorbar_is_log_scaled_for_many_concentrations():
    t = np.linspace(0, 60, 31)
    doses = [0, 0.01, 0.1, 0.3, 1, 3, 10, 100]
    curves = np.array([d / (d + 1) * (1 - np.exp(-t / 10)) for d in doses])
    ax = plot_timecourses(t, curves, "pSTAT3 (nM)", labels=doses, legend_title="IL-6 (nM)")
    assert len(ax.lines) == 8
    np.testing.assert_allclose(ax.lines[4].get_ydata(), curves[4])
    cbar_ax = [a for a in ax.figure.axes if a is not ax][0]
    assert cbar_ax.get_yscale() == "log"                      # a log-scaled colour bar
    np.testing.assert_allclose(cbar_ax.get_ylim(), (0.01, 100))
    assert cbar_ax.get_ylabel() == "IL-6 (nM)"
    assert {"0.01", "1", "100"} <= set(_ticklabels(cbar_ax.yaxis))
    zero = ax.lines[0]                          # the no-drug curve: black dashed, in a legend
    assert zero.get_linestyle() == "--" and mcolors.to_hex(zero.get_color()) == "#000000"
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["0"]
    # higher doses get later colours of the map: distinct colours for distinct doses
    assert len({mcolors.to_hex(ln.get_color()) for ln in ax.lines[1:]}) == 7
    assert ax.get_xlabel() == "time (min)" and ax.get_ylabel() == "pSTAT3 (nM)"


def test_timecourses_legend_for_named_curves_and_bad_input():
    t = np.linspace(0, 10, 11)
    ax = plot_timecourses(t, {"tocilizumab": t, "sarilumab": 2 * t}, "pSTAT3 (nM)")
    assert [x.get_text() for x in ax.get_legend().get_texts()] == ["tocilizumab", "sarilumab"]
    assert mcolors.to_hex(ax.lines[0].get_color()) == "#0072b2"
    with pytest.raises(ValueError, match="3 labels for 2 curves"):
        plot_timecourses(t, [t, t], "y", labels=["a", "b", "c"])
    with pytest.raises(ValueError, match="has 5 points"):
        plot_timecourses(t, [t[:5]], "y")


def _fit(mid, increasing=False):
    return HillFit(bottom=0.0, top=100.0, mid=mid, hill=1.0, mid_ci=(mid / 2, mid * 2),
                   rmse=0.0, increasing=increasing)


DOSES = np.array([0, 0.001, 0.01, 0.1, 1, 10, 100])


def test_dose_response_log_axis_zero_marker_and_ic50_drop_line():
    fit = _fit(0.146)
    resp = np.where(DOSES > 0, fit(np.where(DOSES > 0, DOSES, 1)), 100.0)
    ax = plot_dose_response(DOSES, resp, fit=fit)
    assert ax.get_xscale() == "log"
    assert ax.get_xlabel() == "concentration (nM)"
    # the drop line stands at the IC50, from the x axis up to the curve's half-height
    drop = [ln for ln in ax.lines if ln.get_linestyle() == "--"]
    assert len(drop) == 1
    np.testing.assert_allclose(drop[0].get_xdata(), [0.146, 0.146])
    np.testing.assert_allclose(drop[0].get_ydata(), [ax.get_ylim()[0], 50.0])
    assert "IC50 = 146 pM" in [t.get_text() for t in ax.texts]
    # the zero dose sits left of the lowest positive dose, on a tick labelled 0
    zero_pt = [ln for ln in ax.lines if np.size(ln.get_xdata()) == 1][0]
    x0 = zero_pt.get_xdata()[0]
    assert ax.get_xlim()[0] < x0 < 0.001 / 3 and zero_pt.get_ydata()[0] == 100.0
    labels = _ticklabels(ax.xaxis)
    assert labels == ["0", "0.001", "0.01", "0.1", "1", "10", "100"]
    assert np.isclose(ax.get_xticks()[0], x0)
    # the fitted curve goes through the midpoint
    curve = max(ax.lines, key=lambda ln: np.size(ln.get_xdata()))
    np.testing.assert_allclose(np.interp(np.log10(0.146), np.log10(curve.get_xdata()),
                                         curve.get_ydata()), 50.0, rtol=2e-3)


def test_dose_response_two_drugs_share_axes_with_ic50s_in_legend():
    ax = None
    for name, mid in (("sarilumab", 0.146), ("tocilizumab", 0.55)):
        fit = _fit(mid)
        reps = np.vstack([fit(np.where(DOSES > 0, DOSES, 1e-9))] * 3) + [[-2], [0], [2]]
        ax = plot_dose_response(DOSES, reps, fit=fit, ax=ax, label=name)
    drops = [ln for ln in ax.lines if ln.get_linestyle() == "--"]
    np.testing.assert_allclose([d.get_xdata()[0] for d in drops], [0.146, 0.55])
    assert [t.get_text() for t in ax.get_legend().get_texts()] == \
        ["sarilumab\nIC50 = 146 pM", "tocilizumab\nIC50 = 550 pM"]
    assert mcolors.to_hex(drops[1].get_color()) == "#e69f00"
    # replicates are drawn as mean +/- SD: error bars of half-width 2 at each positive dose
    bars = ax.containers[0].lines[2][0].get_segments()
    np.testing.assert_allclose([s[1, 1] - s[0, 1] for s in bars], 4.0)
    with pytest.raises(ValueError, match="already shows doses in nM"):
        plot_dose_response(DOSES, DOSES, ax=ax, dose_unit="µM")


def test_dose_response_ec50_fit_true_and_omitted_zero():
    d = np.array([0, 0.01, 0.1, 1, 10, 100, 1000])
    y = np.where(d > 0, hill_curve(np.where(d > 0, d, 1), 5, 95, 3.0, -1.0), 5.0)
    ax = plot_dose_response(d, y, fit=True, dose_unit="pM", zero_dose="omit")
    drop = [ln for ln in ax.lines if ln.get_linestyle() == "--"][0]
    assert drop.get_xdata()[0] == pytest.approx(3.0, rel=1e-3)
    texts = [t.get_text() for t in ax.texts]
    assert "0 pM not shown" in texts and any(t.startswith("EC50 = 3 pM") for t in texts)
    assert "0" not in _ticklabels(ax.xaxis)
    with pytest.raises(ValueError, match=">= 0"):
        plot_dose_response([-1, 1], [1, 2])


def test_heatmap_ticks_show_values_and_diverging_limits_are_symmetric():
    x = [0, 0.1, 1, 10]
    y = [0, 1, 10]
    m = np.array([[0.0, 0.1, -0.2, 0.05], [0.3, -0.6, 0.1, 0.0], [0.2, 0.1, 0.4, -0.1]])
    ax = plot_heatmap(m, x, y, "tocilizumab (nM)", "ruxolitinib (nM)", cbar_label="Bliss excess",
                      diverging=True, annotate=True)
    assert _ticklabels(ax.xaxis) == ["0", "0.1", "1", "10"]
    assert _ticklabels(ax.yaxis) == ["0", "1", "10"]
    mesh = ax.collections[0]
    assert mesh.get_clim() == (-0.6, 0.6)
    assert mesh.cmap.name.startswith("RdBu_r")
    assert mesh.colorbar.ax.get_ylabel() == "Bliss excess"
    assert len(ax.texts) == 12 and ax.texts[5].get_text() == "-0.60"
    # cells are centred on log10 of the doses, the zero cell one decade below 0.1
    np.testing.assert_allclose(ax.get_xticks(), [-2, -1, 0, 1])
    with pytest.raises(ValueError, match="transpose"):
        plot_heatmap(m.T, x, y, "x", "y")


def test_heatmap_dense_sweep_labels_decades():
    xs = np.geomspace(0.001, 1000, 25)
    ys = np.linspace(0, 100, 21)
    ax = plot_heatmap(np.outer(ys, xs), xs, ys, "IL-6 (nM)", "gp130 (nM)", log_y=False)
    assert _ticklabels(ax.xaxis) == ["0.001", "0.01", "0.1", "1", "10", "100", "1000"]
    assert _ticklabels(ax.yaxis) == ["0", "20", "40", "60", "80", "100"]
    lo, hi = ax.collections[0].get_clim()
    assert lo == 0 and hi == pytest.approx(1e5)


def test_sensitivity_bars_sorted_by_magnitude():
    names = ["a", "b", "c", "d", "e"]
    vals = [0.1, -0.9, 0.5, -0.3, 0.05]
    ax = plot_sensitivity(names, vals, top=4)
    assert _ticklabels(ax.yaxis) == ["b", "c", "d", "a"]
    widths = [p.get_width() for p in ax.patches]
    assert widths == [-0.9, 0.5, -0.3, 0.1]
    ys = [p.get_y() + p.get_height() / 2 for p in ax.patches]
    assert ax.yaxis_inverted() and ys == sorted(ys)           # the largest bar on top
    assert ax.patches[0].get_facecolor() != ax.patches[1].get_facecolor()   # sign colours
    assert ax.get_xlabel() == "normalized sensitivity"
    with pytest.raises(ValueError, match="2 names for 5 values"):
        plot_sensitivity(names[:2], vals)


def test_sensitivity_sobol_side_by_side():
    df = pd.DataFrame({"S1": [0.05, 0.4, 0.2], "ST": [0.1, 0.5, 0.35],
                       "S1_conf": [0.01, 0.02, 0.03], "ST_conf": [0.01, 0.02, 0.03]},
                      index=["k1", "k2", "k3"])
    ax = plot_sensitivity(df)
    assert _ticklabels(ax.yaxis) == ["k2", "k3", "k1"]
    assert ax.get_xlabel() == "Sobol index"
    s1, st = [c for c in ax.containers if isinstance(c, BarContainer)]
    assert [p.get_width() for p in s1.patches] == [0.4, 0.2, 0.05]
    assert [p.get_width() for p in st.patches] == [0.5, 0.35, 0.1]
    assert [t.get_text() for t in ax.get_legend().get_texts()] == \
        ["first order (S1)", "total (ST)"]


def test_pk_dose_marks_and_occupancy_twin_axis():
    t = np.linspace(0, 56, 561)
    doses = [[0, 14, 28, 42], [0, 28]]
    conc = [sum(np.where(t >= d, 100 * np.exp(-(t - d) / 10), 0) for d in ds) for ds in doses]
    occ = [100 * c / (c + 5) for c in conc]
    ax = plot_pk(t, conc, dose_times=doses, occupancy=occ, labels=["q2w", "q4w"])
    tw = ax.sigsim_occupancy_axes
    assert tw in ax.figure.axes and tw.get_ylabel() == "receptor occupancy (%)"
    assert tw.get_ylim() == (0, 105)
    np.testing.assert_allclose(tw.lines[1].get_ydata(), occ[1])
    marks = [ln for ln in ax.lines if ln.get_marker() == "v"]
    assert [list(m.get_xdata()) for m in marks] == doses
    assert ax.get_xlabel() == "time (days)" and ax.get_ylabel() == "concentration (µg/mL)"
    assert [x.get_text() for x in tw.get_legend().get_texts()] == \
        ["q2w", "q4w", "concentration", "occupancy"]
    ax = plot_pk(t, conc[0], dose_times=doses[0], log_y=True)
    assert ax.get_yscale() == "log" and len(ax.figure.axes) == 1
    assert ax.get_ylim()[1] == pytest.approx(1.6 * conc[0].max())
    with pytest.raises(ValueError, match="1 occupancy curves for 2"):
        plot_pk(t, conc, occupancy=occ[:1])
