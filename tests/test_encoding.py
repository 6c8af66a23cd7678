"""Decoding page bytes: real sentences of the corpora, encoded the ways the web encodes them."""
from __future__ import annotations

import codecs

import pytest

from newscrawl.page.decode import decode_html, declared_charset, fix_mojibake, utf8_share
from newscrawl.page.charset import guess_codec, language_hint

SENTENCES = {  # language -> (page it comes from, text)
    'de': ('https://www.derstandard.at/story/3000000218734/nach-kalifat-rufen-in-hamburg-sind-wir-zu-sanft-zu-islamisten?ref=rss',
        'Auch in Österreich stellt sich nun die Frage, wie die Antwort im Umgang mit religiösen Fanatikern aussehen soll – und wie groß das Problem der Radikalisierung tatsächlich ist Um seine'),
    'fr': ('https://www.lemonde.fr/politique/article/2023/08/30/sophie-binet-met-en-garde-emmanuel-macron-sur-la-gravite-de-la-situation-dans-le-pays_6187099_823448.html',
        'La défiance est telle, selon elle, qu’elle joue en faveur de l’extrême droite. Sous les dorures du palais de l’Elysée, ils ont fait connaissance et mesuré l’étendue de leurs divergences'),
    'es': ('https://www.eldiario.es/internacional/israel-asesina-sabado-58-palestinos-madrid-gana-fuerza-solucion-estados_1_12328678.html',
        'El encuentro está abordando “recabar apoyo internacional al reconocimiento del Estado palestino” de cara a la conferencia por la paz que se celebrará el 18 de junio en Nueva York, en el'),
    'pt': ('http://comoeducarseusfilhos.com.br/blog/uma-palinha-das-brincadeiras-musicais-do-grupo-serelepe/',
        'Carlos: Estou aqui ao lado do Eugênio Tadeu, que já é de casa. Carlos: Daquele famoso vídeo em que apresentei o Rodapião. A gente agradece muito ao Carlos, ele divulgou bastante o trabalho'),
    'it': ('https://www.ilgiornale.it/news/difesa/i-jet-russi-accendono-i-motori-norad-che-dispiega-aerei-nell-2432841.html',
        'Questa regione non è significativa solo per la sicurezza degli Stati Uniti e del Canada, che sono membri del Comando della Difesa Aerospaziale del Nord America (Norad), ma ha anche un'),
    'da': ('https://jyllands-posten.dk/jpaarhus/ECE17819867/hun-voksede-op-blandt-narkomaner-blottere-og-boernelokkere-jeg-synes-det-var-en-styrke/',
        'Det er udgangspunktet for tilværelsen og for menuen i hendes nye restaurant i Guldsmedgade. Kaos og kreativitet krydret med lidt kærlighed. Stine Ilona Eilertzen sidder ved et af bordene i'),
    'no': ('https://www.dagbladet.no/nyheter/nordmann-domt-til-livstid/81348547',
        'En norsk mann i 40-åra ble tidligere i år kjent skyldig i å ha utført groteske kroppsmodifikasjoner på flere andre menn i London. Nå har han blitt dømt til livstid i fengsel med en'),
    'sv': ('https://www.aftonbladet.se/nyheter/a/Ard8wM/hanna-18-forsvunnen-i-uddevalla',
        'Polisen har nu inlett en särskild händelse. – Allmänhet har hittat kläder som kan tillhöra henne, säger Johan Håkansson från polisen. 18-åriga Hanna anmäldes som försvunnen i Uddevalla den'),
    'fi': ('https://yle.fi/uutiset/3-11212601',
        'Pimeään vuodenaikaan nukumme huonommin, syömme epäterveellisemmin ja tapaamme harvemmin muita ihmisiä. Terveyden ja hyvinvoinnin laitoksen (THL) tutkimusprofessori Timo Partonen on'),
    'ca': ('https://www.elvallenc.cat/societat/vallsconfinat-continua-amb-mes-novetats/',
        'Aquesta tasca ha consistit fins ara a crear contingut, com ara enquestes, jocs i reptes sobre Valls, així com a compartir les iniciatives que entitats i veïnat vallenc han impulsat durant'),
    'sq': ('https://www.koha.net/kronike-e-zeze/233165/arrestohen-dy-persona-ne-peje-per-organizim-te-lojerave-te-fatit/',
        'Ata po ashtu nuk kanë respektuar vendimet e lëshuar nga Qeveria. “Njësitetet policore dhe inspektorët komunal në vendin e ngjarjes kanë gjetur dhe konfiskuar: një çelës të lokalit, 677 çipa'),
    'en': ('seed 000_859d66d06a52ec4d (caliber.az)',
        'Iran’s Foreign Minister Abbas Araghchi has arrived in Ankara to discuss bilateral and regional issues with '
        'high-ranking Turkish officials. Regional developments, especially the current situation in Syria'),
    'pl': ('https://trojmiasto.wyborcza.pl/trojmiasto/7,35612,25651465,jest-nowy-prezes-grupy-lotos-ma-doswiadczenie-na-kierowniczych.html',
        'Był członkiem zarządu Airport Cleaning Service oraz rady nadzorczej Jelcza i ZEM Łabędy. O tym, że na stanowisku prezesa zarządu Grupy Lotos zasiądzie Paweł Jan Majewski, zdecydowała rada'),
    'hu': ('https://www.baon.hu/eletstilus/gyogyulas-utan-is-kiserheti-kronikus-faradtsag-es-poszttraumas-stressz-a-koronavirust-2928554/',
        '"Küzdöttél, de már nem lehet, a csend ölel át és a szeretet. " Mély fájdalommal tudatjuk, hogy MIHALA LÁSZLÓ ATTILA kecskeméti lakos, életének 78. 00 órakor lesz a széchenyivárosi'),
    'hr': ('https://avaz.ba/kantoni/republika-srpska/604722/generalni-direktor-eprs-pozitivan-na-koronavirus',
        'Petrović je ovu informaciju potvrdio na svom Facebook profilu. - Dragi prijatelji, želim da vas obavijestim da sam i ja "zakačio" koronavirus, pošast s kojom se bori cijeli svijet. Čuvajte'),
    'ru': ('https://www.kommersant.ru/doc/7715044',
        'Но оказалось, что главная интрига содержалась в самом конце, когда лидеры двух стран уже зачитали свои неизбежные заявления. В то время как все в этот день были маниакально озабочены'),
    'bg': ('https://www.actualno.com/haskovo/obshtina-haskovo-osiguri-komputri-i-tableti-na-deca-v-socialni-obshtejitija-news_1509983.html',
        'Това се случи в резултат на реализиран проект, финансиран от Фонд “Социална закрила“ към Министерството на труда и социалната политика. Осигурените по проекта девет преносими компютри с'),
    'tr': ('https://www.aa.com.tr/tr/ekonomi/turkiyede-elektrikli-arac-sarj-istasyonu-sayisi-11-bini-asti/3529015',
        'Ankara Bakan Uraloğlu, yazılı açıklamasında, elektrikli araç üretiminin ve bu araçlara talebin artmasıyla ülke genelinde şarj altyapısının da hızla büyüdüğünü belirtti. Uraloğlu, elektrikli'),
    'ar': ('https://arabic.sputniknews.com/arab_world/202003171044893040-%D9%85%D8%B5%D8%B1-%D8%AA%D8%B3%D8%AC%D9%84-30-%D8%A5%D8%B5%D8%A7%D8%A8%D8%A9-%D8%AC%D8%AF%D9%8A%D8%AF%D8%A9-%D9%88%D8%AD%D8%A7%D9%84%D8%AA%D9%8A-%D9%88%D9%81%D8%A7%D8%A9-%D8%A8%D9%81%D9%8A%D8%B1%D9%88%D8%B3-%D9%83%D9%88%D8%B1%D9%88%D9%86%D8%A7/',
        'وأوضح الدكتور خالد مجاهد، المتحدث الرسمي للوزارة، أن الحالات الجديدة التي ثبتت إيجابيتها لفيروس كورونا المستجد، اليوم، جميعها من المصريين المخالطين للحالات الإيجابية التي تم اكتشافها'),
    'fa': ('https://www.khabaronline.ir/news/1353889/تحلیل-روزنامه-اصولگرا-از-دعوت-اصلاح-طلبان-به-حضور-مردم-در-انتخابات',
        '» در ادامه بیانیه، میتوان دریافت که زیرآبی رفتن برخی نمایندگان مجلس در چهار سال گذشته و نداشتن فعالیت جناحی در صحن علنی، در حالی که در انتخابات ۹۴ با لیست اصلاحطلبان وارد مجلس شدند، از'),
    'th': ('http://auto-door16814.ttblogs.com/2028064/%E0%B8%9C-%E0%B8%9C%E0%B8%A5-%E0%B8%95-%E0%B9%81%E0%B8%A5%E0%B8%B0%E0%B8%88%E0%B8%B3%E0%B8%AB%E0%B8%99-%E0%B8%B2%E0%B8%A2%E0%B9%82%E0%B8%8B-%E0%B8%AD-%E0%B8%95%E0%B8%AA%E0%B8%B2%E0%B8%AB%E0%B8%81%E0%B8%A3%E0%B8%A3%E0%B8%A1%E0%B8%97-%E0%B8%81%E0%B8%9B%E0%B8%A3%E0%B8%B0%E0%B9%80%E0%B8%A0%E0%B8%97-%E0%B8%97-%E0%B8%81%E0%B8%8A%E0%B8%99-%E0%B8%94',
        'ผู้ผลิต และจำหน่ายโซ่อุตสาหกรรมทุกประเภท ทุกชนิด ผู้ผลิต และจำหน่ายโซ่อุตสาหกรรมทุกประเภท ทุกชนิด Blog Article โซ่พลาสติ'),
    'ko': ('http://entermedia.co.kr/news/news_view.html?idx=8576&page=1&bc=03&mc=08&find=&sch_date=',
        '그건 이 사안을 두고 벌어진 엘제이와 류화영의 진실공방이 어떤 결론을 내더라도 잘못된 일이다. 타인의 동의를 구하지 않고 일방적으로 두 사람의 관계를 담은 사진을 SNS에 공개한다는 건 분명한 사생활 침해이고, 나아'),
    'zh-cn': ('http://www.banyuetan.org/jmcs/detail/20200102/1000200033136171577956287380194268_1.html',
        '为了上网推介、售卖家乡特产，安化县一块花生地里正录制视频 李尕 摄 “数字”赋能农业 无土栽培、立体种植、智能调控、四季生产……在益阳一个智慧农业园区里，物联网、大数据等技术，对农业生产进行智能感知、智能预警、智能决策，精准使用水、肥、药，'),
    'zh-tw': ('http://www.upmedia.mg/news_info.php?SerialNo=83141',
        '（取自王婉諭臉書） 藝人吳宗憲日前錄製節目時稱罹患憂鬱症患者原因是「不知足」，引起廣大社會輿論嘩然。 時代力量立委王婉諭12日於臉書直批，憂鬱是每個人都會有的情緒，吳宗憲作為公眾人物，應該更自律、謹慎。 吳宗憲在主持節目《綜藝大熱門》中，對'),
    'ja': ('https://mainichi.jp/articles/20250114/k00/00m/030/335000c',
        'パレスチナ自治区ガザ地区のイスラム組織ハマスとイスラエルの停戦交渉を仲介しているカタールの外務省報道官は14日、「これまでで最も合意に近づいている」と語った。対立する双方ともに停戦合意の最終草案に同意しているとみられる。早期停戦を求めるトランプ次期米大統領の就任が20日に迫る中、停戦実現の期待が高まっている。'),
}

