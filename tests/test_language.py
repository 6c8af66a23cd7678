"""Language of the clean text: real texts of the corpora in many languages."""
from __future__ import annotations

import pytest
from langdetect.detector import Detector

from newscrawl import language
from newscrawl.language import detect_language, iso639_1, sample

TEXTS = [  # (expected code, real text, page it comes from)
    ('de', 'Auch in Österreich stellt sich nun die Frage, wie die Antwort im Umgang mit religiösen Fanatikern aussehen soll – und wie groß das Problem der Radikalisierung tatsächlich ist Um seine Botschaft zu',
     'https://www.derstandard.at/story/3000000218734/nach-kalifat-rufen-in-hamburg-sind-wir-zu-sanft-zu-islamisten?ref=rss'),
    ('fr', 'La défiance est telle, selon elle, qu’elle joue en faveur de l’extrême droite. Sous les dorures du palais de l’Elysée, ils ont fait connaissance et mesuré l’étendue de leurs divergences idéologiques.',
     'https://www.lemonde.fr/politique/article/2023/08/30/sophie-binet-met-en-garde-emmanuel-macron-sur-la-gravite-de-la-situation-dans-le-pays_6187099_823448.html'),
    ('es', 'El encuentro está abordando “recabar apoyo internacional al reconocimiento del Estado palestino” de cara a la conferencia por la paz que se celebrará el 18 de junio en Nueva York, en el marco de',
     'https://www.eldiario.es/internacional/israel-asesina-sabado-58-palestinos-madrid-gana-fuerza-solucion-estados_1_12328678.html'),
    ('pt', 'Carlos: Estou aqui ao lado do Eugênio Tadeu, que já é de casa. Carlos: Daquele famoso vídeo em que apresentei o Rodapião. A gente agradece muito ao Carlos, ele divulgou bastante o trabalho do',
     'http://comoeducarseusfilhos.com.br/blog/uma-palinha-das-brincadeiras-musicais-do-grupo-serelepe/'),
    ('it', 'Questa regione non è significativa solo per la sicurezza degli Stati Uniti e del Canada, che sono membri del Comando della Difesa Aerospaziale del Nord America (Norad), ma ha anche un impatto',
     'https://www.ilgiornale.it/news/difesa/i-jet-russi-accendono-i-motori-norad-che-dispiega-aerei-nell-2432841.html'),
    ('ca', 'Aquesta tasca ha consistit fins ara a crear contingut, com ara enquestes, jocs i reptes sobre Valls, així com a compartir les iniciatives que entitats i veïnat vallenc han impulsat durant els primers',
     'https://www.elvallenc.cat/societat/vallsconfinat-continua-amb-mes-novetats/'),
    ('nl', 'De melding werd om 11:12 via het P2000 netwerk verzonden naar een dienstdoende ambulance behorend bij de 112 veiligheidsregio Haaglanden. Den Haag is een plaats in de provincie Zuid-Holland en valt',
     'http://alarmeringen.nl/zuid-holland/haaglanden/den-haag/34192126/p2000-ambulance-met-spoed-naar-hoge-zand-in-den-haag.html?utm_source=rss&utm_medium=nederland&utm_campaign=sharing'),
    ('da', 'Det er udgangspunktet for tilværelsen og for menuen i hendes nye restaurant i Guldsmedgade. Kaos og kreativitet krydret med lidt kærlighed. Stine Ilona Eilertzen sidder ved et af bordene i sin nye',
     'https://jyllands-posten.dk/jpaarhus/ECE17819867/hun-voksede-op-blandt-narkomaner-blottere-og-boernelokkere-jeg-synes-det-var-en-styrke/'),
    ('no', 'En norsk mann i 40-åra ble tidligere i år kjent skyldig i å ha utført groteske kroppsmodifikasjoner på flere andre menn i London. Nå har han blitt dømt til livstid i fengsel med en minstetid på 22',
     'https://www.dagbladet.no/nyheter/nordmann-domt-til-livstid/81348547'),
    ('sv', 'Polisen har nu inlett en särskild händelse. – Allmänhet har hittat kläder som kan tillhöra henne, säger Johan Håkansson från polisen. 18-åriga Hanna anmäldes som försvunnen i Uddevalla den 6 januari.',
     'https://www.aftonbladet.se/nyheter/a/Ard8wM/hanna-18-forsvunnen-i-uddevalla'),
    ('fi', 'Pimeään vuodenaikaan nukumme huonommin, syömme epäterveellisemmin ja tapaamme harvemmin muita ihmisiä. Terveyden ja hyvinvoinnin laitoksen (THL) tutkimusprofessori Timo Partonen on tutkinut, miten',
     'https://yle.fi/uutiset/3-11212601'),
    ('en', 'Yet even after the release of thousands of pages of court records in recent days, some questions about the millionaire pedophile remain unanswered. The documents have gotten a lot of attention, but',
     'https://www.9news.com.au/world/usa-jeffrey-epstein-documents-released-but-some-questions-remain-unanswered/141e61e9-8a07-42e4-a527-2f03f45e7ef0'),
    ('id', 'Dalam sambutannya, Ketua Dewan Pembina Yayasan Golden Nusantara, Almaraja Limbong, menyampaikan bahwa wisuda bukanlah akhir dari sebuah perjalanan, melainkan awal dari tanggung jawab yang lebih',
     'https://mediaindonesia.com/ekonomi/851796/dari-petani-hingga-pendidik-bangsa-begini-pesan-kuat-di-wisuda-igi-school-of-economics-jakarta-2025'),
    ('sw', 'Kamanda wa Jeshi la Polisi mkoani hapa, Janeth Magomi amesema hayo leo mbele ya waandishi wa habari nakueleza kuanza oparesheni hiyo iliyokuwa na lengo la kubaini na kuzuia uhalifu . Kamanda Magomi',
     'https://habarileo.co.tz/watu-18-wanaswa-kwa-makosa-mbalimbali-shinyanga/'),
    ('sq', 'Ata po ashtu nuk kanë respektuar vendimet e lëshuar nga Qeveria. “Njësitetet policore dhe inspektorët komunal në vendin e ngjarjes kanë gjetur dhe konfiskuar: një çelës të lokalit, 677 çipa për',
     'https://www.koha.net/kronike-e-zeze/233165/arrestohen-dy-persona-ne-peje-per-organizim-te-lojerave-te-fatit/'),
    ('pl', 'Był członkiem zarządu Airport Cleaning Service oraz rady nadzorczej Jelcza i ZEM Łabędy. O tym, że na stanowisku prezesa zarządu Grupy Lotos zasiądzie Paweł Jan Majewski, zdecydowała rada nadzorcza',
     'https://trojmiasto.wyborcza.pl/trojmiasto/7,35612,25651465,jest-nowy-prezes-grupy-lotos-ma-doswiadczenie-na-kierowniczych.html'),
    ('hu', '"Küzdöttél, de már nem lehet, a csend ölel át és a szeretet. " Mély fájdalommal tudatjuk, hogy MIHALA LÁSZLÓ ATTILA kecskeméti lakos, életének 78. 00 órakor lesz a széchenyivárosi Szentcsalád',
     'https://www.baon.hu/eletstilus/gyogyulas-utan-is-kiserheti-kronikus-faradtsag-es-poszttraumas-stressz-a-koronavirust-2928554/'),
    ('hr', 'Petrović je ovu informaciju potvrdio na svom Facebook profilu. - Dragi prijatelji, želim da vas obavijestim da sam i ja "zakačio" koronavirus, pošast s kojom se bori cijeli svijet. Čuvajte sebe i',
     'https://avaz.ba/kantoni/republika-srpska/604722/generalni-direktor-eprs-pozitivan-na-koronavirus'),
    ('tr', 'Ankara Bakan Uraloğlu, yazılı açıklamasında, elektrikli araç üretiminin ve bu araçlara talebin artmasıyla ülke genelinde şarj altyapısının da hızla büyüdüğünü belirtti. Uraloğlu, elektrikli araç',
     'https://www.aa.com.tr/tr/ekonomi/turkiyede-elektrikli-arac-sarj-istasyonu-sayisi-11-bini-asti/3529015'),
    ('ru', 'Но оказалось, что главная интрига содержалась в самом конце, когда лидеры двух стран уже зачитали свои неизбежные заявления. В то время как все в этот день были маниакально озабочены добычей',
     'https://www.kommersant.ru/doc/7715044'),
    ('bg', 'Това се случи в резултат на реализиран проект, финансиран от Фонд “Социална закрила“ към Министерството на труда и социалната политика. Осигурените по проекта девет преносими компютри с лицензиран',
     'https://www.actualno.com/haskovo/obshtina-haskovo-osiguri-komputri-i-tableti-na-deca-v-socialni-obshtejitija-news_1509983.html'),
    ('ar', 'وأوضح الدكتور خالد مجاهد، المتحدث الرسمي للوزارة، أن الحالات الجديدة التي ثبتت إيجابيتها لفيروس كورونا المستجد، اليوم، جميعها من المصريين المخالطين للحالات الإيجابية التي تم اكتشافها والإعلان عنها مسب',
     'https://arabic.sputniknews.com/arab_world/202003171044893040-%D9%85%D8%B5%D8%B1-%D8%AA%D8%B3%D8%AC%D9%84-30-%D8%A5%D8%B5%D8%A7%D8%A8%D8%A9-%D8%AC%D8%AF%D9%8A%D8%AF%D8%A9-%D9%88%D8%AD%D8%A7%D9%84%D8%AA%D9%8A-%D9%88%D9%81%D8%A7%D8%A9-%D8%A8%D9%81%D9%8A%D8%B1%D9%88%D8%B3-%D9%83%D9%88%D8%B1%D9%88%D9%86%D8%A7/'),
    ('fa', '» در ادامه بیانیه، میتوان دریافت که زیرآبی رفتن برخی نمایندگان مجلس در چهار سال گذشته و نداشتن فعالیت جناحی در صحن علنی، در حالی که در انتخابات ۹۴ با لیست اصلاحطلبان وارد مجلس شدند، از دلایل اصلی لیست',
     'https://www.khabaronline.ir/news/1353889/تحلیل-روزنامه-اصولگرا-از-دعوت-اصلاح-طلبان-به-حضور-مردم-در-انتخابات'),
    ('hi', '8 प्रतिशत गिरावट की तुलना में कम है। वित्त वर्ष 2019-20 के पहले 10 महीने के दौरान निर्यात में गिरावट का रुख है। जनवरी तक कुल निर्यात 265. 3 अरब रुपये रहा, जो पिछले वित्त वर्ष की समान अवधि की तुलना में',
     'https://hindi.business-standard.com//storypage.php?autono=166607'),
    ('th', 'ผู้ผลิต และจำหน่ายโซ่อุตสาหกรรมทุกประเภท ทุกชนิด ผู้ผลิต และจำหน่ายโซ่อุตสาหกรรมทุกประเภท ทุกชนิด Blog Article โซ่พลาสติกนิยมใช้ในการกั้นเขตผลิตจากวัสดุพลาสติกคุณภาพดี ทนทานต่อแรงดึงกระชาก มีทนทาน ประ',
     'http://auto-door16814.ttblogs.com/2028064/%E0%B8%9C-%E0%B8%9C%E0%B8%A5-%E0%B8%95-%E0%B9%81%E0%B8%A5%E0%B8%B0%E0%B8%88%E0%B8%B3%E0%B8%AB%E0%B8%99-%E0%B8%B2%E0%B8%A2%E0%B9%82%E0%B8%8B-%E0%B8%AD-%E0%B8%95%E0%B8%AA%E0%B8%B2%E0%B8%AB%E0%B8%81%E0%B8%A3%E0%B8%A3%E0%B8%A1%E0%B8%97-%E0%B8%81%E0%B8%9B%E0%B8%A3%E0%B8%B0%E0%B9%80%E0%B8%A0%E0%B8%97-%E0%B8%97-%E0%B8%81%E0%B8%8A%E0%B8%99-%E0%B8%94'),
    ('ko', '그건 이 사안을 두고 벌어진 엘제이와 류화영의 진실공방이 어떤 결론을 내더라도 잘못된 일이다. 타인의 동의를 구하지 않고 일방적으로 두 사람의 관계를 담은 사진을 SNS에 공개한다는 건 분명한 사생활 침해이고, 나아가 ‘리벤지’의 성격을 가진 SNS 폭로로 여겨지기 때문이다. 그래서 처음 이러한 사진 공개에 대한 대중들의 반응은 엘제이의 행동에 대한 비난으',
     'http://entermedia.co.kr/news/news_view.html?idx=8576&page=1&bc=03&mc=08&find=&sch_date='),
    ('zh', '为了上网推介、售卖家乡特产，安化县一块花生地里正录制视频 李尕 摄 “数字”赋能农业 无土栽培、立体种植、智能调控、四季生产……在益阳一个智慧农业园区里，物联网、大数据等技术，对农业生产进行智能感知、智能预警、智能决策，精准使用水、肥、药，赋予农产品一张张“身份证”“体检单”。 在“益村”售卖平台上，村民只需拍几张照片，编辑小段文字，就可把家里种的稻谷，养的鸡鸭鱼，做的手工粉等产品挂上网卖钱。 益',
     'http://www.banyuetan.org/jmcs/detail/20200102/1000200033136171577956287380194268_1.html'),
    ('ja', 'パレスチナ自治区ガザ地区のイスラム組織ハマスとイスラエルの停戦交渉を仲介しているカタールの外務省報道官は14日、「これまでで最も合意に近づいている」と語った。対立する双方ともに停戦合意の最終草案に同意しているとみられる。早期停戦を求めるトランプ次期米大統領の就任が20日に迫る中、停戦実現の期待が高まっている。',
     'https://mainichi.jp/articles/20250114/k00/00m/030/335000c'),
]


