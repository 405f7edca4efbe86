"""The publish step for static assets: one merged stylesheet, pruning, minifying, precompression."""

from __future__ import annotations

from pathlib import Path

from generator.publish.assets import (
    UsedNames,
    bundle_stylesheets,
    drop_unused_search_languages,
    minify_css,
    prune_css,
)


def _used(html: str = "", js: str = "") -> UsedNames:
    return UsedNames.scan([html], [js])


def test_minify_keeps_every_token_and_drops_comments_and_spaces() -> None:
    css = """/* c */
    .a > .b ,  .c  ~ d  {  color : red ;  margin : 0  auto ; }
    .x { width: calc(100% - 2px); content: "a  ,  b"; }
    @media screen and (min-width: 60em) { .a { font-family: "A B", sans-serif } }
    """
    out = minify_css(css)
    assert out == (".a>.b,.c~d{color:red;margin:0 auto}"
                   '.x{width:calc(100% - 2px);content:"a  ,  b"}'
                   '@media screen and (min-width: 60em){.a{font-family:"A B",sans-serif}}')


def test_minify_keeps_descendant_and_pseudo_class_spacing() -> None:
    assert minify_css("a :hover { x: y }") == "a :hover{x:y}"
    assert minify_css("a:hover b { x: y }") == "a:hover b{x:y}"


def test_prune_drops_rules_for_classes_no_page_or_script_has() -> None:
    css = ".keep{a:b}.gone{a:b}.keep .gone,.keep2{c:d}.js-made{e:f}.tag--x{g:h}"
    out = prune_css(css, _used('<p class="keep keep2">', 'el.className = "js-made"; "tag--" + t'))
    assert out == ".keep{a:b}.keep2{c:d}.js-made{e:f}.tag--x{g:h}"


def test_prune_ignores_classes_inside_functions() -> None:
    # :not(.absent) still matches; the selector must stay
    assert prune_css(".a:not(.absent){x:y}", _used('<p class="a">')) == ".a:not(.absent){x:y}"


def test_prune_drops_palette_and_direction_values_the_markup_never_has() -> None:
    css = ("[data-md-color-primary=red]{a:b}[data-md-color-primary=custom]{c:d}"
           "[dir=rtl] p{e:f}[dir=ltr] p{g:h}")
    html = '<body dir="ltr" data-md-color-primary="custom"><p>'
    assert prune_css(css, _used(html)) == "[data-md-color-primary=custom]{c:d}[dir=ltr] p{g:h}"


def test_prune_drops_elements_no_page_or_script_has() -> None:
    css = ".t kbd{a:b}.t p{c:d}.t mark{e:f}"
    out = prune_css(css, _used('<div class="t"><p>', "x = `<mark>${t}</mark>`"))
    assert out == ".t p{c:d}.t mark{e:f}"


def test_prune_drops_material_families_whose_markup_is_absent() -> None:
    # the bundle names md-annotation, but annotations need class="annotate" in a page
    css = ".md-annotation{a:b}.md-search{c:d}"
    out = prune_css(css, _used('<div class="x">', '"md-annotation" "md-search"'))
    assert out == ".md-search{c:d}"


def test_prune_drops_custom_properties_nothing_reads_and_empty_media() -> None:
    css = (":root{--used:1px;--unused:2px;--chain:var(--used)}"
           ".a{width:var(--chain)}@media print{.gone{x:y}}")
    out = prune_css(css, _used('<p class="a">'))
    assert out == ":root{--used:1px;--chain:var(--used)}.a{width:var(--chain)}"


def test_inline_scripts_count_as_scripts() -> None:
    html = '<script>document.documentElement.classList.add("hb-js")</script><p class="a">'
    assert prune_css(".hb-js .a{x:y}", _used(html)) == ".hb-js .a{x:y}"


def _site(tmp_path: Path) -> Path:
    site = tmp_path / "site"
    (site / "assets" / "css").mkdir(parents=True)
    (site / "assets" / "stylesheets").mkdir(parents=True)
    (site / "assets" / "fonts").mkdir(parents=True)
    (site / "sub").mkdir()
    (site / "assets" / "stylesheets" / "main.css").write_text(".a{color:red;font-family:F}.unused{x:y}")
    (site / "assets" / "stylesheets" / "main.css.map").write_text("{}")
    (site / "assets" / "css" / "fonts.css").write_text(
        '@font-face { font-family: F; src: url("../fonts/F.woff2") format("woff2"); }\n'
        ".b { background: url(../img/x.svg) }")
    head = ('<link rel="stylesheet" href="{p}assets/stylesheets/main.css">\n'
            '    <link rel="stylesheet" href="{p}assets/css/fonts.css">\n')
    (site / "index.html").write_text(
        "<head>\n    " + head.format(p="") + '</head><p class="a b">')
    (site / "sub" / "index.html").write_text(
        "<head>\n    " + head.format(p="../") + "</head><p>")
    (site / "404.html").write_text("<head>\n    " + head.format(p="/") + "</head>")
    return site


def test_bundle_merges_rewrites_links_and_removes_merged_files(tmp_path: Path) -> None:
    site = _site(tmp_path)
    report = bundle_stylesheets(site)
    name = report.bundle
    assert name.startswith("assets/stylesheets/site.") and name.endswith(".css")
    css = (site / name).read_text()
    assert css == ('.a{color:red;font-family:F}@font-face{font-family:F;src:url("../fonts/F.woff2") '
                   'format("woff2")}.b{background:url(../img/x.svg)}')
    assert f'<link rel="stylesheet" href="{name}">' in (site / "index.html").read_text()
    assert f'<link rel="stylesheet" href="../{name}">' in (site / "sub/index.html").read_text()
    assert f'<link rel="stylesheet" href="/{name}">' in (site / "404.html").read_text()
    for page in ("index.html", "sub/index.html", "404.html"):
        assert (site / page).read_text().count('rel="stylesheet"') == 1
    assert not (site / "assets" / "css").exists()
    assert not (site / "assets" / "stylesheets" / "main.css.map").exists()
    assert set(report.merged) == {"assets/stylesheets/main.css", "assets/css/fonts.css"}


