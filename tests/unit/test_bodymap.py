"""Body map: the bundled artwork loads, and the rendered maps say what they should, safely.

The rendered SVG is parsed back with ElementTree, so the tests check structure (which region has
which fill, which ids exist), not string fragments that would break on harmless reformatting.
"""

from __future__ import annotations

import math
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import defusedxml.ElementTree as DET
import pytest
from hb_testlib import ROOT

from generator.emit.bodymap import MAIN_FILL, render_condition_map, render_region_picker
from generator.load.artwork import SIDES, BodyMap, BodyMapError, load_bodymap, region_ids
from generator.resolve.bodymap import condition_map as decide_map

ARTWORK = ROOT / "content" / "bodymap.svg"
SVG = "{http://www.w3.org/2000/svg}"
XLINK_HREF = "{http://www.w3.org/1999/xlink}href"

REGIONS = {
    "lower-back",
    "buttock",
    "back-pocket",
    "groin",
    "front-thigh",
    "outer-hip",
    "back-thigh",
    "knee",
    "lower-leg",
    "foot",
}


@pytest.fixture(scope="module")
def bm() -> BodyMap:
    return load_bodymap(ARTWORK)


def condition_map(bm: BodyMap, **overrides: object) -> str:
    args: dict[str, object] = {
        "main": ["buttock", "back-pocket", "back-thigh"],
        "sometimes": ["lower-leg", "foot"],
        "id_prefix": "map-sciatica",
        "title": "Where sciatica is felt",
        "description": "Mostly the buttock and the back of the thigh; sometimes the lower leg.",
        "legend_main": "Where the pain is usually felt",
        "legend_sometimes": "Where it can spread",
    }
    args.update(overrides)
    id_prefix = str(args.pop("id_prefix"))
    view = decide_map(bm, **args)  # type: ignore[arg-type]
    return render_condition_map(bm, view, id_prefix=id_prefix)


def region_groups(root: ET.Element) -> dict[str, ET.Element]:
    return {g.get("data-region", ""): g for g in root.iter(f"{SVG}g") if g.get("data-region")}


# --- the bundled artwork ------------------------------------------------------------------------


def test_artwork_has_exactly_the_ten_regions(bm: BodyMap) -> None:
    assert region_ids(bm) == REGIONS
    assert set(bm.regions) == REGIONS
    assert bm.view_box == "0 0 400 520"


def test_artwork_view_labels_and_sides(bm: BodyMap) -> None:
    assert bm.view_labels == ("Front", "Back")
    assert bm.label_positions == ((100.0, 20.0), (300.0, 20.0))
    # the lower back is on the midline; every limb region has both of the person's sides
    assert {side for side, _ in bm.regions["lower-back"]} == {""}
    for rid in REGIONS - {"lower-back"}:
        sides = [side for side, _ in bm.regions[rid]]
        assert sides.count("left") == sides.count("right") >= 1, rid


def test_artwork_is_small_and_self_contained() -> None:
    data = ARTWORK.read_bytes()
    assert len(data) < 15_000
    text = data.decode("utf-8").lower()
    for needle in ("<script", "href", "url(", "<style", "<image", "@import"):
        assert needle not in text
    root = DET.fromstring(data)
    for g in root.iter(f"{SVG}g"):
        gid = g.get("id", "")
        if gid.startswith("region-"):
            assert g.get("class") == "region"
            assert g.get("data-region") == gid.removeprefix("region-")
            for shape in g.iter():
                assert shape.get("data-side") in (None, *SIDES)


def test_base_markup_holds_the_silhouette_but_no_regions_or_ids(bm: BodyMap) -> None:
    assert "<path" in bm.base_markup
    assert "id=" not in bm.base_markup
    assert "region" not in bm.base_markup
    for shapes in bm.regions.values():
        for _side, markup in shapes:
            assert "id=" not in markup and "fill=" not in markup and "data-side" not in markup


# --- geometry: regions sit inside the body and do not overlap ----------------------------------