# (language, encoding the page is written in): no charset declared anywhere
UNDECLARED = [
    ("de", "cp1252"), ("fr", "cp1252"), ("es", "cp1252"), ("pt", "cp1252"), ("it", "cp1252"), ("da", "cp1252"),
    ("no", "cp1252"), ("sv", "cp1252"), ("fi", "cp1252"), ("ca", "cp1252"), ("sq", "cp1252"),
    ("en", "cp1252"), ("de", "iso-8859-1"), ("fr", "iso-8859-15"),
    ("pl", "cp1250"), ("pl", "iso-8859-2"), ("hu", "iso-8859-2"), ("hu", "cp1250"), ("hr", "cp1250"),
    ("ru", "cp1251"), ("ru", "koi8-r"), ("bg", "cp1251"), ("tr", "cp1254"), ("tr", "iso-8859-9"), ("ar", "cp1256"),
    ("ja", "shift_jis"), ("ja", "cp932"), ("ja", "euc-jp"), ("zh-cn", "gb18030"), ("zh-cn", "gbk"), ("zh-cn", "gb2312"),
    ("zh-tw", "big5"), ("ko", "euc-kr"), ("ko", "cp949"),
]


def html_page(text: str, lang: str | None = None, meta: str = "") -> str:
    lang_attr = f' lang="{lang}"' if lang else ""
    return (f"<!DOCTYPE html><html{lang_attr}><head>{meta}<title>{text[:40]}</title>"
            '<script>var x = 1; function f(a) { return a + 1; }</script><link rel="stylesheet" href="/s.css">'
            f'</head><body><nav><a href="/">Home</a></nav><article><h1>{text[:60]}</h1><p>{text}</p></article>'
            "<footer>(c) 2024</footer></body></html>")


