"""One raw byline string -> people and agencies; credit lines inside the text.

Every string below was taken from the dev corpora (fundus, aeb, htmldate) or the seed documents.
"""
from __future__ import annotations

import pytest

from newscrawl.bylines import is_credit_line, split_byline
from newscrawl.bylines.names import Sites


@pytest.mark.parametrize(
    "raw, authors, agencies",
    [
        # seeds
        ("By Khagan Isayev", ["Khagan Isayev"], []),
        ("(MENAFN- Khaama Press)", [], ["Khaama Press"]),
        ("teleSUR/ JF Sources: EFE", [], ["teleSUR", "EFE"]),  # JF: an editor's initials
        # "A and B", "A und B", "A og B", commas, pipes
        ("Samya Kullab and Vasilisa Stepanenko", ["Samya Kullab", "Vasilisa Stepanenko"], []),
        ("Felix Schröder und Jörg Soldwisch, dpa", ["Felix Schröder", "Jörg Soldwisch"], ["dpa"]),
        ("Trine Juncher Jørgensen og Tôrtia Reimer-Johansen ", ["Trine Juncher Jørgensen", "Tôrtia Reimer-Johansen"], []),
        ("Lia Eustachewich, Yaron Steinbuch", ["Lia Eustachewich", "Yaron Steinbuch"], []),
        ("By Tariq Malik , Mike Wall", ["Tariq Malik", "Mike Wall"], []),
        ("By LISA MASCARO, MARY CLARE JALONICK and ERIC TUCKER", ["LISA MASCARO", "MARY CLARE JALONICK", "ERIC TUCKER"], []),
        ("Kimberly Miller and Gareth McGrath", ["Kimberly Miller", "Gareth McGrath"], []),
        ("Christal Hayes, Michael Collins, Nicholas Wu | USA TODAY", ["Christal Hayes", "Michael Collins", "Nicholas Wu"], ["USA TODAY"]),
        ("Rob Picheta, CNN | Rob Picheta, CNN", ["Rob Picheta"], ["CNN"]),
        # by-words of several languages, genre words before them
        ("Von: Simone Jung", ["Simone Jung"], []),
        ("Par Barbara Stiegler", ["Barbara Stiegler"], []),
        ("Af Ritzau", [], ["Ritzau"]),
        ("Eine Analyse von Patrick Diekmann", ["Patrick Diekmann"], []),
        ("vonKonstantin Furrer,Deutsche Presse-Agentur", ["Konstantin Furrer"], ["Deutsche Presse-Agentur"]),
        ("von Autor: Georg Holzer 09.08.13, 06:00", ["Georg Holzer"], []),
        # job titles, places, time stamps glued on
        ("By TOM KRISHER, AP Auto Writer", ["TOM KRISHER"], ["AP"]),
        ("By ROBERT BURNS, AP National Security Writer", ["ROBERT BURNS"], ["AP"]),
        ("By MEG KINNARD and ERRIN HAINES, Associated Press", ["MEG KINNARD", "ERRIN HAINES"], ["Associated Press"]),
        ("Jan Fleischhauer, deutscher Journalist, Kolumnist und Autor", ["Jan Fleischhauer"], []),
        ("By Tim Childers - Live Science Contributor", ["Tim Childers"], []),
        ("Associated Press in Valencia", [], ["Associated Press"]),
        ("By Nada Tawfik, BBC News, New York", ["Nada Tawfik"], ["BBC News"]),
        ("AFP, MANILA", [], ["AFP"]),
        ("Kolumne von Carla Siepmann - 24.03.2024", ["Carla Siepmann"], []),
        ("by Jeff Foust Monday, November 18, 2019", ["Jeff Foust"], []),
        ("By Associated Press12:20pm Jan 7, 2024", [], ["Associated Press"]),
        ("Carlos Nadalim 2 comentários", ["Carlos Nadalim"], []),
        ("By TPN, in News, Portugal, Business", [], ["TPN"]),
        ("정덕현 칼럼니스트 thekian1@entermedia.co.kr", ["정덕현"], []),
        ("칼럼니스트 박생강 pillgoo9@gmail.com", ["박생강"], []),
        # agencies apart from people
        ("Tom Davies Associated Press", ["Tom Davies"], ["Associated Press"]),
        ("Konstantin Furrer, Deutsche Presse-Agentur", ["Konstantin Furrer"], ["Deutsche Presse-Agentur"]),
        ("Paula Steiger, SDA", ["Paula Steiger"], ["SDA"]),
        ("Deutsche Presse-Agentur, MM-Redaktion", [], ["Deutsche Presse-Agentur", "MM-Redaktion"]),
        ("Agenzia ANSA | Redazione ANSA", [], ["Agenzia ANSA", "Redazione ANSA"]),
        ("(Quelle: APA/sda/dpa)", [], ["APA", "sda", "dpa"]),
        ("SDA/sep", [], ["SDA"]),
        ("mit dpa", [], ["dpa"]),
        ("Quellen: (Medical News Today) (Northwestern Medicine)", [], ["Medical News Today", "Northwestern Medicine"]),
        ("Additional reporting from PA", [], ["PA"]),
        ("ETMarkets.com", [], ["ETMarkets.com"]),
        # newsrooms ("Staff", "Web Desk") are agencies
        ("Guardian staff reporter", [], ["Guardian staff reporter"]),
        ("HNN Staff", [], ["HNN Staff"]),
        ("IN-Redaktion", [], ["IN-Redaktion"]),
        ("Scott Gilbertson,Gear Team", ["Scott Gilbertson"], ["Gear Team"]),
        ("Redacción La Razón 2", [], ["Redacción La Razón"]),
        ("By Takeo Maeda and Tatsuya Tanoue / Yomiuri Shimbun Staff Writers", ["Takeo Maeda", "Tatsuya Tanoue"], ["Yomiuri Shimbun Staff Writers"]),
        # labels: editors, photographers and translators are not authors
        ("(Reporting by Will Dunham; Editing by Tom Brown)", ["Will Dunham"], []),
        ("Words: Rudolf Fischer, Simon Kohler Photos: Simon Kohler", ["Rudolf Fischer", "Simon Kohler"], []),
        ("Text von Christian Seiler Illustration von Markus Roost", ["Christian Seiler"], []),
        ("Editor : Heryadi", [], []),
        ("Redaktion: Marcus Bensmann, Elena Müller", [], []),
        ("Aus dem Englischen von Jan Doolan", [], []),
        ("Contributing: Kristine Phillips", [], []),
        # names as they are
        ("Dr. Max Kolter", ["Dr. Max Kolter"], []),
        ("María R. Sahuquillo", ["María R. Sahuquillo"], []),
        ("Michelle de Oliveira", ["Michelle de Oliveira"], []),
        ("Perry Bacon Jr.", ["Perry Bacon Jr."], []),
        ("Андрей Колесников", ["Андрей Колесников"], []),
        ("ضحى عرفة", ["ضحى عرفة"], []),
        ("松岡大地", ["松岡大地"], []),
    ],
)
def test_split_byline(raw: str, authors: list[str], agencies: list[str]) -> None:
    got = split_byline(raw)
    assert list(got.authors) == authors
    assert list(got.agencies) == agencies


