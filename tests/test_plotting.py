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