_TOKEN = re.compile(r"[MmLlHhVvCcQqZz]|-?(?:\d+\.?\d*|\.\d+)")


def path_polygons(d: str) -> list[list[tuple[float, float]]]:
    """Polygons (curves sampled) from an SVG path with M/L/H/V/C/Q/Z commands, abs or rel."""
    tokens = _TOKEN.findall(d)
    polys: list[list[tuple[float, float]]] = []
    cur: list[tuple[float, float]] = []
    x = y = 0.0
    start = (0.0, 0.0)
    i = 0
    cmd = ""
    while i < len(tokens):
        if tokens[i].isalpha():
            cmd = tokens[i]
            i += 1
            if cmd in "Zz":
                if cur:
                    polys.append(cur)
                cur = []
                x, y = start
                continue
        nums = tokens
        rel = cmd.islower()
        c = cmd.upper()
        if c in "ML":
            nx, ny = float(nums[i]), float(nums[i + 1])
            i += 2
            if rel:
                nx, ny = x + nx, y + ny
            if c == "M":
                if cur:
                    polys.append(cur)
                cur = [(nx, ny)]
                start = (nx, ny)
                cmd = "l" if rel else "L"
            else:
                cur.append((nx, ny))
            x, y = nx, ny
        elif c in "HV":
            v = float(nums[i])
            i += 1
            if c == "H":
                x = x + v if rel else v
            else:
                y = y + v if rel else v
            cur.append((x, y))
        elif c in "CQ":
            n = 6 if c == "C" else 4
            vals = [float(v) for v in nums[i : i + n]]
            i += n
            pts = [
                (vals[k] + (x if rel else 0), vals[k + 1] + (y if rel else 0))
                for k in range(0, n, 2)
            ]
            p0 = (x, y)
            for step in range(1, 9):
                t = step / 8
                u = 1 - t
                if c == "C":
                    (x1, y1), (x2, y2), (x3, y3) = pts
                    px = u**3 * p0[0] + 3 * u * u * t * x1 + 3 * u * t * t * x2 + t**3 * x3
                    py = u**3 * p0[1] + 3 * u * u * t * y1 + 3 * u * t * t * y2 + t**3 * y3
                else:
                    (x1, y1), (x2, y2) = pts
                    px = u * u * p0[0] + 2 * u * t * x1 + t * t * x2
                    py = u * u * p0[1] + 2 * u * t * y1 + t * t * y2
                cur.append((px, py))
            x, y = pts[-1]
        else:  # pragma: no cover - the artwork uses only the commands above
            raise AssertionError(f"unsupported path command {cmd!r}")
    if cur:
        polys.append(cur)
    return polys


def inside(pt: tuple[float, float], poly: list[tuple[float, float]]) -> bool:
    x, y = pt
    hit = False
    for (x1, y1), (x2, y2) in zip(poly, poly[1:] + poly[:1], strict=True):
        if (y1 > y) != (y2 > y) and x < x1 + (y - y1) * (x2 - x1) / (y2 - y1):
            hit = not hit
    return hit


def distance_to_edges(pt: tuple[float, float], poly: list[tuple[float, float]]) -> float:
    best = math.inf
    for (x1, y1), (x2, y2) in zip(poly, poly[1:] + poly[:1], strict=True):
        dx, dy = x2 - x1, y2 - y1
        ln2 = dx * dx + dy * dy or 1.0
        t = max(0.0, min(1.0, ((pt[0] - x1) * dx + (pt[1] - y1) * dy) / ln2))
        best = min(best, math.hypot(pt[0] - x1 - t * dx, pt[1] - y1 - t * dy))
    return best