@pytest.mark.parametrize(
    "raw, site_names, authors, agencies, site",
    [
        ("n-tv NACHRICHTEN", ["n-tv.de"], [], [], ["n-tv NACHRICHTEN"]),
        ("Tanza Loudenback, Business Insider", ["Business Insider"], ["Tanza Loudenback"], [], ["Business Insider"]),
        ("Troy L. Smith, Cleveland.com", ["cleveland.com"], ["Troy L. Smith"], [], ["Cleveland.com"]),
        ("LTO", ["lto.de"], [], [], ["LTO"]),
        ("Le Monde", ["Le Monde.fr"], [], [], ["Le Monde"]),
        ("srf/hosb;kesm", ["Schweizer Radio und Fernsehen (SRF)"], [], [], ["srf"]),
        ("teleSUR/ JF Sources: EFE", ["teleSUR English"], [], ["EFE"], ["teleSUR"]),
    ],
)
def test_split_byline_drops_the_site_itself(raw, site_names, authors, agencies, site) -> None:
    got = split_byline(raw, Sites(site_names))
    assert (list(got.authors), list(got.agencies), list(got.site)) == (authors, agencies, site)


def test_split_byline_keeps_other_roles_apart() -> None:
    got = split_byline("(Reporting by Will Dunham; Editing by Tom Brown)")
    assert got.others == ("Tom Brown",)


