"""Bargaining over terms: axiomatic solutions, the Fearon range, Rubinstein's alternating offers.

Issue 12 (game (c) of the domain brief): Russia and Turkey bargain over the terms of a
ceasefire, with war as the disagreement point.  Modules: `problem` (one bargain at one
parameter point), `war` (the disagreement point and the Fearon range), `axiomatic` (Nash,
Kalai-Smorodinsky, egalitarian on a polygon), `curve` (the same on a frontier given by a
formula), `rubinstein` (alternating offers), `thresholds` (where a solution crosses a level),
`result` (what a solve returns).
"""