def test_regions_sit_inside_the_silhouette_and_do_not_overlap() -> None:
    root = DET.fromstring(ARTWORK.read_bytes())
    silhouette = next(g for g in root.iter(f"{SVG}g") if g.get("id") == "silhouette")
    outlines = [
        poly for p in silhouette.findall(f"{SVG}path") for poly in path_polygons(p.get("d", ""))
    ]
    outlines = [o for o in outlines if len(o) > 20]  # the two body outlines, not detail strokes
    assert len(outlines) == 2

    shapes: list[tuple[str, list[tuple[float, float]]]] = []
    for g in root.iter(f"{SVG}g"):
        rid = g.get("data-region")
        if rid:
            for p in g.iter(f"{SVG}path"):
                shapes.extend((rid, poly) for poly in path_polygons(p.get("d", "")))
    assert {rid for rid, _ in shapes} == REGIONS

    for rid, poly in shapes:
        for pt in poly:
            assert any(inside(pt, o) for o in outlines), f"{rid}: {pt} lies outside the body"

    def box(poly: list[tuple[float, float]]) -> tuple[float, float, float, float]:
        xs, ys = [p[0] for p in poly], [p[1] for p in poly]
        return min(xs), min(ys), max(xs), max(ys)

    boxes = [box(poly) for _, poly in shapes]
    for i, (rid_a, a) in enumerate(shapes):
        for j, (rid_b, b) in enumerate(shapes):
            if i == j:
                continue
            ba, bb = boxes[i], boxes[j]
            if ba[2] < bb[0] or bb[2] < ba[0] or ba[3] < bb[1] or bb[3] < ba[1]:
                continue
            for pt in a:
                # A vertex may touch a neighbour's edge (rounding) but not reach into it.
                assert not (inside(pt, b) and distance_to_edges(pt, b) > 0.75), (
                    f"{rid_a} reaches into {rid_b} at {pt}"
                )


# --- condition maps -----------------------------------------------------------------------------


def test_condition_map_shades_main_solid_and_sometimes_hatched(bm: BodyMap) -> None:
    root = DET.fromstring(condition_map(bm))
    groups = region_groups(root)
    assert set(groups) == REGIONS
    hatch = "url(#map-sciatica-hatch)"
    for rid, g in groups.items():
        classes = g.get("class", "").split()
        if rid in {"buttock", "back-pocket", "back-thigh"}:
            assert g.get("fill") == MAIN_FILL and "bodymap-main" in classes
        elif rid in {"lower-leg", "foot"}:
            assert g.get("fill") == hatch and "bodymap-sometimes" in classes
        else:
            assert g.get("fill") == "none" and "bodymap-main" not in classes
            assert "bodymap-sometimes" not in classes
        assert len(g) >= 1  # the region's shapes are inside the group
    patterns = {p.get("id"): p for p in root.iter(f"{SVG}pattern")}
    assert "map-sciatica-hatch" in patterns
    assert patterns["map-sciatica-hatch"].find(f"{SVG}path") is not None  # the diagonal lines


def shaded_sides(root: ET.Element) -> dict[str, set[str]]:
    """Region → the sides (data-side of the groups, "" for all) drawn shaded."""
    out: dict[str, set[str]] = {}
    for g in root.iter(f"{SVG}g"):
        rid = g.get("data-region")
        if rid and g.get("fill") not in (None, "none"):
            out.setdefault(rid, set()).add(g.get("data-side", ""))
    return out


def test_one_sided_condition_is_drawn_on_the_persons_left_only(bm: BodyMap) -> None:
    root = DET.fromstring(condition_map(bm, sides="one", legend_one_side="Either side."))
    shaded = shaded_sides(root)
    assert set(shaded) == {"buttock", "back-pocket", "back-thigh", "lower-leg", "foot"}
    assert all(sides == {"left"} for sides in shaded.values())
    # the right-hand shapes of those regions are still drawn, as outlines
    idle_right = {g.get("data-region") for g in root.iter(f"{SVG}g")
                  if g.get("data-side") == "right" and g.get("fill") == "none"}
    assert idle_right == set(shaded)
    left = "".join(m for side, m in bm.regions["buttock"] if side == "left")
    right = "".join(m for side, m in bm.regions["buttock"] if side == "right")
    main = next(g for g in root.iter(f"{SVG}g") if g.get("id") == "map-sciatica-region-buttock")
    markup = ET.tostring(main, encoding="unicode")
    assert _d(left) in markup and _d(right) not in markup
    texts = ["".join(t.itertext()) for t in root.iter(f"{SVG}text")]
    assert "Either side." in texts