def test_bundle_is_deterministic(tmp_path: Path) -> None:
    a = bundle_stylesheets(_site(tmp_path / "1"))
    b = bundle_stylesheets(_site(tmp_path / "2"))
    assert a.bundle == b.bundle
    assert (tmp_path / "1/site" / a.bundle).read_bytes() == (
        tmp_path / "2/site" / b.bundle).read_bytes()


def test_search_languages_are_dropped_only_for_english(tmp_path: Path) -> None:
    site = tmp_path / "site"
    (site / "search").mkdir(parents=True)
    (site / "assets/javascripts/lunr/min").mkdir(parents=True)
    (site / "assets/javascripts/lunr/min/lunr.de.min.js").write_text("x")
    (site / "search/search_index.json").write_text('{"config": {"lang": ["de"]}, "docs": []}')
    assert drop_unused_search_languages(site) == ()
    (site / "search/search_index.json").write_text('{"config": {"lang": ["en"]}, "docs": []}')
    assert drop_unused_search_languages(site) == ("assets/javascripts/lunr/min/lunr.de.min.js",)
    assert not (site / "assets/javascripts/lunr").exists()


FONTS = ('@font-face{font-family:"Latin";src:url(l.woff2)}'
         '@font-face{font-family:"Script";src:url(s.woff2)}'
         ':root{--md-text-font-family:"Latin",sans-serif}'
         'html[lang="ar"],html[lang="fa"]{--md-text-font-family:"Latin","Script",sans-serif}'
         'body{font-family:var(--md-text-font-family)}')


def test_a_languages_font_stays_out_of_the_other_languages_stylesheets() -> None:
    """The English pages name Arabic only on their language switcher's link (lang="ar"): the
    html[lang="ar"] rule cannot match them, and the Arabic font it names goes with it (the
    offline copy inlines every font its stylesheet declares)."""
    english = '<html lang="en"><body><a href="ar/" hreflang="ar" lang="ar">العربية</a>'
    out = prune_css(FONTS, _used(english))
    assert "Script" not in out and "s.woff2" not in out and 'html[lang=' not in out
    assert '@font-face{font-family:"Latin";src:url(l.woff2)}' in out
    arabic = '<html lang="ar" dir="rtl"><body><a href="../" hreflang="en" lang="en">English</a>'
    out = prune_css(FONTS, _used(arabic))
    assert 'html[lang="ar"]{--md-text-font-family:"Latin","Script",sans-serif}' in out
    assert '@font-face{font-family:"Script";src:url(s.woff2)}' in out


def test_a_font_some_rule_names_is_kept() -> None:
    css = '@font-face{font-family:Sym;src:url(x.woff2)}.t{font:1em Sym,serif}'
    assert "x.woff2" in prune_css(css, _used('<html lang="en"><p class="t">'))
    assert "x.woff2" not in prune_css(css, _used('<html lang="en"><p class="u">'))


def test_the_offline_copy_inlines_only_the_fonts_its_pages_use(tmp_path: Path) -> None:
    """The site's own fonts.css and font files, bundled and inlined as the offline copy does:
    the English tree's stylesheet carries Atkinson Hyperlegible Next and not the Arabic font
    (about 70 KB of base64 a page would load for nothing), the Arabic tree's carries both."""
    import base64
    import shutil

    from generator.emit.pdf import fonts
    from generator.publish.offline import inline_fonts

    root = Path(__file__).resolve().parents[2] / "overrides" / "assets"
    arabic = [f for f in fonts.FACES if f.family == fonts.ARABIC]
    assert arabic
    for tree, lang in ((tmp_path / "en", "en"), (tmp_path / "en" / "ar", "ar")):
        shutil.copytree(root / "fonts", tree / "assets" / "fonts")
        (tree / "assets" / "css").mkdir(parents=True)
        shutil.copyfile(root / "css" / "fonts.css", tree / "assets" / "css" / "fonts.css")
        # Material's stylesheet reads the font stack fonts.css sets
        (tree / "assets" / "css" / "main.css").write_text(
            "body{font-family:var(--md-text-font-family)}")
        other = "ar" if lang == "en" else "en"
        (tree / "index.html").write_text(
            f'<html lang="{lang}"><head><link rel="stylesheet" href="assets/css/main.css">'
            f'<link rel="stylesheet" href="assets/css/fonts.css"></head><body><a href="x" hreflang="{other}" lang="{other}">x</a></body></html>')
    bundle_stylesheets(tmp_path / "en", skip=["ar"])
    bundle_stylesheets(tmp_path / "en" / "ar")
    assert inline_fonts(tmp_path / "en") == 4  # the Latin styles only
    assert inline_fonts(tmp_path / "en" / "ar") == 4 + len(arabic)
    for tree, wanted in ((tmp_path / "en", False), (tmp_path / "en" / "ar", True)):
        (css,) = (tree / "assets" / "stylesheets").glob("site.*.css")
        text = css.read_text()
        for face in arabic:
            data = base64.b64encode((root / "fonts" / face.file).read_bytes()).decode()
            assert (data in text) is wanted, (tree, face.file)
        assert (fonts.ARABIC in text) is wanted
