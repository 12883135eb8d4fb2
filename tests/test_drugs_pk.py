"""Drug records, unit conversion, regimens and PK models (sigsim.drugs, PK part of issue 4).

Each PK test names the figure it checks and its source. Times in days unless stated.
"""

import math

import numpy as np
import pytest

import sigsim
from sigsim.drugs._library import SOURCES, Drug, get_drug, list_drugs
from sigsim.drugs._pk import compartment_model, half_life, pk_model
from sigsim.drugs._regimen import Regimen, parse_schedule, regimen, schedule_doses
from sigsim.drugs._units import (dose_to_mg, mass_conc_to_nM, nM_to_mg_per_L, to_nM,
                                 volume_to_L)

REVIEW_AGENTS = ["tocilizumab", "sarilumab", "siltuximab", "olamkicept", "ruxolitinib",
                 "anakinra", "canakinumab", "rilonacept", "dupilumab", "pitrakinra",
                 "aldesleukin"]


def _sim(drug, text, t, bw=70.0):
    m = pk_model(drug)
    return sigsim.simulate(m, t, doses=regimen(text).doses(m, body_weight_kg=bw))


# ---------------------------------------------------------------- library
def test_library_lists_review_agents_with_sources():
    assert set(REVIEW_AGENTS) <= set(list_drugs())
    for name in REVIEW_AGENTS:
        d = get_drug(name)
        assert isinstance(d, Drug) and d.targets and d.kind
        values = [d.mw, *d.kd.values(), *d.pk.get("tmdd", {}).values(),
                  *(x for x in d.pk.values() if not isinstance(x, (str, dict)))]
        for v in values:
            key = v.source.split(":", 1)[0]
            assert key in SOURCES or key in ("assumed", "derived"), (name, v)
            if v.value is None or key == "assumed":
                assert v.note, (name, v)        # unknown or assumed values say why
    assert get_drug("Actemra") is get_drug("tocilizumab")
    assert "tocilizumab" in repr(get_drug("tocilizumab"))


def test_library_values_from_literature_table():
    # models-and-parameters.md sections 1.3, 3.3: Frey 2010 Table II, Rafique 2013, Rilonacept label
    toc = get_drug("tocilizumab")
    assert [toc.pk_value(k) for k in ("CL", "V1", "Q", "V2", "Vmax", "Km")] == \
        [0.3, 3.5, 0.2, 2.9, 7.5, 2.7]
    assert get_drug("sarilumab").kd["sIL6R"].value == pytest.approx(0.0619)  # monomeric
    assert get_drug("sarilumab").kd["IL6R"].value == pytest.approx(0.0128)  # dimeric (membrane)
    assert get_drug("rilonacept").kd["IL1b"].value == pytest.approx(5e-4)
    assert "IL1a" not in get_drug("canakinumab").targets      # neutralizes IL-1b only


def test_unknown_drug_suggests_close_match():
    with pytest.raises(sigsim.ModelError, match="did you mean 'tocilizumab'"):
        get_drug("tocilizumb")
    with pytest.raises(sigsim.ModelError, match="unknown drug"):
        get_drug("aspirinx")


# ---------------------------------------------------------------- units
def test_unit_conversions():
    assert dose_to_mg(8, "mg/kg", body_weight_kg=70) == pytest.approx(560.0)
    assert dose_to_mg(600, "ug") == pytest.approx(0.6)
    # Frey 2010 Km 2.7 ug/mL = ~18 nM with MW 148 kDa (models-and-parameters.md 1.3)
    assert mass_conc_to_nM(2.7, "ug/mL", 148) == pytest.approx(18.24, abs=0.01)
    # 8 mg/kg, 70 kg, in V1 3.5 L: 160 mg/L = 1081 nM
    assert to_nM(8, "mg/kg", mw_kda=148, volume=3.5, body_weight_kg=70) == \
        pytest.approx(1081.08, abs=0.01)
    assert to_nM(560, "mg", mw_kda=148, volume=3500, volume_unit="mL") == pytest.approx(1081.08,
                                                                                     abs=0.01)
    assert to_nM(50, "pM") == pytest.approx(0.05)
    assert nM_to_mg_per_L(1081.08, 148) == pytest.approx(160.0, abs=1e-3)
    assert volume_to_L(250, "mL") == pytest.approx(0.25)
    for bad in [lambda: dose_to_mg(1, "mg/lb", 70), lambda: dose_to_mg(8, "mg/kg"),
                lambda: to_nM(1, "mg/L"), lambda: to_nM(1, "furlong", mw_kda=1),
                lambda: volume_to_L(1, "gallon"), lambda: dose_to_mg(-1, "mg")]:
        with pytest.raises(sigsim.ModelError):
            bad()