def test_midline_regions_are_shaded_for_one_sided_conditions(bm: BodyMap) -> None:
    root = DET.fromstring(condition_map(bm, main=["lower-back"], sometimes=[], sides="one"))
    assert shaded_sides(root) == {"lower-back": {"left"}}
    main = next(g for g in root.iter(f"{SVG}g") if g.get("data-region") == "lower-back")
    assert len(main) == len(bm.regions["lower-back"])


def test_both_sided_condition_shades_both_sides(bm: BodyMap) -> None:
    root = DET.fromstring(condition_map(bm, sides="both", legend_one_side="Either side."))
    groups = [g for g in root.iter(f"{SVG}g") if g.get("data-region") == "buttock"]
    assert len(groups) == 1 and len(groups[0]) == len(bm.regions["buttock"])
    texts = ["".join(t.itertext()) for t in root.iter(f"{SVG}text")]
    assert "Either side." not in texts


def _d(markup: str) -> str:
    m = re.search(r'd="([^"]+)"', markup)
    assert m
    return m.group(1)[:40]


def test_second_example_front_view(bm: BodyMap) -> None:
    svg = condition_map(bm, main=["groin", "front-thigh"], sometimes=["knee"], id_prefix="hip-oa")
    groups = region_groups(DET.fromstring(svg))
    assert [r for r, g in groups.items() if g.get("fill") == MAIN_FILL] == ["groin", "front-thigh"]
    assert [r for r, g in groups.items() if "hatch" in g.get("fill", "")] == ["knee"]


def test_ids_are_prefixed_and_unique_so_maps_can_share_a_page(bm: BodyMap) -> None:
    a = DET.fromstring(condition_map(bm, id_prefix="cond-a"))
    b = DET.fromstring(condition_map(bm, id_prefix="cond-b"))
    ids_a = [el.get("id") for el in a.iter() if el.get("id")]
    ids_b = [el.get("id") for el in b.iter() if el.get("id")]
    assert len(ids_a) == len(set(ids_a))
    assert all(i is not None and (i == "cond-a" or i.startswith("cond-a-")) for i in ids_a)
    assert not set(ids_a) & set(ids_b)
    # Every local reference points at an id of the same map.
    refs = re.findall(r"url\(#([^)]+)\)", condition_map(bm, id_prefix="cond-a"))
    assert refs and set(refs) <= set(ids_a)


def test_title_and_desc_label_the_image(bm: BodyMap) -> None:
    root = DET.fromstring(condition_map(bm))
    assert root.get("role") == "img"
    title = root.find(f"{SVG}title")
    desc = root.find(f"{SVG}desc")
    assert title is not None and desc is not None
    assert root.get("aria-labelledby") == f"{title.get('id')} {desc.get('id')}"
    assert title.text == "Where sciatica is felt"
    assert list(root)[:2] == [title, desc]


def test_legend_and_view_labels(bm: BodyMap) -> None:
    root = DET.fromstring(condition_map(bm, view_labels=("Vorne", "Hinten")))
    texts = ["".join(t.itertext()) for t in root.iter(f"{SVG}text")]
    assert "Vorne" in texts and "Hinten" in texts
    assert "Where the pain is usually felt" in texts
    assert "Where it can spread" in texts
    swatches = [r for r in root.iter(f"{SVG}rect") if "bodymap-swatch" in r.get("class", "")]
    assert [s.get("fill") for s in swatches] == [MAIN_FILL, "url(#map-sciatica-hatch)"]


def test_legend_row_left_out_when_nothing_is_hatched(bm: BodyMap) -> None:
    root = DET.fromstring(condition_map(bm, sometimes=[]))
    texts = ["".join(t.itertext()) for t in root.iter(f"{SVG}text")]
    assert "Where it can spread" not in texts


