"""The audit as one self-contained web page (`audit -o audit.html`): the summary table, a chart of
findings by rule, a chart of reports by status and -- with last year's reports -- the change in
applications received per agency. Inline CSS and SVG only: it opens offline, from an e-mail.

The page keeps one small row per report (not the reports), so a large corpus costs little."""

from __future__ import annotations

from collections import Counter
from html import escape

from .audit_book import status

STYLE = """
body{font-family:"Noto Sans CJK SC","Source Han Sans SC","Microsoft YaHei",sans-serif;margin:1.5em;color:#222}
h1{font-size:1.4em}h2{font-size:1.15em;margin-top:1.6em}
.charts{display:flex;flex-wrap:wrap;gap:2em}.chart{max-width:100%;margin:0}figcaption{margin:.3em 0}
table{border-collapse:collapse;font-size:.9em;width:100%}th,td{border:1px solid #ccc;padding:.3em .5em;text-align:left}
th{background:#f3f3f3;position:sticky;top:0}td.n{text-align:right}
.wrap{overflow-x:auto}.bad{color:#b00020}.warn{color:#8a5a00}.ok{color:#1b5e20}
@media (max-width:600px){body{margin:.6em}table{font-size:.8em}}
"""


def _bars(title: str, items: list[tuple[str, int]], colour: str = "#3b6ea5", width: int = 520) -> str:
    """A horizontal bar chart as inline SVG."""
    if not items:
        return f"<figure class=chart><figcaption>{escape(title)}：无</figcaption></figure>"
    top = max(n for _, n in items) or 1
    row, label_w = 22, 150
    height = row * len(items) + 10
    bars = []
    for i, (label, n) in enumerate(items):
        y = 5 + i * row
        w = (width - label_w - 60) * n / top
        bars.append(f'<text x="{label_w - 6}" y="{y + 15}" text-anchor="end" font-size="12">{escape(label)}</text>'
                    f'<rect x="{label_w}" y="{y + 3}" width="{w:.1f}" height="{row - 6}" fill="{colour}"/>'
                    f'<text x="{label_w + w + 4:.1f}" y="{y + 15}" font-size="12">{n}</text>')
    return (f'<figure class=chart><figcaption>{escape(title)}</figcaption>'
            f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" '
            f'style="max-width:100%;height:auto" role="img" aria-label="{escape(title)}">{"".join(bars)}</svg></figure>')


class AuditPage:
    def __init__(self, path: str, previous: dict[str, int] | None = None) -> None:
        self.path, self.previous = path, previous or {}
        self.rows: list[tuple] = []
        self.rules: Counter = Counter()
        self.statuses: Counter = Counter()

    def add(self, row: dict) -> None:
        st = status(row)
        self.statuses[st] += 1
        self.rules.update(f["rule"] for f in row["findings"])
        self.rows.append((row["file"].rsplit("/", 1)[-1], row["agency"] or "", row["year"] or "", st,
                          row["errors"], row["warnings"], row.get("received")))

    def close(self) -> None:
        from ..file.atomic import atomic_write

        css = {"有错误": "bad", "有警告": "warn", "通过": "ok", "无法读取": "bad"}
        table = "".join(
            f"<tr><td>{escape(f)}</td><td>{escape(a)}</td><td class=n>{y}</td>"
            f"<td class={css.get(s, '')}>{escape(s)}</td><td class=n>{e}</td><td class=n>{w}</td>"
            f"<td class=n>{'' if r is None else r}</td></tr>" for f, a, y, s, e, w, r in self.rows)
        charts = [_bars("各规则的问题数", self.rules.most_common(20), "#b00020"),
                  _bars("报告状态", [(k, self.statuses[k]) for k in ("通过", "有警告", "有错误", "无法读取")
                                 if self.statuses[k]], "#3b6ea5")]
        if self.previous:
            change = []
            for _f, agency, _y, _s, _e, _w, received in self.rows:
                before = self.previous.get(agency)
                if received is not None and before is not None:
                    change.append((agency, received - before))
            change.sort(key=lambda c: -abs(c[1]))
            items = [(f"{a}（{'+' if d >= 0 else ''}{d}）", abs(d)) for a, d in change[:20]]
            charts.append(_bars("收到申请与上年相比的变化（件，按变化大小）", items, "#5a7d2a"))
        total = len(self.rows)
        html = (f"<!doctype html><html lang=zh-CN><head><meta charset=utf-8>"
                f"<meta name=viewport content='width=device-width,initial-scale=1'>"
                f"<title>政府信息公开工作年度报告审查结果</title><style>{STYLE}</style></head><body>"
                f"<h1>政府信息公开工作年度报告审查结果</h1>"
                f"<p>共 {total} 份报告：{self.statuses['通过']} 份通过，{self.statuses['有警告']} 份有警告，"
                f"{self.statuses['有错误']} 份有错误，{self.statuses['无法读取']} 份无法读取。</p>"
                f"<div class=charts>{''.join(charts)}</div>"
                f"<h2>各份报告</h2><div class=wrap><table><thead><tr><th>文件</th><th>机关</th><th>年度</th>"
                f"<th>状态</th><th>错误</th><th>警告</th><th>收到申请</th></tr></thead>"
                f"<tbody>{table}</tbody></table></div></body></html>\n")
        atomic_write(self.path, html.encode("utf-8"))
