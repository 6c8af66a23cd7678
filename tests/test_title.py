"""Headlines without the site name glued on. Every string below is taken from a page of the dev corpora."""
from __future__ import annotations

import html

import pytest

from newscrawl.page.document import Page
from newscrawl.extraction.title import domain_label, extract_title, site_keys, strip_site


def page(url: str, *, title: str | None = None, og: str | None = None, twitter: str | None = None,
         site_name: str | None = None, ld: str | None = None, h1: tuple[str, ...] = (), raw_head: str = "") -> Page:
    """A page holding the given headline candidates, each as the source would write it."""
    head = []
    if title is not None:
        head.append(f"<title>{html.escape(title, quote=False)}</title>")
    if og is not None:
        head.append(f'<meta property="og:title" content="{html.escape(og)}">')
    if twitter is not None:
        head.append(f'<meta name="twitter:title" content="{html.escape(twitter)}">')
    if site_name is not None:
        head.append(f'<meta property="og:site_name" content="{html.escape(site_name)}">')
    if ld is not None:
        head.append('<script type="application/ld+json">{"@type": "NewsArticle", "headline": %s}</script>' % ld)
    body = "".join(f"<h1>{html.escape(h, quote=False)}</h1>" for h in h1)
    doc = f"<html><head>{''.join(head)}{raw_head}</head><body>{body}<p>Text.</p></body></html>"
    return Page(url, doc.encode("utf-8"))


def ld_json(text: str) -> str:
    import json

    return json.dumps(text, ensure_ascii=False)


