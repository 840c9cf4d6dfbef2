"""Official formats as data.

A template file says everything the program knows about one revision of the
official layout: sections, tables, labels, which cells are totals and which
rules hold. Nothing here names a label or a rule; a new revision is a new file.
Templates are validated on load so a broken one fails with a message naming the
file, not with a KeyError deep inside the checker.
"""

from __future__ import annotations

import os
import re
import tomllib
from functools import cache
from pathlib import Path
from typing import NamedTuple

ID_RE = re.compile(r"^[a-z][a-z0-9_]*$")
VALUE_KINDS = ("count", "signed", "money")
RULE_KINDS = ("sum", "balance", "filled", "year_range", "carry", "running_total", "prose_figure", "prose_year")
SEVERITIES = ("error", "warning")
BUILTIN_DIR = Path(__file__).resolve().parents[2] / "templates"  # format/model/ -> the templates beside format/
PATH_ENV = "NIANBAO_TEMPLATE_PATH"


class TemplateError(Exception):
    """A template file that cannot be used; the message is for the user."""


class Column(NamedTuple):
    id: str
    label: str
    kind: str
    unit: str = ""


class Row(NamedTuple):
    id: str
    label: str
    parent: str | None
    group: bool
    level: int
    path: tuple[str, ...]  # labels from the first sub-group down, for messages
    aliases: tuple[str, ...] = ()  # other wordings published reports use (the importer reads them)


class Block(NamedTuple):
    id: str
    label: str
    corner: str
    columns: tuple[Column, ...]
    rows: tuple[Row, ...]
    header_groups: tuple[tuple[str, tuple[str, ...]], ...]

    @property
    def figure_rows(self) -> tuple[Row, ...]:
        return tuple(r for r in self.rows if not r.group)


class Table(NamedTuple):
    id: str
    name: str
    blocks: tuple[Block, ...]
    layout: str = "rows"
    row_groups: tuple[tuple[str, tuple[str, ...]], ...] = ()

    def block_of(self, row_id: str) -> Block:
        for block in self.blocks:
            if any(r.id == row_id for r in block.rows):
                return block
        raise KeyError(row_id)


def numeral(title: str) -> str:
    """A part's short name where space is scarce: 「一、总体情况」 is 一; 「前言」 stays 前言."""
    return title.split("、", 1)[0]


class Section(NamedTuple):
    id: str
    title: str
    kind: str  # "prose" or "table"
    table: str | None = None
    # Written anew each year (the problems and how they were fixed): audit flags a copy of last year's.
    fresh_each_year: bool = False


class Rule(NamedTuple):
    id: str
    severity: str
    kind: str
    title: str
    message: str
    table: str | None = None
    for_each: str | None = None
    target: str | None = None
    terms: tuple[str, ...] = ()
    left: tuple[str, ...] = ()
    right: tuple[str, ...] = ()
    source: str | None = None
    rows: tuple[str, ...] = ()
    plus: str | None = None
    minus: str | None = None
    pattern: str | None = None  # prose_figure: a regular expression with a group named n (and pct)
    column: str | None = None
    sums: tuple[tuple[str, ...], ...] = ()  # prose_figure: any of these row sums may be quoted
    percent_of: tuple[str, ...] = ()
    allow: tuple[int, ...] = (0,)  # prose_year: years (report year + these) that are right there
    unless: str | None = None  # prose_year: a sentence this matches is left alone (上年, 结转…)
    rewrite: bool = False  # prose_year: `new --update-years` may put the new year in (unambiguous)

    @property
    def needs_previous(self) -> bool:
        return self.kind in ("carry", "running_total")


class Cell(NamedTuple):
    """One figure of the report, addressed by template ids (a tuple: hashed in C, it is a hot key)."""

    table: str
    row: str
    column: str

    @property
    def key(self) -> str:
        return f"{self.table}.{self.row}.{self.column}"


