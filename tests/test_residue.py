"""Residue cleaning: real residue lines go, real story lines that look alike stay.

Lines come from the seed documents (../shared/seeds), the dev corpora (aeb, fundus, htmldate:
trafilatura's output and the labelled bodies) and the demo site.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from newscrawl.extraction.residue import clean_text, is_date_line, normalise, residue_kind, residue_lines
from newscrawl.extraction.residue_patterns import kinds

SEEDS = Path(__file__).resolve().parent.parent.parent / "shared" / "seeds"

# (line, kind): every one of these must be recognised, as that kind.
RESIDUE = [
    # seeds: Caliber.az
    ("twitter", "social"),
    ("youtube", "social"),
    ("instagram", "social"),
    ("facebook", "social"),
    ("telegram", "social"),
    ("apple store", "social"),
    ("play market", "social"),
    ("night_theme", "ui"),
    ("ru", "ui"),
    ("arm", "ui"),
    ("search", "ui"),
    ("WHAT ARE YOU LOOKING FOR ?", "ui"),
    ("A+", "ui"),
    ("A-", "ui"),
    ("print", "ui"),
    ("copy link", "link_copied"),
    ("Ссылка скопирована", "link_copied"),
    ("Any use of materials is allowed only if there is a hyperlink to Caliber.az", "copyright"),
    ("REGION", "sections"),
    ("Views: 129", "counters"),
    ("Liked the story? Share it on social media!", "share"),
    ("02 December 2024 11:36", "date"),
    ("The most important news of Armenia, Georgia, Turkey and Iran", "related"),
    ("Caliber.Az", "sources"),
    # seeds: firstpost, teleSUR, Europe Observer
    ("date 2024-12-02", "date"),
    ("Sources 1/ https://Google.com/ 2/ https://www.firstpost.com/world/amid-syrian-rebels-offensive-iranian-foreign-minister-arrives-in-turkey-for-talks-13840674.html", "sources"),
    ("Families flee armed violence in Syria, Dec. 2024. X/ @The_NewArab", "image_credit"),
    ("December 4, 2024 Hour: 1:34 pm", "date"),
    ("RELATED:", "related"),
    ("Wednesday, December 4, 2024", "date"),
    ("HomeWorldMiddle EastSyria, Russia launch airstrikes on militant clusters in Aleppo", "ui"),
    ("RELATED ARTICLES", "related"),
    ("Most Popular", "related"),
    ("MORE FROM AUTHOR", "related"),
    # demo site
    ("Comments", "counters"),
    ("No comment", "counters"),
    ("MENAFN provides the information “as is” without warranty of any kind. We do not accept any responsibility or "
     "liability for the accuracy, content, images, videos, licenses, completeness, legality, or reliability of the "
     "information contained in this article.", "copyright"),
    # link copied, many languages
    ("Link copied", "link_copied"),
    ("Link kopiert", "link_copied"),
    ("Lien copié", "link_copied"),
    ("Enlace copiado", "link_copied"),
    ("Link copiato", "link_copied"),
    ("Bağlantı kopyalandı", "link_copied"),
    ("Посилання скопійовано", "link_copied"),
    ("تم نسخ الرابط", "link_copied"),
    # share prompts
    ("Like this story? Share it with a friend!", "share"),
    ("Share this article", "share"),
    ("Artikel teilen", "share"),
    ("Partager cet article", "share"),
    ("Поделиться", "share"),
    # counters
    ("12 comments", "counters"),
    ("- chat_bubble 0 Kommentare", "counters"),
    ("Tempo de leitura: 2 minutos", "counters"),
    ("Lesezeit: 2 Minuten", "counters"),
    ("412", "counters"),
    # copyright (aeb, fundus, htmldate)
    ("Caliber.az © 2024. .", "image_credit"),  # a caption-like credit line: removed either way
    ("Copyright 2019 Hawaii News Now. All rights reserved.", "copyright"),
    ("© The Financial Times Ltd. 2024", "copyright"),
    ("© dpa-infocom, dpa:230428-99-483045/5", "copyright"),
    ("Copyright: Project Syndicate, 2025", "copyright"),
    ("Copyright @ 2026 Media Group - mediaindonesia. All Rights Reserved", "copyright"),
    ("Copyright ⓒ Entermedia.co.kr. 무단전재 및 재배포 금지", "copyright"),
    ("Copyrights ⓒ 스포츠조선. 무단 전재 및 재배포 금지", "copyright"),
    ("© 2019 Associated Press. All Rights Reserved. This material may not be published, broadcast, rewritten, or redistributed.", "copyright"),
    ("Our Standards: The Thomson Reuters Trust Principles.", "copyright"),
    ("Gastkommentare und Beiträge von externen Autorinnen und Autoren wie dieser hier müssen nicht der Meinung der Redaktion entsprechen.", "copyright"),
    # newsletter and app prompts
    ("Pick Six Newsletter", "newsletter"),
    ("Thanks for signing up!", "newsletter"),
    ("Keep an eye on your inbox for the latest sports news.", "newsletter"),
    ("There was an error processing your subscription.", "newsletter"),
    ("Get the day’s top headlines delivered to your inbox every morning by subscribing to our newsletter.", "newsletter"),
    ("For the latest breaking news and stories from across the globe from the Daily Star, sign up for our newsletters .", "newsletter"),
    ("Abonnieren Sie unseren Newsletter", "newsletter"),
    ("Folgst du schon 20 Minuten auf Whatsapp?", "newsletter"),
    ("- Aktuelle Nachrichten aufs Handy? Hier geht es zur neuen WAZ-News-App – für Android und iOS.", "newsletter"),
    ("If you enjoyed this article, and were stimulated by its contents, we have a proposition for you: Join NRPLUS.", "newsletter"),
    # cookies and consent
    ("Durch die weitere Nutzung der Webseite stimmen Sie unserer Datenschutzerklärung und der Verwendung von Cookies zu. "
     "Wir verwenden Cookies, um Ihnen ein optimales Nutzererlebnis zu bieten.", "cookies"),
    ("We use cookies to improve your experience on our site.", "cookies"),
    ("Ich bin damit einverstanden, dass mir der externe Inhalt angezeigt wird.", "cookies"),
    # social
    ("Folge uns auf Facebook | Instagram", "social"),
    ("Síguenos en Facebook: La Prensa Oficial y en Twitter: @laprensaoem", "social"),
    ("Follow Newsbeat on Instagram, Facebook, Twitter and YouTube.", "social"),
    ("Email Tariq Malik at tmalik@space.com or follow him @tariqjmalik. Follow us on Twitter @Spacedotcom and on Facebook.", "social"),
    # related and read-more
    ("READ MORE: First look at Thorpe Park's terrifying new rollercoaster that's UK's tallest and fastest", "related"),
    ("Related: Possible Water Plumes on Europa: The Discovery in Images", "related"),
    ("Also on rt.com Journalists & politicians from Morales’ party threatened with sedition arrests", "related"),
    ("(Leggi anche su: I Cavalieri dello Zodiaco: ecco gli attori che interpreteranno Pegasus e co –FOTO)", "related"),
    ("Lire aussi : Solidarité. Don de plus de 3500 masques au Samu de Bayonne", "related"),
    ("Lesen Sie auch:", "related"),
    ("Auch interessant", "related"),
    ("ALSO READ | Serena donates signed dress to Australian bushfire appeal", "related"),
    ("FUNDA OLUNYE UDABA LAPHA | Kuboshwe abahlanu besolwa ngokugwaza umfundi", "related"),
    ("You may also like...", "related"),
    ("関連キーワード", "related"),
    ("【関連記事】", "related"),
    # image credits and captions
    ("Photo: AFP", "image_credit"),
    ("Foto: Frankfurter Buchmesse / Marc Jacquemin", "image_credit"),
    ("Image: eThekwini Municipality / Facebook", "image_credit"),
    ("Main image credit: Getty", "image_credit"),
    ("(Image credit: All About Space)", "image_credit"),
    ("Фото: Дмитрий Азаров, Коммерсантъ", "image_credit"),
    ("Fotoğraf, AA tarafından servis edilmiştir.", "image_credit"),
    ("Rubriklistenbild: © KCNA/dpa", "image_credit"),
    ("SKJER DET IGJEN?: Ole Gunnar Solskjær skal være høyaktuell til jobben. Foto: NTB", "image_credit"),
    # paywalls
    ("Il vous reste 57.09% de cet article à lire. La suite est réservée aux abonnés.", "paywall"),
    ("Tu suscripción se está usando en otro dispositivo", "paywall"),
    ("この記事は会員限定です。", "paywall"),
    ("有料会員になると会員限定の有料記事もお読みいただけます。", "paywall"),
    # affiliate disclosures
    ("If you buy something through this post, IGN may get a share of the sale. For more, learn more.", "disclosure"),
    # UI and comments
    ("You must confirm your public display name before commenting", "ui"),
    ("Would you like to comment on this article?", "ui"),
    ("Du musst Eingeloggt sein um Kommentare zu schreiben! oder noch gar nicht Registriert?", "ui"),
    ("- Advertisement 1Story continues below", "ui"),
    ("05/10/2018 - Publicado por: Clarissa Borba - Categoria: Saúde - Tags: sad", "ui"),
    ("完了しました", "ui"),
    ("Download: mp3 (30 MB) m4a (24 MB) opus (16 MB)", "ui"),
    # dates and times alone
    ("UPDATED: Tue., Nov. 19, 2019", "date"),
    ("2019-11-19T08:57:40+01:00", "date"),
    ("17:41 JST, October 13, 2024", "date"),
    ("05.08.2024, 20:59 Uhr", "date"),
    ("20 Nisan 2026•Güncelleme: 20 Nisan 2026", "date"),
    ("13 января 2020", "date"),
    ("jeudi 13 juin 2019", "date"),
    ("2025年1月14日 01時28分 (1月14日 01時40分更新)", "date"),
    # symbols
    ("|---|---|---|", "symbols"),
    ("* * *", "symbols"),
]

# Story lines that share words with residue: none may be touched.
STORY = [
    "A spokesperson for the NYAG declined to comment.",
    "Share market update: PSU bank shares gain; Canara Bank rises 1%",
    "That share compares with 8% of new investors in more traditional assets like stocks and bonds.",
    "“Copyright” also means copyright-like laws that apply to other kinds of works, such as semiconductor masks.",
    "Buchtitel-Copyright liegt bei Präsident Erdogan",
    "Throgs Neck resident Michael Lopiano shared that sentiment on Wednesday.",
    "I’m going to share a bit of my story so you know how I came up with this.",
    "Tottenham posted an image of Mourinho holding up a Tottenham shirt from its Twitter account on Wednesday, "
    "with the caption: \"Welcome Jose\".",
    "Russian troops continue to strike militant clusters in Syria. Numerous footage of militant columns being hit "
    "appears on social media.",
    "Nicolas Dupont-Aignan, leader of the party Debout la France (France Arise), commented on the news on X:",
    "Support from Iran",
    "Turkey’s position",
    "Russian air support",
    "Kontroversen um Klöckners Entscheidungen",
    "“We firmly support the Syrian army and government.”",
    "Iran, Türkiye, and Russia are the guarantor countries of the Astana peace process on Syria.",
    "Popular drinking hole The Idle Hour will be closing, and have said it's \"highly unlikely\" they'll be back in three weeks",
    "Warum Instagram-Posts von Influencern nicht automatisch Werbung sind",
    "Einige Internetnutzer fragten, ob er versuche, im Vorfeld der Parlamentswahlen 2024 Werbung für sich zu machen.",
    "Mehrfachantrag: Landwirt klagt wegen totaler Überwachung gegen FotoApp",
    "The actor stunned during a \"Dune: Part Two\" photo shoot in Paris.",
    "Im Fall des Fotografen Dennis S. kommt iRights aber zum Schluss:",
    "According to visual threat intelligence company Sensity, more than 90% of deepfake images are pornographic.",
    "Lebanon's Minister of Information did not respond to a request for comment.",
    "On December 1, the Syrian army conducted a series of counterattacks in the cities of Aleppo and Idlib.",
    "Araghchi is expected in the Turkish capital Ankara on Monday as Damascus’ allies and opponents try to adjust.",
    "Fazit",
    "Zuletzt 2013 gegen Brasilien erfolgreich",
    "Die Ursachen für den plötzlichen Temperaturanstieg in der Atmosphäre und den Ozeanen sind noch nicht geklärt.",
    "Sie haben die Wahl: Newsletter, Podcast oder Zeitung, sagte der Verleger am Montag in Berlin.",
    "宮崎県：高鍋町、新富町、宮崎市",
    "Ein Brandenburger Bio-Landwirt klagt gegen die Pflicht zur Nutzung einer FotoApp für die Agrarförderung.",
    "Who will replace Pochettino for Spurs? Here are some names to keep an eye on.",
]


@pytest.mark.parametrize("line,kind", RESIDUE)
def test_residue_line_is_recognised(line, kind):
    assert residue_kind(line) == kind
    assert residue_lines(f"A first paragraph of the story that stays.\n\n{line}") == [line]


@pytest.mark.parametrize("line", STORY)
def test_story_line_is_kept(line):
    assert residue_kind(line) is None
    assert clean_text(line).text == line.strip()


@pytest.mark.parametrize(
    "line,kept,cut",
    [
        ("Before arriving in Turkey, Araghchi visited Damascus to reaffirm Iran's support for the regime against "
         "opposition forces . Learn more",
         "Before arriving in Turkey, Araghchi visited Damascus to reaffirm Iran's support for the regime against "
         "opposition forces .", "Learn more"),
        ("Die Regierung hat das Gesetz am Freitag beschlossen. Weiterlesen »",
         "Die Regierung hat das Gesetz am Freitag beschlossen.", "Weiterlesen »"),
        ("He said he wanted to learn more", "He said he wanted to learn more", None),  # no sentence end before it
    ],
)
def test_link_word_glued_to_a_paragraph_is_cut(line, kept, cut):
    cleaned = clean_text(line)
    assert cleaned.text == kept
    assert ((cut, "glued") in cleaned.removed) == (cut is not None)


def test_icon_name_glued_to_a_share_prompt():
    cleaned = clean_text("share-lineLiked the story? Share it on social media!")
    assert cleaned.text == ""
    assert ("share-line", "glued") in cleaned.removed


def test_date_stamp_before_a_credit_line_goes_and_the_credit_is_handed_over():
    cleaned = clean_text("date 2024-12-02 (MENAFN- Khaama Press)\nIranian Foreign Abbas Araghchi met with Syrian President Bashar al-Assad.")
    assert cleaned.credits == ["(MENAFN- Khaama Press)"]
    assert cleaned.text == "Iranian Foreign Abbas Araghchi met with Syrian President Bashar al-Assad."


@pytest.mark.parametrize(
    "text,gone,kept",
    [
        # seed 003: a pointing heading takes the link title under it, the story goes on
        ("RELATED:\nSyrian Military Bolsters Defenses in Hama\n“Putin emphasized the need to bring an immediate end to "
         "the terrorist aggression,” the Kremlin informed.",
         ["RELATED:", "Syrian Military Bolsters Defenses in Hama"], ["the Kremlin informed."]),
        # fundus (waz): a quiet heading does not take the subhead that follows it
        ("Auch interessant\nKontroversen um Klöckners Entscheidungen\nTatsächlich hat Klöckner in den ersten Monaten "
         "ihrer Amtszeit mehrfach Kontroversen ausgelöst.",
         ["Auch interessant"], ["Kontroversen um Klöckners Entscheidungen"]),
        # fundus (chunichi): a paywall notice takes the short lines of its sales pitch
        ("南海トラフの臨時情報について気象庁が発表した。\nこの記事は会員限定です。\n紙の新聞の定期購読者の方は、無料で会員登録できます。\n"
         "- 中日プラスに登録すると\n- 会員向け記事が読み放題\n関連キーワード",
         ["この記事は会員限定です。", "- 会員向け記事が読み放題", "関連キーワード"], ["南海トラフの臨時情報について気象庁が発表した。"]),
    ],
)
def test_headings_reach_past_their_own_line(text, gone, kept):
    cleaned = clean_text(text)
    for line in gone:
        assert line not in cleaned.text
    for piece in kept:
        assert piece in cleaned.text


def test_site_name_alone_goes_only_when_the_site_is_known():
    text = "Story paragraph that stays in the text.\nCaliber"
    assert clean_text(text, site_names=("Caliber.az", "Caliber")).text == "Story paragraph that stays in the text."
    assert clean_text(text).text == text.replace("\n", "\n\n")


@pytest.mark.parametrize(
    "line,expected",
    [
        ("02 December 2024 11:36", True),
        ("Mo, 11:41 Uhr", True),
        ("Update vom 3. April 2019", True),
        ("4 of 5", False),
        ("December 4, 2024 was a cold day", False),
        ("Zuletzt 2013 gegen Brasilien erfolgreich", False),
    ],
)
def test_date_lines(line, expected):
    assert is_date_line(normalise(line)) is expected


@pytest.mark.parametrize("name", sorted(p.name for p in SEEDS.glob("*.txt")) or ["missing"])
def test_seed_texts_lose_all_their_residue(name):
    if name == "missing":
        pytest.skip("the shared seeds are not here")
    text = (SEEDS / name).read_text(encoding="utf-8")
    cleaned = clean_text(text, site_names=("Caliber.az", "Caliber"))
    assert cleaned.removed, "every seed holds residue"
    assert residue_lines(cleaned.text) == []
    assert "\n\n\n" not in cleaned.text
    for line in ("Ссылка скопирована", "Views: 129", "Learn more", "RELATED:", "Most Popular", "X/ @The_NewArab"):
        assert line not in cleaned.text


def test_seed_000_keeps_its_story_and_hands_over_the_byline():
    path = SEEDS / "000_859d66d06a52ec4d.txt"
    if not path.exists():
        pytest.skip("the shared seeds are not here")
    cleaned = clean_text(path.read_text(encoding="utf-8"), site_names=("Caliber.az",))
    assert cleaned.credits == ["By Khagan Isayev"]
    assert cleaned.text.startswith("Iran's FM arrives from Damascus")  # the headline goes in extract_body
    assert "Rebel commander Col. Hassan Abdulghani said separately" in cleaned.text
    assert {"twitter", "A-", "REGION", "Caliber.Az"} <= {line for line, _ in cleaned.removed}


def test_every_kind_compiles_and_has_patterns():
    names = {k.name for k in kinds()}
    assert {"share", "counters", "copyright", "newsletter", "cookies", "link_copied", "social", "related",
            "image_credit", "ui", "paywall", "sources", "sections", "disclosure"} <= names
    for kind in kinds():
        assert kind.pattern.pattern and kind.max_chars >= 60


def test_residue_lines_is_what_clean_text_removes():
    text = "\n\n".join(line for line, _ in RESIDUE) + "\n\n" + "\n\n".join(STORY)
    cleaned = clean_text(text)
    assert residue_lines(cleaned.text) == []
    assert cleaned.text.split("\n\n") == STORY


@pytest.mark.parametrize("line, is_residue", [
    # htmldate corpus, camping.info (a Vue CLI shell): the noscript notice is all the page text
    ("We're sorry but civ2-blog-frontend doesn't work properly without JavaScript enabled. Please enable it to continue.", True),
    ("Please enable JavaScript to view the comments powered by Disqus.", True),
    ("Bitte aktivieren Sie JavaScript in Ihrem Browser.", True),
    ("JavaScript is disabled in your browser.", True),
    ("The new JavaScript framework lets developers build apps faster, he said.", False),
    ("Without JavaScript enabled, the tax portal refused to load for thousands of users on Monday, officials said.", False),
])
def test_noscript_notices(line, is_residue):
    assert bool(residue_lines(line)) is is_residue