def encodable(text: str, codec: str) -> str:
    return text.encode(codec, "ignore").decode(codec)


@pytest.mark.parametrize(("lang", "codec"), UNDECLARED)
def test_undeclared_legacy_encoding_is_detected(lang, codec):
    text = encodable(SENTENCES[lang][1], codec)
    assert not text.isascii()
    assert text in decode_html(html_page(text).encode(codec), "text/html")


@pytest.mark.parametrize(("lang", "codec"), [("th", "cp874"), ("ru", "cp1251"), ("pl", "iso-8859-2"), ("ja", "euc-jp")])
def test_the_declared_language_gives_its_legacy_encoding_a_head_start(lang, codec):
    text = encodable(SENTENCES[lang][1], codec)
    body = html_page(text, lang=lang.split("-")[0]).encode(codec)
    assert language_hint(body) == lang.split("-")[0]
    assert text in decode_html(body, None)


@pytest.mark.parametrize(("lang", "codec", "label"), [
    ("ru", "cp1251", "windows-1251"), ("ja", "shift_jis", "Shift_JIS"), ("zh-cn", "gb18030", "GB2312"),
    ("ko", "cp949", "EUC-KR"), ("pl", "iso-8859-2", "ISO-8859-2"), ("tr", "cp1254", "ISO-8859-9"),
])
def test_declared_charset_is_read_as_browsers_read_it(lang, codec, label):
    text = encodable(SENTENCES[lang][1], codec)
    assert text in decode_html(html_page(text).encode(codec), f"text/html; charset={label}")
    meta = f'<meta http-equiv="Content-Type" content="text/html; charset={label}">'
    assert text in decode_html(html_page(text, meta=meta).encode(codec), None)