class Template:
    """One official format, built once per file (`load_file` is cached) and shared by every report."""

    def __init__(self, id: str, name: str, basis: str, first_year: int, last_year: int | None,
                 sections: tuple[Section, ...], tables: dict[str, Table], rules: tuple[Rule, ...],
                 source: str) -> None:
        self.id, self.name, self.basis, self.source = id, name, basis, source
        self.received: Cell | None = None  # the applications received (audit's summary), if named
        self.first_year, self.last_year = first_year, last_year
        self.sections, self.tables, self.rules = sections, tables, rules
        self._columns: dict[Cell, Column] = {}
        self._rows: dict[tuple[str, str], Row] = {}
        self._totals: dict[Cell, tuple[Cell, ...]] | None = None
        self._instances: dict[str, tuple] = {}
        cells = []
        for table in self.tables.values():
            for block in table.blocks:
                for row in block.rows:
                    self._rows[(table.id, row.id)] = row
                for row in block.figure_rows:
                    for col in block.columns:
                        cell = Cell(table.id, row.id, col.id)
                        cells.append(cell)
                        self._columns[cell] = col
        self._cells = tuple(cells)

    def __repr__(self) -> str:
        return f"Template({self.id!r}, {self.source!r})"

    def __deepcopy__(self, memo) -> "Template":
        return self  # shared and never mutated: a copied report keeps its template

    @property
    def cells(self) -> tuple[Cell, ...]:
        """Every figure in official order (tables, blocks, rows, columns)."""
        return self._cells

    def column(self, cell: Cell) -> Column:
        return self._columns[cell]

    def row(self, table: str, row: str) -> Row:
        return self._rows[(table, row)]

    def has_cell(self, cell: Cell) -> bool:
        return cell in self._columns

    def covers(self, year: int) -> bool:
        return self.first_year <= year and (self.last_year is None or year <= self.last_year)

    def ancestors(self, table: str, row: str) -> tuple[Row, ...]:
        """The groups a row sits in, outermost first (the row itself not included)."""
        chain = []
        parent = self.row(table, row).parent
        while parent is not None:
            above = self.row(table, parent)
            chain.append(above)
            parent = above.parent
        return tuple(reversed(chain))

    def label_chain(self, table: str, row: str) -> list[str]:
        """Every label from the outermost group down to the row: the row's full name."""
        return [r.label for r in self.ancestors(table, row)] + [self.row(table, row).label]

    def cell_label(self, cell: Cell) -> str:
        """`（三）不予公开 / 1.属于国家秘密 / 自然人`: enough to find the cell on paper."""
        return " / ".join(self.row(cell.table, cell.row).path + (self.column(cell).label,))

    @property
    def prose_sections(self) -> tuple[Section, ...]:
        return tuple(s for s in self.sections if s.kind == "prose")

    def total_cells(self) -> dict[Cell, tuple[Cell, ...]]:
        if self._totals is None:
            self._totals = self._find_totals()
        return self._totals

    def _find_totals(self) -> dict[Cell, tuple[Cell, ...]]:
        """Cells that are sums of other cells (targets of `sum` rules), with their terms.

        The first rule to claim a cell wins; where two rules claim the same cell
        (Table 3's （七）总计 / 总计) both define the same number once the inputs
        are consistent.
        """
        totals: dict[Cell, tuple[Cell, ...]] = {}
        for rule in self.rules:
            if rule.kind != "sum":
                continue
            for target, terms in expand_sum(self, rule):
                totals.setdefault(target, terms)
        return totals


def expand_sum(template: Template, rule: Rule) -> tuple:
    """(target cell, term cells) for every instance of a sum rule; computed once per template."""
    if rule.id not in template._instances:
        template._instances[rule.id] = tuple(_expand_sum(template, rule))
    return template._instances[rule.id]


def _expand_sum(template: Template, rule: Rule):
    table = template.tables[rule.table]
    for block in table.blocks:
        row_ids = {r.id for r in block.figure_rows}
        col_ids = [c.id for c in block.columns]
        if rule.for_each == "column":
            if rule.target not in row_ids:
                continue
            for col in col_ids:
                yield (Cell(table.id, rule.target, col),
                       tuple(Cell(table.id, r, col) for r in rule.terms))
        else:
            if rule.target not in col_ids:
                continue
            for row in block.figure_rows:
                yield (Cell(table.id, row.id, rule.target),
                       tuple(Cell(table.id, row.id, c) for c in rule.terms))