@pytest.mark.parametrize(("url", "candidates", "expected"), [
    # "Headline - Section - Site" beside the bare headline
    ("https://www.derstandard.at/story/3000000218734/nach-kalifat-rufen",
     dict(title="Nach Kalifat-Rufen in Hamburg: Sind wir zu sanft zu Islamisten? - Panorama - derStandard.at › Panorama",
          og="Nach Kalifat-Rufen in Hamburg: Sind wir zu sanft zu Islamisten?", site_name="DER STANDARD"),
     "Nach Kalifat-Rufen in Hamburg: Sind wir zu sanft zu Islamisten?"),
    # only a <title>: the site is known from the domain
    ("https://www.diepresse.com/19765800/nennen-wir-ihn-doch-golf-von-nordamerika",
     dict(title="Nennen wir ihn doch Golf von Nordamerika – DiePresse.com"),
     "Nennen wir ihn doch Golf von Nordamerika"),
    ("https://www.sn.at/politik/innenpolitik/ex-ministerin-raab-chefin-migrations-thinktank-179519341",
     dict(title="Ex-Ministerin Raab neue Chefin von Migrations-Thinktank | SN.at"),
     "Ex-Ministerin Raab neue Chefin von Migrations-Thinktank"),
    ("https://www.wsj.com/articles/is-football-violence-a-crime-11574121884",
     dict(title="Is Football Violence a Crime? - WSJ"), "Is Football Violence a Crime?"),
    ("https://www.thespacereview.com/article/3834/1",
     dict(title="The Space Review: Seeking a bigger role for a big rocket", h1=("Seeking a bigger role for a big rocket",)),
     "Seeking a bigger role for a big rocket"),
    ("https://news.sky.com/story/jose-mourinho-agrees-deal-to-replace-mauricio-pochettino",
     dict(title="Jose Mourinho agrees deal to replace Mauricio Pochettino as Tottenham manager | UK News | Sky News",
          site_name="Sky News"),
     "Jose Mourinho agrees deal to replace Mauricio Pochettino as Tottenham manager"),
    # the site named by og:site_name, in several scripts and separators
    ("https://www.namibian.com.na/nam-sa-green-hydrogen-pipeline-flagged/",
     dict(og="Nam, SA Green hydrogen pipeline flagged - The Namibian", site_name="The Namibian",
          h1=("Nam, SA Green hydrogen pipeline flagged", "… environmental groups concerned")),
     "Nam, SA Green hydrogen pipeline flagged"),
    ("https://www.asahi.com/articles/AST1F4445T1FUTIL02SM.html",
     dict(og="宮崎県で震度5弱、高知と宮崎に1メートルの津波注意報\u3000気象庁：朝日新聞デジタル", site_name="朝日新聞デジタル"),
     "宮崎県で震度5弱、高知と宮崎に1メートルの津波注意報 気象庁"),
    ("https://mainichi.jp/articles/20250114/k00/00m/030/335000c",
     dict(ld=ld_json("イスラエルとハマスの停戦「最も合意に近い」\u3000最終案に双方同意か - 毎日新聞"),
          og="イスラエルとハマスの停戦「最も合意に近い」\u3000最終案に双方同意か | 毎日新聞", site_name="毎日新聞"),
     "イスラエルとハマスの停戦「最も合意に近い」 最終案に双方同意か"),
    ("https://money.udn.com/money/story/5603/4909425",
     dict(og="索尼、鎧俠業績遭波及 已向美申請供貨華為 | 兩岸焦點 | 兩岸 | 經濟日報", site_name="經濟日報"),
     "索尼、鎧俠業績遭波及 已向美申請供貨華為"),
    ("https://www.thegatewaypundit.com/2026/07/as-protests-grow-dismissal-defense-minister-fedorov-zelensky/",
     dict(og="As Protests Grow Over Dismissal of Defense Minister Fedorov, Zelensky Is Now Considering Firing Top General "
             "Syrsky * The Gateway Pundit * by Paul Serran", site_name="The Gateway Pundit"),
     "As Protests Grow Over Dismissal of Defense Minister Fedorov, Zelensky Is Now Considering Firing Top General Syrsky"),
    # <title> = h1 + " | X": agreement, without knowing the site's name
    ("https://www.tageszeitung.it/2025/04/01/unermuedlicher-einsatz-2/",
     dict(og="„Unermüdlicher Einsatz“ - Die Neue Südtiroler Tageszeitung", h1=("„Unermüdlicher Einsatz“",),
          title="„Unermüdlicher Einsatz“ – Die Neue Südtiroler Tageszeitung"),
     "„Unermüdlicher Einsatz“"),
    # a kicker before the headline in some sources only
    ("https://www.tagesanzeiger.ch/chiesa-ruft-zum-politischen-widerstand-gegen-asylpolitik-auf-150193073111",
     dict(ld=ld_json("SVP-Sonderparteitag zur Migration: Chiesa ruft zum «politischen Widerstand» gegen die Schweizer "
                     "Asylpolitik auf"),
          og="Chiesa ruft zum «politischen Widerstand» gegen die Schweizer Asylpolitik auf", site_name="Tages-Anzeiger"),
     "Chiesa ruft zum «politischen Widerstand» gegen die Schweizer Asylpolitik auf"),
    # two different kickers before the same headline
    ("https://www.srf.ch/news/international/eskalation-im-nahen-osten-die-israelische-zurueckhaltung-hat-viel-mit-den-usa-zu-tun",
     dict(og="Iranischer Angriff auf Israel: «Die israelische Zurückhaltung hat viel mit den USA zu tun»",
          h1=("Eskalation im Nahen Osten - «Die israelische Zurückhaltung hat viel mit den USA zu tun»",),
          site_name="Schweizer Radio und Fernsehen (SRF)"),
     "«Die israelische Zurückhaltung hat viel mit den USA zu tun»"),
    # a quotation before a colon is the headline, not a kicker (and "Economists" is not "economists")
    ("https://financialpost.com/news/economy/economists-weigh-in-jobs-report",
     dict(ld=ld_json("'Ends recession debate': economists weigh in on the latest jobs report"),
          title="Economists weigh in on the latest jobs report | Financial Post", site_name="financialpost"),
     "'Ends recession debate': economists weigh in on the latest jobs report"),
    # a dash inside a quotation is not a separator
    ("https://www.dailystar.co.uk/travel/travel-news/i-sell-walt-disney-world-32645619",
     dict(og="'I sell Disney World holidays - booking the right day could save you thousands'",
          h1=("'I sell Walt Disney World holidays - booking the right day could save you thousands'",),
          title="'I sell Walt Disney World holidays - booking the right day could save you thousands' - Daily Star",
          site_name="Daily Star"),
     "'I sell Disney World holidays - booking the right day could save you thousands'"),
    # "–" in JSON-LD, "-" in og:title: the same headline
    ("https://www.vg247.com/2019/11/20/star-wars-jedi-fallen-order-pc-review/",
     dict(ld=ld_json("Star Wars Jedi: Fallen Order review – shoots for the moon, lands among the stars"),
          og="Star Wars Jedi: Fallen Order review - shoots for the moon, lands among the stars - VG247"),
     "Star Wars Jedi: Fallen Order review – shoots for the moon, lands among the stars"),
    # the domain's name inside a longer piece is not the site
    ("https://blog.comwrap.com/comwrap-auf-der-dmexco-2018",
     dict(title="Take C.A.R.E. - comwrap auf der DMEXCO 2018"), "Take C.A.R.E. - comwrap auf der DMEXCO 2018"),
    # a pipe after a kicker stays
    ("https://www.timeslive.co.za/sunday-times-daily/business/2025-05-21-2025-budget-30-sars-gets-r4bn-to-hire-army-of-debt-collectors/",
     dict(ld=ld_json("BUDGET 3.0 | Sars gets R4bn to hire army of debt collectors"),
          og="BUDGET 3.0 | Sars gets R4bn to hire army of debt collectors"),
     "BUDGET 3.0 | Sars gets R4bn to hire army of debt collectors"),
    # sections after pipes in a <title>
    ("https://www.mactechnews.de/forum/discussion/kein-App-Store-mehr-ueber-Mobile-Daten-mit-iOS-13--338679.html",
     dict(title="kein App Store mehr über Mobile Daten mit iOS 13 ? | iPhone | Forum | MacTechNews.de"),
     "kein App Store mehr über Mobile Daten mit iOS 13 ?"),
    # og:title that is the site's name
    ("https://www.biathlonworld.com/de/news",
     dict(og="International Biathlon Union - IBU", site_name="International Biathlon Union - IBU",
          h1=("Peking 2022 – Eine große Chance für den chinesischen Biathlonsport",),
          title="Peking 2022 – Eine große Chance für den chinesischen Biathlonsport"),
     "Peking 2022 – Eine große Chance für den chinesischen Biathlonsport"),
    # an <h1> nothing agrees with ("Roma") is a section name, not the headline
    ("https://roma.repubblica.it/cronaca/2025/01/05/news/laziale_ebreo_striscione_antisemita_tangenziale-423921494/",
     dict(h1=("Roma", "Roma", '"Laziale ebreo" e due svastiche: striscione antisemita sulla tangenziale alla vigilia del derby'),
          title='"Laziale ebreo" e due svastiche: striscione antisemita sulla tangenziale alla vigilia del derby - la Repubblica',
          site_name="la Repubblica"),
     '"Laziale ebreo" e due svastiche: striscione antisemita sulla tangenziale alla vigilia del derby'),
    # JSON-LD cut at a length limit, or with an ellipsis, while other sources hold the whole headline
    ("https://www.sudinfo.be/id300074/article/2020-12-24/il-brise-le-couvre-feu",
     dict(ld=ld_json("Il brise le couvre-feu et est surpris au volant à 23h30 à Mellet: «Je me fiche pas mal de ces mesures et du"),
          og="Il brise le couvre-feu et est surpris au volant à 23h30 à Mellet: «Je me fiche pas mal de ces mesures et du gouvernement!»",
          twitter="Il brise le couvre-feu et est surpris au volant à 23h30 à Mellet: «Je me fiche pas mal de ces mesures et du gouvernement!»"),
     "Il brise le couvre-feu et est surpris au volant à 23h30 à Mellet: «Je me fiche pas mal de ces mesures et du gouvernement!»"),
    ("https://www.thescottishsun.co.uk/news/11491563/snp-cabinet-minister-racks-up-roaming",
     dict(ld=ld_json("SNP cabinet minister Michael Matheson racks up £11k roaming charges on iPad in Morocco..."),
          h1=("SNP cabinet minister Michael Matheson racks up £11k roaming charges on iPad in Morocco",),
          title="SNP cabinet minister Michael Matheson racks up £11k roaming charges on iPad in Morocco | The Scottish Sun"),
     "SNP cabinet minister Michael Matheson racks up £11k roaming charges on iPad in Morocco"),
    # entities left in JSON-LD are decoded
    ("https://www.haberturk.com/turkiye-de-orman-yanginlari-yanginlarda-son-durum-guncel-haberler-3700095",
     dict(ld=ld_json("Türkiye&#039;de orman yangınları! Yangınlarda son durum!")),
     "Türkiye'de orman yangınları! Yangınlarda son durum!"),
    ("https://www.thegatewaypundit.com/2023/04/new-plot-twist-in-idaho-quadruple-murders-case/",
     dict(ld=ld_json("New Plot Twist in Idaho Quadruple Murders Case: Surviving Roommate Agrees to Interview with "
                     "Kohberger&#8217;s Defense Lawyers")),
     "New Plot Twist in Idaho Quadruple Murders Case: Surviving Roommate Agrees to Interview with Kohberger’s Defense Lawyers"),
    # whitespace folded, soft hyphens dropped
    ("https://www.lto.de/recht/hintergruende/h/gaza-waffen",
     dict(title="Waffenlieferungen an Israel:\n    Paläs\u00adti\u00adnenser legt Ver\u00adfas\u00adsungs\u00adbe\u00adschwerde ein"),
     "Waffenlieferungen an Israel: Palästinenser legt Verfassungsbeschwerde ein"),
])
def test_headline(url, candidates, expected):
    assert extract_title(page(url, **candidates)) == expected