# ---------------------------------------------------------------- regimens
@pytest.mark.parametrize("text", ["8 mg/kg IV q4w x6", "162 mg SC qw", "100 mg SC qd",
                                  "600 mg IV once", "8 mg/kg IV over 1 h q4w x6",
                                  "0.037 mg/kg IV over 15 min q8h x14", "20 mg PO bid",
                                  "300 mg SC q2w x10 from day 14"])
def test_regimen_round_trip(text):
    r = regimen(text)
    assert regimen(str(r)) == r


def test_regimen_fields_and_events():
    r = regimen("8 mg/kg IV over 1 h q4w x6")
    assert (r.amount, r.unit, r.route, r.interval, r.count) == (8.0, "mg/kg", "IV", 28.0, 6)
    assert r.infusion == pytest.approx(1 / 24)
    assert r == Regimen(8, "mg/kg", "IV", interval="q4w", count=6, infusion=1 / 24)
    (ev,) = r.doses(body_weight_kg=70)
    assert isinstance(ev, sigsim.Infusion) and ev.target == "A_central"
    assert ev.rate * (ev.stop - ev.start) == pytest.approx(560.0)   # mg per infusion
    assert ev.every == 28.0 and ev.count == 6
    (ev,) = regimen("162 mg SC qw").doses(t_end=28)
    assert isinstance(ev, sigsim.Bolus) and ev.target == "A_depot"
    assert (ev.amount, ev.every, ev.count) == (162.0, 7.0, 5)
    (ev,) = regimen("100 mg SC qd x3").doses(time_unit="h")
    assert ev.every == pytest.approx(24.0)
    assert regimen("600 mg IV once").doses()[0].count == 1


@pytest.mark.parametrize("text,msg", [
    ("-5 mg IV qw x2", "positive"), ("0 mg SC once", "positive"),
    ("8 mg/lb IV q4w x6", "unknown dose unit"), ("8 mL IV q4w x6", "unknown dose unit"),
    ("8 mg IM q4w x6", "unknown route"), ("8 mg IV every month", "cannot read regimen"),
    ("8 mg SC over 1 h qw x2", "needs route IV"), ("8 mg IV over 2 d qd x2", "shorter"),
    ("600 mg IV once x3", "once"),
])
def test_bad_regimens(text, msg):
    with pytest.raises(sigsim.ModelError, match=msg):
        regimen(text)


def test_regimen_event_errors():
    with pytest.raises(sigsim.ModelError, match="body_weight_kg"):
        regimen("8 mg/kg IV q4w x6").doses()
    with pytest.raises(sigsim.ModelError, match="no dose count"):
        regimen("162 mg SC qw").doses()
    with pytest.raises(sigsim.ModelError, match="no species 'A_depot'"):
        regimen("162 mg SC qw x2").doses(pk_model("tocilizumab"))   # Frey 2010 is IV-only


# ---------------------------------------------------------------- PK models
def test_pk_models_validate_and_errors():
    for name in ["tocilizumab", "sarilumab", "siltuximab", "dupilumab", "canakinumab",
                 "anakinra", "aldesleukin", "ruxolitinib"]:
        m = pk_model(name)
        m.validate(require_units=True, require_sources=True)
        assert m.time_unit == "day" and "A_central" in m.species_names
    with pytest.raises(sigsim.ModelError, match="no popPK"):
        pk_model("rilonacept")
    with pytest.raises(sigsim.ModelError, match="go together"):
        compartment_model("x", CL=1, V1=1, Q=1)
    with pytest.raises(sigsim.ModelError, match="F must be in"):
        compartment_model("x", CL=1, V1=1, ka=1, F=1.5)


def test_tocilizumab_frey2010_nonlinear_half_life():
    # Frey 2010: parallel linear + MM elimination -> apparent t1/2 grows with dose.
    # Models-and-parameters.md 1.3: t1/2 151 +- 59 h (6.3 d) after 10 mg/kg (Bastida 2018).
    t = np.linspace(0, 28, 281)
    m = pk_model("tocilizumab")
    doses = np.array([2.0, 4.0, 8.0, 10.0])
    res = sigsim.simulate(m, t, doses=[sigsim.Bolus("A_central", doses * 70.0)])
    th = [half_life(t, res["C"][i], 7, 14) for i in range(4)]
    assert np.all(np.diff(th) > 0.3), th              # 1.9, 3.3, 5.0, 5.5 d
    assert th[0] == pytest.approx(1.86, abs=0.2)
    assert 3.8 <= th[3] <= 8.8                         # 151 +- 59 h
    # Cmax after 8 mg/kg = dose/V1 = 560 mg / 3.5 L = 160 mg/L; ~1081 nM with 148 kDa
    assert res["C"][2].max() == pytest.approx(160.0, rel=1e-3)
    assert res["C_nM"][2].max() == pytest.approx(1081.1, rel=1e-3)
    # the 1-h infusion form of the regimen gives the same exposure after day 1
    r2 = _sim("tocilizumab", "8 mg/kg IV over 1 h once", t)
    assert r2["C"][0][280] == pytest.approx(res["C"][2][280], rel=0.01)


