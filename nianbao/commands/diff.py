"""`nianbao diff`: two reports, or two versions of one, compared by label."""

from __future__ import annotations

import sys

import json

from nianbao.format.outcome import EXIT_FINDINGS, EXIT_OK, EXIT_UNREADABLE


def run(args) -> int:
    from nianbao.format.compare import diff as semantic
    from nianbao.format.compare.history import GitProblem
    from nianbao.format.file.load import ReportError, loads, read

    try:
        if len(args.files) == 2 and not args.rev:
            old, new = (read(f, args.template_dir).report for f in args.files)
        elif len(args.files) == 1:
            from nianbao.format.compare import history
            path = args.files[0]
            repo = history.find_repo(path)
            if repo is None:
                print(history.history_off_message(path), file=sys.stderr)
                return EXIT_UNREADABLE
            a, _, b = (args.rev or "HEAD").partition("..")

            def at(rev):
                text = history.version_at(repo, rev, path)
                if text is None:
                    raise ReportError(path, f"在 {rev} 中没有这个文件")
                return loads(text, f"{rev}:{repo.rel(path)}", args.template_dir).report

            old = at(a)
            new = at(b) if b else read(path, args.template_dir).report
        else:
            print("nianbao：diff 需要两个文件，或一个文件加 --rev", file=sys.stderr)
            return EXIT_UNREADABLE
    except ReportError as exc:
        print(exc, file=sys.stderr)
        return EXIT_UNREADABLE
    except GitProblem as exc:
        print(f"nianbao：{exc}", file=sys.stderr)
        return EXIT_UNREADABLE
    d = semantic.compare(old, new)
    if args.format == "json":
        json.dump(d.as_json(), sys.stdout, ensure_ascii=False, indent=1)
        sys.stdout.write("\n")
    else:
        sys.stdout.write("\n".join(d.lines()) + "\n")
    return EXIT_OK if d.equal else EXIT_FINDINGS