def test_latin1_label_means_windows_1252():
    # typographic quotes and dashes live in 0x80-0x9f, which ISO-8859-1 gives to control characters
    text = SENTENCES["sv"][1] + " " + SENTENCES["es"][1]
    body = html_page(text, meta='<meta charset="iso-8859-1">').encode("cp1252")
    out = decode_html(body, None)
    assert text in out and "\x96" not in out


@pytest.mark.parametrize("lang", ["da", "pl", "ru", "ja"])
def test_utf8_bytes_are_utf8_whatever_the_label_says(lang):
    # sn.dk declares iso-8859-1 and serves UTF-8; wyborcza.pl declares iso-8859-2 and serves UTF-8
    text = SENTENCES[lang][1]
    body = html_page(text, meta='<meta http-equiv="content-type" content="text/html; charset=iso-8859-1" />').encode("utf-8")
    assert text in decode_html(body, "text/html; charset=iso-8859-2")


@pytest.mark.parametrize("lang", ["de", "fr", "sv"])
def test_declared_utf8_but_windows_1252_bytes(lang):
    text = SENTENCES[lang][1]
    body = html_page(text, meta='<meta charset="utf-8">').encode("cp1252")
    assert text in decode_html(body, "text/html; charset=utf-8")


def test_utf8_page_with_stray_windows_1252_bytes():
    # tierschutzpartei.de: a UTF-8 page with a few bytes pasted in from windows-1252
    text = SENTENCES["de"][1]
    body = html_page(text).encode("utf-8").replace("Um seine".encode(), b"\x84Um seine\x93")
    assert utf8_share(body) > 0.8
    out = decode_html(body, None)
    assert "„Um seine“" in out and "Österreich" in out and "religiösen" in out


@pytest.mark.parametrize(("stored", "meant"), [
    ("NPCÂ´s", "NPC´s"),  # the-pain.net
    ("fÃ¼r die Zukunft", "für die Zukunft"),
    ("Werben im Magazin â€žMensch Umwelt Tierâ€œ", "Werben im Magazin „Mensch Umwelt Tier“"),
    ("geworden â€“ erst im Oktober", "geworden – erst im Oktober"),
    ("scheiÃƒÅ¸ f", "scheiß f"),  # mangled twice
    ("ÐŸÑ€Ð¸Ð²ÐµÑ‚", "Привет"),
    ("Ð¾Ð±Ð»Ð°Ñ\u0081Ñ‚ÑŒ", "область"),  # 0x81 is undefined in windows-1252: read as U+0081
])
def test_utf8_read_as_windows_1252_and_stored_again_is_repaired(stored, meant):
    assert fix_mojibake(stored.encode("utf-8")).decode("utf-8") == meant
    assert meant in decode_html(html_page(stored).encode("utf-8"), None)