def test_siltuximab_half_life_nikanjam2019():
    # Nikanjam 2019 2-cmt linear; Sylvant label mean terminal t1/2 20.6 d (14.2-29.7 d)
    t = np.linspace(0, 84, 169)
    c = _sim("siltuximab", "11 mg/kg IV over 1 h once", t)["C"][0]
    assert 14.2 <= half_life(t, c, 28, 84) <= 29.7      # 23.7 d


def test_canakinumab_half_life_chakraborty2013():
    # Chakraborty 2013: t1/2 25.8 d (CL 0.214 L/d, Vss 7.44 L), SC F ~60%
    t = np.linspace(0, 200, 201)
    c = _sim("canakinumab", "150 mg SC once", t)["C"][0]
    assert half_life(t, c, 60, 200) == pytest.approx(25.8, rel=0.15)   # 24.1 d


def test_sarilumab_half_life_xu2019():
    # Xu 2019 popPK; label: concentration-dependent t1/2 up to 8 d (150 mg) and 10 d (200 mg)
    t = np.linspace(0, 56, 113)
    m = pk_model("sarilumab")
    res = sigsim.simulate(m, t, doses=[sigsim.Bolus("A_depot", np.array([150.0, 200.0]))])
    th = [half_life(t, res["C"][i], 28, 42) for i in range(2)]
    assert 6.0 <= th[0] <= 10.0 and 6.0 <= th[1] <= 12.0   # 8.1 and 8.8 d
    assert th[1] > th[0]


def test_dupilumab_trough_kovalenko2016():
    # Kovalenko 2016 2-cmt + MM SC; Dupixent label: mean steady-state trough 73.3 +- 40 mg/L
    # with 300 mg q2w
    t = np.linspace(0, 140, 141)
    c = _sim("dupilumab", "300 mg SC q2w x10", t)["C"][0]
    trough = c[139]                                     # day 139, end of the 10th interval
    assert 33.3 <= trough <= 113.3                       # 66.8 mg/L
    assert c[125] == pytest.approx(trough, rel=0.05)     # steady state reached


def test_anakinra_sc_half_life_yang2003():
    # Jung 2023 CL/F 9.03 L/h, Vc/F 53.7 L, ka 0.47 /h; label/Yang 2003: SC t1/2 4-6 h,
    # Tmax 3-7 h
    th = np.linspace(0, 2, 193)                          # days, 15-min steps
    c = _sim("anakinra", "100 mg SC once", th)["C"][0]
    assert 4.0 <= half_life(th * 24, c, 12, 24) <= 6.0  # 4.2 h
    assert 3.0 <= th[np.argmax(c)] * 24 <= 7.0           # 3.5 h


def test_aldesleukin_biexponential_konrad1990():
    # Konrad 1990: t1/2 alpha 12.9 min, beta 85 min after an IV bolus
    tm = np.linspace(0, 600, 601)                        # minutes
    c = _sim("aldesleukin", "1 mg IV once", tm / 1440)["C"][0]
    assert half_life(tm, c, 240, 600) == pytest.approx(85.0, rel=0.05)
    # alpha phase: peel the beta phase off the early curve
    beta = math.log(2) / 85.0
    slope_b, icpt_b = np.polyfit(tm[240:601], np.log(c[240:601]), 1)
    resid = c[:31] - np.exp(icpt_b + slope_b * tm[:31])
    assert half_life(tm[:31], resid, 0, 30) == pytest.approx(12.9, rel=0.1)
    assert -slope_b == pytest.approx(beta, rel=0.05)


def test_half_life_helper_errors():
    with pytest.raises(ValueError, match="fewer than two"):
        half_life([0, 1, 2], [3, 2, 1], 5, 6)
    with pytest.raises(ValueError, match="does not decline"):
        half_life([0, 1, 2], [1, 2, 3], 0, 2)