def test_long_legend_wraps_inside_the_picture(bm: BodyMap) -> None:
    long = "Where it is sometimes felt, for example around the knee or the outside of the thigh"
    root = DET.fromstring(condition_map(bm, legend_sometimes=long))
    legend = next(t for t in root.iter(f"{SVG}text") if "knee" in "".join(t.itertext()))
    lines = [ts.text or "" for ts in legend.iter(f"{SVG}tspan")]
    assert len(lines) >= 2 and " ".join(lines) == long
    height = float(root.get("viewBox", "").split()[3])
    assert all(float(ts.get("y", "0")) < height for ts in legend.iter(f"{SVG}tspan"))


HOSTILE = "</title><script>alert(1)</script>"
QUOTES = "\"'& <b>"


def test_text_is_escaped(bm: BodyMap) -> None:
    svg = condition_map(
        bm,
        title=HOSTILE,
        description=QUOTES,
        legend_main=HOSTILE,
        legend_sometimes=QUOTES,
        view_labels=(QUOTES, HOSTILE),
    )
    assert "<script" not in svg and "<b>" not in svg
    root = DET.fromstring(svg)  # still well-formed XML
    assert not list(root.iter(f"{SVG}script")) and not list(root.iter("script"))
    title = root.find(f"{SVG}title")
    desc = root.find(f"{SVG}desc")
    assert title is not None and title.text == HOSTILE
    assert desc is not None and desc.text == QUOTES
    texts = ["".join(t.itertext()) for t in root.iter(f"{SVG}text")]
    assert HOSTILE in texts and QUOTES in texts


def test_control_characters_do_not_break_the_xml(bm: BodyMap) -> None:
    DET.fromstring(condition_map(bm, title="bad\x00\x1b char"))


def test_output_is_deterministic(bm: BodyMap) -> None:
    assert condition_map(bm) == condition_map(bm)
    assert condition_map(bm) == condition_map(load_bodymap(ARTWORK))
    picks = [(r, r, f"#{r}") for r in sorted(REGIONS)]
    one = render_region_picker(bm, regions=picks, id_prefix="p", title="t", description="d")
    two = render_region_picker(bm, regions=picks, id_prefix="p", title="t", description="d")
    assert one == two


def test_renderer_refuses_unknown_regions_and_unsafe_prefixes(bm: BodyMap) -> None:
    with pytest.raises(ValueError, match="back-of-thigh"):
        condition_map(bm, main=["back-of-thigh"])
    with pytest.raises(ValueError, match="both"):
        condition_map(bm, main=["knee"], sometimes=["knee"])
    with pytest.raises(ValueError, match="id_prefix"):
        condition_map(bm, id_prefix='x" onload="alert(1)')


def test_output_uses_only_print_safe_svg(bm: BodyMap) -> None:
    svg = condition_map(bm)
    for needle in ("foreignObject", "var(--", "<script", "<style", "xlink:href"):
        assert needle not in svg
    assert 'font-size="' in svg


# --- region picker ------------------------------------------------------------------------------


def test_picker_has_one_link_per_region_with_escaped_hrefs(bm: BodyMap) -> None:
    picks = [
        ("lower-back", "Lower back", "conditions/?region=lower-back&view=back"),
        ("back-pocket", 'The "back pocket" area', "#back-pocket"),
        ("groin", "Groin </title><script>alert(1)</script>", "#groin"),
    ]
    svg = render_region_picker(
        bm,
        regions=picks,
        id_prefix="where",
        title="Where does it hurt?",
        description="Pick an area & go",
    )
    assert "<script" not in svg
    root = DET.fromstring(svg)
    links = list(root.iter(f"{SVG}a"))
    assert [a.get("data-region") for a in links] == ["lower-back", "back-pocket", "groin"]
    for a, (rid, label, href) in zip(links, picks, strict=True):
        # SVG 2 href (crawlers count only it) and the same xlink:href (see emit/svglinks.py)
        assert a.get("href") == href
        assert a.get(XLINK_HREF) == href
        assert a.get("aria-label") == label
        assert "bodymap-link" in a.get("class", "").split()
        shapes = a.find(f"{SVG}g")
        assert shapes is not None and shapes.get("fill") not in (None, "none")
        assert shapes.get("id") == f"where-region-{rid}"
    assert root.get("role") == "group"
    assert root.get("aria-labelledby") == "where-title"
    assert root.get("aria-describedby") == "where-desc"
    style = root.find(f"{SVG}style")
    assert style is not None and ":focus" in (style.text or "") and ":hover" in (style.text or "")
    assert all(rule.startswith("#where ") for rule in re.findall(r"[^{}]+(?=\{)", style.text or ""))