def test_sitemap_title_comes_first_and_is_stripped_too():
    p = page("https://www.tagesanzeiger.ch/trump-plant-helikopterlandeplatz-beim-weissen-haus-558607976855",
             ld=ld_json("Trump plant Helikopterlandeplatz beim Weissen Haus"), site_name="Tages-Anzeiger",
             og="Trump plant Helikopter\u00adlandeplatz – während sein Ballsaal-Projekt stockt")
    hint = {"title": "Trump plant Helikopter\u00adlandeplatz – während sein Ballsaal-Projekt stockt | Tages-Anzeiger"}
    assert extract_title(p, hints=hint) == "Trump plant Helikopterlandeplatz – während sein Ballsaal-Projekt stockt"
    assert extract_title(p) == "Trump plant Helikopterlandeplatz beim Weissen Haus"


def test_the_page_spells_the_sitemap_title_with_its_own_typography():
    """The demo's Silk Road Times page: the news sitemap gives 'bravery', the page ‘bravery’."""
    p = page("https://silkroad.test/world/2024/12/02/araghchi-praises-assad-bravery-in-damascus-talks/",
             og="Araghchi praises Assad's ‘bravery’ in Damascus talks", site_name="Silk Road Times")
    assert extract_title(p, hints={"title": "Araghchi praises Assad's 'bravery' in Damascus talks"}) == \
        "Araghchi praises Assad's ‘bravery’ in Damascus talks"
    # other words in the sitemap still win
    assert extract_title(p, hints={"title": "Araghchi praises Assad in Damascus"}) == "Araghchi praises Assad in Damascus"


