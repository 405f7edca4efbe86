"""Each translated language's content, checked like the source (``model/localise.py`` makes it).

A translation changes texts only, so the translated content has the source's structure by
construction; what a translation can still break, these checks find before anything is built:

* a translated text the models or the rules refuse (too long, a link to a page that does not
  exist, wording that names a diagnosis, a control character …): the same message as for the
  source, at the translation file, prefixed with the language;
* two answers of one question translated to the same words (the flowchart's own check says
  so: a reader could not tell them apart). Every reader story is walked in every language and
  must end at the outcome it reaches in the source (walked by the translated words of its
  answers).

The checked content of each language comes back for the build; a language with errors does not.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import replace

from ..diagnostics import Report
from ..load.folder import Folder
from ..load.translations import TRANSLATIONS, TranslationFolder
from ..load.yamlio import Loaded
from ..model.chart import graph_of
from ..model.content import Content, build_content
from ..model.localise import current_texts, localise
from ..model.translatable import Unit, translation_file
from ..model.translation_signoff import Translation, TranslationCheck, untranslated_texts
from ..model.walk import walk

__all__ = ["check_languages"]


def _translation_path(display_root: str, lang: str, shown: str,
                      sources: Mapping[str, str]) -> str:
    """Where a problem of the translated content is: the translation file of the source file
    the message names (``content/flowchart.yml`` → ``content/translations/cy/flowchart.yml``)."""
    root = "" if display_root in ("", ".") else display_root.rstrip("/") + "/"
    key = shown.removeprefix(root)
    return f"{root}{TRANSLATIONS}/{lang}/{sources.get(key, translation_file(key))}"


def _entry_of(content: Content, lang: str, units: Mapping[str, Mapping[str, Unit]],
              files: Mapping[str, Loaded], shown: str, line: int) -> tuple[str, int, int]:
    """The translation entry behind a problem the translated content has at ``shown:line`` (a
    source file's place): the translated text on that line, else the source place itself."""
    root = "" if content.display_root in ("", ".") else content.display_root.rstrip("/") + "/"
    file = shown.removeprefix(root)
    loaded = content.files.get(file)
    translation = files.get(translation_file(file))
    for unit in units.get(file, {}).values():
        if loaded is not None and translation is not None and loaded.pos(unit.loc)[0] == line:
            at = translation.pos((unit.key, "text"))
            return f"{root}{TRANSLATIONS}/{lang}/{translation_file(file)}", at[0], at[1]
    return shown, line, 1


def _stories(source: Content, translated: Content, lang: str, report: Report,
             where: str) -> None:
    before, after = graph_of(source.flowchart), graph_of(translated.flowchart)
    for story, mine in zip(source.scenarios.scenarios, translated.scenarios.scenarios,
                           strict=True):
        expected = walk(before, story.answers).outcome
        reached = walk(after, mine.answers).outcome
        if reached != expected:
            report.add(where, 1, 1, f'in {lang}, the reader story "{story.id}" ends at '
                       f'"{reached}" instead of "{expected}"; check the translation of its '
                       "answers.")


def check_languages(folder: Folder, content: Content, units: Mapping[str, Mapping[str, Unit]],
                    translations: TranslationFolder, report: Report,
                    run_checks: Callable[[Content, Report], None],
                    checks: Mapping[str, TranslationCheck]) -> dict[str, Content]:
    """Make and check each language's content; return those without errors, each with its
    :class:`~generator.model.translation_signoff.Translation` (the texts it shows untranslated,
    its translator's sign-off from ``checks``). ``run_checks`` is the source's own rule set
    (``checks.run_checks``), run on each language too."""
    out: dict[str, Content] = {}
    sources = {f: translation_file(f) for f in units}
    for lang, files in sorted(translations.files.items()):
        local = Report()
        texts = current_texts(units, files)  # once: the content and its untranslated list
        translated = build_content(localise(folder, lang, units, texts), local)
        if not local.errors:
            run_checks(translated, local)
        chart = _translation_path(content.display_root, lang, "flowchart.yml", sources)
        if not local.errors:
            _stories(content, translated, lang, local, chart)
        for problem in local.errors:
            if problem.message.startswith(f"in {lang},"):
                report.add(problem.path, problem.line, problem.col, problem.message)
                continue
            path, line, col = _entry_of(content, lang, units, files, problem.path, problem.line)
            report.add(path, line, col, f"in the {lang} translation: {problem.message}")
        if not local.errors:  # its files' positions served the messages above: the build
            # needs none of them (~5 MB a language at 1,000 conditions, for the whole build)
            out[lang] = replace(translated, files={}, translation=Translation(
                language=lang, source_language=content.site.language,
                untranslated=untranslated_texts(units, texts),
                check=checks[lang]))
    return out