@pytest.mark.parametrize(("code", "text", "source"), TEXTS, ids=[t[0] for t in TEXTS])
def test_language_of_real_text(code, text, source):
    got, score = detect_language(text, None)
    assert got == code
    assert 0.5 < score <= 1.0


@pytest.mark.parametrize(("code", "text", "source"), TEXTS[:6], ids=[t[0] for t in TEXTS[:6]])
def test_the_text_outweighs_a_wrong_declaration(code, text, source):
    # Zulu pages of ilanganews.co.za declare "en"; what the text says wins
    assert detect_language(text, "en" if code != "en" else "de")[0] == code


@pytest.mark.parametrize(("text", "declared", "expected"), [
    ("Foto: Agencije", "bs", "bs"),  # avaz.ba: too short to tell
    ("Nordmann dømt til livstid", "nb-NO", "nb"),
    ("ZDFheute", "de-DE", "de"),
    ("", "deu", "de"),
    (None, "fil", "tl"),
    ("Kurz.", None, None),
    ("Kurz.", "x-klingon", None),
])
def test_short_text_takes_the_declared_language(text, declared, expected):
    assert detect_language(text, declared) == (expected, None)


@pytest.mark.parametrize(("text", "declared", "expected"), [
    # dagbladet.no declares nb; langdetect knows Norwegian as "no"
    ("Nord-Korea fordømte USAs angrep på Venezuela der Maduro ble tatt til fange. En norsk mann i 40-åra ble "
     "tidligere i år kjent skyldig i å ha utført groteske kroppsmodifikasjoner på flere andre menn i London.", "nb", "nb"),
    # avaz.ba declares bs; langdetect has no Bosnian and answers "hr"
    ("Petrović je ovu informaciju potvrdio na svom Facebook profilu. - Dragi prijatelji, želim da vas obavijestim "
     "da sam i ja zakačio koronavirus, pošast s kojom se bori cijeli svijet.", "bs", "bs"),
    # outside a family the declaration does not bend the answer
    ("Petrović je ovu informaciju potvrdio na svom Facebook profilu. - Dragi prijatelji, želim da vas obavijestim "
     "da sam i ja zakačio koronavirus, pošast s kojom se bori cijeli svijet.", "sl", "hr"),
])
def test_the_declaration_decides_within_a_family_the_detector_confuses(text, declared, expected):
    assert detect_language(text, declared)[0] == expected