def test_loading_dose_schedule():
    # Dupixent adult AD: 600 mg SC load, then 300 mg q2w (Kovalenko 2020 vignette / label)
    rs = parse_schedule("600 mg SC once then 300 mg SC q2w x3")
    assert [str(r) for r in rs] == ["600 mg SC once", "300 mg SC q2w x3 from day 14"]
    ev = schedule_doses("320 mg SC once then 160 mg SC qw x4")     # rilonacept CAPS (label)
    assert [(e.amount, e.at, e.count) for e in ev] == [(320.0, 0.0, 1), (160.0, 7.0, 4)]
    with pytest.raises(sigsim.ModelError, match="no dose count"):
        parse_schedule("160 mg SC qw then 80 mg SC qw x2")
    with pytest.raises(sigsim.ModelError, match="from day"):
        parse_schedule("160 mg SC qw x2 then 80 mg SC once")
    # the loading dose raises the first trough of dupilumab (day 14) by the extra 300 mg
    t = np.linspace(0, 56, 57)
    m = pk_model("dupilumab")
    c_load = sigsim.simulate(m, t, doses=schedule_doses(
        "600 mg SC once then 300 mg SC q2w x3", m))["C"][0]
    c_plain = sigsim.simulate(m, t, doses=regimen("300 mg SC q2w x4").doses(m))["C"][0]
    assert c_load[14] > 1.8 * c_plain[14]


def test_anakinra_full_tmdd_jung2023():
    # Jung 2023 / Ngo 2020 QSS-TMDD values (Rtot 1.67 nM, Kss 1.39 nM, kint 0.206 /h) in a
    # full TMDD model (kon assumed 0.1 /(nM*min)); amounts in nmol
    m = pk_model("anakinra", tmdd=True)
    m.validate(require_units=True, require_sources=True)
    assert m.species_info("A_central").unit == "nmol"
    (ev,) = regimen("100 mg SC once").doses(m)
    assert ev.amount == pytest.approx(100 * 1000 / 17.3)          # mg -> nmol with 17.3 kDa
    th = np.linspace(0, 2, 193)
    m_lin = pk_model("anakinra")
    amounts = np.array([0.1, 100.0])
    res = sigsim.simulate(m, th, doses=[sigsim.Bolus("A_depot", amounts * 1000 / 17.3)])
    lin = sigsim.simulate(m_lin, th, doses=[sigsim.Bolus("A_depot", 100.0)])
    auc = [np.trapezoid(res["C_nM"][i], th) / amounts[i] for i in range(2)]
    auc_lin = np.trapezoid(lin["C_nM"][0], th) / 100.0
    assert auc[0] < 0.5 * auc[1]                  # target-mediated clearance at low dose
    assert auc[1] == pytest.approx(auc_lin, rel=0.12)   # saturated at 100 mg: near linear
    total = res["R_central"] + res["DR_central"]  # kdeg = kint: total target constant
    assert np.allclose(total, 1.67 * 53.7, rtol=1e-4)
    assert res["R_nM"][1].min() < 0.1 * 1.67      # 100 mg occupies > 90% of IL-1R
    with pytest.raises(sigsim.ModelError, match="no TMDD target"):
        pk_model("tocilizumab", tmdd=True)
    with pytest.raises(sigsim.ModelError, match="missing"):
        compartment_model("x", CL=1, V1=1, MW=150, target={"R0": 1})


def test_tocilizumab_steady_state_frey2010():
    # Actemra label, steady state of the 1793-patient popPK (Frey 2010), 4 and 8 mg/kg q4w:
    # Cmax 88.3 +- 41.4 / 183 +- 85.6 ug/mL, Cmin 1.49 +- 2.13 / 9.74 +- 10.5 ug/mL,
    # AUC 13000 +- 5800 / 35000 +- 15500 ug*h/mL; AUC 2.7-fold and Cmin 6.5-fold higher
    # at 8 than at 4 mg/kg (more than dose-proportional)
    t = np.linspace(0, 168, 1681)
    m = pk_model("tocilizumab")
    mg = np.array([4.0, 8.0]) * 70.0
    res = sigsim.simulate(m, t, doses=[sigsim.Infusion("A_central", rate=mg * 24, start=0,
                                                       stop=1 / 24, every=28, count=6)])
    w = (t >= 140) & (t <= 168)
    cmax = res["C"][:, 1400:].max(axis=1)                     # 79.7, 163.8
    cmin = res["C"][:, 1399]                                   # 0.74, 5.8
    auc = np.trapezoid(res["C"][:, w], t[w], axis=1) * 24      # 11360, 29750 ug*h/mL
    for got, mean, sd in zip(cmax, (88.3, 183.0), (41.4, 85.6)):
        assert abs(got - mean) <= sd
    for got, mean, sd in zip(cmin, (1.49, 9.74), (2.13, 10.5)):
        assert 0 < got and abs(got - mean) <= sd
    for got, mean, sd in zip(auc, (13000.0, 35000.0), (5800.0, 15500.0)):
        assert abs(got - mean) <= sd
    assert auc[1] / auc[0] == pytest.approx(2.7, abs=0.3)       # 2.62
    assert 4.0 <= cmin[1] / cmin[0] <= 10.0                    # 7.8 (label 6.5)
