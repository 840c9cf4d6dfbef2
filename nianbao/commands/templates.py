"""`nianbao templates`: the templates on the search path."""

from __future__ import annotations


from nianbao.format.outcome import EXIT_OK


def run(args) -> int:
    from nianbao.format.model import template as templates

    for tid, path in templates.available(args.template_dir).items():
        try:
            t = templates.load_file(path)
        except templates.TemplateError as exc:
            print(f"{tid}\t（无法使用：{exc}）")
            continue
        years = f"{t.first_year}–{t.last_year}" if t.last_year else f"{t.first_year} 起"
        print(f"{tid}\t{years}\t{t.name}\t{t.basis}")
    return EXIT_OK
