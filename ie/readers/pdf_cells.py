"""pdfplumber's table finder with its one quadratic step replaced.

``pdfplumber.table.intersections_to_cells`` scans every later point for each point and rebuilds
sets of edge boxes on every comparison; on a report's statistics table that is a fifth of the
whole extraction. :func:`intersections_to_cells` below returns the same cells (tested against
pdfplumber's on every corpus page) from points grouped by column and row and edge sets built
once. Everything else — settings, edge merging, intersections, grouping cells into tables — is
pdfplumber's own."""
from __future__ import annotations

from collections import defaultdict

from pdfplumber import table as plumber_table
from pdfplumber.utils import obj_to_bbox

_SETTINGS = plumber_table.TableSettings.resolve(None)


def find_tables(page) -> list:
    """pdfplumber ``Table`` objects for a page-like object with ``edges``, ``chars`` and ``bbox``."""
    finder = plumber_table.TableFinder.__new__(plumber_table.TableFinder)
    finder.page, finder.settings = page, _SETTINGS
    edges = finder.get_edges()
    points = plumber_table.edges_to_intersections(edges, _SETTINGS.intersection_x_tolerance,
                                                  _SETTINGS.intersection_y_tolerance)
    cells = intersections_to_cells(points)
    return [plumber_table.Table(page, group) for group in plumber_table.cells_to_tables(cells)]


def intersections_to_cells(intersections: dict) -> list[tuple]:
    """The smallest rectangle right of and below each point whose four corners are joined by edges
    (same result and order as pdfplumber's function of that name)."""
    v_sets = {p: {obj_to_bbox(e) for e in edges["v"]} for p, edges in intersections.items()}
    h_sets = {p: {obj_to_bbox(e) for e in edges["h"]} for p, edges in intersections.items()}

    def connects(p1, p2) -> bool:
        if p1[0] == p2[0] and not v_sets[p1].isdisjoint(v_sets[p2]):
            return True
        return p1[1] == p2[1] and not h_sets[p1].isdisjoint(h_sets[p2])

    points = sorted(intersections)
    by_x: dict = defaultdict(list)
    by_y: dict = defaultdict(list)
    for pt in points:  # sorted, so each list is in the order pdfplumber scans it
        by_x[pt[0]].append(pt)
        by_y[pt[1]].append(pt)
    cells = []
    for pt in points[:-1]:
        below = [p for p in by_x[pt[0]] if p > pt]
        right = [p for p in by_y[pt[1]] if p > pt]
        cell = None
        for below_pt in below:
            if not connects(pt, below_pt):
                continue
            for right_pt in right:
                if not connects(pt, right_pt):
                    continue
                corner = (right_pt[0], below_pt[1])
                if corner in intersections and connects(corner, right_pt) and connects(corner, below_pt):
                    cell = (pt[0], pt[1], corner[0], corner[1])
                    break
            if cell:
                break
        if cell:
            cells.append(cell)
    return cells