def test_picker_refuses_script_links_and_unknown_regions(bm: BodyMap) -> None:
    with pytest.raises(ValueError, match="unsafe"):
        render_region_picker(
            bm,
            regions=[("knee", "Knee", " JavaScript:alert(1)")],
            id_prefix="w",
            title="t",
            description="d",
        )
    with pytest.raises(ValueError, match="elbow"):
        render_region_picker(
            bm, regions=[("elbow", "Elbow", "#e")], id_prefix="w", title="t", description="d"
        )


# --- loading bad artwork ------------------------------------------------------------------------

GOOD_HEAD = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 100">\n'
SILHOUETTE = '<g id="silhouette"><path d="M0 0h10v10z"/></g>\n'


def write(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "bodymap.svg"
    path.write_text(body, encoding="utf-8")
    return path


def test_minimal_artwork_loads(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        GOOD_HEAD
        + SILHOUETTE
        + '<g id="region-knee" fill="red"><path d="M1 1h2v2z" fill="blue" class="x"/></g>\n'
        + '<path id="region-foot" d="M5 5h2v2z" style="fill:red"/>\n</svg>\n',
    )
    bm = load_bodymap(path)
    assert list(bm.regions) == ["knee", "foot"]
    assert bm.regions["knee"] == (("", '<path d="M1 1h2v2z"/>'),)
    assert bm.regions["foot"] == (("", '<path d="M5 5h2v2z"/>'),)
    assert bm.label_positions is None and bm.view_labels is None


def test_sides_are_read_from_shapes_and_groups(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        GOOD_HEAD
        + SILHOUETTE
        + '<g id="region-knee" transform="translate(1 2)">'
        + '<path data-side="left" d="M1 1h2v2z"/>'
        + '<g data-side="right"><path d="M3 3h1v1z"/><rect x="0" y="0" width="1" height="1"/></g>'
        + '<circle cx="5" cy="5" r="1"/></g>\n'
        + '<text id="label-front" x="25" y="9">Anterior</text>'
        + '<text id="label-back" x="75" y="9"> Posterior </text>\n</svg>\n',
    )
    bm = load_bodymap(path)
    assert [side for side, _ in bm.regions["knee"]] == ["left", "right", "right", ""]
    assert all(m.startswith('<g transform="translate(1 2)">') for _, m in bm.regions["knee"])
    assert bm.markup("knee", ("left", "")).count("<g transform") == 2
    assert bm.view_labels == ("Anterior", "Posterior")


def test_unknown_side_is_refused(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        GOOD_HEAD + SILHOUETTE + '<g id="region-knee">\n<path data-side="middle" d="M1 1"/>'
        + "</g>\n</svg>",
    )
    with pytest.raises(BodyMapError) as info:
        load_bodymap(path)
    assert (info.value.line, info.value.col) == (4, 1)
    assert "left" in info.value.message and "right" in info.value.message


def test_malformed_xml_reports_line_and_column(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        GOOD_HEAD + SILHOUETTE + '<g id="region-knee">\n  <path d="M0 0" <oops/>\n</g></svg>',
    )
    with pytest.raises(BodyMapError) as info:
        load_bodymap(path)
    err = info.value
    assert (err.line, err.col) == (4, 18)  # the "<" of "<oops"
    assert "well-formed" in err.message
    assert str(err).startswith(f"{path}:4:18: ")


def test_duplicate_region_id_is_refused(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        GOOD_HEAD
        + SILHOUETTE
        + '<g id="region-knee"><path d="M0 0h1v1z"/></g>\n'
        + '<g id="region-knee"><path d="M2 2h1v1z"/></g>\n</svg>',
    )
    with pytest.raises(BodyMapError) as info:
        load_bodymap(path)
    assert info.value.line == 4 and info.value.col == 1
    assert (
        "knee" in info.value.message
        and "twice" in info.value.message
        and "line 3" in info.value.message
    )


@pytest.mark.parametrize(
    ("snippet", "words"),
    [
        ("<script>alert(1)</script>", "script"),
        ('<path d="M0 0" onload="alert(1)"/>', "onload"),
        ('<image href="https://tracker.example/x.png" width="1" height="1"/>', "image"),
        ('<use xmlns:xlink="http://www.w3.org/1999/xlink" xlink:href="other.svg#a"/>', "use"),
        ('<path d="M0 0" fill="url(https://tracker.example/p)"/>', "refers to another resource"),
        ("<style>body{display:none}</style>", "whole web page"),
        ('<foreignObject width="1" height="1"/>', "foreignObject"),
        ('<text x="0" y="0" href="https://example.org/">x</text>', "external resources"),
    ],
)
def test_unsafe_artwork_is_refused_with_a_position(
    tmp_path: Path, snippet: str, words: str
) -> None:
    path = write(tmp_path, GOOD_HEAD + SILHOUETTE + "  " + snippet + "\n</svg>")
    with pytest.raises(BodyMapError) as info:
        load_bodymap(path)
    assert words in info.value.message
    assert (info.value.line, info.value.col) == (3, 3)


def test_entities_are_refused(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        '<?xml version="1.0"?>\n<!DOCTYPE svg [<!ENTITY a "aaaa">]>\n'
        + GOOD_HEAD
        + SILHOUETTE
        + "</svg>",
    )
    with pytest.raises(BodyMapError) as info:
        load_bodymap(path)
    assert info.value.line == 2 and "DOCTYPE" in info.value.message


def test_missing_silhouette_and_bad_region_ids_are_refused(tmp_path: Path) -> None:
    with pytest.raises(BodyMapError, match="silhouette"):
        load_bodymap(write(tmp_path, GOOD_HEAD + '<g id="region-knee"><path d="M0 0"/></g></svg>'))
    with pytest.raises(BodyMapError, match="lowercase"):
        load_bodymap(
            write(
                tmp_path, GOOD_HEAD + SILHOUETTE + '<g id="region-Knee"><path d="M0 0"/></g></svg>'
            )
        )
    with pytest.raises(BodyMapError, match="viewBox"):
        load_bodymap(
            write(tmp_path, '<svg xmlns="http://www.w3.org/2000/svg">' + SILHOUETTE + "</svg>")
        )
    with pytest.raises(BodyMapError, match="cannot read"):
        load_bodymap(tmp_path / "missing.svg")


def test_editor_metadata_is_dropped(tmp_path: Path) -> None:
    """Files saved by Inkscape carry foreign-namespace elements and attributes; they are ignored."""
    path = write(
        tmp_path,
        '<svg xmlns="http://www.w3.org/2000/svg" '
        'xmlns:inkscape="http://www.inkscape.org/namespaces/inkscape" '
        'xmlns:sodipodi="http://sodipodi.sourceforge.net/DTD/sodipodi-0.dtd" viewBox="0 0 100 100">'
        '<sodipodi:namedview pagecolor="#fff"/><defs/>'
        '<g id="silhouette" inkscape:label="Body"><path d="M0 0h10v10z"/></g>'
        '<g id="region-knee" inkscape:label="Knee"><path d="M1 1h2v2z"/></g></svg>',
    )
    bm = load_bodymap(path)
    assert bm.base_markup == '<g><path d="M0 0h10v10z"/></g>'
    assert "inkscape" not in bm.markup("knee") and "sodipodi" not in bm.base_markup
