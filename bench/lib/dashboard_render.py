#!/usr/bin/env python3
"""Draws deploy/grafana/verigate-dashboard.json from a real Prometheus, without Grafana.

  dashboard_render.py --dashboard FILE --prometheus URL --start T0 --end T1 --html OUT.html --summary OUT.md
                      [--step S] [--rate-interval I] [--var name=value]...

Every panel's queries run verbatim through Prometheus' query_range API, with the dashboard's template
variables replaced the way Grafana would for "All" (allValue, or .* for a query variable) unless --var sets
them, and $__rate_interval as given. Panels are laid out on the dashboard's own 24-column grid: timeseries as
lines (one per series, legend from legendFormat), stat panels as the last value. The HTML is self-contained
(inline SVG), for a headless browser to screenshot. The summary lists, per panel, the series each query
returned: a query Prometheus refuses, or one that returns nothing during a run that exercised it, is a broken
panel.
"""
import argparse
import html
import json
import re
import sys
import urllib.parse
import urllib.request
from datetime import datetime, timezone

UNIT_PX = 30          # Grafana's grid row height
WIDTH_PX = 1560       # 24 columns
GAP = 8
COLORS = ["#73bf69", "#f2cc0c", "#8ab8ff", "#ff780a", "#f2495c", "#5794f2", "#b877d9", "#fade2a", "#96d98d",
          "#ffa6b0", "#c0d8ff", "#ffb357"]


def variables(dash, overrides, rate_interval):
    values = {"__rate_interval": rate_interval, "__interval": rate_interval}
    for v in dash.get("templating", {}).get("list", []):
        name = v.get("name")
        if v.get("type") == "datasource":
            continue
        if v.get("type") == "custom":
            current = v.get("current", {}).get("value")
            values[name] = current if current and current != "$__all" else v.get("allValue", ".*")
        else:
            values[name] = v.get("allValue") or ".*"
    values.update(overrides)
    return values


def expand(expr, values):
    def sub(m):
        name = m.group(1) or m.group(2)
        return values.get(name, m.group(0))
    return re.sub(r"\$\{(\w+)\}|\$(\w+)", sub, expr)


def query_range(prom, expr, start, end, step):
    q = urllib.parse.urlencode({"query": expr, "start": start, "end": end, "step": step})
    try:
        with urllib.request.urlopen(f"{prom}/api/v1/query_range?{q}", timeout=30) as r:
            body = json.load(r)
    except urllib.error.HTTPError as e:
        body = json.load(e)
    if body.get("status") != "success":
        return None, body.get("error", "refused")
    return body["data"]["result"], None


def legend(fmt, metric, expr_index):
    if fmt:
        return re.sub(r"\{\{\s*(\w+)\s*\}\}", lambda m: metric.get(m.group(1), ""), fmt)
    labels = ", ".join(f"{k}={v}" for k, v in sorted(metric.items()) if k != "__name__")
    return labels or f"query {expr_index + 1}"


def number(v):
    a = abs(v)
    if a >= 1e6:
        return f"{v / 1e6:.1f}M"
    if a >= 1e3:
        return f"{v / 1e3:.1f}k"
    if a >= 10:
        return f"{v:.0f}"
    return f"{v:.3g}"


def legend_rows(labels, width, more):
    """Lines the legend wraps to (about 6.2 px per character at 12 px, plus the swatch and the gap)."""
    rows, used = 1, 0
    for text in labels + (["+99 more"] if more else []):
        need = 6.2 * len(text) + 24
        if used and used + need > width:
            rows, used = rows + 1, 0
        used += need
    return rows