@pytest.mark.parametrize("text", [
    "Colonel Barry accusé pour « vol aggravé\u00a0» : vers la projection de la vidéo",  # guineenews.org
    "ÉTATS-UNIS • Élection présidentielle",
    "Ärger über Öl – Übersicht",
    "São Paulo © 2024 · Ação",
])
def test_real_text_is_not_taken_for_mojibake(text):
    assert fix_mojibake(text.encode("utf-8")).decode("utf-8") == text


def test_replacement_characters_in_the_source_become_a_space():
    # upton.wickedlocal.com serves U+FFFD where its own pipeline lost bytes
    body = html_page("WASHINGTON\ufffd\ufffd\ufffdThe\ufffdslim chances").encode("utf-8")
    out = decode_html(body, None)
    assert "\ufffd" not in out and "WASHINGTON The slim chances" in out


def test_byte_order_marks():
    text = SENTENCES["ru"][1]
    assert text in decode_html(codecs.BOM_UTF8 + html_page(text).encode("utf-8"), "text/html; charset=cp1251")
    assert text in decode_html(html_page(text).encode("utf-16"), None)


def test_ascii_fast_path():
    body = html_page("Nothing beyond ASCII here").encode("ascii")
    assert decode_html(body, None) == body.decode("ascii")


@pytest.mark.parametrize(("body", "content_type", "expected"), [
    (b'<meta charset="utf-8">', None, "utf-8"),
    (b'<meta http-equiv="Content-Type" content="text/html; charset=ISO-8859-1">', None, "cp1252"),
    (b"<p>x</p>", "text/html; charset=windows-1251", "cp1251"),
    (b'<meta charset="gb2312">', None, "gb18030"),
    (b'<meta charset="shift_jis">', None, "cp932"),
    (b'<meta charset="euc-kr">', None, "cp949"),
    (b'<meta charset="utf-16">', None, "utf-8"),  # read from ASCII-compatible bytes: cannot be UTF-16
    (b'<meta charset="utf-8">', "text/html; charset=koi8-r", "koi8-r"),  # the header wins
    (b'<meta charset="no-such-codec">', None, None),
    (b"<p>x</p>", None, None),
])
def test_declared_charset(body, content_type, expected):
    assert declared_charset(body, content_type) == expected


def test_guess_never_answers_utf8_and_defaults_to_windows_1252():
    assert guess_codec(b"<p>caf\xe9</p>") == "cp1252"


def _with_stray_dashes(body: bytes, n: int) -> tuple[bytes, str]:
    """``body`` with its first ``n`` " and " written " \\x96 and " (a windows-1252 dash pasted into UTF-8)."""
    return body.replace(b" and ", b" \x96 and ", n), body.decode("utf-8").replace(" and ", " \u2013 and ", n)


def test_declared_utf8_page_with_many_stray_bytes_keeps_its_utf8():
    """Real pages of the demo site (UTF-8, a few non-ASCII characters) with as many stray windows-1252 bytes
    as bytes in UTF-8 sequences: read as declared, only the stray bytes as windows-1252, not the page."""
    from pathlib import Path

    pages = [p.read_bytes() for p in sorted((Path(__file__).parent.parent / "newscrawl/demo/site").rglob("*.html"))]
    tried = 0
    for body in pages:
        high = len(body.translate(None, bytes(range(128))))
        strays = min(max(high // 2, 1), body.count(b" and "))
        if not high or strays < high // 3:
            continue
        dirty, want = _with_stray_dashes(body, strays)
        assert utf8_share(dirty) < 0.8  # below the share that reads stray bytes without a declaration
        assert decode_html(dirty, "text/html; charset=utf-8") == want
        tried += 1
    assert tried >= 3


def test_windows_1252_page_that_claims_utf8_is_still_read_as_windows_1252():
    text = SENTENCES["de"][1]
    body = html_page(text, meta='<meta charset="utf-8">').encode("cp1252")
    assert utf8_share(body) < 0.25 and text in decode_html(body, None)