# ------------------------------------------------------------------ loading

def search_path(extra: list[str | os.PathLike] | None = None) -> list[Path]:
    """Directories searched for templates: explicit ones, then $NIANBAO_TEMPLATE_PATH, then built-ins."""
    dirs = [Path(d) for d in (extra or [])]
    env = os.environ.get(PATH_ENV, "")
    dirs += [Path(d) for d in env.split(os.pathsep) if d]
    dirs.append(BUILTIN_DIR)
    return dirs


def available(extra=None) -> dict[str, Path]:
    """Template id -> file, first directory wins."""
    found: dict[str, Path] = {}
    for d in search_path(extra):
        if not d.is_dir():
            continue
        for path in sorted(d.glob("*.toml")):
            found.setdefault(path.stem, path)
    return found


def get(template_id: str, extra=None) -> Template:
    files = available(extra)
    if template_id not in files:
        names = "、".join(sorted(files)) or "（无）"
        raise TemplateError(f"未知的模板 “{template_id}”（可用的模板：{names}）")
    return load_file(files[template_id])


def for_year(year: int, extra=None) -> Template:
    """The official template that covers a report year (2019 format for 2019–2020, 2021 from 2021)."""
    candidates = []
    for tid, path in available(extra).items():
        t = load_file(path)
        if t.covers(year):
            candidates.append(t)
    if not candidates:
        raise TemplateError(f"没有适用于 {year} 年度的模板（政府信息公开工作年度报告自 2019 年度起使用统一格式）")
    # Prefer the most recent revision that covers the year.
    return max(candidates, key=lambda t: t.first_year)


