"""Every piece of YAML text readers see, with where it lives (for the glossary and source rules)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from ...load.yamlio import Loc
from ...model import Condition
from ...model.content import Content
from ...text.memo import Same, remembered
from .reading import condition_lists


@dataclass(frozen=True, kw_only=True)
class TextRef:
    """A piece of text readers see, and where it lives (file key + YAML location)."""

    key: str
    loc: Loc
    text: str


@remembered
def condition_texts(slug: str, cond: Same[Condition]) -> tuple[TextRef, ...]:
    """A condition's texts readers see (remembered in a preview: see generator.text.memo)."""
    condition, key = cond.obj, f"conditions/{slug}.yml"
    out = [TextRef(key=key, loc=("name",), text=condition.name)]
    out += [TextRef(key=key, loc=("also_called", i), text=x)
            for i, x in enumerate(condition.also_called)]
    out.append(TextRef(key=key, loc=("summary",), text=condition.summary))
    out.append(TextRef(key=key, loc=("how_it_causes_pain",), text=condition.how_it_causes_pain))
    out += [TextRef(key=key, loc=("nerves", i), text=x) for i, x in enumerate(condition.nerves)]
    out += [TextRef(key=key, loc=loc, text=item) for loc, item in condition_lists(condition)]
    for fid, value in sorted(condition.compare.items()):
        for attr in ("text", "note"):
            text = getattr(value, attr, None)
            if isinstance(text, str):
                out.append(TextRef(key=key, loc=("compare", fid, attr), text=text))
    return tuple(out)


def reader_texts(content: Content, *, conditions: bool = True) -> Iterator[TextRef]:
    """Every YAML text field that ends up on the site (glossary and sources.yml excluded);
    without the condition files' when ``conditions`` is false (see :func:`condition_texts`)."""
    site = content.site
    for name in ("title", "tagline", "description", "disclaimer", "scope"):
        value = getattr(site, name)
        if value:
            yield TextRef(key="site.yml", loc=(name,), text=value)
    for i, group in enumerate(site.groups):
        yield TextRef(key="site.yml", loc=("groups", i, "title"), text=group.title)
    for i, region in enumerate(content.regions.regions):
        yield TextRef(key="regions.yml", loc=("regions", i, "label"), text=region.label)
        if region.hint:
            yield TextRef(key="regions.yml", loc=("regions", i, "hint"), text=region.hint)
    for i, feature in enumerate(content.features.features):
        yield TextRef(key="features.yml", loc=("features", i, "label"), text=feature.label)
        yield TextRef(key="features.yml", loc=("features", i, "group"), text=feature.group)
        if feature.help:
            yield TextRef(key="features.yml", loc=("features", i, "help"), text=feature.help)
    for i, tier in enumerate(content.tiers.tiers):
        for name in ("label", "title", "action"):
            yield TextRef(key="care-tiers.yml", loc=("tiers", i, name), text=getattr(tier, name))
    for i, sign_list in enumerate(content.red_flags.lists):
        for name in ("heading", "intro", "question"):
            yield TextRef(key="red-flags.yml", loc=("lists", i, name),
                          text=getattr(sign_list, name))
        for j, sign in enumerate(sign_list.signs):
            yield TextRef(key="red-flags.yml", loc=("lists", i, "signs", j, "text"),
                          text=sign.text)
    flowchart = content.flowchart
    yield TextRef(key="flowchart.yml", loc=("title",), text=flowchart.title)
    if flowchart.intro:
        yield TextRef(key="flowchart.yml", loc=("intro",), text=flowchart.intro)
    for i, question in enumerate(flowchart.questions):
        if question.question:
            yield TextRef(key="flowchart.yml", loc=("questions", i, "question"),
                          text=question.question)
        if question.help:
            yield TextRef(key="flowchart.yml", loc=("questions", i, "help"), text=question.help)
        for j, a in enumerate(question.answers):
            yield TextRef(key="flowchart.yml", loc=("questions", i, "answers", j, "label"),
                          text=a.label)
    for i, o in enumerate(flowchart.outcomes):
        yield TextRef(key="flowchart.yml", loc=("outcomes", i, "title"), text=o.title)
        yield TextRef(key="flowchart.yml", loc=("outcomes", i, "text"), text=o.text)
    for slug, cond in sorted(content.conditions.items()) if conditions else ():
        yield from condition_texts(slug, Same(cond))
    for i, sc in enumerate(content.scenarios.scenarios):
        yield TextRef(key="scenarios.yml", loc=("scenarios", i, "story"), text=sc.story)
    for i, rule in enumerate(content.scenarios.rules):
        yield TextRef(key="scenarios.yml", loc=("rules", i, "says"), text=rule.says)