@pytest.mark.parametrize(("code", "expected"), [
    ("zh-cn", "zh"), ("zh-tw", "zh"), ("de-AT", "de"), ("en_GB", "en"), ("deu", "de"), ("ger", "de"),
    ("nob", "nb"), ("iw", "he"), ("EN", "en"), ("x-default", None), ("", None), (None, None), ("haw", None),
])
def test_iso639_1(code, expected):
    assert iso639_1(code) == expected


def test_the_same_text_gives_the_same_answer():
    text = TEXTS[0][1] * 3
    assert detect_language(text, None) == detect_language(text, None)


def test_sample_is_bounded_and_cut_at_a_space():
    text = " ".join([TEXTS[0][1]] * 20)
    head = sample(text)
    assert len(head) <= language.SAMPLE_CHARS and text.startswith(head) and text[len(head)] == " "
    assert sample("short text") == "short text"


@pytest.mark.parametrize(("code", "text", "source"), TEXTS, ids=[t[0] for t in TEXTS])
def test_fast_ngram_extraction_equals_langdetects(code, text, source):
    factory = language._factory()
    ours, theirs = language._Detector(factory), Detector(factory)
    for d in (ours, theirs):
        d.append(text + " ÉTATS-UNIS, São Paulo; URL http://x.test/a?b=c mail a@b.test")
        d.cleaning_text()
    assert ours._extract_ngrams() == theirs._extract_ngrams()