@pytest.mark.parametrize(
    "line",
    [
        "By Khagan Isayev",
        "(MENAFN- Khaama Press)",
        "teleSUR/ JF Sources: EFE",
        "(Quelle: APA/sda/dpa)",
        "SDA/sep",
        "IN-Redaktion",
        "AA",
        "Quelle: ntv.de",
        "mit dpa",
        "With files from The Associated Press and Mohamed El Saife",
        "- – additional reporting by Donald Matthys",
        "Additional reporting from PA",
        "(Reporting by Will Dunham; Editing by Tom Brown)",
        "Reporting by Jason Hovet",
        "Contributing: Kristine Phillips",
        "With Post wires",
        "정덕현 칼럼니스트 thekian1@entermedia.co.kr",
        "von Manuela Conrad",
        "Von Vanessa Franke",
        "von Josef Kastner, Marieke Hübner und Imke Schlömer",
        "By Nada Tawfik, BBC News, New York",
        "Autorin: Alys Arden",
        "Redaktion: Marcus Bensmann, Elena Müller",
        "Faktencheck: Marcus Bensmann",
        "Aus dem Englischen von Jan Doolan",
        "Photo: AFP",
    ],
)
def test_is_credit_line(line: str) -> None:
    assert is_credit_line(line)


@pytest.mark.parametrize(
    "line",
    [
        "By the end of the day",
        "By comparison, Haniyeh, who ruled in exile from Qatar, often took a more moderate and pragmatic stance.",
        "By chance, not long afterwards, some lifelike prehistoric models were being auctioned in nearby Windsor.",
        "By the time we realised what was happening, it was already too late.",
        "By entering this store you agree to be bound by the FoodCorp™ Privacy Statement and End User Licence Agreement (EULA).",
        "Von München bis Aachen: Im Netz der China-Agenten",
        "Von Sprachregeln, Gender-Politik und «ganz normalem Deutsch»",
        "Mit Blick auf den aktuellen mutmaßlichen Brandanschlag in Berlin hat die Polizei noch keine Erkenntnisse, die in diese Richtung zielen.",
        "Mit Transalp-Tuning geht's leichter",
        "Mit wem würdest du gerne einmal angeln?",
        "With the pathlib module we can!",
        "With reporting by Associated Press writer Sheikh Saaliq",
        "With up to 40 hours of battery life, Beats Solo3 wireless is your perfect everyday headphone",
        "Das Gespräch führte Peter Hanselmann.",
        "—Associated Press writer John Leicester in Paris contributed to this report.",
        "Adrienne So, Martin Cizmar, and Matt Jancer contributed to this guide.",
        "Indictments unsealed as head of prison agency testified before Congress",
        "PG&E begins new mass power shutoff over fire danger",
        "PS4 DualShock Controller in Crystal for $39.99",
        "- Photos: Europa, Mysterious Icy Moon of Jupiter",
        "| Witham | Priti Patel | withammp@parliament.uk |",
        "Fatma Sevinç Çetin",
        "MTHOBISI SITHOLE",
        "ÇORUM",
        "Ankara",
        "Reuters",
        "Capital",
        "Kort fortalt",
        "Hip-Hop und Autos",
        "Lesedauer: 4 Minuten",
        "Sendung: Antenne Brandenburg, 24.04.2024, 15:10 Uhr",
        "Copyright: Project Syndicate, 2025",
        "Die Autorin",
        "Quelle: Deutscher Jagdverband (DJV), 02. Februar 2022, Berlin",
        "BY-NC-SA: Namensnennung, nicht kommerziell und Weitergabe unter gleichen Bedingungen",
        "–¿Por qué?",
        "",
    ],
)
def test_is_not_credit_line(line: str) -> None:
    assert not is_credit_line(line)