def test_a_kicker_is_cut_from_every_source_that_carries_it():
    p = page("https://www.n-tv.de/politik/Trump-spricht-nach-Tanker-Stuermung-ueber-Bodeneinsaetze-id30134161.html",
             og="Trump spricht nach Tanker-Stürmung über Bodeneinsätze", site_name="ntv.de",
             ld=ld_json('"Es wird bald beginnen": Trump spricht nach Tanker-Stürmung über Bodeneinsätze'))
    hint = {"title": '"Es wird bald beginnen": Trump spricht nach Tanker-Stürmung über Bodeneinsätze - ntv.de'}
    assert extract_title(p, hints=hint) == extract_title(p) == "Trump spricht nach Tanker-Stürmung über Bodeneinsätze"


def test_no_headline_at_all():
    assert extract_title(Page("https://carta.info/x/", b"<html><head><title>carta.info</title></head><body><p>x</p></body></html>")) is None
    assert extract_title(Page("https://example.org/", b"<html><body><p>no title</p></body></html>")) is None


@pytest.mark.parametrize(("text", "names", "expected"), [
    ("Jose Mourinho agrees deal to replace Mauricio Pochettino as Tottenham manager | UK News | Sky News", ["Sky News"],
     "Jose Mourinho agrees deal to replace Mauricio Pochettino as Tottenham manager | UK News"),
    ("Your $1 bill could be worth up THOUSANDS - here's how to check if you have the rare buck | Daily Mail Online",
     ["Mail Online"], "Your $1 bill could be worth up THOUSANDS - here's how to check if you have the rare buck"),
    ("Silicon Valley Bank: Federal Reserve räumt Versäumnisse bei Aufsicht ein - DER SPIEGEL", ["spiegel"],
     "Silicon Valley Bank: Federal Reserve räumt Versäumnisse bei Aufsicht ein"),
    ("Disfunctions.de » Blog Archiv » Podcasts in Plex einbinden", ["disfunctions.de"], "Blog Archiv » Podcasts in Plex einbinden"),
    ("Bericht: Aktivistin getötet - Irans Justiz dementiert", ["mz.de", "mz"], "Bericht: Aktivistin getötet - Irans Justiz dementiert"),
])
def test_strip_site(text, names, expected):
    keys = {"".join(ch for ch in n.casefold() if ch.isalnum()) for n in names}
    assert strip_site(text, keys) == expected


@pytest.mark.parametrize(("domain", "label"), [
    ("www.dailymail.co.uk", "dailymail"), ("spiegel.de", "spiegel"), ("news.sky.com", "sky"),
    ("9news.com.au", "9news"), ("mainichi.jp", "mainichi"), ("sn.at", "sn"),
])
def test_domain_label(domain, label):
    assert domain_label(domain) == label


def test_site_keys_gather_every_name_the_outlet_goes_by():
    p = page("https://www.theglobeandmail.com/business/article-x/", site_name="The Globe and Mail",
             raw_head='<script type="application/ld+json">{"@type": "NewsArticle", "headline": "H", '
                      '"publisher": {"@type": "Organization", "name": "Globe Media"}}</script>')
    assert {"theglobeandmail", "globemedia", "theglobeandmailcom"} <= site_keys(p)
