"""The visual toolkit: the colours and the SVG charts every page shares.

`palette` names every colour of the site's pages and charts, `heat` is the pain scale
(0-10 -> colour) of the body map, and `chart` draws the SVG charts (the outcome trends,
the owner's report, the finder's calibration). The browser gets the same colours from
files generated from these modules (web/assets.py writes them; a test keeps them equal),
so no second copy of a colour can drift.
"""