@cache
def load_file(path: Path) -> Template:
    path = Path(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise TemplateError(f"{path}: 无法读取模板：{exc}") from None
    try:
        return _build(data, str(path))
    except TemplateError as exc:
        raise TemplateError(f"{path}: 模板有误：{exc}") from None


def _req(d: dict, key: str, where: str, typ=str):
    if key not in d:
        raise TemplateError(f"{where} 缺少 {key}")
    value = d[key]
    if not isinstance(value, typ) or isinstance(value, bool) and typ is not bool:
        raise TemplateError(f"{where} 的 {key} 类型不对")
    return value


def _id(d: dict, where: str) -> str:
    value = _req(d, "id", where)
    if not ID_RE.match(value):
        raise TemplateError(f"{where} 的 id “{value}” 只能用小写英文字母、数字和下划线，并以字母开头")
    return value


def _build(data: dict, source: str) -> Template:
    tid = _req(data, "id", "模板")
    first = _req(data, "first_year", "模板", int)
    last = data.get("last_year")
    tables = {tid_: _build_table(tid_, t) for tid_, t in _req(data, "tables", "模板", dict).items()}
    sections = []
    seen = set()
    for i, s in enumerate(_req(data, "sections", "模板", list), 1):
        where = f"第 {i} 个 section"
        sid = _id(s, where)
        if sid in seen or sid in tables:
            raise TemplateError(f"{where} 的 id “{sid}” 重复")
        seen.add(sid)
        kind = _req(s, "kind", where)
        if kind not in ("prose", "table"):
            raise TemplateError(f"{where} 的 kind 应为 prose 或 table")
        table = s.get("table")
        if kind == "table" and table not in tables:
            raise TemplateError(f"{where} 引用了不存在的表 “{table}”")
        fresh = s.get("fresh_each_year", False)
        if not isinstance(fresh, bool):
            raise TemplateError(f"{where} 的 fresh_each_year 应为 true 或 false")
        sections.append(Section(sid, _req(s, "title", where), kind, table, fresh))
    rules = tuple(_build_rule(i, r, tables) for i, r in enumerate(data.get("rules", []), 1))
    built = Template(tid, _req(data, "name", "模板"), data.get("basis", ""), first, last,
                     tuple(sections), tables, rules, source)
    received = data.get("received")
    if received is not None:
        cell = Cell(*received.split(".")) if isinstance(received, str) and received.count(".") == 2 else None
        if cell is None or not built.has_cell(cell):
            raise TemplateError(f"模板 的 received “{received}” 应为本模板中的一格（表.行.列）")
        built.received = cell
    return built


def _build_table(tid: str, t: dict) -> Table:
    if not ID_RE.match(tid):
        raise TemplateError(f"表 id “{tid}” 只能用小写英文字母、数字和下划线")
    blocks = []
    row_seen: set[str] = set()
    for i, b in enumerate(_req(t, "blocks", f"表 {tid}", list), 1):
        where = f"表 {tid} 第 {i} 块"
        cols = []
        for c in _req(b, "columns", where, list):
            cw = f"{where} 的列"
            kind = _req(c, "kind", cw)
            if kind not in VALUE_KINDS:
                raise TemplateError(f"{cw} “{c.get('id')}” 的 kind 应为 {'、'.join(VALUE_KINDS)} 之一")
            cols.append(Column(_id(c, cw), _req(c, "label", cw), kind, c.get("unit", "")))
        if len({c.id for c in cols}) != len(cols):
            raise TemplateError(f"{where} 的列 id 重复")
        raw_rows = _req(b, "rows", where, list)
        # Messages name a row from its first sub-group down: the top group
        # (三、本年度办理结果) adds words, not information.
        inherited: dict[str, tuple[int, tuple[str, ...]]] = {}
        rows = []
        for r in raw_rows:
            rw = f"{where} 的行"
            rid = _id(r, rw)
            if rid in row_seen:
                raise TemplateError(f"表 {tid} 的行 id “{rid}” 重复")
            row_seen.add(rid)
            label = _req(r, "label", rw)
            parent = r.get("parent")
            if parent is None:
                level, path, inherit = 0, (label,), ()
            elif parent in inherited:
                level = inherited[parent][0] + 1
                path = inherited[parent][1] + (label,)
                inherit = path
            else:
                raise TemplateError(f"行 “{rid}” 的 parent “{parent}” 须是它前面的行")
            inherited[rid] = (level, inherit)
            aliases = r.get("aliases", [])
            if not isinstance(aliases, list) or not all(isinstance(a, str) for a in aliases):
                raise TemplateError(f"行 “{rid}” 的 aliases 应为文字列表")
            rows.append(Row(rid, label, parent, bool(r.get("group", False)), level, path, tuple(aliases)))
        groups = tuple((g["label"], tuple(g["columns"])) for g in b.get("header_groups", []))
        for _, members in groups:
            for m in members:
                if m not in {c.id for c in cols}:
                    raise TemplateError(f"{where} 的 header_groups 引用了不存在的列 “{m}”")
        blocks.append(Block(_id(b, where), b.get("label", ""), b.get("corner", ""),
                            tuple(cols), tuple(rows), groups))
    row_groups = tuple((g["label"], tuple(g["rows"])) for g in t.get("row_groups", []))
    return Table(tid, t.get("name", ""), tuple(blocks), t.get("layout", "rows"), row_groups)


def _check_prose_rule(rule: Rule, where: str, tables: dict[str, Table]) -> None:
    """A prose rule's pattern is a regular expression (data, never code) that must name the figure."""
    compiled = safe_pattern(rule.pattern or "", where)
    if "n" not in compiled.groupindex:
        raise TemplateError(f"{where} 的 pattern 须有名为 n 的分组，如 (?P<n>\\d+)")
    table = tables.get(rule.table)
    if table is None:
        raise TemplateError(f"{where} 引用了不存在的表 “{rule.table}”")
    rows = {r_.id for b in table.blocks for r_ in b.figure_rows}
    if not rule.sums:
        raise TemplateError(f"{where} 须有 sums（原文的数应等于哪些行之和）")
    for name in [x for group in rule.sums for x in group] + list(rule.percent_of):
        if name not in rows:
            raise TemplateError(f"{where} 引用了表 {table.id} 中不存在的行 “{name}”")
    if rule.column not in {c.id for b in table.blocks for c in b.columns}:
        raise TemplateError(f"{where} 引用了表 {table.id} 中不存在的列 “{rule.column}”")


def _check_year_rule(rule: Rule, where: str) -> None:
    """A prose_year rule: a regular expression naming the year(s) with groups y, y2 …; whole
    numbers in allow; an optional regular expression in unless."""
    for name, text in (("pattern", rule.pattern or ""), ("unless", rule.unless or "")):
        compiled = safe_pattern(text, where, name)
        if name == "pattern" and not any(g == "y" or g.startswith("y") for g in compiled.groupindex):
            raise TemplateError(f"{where} 的 pattern 须有名为 y 的分组，如 (?P<y>\\d{{4}})")
    if not rule.allow or not all(isinstance(a, int) and not isinstance(a, bool) for a in rule.allow):
        raise TemplateError(f"{where} 的 allow 应为整数的列表，如 [0, 1]")


# The type of each optional field of a rule: a template is someone else's data, checked before use.
_TEXT_FIELDS = ("title", "table", "for_each", "target", "source", "plus", "minus", "pattern", "column", "unless")
_LIST_FIELDS = ("terms", "left", "right", "rows", "percent_of")


def _typed(r: dict, where: str) -> None:
    for key in _TEXT_FIELDS:
        if key in r and not isinstance(r[key], str):
            raise TemplateError(f"{where} 的 {key} 应为文字（加引号），这里是 {type(r[key]).__name__}")
    for key in _LIST_FIELDS:
        if key in r and not (isinstance(r[key], list) and all(isinstance(x, str) for x in r[key])):
            raise TemplateError(f"{where} 的 {key} 应为文字的列表，如 [\"a\", \"b\"]")
    if "sums" in r and not (isinstance(r["sums"], list) and all(
            isinstance(g, list) and all(isinstance(x, str) for x in g) for g in r["sums"])):
        raise TemplateError(f"{where} 的 sums 应为列表的列表，如 [[\"a\", \"b\"]]")
    if "allow" in r and not isinstance(r["allow"], list):
        raise TemplateError(f"{where} 的 allow 应为整数的列表，如 [0, 1]")
    if "rewrite" in r and not isinstance(r["rewrite"], bool):
        raise TemplateError(f"{where} 的 rewrite 应为 true 或 false")


# Repetition that cannot blow up: only of one character (or class) at a time, and a class that
# matches almost anything ([^。], .) only up to a bound. 「(a|aa)+$」 or 「(\d+)+x」 in a template
# from elsewhere would otherwise hang `check` on one sentence (Python's re has no time limit).
WIDE_REPEAT_MAX = 200


def safe_pattern(text: str, where: str, name: str = "pattern"):
    """The compiled pattern, or TemplateError saying which construct could be slow."""
    import re
    try:
        from re import _parser as sre_parse, _constants as sre  # Python 3.11+
    except ImportError:  # pragma: no cover
        import sre_parse
        import sre_constants as sre

    try:
        compiled = re.compile(text)
        tree = sre_parse.parse(text)
    except re.error as exc:
        raise TemplateError(f"{where} 的 {name} 不是有效的正则表达式：{exc}") from None
    single = {sre.LITERAL, sre.NOT_LITERAL, sre.ANY, sre.IN, sre.CATEGORY}

    def wide(item) -> bool:
        op, av = item
        return op in (sre.ANY, sre.NOT_LITERAL) or (op == sre.IN and any(o == sre.NEGATE for o, _ in av))

    def walk(items) -> None:
        for op, av in items:
            if op in (sre.MAX_REPEAT, sre.MIN_REPEAT, getattr(sre, "POSSESSIVE_REPEAT", None)):
                low, high, body = av
                body = list(body)
                if high > 1 and not (len(body) == 1 and body[0][0] in single):
                    raise TemplateError(f"{where} 的 {name} 里有可能极慢的写法：重复（+ * {{m,n}}）只能用于单个字符"
                                        "或字符类，不能用于分组或选择（如 (a|aa)+、(\\d+)+）")
                if body and wide(body[0]) and high > WIDE_REPEAT_MAX:
                    raise TemplateError(f"{where} 的 {name} 里有可能极慢的写法：任意字符的重复须有上限"
                                        f"（如 [^。]{{0,40}}，不超过 {WIDE_REPEAT_MAX}）")
                walk(body)
            elif op == sre.GROUPREF or op == getattr(sre, "GROUPREF_EXISTS", None):
                raise TemplateError(f"{where} 的 {name} 不能用反向引用（\\1、(?P=名)）")
            elif op == sre.SUBPATTERN:
                walk(av[-1])
            elif op == sre.BRANCH:
                for branch in av[1]:
                    walk(branch)
            elif op in (sre.ASSERT, sre.ASSERT_NOT):
                walk(av[1])
    walk(tree)
    return compiled


def _build_rule(i: int, r: dict, tables: dict[str, Table]) -> Rule:
    where = f"第 {i} 条规则"
    rid = _req(r, "id", where)
    where = f"规则 {rid}"
    kind = _req(r, "kind", where)
    if kind not in RULE_KINDS:
        raise TemplateError(f"{where} 的 kind “{kind}” 未知（可用：{'、'.join(RULE_KINDS)}）")
    severity = _req(r, "severity", where)
    if severity not in SEVERITIES:
        raise TemplateError(f"{where} 的 severity 应为 error 或 warning")
    _typed(r, where)
    rule = Rule(rid, severity, kind, r.get("title", ""), _req(r, "message", where),
                r.get("table"), r.get("for_each"), r.get("target"),
                tuple(r.get("terms", ())), tuple(r.get("left", ())), tuple(r.get("right", ())),
                r.get("source"), tuple(r.get("rows", ())), r.get("plus"), r.get("minus"),
                r.get("pattern"), r.get("column"), tuple(tuple(x) for x in r.get("sums", ())),
                tuple(r.get("percent_of", ())), tuple(r.get("allow", (0,))), r.get("unless"),
                bool(r.get("rewrite", False)))
    if kind == "prose_figure":
        _check_prose_rule(rule, where, tables)
    if kind == "prose_year":
        _check_year_rule(rule, where)
    if kind in ("carry", "running_total"):
        table = tables.get(rule.table)
        if table is None:
            raise TemplateError(f"{where} 引用了不存在的表 “{rule.table}”")
        rows = {r_.id for b in table.blocks for r_ in b.figure_rows}
        cols = {c.id for b in table.blocks for c in b.columns}
        names_rows = (rule.target, rule.source) if kind == "carry" else rule.rows
        names_cols = () if kind == "carry" else (rule.target, rule.plus, rule.minus)
        for name in names_rows:
            if name not in rows:
                raise TemplateError(f"{where} 引用了表 {table.id} 中不存在的行 “{name}”")
        for name in names_cols:
            if name not in cols:
                raise TemplateError(f"{where} 引用了表 {table.id} 中不存在的列 “{name}”")
    if kind in ("sum", "balance"):
        table = tables.get(rule.table)
        if table is None:
            raise TemplateError(f"{where} 引用了不存在的表 “{rule.table}”")
        if rule.for_each not in ("column", "row"):
            raise TemplateError(f"{where} 的 for_each 应为 column 或 row")
        if kind == "balance" and rule.for_each != "column":
            raise TemplateError(f"{where}：balance 规则只支持 for_each = \"column\"")
        rows = {r_.id for b in table.blocks for r_ in b.figure_rows}
        cols = {c.id for b in table.blocks for c in b.columns}
        along = rows if rule.for_each == "column" else cols
        names = (rule.target, *rule.terms) if kind == "sum" else (*rule.left, *rule.right)
        for name in names:
            if name not in along:
                what = "行" if rule.for_each == "column" else "列"
                raise TemplateError(f"{where} 引用了表 {table.id} 中不存在的{what} “{name}”")
    return rule
