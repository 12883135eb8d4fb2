"""Drugs of the review's tables: records with sources, pharmacokinetics, regimens, and binding
mechanisms that attach to any pathway model (work in progress: see the submodules)."""