def chart(series, w, h, start, end):
    """Inline SVG of the series: [(label, [(t, v)...])]."""
    pad_l, pad_r, pad_t, pad_b = 46, 8, 6, 18
    vals = [v for _, pts in series for _, v in pts]
    lo, hi = (min(vals), max(vals)) if vals else (0.0, 1.0)
    lo = min(lo, 0.0)
    if hi <= lo:
        hi = lo + 1.0
    cw, ch = w - pad_l - pad_r, h - pad_t - pad_b

    def x(t):
        return pad_l + (t - start) / (end - start) * cw

    def y(v):
        return pad_t + (1 - (v - lo) / (hi - lo)) * ch
    out = [f'<svg width="{w}" height="{h}" xmlns="http://www.w3.org/2000/svg">']
    for i in range(5):
        v = lo + (hi - lo) * i / 4
        out.append(f'<line x1="{pad_l}" x2="{w - pad_r}" y1="{y(v):.1f}" y2="{y(v):.1f}" stroke="#2c3235"/>'
                   f'<text x="{pad_l - 4}" y="{y(v) + 4:.1f}" text-anchor="end">{number(v)}</text>')
    for frac in (0, 0.25, 0.5, 0.75, 1):
        t = start + (end - start) * frac
        label = datetime.fromtimestamp(t, timezone.utc).strftime("%H:%M:%S")
        anchor = "start" if frac == 0 else "end" if frac == 1 else "middle"
        out.append(f'<text x="{x(t):.1f}" y="{h - 4}" text-anchor="{anchor}">{label}</text>')
    for i, (_, pts) in enumerate(series):
        color = COLORS[i % len(COLORS)]
        path = " ".join(f"{x(t):.1f},{y(v):.1f}" for t, v in pts)
        if len(pts) == 1:
            out.append(f'<circle cx="{x(pts[0][0]):.1f}" cy="{y(pts[0][1]):.1f}" r="2" fill="{color}"/>')
        else:
            out.append(f'<polyline fill="none" stroke="{color}" stroke-width="1.5" points="{path}"/>')
    out.append("</svg>")
    return "".join(out)


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--dashboard", required=True)
    p.add_argument("--prometheus", required=True)
    p.add_argument("--start", type=float, required=True)
    p.add_argument("--end", type=float, required=True)
    p.add_argument("--step", default="5")
    p.add_argument("--rate-interval", default="20s")
    p.add_argument("--var", action="append", default=[])
    p.add_argument("--html", required=True)
    p.add_argument("--summary", required=True)
    a = p.parse_args()
    dash = json.load(open(a.dashboard, encoding="utf-8"))
    values = variables(dash, dict(v.split("=", 1) for v in a.var), a.rate_interval)

    boxes, rows, bottom = [], [], 0
    for panel in dash.get("panels", []):
        g = panel.get("gridPos", {})
        left, top = g.get("x", 0) * WIDTH_PX / 24, g.get("y", 0) * UNIT_PX
        w, h = g.get("w", 24) * WIDTH_PX / 24 - GAP, g.get("h", 8) * UNIT_PX - GAP
        bottom = max(bottom, top + h + GAP)
        title = html.escape(panel.get("title", ""))
        if panel.get("type") == "row":
            boxes.append(f'<div class="row" style="left:{left}px;top:{top}px;width:{w}px">{title}</div>')
            continue
        series, notes = [], []
        for i, target in enumerate(panel.get("targets", [])):
            expr = expand(target.get("expr", ""), values)
            result, error = query_range(a.prometheus, expr, a.start, a.end, a.step)
            if error:
                notes.append(f"query {i + 1} refused: {error}")
                rows.append((panel.get("title", ""), i + 1, "refused", error))
                continue
            kept = 0
            for s in result:
                pts = [(float(t), float(v)) for t, v in s["values"] if v not in ("NaN", "+Inf", "-Inf")]
                if pts:
                    series.append((legend(target.get("legendFormat"), s["metric"], i), pts))
                    kept += 1
            rows.append((panel.get("title", ""), i + 1, str(kept), ""))
        inner_w, inner_h = w - 2, h - 30
        if panel.get("type") == "stat":
            last = [pts[-1][1] for _, pts in series]
            body = (f'<div class="stat">{number(max(last))}</div>' if last else '<div class="none">No data</div>')
        elif not series:
            body = '<div class="none">No data</div>'
        else:
            shown = series[:8]
            labels = [label[:48] for label, _ in shown]
            lines = legend_rows(labels, inner_w - 16, len(series) > len(shown))
            body = chart(shown, inner_w, inner_h - 16 * lines - 4, a.start, a.end)
            body += '<div class="legend">' + "".join(
                f'<span><i style="background:{COLORS[k % len(COLORS)]}"></i>{html.escape(label)}</span>'
                for k, label in enumerate(labels)) + (
                f" <em>+{len(series) - len(shown)} more</em>" if len(series) > len(shown) else "") + "</div>"
        if notes:
            body += "".join(f'<div class="err">{html.escape(n)}</div>' for n in notes)
        boxes.append(f'<div class="panel" style="left:{left}px;top:{top}px;width:{w}px;height:{h}px">'
                     f'<div class="title">{title}</div>{body}</div>')

    span = datetime.fromtimestamp(a.start, timezone.utc).strftime("%Y-%m-%d %H:%M:%S")
    page = f"""<!doctype html><html><head><meta charset="utf-8"><style>
body {{ margin:0; background:#111217; color:#ccccdc; font:12px sans-serif; }}
.head {{ padding:10px 12px; font-size:16px; color:#fff; }}
.grid {{ position:relative; margin:0 8px; height:{bottom}px; }}
.panel {{ position:absolute; background:#181b1f; border:1px solid #2c3235; border-radius:3px; overflow:hidden; }}
.row {{ position:absolute; font-size:14px; color:#fff; font-weight:bold; padding-top:6px; }}
.title {{ padding:5px 8px; font-weight:bold; color:#fff; white-space:nowrap; }}
svg text {{ fill:#8e8e8e; font:10px sans-serif; }}
.legend {{ padding:0 8px; line-height:16px; white-space:normal; }}
.legend span {{ margin-right:10px; white-space:nowrap; }}
.legend i {{ display:inline-block; width:10px; height:3px; margin-right:4px; vertical-align:middle; }}
.stat {{ font-size:48px; color:#73bf69; text-align:center; padding-top:40px; }}
.none {{ color:#8e8e8e; text-align:center; padding-top:60px; }}
.err {{ color:#f2495c; padding:0 8px; }}
</style></head><body>
<div class="head">{html.escape(dash.get("title", "dashboard"))} · rendered from Prometheus (not Grafana) · {span} UTC,
{int(a.end - a.start)} s · $__rate_interval={html.escape(a.rate_interval)}</div>
<div class="grid">{"".join(boxes)}</div></body></html>"""
    with open(a.html, "w", encoding="utf-8") as f:
        f.write(page)
    with open(a.summary, "w", encoding="utf-8") as f:
        f.write("| panel | query | series returned | error |\n|---|---:|---:|---|\n")
        for title, i, kept, error in rows:
            f.write(f"| {title} | {i} | {kept} | {error} |\n")
    print(int(bottom + 60))  # page height for the screenshot


if __name__ == "__main__":
    sys.exit(main())
